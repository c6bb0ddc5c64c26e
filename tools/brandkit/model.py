"""The brand kit as data: one Pydantic model, shared by the store, the YAML kits and the checks.

Every field carries its evidence: the file it came from and a quote from that file's text
(for measured fields, the examples that show the habit and what was counted). Unknown
keys are refused everywhere (`extra="forbid"`), so a hand-edited YAML kit with a typo
fails loudly instead of being half-read.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from core.errors import InputError

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,47}$")
# Names Windows reserves for devices: a kit exported to a file with one of these names would break.
RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)
QUOTE_MAX_CHARS = 400
MIN_MEASURED_SENTENCES = 5  # a range measured on fewer sentences says nothing ("6-6 words" from a one-line note)


def kit_name_problem(name: str) -> str | None:
    """Why `name` is not a valid kit name, or None when it is."""
    if not isinstance(name, str) or not name:
        return "a kit needs a name"
    if name.lower() in RESERVED_NAMES:
        return f"{name!r} is a name Windows reserves for a device"
    if not SLUG_PATTERN.match(name):
        return (
            f"{name!r} is not a slug: use 2-48 lowercase letters, digits and hyphens, "
            "starting with a letter or digit (e.g. 'acme-voice')"
        )
    return None


def validate_kit_name(name: str) -> str:
    """Return `name` if it is a valid kit name; raise InputError saying why not."""
    problem = kit_name_problem(name)
    if problem:
        raise InputError(f"Invalid brand kit name: {problem}.")
    return name


def _slug(name: str) -> str:
    problem = kit_name_problem(name)
    if problem:
        raise ValueError(problem)
    return name


KitName = Annotated[str, AfterValidator(_slug)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Strict):
    """Where a field came from: a file and a quote from its text (or what was measured there)."""

    source: str = Field(min_length=1, description="The file name, or 'user' for a rule the user stated.")
    quote: str = Field(min_length=1, max_length=QUOTE_MAX_CHARS, description="Verbatim text from that source.")


class Claim(_Strict):
    """A described fact about the brand (audience, promise, a selling point, a CTA pattern, a hook)."""

    text: str = Field(min_length=1)
    evidence: list[Evidence] = Field(min_length=1)


class Requirement(_Strict):
    """Something every draft (or every draft of one format) must have, e.g. a call to action."""

    text: str = Field(min_length=1)
    applies_to: str = Field(default="everything", description="'everything', or the format a source limits it to.")
    evidence: list[Evidence] = Field(min_length=1)


class VoiceTrait(_Strict):
    """One trait of the brand's voice, with an example of doing it and of not doing it."""

    name: str = Field(min_length=1)
    description: str = ""
    do: str | None = Field(default=None, description="A line that has the trait.")
    dont: str | None = Field(default=None, description="A line that breaks it.")
    evidence: list[Evidence] = Field(min_length=1)


class Term(_Strict):
    """A word, phrase or claim the brand avoids."""

    term: str = Field(min_length=1)
    kind: Literal["word", "phrase", "claim"]
    severity: Literal["error", "warning"] = Field(
        default="error", description="'warning' for words to use carefully or only in some contexts."
    )
    alternative: str | None = None
    note: str | None = Field(default=None, description="The source's own condition or reason.")
    case_sensitive: bool = False
    evidence: list[Evidence] = Field(min_length=1)


class Phrase(_Strict):
    """A phrase the brand keeps using: it recurs across its examples."""

    text: str = Field(min_length=1)
    count: int = Field(ge=1, description="How many examples use it.")
    evidence: list[Evidence] = Field(min_length=1)


class Vocabulary(_Strict):
    signature_phrases: list[Phrase] = Field(default_factory=list)
    avoid: list[Term] = Field(default_factory=list)

    @property
    def text(self) -> str:
        """The avoided words and the signature phrases in one line (for prompts and summaries)."""
        parts = []
        if self.avoid:
            parts.append("avoid: " + ", ".join(term.term for term in self.avoid))
        if self.signature_phrases:
            parts.append("signature phrases: " + ", ".join(phrase.text for phrase in self.signature_phrases))
        return "; ".join(parts)


class Habit(_Strict):
    """A formatting habit (emoji, hashtags, exclamation marks): measured, or stated by a source."""

    policy: Literal["avoid", "sparingly", "allowed", "unknown"]
    stated: bool = Field(description="True when a source states the policy; False when it was measured.")
    per_example: float = Field(ge=0, description="Mean count per example.")
    share: float = Field(ge=0, le=1, description="Share of examples that use it at all.")
    measured: str = Field(description="What was counted, in words.")
    evidence: list[Evidence] = Field(default_factory=list)


class Measure(_Strict):
    """A measured distribution over the examples: 10th percentile, median, 90th percentile."""

    low: float
    median: float
    high: float
    mean: float
    samples: int = Field(ge=1)
    stated_max: int | None = Field(default=None, description="A limit a source states, e.g. '25 words or fewer'.")
    evidence: list[Evidence] = Field(min_length=1)


class Casing(_Strict):
    style: Literal["sentence", "title", "lower", "upper", "mixed", "unknown"]
    share: float = Field(ge=0, le=1, description="Share of examples in that style.")
    evidence: list[Evidence] = Field(default_factory=list)


class Formatting(_Strict):
    """Formatting habits measured from the examples (never guessed)."""

    measured_on: str = Field(description="Which examples were measured, e.g. '42 posts from posts.csv'.")
    emoji: Habit
    hashtags: Habit
    exclamations: Habit
    casing: Casing
    sentence_words: Measure | None = None
    reading_grade: Measure | None = Field(default=None, description="Flesch-Kincaid grade per example.")


class Colour(_Strict):
    hex: str = Field(pattern=r"^#[0-9a-f]{6}$")
    share: float = Field(ge=0, le=1, description="Share of the image's pixels.")
    evidence: list[Evidence] = Field(min_length=1)


class Rule(_Strict):
    """A rule the brand follows: stated by the user, or quoted from a source."""

    text: str = Field(min_length=1)
    origin: Literal["user", "source"]
    provenance: str = Field(description="e.g. 'stated by the user on 2026-11-27' or 'quoted from guide.md'.")
    evidence: list[Evidence] = Field(min_length=1)


LimitKind = Literal["hashtags", "emoji", "exclamations", "exclamation_runs", "questions", "words", "sign_off", "casing"]


class Limit(_Strict):
    """A limit a source states that a draft can be checked against, e.g. "two hashtags at most: #Tidewater and one more".

    `max` is the number allowed per post (hashtags, emoji, exclamation marks, questions, words);
    `allowed` lists the only hashtags or emoji the source permits (empty: any); `value` is the
    required sign-off, or the casing rule ('no_all_caps', 'lowercase').
    """

    kind: LimitKind
    max: int | None = Field(default=None, ge=0)
    allowed: list[str] = Field(default_factory=list)
    value: str | None = None
    evidence: list[Evidence] = Field(min_length=1)

    @property
    def rule(self) -> str:
        """The limit in words, for cards, prompts and findings."""
        label = {"hashtags": "hashtag", "emoji": "emoji", "exclamations": "exclamation mark",
                 "questions": "question", "words": "word"}.get(self.kind, self.kind)
        if self.kind == "exclamation_runs":
            return "no runs of exclamation marks (!!)"
        if self.kind == "sign_off":
            return f"sign off with “{self.value}”"
        if self.kind == "casing":
            return "no words in capitals for emphasis" if self.value == "no_all_caps" else "everything in lowercase"
        named = " ".join(self.allowed)
        only = "" if not self.allowed else f" (only {named})" if self.max is not None and self.max <= len(self.allowed) else f" (including {named})"
        if self.max == 0:
            return f"no {label}{'' if label == 'emoji' else 's'}"
        plural = "" if self.max == 1 or label == "emoji" else "s"
        return f"at most {self.max} {label}{plural} per post{only}"


class Example(_Strict):
    """A short passage in the brand's voice (kept for few-shot prompts and style similarity)."""

    text: str = Field(min_length=1)
    source: str
    kind: Literal["post", "passage", "exemplar"]
    metrics: dict[str, float] = Field(default_factory=dict)


class SourceFile(_Strict):
    name: str
    kind: Literal["text", "markdown", "html", "pdf", "posts", "image"]
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    bytes: int = Field(ge=0)
    items: int = Field(ge=0, description="Passages or posts read from it (0 for an image).")
    added_in_version: int = Field(ge=1)


class BrandKit(_Strict):
    """Who a brand is and how it writes, learned from its own examples."""

    name: KitName
    version: int = Field(ge=1)
    created_at: datetime
    sources: list[SourceFile] = Field(default_factory=list)
    audience: Claim | None = None
    promise: Claim | None = None
    selling_points: list[Claim] = Field(default_factory=list)
    voice_traits: list[VoiceTrait] = Field(default_factory=list, max_length=6)
    vocabulary: Vocabulary = Field(default_factory=Vocabulary)
    formatting: Formatting
    cta_patterns: list[Claim] = Field(default_factory=list)
    cta_required: Requirement | None = Field(default=None, description="Set when a source or the posts close with a CTA.")
    example_hooks: list[Claim] = Field(default_factory=list)
    palette: list[Colour] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    limits: list[Limit] = Field(default_factory=list, description="Numeric and checkable limits a source states.")
    examples: list[Example] = Field(default_factory=list)
    described_by: str = Field(default="none", description="The chat model that wrote the descriptive fields.")
    notes: list[str] = Field(default_factory=list, description="What the build could not do, in words.")

    def summary(self) -> str:
        """A few plain lines: for prompts, the CLI and the agent."""
        lines = [f"Brand kit {self.name} (version {self.version})"]
        if self.audience:
            lines.append(f"Audience: {self.audience.text}")
        if self.promise:
            lines.append(f"Promise: {self.promise.text}")
        if self.selling_points:
            lines.append("Selling points: " + "; ".join(point.text for point in self.selling_points))
        if self.voice_traits:
            lines.append("Voice: " + "; ".join(trait.name for trait in self.voice_traits))
        if self.vocabulary.avoid:
            lines.append("Avoid: " + ", ".join(term.term for term in self.vocabulary.avoid[:25]))
        if self.vocabulary.signature_phrases:
            lines.append("Signature phrases: " + ", ".join(p.text for p in self.vocabulary.signature_phrases))
        fmt = self.formatting
        habits = f"emoji {fmt.emoji.policy}, hashtags {fmt.hashtags.policy}, exclamation marks {fmt.exclamations.policy}"
        lines.append(f"Formatting: {habits}; casing {fmt.casing.style}")
        measured = fmt.sentence_words
        if measured and measured.samples >= MIN_MEASURED_SENTENCES:
            limit = f", at most {measured.stated_max}" if measured.stated_max else ""
            lines.append(f"Sentence length: {measured.low:.0f}-{measured.high:.0f} words (median {measured.median:.0f}{limit})")
        elif measured and measured.stated_max:
            lines.append(f"Sentence length: at most {measured.stated_max} words")
        if self.cta_patterns:
            lines.append("Calls to action: " + "; ".join(c.text for c in self.cta_patterns))
        if self.palette:
            lines.append("Palette: " + ", ".join(c.hex for c in self.palette))
        if self.limits:
            lines.append("Limits: " + "; ".join(limit.rule for limit in self.limits))
        if self.rules:
            lines.append("Rules: " + " | ".join(rule.text for rule in self.rules))
        return "\n".join(lines)
