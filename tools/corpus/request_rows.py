"""The detector's reading of each comment, kept in the comment's row (schema 3).

Import reads every comment with the cue-based detector (tools/request_cues.py) and stores
`request_score`, `request_kind` and `request_clause` beside its text, in the same
transaction, so an edited comment re-imported is read again with its new text. The
requests ledger then selects the request comments with one query on the index
`comments_requests (user, request_score)` instead of reading every comment.

Rows imported before schema 3 have NULL readings. The ledger backfills them on first use
(`backfill`): it takes the user's import lock (so no import can change a comment under it;
it waits for a running import), reads the unread comments in chunks and writes each chunk
in its own short transaction, so readers never wait and a killed backfill keeps what it
wrote. The store remembers which version of the detector read a user's comments
(`request_reader:<user>` in meta); when the cues change (READER_VERSION), the next ledger call
forgets the old readings and reads every comment again the same way. Known gap: renaming a creator does not re-read the comments already stored; their
readings keep the name they were read with until the comments are imported again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tools.corpus.backfill import write_chunk
from tools.corpus.language_rows import language_of
from tools.corpus.search import Scope
from tools.request_cues import READER_VERSION, THRESHOLD, RequestReading, read_request

if TYPE_CHECKING:
    from tools.corpus.store import CorpusStore

REQUEST_COLUMNS = (("request_score", "REAL"), ("request_kind", "TEXT"), ("request_clause", "TEXT"))
REQUEST_INDEX = "CREATE INDEX IF NOT EXISTS comments_requests ON comments (user, request_score)"
BACKFILL_CHUNK = 2000
"""Comments read and written per short transaction (about a second of detector time)."""
_IDS_PER_QUERY = 500


@dataclass(frozen=True)
class RequestComment:
    """A request comment as the ledger reads it: the record, its creator and the stored reading."""

    id: str
    post_id: str
    creator_id: str
    text: str
    likes: int
    reply_count: int
    published_at: datetime | None
    parent_id: str | None
    reading: RequestReading
    language: str | None = None
    """ISO 639-1 code stored at import (tools/corpus/language_rows.py); None when too short to tell."""


def creator_names(name: str | None, handle: str | None) -> tuple[str, ...]:
    """The words the detector treats as the creator being addressed: name and handle."""
    names = [name] if name else []
    bare = (handle or "").lstrip("@").strip()
    if bare and bare.casefold() != (name or "").casefold():
        names.append(bare)
    return tuple(names)


def reading_values(reading: RequestReading) -> tuple[float, str, str]:
    """The stored columns of a reading, in REQUEST_COLUMNS order."""
    return reading.score, reading.kind, reading.clause


def add_columns(connection: sqlite3.Connection) -> None:
    """Add the reading columns to a schema-2 comments table (idempotent; the caller holds a
    write transaction) and the index the ledger queries."""
    present = {row[1] for row in connection.execute("PRAGMA table_info(comments)")}
    for name, kind in REQUEST_COLUMNS:
        if name not in present:
            connection.execute(f"ALTER TABLE comments ADD COLUMN {name} {kind}")
    connection.execute(REQUEST_INDEX)


def select(
    connection: sqlite3.Connection,
    user: str,
    scope: Scope,
    since: datetime | None,
    min_score: float,
    ids: Sequence[str] | None,
) -> list[RequestComment]:
    """The comments (not removed) on posts in `scope`, published on or after `since`, whose
    stored score is at least `min_score` (and, with `ids`, among those ids)."""
    clauses, params = scope.sql("p")
    where = ["c.user = ?", "c.request_score >= ?", "c.removed = 0", *clauses]
    values: list[Any] = [user, min_score, *params]
    if since is not None:
        where.append("c.published_at >= ?")
        values.append(since.isoformat())
    sql = (
        "SELECT c.id, c.post_id, p.creator_id, c.text, c.likes, c.reply_count, c.published_at, c.parent_id, "
        "c.request_score, c.request_kind, c.request_clause, c.language "
        "FROM comments c JOIN posts p ON p.user = c.user AND p.id = c.post_id WHERE " + " AND ".join(where)
    )
    rows: list[Any] = []
    if ids is None:
        rows = connection.execute(sql, values).fetchall()
    else:
        wanted = list(dict.fromkeys(ids))
        for start in range(0, len(wanted), _IDS_PER_QUERY):
            part = wanted[start : start + _IDS_PER_QUERY]
            marks = ",".join("?" for _ in part)
            rows += connection.execute(f"{sql} AND c.id IN ({marks})", [*values, *part]).fetchall()
    found = []
    for row in rows:
        score, kind, clause = float(row[8]), str(row[9]), str(row[10] or "")
        reading = RequestReading(score >= THRESHOLD and kind != "none", kind, score, (), clause)  # type: ignore[arg-type]
        published = datetime.fromisoformat(row[6]) if row[6] else None
        found.append(
            RequestComment(row[0], row[1], row[2], row[3], int(row[4] or 0), int(row[5] or 0), published, row[7], reading,
                           language_of(row[11]))
        )
    return found


def _reader_key(user: str) -> str:
    return f"request_reader:{user}"


def claim_reader(connection: sqlite3.Connection, user: str) -> None:
    """Record that this detector reads the user's comments, when the user has none yet (the caller
    holds the import's write transaction). A user with comments and no record was read by an older
    detector: `backfill` reads those again."""
    key = _reader_key(user)
    if connection.execute("SELECT 1 FROM meta WHERE key = ?", (key,)).fetchone():
        return
    if connection.execute("SELECT 1 FROM comments WHERE user = ? LIMIT 1", (user,)).fetchone():
        return
    connection.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (key, READER_VERSION))


def outdated(store: CorpusStore) -> bool:
    """Whether the user's stored readings come from another version of the detector."""
    with store.lock:
        row = store.connection.execute("SELECT value FROM meta WHERE key = ?", (_reader_key(store.user),)).fetchone()
        if row is not None:
            return bool(row[0] != READER_VERSION)
        has_comments = store.connection.execute("SELECT 1 FROM comments WHERE user = ? LIMIT 1", (store.user,)).fetchone()
    return has_comments is not None


def _forget_readings(store: CorpusStore) -> None:
    """Clear the user's readings and record the current detector, in one transaction (the caller
    holds the import lock); `backfill` then reads every comment again."""
    with store.lock:
        store.connection.execute("BEGIN IMMEDIATE")
        try:
            store.connection.execute(
                "UPDATE comments SET request_score = NULL, request_kind = NULL, request_clause = NULL WHERE user = ?",
                (store.user,),
            )
            store.connection.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (_reader_key(store.user), READER_VERSION),
            )
            store.connection.execute("COMMIT")
        except BaseException:
            store.connection.execute("ROLLBACK")
            raise
        store.committed()


def unread(store: CorpusStore) -> bool:
    """Whether some comment of the user has no stored reading yet (one index probe)."""
    with store.lock:
        row = store.connection.execute(
            "SELECT 1 FROM comments WHERE user = ? AND request_score IS NULL LIMIT 1", (store.user,)
        ).fetchone()
    return row is not None


def backfill(store: CorpusStore, chunk: int = BACKFILL_CHUNK) -> int:
    """Read the comments that have no reading (imported before schema 3, or read by an older detector)
    and store their readings; returns how many.

    Runs under the user's import lock (waits for a running import), one short write
    transaction per chunk; the detector runs outside any transaction.
    """
    if not (unread(store) or outdated(store)):
        return 0
    done = 0
    with store.import_lock():
        if outdated(store):
            _forget_readings(store)
        while True:
            with store.lock:
                rows = store.connection.execute(
                    "SELECT c.id, c.text, cr.name, cr.handle FROM comments c "
                    "LEFT JOIN posts p ON p.user = c.user AND p.id = c.post_id "
                    "LEFT JOIN creators cr ON cr.user = p.user AND cr.id = p.creator_id "
                    "WHERE c.user = ? AND c.request_score IS NULL LIMIT ?",
                    (store.user, chunk),
                ).fetchall()
            if not rows:
                return done
            updates = [
                (*reading_values(read_request(text, creator_names(name, handle))), store.user, comment_id, text)
                for comment_id, text, name, handle in rows
            ]
            # `text = ?`: a comment edited since it was read keeps NULL and is read next round.
            written = write_chunk(
                store,
                "UPDATE comments SET request_score = ?, request_kind = ?, request_clause = ? WHERE user = ? AND id = ? AND text = ?",
                updates,
            )
            if written <= 0:
                return done  # nothing matched (cannot happen under the lock): never loop
            done += written
