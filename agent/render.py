"""Renders results as Markdown: drafts with [n] citations that resolve to quotes, and research tables."""

from __future__ import annotations

from agent.schemas import Citation, EvidenceItem, ScriptDraft, ScriptPart


def number_citations(draft: ScriptDraft, evidence: list[EvidenceItem]) -> list[Citation]:
    """[n] numbers in order of first use in the script."""
    by_id = {item.id: item for item in evidence}
    citations: list[Citation] = []
    for _name, part in draft.parts():
        for item_id in part.evidence:
            if item_id in by_id and all(c.id != item_id for c in citations):
                item = by_id[item_id]
                citations.append(
                    Citation(number=len(citations) + 1, id=item.id, kind=item.kind, text=item.text,
                             source_id=item.source_id, detail=item.detail, reading=draft.readings.get(item.id, ""))
                )
    return citations


def _marks(part: ScriptPart, citations: list[Citation]) -> str:
    numbers = [c.number for c in citations if c.id in part.evidence]
    return "".join(f"[{n}]" for n in numbers)


def _line(label: str, part: ScriptPart, citations: list[Citation]) -> str:
    flag = " ⚠" if part.flagged else ""
    return f"{label}{part.text} {_marks(part, citations)}".rstrip() + flag


def render_draft(
    draft: ScriptDraft,
    citations: list[Citation],
    *,
    brand_check: dict | None,
    assumptions: list[str],
    notes: list[str],
) -> str:
    angle_why = f" ({draft.angle_reason})" if draft.angle_reason else ""
    lines = [f"**Angle:** {draft.angle}{angle_why}", ""]
    lines.append(_line("**Hook:** ", draft.hook, citations))
    lines.append(_line("**Selling point:** ", draft.selling_point, citations))
    lines.append("**Beats:**")
    for index, beat in enumerate(draft.beats, start=1):
        lines.append(_line(f"{index}. ", beat, citations))
    lines.append(_line("**Call to action:** ", draft.call_to_action, citations))
    if draft.on_screen_text:
        lines.append("**On screen:** " + " / ".join(draft.on_screen_text))
    asked = f" (you asked for {draft.target_seconds} s)" if draft.target_seconds else ""
    lines.append(f"**Duration:** about {draft.duration_s} s spoken{asked}")
    if draft.language:
        from agent.drafting.language import NAMES

        lines.append(f"**Language:** {NAMES.get(draft.language, draft.language)}, because {draft.language_reason}")
    if brand_check is not None:
        lines.append(f"**Brand score:** {brand_check.get('score')}/100")
    if citations:
        lines += ["", "**Sources**"]
        for citation in citations:
            detail = f" ({citation.detail})" if citation.detail else ""
            lines.append(f"[{citation.number}] {citation.kind} {citation.source_id}: \"{citation.text[:220]}\"{detail}")
            if citation.reading:
                lines.append(f"   ↳ read as: “{citation.reading}”")
    if assumptions:
        lines += ["", "**What I assumed:** " + "; ".join(assumptions)]
    fixed = [note.removeprefix("Fixed: ") for note in notes if note.startswith("Fixed: ")]
    check = [note.removeprefix("Check: ") for note in notes if note.startswith("Check: ")]
    other = [note for note in notes if not note.startswith(("Fixed: ", "Check: "))]
    if fixed or check or other:
        lines += ["", "**Review**"]
        lines += [f"- Fixed: {note}" for note in fixed]
        lines += [f"- Needs your eye: {note}" for note in check]
        lines += [f"- {note}" for note in other]
    return "\n".join(lines)


def render_evidence_table(evidence: list[EvidenceItem]) -> str:
    if not evidence:
        return "I found nothing matching in your imported data. Import posts or comments first (`hookline import`)."
    rows = ["| id | kind | what | detail |", "|---|---|---|---|"]
    for item in evidence:
        text = item.text.replace("|", "/").replace("\n", " ")[:140]
        rows.append(f"| {item.id} | {item.kind} | {text} | {item.detail.replace('|', '/')} |")
    return "\n".join(rows)
