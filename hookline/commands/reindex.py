"""`hookline reindex`: embed the corpus again with the configured embedder (after switching embedders)."""

from __future__ import annotations

import argparse
import sys
import time

from hookline.root import Root


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "reindex",
        help="embed every post and comment again with the configured embedder, in place (stop it and run it again "
        "to go on)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, root: Root) -> int:
    from tools.corpus import integrity

    store = root.open_corpus()
    started = time.monotonic()
    last = [0.0]

    def progress(stage: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        if stage == "reembed" and now - last[0] >= 2.0:
            last[0] = now
            print(f"  embedding {done:,}" + (f" of {total:,}" if total else ""), file=sys.stderr, flush=True)

    try:
        result = integrity.reembed(store, progress)
    finally:
        store.close()
    dropped = f"; vectors made with another embedder were dropped for: {', '.join(result.dropped)}" if result.dropped else ""
    print(f"Re-embedded {result.embedded:,} post(s) and comment(s) with {store.embedder.name} "
          f"in {time.monotonic() - started:.0f} s{dropped}.")
    return 0
