"""`python -m bench.request_second_stage`: would a classifier over sentence embeddings lift the request detector's
precision? (Issue 16 asks for 0.85; the cues reach 0.66 on the third hold-out, bench/REQUEST_LABELS.md.)

A logistic regression (scikit-learn, balanced classes) over a comment's embedding is fitted on three of the four
hand-labelled sets and measured on the fourth (leave one set out), for the offline MiniLM embedder (the default) and
the multilingual Universal Sentence Encoder. It is measured two ways: alone, and as a second stage that keeps a
comment the cues flagged only when the classifier also says yes (fitted on the cue-flagged comments of the other
sets). Nothing here is used by the product: it records why the cues still stand alone. Writes
bench/REQUEST_SECOND_STAGE.md.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression

from bench.comment_texts import comment_texts
from bench.request_labels import CREATORS, DATA, FIXTURES, ROOT, SETS
from core.embeddings import MiniLMEmbedder, UniversalSentenceEmbedder
from tools.request_cues import read_request

STRENGTHS = (0.3, 1.0, 3.0)  # the regression's C: how loosely it may fit 384-512 dimensions on ~500 comments
CUTS = (0.3, 0.5)  # the classifier's probability that counts as "a request"


def _labelled(corpus: dict[tuple[str, str], str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    texts, labels, groups = [], [], []
    for index, file in enumerate(SETS.values()):
        for line in (FIXTURES / file).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                texts.append(corpus[(row["source"], row["comment_id"])])
                labels.append(bool(row["request"]))
                groups.append(index)
    return texts, np.array(labels), np.array(groups)


def _scores(predicted: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    hits = int((predicted & labels).sum())
    return hits / max(int(predicted.sum()), 1), hits / max(int(labels.sum()), 1)


def _row(name: str, predicted: np.ndarray, labels: np.ndarray, groups: np.ndarray) -> str:
    cells = []
    for index in range(len(SETS)):
        mask = groups == index
        precision, recall = _scores(predicted[mask], labels[mask])
        cells.append(f"{precision:.2f} / {recall:.2f}")
    return f"| {name} | " + " | ".join(cells) + " |"


def main() -> int:
    if not DATA.is_dir():
        print(f"bench.request_second_stage: {DATA} is missing; it needs ../shared/data beside the repository.",
              file=sys.stderr)
        return 2
    texts, labels, groups = _labelled(comment_texts(DATA))
    cues = np.array([read_request(text, CREATORS).is_request for text in texts])
    lines = ["# A second stage for the request detector (not adopted)", "",
             f"Written by `python -m bench.request_second_stage` on {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC "
             "(deterministic: no model, no timing). Each cell is precision / recall on one label set, for a classifier "
             "fitted on the other three (see the module's docstring). The cues' own row is the product today.", "",
             "| detector | " + " | ".join(SETS) + " |", "|---|" + "---|" * len(SETS),
             _row("cues alone (today)", cues, labels, groups)]
    for embedder in (MiniLMEmbedder(), UniversalSentenceEmbedder()):
        vectors = embedder.embed(texts)
        for strength in STRENGTHS:
            alone, second = np.zeros(len(texts)), np.zeros(len(texts))
            for held in range(len(SETS)):
                fit, test = groups != held, groups == held
                model = LogisticRegression(C=strength, max_iter=3000, class_weight="balanced")
                alone[test] = model.fit(vectors[fit], labels[fit]).predict_proba(vectors[test])[:, 1]
                flagged = fit & cues
                second[test] = model.fit(vectors[flagged], labels[flagged]).predict_proba(vectors[test])[:, 1]
            for cut in CUTS:
                lines.append(_row(f"{embedder.name}, C={strength}, alone, p ≥ {cut}", alone >= cut, labels, groups))
                lines.append(_row(f"{embedder.name}, C={strength}, after the cues, p ≥ {cut}", cues & (second >= cut),
                                  labels, groups))
        print(f"measured {embedder.name}")
    out = ROOT / "bench" / "REQUEST_SECOND_STAGE.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"Wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
