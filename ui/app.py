"""Hookline's web chat (Chainlit). Run it with `hookline ui` or `make run`.

A thin adapter: a Chainlit session is a user and a thread id (the agent's thread id too,
so resuming a conversation from the history resumes the agent's thread); messages,
uploads and button clicks become calls on the agent session and the stores, run in
worker threads; what comes back becomes messages, steps and cards. This file only wires
Chainlit's callbacks; the pieces live in chat.py, turns.py, ingest.py and render.py.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

import chainlit as cl

from core.errors import NotFoundError
from hookline import renderer
from hookline.accounts import SECRET_ENV, UserStore
from tools.repurpose.render import to_markdown
from ui import backends, memories, render, teach
from ui.chat import NO_BRAND, agent, brand_store, current_user, guarded, log, say, send_settings, show_kit, thread_id
from ui.files import install_files_route
from ui.guessed_import import (
    PENDING_IMPORT,
    answer_column_change,
    drop_pending_import,
    explain_column_change,
    take_pending_import,
)
from ui.ingest import (
    PENDING_KIT,
    answer_brand_name,
    ask_for_brand_examples,
    build_pending_kit,
    drop_pending_kit,
    handle_uploads,
    remind_or_drop_pending_kit,
    start_import,
)
from ui.offline import OfflinePage
from ui.turns import (
    FORMATS,
    ask_questions,
    clear_questions,
    history_from_thread,
    pending_answers,
    plain_chat,
    record_answer,
    restore_draft_actions,
    run_turn,
    stored_draft,
    turn_result,
)
from ui.uploads import discard_uploads

BUILD_KIT = "brandkit"

# Chainlit signs its session cookies with CHAINLIT_AUTH_SECRET and checks for it right after import;
# `hookline ui` puts it in the environment before it starts the server.
if not os.environ.get(SECRET_ENV):
    raise SystemExit("Start the web chat with `hookline ui` (or `make run`): it prepares the sign-in secret Chainlit needs.")


# -- accounts, history, the server ------------------------------------------------------------


@cl.data_layer
def data_layer() -> Any:
    try:
        from ui.history import open_data_layer
    except ModuleNotFoundError as error:  # SQLAlchemy is not installed: chat without history
        log.warning("conversation history is off (%s); install SQLAlchemy to keep it", error)
        return None
    return open_data_layer(backends.home())


if backends.settings().auth == "password":

    @cl.password_auth_callback
    async def sign_in(username: str, password: str) -> cl.User | None:
        users = UserStore.open(backends.home())
        ok = await asyncio.to_thread(users.authenticate, username, password)
        return cl.User(identifier=username, metadata={"provider": "password"}) if ok else None

else:

    @cl.header_auth_callback
    async def local_user(_headers: Any) -> cl.User:
        """No accounts: whoever opens the page on this machine is the one local user."""
        return cl.User(identifier=backends.settings().user, metadata={"provider": "local"})


def _storage() -> Any:
    from chainlit.data import get_data_layer

    return getattr(get_data_layer(), "storage_provider", None)


def _extend_server() -> None:
    """Before the server starts: message files served to their owner, and a CDN-free page."""
    from chainlit.server import app

    install_files_route(app, _storage)
    app.add_middleware(OfflinePage)


_extend_server()


@cl.on_app_shutdown
def stop_app() -> None:
    backends.close_all()


# -- starting and resuming --------------------------------------------------------------------


@cl.set_starters
async def starters(_user: Any = None, _language: Any = None) -> list[cl.Starter]:
    return [
        cl.Starter(label="Find outliers", message="Which posts beat their creator's normal? Show me the outliers."),
        cl.Starter(label="What viewers say", message="What do viewers say in the comments? Group it by theme."),
        cl.Starter(label="What viewers ask for", message="What do my viewers want next?"),
        cl.Starter(label="Draft a script", message="Draft a 30-second TikTok script for our product."),
        cl.Starter(label="Build my brand kit", message="Build my brand kit.", command=BUILD_KIT),
        cl.Starter(label="What you remember", message="What do you remember about me?"),
    ]


@cl.on_chat_start
@guarded
async def start_chat() -> None:
    cl.user_session.set("history", [])
    await send_settings(None)


@cl.on_chat_end
async def end_chat() -> None:
    """Brand examples still waiting for their brand's name, and data files for their columns, go with the session."""
    for key in (PENDING_KIT, PENDING_IMPORT):
        pending = cl.user_session.get(key)
        if pending:
            await asyncio.to_thread(discard_uploads, pending["uploads"])


@cl.on_chat_resume
@guarded
async def resume_chat(thread: dict[str, Any]) -> None:
    brand = (cl.user_session.get("chat_settings") or {}).get("brand")
    await send_settings(None if brand in (None, NO_BRAND) else brand)
    if not backends.has_agent():
        cl.user_session.set("history", history_from_thread(thread))
        return
    session = await agent()
    questions = await asyncio.to_thread(session.pending_questions, thread_id())
    if questions:
        await ask_questions(questions)
    await restore_draft_actions()


@cl.on_settings_update
@guarded
async def settings_changed(settings: dict[str, Any]) -> None:
    choice = settings.get("brand")
    if not choice or choice == NO_BRAND:
        cl.user_session.set("brand", None)
        await say("No brand kit is active now: drafts use a neutral voice.")
        return
    store = await brand_store()
    try:
        kit = await asyncio.to_thread(store.get, str(choice))
    except NotFoundError:
        await send_settings(None)
        await say(f"**There is no brand kit called {choice!r}.** Upload brand examples to build it, or pick another kit.")
        return
    cl.user_session.set("brand", kit.name)
    await show_kit(kit, f"**{kit.name}** is the active brand kit now.")


# -- messages ---------------------------------------------------------------------------------


@cl.on_message
@guarded
async def on_message(message: cl.Message) -> None:
    files = [element for element in message.elements or [] if getattr(element, "path", None)]
    text = (message.content or "").strip()
    waiting = cl.user_session.get(PENDING_KIT)  # brand examples sent earlier, waiting for their brand's name
    if files:
        await handle_uploads(files, force="brand" if message.command == BUILD_KIT else None, text=text)
        if not text:  # name the conversation in the history after its files
            await name_thread("Uploaded " + ", ".join(str(element.name) for element in files))
        if waiting is not None and cl.user_session.get(PENDING_KIT) is waiting:
            await remind_or_drop_pending_kit()
        return
    if message.command == BUILD_KIT:
        await ask_for_brand_examples()
        return
    if await answer_column_change(text):  # `views=Total views` while data files wait for their columns
        return
    if waiting is not None:
        if await answer_brand_name(text):
            return
        await handle_text(text)
        await remind_or_drop_pending_kit()
        return
    await handle_text(text)


async def handle_text(text: str) -> None:
    """A typed message: an answer to the agent's open question, a rule to confirm, or a new request."""
    if not backends.has_agent():
        await plain_chat(text)
        return
    if memories.asks_for_memories(text):  # see (and delete) what the agent remembers about this user and brand
        await memories.show_memories()
        return
    session = await agent()
    answers = pending_answers()
    if answers is not None:  # a typed answer to the open question(s)
        await clear_questions()
        await run_turn(lambda sink: session.answer(thread_id(), {**answers, "_text": text}, on_event=sink))
        return
    if await teach.offer_rules(text):  # "never say X", or a retyped line of the draft: a rule to confirm
        return
    brand = cl.user_session.get("brand")
    await run_turn(lambda sink: session.send(thread_id(), text, brand=brand, on_event=sink))


async def name_thread(name: str) -> None:
    """Name the conversation in the history (Chainlit names it after the first message's text)."""
    from chainlit.data import get_data_layer

    if not (layer := get_data_layer()):
        return
    for _ in range(30):  # after Chainlit's first naming of the thread (it also sets the owner), not before
        thread = await layer.get_thread(thread_id())
        if thread and thread.get("userId"):
            break
        await asyncio.sleep(0.1)
    await layer.update_thread(thread_id(), name=name[:120])


@cl.action_callback("kit_for_examples")
@guarded
async def kit_for_examples(action: cl.Action) -> None:
    await build_pending_kit(str(action.payload.get("kit", "")))


@cl.action_callback("drop_examples")
@guarded
async def drop_examples(_action: cl.Action) -> None:
    await drop_pending_kit("Fine: no kit from those examples. Upload them again whenever you like.")


@cl.action_callback("import_guessed")
@guarded
async def import_guessed(_action: cl.Action) -> None:
    pending = take_pending_import()
    if not pending:
        await say("Those files are no longer here. Upload them again.")
        return
    start_import(pending["uploads"], guesses=pending["guesses"])


@cl.action_callback("change_import_column")
@guarded
async def change_import_column(_action: cl.Action) -> None:
    await explain_column_change()


@cl.action_callback("drop_import")
@guarded
async def drop_import(_action: cl.Action) -> None:
    await drop_pending_import("Fine: nothing imported from those files.")


@cl.action_callback("forget_memory")
@guarded
async def forget_memory(action: cl.Action) -> None:
    await memories.forget_memory(action)


@cl.action_callback("forget_all_memories")
@guarded
async def forget_all_memories(action: cl.Action) -> None:
    await memories.forget_all_memories(action)


@cl.action_callback("answer")
@guarded
async def answer(action: cl.Action) -> None:
    slot, value = action.payload["slot"], action.payload["value"]
    answers = await record_answer(slot, value)
    await cl.Message(content=value, type="user_message", author=current_user()).send()
    if answers is not None:
        session = await agent()
        await clear_questions()
        await run_turn(lambda sink: session.answer(thread_id(), answers, on_event=sink))


# -- the buttons under a script card ----------------------------------------------------------


@cl.action_callback("approve")
@guarded
async def approve(action: cl.Action) -> None:
    record = stored_draft(action.payload)
    session = await agent()
    thread, clicked = thread_id(), turn_result(record)
    await asyncio.to_thread(lambda: session.approve(thread, of=clicked))
    props = renderer.script_card_props(turn_result(record), brand=record["brand"], approved=True)
    card = cl.CustomElement(name="ScriptCard", props=props, display="inline", id=record["card_id"],
                            for_id=record["message_id"])
    await card.update()
    await say("Approved and saved to memory: future drafts for this brand build on it.")


@cl.action_callback("revise")
@guarded
async def revise(action: cl.Action) -> None:
    clicked = turn_result(stored_draft(action.payload))
    session = await agent()
    what = action.payload.get("action", "regenerate")
    await run_turn(lambda sink: session.revise(thread_id(), what, of=clicked, on_event=sink))


@cl.action_callback("repurpose")
@guarded
async def repurpose(action: cl.Action) -> None:
    clicked = turn_result(stored_draft(action.payload))
    choice = await cl.AskActionMessage(
        content="Repurpose this script as:",
        actions=[cl.Action(name="format", payload={"target": target}, label=label) for target, label in FORMATS.items()],
        timeout=300,
    ).send()
    if not choice:
        return
    target = choice["payload"]["target"]
    kinds = [kind for kind in FORMATS if kind != "all"] if target == "all" else [target]
    session = await agent()
    async with cl.Step(name=f"Repurposing as {FORMATS[target].lower()}", type="run") as step:
        thread = thread_id()
        result = await asyncio.to_thread(lambda: session.repurpose(thread, kinds, of=clicked))
        step.output = "; ".join(f"{fmt.kind}: {fmt.method}" for fmt in result.formats)
    card = cl.CustomElement(name="RepurposeCard", props=render.repurpose_card_props(result), display="inline")
    download = cl.File(name=f"{render.export_basename(result.source.draft.angle)}-repurposed.md",
                       content=to_markdown(result).encode(), mime="text/markdown", display="inline")
    await say(f"**{FORMATS[target]}**, side by side with the script:", elements=[card, download])


@cl.action_callback("listen")
@guarded
async def listen(action: cl.Action) -> None:
    from ui.listen import listen_to_draft

    await listen_to_draft(stored_draft(action.payload))


@cl.action_callback("export")
@guarded
async def export(action: cl.Action) -> None:
    record = stored_draft(action.payload)
    result = turn_result(record)
    base = render.export_basename(result.draft.angle)
    files = [
        cl.File(name=f"{base}.md", content=renderer.draft_markdown(result, brand=record["brand"]).encode(),
                mime="text/markdown", display="inline"),
        cl.File(name=f"{base}.json", content=renderer.draft_json(result, brand=record["brand"]).encode(),
                mime="application/json", display="inline"),
    ]
    await say("Your script, ready to download:", elements=files)


@cl.action_callback("accept_rule")
@guarded
async def accept_rule(action: cl.Action) -> None:
    session = await agent()
    await asyncio.to_thread(session.accept_rule, thread_id(), action.payload["rule"])
    await action.remove()
    await say(f"Saved to the brand kit: _{action.payload['rule']}_")


@cl.action_callback("save_rules")
@guarded
async def save_rules(action: cl.Action) -> None:
    await teach.save_rules(action)


@cl.action_callback("dismiss_rules")
@guarded
async def dismiss_rules(action: cl.Action) -> None:
    await teach.dismiss_rules(action)


@cl.action_callback("kit_versions")
@guarded
async def kit_versions(action: cl.Action) -> None:
    await teach.show_versions(action)


@cl.action_callback("rollback_kit")
@guarded
async def rollback_kit(action: cl.Action) -> None:
    await action.remove()
    await teach.rollback(int(action.payload["version"]))
