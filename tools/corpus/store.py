"""The corpus store: records and metrics in SQLite, post and comment vectors in Chroma, per user.

`CorpusStore` is the public face of one user's corpus; the work is done by
    tools/corpus/database.py    connecting to the SQLite file, creating or upgrading its schema
    tools/corpus/repository.py  the records: creators, posts, comments, scopes, baselines, stances
    tools/corpus/vectors.py     the Chroma collections: query vectors and nearest neighbours
    tools/corpus/importer.py    imports: parsing, the import lock, the vector journal, pseudonyms

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

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from chromadb.api.models.Collection import Collection

from core.embeddings import Embedder
from core.identity import user_state_dir
from core.services import Services
from tools.corpus import importer, request_rows
from tools.corpus.database import connect, corpus_users
from tools.corpus.files import MAX_IMPORT_BYTES
from tools.corpus.guess import Guess
from tools.corpus.importer import ImportGuard
from tools.corpus.index import Progress
from tools.corpus.models import Comment, Creator, ImportReport, Post
from tools.corpus.repository import CommentRow, CorpusRepository, Stances, metric_sql
from tools.corpus.request_rows import RequestComment
from tools.corpus.search import Scope
from tools.corpus.vectors import MAX_OVERFETCH, OVERFETCH_MIN_SHARE, VectorIndex

__all__ = [
    "MAX_OVERFETCH", "OVERFETCH_MIN_SHARE", "CommentRow", "CorpusStore", "Stances", "corpus_users", "metric_sql",
]


class CorpusStore:
    """One user's posts and comments. Open with `CorpusStore.open(services, user)`."""

    def __init__(
        self, connection: sqlite3.Connection, chroma: Any, embedder: Embedder, user: str, lock_dir: Path | None = None
    ) -> None:
        self._db = connection
        self.embedder = embedder
        self.user = user
        self._records = CorpusRepository(connection, user)
        self._vectors = VectorIndex(chroma, embedder, self._records)
        self._imports = ImportGuard(self._records, self._vectors, lock_dir)

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
        connection = connect(settings.corpus_path)
        store = cls(connection, services.chroma, services.embedder, owner, user_state_dir(home, owner))
        store.finish_interrupted_import()
        return store

    @property
    def connection(self) -> sqlite3.Connection:
        return self._records.connection

    @property
    def lock(self) -> threading.RLock:
        """Serialises this object's use of its SQLite connection across threads."""
        return self._records.lock

    def close(self) -> None:
        self._records.close()

    # -- import ----------------------------------------------------------------------------------

    def import_lock(self, progress: Progress | None = None) -> AbstractContextManager[None]:
        """Only one import of this user at a time (across processes); a second one waits and says so."""
        return self._imports.import_lock(progress)

    def apply_journal(self) -> int:
        """Copy pending vector changes into Chroma (the caller holds the import lock)."""
        return self._imports.apply_journal()

    def finish_interrupted_import(self) -> int:
        """Finish a killed import's vector journal, unless an import of this user is running now."""
        return self._imports.finish_interrupted_import()

    def committed(self) -> None:
        """An import of this object committed: cached baselines and counts are stale."""
        self._records.committed()

    def pseudonymise(self, author: str | None) -> str | None:
        """A salted hash of a handle: the same person maps to the same value in this store only."""
        return self._imports.pseudonymise(author)

    def import_files(
        self,
        paths: Sequence[str | Path],
        fmt: str = "auto",
        mapping: str | dict[str, str] | None = None,
        progress: Progress | None = None,
        *,
        creator: str | None = None,
        max_bytes: int = MAX_IMPORT_BYTES,
        accept_guess: bool = False,
        guesses: Mapping[str, Guess] | None = None,
    ) -> ImportReport:
        """Import files or folders (a folder's videos before its comments and transcripts).

        `fmt` is auto|youtube|tiktok|reddit|csv; `mapping` (`FIELD=COLUMN,...`) reads any CSV;
        `creator` names the channel where a file does not. A CSV of no known layout, without
        `mapping`, raises `GuessesToConfirm` with a guess of its columns, or is read through that
        guess when `accept_guess`, or through `guesses[file]`, a guess the user corrected
        (tools/corpus/guess.py). Bad rows are reported in `rejected` as
        `file:line: reason`; a file that cannot be read raises `InputError` and nothing is
        written. `progress(stage, done, total)` is called as the import advances.
        """
        return importer.import_files(
            self, paths, fmt, mapping, progress, creator=creator, max_bytes=max_bytes, accept_guess=accept_guess,
            guesses=guesses,
        )

    # -- records (tools/corpus/repository.py) ----------------------------------------------------

    def counts(self) -> dict[str, int]:
        return self._records.counts()

    def get_post(self, post_id: str) -> Post | None:
        return self._records.get_post(post_id)

    def get_comment(self, comment_id: str) -> Comment | None:
        return self._records.get_comment(comment_id)

    def comments_on(self, post_id: str, *, limit: int = 100) -> list[Comment]:
        return self._records.comments_on(post_id, limit=limit)

    def resolve_post(self, reference: str) -> Post:
        return self._records.resolve_post(reference)

    def creators(self) -> list[Creator]:
        return self._records.creators()

    def resolve_creators(self, reference: str) -> list[Creator]:
        return self._records.resolve_creators(reference)

    def posts_by_id(self, ids: Sequence[str]) -> dict[str, Post]:
        return self._records.posts_by_id(ids)

    def post_ids_where(self, scope: Scope) -> list[str]:
        return self._records.post_ids_where(scope)

    def baselines(self) -> dict[tuple[str, str], np.ndarray]:
        return self._records.baselines()

    def comment_rows(self, ids: Sequence[str]) -> dict[str, CommentRow]:
        return self._records.comment_rows(ids)

    def request_comments(
        self, scope: Scope, since: datetime | None = None, min_score: float = request_rows.THRESHOLD,
        ids: Sequence[str] | None = None,
    ) -> list[RequestComment]:
        return self._records.request_comments(scope, since, min_score, ids)

    def count_in_scope(self, kind: str, scope: Scope) -> int:
        return self._records.count_in_scope(kind, scope)

    def in_scope(self, kind: str, ids: Sequence[str], scope: Scope) -> set[str]:
        return self._records.in_scope(kind, ids, scope)

    def top_comment_ids(self, scope: Scope, limit: int) -> tuple[list[str], int]:
        return self._records.top_comment_ids(scope, limit)

    def count_comments_of(self, creator: str) -> int:
        return self._records.count_comments_of(creator)

    def reply_stances(self, parent_ids: Sequence[str]) -> dict[str, Stances]:
        return self._records.reply_stances(parent_ids)

    def keyword_ids(self, kind: str, expression: str, n: int, scope: Scope) -> list[str]:
        return self._records.keyword_ids(kind, expression, n, scope)

    # -- vectors (tools/corpus/vectors.py) -------------------------------------------------------

    def collection(self, kind: str) -> Collection:
        return self._vectors.collection(kind)

    def indexed_with(self, kind: str) -> str | None:
        return self._vectors.indexed_with(kind)

    def drop_vectors(self, kind: str) -> None:
        self._vectors.drop(kind)

    def query_vector(self, text: str) -> np.ndarray:
        return self._vectors.query_vector(text)

    def nearest(
        self, kind: str, vector: np.ndarray, n: int, scope: Scope, *, with_vectors: bool = False
    ) -> tuple[list[str], np.ndarray, np.ndarray | None]:
        return self._vectors.nearest(kind, vector, n, scope, with_vectors=with_vectors)

    def vectors_of(self, kind: str, ids: Sequence[str]) -> dict[str, np.ndarray]:
        return self._vectors.vectors_of(kind, ids)

    @property
    def _query_vectors(self) -> OrderedDict[str, np.ndarray]:
        """The cached query embeddings (the benchmarks clear them to time the model)."""
        return self._vectors.query_cache
