"""Which language a text is in: the one place Hookline detects it.

py3langid (BSD-3-Clause; a naive Bayes model over byte n-grams that ships inside the wheel, so it
runs offline) chooses among LANGUAGES, the widely written ones. Leaving out close regional
languages (Galician, Asturian, Occitan, Aragonese, Esperanto, ...) keeps a short Spanish comment
from being called one of them. A text gets no language (None), not a guess, when it has fewer
than MIN_WORDS words of two or more letters ("jaja", "Top!", emoji, timestamps) or when the best
language's probability is below MIN_CONFIDENCE.

Measured on 600 real comments, 566 of them in a language (bench/language_detection.py, hand-checked
labels in tests/fixtures/language_labels.jsonl; Spanish YouTube, English Reddit): 87% get their
language, 0.2% a wrong one, and none of the 34 that are no language (timestamps, hashtags, emoji)
gets one, at 0.1-0.15 ms a comment. langdetect, used before (6 words, probability 0.9), gave 79% /
1.6% at 3.6 ms a comment; the other candidates are compared in bench/LANGUAGE_RESULTS.md.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

LANGUAGES = (
    "en", "es", "pt", "fr", "it", "de", "nl", "ca", "ro", "pl", "cs", "sk", "hu", "sv", "da", "no", "fi", "et", "lv",
    "lt", "el", "tr", "ru", "uk", "bg", "sr", "hr", "sl", "ar", "he", "fa", "hi", "ur", "bn", "ta", "te", "id", "ms",
    "vi", "th", "tl", "ja", "ko", "zh", "sw",
)
"""The languages the detector chooses among (ISO 639-1)."""
NAMES = {
    "en": "English", "es": "Spanish", "pt": "Portuguese", "fr": "French", "it": "Italian", "de": "German", "nl": "Dutch",
    "ca": "Catalan", "ro": "Romanian", "pl": "Polish", "cs": "Czech", "sk": "Slovak", "hu": "Hungarian", "sv": "Swedish",
    "da": "Danish", "no": "Norwegian", "fi": "Finnish", "et": "Estonian", "lv": "Latvian", "lt": "Lithuanian",
    "el": "Greek", "tr": "Turkish", "ru": "Russian", "uk": "Ukrainian", "bg": "Bulgarian", "sr": "Serbian",
    "hr": "Croatian", "sl": "Slovenian", "ar": "Arabic", "he": "Hebrew", "fa": "Persian", "hi": "Hindi", "ur": "Urdu",
    "bn": "Bengali", "ta": "Tamil", "te": "Telugu", "id": "Indonesian", "ms": "Malay", "vi": "Vietnamese", "th": "Thai",
    "tl": "Tagalog", "ja": "Japanese", "ko": "Korean", "zh": "Chinese", "sw": "Swahili",
}
MIN_WORDS = 2
"""Fewer words than this (runs of two or more letters) is too short to tell."""
MIN_CONFIDENCE = 0.7
"""Below this probability the detector is guessing (measured: 0.6 doubles the wrong answers, 0.8 loses 3% more)."""
DETECT_CHARS = 200
"""Only the opening is read: the cost grows with length, the answers did not change from 120 to 500
characters on the labelled comments, and 300 cost an English comment 15% more time."""

_WORD = re.compile(r"[^\W\d_]{2,}")
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
"""Thai, kana and Han characters: written without spaces, so two of them count as a word."""


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    """The model, loaded on first use (about a second) and shared: classifying changes nothing in it."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def word_count(text: str) -> int:
    """Words of two or more letters (two Thai, kana or Han characters count as one)."""
    return len(_WORD.findall(text)) + len(_UNSPACED.findall(text)) // 2


def identify(text: str) -> tuple[str, float] | None:
    """The most likely language of `text` (ISO 639-1) and its probability, or None when the text
    has fewer than MIN_WORDS words. The probability is not checked here: see `detect_language`."""
    opening = text[:DETECT_CHARS]
    if word_count(opening) < MIN_WORDS:
        return None
    code, probability = _identifier().classify(opening)
    return str(code), float(probability)


def detect_language(text: str, *, min_confidence: float = MIN_CONFIDENCE) -> str | None:
    """The language of `text` (ISO 639-1, e.g. "es"), or None when it is too short or unsure to tell."""
    found = identify(text)
    if found is None or found[1] < min_confidence:
        return None
    return found[0]


def language_name(code: str) -> str:
    """"es" -> "Spanish"; an unknown code is returned as it is."""
    return NAMES.get(code, code)


NAMED_IN = ("en", "es", "de", "fr", "pt", "it", "nl", "pl", "tr", "ru")
"""The languages a brief can name a language in ("Spanish", "español", "Spanisch", "espagnol", ...)."""


def language_named(name: str) -> str | None:
    """The code of a language named in any language ("Spanish", "español", "Deutsch"), when the detector knows it
    (langcodes, MIT, with its names data inside the wheel); None for a word that names no such language."""
    import langcodes

    word = name.strip().casefold()
    try:
        code = langcodes.find(word).language
    except LookupError:
        return None
    if code not in LANGUAGES:
        return None
    # find() also matches places and near-misses ("Germany" → de, "seconds" → cs): only the language's own name, as
    # one of the detector's languages writes it, counts.
    names = {langcodes.Language.get(code).display_name(written_in).casefold() for written_in in NAMED_IN}
    return code if word in names else None


def language_shares(codes: Iterable[str | None]) -> dict[str, float]:
    """Each language's share of the texts whose language is known, largest first (sums to 1, or empty)."""
    counts = Counter(code for code in codes if code)
    total = sum(counts.values())
    return {code: round(count / total, 4) for code, count in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))}


def describe_shares(shares: Mapping[str, float], *, limit: int = 3) -> str:
    """"Spanish 80%, English 20%": the `limit` largest shares by name, the rest as "other"."""
    ranked = sorted(shares.items(), key=lambda pair: (-pair[1], pair[0]))
    parts = [f"{language_name(code)} {_percent(share)}" for code, share in ranked[:limit]]
    rest = sum(share for _code, share in ranked[limit:])
    if rest > 0:
        parts.append(f"other {_percent(rest)}")
    return ", ".join(parts)


def _percent(share: float) -> str:
    return "<1%" if 0 < share < 0.005 else f"{share:.0%}"
