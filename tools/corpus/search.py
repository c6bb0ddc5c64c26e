"""Finding posts and comments for a query: vectors (meaning) and keywords (SQLite FTS5) together.

MiniLM is English-centric and misses plain Spanish or German keywords ("nutria"), so the
candidates are the union of the nearest vectors and the best keyword matches, scored

    relevance = cosine similarity + LEXICAL_WEIGHT * (share of the query's terms the text contains)

A candidate is relevant when it contains at least half of the query's terms, or when its
relevance is within RELEVANCE_BAND of the best candidate's (so a text that shares no word
with the query must be about as close in meaning as the best match).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from tools.corpus.lexicon import STOPWORDS

LEXICAL_WEIGHT = 0.3
RELEVANCE_BAND = 0.15
MIN_OVERLAP = 0.5
_TERM = re.compile(r"[^\W_]+", re.UNICODE)


@lru_cache(maxsize=262144)
def fold(text: str) -> str:
    """Lower case without accents (FTS5's `remove_diacritics` does the same)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_FOLDED_STOPWORDS = frozenset(fold(word) for word in STOPWORDS)


def query_terms(query: str, *, limit: int = 8) -> list[str]:
    """The query's content words, folded: no stop words, at least 3 letters (or digits)."""
    terms: list[str] = []
    for word in _TERM.findall(fold(query)):
        if (len(word) >= 3 or word.isdigit()) and word not in _FOLDED_STOPWORDS and word not in terms:
            terms.append(word)
    return terms[:limit]


def fts_expression(terms: list[str]) -> str | None:
    """An FTS5 query matching any term (words of 5+ letters also as prefixes: nutria -> nutrias)."""
    if not terms:
        return None
    return " OR ".join(f'"{term}"*' if len(term) >= 5 else f'"{term}"' for term in terms)


def lexical_overlap(terms: list[str], text: str) -> float:
    """Share of `terms` found in `text` (a term of 5+ letters also matches as a word prefix)."""
    if not terms:
        return 0.0
    words = {fold(word) for word in _TERM.findall(text)}
    hits = 0
    for term in terms:
        if term in words or (len(term) >= 5 and any(word.startswith(term) for word in words)):
            hits += 1
    return hits / len(terms)


@dataclass(frozen=True)
class Scope:
    """Which posts (and their comments) a search may return."""

    creator_ids: tuple[str, ...] | None = None
    platform: str | None = None
    since_ts: int | None = None
    post_id: str | None = None

    def chroma_where(self, kind: str) -> dict[str, Any] | None:
        parts: list[dict[str, Any]] = []
        if self.creator_ids is not None:
            ids = list(self.creator_ids)
            parts.append({"creator_id": ids[0]} if len(ids) == 1 else {"creator_id": {"$in": ids}})
        if self.platform:
            parts.append({"platform": self.platform})
        if self.since_ts is not None and kind == "posts":
            parts.append({"published_ts": {"$gte": self.since_ts}})
        if self.post_id and kind == "comments":
            parts.append({"post_id": self.post_id})
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else {"$and": parts}

    def sql(self, posts_alias: str = "p") -> tuple[list[str], list[Any]]:
        """WHERE clauses (and their parameters) on the posts table."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.creator_ids is not None:
            clauses.append(f"{posts_alias}.creator_id IN ({','.join('?' for _ in self.creator_ids)})")
            params.extend(self.creator_ids)
        if self.platform:
            clauses.append(f"{posts_alias}.platform = ?")
            params.append(self.platform)
        if self.since_ts is not None:
            clauses.append(f"{posts_alias}.published_ts >= ?")
            params.append(self.since_ts)
        if self.post_id:
            clauses.append(f"{posts_alias}.id = ?")
            params.append(self.post_id)
        return clauses, params


@dataclass(frozen=True)
class Hit:
    id: str
    similarity: float


def hybrid_search(
    store: Any, kind: str, query: str, n: int, scope: Scope, *, with_vectors: bool = False
) -> tuple[list[Hit], dict[str, np.ndarray]]:
    """Up to `n` nearest vectors plus up to `n` keyword matches in `scope`, each with its cosine
    similarity to the query. Returns the hits (nearest first) and, if asked, their vectors."""
    vector = store.query_vector(query)
    ids, similarities, vectors = store.nearest(kind, vector, n, scope, with_vectors=with_vectors)
    hits = {item_id: float(similarity) for item_id, similarity in zip(ids, similarities, strict=True)}
    found: dict[str, np.ndarray] = {}
    if with_vectors and vectors is not None:
        found = {item_id: vectors[index] for index, item_id in enumerate(ids)}
    expression = fts_expression(query_terms(query))
    keyword_ids = [item_id for item_id in store.keyword_ids(kind, expression, n, scope) if item_id not in hits] if expression else []
    if keyword_ids:
        extra = store.vectors_of(kind, keyword_ids)
        for item_id, item_vector in extra.items():
            hits[item_id] = float(np.dot(item_vector, vector))
            if with_vectors:
                found[item_id] = item_vector
    ordered = sorted(hits.items(), key=lambda item: -item[1])
    return [Hit(item_id, similarity) for item_id, similarity in ordered], found


def select_relevant(hits: list[Hit], texts: dict[str, str], terms: list[str]) -> list[tuple[str, float, float]]:
    """(id, similarity, relevance) of the relevant hits, most relevant first (see the module doc).
    Hits without a text (not committed, or filtered out) are dropped."""
    scored = []
    for hit in hits:
        if hit.id in texts:
            overlap = lexical_overlap(terms, texts[hit.id])
            scored.append((hit.id, hit.similarity, hit.similarity + LEXICAL_WEIGHT * overlap, overlap))
    if not scored:
        return []
    best = max(item[2] for item in scored)
    chosen = [
        (item_id, similarity, relevance)
        for item_id, similarity, relevance, overlap in scored
        if overlap >= MIN_OVERLAP or relevance >= best - RELEVANCE_BAND
    ]
    chosen.sort(key=lambda item: (-item[2], item[0]))
    return chosen
