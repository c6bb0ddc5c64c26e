"""One chunk of a lazy backfill (request readings, languages) written in its own short transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tools.corpus.store import CorpusStore


def write_chunk(store: CorpusStore, sql: str, updates: Sequence[Sequence[Any]]) -> int:
    """Run `sql` for every row of `updates` in one write transaction (readers never wait long, and a killed
    backfill keeps the chunks it wrote); returns how many rows changed."""
    with store.lock:
        store.connection.execute("BEGIN IMMEDIATE")
        try:
            written = store.connection.executemany(sql, updates).rowcount
            store.connection.execute("COMMIT")
        except BaseException:
            store.connection.execute("ROLLBACK")
            raise
        store.committed()
    return written
