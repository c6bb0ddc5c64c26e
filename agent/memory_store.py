"""Long-term memory as a LangGraph `BaseStore` backed by Chroma.

Items live in one Chroma collection; the namespace is kept as metadata (`ns0`, `ns1`, …
plus the joined path), the value as JSON, and the text to embed is the value's "text"
field (or the whole value). `runtime.store` in the graph and anything else in the
LangGraph ecosystem that takes a BaseStore can use it.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from chromadb.api import ClientAPI
from langgraph.store.base import (
    BaseStore,
    GetOp,
    Item,
    ListNamespacesOp,
    Op,
    PutOp,
    Result,
    SearchItem,
    SearchOp,
)

from core.chroma import reembedded_collection
from core.embeddings import Embedder

_SEP = "\x1f"  # cannot occur in a namespace label typed by a person


def _doc_id(namespace: tuple[str, ...], key: str) -> str:
    return hashlib.sha256((_SEP.join(namespace) + _SEP + key).encode()).hexdigest()[:40]


def _text_of(value: dict[str, Any], fields: list[str] | None) -> str:
    if fields:
        return " ".join(str(value.get(field, "")) for field in fields).strip() or json.dumps(value)
    return str(value.get("text") or json.dumps(value, ensure_ascii=False))


def _matches(value: dict[str, Any], conditions: dict[str, Any] | None) -> bool:
    return all(value.get(key) == expected for key, expected in (conditions or {}).items())


class ChromaStore(BaseStore):
    """A BaseStore on a Chroma collection: get, put, delete, list namespaces, semantic search."""

    def __init__(self, client: ClientAPI, embedder: Embedder, collection: str = "hookline-memory") -> None:
        # Memories are few: after a switch of embedders they are embedded again on open (`hookline reindex` is for
        # the corpus, which can be large).
        self._collection = reembedded_collection(client, collection, embedder)

    # -- BaseStore -----------------------------------------------------------------
    def batch(self, ops: Iterable[Op]) -> list[Result]:
        results: list[Result] = []
        for op in ops:
            if isinstance(op, GetOp):
                results.append(self._get(op))
            elif isinstance(op, PutOp):
                self._put(op)
                results.append(None)
            elif isinstance(op, SearchOp):
                results.append(self._search(op))
            elif isinstance(op, ListNamespacesOp):
                results.append(self._list_namespaces(op))
            else:  # pragma: no cover - BaseStore defines no other ops
                raise TypeError(f"unsupported store operation {op!r}")
        return results

    async def abatch(self, ops: Iterable[Op]) -> list[Result]:
        return await asyncio.to_thread(self.batch, list(ops))

    # -- operations ----------------------------------------------------------------
    @staticmethod
    def _item(metadata: dict[str, Any], score: float | None = None) -> Item | SearchItem:
        namespace = tuple(json.loads(metadata["namespace"]))
        value = json.loads(metadata["value"])
        created = datetime.fromisoformat(metadata["created_at"])
        updated = datetime.fromisoformat(metadata["updated_at"])
        if score is None:
            return Item(value=value, key=metadata["key"], namespace=namespace, created_at=created, updated_at=updated)
        return SearchItem(namespace=namespace, key=metadata["key"], value=value, created_at=created, updated_at=updated, score=score)

    def _get(self, op: GetOp) -> Item | None:
        found = self._collection.get(ids=[_doc_id(op.namespace, op.key)], include=["metadatas"])
        return self._item(found["metadatas"][0]) if found["ids"] else None  # type: ignore[index,arg-type]

    def _put(self, op: PutOp) -> None:
        doc_id = _doc_id(op.namespace, op.key)
        if op.value is None:
            self._collection.delete(ids=[doc_id])
            return
        now = datetime.now(timezone.utc).isoformat()
        existing = self._collection.get(ids=[doc_id], include=["metadatas"])
        created = existing["metadatas"][0]["created_at"] if existing["ids"] else now  # type: ignore[index]
        metadata: dict[str, Any] = {
            "namespace": json.dumps(list(op.namespace)),
            "ns_path": _SEP.join(op.namespace),
            "ns_depth": len(op.namespace),
            "key": op.key,
            "value": json.dumps(dict(op.value), ensure_ascii=False),
            "created_at": created,
            "updated_at": now,
        }
        for depth, label in enumerate(op.namespace[:8]):
            metadata[f"ns{depth}"] = label
        fields = None if op.index is None or op.index is False else list(op.index)
        self._collection.upsert(ids=[doc_id], documents=[_text_of(dict(op.value), fields)], metadatas=[metadata])

    @staticmethod
    def _prefix_filter(prefix: tuple[str, ...]) -> dict[str, Any] | None:
        conditions = [{f"ns{depth}": label} for depth, label in enumerate(prefix[:8])]
        if not conditions:
            return None
        return conditions[0] if len(conditions) == 1 else {"$and": conditions}

    def _search(self, op: SearchOp) -> list[SearchItem]:
        where = self._prefix_filter(op.namespace_prefix)
        wanted = op.offset + op.limit
        if op.query:
            total = self._collection.count()
            if total == 0:
                return []
            # Over-fetch so filters on the value (applied here) still leave enough hits.
            fetched = self._collection.query(
                query_texts=[op.query], n_results=min(total, max(wanted * 4, 20)), where=where,
                include=["metadatas", "distances"],
            )
            pairs = zip(fetched["metadatas"][0], fetched["distances"][0])  # type: ignore[index]
            items = [self._item(dict(meta), score=1.0 - float(distance)) for meta, distance in pairs]
        else:
            fetched_all = self._collection.get(where=where, include=["metadatas"])
            items = [self._item(dict(meta), score=0.0) for meta in fetched_all["metadatas"] or []]
            items.sort(key=lambda item: item.updated_at, reverse=True)
        kept = [item for item in items if _matches(item.value, op.filter)]
        return kept[op.offset : wanted]  # type: ignore[return-value]

    def _list_namespaces(self, op: ListNamespacesOp) -> list[tuple[str, ...]]:
        found = self._collection.get(include=["metadatas"])
        namespaces = {tuple(json.loads(meta["namespace"])) for meta in found["metadatas"] or []}
        for condition in op.match_conditions or ():
            length = len(condition.path)
            if condition.match_type == "prefix":
                namespaces = {ns for ns in namespaces if _path_matches(ns[:length], condition.path)}
            else:
                namespaces = {ns for ns in namespaces if _path_matches(ns[-length:], condition.path)}
        if op.max_depth is not None:
            namespaces = {ns[: op.max_depth] for ns in namespaces}
        ordered = sorted(namespaces)
        return ordered[op.offset : op.offset + op.limit]


def _path_matches(part: tuple[str, ...], pattern: tuple[str, ...]) -> bool:
    return len(part) == len(pattern) and all(p == "*" or p == v for v, p in zip(part, pattern))
