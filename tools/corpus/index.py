"""Embedding texts and writing their vectors to Chroma, fast.

Texts are sorted by length and embedded in large chunks (little padding, one model call per
chunk), and each chunk's vectors go to Chroma on a writer thread while the next chunk is
embedded. Chroma never calls the embedding function itself: `embeddings=` is always passed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
from chromadb.api.models.Collection import Collection

from core.embeddings import Embedder

EMBED_CHUNK = 1024
"""Texts per embedding call (and per progress step)."""

Progress = Callable[[str, int, int | None], None]


@dataclass(frozen=True)
class VectorItem:
    id: str
    text: str
    metadata: dict[str, str | int | float | bool]


def present_ids(collection: Collection, ids: Sequence[str], *, chunk: int = 5000) -> set[str]:
    """Which of `ids` already have a vector."""
    found: set[str] = set()
    for start in range(0, len(ids), chunk):
        result = collection.get(ids=list(ids[start : start + chunk]), include=[])
        found.update(result["ids"])
    return found


def embed_into(
    collection: Collection,
    embedder: Embedder,
    items: Sequence[VectorItem],
    *,
    stage: str,
    progress: Progress | None = None,
    chunk: int = EMBED_CHUNK,
) -> int:
    """Embed `items` and upsert their vectors; returns how many were written."""
    if not items:
        return 0
    ordered = sorted(items, key=lambda item: len(item.text))
    limit = max(1, min(chunk, _max_batch(collection)))
    pending: list[Future[None]] = []
    done = 0
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="chroma-writer") as writer:
        for start in range(0, len(ordered), limit):
            batch = ordered[start : start + limit]
            vectors = embedder.embed([item.text for item in batch])
            pending.append(
                writer.submit(
                    collection.upsert,
                    ids=[item.id for item in batch],
                    embeddings=vectors,
                    metadatas=[item.metadata for item in batch],  # type: ignore[arg-type]
                )
            )
            done += len(batch)
            if len(pending) > 2:  # keep memory bounded: at most two chunks in flight
                pending.pop(0).result()
            if progress:
                progress(stage, done, len(ordered))
        for future in pending:
            future.result()
    return len(ordered)


def embed_texts(
    embedder: Embedder,
    texts: Sequence[str],
    *,
    stage: str,
    progress: Progress | None = None,
    chunk: int = EMBED_CHUNK,
) -> np.ndarray:
    """Vectors for `texts` in their order, embedded shortest first in chunks (little padding)."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda index: len(texts[index]))
    result: np.ndarray | None = None
    for start in range(0, len(order), chunk):
        batch = order[start : start + chunk]
        vectors = np.asarray(embedder.embed([texts[index] for index in batch]), dtype=np.float32)
        if result is None:
            result = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
        result[batch] = vectors
        if progress:
            progress(stage, min(start + chunk, len(order)), len(order))
    assert result is not None
    return result


def upsert_vectors(
    collection: Collection,
    ids: Sequence[str],
    vectors: np.ndarray,
    metadatas: Sequence[dict[str, Any]],
) -> None:
    """Write precomputed vectors in batches Chroma accepts."""
    limit = max(1, min(EMBED_CHUNK * 4, _max_batch(collection)))
    for start in range(0, len(ids), limit):
        collection.upsert(
            ids=list(ids[start : start + limit]),
            embeddings=vectors[start : start + limit],
            metadatas=list(metadatas[start : start + limit]),  # type: ignore[arg-type]
        )


def stored_hashes(collection: Collection, ids: Sequence[str], *, chunk: int = 5000) -> dict[str, str | None]:
    """The `h` metadata (what each vector was built from) of those of `ids` that have a vector."""
    found: dict[str, str | None] = {}
    for start in range(0, len(ids), chunk):
        result = collection.get(ids=list(ids[start : start + chunk]), include=["metadatas"])  # type: ignore[list-item]
        for item_id, metadata in zip(result["ids"], result["metadatas"] or [], strict=False):
            value = (metadata or {}).get("h")
            found[item_id] = str(value) if value is not None else None
    return found


def delete_ids(collection: Collection, ids: Sequence[str], *, chunk: int = 5000) -> None:
    for start in range(0, len(ids), chunk):
        collection.delete(ids=list(ids[start : start + chunk]))


def _max_batch(collection: Collection) -> int:
    try:
        client: Any = collection._client  # noqa: SLF001 - Chroma exposes the limit only on the client
        return int(client.get_max_batch_size())
    except Exception:  # an older or remote client without the call: a safe default
        return EMBED_CHUNK
