"""Shared output helpers for the agent commands (draft, chat): progress lines and questions (the JSON is hookline/renderer.py)."""

from __future__ import annotations

import sys
from typing import Any

from agent.events import AgentEvent, PartEvent, StatusEvent, StepEvent, TokenEvent
from agent.schemas import Question


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
