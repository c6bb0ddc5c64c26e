"""Hookline's web chat (Chainlit). Run it with `hookline ui` or `make run`.

A thin adapter: it turns chat messages into calls on the chat-model seam and streams
the tokens back. No business logic lives here.
"""

from __future__ import annotations

import functools

import chainlit as cl

from hookline import prompts
from hookline.errors import HooklineError
from hookline.services import Services
from hookline.settings import Settings
from ui.streaming import iterate_in_thread

HISTORY_TURNS = 6


@functools.lru_cache(maxsize=1)
def services() -> Services:
    """One set of real dependencies per server process, created on first use."""
    return Services(Settings())


@cl.on_chat_start
async def start_chat() -> None:
    cl.user_session.set("history", [])


@cl.on_message
async def answer(message: cl.Message) -> None:
    history: list[dict[str, str]] = cl.user_session.get("history") or []
    history.append({"role": "user", "content": message.content})
    conversation = [{"role": "system", "content": prompts.render("chat_system", brand_name="")}, *history[-HISTORY_TURNS:]]
    reply = cl.Message(content="")
    model = services().chat_model
    try:
        async for token in iterate_in_thread(lambda: model.stream(conversation)):
            await reply.stream_token(token)
    except HooklineError as error:
        await cl.Message(content=f"**Something went wrong:** {error}", author="Hookline").send()
        history.pop()
        return
    await reply.send()
    history.append({"role": "assistant", "content": reply.content})
    cl.user_session.set("history", history)
