"""The graph's state: what one conversation thread knows, checkpointed after every node."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from langchain_core.messages import AnyMessage
from langgraph.graph.message import add_messages

from agent.schemas import Brief, EvidenceItem, Question, ScriptDraft, ToolStep

Intent = Literal["draft", "revise", "trends", "insights", "requests", "patterns", "chat"]


def replace(_old: object, new: object) -> object:
    """Reducer: the newest value wins (explicit, so every field says how it merges)."""
    return new


def extend_steps(old: list[ToolStep], new: list[ToolStep]) -> list[ToolStep]:
    """Reducer: steps accumulate within a turn; an empty list (turn start) clears them."""
    return [*old, *new] if new else []


@dataclass(kw_only=True)
class AgentState:
    """Everything the agent carries for one thread."""

    messages: Annotated[list[AnyMessage], add_messages] = field(default_factory=list)
    """The conversation, including tool calls and tool results (standard LangChain messages)."""

    request: Annotated[str, replace] = ""
    """The user's latest request text."""

    intent: Annotated[Intent, replace] = "chat"
    """What the user wants this turn: a draft, trends, insights, or a plain chat reply."""

    brand: Annotated[str | None, replace] = None
    """The active brand kit's name, if any."""

    brief: Annotated[Brief | None, replace] = None
    """The brief for the current draft; slots filled from the user, the kit, memory or assumptions."""

    questions: Annotated[list[Question], replace] = field(default_factory=list)
    """Clarifying questions asked this turn (answered through interrupt/resume)."""

    assumptions: Annotated[list[str], replace] = field(default_factory=list)
    """What Hookline assumed instead of asking ("you decide" answers, defaults)."""

    evidence: Annotated[list[EvidenceItem], replace] = field(default_factory=list)
    """Citable research results with short ids (C1, P1, I1)."""

    steps: Annotated[list[ToolStep], extend_steps] = field(default_factory=list)
    """Tool calls made this turn."""

    angle_choice: Annotated[str, replace] = ""
    """The user's answer to the angle question (a title, a number, "You decide"); empty when not asked."""

    angle_options: Annotated[list[str], replace] = field(default_factory=list)
    """The angles offered for the current draft, strongest first."""

    draft: Annotated[ScriptDraft | None, replace] = None
    """The current script draft."""

    draft_fixed: Annotated[list[str], replace] = field(default_factory=list)
    """What the checks after each part caught and fixed, in words for the user."""

    draft_open: Annotated[list[str], replace] = field(default_factory=list)
    """What the checks still find after the one rewrite: what needs the user's eye."""

    left_out: Annotated[list[str], replace] = field(default_factory=list)
    """Ids of evidence the safety screen flagged: seen, never cited."""

    prompt_tokens: Annotated[int, replace] = 0
    """Prompt tokens the part-by-part drafting used (for the eval)."""

    review_notes: Annotated[list[str], replace] = field(default_factory=list)
    """What review found (and, after a revision, what it fixed)."""

    brand_check: Annotated[dict | None, replace] = None
    """The brand check of the final draft: score, findings, suggestions."""

    revisions: Annotated[int, replace] = 0
    """Revision rounds used on the current draft (at most one)."""

    revision_request: Annotated[str, replace] = ""
    """A user's revision wish ("shorter", "punchier hook"), or review feedback for the redraft."""

    reply: Annotated[str, replace] = ""
    """The rendered reply of this turn."""

    found_ids: Annotated[list[str], replace] = field(default_factory=list)
    """Ids of the evidence this turn's research found: a research answer shows these, not what
    earlier turns found (the thread's evidence keeps growing so a later revision can still cite it)."""
