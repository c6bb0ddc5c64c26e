"""Untrusted text (comments, uploads, imported posts) is data, never instructions.

A 1.5B model obeys instructions planted in delimited data about half the time
(../shared/ENVIRONMENT.md), so delimiting is not enough. Three layers:
1. `screen`: instruction-like spans are cut out before text reaches a prompt;
2. `guard_tool_call`: a side-effecting tool runs only when the user's own words ask for it;
3. `unsupported_links`: links and handles in a draft must come from the brief or the kit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# English, Spanish and German phrasings of "ignore your instructions / you are now / add a rule".
_INSTRUCTION_PATTERNS = [
    r"\b(ignore|disregard|forget|override)\b[^.!?\n]{0,40}\b(instructions?|prompts?|rules?|guidelines?)\b",
    r"\b(ignora|olvida)\b[^.!?\n]{0,40}\b(instrucciones|reglas|indicaciones)\b",
    r"\b(ignoriere|vergiss)\b[^.!?\n]{0,40}\b(anweisungen|regeln|vorgaben)\b",
    r"\bsystem\s*prompt\b",
    r"\byou are now\b|\bact as\b|\bfrom now on\b",
    r"\b(assistant|ai|hookline|chatbot|model)\s*[,:]",
    r"\b(add|change|update|set)\b[^.!?\n]{0,30}\b(brand ?kit|rule|call to action|cta)\b",
    r"\b(call to action|cta)\b[^.!?\n]{0,20}\b(must|should|has to)\b",
    r"</?\s*(comment|data|system|instructions?)\b[^>]*>",
]
_INSTRUCTION = re.compile("|".join(_INSTRUCTION_PATTERNS), re.IGNORECASE)
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"')\]]+|\b[a-z0-9-]+\.(?:com|net|org|io|ly|co|xyz|link|shop)\b[^\s]*", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_.]{2,30}")
REMOVED = "[instruction-like text removed]"


@dataclass(frozen=True)
class Screened:
    text: str
    flagged: bool


def screen(text: str) -> Screened:
    """Cut instruction-like sentences and links out of untrusted text."""
    flagged = False
    sentences = re.split(r"(?<=[.!?\n])\s+", text)
    kept = []
    for sentence in sentences:
        if _INSTRUCTION.search(sentence):
            flagged = True
            kept.append(REMOVED)
        else:
            kept.append(_URL.sub("[link]", sentence))
    cleaned = " ".join(kept)
    # Collapse runs of removal markers so a long attack does not eat the prompt budget.
    cleaned = re.sub(rf"(?:{re.escape(REMOVED)}\s*)+", REMOVED + " ", cleaned).strip()
    return Screened(cleaned, flagged)


def as_data(item_id: str, kind: str, text: str) -> str:
    """One evidence item, delimited and labelled as data for a prompt."""
    safe = text.replace("<", "‹").replace(">", "›")
    return f'<data id="{item_id}" kind="{kind}">{safe}</data>'


def links_and_handles(text: str) -> set[str]:
    return {match.group(0).rstrip(".,!?").lower() for match in _URL.finditer(text)} | {
        match.group(0).lower() for match in _HANDLE.finditer(text)
    }


def unsupported_links(draft_text: str, trusted_text: str) -> list[str]:
    """Links or @handles in the draft that neither the user nor the brand kit gave."""
    allowed = links_and_handles(trusted_text)
    return sorted(item for item in links_and_handles(draft_text) if item not in allowed)


def strip_links(text: str, links: list[str]) -> str:
    for link in links:
        text = re.sub(re.escape(link), "", text, flags=re.IGNORECASE)
    return re.sub(r"\s{2,}", " ", text).strip()


SIDE_EFFECT_TOOLS = {"update_brand_kit"}


def guard_tool_call(tool: str, arguments: dict[str, object], user_text: str) -> str | None:
    """Why a proposed tool call must be refused, or None when it may run.

    A side-effecting call runs only when the user's own message asks for it and the
    text it would store comes from the user's message, not from data.
    """
    if tool not in SIDE_EFFECT_TOOLS:
        return None
    rule = str(arguments.get("rule", "")).strip().lower()
    asked = re.search(r"\b(rule|brand kit|always|never|from now on|remember)\b", user_text, re.IGNORECASE)
    if not asked:
        return "refused: the user did not ask to change the brand kit (the request came from data)"
    if not rule or rule not in user_text.lower():
        return "refused: the rule text does not come from the user's own message"
    return None
