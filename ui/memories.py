"""What Hookline remembers about you and the active brand, shown in the chat with a button to forget
each memory (or all of them).

The memories are the agent's long-term store (agent/session.py `memories`, `forget`): the answers
you gave to its questions (so it does not ask them again), your briefs, and the scripts you approved.
Forgetting an answer means the question comes back next time.
"""

from __future__ import annotations

import asyncio
import re
import time

import chainlit as cl

from agent.schemas import Memory
from ui.chat import active_brand, agent, say

MAX_SHOWN = 20
ASKED = re.compile(r"\b(what do you (remember|know)( about (me|us|my brand|our brand))?|show (me )?(your |my )?memor(y|ies))\b",
                   re.IGNORECASE)
"""A typed request to see the memories ("what do you remember?", "show me your memory")."""
KIND_LABELS = {"preference": "Your answer", "brief": "A brief", "accepted_draft": "An approved script"}


def asks_for_memories(text: str) -> bool:
    return bool(ASKED.search(text)) and len(text) < 120


async def show_memories() -> None:
    session = await agent()
    brand = active_brand()
    found = await asyncio.to_thread(session.memories, brand)
    whose = f"you and **{brand}**" if brand else "you (drafts without a brand kit)"
    if not found:
        await say(f"I remember nothing yet about {whose}. I keep your answers to my questions, your briefs and "
                  "the scripts you approve, and you can see and delete them here.")
        return
    shown = found[:MAX_SHOWN]
    lines = [f"{number}. {_line(memory)}" for number, memory in enumerate(shown, start=1)]
    more = f"\n\n\u2026 and {len(found) - len(shown)} older ones." if len(found) > len(shown) else ""
    actions = [cl.Action(name="forget_memory", payload={"brand": brand, "key": memory.key, "text": memory.text[:200]},
                         label=f"Forget {number}", icon="trash-2") for number, memory in enumerate(shown, start=1)]
    actions.append(cl.Action(name="forget_all_memories", payload={"brand": brand}, label="Forget all", icon="trash"))
    await say(f"What I remember about {whose}, newest first:\n\n" + "\n".join(lines) + more +
              "\n\nForgetting an answer means I will ask that question again.", actions=actions)


async def forget_memory(action: cl.Action) -> None:
    session = await agent()
    brand, key = action.payload.get("brand"), str(action.payload.get("key", ""))
    forgotten = await asyncio.to_thread(session.forget, brand, key)
    await action.remove()
    text = action.payload.get("text", "")
    await say(f"Forgotten: {_plain(text)}" if forgotten else "That one was already forgotten.")


async def forget_all_memories(action: cl.Action) -> None:
    session = await agent()
    brand = action.payload.get("brand")

    def forget_all() -> int:
        return sum(session.forget(brand, memory.key) for memory in session.memories(brand, limit=10_000))

    count = await asyncio.to_thread(forget_all)
    await action.remove()
    await say(f"Forgotten: {count} memor{'y' if count == 1 else 'ies'}." if count else "There was nothing to forget.")


def _line(memory: Memory) -> str:
    when = time.strftime("%d %b %Y", time.localtime(memory.at)) if memory.at else "earlier"
    label = KIND_LABELS.get(memory.kind, memory.kind.replace("_", " ").capitalize() or "A note")
    text = memory.text.split(": ", 1)[-1] if memory.kind in ("brief", "accepted_draft") else memory.text
    return f"**{label}** ({when}): {_plain(text)[:160]}"


def _plain(text: str) -> str:
    """Memory text is user data: shown as text, not as markdown the page would follow."""
    return re.sub(r"([\\`*_{}\[\]()#+!|<>])", r"\\\1", " ".join(text.split()))
