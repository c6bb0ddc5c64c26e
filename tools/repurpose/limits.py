"""Length limits per format and platform, each with its source.

Hard limits are the platforms' own (as published in their help pages; checked 2026-12, re-check
when a platform changes them). "Editorial" limits are Hookline's choice for a format that has
no hard limit, and say so.
"""

from __future__ import annotations

from pydantic import BaseModel


class Limit(BaseModel):
    name: str
    max_value: int
    unit: str
    source: str
    hard: bool = True
    """False for advice (shown, but a format over it still counts as within its limits)."""


# Post captions, characters.
CAPTION_CHARS: dict[str, Limit] = {
    "tiktok": Limit(name="TikTok caption", max_value=4000, unit="characters", source="TikTok Help Center: captions up to 4,000 characters"),
    "instagram_reels": Limit(name="Instagram caption", max_value=2200, unit="characters", source="Instagram Help Center: captions up to 2,200 characters"),
    "youtube_shorts": Limit(name="YouTube description", max_value=5000, unit="characters", source="YouTube Help: descriptions up to 5,000 characters"),
    "youtube": Limit(name="YouTube description", max_value=5000, unit="characters", source="YouTube Help: descriptions up to 5,000 characters"),
    "linkedin": Limit(name="LinkedIn post", max_value=3000, unit="characters", source="LinkedIn Help: posts up to 3,000 characters"),
    "x": Limit(name="X post", max_value=280, unit="characters", source="X Help Center, counting characters: 280 for a standard account"),
    "podcast": Limit(name="Episode description", max_value=4000, unit="characters", source="Apple Podcasts Connect: episode descriptions up to 4,000 characters"),
    "other": Limit(name="Caption", max_value=2200, unit="characters", source="editorial: Instagram's 2,200, the tightest of the common caption limits"),
}
# Shown above the "more" fold: editorial target, not a hard limit (a caption is cut there in the feed).
CAPTION_FOLD = Limit(name="Caption before the fold", max_value=150, unit="characters",
                     source="editorial: feeds show roughly the first 125-150 characters before 'more'", hard=False)

THREAD_POST = Limit(name="Thread post", max_value=280, unit="characters", source="X Help Center, counting characters: 280 for a standard account")
THREAD_POSTS = Limit(name="Posts in a thread", max_value=8, unit="posts", source="editorial: past 8 posts readers drop off; X allows 25")

# Voice-over read, seconds: the longest video the platform takes for this format.
VOICE_SECONDS: dict[str, Limit] = {
    "tiktok": Limit(name="TikTok video", max_value=600, unit="seconds", source="TikTok: in-app videos up to 10 minutes"),
    "instagram_reels": Limit(name="Instagram Reel", max_value=180, unit="seconds", source="Instagram (Jan 2025): Reels up to 3 minutes"),
    "youtube_shorts": Limit(name="YouTube Short", max_value=180, unit="seconds", source="YouTube Help (Oct 2024): Shorts up to 3 minutes"),
    "x": Limit(name="X video", max_value=140, unit="seconds", source="X Help Center: videos up to 2 minutes 20 seconds for a standard account"),
    "other": Limit(name="Voice-over read", max_value=90, unit="seconds", source="editorial: a short-video read past 90 s is no longer short"),
}

EMAIL_SUBJECT = Limit(name="Email subject", max_value=60, unit="characters", source="editorial: mail apps cut subjects near 60 characters on phones")
EMAIL_PREHEADER = Limit(name="Email preview text", max_value=100, unit="characters", source="editorial: inboxes show 40-100 characters of preview text")
EMAIL_BODY = Limit(name="Email teaser body", max_value=600, unit="characters", source="editorial: a teaser is a few sentences; the link carries the rest")


def caption_limit(platform: str | None) -> Limit:
    return CAPTION_CHARS.get(platform or "other", CAPTION_CHARS["other"])


def voice_limit(platform: str | None) -> Limit:
    return VOICE_SECONDS.get(platform or "other", VOICE_SECONDS["other"])
