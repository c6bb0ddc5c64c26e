"""`hookline requests [QUERY]`: what the audience asks the creator for, and whether it is made yet."""

from __future__ import annotations

import argparse
import json

from core.errors import InputError
from hookline.commands.trends import _date
from hookline.root import Root


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("requests", help="requests and questions to the creator in comments, by demand")
    parser.add_argument("query", metavar="QUERY", nargs="?", default="", help="a topic (omit for every comment in scope)")
    parser.add_argument("--creator", help="only comments on this creator's posts")
    parser.add_argument("--since", type=_date, metavar="DATE", help="only comments published on or after DATE")
    parser.add_argument("--limit", type=int, default=10, metavar="N", help="at most N requests (default 10)")
    parser.add_argument("--json", action="store_true", help="print the requests as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, root: Root) -> int:
    from tools.language import language_name
    from tools.requests import audience_requests

    store = root.open_corpus()
    try:
        if not store.counts()["comments"]:
            raise InputError("The corpus has no comments. Import some first: hookline import PATH")
        results = audience_requests(store, args.query, creator=args.creator, since=args.since, limit=args.limit)
    finally:
        store.close()
    if args.json:
        print(json.dumps([result.model_dump(mode="json") for result in results], ensure_ascii=False, indent=2))
        return 0
    if not results:
        print("No requests or questions to the creator found. Try a broader query, another creator or an earlier --since.")
        return 0
    for result in results:
        seen = ""
        if result.first_seen and result.last_seen:
            seen = f" · asked {result.first_seen.date().isoformat()} to {result.last_seen.date().isoformat()} ({result.trend.direction})"
        languages = f" · in {', '.join(language_name(code) for code in result.languages)}" if result.languages else ""
        print(f"\n{result.id} {result.label}")
        print(f"   {result.status.upper()} · demand {result.demand:.1f} · {result.comments} comment(s){seen}{languages}")
        for post in result.covered_by:
            print(f"   covered by {post.post_id}: {(post.title or '').replace(chr(10), ' ')[:90]} (similarity {post.similarity:.2f})")
        for quote in result.quotes[:3]:
            text = quote.text.replace("\n", " ")
            print(f"   \"{text[:160]}\" ({quote.likes} likes, {quote.replies} replies) {quote.comment_id}")
    return 0
