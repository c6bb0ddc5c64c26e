"""Small pieces every handler uses: who is asking, which thread, how to say things and errors,
and the brand-kit chooser in the chat settings."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any, TypeVar

import chainlit as cl
from chainlit.input_widget import Select

from core.errors import HooklineError
from ui import backends, render

log = logging.getLogger("hookline.ui")

AUTHOR = "Hookline"
NO_BRAND = "(no brand)"

HandlerT = TypeVar("HandlerT", bound=Callable[..., Awaitable[Any]])


def current_user() -> str:
    user = cl.user_session.get("user")
    return user.identifier if user else backends.settings().user


def thread_id() -> str:
    return cl.context.session.thread_id


def active_brand() -> str | None:
    return cl.user_session.get("brand")


async def say(content: str, **kwargs: Any) -> cl.Message:
    message = cl.Message(content=content, author=AUTHOR, **kwargs)
    await message.send()
    return message


async def show_error(error: BaseException) -> None:
    """A message that says what happened and what to do; never a traceback."""
    if isinstance(error, HooklineError):
        await say(f"**Something went wrong:** {error}")
        return
    log.error("unexpected error in the web chat", exc_info=error)
    await say(
        "**Something went wrong on Hookline's side** "
        f"({error.__class__.__name__}). Your conversation is still here: try again, "
        "and if it keeps happening, run `hookline doctor` and check the server log."
    )


def guarded(handler: HandlerT) -> HandlerT:
    """Any error in a handler becomes a chat message; the session goes on."""

    @wraps(handler)
    async def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return await handler(*args, **kwargs)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - shown to the user, logged in full
            await show_error(error)
            return None

    return run  # type: ignore[return-value]


async def agent() -> Any:
    """This user's AgentSession."""
    return await asyncio.to_thread(backends.agent_session, current_user())


async def brand_store() -> Any:
    return await asyncio.to_thread(backends.brand_store, current_user())


async def brand_names() -> list[str]:
    try:
        return await asyncio.to_thread(backends.brand_names, current_user())
    except Exception as error:  # noqa: BLE001 - the chat still works without kits
        log.warning("could not list brand kits: %s", error)
        return []


async def send_settings(active: str | None) -> None:
    """The chat settings: a chooser of this user's brand kits, `active` selected."""
    names = await brand_names()
    if active and active not in names:
        active = None
    values = [NO_BRAND, *names]
    await cl.ChatSettings(
        [Select(id="brand", label="Brand kit", values=values, initial_index=values.index(active or NO_BRAND),
                description="The brand Hookline writes for. Upload brand examples to build a kit.")]
    ).send()
    cl.user_session.set("brand", active)


async def show_kit(kit: Any, text: str) -> None:
    """A brand kit as a card: voice, words to avoid, palette swatches, hooks; evidence on demand."""
    props = render.kit_card_props(kit)
    await say(text, elements=[cl.CustomElement(name="BrandKitCard", props=props, display="inline")],
              actions=[cl.Action(name="kit_versions", payload={"kit": kit.name}, label="Versions", icon="history")])
