"""`hookline import PATH...`: import posts and comments (YouTube, TikTok, Reddit, any CSV)."""

from __future__ import annotations

import argparse
import json
import sys

from hookline.services import Services


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import posts and comments from exports (files or folders)",
        description="Import YouTube Data API exports (CSV folders or API JSON), TikTok exports (GESIS CSV, "
        "scraper JSON), Reddit threads (JSON lines), or any CSV through --map. Bad rows are reported as "
        "file:line: reason; a file that cannot be read changes nothing.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to import")
    parser.add_argument(
        "--format", dest="fmt", default="auto", choices=("auto", "youtube", "tiktok", "reddit", "csv"),
        help="the export format (default: detected from the content)",
    )
    parser.add_argument(
        "--map", dest="mapping", metavar="FIELD=COLUMN,...",
        help="columns of a generic CSV, e.g. post_id=video,creator=channel,title=title,views=views,"
        "text=comment,likes=likes,reply_count=replies",
    )
    parser.add_argument("--creator", help="the channel's name, for files that do not say it")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, services: Services) -> int:
    from tools.corpus.progress import terminal_progress
    from tools.corpus.store import CorpusStore

    store = CorpusStore.open(services)
    try:
        with terminal_progress() as bar:

            def progress(stage: str, done: int, total: int | None) -> None:
                if stage.startswith("waiting"):  # said even when stderr is not a terminal
                    print(f"hookline: {stage}...", file=sys.stderr, flush=True)
                elif bar is not None:
                    bar(stage, done, total)

            report = store.import_files(args.paths, args.fmt, args.mapping, progress, creator=args.creator)
    finally:
        store.close()
    if args.json:
        payload = {
            "format": report.format,
            "imported": report.imported.model_dump(),
            "rejected": [rejection.model_dump() for rejection in report.rejected],
            "added": report.added.model_dump(),
            "files": [item.model_dump() for item in report.files],
            "skipped": report.skipped,
            "warnings": report.warnings,
            "embedded": report.embedded,
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        counts, added = report.imported, report.added
        print(
            f"Imported {report.format}: {counts.creators:,} creator(s), {counts.posts:,} post(s), "
            f"{counts.comments:,} comment(s) ({added.posts:,} posts and {added.comments:,} comments new; "
            f"{report.embedded:,} texts embedded in {report.seconds:.1f} s)."
        )
        for line in report.skipped:
            print(f"skipped: {line}")
        for line in report.warnings:
            print(f"warning: {line}", file=sys.stderr)
        if report.rejected:
            print(f"{len(report.rejected):,} row(s) rejected:", file=sys.stderr)
            for rejection in report.rejected:
                print(f"  {rejection}", file=sys.stderr)
    nothing = not (report.imported.posts or report.imported.comments)
    return 1 if nothing and report.rejected else 0
