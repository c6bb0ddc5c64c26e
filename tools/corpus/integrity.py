"""Drift between SQLite and Chroma: finding it, and repairing it.

SQLite is the truth: a row that should have a vector has `embed_hash` set to the hash of the
text and metadata the vector must be built from, and each vector carries that hash as `h`.
Drift is then one of: a vector with no row (orphan), a row with no vector (missing), a vector
built from other text (stale), or a vector from before hashes were stored (unverified).
Imports cannot cause drift any more (tools/corpus/journal.py); stores written by older
versions, or changed by hand, can. `hookline doctor` reports it and `--repair` fixes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tools.corpus import journal
from tools.corpus.index import Progress, delete_ids
from tools.corpus.journal import HASH_KEY

if TYPE_CHECKING:
    from tools.corpus.store import CorpusStore

KINDS = ("posts", "comments")
_PAGE = 5000


@dataclass
class Drift:
    """What differs between the two stores for one kind of record."""

    kind: str
    expected: int = 0
    vectors: int = 0
    orphans: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.orphans or self.missing or self.stale or self.unverified)

    def describe(self) -> str:
        if self.clean:
            return f"{self.kind}: {self.expected:,} rows and vectors agree"
        parts = [
            f"{len(items):,} {label}"
            for items, label in (
                (self.orphans, "vectors without a row"),
                (self.missing, "rows without a vector"),
                (self.stale, "vectors built from other text"),
                (self.unverified, "vectors from an older version, unverified"),
            )
            if items
        ]
        return f"{self.kind}: " + ", ".join(parts)


@dataclass
class IntegrityReport:
    user: str
    pending_journal: int
    drifts: list[Drift]

    @property
    def clean(self) -> bool:
        return self.pending_journal == 0 and all(drift.clean for drift in self.drifts)

    def describe(self) -> str:
        lines = [drift.describe() for drift in self.drifts]
        if self.pending_journal:
            lines.insert(0, f"{self.pending_journal:,} vector changes of an interrupted import not yet applied")
        return "; ".join(lines)


def _all_vectors(store: CorpusStore, kind: str) -> Iterator[tuple[str, str | None]]:
    collection = store.collection(kind)
    offset = 0
    while True:
        page = collection.get(include=["metadatas"], limit=_PAGE, offset=offset)  # type: ignore[list-item]
        ids = page["ids"]
        if not ids:
            return
        for item_id, metadata in zip(ids, page["metadatas"] or [], strict=False):
            value = (metadata or {}).get(HASH_KEY)
            yield item_id, str(value) if value is not None else None
        offset += len(ids)


def _expected(store: CorpusStore, kind: str) -> dict[str, str]:
    condition = "stub = 0" if kind == "posts" else "removed = 0"
    with store.lock:
        rows = store.connection.execute(
            f"SELECT id, embed_hash FROM {kind} WHERE user = ? AND {condition} AND embed_hash IS NOT NULL", (store.user,)
        ).fetchall()
    return {row[0]: row[1] for row in rows}


def check(store: CorpusStore) -> IntegrityReport:
    """Compare every row that should have a vector with every vector (reads only)."""
    drifts = []
    for kind in KINDS:
        expected = _expected(store, kind)
        drift = Drift(kind=kind, expected=len(expected))
        seen: set[str] = set()
        for item_id, stored_hash in _all_vectors(store, kind):
            seen.add(item_id)
            drift.vectors += 1
            wanted = expected.get(item_id)
            if wanted is None:
                drift.orphans.append(item_id)
            elif stored_hash is None:
                drift.unverified.append(item_id)
            elif stored_hash != wanted:
                drift.stale.append(item_id)
        drift.missing = [item_id for item_id in expected if item_id not in seen]
        drifts.append(drift)
    with store.lock:
        pending = journal.pending(store.connection, store.user)
    return IntegrityReport(user=store.user, pending_journal=pending, drifts=drifts)


def repair(store: CorpusStore, progress: Progress | None = None) -> IntegrityReport:
    """Make Chroma agree with SQLite: finish the journal, drop orphans, re-embed the rest.

    Returns what was found before repairing. Runs under the user's import lock.
    """
    from tools.corpus.writer import ImportWriter

    with store.import_lock(progress):
        store.apply_journal()
        found = check(store)
        for drift in found.drifts:
            if drift.orphans:
                delete_ids(store.collection(drift.kind), drift.orphans)
        redo = {drift.kind: drift.missing + drift.stale + drift.unverified for drift in found.drifts}
        if any(redo.values()):
            ImportWriter(store).reindex(redo, progress or (lambda *args: None))
    return found


@dataclass
class Reindexed:
    """What `reembed` did: collections rebuilt for another embedder, vectors written."""

    dropped: list[str] = field(default_factory=list)
    embedded: int = 0


def reembed(store: CorpusStore, progress: Progress | None = None, *, chunk: int = 2000) -> Reindexed:
    """Embed the user's corpus again with the configured embedder, in place and resumable.

    A collection made with another embedder is dropped (SQLite holds every text), then every row
    without a current vector is embedded, `chunk` rows per journalled write: a stopped run keeps
    what it wrote, and running it again does only the rest. Runs under the user's import lock.
    """
    from tools.corpus.writer import ImportWriter

    done = Reindexed()
    with store.import_lock(progress):
        store.apply_journal()
        for kind in KINDS:
            if store.indexed_with(kind) != store.embedder.name:
                store.drop_vectors(kind)
                done.dropped.append(kind)
        found = check(store)
        total = sum(len(drift.missing + drift.stale + drift.unverified) for drift in found.drifts)
        for drift in found.drifts:
            if drift.orphans:
                delete_ids(store.collection(drift.kind), drift.orphans)
            redo = drift.missing + drift.stale + drift.unverified
            for start in range(0, len(redo), chunk):
                base = done.embedded

                def overall(stage: str, count: int, _of: int | None, base: int = base) -> None:
                    if progress and stage.startswith("embed"):
                        progress("reembed", base + count, total)

                done.embedded += ImportWriter(store).reindex({drift.kind: redo[start : start + chunk]}, overall)
    return done
