"""Who owns data: the rule for user names, and each user's own folder of local state.

Every store keys its rows by the exact user name (SQLite) or by an injective escape of it
(Chroma collection names, folder names), so two different names can never share data.
"""

from __future__ import annotations

import re
from pathlib import Path

from core.errors import InputError

USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
"""Matched with `fullmatch`: `$` would also accept a trailing newline (`acme\\n`)."""


def is_user_name(name: str) -> bool:
    return USER_NAME.fullmatch(name) is not None


def check_user_name(name: str) -> str:
    if not is_user_name(name):
        raise InputError(
            f"{name!r} is not a usable user name: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit."
        )
    return name


def user_state_dir(home: Path, user: str) -> Path:
    """`<home>/users/<escaped name>/`: small per-user files such as the terminal chat's thread."""
    from core.chroma import escape_part

    path = home / "users" / escape_part(check_user_name(user))
    path.mkdir(parents=True, exist_ok=True)
    return path
