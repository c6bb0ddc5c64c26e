"""What the web chat talks to: one composition root (`hookline.root.Root`) per server process,
and each user's agent and stores, opened from it once.

Everything is opened lazily on first use and imported inside functions, so the chat
starts (and the plain chat path works) even while a piece is missing. A missing piece
is a `FeatureMissing` error the chat shows as a message, not a crash.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import threading
from pathlib import Path
from typing import Any

from core.errors import HooklineError
from core.services import Services
from core.settings import Settings
from hookline.root import Root


class FeatureMissing(HooklineError):
    """A part of Hookline this install does not have (yet)."""


@functools.lru_cache(maxsize=1)
def root() -> Root:
    """The server process's composition root, created on first use."""
    return Root.from_settings(Settings())


def services() -> Services:
    return root().services


def settings() -> Settings:
    return services().settings


def home() -> Path:
    return services().home


def _optional_module(name: str, feature: str) -> Any:
    """Import `name`, or raise FeatureMissing when that module (not one of its imports) is absent."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name and (name == error.name or name.startswith(error.name + ".")):
            raise FeatureMissing(f"{feature} is not part of this install yet.") from None
        raise


def has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


class _PerUser:
    """Opens one object per user name, once, thread-safely; closes them all at shutdown."""

    def __init__(self, opener: Any) -> None:
        self._opener = opener
        self._items: dict[str, Any] = {}
        self._lock = threading.Lock()

    def get(self, user: str) -> Any:
        with self._lock:
            if user not in self._items:
                self._items[user] = self._opener(user)
            return self._items[user]

    def close(self) -> None:
        with self._lock:
            items, self._items = list(self._items.values()), {}
        for item in items:
            close = getattr(item, "close", None)
            if callable(close):
                close()


def _open_agent(user: str) -> Any:
    _optional_module("agent.session", "The research-and-script agent")
    return root().open_agent(user)


def _open_brands(user: str) -> Any:
    _optional_module("tools.brandkit", "Brand kits")
    return root().open_brands(user)


def _open_corpus(user: str) -> Any:
    _optional_module("tools.corpus.store", "Dataset import")
    return root().open_corpus(user)


def _open_research(user: str) -> Any:
    return root().research(user)


_agents = _PerUser(_open_agent)
_research = _PerUser(_open_research)
_brands = _PerUser(_open_brands)
_corpora = _PerUser(_open_corpus)


def has_agent() -> bool:
    return has_module("agent.session")


def agent_session(user: str) -> Any:
    """The user's AgentSession (blocking: call it from a worker thread)."""
    return _agents.get(user)


def brand_store(user: str) -> Any:
    """The user's BrandKitStore (blocking)."""
    return _brands.get(user)


def corpus_store(user: str) -> Any:
    """The user's CorpusStore (blocking)."""
    return _corpora.get(user)


def brand_names(user: str) -> list[str]:
    """The user's kits by name; empty while brand kits are not installed."""
    if not has_module("tools.brandkit"):
        return []
    kits = brand_store(user).list()
    return sorted(_name_of(kit) for kit in kits)


def _name_of(kit: Any) -> str:
    return kit if isinstance(kit, str) else str(getattr(kit, "name", kit))


def comment_insights(user: str, arguments: dict[str, Any]) -> Any:
    """The InsightReport for a `get_comment_insights` call the agent made (blocking): the same call through the
    same backend, so the map shows the themes (and limit) whose ids the draft cited."""
    allowed = {key: arguments[key] for key in ("query", "creator", "post_id") if arguments.get(key) is not None}
    return _research.get(user).comment_insights(**allowed)


def outlier_patterns(user: str, arguments: dict[str, Any]) -> Any:
    """The PatternReport for a `get_outlier_patterns` call the agent made (blocking), through the agent's backend."""
    allowed = {key: arguments[key] for key in ("creator", "platform") if arguments.get(key) is not None}
    return _research.get(user).outlier_patterns(**allowed)


def close_all() -> None:
    for group in (_agents, _research, _brands, _corpora):
        group.close()
    root().close()
