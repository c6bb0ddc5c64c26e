"""Importing files into one user's store safely: parsing first, the per-user import lock, the
vector journal, and pseudonymised authors.

An import parses every file first (nothing is written while any file can still fail), then
hands the parsed files to tools/corpus/writer.py, which embeds what changed and commits the
rows together with a journal of the vector changes (tools/corpus/journal.py). Imports of one
user are serialised by a lock file; a second one waits and says so.
"""

from __future__ import annotations

import fcntl
import hashlib
import secrets
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import HooklineError, InputError
from tools.corpus import journal
from tools.corpus.detect import Detected, detect
from tools.corpus.files import MAX_IMPORT_BYTES, SourceText, expand_paths, read_source
from tools.corpus.guess import Guess, GuessesToConfirm, UnconfirmedGuess
from tools.corpus.index import Progress
from tools.corpus.mapped import parse_mapping
from tools.corpus.models import ImportReport
from tools.corpus.parsing import ParseContext, ParsedFile
from tools.corpus.repository import CorpusRepository
from tools.corpus.vectors import VectorIndex
from tools.corpus.writer import ImportWriter

if TYPE_CHECKING:
    from tools.corpus.store import CorpusStore


class ImportGuard:
    """What keeps imports of one user safe: the import lock, the vector journal, and the salt
    that pseudonymises authors in this store."""

    def __init__(self, records: CorpusRepository, vectors: VectorIndex, lock_dir: Path | None) -> None:
        self._records = records
        self._vectors = vectors
        self._lock_dir = lock_dir
        self._salt = _author_salt(records)

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
        records = self._records
        with records.lock:
            return journal.apply(records.connection, records.user, self._vectors.collection)

    def finish_interrupted_import(self) -> int:
        """Finish a killed import's vector journal, unless an import of this user is running now."""
        records = self._records
        with records.lock:
            if not journal.pending(records.connection, records.user):
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

    def pseudonymise(self, author: str | None) -> str | None:
        """A salted hash of a handle: the same person maps to the same value in this store only."""
        if not author or not str(author).strip():
            return None
        return hashlib.sha256(f"{self._salt}\x1f{str(author).strip()}".encode()).hexdigest()[:16]


def import_files(
    store: CorpusStore,
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
    """Import files or folders into `store` (see `CorpusStore.import_files`)."""
    started = time.monotonic()
    report_progress = progress or (lambda stage, done, total: None)
    parsed_mapping = parse_mapping(mapping)
    files = expand_paths([Path(path) for path in paths])
    detected: list[tuple[int, Detected, ParseContext]] = []
    skipped: list[str] = []
    notes: list[str] = []
    unconfirmed: list[UnconfirmedGuess] = []
    for index, (path, explicit) in enumerate(files):
        report_progress("read", index, len(files))
        source = read_source(path, max_bytes=max_bytes)
        ctx = ParseContext(
            display=str(path), path=path, pseudonymise=store.pseudonymise, creator=creator, mapping=parsed_mapping
        )
        try:
            found = detect(source, ctx, fmt)
        except UnconfirmedGuess as asked:
            confirmed = (guesses or {}).get(asked.guess.display) or (asked.guess if accept_guess else None)
            if confirmed is None:
                unconfirmed.append(asked)  # every file's guess is shown before anything is imported
                continue
            found, ctx = _guessed(source, ctx, confirmed, notes)
        if found.parse is None:
            if explicit:
                raise InputError(f"{path} holds {found.note}: nothing to import.")
            skipped.append(f"{path} ({found.note})")
            continue
        detected.append((index, found, ctx))
    report_progress("read", len(files), len(files))
    if unconfirmed:
        raise GuessesToConfirm(unconfirmed, [ctx.display for _index, _found, ctx in detected])
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
    report = ImportWriter(store).write(parsed, report_progress)
    report.skipped = skipped + [note for item in parsed for note in item.notes]
    report.warnings = [warning for item in parsed for warning in item.warnings]
    report.notes = notes
    report.seconds = round(time.monotonic() - started, 3)
    return report


def _guessed(source: SourceText, ctx: ParseContext, guess: Guess, notes: list[str]) -> tuple[Detected, ParseContext]:
    """A file read through the guess of its columns (the user said --yes), and a note saying how."""
    named = ctx.creator
    ctx = replace(ctx, mapping=parse_mapping(guess.mapping), creator=named or guess.creator)
    notes.append(f"{ctx.display}: read as {guess.kind}, columns {guess.described()}")
    if guess.creator and not named:
        notes.append(f"{ctx.display} names no creator: its posts are filed under {guess.creator!r}")
    return detect(source, ctx, "auto"), ctx


def _author_salt(records: CorpusRepository) -> str:
    with records.lock:
        db = records.connection
        row = db.execute("SELECT value FROM meta WHERE key = 'author_salt'").fetchone()
        if row is None:
            db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('author_salt', ?)", (secrets.token_hex(16),))
            row = db.execute("SELECT value FROM meta WHERE key = 'author_salt'").fetchone()
        return str(row[0])
