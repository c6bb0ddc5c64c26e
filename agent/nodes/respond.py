"""respond: the turn's reply. Drafts with resolved citations; research as tables plus a short
streamed takeaway; anything else as a streamed chat answer."""

from __future__ import annotations

import time
import uuid
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage
from langgraph.runtime import Runtime

from agent.context import AgentContext, context_of
from agent.events import StatusEvent, TokenEvent
from agent.render import number_citations, render_draft, render_evidence_table
from agent.research_tools import memory_namespace
from agent.safety import as_data
from agent.schemas import EvidenceItem
from agent.state import AgentState
from core import prompts

CHAT_HISTORY_MESSAGES = 6
QUIET_ANALYSES = ("get_audience_requests", "get_outlier_patterns")
"""Analyses whose output, when they find nothing clear, is itself the answer (it says what was looked at)."""


def _stream(ctx: AgentContext, messages: list[dict[str, str]], max_tokens: int) -> str:
    pieces = []
    for piece in ctx.chat_model.stream(messages, max_tokens=max_tokens):
        pieces.append(piece)
        ctx.on_event(TokenEvent(piece))
    return "".join(pieces).strip()


def _chat_reply(state: AgentState, ctx: AgentContext) -> str:
    history: list[dict[str, str]] = []
    for message in state.messages[-CHAT_HISTORY_MESSAGES:]:
        if isinstance(message, HumanMessage):
            history.append({"role": "user", "content": str(message.content)})
        elif isinstance(message, AIMessage) and message.content and not message.tool_calls:
            history.append({"role": "assistant", "content": str(message.content)})
    system = prompts.render("chat_system", brand_name=state.brand or "")
    return _stream(ctx, [{"role": "system", "content": system}, *history], max_tokens=400)


def _research_reply(state: AgentState, ctx: AgentContext) -> str:
    found = set(state.found_ids)
    evidence = [item for item in state.evidence if item.id in found]
    table = render_evidence_table(evidence)
    failures = [f"`{step.name}` failed: {step.output}" for step in state.steps if not step.ok]
    if not evidence:
        # An analysis that ran and found nothing clear says what it looked at, not "nothing imported".
        findings = [step.output for step in state.steps if step.ok and step.name in QUIET_ANALYSES]
        text = "\n\n".join((findings if ctx.research.has_data() else []) or [table, *failures])
        ctx.on_event(TokenEvent(text))
        return text
    ctx.on_event(TokenEvent(table + "\n\n"))
    if state.intent in ("requests", "patterns"):
        # The ranking is the answer: said by code from the figures, so no takeaway misreads an id.
        takeaway = _ranked_takeaway(evidence, state.intent)
        ctx.on_event(TokenEvent(takeaway))
        return "\n\n".join([table, *failures, takeaway])
    findings = "\n".join(as_data(item.id, item.kind, item.text[:200]) for item in evidence[:12])
    takeaway = _stream(
        ctx, [{"role": "user", "content": prompts.render("agent_summary", question=state.request, findings=findings)}], 200
    )
    return "\n\n".join([table, *failures, takeaway])


def _ranked_takeaway(evidence: list[EvidenceItem], intent: str) -> str:
    """The first findings of a ranked analysis (requests by demand, patterns by effect) in a sentence."""
    ranked = [item for item in evidence if item.kind == "insight"][:3]
    if not ranked:
        return ""
    shown = "; ".join(f"{item.id} {item.text.split(': ', 1)[-1][:90]} ({item.detail})" for item in ranked)
    lead = "Most asked for, by demand (likes and replies weigh in)" if intent == "requests" else (
        "Clearest links to outliers (correlation, not causation)")
    return f"{lead}: {shown}."


def _remember_brief(state: AgentState, runtime: Runtime[AgentContext]) -> None:
    if runtime.store is None or state.brief is None:
        return
    brief = state.brief
    runtime.store.put(
        memory_namespace(context_of(runtime).user, state.brand),
        f"brief-{uuid.uuid4().hex[:8]}",
        {
            "kind": "brief",
            "text": f"Brief: {brief.request} (platform {brief.platform}, audience {brief.audience}, goal {brief.goal})",
            "at": time.time(),
        },
    )


def respond(state: AgentState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    ctx = context_of(runtime)
    ctx.on_event(StatusEvent("Writing the answer"))
    if state.intent in ("draft", "revise") and state.draft is not None:
        citations = number_citations(state.draft, state.evidence)
        text = render_draft(
            state.draft, citations, brand_check=state.brand_check, assumptions=state.assumptions, notes=state.review_notes
        )
        ctx.on_event(TokenEvent(text))
        if state.intent == "draft":
            _remember_brief(state, runtime)
    elif state.intent in ("trends", "insights", "requests", "patterns"):
        text = _research_reply(state, ctx)
    else:
        text = _chat_reply(state, ctx)
    return {"reply": text, "messages": [AIMessage(content=text)]}
