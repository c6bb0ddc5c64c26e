"""Reading a brief: intent and platform by rules, other slots by the model with verified quotes.

The 1.5B model invents missing slots when asked plainly (recall 0 on vague briefs), so it
must quote the request, and a slot counts only when its quote really occurs there.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from agent.state import Intent

PLATFORM_WORDS: list[tuple[str, str]] = [
    (r"youtube\s*shorts?|\bshorts?\b", "YouTube Shorts"),
    (r"tik\s*tok", "TikTok"),
    (r"instagram|\breels?\b|\binsta\b", "Instagram Reels"),
    (r"linked\s*in", "LinkedIn"),
    (r"\btwitter\b|\bx thread\b", "X"),
    (r"youtube", "YouTube"),
    (r"podcast", "Podcast"),
]

_DRAFT = re.compile(r"\b(script|draft|write|hook|video (idea|about|for)|reel|short|tiktok|guion|skript)\b", re.IGNORECASE)
_TRENDS = re.compile(r"\b(outliers?|trend(s|ing)?|what('s| is) working|top posts?|best performing|viral)\b", re.IGNORECASE)
_INSIGHTS = re.compile(
    r"\b(comments?|viewers? (say|think|want)|audience (say|think|want)|feedback|complain\w*|opinions?)\b", re.IGNORECASE
)
YOU_DECIDE = re.compile(r"^\s*(you decide|up to you|any|whatever|no preference|dunno|skip)\s*[.!]?\s*$", re.IGNORECASE)


def classify_intent(text: str) -> Intent:
    """What the user wants this turn, by rules (fast, predictable, testable)."""
    if _TRENDS.search(text) and not re.search(r"\b(script|draft|write)\b", text, re.IGNORECASE):
        return "trends"
    if _INSIGHTS.search(text) and not re.search(r"\b(script|draft|write)\b", text, re.IGNORECASE):
        return "insights"
    if _DRAFT.search(text):
        return "draft"
    return "chat"


def match_platform(text: str) -> str | None:
    for pattern, platform in PLATFORM_WORDS:
        if re.search(pattern, text, re.IGNORECASE):
            return platform
    return None


class QuotedSlot(BaseModel):
    quote: str
    value: str


class BriefSlots(BaseModel):
    """What the model read from the request; every value must come with the words it copied."""

    audience: QuotedSlot | None = None
    goal: QuotedSlot | None = None
    offer: QuotedSlot | None = None
    format: QuotedSlot | None = None
    angle: QuotedSlot | None = None


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower().strip(".,!?\"'")


def quote_occurs(quote: str, source: str) -> bool:
    """True when the quote is really in the source (case and spacing ignored), and not trivial."""
    needle = _normalise(quote)
    return len(needle) >= 3 and needle in _normalise(source)


def is_you_decide(answer: str | None) -> bool:
    return answer is None or not answer.strip() or bool(YOU_DECIDE.match(answer))
