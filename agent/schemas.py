"""The agent's typed data: the brief, questions, evidence, the script draft, and turn results.

These are what the CLI and the web chat see; the graph's internals stay in state.py.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Platform = Literal["tiktok", "youtube_shorts", "youtube", "instagram_reels", "linkedin", "x", "podcast", "other"]
SlotName = Literal["platform", "audience", "goal", "offer", "format", "angle"]

WORDS_PER_SECOND = 2.5  # spoken pace used for duration estimates


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


class ScriptPart(BaseModel):
    """One part of a script with the evidence ids it rests on."""

    text: str
    # Capped: the small model otherwise lists every id in every part and its JSON outgrows the answer budget
    # (eval/RESULTS.md, first runs); three ids are plenty to back one line of a script.
    evidence: list[str] = Field(
        default_factory=list, max_length=3, description="Up to 3 ids from the research list, e.g. ['C2', 'P1']."
    )
    support: float | None = Field(
        default=None, description="How well the part rests on the items it was shown (0-1, checked in code); None: shown none."
    )
    flagged: bool = Field(default=False, description="A check still failed after the one rewrite; the review says which.")


class ScriptDraft(BaseModel):
    """A short-video script. Every part cites the evidence it rests on."""

    angle: str
    hook: ScriptPart
    selling_point: ScriptPart
    beats: list[ScriptPart] = Field(min_length=1, max_length=8)
    call_to_action: ScriptPart
    on_screen_text: list[str] = Field(default_factory=list)
    angle_evidence: list[str] = Field(default_factory=list, description="Ids of the evidence the angle rests on.")
    angle_reason: str = Field(default="", description="Why this angle: the user picked it, or the rule that did.")
    language: str = Field(default="", description="ISO code of the language the script is written in.")
    language_reason: str = Field(default="", description="Why that language, for the user.")
    words_per_second: float = Field(default=WORDS_PER_SECOND, description="The platform's speaking rate used for duration.")
    target_seconds: int | None = Field(default=None, description="The duration the brief asked for (or the platform's usual).")

    def spoken_text(self) -> str:
        parts = [self.hook.text, self.selling_point.text, *(beat.text for beat in self.beats), self.call_to_action.text]
        return " ".join(parts)

    @property
    def duration_s(self) -> int:
        """Spoken duration of what was written, at the platform's speaking rate."""
        return round(len(self.spoken_text().split()) / (self.words_per_second or WORDS_PER_SECOND))

    def parts(self) -> list[tuple[str, ScriptPart]]:
        named = [("hook", self.hook), ("selling point", self.selling_point)]
        named += [(f"beat {index}", beat) for index, beat in enumerate(self.beats, start=1)]
        named.append(("call to action", self.call_to_action))
        return named


class Citation(BaseModel):
    """A resolved [n] citation: what the reader sees when they open it."""

    number: int
    id: str
    kind: str
    text: str
    source_id: str = ""
    detail: str = ""


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
