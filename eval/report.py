"""Turn the run's records into figures (summary.json) and eval/RESULTS.md; `python -m eval.report` re-renders both.

Every number in the report is computed from the records of the run that writes it, by the section modules in
eval/sections/; every sentence is a block of eval/results_template.md, filled only from those figures (a
missing or unfilled placeholder raises), but for the drafting and screen sections of eval/drafting.py and
eval/injection.py. The commentary in "What is bad, and why" is generated from the same
figures and cases, each section contributing its items.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eval import drafting
from eval.sections import (
    brand,
    clarification,
    comment_themes,
    drafts,
    grounding,
    run_setup,
    safety,
    speed,
)
from eval.sections.brand import genre_note as _genre_note
from eval.sections.clarification import summary as clarification_summary
from eval.sections.comment_themes import summary as themes_summary
from eval.sections.common import SYSTEMS
from eval.sections.drafts import summary as draft_summary
from eval.sections.fmt import frac, num, pct
from eval.sections.speed import summary as speed_summary
from eval.sections.template import fill

__all__ = ["SYSTEMS", "_genre_note", "clarification_summary", "commentary", "draft_summary", "rebuild", "render",
           "speed_summary", "themes_summary", "write_report"]

REPO_ROOT = Path(__file__).resolve().parent.parent


def write_report(run: dict[str, Any], clarifications: list[dict[str, Any]], chat: list[dict[str, Any]],
                 drafts: list[dict[str, Any]], themes: list[dict[str, Any]], out: Path, path: Path) -> dict[str, Any]:
    threshold = run["cosine_threshold"]
    clar = clarification_summary(clarifications) if clarifications else None
    by_system = {system: draft_summary(drafts, system, threshold) for system in SYSTEMS} if drafts else {}
    theme_figures = themes_summary(themes) if themes else None
    speed_figures = speed_summary(clarifications, chat)
    summary = {"run": run, "clarification": clar, "drafts": by_system, "themes": theme_figures, "speed": speed_figures,
               "drafting": drafting.summarize(drafts) if drafts else None}
    path.write_text(render(summary, clarifications, out), encoding="utf-8")
    return summary


def render(summary: dict[str, Any], clar_records: list[dict[str, Any]], out: Path) -> str:
    run, clar, by_system = summary["run"], summary["clarification"], summary["drafts"]
    themes, speed_figures = summary["themes"], summary["speed"]
    try:
        results = str(out.resolve().relative_to(REPO_ROOT))
    except ValueError:
        results = str(out)
    lines = [run_setup.header(run, clar, by_system, results), ""]
    hook, naive = by_system.get("hookline"), by_system.get("naive")
    if hook and naive:
        lines += side_by_side(clar, hook, naive, themes, run)
    if clar:
        lines += [clarification.section(clar), ""]
    if hook and naive:
        lines += grounding.section(hook, naive, run)
        lines += brand.section(hook, naive, run)
        lines += drafting.section_from(summary["drafting"]) if summary.get("drafting") else []
        lines += safety.section(hook, naive, run)
        lines += speed.section(hook, naive, clar, speed_figures)
    elif speed_figures["chat_turns"]:
        lines += speed.section(None, None, clar, speed_figures)
    if themes:
        lines += comment_themes.section(themes)
    bad = commentary(run, clar, by_system, themes, speed_figures, clar_records) or [fill("bad.nothing")]
    lines += [fill("bad", items="\n".join(f"- {item}" for item in bad)), "", run_setup.reading_section(results)]
    return "\n".join(lines) + "\n"


def side_by_side(clar: dict[str, Any] | None, hook: dict[str, Any], naive: dict[str, Any], themes: dict[str, Any] | None,
                 run: dict[str, Any]) -> list[str]:
    """The headline table: each figure is defined, with its sample size, in its section."""
    values: dict[str, str | int] = {}
    for prefix, side in (("h", hook), ("n", naive)):
        values |= {
            f"{prefix}_drafts": frac(side["drafts"], side["cases"]), f"{prefix}_grounded": pct(side["grounded_share"]),
            f"{prefix}_judge": pct(side["judge"]["judge_share"]), f"{prefix}_proxy": pct(side["judge"]["proxy_share"]),
            f"{prefix}_invalid": side["invalid_ids"], f"{prefix}_own": num(side["brand"]["own_mean"]),
            f"{prefix}_other": num(side["brand"]["other_mean"]),
            f"{prefix}_violations": num(side["brand"]["violations_per_draft"], 2),
            f"{prefix}_obeyed": frac(side["injection"]["obeyed"], side["injection"]["drafts"]),
            f"{prefix}_prompt": num(side["cost"]["prompt_tokens_mean"], 0),
            f"{prefix}_completion": num(side["cost"]["completion_tokens_mean"], 0),
            f"{prefix}_seconds": num(side["cost"]["seconds_mean"], 0),
        }
    themes_rows = fill("side_by_side.themes", hookline=pct(themes["quotes_2"]["hookline"]["quoted_engagement_share"]),
                       unweighted=pct(themes["quotes_2"]["unweighted"]["quoted_engagement_share"])) if themes else ""
    return [fill("side_by_side", threshold=str(run["cosine_threshold"]), recall=pct(clar["recall"]) if clar else "n/a",
                 themes_rows=themes_rows, **values), ""]


def commentary(run: dict[str, Any], clar: dict[str, Any] | None, by_system: dict[str, dict[str, Any]],
               themes: dict[str, Any] | None, speed_figures: dict[str, Any], clar_records: list[dict[str, Any]]) -> list[str]:
    """The items of "What is bad, and why", section by section; the thresholds are in each section's notes."""
    bad = clarification.notes(clar, clar_records) if clar else []
    hook, naive = by_system.get("hookline"), by_system.get("naive")
    if hook and hook["drafts"]:
        bad += drafts.hookline_notes(hook)
        bad += grounding.hookline_notes(hook)
        bad += brand.notes(hook["brand"], naive)
        bad += safety.hookline_notes(hook["injection"], run)
        bad += speed.notes(hook["cost"], naive)
    bad += drafts.naive_notes(naive)
    bad += grounding.naive_notes(naive)
    bad += safety.naive_notes(naive)
    bad += comment_themes.notes(themes)
    bad += run_setup.notes(run)
    return bad


# ---------------------------------------------------------------- re-rendering a finished run


def rebuild(out: Path, path: Path) -> dict[str, Any]:
    """Write the report again from a finished run's saved records (after a change to the report code); no model runs."""
    saved = json.loads((out / "summary.json").read_text(encoding="utf-8"))

    def records(folder: str) -> list[dict[str, Any]]:
        return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / folder).glob("*.json"))]

    chat_file = out / "speed" / "chat_turns.json"
    chat = json.loads(chat_file.read_text(encoding="utf-8")) if chat_file.is_file() else []
    order = {case_id: index for index, case_id in enumerate(saved["run"].get("brief_order", []))}
    clarifications = sorted(records("clarification"), key=lambda r: order.get(r["id"], len(order)))
    summary = write_report(saved["run"], clarifications, chat, records("drafts"), records("themes"), out, path)
    (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    return summary


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(prog="python -m eval.report", description=rebuild.__doc__)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "eval" / "results")
    parser.add_argument("--report", type=Path, default=REPO_ROOT / "eval" / "RESULTS.md")
    arguments = parser.parse_args()
    rebuild(arguments.out, arguments.report)
    print(f"rewrote {arguments.report} from {arguments.out}")
