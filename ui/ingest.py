"""Uploads in the chat: brand examples build or update a kit, datasets are imported; both with
visible progress, then the kit card or the import summary (rejected rows included).

The brand a kit is for comes from the message the files came with when it names one. Otherwise
the chat asks, without blocking: the examples wait in the session, a short reply names them, and
any other message (files, a new request) is handled as usual while the question is asked once
more and then dropped, so nothing the user sends is swallowed by it.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import chainlit as cl

from hookline.accounts import ui_dir
from tools.brandkit.naming import brand_named_in, looks_like_a_name
from tools.corpus.guess import Guess, GuessesToConfirm
from ui import backends, render
from ui.chat import (
    AUTHOR,
    active_brand,
    brand_names,
    brand_store,
    current_user,
    say,
    send_settings,
    show_error,
    show_kit,
)
from ui.guessed_import import ask_to_confirm
from ui.streaming import run_with_events
from ui.uploads import (
    BRAND_EXAMPLE_TYPES,
    BRAND_POSTS_TYPES,
    MAX_BRAND_EXAMPLE_MB,
    Kind,
    Upload,
    discard_uploads,
    sort_uploads,
)

PROGRESS_EVERY_S = 0.3
IMPORTS = "imports"
"""Session key: the imports running in the background for this chat."""
PENDING_KIT = "pending_kit"
"""Session key: brand examples waiting for the name of their brand ({"uploads": [...], "asked": n})."""


def stage_uploads(elements: list[Any]) -> list[Upload]:
    """Copy each upload under its own file name (the stores read the type from the name)."""
    folder = ui_dir(backends.home()) / "uploads" / uuid.uuid4().hex
    staged = []
    for element in elements:
        source = Path(element.path)
        name = Path(element.name or source.name).name or "upload"
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
        staged.append(Upload(name=name, path=target, size=target.stat().st_size))
    return staged


async def handle_uploads(elements: list[Any], *, force: Kind | None = None, text: str = "") -> None:
    """Build a kit from brand examples and import datasets; `text` is the message they came with."""
    uploads = await asyncio.to_thread(stage_uploads, elements)
    waiting: list[Upload] = []
    try:
        sorted_uploads = sort_uploads(uploads, force=force)
        if sorted_uploads.problems:
            await say("\n\n".join(sorted_uploads.problems))
        if sorted_uploads.brand:
            named = brand_named_in(text, await brand_names()) if text else None
            if named or (active_brand() and force != "brand"):
                await build_kit(sorted_uploads.brand, render.kit_slug(named) if named else str(active_brand()))
            else:
                waiting = sorted_uploads.brand
                await ask_brand_name(waiting)
        if sorted_uploads.dataset:
            waiting = waiting + sorted_uploads.dataset  # the background import deletes them when it is done with them
            start_import(sorted_uploads.dataset)
    finally:
        await asyncio.to_thread(discard_uploads, [upload for upload in uploads if upload not in waiting])


async def ask_brand_name(uploads: list[Upload], *, again: bool = False) -> None:
    """Ask which brand the examples are for; they wait in the session for the answer."""
    previous = cl.user_session.get(PENDING_KIT)
    if previous and not again:
        await asyncio.to_thread(discard_uploads, previous["uploads"])  # a newer upload replaces the older question
    cl.user_session.set(PENDING_KIT, {"uploads": uploads, "asked": (previous or {}).get("asked", 0) + 1 if again else 1})
    names = ", ".join(upload.name for upload in uploads)
    kits = (await brand_names())[:3]
    lead = f"The brand examples you sent ({names}) still need their brand's name." if again else \
        f"Which brand are these examples for ({names})?"
    await say(f"{lead} Type its name, for example: Nude Project" + (", or pick a kit to update." if kits else "."),
              actions=[*(cl.Action(name="kit_for_examples", payload={"kit": kit}, label=f"Update {kit}") for kit in kits),
                       cl.Action(name="drop_examples", payload={}, label="Not now", icon="x")])


async def answer_brand_name(text: str) -> bool:
    """A typed reply to the pending brand question: build the kit and say True; anything else says False."""
    pending = cl.user_session.get(PENDING_KIT)
    if not pending:
        return False
    named = brand_named_in(text, await brand_names()) or (text.strip() if looks_like_a_name(text) else None)
    if not named or not render.kit_slug(named):
        return False
    await build_pending_kit(render.kit_slug(named))
    return True


async def build_pending_kit(name: str) -> None:
    pending = cl.user_session.get(PENDING_KIT)
    cl.user_session.set(PENDING_KIT, None)
    if not pending:
        await say("Those brand examples are no longer here. Upload them again with the brand's name.")
        return
    try:
        await build_kit(pending["uploads"], name)
    finally:
        await asyncio.to_thread(discard_uploads, pending["uploads"])


async def drop_pending_kit(reason: str) -> None:
    pending = cl.user_session.get(PENDING_KIT)
    cl.user_session.set(PENDING_KIT, None)
    if pending:
        await asyncio.to_thread(discard_uploads, pending["uploads"])
        await say(reason)


async def remind_or_drop_pending_kit() -> None:
    """After a message that did not answer the brand question: ask once more, then let the examples go."""
    pending = cl.user_session.get(PENDING_KIT)
    if not pending:
        return
    if pending["asked"] >= 2:
        names = ", ".join(upload.name for upload in pending["uploads"])
        await drop_pending_kit(f"I set aside the brand examples ({names}) without building a kit. Upload them again "
                               "with the brand's name in your message when you are ready, e.g. \"our brand (Tidewater)\".")
        return
    await ask_brand_name(pending["uploads"], again=True)


async def ask_for_brand_examples() -> None:
    """The "Build my brand kit" starter: ask for examples, then build."""
    types = BRAND_EXAMPLE_TYPES + BRAND_POSTS_TYPES
    files = await cl.AskFileMessage(
        content="Upload a few brand examples: a style guide, past posts or scripts, product images "
                f"({', '.join(types)}). Hookline learns the voice, words to avoid, palette and hooks from them.",
        accept={"*/*": list(types)},  # any MIME type (browsers disagree on .md), these extensions
        max_files=10, max_size_mb=MAX_BRAND_EXAMPLE_MB, timeout=600,
    ).send()
    if files:
        await handle_uploads(files, force="brand")


class Progress:
    """A message showing a long job's progress, fed from the worker thread's callback."""

    def __init__(self, label: str, note: str = "") -> None:
        self.label = label
        self.note = note
        """Said under the progress while the job runs (e.g. that the chat stays free)."""
        self.message = cl.Message(content=self._with_note(f"{label} \u2014 starting\u2026"), author=AUTHOR)
        self._shown_at = 0.0

    def _with_note(self, line: str) -> str:
        return f"{line}\n\n_{self.note}_" if self.note else line

    async def start(self) -> None:
        await self.message.send()

    async def handle(self, event: tuple[Any, ...]) -> None:
        """`(stage, done, total)` from an import, or `(message,)` from a kit build."""
        if len(event) >= 3:
            stage, done, total = event[:3]
            finished = bool(total) and done >= total
            line = render.progress_line(self.label, str(stage), int(done or 0), total)
        else:
            finished, line = False, f"{self.label} \u2014 {' '.join(str(part) for part in event)}\u2026"
        if time.monotonic() - self._shown_at < PROGRESS_EVERY_S and not finished:
            return
        self._shown_at = time.monotonic()
        self.message.content = self._with_note(line)
        await self.message.update()

    async def finish(self, text: str) -> None:
        self.message.content = f"{self.label} \u2014 {text}"
        await self.message.update()


async def build_kit(uploads: list[Upload], name: str) -> None:
    """Build (or update) the kit `name` from the examples."""
    store = await brand_store()
    progress = Progress(f"Building the **{name}** brand kit from {len(uploads)} file(s)")
    await progress.start()
    try:
        kit = await run_with_events(
            lambda sink: store.build(name, [upload.path for upload in uploads], progress=lambda *args: sink(args)),
            progress.handle,
        )
    except Exception:
        await progress.finish("stopped.")
        raise
    await progress.finish("done.")
    await send_settings(kit.name)
    await show_kit(kit, f"The **{kit.name}** brand kit is ready (version {kit.version}) and active now.")


def start_import(uploads: list[Upload], guesses: Mapping[str, Guess] | None = None) -> None:
    """Import in the background: the chat answers other messages meanwhile, and the progress line
    and then the summary appear when they are ready. The task deletes the files when done with them."""

    async def run() -> None:
        kept = False
        try:
            kept = not await import_dataset(uploads, guesses)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - shown to the user as a sentence, logged in full
            await show_error(error)
        finally:
            if not kept:  # files whose columns wait for the user's go-ahead stay until then
                await asyncio.to_thread(discard_uploads, uploads)

    running: set[asyncio.Task[None]] = cl.user_session.get(IMPORTS) or set()
    task = asyncio.create_task(run())  # copies Chainlit's context: its messages go to this chat
    running.add(task)
    task.add_done_callback(running.discard)  # a reference, so the task is not collected mid-import
    cl.user_session.set(IMPORTS, running)


async def import_dataset(uploads: list[Upload], guesses: Mapping[str, Guess] | None = None) -> bool:
    """Import data files; False when some of their columns had to be guessed and the files now wait
    for the user to confirm the guess (ui/guessed_import.py). `guesses` are guesses already confirmed."""
    store = await asyncio.to_thread(backends.corpus_store, current_user())
    names = ", ".join(upload.name for upload in uploads)
    progress = Progress(f"Importing **{names}**", note="You can keep chatting meanwhile; the summary follows here.")
    await progress.start()
    try:
        report = await run_with_events(
            lambda sink: store.import_files([upload.path for upload in uploads], progress=lambda *args: sink(args),
                                            guesses=guesses),
            progress.handle,
        )
    except GuessesToConfirm as asked:
        await progress.finish("waiting for you to check the columns.")
        await ask_to_confirm(uploads, asked)
        return False
    except Exception:
        await progress.finish("stopped.")
        raise
    await progress.finish("done.")
    await say(render.import_summary_markdown(report, folder=str(uploads[0].path.parent)))
    return True
