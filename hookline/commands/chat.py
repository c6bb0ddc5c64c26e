"""`hookline chat`: a terminal chat on the same graph; the conversation survives a restart."""

from __future__ import annotations

import argparse
import sys
import uuid
from pathlib import Path

from agent.session import AgentSession
from core.errors import HooklineError
from core.identity import user_state_dir
from core.services import Services
from hookline.commands._agent_output import print_questions, progress_printer
from hookline.root import Root

HELP = """Commands: /new (start over), /revise shorter|punchier_hook|regenerate, /repurpose [caption,thread,voice_read,email_teaser] (default: all four),
/approve, /accept RULE (save a proposed brand rule), /quit. Anything else is a message."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("chat", help="chat with Hookline in the terminal")
    parser.add_argument("--brand", help="the brand kit to follow")
    parser.add_argument("--new", action="store_true", help="start a new conversation instead of resuming the last one")
    parser.set_defaults(handler=run)


def _thread_file(services: Services) -> Path:
    """The user's own last-thread file: another user's `chat --new` never moves it."""
    settings = services.settings
    return user_state_dir(settings.ensure_home(), settings.user) / "cli_thread"


def _current_thread(services: Services, fresh: bool) -> tuple[str, bool]:
    path = _thread_file(services)
    if not fresh and path.is_file() and path.read_text().strip():
        return path.read_text().strip(), True
    thread_id = f"cli-{uuid.uuid4().hex[:12]}"
    path.write_text(thread_id)
    return thread_id, False


def _handle(session: AgentSession, thread_id: str, line: str, brand: str | None) -> str | None:
    """Runs one input line; returns a new thread id when the user starts over."""
    on_event = progress_printer(stream_tokens=True)
    command, _, argument = line.partition(" ")
    if command == "/revise":
        result = session.revise(thread_id, argument.strip() or "regenerate", on_event=on_event)  # type: ignore[arg-type]
    elif command == "/repurpose":
        from tools.repurpose.models import FORMAT_KINDS
        from tools.repurpose.render import print_columns

        kinds = [kind.strip() for kind in argument.replace(" ", ",").split(",") if kind.strip()] or list(FORMAT_KINDS)
        print_columns(session.repurpose(thread_id, kinds))
        return None
    elif command == "/approve":
        session.approve(thread_id)
        print("Saved to memory.")
        return None
    elif command == "/accept":
        session.accept_rule(thread_id, argument.strip())
        print("Rule saved to the brand kit.")
        return None
    else:
        result = session.send(thread_id, line, brand=brand, on_event=on_event)
    print()
    if result.questions:
        print_questions(result.questions)
    if result.proposed_rule:
        print(f"Make this a brand rule? /accept {result.proposed_rule}")
    return None


def run(args: argparse.Namespace, root: Root) -> int:
    root.require_brand(args.brand)
    thread_id, resumed = _current_thread(root.services, args.new)
    session = root.open_agent()
    try:
        if resumed:
            history = session.history(thread_id)
            print(f"Resuming conversation {thread_id} ({len(history)} messages). /new starts over.")
            for turn in history[-4:]:
                print(f"{'you' if turn['role'] == 'user' else 'hookline'}: {turn['content'][:300]}")
            if session.pending_questions(thread_id):
                print_questions(session.pending_questions(thread_id))
        print(HELP)
        for raw in sys.stdin:
            line = raw.strip()
            if not line:
                continue
            if line in ("/quit", "/exit"):
                break
            if line == "/new":
                thread_id, _ = _current_thread(root.services, fresh=True)
                print("Started a new conversation.")
                continue
            try:
                _handle(session, thread_id, line, args.brand)
            except HooklineError as error:
                print(f"hookline: {error}", file=sys.stderr)
    finally:
        session.close()
    return 0
