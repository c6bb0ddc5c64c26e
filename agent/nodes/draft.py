"""draft: write a ScriptDraft grounded in the numbered evidence, within the context budget."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import AgentContext, context_of
from agent.events import StatusEvent
from agent.safety import as_data
from agent.schemas import Brief, EvidenceItem, ScriptDraft
from agent.state import AgentState
from hookline import prompts

_EVIDENCE_ORDER = {"insight": 0, "comment": 1, "post": 2, "memory": 3}


def describe_brief(brief: Brief | None, request: str) -> str:
    if brief is None:
        return request
    lines = [f"request: {brief.request}"]
    for slot in ("platform", "format", "audience", "goal", "offer", "angle"):
        value = getattr(brief, slot)
        if value:
            lines.append(f"{slot}: {value}")
    return "\n".join(lines)


def evidence_block(evidence: list[EvidenceItem], ctx: AgentContext, budget_tokens: int) -> str:
    """As many evidence items as fit the budget, insights and comments first."""
    lines: list[str] = []
    used = 0
    for item in sorted(evidence, key=lambda e: _EVIDENCE_ORDER.get(e.kind, 9)):
        line = as_data(item.id, item.kind, item.text[:400]) + (f" ({item.detail})" if item.detail else "")
        cost = ctx.tokens.count(line) + 1
        if used + cost > budget_tokens:
            break
        lines.append(line)
        used += cost
    return "\n".join(lines) if lines else "(no evidence available: write from the brief, cite nothing)"


def draft_script(state: AgentState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    ctx = context_of(runtime)
    ctx.on_event(StatusEvent("Revising the draft" if state.revision_request else "Drafting the script"))
    brand = state.brand if state.brand and ctx.brands.exists(state.brand) else None
    brand_summary = ctx.brands.summary(brand) if brand else ""
    examples = "\n---\n".join(ctx.brands.examples(brand, state.request, k=2)) if brand else ""
    variables = {
        "brief": describe_brief(state.brief, state.request),
        "brand_summary": brand_summary,
        "examples": examples,
        "feedback": state.revision_request,
    }
    skeleton = prompts.render("agent_draft", evidence="", **variables)
    budget = ctx.context_tokens - ctx.reply_tokens - ctx.tokens.count(skeleton) - 50
    prompt = prompts.render("agent_draft", evidence=evidence_block(state.evidence, ctx, max(budget, 200)), **variables)
    draft = ctx.chat_model.structured(
        [{"role": "user", "content": prompt}], ScriptDraft, max_tokens=ctx.reply_tokens, temperature=0.4
    )
    return {"draft": draft, "revision_request": ""}
