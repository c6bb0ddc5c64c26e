"""How close two texts are: embedding cosine plus content-word overlap, and the copy/repeat checks built on them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np


class Embedder(Protocol):
    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def embedder_of(ctx: Any) -> Embedder:
    """The run's embedder (`AgentContext.embedder`); a context built without one is a programming error."""
    embedder = getattr(ctx, "embedder", None)
    if embedder is None:
        raise RuntimeError("The agent context has no embedder: build it with AgentSession.open(services) or pass embedder=.")
    return embedder


# Function words of the languages Hookline drafts in; they say nothing about what a part is about.
_STOP = frozenset(
    """a an the and or but if of to in on at for with from by as is are was were be been it its this that these those
    i you he she we they me my your our their his her them us do does did not no so just very can will would what
    who how why when where there here all more most than then too also about into out up down over get got have
    has el la los las un una unos unas y o pero si de del al en con por para es son era fue ser que como lo le les
    se su sus mi mis tu tus nos ya muy mas más esto esta este estos estas eso esa ese hay sí yo tú él ella ellos
    nosotros vosotros te qué cómo cuando donde todo todos toda todas también tan porque pues der die das und oder
    aber ist sind war ein eine einen dem den des zu mit von für auf nicht ich du wir sie""".split()  # noqa: SIM905 - a word list reads better as text
)


def _fold(text: str) -> str:
    return "".join(
        ch
        for ch in unicodedata.normalize("NFKD", text.lower())
        if not unicodedata.combining(ch)
    )


def content_words(text: str) -> set[str]:
    """Content words, accents folded and cut to a 5-letter stem ("entrevistas" and "entrevista" meet)."""
    words = re.findall(r"[a-z0-9]+", _fold(text))
    return {word[:5] for word in words if len(word) > 2 and word not in _STOP}


def overlap(part: str, sources: Sequence[str]) -> float:
    """Share of the part's content words that occur in the sources (0 when the part has none)."""
    mine = content_words(part)
    if not mine:
        return 0.0
    theirs: set[str] = (
        set().union(*(content_words(source) for source in sources))
        if sources
        else set()
    )
    return len(mine & theirs) / len(mine)


def cosine_matrix(
    embedder: Embedder, left: Sequence[str], right: Sequence[str]
) -> np.ndarray:
    if not left or not right:
        return np.zeros((len(left), len(right)), dtype=np.float32)
    vectors = np.asarray(embedder.embed([*left, *right]), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = vectors / np.maximum(norms, 1e-9)
    return vectors[: len(left)] @ vectors[len(left) :].T


# Support = how much of a part rests on what it cites. Weights and threshold chosen on hand-made pairs
# (tests/test_drafting_checks.py): a paraphrase of a comment scores 0.45-0.8, an unrelated line 0.05-0.25.
EMBED_WEIGHT = 0.6
SUPPORT_THRESHOLD = 0.3


def support_scores(
    embedder: Embedder, part: str, sources: Sequence[str]
) -> list[float]:
    """One score per source: 0.6 x cosine + 0.4 x the share of the part's content words found in that source."""
    if not sources:
        return []
    cosines = cosine_matrix(embedder, [part], list(sources))[0]
    return [
        round(
            EMBED_WEIGHT * max(float(cos), 0.0)
            + (1 - EMBED_WEIGHT) * overlap(part, [source]),
            3,
        )
        for cos, source in zip(cosines, sources, strict=True)
    ]


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", _fold(text))


def copied_run(text: str, sources: Sequence[str], words: int = 8) -> str | None:
    """The first run of `words`+ consecutive words the text shares with any source, or None."""
    mine = _tokens(text)
    if len(mine) < words:
        return None
    grams = {" ".join(mine[i : i + words]) for i in range(len(mine) - words + 1)}
    for source in sources:
        theirs = _tokens(source)
        for i in range(len(theirs) - words + 1):
            gram = " ".join(theirs[i : i + words])
            if gram in grams:
                return gram
    return None


NEAR_IDENTICAL_COSINE = 0.9
NEAR_IDENTICAL_OVERLAP = 0.7


def near_identical(embedder: Embedder, text: str, others: Sequence[str]) -> str | None:
    """The earlier part this one (nearly) repeats, or None. Both tests must agree: the same words and the same meaning."""
    candidates = [other for other in others if other.strip()]
    if not candidates or not text.strip():
        return None
    cosines = cosine_matrix(embedder, [text], candidates)[0]
    for cos, other in zip(cosines, candidates, strict=True):
        words_shared = (
            overlap(text, [other])
            if len(content_words(text)) <= len(content_words(other))
            else overlap(other, [text])
        )
        if float(cos) >= NEAR_IDENTICAL_COSINE or (
            words_shared >= NEAR_IDENTICAL_OVERLAP and float(cos) >= 0.6
        ):
            return other
    return None
