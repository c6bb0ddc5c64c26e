"""`python -m bench.inversion`: can Hookline tell a script line that inverts the comment it cites from one that keeps
its meaning? (Issue 10: eval run B of ac87035 shipped "Alex Hawkers tiene el mejor audio" on a comment about the
podcast's worst audio, and the support check passed it by shared words.)

On the 40 labelled pairs of tests/fixtures/inverted_lines.jsonl (a comment, a line, and whether the line keeps the
comment's meaning or inverts it; English, Spanish, German and French, written for this check), it measures:
- the check in code (agent/drafting/clash.py: opinion words around a word both texts share), which the drafting
  pipeline uses;
- the embedded chat model asked two ways, at temperature 0: "does the line say the opposite?" (yes/no), and "if
  what the viewer wrote is true, can this line also be true?" (yes/no).
Writes bench/INVERSION_RESULTS.md with the machine's load.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from agent.drafting.clash import clash
from agent.drafting.language import detect
from core.services import Services
from core.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "tests" / "fixtures" / "inverted_lines.jsonl"
REPORT = ROOT / "bench" / "INVERSION_RESULTS.md"
SYSTEM = "You compare a line of a video script with the viewer comment it quotes. You judge meaning, not shared words."
QUESTIONS = {
    "model: does the line say the opposite?": (
        "Comment: {comment}\nLine: {line}\nDoes the line say the opposite of what the comment says (for example good "
        "where the comment says bad)? Answer yes or no.", "yes"),
    "model: can both be true?": (
        "A viewer wrote: \"{comment}\"\nIf what the viewer wrote is true, can this line also be true? \"{line}\"\n"
        "Answer yes or no.", "no"),
}


def _pairs() -> list[dict[str, str]]:
    return [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]


def _in_code(pair: dict[str, str]) -> bool:
    language = detect(pair["l"])
    return clash(pair["l"], pair["c"], language[0] if language else "en") is not None


def _asking(services: Services, template: str, inverted_answer: str) -> Callable[[dict[str, str]], bool]:
    def inverted(pair: dict[str, str]) -> bool:
        prompt = template.format(comment=pair["c"], line=pair["l"])
        reply = services.chat_model.chat([{"role": "system", "content": SYSTEM}, {"role": "user", "content": prompt}],
                                         max_tokens=3, temperature=0.0)
        return reply.text.strip().lower().startswith(inverted_answer)
    return inverted


def measure(name: str, judge: Callable[[dict[str, str]], bool], pairs: list[dict[str, str]]) -> dict[str, object]:
    started = time.monotonic()
    caught = sum(judge(pair) for pair in pairs if pair["y"] == "contradicts")
    alarms = sum(judge(pair) for pair in pairs if pair["y"] == "agrees")
    per_pair_ms = 1000 * (time.monotonic() - started) / len(pairs)
    row = {"check": name, "caught": caught, "inverted": sum(p["y"] == "contradicts" for p in pairs),
           "alarms": alarms, "faithful": sum(p["y"] == "agrees" for p in pairs), "ms": per_pair_ms}
    print(row, flush=True)
    return row


def main() -> int:
    pairs = _pairs()
    load_start = os.getloadavg()
    rows = [measure("in code: opinion words around a shared word (used)", _in_code, pairs)]
    settings = Settings()
    services = Services(settings)
    try:
        for name, (template, answer) in QUESTIONS.items():
            rows.append(measure(name, _asking(services, template, answer), pairs))
        model = services.chat_model.name
    finally:
        services.close()
    load_end = os.getloadavg()
    lines = [
        "# Inverted lines: the check in code against the embedded model", "",
        f"`python -m bench.inversion` on {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {len(pairs)} labelled "
        f"pairs (tests/fixtures/inverted_lines.jsonl). Chat model: {model}. Load average {load_start[0]:.2f} at the "
        f"start, {load_end[0]:.2f} at the end (2 cores).", "",
        "| check | inversions caught | faithful lines flagged | time per pair |", "|---|---|---|---|",
    ]
    for row in rows:
        lines.append(f"| {row['check']} | {row['caught']} of {row['inverted']} | {row['alarms']} of {row['faithful']} "
                     f"| {row['ms']:,.0f} ms |")
    lines += ["", "The drafting pipeline uses the check in code; agent/drafting/clash.py says why.", ""]
    REPORT.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
