"""Reading one comment without a model: sentiment (-1..1), a category, and, for a reply, its
stance towards the parent (agree +1, pushback -1, neither 0). Deterministic lexicon rules for
English, Spanish and German (see lexicon.py), fast enough to run on every comment at import.

Categories, checked in this order:
- off_topic: spam (self-promotion, links, "subscribe"), deleted or removed text, no words at all;
- product_feedback: names a concrete aspect of the product or production (audio, camera,
  editing, length, ads, price, sizes, fabric, the interviewer...);
- request: a question or a request ("haz un video de...", "bitte mehr davon", "part 2?");
- complaint: negative sentiment, or a complaint phrase ("too long", "pérdida de tiempo");
- praise: positive sentiment (for the creator, the guest, the content);
- emotion: an emotional reaction (laughter, "wow", emoji) or any other remark on the content.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from tools.corpus import lexicon

Category = Literal["product_feedback", "request", "praise", "emotion", "complaint", "off_topic"]
CATEGORIES: tuple[Category, ...] = ("product_feedback", "request", "praise", "emotion", "complaint", "off_topic")

_TOKEN = re.compile(r"[\w'’+%]+", re.UNICODE)
_URL = re.compile(r"https?://|www\.|\.com/|bit\.ly", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_LAUGH = re.compile(r"^(?:j+a+){2,}j*$|^(?:h+a+){2,}h*$|^(?:j+e+){2,}$|^x+d+$|^lo+l$|^lmf?ao+$", re.IGNORECASE)
_REMOVED = {"[deleted]", "[removed]"}
# Agreement words that also open unrelated sentences ("this is...", "si vas..."): they count
# only in a reply of at most three words.
_WEAK_AGREE = {"this", "same", "yes", "yep", "yeah", "si", "sí", "ja", "jap", "jo", "real", "right", "claro",
               "mismo", "igual", "tal", "eben", "sehe", "based", "true"}


def _strip_accents(word: str) -> str:
    return "".join(char for char in unicodedata.normalize("NFKD", word) if not unicodedata.combining(char))


def _german_ascii(word: str) -> str:
    return word.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")


def _words(groups: dict[str, str]) -> frozenset[str]:
    words: set[str] = set()
    for language, text in groups.items():
        for word in text.split():
            words.add(word)
            if language == "es":
                words.add(_strip_accents(word))
            if language == "de":
                words.add(_german_ascii(word))
    return frozenset(words)


POSITIVE = _words(lexicon.POSITIVE)
NEGATIVE = _words(lexicon.NEGATIVE)
PRODUCT = frozenset(lexicon.PRODUCT) | frozenset(_strip_accents(word) for word in lexicon.PRODUCT)
EMOTION = frozenset(lexicon.EMOTION) | frozenset(_strip_accents(word) for word in lexicon.EMOTION)
QUESTION_STARTS = frozenset(lexicon.QUESTION_STARTS)


def tokens(text: str) -> list[str]:
    return [token.replace("’", "'") for token in _TOKEN.findall(text.lower())]


def _has_phrase(padded: str, phrases: tuple[str, ...]) -> bool:
    return any(f" {phrase} " in padded or (phrase.startswith(("[", "+")) and phrase in padded) for phrase in phrases)


def _padded(words: list[str]) -> str:
    return " " + " ".join(words) + " "


@dataclass(frozen=True)
class Reading:
    sentiment: float
    category: Category


@lru_cache(maxsize=65536)
def read_comment(text: str) -> Reading:
    """Sentiment and category of one comment."""
    sentiment = sentiment_of(text)
    return Reading(sentiment, category_of(text, sentiment))


def sentiment_of(text: str) -> float:
    """-1..1: lexicon hits (negation within the three words before flips a hit, an intensifier
    right before weighs 1.5x), emoji +-0.8 each (at most three count), squashed as x/sqrt(x^2+4)."""
    words = tokens(text)
    score = 0.0
    for index, word in enumerate(words):
        polarity = 1.0 if word in POSITIVE else -1.0 if word in NEGATIVE else 0.0
        if not polarity:
            continue
        window = words[max(0, index - 3) : index]
        if any(previous in lexicon.NEGATIONS for previous in window):
            polarity = -polarity * 0.8
        if index and words[index - 1] in lexicon.INTENSIFIERS:
            polarity *= 1.5
        score += polarity
    positive_emoji = sum(text.count(char) for char in lexicon.POSITIVE_EMOJI)
    negative_emoji = sum(text.count(char) for char in lexicon.NEGATIVE_EMOJI)
    score += 0.8 * min(positive_emoji, 3) - 0.8 * min(negative_emoji, 3)
    if _has_phrase(_padded(words), lexicon.COMPLAINT_PHRASES):
        score -= 1.0
    if score and "!" in text:
        score *= 1.2
    return round(score / math.sqrt(score * score + 4.0), 4)


def category_of(text: str, sentiment: float | None = None) -> Category:
    stripped = text.strip()
    lowered = stripped.lower()
    words = tokens(lowered)
    padded = _padded(words)
    if sentiment is None:
        sentiment = sentiment_of(text)
    has_emoji = any(char in lowered for char in lexicon.EMOTION_EMOJI + lexicon.POSITIVE_EMOJI)
    if lowered in _REMOVED or (not _LETTER.search(lowered) and not has_emoji):
        return "off_topic"
    bot_command = stripped.startswith("!") and len(words) <= 2  # "!emojify", "!remindme 2 days"
    spam_hit = bot_command or any(word in lexicon.SPAM for word in words) or _has_phrase(padded, lexicon.SPAM_PHRASES)
    if spam_hit or (_URL.search(lowered) and len(words) <= 12):
        return "off_topic"
    if any(word in PRODUCT for word in words):
        return "product_feedback"
    question = "?" in lowered or "¿" in lowered or (words[:1] and words[0] in QUESTION_STARTS)
    if question or _has_phrase(padded, lexicon.REQUEST_PHRASES) or _has_phrase(padded, lexicon.QUESTION_PHRASES):
        return "request"
    if is_emotional(stripped) and abs(sentiment) < 0.5:
        return "emotion"
    if sentiment <= -0.15 or _has_phrase(padded, lexicon.COMPLAINT_PHRASES):
        return "complaint"
    if sentiment >= 0.15:
        return "praise"
    return "emotion"


def is_emotional(text: str) -> bool:
    words = tokens(text)
    return (
        any(word in EMOTION or _LAUGH.match(word) for word in words)
        or any(char in text for char in lexicon.EMOTION_EMOJI)
        or _has_phrase(_padded(words), lexicon.EMOTION_PHRASES)
    )


def stance_of(text: str) -> int:
    """+1 when a reply agrees with its parent, -1 when it pushes back, 0 otherwise."""
    words = tokens(text)
    if not words:
        return 1 if any(char in text for char in "👍💯🙌👏") else 0
    padded = _padded(words)
    if _has_phrase(padded, lexicon.PUSHBACK_PHRASES):
        return -1
    if _has_phrase(padded, lexicon.AGREE_PHRASES):
        return 1
    if words[0] in {"no", "nope", "nah", "nein", "nö"} and len(words) > 1:
        return -1
    if any(word in lexicon.PUSHBACK for word in words[:8]):
        return -1
    strong = [word for word in words[:2] if word in lexicon.AGREE and word not in _WEAK_AGREE]
    weak = [word for word in words[:2] if word in _WEAK_AGREE]
    if strong or (weak and len(words) <= 3):
        return 1
    return 0


def is_removed(text: str) -> bool:
    return text.strip().lower() in _REMOVED
