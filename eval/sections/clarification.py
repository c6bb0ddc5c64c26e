"""Clarification: every labelled brief sent on a fresh thread and stopped where research would begin
(measuring); precision and recall of "asked about the missing slot", the section and its notes (reporting)."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

from agent.brief_parsing import MAX_QUOTE_WORDS
from eval import metrics
from eval.cases import BriefCase
from eval.sections.common import write_json
from eval.sections.fmt import frac, num, pct, table_rows
from eval.sections.template import fill

if TYPE_CHECKING:
    from eval.run import EvalRun


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


# ---------------------------------------------------------------- measuring


def measure(run: EvalRun, briefs: list[BriefCase], seconds: float) -> list[dict[str, Any]]:
    """Every brief, within `seconds` (the rest are listed as skipped; briefs alternate complete/incomplete)."""
    from agent.events import TokenEvent

    session = run.open_session(research=StopAtResearch())
    records: list[dict[str, Any]] = []
    until = time.monotonic() + seconds
    for number, case in enumerate(briefs, start=1):
        if records and time.monotonic() + (metrics.mean(r["seconds"] for r in records) or 0.0) > until:
            run.skipped.append(f"briefs {', '.join(c.id for c in briefs[number - 1:])} (clarification's share of the budget)")
            run.log(f"clarify: stopping before {case.id} (its share of the time budget is used)")
            break
        earlier = run.done("clarification", case.id)
        if earlier is not None:
            records.append(earlier)
            continue
        thread = f"clarify-{case.id}-{run.tag}"

        def stop_on_reply(event: Any) -> None:
            if isinstance(event, TokenEvent):
                raise StopHere("reply")  # the brief was not read as a draft request

        record: dict[str, Any] = {"id": case.id, "text": case.text, "missing": list(case.missing)}
        started = time.monotonic()
        with run.meter.window(f"clarify {case.id}") as window:
            try:
                result = session.send(thread, case.text, on_event=stop_on_reply)
                record["stopped"] = "questions" if result.questions else "no questions"
                questions = result.questions
            except StopHere as stop:
                record["stopped"] = f"at {stop.args[0]} (no questions)"
                questions = []
            except Exception as error:  # noqa: BLE001 - a failed turn is a result too
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
        write_json(run.out / "clarification" / f"{case.id}.json", record)
        run.save_progress()
        run.log(f"clarify {number}/{len(briefs)} {case.id}: missing {case.missing or '-'} asked {record['asked'] or '-'} "
                f"({record['seconds']:.1f} s)")
    session.close()
    return records


# ---------------------------------------------------------------- figures


def summary(records: list[dict[str, Any]]) -> dict[str, Any]:
    scores = metrics.clarification_scores((r["missing"], r["asked"]) for r in records)
    per_slot: dict[str, dict[str, list[str]]] = {}
    for slot in metrics.SLOTS:
        per_slot[slot] = {
            "asked_when_missing": [r["id"] for r in records if slot in r["missing"] and slot in r["asked"]],
            "not_asked_when_missing": [r["id"] for r in records if slot in r["missing"] and slot not in r["asked"]],
            "asked_when_known": [r["id"] for r in records if slot not in r["missing"] and slot in r["asked"]],
        }
    seconds = [r["seconds"] for r in records]
    value_chars = output_chars = 0
    for record in records:
        for output in record.get("model_outputs", []):
            try:
                data = json.loads(output)
            except ValueError:
                continue
            if isinstance(data, dict):
                output_chars += len(output)
                value_chars += sum(len(str(slot.get("value", ""))) for slot in data.values() if isinstance(slot, dict))
    return {
        "known_asked_causes": known_asked_causes(records),
        "value_share_of_output": metrics.share(value_chars, output_chars),
        "briefs": len(records), "precision": scores.precision, "recall": scores.recall,
        "recall_within_cap": scores.recall_within_cap, "f1": scores.f1, "tp": scores.true_positives,
        "fp": scores.false_positives, "fn": scores.false_negatives, "tn": scores.true_negatives,
        "missing_slots": scores.missing_slots, "askable_missing": scores.askable_missing,
        "questions": scores.questions, "questions_about_known": scores.questions_about_known,
        "complete_briefs": scores.complete_briefs, "complete_briefs_asked": scores.complete_briefs_asked,
        "incomplete_briefs": scores.incomplete_briefs, "incomplete_briefs_asked": scores.incomplete_briefs_asked,
        "per_slot": per_slot, "errors": [r["id"] for r in records if r.get("error")],
        "not_draft_intent": [r["id"] for r in records if r.get("intent") not in (None, "draft")],
        "seconds_mean": metrics.mean(seconds), "seconds_median": metrics.median(seconds),
        "seconds_p90": metrics.percentile(seconds, 90),
        "prompt_tokens_mean": metrics.mean(r["model"]["prompt_tokens"] for r in records),
        "completion_tokens_mean": metrics.mean(r["model"]["completion_tokens"] for r in records),
    }


def known_asked_causes(records: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Why a stated slot was asked anyway, from the model's own quote for it (slots the model reads: audience, goal)."""
    from agent.brief_parsing import quote_occurs
    from core import prompts

    instructions = prompts.render("agent_understand", request="")
    causes: dict[str, list[str]] = {}
    for record in records:
        for slot in record["asked"]:
            if slot in record["missing"] or slot == "platform":
                continue
            quote = ""
            for output in record.get("model_outputs", []):
                try:
                    quote = str(json.loads(output).get(slot, {}).get("quote", ""))
                except (ValueError, AttributeError):
                    continue
            # The causes are keys of summary.json's figures, so they are worded here rather than in the template.
            if not quote.strip():
                cause = "the model left the quote empty"
            elif quote_occurs(quote, instructions) and not quote_occurs(quote, record["text"]):
                cause = "the model copied an example from the prompt's instructions"
            elif not quote_occurs(quote, record["text"]):
                cause = "the quote is not in the brief"
            else:
                cause = "the quote was dropped as too long or shared with another slot"
            causes.setdefault(cause, []).append(f"{record['id']} {slot} \"{quote}\"")
    return causes


# ---------------------------------------------------------------- reporting


def section(clar: dict[str, Any]) -> str:
    slot_rows = []
    for slot in metrics.SLOTS:
        data = clar["per_slot"][slot]
        slot_rows.append([slot, len(data["asked_when_missing"]), len(data["not_asked_when_missing"]) and
                          f"{len(data['not_asked_when_missing'])} ({', '.join(data['not_asked_when_missing'])})" or 0,
                          len(data["asked_when_known"]) and f"{len(data['asked_when_known'])} ({', '.join(data['asked_when_known'])})" or 0])
    return fill(
        "clarification",
        briefs=clar["briefs"], complete=clar["complete_briefs"], incomplete=clar["incomplete_briefs"],
        precision=pct(clar["precision"]), tp=clar["tp"], asked=clar["tp"] + clar["fp"], recall=pct(clar["recall"]),
        missing=clar["missing_slots"], recall_within_cap=pct(clar["recall_within_cap"]), askable=clar["askable_missing"],
        f1=pct(clar["f1"]), known=clar["questions_about_known"], questions=clar["questions"],
        complete_asked=frac(clar["complete_briefs_asked"], clar["complete_briefs"]),
        incomplete_asked=frac(clar["incomplete_briefs_asked"], clar["incomplete_briefs"]),
        median=num(clar["seconds_median"]), p90=num(clar["seconds_p90"]), slot_rows=table_rows(slot_rows),
    )


def _slot_diagnosis(records: list[dict[str, Any]], ids: list[str], slot: str) -> list[str]:
    by_id = {r["id"]: r for r in records}
    notes = []
    for case_id in ids:
        record = by_id[case_id]
        brief = record.get("brief_read") or {}
        value = brief.get(slot)
        source = (brief.get("sources") or {}).get(slot)
        if record.get("intent") not in (None, "draft"):
            notes.append(fill("bad.clarification.not_draft", case=case_id, intent=str(record.get("intent"))))
        elif record.get("error"):
            notes.append(fill("bad.clarification.failed", case=case_id, error=record["error"][:120]))
        elif value:
            notes.append(fill("bad.clarification.read_as", case=case_id, text=record["text"], slot=slot, value=str(value),
                              source=str(source)))
        else:
            notes.append(fill("bad.clarification.left_empty", case=case_id, slot=slot))
    return notes


def notes(clar: dict[str, Any], records: list[dict[str, Any]]) -> list[str]:
    """Clarification's items of "What is bad, and why"."""
    bad: list[str] = []
    if not clar["briefs"]:
        return bad
    recall, precision = clar["recall"], clar["precision"]
    if recall is not None and recall < 0.9:
        misses = [f"{slot} {len(ids)}×" for slot in metrics.SLOTS if (ids := clar["per_slot"][slot]["not_asked_when_missing"])]
        details = [note for slot in metrics.SLOTS
                   for note in _slot_diagnosis(records, clar["per_slot"][slot]["not_asked_when_missing"], slot)]
        bad.append(fill("bad.clarification.recall", recall=pct(recall), misses=", ".join(misses),
                        cases="; ".join(details[:8]) + ("; …" if len(details) > 8 else "")))
    if precision is not None and precision < 0.9 or clar["questions_about_known"]:
        known = [f"{i} ({slot})" for slot in metrics.SLOTS for i in clar["per_slot"][slot]["asked_when_known"]]
        bad.append(fill(
            "bad.clarification.known", known=clar["questions_about_known"], questions=clar["questions"],
            precision=pct(precision), known_ids=", ".join(known[:10]), max_quote_words=MAX_QUOTE_WORDS,
            causes="; ".join(f"{cause} ({len(items)}×: {', '.join(items[:4])})"
                             for cause, items in clar["known_asked_causes"].items())))
    if clar["seconds_median"] and clar["seconds_median"] > 5 and clar["value_share_of_output"]:
        bad.append(fill("bad.clarification.slow", seconds=num(clar["seconds_median"]),
                        completion_tokens=num(clar["completion_tokens_mean"], 0), value_share=pct(clar["value_share_of_output"])))
    if clar["not_draft_intent"]:
        bad.append(fill("bad.clarification.not_draft_intent", ids=", ".join(clar["not_draft_intent"])))
    return bad
