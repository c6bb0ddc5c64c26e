"""Reads the requests ledger and the patterns analysis need and `CorpusStore` has no public
method for yet: every comment of a scope with its date, and every post of a scope.

These queries belong in tools/corpus/store.py (next to `comment_rows` and `posts_by_id`);
until the store offers them they live here, read-only, on the store's public `connection`
under its `lock`, and always filtered by the store's user.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tools.corpus.models import Post
from tools.corpus.search import Scope
from tools.corpus.store import CorpusStore


@dataclass(frozen=True)
class CommentRecord:
    """A comment with what the ledger needs: its creator, engagement and date."""

    id: str
    post_id: str
    creator_id: str
    text: str
    likes: int
    reply_count: int
    published_at: datetime | None
    parent_id: str | None


def comment_records(
    store: CorpusStore, scope: Scope, *, since: datetime | None = None, ids: list[str] | None = None
) -> Iterator[CommentRecord]:
    """Every comment (not removed) on a post in `scope`, published on or after `since`
    (and, when `ids` is given, among those ids)."""
    clauses, params = scope.sql("p")
    where = ["c.user = ?", "c.removed = 0", *clauses]
    values: list[Any] = [store.user, *params]
    if since is not None:
        where.append("c.published_at >= ?")
        values.append(since.isoformat())
    sql = (
        "SELECT c.id, c.post_id, p.creator_id, c.text, c.likes, c.reply_count, c.published_at, c.parent_id "
        "FROM comments c JOIN posts p ON p.user = c.user AND p.id = c.post_id WHERE " + " AND ".join(where)
    )
    rows: list[Any] = []
    with store.lock:
        if ids is None:
            rows = store.connection.execute(sql, values).fetchall()
        else:
            for start in range(0, len(ids), 900):
                part = ids[start : start + 900]
                marks = ",".join("?" for _ in part)
                rows += store.connection.execute(f"{sql} AND c.id IN ({marks})", [*values, *part]).fetchall()
    for row in rows:
        published = datetime.fromisoformat(row[6]) if row[6] else None
        yield CommentRecord(row[0], row[1], row[2], row[3], int(row[4] or 0), int(row[5] or 0), published, row[7])


def comment_fingerprint(store: CorpusStore) -> str:
    """Changes when comments are added or removed: their count, newest row and removed count
    (read from an index in ~20 ms at 100k; summing text lengths would read every row, ~200 ms).
    A re-import that only edits the text of existing comments does not change it: see
    tools/request_readings.py."""
    with store.lock:
        row = store.connection.execute(
            "SELECT COUNT(*), MAX(rowid), TOTAL(removed) FROM comments WHERE user = ?", (store.user,)
        ).fetchone()
    return ":".join(str(int(value or 0)) for value in row)


def comment_dates(store: CorpusStore, ids: list[str]) -> dict[str, datetime | None]:
    """Publication dates of the comments `ids` (absent ids are left out)."""
    found: dict[str, datetime | None] = {}
    with store.lock:
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ",".join("?" for _ in part)
            rows = store.connection.execute(
                f"SELECT id, published_at FROM comments WHERE user = ? AND id IN ({marks})", (store.user, *part)
            ).fetchall()
            for comment_id, published in rows:
                found[comment_id] = datetime.fromisoformat(published) if published else None
    return found


def scope_posts(store: CorpusStore, scope: Scope) -> dict[str, Post]:
    """Every post (not stub) in `scope` with a metric, through the store's public reads."""
    return store.posts_by_id(store.post_ids_where(scope))


def corpus_path(store: CorpusStore) -> Path | None:
    """The corpus database file (None for an in-memory database)."""
    with store.lock:
        rows = store.connection.execute("PRAGMA database_list").fetchall()
    for row in rows:
        if row[1] == "main" and row[2]:
            return Path(row[2])
    return None
