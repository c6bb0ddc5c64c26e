"""`hookline patterns`: which title, hook and timing features go with outlier posts (correlation)."""

from __future__ import annotations

import argparse
import json

from core.errors import InputError
from hookline.root import Root


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("patterns", help="what outliers have in common: feature effects with 95%% intervals")
    parser.add_argument("--creator", help="only this creator's posts")
    parser.add_argument("--platform", choices=("youtube", "tiktok", "reddit", "csv"))
    parser.add_argument("--limit", type=int, default=20, metavar="N", help="at most N features (default 20)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, root: Root) -> int:
    from tools.patterns import outlier_patterns

    store = root.open_corpus()
    try:
        if not store.counts()["posts"]:
            raise InputError("The corpus is empty. Import data first: hookline import PATH")
        report = outlier_patterns(store, creator=args.creator, platform=args.platform, limit=args.limit)
    finally:
        store.close()
    if args.json:
        print(json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return 0
    if not report.patterns:
        print(
            f"Not enough posts to compare ({report.posts} with an outlier score; each feature needs at least 10 "
            "posts with it and 10 without). Import more posts or widen the filters."
        )
        return 0
    print(f"{report.posts:,} posts with an outlier score" + (f" ({report.skipped_too_young} too young to judge)" if report.skipped_too_young else ""))
    print(report.caveat)
    for item in report.patterns:
        marker = "*" if item.clear else " "
        print(
            f"{marker} {item.effect:>5.2f}x  [{item.ci_low:.2f}-{item.ci_high:.2f}]  {item.feature}  "
            f"({item.n_with} with, {item.n_without} without; median score {item.median_with:.2f} vs {item.median_without:.2f})"
        )
    print("* the 95% interval excludes 1x")
    return 0
