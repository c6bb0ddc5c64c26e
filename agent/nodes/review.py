"""review: the brand check and a grounding check; one revision round when either fails.

Before any check, what code can fix for the brand is fixed (an avoided word the kit gives an
alternative for, emoji, hashtags, exclamation marks), so a revision is asked only for what
needs the model. After the revision, whatever is still wrong is repaired in code (unknown
ids dropped, unsupported links cut) and said in the notes, so a bad draft never goes out silently.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import AgentContext, context_of
from agent.events import StatusEvent
from agent.safety import strip_links, unsupported_links
from agent.schemas import ScriptDraft, ScriptPart
from agent.state import AgentState

MAX_REVISIONS = 1


def grounding_problems(draft: ScriptDraft, known_ids: set[str]) -> list[str]:
    problems = []
    for name, part in draft.parts():
        invalid = [item for item in part.evidence if item not in known_ids]
        if invalid:
            problems.append(f"The {name} cites ids that do not exist: {', '.join(invalid)}. Cite only listed ids.")
        if known_ids and not any(item in known_ids for item in part.evidence):
            problems.append(f"The {name} cites no evidence. Add the id of the comment or post it rests on.")
    return problems


def _repair(draft: ScriptDraft, known_ids: set[str], links: list[str]) -> ScriptDraft:
    def fix(part: ScriptPart) -> ScriptPart:
        return ScriptPart(text=strip_links(part.text, links), evidence=[i for i in part.evidence if i in known_ids])

    return draft.model_copy(
        update={
            "hook": fix(draft.hook),
            "selling_point": fix(draft.selling_point),
            "beats": [fix(beat) for beat in draft.beats],
            "call_to_action": fix(draft.call_to_action),
            "on_screen_text": [strip_links(text, links) for text in draft.on_screen_text],
        }
    )


def draft_texts(draft: ScriptDraft) -> list[str]:
    """Every text of a draft, in the order `brand_fixed` reads them back."""
    return [part.text for _name, part in draft.parts()] + list(draft.on_screen_text)


def brand_fixed(draft: ScriptDraft, fixed: tuple[list[str], list[str]]) -> tuple[ScriptDraft, list[str]]:
    texts, changes = fixed
    if not changes:
        return draft, []
    parts = iter(texts)

    def part(original: ScriptPart) -> ScriptPart:
        return ScriptPart(text=next(parts), evidence=original.evidence)

    hook, selling_point = part(draft.hook), part(draft.selling_point)
    beats = [part(beat) for beat in draft.beats]
    call_to_action = part(draft.call_to_action)
    update = {"hook": hook, "selling_point": selling_point, "beats": beats, "call_to_action": call_to_action,
              "on_screen_text": list(parts)}
    return draft.model_copy(update=update), changes


def review_draft(state: AgentState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    ctx = context_of(runtime)
    draft = state.draft
    assert draft is not None, "review runs after draft"
    ctx.on_event(StatusEvent("Checking brand and citations"))
    has_kit = bool(state.brand and ctx.brands.exists(state.brand))
    fixes: list[str] = []
    if has_kit:
        draft, fixes = brand_fixed(draft, ctx.brands.fix(str(state.brand), draft_texts(draft)))
    known_ids = {item.id for item in state.evidence}
    problems = grounding_problems(draft, known_ids)

    trusted = state.request + (" " + ctx.brands.summary(str(state.brand)) if has_kit else "")
    links = unsupported_links(draft.spoken_text() + " " + " ".join(draft.on_screen_text), trusted)
    if links:
        problems.append(f"Remove links or handles nobody asked for: {', '.join(links)}.")

    brand_check = None
    if has_kit:
        brand_check = ctx.brands.check(str(state.brand), draft.spoken_text() + "\n" + "\n".join(draft.on_screen_text))
        for finding in brand_check.get("findings", []):
            if finding.get("severity") == "error" or finding.get("kind") == "copied_example":
                problems.append(f"Brand: {finding.get('message')}")
        if any(finding.get("severity") == "error" for finding in brand_check.get("findings", [])):
            # The kit's own alternatives ("Replace “utilize” with “use”.") tell the model how to fix a word.
            problems += [f"Brand: {tip}" for tip in brand_check.get("suggestions", []) if tip.startswith("Replace ")]

    if problems and state.revisions < MAX_REVISIONS:
        return {
            "revision_request": "\n".join(f"- {problem}" for problem in problems),
            "revisions": state.revisions + 1,
            "review_notes": problems,
            "brand_check": brand_check,
        }
    notes = [f"Fixed in revision: {note}" for note in state.review_notes if note not in problems] if state.revisions else []
    notes += [f"Fixed in code for the brand: {change}" for change in fixes]
    if problems:
        draft = _repair(draft, known_ids, links)
        notes += [f"Still open after revision (repaired where possible): {problem}" for problem in problems]
    return {"draft": draft, "review_notes": notes, "brand_check": brand_check, "revision_request": ""}
