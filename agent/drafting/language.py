"""Which language a draft is written in, and whether a written part is in it (detected by tools/language.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tools.language import NAMES, identify, language_named, word_count

__all__ = ["MIN_CONFIDENCE", "NAMES", "THEIRS", "Language", "asked_language", "choose_language", "close_languages", "detect",
           "written_in"]

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


# "in Spanish", "en español", "auf Deutsch", "em português": the word after it is looked up as a language name.
# "in Spanish class" names a subject, not the script's language.
_NAMED = re.compile(
    r"\b(?:in|into|en|auf|em|na|in lingua)\s+([^\W\d_]{4,})(?!\s+(?:class(?:es)?|lessons?|courses?|teachers?|clases?|cursos?"
    r"|unterricht|kurse?)\b)",
    re.IGNORECASE,
)
# "in the audience's language", "in their language", "en el idioma de los comentarios", "in der Sprache der Fans".
_THEIRS = re.compile(
    r"\b(?:(?:the\s+)?(?:audience|viewers|comments|fans|followers)(?:'s|’s|')?\s+(?:own\s+)?language"
    r"|their\s+(?:own\s+)?language|language\s+of\s+(?:the\s+|their\s+)?(?:audience|viewers|comments|fans|followers)"
    r"|idioma\s+de\s+(?:la\s+audiencia|los\s+comentarios|los\s+seguidores|sus\s+fans|su\s+p[uú]blico)"
    r"|su\s+(?:propio\s+)?idioma|sprache\s+(?:der|des|ihrer)\s+(?:zuschauer|kommentare|publikums|fans|follower)"
    r"|in\s+ihrer\s+sprache)\b",
    re.IGNORECASE,
)
THEIRS = "theirs"


def asked_language(brief_text: str) -> str | None:
    """The language the brief asks the script to be in: a code, THEIRS for the audience's own, or None."""
    if _THEIRS.search(brief_text):
        return THEIRS
    for match in _NAMED.finditer(brief_text):
        code = language_named(match.group(1))
        if code:
            return code
    return None


def _majority(evidence_texts: list[str]) -> str | None:
    votes: dict[str, int] = {}
    for text in evidence_texts:
        guess = detect(text)
        if guess and guess[1] >= MIN_CONFIDENCE:
            votes[guess[0]] = votes.get(guess[0], 0) + 1
    return max(votes, key=lambda key: votes[key]) if votes else None


def choose_language(brief_text: str, evidence_texts: list[str]) -> Language:
    """The language the brief asks for (by name, or the audience's own); else the brief's language; when the brief is
    too short or mixed to tell, the language most evidence is in; else English."""
    asked, theirs = asked_language(brief_text), _majority(evidence_texts)
    name = lambda code: NAMES.get(code, code)  # noqa: E731
    if asked == THEIRS and theirs:
        return Language(theirs, f"you asked for the audience's language: most of the comments it rests on are in {name(theirs)}")
    if asked and asked != THEIRS:
        return Language(asked, f"you asked for {name(asked)}")
    found = detect(brief_text)
    if found and found[1] >= MIN_CONFIDENCE:
        reason = f"your brief is written in {name(found[0])}"
        if asked == THEIRS:
            reason += " (you asked for the audience's language, but the comments it rests on do not settle one)"
        elif theirs and not close_languages(theirs, found[0]):
            reason += f"; most of the comments it rests on are in {name(theirs)}: ask for “in {name(theirs)}” to write in theirs"
        return Language(found[0], reason)
    if theirs:
        return Language(theirs, f"your brief did not settle it and most of the comments it rests on are in {name(theirs)}")
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
