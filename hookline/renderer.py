"""A turn, rendered for every surface from one place: the chat's script card, the .md document,
the JSON document (the chat's export and `hookline draft --json` alike).

The chat reply text itself is the agent's (agent/render.py); everything here starts from the
same `TurnResult` and its numbered citations, so the CLI and the chat cannot disagree.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from agent.schemas import TurnResult

PART_LABELS = {"hook": "Hook", "selling point": "Selling point", "call to action": "Call to action"}


def _citation_numbers(evidence: Iterable[str], numbers: Mapping[str, int]) -> list[int]:
    seen: list[int] = []
    for item_id in evidence:
        number = numbers.get(item_id)
        if number is not None and number not in seen:
            seen.append(number)
    return seen


def script_card_props(result: TurnResult, *, brand: str | None = None, approved: bool = False) -> dict[str, Any]:
    """Props for public/elements/ScriptCard.jsx from a TurnResult that has a draft."""
    draft = result.draft
    assert draft is not None, "a script card needs a draft"
    numbers = {citation.id: citation.number for citation in result.citations}
    parts = []
    for name, part in draft.parts():
        label = PART_LABELS.get(name, name.capitalize())
        parts.append({"label": label, "text": part.text, "citations": _citation_numbers(part.evidence, numbers),
                      "support": part.support, "flagged": part.flagged})
    check = result.brand_check or {}
    return {
        "angle": draft.angle,
        "parts": parts,
        "onScreenText": list(draft.on_screen_text),
        "durationS": draft.duration_s,
        "brand": brand,
        "brandScore": check.get("score"),
        "findings": [_finding_text(finding) for finding in check.get("findings", [])][:5],
        "suggestions": [str(suggestion) for suggestion in check.get("suggestions", [])][:3],
        "citations": [
            {"number": c.number, "id": c.id, "kind": c.kind, "text": c.text, "sourceId": c.source_id, "detail": c.detail}
            for c in result.citations
        ],
        "assumptions": list(result.assumptions),
        "approved": approved,
        "streaming": False,
    }


def review_lines(notes: list[str]) -> str:
    """The review as a short list for a person: what was fixed, what needs their eye."""
    shown = []
    for note in notes:
        if note.startswith("Check: "):
            shown.append(f"- Needs your eye: {note.removeprefix('Check: ')}")
        else:
            shown.append(f"- {note}")
    return "\n".join(shown)


def _script_order(name: str) -> tuple[int, int]:
    """hook, selling point, beats by number, call to action: the order a script is read in."""
    if name.startswith("beat"):
        return 2, int(name.split()[-1]) if name.split()[-1].isdigit() else 0
    return {"hook": (0, 0), "selling point": (1, 0), "call to action": (3, 0)}.get(name, (4, 0))


def partial_card_props(parts: list[Any]) -> dict[str, Any]:
    """Props for the ScriptCard while the script is being written: the parts done so far (PartEvents), in the order the
    script reads (the call to action is written before the beats, see agent/drafting/writer.py)."""
    shown = [{"label": PART_LABELS.get(part.name, part.name.capitalize()), "text": part.text, "citations": [],
              "support": part.support, "flagged": part.flagged}
             for part in sorted(parts, key=lambda part: _script_order(part.name))]
    return {"angle": "Writing your script…", "parts": shown, "onScreenText": [], "durationS": None, "brand": None,
            "brandScore": None, "findings": [], "suggestions": [], "citations": [], "assumptions": [], "approved": False,
            "streaming": True}


def _finding_text(finding: Any) -> str:
    if isinstance(finding, Mapping):
        message = str(finding.get("message") or finding.get("text") or "")
        evidence = finding.get("evidence")
        return f"{message} ({evidence})" if evidence and isinstance(evidence, str) else message
    return str(finding)


def draft_markdown(result: TurnResult, *, brand: str | None = None) -> str:
    """The script as a Markdown document (the .md export)."""
    props = script_card_props(result, brand=brand)
    lines = [f"# {props['angle']}", ""]
    facts = [f"about {props['durationS']} s spoken"]
    if brand:
        facts.append(f"brand: {brand}")
    if props["brandScore"] is not None:
        facts.append(f"brand score {props['brandScore']}/100")
    lines += ["_" + " · ".join(facts) + "_", ""]
    beats = [part for part in props["parts"] if part["label"].startswith("Beat")]
    for part in props["parts"]:
        marks = "".join(f"[{n}]" for n in part["citations"])
        text = f"{part['text']} {marks}".rstrip()
        if part["label"].startswith("Beat"):
            if part is beats[0]:
                lines += ["## Beats", ""]
            lines.append(f"{beats.index(part) + 1}. {text}")
            if part is beats[-1]:
                lines.append("")
        else:
            lines += [f"## {part['label']}", "", text, ""]
    if props["onScreenText"]:
        lines += ["## On-screen text", "", *(f"- {line}" for line in props["onScreenText"]), ""]
    if props["citations"]:
        lines += ["## Sources", ""]
        for citation in props["citations"]:
            where = f"{citation['kind']} {citation['sourceId']}".strip()
            detail = f" ({citation['detail']})" if citation["detail"] else ""
            lines.append(f"[{citation['number']}] {where}: \u201c{citation['text']}\u201d{detail}")
        lines.append("")
    if props["assumptions"]:
        lines += ["## Assumptions", "", *(f"- {item}" for item in props["assumptions"]), ""]
    return "\n".join(lines).rstrip() + "\n"


def turn_document(result: TurnResult, *, brand: str | None = None, angles_offered: list[str] | None = None) -> dict[str, Any]:
    """The one JSON shape of a turn (`hookline draft --json` and the chat's .json export):
    `{"questions": [...]}`, or the brief, the draft, its angle, citations, brand check, assumptions and review.

    Each draft part carries `text`, `evidence` and `support` (0-1, checked in code; null when it was shown no
    evidence); each citation `number` (the [n] in the text) and `id` (the evidence id the parts cite).
    """
    if result.questions:
        return {"questions": [question.model_dump(mode="json") for question in result.questions]}
    draft = result.draft
    angle = None
    if draft is not None:
        angle = {"text": draft.angle, "evidence": draft.angle_evidence, "reason": draft.angle_reason,
                 "offered": angles_offered or []}
    return {
        "brand": brand or (result.brief.brand if result.brief else None),
        "angle": angle,
        "brief": result.brief.model_dump(mode="json") if result.brief else None,
        "draft": draft.model_dump(mode="json") | {"duration_s": draft.duration_s} if draft else None,
        "citations": [citation.model_dump(mode="json") for citation in result.citations],
        "brand_check": result.brand_check,
        "assumptions": list(result.assumptions),
        "review": list(result.review_notes),
        "text": result.text,
    }


def draft_json(result: TurnResult, *, brand: str | None = None, angles_offered: list[str] | None = None) -> str:
    """`turn_document` as JSON text (the .json export, and what `hookline draft --json` prints)."""
    return json.dumps(turn_document(result, brand=brand, angles_offered=angles_offered), indent=2, ensure_ascii=False) + "\n"
