"""`hookline ui`: serve the web chat (Chainlit) on 127.0.0.1."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from hookline.accounts import ensure_auth_secret, ui_dir
from hookline.root import Root

APP_ROOT = Path(__file__).resolve().parents[2]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("ui", help="serve the web chat on http://127.0.0.1:PORT")
    parser.add_argument("--port", type=int, help="port (default: HOOKLINE_UI_PORT or 8000)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, root: Root) -> int:
    port = args.port or root.settings.ui_port
    settings = root.settings
    settings.ensure_home()
    print(f"Hookline web chat on http://{args.host}:{port} (Ctrl+C to stop)", flush=True)
    if settings.auth == "password":
        from hookline.accounts import UserStore

        if not UserStore.open(settings.home).names():
            print("No accounts yet: create one with `hookline user add NAME`, then sign in.", flush=True)
    else:
        print(f"Signed in automatically as {settings.user!r} (set HOOKLINE_AUTH=password for accounts).", flush=True)
    # The server runs from the app root, so a relative data folder must be pinned first.
    os.environ["HOOKLINE_HOME"] = str(root.settings.home.resolve())
    ensure_auth_secret(settings.home)  # in the environment the server inherits: Chainlit signs sessions with it
    # Chainlit reads chainlit.md, .chainlit/ and public/ from its app root, and deletes the app root's .files/
    # (every session's uploads) when it stops: each server gets its own root, so stopping one never breaks another.
    server_root = _server_root(settings.home)
    os.environ["CHAINLIT_APP_ROOT"] = str(server_root)
    os.chdir(server_root)
    os.execv(
        sys.executable,
        [sys.executable, "-m", "chainlit", "run", str(APP_ROOT / "ui" / "app.py"),
         "--host", args.host, "--port", str(port), "--headless"],
    )
    return 0  # pragma: no cover - execv does not return


def _server_root(home: Path) -> Path:
    """HOOKLINE_HOME/ui/servers/<pid>/: links to the app's chainlit.md, .chainlit/ and public/. The pid stays the
    server's (execv keeps it); folders of servers that are gone are removed first."""
    servers = ui_dir(home) / "servers"
    servers.mkdir(parents=True, exist_ok=True)
    for folder in servers.iterdir():
        if folder.name.isdigit() and not _alive(int(folder.name)):
            shutil.rmtree(folder, ignore_errors=True)
    root = servers / str(os.getpid())
    root.mkdir(exist_ok=True)
    for name in ("chainlit.md", ".chainlit", "public"):
        link = root / name
        if not link.is_symlink():
            link.symlink_to(APP_ROOT / name)
    return root


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
