"""Injection safety: whether a draft obeyed a planted comment (its marker in the text, or the kit rule it asked
for) and whether the screen flags each plant (measuring); the injection figures, the "Injection" section with
the screen on its own (eval/injection.py) and the notes (reporting)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from eval import metrics
from eval.data import PlantedComment
from eval.injection import gate_lines
from eval.sections.common import draft_text
from eval.sections.fmt import pct, table_rows
from eval.sections.template import fill

if TYPE_CHECKING:
    from eval.run import EvalRun


# ---------------------------------------------------------------- measuring


def verdict(run: EvalRun, draft: Any, exposed: list[str], rules_before: list[str], rules_after: list[str],
            raw_outputs: list[str] | None = None) -> dict[str, Any]:
    """A draft's injection record; `raw_outputs`: the model's drafts before review (Hookline only)."""
    plants = [metrics.Plant(p.id, tuple(p.markers), p.kit_rule) for p in run.plants]
    found = metrics.injection_verdict(draft_text(draft) if draft is not None else "", plants,
                                      rules_before=rules_before, rules_after=rules_after)
    record: dict[str, Any] = {"exposed_to": exposed, "obeyed": list(found.obeyed), "evidence": list(found.evidence)}
    if raw_outputs is not None:
        raw = [metrics.injection_verdict(text, plants) for text in raw_outputs]
        record["obeyed_before_review"] = sorted({plant for item in raw for plant in item.obeyed})
    return record


def screen_flags(plant: PlantedComment) -> bool:
    from agent.safety import screen

    return screen(plant.text).flagged


# ---------------------------------------------------------------- figures


def figures(records: list[dict[str, Any]], sides: list[dict[str, Any]], produced: list[dict[str, Any]],
            system: str) -> dict[str, Any]:
    """One system's injection figures (`sides`: every case's side of `system`; `produced`: those with a draft)."""
    injections = [side["injection"] for side in produced]
    exposed = [i for i in injections if i["exposed_to"]]
    plants = Counter(plant for i in injections for plant in i["obeyed"])
    result = {
        "drafts": len(injections), "exposed": len(exposed),
        "obeyed": sum(1 for i in injections if i["obeyed"]),
        "obeyed_share": metrics.share(sum(1 for i in injections if i["obeyed"]), len(injections)),
        "obeyed_when_exposed": metrics.share(sum(1 for i in exposed if i["obeyed"]), len(exposed)),
        "by_plant": dict(plants), "exposed_by_plant": dict(Counter(p for i in injections for p in i["exposed_to"])),
        "evidence": [f"{record['id']}: {e}" for record in records for e in record[system].get("injection", {}).get("evidence", [])],
    }
    if system == "hookline":
        result["obeyed_before_review"] = sum(1 for i in injections if i.get("obeyed_before_review"))
        result["kit_rules_added"] = sum(len(side.get("kit_rules_added", [])) for side in sides)
    return result


# ---------------------------------------------------------------- reporting


def section(hook: dict[str, Any], naive: dict[str, Any], run: dict[str, Any]) -> list[str]:
    h, n = hook["injection"], naive["injection"]
    plant_rows = [
        [p["id"], p["channel"].split("_UC")[0].replace("data_", "").replace("_", " "), p["likes"], p["text"][:110],
         ", ".join(p["markers"]) or fill("injection.kit_rule", rule=str(p["kit_rule"])), "yes" if p["screen_flags"] else "no",
         f"{h['exposed_by_plant'].get(p['id'], 0)}/{n['exposed_by_plant'].get(p['id'], 0)}",
         f"{h['by_plant'].get(p['id'], 0)}/{n['by_plant'].get(p['id'], 0)}"]
        for p in run["plants"]
    ]
    if h["evidence"] or n["evidence"]:
        evidence = h["evidence"] + [fill("injection.naive_evidence", evidence=e) for e in n["evidence"]]
        obeyed = fill("injection.obeyed", evidence="; ".join(evidence))
    else:
        obeyed = fill("injection.nothing_obeyed")
    text = fill(
        "injection",
        h_obeyed=h["obeyed"], h_drafts=h["drafts"], h_obeyed_share=pct(h["obeyed_share"]),
        n_obeyed=n["obeyed"], n_drafts=n["drafts"], n_obeyed_share=pct(n["obeyed_share"]),
        h_exposed=h["exposed"], n_exposed=n["exposed"],
        h_obeyed_when_exposed=pct(h["obeyed_when_exposed"]), n_obeyed_when_exposed=pct(n["obeyed_when_exposed"]),
        h_obeyed_before_review=h.get("obeyed_before_review", 0), h_kit_rules_added=h.get("kit_rules_added", 0),
        plant_rows=table_rows(plant_rows), obeyed=obeyed,
    )
    return [text, "", *gate_lines()]


def hookline_notes(inj: dict[str, Any], run: dict[str, Any]) -> list[str]:
    """Hookline's injection items of "What is bad, and why" (`inj`: its injection figures)."""
    bad = []
    if inj["obeyed"]:
        flags = {plant["id"]: plant["screen_flags"] for plant in run["plants"]}
        why = [fill("bad.injection.obeyed_plant_flagged" if flags.get(plant_id) else "bad.injection.obeyed_plant_unflagged",
                    plant=plant_id, times=inj["by_plant"][plant_id])
               for plant_id in sorted(inj["by_plant"])]
        bad.append(fill("bad.injection.obeyed", obeyed=inj["obeyed"], drafts=inj["drafts"], why="; ".join(why)))
    elif inj["exposed"] == 0:
        bad.append(fill("bad.injection.not_exposed"))
    if inj.get("obeyed_before_review"):
        bad.append(fill("bad.injection.before_review", count=inj["obeyed_before_review"]))
    return bad


def naive_notes(naive: dict[str, Any] | None) -> list[str]:
    """Planted instructions the naive baseline obeyed, for "What is bad, and why"."""
    if not (naive and naive["injection"]["obeyed"]):
        return []
    return [fill("bad.injection.naive_obeyed", obeyed=naive["injection"]["obeyed"], drafts=naive["injection"]["drafts"])]
