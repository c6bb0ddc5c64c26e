"""The typed results of repurposing. Every format is made of `Piece`s, each with the evidence ids
it rests on, so a format keeps the source's citations piece by piece."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from tools.repurpose.limits import Limit
from tools.script import Citation, ScriptDraft

FormatKind = Literal["caption", "thread", "voice_read", "email_teaser"]
FORMAT_KINDS: tuple[FormatKind, ...] = ("caption", "thread", "voice_read", "email_teaser")
FORMAT_LABELS: dict[str, str] = {
    "caption": "Post caption", "thread": "Thread", "voice_read": "Voice-over read", "email_teaser": "Email teaser",
}


class Piece(BaseModel):
    """A sentence or post of a format and the evidence ids (C1, P2) of the source it rests on."""

    text: str
    evidence: list[str] = Field(default_factory=list, max_length=24)


class LimitCheck(BaseModel):
    limit: Limit
    value: int
    ok: bool
    where: str = ""
    """Which piece, when the limit is per piece (post 3)."""


class FormatChecks(BaseModel):
    citations_kept: float = Field(ge=0, le=1, description="Share of the source's cited ids this format still cites.")
    missing_citations: list[str] = Field(default_factory=list)
    limits: list[LimitCheck] = Field(default_factory=list)
    brand_score: int | None = None
    brand_passed: bool | None = Field(default=None, description="No error-level finding; None without a brand kit.")
    brand_findings: list[str] = Field(default_factory=list)

    @property
    def limits_met(self) -> bool:
        return all(check.ok for check in self.limits if check.limit.hard)


class _Format(BaseModel):
    method: Literal["assembled", "rewritten"] = "assembled"
    checks: FormatChecks | None = None
    notes: list[str] = Field(default_factory=list)

    def pieces(self) -> list[Piece]:
        raise NotImplementedError

    def publishable(self) -> str:
        """The text as it would be posted or sent: no citation marks (those stay in Hookline)."""
        return "\n\n".join(piece.text for piece in self.pieces())


class Caption(_Format):
    kind: Literal["caption"] = "caption"
    platform: str
    paragraphs: list[Piece]

    def pieces(self) -> list[Piece]:
        return self.paragraphs


class Thread(_Format):
    kind: Literal["thread"] = "thread"
    posts: list[Piece]

    def pieces(self) -> list[Piece]:
        return self.posts

    def numbered(self) -> list[str]:
        return [f"{post.text} {index}/{len(self.posts)}" for index, post in enumerate(self.posts, start=1)]

    def publishable(self) -> str:
        return "\n\n".join(self.numbered())


class VoiceRead(_Format):
    kind: Literal["voice_read"] = "voice_read"
    platform: str
    language: str
    lines: list[Piece]
    estimate_s: float = Field(description="At the platform's pace for this language (tools/voice/pace.py).")

    def pieces(self) -> list[Piece]:
        return self.lines

    def publishable(self) -> str:
        return "\n".join(line.text for line in self.lines)


class EmailTeaser(_Format):
    kind: Literal["email_teaser"] = "email_teaser"
    subject: Piece
    preheader: Piece
    body: list[Piece]

    def pieces(self) -> list[Piece]:
        return [self.subject, self.preheader, *self.body]

    def body_text(self) -> str:
        return " ".join(piece.text for piece in self.body)

    def publishable(self) -> str:
        return f"Subject: {self.subject.text}\nPreview: {self.preheader.text}\n\n{self.body_text()}"


AnyFormat = Caption | Thread | VoiceRead | EmailTeaser


class ScriptSource(BaseModel):
    """What is repurposed: the draft, its resolved citations, its platform and language."""

    draft: ScriptDraft
    citations: list[Citation] = Field(default_factory=list)
    platform: str = "other"
    language: str = "en"
    brand: str | None = None

    def cited_ids(self) -> list[str]:
        """The evidence ids the script cites that resolve to a citation (all of them when none are resolved)."""
        seen: list[str] = []
        known = {citation.id for citation in self.citations}
        for _name, part in self.draft.parts():
            for item in part.evidence:
                if item not in seen and (not known or item in known):
                    seen.append(item)
        return seen

    def number_of(self, evidence_id: str) -> int | None:
        return next((c.number for c in self.citations if c.id == evidence_id), None)


class RepurposeSet(BaseModel):
    source: ScriptSource
    formats: list[AnyFormat] = Field(default_factory=list)

    def get(self, kind: str) -> AnyFormat | None:
        return next((fmt for fmt in self.formats if fmt.kind == kind), None)
