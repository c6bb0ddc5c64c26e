"""review: what code can fix for the brand is fixed, the brand check runs on the finished draft, and the notes
are written for a person: what was fixed, what still needs their eye (never the model's instructions).

The per-part checks (support, repetition, copying, promise, language, duration) ran while drafting
(agent/drafting/writer.py); review only collects what they found.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import AgentContext, context_of
from agent.events import StatusEvent
from agent.schemas import ScriptDraft, ScriptPart
from agent.state import AgentState

FIXED = "Fixed: "
CHECK = "Check: "
NO_DATA = "No audience data is imported, so this draft cites nothing. Import comments or posts (`hookline import`) to ground it."


def draft_texts(draft: ScriptDraft) -> list[str]:
    """Every text of a draft, in the order `brand_fixed` reads them back."""
    return [part.text for _name, part in draft.parts()] + list(draft.on_screen_text)


def brand_fixed(draft: ScriptDraft, fixed: tuple[list[str], list[str]]) -> tuple[ScriptDraft, list[str]]:
    texts, changes = fixed
    if not changes:
        return draft, []
    parts = iter(texts)

    def part(original: ScriptPart) -> ScriptPart:
        return original.model_copy(update={"text": next(parts)})

    hook, selling_point = part(draft.hook), part(draft.selling_point)
    beats = [part(beat) for beat in draft.beats]
    call_to_action = part(draft.call_to_action)
    update = {"hook": hook, "selling_point": selling_point, "beats": beats, "call_to_action": call_to_action,
              "on_screen_text": list(parts)}
    return draft.model_copy(update=update), changes


def _brand_open(brand_check: dict[str, Any]) -> list[str]:
    notes = []
    for finding in brand_check.get("findings", []):
        if finding.get("severity") == "error" or finding.get("kind") == "copied_example":
            notes.append(f"brand: {finding.get('message')}")
    return notes


def review_draft(state: AgentState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    ctx = context_of(runtime)
    draft = state.draft
    assert draft is not None, "review runs after draft"
    ctx.on_event(StatusEvent("Checking the draft against the brand"))
    has_kit = bool(state.brand and ctx.brands.exists(state.brand))
    fixes: list[str] = []
    brand_check = None
    if has_kit:
        draft, fixes = brand_fixed(draft, ctx.brands.fix(str(state.brand), draft_texts(draft)))
        brand_check = ctx.brands.check(str(state.brand), draft.spoken_text() + "\n" + "\n".join(draft.on_screen_text))

    notes = [FIXED + note for note in state.draft_fixed]
    notes += [FIXED + f"for the brand, {change}" for change in fixes]
    notes += [CHECK + note for note in state.draft_open]
    if brand_check is not None:
        notes += [CHECK + note for note in _brand_open(brand_check)]
    if state.left_out:
        notes.append(CHECK + f"left out {', '.join(state.left_out)}: the safety screen found instructions or links in "
                             "them, so they are never cited")
    if not any(item.kind in ("comment", "post", "insight") for item in state.evidence):
        notes.append(NO_DATA)
    return {"draft": draft, "review_notes": notes, "brand_check": brand_check, "revision_request": ""}
