"""The detector's readings, kept so a comment is read once, not on every call.

Reading a comment costs about 0.25 ms, so 100,000 comments would take 25 s per call. The
readings are kept in memory and in a small SQLite file beside the corpus database
(`request_readings.sqlite`), keyed by user and comment id, with a digest of the text and the
creator's names: an edited comment or a renamed creator is read again. A reading that
cannot be written (read-only folder) is simply recomputed next time.

`request_pairs` goes further for a whole scope: while the user's comments are unchanged
(same count, newest row, removed count, creators' names: the fingerprint), it reads only
the comments already known to be requests (kept in memory after the first call); otherwise
it reads every comment of the user once, keeps the readings and the new fingerprint.
Known gap: a re-import that only edits existing comments' text (no comment added or
removed) keeps the old readings until the next change; the corpus store has no change
counter to read yet.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from tools.audience_rows import (
    CommentRecord,
    comment_fingerprint,
    comment_records,
    corpus_path,
)
from tools.corpus.search import Scope
from tools.corpus.store import CorpusStore
from tools.request_cues import RequestReading, read_request

FILE_NAME = "request_readings.sqlite"
_DDL = """
CREATE TABLE IF NOT EXISTS readings (
    user TEXT NOT NULL, comment_id TEXT NOT NULL, digest TEXT NOT NULL,
    is_request INTEGER NOT NULL, kind TEXT NOT NULL, score REAL NOT NULL, cues TEXT NOT NULL, clause TEXT NOT NULL,
    PRIMARY KEY (user, comment_id)
);
CREATE TABLE IF NOT EXISTS state (user TEXT PRIMARY KEY, fingerprint TEXT NOT NULL);
"""
_MEMORY: dict[tuple[str, str], dict[str, tuple[str, RequestReading]]] = {}
_REQUEST_RECORDS: dict[tuple[str, str], tuple[str, list[CommentRecord]]] = {}
"""Per store and user: the fingerprint and every request comment's record."""
_LOCK = threading.Lock()


def _digest(text: str, names: Sequence[str]) -> str:
    return hashlib.blake2b(("\x1f".join(names) + "\x1e" + text).encode("utf-8"), digest_size=8).hexdigest()


def _open(path: Path) -> sqlite3.Connection | None:
    try:
        connection = sqlite3.connect(path, timeout=30, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.executescript(_DDL)
        return connection
    except sqlite3.Error:
        return None


def _load(connection: sqlite3.Connection, user: str) -> dict[str, tuple[str, RequestReading]]:
    known: dict[str, tuple[str, RequestReading]] = {}
    negative = RequestReading(False)
    for comment_id, digest, is_request, kind, score, cues, clause in connection.execute(
        "SELECT comment_id, digest, is_request, kind, score, cues, clause FROM readings WHERE user = ?", (user,)
    ):
        known[comment_id] = (
            digest,
            RequestReading(True, kind, score, tuple(json.loads(cues)), clause) if is_request else negative,
        )
    return known


def readings_for(
    store: CorpusStore, records: Sequence[CommentRecord], names_of: dict[str, tuple[str, ...]]
) -> list[RequestReading]:
    """The reading of each record (same order), from memory, the file, or the detector."""
    path = corpus_path(store)
    key = (str(path), store.user)
    with _LOCK:
        known = _MEMORY.get(key)
    connection = _open(path.parent / FILE_NAME) if path is not None else None
    if known is None:
        known = _load(connection, store.user) if connection is not None else {}
    results: list[RequestReading] = []
    fresh: list[tuple[str, str, RequestReading]] = []
    for record in records:
        names = names_of.get(record.creator_id, ())
        digest = _digest(record.text, names)
        cached = known.get(record.id)
        if cached is not None and cached[0] == digest:
            results.append(cached[1])
            continue
        reading = read_request(record.text, names)
        known[record.id] = (digest, reading)
        fresh.append((record.id, digest, reading))
        results.append(reading)
    if fresh and connection is not None:
        try:
            connection.executemany(
                "INSERT OR REPLACE INTO readings VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (store.user, comment_id, digest, int(reading.is_request), reading.kind, reading.score,
                     json.dumps(reading.cues), reading.clause)
                    for comment_id, digest, reading in fresh
                ],
            )
        except sqlite3.Error:
            pass  # a reading that cannot be kept is recomputed next time
    if connection is not None:
        connection.close()
    with _LOCK:
        _MEMORY[key] = known
    return results


def _stored_fingerprint(path: Path | None, user: str) -> str | None:
    connection = _open(path.parent / FILE_NAME) if path is not None else None
    if connection is None:
        return None
    try:
        row = connection.execute("SELECT fingerprint FROM state WHERE user = ?", (user,)).fetchone()
    finally:
        connection.close()
    return str(row[0]) if row else None


def _keep_fingerprint(path: Path | None, user: str, fingerprint: str) -> None:
    connection = _open(path.parent / FILE_NAME) if path is not None else None
    if connection is None:
        return
    try:
        connection.execute("INSERT OR REPLACE INTO state (user, fingerprint) VALUES (?, ?)", (user, fingerprint))
    except sqlite3.Error:
        pass
    finally:
        connection.close()


def request_pairs(
    store: CorpusStore, scope: Scope, *, since: datetime | None = None
) -> list[tuple[CommentRecord, RequestReading]]:
    """The request comments in `scope` (published on or after `since`) with their readings."""
    names_of = {creator.id: (creator.name,) for creator in store.creators()}
    fingerprint = comment_fingerprint(store) + ":" + _digest("", sorted(f"{key}={value[0]}" for key, value in names_of.items()))
    path = corpus_path(store)
    key = (str(path), store.user)
    with _LOCK:
        known = _MEMORY.get(key)
    with _LOCK:
        remembered = _REQUEST_RECORDS.get(key)
    if remembered is not None and remembered[0] == fingerprint and known is not None:
        return _in_scope(store, remembered[1], known, scope, since)
    if _stored_fingerprint(path, store.user) == fingerprint:
        if known is None:
            connection = _open(path.parent / FILE_NAME) if path is not None else None
            known = _load(connection, store.user) if connection is not None else {}
            if connection is not None:
                connection.close()
            with _LOCK:
                _MEMORY[key] = known
        wanted = [comment_id for comment_id, (_digest_value, reading) in known.items() if reading.is_request]
        records = list(comment_records(store, Scope(), ids=wanted))
        with _LOCK:
            _REQUEST_RECORDS[key] = (fingerprint, records)
        return _in_scope(store, records, known, scope, since)
    everything = list(comment_records(store, Scope()))
    readings = readings_for(store, everything, names_of)
    _keep_fingerprint(path, store.user, fingerprint)
    requests = [record for record, reading in zip(everything, readings, strict=True) if reading.is_request]
    with _LOCK:
        _REQUEST_RECORDS[key] = (fingerprint, requests)
        known = _MEMORY[key]
    return _in_scope(store, requests, known, scope, since)


def _in_scope(
    store: CorpusStore,
    records: list[CommentRecord],
    known: dict[str, tuple[str, RequestReading]],
    scope: Scope,
    since: datetime | None,
) -> list[tuple[CommentRecord, RequestReading]]:
    """The records on posts in `scope` (creator filter in memory; other filters through SQLite)."""
    if scope.platform or scope.post_id or scope.since_ts is not None:
        inside = {record.id for record in comment_records(store, scope, ids=[record.id for record in records])}
    else:
        inside = None
    creators = set(scope.creator_ids) if scope.creator_ids is not None else None
    chosen = []
    for record in records:
        if creators is not None and record.creator_id not in creators:
            continue
        if inside is not None and record.id not in inside:
            continue
        if since is not None and (record.published_at is None or _aware(record.published_at) < since):
            continue
        chosen.append((record, known[record.id][1]))
    return chosen


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
