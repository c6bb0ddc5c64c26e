"""Searching one user's post and comment vectors in Chroma, scoped by what SQLite knows.

The write side (embedding and upserting in bulk) is tools/corpus/index.py; this module opens
the user's collections, embeds queries and finds the nearest vectors in a `Scope`.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np
from chromadb.api.models.Collection import Collection

from core.chroma import open_collection
from core.embeddings import Embedder
from core.errors import SetupError
from tools.corpus.repository import CorpusRepository, chunked
from tools.corpus.search import Scope

OVERFETCH_MIN_SHARE = 0.05
"""A scope holding at least this share of the vectors is searched without Chroma's filter."""
MAX_OVERFETCH = 8000
QUERY_CACHE_SIZE = 256


class VectorIndex:
    """The Chroma side of one user's corpus; scopes are checked against `records`."""

    def __init__(self, chroma: Any, embedder: Embedder, records: CorpusRepository) -> None:
        self._chroma = chroma
        self.embedder = embedder
        self.user = records.user
        self._records = records
        self._lock = records.lock
        self._collections: dict[str, Collection] = {}
        self.query_cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def collection(self, kind: str) -> Collection:
        """The Chroma collection of this user's `posts` or `comments` vectors."""
        if kind not in self._collections:
            found = open_collection(self._chroma, (kind, self.user), self.embedder)
            stored = (found.metadata or {}).get("embedder")
            if stored and stored != self.embedder.name:
                raise SetupError(
                    f"The {kind} of user {self.user!r} were indexed with the {stored} embedder, but "
                    f"{self.embedder.name} is configured. Run `hookline reindex` to embed them again with "
                    f"{self.embedder.name} (it can be stopped and run again), or switch the embedder back."
                )
            self._collections[kind] = found
        return self._collections[kind]

    def indexed_with(self, kind: str) -> str | None:
        """The embedder the `kind` vectors were made with, as their collection records it (None: no vectors yet)."""
        found = open_collection(self._chroma, (kind, self.user), self.embedder)
        return (found.metadata or {}).get("embedder") if found.count() else self.embedder.name

    def drop(self, kind: str) -> None:
        """Delete the `kind` collection (its vectors are rebuilt from SQLite by `hookline reindex`)."""
        name = open_collection(self._chroma, (kind, self.user), self.embedder).name
        self._chroma.delete_collection(name)
        self._collections.pop(kind, None)
        self.query_cache.clear()

    def query_vector(self, text: str) -> np.ndarray:
        """The query's embedding (the last 256 queries are cached)."""
        with self._lock:
            if text in self.query_cache:
                self.query_cache.move_to_end(text)
                return self.query_cache[text]
        vector = np.asarray(self.embedder.embed([text])[0], dtype=np.float32)
        with self._lock:
            self.query_cache[text] = vector
            while len(self.query_cache) > QUERY_CACHE_SIZE:
                self.query_cache.popitem(last=False)
        return vector

    def nearest(
        self, kind: str, vector: np.ndarray, n: int, scope: Scope, *, with_vectors: bool = False
    ) -> tuple[list[str], np.ndarray, np.ndarray | None]:
        """Ids of the `n` nearest vectors in `scope`, best first, with their cosine similarity.

        Chroma's metadata filter costs time in proportion to how many vectors pass it (about
        0.3 s for 90,000 of 100,000 comments here), while an unfiltered search is a few ms even
        for thousands of results. So a scope holding at least OVERFETCH_MIN_SHARE of the
        vectors is searched unfiltered for n / share * 1.5 results (at most MAX_OVERFETCH),
        which are then kept if SQLite puts them in scope; smaller scopes use Chroma's filter.
        """
        where = scope.chroma_where(kind)
        if where is not None:
            total = self._records.count_in_scope(kind, Scope())
            inside = self._records.count_in_scope(kind, scope)
            if inside == 0:
                return [], np.zeros(0), None
            share = inside / max(total, 1)
            if share >= OVERFETCH_MIN_SHARE:
                fetch = min(total, MAX_OVERFETCH, max(n, math.ceil(n / share * 1.5)))
                ids, similarities, _ = self._query(kind, vector, fetch, None, with_vectors=False)
                keep = self._records.in_scope(kind, ids, scope)
                chosen = [index for index, item_id in enumerate(ids) if item_id in keep][:n]
                ids = [ids[index] for index in chosen]
                similarities = similarities[chosen] if chosen else np.zeros(0)
                vectors = None
                if with_vectors and ids:
                    found = self.vectors_of(kind, ids)
                    vectors = np.vstack([found[item_id] for item_id in ids])
                return ids, similarities, vectors
        return self._query(kind, vector, n, where, with_vectors=with_vectors)

    def vectors_of(self, kind: str, ids: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        collection = self.collection(kind)
        for part in chunked(list(ids), 5000):
            result = collection.get(ids=list(part), include=["embeddings"])  # type: ignore[list-item]
            embeddings = result.get("embeddings")
            if embeddings is None:
                continue
            for item_id, vector in zip(result["ids"], embeddings, strict=False):
                found[item_id] = np.asarray(vector, dtype=np.float32)
        return found

    def _query(
        self, kind: str, vector: np.ndarray, n: int, where: dict[str, Any] | None, *, with_vectors: bool
    ) -> tuple[list[str], np.ndarray, np.ndarray | None]:
        collection = self.collection(kind)
        include = ["distances", "embeddings"] if with_vectors else ["distances"]
        result = collection.query(
            query_embeddings=[vector.tolist()], n_results=max(1, n), where=where, include=include  # type: ignore[arg-type]
        )
        ids = list(result["ids"][0])
        similarities = 1.0 - np.asarray(result["distances"][0], dtype=np.float64) if ids else np.zeros(0)
        vectors = None
        if with_vectors and ids:
            embeddings = result.get("embeddings")
            vectors = np.asarray(embeddings[0], dtype=np.float32) if embeddings is not None else None
        return ids, similarities, vectors
