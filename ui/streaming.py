"""Bridges a blocking token iterator (the chat-model seam is synchronous) into async code."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TypeVar

ItemT = TypeVar("ItemT")
_DONE = object()


async def iterate_in_thread(make_iterator: Callable[[], Iterator[ItemT]]) -> AsyncIterator[ItemT]:
    """Run `make_iterator()` in a worker thread and yield its items as they arrive."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[object] = asyncio.Queue()

    def produce() -> None:
        try:
            for item in make_iterator():
                loop.call_soon_threadsafe(queue.put_nowait, item)
        except BaseException as error:  # handed to the consumer, which re-raises it
            loop.call_soon_threadsafe(queue.put_nowait, error)
        finally:
            loop.call_soon_threadsafe(queue.put_nowait, _DONE)

    threading.Thread(target=produce, daemon=True, name="hookline-stream").start()
    while True:
        item = await queue.get()
        if item is _DONE:
            return
        if isinstance(item, BaseException):
            raise item
        yield item  # type: ignore[misc]
