"""Query benchmark: `search_trends` and `comment_insights` latency (p50/p95) at 10k and 100k
comments, built from the real comments in ../shared/data. Excludes the LLM (none is called).

    .venv/bin/python bench/query.py [--sizes 10000 100000] [--repeats 5] [--reddit-threads 60]

The real texts (Alex Hawkers' and Tipa's YouTube comments, the first Reddit threads, Nude
Project's 1,291 videos) are embedded once with the real model. Each store is then built
through `import_files` from copies of the comment files with new ids (copy k of a comment
gets id `<id>_k` and the same text, so its vector comes from a cache, plus a little noise so
copies are not identical points). Every timed query embeds its query text with the real
model (the store's query cache is cleared) and runs against the embedded Chroma on disk.
"""

from __future__ import annotations

import argparse
import copy
import csv
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ingest import machine  # noqa: E402
from core.embeddings import Embedder  # noqa: E402
from core.services import Services  # noqa: E402
from core.settings import Settings  # noqa: E402
from tools.corpus.store import CorpusStore  # noqa: E402
from tools.insights import comment_insights  # noqa: E402
from tools.trends import search_trends  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
YOUTUBE = DATA / "youtube_channels_api_ivanseldas"
COMMENT_FILES = {
    "data_Alex_Hawkers_UCWqpvpCqDVQ-mxiVCPu5SNg": YOUTUBE / "data_Alex_Hawkers_UCWqpvpCqDVQ-mxiVCPu5SNg" / "df_comments_UCWqpvpCqDVQ-mxiVCPu5SNg.csv",
    "data_Tipa_UC5E80Z5NRqrhluY4UbY-lUg": YOUTUBE / "data_Tipa_UC5E80Z5NRqrhluY4UbY-lUg" / "df_comments_UC5E80Z5NRqrhluY4UbY-lUg.csv",
}
REDDIT = DATA / "reddit_collegerant_threads" / "collegerant_threads.jsonl"
POST_FILES = [YOUTUBE / "data_Nude_Project" / "df_videos.csv",
              YOUTUBE / "data_Alex_Hawkers_UCWqpvpCqDVQ-mxiVCPu5SNg" / "df_videos_UCWqpvpCqDVQ-mxiVCPu5SNg.csv"]

TREND_QUERIES: list[tuple[str, dict[str, str]]] = [
    ("", {"creator": "Nude Project"}),
    ("podcast emprendedores", {"creator": "Nude Project"}),
    ("Topuria UFC", {}),
    ("ropa streetwear", {"creator": "Nude Project"}),
    ("group project unfair professor", {"platform": "reddit"}),
    ("exam cheating online", {}),
]
INSIGHT_QUERIES: list[tuple[str, dict[str, str]]] = [
    ("calidad del audio", {"creator": "Alex Hawkers"}),
    ("invitados que queremos", {"creator": "Alex Hawkers"}),
    ("", {"creator": "Alex Hawkers"}),
    ("professor grading unfair", {"creator": "r/CollegeRant"}),
    ("dinero negocio emprender", {}),
    ("online classes zoom", {}),
]


class CachingEmbedder:
    """The real model with a text -> vector cache (copies of a comment share its text); each
    returned cached vector gets N(0, 0.01) noise and is re-normalised."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.cache: dict[str, np.ndarray] = {}
        self.model_texts = 0
        self.model_seconds = 0.0
        self.caching = True
        self._noise = np.random.default_rng(0)

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not self.caching:
            return self.inner.embed(texts)
        missing = list(dict.fromkeys(text for text in texts if text not in self.cache))
        if missing:
            started = time.perf_counter()
            for text, vector in zip(missing, self.inner.embed(missing), strict=True):
                self.cache[text] = vector
            self.model_seconds += time.perf_counter() - started
            self.model_texts += len(missing)
        vectors = np.vstack([self.cache[text] for text in texts]) + self._noise.normal(0, 0.01, (len(texts), self.dimension))
        return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def _comment_rows() -> dict[str, tuple[list[str], list[dict[str, str]]]]:
    result = {}
    for folder, path in COMMENT_FILES.items():
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = [row for row in reader if None not in row and None not in row.values()]  # malformed rows: skip
            result[folder] = (list(reader.fieldnames or []), rows)
    return result


def _suffix_tree(nodes: dict[str, dict[str, object]], suffix: str) -> dict[str, dict[str, object]]:
    renamed = {}
    for key, node in nodes.items():
        node = dict(node)
        node["replies"] = _suffix_tree(node.get("replies") or {}, suffix)  # type: ignore[arg-type]
        renamed[f"{key}{suffix}"] = node
    return renamed


def _tree_size(nodes: dict[str, dict[str, object]]) -> int:
    return sum(1 + _tree_size(node.get("replies") or {}) for node in nodes.values())  # type: ignore[arg-type]


def write_copies(root: Path, target: int, reddit_threads: int) -> list[Path]:
    """Comment files holding about `target` comments: the real ones, then renamed copies."""
    youtube = _comment_rows()
    threads = [json.loads(line) for line in REDDIT.read_text(encoding="utf-8").splitlines()[:reddit_threads]]
    files: list[Path] = []
    total, k = 0, 0
    while total < target:
        suffix = "" if k == 0 else f"_{k}"
        for folder, (header, rows) in youtube.items():
            take = rows[: max(0, target - total)]
            if not take:
                break
            path = root / folder / f"df_comments_copy{k}.csv"
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=header)
                writer.writeheader()
                for row in take:
                    writer.writerow({**row, "comment_id": row["comment_id"] + suffix, "video_id": row["video_id"] + suffix})
            files.append(path)
            total += len(take)
        lines = []
        for thread in threads:
            if total >= target:
                break
            renamed = copy.deepcopy(thread)
            renamed["sid"] = f"{thread['sid']}{suffix}"
            renamed["comments"] = _suffix_tree(thread["comments"], suffix)
            total += _tree_size(renamed["comments"])
            lines.append(json.dumps(renamed))
        if lines:
            path = root / f"reddit_copy{k}.jsonl"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            files.append(path)
        k += 1
    return files


def timed(call: Callable[[], object], store: CorpusStore) -> float:
    store._query_vectors.clear()  # noqa: SLF001 - every timed query embeds its text with the model
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def percentile(values: list[float], share: float) -> float:
    return float(np.percentile(np.asarray(values), share * 100, method="linear"))


def measure(store: CorpusStore, repeats: int) -> dict[str, dict[str, float]]:
    search_trends(store, "warm up", limit=5)
    comment_insights(store, "warm up")
    results: dict[str, dict[str, float]] = {}
    for name, queries, function in (("trends", TREND_QUERIES, search_trends), ("insights", INSIGHT_QUERIES, comment_insights)):
        latencies = []
        for _ in range(repeats):
            for query, filters in queries:
                latencies.append(timed(lambda q=query, f=filters: function(store, q, **f), store))  # type: ignore[operator]
        results[name] = {"calls": len(latencies), "p50_ms": percentile(latencies, 0.5), "p95_ms": percentile(latencies, 0.95),
                         "max_ms": max(latencies), "mean_ms": statistics.mean(latencies)}
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--reddit-threads", type=int, default=30)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="hookline-bench-query-"))
    base = Services(Settings(_env_file=None, home=work / "unused"))
    embedder = CachingEmbedder(base.embedder)
    print(f"machine: {json.dumps(machine())}", flush=True)
    print(f"embedder: {base.embedder.name}, {base.settings.embedding_threads} thread(s)", flush=True)
    for size in args.sizes:
        services = Services(base.settings.model_copy(update={"home": work / f"home-{size}"}))
        services.embedder = embedder  # type: ignore[misc]
        embedder.caching = True
        store = CorpusStore.open(services)
        started = time.perf_counter()
        store.import_files(POST_FILES)
        store.import_files(write_copies(work / f"files-{size}", size, args.reddit_threads))
        counts = store.counts()
        build = time.perf_counter() - started
        print(f"size {size}: {counts} built in {build:.0f} s "
              f"(model embedded {embedder.model_texts} unique texts in {embedder.model_seconds:.0f} s so far)", flush=True)
        embedder.caching = False  # timed queries go to the model directly
        latencies = measure(store, args.repeats)
        print(json.dumps({"comments": counts["comments"], "posts": counts["posts"], **latencies}), flush=True)
        store.close()
    print(f"load average at the end: {machine()['load_average']}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
