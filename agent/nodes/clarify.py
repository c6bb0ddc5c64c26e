"""clarify: ask at most two focused questions about slots that matter, through interrupt/resume.

A question survives a restart: the pending interrupt lives in the SQLite checkpoint.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from langgraph.runtime import Runtime
from langgraph.types import interrupt

from agent.brief_parsing import is_you_decide, match_platform
from agent.context import AgentContext, context_of
from agent.research_tools import memory_namespace
from agent.schemas import Question
from agent.state import AgentState

SLOTS_THAT_MATTER = ("platform", "audience", "goal")
MAX_QUESTIONS = 2
# With imported data, the angle question (agent/nodes/angle.py) matters more to a creator than a second slot:
# it takes that place, and the second missing slot gets its default, said in the assumptions.
MAX_QUESTIONS_WITH_DATA = 1
QUESTIONS = {
    "platform": ("Where will this run?", ["TikTok", "YouTube Shorts", "Instagram Reels", "You decide"]),
    "audience": ("Who is it for?", ["People new to the brand", "Existing fans", "You decide"]),
    "goal": ("What should it achieve?", ["Sell the product", "Grow followers", "Get comments", "You decide"]),
}
DEFAULTS = {"platform": "TikTok", "audience": "people new to the brand", "goal": "get comments and follows"}


def _remember_preference(runtime: Runtime[AgentContext], brand: str | None, slot: str, value: str) -> None:
    if runtime.store is None:
        return
    runtime.store.put(
        memory_namespace(context_of(runtime).user, brand),
        f"preference-{slot}-{uuid.uuid4().hex[:8]}",
        {"kind": "preference", "slot": slot, "value": value, "text": f"Preferred {slot}: {value}", "at": time.time()},
    )


def _answer_for(slot: str, answers: dict[str, str], asked: list[str]) -> str | None:
    if slot in answers:
        return answers[slot]
    typed = answers.get("_text")
    if typed is None:
        return None
    if slot == "platform":
        return match_platform(typed) or (typed if len(asked) == 1 else None)
    return typed


def ask_clarifying_questions(state: AgentState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    brief = state.brief
    assert brief is not None, "clarify runs after understand"
    missing = brief.missing(SLOTS_THAT_MATTER)
    if not missing:
        return {}
    limit = MAX_QUESTIONS_WITH_DATA if context_of(runtime).research.has_data() else MAX_QUESTIONS
    asked, assumed = missing[:limit], missing[limit:]
    questions = [Question(slot=slot, question=QUESTIONS[slot][0], options=QUESTIONS[slot][1]) for slot in asked]
    brief = brief.model_copy(deep=True)
    assumptions = list(state.assumptions)
    for slot in assumed:
        setattr(brief, slot, DEFAULTS[slot])
        brief.sources[slot] = "assumed"
        assumptions.append(f"{slot}: {DEFAULTS[slot]} (not asked, so I could ask you about the angle instead)"
                           if limit == MAX_QUESTIONS_WITH_DATA else f"{slot}: {DEFAULTS[slot]} (not asked, to keep questions short)")

    answers: dict[str, str] = interrupt({"questions": [question.model_dump() for question in questions]}) or {}

    for slot in asked:
        answer = _answer_for(slot, answers, asked)
        if is_you_decide(answer):
            setattr(brief, slot, DEFAULTS[slot])
            brief.sources[slot] = "assumed"
            assumptions.append(f"{slot}: {DEFAULTS[slot]} (you let me decide)")
        else:
            value = str(answer).strip()
            setattr(brief, slot, value)
            brief.sources[slot] = "user"
            _remember_preference(runtime, state.brand, slot, value)
    return {"brief": brief, "questions": questions, "assumptions": assumptions}
