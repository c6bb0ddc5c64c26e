"""`hookline trends QUERY`: posts on a topic that beat their creator's normal views."""

from __future__ import annotations

import argparse
import json
from datetime import date

from core.errors import InputError
from hookline.root import Root


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2024-01-31") from None


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "trends", help="find outlier posts on a topic (views vs the creator's median at a similar age)"
    )
    parser.add_argument("query", metavar="QUERY", help="the topic (\"\" for every post)")
    parser.add_argument("--creator", help="a creator's name, handle or id")
    parser.add_argument("--platform", choices=("youtube", "tiktok", "reddit", "csv"))
    parser.add_argument("--since", type=_date, metavar="DATE", help="only posts published on or after DATE")
    parser.add_argument("--limit", type=int, default=10, metavar="N")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, root: Root) -> int:
    from tools.trends import search_trends

    store = root.open_corpus()
    try:
        if not store.counts()["posts"]:
            raise InputError("The corpus is empty. Import data first: hookline import PATH")
        results = search_trends(
            store, args.query, creator=args.creator, platform=args.platform, since=args.since, limit=args.limit
        )
    finally:
        store.close()
    if args.json:
        print(json.dumps([result.model_dump(mode="json") for result in results], ensure_ascii=False, indent=2))
        return 0
    if not results:
        print("No posts match. Try a broader query or fewer filters.")
        return 0
    for rank, result in enumerate(results, start=1):
        published = result.published_at.date().isoformat() if result.published_at else "undated"
        title = (result.title or "(untitled)").replace("\n", " ")
        print(f"{rank:>2}. {title[:90]}")
        print(f"    {result.why}")
        if result.repeat_creators:
            others = "creator" if result.repeat_creators == 1 else "creators"
            print(f"    {result.repeat_creators} other {others} also beat their normal on this topic")
        print(f"    {result.post_id} · {result.platform} · {published}" + (f" · {result.url}" if result.url else ""))
    return 0
