"""`python -m bench.request_labels`: the request detector against hand labels.

"Is a request or question to the creator" (for Reddit: to the poster): a question that expects
an answer from them (or from someone on the show: information, an opinion, a clarification), or
a request that they make, change or stop something in what they publish. Rhetorical questions
(answered by the writer, sarcastic, venting), jokes, questions to other viewers, advice to the
poster that asks nothing of them, and spam are not.

Four label sets in tests/fixtures (ids only; the texts are read from ../shared/data), each drawn
from the Alex Hawkers and Tipa YouTube comments and the r/collegerant threads:
- requests_labels.jsonl: 220 comments the cues were written on from the start;
- requests_labels_holdout.jsonl: 130 more (70 with a question mark, 60 without), labelled after
  the cues of 2026-12-02 were final. They measured precision 0.57 (37/65), recall 0.97 (37/38);
- requests_labels_holdout2.jsonl: 150 more (90 with a question mark, 60 without; seed 20261203),
  labelled on 2026-12-03 (commit b66619e) before any cue was run on them. The first cues changed
  that day (written with the first hold-out in view) measured precision 0.57 (43/76), recall 0.86
  (43/50) on them;
- requests_labels_holdout3.jsonl: 150 more (seed 3122026), labelled (commit d399c4f) before the
  cues of commit 6f4615a were run on them: precision 0.66 (44/67), recall 0.88 (44/50), the cues
  alone with hand-set weights.
No cue has changed since the third hold-out was read: its row is the honest figure for comments
the cues never saw; the other rows are optimistic. A logistic regression over the cues and a few
figures of the comment (length, share of "I" and "you"), fitted on three sets and measured on the
fourth, did no better on the third hold-out (precision 0.68, recall 0.88 on 2026-12-03), so the
cues keep their hand-set weights. Writes bench/REQUEST_LABELS.md, with Wilson 95% intervals.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import sys
from pathlib import Path

from bench.comment_texts import comment_texts
from tools.request_cues import read_request

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
FIXTURES = ROOT / "tests" / "fixtures"
SETS = {
    "written on (220)": "requests_labels.jsonl",
    "first hold-out (130)": "requests_labels_holdout.jsonl",
    "second hold-out (150)": "requests_labels_holdout2.jsonl",
    "third hold-out (150)": "requests_labels_holdout3.jsonl",
}
CREATORS = ["Alex Hawkers", "Tipa"]
def measure(labels: Path, corpus: dict[tuple[str, str], str], source: str | None = None) -> dict[str, float | int]:
    rows = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [row for row in rows if source is None or row["source"] == source]
    pairs = [(read_request(corpus[(row["source"], row["comment_id"])], CREATORS).is_request, bool(row["request"]))
             for row in rows]
    tp = sum(1 for guess, label in pairs if guess and label)
    predicted = sum(1 for guess, _label in pairs if guess)
    positives = sum(1 for _guess, label in pairs if label)
    return {"comments": len(pairs), "positives": positives, "predicted": predicted, "tp": tp,
            "precision": tp / max(predicted, 1), "recall": tp / max(positives, 1)}


def wilson(hits: int, total: int) -> tuple[float, float]:
    if total == 0:
        return 0.0, 1.0
    z = 1.96
    centre = (hits + z * z / 2) / (total + z * z)
    half = z * math.sqrt(hits * (total - hits) / total + z * z / 4) / (total + z * z)
    return centre - half, centre + half


def main() -> int:
    if not DATA.is_dir():
        print(f"bench.request_labels: {DATA} is missing; it needs ../shared/data beside the repository.", file=sys.stderr)
        return 2
    corpus = comment_texts(DATA)
    lines = ["# Request detector against hand labels", "",
             f"Written by `python -m bench.request_labels` on {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC "
             "(deterministic: no model, no timing). See the module's docstring for what counts as a request, and for "
             "each set's figure measured before the cues were changed with it in view. No cue was changed after the "
             "third hold-out was read: its row is the honest figure; the others are optimistic.", "",
             "| label set | comments | labelled requests | flagged | precision (95% CI) | recall (95% CI) |",
             "|---|---|---|---|---|---|"]
    for (name, file), source in ((item, source) for item in SETS.items() for source in (None, "youtube", "reddit")):
        m = measure(FIXTURES / file, corpus, source)
        name = name if source is None else f"… of which {source}"
        p_low, p_high = wilson(int(m["tp"]), int(m["predicted"]))
        r_low, r_high = wilson(int(m["tp"]), int(m["positives"]))
        lines.append(f"| {name} | {m['comments']} | {m['positives']} | {m['predicted']} | "
                     f"{m['precision']:.2f} ({p_low:.2f}-{p_high:.2f}) | {m['recall']:.2f} ({r_low:.2f}-{r_high:.2f}) |")
        print(lines[-1])
    (ROOT / "bench" / "REQUEST_LABELS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"Wrote {os.path.relpath(ROOT / 'bench' / 'REQUEST_LABELS.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
