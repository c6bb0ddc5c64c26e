"""Shared output helpers for the agent commands (draft, chat): JSON shape and progress lines."""

from __future__ import annotations

import sys
from typing import Any

from agent.events import AgentEvent, StatusEvent, StepEvent, TokenEvent
from agent.schemas import Question, TurnResult


def turn_json(result: TurnResult) -> dict[str, Any]:
    """`{"questions": [...]}` or `{"brief", "draft", "citations", "brand_check", "assumptions"}`."""
    if result.questions:
        return {"questions": [q.model_dump() for q in result.questions]}
    draft = result.draft.model_dump() | {"duration_s": result.draft.duration_s} if result.draft else None
    return {
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
        elif isinstance(event, TokenEvent) and stream_tokens:
            print(event.text, end="", flush=True)

    return on_event


def print_questions(questions: list[Question]) -> None:
    for question in questions:
        options = " / ".join(question.options)
        print(f"? {question.question}  [{options}]")
