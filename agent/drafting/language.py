"""Which language a draft is written in, and whether a written part is in it (detected by tools/language.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tools.language import NAMES, identify, word_count

__all__ = ["MIN_CONFIDENCE", "NAMES", "Language", "choose_language", "close_languages", "detect", "written_in"]

# Platform and format names are English in every language ("un TikTok", "YouTube Shorts"); they would tip a short
# Spanish brief towards English, so they are removed before detection.
_LOANWORDS = re.compile(
    r"\b(tik ?tok|youtube|shorts?|reels?|instagram|insta|linkedin|podcast|x thread|hook|cta|script|vlog|vs)\b", re.IGNORECASE
)
MIN_CONFIDENCE = 0.8
_ROMANCE = {"es", "ca", "pt", "gl", "it", "fr"}
MIN_WORDS = 4


@dataclass(frozen=True)
class Language:
    code: str
    """ISO 639-1, e.g. "es"."""
    reason: str
    """Why this language was chosen, in a sentence for the user."""

    @property
    def name(self) -> str:
        return NAMES.get(self.code, self.code)


def detect(text: str) -> tuple[str, float] | None:
    """The most likely language of the text and its probability, or None when it is too short to tell."""
    cleaned = _LOANWORDS.sub(" ", text)
    if word_count(cleaned) < MIN_WORDS:
        return None
    return identify(cleaned)


def choose_language(brief_text: str, evidence_texts: list[str]) -> Language:
    """The brief's language; when the brief is too short or mixed to tell, the language most evidence is in; else English."""
    found = detect(brief_text)
    if found and found[1] >= MIN_CONFIDENCE:
        return Language(found[0], f"your brief is written in {NAMES.get(found[0], found[0])}")
    votes: dict[str, int] = {}
    for text in evidence_texts:
        guess = detect(text)
        if guess and guess[1] >= MIN_CONFIDENCE:
            votes[guess[0]] = votes.get(guess[0], 0) + 1
    if votes:
        code = max(votes, key=lambda key: votes[key])
        return Language(code, f"your brief did not settle it and most of the comments it rests on are in {NAMES.get(code, code)}")
    return Language("en", "your brief did not settle it, so English")


def written_in(text: str, code: str) -> bool:
    """False only when the text is long enough to tell and clearly another language."""
    found = detect(text)
    if found is None or found[1] < MIN_CONFIDENCE:
        return True
    if found[0] == code:
        return True
    return close_languages(found[0], code)


def close_languages(first: str, second: str) -> bool:
    """Short lines of close languages blur (the detector calls some Spanish lines Catalan or Portuguese): within the
    Romance family, a line guessed as a sister language is taken as the one expected."""
    return first == second or (first in _ROMANCE and second in _ROMANCE)
