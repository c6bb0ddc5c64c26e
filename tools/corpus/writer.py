"""Writing one parsed import into the corpus: rows in SQLite, vectors through the journal.

The order is what makes an import safe to kill at any moment (see tools/corpus/journal.py):
1. a dry run stages every row in a transaction, reads back what has to be embedded, and
   rolls back: no lock is held while the model works;
2. the texts are embedded, with nothing written anywhere;
3. one short transaction writes the rows, the keyword index, the new text hashes and the
   journal of vector changes, and commits;
4. the journal is copied into Chroma.
Imports of one user are serialised by a lock file; readers never wait for any of it (WAL).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from tools.corpus import journal, schema
from tools.corpus.index import Progress, embed_texts, stored_hashes
from tools.corpus.journal import HASH_KEY, JournalEntry
from tools.corpus.language_rows import column_value
from tools.corpus.links import link_comments, missing_post_reason
from tools.corpus.models import Comment, Creator, ImportCounts, ImportedFile, ImportReport, Post, Rejection
from tools.corpus.opinions import is_removed, read_comment, stance_of
from tools.corpus.parsing import ParsedFile
from tools.corpus.request_rows import claim_reader, creator_names, reading_values
from tools.corpus.text import embed_text_of_comment, embed_text_of_post
from tools.language import detect_language
from tools.request_cues import RequestReading, read_request

if TYPE_CHECKING:
    from tools.corpus.store import CorpusStore

_CHUNK = 500  # ids per `IN (...)` query
KINDS = ("posts", "comments")


def text_hash(text: str, metadata: dict[str, Any]) -> str:
    import hashlib

    return hashlib.sha1((text + json.dumps(metadata, sort_keys=True)).encode("utf-8")).hexdigest()


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class Batch:
    """Everything the parsed files of one import hold, merged (a later file wins)."""

    creators: dict[str, Creator] = field(default_factory=dict)
    stub_creators: dict[str, Creator] = field(default_factory=dict)
    posts: dict[str, tuple[Post, str]] = field(default_factory=dict)
    stubs: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)
    comments: dict[str, tuple[Comment, str]] = field(default_factory=dict)
    transcripts: list[tuple[str, str, str]] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)

    @classmethod
    def of(cls, parsed: Sequence[ParsedFile]) -> Batch:
        batch = cls(rejected=[rejection for item in parsed for rejection in item.rejected])
        for item in parsed:
            batch.creators.update(item.creators)
            for post_id, post in item.posts.items():
                batch.posts[post_id] = (post, item.post_sources[post_id])
            for stub in item.stubs.values():
                batch.stub_creators.setdefault(stub.creator.id, stub.creator)
                batch.stubs.setdefault(stub.id, (stub.creator.platform, stub.creator.id, stub.format, item.display))
            for comment_id, comment in item.comments.items():
                batch.comments[comment_id] = (comment, item.comment_sources[comment_id])
            batch.transcripts.extend(item.transcripts)
        # A stub exists for the comments that point at it; a creator for the posts it made.
        wanted_stubs = {comment.post_id for comment, _source in batch.comments.values()}
        batch.stubs = {post_id: values for post_id, values in batch.stubs.items() if post_id in wanted_stubs}
        used = {post.creator_id for post, _source in batch.posts.values()}
        used |= {values[1] for post_id, values in batch.stubs.items() if post_id not in batch.posts}
        batch.creators = {key: value for key, value in batch.creators.items() if key in used}
        batch.stub_creators = {key: value for key, value in batch.stub_creators.items() if key in used}
        return batch


@dataclass(frozen=True)
class EmbedJob:
    kind: str
    id: str
    text: str
    metadata: dict[str, str | int | float | bool]
    hash: str
    rowid: int
    changed: bool
    """The text differs from what the keyword index and embed_hash hold."""


@dataclass
class Staged:
    """What staging the rows found: counts, rejections, and the vector work to do."""

    counts: ImportCounts
    added: ImportCounts
    rejected: list[Rejection]
    jobs: list[EmbedJob]
    deletions: list[tuple[str, str, int]]  # (kind, id, rowid) of rows whose vector must go


class ImportWriter:
    """Writes a parsed import into one user's corpus. Built and used by `CorpusStore`."""

    def __init__(self, store: CorpusStore) -> None:
        self._store = store
        self._db: sqlite3.Connection = store.connection
        self._user = store.user
        self._readings: dict[tuple[str, tuple[str, ...]], RequestReading] = {}
        """The detector's readings by (text, creator names): the dry run and the real write stage the same rows."""
        self._languages: dict[str, str] = {}
        """Each comment text's stored language (tools/corpus/language_rows.py), detected once per import."""

    def write(self, parsed: list[ParsedFile], progress: Progress) -> ImportReport:
        batch = Batch.of(parsed)
        store = self._store
        with store.import_lock(progress):
            store.apply_journal()  # a crashed import of this user is finished first
            with store.lock:
                links = link_comments(self._db, self._user, batch)
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    dry = self._stage(batch, progress)
                    stale = self._stale_ids(dry.jobs)
                finally:
                    self._db.execute("ROLLBACK")
            todo = [job for job in dry.jobs if job.changed or job.id in stale]
            vectors = self._embed(todo, progress)
            staged_now: list[Staged] = []

            def stage_and_journal() -> list[JournalEntry]:
                claim_reader(self._db, self._user)
                staged_now.append(self._stage(batch, progress))
                return self._journal_entries(staged_now[-1], stale, vectors)

            entries = self._commit_with_journal(stage_and_journal)
            staged = staged_now[-1]
        return ImportReport(
            format="+".join(dict.fromkeys(item.platform for item in parsed)),
            imported=staged.counts,
            added=staged.added,
            rejected=staged.rejected,
            files=[ImportedFile(path=item.display, format=item.platform, kind=item.kind) for item in parsed],
            embedded=sum(1 for entry in entries if entry.op == "upsert"),
            links=links,
        )

    def reindex(self, ids: dict[str, list[str]], progress: Progress) -> int:
        """Re-embed the given rows and write their vectors through the journal (repair).

        The caller holds the user's import lock.
        """
        store = self._store
        with store.lock:
            post_jobs, _ = self._post_jobs(ids.get("posts", []))
            comment_jobs, _ = self._comment_jobs(ids.get("comments", []))
        jobs = post_jobs + comment_jobs
        vectors = self._embed(jobs, progress)
        staged = Staged(ImportCounts(), ImportCounts(), [], jobs, [])
        forced = {job.id for job in jobs}
        return len(self._commit_with_journal(lambda: self._journal_entries(staged, forced, vectors)))

    def _commit_with_journal(self, entries_of: Callable[[], list[JournalEntry]]) -> list[JournalEntry]:
        """One short transaction: whatever `entries_of` writes plus its journal rows; then the
        journal goes to Chroma. The commit is the moment an import takes effect."""
        store = self._store
        with store.lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                entries = entries_of()
                journal.append(self._db, self._user, entries)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            store.committed()
        store.apply_journal()
        return entries

    # -- staging rows (inside a transaction) ---------------------------------------------------

    def _stage(self, batch: Batch, progress: Progress) -> Staged:
        db, user = self._db, self._user
        rejected = list(batch.rejected)
        new_creators = len(batch.creators.keys() - self._existing("creators", list(batch.creators)))
        post_ids = set(batch.posts) | set(batch.stubs)
        new_posts = len(post_ids - self._existing("posts", list(post_ids)))
        progress("write", 0, len(batch.posts) + len(batch.comments))
        db.executemany(schema.UPSERT_CREATOR, [(user, c.id, c.platform, c.name, c.handle) for c in batch.creators.values()])
        db.executemany(
            schema.INSERT_STUB_CREATOR, [(user, c.id, c.platform, c.name, c.handle) for c in batch.stub_creators.values()]
        )
        db.executemany(schema.UPSERT_POST, [self._post_row(post, source) for post, source in batch.posts.values()])
        db.executemany(
            schema.INSERT_STUB,
            [(user, post_id, *values) for post_id, values in batch.stubs.items() if post_id not in batch.posts],
        )
        touched_posts = set(batch.posts)
        for post_id, transcript, source in batch.transcripts:
            if self._replace_transcript(post_id, transcript, source, rejected):
                touched_posts.add(post_id)
        names_of = self._creator_names(list({c.post_id for c, _ in batch.comments.values()}))
        comment_rows = []
        for comment, source in batch.comments.values():
            if comment.post_id not in names_of:
                rejected.append(Rejection(source=source, reason=missing_post_reason(comment.post_id)))
                continue
            comment_rows.append(self._comment_row(comment, source, names_of[comment.post_id]))
        comment_ids = [row[1] for row in comment_rows]
        new_comments = len(set(comment_ids) - self._existing("comments", comment_ids))
        db.executemany(schema.UPSERT_COMMENT, comment_rows)
        progress("write", len(batch.posts) + len(comment_rows), len(batch.posts) + len(batch.comments))
        post_jobs, post_deletions = self._post_jobs(sorted(touched_posts))
        comment_jobs, comment_deletions = self._comment_jobs(comment_ids)
        return Staged(
            counts=ImportCounts(creators=len(batch.creators), posts=len(batch.posts), comments=len(comment_rows)),
            added=ImportCounts(creators=new_creators, posts=new_posts, comments=new_comments),
            rejected=rejected,
            jobs=post_jobs + comment_jobs,
            deletions=post_deletions + comment_deletions,
        )

    def _replace_transcript(self, post_id: str, transcript: str, source: str, rejected: list[Rejection]) -> bool:
        """A stored transcript is only ever replaced by one at least as long (a file cut short
        must not shrink it); a shorter one is reported, not written."""
        row = self._db.execute(
            "SELECT length(transcript) FROM posts WHERE user = ? AND id = ? AND stub = 0", (self._user, post_id)
        ).fetchone()
        if row is None:
            short_id = post_id.split(":", 1)[-1]
            rejected.append(Rejection(source=source, reason=f"video {short_id} is not imported; import its videos file first"))
            return False
        stored = row[0] or 0
        if stored > len(transcript):
            rejected.append(
                Rejection(
                    source=source,
                    reason=f"kept the stored transcript of {post_id} ({stored:,} characters): this one is shorter "
                    f"({len(transcript):,}); delete the post's transcript first to replace it",
                )
            )
            return False
        self._db.execute("UPDATE posts SET transcript = ? WHERE user = ? AND id = ?", (transcript, self._user, post_id))
        return True

    def _post_row(self, post: Post, source: str) -> tuple[Any, ...]:
        published = post.published_at
        return (
            self._user, post.id, post.platform, post.creator_id, post.format, post.title, post.caption,
            json.dumps(post.tags, ensure_ascii=False), post.transcript,
            published.isoformat() if published else None, int(published.timestamp()) if published else None,
            post.views, post.likes, post.comments, post.shares, post.duration_s, post.url, source,
        )

    def _comment_row(self, comment: Comment, source: str, names: tuple[str, ...]) -> tuple[Any, ...]:
        reading = read_comment(comment.text)
        stance = stance_of(comment.text) if comment.parent_id else 0
        published = comment.published_at
        return (
            self._user, comment.id, comment.post_id, comment.text, comment.likes, comment.reply_count,
            comment.parent_id, published.isoformat() if published else None, comment.author, reading.category,
            reading.sentiment, stance, int(is_removed(comment.text)), source,
            *reading_values(self._request_reading(comment.text, names)), self._language(comment.text),
        )

    def _language(self, text: str) -> str:
        language = self._languages.get(text)
        if language is None:
            language = self._languages[text] = column_value(detect_language(text))
        return language

    def _request_reading(self, text: str, names: tuple[str, ...]) -> RequestReading:
        """Is the comment a request or a question to the creator (tools/request_cues.py)?"""
        key = (text, names)
        reading = self._readings.get(key)
        if reading is None:
            reading = self._readings[key] = read_request(text, names)
        return reading

    def _creator_names(self, post_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """The stored posts among `post_ids` (this batch's are already staged) and their creator's
        name and handle, which the request detector reads as the creator being addressed."""
        found: dict[str, tuple[str, ...]] = {}
        for part in _chunks(list(post_ids)):
            marks = ",".join("?" for _ in part)
            rows = self._db.execute(
                f"SELECT p.id, c.name, c.handle FROM posts p "
                f"LEFT JOIN creators c ON c.user = p.user AND c.id = p.creator_id WHERE p.user = ? AND p.id IN ({marks})",
                (self._user, *part),
            )
            found.update((row[0], creator_names(row[1], row[2])) for row in rows)
        return found

    def _existing(self, table: str, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for part in _chunks(list(ids)):
            marks = ",".join("?" for _ in part)
            rows = self._db.execute(f"SELECT id FROM {table} WHERE user = ? AND id IN ({marks})", (self._user, *part))
            found.update(row[0] for row in rows)
        return found

    def _post_jobs(self, ids: Sequence[str]) -> tuple[list[EmbedJob], list[tuple[str, str, int]]]:
        jobs: list[EmbedJob] = []
        deletions: list[tuple[str, str, int]] = []
        for part in _chunks(list(ids)):
            marks = ",".join("?" for _ in part)
            rows = self._db.execute(
                f"SELECT rowid, id, platform, creator_id, format, title, caption, tags, transcript, published_ts, "
                f"embed_hash FROM posts WHERE user = ? AND id IN ({marks})",
                (self._user, *part),
            )
            for row in rows:
                text = embed_text_of_post(row["title"], row["caption"], json.loads(row["tags"]), row["transcript"])
                if not text.strip():
                    if row["embed_hash"]:
                        deletions.append(("posts", row["id"], row["rowid"]))
                    continue
                metadata: dict[str, str | int | float | bool] = {
                    "creator_id": row["creator_id"],
                    "platform": row["platform"],
                    "format": row["format"],
                    "published_ts": int(row["published_ts"]) if row["published_ts"] is not None else -1,
                }
                digest = text_hash(text, metadata)
                jobs.append(EmbedJob("posts", row["id"], text, metadata, digest, row["rowid"], digest != row["embed_hash"]))
        return jobs, deletions

    def _comment_jobs(self, ids: Sequence[str]) -> tuple[list[EmbedJob], list[tuple[str, str, int]]]:
        jobs: list[EmbedJob] = []
        deletions: list[tuple[str, str, int]] = []
        for part in _chunks(list(ids)):
            marks = ",".join("?" for _ in part)
            rows = self._db.execute(
                f"SELECT c.rowid, c.id, c.post_id, c.text, c.removed, c.embed_hash, p.creator_id, p.platform "
                f"FROM comments c JOIN posts p ON p.user = c.user AND p.id = c.post_id "
                f"WHERE c.user = ? AND c.id IN ({marks})",
                (self._user, *part),
            )
            for row in rows:
                if row["removed"]:
                    if row["embed_hash"]:
                        deletions.append(("comments", row["id"], row["rowid"]))
                    continue
                text = embed_text_of_comment(row["text"])
                metadata: dict[str, str | int | float | bool] = {
                    "post_id": row["post_id"], "creator_id": row["creator_id"], "platform": row["platform"],
                }
                digest = text_hash(text, metadata)
                jobs.append(
                    EmbedJob("comments", row["id"], text, metadata, digest, row["rowid"], digest != row["embed_hash"])
                )
        return jobs, deletions

    # -- vectors --------------------------------------------------------------------------------

    def _stale_ids(self, jobs: Sequence[EmbedJob]) -> set[str]:
        """Unchanged rows whose vector is missing, or was built from other text (an old crash)."""
        stale: set[str] = set()
        for kind in KINDS:
            unchanged = [job for job in jobs if job.kind == kind and not job.changed]
            if not unchanged:
                continue
            stored = stored_hashes(self._store.collection(kind), [job.id for job in unchanged])
            for job in unchanged:
                if job.id not in stored:
                    stale.add(job.id)
                elif stored[job.id] is not None and stored[job.id] != job.hash:
                    stale.add(job.id)
        return stale

    def _embed(self, jobs: Sequence[EmbedJob], progress: Progress) -> dict[tuple[str, str], np.ndarray]:
        vectors: dict[tuple[str, str], np.ndarray] = {}
        for kind in KINDS:
            mine = [job for job in jobs if job.kind == kind]
            if not mine:
                continue
            embedded = embed_texts(
                self._store.embedder, [job.text for job in mine], stage=f"embed {kind}", progress=progress
            )
            for job, vector in zip(mine, embedded, strict=True):
                vectors[(job.id, job.hash)] = vector
        return vectors

    def _journal_entries(
        self, staged: Staged, stale: set[str], vectors: dict[tuple[str, str], np.ndarray]
    ) -> list[JournalEntry]:
        """Journal rows for the staged jobs, and the keyword index and hashes that go with them.

        Runs inside the real transaction; a job the dry run did not foresee is embedded here.
        """
        db, user = self._db, self._user
        entries: list[JournalEntry] = []
        late = [job for job in staged.jobs if (job.changed or job.id in stale) and (job.id, job.hash) not in vectors]
        if late:
            vectors = {**vectors, **self._embed(late, lambda *args: None)}
        for job in staged.jobs:
            if not (job.changed or job.id in stale):
                continue
            metadata = {**job.metadata, HASH_KEY: job.hash}
            entries.append(JournalEntry(job.kind, job.id, "upsert", vectors[(job.id, job.hash)], metadata))
        for kind in KINDS:
            changed = [(job.rowid, job.text) for job in staged.jobs if job.kind == kind and job.changed]
            db.executemany(f"DELETE FROM {kind}_fts WHERE rowid = ?", [(rowid,) for rowid, _text in changed])
            db.executemany(f"INSERT INTO {kind}_fts (rowid, text) VALUES (?, ?)", changed)
            db.executemany(
                f"UPDATE {kind} SET embed_hash = ? WHERE user = ? AND id = ?",
                [(job.hash, user, job.id) for job in staged.jobs if job.kind == kind and (job.changed or job.id in stale)],
            )
            gone = [(item_id, rowid) for gone_kind, item_id, rowid in staged.deletions if gone_kind == kind]
            db.executemany(f"DELETE FROM {kind}_fts WHERE rowid = ?", [(rowid,) for _id, rowid in gone])
            db.executemany(f"UPDATE {kind} SET embed_hash = NULL WHERE user = ? AND id = ?", [(user, i) for i, _r in gone])
            entries.extend(JournalEntry(kind, item_id, "delete") for item_id, _rowid in gone)
        return entries
