"""The script, part by part: each part a small prompt with only its own evidence, checked in code as it lands.

A part that fails a check is rewritten once with what was wrong; if it still fails it is kept, flagged, and the
review says what needs the person's eye. Each finished part is emitted as a `PartEvent` (the CLI and the chat
show it at once). Then the whole script is fitted to the asked duration in code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agent.context import AgentContext
from agent.drafting.checks import Problem, check_part
from agent.drafting.language import Language
from agent.drafting.scrub import scrub
from agent.drafting.similarity import Embedder
from agent.drafting.timing import (
    CTA_WORDS,
    HOOK_WORDS,
    SELLING_WORDS,
    Plan,
    trim_to,
    word_count,
)
from agent.events import PartEvent
from agent.safety import as_data
from agent.schemas import EvidenceItem, ScriptDraft, ScriptPart
from hookline import prompts

MAX_REWRITES = 1
DROP_KINDS = {"repeat", "brief"}
TEMPERATURE = 0.6


@dataclass(frozen=True)
class Setup:
    """Everything the part prompts and checks share for one draft."""

    brief: str
    """The brief for the prompts: the request and the known slots."""
    platform: str
    audience: str
    offer: str
    goal: str
    language: Language
    angle: str
    plan: Plan
    voice: str = ""
    examples: tuple[str, ...] = ()
    kit_texts: tuple[str, ...] = ()
    promise: str | None = None
    cta_patterns: tuple[str, ...] = ()
    trusted: tuple[str, ...] = ()
    wish: str = ""
    """The user's revision wish ("make the hook punchier"), if any."""
    request: str = ""
    """The user's own words, which a part must not say back to camera."""


@dataclass
class Outcome:
    draft: ScriptDraft
    fixed: list[str] = field(default_factory=list)
    """What the checks caught and the rewrite fixed, for the person."""
    open: list[str] = field(default_factory=list)
    """What still needs the person's eye."""
    prompt_tokens: int = 0


_LABEL = re.compile(
    r"^\s*(?:\*\*)?(?:hook|gancho|selling point|punto de venta|beat ?\d*|momento ?\d*|call to action|cta|llamada a la acción|"
    r"line|línea|script|guion)(?:\*\*)?\s*[:\-–]\s*",
    re.IGNORECASE,
)
_PREAMBLE = re.compile(r"^\s*(sure|of course|certainly|here('s| is| are)|claro|aquí (tienes|está)|por supuesto)\b", re.IGNORECASE)
_IDS = re.compile(r"[\[(]\s*(?:[CPIM]\d+\s*,?\s*)+[\])]")


def clean_line(raw: str, words: int) -> str:
    """The model's answer as one spoken line: no label, no quotes, no evidence ids, no markup, not far over length."""
    lines = [line for line in raw.strip().splitlines() if line.strip()]
    # "Sure, here's the beat 2:" then the line: the small model's preamble is not part of the script.
    spoken = [line for line in lines if not _PREAMBLE.match(line) and not line.rstrip().endswith(":")]
    text = (spoken or lines or [""])[0]
    text = _LABEL.sub("", text)
    text = _IDS.sub("", text).replace("**", "").replace("#", "")
    text = re.sub(r"<[^>]{0,40}>", "", text)
    text = re.sub(r"\s+", " ", text).strip().strip('"“”«»\'').strip()
    return trim_to(text, max(words * 2, words + 8))


def _evidence_block(items: list[EvidenceItem]) -> str:
    return "\n".join(as_data(item.id, item.kind, item.text[:300]) + (f" ({item.detail})" if item.detail else "") for item in items)


class PartWriter:
    def __init__(self, ctx: AgentContext, setup: Setup, embedder: Embedder) -> None:
        self.ctx = ctx
        self.setup = setup
        self.embedder = embedder
        self.written: list[tuple[str, ScriptPart]] = []
        self.fixed: list[str] = []
        self.open: list[str] = []
        self.prompt_tokens = 0

    def _prompt(self, part: str, goal: str, words: int, shown: list[EvidenceItem], feedback: str) -> str:
        s = self.setup
        # Only the gist of what is written (its first words): the 1.5B model copies whole lines it is shown.
        so_far = "; ".join(" ".join(p.text.split()[:4]) + "…" for _name, p in self.written)
        wish = f"The user asked: {s.wish}" if s.wish else ""
        return prompts.render(
            "agent_part", platform=s.platform or "short-video", language=s.language.name, brief=s.brief, angle=s.angle,
            voice=s.voice, examples=list(s.examples), so_far=so_far, part=part, goal=goal, words=words,
            evidence=_evidence_block(shown), feedback="\n".join(line for line in (wish, feedback) if line),
        )

    def _ask(self, prompt: str, words: int) -> str:
        self.prompt_tokens += self.ctx.tokens.count(prompt)
        reply = self.ctx.chat_model.chat(
            [{"role": "user", "content": prompt}], max_tokens=max(24, int(words * 2.2) + 12), temperature=TEMPERATURE
        )
        return clean_line(reply.text, words)

    def write(self, part: str, goal: str, words: int, shown: list[EvidenceItem], *, droppable: bool = False) -> ScriptPart | None:
        earlier = [p.text for _name, p in self.written]
        feedback = ""
        problems: list[Problem] = []
        fixed_kinds: list[Problem] = []
        text, support = "", None
        for attempt in range(MAX_REWRITES + 1):
            text = self._ask(self._prompt(part, goal, words, shown, feedback), words)
            text, removed = scrub(text, self.setup.trusted)
            if removed:
                self.fixed.append(f"{part}: removed {', '.join(removed)} (nobody gave it to me)")
            if not text:
                problems = [Problem("empty", "Your last answer was empty. Write the line.", "it came back empty")]
            else:
                support, problems = check_part(
                    self.embedder, part=part, text=text, shown=shown, earlier=earlier, kit_texts=list(self.setup.kit_texts),
                    promise=self.setup.promise, language=self.setup.language.code, brief=self.setup.request,
                )
            if not problems:
                break
            if attempt < MAX_REWRITES:
                fixed_kinds = problems
                feedback = "\n".join(problem.for_model for problem in problems)
        if fixed_kinds:
            still = {problem.kind for problem in problems}
            for problem in fixed_kinds:
                if problem.kind not in still:
                    self.fixed.append(f"{part}: rewritten once because {problem.for_person}")
        if droppable and any(problem.kind in DROP_KINDS for problem in problems):
            # A beat that still repeats a line or the brief after its rewrite adds nothing: it goes (the duration
            # fit writes another beat if the script ends up short).
            self.fixed.append(f"{part}: left out, it still repeated {'an earlier line' if problems[0].kind == 'repeat' else 'the brief'}")
            return None
        self.open += [f"{part}: {problem.for_person}" for problem in problems]
        cited = list(support.cited) if support else []
        score = support.score if support else None
        written = ScriptPart(text=text or "…", evidence=cited[:3], support=score, flagged=bool(problems))
        self.written.append((part, written))
        self.ctx.on_event(PartEvent(part, written.text, tuple(written.evidence), score, written.flagged))
        return written


def _goals(setup: Setup) -> dict[str, str]:
    audience = setup.audience or "the viewer"
    cta = f" The brand usually closes like this: {'; '.join(setup.cta_patterns[:2])}." if setup.cta_patterns else ""
    return {
        "hook": f"the first line the viewer hears, so {audience} stop scrolling. A situation, a surprise or a question from "
                "the evidence. No greeting, no brand slogan.",
        "selling point": f"the one reason {audience} should care about {setup.offer or 'this'}, in the viewers' terms.",
        "beat": "one concrete moment, detail or example that moves the video on. Not a summary, not a call to action.",
        "call to action": f"the closing line: one clear thing for the viewer to do now (subscribe, comment, follow, buy) that "
                          f"serves this goal: {setup.goal or 'comments and follows'}.{cta} Do not invent links, codes or prices.",
    }


def part_evidence(ranked_items: list[EvidenceItem], parts: int) -> list[list[EvidenceItem]]:
    """One comment or post per part, in ranked order. Insight labels ("after · apart · exactly") are keywords, not
    something a line can say: they choose the angle and stay out of the part prompts."""
    queue = [item for item in ranked_items if item.kind in ("comment", "post")]
    return [[queue[index]] if index < len(queue) else [] for index in range(parts)]


def write_script(ctx: AgentContext, setup: Setup, embedder: Embedder, ranked_items: list[EvidenceItem],
                 angle_evidence: list[str], angle_reason: str) -> Outcome:
    writer = PartWriter(ctx, setup, embedder)
    goals = _goals(setup)
    plan = setup.plan
    shown = part_evidence(ranked_items, 2 + plan.beats + 1)
    hook = writer.write("hook", goals["hook"], HOOK_WORDS, shown[0])
    selling = writer.write("selling point", goals["selling point"], SELLING_WORDS, shown[1])
    beats: list[ScriptPart] = []
    for index in range(plan.beats):
        beat = writer.write(f"beat {len(beats) + 1}", goals["beat"], plan.beat_words, shown[2 + index], droppable=True)
        if beat is not None:
            beats.append(beat)
    cta = writer.write("call to action", goals["call to action"], CTA_WORDS, [])
    assert hook is not None and selling is not None and cta is not None  # only beats may be dropped

    beats = _fit_duration(writer, plan, [hook, selling, cta], beats, goals["beat"], shown[2 + plan.beats])
    draft = ScriptDraft(
        angle=setup.angle, hook=hook, selling_point=selling, beats=beats, call_to_action=cta,
        on_screen_text=on_screen(hook.text, selling.text, cta.text),
        angle_evidence=angle_evidence, angle_reason=angle_reason,
        language=setup.language.code, language_reason=setup.language.reason,
        words_per_second=plan.rate, target_seconds=plan.seconds,
    )
    return Outcome(draft, writer.fixed, writer.open, writer.prompt_tokens)


def _fit_duration(writer: PartWriter, plan: Plan, fixed_parts: list[ScriptPart], beats: list[ScriptPart], goal: str,
                  spare: list[EvidenceItem]) -> list[ScriptPart]:
    """Trim the beats (longest first, at sentence or clause ends) or write one more beat, to land within ±15%."""
    def total() -> int:
        return sum(word_count(p.text) for p in [*fixed_parts, *beats])

    before = total()
    if before < plan.low or not beats:
        extra = writer.write(f"beat {len(beats) + 1}", goal, max(6, min(plan.words - before, 2 * plan.beat_words)), spare,
                             droppable=bool(beats))
        if extra is not None:
            beats.append(extra)
    while total() > plan.high:
        # Cut the longest beat by what is over (at most half of it, at a sentence or clause end); drop a beat only
        # when no beat can lose more without becoming a fragment.
        longest = max(range(len(beats)), key=lambda i: word_count(beats[i].text))
        length = word_count(beats[longest].text)
        cut = min(total() - plan.words, length - max(6, length // 2))
        if cut <= 0:
            if len(beats) == 1:
                break
            beats.pop(longest)
            continue
        beats[longest] = beats[longest].model_copy(update={"text": trim_to(beats[longest].text, length - cut)})
    after = total()
    if after != before:
        seconds = plan.seconds_for(after)
        writer.fixed.append(f"length: {plan.seconds_for(before)} s as written, now {seconds} s for the {plan.seconds} s you asked")
    if not plan.low <= after <= plan.high:
        writer.open.append(f"length: about {plan.seconds_for(after)} s spoken, the brief asked for {plan.seconds} s")
    return beats


def _caption(text: str, words: int = 6) -> str:
    first = re.split(r"(?<=[.?!])\s", text.strip())[0]
    tokens = first.split()
    return " ".join(tokens[:words]).rstrip(",;:.") + ("…" if len(tokens) > words else "")


def on_screen(hook: str, selling: str, cta: str) -> list[str]:
    """Short captions from the script's own lines (never the kit's guide)."""
    captions = [_caption(text) for text in (hook, selling, cta) if text.strip()]
    return list(dict.fromkeys(caption for caption in captions if caption))
