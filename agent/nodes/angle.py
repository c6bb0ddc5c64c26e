"""choose_angle: offer 2-3 angles from the data, each resting on named evidence; the user picks one (interrupt/resume).

With fewer than two angles (little or no data) or an angle the user already stated, nothing is asked.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime
from langgraph.types import interrupt

from agent.context import AgentContext, context_of
from agent.drafting.angles import propose_angles
from agent.drafting.evidence import brief_query, rank_evidence
from agent.drafting.similarity import embedder_of
from agent.events import StatusEvent
from agent.schemas import Question
from agent.state import AgentState

QUESTION = "Which angle should the script take? Each one rests on your data."
YOU_DECIDE = "You decide"


def choose_angle(state: AgentState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    ctx = context_of(runtime)
    ctx.on_event(StatusEvent("Finding angles in your data"))
    ranked, _flagged = rank_evidence(state.evidence, brief_query(state.brief, state.request), embedder_of(ctx))
    angles = propose_angles(ranked)
    titles = [angle.title for angle in angles]
    stated = state.brief is not None and state.brief.sources.get("angle") == "user"
    if len(angles) < 2 or stated:
        return {"angle_options": titles, "angle_choice": ""}
    question = Question(slot="angle", question=QUESTION, options=[*titles, YOU_DECIDE])
    answers: dict[str, str] = interrupt({"questions": [question.model_dump()]}) or {}
    choice = str(answers.get("angle") or answers.get("_text") or YOU_DECIDE)
    return {"angle_options": titles, "angle_choice": choice, "questions": [*state.questions, question]}
