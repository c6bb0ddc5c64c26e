"""Repurposing, measured: citations kept, brand score and length limits met, per format, over drafts.

Input: the drafts `make eval` wrote (eval/results/drafts/*.json: Hookline's draft and its evidence
per case, with the case's brand kit), or any folder of `hookline draft --json` files (--drafts).
For each draft and format it measures the assembled version (the script's own parts, no model)
and, with --rewrite, the chat model's rewrite as `tools.repurpose` keeps or sets it aside, and the
**baseline**: the free-text "Repurpose" prompt the chat's button sent before tools.repurpose
(eval/repurpose_baseline_prompt.md), whose citations kept are counted from [n]/id marks it carries
(it is given none).

    .venv/bin/python -m eval.repurpose                    # assembled only: no model, seconds
    .venv/bin/python -m eval.repurpose --rewrite          # + rewrite and baseline on the chat model

Brand scores use the kit's rules and its examples' style when the kit is in a store (as in
`make eval`); here the shipped kits are read from brandkits/*.yaml, so scores are rules-only
unless --store-home names a HOOKLINE_HOME that holds them. Writes eval/results/repurpose.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

EVAL_DIR = Path(__file__).resolve().parent
REPO_ROOT = EVAL_DIR.parent
BASELINE_TARGETS = {  # what the old button asked the model for, per format
    "caption": "a LinkedIn post (short paragraphs, no hashtags wall, a question at the end)",
    "thread": "an X thread of 3 to 5 numbered posts, each under 280 characters",
    "voice_read": "a podcast or voice-over read, spoken naturally, about 45 seconds",
    "email_teaser": "a newsletter blurb of 2 to 3 sentences with one clear link placeholder [LINK]",
}


def load_sources(folder: Path) -> list[tuple[str, Any, str | None]]:
    """(case id, ScriptSource, kit name) for every usable draft in `folder`."""
    from agent.brief_parsing import match_platform
    from agent.schemas import Citation, ScriptDraft
    from tools.repurpose.models import ScriptSource
    from tools.repurpose.source import _language, from_json, platform_key

    found = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        hook = data.get("hookline") if isinstance(data, dict) else None
        if isinstance(hook, dict):  # a make-eval record
            if not hook.get("draft"):
                continue
            draft = ScriptDraft.model_validate(hook["draft"])
            evidence = {item["id"]: item for item in hook.get("evidence", [])}
            ids = list(dict.fromkeys(i for _n, part in draft.parts() for i in part.evidence if i in evidence))
            citations = [Citation(number=n, id=i, kind=evidence[i]["kind"], text=evidence[i]["text"],
                                  source_id=evidence[i].get("source_id", "")) for n, i in enumerate(ids, start=1)]
            platform = platform_key(match_platform(str(data.get("brief", ""))))
            source = ScriptSource(draft=draft, citations=citations, platform=platform, language=_language(draft),
                                  brand=data.get("kit"))
            found.append((str(data.get("id", path.stem)), source, data.get("kit")))
        elif isinstance(data, dict) and data.get("draft"):
            source = from_json(data, path.name)
            found.append((path.stem, source, source.brand))
    return found


def baseline(model: Any, source: Any, kind: str, brand_summary: str) -> str:
    """The old Repurpose button: one free-text prompt (eval/repurpose_baseline_prompt.md)."""
    from eval.judge import render

    prompt = render("repurpose_baseline_prompt", target_description=BASELINE_TARGETS[kind], brand_summary=brand_summary,
                    script=source.draft.spoken_text())
    return model.chat([{"role": "user", "content": prompt}], max_tokens=500).text.strip()


def baseline_limits_met(kind: str, text: str, source: Any) -> bool:
    from tools.repurpose.limits import (
        EMAIL_BODY,
        THREAD_POST,
        THREAD_POSTS,
        caption_limit,
        voice_limit,
    )
    from tools.voice.pace import estimate_seconds

    if kind == "caption":
        return len(text) <= caption_limit(source.platform).max_value
    if kind == "thread":
        posts = [block for block in re.split(r"\n\s*\n|\n(?=\d+[/.)])", text) if block.strip()]
        return len(posts) <= THREAD_POSTS.max_value and all(len(post.strip()) <= THREAD_POST.max_value for post in posts)
    if kind == "voice_read":
        return estimate_seconds(text, source.platform, source.language) <= voice_limit(source.platform).max_value
    return len(text) <= EMAIL_BODY.max_value


def baseline_citations_kept(text: str, source: Any) -> float:
    wanted = source.cited_ids()
    if not wanted:
        return 1.0
    marks = set(re.findall(r"\[([A-Z]{0,2}\d+)\]", text))
    kept = [i for i in wanted if i in marks or str(source.number_of(i)) in marks]
    return round(len(kept) / len(wanted), 3)


def _mean(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 3) if values else None


def evaluate(folder: Path, *, rewrite: bool, store_home: Path | None, model: Any = None,
             max_drafts: int | None = None) -> dict[str, Any]:
    """Rows per (draft, system, format) and their means. `model` overrides the configured chat model (tests)."""
    from core.services import Services
    from core.settings import Settings
    from tools.brandkit.store import BrandKitStore, kit_from_yaml
    from tools.repurpose.checks import BrandGate, run_checks
    from tools.repurpose.models import FORMAT_KINDS
    from tools.repurpose.run import repurpose

    sources = load_sources(folder)[:max_drafts]
    services = Services(Settings(_env_file=None, home=store_home) if store_home else Settings())
    store = BrandKitStore.open(services) if store_home else None
    shipped = {path.stem: path for path in (REPO_ROOT / "brandkits").glob("*.yaml")}
    if rewrite and model is None:
        model = services.chat_model
    if not rewrite:
        model = None
    rows: list[dict[str, Any]] = []
    try:
        for case_id, source, kit_name in sources:
            kit = None
            if kit_name and store is not None:
                kit = store.get(kit_name)
            elif kit_name in shipped:
                kit = kit_from_yaml(shipped[kit_name].read_text(encoding="utf-8"))
            gate = BrandGate(kit=kit, store=store) if kit is not None else None
            systems = {"assembled": repurpose(source, brand=gate)}
            if model is not None:
                systems["rewrite"] = repurpose(source, brand=gate, model=model, brand_summary=kit.summary() if kit else "")
            for system, result in systems.items():
                for fmt in result.formats:
                    checks = fmt.checks or run_checks(fmt, source, gate)
                    rows.append({"case": case_id, "system": system, "format": fmt.kind, "method": fmt.method,
                                 "citations_kept": checks.citations_kept, "limits_met": checks.limits_met,
                                 "brand_score": checks.brand_score, "brand_passed": checks.brand_passed})
            if model is not None:
                for kind in FORMAT_KINDS:
                    text = baseline(model, source, kind, kit.summary() if kit else "")
                    score = gate.check(text).score if gate is not None and text else None
                    rows.append({"case": case_id, "system": "baseline", "format": kind, "method": "free text",
                                 "citations_kept": baseline_citations_kept(text, source),
                                 "limits_met": baseline_limits_met(kind, text, source), "brand_score": score,
                                 "brand_passed": None})
    finally:
        services.close()
    summary: dict[str, Any] = {}
    for system in dict.fromkeys(row["system"] for row in rows):
        for kind in FORMAT_KINDS:
            group = [row for row in rows if row["system"] == system and row["format"] == kind]
            if not group:
                continue
            summary[f"{system}/{kind}"] = {
                "drafts": len(group),
                "citations_kept": _mean([row["citations_kept"] for row in group]),
                "limits_met": _mean([1.0 if row["limits_met"] else 0.0 for row in group]),
                "brand_score": _mean([row["brand_score"] for row in group if row["brand_score"] is not None]),
                "rewrites_kept": _mean([1.0 if row["method"] == "rewritten" else 0.0 for row in group]) if system == "rewrite" else None,
            }
    return {"drafts": len(sources), "folder": str(folder), "summary": summary, "rows": rows}


SYSTEM_NAMES = {"assembled": "assembled (no model)", "rewrite": "model rewrite, kept only if it passes the checks",
                "baseline": "old free-text prompt (baseline)"}


def report_markdown(report: dict[str, Any], *, load: tuple[float, float, float], seconds: float, when: str) -> str:
    """eval/REPURPOSE_RESULTS.md: every figure from `report`, nothing typed in by hand."""
    from tools.repurpose.models import FORMAT_LABELS

    lines = [
        "# Repurposing: citations kept, length limits met, brand score",
        "",
        f"Written by `python -m eval.repurpose` on {when} (UTC) from {report['drafts']} drafts in "
        f"`{os.path.relpath(report['folder'], REPO_ROOT)}` "
        f"(Hookline's drafts of the last `make eval`). Wall time {seconds / 60:.1f} min; load average at the end "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on 2 cores. Per-format rows are in eval/results/repurpose.json.",
        "",
        "Citations kept: the share of the script's cited ids that the format still cites (the baseline is given no ids, "
        "so it keeps only those it happens to write as [n]). Limits met: every hard limit of the platform "
        "(tools/repurpose/limits.py). Brand score: `brand check` of the publishable text against the draft's kit. "
        "Rewrites kept: the share of model rewrites that passed every check (the rest fell back to the assembled "
        "version, with a note saying why).",
        "",
        "| system | format | drafts | citations kept | limits met | brand score (mean) | rewrites kept |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, row in report["summary"].items():
        system, kind = key.split("/", 1)
        cells = [f"{row['citations_kept']:.0%}" if row["citations_kept"] is not None else "-",
                 f"{row['limits_met']:.0%}" if row["limits_met"] is not None else "-",
                 f"{row['brand_score']:.1f}" if row["brand_score"] is not None else "-",
                 f"{row['rewrites_kept']:.0%}" if row["rewrites_kept"] is not None else "-"]
        lines.append(f"| {SYSTEM_NAMES.get(system, system)} | {FORMAT_LABELS.get(kind, kind)} | {row['drafts']} | "
                     + " | ".join(cells) + " |")
    if not any(key.startswith("rewrite/") for key in report["summary"]):
        lines += ["", "The model rewrite and the baseline were not run (run with `--rewrite`)."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.repurpose", description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=Path, default=EVAL_DIR / "results" / "drafts",
                        help="a folder of make-eval draft records or `hookline draft --json` files")
    parser.add_argument("--rewrite", action="store_true", help="also run the model rewrite and today's baseline")
    parser.add_argument("--store-home", type=Path, help="a HOOKLINE_HOME whose brand kits to use (style scores too)")
    parser.add_argument("--out", type=Path, default=EVAL_DIR / "results" / "repurpose.json")
    parser.add_argument("--report", type=Path, default=EVAL_DIR / "REPURPOSE_RESULTS.md", help="the markdown report")
    parser.add_argument("--max-drafts", type=int, default=None, help="measure only the first N drafts")
    args = parser.parse_args(argv)
    if not args.drafts.is_dir():
        print(f"eval.repurpose: {args.drafts} is not a folder of drafts; run `make eval` first or pass --drafts DIR.", file=sys.stderr)
        return 2
    started = time.monotonic()
    report = evaluate(args.drafts, rewrite=args.rewrite, store_home=args.store_home, max_drafts=args.max_drafts)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    when = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    args.report.write_text(report_markdown(report, load=os.getloadavg(), seconds=time.monotonic() - started, when=when),
                           encoding="utf-8")
    print(f"{report['drafts']} drafts from {report['folder']}")
    print(f"{'system/format':<28} {'n':>3} {'citations kept':>15} {'limits met':>11} {'brand score':>12} {'rewrites kept':>14}")
    for key, row in report["summary"].items():
        cells = [row["citations_kept"], row["limits_met"], row["brand_score"], row["rewrites_kept"]]
        shown = ["-" if cell is None else f"{cell:.2f}" if isinstance(cell, float) and cell <= 1 else f"{cell:.1f}" for cell in cells]
        print(f"{key:<28} {row['drafts']:>3} {shown[0]:>15} {shown[1]:>11} {shown[2]:>12} {shown[3]:>14}")
    print(f"Wrote {args.out} and {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
