"""The corpus store: records and metrics in SQLite, post and comment vectors in Chroma, per user.

Safe imports. An import parses every file first (nothing is written while any file can still
fail), embeds what changed, then commits the rows together with a journal of the vector
changes in one short SQLite transaction, and copies the journal into Chroma
(tools/corpus/writer.py, tools/corpus/journal.py). Killing it at any moment leaves the old
state or the new one; a journal left by a killed import is finished the next time the store
is opened. Every query joins Chroma's hits back to SQLite.

Readers never wait: the database is in WAL mode and opening it writes nothing once it exists.
Imports of one user are serialised by a lock file; a second one waits and says so.

Re-imports are idempotent: ids are stable, upserts write the same values, and a text whose
hash is unchanged (and whose vector exists and was built from it) is not embedded again.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import math
import secrets
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from chromadb.api.models.Collection import Collection

from hookline.chroma import open_collection
from hookline.embeddings import Embedder
from hookline.errors import HooklineError, InputError, NotFoundError, SetupError
from hookline.services import Services
from tools.corpus import schema
from tools.corpus.detect import Detected, detect
from tools.corpus.files import MAX_IMPORT_BYTES, expand_paths, read_source
from hookline.identity import user_state_dir
from tools.corpus import journal, request_rows
from tools.corpus.index import Progress
from tools.corpus.mapped import parse_mapping
from tools.corpus.models import Comment, Creator, ImportReport, Post
from tools.corpus.request_rows import RequestComment
from tools.corpus.parsing import ParseContext, ParsedFile
from tools.corpus.search import Scope
from tools.corpus.writer import ImportWriter

_CHUNK = 500  # ids per `IN (...)` query
OVERFETCH_MIN_SHARE = 0.05
"""A scope holding at least this share of the vectors is searched without Chroma's filter."""
MAX_OVERFETCH = 8000


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


@dataclass(frozen=True)
class Stances:
    """Text replies to one comment: how many agree and push back, each weighted 1 + ln(1 + likes)."""

    agree: float = 0.0
    pushback: float = 0.0


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]




class CorpusStore:
    """One user's posts and comments. Open with `CorpusStore.open(services, user)`."""

    def __init__(
        self, connection: sqlite3.Connection, chroma: Any, embedder: Embedder, user: str, lock_dir: Path | None = None
    ) -> None:
        self._db = connection
        self._chroma = chroma
        self.embedder = embedder
        self.user = user
        self._lock_dir = lock_dir
        self._lock = threading.RLock()
        self._collections: dict[str, Collection] = {}
        self._version = 0
        self._baseline_cache: tuple[tuple[int, int], dict[tuple[str, str], np.ndarray]] | None = None
        self._count_cache: dict[tuple[str, Scope], tuple[tuple[int, int], int]] = {}
        self._query_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._salt = self._author_salt()

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(cls, services: Services, user: str | None = None) -> CorpusStore:
        """Open (creating if needed) the corpus of `user` (default: settings.user).

        Opening an existing store writes nothing, so it never waits for a running import;
        a journal left by a killed import of this user is finished here.
        """
        settings = services.settings
        home = settings.ensure_home()
        owner = user or settings.user
        try:
            connection = sqlite3.connect(settings.corpus_path, check_same_thread=False, isolation_level=None, timeout=60)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA synchronous=NORMAL")  # per connection; durable against a killed process
            _prepare(connection)
        except sqlite3.Error as error:
            raise SetupError(f"Cannot open the corpus database {settings.corpus_path}: {error}.") from error
        store = cls(connection, services.chroma, services.embedder, owner, user_state_dir(home, owner))
        store.finish_interrupted_import()
        return store

    @property
    def connection(self) -> sqlite3.Connection:
        return self._db

    @property
    def lock(self) -> threading.RLock:
        """Serialises this object's use of its SQLite connection across threads."""
        return self._lock

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _author_salt(self) -> str:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'author_salt'").fetchone()
            if row is None:
                self._db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('author_salt', ?)", (secrets.token_hex(16),))
                row = self._db.execute("SELECT value FROM meta WHERE key = 'author_salt'").fetchone()
            return str(row[0])

    # -- import safety ---------------------------------------------------------------------------

    @contextmanager
    def import_lock(self, progress: Progress | None = None) -> Iterator[None]:
        """Only one import of this user at a time (across processes); a second one waits and says so.

        The lock is a `flock` on a file under the user's folder: the kernel drops it when its
        process dies, so a killed import never leaves it held.
        """
        if self._lock_dir is None:
            yield
            return
        with open(self._lock_dir / "import.lock", "a+b") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if progress:
                    progress("waiting for another import of this user to finish", 0, None)
                fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def apply_journal(self) -> int:
        """Copy pending vector changes into Chroma (the caller holds the import lock)."""
        with self._lock:
            return journal.apply(self._db, self.user, self.collection)

    def finish_interrupted_import(self) -> int:
        """Finish a killed import's vector journal, unless an import of this user is running now."""
        with self._lock:
            if not journal.pending(self._db, self.user):
                return 0
        if self._lock_dir is None:
            return self.apply_journal()
        with open(self._lock_dir / "import.lock", "a+b") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return 0  # the running import applies its own journal
            try:
                return self.apply_journal()
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def committed(self) -> None:
        """An import of this object committed: cached baselines and counts are stale."""
        self._version += 1

    def pseudonymise(self, author: str | None) -> str | None:
        """A salted hash of a handle: the same person maps to the same value in this store only."""
        if not author or not str(author).strip():
            return None
        return hashlib.sha256(f"{self._salt}\x1f{str(author).strip()}".encode()).hexdigest()[:16]

    def collection(self, kind: str) -> Collection:
        """The Chroma collection of this user's `posts` or `comments` vectors."""
        if kind not in self._collections:
            found = open_collection(self._chroma, (kind, self.user), self.embedder)
            stored = (found.metadata or {}).get("embedder")
            if stored and stored != self.embedder.name:
                raise SetupError(
                    f"The {kind} of user {self.user!r} were indexed with the {stored} embedder, but "
                    f"{self.embedder.name} is configured. Switch HOOKLINE_EMBEDDING_PROVIDER back, or delete "
                    "the Chroma collection and import the files again."
                )
            self._collections[kind] = found
        return self._collections[kind]

    # -- import --------------------------------------------------------------------------------

    def import_files(
        self,
        paths: Sequence[str | Path],
        fmt: str = "auto",
        mapping: str | dict[str, str] | None = None,
        progress: Progress | None = None,
        *,
        creator: str | None = None,
        max_bytes: int = MAX_IMPORT_BYTES,
    ) -> ImportReport:
        """Import files or folders (a folder's videos before its comments and transcripts).

        `fmt` is auto|youtube|tiktok|reddit|csv; `mapping` (`FIELD=COLUMN,...`) reads any CSV;
        `creator` names the channel where a file does not. Bad rows are reported in
        `rejected` as `file:line: reason`; a file that cannot be read raises `InputError` and
        nothing is written. `progress(stage, done, total)` is called as the import advances.
        """
        started = time.monotonic()
        report_progress = progress or (lambda stage, done, total: None)
        parsed_mapping = parse_mapping(mapping)
        files = expand_paths([Path(path) for path in paths])
        detected: list[tuple[int, Detected, ParseContext]] = []
        skipped: list[str] = []
        for index, (path, explicit) in enumerate(files):
            report_progress("read", index, len(files))
            source = read_source(path, max_bytes=max_bytes)
            ctx = ParseContext(
                display=str(path), path=path, pseudonymise=self.pseudonymise, creator=creator, mapping=parsed_mapping
            )
            found = detect(source, ctx, fmt)
            if found.parse is None:
                if explicit:
                    raise InputError(f"{path} holds {found.note}: nothing to import.")
                skipped.append(f"{path} ({found.note})")
                continue
            detected.append((index, found, ctx))
        report_progress("read", len(files), len(files))
        if not detected:
            raise InputError("None of the files holds posts or comments to import.")
        detected.sort(key=lambda item: (item[1].order, item[0]))
        parsed: list[ParsedFile] = []
        for number, (_index, found, ctx) in enumerate(detected):
            report_progress("parse", number, len(detected))
            try:
                parsed.append(found.parse())  # type: ignore[misc]
            except HooklineError:
                raise
            except (RecursionError, MemoryError) as error:
                raise InputError(f"{ctx.display} is too deeply nested or too large to parse.") from error
            except Exception as error:  # noqa: BLE001 - odd input must become a message, not a traceback
                raise InputError(
                    f"{ctx.display} could not be parsed ({error.__class__.__name__}: {str(error)[:200]})."
                ) from error
        report_progress("parse", len(detected), len(detected))
        report = ImportWriter(self).write(parsed, report_progress)
        report.skipped = skipped + [note for item in parsed for note in item.notes]
        report.warnings = [warning for item in parsed for warning in item.warnings]
        report.seconds = round(time.monotonic() - started, 3)
        return report

    # -- reading records -------------------------------------------------------------------------

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
        matches). Raises `NotFoundError` listing the known names when nothing matches."""
        wanted = reference.strip().lower().lstrip("@")
        known = self.creators()
        exact = [
            creator for creator in known
            if wanted in (creator.id.lower(), creator.name.lower(), (creator.handle or "").lower().lstrip("@"))
        ]
        if not exact:
            exact = [creator for creator in known if wanted and wanted in creator.name.lower()]
        if not exact:
            names = ", ".join(creator.name for creator in known[:15]) or "none yet; run `hookline import PATH`"
            raise NotFoundError(f"No creator matches {reference!r}. Known creators: {names}.")
        return exact

    def posts_by_id(self, ids: Sequence[str]) -> dict[str, Post]:
        """Posts (not stubs) by id; ids that are not committed are simply absent."""
        result: dict[str, Post] = {}
        with self._lock:
            for part in _chunks(list(ids)):
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

    # -- comments --------------------------------------------------------------------------------

    def comment_rows(self, ids: Sequence[str]) -> dict[str, CommentRow]:
        result: dict[str, CommentRow] = {}
        with self._lock:
            for part in _chunks(list(ids)):
                marks = ",".join("?" for _ in part)
                rows = self._db.execute(
                    f"SELECT c.id, c.post_id, p.creator_id, c.text, c.likes, c.reply_count, c.parent_id, c.category, "
                    f"c.sentiment FROM comments c JOIN posts p ON p.user = c.user AND p.id = c.post_id "
                    f"WHERE c.user = ? AND c.id IN ({marks}) AND c.removed = 0",
                    (self.user, *part),
                ).fetchall()
                for row in rows:
                    result[row[0]] = CommentRow(*row)
        return result

    def request_comments(
        self, scope: Scope, since: datetime | None = None, min_score: float = request_rows.THRESHOLD,
        ids: Sequence[str] | None = None,
    ) -> list[RequestComment]:
        """Comments in `scope` (on or after `since`, among `ids` if given) whose stored request
        reading scores at least `min_score` (the detector's threshold: requests and questions)."""
        with self._lock:
            return request_rows.select(self._db, self.user, scope, since, min_score, ids)

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
            for part in _chunks(list(ids), 5000):
                marks = ",".join("?" for _ in part)
                rows = self._db.execute(
                    f"SELECT {alias}.id FROM {source} WHERE {alias}.user = ? AND {alias}.id IN ({marks}){condition}",
                    (self.user, *part, *params),
                ).fetchall()
                found.update(row[0] for row in rows)
        return found

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
            for part in _chunks(list(parent_ids)):
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

    # -- vectors ---------------------------------------------------------------------------------

    def query_vector(self, text: str) -> np.ndarray:
        """The query's embedding (the last 256 queries are cached)."""
        with self._lock:
            if text in self._query_vectors:
                self._query_vectors.move_to_end(text)
                return self._query_vectors[text]
        vector = np.asarray(self.embedder.embed([text])[0], dtype=np.float32)
        with self._lock:
            self._query_vectors[text] = vector
            while len(self._query_vectors) > 256:
                self._query_vectors.popitem(last=False)
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
            total = self.count_in_scope(kind, Scope())
            inside = self.count_in_scope(kind, scope)
            if inside == 0:
                return [], np.zeros(0), None
            share = inside / max(total, 1)
            if share >= OVERFETCH_MIN_SHARE:
                fetch = min(total, MAX_OVERFETCH, max(n, math.ceil(n / share * 1.5)))
                ids, similarities, _ = self._query(kind, vector, fetch, None, with_vectors=False)
                keep = self.in_scope(kind, ids, scope)
                chosen = [index for index, item_id in enumerate(ids) if item_id in keep][:n]
                ids = [ids[index] for index in chosen]
                similarities = similarities[chosen] if chosen else np.zeros(0)
                vectors = None
                if with_vectors and ids:
                    found = self.vectors_of(kind, ids)
                    vectors = np.vstack([found[item_id] for item_id in ids])
                return ids, similarities, vectors
        return self._query(kind, vector, n, where, with_vectors=with_vectors)

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

    def vectors_of(self, kind: str, ids: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        collection = self.collection(kind)
        for part in _chunks(list(ids), 5000):
            result = collection.get(ids=list(part), include=["embeddings"])  # type: ignore[list-item]
            embeddings = result.get("embeddings")
            if embeddings is None:
                continue
            for item_id, vector in zip(result["ids"], embeddings, strict=False):
                found[item_id] = np.asarray(vector, dtype=np.float32)
        return found


def corpus_users(path: Path) -> list[str]:
    """Every user with rows in the corpus database at `path` (read only)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60)
    try:
        rows = connection.execute(
            "SELECT user FROM creators UNION SELECT user FROM posts UNION SELECT user FROM comments ORDER BY 1"
        ).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        connection.close()
    return [row[0] for row in rows]


def _prepare(connection: sqlite3.Connection) -> None:
    """Create or upgrade the schema, writing only when something is missing.

    A store that is already at this schema version is opened with reads alone, so a reader
    never queues behind a running import's write lock. An upgrade (2 -> 3 adds the request
    readings to comments, tools/corpus/request_rows.py) runs in one transaction, re-checked
    inside it, so two processes opening an old store at once upgrade it once.
    """
    if _schema_current(connection):
        return
    if connection.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("BEGIN IMMEDIATE")
    try:
        if not _schema_current(connection):
            for statement in _statements(schema.DDL + journal.JOURNAL_DDL):
                connection.execute(statement)
            request_rows.add_columns(connection)
            connection.execute(
                "INSERT INTO meta (key, value) VALUES ('schema', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (schema.SCHEMA_VERSION,),
            )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _schema_current(connection: sqlite3.Connection) -> bool:
    has_meta = connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
    version = connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() if has_meta else None
    return version is not None and version[0] == schema.SCHEMA_VERSION


def _statements(script: str) -> Iterator[str]:
    """The statements of `script` one by one (`executescript` would commit the open transaction)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending
            pending = ""
    if pending.strip() and not all(part.strip().startswith("--") or not part.strip() for part in pending.splitlines()):
        yield pending


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

