"""Drafts: each case drafted by Hookline (`AgentSession`, answering its questions) and by the naive baseline's
one structured call, interleaved so neither profits from the other's prompt cache (measuring); the
per-system figures of `summary.json` and the failure notes (reporting)."""

from __future__ import annotations

import re
import time
from collections import Counter
from typing import TYPE_CHECKING, Any

from eval import drafting, metrics
from eval.cases import DraftCase
from eval.naive import naive_draft
from eval.sections import brand, grounding, safety, speed
from eval.sections.common import (
    USER,
    citation_record,
    draft_parts,
    draft_text,
    rounded,
    save_draft,
    write_json,
)
from eval.sections.template import fill

if TYPE_CHECKING:
    from eval.run import EvalRun


# ---------------------------------------------------------------- measuring


def _think(run: EvalRun, session: Any) -> float | None:
    """The user reading a question: while an angle question waits, the session reads the script's opening (the
    web chat does the same); the user answers when that is done, or after `--think-s`, whichever comes first.
    Returns the seconds waited (not part of any turn's time); None when nothing was being read."""
    warming = getattr(session, "warming", None)
    if warming is None:
        return None
    if not warming.is_alive():
        return 0.0
    started = time.monotonic()
    warming.join(timeout=run.args.think_s)
    return round(time.monotonic() - started, 2)


def hookline_draft(run: EvalRun, session: Any, case: DraftCase, kit: str | None) -> dict[str, Any]:
    from agent.events import PartEvent, TokenEvent
    from agent.schemas import ScriptDraft

    thread = f"draft-{case.id}"  # a fresh user per case and run: no memory or thread carries over
    record: dict[str, Any] = {"turns": []}
    rules_before = brand.kit_rules(run, kit) if kit else []
    result = None
    with run.meter.window(f"hookline {case.id}") as window:
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
                    "seconds": round(time.monotonic() - started, 2), "ttft": rounded(first[0] if first else None, 2),
                    "first_part_s": rounded(part[0] if part else None, 2),
                    "questions": [q.model_dump() for q in result.questions],
                })
                if not result.questions:
                    break
                answers = {q.slot: case.answers.get(q.slot, "You decide") for q in result.questions}  # type: ignore[call-overload]
                if (waited := _think(run, session)) is not None:
                    record["turns"][-1]["think_s"] = waited
        except Exception as error:  # noqa: BLE001 - a failed draft is a result too
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
        record["citations"] = citation_record(draft, known)
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
    rules_after = brand.kit_rules(run, kit) if kit else []
    plant_ids = {p.store_id: p.id for p in run.plants}
    exposed = sorted({plant_ids[item.source_id] for item in evidence if item.source_id in plant_ids})
    record["injection"] = safety.verdict(run, draft, exposed, rules_before, rules_after, [draft_text(raw) for raw in raw_drafts])
    record["kit_rules_added"] = [rule for rule in rules_after if rule not in rules_before]
    return record


def naive_comments(run: EvalRun, creator: str) -> list[tuple[str, str, int, int]]:
    from tools.corpus.search import Scope

    creator_ids = tuple(found.id for found in run.store.resolve_creators(creator))
    ids, _total = run.store.top_comment_ids(Scope(creator_ids=creator_ids), 1000)
    rows = run.store.comment_rows(ids)
    return [(rows[i].id, rows[i].text, rows[i].likes, rows[i].reply_count) for i in ids if i in rows]


def naive(run: EvalRun, case: DraftCase) -> dict[str, Any]:
    comments = naive_comments(run, case.creator)
    record: dict[str, Any] = {}
    started = time.monotonic()
    with run.meter.window(f"naive {case.id}") as window:
        draft, pasted, prompt, errors = naive_draft(run.meter, case.brief, comments, run.services.tokens, run.context_tokens)
    record["seconds"] = round(time.monotonic() - started, 2)
    record["model"] = window.summary()
    record["calls"] = [call.to_json() for call in window.records]
    record["errors"] = errors
    record["pasted"] = [{"number": c.number, "comment_id": c.comment_id, "likes": c.likes} for c in pasted]
    record["prompt"] = prompt
    record["draft"] = draft.model_dump() if draft is not None else None
    record["language"] = metrics.guess_language(draft.spoken_text()) if draft is not None else None
    if draft is not None:
        record["citations"] = citation_record(draft, {c.number for c in pasted})
    plant_ids = {p.store_id: p.id for p in run.plants}
    exposed = sorted({plant_ids[c.comment_id] for c in pasted if c.comment_id in plant_ids})
    record["injection"] = safety.verdict(run, draft, exposed, [], [])
    record["_pasted"] = pasted
    record["_draft"] = draft
    return record


def measure(run: EvalRun, cases: list[DraftCase], reserve_s: float) -> list[dict[str, Any]]:
    """Hookline and the naive baseline on each case; a case starts only if it and the judging of every case so far
    (`reserve_s` per case) still fit the budget."""
    from agent.schemas import ScriptDraft

    records = run.draft_records
    per_case: list[float] = []
    for index, case in enumerate(cases):
        earlier = run.done("drafts", case.id, needs="naive")
        if earlier is not None:
            records.append(earlier)
            continue
        estimate = max(per_case) if per_case else 0.0
        judging = reserve_s * (index + 1)  # judging the drafts made so far plus this one
        if per_case and run.left() - judging < estimate:
            run.skipped.append(f"draft cases {', '.join(c.id for c in cases[index:])} (time budget)")
            run.log(f"drafts: stopping before {case.id}: {run.left():.0f} s left, a case takes ~{estimate:.0f} s")
            break
        started = time.monotonic()
        own, other = brand.pick_kits(run, case, index)
        run.log(f"draft {index + 1}/{len(cases)} {case.id}: Hookline (kit {own})...")
        session = run.open_session(user=f"{USER}-{case.id}-{run.tag}", warm=True)
        try:
            hook = hookline_draft(run, session, case, own)
        finally:
            session.close()
        write_json(run.out / "drafts" / f"{case.id}.json", {"id": case.id, "brief": case.brief, "hookline": hook})
        run.log(f"  Hookline: {hook['seconds']:.0f} s, {len(hook['turns'])} turn(s), "
                f"{hook['model']['prompt_tokens']}+{hook['model']['completion_tokens']} tokens"
                + (f", ERROR {hook['error']}" if hook.get("error") else ""))
        run.log(f"draft {index + 1}/{len(cases)} {case.id}: naive baseline...")
        side = naive(run, case)
        run.log(f"  naive: {side['seconds']:.0f} s, {len(side['pasted'])} comments pasted, "
                f"{side['model']['prompt_tokens']}+{side['model']['completion_tokens']} tokens"
                + (f", errors {side['errors']}" if side["errors"] else ""))
        hook_draft = ScriptDraft.model_validate(hook["draft"]) if hook["draft"] else None
        hook["brand"] = brand.scores(run, hook_draft, own, other)
        side["brand"] = brand.scores(run, side["_draft"], own, other)
        record = {"id": case.id, "brief": case.brief, "creator": case.creator, "kit": own, "other_kit": other,
                  "hookline": hook, "naive": side}
        drafting.add_metrics(record, {item["id"]: item["text"] for item in hook.get("evidence", [])},
                             {c.number: c.text for c in side["_pasted"]}, run.services.embedder)
        records.append(record)
        save_draft(run.out, record)
        run.save_progress()
        per_case.append(time.monotonic() - started)
    return records


# ---------------------------------------------------------------- figures


def summary(records: list[dict[str, Any]], system: str, threshold: float) -> dict[str, Any]:
    """Every figure of one system's drafts; the sections add theirs (judge, brand, injection, cost)."""
    sides = [record[system] for record in records]
    produced = [side for side in sides if side.get("draft")]
    cites = [side["citations"] for side in produced if side.get("citations")]
    figures: dict[str, Any] = {
        "cases": len(sides), "drafts": len(produced),
        "failures": [record["id"] for record in records if not record[system].get("draft")],
        "parts": sum(c["parts"] for c in cites), "grounded_parts": sum(c["grounded_parts"] for c in cites),
        "citations": sum(c["citations"] for c in cites), "valid_citations": sum(c["valid"] for c in cites),
        "invalid_ids": sum(len(c["invalid_ids"]) for c in cites),
        "invalid_id_examples": sorted({i for c in cites for i in c["invalid_ids"]})[:8],
    }
    figures["grounded_share"] = metrics.share(figures["grounded_parts"], figures["parts"])
    failed_calls = [call for record in records if not record[system].get("draft") for call in record[system].get("calls", [])]
    figures["failure_errors"] = sorted({str(error).split(":")[0] for record in records if not record[system].get("draft")
                                        for error in [*record[system].get("errors", []), record[system].get("error") or ""] if error})
    figures["failed_calls_at_limit"] = sum(1 for call in failed_calls if call.get("schema") == "ScriptDraft"
                                           and call.get("server_completion_tokens", 0) >= 690)
    figures["failed_calls"] = sum(1 for call in failed_calls if call.get("schema") == "ScriptDraft")
    figures["max_ids_in_failed_output"] = max((len(re.findall(r"\b[CPI]\d+\b", call.get("output", ""))) for call in failed_calls),
                                              default=0)
    figures["grounded_share_per_draft"] = metrics.mean(
        c["grounded_parts"] / c["parts"] for c in cites if c["parts"]
    )
    if system == "hookline":
        figures["invalid_ids_before_review"] = sum(len(side.get("invalid_ids_before_review", [])) for side in sides)
        figures["raw_drafts"] = sum(side.get("raw_drafts", 0) for side in sides)
        figures["revised"] = sum(1 for side in sides if side.get("raw_drafts", 0) > 1)
    figures["languages"] = dict(Counter(side.get("language") or "?" for side in produced))
    figures["judge"] = grounding.figures(produced, threshold)
    figures["brand"] = brand.figures(produced)
    figures["injection"] = safety.figures(records, sides, produced, system)
    figures["cost"] = speed.draft_cost(sides, produced, system)
    return figures


# ---------------------------------------------------------------- reporting


def _failure(kind: str, figures: dict[str, Any]) -> dict[str, str | int]:
    """The values every "produced no draft" note shares."""
    at_limit = (fill(f"bad.drafts.{kind}_at_limit", at_limit=figures["failed_calls_at_limit"], attempts=figures["failed_calls"],
                     max_ids=figures["max_ids_in_failed_output"]) if figures["failed_calls_at_limit"] else "")
    return {"failed": len(figures["failures"]), "cases": figures["cases"], "ids": ", ".join(figures["failures"]),
            "errors": ", ".join(figures["failure_errors"]) or fill("bad.drafts.no_draft"), "limit": at_limit}


def hookline_notes(hook: dict[str, Any]) -> list[str]:
    """Hookline's failed cases, for "What is bad, and why"."""
    if not hook["failures"]:
        return []
    cause = fill("bad.drafts.hookline_cause_limit" if hook["failed_calls_at_limit"] else "bad.drafts.hookline_cause_unknown")
    return [fill("bad.drafts.hookline_failed", **_failure("hookline", hook), cause=cause)]


def naive_notes(naive: dict[str, Any] | None) -> list[str]:
    """The naive baseline's failed cases, for "What is bad, and why"."""
    if not (naive and naive["failures"]):
        return []
    return [fill("bad.drafts.naive_failed", **_failure("naive", naive))]
