"""`hookline repurpose DRAFT.json`: the script as a caption, a thread, a voice-over read and an email
teaser, side by side with the original, each with citations kept, length limits and brand score."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from core.errors import InputError
from hookline.root import Root

FORMATS = ("caption", "thread", "voice_read", "email_teaser")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("repurpose", help="turn a draft into a caption, thread, voice-over read and email teaser")
    parser.add_argument("source", type=Path, metavar="DRAFT.json", help="a draft as written by `hookline draft --json`")
    parser.add_argument("--formats", default=",".join(FORMATS), metavar="LIST",
                        help=f"comma-separated, from: {', '.join(FORMATS)} (default: all)")
    parser.add_argument("--brand", help="the brand kit to check against (default: the draft's brand, if any)")
    parser.add_argument("--platform", help="the platform whose limits apply (default: the draft's)")
    parser.add_argument("--rewrite", action="store_true",
                        help="let the chat model rewrite each format (kept only if it passes the checks)")
    parser.add_argument("--markdown", type=Path, metavar="FILE.md", help="also write the side-by-side view as markdown")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, root: Root) -> int:
    from tools.repurpose.checks import BrandGate
    from tools.repurpose.render import print_columns, to_markdown
    from tools.repurpose.run import repurpose
    from tools.repurpose.source import load_source, platform_key

    kinds = [kind.strip() for kind in args.formats.split(",") if kind.strip()]
    if not kinds:
        raise InputError(f"--formats is empty; choose from: {', '.join(FORMATS)}.")
    source = load_source(args.source)
    if args.platform:
        key = platform_key(args.platform)
        if key == "other" and args.platform.lower() != "other":
            raise InputError(f"Unknown platform {args.platform!r}; use one of tiktok, instagram_reels, youtube_shorts, youtube, linkedin, x, podcast, other.")
        source.platform = key
    brand_name = args.brand or source.brand
    gate, summary = None, ""
    if brand_name:

        store = root.open_brands()
        kit = store.get(brand_name)  # NotFoundError says which kits exist
        source.brand = brand_name
        gate, summary = BrandGate(kit=kit, store=store), kit.summary()
    result = repurpose(source, kinds=kinds, brand=gate, model=root.services.chat_model if args.rewrite else None,
                       brand_summary=summary)
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(to_markdown(result), encoding="utf-8")
    if args.json:
        print(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        print_columns(result)
        if args.markdown:
            print(f"Wrote {args.markdown}")
    return 0
