"""Web-chat accounts: users with scrypt-hashed passwords in SQLite, and Chainlit's JWT secret.

With `HOOKLINE_AUTH=password` people sign in with a name and password created by
`hookline user add NAME`. Without it there is one local user (`HOOKLINE_USER`), signed in
automatically so that the conversation history still works.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sqlite3
from contextlib import closing
from pathlib import Path

from core.errors import InputError
from core.identity import check_user_name

MIN_PASSWORD_LENGTH = 8
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
SECRET_ENV = "CHAINLIT_AUTH_SECRET"


def ui_dir(home: Path) -> Path:
    """The web chat's own files under the data folder: users, history, uploads."""
    path = home / "ui"
    path.mkdir(parents=True, exist_ok=True)
    return path


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt_hex), **_SCRYPT)
    return hmac.compare_digest(digest.hex(), digest_hex)


class UserStore:
    """Named users and their password hashes, in `<home>/ui/users.sqlite`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with closing(self._connect()) as db, db:
            db.execute("CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, password TEXT NOT NULL, created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)")

    @classmethod
    def open(cls, home: Path) -> UserStore:
        return cls(ui_dir(home) / "users.sqlite")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def add(self, name: str, password: str, *, replace: bool = False) -> None:
        check_user_name(name)
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InputError(f"The password is too short: use at least {MIN_PASSWORD_LENGTH} characters.")
        if not replace and self.exists(name):
            raise InputError(f"User {name!r} already exists; use `hookline user passwd {name}` to change the password.")
        with closing(self._connect()) as db, db:
            db.execute(
                "INSERT INTO users (name, password) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET password = excluded.password",
                (name, hash_password(password)),
            )

    def remove(self, name: str) -> bool:
        with closing(self._connect()) as db, db:
            return db.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount > 0

    def exists(self, name: str) -> bool:
        with closing(self._connect()) as db:
            return db.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone() is not None

    def names(self) -> list[str]:
        with closing(self._connect()) as db:
            return [row[0] for row in db.execute("SELECT name FROM users ORDER BY name")]

    def authenticate(self, name: str, password: str) -> bool:
        with closing(self._connect()) as db:
            row = db.execute("SELECT password FROM users WHERE name = ?", (name,)).fetchone()
        if row is None:
            hash_password(password)  # same work either way, so timing does not tell which names exist
            return False
        return verify_password(password, row[0])


def ensure_auth_secret(home: Path) -> str:
    """Chainlit signs its session cookies with CHAINLIT_AUTH_SECRET: keep one per data folder.

    A secret already in the environment wins; otherwise one is generated once and stored
    (mode 600) under `<home>/ui/auth_secret`, so sign-ins survive a restart.
    """
    if os.environ.get(SECRET_ENV):
        return os.environ[SECRET_ENV]
    path = ui_dir(home) / "auth_secret"
    if not path.is_file():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process wrote it first
        else:
            with os.fdopen(fd, "w") as file:
                file.write(secrets.token_urlsafe(48))
    secret = path.read_text().strip()
    os.environ[SECRET_ENV] = secret
    return secret
