"""Progress events the agent emits while it works (the UI turns them into steps and tokens)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from agent.schemas import ToolStep


@dataclass(frozen=True)
class StatusEvent:
    """A node started ("Researching comments…")."""

    text: str


@dataclass(frozen=True)
class StepEvent:
    """A tool call finished."""

    step: ToolStep


@dataclass(frozen=True)
class TokenEvent:
    """A piece of streamed reply text."""

    text: str


AgentEvent = StatusEvent | StepEvent | TokenEvent
EventSink = Callable[[AgentEvent], None]


def ignore_events(_event: AgentEvent) -> None:
    """The default sink."""
