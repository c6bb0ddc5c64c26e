"""Shared output helpers for the agent commands (draft, chat): JSON shape and progress lines."""

from __future__ import annotations

import sys
from typing import Any

from agent.events import AgentEvent, PartEvent, StatusEvent, StepEvent, TokenEvent
from agent.schemas import Question, TurnResult


def turn_json(result: TurnResult, angles_offered: list[str] | None = None) -> dict[str, Any]:
    """`{"questions": [...]}` or `{"brief", "draft", "angle", "citations", "brand_check", "assumptions", ...}`.

    Each draft part carries `text`, `evidence` and `support` (0-1, checked in code; null when it was shown no evidence).
    """
    if result.questions:
        return {"questions": [q.model_dump() for q in result.questions]}
    draft = result.draft.model_dump() | {"duration_s": result.draft.duration_s} if result.draft else None
    angle = None
    if result.draft is not None:
        angle = {"text": result.draft.angle, "evidence": result.draft.angle_evidence, "reason": result.draft.angle_reason,
                 "offered": angles_offered or []}
    return {
        "angle": angle,
        "brief": result.brief.model_dump() if result.brief else None,
        "draft": draft,
        "citations": [
            {"id": c.number, "kind": c.kind, "text": c.text, "evidence_id": c.id, "source_id": c.source_id}
            for c in result.citations
        ],
        "brand_check": result.brand_check,
        "assumptions": result.assumptions,
        "review": result.review_notes,
        "text": result.text,
    }


def progress_printer(stream_tokens: bool) -> Any:
    """An event sink: status and tool steps on stderr; reply tokens on stdout when streaming."""

    def on_event(event: AgentEvent) -> None:
        if isinstance(event, StatusEvent):
            print(f"… {event.text}", file=sys.stderr, flush=True)
        elif isinstance(event, StepEvent):
            mark = "✓" if event.step.ok else "✗"
            print(f"  {mark} {event.step.name}({event.step.arguments})", file=sys.stderr, flush=True)
        elif isinstance(event, PartEvent):
            # Each part as soon as it is written and checked: the draft is visible while it is being made.
            support = f" (support {event.support:.2f})" if event.support is not None else ""
            flag = " ⚠ needs your eye" if event.flagged else ""
            print(f"  ✎ {event.name}: {event.text}{support}{flag}", file=sys.stderr, flush=True)
        elif isinstance(event, TokenEvent) and stream_tokens:
            print(event.text, end="", flush=True)

    return on_event


def print_questions(questions: list[Question]) -> None:
    for question in questions:
        options = " / ".join(question.options)
        print(f"? {question.question}  [{options}]")
