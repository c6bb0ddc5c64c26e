"""`hookline ui`: serve the web chat (Chainlit) on 127.0.0.1."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from hookline.services import Services

APP_ROOT = Path(__file__).resolve().parents[2]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("ui", help="serve the web chat on http://127.0.0.1:PORT")
    parser.add_argument("--port", type=int, help="port (default: HOOKLINE_UI_PORT or 8000)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, services: Services) -> int:
    port = args.port or services.settings.ui_port
    settings = services.settings
    settings.ensure_home()
    print(f"Hookline web chat on http://{args.host}:{port} (Ctrl+C to stop)", flush=True)
    if settings.auth == "password":
        from ui.auth import UserStore

        if not UserStore.open(settings.home).names():
            print("No accounts yet: create one with `hookline user add NAME`, then sign in.", flush=True)
    else:
        print(f"Signed in automatically as {settings.user!r} (set HOOKLINE_AUTH=password for accounts).", flush=True)
    # The server runs from the app root, so a relative data folder must be pinned first.
    os.environ["HOOKLINE_HOME"] = str(services.settings.home.resolve())
    # Chainlit reads chainlit.md, .chainlit/ and public/ from the working directory.
    os.chdir(APP_ROOT)
    os.execv(
        sys.executable,
        [sys.executable, "-m", "chainlit", "run", str(APP_ROOT / "ui" / "app.py"),
         "--host", args.host, "--port", str(port), "--headless"],
    )
    return 0  # pragma: no cover - execv does not return
