"""Run-time dependencies of the graph, injected per run (`context=`), never globals.

The graph sees research and brand knowledge through two narrow protocols, so the
same nodes run on the real stores (agent/backends.py) or on test doubles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from agent.events import EventSink, ignore_events
from core.embeddings import Embedder
from core.llm.base import ChatModel
from core.tokens import TokenCounter


class ResearchBackend(Protocol):
    """The imported audience data."""

    def has_data(self) -> bool: ...

    def search_trends(
        self, query: str, *, creator: str | None = None, platform: str | None = None, limit: int = 5
    ) -> Sequence[Any]:
        """TrendResult-like objects (post_id, creator, title, views, outlier_score, why, ...)."""
        ...

    def comment_insights(
        self, query: str, *, creator: str | None = None, post_id: str | None = None, limit: int = 4
    ) -> Any:
        """An InsightReport-like object (total_comments, clusters[label, category, quotes...])."""
        ...

    def creator_named_in(self, text: str) -> str | None:
        """The name of an imported creator that `text` mentions, if exactly one is."""
        ...

    def audience_requests(self, query: str, *, creator: str | None = None, limit: int = 5) -> Sequence[Any]:
        """AudienceRequest-like objects (label, demand, status, quotes...), most demanded first."""
        ...

    def outlier_patterns(self, *, creator: str | None = None, platform: str | None = None) -> Any:
        """A PatternReport-like object (patterns[feature, effect, ci_low, ci_high, n_with, n_without])."""
        ...


class BrandBackend(Protocol):
    """The user's brand kits."""

    def exists(self, name: str) -> bool: ...

    def audience(self, name: str) -> str | None: ...

    def summary(self, name: str) -> str:
        """A prompt-ready summary: voice, words to avoid, CTA patterns, rules."""
        ...

    def examples(self, name: str, text: str, k: int = 2) -> list[str]:
        """Up to `k` of the brand's own lines (posts, exemplars) most like `text`; never passages of its guide."""
        ...

    def check(self, name: str, text: str) -> dict[str, Any]:
        """{"score": 0-100, "findings": [{kind, severity, message, evidence}], "suggestions": [...]}"""
        ...

    def fix(self, name: str, texts: list[str]) -> tuple[list[str], list[str]]:
        """The texts with what code can fix for this brand fixed (avoided words that have the brand's
        alternative, emoji, hashtags, exclamation marks), and the changes in words."""
        ...

    def add_rule(self, name: str, text: str) -> None: ...

    def gate(self, name: str) -> Any:
        """The kit's check and fixes for a finished text (`tools.repurpose.checks.BrandGate`-like:
        `check(text)` with a score and findings, `fix(text)`)."""
        ...


@dataclass(kw_only=True)
class AgentContext:
    """What every node may use during one run."""

    chat_model: ChatModel
    tokens: TokenCounter
    research: ResearchBackend
    brands: BrandBackend
    user: str = "local"
    context_tokens: int = 4096
    """The chat model's context window; prompts are budgeted to fit it."""
    reply_tokens: int = 700
    """Room kept for the model's answer."""
    embedder: Embedder | None = None
    """The offline embedder Hookline indexes with: drafting ranks evidence and checks support with it."""
    max_research_steps: int = 2
    """Model-chosen research steps before the rules fill in what is missing."""
    on_event: EventSink = field(default=ignore_events)


class MissingContextError(RuntimeError):
    """A node ran without its AgentContext: a wiring mistake in the host, never a user's."""


def context_of(runtime: Any) -> AgentContext:
    """The run's context. A host that passes none gets a loud error, never a quietly built default."""
    if runtime.context is None:
        raise MissingContextError(
            "The agent ran without its context. Run it through hookline.root.Root (the CLI, the web chat and "
            "LangGraph Studio do), or pass context=AgentContext(...) to invoke()."
        )
    return runtime.context
