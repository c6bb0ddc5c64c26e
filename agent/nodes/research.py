"""research: the model chooses tools (JSON-schema tool choice); rules bound its choice.

Each choice is recorded as a standard tool call plus a tool message, so traces read
normally. When the corpus has data, a draft always rests on comment insights and
trend results: whatever the model skipped, the rules run.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from langchain_core.messages import AIMessage, ToolMessage
from langgraph.runtime import Runtime

from agent.context import AgentContext, context_of
from agent.events import StatusEvent, StepEvent
from agent.research_tools import RESEARCH_TOOL_NAMES, TOOLS, run_tool
from agent.safety import gate_lines
from agent.schemas import Brief, EvidenceItem, ToolStep
from agent.state import AgentState
from core import prompts
from core.llm.base import tools_prompt

# What a request says about the format rather than the topic ("Write a 30-second TikTok script for").
_FORMAT_WORDS = re.compile(
    r"\b(?:write|make|draft|create|give|escribe|haz|crea|schreib\w*|me|us|una?|an?|the|el|la|short|script|guion|guión|"
    r"video|vídeo|post|reel|short|tiktok|youtube|instagram|shorts|reels|linkedin|\d+\s*-?\s*(?:second|sec|s|segundos?|"
    r"sekunden|minutes?|min|minutos?)s?)\b",
    re.IGNORECASE,
)


def research_topic(brief: Brief | None, request: str) -> str:
    """What to search the audience data for: the offer, angle and audience the brief names, else
    the request without its format words (they match every post and comment alike)."""
    if brief is not None:
        named = " ".join(part for part in (brief.offer, brief.angle, brief.audience) if part)
        if named:
            return named
    stripped = " ".join(_FORMAT_WORDS.sub(" ", request).split())
    return stripped if len(stripped) >= 3 else request


_GENERAL_QUESTION = re.compile(
    r"\b(?:what|which|do|does|are|is|my|our|the|viewers?|audience|fans|followers|subscribers|people|commenters|community|"
    r"want|wants|wish|ask|asks|asking|for|about|request|requests|requesting|next|keep|me|us|make|should|i|we|to|see|"
    r"comments?|in|top|most|biggest|qué|piden|quieren|mis|seguidores|was|wünschen|wollen|sich|meine|zuschauer)\b",
    re.IGNORECASE,
)


def _asks_generally(request: str) -> bool:
    """True when the question names nothing beyond "what do my viewers want" (no topic to filter by)."""
    return len(re.sub(r"[^\w\s]", " ", _GENERAL_QUESTION.sub(" ", request)).split()) == 0


def _describe(brief: Brief | None, request: str) -> str:
    if brief is None:
        return request
    fields = brief.model_dump(exclude={"sources", "request"}, exclude_none=True)
    return f"request: {request}\n" + "\n".join(f"{key}: {value}" for key, value in fields.items())


class _Recorder:
    """Runs tools and records each call as messages, steps and evidence."""

    def __init__(self, state: AgentState, runtime: Runtime[AgentContext]) -> None:
        self.state = state
        self.runtime = runtime
        self.evidence: list[EvidenceItem] = list(state.evidence)
        self.messages: list[Any] = []
        self.steps: list[ToolStep] = []
        self.calls: set[tuple[str, str]] = set()

    def call(self, name: str, arguments: dict[str, Any]) -> None:
        key = (name, repr(sorted(arguments.items())))
        if key in self.calls:
            return
        self.calls.add(key)
        ctx = context_of(self.runtime)
        ctx.on_event(StatusEvent(f"Running {name}"))
        outcome = run_tool(
            name,
            arguments,
            ctx=ctx,
            store=self.runtime.store,
            brand=self.state.brand,
            user_text=self.state.request,
            existing=self.evidence,
        )
        call_id = f"call_{uuid.uuid4().hex[:12]}"
        self.messages.append(AIMessage(content="", tool_calls=[{"name": name, "args": arguments, "id": call_id}]))
        self.messages.append(
            ToolMessage(content=outcome.output, tool_call_id=call_id, name=name, status="success" if outcome.ok else "error")
        )
        self.evidence.extend(outcome.evidence)
        step = ToolStep(name=name, arguments=arguments, output=outcome.output, ok=outcome.ok)
        self.steps.append(step)
        ctx.on_event(StepEvent(step))

    def has(self, kind: str) -> bool:
        return any(item.kind == kind for item in self.evidence)

    def update(self) -> dict[str, Any]:
        known = {item.id for item in self.state.evidence}
        found = [item.id for item in self.evidence if item.id not in known]
        return {"messages": self.messages, "steps": self.steps, "evidence": self.evidence, "found_ids": found}


def research_audience(state: AgentState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    ctx = context_of(runtime)
    recorder = _Recorder(state, runtime)
    topic = research_topic(state.brief, state.request)
    has_data = ctx.research.has_data()
    # A creator the user names scopes the research: a brief about one channel rests on its audience.
    creator = ctx.research.creator_named_in(state.request) if has_data else None
    scoped = {"creator": creator} if creator else {}

    if state.intent == "trends":
        recorder.call("search_trends", {"query": topic, "limit": 8, **scoped})
        return recorder.update()
    if state.intent == "insights":
        recorder.call("get_comment_insights", {"query": topic, **scoped})
        return recorder.update()
    if state.intent == "requests":
        # "what do my viewers want next?" names no topic: every request counts, not only those like the question.
        recorder.call("get_audience_requests", {"query": "" if _asks_generally(state.request) else topic, **scoped})
        return recorder.update()
    if state.intent == "patterns":
        recorder.call("get_outlier_patterns", scoped)
        return recorder.update()

    ctx.on_event(StatusEvent("Planning research"))
    tools = [TOOLS[name] for name in RESEARCH_TOOL_NAMES]
    for _step in range(ctx.max_research_steps):
        # Tool output quotes corpus text: it goes back to the model only through the gate.
        done = "\n".join(
            f"- {step.name}({step.arguments}): {gate_lines(step.output[:300])}" for step in recorder.steps
        ) or "- nothing yet"
        if not has_data:
            done += "\n- note: no audience data has been imported; search_trends and get_comment_insights find nothing"
        prompt = prompts.render(
            "agent_research", tools=tools_prompt(tools), brief=_describe(state.brief, state.request), done=done
        )
        decision = ctx.chat_model.choose_tool([{"role": "user", "content": prompt}], tools, max_tokens=200)
        if decision.tool is None:
            break
        recorder.call(decision.tool, decision.arguments)

    # Rules: with data, a draft always rests on comment insights and trend results.
    if has_data and not recorder.has("insight"):
        recorder.call("get_comment_insights", {"query": topic, **scoped})
    if has_data and not recorder.has("post"):
        recorder.call("search_trends", {"query": topic, "limit": 5, **scoped})
    return recorder.update()
