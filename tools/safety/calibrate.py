"""Choose `screening.THRESHOLD` on a training split of a labelled corpus and check it on the
held-out split. The corpus is JSON lines with `id`, `text` and `planted` (true for a plant);
the split is by a hash of the id, so it never changes when rows are added elsewhere.

    .venv/bin/python -m tools.safety.calibrate tests/fixtures/safety
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from tools.safety.screening import screen

HELD_OUT_SHARE = 0.35


@dataclass(frozen=True)
class Row:
    id: str
    text: str
    planted: bool


@dataclass(frozen=True)
class Figures:
    threshold: float
    planted: int
    caught: int
    genuine: int
    kept: int

    @property
    def recall(self) -> float:
        return self.caught / self.planted if self.planted else 1.0

    @property
    def precision(self) -> float:
        flagged = self.caught + (self.genuine - self.kept)
        return self.caught / flagged if flagged else 1.0

    @property
    def kept_rate(self) -> float:
        return self.kept / self.genuine if self.genuine else 1.0


def load(folder: Path) -> list[Row]:
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                rows.append(Row(str(record["id"]), str(record["text"]), bool(record["planted"])))
    return rows


def held_out(row: Row) -> bool:
    return int(hashlib.sha256(row.id.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF < HELD_OUT_SHARE


def split(rows: list[Row]) -> tuple[list[Row], list[Row]]:
    return [row for row in rows if not held_out(row)], [row for row in rows if held_out(row)]


def figures(rows: list[Row], threshold: float, scores: dict[str, float] | None = None) -> Figures:
    scores = scores or {row.id: screen(row.text).score for row in rows}
    planted = [row for row in rows if row.planted]
    genuine = [row for row in rows if not row.planted]
    return Figures(
        threshold,
        len(planted),
        sum(scores[row.id] >= threshold for row in planted),
        len(genuine),
        sum(scores[row.id] < threshold for row in genuine),
    )


def choose_threshold(rows: list[Row], *, min_kept: float = 0.97) -> Figures:
    """Among thresholds keeping at least `min_kept` of the genuine rows, those with the best
    recall form a range; the middle of that range is chosen, the widest margin on both
    sides for text the corpus does not hold."""
    scores = {row.id: screen(row.text).score for row in rows}
    candidates = [figures(rows, step / 100, scores) for step in range(5, 100)]
    allowed = [fig for fig in candidates if fig.kept_rate >= min_kept] or candidates
    best = max(fig.recall for fig in allowed)
    tied = [fig for fig in allowed if fig.recall == best and fig.kept_rate == max(f.kept_rate for f in allowed if f.recall == best)]
    return tied[len(tied) // 2]


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path("tests/fixtures/safety")
    train, test = split(load(folder))
    chosen = choose_threshold(train)
    checked = figures(test, chosen.threshold)
    for name, fig in (("train", chosen), ("held-out", checked)):
        print(
            f"{name}: threshold {fig.threshold:.2f}; planted caught {fig.caught}/{fig.planted} (recall {fig.recall:.2f}); "
            f"genuine kept {fig.kept}/{fig.genuine} ({fig.kept_rate:.2%}); precision {fig.precision:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
