"""Grounding: up to N citations per draft judged by the LLM judge and the embedding-cosine proxy with its
chance level (measuring); the judge figures, the "Grounding" section and its notes (reporting)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from eval import metrics
from eval.judge import judge_draft
from eval.sections.common import SYSTEMS, draft_parts, save_draft
from eval.sections.fmt import frac, num, pct
from eval.sections.template import fill

if TYPE_CHECKING:
    from eval.run import EvalRun


# ---------------------------------------------------------------- measuring


def judge(run: EvalRun, records: list[dict[str, Any]], pairs_per_draft: int, reserve_s: float) -> None:
    from agent.schemas import ScriptDraft

    embedder = run.services.embedder
    for record in records:
        for system in SYSTEMS:
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
                rows = run.store.comment_rows([c["comment_id"] for c in side["pasted"]])
                texts = {c["number"]: rows[c["comment_id"]].text for c in side["pasted"] if c["comment_id"] in rows}
                kinds = {number: "comment" for number in texts}
            pairs = metrics.citation_pairs(draft_parts(draft), texts)
            limit = pairs_per_draft
            if run.left() < reserve_s:
                limit = 0
                run.skipped.append(f"LLM judge for {system} {record['id']} (time budget; the cosine proxy still ran)")
            started = time.monotonic()
            with run.meter.window(f"judge {system} {record['id']}"):
                verdicts = judge_draft(run.meter if limit else None, embedder, pairs, kinds, texts,
                                       limit=limit or pairs_per_draft)
            side["judge"] = [verdict.to_json() for verdict in verdicts]
            side["judged_pairs_available"] = len(pairs)
            supported = sum(1 for v in verdicts if v.judge_supported)
            run.log(f"judge {record['id']} {system}: {supported}/{len(verdicts)} supported "
                    f"({len(pairs)} citations, {time.monotonic() - started:.0f} s)")
            save_draft(run.out, record)
            run.save_progress()


# ---------------------------------------------------------------- figures


def figures(produced: list[dict[str, Any]], threshold: float) -> dict[str, Any]:
    """One system's judge figures (`produced`: the sides that have a draft)."""
    verdicts = [v for side in produced for v in side.get("judge", [])]
    judged = [v for v in verdicts if v["judge_supported"] is not None]
    cosines = [v["cosine"] for v in verdicts if v["cosine"] is not None]
    chances = [v["chance_cosine"] for v in verdicts if v["chance_cosine"] is not None]
    result: dict[str, Any] = {
        "pairs": len(verdicts), "judged": len(judged), "judge_failed": len(verdicts) - len(judged) - sum(
            1 for v in verdicts if v["judge_reason"] == "(no judge in this run)"),
        "judge_supported": sum(1 for v in judged if v["judge_supported"]),
        "judge_share": metrics.share(sum(1 for v in judged if v["judge_supported"]), len(judged)),
        "proxy_supported": sum(1 for v in verdicts if v["proxy_supported"]),
        "proxy_share": metrics.share(sum(1 for v in verdicts if v["proxy_supported"]), len(verdicts)),
        "cosine_mean": metrics.mean(cosines), "chance_cosine_mean": metrics.mean(chances),
        "agreement": metrics.share(sum(1 for v in judged if v["judge_supported"] == v["proxy_supported"]), len(judged)),
    }
    by_kind: dict[str, list[bool]] = {}
    for verdict in judged:
        by_kind.setdefault(verdict.get("evidence_kind", "comment"), []).append(bool(verdict["judge_supported"]))
    result["by_kind"] = {kind: {"judged": len(values), "supported": sum(values)} for kind, values in sorted(by_kind.items())}
    result["example_insight"] = next((v["evidence_text"] for v in verdicts if v.get("evidence_kind") == "insight"), None)
    result["chance_share"] = metrics.share(sum(1 for c in chances if c >= threshold), len(chances))
    return result


# ---------------------------------------------------------------- reporting


def _by_kind(judge: dict[str, Any]) -> str:
    return ", ".join(f"{kind} {v['supported']}/{v['judged']}" for kind, v in judge["by_kind"].items()) or "n/a"


def _side_values(prefix: str, side: dict[str, Any]) -> dict[str, str | int]:
    judge = side["judge"]
    values: dict[str, str | int] = {
        "drafts": frac(side["drafts"], side["cases"]), "grounded_share": pct(side["grounded_share"]),
        "grounded_parts": side["grounded_parts"], "parts": side["parts"], "valid": side["valid_citations"],
        "citations": side["citations"], "invalid": side["invalid_ids"],
        "judge_share": pct(judge["judge_share"]), "judge_supported": judge["judge_supported"], "judged": judge["judged"],
        "judge_failed": judge["judge_failed"], "proxy_share": pct(judge["proxy_share"]),
        "proxy_supported": judge["proxy_supported"], "pairs": judge["pairs"],
        "cosine": num(judge["cosine_mean"], 2), "chance": num(judge["chance_cosine_mean"], 2),
        "chance_share": pct(judge["chance_share"]), "agreement": pct(judge["agreement"]), "by_kind": _by_kind(judge),
        "languages": ", ".join(f"{k} {v}" for k, v in side["languages"].items()),
    }
    return {f"{prefix}_{key}": value for key, value in values.items()}


def section(hook: dict[str, Any], naive: dict[str, Any], run: dict[str, Any]) -> list[str]:
    return [fill("grounding", judge_pairs=run["counts"]["judge_pairs"], embedder=run["model"]["embedder"],
                 threshold=str(run["cosine_threshold"]), **_side_values("h", hook), **_side_values("n", naive),
                 h_invalid_before=hook["invalid_ids_before_review"], h_revised=hook["revised"], h_drafted=hook["drafts"]), ""]


def hookline_notes(hook: dict[str, Any]) -> list[str]:
    """Hookline's grounding items of "What is bad, and why"."""
    bad = []
    judge = hook["judge"]
    if judge["judge_share"] is not None and judge["judge_share"] < 0.7:
        causes = []
        insight = judge["by_kind"].get("insight")
        if insight and insight["judged"] >= 0.3 * judge["judged"]:
            causes.append(fill("bad.grounding.cause_insight", insight_judged=insight["judged"], judged=judge["judged"],
                               insight_supported=insight["supported"], example=(judge["example_insight"] or "")[:90]))
        languages = hook["languages"]
        if languages.get("en", 0) > languages.get("es", 0):
            causes.append(fill("bad.grounding.cause_language", english=languages.get("en", 0), drafts=hook["drafts"]))
        causes.append(fill("bad.grounding.cause_judge"))
        bad.append(fill("bad.grounding.low_support", share=pct(judge["judge_share"]), judged=judge["judged"],
                        proxy_share=pct(judge["proxy_share"]), cosine=num(judge["cosine_mean"], 2),
                        chance=num(judge["chance_cosine_mean"], 2), by_kind=_by_kind(judge), causes="; ".join(causes)))
    cosine, chance = judge["cosine_mean"], judge["chance_cosine_mean"]
    if judge["judge_share"] is not None and judge["judge_share"] >= 0.7 and cosine is not None and \
            chance is not None and cosine <= chance + 0.05:
        bad.append(fill("bad.grounding.lenient", share=pct(judge["judge_share"]), cosine=num(cosine, 2), chance=num(chance, 2)))
    if cosine is not None and chance is not None and cosine - chance < 0.05:
        bad.append(fill("bad.grounding.loose_ids", cosine=num(cosine, 2), chance=num(chance, 2)))
    if hook.get("invalid_ids_before_review"):
        bad.append(fill("bad.grounding.invalid_before_review", before=hook["invalid_ids_before_review"],
                        shipped=hook["invalid_ids"]))
    if hook["grounded_share"] is not None and hook["grounded_share"] < 0.9:
        bad.append(fill("bad.grounding.ungrounded_parts", share=pct(hook["grounded_share"])))
    return bad


def naive_notes(naive: dict[str, Any] | None) -> list[str]:
    """Citation ids the naive drafts made up, for "What is bad, and why"."""
    if not (naive and naive["drafts"] and naive["invalid_ids"]):
        return []
    return [fill("bad.grounding.naive_invalid", invalid=naive["invalid_ids"],
                 examples=", ".join(naive["invalid_id_examples"][:4]))]
