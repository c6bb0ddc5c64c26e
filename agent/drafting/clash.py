"""Does a line say the opposite of the comment it cites?

The support check scores shared words and meaning, so a line can share a comment's words and invert its opinion:
"Alex Hawkers tiene el mejor audio que hay en la internet" passed as resting on "Este es el mejor podcast con peor
audio que hay ahora mismo en la internet" (eval run B of ac87035, D09).

The embedded model could judge it, at a cost (bench/INVERSION_RESULTS.md, 40 labelled pairs in four languages):
asked whether the line says the opposite, it does no better than chance; asked whether both can be true, it catches
10 of 20 inversions and flags 1 of 20 faithful lines, at about 0.6 s a pair. It is not used yet:
on the embedded server (one slot, core/llm/embedded.py) a call between two parts evicts the script's cached
conversation, so the next part's prompt is processed again in full; the checks would have to wait until every part
is written, and a part they fail rewritten after that.

So the check is in code, and narrow on purpose: for each content word the line shares with its source (compared by
stem, so "episodes" meets "episode"), the nearest opinion word around it in each text (the import's sentiment
lexicon: English, Spanish and German) gives its polarity there, flipped by a negation just before it ("not bad").
Good around it in one text and bad in the other is a clash. A line that inverts a comment without sharing its words
is usually far from it in meaning too, and the support check does not let it cite that comment.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import langcodes
import snowballstemmer

from tools.corpus import lexicon
from tools.corpus.opinions import NEGATIVE, POSITIVE, tokens
from tools.corpus.search import fold

WINDOW = 4  # an opinion word this many tokens or fewer from the shared word speaks of it ("peor audio", "audio was bad")
NEGATION_REACH = 3  # as in the import's sentiment (tools/corpus/opinions.py): "no es nada malo", "not that bad"
_FOLDED_STOP = frozenset(fold(word) for word in lexicon.STOPWORDS)
_NEGATIONS = frozenset(fold(word) for word in lexicon.NEGATIONS)
_INTENSIFIERS = frozenset(fold(word) for word in lexicon.INTENSIFIERS)


@dataclass(frozen=True)
class Clash:
    word: str
    """The word both texts share, as the line writes it."""
    source_says: str
    """The source's words around it ("peor audio")."""
    line_says: str
    """The line's words around it ("mejor audio")."""


@functools.lru_cache(maxsize=16)
def _stemmer(language: str) -> snowballstemmer.stemmer | None:
    name = langcodes.Language.get(language).display_name("en").lower()
    return snowballstemmer.stemmer(name) if name in snowballstemmer.algorithms() else None


def _polarity(words: list[str], position: int) -> int:
    word = words[position]
    if fold(word) in _INTENSIFIERS and position + 1 < len(words) and _polarity(words, position + 1):
        return 0  # "richtig schlecht", "super bueno": it strengthens the next word, it is no opinion of its own
    if word in POSITIVE or fold(word) in POSITIVE:
        return 1
    if word in NEGATIVE or fold(word) in NEGATIVE:
        return -1
    return 0


def _opinion_near(words: list[str], index: int) -> tuple[int, int, int] | None:
    """(polarity, first, last) of the nearest opinion word within WINDOW of `index`, the span covering both; None
    when there is none or the nearest ones disagree (a word between praise and blame is not judged)."""
    for distance in range(1, WINDOW + 1):
        found = set()
        for position in (index - distance, index + distance):
            if 0 <= position < len(words) and (polarity := _polarity(words, position)):
                before = {fold(word) for word in words[max(0, position - NEGATION_REACH) : position]}
                found.add((-polarity if before & _NEGATIONS else polarity, position))
        signs = {polarity for polarity, _ in found}
        if len(signs) > 1:
            return None
        if found:
            polarity, position = found.pop()
            return polarity, min(index, position), max(index, position)
    return None


def clash(line: str, source: str, language: str) -> Clash | None:
    """The first word the line shares with `source` that one text calls good and the other bad, if any."""
    stemmer = _stemmer(language)

    def stem(word: str) -> str:
        folded = fold(word)
        return stemmer.stemWord(folded) if stemmer else folded

    line_words, source_words = tokens(line), tokens(source)
    source_at: dict[str, list[int]] = {}
    for index, word in enumerate(source_words):
        if _is_content(source_words, index):
            source_at.setdefault(stem(word), []).append(index)
    for index, word in enumerate(line_words):
        if not _is_content(line_words, index) or stem(word) not in source_at:
            continue
        in_line = _opinion_near(line_words, index)
        if in_line is None:
            continue
        for source_index in source_at[stem(word)]:
            in_source = _opinion_near(source_words, source_index)
            if in_source is not None and in_source[0] != in_line[0]:
                return Clash(
                    word=word,
                    source_says=" ".join(source_words[in_source[1] : in_source[2] + 1]),
                    line_says=" ".join(line_words[in_line[1] : in_line[2] + 1]),
                )
    return None


def _is_content(words: list[str], index: int) -> bool:
    folded = fold(words[index])
    return len(folded) >= 3 and not folded.isdigit() and folded not in _FOLDED_STOP and folded not in _NEGATIONS \
        and not _polarity(words, index)
