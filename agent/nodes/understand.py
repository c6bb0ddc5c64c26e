"""understand: read the request into a Brief, filling what it can from the kit and memory first."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.brief_parsing import BriefSlots, classify_intent, match_platform
from agent.context import AgentContext, context_of
from agent.events import StatusEvent
from agent.research_tools import memory_namespace
from agent.schemas import Brief
from agent.state import AgentState
from core import prompts

REMEMBERED_SLOTS = ("platform", "audience", "goal")


def understand_request(state: AgentState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    ctx = context_of(runtime)
    if state.intent == "revise":
        return {}  # the session asked for a revision of the current draft
    intent = classify_intent(state.request)
    updates: dict[str, Any] = {"intent": intent, "steps": [], "questions": [], "review_notes": [], "revisions": 0}
    if intent != "draft":
        return updates

    ctx.on_event(StatusEvent("Reading your brief"))
    brief = Brief(request=state.request, brand=state.brand)
    sources: dict[str, str] = {}
    platform = match_platform(state.request)
    if platform:
        brief.platform, sources["platform"] = platform, "user"

    slots = ctx.chat_model.structured(
        [{"role": "user", "content": prompts.render("agent_understand", request=state.request)}],
        BriefSlots,
        max_tokens=300,
        temperature=0.0,
    )
    for name, quote in slots.verified(state.request).items():
        setattr(brief, name, quote)
        sources[name] = "user"

    if not brief.audience and state.brand and ctx.brands.exists(state.brand):
        audience = ctx.brands.audience(state.brand)
        if audience:
            brief.audience, sources["audience"] = audience, "brand kit"

    if runtime.store is not None:
        for slot in REMEMBERED_SLOTS:
            if getattr(brief, slot):
                continue
            remembered = runtime.store.search(
                memory_namespace(ctx.user, state.brand), filter={"kind": "preference", "slot": slot}, limit=1
            )
            if remembered:
                setattr(brief, slot, str(remembered[0].value["value"]))
                sources[slot] = "memory"

    brief.sources = sources
    updates.update(brief=brief, assumptions=[], evidence=[], draft=None, brand_check=None, revision_request="",
                   angle_choice="", angle_options=[], draft_fixed=[], draft_open=[], left_out=[])
    return updates
