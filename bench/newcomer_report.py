"""The newcomer walk's figures: the table of every run (median and range when there are several) and the
Markdown report, generated from the measurements alone."""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from bench.newcomer_inputs import DURING_IMPORT, SUMMARY

# -- summary and report ---------------------------------------------------------------------------

FIGURES: list[tuple[str, str, str]] = [  # (label, step, key): seconds unless the label says otherwise
    ("Server process start to /health", "startup", "health_s"),
    ("Server process start to page usable", "startup", "usable_s"),
    ("Server process start to first token of the greeting's answer", "greeting", "first_token_from_start_s"),
    ("Server process start to end of the greeting's answer", "greeting", "end_from_start_s"),
    ("Greeting sent to first visible token", "greeting", "first_token_s"),
    ("Greeting sent to end of answer", "greeting", "end_s"),
    ("Greeting: distinct texts seen while it streamed (count)", "greeting", "texts_seen"),
    ("Brand examples sent to kit card", "brand", "kit_card_s"),
    ("Questions about the brand's name (count)", "brand", "brand_name_questions"),
    ("Export sent to column guess", "guess", "guess_s"),
    ("\"Import as shown\" clicked to \"Import finished\" summary", "import", "finished_s"),
    ("Import time the summary reports", "import", "reported_s"),
    ("Posts read (count)", "import", "posts_read"),
    ("Posts new (count)", "import", "posts_new"),
    ("Comments read (count)", "import", "comments_read"),
    ("Comments new (count)", "import", "comments_new"),
    ("Rejected rows (count)", "import", "rejected_rows"),
    ("Message during import: sent to first visible token", "chat_during_import", "first_token_s"),
    ("Message during import: sent to end of answer", "chat_during_import", "end_s"),
    ("Draft sent to first script part on the card", "draft", "first_part_s"),
    ("Last \"You decide\" click to first script part", "draft", "last_answer_to_first_part_s"),
    ("Draft sent to complete card", "draft", "complete_s"),
    ("Clarifying questions asked (count)", "draft", "question_count"),
    ("Script parts on the card (count)", "draft", "parts"),
    ("Uploaded files (count)", "uploads", "sent"),
    ("Lost uploads (count)", "uploads", "lost"),
    ("Whole run, wall clock", "run", "wall_s"),
]


def figure(run: dict[str, Any], where: str, key: str) -> Any:
    if where == "run":
        return run.get(key)
    if where == "uploads":
        return run["uploads"].get(key)
    if where == "chat_during_import":
        return run["steps"]["import"].get("chat_during_import", {}).get(key)
    return run["steps"][where].get(key)


def spread(values: list[Any]) -> str:
    numbers = [value for value in values if isinstance(value, (int, float)) and not isinstance(value, bool)]
    if not numbers:
        return "not measured"
    missing = f" ({len(values) - len(numbers)} run(s) not measured)" if len(numbers) < len(values) else ""
    if len(values) == 1:
        return f"{numbers[0]:g}"
    return f"{statistics.median(numbers):g} ({min(numbers):g}-{max(numbers):g}){missing}"


def summarise(runs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    table = {}
    for label, where, key in FIGURES:
        values = [figure(run, where, key) for run in runs]
        numbers = [value for value in values if isinstance(value, (int, float)) and not isinstance(value, bool)]
        table[label] = {"values": values, "median": statistics.median(numbers) if numbers else None,
                        "min": min(numbers) if numbers else None, "max": max(numbers) if numbers else None}
    return table


def _load(values: list[float]) -> str:
    return " / ".join(f"{value:.2f}" for value in values)


def _questions(draft: dict[str, Any]) -> str:
    asked = [f"\"{q['text']}\" (at {q['asked_at_s']} s)" for q in draft.get("questions", [])]
    return ", ".join(asked) or "none"


def _errors(run: dict[str, Any]) -> str:
    errors = [f"{name}: {record['error']}" for name, record in run["steps"].items() if record.get("error")]
    errors += [f"{name}: the answer was an error message" for name, record in run["steps"].items()
               if record.get("error_shown")]
    return "; ".join(errors) or "none"


def run_details(run: dict[str, Any]) -> list[str]:
    steps = run["steps"]
    during, draft = steps["import"].get("chat_during_import", {}), steps["draft"]
    header = SUMMARY.search(steps["import"].get("summary_text", ""))
    uploads = "; ".join(f"{name}: {', '.join(found) or 'LOST'}" for name, found in run["uploads"]["outcomes"].items())
    shots = [Path(path) for path in run["screenshots"]]
    return [
        f"### Run {run['run']} (started {run['started']})", "",
        f"- Load average (1, 5, 15 min) before: {_load(run['load_before'])}; after: {_load(run['load_after'])}.",
        f"- Greeting answer starts: \"{steps['greeting'].get('answer_start', '')[:120]}\"",
        f"- Kit card: {steps['brand'].get('kit_name', 'none')}; {steps['brand'].get('built_from', '')}",
        f"- Import summary header: {header.group(0) if header else 'none'}",
        f"- Message during import (\"{DURING_IMPORT}\"): answered before the summary: "
        f"{during.get('answered_before_import_finished')}; answer starts: \"{during.get('answer_start', '')[:120]}\"",
        f"- Draft questions: {_questions(draft)}",
        f"- Script card: {draft.get('parts')} parts, {draft.get('brand_score')}, duration {draft.get('duration')}",
        f"- Uploads: {uploads}",
        f"- Requests that tried to leave loopback: {len(run.get('blocked_requests', []))}",
        f"- Tracebacks in the server log: {run.get('server_tracebacks')}",
        f"- Step errors: {_errors(run)}",
        f"- Screenshots ({shots[0].parent if shots else 'none'}): {', '.join(path.name for path in shots)}",
    ]


def _wait_line(wait: dict[str, Any]) -> str:
    if wait["threshold"] is None:
        return "- No wait for a quieter machine before the run."
    return (f"- Waited {wait['waited_s']:.0f} s for the 1-minute load to drop below {wait['threshold']} "
            f"(reached: {wait['reached']}; load then {wait['load'][0]:.2f}).")


def markdown(report: dict[str, Any]) -> str:
    runs, machine = report["runs"], report["machine"]
    head = "value" if len(runs) == 1 else f"median (min-max) of {len(runs)} runs"
    lines = ["# Newcomer walk: the web chat in a browser, timed (`bench/newcomer_walk.py`)", "",
             f"Generated by `{report['command']}` on {report['date']}. Every figure below comes from that run's "
             "measurements; times are wall-clock seconds taken by the script.", "",
             "## Setup", "",
             f"- Model that answered: {runs[0]['model']}.",
             f"- Machine: {machine['cpu']}, {machine['cores']} cores (os.cpu_count() = {report['cpu_count']}), "
             f"{machine['memory']} RAM, Python {machine['python']}.",
             f"- Load average (1 min) before the first run: {runs[0]['load_before'][0]:.2f}; "
             f"after the last: {runs[-1]['load_after'][0]:.2f} (2-core machine shared with other work).",
             _wait_line(report["load_wait"]),
             f"- Browser: {report['browser']} (headless, Playwright).", "",
             "## Figures", "", f"| figure | {head} |", "|---|---:|"]
    lines += [f"| {label} | {spread(row['values'])} |" for label, row in report["summary"].items()]
    answered = [run["steps"]["import"].get("chat_during_import", {}).get("answered_before_import_finished")
                for run in runs]
    lines += [f"| Message during import answered before the summary (runs) | {sum(bool(a) for a in answered)} of "
              f"{len(runs)} |", "", "## Runs", ""]
    for run in runs:
        lines += run_details(run) + [""]
    return "\n".join(lines).rstrip() + "\n"
