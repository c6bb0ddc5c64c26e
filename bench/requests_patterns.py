"""Requests-ledger and patterns latency (p50/p95) at about 100k comments, on the store
bench/query.py builds from the real comments in ../shared/data (copies with new ids; the
copies' vectors come from a cache of the real model's, with a little noise).

    .venv/bin/python bench/requests_patterns.py [--size 100000] [--repeats 5] [--home DIR]

`--home DIR` keeps the built store in DIR, and a later run with the same DIR times it again
without rebuilding. `--vectors-from HOME` fills the embedding cache from a store that already
holds the same real texts (e.g. after `hookline import` of the same folders), so the build
skips the model for them (the vectors are the same model's; only the build gets faster).

Timed, per call, in one process: `audience_requests` and `outlier_patterns`. Every query
text is embedded by the real model (the store's query cache is cleared). Import stores the
detector's reading of each comment in its row (tools/corpus/request_rows.py), so the first
call after an import is timed apart from later ones; last, the readings are cleared (as in a
store imported before schema 3) and the call that backfills them is timed (`--no-backfill`
skips it).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.query import POST_FILES, CachingEmbedder, percentile, write_copies
from core.machine import describe_machine
from core.services import Services
from core.settings import Settings
from tools.corpus import request_rows
from tools.corpus.search import Scope
from tools.corpus.store import CorpusStore
from tools.corpus.text import embed_text_of_comment, embed_text_of_post
from tools.patterns import outlier_patterns
from tools.requests import audience_requests

REQUEST_QUERIES: list[tuple[str, dict[str, str]]] = [
    ("", {"creator": "Alex Hawkers"}),
    ("", {}),
    ("spotify", {}),
    ("invitados", {"creator": "Alex Hawkers"}),
    ("professor exam", {}),
]
PATTERN_QUERIES: list[dict[str, str]] = [{"creator": "Nude Project"}, {}, {"platform": "youtube"}, {"creator": "Alex Hawkers"}]


def _ms(call: Callable[[], object], store: CorpusStore) -> float:
    store._query_vectors.clear()  # every timed query embeds its text with the model
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _summary(latencies: list[float]) -> dict[str, float]:
    return {"calls": len(latencies), "p50_ms": round(percentile(latencies, 0.5), 1), "p95_ms": round(percentile(latencies, 0.95), 1),
            "max_ms": round(max(latencies), 1), "mean_ms": round(statistics.mean(latencies), 1)}


def _known_vectors(settings: Settings, base: Services) -> dict[str, object]:
    """Embedded text -> vector for every comment and post of a store (same model as `base`)."""
    source = Services(settings)
    source.embedder = base.embedder  # type: ignore[misc]
    store = CorpusStore.open(source)
    texts: dict[str, str] = {}
    for row in store.connection.execute("SELECT id, text FROM comments WHERE user = ?", (store.user,)):
        texts[row[0]] = embed_text_of_comment(row[1])
    posts = store.posts_by_id(store.post_ids_where(Scope()))
    for post in posts.values():
        texts[post.id] = embed_text_of_post(post.title, post.caption, post.tags, post.transcript)
    known: dict[str, object] = {}
    for kind in ("comments", "posts"):
        ids = [item_id for item_id in texts if (item_id in posts) == (kind == "posts")]
        for item_id, vector in store.vectors_of(kind, ids).items():
            known[texts[item_id]] = vector
    store.close()
    return known


def _time_backfill(store: CorpusStore) -> float:
    """The first call on a store whose comments were imported before schema 3 (no readings)."""
    with store.lock:
        store.connection.execute("UPDATE comments SET request_score = NULL, request_kind = NULL, request_clause = NULL")
    assert request_rows.unread(store)
    elapsed = _ms(lambda: audience_requests(store, ""), store)
    assert not request_rows.unread(store)
    return round(elapsed, 1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--reddit-threads", type=int, default=30)
    parser.add_argument("--home", type=Path, help="keep (or reuse) the built store here")
    parser.add_argument("--vectors-from", type=Path, help="a HOOKLINE_HOME whose store already embedded these texts")
    parser.add_argument("--no-backfill", action="store_true", help="do not time the backfill of a pre-schema-3 store")
    args = parser.parse_args(argv)
    work = args.home or Path(tempfile.mkdtemp(prefix="hookline-bench-requests-"))
    base = Services(Settings(_env_file=None, home=work / "unused"))
    embedder = CachingEmbedder(base.embedder)
    if args.vectors_from:
        embedder.cache.update(_known_vectors(base.settings.model_copy(update={"home": args.vectors_from}), base))
        print(f"embedding cache: {len(embedder.cache)} texts from {args.vectors_from}", flush=True)
    print(f"machine: {json.dumps(describe_machine())}, load average at the start: {os.getloadavg()}", flush=True)
    services = Services(base.settings.model_copy(update={"home": work / "home"}))
    services.embedder = embedder  # type: ignore[misc]
    store = CorpusStore.open(services)
    started = time.perf_counter()
    if not store.counts()["comments"]:
        store.import_files(POST_FILES)
        copies = write_copies(work / "files", args.size, args.reddit_threads)
        copies_started = time.perf_counter()
        store.import_files(copies)
        print(f"built in {time.perf_counter() - started:.0f} s "
              f"(the copied comments' import: {time.perf_counter() - copies_started:.0f} s)", flush=True)
    counts = store.counts()
    print(f"store: {counts}", flush=True)
    embedder.caching = False  # timed queries go to the model directly
    first = _ms(lambda: audience_requests(store, ""), store)
    warm: list[float] = []
    for _ in range(args.repeats):
        for query, filters in REQUEST_QUERIES:
            warm.append(_ms(lambda q=query, f=filters: audience_requests(store, q, **f), store))  # type: ignore[misc]
    patterns: list[float] = []
    outlier_patterns(store)
    for _ in range(args.repeats):
        for filters in PATTERN_QUERIES:
            patterns.append(_ms(lambda f=filters: outlier_patterns(store, **f), store))  # type: ignore[misc]
    backfill = _time_backfill(store) if not args.no_backfill else None
    print(json.dumps({
        "comments": counts["comments"], "posts": counts["posts"],
        "requests_first_call_after_import_ms": round(first, 1),
        "requests_first_call_after_upgrade_backfill_ms": backfill,
        "requests": _summary(warm),
        "patterns": _summary(patterns),
    }), flush=True)
    print(f"load average at the end: {os.getloadavg()}", flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
