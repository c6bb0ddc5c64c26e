"""The real research and brand backends: the corpus store and brand-kit store behind the
agent's two narrow protocols (agent/context.py). Opened lazily, once per session."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from core.errors import NotFoundError
from core.services import Services


def _words(text: str) -> str:
    """Lower-case words joined by single spaces, padded, so word sequences can be found with `in`."""
    return " " + " ".join(re.findall(r"\w+", text.casefold())) + " "


class CorpusResearch:
    """ResearchBackend over tools.corpus (trends and comment insights)."""

    def __init__(self, services: Services, user: str) -> None:
        self._services = services
        self._user = user

    @functools.cached_property
    def _corpus(self) -> Any:
        from tools.corpus.store import CorpusStore

        return CorpusStore.open(self._services, user=self._user)

    def has_data(self) -> bool:
        counts = self._corpus.counts()
        values = counts.values() if isinstance(counts, dict) else vars(counts).values()
        return any(isinstance(value, int) and value > 0 for value in values)

    def search_trends(
        self, query: str, *, creator: str | None = None, platform: str | None = None, limit: int = 5
    ) -> Sequence[Any]:
        from tools.trends import search_trends

        return search_trends(self._corpus, query, creator=creator, platform=platform, limit=limit)

    def comment_insights(
        self, query: str, *, creator: str | None = None, post_id: str | None = None, limit: int = 4
    ) -> Any:
        from tools.insights import comment_insights

        return comment_insights(self._corpus, query, creator=creator, post_id=post_id, limit=limit)

    def creator_named_in(self, text: str) -> str | None:
        folded = _words(text)
        named = {
            creator.name for creator in self._corpus.creators()
            for label in (creator.name, (creator.handle or "").lstrip("@"))
            if len(label) >= 3 and _words(label) in folded
        }
        return named.pop() if len(named) == 1 else None

    def audience_requests(self, query: str, *, creator: str | None = None, limit: int = 5) -> Sequence[Any]:
        from tools.requests import audience_requests

        return audience_requests(self._corpus, query, creator=creator, limit=limit)

    def outlier_patterns(self, *, creator: str | None = None, platform: str | None = None) -> Any:
        from tools.patterns import outlier_patterns

        return outlier_patterns(self._corpus, creator=creator, platform=platform)


class KitBrands:
    """BrandBackend over tools.brandkit (kits, examples, checks, rules)."""

    def __init__(self, services: Services, user: str) -> None:
        self._services = services
        self._user = user

    @functools.cached_property
    def _store(self) -> Any:
        from tools.brandkit.store import BrandKitStore

        return BrandKitStore.open(self._services, user=self._user)

    def _kit(self, name: str) -> Any:
        return self._store.get(name)

    def exists(self, name: str) -> bool:
        try:
            self._kit(name)
        except NotFoundError:
            return False
        return True

    def audience(self, name: str) -> str | None:
        audience = self._kit(name).audience
        return audience.text if audience else None

    def summary(self, name: str) -> str:
        """The kit as prompt text. Kits are learned from uploads, which strangers may have
        written, so each line passes the same gate as comments (tools/safety)."""
        from tools.safety.gate import gate_lines

        return gate_lines(self._kit(name).summary())

    def examples(self, name: str, text: str, k: int = 2) -> list[str]:
        from tools.safety.gate import WITHHELD

        # The brand's own lines (posts it published, the guide's "write it like this" examples), never the guide's
        # prose about itself: a small model copies what it is shown, and guide prose is not the brand's voice.
        found = self._store.examples_like(name, text, k=4 * k)
        return [snippet.text[:500] for snippet in found if snippet.kind != "passage" and WITHHELD not in snippet.text][:k]

    def check(self, name: str, text: str) -> dict[str, Any]:
        from tools.brandkit.check import check_text

        return check_text(self._kit(name), text, store=self._store).model_dump(mode="json")

    def fix(self, name: str, texts: list[str]) -> tuple[list[str], list[str]]:
        from tools.brandkit.fix import BrandFixer

        fixer = BrandFixer(self._kit(name))
        return [fixer.fix(text) for text in texts], fixer.changes

    def add_rule(self, name: str, text: str) -> None:
        self._store.add_rule(name, text)

    def gate(self, name: str) -> Any:
        from tools.repurpose.checks import BrandGate

        return BrandGate(kit=self._kit(name), store=self._store)
