"""Style fit: does a text sound like this brand's own posts more than like generic copy?

A new user has one kit, so the comparison is not with other kits: it is with a reference of
generic marketing copy shipped in `data/generic_copy.txt` (English and Spanish, written for
Hookline). Two measures, each brand minus generic:

- meaning: the mean cosine of the text to its NEAREST closest brand posts, minus the same
  against the generic texts (the offline embedder sees topic and phrasing);
- shape: how far the text's mean sentence length and reading grade sit from the medians measured
  on the brand's examples, in units of their spread (0 at the medians, negative away from them);
- surface: the mean log-probability of the text's character trigrams under the brand's posts,
  minus under the generic copy (add-half smoothing over both vocabularies): spelling,
  punctuation, emoji and word habits that embeddings blur.

fit = sigmoid((meaning - MEANING_CENTRE) / MEANING_SCALE + (surface - SURFACE_CENTRE) / SURFACE_SCALE
              + FORMAT_WEIGHT x shape), in 0..1. The reference is the brand's posts when it has at least 3
(what it published), else the examples taken from its guide.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from tools.brandkit.model import BrandKit
from tools.brandkit.text import reading_grade, split_sentences, words

if TYPE_CHECKING:
    from core.embeddings import Embedder
    from tools.brandkit.store import BrandKitStore

GENERIC_FILE = Path(__file__).parent / "data" / "generic_copy.txt"
NEAREST = 5
# Centres and scales set on the dev fixtures (bench/brand_extraction.py): a brand's own texts share
# topic words with its posts, so both margins run positive even for a text of another brand.
MEANING_CENTRE, MEANING_SCALE = 0.05, 0.16
SURFACE_CENTRE, SURFACE_SCALE = 0.2, 0.3
FORMAT_WEIGHT = 1.0
# The spread measured on a handful of posts is narrow by chance: never divide by less than this.
MIN_SENTENCE_SPREAD, MIN_GRADE_SPREAD = 6.0, 4.0


def generic_texts() -> list[str]:
    lines = GENERIC_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@functools.lru_cache(maxsize=4)
def _generic_vectors(embedder: Embedder) -> np.ndarray:
    return embedder.embed(generic_texts())


def char_trigrams(text: str) -> list[str]:
    """Character trigrams, case and punctuation kept: they carry spelling and punctuation habits."""
    padded = f" {' '.join(text.split())} "
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


@functools.lru_cache(maxsize=64)
def _trigram_counts(texts: tuple[str, ...]) -> Counter[str]:
    return Counter(gram for text in texts for gram in char_trigrams(text))


def _nearest_mean(vector: np.ndarray, matrix: np.ndarray) -> float:
    similarities = matrix @ vector
    top = np.sort(similarities)[-min(NEAREST, len(similarities)) :]
    return float(top.mean())


def _log_likelihood(grams: list[str], counts: Counter[str], vocabulary: int) -> float:
    total = sum(counts.values())
    return sum(math.log((counts[g] + 0.5) / (total + 0.5 * vocabulary)) for g in grams) / max(len(grams), 1)


@dataclass(frozen=True)
class StyleFit:
    brand_similarity: float
    generic_similarity: float
    surface: float  # log-likelihood per trigram, brand minus generic
    shape: float  # sentence length and reading grade against the brand's medians (0 = at them)
    reference: str  # "posts" or "examples"

    @property
    def meaning(self) -> float:
        return self.brand_similarity - self.generic_similarity

    @property
    def fit(self) -> float:
        z = ((self.meaning - MEANING_CENTRE) / MEANING_SCALE + (self.surface - SURFACE_CENTRE) / SURFACE_SCALE
             + FORMAT_WEIGHT * self.shape)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def shape_fit(kit: BrandKit, text: str) -> float:
    """0 when the text's mean sentence length and reading grade sit at the kit's medians; more negative
    the further away, in units of the kit's measured spread (90th minus 10th percentile)."""
    fit = 0.0
    lengths = [len(words(sentence)) for sentence in split_sentences(text) if len(words(sentence)) >= 2]
    measured = kit.formatting.sentence_words
    if measured is not None and lengths:
        fit -= abs(sum(lengths) / len(lengths) - measured.median) / max(measured.high - measured.low, MIN_SENTENCE_SPREAD)
    grades = kit.formatting.reading_grade
    grade = reading_grade(text) if len(words(text)) >= 8 else None
    if grades is not None and grade is not None:
        fit -= abs(grade - grades.median) / max(grades.high - grades.low, MIN_GRADE_SPREAD)
    return fit


def style_fit(kit: BrandKit, text: str, store: BrandKitStore) -> StyleFit | None:
    """How much more `text` sounds like the brand's posts than like generic copy; None without examples."""
    texts, vectors = store.voice_reference(kit)
    if not len(texts):
        return None
    embedder = store.embedder
    vector = embedder.embed([text])[0]
    generic = generic_texts()
    brand_counts = _trigram_counts(tuple(texts))
    generic_counts = _trigram_counts(tuple(generic))
    vocabulary = len(set(brand_counts) | set(generic_counts)) or 1
    grams = char_trigrams(text)
    surface = _log_likelihood(grams, brand_counts, vocabulary) - _log_likelihood(grams, generic_counts, vocabulary)
    posts = sum(example.kind == "post" for example in kit.examples)
    return StyleFit(
        brand_similarity=_nearest_mean(vector, vectors),
        generic_similarity=_nearest_mean(vector, _generic_vectors(embedder)),
        surface=surface,
        shape=shape_fit(kit, text),
        reference="posts" if posts >= 3 else "examples",
    )
