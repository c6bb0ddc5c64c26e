"""`hookline memory`: what Hookline remembers about you and a brand, and forgetting it.

The same memories as the web chat's "What do you remember about me?": your answers to its
questions (so it does not ask them again), your briefs and the scripts you approved.
"""

from __future__ import annotations

import argparse
import json
import time

from core.errors import NotFoundError
from hookline.root import Root


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("memory", help="list what Hookline remembers about you and a brand, or forget it")
    parser.add_argument("--brand", help="the brand kit's memories (default: those of drafts made without a kit)")
    forget = parser.add_mutually_exclusive_group()
    forget.add_argument("--forget", metavar="KEY", help="forget one memory (its key is in the list)")
    forget.add_argument("--forget-all", action="store_true", help="forget every memory of this brand")
    parser.add_argument("--json", action="store_true", help="print the memories as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, root: Root) -> int:
    session = root.open_agent()
    try:
        if args.forget:
            if not session.forget(args.brand, args.forget):
                raise NotFoundError(f"No memory {args.forget!r} for {_whose(args.brand)}. List them: hookline memory"
                                    + (f" --brand {args.brand}" if args.brand else ""))
            print(f"Forgotten: {args.forget}")
            return 0
        if args.forget_all:
            keys = [memory.key for memory in session.memories(args.brand, limit=10_000)]
            print(f"Forgotten: {sum(session.forget(args.brand, key) for key in keys)} memories of {_whose(args.brand)}.")
            return 0
        memories = session.memories(args.brand)
    finally:
        session.close()
    if args.json:
        print(json.dumps([memory.model_dump() for memory in memories], ensure_ascii=False, indent=2))
        return 0
    if not memories:
        print(f"Nothing remembered about {_whose(args.brand)} yet.")
        return 0
    print(f"What Hookline remembers about {_whose(args.brand)}, newest first:")
    for memory in memories:
        when = time.strftime("%Y-%m-%d", time.localtime(memory.at)) if memory.at else "earlier"
        print(f"  {memory.key}  {when}  {memory.text[:150]}")
    print("Forget one with: hookline memory --forget KEY" + (f" --brand {args.brand}" if args.brand else ""))
    return 0


def _whose(brand: str | None) -> str:
    return f"you and {brand}" if brand else "you (drafts without a brand kit)"
