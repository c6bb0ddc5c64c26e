"""Learning the brand from the chat: a user's "never say X" or edited line becomes a proposed rule,
saved only when they click "Save", as a new kit version they can roll back.

The proposals come from tools/brandkit/learn.py, which reads only the user's own words. A
message is taken as teaching only when it is not a request the agent should answer (a brief
that happens to say "never" is a brief, not consent), and nothing is saved without the click.
"""

from __future__ import annotations

import asyncio
import difflib
import re
import uuid
from typing import Any

import chainlit as cl

from agent.brief_parsing import classify_intent
from ui.chat import active_brand, brand_store, say, show_kit

EDIT_SIMILARITY = 0.6
"""How close a typed line must be to a line of the latest draft to read as an edit of it."""
_CHANGE = re.compile(r"^\s*(?:change|replace)\s+[\"“'](?P<before>.+?)[\"”']\s+(?:to|with|by)\s+[\"“'](?P<after>.+?)[\"”']\s*\.?\s*$",
                     re.IGNORECASE | re.DOTALL)
KEEP_PROPOSALS = 5
SHOWN_VERSIONS = 6


def _draft_lines() -> list[str]:
    """The spoken lines of the latest script in this conversation."""
    drafts: dict[str, Any] = cl.user_session.get("drafts") or {}
    if not drafts:
        return []
    draft = list(drafts.values())[-1]["result"].get("draft") or {}
    lines = [(draft.get(name) or {}).get("text", "") for name in ("hook", "selling_point")]
    lines += [beat.get("text", "") for beat in draft.get("beats") or []]
    lines.append((draft.get("cta") or {}).get("text", ""))
    return [line for line in lines if line.strip()]


def edited_line(text: str, lines: list[str]) -> tuple[str, str] | None:
    """(before, after) when `text` is an edit of one of `lines`: 'change "X" to "Y"', or a retyped line."""
    explicit = _CHANGE.match(text)
    if explicit:
        return explicit.group("before").strip(), explicit.group("after").strip()
    scored = [(difflib.SequenceMatcher(a=line.lower(), b=text.lower()).ratio(), line) for line in lines]
    best = max(scored, default=(0.0, ""))
    if best[0] >= EDIT_SIMILARITY and best[1].strip() != text.strip():
        return best[1], text
    return None


def proposals_for(text: str, lines: list[str]) -> tuple[list[Any], str]:
    """The rules a message proposes and how it was read ("" when it teaches nothing)."""
    from tools.brandkit.learn import propose_from_edit, propose_from_words

    if classify_intent(text) != "chat":
        return [], ""
    said = propose_from_words(text)
    if said:
        return said, "what you said"
    edit = edited_line(text, lines)
    if edit is None:
        return [], ""
    return propose_from_edit(*edit), f"your edit of “{edit[0]}”"


async def offer_rules(text: str) -> bool:
    """Propose the rules a message teaches, with Save / Not now; True when it was taken as teaching."""
    brand = active_brand()
    if not brand:
        return False
    proposals, reading = proposals_for(text, _draft_lines())
    if not proposals:
        return False
    key = uuid.uuid4().hex[:12]
    pending: dict[str, Any] = dict(cl.user_session.get("rule_proposals") or {})
    pending[key] = proposals
    cl.user_session.set("rule_proposals", dict(list(pending.items())[-KEEP_PROPOSALS:]))
    lines = "\n".join(f"- {proposal.summary}" for proposal in proposals)
    await say(
        f"From {reading}, I would add to **{brand}**:\n{lines}\n\nSave {'it' if len(proposals) == 1 else 'them'} as a new version of the kit?",
        actions=[cl.Action(name="save_rules", payload={"key": key}, label="Save", icon="bookmark-plus"),
                 cl.Action(name="dismiss_rules", payload={"key": key}, label="Not now", icon="x")],
    )
    return True


async def save_rules(action: cl.Action) -> None:
    brand = active_brand()
    pending: dict[str, Any] = dict(cl.user_session.get("rule_proposals") or {})
    proposals = pending.pop(action.payload.get("key", ""), None)
    cl.user_session.set("rule_proposals", pending)
    await action.remove()
    if not brand or not proposals:
        await say("That proposal is no longer open. Say the rule again to see it.")
        return
    store = await brand_store()
    before = (await asyncio.to_thread(store.get, brand)).version
    kit = await asyncio.to_thread(store.learn, brand, proposals)
    await say(
        f"Saved as version {kit.version} of **{brand}**. Drafts are checked against it from now on.",
        actions=[cl.Action(name="rollback_kit", payload={"version": before}, label=f"Undo (back to version {before})",
                           icon="undo-2")],
    )


async def dismiss_rules(action: cl.Action) -> None:
    pending: dict[str, Any] = dict(cl.user_session.get("rule_proposals") or {})
    pending.pop(action.payload.get("key", ""), None)
    cl.user_session.set("rule_proposals", pending)
    await action.remove()
    await say("Not saved; the kit is unchanged.")


def _version_label(kit: Any, sources: list[str]) -> str:
    change = next((note for note in kit.notes if note.startswith(("Learned", "Rolled back"))), "")
    what = change or ("built from " + ", ".join(sources[:3]) + (" and more" if len(sources) > 3 else "") if sources else "imported")
    return f"Version {kit.version} · {kit.created_at:%Y-%m-%d %H:%M} · {what}"[:120]


async def show_versions(action: cl.Action) -> None:
    """The kit's versions, newest first; picking one makes it current again (as a new version)."""
    brand = active_brand()
    if not brand:
        await say("Choose a brand kit first (the settings icon beside the message box).")
        return
    store = await brand_store()
    versions = await asyncio.to_thread(store.versions, brand)
    older = [version for version in reversed(versions) if not version.current][:SHOWN_VERSIONS]
    current = next(version for version in versions if version.current)
    if not older:
        await say(f"**{brand}** has one version so far (version {current.version}); there is nothing to roll back to.")
        return
    kits = [await asyncio.to_thread(store.get, brand, version.version) for version in older]
    choice = await cl.AskActionMessage(
        content=f"**{brand}** is at version {current.version}. Roll back to:",
        actions=[cl.Action(name="version", payload={"version": kit.version}, label=_version_label(kit, version.sources))
                 for kit, version in zip(kits, older)],
        timeout=300,
    ).send()
    if choice:
        await rollback(int(choice["payload"]["version"]))


async def rollback(version: int) -> None:
    brand = active_brand()
    if not brand:
        return
    store = await brand_store()
    kit = await asyncio.to_thread(store.rollback, brand, version)
    await show_kit(kit, f"**{brand}** is back to version {version}'s rules (saved as version {kit.version}; nothing was deleted).")
