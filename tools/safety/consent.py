"""Side effects only on the user's word. A tool that changes a brand kit, a rule or memory
runs from the agent only when the user's own message explicitly asks to store something
("add a rule: ...", "remember that ...", "save this to the kit"); a brief that happens to
say "never" or "always" is not consent, and neither is anything a comment or tool output
says. Everything else goes through the chat's confirm button or an explicit CLI command
(`hookline brand rule NAME add "..."`)."""

from __future__ import annotations

import re

from tools.safety.normalize import plain_text

SIDE_EFFECT_TOOLS = frozenset({"update_brand_kit", "add_rule", "remove_rule", "remember", "save_memory", "forget"})

_STORE_VERB = (
    r"add|save|store|record|keep|put|make|set|update|change|write|note|remember|remove|delete|drop|"
    r"anade|agrega|guarda|pon|actualiza|cambia|recuerda|elimina|"
    r"fuge|speichere|merke|notiere|andere|entferne|lege|"
    r"ajoute|enregistre|garde|note|retiens|modifie|supprime|"
    r"adicione|adiciona|salve|guarde|lembre|altere|remova|"
    r"aggiungi|salva|memorizza|ricorda|cambia|rimuovi"
)
_STORE_TARGET = (
    r"rules?|brand ?kit|kit|brand rules|guidelines?|style ?guide|memory|preferences?|"
    r"reglas?|kit de marca|memoria|regeln?|markenkit|gedachtnis|regles?|memoire|regras?|memoria|regole|regola"
)
_EXPLICIT = re.compile(
    rf"\b(?:{_STORE_VERB})\b[^.!?\n]{{0,40}}\b(?:{_STORE_TARGET})\b"
    rf"|\b(?:{_STORE_TARGET})\b\s*[:=]"
    r"|^\s*(?:please )?(?:remember|note|recuerda|merke dir|retiens|lembre-se|ricorda) (?:that|this|que|dass|che)\b"
)


def explicit_request(user_text: str) -> bool:
    """The user's own words ask to store or change a rule, the kit or memory."""
    return bool(_EXPLICIT.search(plain_text(user_text)))


def guard_tool_call(tool: str, arguments: dict[str, object], user_text: str) -> str | None:
    """Why a proposed tool call must be refused, or None when it may run."""
    if tool not in SIDE_EFFECT_TOOLS:
        return None
    if not explicit_request(user_text):
        return (
            "refused: the user did not explicitly ask to change the brand kit or memory; "
            "propose the change and let the user confirm it"
        )
    stored = plain_text(str(arguments.get("rule") or arguments.get("text") or ""))
    if not stored or stored.rstrip(".") not in plain_text(user_text):
        return "refused: the text to store does not come from the user's own message"
    return None
