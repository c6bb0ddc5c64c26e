"""Data files of no known layout, in the chat: the guess of their columns shown as a table, with one
button to import it, one to change a column, and one to cancel.

The files wait in the session until a button is clicked (or the chat ends); other messages are
handled as usual meanwhile. The guess itself comes from tools/corpus/guess.py, the same one
`hookline import` prints; a change is `field=column` (or `creator=Name` for posts that name no
creator) and is checked against the file's own columns before it is kept.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import chainlit as cl

from core.errors import InputError
from tools.corpus.guess import Guess, GuessesToConfirm
from ui.chat import say
from ui.uploads import Upload, discard_uploads

_CHANGE = re.compile(r"`?\s*[A-Za-z][A-Za-z_ ]{1,30}\s*=[^\n=]{0,120}`?")
"""What a typed column change looks like: `views=Total views`, `likes=`, `creator=Our channel`."""
PENDING_IMPORT = "pending_import"
"""Session key: {"uploads": [Upload], "guesses": {file: Guess}} waiting for the user's go-ahead."""


def guess_markdown(guess: Guess) -> str:
    """One file's guess as a short paragraph and a table a person can check at a glance."""
    name = Path(guess.display).name
    rows = [f"| {_cell(item.shown)} | **{item.field}** |" for item in guess.placements if item.field]
    rows += [f"| {_cell(item.shown)} | not imported ({_cell(item.reason)}) |" for item in guess.placements if not item.field]
    lines = [f"**{name}**: read as {guess.kind.replace('+', ' and ')}.", "", "| Column | Imported as |", "|---|---|", *rows]
    if guess.creator:
        lines += ["", f"No column names the creator: its posts are filed under **{guess.creator}** "
                      "(change it with `creator=Your channel`)."]
    return "\n".join(lines)


async def ask_to_confirm(uploads: list[Upload], asked: GuessesToConfirm) -> None:
    """Keep the files and show every guess with the buttons that decide it."""
    await drop_pending_import("")  # a newer upload replaces an older unanswered one
    guesses = {item.guess.display: item.guess for item in asked.asked}
    cl.user_session.set(PENDING_IMPORT, {"uploads": uploads, "guesses": guesses})
    others = ", ".join(Path(name).name for name in asked.others)
    known = f" ({others} I can read as is; it waits with them.)" if others else ""
    await show_guesses(f"I don't know the layout of {_names(guesses)}, so here is my guess of its columns. "
                       f"Nothing is imported until you say so.{known}")


async def show_guesses(lead: str) -> None:
    pending = cl.user_session.get(PENDING_IMPORT)
    if not pending:
        return
    tables = "\n\n".join(guess_markdown(guess) for guess in pending["guesses"].values())
    await say(f"{lead}\n\n{tables}", actions=[
        cl.Action(name="import_guessed", payload={}, label="Import as shown", icon="check"),
        cl.Action(name="change_import_column", payload={}, label="Change a column", icon="pencil"),
        cl.Action(name="drop_import", payload={}, label="Cancel", icon="x"),
    ])


async def explain_column_change() -> None:
    """The "Change a column" button: say how; the next typed `field=column` is the change.

    (A typed message rather than a question inside the button's callback: Chainlit leaves its stop
    button on after a question asked from a button, Chainlit issue #2209.)"""
    if not cl.user_session.get(PENDING_IMPORT):
        await say("Those files are no longer here. Upload them again.")
        return
    await say("Type the change as `field=column`, for example `views=Total views`, `likes=` to leave a field out, "
              "or `creator=Your channel` to name whose posts these are.")


async def answer_column_change(text: str) -> bool:
    """A typed `field=column` while files wait for their columns: apply it and show the guess again.
    Any other message says False and is handled as usual; the files keep waiting."""
    pending = cl.user_session.get(PENDING_IMPORT)
    if not pending or not _CHANGE.fullmatch(text.strip()):
        return False
    edit = text.strip().strip("`")
    try:
        pending["guesses"] = apply_change(pending["guesses"], edit)
    except InputError as error:
        await show_guesses(f"{error} Nothing changed.")
        return True
    cl.user_session.set(PENDING_IMPORT, pending)
    await show_guesses(f"Changed: `{edit}`.")
    return True


def apply_change(guesses: dict[str, Guess], edit: str) -> dict[str, Guess]:
    """Every file the change fits gets it; when it fits none, the first file's reason is raised."""
    changed, first_error = dict(guesses), None
    for display, guess in guesses.items():
        try:
            changed[display] = guess.changed(edit)
        except InputError as error:
            first_error = first_error or error
    if changed == guesses and first_error is not None:
        raise first_error
    return changed


def take_pending_import() -> dict[str, Any] | None:
    pending = cl.user_session.get(PENDING_IMPORT)
    cl.user_session.set(PENDING_IMPORT, None)
    return pending


async def drop_pending_import(reason: str) -> None:
    pending = take_pending_import()
    if pending:
        await asyncio.to_thread(discard_uploads, pending["uploads"])
        if reason:
            await say(reason)


def _names(guesses: dict[str, Guess]) -> str:
    names = [Path(display).name for display in guesses]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
