"""The script, part by part: each part a small prompt with only its own evidence, checked in code as it lands.

A part that fails a check is rewritten once with what was wrong; if it still fails it is kept, flagged, and the
review says what needs the person's eye. Each finished part is emitted as a `PartEvent` (the CLI and the chat
show it at once). Then the whole script is fitted to the asked duration in code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from agent.context import AgentContext
from agent.drafting import one_line
from agent.drafting.checks import Problem, Support, check_part, cut_goal, served_goal
from agent.drafting.goals import part_goals
from agent.drafting.language import MIN_CONFIDENCE, NAMES, Language, detect
from agent.drafting.length import ASK_LONGER, EXTRA_BEATS, fit_duration
from agent.drafting.lines import Line, clean_line, without_offer_label
from agent.drafting.notes import review_notes
from agent.drafting.one_line import parsed_examples
from agent.drafting.quoting import as_quote
from agent.drafting.reading import as_read, read_angle, readings
from agent.drafting.scrub import scrub
from agent.drafting.similarity import Embedder, copied_run, overlap
from agent.drafting.timing import (
    CTA_WORDS,
    HOOK_WORDS,
    SELLING_WORDS,
    Plan,
    word_count,
)
from agent.events import PartEvent, StatusEvent
from agent.safety import as_data
from agent.schemas import EvidenceItem, ScriptDraft, ScriptPart
from core import prompts
from core.llm.base import ChatMessage

MAX_REWRITES = 1
DROP_KINDS = {"repeat", "brief", "example", "assistant", "unfinished", "narrates", "clash"}
# How bad a problem left in a part is, to keep the better of its two tries: a line in the wrong language, read out of
# a comment or said back from the brief is unusable; an off-topic or repeated line is weak; low support needs an eye.
UNUSABLE = 3  # a problem this heavy makes the line unusable as it is
# What evidence can cause and dropping it cures: a line in the comment's language instead of the script's, the brief
# said back, nothing at all. A comment read out in the script's own language stays, with its citation, for the
# user's eye: it is grounded, and a line written without evidence invents (eval/REPLAY_RESULTS.md).
WITHOUT_EVIDENCE_CURES = {"language", "brief", "empty"}
# What a fresh turn that names the problem up front can cure ("brief" only reaches it for a part shown no evidence).
FRESH_TURN_CURES = {"example", "viewer", "repeat", "goal", "brief", "assistant", "unfinished", "narrates", "clash"}
SEVERITY = {"empty": 4, "example": 4, "assistant": 4, "unfinished": 3, "viewer": 3, "avoided": 2, "language": 3, "verbatim": 3, "brief": 3, "goal": 2, "repeat": 2, "copied": 2, "promise": 2, "support": 1, "short": 1, "opening": 1, "narrates": 3, "clash": 3}
TEMPERATURE = 0.6
# A rewrite asked at the first try's temperature often comes back word for word (eval calls: the same call to action
# three times): tries after the first sample wider.
RETRY_TEMPERATURE = 0.9
SHORT_SHARE = 0.5  # a line under half its asked words is rewritten once with the count (Spanish lines came back 3-5 words)
_WORDS = re.compile(r"[^\W\d_]{2,}(?:\W+[^\W\d_]{2,})")  # two words of letters: less is no line
STOP = ("\n",)  # one line per answer: the small model otherwise explains its line after it
_BEAT_NOTE = re.compile(r"^beat (\d+)\b")


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
    avoid: tuple[str, ...] = ()
    """The kit's words to avoid: a part that says one is rewritten."""


@dataclass(frozen=True)
class Attempt:
    """One line the model wrote for a part, as checked: the summed severity of its problems decides which try is kept."""

    weight: int
    text: str
    support: Support | None
    problems: list[Problem]


@dataclass
class Outcome:
    draft: ScriptDraft
    fixed: list[str] = field(default_factory=list)
    """What the checks caught and the rewrite fixed, for the person."""
    open: list[str] = field(default_factory=list)
    """What still needs the person's eye."""
    prompt_tokens: int = 0


def _evidence_block(items: list[EvidenceItem], language: Language, *, details: bool = True) -> str:
    """The part's evidence as delimited data; an item in another language than the script's says so, because the
    small model otherwise reads a Spanish comment out as the line of an English script. Without `details` (likes,
    views): a beat's own request read a post's "4,549 views, 19,149 views" out as its line (eval D12)."""
    lines = []
    for item in items:
        note = [item.detail] if item.detail and details else []
        found = detect(item.text)
        if found and found[1] >= MIN_CONFIDENCE and found[0] != language.code:
            note.append(f"written in {NAMES.get(found[0], found[0])}: say its point in {language.name}")
        lines.append(as_data(item.id, item.kind, item.text[:300]) + (f" ({'; '.join(note)})" if note else ""))
    return "\n".join(lines)


def example_turns() -> list[ChatMessage]:
    """The worked example (prompts/agent_part_examples.md) as chat turns (a fresh list: callers extend it)."""
    return [dict(turn) for turn in parsed_examples("agent_part_examples")]  # type: ignore[misc]


def example_lines() -> list[str]:
    """The worked examples' own lines (the script's, then the one-line request's): a part that copies them copied the
    prompt, not the viewers."""
    turns = [*example_turns(), *one_line.example_turns()]
    return [turn["content"] for turn in turns if turn["role"] == "assistant"]


def opening_messages(setup: Setup) -> list[ChatMessage]:
    """The start of every script conversation for this setup, up to the brief and voice (before the angle): the
    rules, the worked example, and the first turn's opening. A draft's first request begins with exactly these."""
    return [
        {"role": "system", "content": prompts.render("agent_part_system", language=setup.language.name)},
        *example_turns(),
        {"role": "user", "content": _opening(setup)},
    ]


def _opening(setup: Setup) -> str:
    return prompts.render("agent_part_opening", brief=setup.brief, voice=setup.voice, examples=list(setup.examples))


class PartWriter:
    """Writes the script as one conversation: the rules and a worked example first, then one turn per part holding
    only that part's evidence. The model sees the lines it already wrote (as its own turns), so it can go on from
    them; llama.cpp reuses the conversation's cached prefix, so each part costs only its own new tokens."""

    def __init__(self, ctx: AgentContext, setup: Setup, embedder: Embedder) -> None:
        self.ctx = ctx
        self.setup = setup
        self.embedder = embedder
        self.written: list[tuple[str, ScriptPart]] = []
        self.fixed: list[str] = []
        """What was fixed in code or by the user's rules (a claim removed, the goal cut, the length fitted)."""
        self.rewrites: dict[str, dict[str, str]] = {}
        """Part → problem kind → why it was written again (the first reason of each kind), for the parts kept."""
        self.dropped: list[str] = []
        """Why each beat left out was left out (a problem kind)."""
        self.open: list[str] = []
        self.prompt_tokens = 0
        self.shown_so_far: list[EvidenceItem] = []
        """Every item a kept part was shown (as it was shown): the conversation holds them all."""
        self.readings: dict[str, str] = {}
        """Evidence id → its reading in the script's language, for the items shown in another language."""
        self.base: list[ChatMessage] = opening_messages(setup)[:-1]
        """The system prompt and the worked example: what every part's conversation starts with."""
        self.messages: list[ChatMessage] = list(self.base)
        self.copy_sources = list(setup.kit_texts)
        """What no part may copy 8+ words from: the kit's texts (the worked example's lines are checked apart)."""
        self.example_texts = example_lines()

    def _turn(self, part: str, goal: str, words: int, shown: list[EvidenceItem], feedback: str, *,
              opening: bool = False) -> ChatMessage:
        s = self.setup
        wish = f"The user asked: {s.wish}" if s.wish else ""
        content = prompts.render(
            "agent_part", opening=_opening(s) if opening or not self.written else "", angle=s.angle,
            evidence=_evidence_block(shown, s.language), feedback="\n".join(line for line in (wish, feedback) if line),
            part=part, goal=goal, words=words, language=s.language.name,
        )
        return {"role": "user", "content": content}

    def _ask(self, messages: list[ChatMessage], words: int, *, retry: bool = False) -> Line:
        self.prompt_tokens += sum(self.ctx.tokens.count(message["content"]) for message in messages)
        cap = max(24, int(words * 2.2) + 12)
        reply = self.ctx.chat_model.chat(
            messages, max_tokens=cap, temperature=RETRY_TEMPERATURE if retry else TEMPERATURE, stop=STOP,
        )
        return clean_line(reply.text, words, cut_off=reply.usage.completion_tokens >= cap)

    def _check(self, part: str, text: str, shown: list[EvidenceItem], earlier: list[str], words: int = 0
               ) -> tuple[Support, list[Problem]]:
        shown_ids = {item.id for item in shown}
        support, problems = check_part(
            self.embedder, part=part, text=text, shown=shown, earlier=earlier, kit_texts=self.copy_sources,
            example_texts=self.example_texts, avoid=self.setup.avoid, angle=self.setup.angle,
            promise=self.setup.promise, language=self.setup.language.code, brief=self.setup.request,
            goal=self.setup.goal, audience=self.setup.audience,
            earlier_shown=[item for item in self.shown_so_far if item.id not in shown_ids],
        )
        if part not in ("hook", "call to action") and word_count(text) < SHORT_SHARE * words:
            # A nudge for the rewrite only: the script's length is checked, and reported, as a whole. A short hook or
            # call to action is a punchy one.
            problems.append(Problem("short", f"Your last try had {word_count(text)} words. Write about {words}: add "
                                             "one concrete detail from what the viewers said.", ""))
        return support, problems

    def _attempt(self, conversation: list[ChatMessage], part: str, words: int, shown: list[EvidenceItem],
                 earlier: list[str], *, retry: bool) -> Attempt:
        """One line asked, cleaned, scrubbed and checked, with the weight of its problems."""
        line = self._ask(conversation, words, retry=retry)
        text, removed = scrub(without_offer_label(line.text, self.setup.offer), self.setup.trusted)
        if removed:
            self.fixed.append(f"{part}: removed {', '.join(removed)}, which no source gave")
        support: Support | None = None
        if not text or not _WORDS.search(text):
            # Nothing, or no words at all.
            text, problems = "", [Problem("empty", "Your last answer was empty. Write the line.", "it came back empty")]
        else:
            support, problems = self._check(part, text, shown, earlier, words)
            text, support, problems = self._cut_goal(part, text, shown, earlier, support, problems)
            if line.unfinished:
                problems.append(Problem("unfinished", "Your last line stopped mid-sentence. Write a shorter line that "
                                                      "ends.", "it stops mid-sentence"))
        return Attempt(sum(SEVERITY.get(problem.kind, 1) for problem in problems), text, support, problems)

    def _last_try(self, part: str, goal: str, words: int, shown: list[EvidenceItem], feedback: str, earlier: list[str],
                  best: Attempt) -> Attempt | None:
        """One more line from a fresh turn, or None when its problems do not weigh less than `best`'s."""
        retry = [*self.messages, self._turn(part, goal, words, shown, feedback)]
        attempt = self._attempt(retry, part, words, shown, earlier, retry=True)
        return attempt if attempt.text and attempt.weight < best.weight else None

    def forget_beat(self, number: int) -> None:
        """Beat `number` was left out after it was written: its notes go, and later beats' notes take their new
        numbers (before, the review said "beat 2: …" of a script with one beat)."""
        def renumbered(note: str) -> str | None:
            match = _BEAT_NOTE.match(note)
            if match is None or int(match.group(1)) < number:
                return note
            if int(match.group(1)) == number:
                return None
            return f"beat {int(match.group(1)) - 1}{note[match.end(1):]}"

        self.open = [note for note in map(renumbered, self.open) if note is not None]
        self.fixed = [note for note in map(renumbered, self.fixed) if note is not None]
        self.rewrites = {name: reasons for part, reasons in self.rewrites.items()
                         if (name := renumbered(part)) is not None}

    def read(self, items: list[EvidenceItem]) -> dict[str, str]:
        """Readings in the script's language of the items written in another (agent/drafting/reading.py)."""
        found = readings(self.ctx.chat_model, items, self.setup.language)
        self.readings.update(found)
        return found

    def _read(self, shown: list[EvidenceItem]) -> list[EvidenceItem]:
        """The part's evidence as it is shown: an item in another language than the script's as its reading."""
        found = self.read(shown)
        return [as_read(item, found.get(item.id), self.setup.language) for item in shown]

    def _cut_goal(self, part: str, text: str, shown: list[EvidenceItem], earlier: list[str], support: Support,
                  problems: list[Problem]) -> tuple[str, Support, list[Problem]]:
        """A call to action that gives the creator's goal as the reason loses that clause in code ("Subscribe now to
        get more subscribers." → "Subscribe now."): the small model keeps writing it back however it is asked."""
        goal_said = part == "call to action" and any(problem.kind == "goal" for problem in problems)
        cut = cut_goal(text, self.setup.goal) if goal_said else None
        if not cut:
            return text, support, problems
        self.fixed.append(f"{part}: cut the creator's goal (“{served_goal(text, self.setup.goal)}”) given as the viewer's "
                          "reason")
        return (cut, *self._check(part, cut, shown, earlier))

    def _one_line(self, part: str, words: int, shown: list[EvidenceItem]) -> list[ChatMessage]:
        s = self.setup
        return one_line.one_line_messages(
            audience=s.audience, offer=s.offer, voice=s.voice, language=s.language.name, part=part, words=words,
            kind=shown[0].kind, evidence=_evidence_block(shown, s.language, details=False),
        )

    def _as_quote(self, part: str, text: str, support: Support | None, problems: list[Problem], shown: list[EvidenceItem],
                  earlier: list[str], words: int) -> tuple[str, Support | None, list[Problem]]:
        """A part still reading its comment out (or a hook or selling point still unusable) becomes that comment, read
        as a viewer's words (quoting.py)."""
        quoted = as_quote(shown[0].text, words, self.setup.language.code)
        if quoted is None:
            return text, support, problems
        support, problems = self._check(part, quoted, shown, earlier, words)
        # Said as a viewer's words, a viewer's wish or turn of phrase is what it should be.
        problems = [problem for problem in problems if problem.kind not in ("verbatim", "viewer", "short")]
        self.fixed.append(f"{part}: it kept reading {shown[0].id} out word for word, so it now says these are a viewer's "
                          "words")
        return quoted, support, problems

    def write(self, part: str, goal: str, words: int, shown: list[EvidenceItem], *, droppable: bool = False) -> ScriptPart | None:
        shown = self._read(shown)
        earlier = [p.text for _name, p in self.written]
        turn = self._turn(part, goal, words, shown, "")
        conversation = [*self.messages, turn]
        standalone = droppable and bool(shown)
        if standalone:
            # A beat on a comment or post: that item and one line to say, in a request of its own (one_line.py).
            conversation = self._one_line(part, words, shown)
        elif droppable and self.dropped:
            # A beat was already left out for repeating: the small model is copying its own earlier lines, which the
            # conversation shows it as its turns. This beat starts from the opening alone, with the script so far
            # listed as what not to say again.
            said = "\n".join(f"- {line}" for line in earlier)
            conversation = [*self.base, self._turn(part, goal, words, shown, f"The script so far (say none of this "
                                                                         f"again):\n{said}", opening=True)]
        fixed_kinds: list[Problem] = []
        best: Attempt | None = None
        for attempt in range(MAX_REWRITES + 1):
            tried = self._attempt(conversation, part, words, shown, earlier, retry=attempt > 0)
            text, problems = tried.text, tried.problems
            if best is None or tried.weight <= best.weight:
                best = tried
            if not problems:
                break
            if attempt < MAX_REWRITES:
                fixed_kinds = problems
                feedback = "\n".join(problem.for_model for problem in problems)
                # The failed line stays in this part's exchange so the model sees what to change; the next parts see
                # only the line that was kept.
                ask = one_line.ask_again(part, words, self.setup.language.name) if standalone else \
                    f"Now write the {part}: {goal} About {words} words, in {self.setup.language.name}."
                conversation = [*conversation, {"role": "assistant", "content": text or "…"},
                                {"role": "user", "content": f"{feedback}\n{ask}"}]
        assert best is not None  # the loop runs at least once
        left = {p.kind for p in best.problems}
        if best.weight >= UNUSABLE and shown and left & WITHOUT_EVIDENCE_CURES:
            # Still the wrong language or the brief said back after the rewrite: the evidence is what the small model
            # cannot get past (a long Spanish comment for an English script), so one last line is written without it.
            # It cites nothing, and says so.
            if better := self._last_try(part, goal, words, [], "", earlier, best):
                best = better
                self.fixed.append(f"{part}: written without its evidence, which kept pulling it into the wrong language "
                                  "or back to the brief; it cites nothing")
        elif left & FRESH_TURN_CURES and not droppable:
            # The worked example's line, a viewer's thanks or an earlier line came back twice (the small model falls
            # back on what it was shown when stuck; the rewrite's exchange still holds the failed line): a fresh turn,
            # with the part's evidence, that says so up front. A beat in that state is dropped below instead.
            stuck = next(p for p in best.problems if p.kind in FRESH_TURN_CURES)
            if better := self._last_try(part, goal, words, shown, stuck.for_model, earlier, best):
                best = better
                self.rewrites.setdefault(part, {}).setdefault(stuck.kind, stuck.for_person)
        # The rewrite can be worse than the first try (a Spanish comment read out instead of a weak English line): the
        # try with the lighter problems is kept.
        text, support, problems = best.text, best.support, best.problems
        if fixed_kinds:
            still = {problem.kind for problem in problems}
            for problem in fixed_kinds:
                if problem.kind not in still and problem.for_person:
                    self.rewrites.setdefault(part, {}).setdefault(problem.kind, problem.for_person)
        reads_out = standalone and any(problem.kind == "verbatim" for problem in problems)
        if shown and shown[0].kind == "comment" and (reads_out or (not droppable and best.weight >= UNUSABLE)):
            # A beat reading its comment out, or a hook or selling point still unusable after every try (eval D03's
            # hook shipped as "I'm sorry, but I can't assist with that."): the viewer's own words, said as theirs.
            text, support, problems = self._as_quote(part, text, support, problems, shown, earlier, words)
        elif not shown and best.weight >= UNUSABLE:
            # Still empty or unusable with nothing to quote (eval D11's call to action came back empty twice): one line
            # from the script's opening alone, without the conversation the small model got stuck in.
            fresh = self._attempt([*self.base, self._turn(part, goal, words, [], "", opening=True)], part, words, [],
                                  earlier, retry=True)
            if fresh.text and fresh.weight < best.weight:
                text, support, problems = fresh.text, fresh.support, fresh.problems
        # A beat shown nothing of its own that reads out a comment (the one the angle quotes) would repeat it uncited.
        drop_kinds = DROP_KINDS | ({"verbatim"} if not shown else set())
        if droppable and any(problem.kind in drop_kinds for problem in problems):
            # A beat that still repeats a line or the brief after its rewrite adds nothing: it goes (the duration
            # fit writes another beat if the script ends up short).
            self.dropped.append(next(problem.kind for problem in problems if problem.kind in drop_kinds))
            self.rewrites.pop(part, None)  # the next beat takes its number
            return None
        problems = [problem for problem in problems if problem.kind != "short"]
        self.open += [f"{part}: {problem.for_person}" for problem in problems]
        cited = list(support.cited) if support else []
        score = support.score if support else None
        written = ScriptPart(text=text or "…", evidence=cited[:3], support=score, flagged=bool(problems))
        self.written.append((part, written))
        self.shown_so_far += [item for item in shown if item.id not in {seen.id for seen in self.shown_so_far}]
        self.messages += [turn, {"role": "assistant", "content": written.text}]
        self.ctx.on_event(PartEvent(part, written.text, tuple(written.evidence), score, written.flagged))
        return written


SAME_POINT_WORDS = 5
SAME_POINT_OVERLAP = 0.8
"""Two comments sharing five words in a row ("the bottle test at the end surprised me, ...") or nearly all their
content words make the same point: shown to two parts, they come back as two lines that say it twice."""


def part_evidence(ranked_items: list[EvidenceItem], parts: int) -> list[list[EvidenceItem]]:
    """One comment or post per part, in ranked order, each making a point no earlier part was shown; a part left
    without one is written from the brief and the angle and cites nothing. Insight labels ("after · apart ·
    exactly") are keywords, not something a line can say: they choose the angle and stay out of the part prompts."""
    chosen: list[EvidenceItem] = []
    for item in ranked_items:
        if len(chosen) == parts:
            break
        if item.kind in ("comment", "post") and not _same_point(item.text, [other.text for other in chosen]):
            chosen.append(item)
    return [[chosen[index]] if index < len(chosen) else [] for index in range(parts)]


def _same_point(text: str, others: list[str]) -> bool:
    if copied_run(text, others, words=SAME_POINT_WORDS):
        return True
    return any(min(overlap(text, [other]), overlap(other, [text])) >= SAME_POINT_OVERLAP for other in others)


def shown_evidence(ranked_items: list[EvidenceItem], plan: Plan) -> list[list[EvidenceItem]]:
    """What each part is shown: hook, selling point, the planned beats, then a spare for each beat the duration fit
    may add (the call to action is shown nothing: it asks, it does not quote)."""
    return part_evidence(ranked_items, 2 + plan.beats + EXTRA_BEATS)


def write_script(ctx: AgentContext, setup: Setup, embedder: Embedder, ranked_items: list[EvidenceItem],
                 angle_evidence: list[str], angle_reason: str) -> Outcome:
    writer = PartWriter(ctx, setup, embedder)
    goals = part_goals(setup.audience, setup.offer, setup.goal, setup.cta_patterns)
    plan = setup.plan
    shown = shown_evidence(ranked_items, plan)
    # The angle quotes its comment; in another language, the parts' prompts quote the comment's reading instead.
    quoted = [item for item in ranked_items if item.id in angle_evidence]
    writer.setup = replace(setup, angle=read_angle(setup.angle, quoted, writer.read(quoted)))
    for term in setup.avoid:
        if " " not in term and re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", setup.request, re.IGNORECASE):
            # agent/nodes/draft.py left it out of what the model is told (`without_avoided`).
            writer.fixed.append(f"brief: your brief says “{term}”, a word the brand avoids, so the script does without it")
    ctx.on_event(StatusEvent("Writing the script part by part"))
    hook = writer.write("hook", goals["hook"], HOOK_WORDS, shown[0])
    selling = writer.write("selling point", goals["selling point"], round(SELLING_WORDS * ASK_LONGER), shown[1])
    # The call to action goes on from the hook and selling point while the conversation is still in llama.cpp's cache:
    # the beats' requests of their own replace it there.
    cta = writer.write("call to action", goals["call to action"], CTA_WORDS, [])
    beats: list[ScriptPart] = []
    for index in range(plan.beats):
        evidence = shown[2 + index]
        beat = writer.write(f"beat {len(beats) + 1}", goals["beat"], round(plan.beat_words * ASK_LONGER), evidence,
                            droppable=True)
        if beat is not None:
            beats.append(beat)
    assert hook is not None and selling is not None and cta is not None  # only beats may be dropped

    beats = fit_duration(writer, plan, [hook, selling, cta], beats, goals["beat"], shown[2 + plan.beats:])
    draft = ScriptDraft(
        angle=setup.angle, hook=hook, selling_point=selling, beats=beats, call_to_action=cta,
        on_screen_text=on_screen(hook.text, selling.text, cta.text),
        angle_evidence=angle_evidence, angle_reason=angle_reason,
        language=setup.language.code, language_reason=setup.language.reason,
        words_per_second=plan.rate, target_seconds=plan.seconds, readings=writer.readings,
    )
    fixed = review_notes(writer.fixed, writer.rewrites, writer.dropped)
    return Outcome(draft, fixed, list(dict.fromkeys(writer.open)), writer.prompt_tokens)



def _caption(text: str, words: int = 6) -> str:
    first = re.split(r"(?<=[.?!])\s", text.strip())[0]
    tokens = first.split()
    return " ".join(tokens[:words]).rstrip(",;:.") + ("…" if len(tokens) > words else "")


def on_screen(hook: str, selling: str, cta: str) -> list[str]:
    """Short captions from the script's own lines (never the kit's guide)."""
    captions = [_caption(text) for text in (hook, selling, cta) if text.strip()]
    return list(dict.fromkeys(caption for caption in captions if caption))
