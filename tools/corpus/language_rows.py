"""Each comment's language, kept in its row (schema 4).

Import detects the language of every comment (tools/language.py) and stores it in `language`
beside the text, in the same transaction, so an edited comment re-imported is detected again.
Insights and the requests ledger read the stored value; nothing detects a comment twice.

The column holds an ISO 639-1 code, '' when the text is too short or too unsure to tell ("jaja",
emoji), and NULL when it has not been read yet: rows imported before schema 4. Those are filled
lazily: the first insights or requests call after the upgrade reads them (`backfill`), under the
user's import lock, in chunks of short transactions, as the request readings are
(tools/corpus/request_rows.py). A partial index holds only the unread rows, so asking whether any
is left costs one probe, and nothing once all are read. Known gap: a change of detector
(tools/language.py) does not re-read stored languages; re-importing the comments does.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from tools.corpus.backfill import write_chunk
from tools.language import detect_language

if TYPE_CHECKING:
    from tools.corpus.store import CorpusStore

UNREAD_INDEX = "CREATE INDEX IF NOT EXISTS comments_language_unread ON comments (user) WHERE language IS NULL"
BACKFILL_CHUNK = 5000
"""Comments detected and written per short transaction (under a second of detector time)."""
NO_LANGUAGE = ""
"""Stored for a text read and found too short or unsure to tell (NULL means not read yet)."""


def column_value(code: str | None) -> str:
    """What the column stores for a detected language (None: too short to tell)."""
    return code or NO_LANGUAGE


def language_of(value: str | None) -> str | None:
    """The language a stored value stands for: a code, or None (too short to tell, or not read yet)."""
    return value or None


def add_column(connection: sqlite3.Connection) -> None:
    """Add `language` to an older comments table (idempotent; the caller holds a write transaction)
    and the partial index of the rows not read yet."""
    present = {row[1] for row in connection.execute("PRAGMA table_info(comments)")}
    if "language" not in present:
        connection.execute("ALTER TABLE comments ADD COLUMN language TEXT")
    connection.execute(UNREAD_INDEX)


def unread(store: CorpusStore) -> bool:
    """Whether some comment of the user has no stored language yet (one probe of the partial index)."""
    with store.lock:
        row = store.connection.execute(
            "SELECT 1 FROM comments WHERE user = ? AND language IS NULL LIMIT 1", (store.user,)
        ).fetchone()
    return row is not None


def backfill(store: CorpusStore, chunk: int = BACKFILL_CHUNK) -> int:
    """Detect and store the language of the user's comments that have none yet; returns how many.

    Runs under the user's import lock (waits for a running import), one short write transaction
    per chunk; the detector runs outside any transaction, so readers never wait.
    """
    if not unread(store):
        return 0
    done = 0
    with store.import_lock():
        while True:
            with store.lock:
                rows = store.connection.execute(
                    "SELECT id, text FROM comments WHERE user = ? AND language IS NULL LIMIT ?", (store.user, chunk)
                ).fetchall()
            if not rows:
                return done
            updates = [(column_value(detect_language(text)), store.user, comment_id, text) for comment_id, text in rows]
            # `text = ?`: a comment edited since it was read keeps NULL and is read next round.
            written = write_chunk(
                store, "UPDATE comments SET language = ? WHERE user = ? AND id = ? AND text = ? AND language IS NULL", updates
            )
            if written <= 0:
                return done  # nothing matched (cannot happen under the lock): never loop
            done += written
