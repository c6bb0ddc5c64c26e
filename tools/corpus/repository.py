"""One user's records in SQLite: creators, posts and comments, scopes, baselines, stances, keywords.

Every query is restricted to the user and serialised by `lock`, which the store's vector index
and importer share. Baselines and scope counts are cached until the next import commits
(here, as `committed()`, or by another process, seen in `PRAGMA data_version`).
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from core.errors import NotFoundError
from tools.corpus import request_rows
from tools.corpus.language_rows import language_of
from tools.corpus.models import Comment, Creator, Post
from tools.corpus.request_rows import RequestComment
from tools.corpus.search import Scope

CHUNK = 500  # ids per `IN (...)` query


def metric_sql(alias: str = "") -> str:
    """What outliers are measured in: views, or upvotes on Reddit (which has no views)."""
    prefix = f"{alias}." if alias else ""
    return f"(CASE WHEN {prefix}platform = 'reddit' THEN {prefix}likes ELSE {prefix}views END)"


@dataclass(frozen=True)
class CommentRow:
    """A comment as the insights read it: the record plus what import derived from its text."""

    id: str
    post_id: str
    creator_id: str
    text: str
    likes: int
    reply_count: int
    parent_id: str | None
    category: str
    sentiment: float
    language: str | None = None
    """ISO 639-1 code detected at import (tools/corpus/language_rows.py); None when too short to tell."""


@dataclass(frozen=True)
class Stances:
    """Text replies to one comment: how many agree and push back, each weighted 1 + ln(1 + likes)."""

    agree: float = 0.0
    pushback: float = 0.0


def chunked(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class CorpusRepository:
    """The SQLite side of one user's corpus."""

    def __init__(self, connection: sqlite3.Connection, user: str) -> None:
        self._db = connection
        self.user = user
        self._lock = threading.RLock()
        self._version = 0
        self._baseline_cache: tuple[tuple[int, int], dict[tuple[str, str], np.ndarray]] | None = None
        self._count_cache: dict[tuple[str, Scope], tuple[tuple[int, int], int]] = {}

    @property
    def connection(self) -> sqlite3.Connection:
        return self._db

    @property
    def lock(self) -> threading.RLock:
        """Serialises the use of the SQLite connection across threads."""
        return self._lock

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def committed(self) -> None:
        """An import through this connection committed: cached baselines and counts are stale."""
        self._version += 1

    # -- records -------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """How many creators, posts and comments this user has."""
        with self._lock:
            return {
                table: int(self._db.execute(f"SELECT COUNT(*) FROM {table} WHERE user = ?", (self.user,)).fetchone()[0])
                for table in ("creators", "posts", "comments")
            }

    def get_post(self, post_id: str) -> Post | None:
        posts = self.posts_by_id([post_id])
        return posts.get(post_id)

    def get_comment(self, comment_id: str) -> Comment | None:
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM comments WHERE user = ? AND id = ?", (self.user, comment_id)
            ).fetchone()
        return _comment_of(row) if row is not None else None

    def comments_on(self, post_id: str, *, limit: int = 100) -> list[Comment]:
        """A post's comments, most liked first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM comments WHERE user = ? AND post_id = ? ORDER BY likes DESC, id LIMIT ?",
                (self.user, post_id, limit),
            ).fetchall()
        return [_comment_of(row) for row in rows]

    def resolve_post(self, reference: str) -> Post:
        """A post by its id (`youtube:3BbSreQ8_Dg`) or its platform's own id (`3BbSreQ8_Dg`)."""
        reference = reference.strip()
        post = self.get_post(reference)
        if post is None and ":" not in reference:
            with self._lock:
                rows = self._db.execute(
                    "SELECT id FROM posts WHERE user = ? AND id LIKE ? ESCAPE '\\' LIMIT 2",
                    (self.user, "%:" + reference.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")),
                ).fetchall()
            if len(rows) == 1:
                post = self.get_post(rows[0][0])
        if post is None:
            raise NotFoundError(
                f"No post {reference!r} in {self.user}'s corpus. Post ids look like youtube:3BbSreQ8_Dg; "
                "`hookline trends QUERY` lists some."
            )
        return post

    def creators(self) -> list[Creator]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM creators WHERE user = ? ORDER BY name", (self.user,)).fetchall()
        return [Creator(id=row["id"], platform=row["platform"], name=row["name"], handle=row["handle"]) for row in rows]

    def resolve_creators(self, reference: str) -> list[Creator]:
        """Creators matching an id, a name or a handle (case-insensitive; a unique substring also
        matches, and so does a reference that names creators among other words). Raises `NotFoundError`
        listing the known names when nothing matches."""
        wanted = reference.strip().lower().lstrip("@")
        known = self.creators()
        exact = [
            creator for creator in known
            if wanted in (creator.id.lower(), creator.name.lower(), (creator.handle or "").lower().lstrip("@"))
        ]
        if not exact:
            exact = [creator for creator in known if wanted and wanted in creator.name.lower()]
        if not exact:
            # "Tipa's channel", "the Alex Hawkers podcast": a reference that names a creator among other words.
            exact = [creator for creator in known if any(
                len(label) >= 3 and re.search(rf"(?<!\w){re.escape(label)}(?!\w)", wanted)
                for label in (creator.name.lower(), (creator.handle or "").lower().lstrip("@")))]
        if not exact:
            names = ", ".join(creator.name for creator in known[:15]) or "none yet; run `hookline import PATH`"
            raise NotFoundError(f"No creator matches {reference!r}. Known creators: {names}.")
        return exact

    def posts_by_id(self, ids: Sequence[str]) -> dict[str, Post]:
        """Posts (not stubs) by id; ids that are not committed are simply absent."""
        result: dict[str, Post] = {}
        with self._lock:
            for part in chunked(list(ids)):
                marks = ",".join("?" for _ in part)
                rows = self._db.execute(
                    f"SELECT p.*, c.name AS creator_name FROM posts p "
                    f"LEFT JOIN creators c ON c.user = p.user AND c.id = p.creator_id "
                    f"WHERE p.user = ? AND p.id IN ({marks}) AND p.stub = 0",
                    (self.user, *part),
                ).fetchall()
                for row in rows:
                    result[row["id"]] = _post_of(row)
        return result

    def post_ids_where(self, scope: Scope) -> list[str]:
        """Ids of posts with a metric (views; upvotes on Reddit) in `scope`."""
        clauses, params = scope.sql("p")
        where = " AND ".join(["p.user = ?", "p.stub = 0", f"{metric_sql('p')} IS NOT NULL", *clauses])
        with self._lock:
            rows = self._db.execute(f"SELECT p.id FROM posts p WHERE {where}", (self.user, *params)).fetchall()
        return [row[0] for row in rows]

    def baselines(self) -> dict[tuple[str, str], np.ndarray]:
        """Sorted metric values (views; upvotes on Reddit) of every (creator, format), cached
        until the next import (here or by another process)."""
        with self._lock:
            key = self._data_key()
            if self._baseline_cache is not None and self._baseline_cache[0] == key:
                return self._baseline_cache[1]
            rows = self._db.execute(
                f"SELECT creator_id, format, {metric_sql()} AS metric FROM posts "
                f"WHERE user = ? AND stub = 0 AND {metric_sql()} IS NOT NULL",
                (self.user,),
            ).fetchall()
            groups: dict[tuple[str, str], list[int]] = {}
            for row in rows:
                groups.setdefault((row[0], row[1]), []).append(int(row[2]))
            baselines = {group: np.sort(np.asarray(values, dtype=np.float64)) for group, values in groups.items()}
            self._baseline_cache = (key, baselines)
            return baselines

    # -- comments ------------------------------------------------------------------------------

    def comment_rows(self, ids: Sequence[str]) -> dict[str, CommentRow]:
        result: dict[str, CommentRow] = {}
        with self._lock:
            for part in chunked(list(ids)):
                marks = ",".join("?" for _ in part)
                rows = self._db.execute(
                    f"SELECT c.id, c.post_id, p.creator_id, c.text, c.likes, c.reply_count, c.parent_id, c.category, "
                    f"c.sentiment, c.language FROM comments c JOIN posts p ON p.user = c.user AND p.id = c.post_id "
                    f"WHERE c.user = ? AND c.id IN ({marks}) AND c.removed = 0",
                    (self.user, *part),
                ).fetchall()
                for row in rows:
                    result[row[0]] = CommentRow(*row[:9], language=language_of(row[9]))
        return result

    def request_comments(
        self, scope: Scope, since: datetime | None = None, min_score: float = request_rows.THRESHOLD,
        ids: Sequence[str] | None = None,
    ) -> list[RequestComment]:
        """Comments in `scope` (on or after `since`, among `ids` if given) whose stored request
        reading scores at least `min_score` (the detector's threshold: requests and questions)."""
        with self._lock:
            return request_rows.select(self._db, self.user, scope, since, min_score, ids)

    def top_comment_ids(self, scope: Scope, limit: int) -> tuple[list[str], int]:
        """The `limit` most-liked, most-replied comments in `scope`, and how many it holds."""
        total = self.count_in_scope("comments", scope)
        if limit <= 0:
            return [], total
        fragment, params = self._scope_sql("comments", scope)
        with self._lock:
            rows = self._db.execute(
                f"SELECT c.id FROM comments c WHERE c.user = ? AND c.removed = 0{fragment} "
                "ORDER BY c.likes DESC, c.reply_count DESC, c.id LIMIT ?",
                (self.user, *params, limit),
            ).fetchall()
        return [row[0] for row in rows], total

    def count_comments_of(self, creator: str) -> int:
        """How many comments the posts of `creator` (a name, handle or id) have."""
        scope = Scope(creator_ids=tuple(found.id for found in self.resolve_creators(creator)))
        return self.top_comment_ids(scope, 0)[1]

    def reply_stances(self, parent_ids: Sequence[str]) -> dict[str, Stances]:
        """Agreement and pushback in the text replies to each of `parent_ids`."""
        result: dict[str, Stances] = {}
        with self._lock:
            for part in chunked(list(parent_ids)):
                marks = ",".join("?" for _ in part)
                rows = self._db.execute(
                    f"SELECT parent_id, stance, likes FROM comments "
                    f"WHERE user = ? AND parent_id IN ({marks}) AND stance != 0",
                    (self.user, *part),
                ).fetchall()
                for parent, stance, likes in rows:
                    known = result.get(parent, Stances())
                    weight = 1.0 + float(np.log1p(max(likes, 0)))
                    result[parent] = (
                        Stances(known.agree + weight, known.pushback)
                        if stance > 0
                        else Stances(known.agree, known.pushback + weight)
                    )
        return result

    # -- scopes and keywords -------------------------------------------------------------------

    def count_in_scope(self, kind: str, scope: Scope) -> int:
        """How many posts with a vector, or comments not removed (each has a vector), `scope`
        holds; cached until the next import."""
        with self._lock:
            key = self._data_key()
            cached = self._count_cache.get((kind, scope))
            if cached is not None and cached[0] == key:
                return cached[1]
            fragment, params = self._scope_sql(kind, scope)
            if kind == "posts":
                sql = f"SELECT COUNT(*) FROM posts p WHERE p.user = ? AND p.embed_hash IS NOT NULL{fragment}"
            else:
                sql = f"SELECT COUNT(*) FROM comments c WHERE c.user = ? AND c.removed = 0{fragment}"
            count = int(self._db.execute(sql, (self.user, *params)).fetchone()[0])
            self._count_cache[(kind, scope)] = (key, count)
            return count

    def in_scope(self, kind: str, ids: Sequence[str], scope: Scope) -> set[str]:
        """Which of `ids` lie in `scope`."""
        clauses, params = scope.sql("p")
        if kind == "posts":
            source, alias = "posts p", "p"
        else:
            source, alias = "comments c JOIN posts p ON p.user = c.user AND p.id = c.post_id", "c"
        condition = "".join(f" AND {clause}" for clause in clauses)
        found: set[str] = set()
        with self._lock:
            for part in chunked(list(ids), 5000):
                marks = ",".join("?" for _ in part)
                rows = self._db.execute(
                    f"SELECT {alias}.id FROM {source} WHERE {alias}.user = ? AND {alias}.id IN ({marks}){condition}",
                    (self.user, *part, *params),
                ).fetchall()
                found.update(row[0] for row in rows)
        return found

    def keyword_ids(self, kind: str, expression: str, n: int, scope: Scope) -> list[str]:
        """Ids of the `n` best keyword matches (FTS5 bm25) for an FTS5 `expression` in `scope`."""
        fragment, params = self._scope_sql(kind, scope)
        if kind == "posts":
            sql = (
                "SELECT p.id FROM posts_fts f JOIN posts p ON p.rowid = f.rowid "
                f"WHERE posts_fts MATCH ? AND p.user = ?{fragment} ORDER BY bm25(posts_fts) LIMIT ?"
            )
        else:
            sql = (
                "SELECT c.id FROM comments_fts f JOIN comments c ON c.rowid = f.rowid "
                f"WHERE comments_fts MATCH ? AND c.user = ? AND c.removed = 0{fragment} "
                "ORDER BY bm25(comments_fts) LIMIT ?"
            )
        with self._lock:
            try:
                rows = self._db.execute(sql, (expression, self.user, *params, n)).fetchall()
            except sqlite3.OperationalError:  # an expression FTS5 cannot parse finds nothing
                return []
        return [row[0] for row in rows]

    def _data_key(self) -> tuple[int, int]:
        """Changes whenever this store or another connection commits an import."""
        return self._version, int(self._db.execute("PRAGMA data_version").fetchone()[0])

    def _scope_sql(self, kind: str, scope: Scope) -> tuple[str, list[Any]]:
        """` AND ...` restricting alias `p` (posts) or `c` (comments) to `scope`."""
        clauses, params = scope.sql("p")
        if not clauses:
            return "", []
        if kind == "posts":
            return " AND " + " AND ".join(clauses), params
        return f" AND c.post_id IN (SELECT p.id FROM posts p WHERE p.user = ? AND {' AND '.join(clauses)})", [self.user, *params]


def _comment_of(row: sqlite3.Row) -> Comment:
    return Comment(
        id=row["id"], post_id=row["post_id"], text=row["text"], likes=row["likes"],
        reply_count=row["reply_count"], parent_id=row["parent_id"],
        published_at=datetime.fromisoformat(row["published_at"]) if row["published_at"] else None,
        author=row["author"],
    )


def _post_of(row: sqlite3.Row) -> Post:
    return Post(
        id=row["id"], platform=row["platform"], creator=row["creator_name"] or row["creator_id"],
        creator_id=row["creator_id"], format=row["format"], title=row["title"], caption=row["caption"],
        tags=json.loads(row["tags"] or "[]"), transcript=row["transcript"],
        published_at=datetime.fromisoformat(row["published_at"]) if row["published_at"] else None,
        views=row["views"], likes=row["likes"], comments=row["comments"], shares=row["shares"],
        duration_s=row["duration_s"], url=row["url"],
    )
