"""Showing an import's progress: a rich progress bar on a terminal, nothing otherwise.

The store reports `progress(stage, done, total)`; the UI turns the same calls into steps.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

ProgressCallback = Callable[[str, int, int | None], None]

STAGE_LABELS = {
    "read": "reading files",
    "parse": "parsing",
    "write": "writing records",
    "embed posts": "embedding posts",
    "embed comments": "embedding comments",
}


@contextmanager
def terminal_progress(stream: TextIO | None = None) -> Iterator[ProgressCallback | None]:
    """A callback drawing a bar per stage on `stream` (stderr) when it is a terminal; else None."""
    stream = stream or sys.stderr
    if not stream.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(file=stream),
        transient=True,
    ) as bar:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(STAGE_LABELS.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update
