"""The vector journal: how an import changes SQLite and Chroma together, or not at all.

Chroma and SQLite cannot share a transaction. So an import embeds its texts first (nothing is
written yet), then commits, in ONE SQLite transaction, its rows together with journal rows
that hold the new vectors (and the ids whose vectors must go). Only then are the journal rows
copied into Chroma and deleted. A crash before the commit changes nothing anywhere; a crash
after it leaves journal rows that the next opening of the store copies into Chroma (an upsert
and a delete are idempotent, so copying twice is harmless). Either the old state or the new
one, never a mix, and no vector that SQLite does not know.

Each vector's Chroma metadata carries `h`, the hash of the text and metadata it was built from,
so drift between the two stores can be found later (`hookline doctor`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from chromadb.api.models.Collection import Collection

from tools.corpus.index import delete_ids, upsert_vectors

JOURNAL_DDL = """
CREATE TABLE IF NOT EXISTS vector_journal (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    user TEXT NOT NULL,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
    vector BLOB,
    metadata TEXT
);
CREATE INDEX IF NOT EXISTS vector_journal_by_user ON vector_journal (user, seq);
"""

HASH_KEY = "h"
"""Chroma metadata key: hash of what the vector was built from (equals SQLite's embed_hash)."""

_APPLY_BATCH = 2000


@dataclass(frozen=True)
class JournalEntry:
    kind: str
    id: str
    op: str
    vector: np.ndarray | None = None
    metadata: dict[str, str | int | float | bool] | None = None


def append(db: sqlite3.Connection, user: str, entries: Sequence[JournalEntry]) -> None:
    """Add entries inside the caller's open transaction."""
    db.executemany(
        "INSERT INTO vector_journal (user, kind, id, op, vector, metadata) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (
                user, entry.kind, entry.id, entry.op,
                entry.vector.astype(np.float32).tobytes() if entry.vector is not None else None,
                json.dumps(entry.metadata, sort_keys=True) if entry.metadata is not None else None,
            )
            for entry in entries
        ],
    )


def pending(db: sqlite3.Connection, user: str) -> int:
    return int(db.execute("SELECT COUNT(*) FROM vector_journal WHERE user = ?", (user,)).fetchone()[0])


def apply(db: sqlite3.Connection, user: str, collection_of: Callable[[str], Collection]) -> int:
    """Copy the user's journal into Chroma in order, deleting each batch once it is written.

    The caller holds the user's import lock, so nobody appends while this runs.
    """
    applied = 0
    while True:
        rows = db.execute(
            "SELECT seq, kind, id, op, vector, metadata FROM vector_journal WHERE user = ? ORDER BY seq LIMIT ?",
            (user, _APPLY_BATCH),
        ).fetchall()
        if not rows:
            return applied
        # Consecutive rows of one kind and op go to Chroma together; order between them is kept.
        start = 0
        while start < len(rows):
            kind, op = rows[start][1], rows[start][3]
            end = start
            while end < len(rows) and rows[end][1] == kind and rows[end][3] == op:
                end += 1
            group = rows[start:end]
            collection = collection_of(kind)
            if op == "delete":
                delete_ids(collection, [row[2] for row in group])
            else:
                latest = {row[2]: row for row in group}  # the last write of an id wins
                upsert_vectors(
                    collection,
                    list(latest),
                    np.vstack([np.frombuffer(row[4], dtype=np.float32) for row in latest.values()]),
                    [json.loads(row[5]) for row in latest.values()],
                )
            start = end
        db.execute("BEGIN IMMEDIATE")
        db.execute("DELETE FROM vector_journal WHERE user = ? AND seq <= ?", (user, rows[-1][0]))
        db.execute("COMMIT")
        applied += len(rows)
