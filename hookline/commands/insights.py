"""`hookline insights QUERY`: what the audience says, clustered and weighted by likes and replies."""

from __future__ import annotations

import argparse
import json

from core.errors import InputError
from hookline.root import Root


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("insights", help="comment themes on a topic, weighted by likes and replies")
    parser.add_argument("query", metavar="QUERY", help="the topic (\"\" for all comments in scope)")
    parser.add_argument("--post", dest="post_id", metavar="ID", help="only comments on this post")
    parser.add_argument("--creator", help="only comments on this creator's posts")
    parser.add_argument("--limit", type=int, default=6, metavar="N", help="at most N themes (default 6)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, root: Root) -> int:
    from tools.insights import comment_insights
    from tools.language import describe_shares

    store = root.open_corpus()
    try:
        if not store.counts()["comments"]:
            raise InputError("The corpus has no comments. Import some first: hookline import PATH")
        report = comment_insights(store, args.query, post_id=args.post_id, creator=args.creator, limit=args.limit)
    finally:
        store.close()
    if args.json:
        payload = report.model_dump(mode="json", include={"total_comments", "clusters", "scope_comments", "languages"})
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    if not report.clusters:
        print("No comments match. Try a broader query, or check --post/--creator.")
        return 0
    languages = f" · {describe_shares(report.languages)}" if report.languages else ""
    print(f"{report.total_comments:,} relevant comments (of {report.scope_comments:,} in scope){languages}")
    for cluster in report.clusters:
        languages = f" · {describe_shares(cluster.languages)}" if cluster.languages else ""
        print(
            f"\n{cluster.id} {cluster.label}  [{cluster.category.replace('_', ' ')}]  "
            f"{cluster.engagement_share:.0%} of engagement · {cluster.size} comment(s) · sentiment {cluster.sentiment:+.2f}"
            f"{languages}"
        )
        for quote in cluster.quotes:
            text = quote.text.replace("\n", " ")
            print(f"   \"{text[:160]}\" ({quote.likes} likes, {quote.replies} replies) {quote.comment_id}")
    return 0
