"""The agent graph: understand -> clarify -> research -> angle -> draft -> review -> respond.

`build_graph` compiles on demand; nothing is compiled or connected at import time.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Literal

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.runtime import Runtime
from langgraph.store.base import BaseStore

from agent.context import AgentContext
from agent.nodes.angle import choose_angle
from agent.nodes.clarify import SLOTS_THAT_MATTER, ask_clarifying_questions
from agent.nodes.draft import draft_script
from agent.nodes.research import research_audience
from agent.nodes.respond import respond
from agent.nodes.review import review_draft
from agent.nodes.understand import understand_request
from agent.state import AgentState


def route_after_understand(state: AgentState) -> Literal["clarify", "research", "draft", "respond"]:
    if state.intent == "revise":
        return "draft"
    if state.intent == "chat":
        return "respond"
    if state.intent == "draft" and state.brief is not None and state.brief.missing(SLOTS_THAT_MATTER):
        return "clarify"
    return "research"


def route_after_research(state: AgentState) -> Literal["angle", "respond"]:
    return "angle" if state.intent == "draft" else "respond"


Node = Callable[[AgentState, Runtime[AgentContext]], dict[str, Any]]


def _with_default_context(node: Node, default_context: Callable[[], AgentContext]) -> Node:
    """`node`, given `default_context()` when its host passed no context (LangGraph Studio passes none)."""

    @functools.wraps(node)
    def run(state: AgentState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
        if runtime.context is None:
            runtime = runtime.override(context=default_context())
        return node(state, runtime)

    return run


def build_graph(  # noqa: ANN201 - CompiledStateGraph's generics are noisy
    checkpointer: BaseCheckpointSaver | None = None,
    store: BaseStore | None = None,
    *,
    default_context: Callable[[], AgentContext] | None = None,
):
    """The compiled graph. Hosts pass each run's context (`context=`); a host that cannot (Studio) passes
    `default_context`, built by the composition root. Without either, a node fails loudly (`context_of`)."""
    builder = StateGraph(AgentState, context_schema=AgentContext)
    nodes: dict[str, Node] = {
        "understand": understand_request,
        "clarify": ask_clarifying_questions,
        "research": research_audience,
        "angle": choose_angle,
        "draft": draft_script,
        "review": review_draft,
        "respond": respond,
    }
    for name, node in nodes.items():
        builder.add_node(name, _with_default_context(node, default_context) if default_context else node)
    builder.add_edge(START, "understand")
    builder.add_conditional_edges("understand", route_after_understand)
    builder.add_edge("clarify", "research")
    builder.add_conditional_edges("research", route_after_research)
    builder.add_edge("angle", "draft")
    builder.add_edge("draft", "review")
    builder.add_edge("review", "respond")
    builder.add_edge("respond", END)
    return builder.compile(checkpointer=checkpointer, store=store, name="hookline")
