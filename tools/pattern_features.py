"""Features of a post's title, caption, hook and timing, for the patterns analysis.

Each feature is a yes/no fact a person can check on the post ("the title asks a question",
"published on a Saturday"). Word cues cover English, Spanish and German; the question
mark, digits, emoji and capitals work in any language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC

from tools.corpus.models import Post

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_EMOJI = re.compile(
    "[\U0001F300-\U0001FAFF\U00002600-\U000027BF\U0001F000-\U0001F2FF\U0001F900-\U0001F9FF\u2B50\u2B55\u203C\u2049]"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
FIRST_PERSON = frozenset(
    ["i", "i'm", "im", "me", "my", "mine", "myself", "we", "we're", "our", "us", "yo", "me", "mi", "mis", "conmigo", "nosotros", "nosotras", "nuestro", "nuestra", "ich", "mich", "mir", "mein", "meine", "meinen", "wir", "uns", "unser", "unsere"]
)
SECOND_PERSON = frozenset(
    ["you", "your", "you're", "youre", "yours", "yourself", "tú", "tu", "tus", "te", "ti", "vosotros", "vuestro", "vuestra", "usted", "ustedes", "du", "dich", "dir", "dein", "deine", "deinen", "ihr", "euch", "euer", "eure"]
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SHORT_TITLE_CHARS = 40
LONG_TITLE_CHARS = 70
SHORT_HOOK_WORDS = 8


def headline(post: Post) -> str:
    """What a viewer reads first: the title, or the caption's first line where there is no title."""
    return (post.title or (post.caption or "").split("\n", 1)[0]).strip()


def _text_features(prefix: str, text: str) -> Iterable[str]:
    words = _WORD.findall(text)
    lowered = {word.lower() for word in words}
    if "?" in text or "¿" in text:
        yield f"{prefix} asks a question"
    if any(char.isdigit() for char in text):
        yield f"{prefix} has a number"
    if lowered & FIRST_PERSON:
        yield f"{prefix} speaks in the first person"
    if lowered & SECOND_PERSON:
        yield f"{prefix} says \"you\""
    if _EMOJI.search(text):
        yield f"{prefix} has an emoji"
    if any(len(word) >= 3 and word.isupper() for word in words):
        yield f"{prefix} has an ALL-CAPS word"


def duration_bucket(seconds: int | None) -> str | None:
    if seconds is None or seconds <= 0:
        return None
    if seconds < 30:
        return "under 30 s"
    if seconds <= 60:
        return "30-60 s"
    if seconds <= 600:
        return "1-10 min"
    if seconds <= 1800:
        return "10-30 min"
    return "over 30 min"


def hour_bucket(hour: int) -> str:
    if 6 <= hour < 12:
        return "morning (06-12 UTC)"
    if 12 <= hour < 18:
        return "afternoon (12-18 UTC)"
    if 18 <= hour < 24:
        return "evening (18-24 UTC)"
    return "night (00-06 UTC)"


def first_sentence(transcript: str) -> str:
    text = " ".join(transcript.split())
    return _SENTENCE_END.split(text, maxsplit=1)[0][:300] if text else ""


def post_features(post: Post) -> set[str]:
    """The yes/no features of one post (see the module docstring)."""
    found: set[str] = set()
    title = headline(post)
    if title:
        found.update(_text_features("title", title))
        if len(title) < SHORT_TITLE_CHARS:
            found.add(f"title under {SHORT_TITLE_CHARS} characters")
        elif len(title) > LONG_TITLE_CHARS:
            found.add(f"title over {LONG_TITLE_CHARS} characters")
    found.add(f"format: {post.format}")
    bucket = duration_bucket(post.duration_s)
    if bucket:
        found.add(f"duration {bucket}")
    if post.published_at is not None:
        moment = post.published_at if post.published_at.tzinfo else post.published_at.replace(tzinfo=UTC)
        moment = moment.astimezone(UTC)
        found.add(f"published on a {WEEKDAYS[moment.weekday()]}")
        if moment.weekday() >= 5:
            found.add("published at the weekend")
        found.add(f"published in the {hour_bucket(moment.hour)}")
    if post.transcript and post.transcript.strip():
        hook = first_sentence(post.transcript)
        if hook:
            found.update(_text_features("first spoken sentence", hook))
            if len(hook.split()) <= SHORT_HOOK_WORDS:
                found.add(f"first spoken sentence of {SHORT_HOOK_WORDS} words or fewer")
    return found
