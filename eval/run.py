"""`python -m eval.run` (`make eval`): measure Hookline next to the naive way, write eval/RESULTS.md.

Sections, in order: set-up (fresh HOOKLINE_HOME, real data with planted comments, the
shipped kits), clarification (every labelled brief, stopped where the agent would start
researching), chat turns (time to first token), drafts (Hookline and the naive baseline on
the same cases, interleaved so neither profits from the other's prompt cache), comment
themes (Hookline's weighted insights vs unweighted k-means), the grounding judge, then the
report. Counts are flags; a soft time budget shrinks the later sections (and says so in
RESULTS.md) rather than overrun.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from eval import drafting, injection, metrics
from eval.cases import BriefCase, DraftCase, load_briefs, load_drafts, load_plants
from eval.data import PlantedComment, eval_settings, import_corpus, import_kits, write_poisoned_copies
from eval.judge import COSINE_THRESHOLD, judge_draft
from eval.meter import MeteredChatModel
from eval.naive import naive_draft
from eval.report import write_report
from eval.themes import unweighted_themes
from hookline.machine import describe_machine

EVAL_DIR = Path(__file__).resolve().parent
REPO_ROOT = EVAL_DIR.parent
USER = "eval"
JUDGE_CALL_S = 15.0
"""Time kept per judge call when deciding whether another draft case fits (a call is ~5 s on an idle machine)."""
CLARIFY_SHARE = 0.3
"""Clarification may use at most this share of the time budget; drafts and the judge get the rest."""
CHAT_PROMPTS = (
    "Hi! What can you help me with?",
    "Thanks! How do I import my audience data?",
    "Good morning, who are you?",
)
"""Plain chat turns (the intent rules read each as chat, so the reply streams)."""


class StopHere(Exception):
    """Raised inside the graph to end a clarification turn where research would begin."""


class StopAtResearch:
    """A ResearchBackend that ends the turn at its first use: the brief is read, questions asked or not."""

    def has_data(self) -> bool:
        return True  # the eval's corpus has data; asking is not researching (clarify sizes its questions by it)

    def creator_named_in(self, _text: str) -> str | None:
        raise StopHere("research")  # the research node's first call outside a tool (tools report failures instead)

    def audience_requests(self, *_args: Any, **_kwargs: Any) -> list[Any]:
        raise StopHere("research")

    def outlier_patterns(self, *_args: Any, **_kwargs: Any) -> Any:
        raise StopHere("research")

    def search_trends(self, *_args: Any, **_kwargs: Any) -> list[Any]:
        raise StopHere("research")

    def comment_insights(self, *_args: Any, **_kwargs: Any) -> Any:
        raise StopHere("research")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m eval.run", description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=None, help="clarification briefs to run (default: all)")
    parser.add_argument("--drafts", type=int, default=14,
                        help="draft cases for Hookline and the naive baseline (default 14: both kits, English and Spanish)")
    parser.add_argument("--judge-pairs", type=int, default=4, help="citations judged per draft (default 4)")
    parser.add_argument("--chat-turns", type=int, default=2, help="chat turns timed for first token (default 2)")
    parser.add_argument("--budget-min", type=float, default=28.0, help="soft time budget in minutes (default 28)")
    parser.add_argument("--out", type=Path, default=EVAL_DIR / "results", help="per-case outputs (default eval/results)")
    parser.add_argument("--report", type=Path, default=EVAL_DIR / "RESULTS.md", help="the report (default eval/RESULTS.md)")
    parser.add_argument("--work", type=Path, default=None,
                        help="work folder (HOOKLINE_HOME, data copies, partial outputs) kept after the run; default: a "
                             "fresh temp folder, deleted when the run completes")
    parser.add_argument("--resume", action="store_true",
                        help="with --work: keep the cases a stopped run finished and run only the rest")
    return parser.parse_args(argv)


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def _write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")


def draft_parts(draft: Any) -> list[metrics.Part]:
    return [metrics.Part(name, part.text, tuple(part.evidence)) for name, part in draft.parts()]


def draft_text(draft: Any) -> str:
    """What a viewer would hear and read: the angle is internal, but it is checked too for injections."""
    return "\n".join([draft.angle, draft.spoken_text(), *draft.on_screen_text])


def spoken_and_screen(draft: Any) -> str:
    """The text the brand check sees (the same as the agent's review)."""
    return draft.spoken_text() + "\n" + "\n".join(draft.on_screen_text)


class EvalRun:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.started = time.monotonic()
        self.deadline = self.started + args.budget_min * 60
        self.skipped: list[str] = []
        self.out: Path = args.out
        self.draft_records: list[dict[str, Any]] = []
        self.tag = uuid.uuid4().hex[:6]
        """Makes thread ids and per-case users unique to this run (a resumed run reuses the same stores)."""

    # ------------------------------------------------------------ plumbing

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def log(self, text: str) -> None:
        print(f"[{self.elapsed():6.0f}s] {text}", flush=True)

    # ------------------------------------------------------------ set-up

    def setup(self) -> None:
        from hookline.services import Services

        repo_home = (REPO_ROOT / os.environ.get("HOOKLINE_HOME", ".hookline")).resolve()
        home = self.tmp / "home"
        self.log(f"set-up: HOOKLINE_HOME at {home}" + (" (reused)" if home.exists() else " (fresh)"))
        self.settings = eval_settings(home, repo_home)
        self.services = Services(self.settings)
        self.meter = MeteredChatModel(self.services.chat_model, self.services.tokens)
        self.services.chat_model = self.meter  # type: ignore[misc]  # every caller gets the metered model
        self.context_tokens = self.settings.context_tokens

        # The eval's own plants plus the adversarial corpus of tests/fixtures/safety, planted at high likes.
        self.plants = load_plants() + injection.corpus_plants()
        started = time.monotonic()
        files = write_poisoned_copies(self.tmp / "data", self.plants)
        self.corpus = import_corpus(self.services, USER, files, self.log)  # idempotent: a reused home re-embeds nothing
        self.corpus["wall_seconds"] = round(time.monotonic() - started, 1)
        self.log(f"set-up: corpus imported in {self.corpus['wall_seconds']} s: {self.corpus['imported']}")
        self.kits = import_kits(self.services, USER)
        self.log(f"set-up: kits {self.kits or 'none shipped in brandkits/'}")

        from tools.corpus.store import CorpusStore

        self.store = CorpusStore.open(self.services, USER)
        if self.kits:
            from tools.brandkit.store import BrandKitStore

            self.kit_store = BrandKitStore.open(self.services, USER)
        started = time.monotonic()
        with self.meter.window("warm-up"):
            self.meter.chat([{"role": "user", "content": "Say OK."}], max_tokens=4)
        self.model_start_seconds = round(time.monotonic() - started, 1)
        self.log(f"set-up: model {self.meter.name} answered its first request in {self.model_start_seconds} s")

    def model_info(self) -> dict[str, Any]:
        from hookline.llm.model_assets import MODEL_FILENAME, MODEL_SHA256

        settings = self.settings
        if settings.uses_embedded_model:
            return {"name": self.meter.name, "kind": "embedded (llama.cpp via xllamacpp)", "timeout_s": settings.llm_timeout_s,
                    "file": str(settings.embedded_model_file or MODEL_FILENAME),
                    "sha256": MODEL_SHA256 if settings.embedded_model_file is None else "not checked",
                    "context_tokens": settings.embedded_context_tokens, "threads": settings.embedded_threads,
                    "embedder": self.services.embedder.name}
        return {"name": self.meter.name, "kind": f"endpoint {settings.llm_base_url}", "context_tokens": self.context_tokens,
                "embedder": self.services.embedder.name}

    def open_session(self, research: Any | None = None, user: str = USER) -> Any:
        """An AgentSession on the eval's services; `research` replaces the corpus backend (clarification).

        `user` scopes threads and long-term memory only; the corpus and the kits are always USER's."""
        from agent.backends import CorpusResearch, KitBrands
        from agent.memory_store import ChromaStore
        from agent.session import AgentSession

        connection = sqlite3.connect(self.settings.checkpoints_path, check_same_thread=False)
        return AgentSession(
            chat_model=self.meter, tokens=self.services.tokens,
            research=research if research is not None else CorpusResearch(self.services, USER),
            brands=KitBrands(self.services, USER), store=ChromaStore(self.services.chroma, self.services.embedder),
            checkpoints=connection, user=user, context_tokens=self.context_tokens, embedder=self.services.embedder,
        )

    # ------------------------------------------------------------ clarification

    def clarification(self, briefs: list[BriefCase], seconds: float) -> list[dict[str, Any]]:
        """Every brief, within `seconds` (the rest are listed as skipped; briefs alternate complete/incomplete)."""
        from agent.events import TokenEvent

        session = self.open_session(research=StopAtResearch())
        records: list[dict[str, Any]] = []
        until = time.monotonic() + seconds
        for number, case in enumerate(briefs, start=1):
            if records and time.monotonic() + (metrics.mean(r["seconds"] for r in records) or 0.0) > until:
                self.skipped.append(f"briefs {', '.join(c.id for c in briefs[number - 1:])} (clarification's share of the budget)")
                self.log(f"clarify: stopping before {case.id} (its share of the time budget is used)")
                break
            earlier = self.done("clarification", case.id)
            if earlier is not None:
                records.append(earlier)
                continue
            thread = f"clarify-{case.id}-{self.tag}"

            def stop_on_reply(event: Any) -> None:
                if isinstance(event, TokenEvent):
                    raise StopHere("reply")  # the brief was not read as a draft request

            record: dict[str, Any] = {"id": case.id, "text": case.text, "missing": list(case.missing)}
            started = time.monotonic()
            with self.meter.window(f"clarify {case.id}") as window:
                try:
                    result = session.send(thread, case.text, on_event=stop_on_reply)
                    record["stopped"] = "questions" if result.questions else "no questions"
                    questions = result.questions
                except StopHere as stop:
                    record["stopped"] = f"at {stop.args[0]} (no questions)"
                    questions = []
                except Exception as error:  # a failed turn is a result too
                    record["stopped"] = "error"
                    record["error"] = f"{type(error).__name__}: {error}"
                    questions = []
            record["seconds"] = round(time.monotonic() - started, 2)
            record["asked"] = [question.slot for question in questions]
            record["questions"] = [question.model_dump() for question in questions]
            state = session._state(thread)  # introspection for the report: what the agent read
            if state is not None:
                record["intent"] = state.intent
                record["brief_read"] = state.brief.model_dump(exclude={"request"}) if state.brief else None
            record["model"] = window.summary()
            record["model_outputs"] = [call.output for call in window.records]
            records.append(record)
            _write_json(self.out / "clarification" / f"{case.id}.json", record)
            self.save_progress()
            self.log(f"clarify {number}/{len(briefs)} {case.id}: missing {case.missing or '-'} asked {record['asked'] or '-'} "
                     f"({record['seconds']:.1f} s)")
        session.close()
        return records

    # ------------------------------------------------------------ chat turns (time to first token)

    def chat_turns(self, count: int) -> list[dict[str, Any]]:
        from agent.events import TokenEvent

        saved = self.out / "speed" / "chat_turns.json"
        if self.args.resume and saved.is_file():
            return json.loads(saved.read_text(encoding="utf-8"))
        session = self.open_session()
        turns = []
        for index, text in enumerate(CHAT_PROMPTS[:count]):
            first: list[float] = []
            started = time.monotonic()

            def on_event(event: Any, first: list[float] = first, started: float = started) -> None:
                if isinstance(event, TokenEvent) and not first:
                    first.append(time.monotonic() - started)

            with self.meter.window(f"chat {index + 1}") as window:
                result = session.send(f"chat-{index + 1}-{self.tag}", text, on_event=on_event)
            turn = {"text": text, "seconds": round(time.monotonic() - started, 2),
                    "ttft": _round(first[0] if first else None, 2), "reply": result.text, "model": window.summary()}
            turns.append(turn)
            self.log(f"chat turn {index + 1}: first token {turn['ttft']} s, turn {turn['seconds']} s")
        session.close()
        _write_json(self.out / "speed" / "chat_turns.json", turns)
        return turns

    # ------------------------------------------------------------ drafts

    def kit_rules(self, name: str) -> list[str]:
        return [rule.text for rule in self.kit_store.get(name).rules] if self.kits and name in self.kits else []

    def brand_scores(self, draft: Any, own: str | None, other: str | None) -> dict[str, Any] | None:
        if draft is None or not own:
            return None
        from tools.brandkit.check import check_text

        text = spoken_and_screen(draft)
        scores: dict[str, Any] = {}
        for role, name in (("own", own), ("other", other)):
            if not name:
                continue
            kit = self.kit_store.get(name)
            check = check_text(kit, text, store=self.kit_store)
            scores[role] = {
                "kit": name, "score": check.score,
                "copied_from_examples": metrics.copied_phrases(text, [example.text for example in kit.examples])[:5],
                "violations": sum(1 for f in check.findings if f.severity in ("error", "warning") and f.kind != "style"),
                "errors": sum(1 for f in check.findings if f.severity == "error"),
                "findings": [f"{f.severity}: {f.kind}: {f.message}" for f in check.findings],
            }
        return scores

    def injection(self, draft: Any, exposed: list[str], rules_before: list[str], rules_after: list[str],
                  raw_outputs: list[str] | None = None) -> dict[str, Any]:
        plants = [metrics.Plant(p.id, tuple(p.markers), p.kit_rule) for p in self.plants]
        verdict = metrics.injection_verdict(draft_text(draft) if draft is not None else "", plants,
                                            rules_before=rules_before, rules_after=rules_after)
        record: dict[str, Any] = {"exposed_to": exposed, "obeyed": list(verdict.obeyed), "evidence": list(verdict.evidence)}
        if raw_outputs is not None:
            raw = [metrics.injection_verdict(text, plants) for text in raw_outputs]
            record["obeyed_before_review"] = sorted({plant for item in raw for plant in item.obeyed})
        return record

    def pick_kits(self, case: DraftCase, index: int) -> tuple[str | None, str | None]:
        if not self.kits:
            return None, None
        own = case.kit if case.kit in self.kits else self.kits[index % len(self.kits)]
        others = [name for name in self.kits if name != own]
        other = case.other_kit if case.other_kit in others else (others[index % len(others)] if others else None)
        return own, other

    def hookline_draft(self, session: Any, case: DraftCase, kit: str | None) -> dict[str, Any]:
        from agent.events import PartEvent, TokenEvent
        from agent.schemas import ScriptDraft

        thread = f"draft-{case.id}"  # a fresh user per case and run: no memory or thread carries over
        record: dict[str, Any] = {"turns": []}
        rules_before = self.kit_rules(kit) if kit else []
        result = None
        with self.meter.window(f"hookline {case.id}") as window:
            try:
                answers: dict[str, str] | None = None
                while len(record["turns"]) < 3:
                    first: list[float] = []
                    started = time.monotonic()

                    part: list[float] = []

                    def on_event(event: Any, first: list[float] = first, started: float = started,
                                 part: list[float] = part) -> None:
                        if isinstance(event, TokenEvent) and not first:
                            first.append(time.monotonic() - started)
                        if isinstance(event, PartEvent) and not part:  # the first script part shown (issue 10)
                            part.append(time.monotonic() - started)

                    try:
                        if answers is None:
                            result = session.send(thread, case.brief, brand=kit, on_event=on_event)
                        else:
                            result = session.answer(thread, answers, on_event=on_event)
                    except Exception:
                        record["turns"].append({"seconds": round(time.monotonic() - started, 2), "ttft": None,
                                                "questions": [], "failed": True})
                        raise
                    record["turns"].append({
                        "seconds": round(time.monotonic() - started, 2), "ttft": _round(first[0] if first else None, 2),
                        "first_part_s": _round(part[0] if part else None, 2),
                        "questions": [q.model_dump() for q in result.questions],
                    })
                    if not result.questions:
                        break
                    answers = {q.slot: case.answers.get(q.slot, "You decide") for q in result.questions}  # type: ignore[call-overload]
            except Exception as error:
                record["error"] = f"{type(error).__name__}: {str(error)[:500]}"
        record["seconds"] = round(sum(turn["seconds"] for turn in record["turns"]), 2)
        record["model"] = window.summary()
        record["calls"] = [call.to_json() for call in window.records]
        state = session._state(thread)  # the evidence list is not part of TurnResult
        evidence = list(state.evidence) if state is not None else []
        record["evidence"] = [item.model_dump() for item in evidence]
        draft = result.draft if result is not None else None
        record["draft"] = draft.model_dump() if draft is not None else None
        record["language"] = metrics.guess_language(draft.spoken_text()) if draft is not None else None
        if result is not None:
            record["reply"] = result.text
            record["steps"] = [step.model_dump() for step in result.steps]
            record["review_notes"] = result.review_notes
            record["assumptions"] = result.assumptions
        known = {item.id for item in evidence}
        if draft is not None:
            check = metrics.check_citations(draft_parts(draft), known)
            record["citations"] = {"parts": check.parts, "grounded_parts": check.parts_with_valid_citation,
                                   "citations": check.citations, "valid": check.valid_citations, "invalid_ids": list(check.invalid_ids)}
        raw_drafts = []
        for call in window.records:
            if call.schema == "ScriptDraft" and call.output:
                try:
                    raw_drafts.append(ScriptDraft.model_validate_json(call.output))
                except ValueError:
                    continue
        record["raw_drafts"] = len(raw_drafts)
        record["invalid_ids_before_review"] = [
            item for raw in raw_drafts for item in metrics.check_citations(draft_parts(raw), known).invalid_ids
        ]
        rules_after = self.kit_rules(kit) if kit else []
        plant_ids = {p.store_id: p.id for p in self.plants}
        exposed = sorted({plant_ids[item.source_id] for item in evidence if item.source_id in plant_ids})
        record["injection"] = self.injection(draft, exposed, rules_before, rules_after,
                                             [draft_text(raw) for raw in raw_drafts])
        record["kit_rules_added"] = [rule for rule in rules_after if rule not in rules_before]
        return record

    def naive_comments(self, creator: str) -> list[tuple[str, str, int, int]]:
        from tools.corpus.search import Scope

        creator_ids = tuple(found.id for found in self.store.resolve_creators(creator))
        ids, _total = self.store.top_comment_ids(Scope(creator_ids=creator_ids), 1000)
        rows = self.store.comment_rows(ids)
        return [(rows[i].id, rows[i].text, rows[i].likes, rows[i].reply_count) for i in ids if i in rows]

    def naive(self, case: DraftCase) -> dict[str, Any]:
        comments = self.naive_comments(case.creator)
        record: dict[str, Any] = {}
        started = time.monotonic()
        with self.meter.window(f"naive {case.id}") as window:
            draft, pasted, prompt, errors = naive_draft(self.meter, case.brief, comments, self.services.tokens, self.context_tokens)
        record["seconds"] = round(time.monotonic() - started, 2)
        record["model"] = window.summary()
        record["calls"] = [call.to_json() for call in window.records]
        record["errors"] = errors
        record["pasted"] = [{"number": c.number, "comment_id": c.comment_id, "likes": c.likes} for c in pasted]
        record["prompt"] = prompt
        record["draft"] = draft.model_dump() if draft is not None else None
        record["language"] = metrics.guess_language(draft.spoken_text()) if draft is not None else None
        known = {c.number for c in pasted}
        if draft is not None:
            check = metrics.check_citations(draft_parts(draft), known)
            record["citations"] = {"parts": check.parts, "grounded_parts": check.parts_with_valid_citation,
                                   "citations": check.citations, "valid": check.valid_citations, "invalid_ids": list(check.invalid_ids)}
        plant_ids = {p.store_id: p.id for p in self.plants}
        exposed = sorted({plant_ids[c.comment_id] for c in pasted if c.comment_id in plant_ids})
        record["injection"] = self.injection(draft, exposed, [], [])
        record["_pasted"] = pasted
        record["_draft"] = draft
        return record

    def drafts(self, cases: list[DraftCase], reserve_s: float) -> list[dict[str, Any]]:
        """Hookline and the naive baseline on each case; a case starts only if it and the judging of every case so far
        (`reserve_s` per case) still fit the budget."""
        from agent.schemas import ScriptDraft

        records = self.draft_records
        per_case: list[float] = []
        for index, case in enumerate(cases):
            earlier = self.done("drafts", case.id, needs="naive")
            if earlier is not None:
                records.append(earlier)
                continue
            estimate = max(per_case) if per_case else 0.0
            judging = reserve_s * (index + 1)  # judging the drafts made so far plus this one
            if per_case and self.left() - judging < estimate:
                self.skipped.append(f"draft cases {', '.join(c.id for c in cases[index:])} (time budget)")
                self.log(f"drafts: stopping before {case.id}: {self.left():.0f} s left, a case takes ~{estimate:.0f} s")
                break
            started = time.monotonic()
            own, other = self.pick_kits(case, index)
            self.log(f"draft {index + 1}/{len(cases)} {case.id}: Hookline (kit {own})...")
            session = self.open_session(user=f"{USER}-{case.id}-{self.tag}")
            try:
                hook = self.hookline_draft(session, case, own)
            finally:
                session.close()
            _write_json(self.out / "drafts" / f"{case.id}.json", {"id": case.id, "brief": case.brief, "hookline": hook})
            self.log(f"  Hookline: {hook['seconds']:.0f} s, {len(hook['turns'])} turn(s), "
                     f"{hook['model']['prompt_tokens']}+{hook['model']['completion_tokens']} tokens"
                     + (f", ERROR {hook['error']}" if hook.get("error") else ""))
            self.log(f"draft {index + 1}/{len(cases)} {case.id}: naive baseline...")
            naive = self.naive(case)
            self.log(f"  naive: {naive['seconds']:.0f} s, {len(naive['pasted'])} comments pasted, "
                     f"{naive['model']['prompt_tokens']}+{naive['model']['completion_tokens']} tokens"
                     + (f", errors {naive['errors']}" if naive["errors"] else ""))
            hook_draft = ScriptDraft.model_validate(hook["draft"]) if hook["draft"] else None
            hook["brand"] = self.brand_scores(hook_draft, own, other)
            naive["brand"] = self.brand_scores(naive["_draft"], own, other)
            record = {"id": case.id, "brief": case.brief, "creator": case.creator, "kit": own, "other_kit": other,
                      "hookline": hook, "naive": naive}
            drafting.add_metrics(record, {item["id"]: item["text"] for item in hook.get("evidence", [])},
                                 {c.number: c.text for c in naive["_pasted"]}, self.services.embedder)
            records.append(record)
            self._save_draft(record)
            self.save_progress()
            per_case.append(time.monotonic() - started)
        return records

    def _save_draft(self, record: dict[str, Any]) -> None:
        shown = {**record, "naive": {k: v for k, v in record["naive"].items() if not k.startswith("_")}}
        _write_json(self.out / "drafts" / f"{record['id']}.json", shown)

    # ------------------------------------------------------------ grounding judge

    def judge(self, records: list[dict[str, Any]], pairs_per_draft: int, reserve_s: float) -> None:
        from agent.schemas import ScriptDraft

        embedder = self.services.embedder
        for record in records:
            for system in ("hookline", "naive"):
                side = record[system]
                if "judge" in side:
                    continue  # judged before the run was stopped
                if not side.get("draft"):
                    side["judge"] = []
                    continue
                draft = ScriptDraft.model_validate(side["draft"])
                if system == "hookline":
                    texts = {item["id"]: item["text"] for item in side["evidence"]}
                    kinds = {item["id"]: item["kind"] for item in side["evidence"]}
                elif "_pasted" in side:
                    texts = {c.number: c.text for c in side["_pasted"]}
                    kinds = {c.number: "comment" for c in side["_pasted"]}
                else:  # a record saved by a stopped run: the pasted texts come back from the store
                    rows = self.store.comment_rows([c["comment_id"] for c in side["pasted"]])
                    texts = {c["number"]: rows[c["comment_id"]].text for c in side["pasted"] if c["comment_id"] in rows}
                    kinds = {number: "comment" for number in texts}
                pairs = metrics.citation_pairs(draft_parts(draft), texts)
                limit = pairs_per_draft
                if self.left() < reserve_s:
                    limit = 0
                    self.skipped.append(f"LLM judge for {system} {record['id']} (time budget; the cosine proxy still ran)")
                started = time.monotonic()
                with self.meter.window(f"judge {system} {record['id']}"):
                    verdicts = judge_draft(self.meter if limit else None, embedder, pairs, kinds, texts,
                                           limit=limit or pairs_per_draft)
                side["judge"] = [verdict.to_json() for verdict in verdicts]
                side["judged_pairs_available"] = len(pairs)
                supported = sum(1 for v in verdicts if v.judge_supported)
                self.log(f"judge {record['id']} {system}: {supported}/{len(verdicts)} supported "
                         f"({len(pairs)} citations, {time.monotonic() - started:.0f} s)")
                self._save_draft(record)
                self.save_progress()

    # ------------------------------------------------------------ comment themes

    def themes(self, records: list[dict[str, Any]], cases: dict[str, DraftCase]) -> list[dict[str, Any]]:
        from tools.insights import analyse_comments

        results = []
        for record in records:
            case = cases[record["id"]]
            query, creator = case.topic, case.creator
            for step in record["hookline"].get("steps", []):
                if step["name"] == "get_comment_insights" and step["ok"]:
                    query = step["arguments"].get("query") or query
                    creator = step["arguments"].get("creator") or creator
                    break
            try:
                report, points = analyse_comments(self.store, query, creator=creator, limit=4)
            except Exception as error:  # e.g. a creator name the model made up
                report, points = analyse_comments(self.store, case.topic, creator=case.creator, limit=4)
                query, creator = case.topic, case.creator
                self.log(f"themes {record['id']}: Hookline's own query failed ({error}); used the case topic")
            ids = [point.comment_id for point in points]
            rows = self.store.comment_rows(ids)
            engaged = [metrics.Engaged(i, rows[i].likes, rows[i].reply_count) for i in ids if i in rows]
            vectors = np.vstack([point.vector for point in points]) if points else np.zeros((0, 1))
            baseline = unweighted_themes(ids, vectors, max(1, len(report.clusters)))
            plant_ids = {plant.store_id: plant.id for plant in self.plants}
            entry: dict[str, Any] = {"id": record["id"], "query": query, "creator": creator, "comments": len(ids),
                                     "themes": len(report.clusters),
                                     "plants_analysed": sorted(plant_ids[i] for i in ids if i in plant_ids)}
            for quotes_per_theme in (2, 5):
                hook_quotes = [q.comment_id for c in report.clusters for q in c.quotes[:quotes_per_theme]]
                base_quotes = [q for t in baseline for q in t.quote_ids[:quotes_per_theme]]
                first_hook = [p.comment_id for p in points if report.clusters and p.cluster_id == report.clusters[0].id]
                first_base = list(baseline[0].member_ids) if baseline else []
                entry[f"quotes_{quotes_per_theme}"] = {
                    "hookline": metrics.theme_coverage(engaged, hook_quotes, first_hook).__dict__
                    | {"plants_quoted": sorted(plant_ids[i] for i in hook_quotes if i in plant_ids)},
                    "unweighted": metrics.theme_coverage(engaged, base_quotes, first_base).__dict__
                    | {"plants_quoted": sorted(plant_ids[i] for i in base_quotes if i in plant_ids)},
                }
            entry["hookline_clusters"] = [
                {"id": c.id, "label": c.label, "category": c.category, "size": c.size, "share": round(c.engagement_share, 3),
                 "quotes": [{"id": q.comment_id, "likes": q.likes, "replies": q.replies, "text": q.text[:200]} for q in c.quotes]}
                for c in report.clusters
            ]
            entry["unweighted_clusters"] = [
                {"id": t.id, "size": t.size,
                 "quotes": [{"id": q, "likes": rows[q].likes if q in rows else None, "text": rows[q].text[:200] if q in rows else ""}
                            for q in t.quote_ids]}
                for t in baseline
            ]
            results.append(entry)
            _write_json(self.out / "themes" / f"{record['id']}.json", entry)
            two = entry["quotes_2"]
            self.log(f"themes {record['id']}: quoted engagement Hookline {two['hookline']['quoted_engagement_share']} "
                     f"vs unweighted {two['unweighted']['quoted_engagement_share']}")
        return results

    # ------------------------------------------------------------ the whole run

    def run(self) -> int:
        args = self.args
        briefs = load_briefs()
        draft_cases = load_drafts()
        complete = [b for b in briefs if not b.missing]
        incomplete = round_robin([b for b in briefs if b.missing], key=lambda b: tuple(sorted(b.missing)))
        briefs = [b for pair in zip(complete, incomplete, strict=False) for b in pair]  # alternate, so a cut stays balanced
        briefs += complete[len(incomplete):] + incomplete[len(complete):]
        if args.briefs is not None:
            briefs = briefs[: args.briefs]
        draft_cases = draft_cases[: args.drafts]
        if args.resume and not args.work:
            raise SystemExit("--resume needs --work DIR (the folder of the stopped run, printed when it stopped).")
        self.tmp = args.work.resolve() if args.work else Path(tempfile.mkdtemp(prefix="hookline-eval-"))
        self.tmp.mkdir(parents=True, exist_ok=True)
        # Outputs collect in the work folder and replace eval/results/ only when the run completes,
        # so a crashed or killed run never leaves the last good results half-deleted.
        final_out, self.out = self.out, self.tmp / "results.partial"
        if self.out.exists() and not args.resume:
            shutil.rmtree(self.out)
        self.out.mkdir(parents=True, exist_ok=True)
        progress = self.load_progress() if args.resume else {"segments": []}
        self.previous = sum(segment["seconds"] for segment in progress["segments"])
        self.deadline -= self.previous
        started_at = dt.datetime.now(dt.timezone.utc)
        load_start = os.getloadavg()
        segment = {"started_at": started_at.isoformat(timespec="seconds"), "seconds": 0.0, "sections": {},
                   "load_start": load_start}
        progress["segments"].append(segment)
        self.progress = progress
        self.setup()
        self.log(f"set-up: outputs collect in {self.out} until the run completes"
                 + (f" (resuming after {self.previous / 60:.1f} min)" if self.previous else ""))
        sections: dict[str, float] = segment["sections"]
        sections["setup"] = self.elapsed()
        self.save_progress()

        def section(name: str, work: Callable[[], Any], default: Any) -> Any:
            """Run one section; a crash is logged and listed in the report, and the report is still written."""
            mark = self.elapsed()
            try:
                return work()
            except Exception as error:  # noqa: BLE001 - the figures measured so far must still be reported
                self.skipped.append(f"section {name} crashed: {type(error).__name__}: {str(error)[:300]}")
                self.log(f"{name}: CRASHED: {type(error).__name__}: {error}")
                return default
            finally:
                sections[name] = self.elapsed() - mark
                self.save_progress()

        try:
            used = sum(part["sections"].get("clarification", 0.0) for part in progress["segments"][:-1])
            clarifications = section(
                "clarification",
                lambda: self.clarification(briefs, CLARIFY_SHARE * args.budget_min * 60 - used) if briefs else [], [])
            chat = section("chat turns", lambda: self.chat_turns(args.chat_turns) if args.chat_turns else [], [])
            judge_reserve = JUDGE_CALL_S * args.judge_pairs * 2  # per draft case: both systems' judged citations
            drafts = section("drafts", lambda: self.drafts(draft_cases, reserve_s=judge_reserve) if draft_cases else [],
                             self.draft_records)
            themes = section("themes", lambda: self.themes(drafts, {case.id: case for case in draft_cases}), [])
            section("judge", lambda: self.judge(drafts, args.judge_pairs, reserve_s=15.0), None)
        finally:
            self.services.close()
        screened = {plant.id: _screen_flags(plant) for plant in self.plants}
        self.save_progress()
        totals: dict[str, float] = {}
        for part in progress["segments"]:
            for name, value in part["sections"].items():
                totals[name] = totals.get(name, 0.0) + value
        run_info = {
            "started_at": progress["segments"][0]["started_at"],
            "finished_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "runtime_seconds": round(self.previous + self.elapsed(), 1),
            "segments": len(progress["segments"]),
            "sections_seconds": {name: round(value, 1) for name, value in totals.items()},
            "machine": describe_machine(), "load_average_start": progress["segments"][0]["load_start"],
            "load_average_end": os.getloadavg(),
            "model": self.model_info(), "model_first_request_seconds": self.model_start_seconds,
            "corpus": self.corpus, "kits": self.kits, "plants": [p.model_dump() | {"screen_flags": screened[p.id]} for p in self.plants],
            "counts": {"briefs": len(briefs), "draft_cases": len(draft_cases), "judge_pairs": args.judge_pairs,
                       "chat_turns": args.chat_turns, "budget_min": args.budget_min},
            "skipped": self.skipped, "cosine_threshold": COSINE_THRESHOLD, "brief_order": [b.id for b in briefs],
            "command": "python -m eval.run " + " ".join(sys.argv[1:]),
        }
        for record in drafts:
            record["naive"].pop("_pasted", None)
            record["naive"].pop("_draft", None)
        self.save_calls()
        summary = write_report(run_info, clarifications, chat, drafts, themes, final_out, args.report)
        _write_json(self.out / "summary.json", summary)
        if final_out.exists():
            shutil.rmtree(final_out)
        final_out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(self.out), str(final_out))
        self.out = final_out
        self.log(f"wrote {args.report} and {final_out}/ in {self.elapsed() / 60:.1f} min")
        if not args.work:
            shutil.rmtree(self.tmp, ignore_errors=True)
        return 0

    # ------------------------------------------------------------ stopping and resuming

    def load_progress(self) -> dict[str, Any]:
        path = self.out / "progress.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"segments": []}

    def save_progress(self) -> None:
        """Called after every case: what a resumed run needs to keep its budget and runtime honest."""
        if not getattr(self, "progress", None):
            return
        self.progress["segments"][-1]["seconds"] = round(self.elapsed(), 1)
        self.progress["skipped"] = self.skipped
        _write_json(self.out / "progress.json", self.progress)
        self.save_calls()

    def save_calls(self) -> None:
        if not hasattr(self, "meter"):
            return
        path = self.out / "calls.json"
        if not hasattr(self, "earlier_calls"):
            self.earlier_calls = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []
        _write_json(path, [*self.earlier_calls, *(call.to_json() for call in self.meter.records)])

    def done(self, folder: str, case_id: str, *, needs: str | None = None) -> dict[str, Any] | None:
        """A case a stopped run already finished (resume only)."""
        path = self.out / folder / f"{case_id}.json"
        if not self.args.resume or not path.is_file():
            return None
        record = json.loads(path.read_text(encoding="utf-8"))
        return record if needs is None or needs in record else None


def round_robin(items: list[Any], key: Callable[[Any], Any]) -> list[Any]:
    """Items reordered so that every group (by `key`) comes up in turn: a run cut short still sees each kind."""
    groups: dict[Any, list[Any]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    ordered = []
    while any(groups.values()):
        for group in groups.values():
            if group:
                ordered.append(group.pop(0))
    return ordered


def _screen_flags(plant: PlantedComment) -> bool:
    from agent.safety import screen

    return screen(plant.text).flagged


def main(argv: list[str] | None = None) -> int:
    runner = EvalRun(parse_args(argv))

    def terminated(number: int, _frame: Any) -> None:
        work = getattr(runner, "tmp", None)
        hint = f"; continue with: python -m eval.run --work {work} --resume" if work else ""
        print(f"eval: stopped by signal {number}{hint}", file=sys.stderr, flush=True)
        raise SystemExit(128 + number)  # unwinds through `finally`, so the embedded model is stopped

    signal.signal(signal.SIGTERM, terminated)
    return runner.run()


if __name__ == "__main__":
    raise SystemExit(main())
