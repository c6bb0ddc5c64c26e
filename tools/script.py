"""A short-video script: its parts, the evidence ids each part rests on, and its resolved citations.

The agent writes scripts (agent/); repurposing and voice (tools/) read them, so the type lives here.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

WORDS_PER_SECOND = 2.5  # spoken pace used for duration estimates


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
    readings: dict[str, str] = Field(
        default_factory=dict,
        description="Evidence id → how Hookline read a source written in another language, in the script's language.",
    )

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
    reading: str = Field(default="", description="The source in the script's language, as Hookline read it (when it is written in another).")
