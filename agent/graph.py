"""The agent graph: understand -> clarify -> research -> angle -> draft -> review -> respond.

`build_graph` compiles on demand; nothing is compiled or connected at import time.
"""

from __future__ import annotations

from typing import Literal

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
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


def build_graph(checkpointer: BaseCheckpointSaver | None = None, store: BaseStore | None = None):  # noqa: ANN201 - CompiledStateGraph's generics are noisy
    builder = StateGraph(AgentState, context_schema=AgentContext)
    builder.add_node("understand", understand_request)
    builder.add_node("clarify", ask_clarifying_questions)
    builder.add_node("research", research_audience)
    builder.add_node("angle", choose_angle)
    builder.add_node("draft", draft_script)
    builder.add_node("review", review_draft)
    builder.add_node("respond", respond)
    builder.add_edge(START, "understand")
    builder.add_conditional_edges("understand", route_after_understand)
    builder.add_edge("clarify", "research")
    builder.add_conditional_edges("research", route_after_research)
    builder.add_edge("angle", "draft")
    builder.add_edge("draft", "review")
    builder.add_edge("review", "respond")
    builder.add_edge("respond", END)
    return builder.compile(checkpointer=checkpointer, store=store, name="hookline")
