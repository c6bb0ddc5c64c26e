"""Entry point for LangGraph Studio (`langgraph dev`, see langgraph.json).

Studio runs the graph without Hookline's session, so it gets the real default context
built from settings, and the platform's own checkpointer.
"""

from __future__ import annotations

import functools

from agent.backends import CorpusResearch, KitBrands
from agent.context import AgentContext
from agent.graph import build_graph
from hookline.services import Services
from hookline.settings import Settings


@functools.lru_cache(maxsize=1)
def default_context() -> AgentContext:
    services = Services(Settings())
    user = services.settings.user
    return AgentContext(
        chat_model=services.chat_model,
        tokens=services.tokens,
        research=CorpusResearch(services, user),
        brands=KitBrands(services, user),
        user=user,
        context_tokens=services.settings.context_tokens,
        embedder=services.embedder,
    )


def make_graph():  # noqa: ANN201 - LangGraph's compiled-graph type
    """The graph for Studio: compiled without a checkpointer (the platform brings one)."""
    return build_graph()
