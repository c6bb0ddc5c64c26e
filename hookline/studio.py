"""Entry point for LangGraph Studio (`langgraph dev`, see langgraph.json).

Studio runs the graph without Hookline's session and passes no context, so the graph is
built with a default context from the composition root, and the platform's own checkpointer.
"""

from __future__ import annotations

import functools

from agent.context import AgentContext
from agent.graph import build_graph
from core.settings import Settings
from hookline.root import Root


@functools.lru_cache(maxsize=1)
def default_context() -> AgentContext:
    """The settings' user's context, built by the composition root once per Studio process."""
    return Root.from_settings(Settings()).agent_context()


def make_graph():  # noqa: ANN201 - LangGraph's compiled-graph type
    """The graph for Studio: compiled without a checkpointer (the platform brings one)."""
    return build_graph(default_context=default_context)
