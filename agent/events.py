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


@dataclass(frozen=True)
class PartEvent:
    """One part of a script is written and checked (the UI shows it in the card as it lands)."""

    name: str
    """"hook", "selling point", "beat 2", "call to action"."""
    text: str
    evidence: tuple[str, ...] = ()
    support: float | None = None
    flagged: bool = False
    """True when a check still fails after the one rewrite (the review says which)."""


AgentEvent = StatusEvent | StepEvent | TokenEvent | PartEvent
EventSink = Callable[[AgentEvent], None]


def ignore_events(_event: AgentEvent) -> None:
    """The default sink."""
