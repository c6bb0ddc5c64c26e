"""draft: the script, evidence first: evidence ranked in code, the chosen angle, then part by part (agent/drafting)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from langgraph.runtime import Runtime

from agent.context import AgentContext, context_of
from agent.drafting.angles import RELATIVE_FLOOR, pick, propose_angles
from agent.drafting.evidence import brief_query, rank_evidence
from agent.drafting.language import choose_language
from agent.drafting.reading import readings
from agent.drafting.similarity import embedder_of
from agent.drafting.timing import asked_seconds, plan
from agent.drafting.writer import Setup, opening_messages, shown_evidence, write_script
from agent.events import StatusEvent
from agent.schemas import Brief, EvidenceItem
from agent.state import AgentState

EXAMPLE_CHARS = 160
AVOID_SHOWN = 8


def describe_brief(brief: Brief | None, request: str) -> str:
    if brief is None:
        return request
    known = [f"{slot} {getattr(brief, slot)}" for slot in ("platform", "format", "audience", "goal", "offer") if getattr(brief, slot)]
    return request + (f" ({'; '.join(known)})" if known else "")


def _summary_line(summary: str, label: str) -> str:
    for line in summary.splitlines():
        if line.startswith(label):
            return line[len(label):].strip()
    return ""


def voice_brief(summary: str) -> str:
    """How the brand sounds, in the few words a small model can use: its voice traits, sentence length and the first
    words it avoids. Audience, promise and selling points stay out (the model restated them as the hook), and so do
    the rules and formatting: code checks and fixes those on every part and on the finished draft."""
    traits = _summary_line(summary, "Voice:")
    length = _summary_line(summary, "Sentence length:").split(" (", 1)[0]
    avoid = [word.strip() for word in _summary_line(summary, "Avoid:").split(",") if word.strip()][:AVOID_SHOWN]
    parts = [traits.replace(";", ","), f"sentences of {length}" if length else "",
             f"never say: {', '.join(avoid)}" if avoid else ""]
    return "; ".join(part for part in parts if part)


def without_avoided(text: str, avoid: tuple[str, ...]) -> str:
    """The brief as the model is told it, without the one-word terms the brand avoids ("young Spanish entrepreneurs"
    under a kit that never describes age): told the brief's word, the small model says it in every line, and the brand
    check then fails the draft. Multi-word terms stay: cutting them out of a sentence would break it."""
    for term in avoid:
        if " " not in term:
            text = re.sub(rf"(?<![\w-]){re.escape(term)}(?![\w-])\s?", "", text, flags=re.IGNORECASE)
    return re.sub(r"\s{2,}", " ", text).strip()


_PUBLISHED_CLOSING = re.compile(r"^“([^”]{3,120})”")


def closing_lines(patterns: str) -> tuple[str, ...]:
    """The kit's calls to action that the brand has published (“Shop the drop” (this opening in 5 posts)), as lines.
    Its guide's advice about calls to action ("Make the next step clear.") is a rule for the writer, not a line: shown
    as "the brand usually closes like this", the small model read it out to camera."""
    found = (_PUBLISHED_CLOSING.match(part.strip()) for part in patterns.split(";"))
    return tuple(match.group(1).strip() for match in found if match)


def _ordered(evidence: list[EvidenceItem], angle_ids: list[str], ranked: list[Any]) -> list[EvidenceItem]:
    """The angle's own items first, then the rest by relevance to the brief and the angle, leaving out items less than
    half as relevant as the best of them (research can return another creator's comments: no part should rest on
    them). The angle's items are not the measure: the query holds the angle's own words, so they are always far ahead
    (eval D04: the angle quoted a post title, and every other post fell under half its relevance)."""
    by_id = {item.id: item for item in evidence}
    first = [by_id[item_id] for item_id in angle_ids if item_id in by_id]
    rest = [entry for entry in ranked if entry.item.id not in angle_ids]
    floor = RELATIVE_FLOOR * max((entry.relevance for entry in rest), default=0.0)
    return first + [entry.item for entry in rest if entry.relevance >= floor]


def _setup(state: AgentState, ctx: AgentContext, ranked: list[Any], idea: str) -> Setup:
    """What every part prompt shares. Only `angle` depends on the chosen angle, so the prompt's opening (the brief,
    the voice, the brand's lines) is the same before and after the user picks one: see `warm_drafting`."""
    brief = state.brief or Brief(request=state.request)
    brand = state.brand if state.brand and ctx.brands.exists(state.brand) else None
    summary = ctx.brands.summary(brand) if brand else ""
    seconds, _asked = asked_seconds([state.revision_request, brief.format or "", state.request], brief.platform)
    examples = ctx.brands.examples(brand, brief_query(brief, state.request), k=2) if brand else []
    cta_patterns = _summary_line(summary, "Calls to action:")
    avoid = tuple(term.strip() for term in _summary_line(summary, "Avoid:").split(",") if len(term.strip()) > 2)
    return Setup(
        brief=without_avoided(describe_brief(state.brief, state.request), avoid),
        platform=brief.platform or "short-video",
        audience=without_avoided(brief.audience or "", avoid),
        offer=without_avoided(brief.offer or "", avoid),
        goal=brief.goal or "",
        language=choose_language(state.request, [entry.item.text for entry in ranked[:8]]),
        angle=idea,
        plan=plan(seconds, brief.platform),
        voice=voice_brief(summary),
        examples=tuple(re.sub(r"\s+", " ", example)[:EXAMPLE_CHARS] for example in examples),
        kit_texts=(*examples, summary),
        promise=_summary_line(summary, "Promise:") or None,
        cta_patterns=closing_lines(cta_patterns),
        trusted=(state.request, summary, *(str(v) for v in brief.model_dump(exclude={"sources"}).values() if v)),
        wish=state.revision_request,
        request=state.request,
        avoid=avoid,
    )


def warm_drafting(state: AgentState, ctx: AgentContext) -> None:
    """While the angle question waits: read the comments the script would be shown for the strongest angle into the
    script's language (agent/drafting/reading.py, cached), then send the script conversation's opening (rules, worked
    example, brief, voice, brand lines) with a one-token answer, so a local server has it cached when the user has
    picked an angle: the first part then costs only its own tokens. The opening goes last because a server keeps only
    its latest prompt cached. It changes nothing in the thread."""
    embedder = embedder_of(ctx)
    chosen = _plan_draft(state, ctx, embedder, answer=None)
    planned = shown_evidence(chosen.items, chosen.setup.plan)[: 2 + chosen.setup.plan.beats]  # not the spares
    readings(ctx.chat_model, [item for items in planned for item in items], chosen.setup.language)
    ctx.chat_model.chat(opening_messages(chosen.setup), max_tokens=1, temperature=0.0)


@dataclass(frozen=True)
class DraftPlan:
    setup: Setup
    items: list[EvidenceItem]
    """The evidence in the order parts get it: the angle's own items first."""
    angle_ids: list[str]
    reason: str
    """Why this angle, for the user."""
    flagged: list[EvidenceItem]
    """Items the safety screen flagged: seen, never citable."""


def _plan_draft(state: AgentState, ctx: AgentContext, embedder: Any, answer: str | None) -> DraftPlan:
    brief = state.brief or Brief(request=state.request)
    ranked, flagged = rank_evidence(state.evidence, brief_query(brief, state.request), embedder)
    angle, reason = pick(propose_angles(ranked), answer)
    if angle is not None:
        idea, angle_ids = angle.idea, list(angle.evidence)
    else:
        idea = brief.angle or " for ".join(part for part in (brief.offer, brief.audience) if part) or brief.request
        angle_ids, reason = [], "from your brief" if ranked else "from your brief (there is no imported data to draw on)"
    reranked, _ = rank_evidence(state.evidence, brief_query(brief, state.request, idea), embedder)
    items = _ordered(state.evidence, angle_ids, reranked)
    return DraftPlan(_setup(state, ctx, ranked, idea), items, angle_ids, reason, flagged)


def draft_script(state: AgentState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    ctx = context_of(runtime)
    ctx.on_event(StatusEvent("Revising the draft" if state.revision_request else "Choosing the evidence"))
    embedder = embedder_of(ctx)
    chosen = _plan_draft(state, ctx, embedder, state.angle_choice)
    outcome = write_script(ctx, chosen.setup, embedder, chosen.items, chosen.angle_ids, chosen.reason)
    return {
        "draft": outcome.draft,
        "draft_fixed": outcome.fixed,
        "draft_open": outcome.open,
        "left_out": [item.id for item in chosen.flagged],
        "prompt_tokens": outcome.prompt_tokens,
        "revision_request": "",
    }
