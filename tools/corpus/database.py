"""The corpus database file: connecting to it and creating or upgrading its schema.

Readers never wait: the database is in WAL mode and connecting to an existing store at the
current schema version writes nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from core.errors import SetupError
from tools.corpus import journal, language_rows, request_rows, schema


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the corpus database at `path`, its schema created or upgraded if needed."""
    try:
        connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=60)
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA synchronous=NORMAL")  # per connection; durable against a killed process
        prepare(connection)
    except sqlite3.Error as error:
        raise SetupError(f"Cannot open the corpus database {path}: {error}.") from error
    return connection


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


def prepare(connection: sqlite3.Connection) -> None:
    """Create or upgrade the schema, writing only when something is missing.

    A store that is already at this schema version is opened with reads alone, so a reader
    never queues behind a running import's write lock. An upgrade (2 -> 3 adds the request
    readings to comments, tools/corpus/request_rows.py; 3 -> 4 their language,
    tools/corpus/language_rows.py) runs in one transaction, re-checked inside it, so two
    processes opening an old store at once upgrade it once.
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
            language_rows.add_column(connection)
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
