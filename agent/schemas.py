"""The agent's typed data: the brief, questions, evidence, the script draft, and turn results.

These are what the CLI and the web chat see; the graph's internals stay in state.py.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# The script itself is domain data (repurposing and voice read it too); the agent produces it.
from tools.script import WORDS_PER_SECOND, Citation, ScriptDraft, ScriptPart

__all__ = [
    "WORDS_PER_SECOND", "Brief", "Citation", "EvidenceItem", "Platform", "Question", "ScriptDraft", "ScriptPart",
    "SlotName", "ToolStep", "TurnResult",
]

Platform = Literal["tiktok", "youtube_shorts", "youtube", "instagram_reels", "linkedin", "x", "podcast", "other"]
SlotName = Literal["platform", "audience", "goal", "offer", "format", "angle"]


class Brief(BaseModel):
    """What the user wants. None means unknown; `sources` says where each known slot came from."""

    model_config = ConfigDict(extra="forbid")

    request: str = Field(description="The user's request, verbatim.")
    platform: str | None = None
    format: str | None = Field(default=None, description="Length/format, e.g. '30-second short'.")
    audience: str | None = None
    goal: str | None = None
    offer: str | None = Field(default=None, description="The product or offer, if any.")
    angle: str | None = Field(default=None, description="Angle wishes, if any.")
    brand: str | None = None
    sources: dict[str, str] = Field(default_factory=dict, description="slot -> 'user', 'brand kit', 'memory', 'assumed'")

    def missing(self, slots: tuple[str, ...]) -> list[str]:
        return [slot for slot in slots if not getattr(self, slot)]


class Question(BaseModel):
    """A clarifying question with suggested answers (the UI shows them as buttons)."""

    slot: str
    question: str
    options: list[str] = Field(default_factory=list)


class EvidenceItem(BaseModel):
    """Something research found that a draft may cite. `id` is short and unmistakable (C3, P2, I1)."""

    id: str
    kind: Literal["comment", "post", "insight", "memory"]
    text: str = Field(description="The quoted comment, post title, or insight summary.")
    source_id: str = Field(default="", description="The comment or post id in the corpus.")
    detail: str = Field(default="", description="Likes/replies or outlier figures, for people.")


class ToolStep(BaseModel):
    """One tool call the agent made, for traces and the UI's steps."""

    name: str
    arguments: dict
    output: str
    ok: bool = True


class TurnResult(BaseModel):
    """What one turn produced: questions to answer, or a response (maybe with a draft)."""

    thread_id: str
    questions: list[Question] = Field(default_factory=list)
    text: str = Field(default="", description="The rendered reply (Markdown, with [n] citations).")
    brief: Brief | None = None
    draft: ScriptDraft | None = None
    citations: list[Citation] = Field(default_factory=list)
    brand_check: dict | None = None
    assumptions: list[str] = Field(default_factory=list)
    steps: list[ToolStep] = Field(default_factory=list)
    review_notes: list[str] = Field(default_factory=list)
    proposed_rule: str | None = Field(
        default=None, description="A brand rule Hookline suggests after a revision; saved only if the user agrees."
    )

    @property
    def needs_answers(self) -> bool:
        return bool(self.questions)


class Memory(BaseModel):
    """One thing Hookline remembers about a user and a brand: an answered preference, a brief, an approved script."""

    key: str
    kind: str = Field(description="preference | brief | accepted_draft")
    text: str
    at: float = Field(default=0.0, description="when it was remembered (Unix time)")
