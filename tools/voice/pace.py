"""Speaking rates: how fast each platform is read, how many words a second each language packs,
and the duration estimate both give.

The estimate for a script is words / (platform rate x language factor). Both tables are here so
that a newcomer can see where every number comes from.
"""

from __future__ import annotations

from pydantic import BaseModel

# English words per second a voice-over is read at on each platform. Editorial defaults, not
# measurements, and the same figures as agent/drafting/timing.py's SPEAKING_RATE (which sizes the
# draft), so that the draft's estimate and this one agree for English: ~150 words a minute (2.5/s)
# is the usual figure for conversational English; short vertical video is read faster, long-form
# and podcasts slower. Change both together (or have one import the other).
PLATFORM_WORDS_PER_SECOND: dict[str, float] = {
    "tiktok": 2.7,
    "instagram_reels": 2.7,
    "youtube_shorts": 2.6,
    "x": 2.5,
    "youtube": 2.4,
    "linkedin": 2.4,
    "podcast": 2.3,
    "other": 2.5,
}

# Words per second relative to English at the same tempo. Measured 2026-12-02 with espeak-ng 1.51
# (Debian) at its fixed rate `-s 150` on parallel five-part scripts we wrote for this (hook, selling
# point, two beats, call to action, 0.3 s between parts): English 2.576 words/s (median of 4 scripts),
# Spanish 2.424 (4), German 2.191 (2), French 2.817 (2), Portuguese 2.268 (2). A language whose words
# are longer (German compounds) fits fewer words in a second at the same tempo. Small samples: the
# factors are right to about +-10%, not better. Languages not listed use 1.0.
LANGUAGE_WORD_RATE: dict[str, float] = {
    "en": 1.0,
    "es": round(2.424 / 2.576, 3),  # 0.941
    "de": round(2.191 / 2.576, 3),  # 0.851
    "fr": round(2.817 / 2.576, 3),  # 1.094
    "pt": round(2.268 / 2.576, 3),  # 0.880
}

# The flat estimate drafts used before platform rates (tools/script.py): 2.5 words a second, any language.
FLAT_WORDS_PER_SECOND = 2.5


class Pace(BaseModel):
    platform: str
    language: str
    words_per_second: float
    basis: str
    """In words, where the rate comes from (shown to people beside the estimate)."""


def pace_for(platform: str | None, language: str) -> Pace:
    key = (platform or "other").strip().lower().replace(" ", "_")
    key = key if key in PLATFORM_WORDS_PER_SECOND else "other"
    factor = LANGUAGE_WORD_RATE.get(language, 1.0)
    rate = PLATFORM_WORDS_PER_SECOND[key] * factor
    measured = "measured" if language in LANGUAGE_WORD_RATE else "not measured, English's"
    basis = (f"{PLATFORM_WORDS_PER_SECOND[key]:g} words/s for {key.replace('_', ' ')} in English, "
             f"x{factor:g} for {language} ({measured})")
    return Pace(platform=key, language=language, words_per_second=round(rate, 3), basis=basis)


def word_count(text: str) -> int:
    return len(text.split())


def estimate_seconds(text: str, platform: str | None, language: str) -> float:
    """Calibrated spoken duration of `text` at the platform's rate, in seconds."""
    return round(word_count(text) / pace_for(platform, language).words_per_second, 1)
