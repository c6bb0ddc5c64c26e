"""`python -m eval.run` (`make eval`): measure Hookline next to the naive way, write eval/RESULTS.md.

Sections, in order: set-up (fresh HOOKLINE_HOME, real data with planted comments, the
shipped kits), clarification (every labelled brief, stopped where the agent would start
researching), chat turns (time to first token), drafts (Hookline and the naive baseline on
the same cases, interleaved so neither profits from the other's prompt cache), comment
themes (Hookline's weighted insights vs unweighted k-means), the grounding judge, then the
report. Counts are flags; a soft time budget shrinks the later sections (and says so in
RESULTS.md) rather than overrun. Each section's measuring is in eval/sections/; this module
holds the runner: its budget, sessions, progress files (`--resume`) and the command line.
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

from agent.drafting.language import choose_language
from core.machine import describe_machine
from eval.cases import load_briefs, load_drafts
from eval.data import PlantedComment
from eval.judge import COSINE_THRESHOLD
from eval.meter import MeteredChatModel
from eval.report import write_report
from eval.sections import (
    clarification,
    comment_themes,
    drafts,
    grounding,
    run_setup,
    safety,
    speed,
)
from eval.sections.clarification import StopAtResearch, StopHere
from eval.sections.common import USER, write_json
from eval.sections.speed import CHAT_PROMPTS

__all__ = ["CHAT_PROMPTS", "USER", "EvalRun", "StopAtResearch", "StopHere", "main", "parse_args", "round_robin"]

EVAL_DIR = Path(__file__).resolve().parent
REPO_ROOT = EVAL_DIR.parent
JUDGE_CALL_S = 15.0
"""Time kept per judge call when deciding whether another draft case fits (a call is ~5 s on an idle machine)."""
CLARIFY_SHARE = 0.3
"""Clarification may use at most this share of the time budget; drafts and the judge get the rest."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m eval.run", description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=None, help="clarification briefs to run (default: all)")
    parser.add_argument("--drafts", type=int, default=16,
                        help="draft cases for Hookline and the naive baseline (default 16: both kits, English and Spanish "
                             "briefs, two asking for a language)")
    parser.add_argument("--cases", help="only these draft cases, by id (e.g. D15,D16); instead of --drafts")
    parser.add_argument("--judge-pairs", type=int, default=4, help="citations judged per draft (default 4)")
    parser.add_argument("--chat-turns", type=int, default=2, help="chat turns timed for first token (default 2)")
    parser.add_argument("--think-s", type=float, default=15.0,
                        help="how long the simulated user may take to pick an angle; the script's opening is read "
                             "meanwhile, as in the web chat, and they answer as soon as that is done (default 15)")
    parser.add_argument("--budget-min", type=float, default=28.0, help="soft time budget in minutes (default 28)")
    parser.add_argument("--out", type=Path, default=EVAL_DIR / "results", help="per-case outputs (default eval/results)")
    parser.add_argument("--report", type=Path, default=EVAL_DIR / "RESULTS.md", help="the report (default eval/RESULTS.md)")
    parser.add_argument("--work", type=Path, default=None,
                        help="work folder (HOOKLINE_HOME, data copies, partial outputs) kept after the run; default: a "
                             "fresh temp folder, deleted when the run completes")
    parser.add_argument("--resume", action="store_true",
                        help="with --work: keep the cases a stopped run finished and run only the rest")
    return parser.parse_args(argv)


class EvalRun:
    """One run: its budget, its services (set by `run_setup.setup`) and its progress; the sections take it as `run`."""

    repo_root = REPO_ROOT
    # Set by run_setup.setup (and `tmp` by run()); absent until then, which save_calls and main rely on.
    tmp: Path
    settings: Any
    services: Any
    meter: MeteredChatModel
    context_tokens: int
    plants: list[PlantedComment]
    corpus: dict[str, Any]
    kits: list[str]
    store: Any
    kit_store: Any
    model_start_seconds: float

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

    def open_session(self, research: Any | None = None, user: str = USER, *, warm: bool = False) -> Any:
        """An AgentSession on the eval's services; `research` replaces the corpus backend (clarification).

        `user` scopes threads and long-term memory only; the corpus and the kits are always USER's. `warm` reads the
        script's opening while an angle question waits, as `hookline ui` does on the embedded model."""
        from agent.backends import CorpusResearch, KitBrands
        from agent.context import AgentContext
        from agent.memory_store import ChromaStore
        from agent.session import AgentSession

        context = AgentContext(
            chat_model=self.meter, tokens=self.services.tokens,
            research=research if research is not None else CorpusResearch(self.services, USER),
            brands=KitBrands(self.services, USER), user=user, context_tokens=self.context_tokens,
            embedder=self.services.embedder,
        )
        connection = sqlite3.connect(self.settings.checkpoints_path, check_same_thread=False)
        return AgentSession(
            context=context, store=ChromaStore(self.services.chroma, self.services.embedder), checkpoints=connection,
            warm_drafts=warm and self.settings.uses_embedded_model,
        )

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
        # English and Spanish briefs in turn, so a run of fewer cases still drafts in both languages.
        draft_cases = round_robin(draft_cases, key=lambda case: choose_language(case.brief, []).code)[: args.drafts]
        if args.cases:
            wanted = [case_id.strip() for case_id in args.cases.split(",") if case_id.strip()]
            draft_cases = [case for case in load_drafts() if case.id in wanted]
            if len(draft_cases) != len(wanted):
                raise SystemExit(f"--cases: no draft case named {sorted(set(wanted) - {c.id for c in draft_cases})} "
                                 "in eval/cases/drafts.jsonl.")
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
        started_at = dt.datetime.now(dt.UTC)
        load_start = os.getloadavg()
        segment = {"started_at": started_at.isoformat(timespec="seconds"), "seconds": 0.0, "sections": {},
                   "load_start": load_start}
        progress["segments"].append(segment)
        self.progress = progress
        run_setup.setup(self)
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
                lambda: clarification.measure(self, briefs, CLARIFY_SHARE * args.budget_min * 60 - used) if briefs else [], [])
            chat = section("chat turns", lambda: speed.chat_turns(self, args.chat_turns) if args.chat_turns else [], [])
            judge_reserve = JUDGE_CALL_S * args.judge_pairs * 2  # per draft case: both systems' judged citations
            records = section("drafts", lambda: drafts.measure(self, draft_cases, reserve_s=judge_reserve) if draft_cases else [],
                              self.draft_records)
            themes = section("themes", lambda: comment_themes.measure(self, records, {case.id: case for case in draft_cases}), [])
            section("judge", lambda: grounding.judge(self, records, args.judge_pairs, reserve_s=15.0), None)
        finally:
            self.services.close()
        screened = {plant.id: safety.screen_flags(plant) for plant in self.plants}
        self.save_progress()
        totals: dict[str, float] = {}
        for part in progress["segments"]:
            for name, value in part["sections"].items():
                totals[name] = totals.get(name, 0.0) + value
        run_info = {
            "started_at": progress["segments"][0]["started_at"],
            "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "runtime_seconds": round(self.previous + self.elapsed(), 1),
            "segments": len(progress["segments"]),
            "sections_seconds": {name: round(value, 1) for name, value in totals.items()},
            "machine": describe_machine(), "load_average_start": progress["segments"][0]["load_start"],
            "load_average_end": os.getloadavg(),
            "model": run_setup.model_info(self), "model_first_request_seconds": self.model_start_seconds,
            "corpus": self.corpus, "kits": self.kits, "plants": [p.model_dump() | {"screen_flags": screened[p.id]} for p in self.plants],
            "counts": {"briefs": len(briefs), "draft_cases": len(draft_cases), "judge_pairs": args.judge_pairs,
                       "chat_turns": args.chat_turns, "budget_min": args.budget_min},
            "skipped": self.skipped, "cosine_threshold": COSINE_THRESHOLD, "brief_order": [b.id for b in briefs],
            "command": "python -m eval.run " + " ".join(sys.argv[1:]),
        }
        for record in records:
            record["naive"].pop("_pasted", None)
            record["naive"].pop("_draft", None)
        self.save_calls()
        summary = write_report(run_info, clarifications, chat, records, themes, final_out, args.report)
        write_json(self.out / "summary.json", summary)
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
        write_json(self.out / "progress.json", self.progress)
        self.save_calls()

    def save_calls(self) -> None:
        if not hasattr(self, "meter"):
            return
        path = self.out / "calls.json"
        if not hasattr(self, "earlier_calls"):
            self.earlier_calls = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []
        write_json(path, [*self.earlier_calls, *(call.to_json() for call in self.meter.records)])

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
