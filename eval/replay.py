"""Re-draft the saved eval cases from the evidence their research found, to measure the drafting step on its own.

`make eval` runs the whole agent (brief reading, research, angle, drafting) beside a naive baseline, which takes over
an hour on 2 cores. A change to the drafting pipeline does not change what research finds, so this command feeds each
case's recorded evidence (eval/results/drafts/<case>.json) straight into the draft node with the real embedded model,
the real embedder and the shipped brand kits, and reports the issue-10 figures for the new drafts beside the figures
the recorded drafts had. Every draft is printed in full in the report, so a reader can judge them.

    python -m eval.replay                 # all recorded cases -> eval/REPLAY_RESULTS.md, eval/results/replay/
    python -m eval.replay --cases D01,D09 --report /tmp/replay.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from eval.data import eval_settings, import_kits
from eval.drafting import evaluate_draft

EVAL_DIR = Path(__file__).resolve().parent
REPO_ROOT = EVAL_DIR.parent
USER = "eval"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m eval.replay", description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default="", help="comma-separated case ids (default: every recorded case)")
    parser.add_argument("--results", type=Path, default=EVAL_DIR / "results", help="the eval run to replay")
    parser.add_argument("--report", type=Path, default=EVAL_DIR / "REPLAY_RESULTS.md")
    parser.add_argument("--home", type=Path, default=None, help="HOOKLINE_HOME to use (default: a fresh temp folder)")
    parser.add_argument("--think-s", type=float, default=0.0,
                        help="seconds the user takes to pick the angle: the script's opening is sent ahead first, as the "
                             "session does while the angle question waits (default 0: drafting starts cold)")
    return parser.parse_args(argv)


def spoken(draft: dict[str, Any]) -> str:
    parts = [draft["hook"], draft["selling_point"], *draft.get("beats", []), draft["call_to_action"]]
    return " ".join(part["text"] for part in parts)


def replay_case(record: dict[str, Any], case: dict[str, Any], services: Any, brands: Any, think_s: float = 0.0) -> dict[str, Any]:
    from agent.context import AgentContext
    from agent.events import PartEvent
    from agent.nodes.draft import draft_script, warm_drafting
    from agent.schemas import Brief, EvidenceItem
    from agent.state import AgentState

    evidence = [EvidenceItem(**item) for item in record["hookline"]["evidence"]]
    answers = case.get("answers", {})
    brief = Brief(request=case["brief"], platform=answers.get("platform"), audience=answers.get("audience"),
                  goal=answers.get("goal"))
    state = AgentState(request=case["brief"], brief=brief, evidence=evidence, brand=record["kit"],
                       angle_choice="You decide", intent="draft")
    parts: list[float] = []
    started = 0.0

    def on_event(event: Any) -> None:
        if isinstance(event, PartEvent):
            parts.append(round(time.monotonic() - started, 2))

    ctx = AgentContext(chat_model=services.chat_model, tokens=services.tokens, research=None,  # type: ignore[arg-type]
                       brands=brands, user=USER, context_tokens=services.settings.context_tokens,
                       embedder=services.embedder, on_event=on_event)
    if think_s > 0:
        # What AgentSession does when it asks the angle question, then the user's pause before answering.
        warm_started = time.monotonic()
        warm_drafting(state, ctx)
        time.sleep(max(0.0, think_s - (time.monotonic() - warm_started)))
    started = time.monotonic()
    result = draft_script(state, SimpleNamespace(context=ctx))
    seconds = round(time.monotonic() - started, 2)
    draft = result["draft"].model_dump(mode="json")
    text = spoken(draft)
    return {
        "id": case["id"], "brief": case["brief"], "kit": record["kit"], "other_kit": record["other_kit"],
        "draft": draft, "fixed": result["draft_fixed"], "open": result["draft_open"],
        "first_part_s": parts[0] if parts else None, "part_times_s": parts, "seconds": seconds,
        "prompt_tokens": result["prompt_tokens"],
        "brand": {"own": brands.check(record["kit"], text)["score"], "other": brands.check(record["other_kit"], text)["score"]},
        "drafting": evaluate_draft(draft, {item.id: item.text for item in evidence}, case["brief"], record["kit"],
                                   services.embedder),
    }


def _mean(values: list[float | None]) -> float | None:
    known = [value for value in values if value is not None]
    return round(statistics.mean(known), 3) if known else None


def figures(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """The issue-10 figures of a set of drafts (`drafting`, `brand`, timing keys as replay_case writes them)."""
    drafting = [entry["drafting"] for entry in entries if entry.get("drafting")]
    cited = sum(figure["cited_parts"] for figure in drafting)
    return {
        "drafts": len(drafting),
        "support_margin": _mean([figure["support_margin"] for figure in drafting]),
        "passing": f"{round(100 * sum(f['passing_parts'] for f in drafting) / cited)}% of {cited}" if cited else "n/a",
        "cited_parts": f"{sum(f['cited_parts'] for f in drafting)}/{sum(f['parts'] for f in drafting)}",
        "degenerate": sum(figure["degenerate"] for figure in drafting),
        "repeated": sum(bool(figure["repeated_parts"]) for figure in drafting),
        "copied": sum(bool(figure["copied_runs"]) for figure in drafting),
        "duration_off": sum(not figure["duration_ok"] for figure in drafting),
        "language_off": sum(not figure["in_language"] for figure in drafting),
        "own": _mean([entry["brand"]["own"] for entry in entries if entry.get("brand")]),
        "gap": _mean([entry["brand"]["own"] - entry["brand"]["other"] for entry in entries if entry.get("brand")]),
        "first_part_s": _mean([entry.get("first_part_s") for entry in entries]),
        "seconds": _mean([entry.get("seconds") for entry in entries]),
        "prompt_tokens": _mean([entry.get("prompt_tokens") for entry in entries]),
    }


def recorded(record: dict[str, Any]) -> dict[str, Any]:
    """The recorded Hookline draft's figures in replay_case's shape (its brand scores are on spoken + on-screen text)."""
    hook = record["hookline"]
    brand = hook.get("brand") or {}
    own, other = (brand.get("own") or {}).get("score"), (brand.get("other") or {}).get("score")
    turns = [turn for turn in hook.get("turns") or [] if turn.get("first_part_s") is not None]
    return {"drafting": hook.get("drafting"), "brand": {"own": own, "other": other} if own is not None else None,
            "first_part_s": turns[-1]["first_part_s"] if turns else None, "seconds": turns[-1]["seconds"] if turns else None,
            "prompt_tokens": (hook.get("model") or {}).get("prompt_tokens")}


ROWS = (  # label, key, goal, decimals for numbers
    ("support: cited minus uncited cosine", "support_margin", "≥ +0.10", 3),
    ("parts whose citation passes the support check", "passing", "≥ 90%", 0),
    ("parts with a citation", "cited_parts", "", 0),
    ("degenerate drafts (any of the four below)", "degenerate", "0", 0),
    ("  near-identical parts", "repeated", "0", 0),
    ("  8+ words copied from the kit", "copied", "0", 0),
    ("  spoken duration outside ±15%", "duration_off", "0", 0),
    ("  not in the brief's language", "language_off", "0", 0),
    ("brand: own-kit score", "own", "≥ 80", 1),
    ("brand: own kit minus other kit", "gap", "≥ +15", 1),
    ("first part visible after the angle (s)", "first_part_s", "≤ 10", 1),
    ("whole draft (s)", "seconds", "≤ 30", 1),
    ("prompt tokens per draft (tiktoken, every request)", "prompt_tokens", "≤ naive", 0),
)


def _cell(value: Any, decimals: int) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:,.{decimals}f}"
    return str(value)


def write_report(path: Path, entries: list[dict[str, Any]], before: list[dict[str, Any]], meta: dict[str, Any]) -> None:
    now, then = figures(entries), figures(before)
    lines = [
        "# Drafting replay: the recorded eval cases re-drafted from their evidence",
        "",
        f"Written by `python -m eval.replay` on {meta['date']} (UTC) from the cases in `{meta['results']}` "
        f"(the `make eval` run of {meta['recorded_date']}). Each case's evidence, as its research found it, goes straight "
        "into the draft node with the embedded model, the embedder and the shipped kits; brief reading, research and the "
        "angle question are not re-run (\"you decide\" picks the angle). Brand scores here are on the spoken text; the "
        "recorded column's are on spoken plus on-screen text, as eval/run.py scores them.",
        "",
        f"Machine: {meta['machine']}; load average {meta['load_start']} at the start, {meta['load_end']} at the end; "
        f"{meta['minutes']} min for {len(entries)} drafts. "
        + (f"The user took {meta['think_s']} s to pick each angle, and the script's opening was sent ahead while they did "
           "(as the session does); times run from their answer." if meta["think_s"] else
           "Drafting starts cold, as if the angle were picked the instant it was asked."),
        "",
        "| figure | recorded run | this replay | goal |",
        "|---|---|---|---|",
    ]
    for label, key, goal, decimals in ROWS:
        lines.append(f"| {label} | {_cell(then[key], decimals)} | {_cell(now[key], decimals)} | {goal} |")
    lines += ["", "## The drafts", ""]
    for entry in entries:
        draft, figure = entry["draft"], entry["drafting"] or {}
        flags = [name for name, bad in (("near-identical parts", figure.get("repeated_parts")),
                                        ("copied kit text", figure.get("copied_runs")),
                                        ("off length", not figure.get("duration_ok", True)),
                                        ("wrong language", not figure.get("in_language", True))) if bad]
        lines += [f"### {entry['id']} ({entry['kit']}): {entry['brief']}", "",
                  f"Angle: {draft['angle']}", ""]
        named = [("Hook", draft["hook"]), ("Selling point", draft["selling_point"]),
                 *((f"Beat {i}", beat) for i, beat in enumerate(draft.get("beats", []), start=1)),
                 ("Call to action", draft["call_to_action"])]
        for name, part in named:
            cites = f" [{', '.join(part['evidence'])}]" if part.get("evidence") else ""
            lines.append(f"- **{name}:** {part['text']}{cites}{' ⚑' if part.get('flagged') else ''}")
        lines += ["", f"{figure.get('spoken_s')} s spoken of {figure.get('target_s')} s; first part after "
                      f"{entry['first_part_s']} s, whole draft {entry['seconds']} s; brand {entry['brand']['own']} own / "
                      f"{entry['brand']['other']} other; {'degenerate: ' + ', '.join(flags) if flags else 'not degenerate'}.",
                  ""]
        if entry["open"]:
            lines += ["Still needs an eye: " + "; ".join(entry["open"]), ""]
    path.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from agent.backends import KitBrands
    from core.services import Services

    cases = {json.loads(line)["id"]: json.loads(line)
             for line in (EVAL_DIR / "cases" / "drafts.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()}
    folder = args.results / "drafts"
    ids = [case_id for case_id in args.cases.split(",") if case_id] or sorted(p.stem for p in folder.glob("*.json"))
    records = [json.loads((folder / f"{case_id}.json").read_text(encoding="utf-8")) for case_id in ids]
    with tempfile.TemporaryDirectory(prefix="hookline-replay-") as scratch:
        home = args.home or Path(scratch) / "home"
        settings = eval_settings(home, (REPO_ROOT / os.environ.get("HOOKLINE_HOME", ".hookline")).resolve())
        services = Services(settings)
        import_kits(services, USER)
        brands = KitBrands(services, USER)
        services.chat_model.chat([{"role": "user", "content": "Say OK."}], max_tokens=4)  # start the model first
        load_start = round(os.getloadavg()[0], 2)
        started = time.monotonic()
        entries = []
        out = args.results / "replay"
        out.mkdir(parents=True, exist_ok=True)
        for record in records:
            entry = replay_case(record, cases[record["id"]], services, brands, args.think_s)
            (out / f"{record['id']}.json").write_text(json.dumps(entry, ensure_ascii=False, indent=1), encoding="utf-8")
            print(f"{record['id']}: {entry['seconds']} s, first part {entry['first_part_s']} s, "
                  f"degenerate {entry['drafting']['degenerate'] if entry['drafting'] else 'n/a'}", flush=True)
            entries.append(entry)
    summary = json.loads((args.results / "summary.json").read_text(encoding="utf-8")) if (args.results / "summary.json").is_file() else {}
    meta = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "results": os.path.relpath(args.results, REPO_ROOT),
        "recorded_date": (summary.get("run") or {}).get("finished_at", "unknown date"),
        "machine": f"{os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}",
        "load_start": load_start, "load_end": round(os.getloadavg()[0], 2),
        "minutes": round((time.monotonic() - started) / 60, 1),
        "think_s": args.think_s,
    }
    write_report(args.report, entries, [recorded(record) for record in records], meta)
    print(f"wrote {args.report}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
