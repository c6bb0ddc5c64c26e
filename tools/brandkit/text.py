"""Deterministic text measures and quote matching (no model, no randomness).

Sentence splitting, word and syllable counts, Flesch-Kincaid grade, emoji and hashtag
counts, and `find_quote`, which checks that a quote really occurs in a text while
forgiving case, punctuation, curly quotes and whitespace.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

WORD = re.compile(r"[^\W_]+(?:[’'\-][^\W_]+)*")
EMOJI = re.compile(
    "[\U0001f1e6-\U0001f1ff\U0001f300-\U0001f5ff\U0001f600-\U0001f64f\U0001f680-\U0001f6ff"
    "\U0001f700-\U0001f77f\U0001f780-\U0001f7ff\U0001f800-\U0001f8ff\U0001f900-\U0001f9ff"
    "\U0001fa00-\U0001faff\u2600-\u26ff\u2700-\u27bf\u2b50\u2b55\u2b1b\u2b1c\u3030\u303d]"
)
HASHTAG = re.compile(r"(?<![\w&/#])#(?=\w*[^\W\d_])\w{1,80}")
URL = re.compile(r"https?://\S+|www\.\S+")
_ABBREVIATIONS = ("e.g.", "i.e.", "u.s.", "dr.", "mr.", "mrs.", "ms.", "etc.", "vs.", "a.m.", "p.m.", "st.", "no.", "d.c.")
_SENTENCE_END = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"”’')\]]))\s+(?=[\"“‘'(\[¿¡]?[A-Z0-9À-Ý@#]|https?://)")


def split_sentences(text: str) -> list[str]:
    """Sentences of `text`: split at . ! ? before a capital, and at line breaks."""
    sentences: list[str] = []
    for line in re.split(r"\n+", text):
        line = line.strip()
        if not line:
            continue
        pieces = _SENTENCE_END.split(line)
        merged: list[str] = []
        for piece in pieces:
            if merged and merged[-1].split()[-1].lower().lstrip("(“\"'") in _ABBREVIATIONS:
                merged[-1] = f"{merged[-1]} {piece}"
            else:
                merged.append(piece)
        sentences.extend(piece.strip() for piece in merged if WORD.search(piece))
    return sentences


def words(text: str) -> list[str]:
    return WORD.findall(text)


def syllables(word: str) -> int:
    """An English syllable estimate (vowel groups, silent e): the usual readability heuristic."""
    letters = re.sub(r"[^a-z]", "", word.lower())
    if not letters:
        return 1
    if len(letters) <= 3:
        return 1
    letters = re.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$", "", letters)
    letters = re.sub(r"^y", "", letters)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", letters)))


def reading_grade(text: str) -> float | None:
    """Flesch-Kincaid grade level; None for text without words."""
    sentences = split_sentences(text)
    tokens = words(text)
    if not sentences or not tokens:
        return None
    syllable_count = sum(syllables(token) for token in tokens)
    return 0.39 * (len(tokens) / len(sentences)) + 11.8 * (syllable_count / len(tokens)) - 15.59


def count_emoji(text: str) -> int:
    return len(EMOJI.findall(text))


def hashtags(text: str) -> list[str]:
    return HASHTAG.findall(text)


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100) of a non-empty sequence."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return float(ordered[0])
    position = (len(ordered) - 1) * q / 100
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return float(ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower))


def content_hash(text: str) -> str:
    """The same passage under different whitespace, case or punctuation hashes the same."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()


def _normalized_with_map(text: str) -> tuple[str, list[int]]:
    """Lowercase alphanumerics with single spaces between runs, plus each char's index in `text`."""
    out: list[str] = []
    index: list[int] = []
    pending_space = False
    for position, char in enumerate(text):
        for folded in unicodedata.normalize("NFKC", char).lower():
            if folded.isalnum():
                if pending_space and out:
                    out.append(" ")
                    index.append(position)
                pending_space = False
                out.append(folded)
                index.append(position)
            else:
                pending_space = True
    return "".join(out), index


def normalize(text: str) -> str:
    """Case, punctuation and whitespace folded away: what quote matching compares."""
    return _normalized_with_map(text)[0]


@dataclass(frozen=True)
class QuoteMatch:
    source: str
    text: str  # the matching span, verbatim from the source's text


def find_quote(quote: str, texts: Iterable[tuple[str, str]], *, min_chars: int = 12, min_words: int = 2) -> QuoteMatch | None:
    """Where `quote` occurs among `(source, text)` pairs, as the verbatim span; None if nowhere.

    Case, punctuation and spacing are forgiven; words are not. Too-short quotes (which
    would match anything) are refused.
    """
    needle = normalize(quote)
    if len(needle) < min_chars or len(needle.split()) < min_words:
        return None
    for source, text in texts:
        haystack, index = _normalized_with_map(text)
        start = f" {haystack} ".find(f" {needle} ")
        if start < 0:
            continue
        begin = index[start]
        end = index[start + len(needle) - 1] + 1
        return QuoteMatch(source=source, text=text[begin:end])
    return None


def shorten(text: str, max_chars: int = 160, around: str | None = None) -> str:
    """A verbatim piece of `text`, at most `max_chars`, cut at word boundaries (around `around` if given)."""
    text = " ".join(text.split())
    if len(text) <= max_chars:
        return text
    start = 0
    if around:
        found = text.lower().find(around.lower())
        if found > max_chars // 2:
            start = found - max_chars // 3
    piece = text[start : start + max_chars]
    if start > 0 and " " in piece:
        piece = piece[piece.index(" ") + 1 :]
    if start + max_chars < len(text) and " " in piece:
        piece = piece[: piece.rindex(" ")]
    return piece.strip(" ,;:")


def first_sentence(text: str) -> str:
    sentences = split_sentences(text)
    return sentences[0] if sentences else text.strip()


def normalise_text(text: str) -> str:
    """Lower case, accents folded, every run of non-alphanumerics (except @ . -) as one space."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9@.\-]+", " ", folded).strip()


def copied_phrases(text: str, sources: Sequence[str], *, words: int = 6) -> list[str]:
    """Runs of at least `words` consecutive words of `text` that also occur in one of `sources` (longest first)."""
    def tokens(value: str) -> list[str]:
        return re.findall(r"[\w@'’-]+(?:\.[\w-]+)*", normalise_text(value))

    grams: set[tuple[str, ...]] = set()
    for source in sources:
        found = tokens(source)
        grams.update(tuple(found[i : i + words]) for i in range(len(found) - words + 1))
    target = tokens(text)
    hits = [i for i in range(len(target) - words + 1) if tuple(target[i : i + words]) in grams]
    runs: list[str] = []
    index = 0
    while index < len(hits):
        start = end = hits[index]
        while index + 1 < len(hits) and hits[index + 1] == end + 1:
            index += 1
            end = hits[index]
        runs.append(" ".join(target[start : end + words]))
        index += 1
    return sorted(runs, key=len, reverse=True)
