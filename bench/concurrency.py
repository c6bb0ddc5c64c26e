"""Read latency while an import runs: do readers wait for a writer?

    .venv/bin/python -m bench.concurrency [--comments 3000] [--queries 40] [--json]

One data folder, two users. The reader's corpus is imported first. Then the same queries
(opening the store, `search_trends`, `comment_insights`) are timed twice: with nothing else
running, and while a `hookline import` of another export runs in a second process and writes
to the same SQLite file and Chroma folder. Goal (issue 18): p95 during the import within 2x
of the idle p95. On 2 cores the import's embedding takes one core, so part of any slowdown is
CPU contention, not waiting; the report gives both p50 and p95 so that the two can be told apart.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.faults import HOOKLINE, make_exports

QUERIES = ["audio", "podcast guests", "el sonido", "más videos así", "tips for beginners", "gracias", "music", "ropa"]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def time_reads(home: Path, user: str, count: int, *, until: subprocess.Popen[bytes] | None = None) -> list[float]:
    """Milliseconds per (open + trends + insights); with `until`, only while that process runs."""
    from core.services import Services
    from core.settings import Settings
    from tools.corpus.store import CorpusStore
    from tools.insights import comment_insights
    from tools.trends import search_trends

    services = Services(Settings(_env_file=None, home=home))
    services.embedder.embed(["warm up"])
    latencies: list[float] = []
    for number in range(count):
        if until is not None and until.poll() is not None:
            break
        query = QUERIES[number % len(QUERIES)]
        started = time.perf_counter()
        store = CorpusStore.open(services, user=user)
        search_trends(store, query, limit=10)
        comment_insights(store, query)
        store.close()
        latencies.append((time.perf_counter() - started) * 1000)
    services.close()
    return latencies


def run(comments: int, queries: int, work: Path) -> dict[str, object]:
    rng = random.Random(11)
    reader_export, writer_export = make_exports(work / "exports", comments, rng)
    home = work / "home"
    env = {**os.environ, "HOOKLINE_HOME": str(home)}
    subprocess.run([str(HOOKLINE), "import", str(reader_export)], env={**env, "HOOKLINE_USER": "reader"},
                   check=True, capture_output=True)
    idle = time_reads(home, "reader", queries)
    writer = subprocess.Popen([str(HOOKLINE), "import", str(writer_export)], env={**env, "HOOKLINE_USER": "writer"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(3)  # past the writer's start-up, into its parsing and embedding
    during = time_reads(home, "reader", queries * 10, until=writer)
    _out, err = writer.communicate()
    summary = {
        "comments_per_export": comments,
        "idle_ms": {"n": len(idle), "p50": round(statistics.median(idle), 1), "p95": round(_percentile(idle, 0.95), 1)},
        "during_import_ms": {
            "n": len(during),
            "p50": round(statistics.median(during), 1) if during else None,
            "p95": round(_percentile(during, 0.95), 1) if during else None,
            "max": round(max(during), 1) if during else None,
        },
        "import_exit": writer.returncode,
        "import_errors": err.decode()[-300:] if writer.returncode else "",
    }
    if during:
        summary["p95_ratio"] = round(summary["during_import_ms"]["p95"] / summary["idle_ms"]["p95"], 2)  # type: ignore[index]
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--comments", type=int, default=3000)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from core.machine import describe_machine

    with tempfile.TemporaryDirectory(prefix="hookline-concurrency-") as work:
        summary = run(args.comments, args.queries, Path(work))
    summary["machine"] = describe_machine()
    summary["load_average"] = os.getloadavg()
    print(json.dumps(summary, indent=2))
    return 0 if summary["import_exit"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
