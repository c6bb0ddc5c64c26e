"""Bridges a blocking token iterator (the chat-model seam is synchronous) into async code."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
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


EventT = TypeVar("EventT")
ResultT = TypeVar("ResultT")


async def run_with_events(
    call: Callable[[Callable[[EventT], None]], ResultT],
    handle: Callable[[EventT], Awaitable[None]],
) -> ResultT:
    """Run the blocking `call(sink)` in a worker thread; each `sink(event)` it makes is handled here, in order.

    `sink` is safe to call from any thread; `handle` runs on the event loop (where Chainlit
    lives). Returns what `call` returned, or raises what it raised, after every event it
    emitted has been handled.
    """
    loop = asyncio.get_running_loop()
    events: asyncio.Queue[EventT] = asyncio.Queue()

    def sink(event: EventT) -> None:
        loop.call_soon_threadsafe(events.put_nowait, event)

    work = asyncio.ensure_future(asyncio.to_thread(call, sink))
    while not work.done():
        next_event = asyncio.ensure_future(events.get())
        await asyncio.wait({next_event, work}, return_when=asyncio.FIRST_COMPLETED)
        if next_event.done():
            await handle(next_event.result())
        else:
            next_event.cancel()
    while not events.empty():
        await handle(events.get_nowait())
    return work.result()
