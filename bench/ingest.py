"""Ingest benchmark: comments per second embedded and indexed by `CorpusStore.import_files`,
beside the raw throughput of the same embedding model on the same texts in the same run.

    .venv/bin/python bench/ingest.py [--sample 2500] [--rounds 2] [--files CSV_OR_JSONL ...]

The input is the first `--sample` real comments of Alex Hawkers' and Tipa's YouTube comment
exports (Spanish), copied with their header into a temporary `data_<channel>` folder.
Each round runs the import pipeline into a fresh store, then the raw embedding of exactly
the texts that pipeline embedded. "Raw" is one `embedder.embed(texts)` call (it sorts by
length and batches, as well as the model allows). "Pipeline" is the wall time of
`import_files`: reading, parsing, cleaning, classifying, SQLite, FTS, embedding and the
Chroma writes. The result is the median over rounds of pipeline rate / raw rate (goal: >= 0.85),
in wall-clock time and in this process's CPU time: on a shared machine other processes' load
moves wall-clock rates between runs, while CPU time counts only the work done here (the
pipeline's Chroma writer thread included).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.embeddings import Embedder  # noqa: E402
from core.machine import describe_machine  # noqa: E402
from core.services import Services  # noqa: E402
from core.settings import Settings  # noqa: E402
from tools.corpus.store import CorpusStore  # noqa: E402

SHARED = ROOT.parent / "shared" / "data" / "youtube_channels_api_ivanseldas"
DEFAULT_FILES = [
    SHARED / "data_Alex_Hawkers_UCWqpvpCqDVQ-mxiVCPu5SNg" / "df_comments_UCWqpvpCqDVQ-mxiVCPu5SNg.csv",
    SHARED / "data_Tipa_UC5E80Z5NRqrhluY4UbY-lUg" / "df_comments_UC5E80Z5NRqrhluY4UbY-lUg.csv",
]


class RecordingEmbedder:
    """Passes through to the real embedder, recording the texts and the time spent embedding."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.texts: list[str] = []
        self.seconds = 0.0

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        started = time.perf_counter()
        vectors = self.inner.embed(texts)
        self.seconds += time.perf_counter() - started
        self.texts.extend(texts)
        return vectors


def machine() -> dict[str, object]:
    return {**describe_machine(), "gpu": "none", "load_average": os.getloadavg()}


def raw_rate(embedder: Embedder, texts: list[str]) -> tuple[float, float]:
    """(texts per wall-clock second, texts per CPU second of this process)."""
    started, cpu = time.perf_counter(), time.process_time()
    embedder.embed(texts)
    return len(texts) / (time.perf_counter() - started), len(texts) / (time.process_time() - cpu)


def pipeline(services: Services, inner: Embedder, files: list[Path]) -> dict[str, float]:
    home = Path(tempfile.mkdtemp(prefix="hookline-bench-ingest-"))
    services = Services(services.settings.model_copy(update={"home": home}))
    recorder = RecordingEmbedder(inner)
    services.embedder = recorder  # type: ignore[misc]
    store = CorpusStore.open(services)
    started, cpu = time.perf_counter(), time.process_time()
    report = store.import_files(files)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    store.close()
    return {
        "seconds": seconds, "cpu_seconds": cpu_seconds, "embed_seconds": recorder.seconds, "texts": len(recorder.texts),
        "comments": report.imported.comments, "rejected": len(report.rejected), "recorded": recorder.texts,  # type: ignore[dict-item]
    }


def sample_files(files: list[Path], limit: int, root: Path) -> list[Path]:
    """The first `limit` data rows of the CSV files (in order), each with its header, in a folder
    of the same name (the channel comes from it). JSON lines files are copied whole."""
    copies: list[Path] = []
    left = limit
    for path in files:
        if left <= 0:
            break
        target = root / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix.lower() != ".csv":
            target.write_bytes(path.read_bytes())
        else:
            with path.open(encoding="utf-8", newline="") as source, target.open("w", encoding="utf-8", newline="") as out:
                reader, writer = csv.reader(source), csv.writer(out)
                writer.writerow(next(reader))
                for row in itertools.islice(reader, left):
                    writer.writerow(row)
                    left -= 1
        copies.append(target)
    return copies


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", nargs="+", type=Path, default=DEFAULT_FILES)
    parser.add_argument("--sample", type=int, default=2500, help="comments to import (0: the whole files)")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    settings = Settings(_env_file=None, home=Path(tempfile.mkdtemp(prefix="hookline-bench-")))
    files = sample_files(args.files, args.sample, Path(tempfile.mkdtemp(prefix="hookline-bench-files-"))) if args.sample else args.files
    services = Services(settings)
    embedder = services.embedder
    print(f"machine: {json.dumps(machine())}", flush=True)
    print(f"embedder: {embedder.name}, {settings.embedding_threads} thread(s)", flush=True)
    embedder.embed(["warm up"] * 64)
    rows = []
    for round_number in range(1, args.rounds + 1):
        run = pipeline(services, embedder, files)
        texts: list[str] = run.pop("recorded")  # type: ignore[assignment]
        raw, raw_cpu = raw_rate(embedder, texts)
        rate, rate_cpu = run["texts"] / run["seconds"], run["texts"] / run["cpu_seconds"]
        row = {
            "round": round_number, "texts": run["texts"], "comments": run["comments"], "rejected": run["rejected"],
            "pipeline_comments_per_s": run["comments"] / run["seconds"],
            "pipeline_texts_per_s": rate, "raw_texts_per_s": raw, "ratio_wall": rate / raw,
            "pipeline_texts_per_cpu_s": rate_cpu, "raw_texts_per_cpu_s": raw_cpu, "ratio_cpu": rate_cpu / raw_cpu,
            "pipeline_seconds": run["seconds"], "embedding_share_of_pipeline": run["embed_seconds"] / run["seconds"],
            "load_average": os.getloadavg(),
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
    for kind in ("wall", "cpu"):
        ratios = [row[f"ratio_{kind}"] for row in rows]
        print(f"pipeline / raw ({kind} time): {statistics.median(ratios):.3f} (median of {len(rows)} rounds); goal >= 0.85",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
