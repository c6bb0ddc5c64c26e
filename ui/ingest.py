"""Uploads in the chat: brand examples build or update a kit, datasets are imported; both with
visible progress, then the kit card or the import summary (rejected rows included)."""

from __future__ import annotations

import asyncio
import time
import uuid
from pathlib import Path
from typing import Any

import chainlit as cl

from ui import backends, render
from ui.auth import ui_dir
from ui.chat import AUTHOR, active_brand, brand_store, current_user, say, send_settings, show_kit
from ui.streaming import run_with_events
from ui.uploads import BRAND_EXAMPLE_TYPES, BRAND_POSTS_TYPES, MAX_BRAND_EXAMPLE_MB, Kind, Upload, sort_uploads

PROGRESS_EVERY_S = 0.3


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


def _discard(uploads: list[Upload]) -> None:
    for upload in uploads:
        upload.path.unlink(missing_ok=True)
    for folder in {upload.path.parent for upload in uploads}:
        try:
            folder.rmdir()
        except OSError:
            pass


async def handle_uploads(elements: list[Any], *, force: Kind | None = None) -> None:
    uploads = await asyncio.to_thread(stage_uploads, elements)
    try:
        sorted_uploads = sort_uploads(uploads, force=force)
        if sorted_uploads.problems:
            await say("\n\n".join(sorted_uploads.problems))
        if sorted_uploads.brand:
            await build_kit(sorted_uploads.brand, ask_name=force == "brand")
        if sorted_uploads.dataset:
            await import_dataset(sorted_uploads.dataset)
    finally:
        await asyncio.to_thread(_discard, uploads)


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

    def __init__(self, label: str) -> None:
        self.label = label
        self.message = cl.Message(content=f"{label} \u2014 starting\u2026", author=AUTHOR)
        self._shown_at = 0.0

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
        self.message.content = line
        await self.message.update()

    async def finish(self, text: str) -> None:
        self.message.content = f"{self.label} \u2014 {text}"
        await self.message.update()


async def build_kit(uploads: list[Upload], *, ask_name: bool) -> None:
    """Build (or update) a kit: the active brand's, or one the user names."""
    name = active_brand()
    if ask_name or not name:
        hint = f" (or `{name}` to update the active kit)" if name else ""
        reply = await cl.AskUserMessage(
            content=f"Which brand are these examples for? Type its name, for example: Nude Project{hint}.", timeout=300
        ).send()
        name = render.kit_slug((reply or {}).get("output", ""))
        if not name:
            await say("No brand name, so no kit was built. Upload the examples again when you are ready.")
            return
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


async def import_dataset(uploads: list[Upload]) -> None:
    store = await asyncio.to_thread(backends.corpus_store, current_user())
    names = ", ".join(upload.name for upload in uploads)
    progress = Progress(f"Importing **{names}**")
    await progress.start()
    try:
        report = await run_with_events(
            lambda sink: store.import_files([upload.path for upload in uploads], progress=lambda *args: sink(args)),
            progress.handle,
        )
    except Exception:
        await progress.finish("stopped.")
        raise
    await progress.finish("done.")
    await say(render.import_summary_markdown(report, folder=str(uploads[0].path.parent)))
