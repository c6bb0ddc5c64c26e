"""The composition root: every real dependency is built here, from settings, once.

The CLI, the web chat and LangGraph Studio get their agent, stores and agent context
from a `Root`; nothing below this layer (core/, tools/, agent/) builds its own. Tests
build the same objects from doubles instead.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import NotFoundError
from core.services import Services
from core.settings import Settings

SHIPPED_KITS = Path(__file__).resolve().parents[1] / "brandkits"
"""The kits that ship with the repository (brandkits/*.yaml), imported with `hookline brand import`."""

# The stores' and the agent's libraries (Chroma, LangGraph) load only for the commands that use them.
if TYPE_CHECKING:
    from agent.backends import CorpusResearch
    from agent.context import AgentContext
    from agent.session import AgentSession
    from tools.brandkit.store import BrandKitStore
    from tools.corpus.store import CorpusStore


class Root:
    """One process's real services, and what each user gets built from them."""

    def __init__(self, services: Services) -> None:
        self.services = services

    @classmethod
    def from_settings(cls, settings: Settings) -> Root:
        return cls(Services(settings))

    @property
    def settings(self) -> Settings:
        return self.services.settings

    def _user(self, user: str | None) -> str:
        return user or self.settings.user

    def research(self, user: str | None = None) -> CorpusResearch:
        """`user`'s imported data as the agent researches it (the same limits the agent's tools use)."""
        from agent.backends import CorpusResearch

        return CorpusResearch(self.services, self._user(user))

    def agent_context(self, user: str | None = None) -> AgentContext:
        """What every agent run for `user` uses: the chat model, their data and kits, the context window."""
        from agent.backends import KitBrands
        from agent.context import AgentContext

        user = self._user(user)
        services = self.services
        return AgentContext(
            chat_model=services.chat_model,
            tokens=services.tokens,
            research=self.research(user),
            brands=KitBrands(services, user),
            user=user,
            context_tokens=services.settings.context_tokens,
            embedder=services.embedder,
        )

    def open_agent(self, user: str | None = None) -> AgentSession:
        """`user`'s conversations, with threads checkpointed in SQLite and memories in Chroma (caller closes)."""
        from agent.memory_store import ChromaStore
        from agent.session import AgentSession

        context = self.agent_context(user)
        self.settings.ensure_home()
        connection = sqlite3.connect(self.settings.checkpoints_path, check_same_thread=False)
        return AgentSession(
            context=context,
            store=ChromaStore(self.services.chroma, self.services.embedder),
            checkpoints=connection,
            # The embedded llama.cpp server keeps the last prompt's prefix cached; a remote API would bill the request.
            warm_drafts=self.settings.uses_embedded_model,
        )

    def open_corpus(self, user: str | None = None) -> CorpusStore:
        """`user`'s imported posts and comments (caller closes)."""
        from tools.corpus.store import CorpusStore

        return CorpusStore.open(self.services, user=self._user(user))

    def open_brands(self, user: str | None = None) -> BrandKitStore:
        """`user`'s brand kits (caller closes)."""
        from tools.brandkit.store import BrandKitStore

        return BrandKitStore.open(self.services, user=self._user(user))

    def require_brand(self, name: str | None, user: str | None = None) -> None:
        """Raise NotFoundError (naming the kits there are and how to build one) when `name` is not a kit of `user`'s:
        a draft must never quietly go on without the brand the user asked for."""
        if not name:
            return
        try:
            self.open_brands(user).get(name)
        except NotFoundError as error:
            shipped = SHIPPED_KITS / f"{name}.yaml"
            if shipped.is_file():
                raise NotFoundError(f"{error} It ships with Hookline: `hookline brand import {shipped}` adds it.") from None
            raise

    def close(self) -> None:
        self.services.close()
