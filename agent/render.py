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
                             source_id=item.source_id, detail=item.detail)
                )
    return citations


def _marks(part: ScriptPart, citations: list[Citation]) -> str:
    numbers = [c.number for c in citations if c.id in part.evidence]
    return "".join(f"[{n}]" for n in numbers)


def render_draft(
    draft: ScriptDraft,
    citations: list[Citation],
    *,
    brand_check: dict | None,
    assumptions: list[str],
    notes: list[str],
) -> str:
    lines = [f"**Angle:** {draft.angle}", ""]
    lines.append(f"**Hook:** {draft.hook.text} {_marks(draft.hook, citations)}".rstrip())
    lines.append(f"**Selling point:** {draft.selling_point.text} {_marks(draft.selling_point, citations)}".rstrip())
    lines.append("**Beats:**")
    for index, beat in enumerate(draft.beats, start=1):
        lines.append(f"{index}. {beat.text} {_marks(beat, citations)}".rstrip())
    lines.append(f"**Call to action:** {draft.call_to_action.text} {_marks(draft.call_to_action, citations)}".rstrip())
    if draft.on_screen_text:
        lines.append("**On screen:** " + " / ".join(draft.on_screen_text))
    lines.append(f"**Duration:** about {draft.duration_s} s")
    if brand_check is not None:
        lines.append(f"**Brand score:** {brand_check.get('score')}/100")
    if citations:
        lines += ["", "**Sources**"]
        for citation in citations:
            detail = f" ({citation.detail})" if citation.detail else ""
            lines.append(f"[{citation.number}] {citation.kind} {citation.source_id}: \"{citation.text[:220]}\"{detail}")
    if assumptions:
        lines += ["", "**What I assumed:** " + "; ".join(assumptions)]
    if notes:
        lines += ["", "**Review:** " + " ".join(notes)]
    return "\n".join(lines)


def render_evidence_table(evidence: list[EvidenceItem]) -> str:
    if not evidence:
        return "I found nothing matching in your imported data. Import posts or comments first (`hookline import`)."
    rows = ["| id | kind | what | detail |", "|---|---|---|---|"]
    for item in evidence:
        text = item.text.replace("|", "/").replace("\n", " ")[:140]
        rows.append(f"| {item.id} | {item.kind} | {text} | {item.detail.replace('|', '/')} |")
    return "\n".join(rows)
