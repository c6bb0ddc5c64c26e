"""`hookline map QUERY --out FILE.png`: the theme map (PNG, and an interactive HTML beside it)."""

from __future__ import annotations

import argparse
from pathlib import Path

from core.errors import InputError
from hookline.root import Root


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("map", help="draw the theme map of posts or comment clusters (PNG + HTML)")
    parser.add_argument("query", metavar="QUERY", help="the topic (\"\" for everything in scope)")
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.png", help="the PNG to write")
    parser.add_argument("--kind", choices=("posts", "comments"), default="posts", help="map posts (default) or comment themes")
    parser.add_argument("--creator", help="a creator's name, handle or id")
    parser.add_argument("--platform", choices=("youtube", "tiktok", "reddit", "csv"))
    parser.add_argument("--post", dest="post_id", metavar="ID", help="comments of this post (with --kind comments)")
    parser.add_argument("--limit", type=int, default=6, metavar="N", help="comment themes (with --kind comments)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, root: Root) -> int:
    from tools.theme_map import theme_map

    store = root.open_corpus()
    try:
        if not store.counts()["posts"]:
            raise InputError("The corpus is empty. Import data first: hookline import PATH")
        result = theme_map(
            store, args.query, args.out, kind=args.kind, creator=args.creator, platform=args.platform,
            post_id=args.post_id, limit=args.limit,
        )
    finally:
        store.close()
    print(f"{result.points} points, {result.highlighted} highlighted: {result.png} and {result.html}")
    return 0
