"""Which language a script is in: langdetect (seeded, so the answer is repeatable), on the spoken text."""

from __future__ import annotations

import functools

MIN_LETTERS = 12  # below this langdetect guesses; such a script is treated as unknown


@functools.lru_cache(maxsize=1)
def _seeded() -> None:
    from langdetect import DetectorFactory

    DetectorFactory.seed = 0  # langdetect samples at random; a fixed seed makes it deterministic


def detect_language(text: str) -> str | None:
    """An ISO 639-1 code ("en", "es", ...) or None when the text is too short or not language."""
    if sum(char.isalpha() for char in text) < MIN_LETTERS:
        return None
    _seeded()
    from langdetect import LangDetectException, detect

    try:
        return detect(text)
    except LangDetectException:
        return None
