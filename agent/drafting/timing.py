"""How long the script should be: the asked duration, the platform's speaking rate, and a word budget per part."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Spoken words per second by platform: short-form voice-overs run fast, long-form and podcasts slower.
SPEAKING_RATE = {"tiktok": 2.7, "instagram reels": 2.7, "youtube shorts": 2.6, "youtube": 2.4, "podcast": 2.3,
                 "linkedin": 2.4, "x": 2.5}
DEFAULT_RATE = 2.5
DEFAULT_SECONDS = {"youtube": 60, "podcast": 60, "linkedin": 45}
SHORT_FORM_SECONDS = 30
TOLERANCE = 0.15

# Words for the fixed parts; the rest of the budget goes to beats of about BEAT_WORDS each.
HOOK_WORDS, SELLING_WORDS, CTA_WORDS, BEAT_WORDS = 11, 16, 11, 17
MAX_BEATS = 6

_SECONDS = re.compile(r"(\d{1,3})\s*(?:-|\s)?\s*(?:seconds?|secs?|s\b|segundos?|sekunden)", re.IGNORECASE)
_MINUTES = re.compile(r"(\d{1,2}|one|a|un|una)\s*(?:-|\s)?\s*(?:minutes?|mins?|minutos?|minuten?)\b", re.IGNORECASE)


def speaking_rate(platform: str | None) -> float:
    return SPEAKING_RATE.get((platform or "").strip().lower(), DEFAULT_RATE)


def asked_seconds(texts: list[str], platform: str | None) -> tuple[int, bool]:
    """(seconds, asked): the duration the brief names, else the platform's usual length."""
    for text in texts:
        if match := _SECONDS.search(text or ""):
            return max(5, min(int(match.group(1)), 600)), True
        if match := _MINUTES.search(text or ""):
            count = match.group(1).lower()
            return 60 * (1 if not count.isdigit() else int(count)), True
    return DEFAULT_SECONDS.get((platform or "").strip().lower(), SHORT_FORM_SECONDS), False


@dataclass(frozen=True)
class Plan:
    seconds: int
    rate: float
    beats: int
    beat_words: int

    @property
    def words(self) -> int:
        return round(self.seconds * self.rate)

    @property
    def low(self) -> int:
        return round(self.words * (1 - TOLERANCE))

    @property
    def high(self) -> int:
        return round(self.words * (1 + TOLERANCE))

    def seconds_for(self, word_count: int) -> int:
        return round(word_count / self.rate)


def plan(seconds: int, platform: str | None) -> Plan:
    rate = speaking_rate(platform)
    words = round(seconds * rate)
    rest = max(words - HOOK_WORDS - SELLING_WORDS - CTA_WORDS, BEAT_WORDS // 2)
    beats = max(1, min(MAX_BEATS, round(rest / BEAT_WORDS)))
    return Plan(seconds=seconds, rate=rate, beats=beats, beat_words=max(6, round(rest / beats)))


def word_count(text: str) -> int:
    return len(text.split())  # the same count ScriptDraft.duration_s uses


_CLAUSE_END = re.compile(r"[.?!;,:—–](?=\s)|\s(?=(?:because|which|while|so that|porque|aunque|mientras|weil|obwohl)\s)")
_PHRASE_START = re.compile(
    r"\s(?=(?:on|in|at|after|before|for|with|without|from|during|into|across|until|since|when|if|unless|"
    r"en|con|sin|para|por|desde|durante|cuando|si|mit|ohne|für|nach|vor|bei|während|wenn)\s)", re.IGNORECASE)
"""Where a trailing phrase starts ("… podcasts | on the internet"): a cut there leaves a whole sentence."""
_DANGLING = re.compile(r"(?:\s+(?:and|or|but|the|a|an|of|to|for|with|in|on|at|most|more|some|very|my|your|their|its|"
                       r"y|o|de|la|el|los|las|un|una|con|para|en|und|oder|der|die|das|mit|für|zu))+$", re.IGNORECASE)


def trim_to(text: str, words: int, *, fragment_ok: bool = True) -> str:
    """The text cut to at most `words` words at the last sentence or clause end that keeps at least 40% of them, else
    before the last trailing phrase ("… podcasts | on the internet") that does. Without either, `fragment_ok` cuts at
    the word limit (dropping a dangling "and", "the", …); otherwise the text is returned whole, so the caller can drop
    it instead of showing half a sentence."""
    if word_count(text) <= words:
        return text
    for boundary in (_CLAUSE_END, _PHRASE_START):
        ends = [match.start() for match in boundary.finditer(text)]
        fitting = [end for end in ends if words * 0.4 <= word_count(text[:end]) <= words]
        if fitting:
            piece = text[: fitting[-1] + 1].rstrip(",;:—– ").rstrip()
            return piece if piece.endswith((".", "?", "!")) else piece + "."
    if not fragment_ok:
        return text
    cut = _DANGLING.sub("", " ".join(text.split()[:words]).rstrip(",;:"))
    return cut if cut.endswith((".", "?", "!")) else cut + "."
