"""Conversation history for the web chat: Chainlit's SQLAlchemy data layer on SQLite.

Chainlit ships the data layer but not its tables; `create_schema` makes them (the
columns Chainlit writes, taken from its own StepDict/ElementDict so a Chainlit upgrade
that adds a field adds a column instead of silently dropping steps). Files attached to
messages live under `<home>/ui/files` (ui/files.py).
"""

from __future__ import annotations

import json
import sqlite3
import typing
from contextlib import closing
from pathlib import Path
from typing import Any

from chainlit.data.sql_alchemy import SQLAlchemyDataLayer

from hookline.accounts import ui_dir
from ui.files import LocalFileStorage

# Typed columns for what the data layer reads back; anything else Chainlit writes is added untyped.
_TABLES: dict[str, dict[str, str]] = {
    "users": {"id": "TEXT PRIMARY KEY", "identifier": "TEXT NOT NULL UNIQUE", "metadata": "TEXT NOT NULL DEFAULT '{}'", "createdAt": "TEXT"},
    "threads": {
        "id": "TEXT PRIMARY KEY", "createdAt": "TEXT", "name": "TEXT", "userId": "TEXT REFERENCES users(id) ON DELETE CASCADE",
        "userIdentifier": "TEXT", "tags": "TEXT", "metadata": "TEXT",
    },
    "steps": {
        "id": "TEXT PRIMARY KEY", "name": "TEXT NOT NULL", "type": "TEXT NOT NULL",
        "threadId": "TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE", "parentId": "TEXT",
        "streaming": "BOOLEAN NOT NULL DEFAULT 0", "waitForAnswer": "BOOLEAN", "isError": "BOOLEAN", "metadata": "TEXT",
        "tags": "TEXT", "input": "TEXT", "output": "TEXT", "createdAt": "TEXT", "command": "TEXT", "start": "TEXT",
        "end": "TEXT", "generation": "TEXT", "showInput": "TEXT", "language": "TEXT", "indent": "INTEGER",
        "defaultOpen": "BOOLEAN", "autoCollapse": "BOOLEAN", "icon": "TEXT", "modes": "TEXT",
    },
    "elements": {
        "id": "TEXT PRIMARY KEY", "threadId": "TEXT REFERENCES threads(id) ON DELETE CASCADE", "type": "TEXT", "url": "TEXT",
        "chainlitKey": "TEXT", "name": "TEXT NOT NULL", "display": "TEXT", "objectKey": "TEXT", "size": "TEXT",
        "page": "INTEGER", "language": "TEXT", "forId": "TEXT", "mime": "TEXT", "props": "TEXT",
        "autoPlay": "BOOLEAN", "playerConfig": "TEXT", "path": "TEXT",
    },
    "feedbacks": {
        "id": "TEXT PRIMARY KEY", "forId": "TEXT NOT NULL", "threadId": "TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE",
        "value": "INTEGER NOT NULL", "comment": "TEXT",
    },
}


def _chainlit_fields() -> dict[str, set[str]]:
    """The keys Chainlit puts in the rows it writes (read from its TypedDicts)."""
    from chainlit.element import ElementDict
    from chainlit.step import StepDict

    return {
        "steps": set(typing.get_type_hints(StepDict)) - {"feedback"},
        "elements": set(typing.get_type_hints(ElementDict)),
    }


def create_schema(path: Path) -> None:
    """Create (or complete) the tables Chainlit's SQLAlchemy data layer expects. Idempotent."""
    with closing(sqlite3.connect(path, timeout=10)) as db, db:
        db.execute("PRAGMA journal_mode=WAL")
        for table, columns in _TABLES.items():
            body = ", ".join(f'"{name}" {kind}' for name, kind in columns.items())
            db.execute(f'CREATE TABLE IF NOT EXISTS "{table}" ({body})')
        for table, fields in _chainlit_fields().items():
            present = {row[1] for row in db.execute(f'PRAGMA table_info("{table}")')}
            for name in sorted(fields - present):
                db.execute(f'ALTER TABLE "{table}" ADD COLUMN "{name}"')
        db.execute('CREATE INDEX IF NOT EXISTS steps_thread ON steps("threadId")')
        db.execute('CREATE INDEX IF NOT EXISTS elements_thread ON elements("threadId")')
        db.execute('CREATE INDEX IF NOT EXISTS threads_user ON threads("userId")')


def _json(value: Any, default: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return default
    return default if value is None else value


class SQLiteDataLayer(SQLAlchemyDataLayer):
    """Chainlit's SQLAlchemy data layer, reading back what SQLite stores as JSON text as JSON.

    (On PostgreSQL those columns are JSONB and come back parsed; on SQLite a custom
    element's props would reach the page as a string and the card could not render.)
    """

    async def get_all_user_threads(self, user_id: str | None = None, thread_id: str | None = None) -> Any:
        threads = await super().get_all_user_threads(user_id=user_id, thread_id=thread_id)
        for thread in threads or []:
            thread["metadata"] = _json(thread.get("metadata"), {})
            thread["tags"] = _json(thread.get("tags"), None)
            for step in thread.get("steps") or []:
                step["metadata"] = _json(step.get("metadata"), {})
                step["generation"] = _json(step.get("generation"), None)
            for element in thread.get("elements") or []:
                element["props"] = _json(element.get("props"), {})
        return threads


def open_data_layer(home: Path) -> SQLAlchemyDataLayer:
    """The data layer on `<home>/ui/history.sqlite`, with files under `<home>/ui/files`."""
    folder = ui_dir(home)
    database = folder / "history.sqlite"
    create_schema(database)
    return SQLiteDataLayer(
        conninfo=f"sqlite+aiosqlite:///{database}",
        storage_provider=LocalFileStorage(folder / "files"),
    )
