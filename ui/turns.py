"""Agent turns in the chat: live steps and streamed tokens while the agent works, then its
result as a reply, a script card with actions, or clarifying questions with answer buttons."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import Any

import chainlit as cl
from chainlit.utils import utc_now

from core import prompts
from core.errors import NotFoundError
from hookline import renderer
from ui import backends, render
from ui.chat import AUTHOR, active_brand, current_user, log, say
from ui.streaming import iterate_in_thread, run_with_events

HISTORY_TURNS = 6
KEEP_DRAFTS = 5
REVISIONS = {"regenerate": "Regenerate", "punchier_hook": "Punchier hook", "shorter": "Shorter"}
# The Repurpose button's choices: one format (two columns side by side) or all four.
FORMATS = {"all": "All four", "caption": "Post caption", "thread": "Thread", "voice_read": "Voice-over read",
           "email_teaser": "Email teaser"}

AgentCall = Callable[[Callable[[Any], None]], Any]


class TurnView:
    """One turn as it runs: a "workflow" step listing what the agent does, its tool calls as
    collapsed child steps (inputs and outputs), then the reply, streamed token by token."""

    def __init__(self) -> None:
        self.work: cl.Step | None = None
        self.reply: cl.Message | None = None
        self.parts: list[Any] = []
        self.card: cl.Message | None = None
        self.card_id: str | None = None

    def reply_message(self) -> cl.Message:
        if self.reply is None:  # created late, so it sorts after the steps
            self.reply = cl.Message(content="", author=AUTHOR)
        return self.reply

    async def _work_step(self) -> cl.Step:
        if self.work is None:
            self.work = cl.Step(name="Hookline's workflow", type="run", show_input=False, default_open=False)
            self.work.output = ""
            await self.work.send()
        return self.work

    async def handle(self, event: Any) -> None:
        kind = type(event).__name__
        if kind == "TokenEvent":
            await self.reply_message().stream_token(event.text)
        elif kind == "StatusEvent":
            work = await self._work_step()
            work.output = f"{work.output}\n- {event.text}".strip()
            await work.update()
        elif kind == "PartEvent":
            self.parts.append(event)
            await self._show_parts()
        elif kind == "StepEvent":
            work = await self._work_step()
            step = cl.Step(name=event.step.name, type="tool", parent_id=work.id, show_input="json", default_open=False)
            step.input = render.step_input(event.step.arguments)
            step.output = event.step.output
            step.is_error = not event.step.ok
            await step.send()

    async def _show_parts(self) -> None:
        """The script card fills in part by part while the agent writes (replaced by the final card at the end)."""
        props = renderer.partial_card_props(self.parts)
        if self.card is None:
            element = cl.CustomElement(name="ScriptCard", props=props, display="inline")
            self.card = cl.Message(content="", author=AUTHOR, elements=[element])
            await self.card.send()
            self.card_id = element.id
            return
        await cl.CustomElement(name="ScriptCard", props=props, display="inline", id=self.card_id, for_id=self.card.id).update()

    async def finish(self) -> None:
        if self.work is not None:
            self.work.end = utc_now()
            await self.work.update()


async def run_turn(call: AgentCall) -> None:
    """Run an agent call (blocking, in a worker thread) with its events shown live, then its result."""
    view = TurnView()
    try:
        result = await run_with_events(call, view.handle)
    except Exception:
        await view.finish()
        if view.reply is not None and view.reply.content:
            await view.reply.send()
        raise
    await view.finish()
    if view.card is not None:
        await view.card.remove()  # the streamed card gives way to the final one, with citations and actions
    await show_result(result, view.reply_message())


async def show_result(result: Any, reply: cl.Message) -> None:
    if result.questions:
        if reply.content:
            await reply.send()
        await ask_questions(result.questions)
        return
    await clear_questions()
    if result.draft is None:
        reply.content = result.text or reply.content or "(no answer)"
        figure = await theme_map(result)
        if figure is not None:
            reply.elements = [cl.Plotly(name="theme map", figure=figure, display="inline", size="large")]
        chart = await patterns_chart(result)
        if chart is not None:
            reply.elements = [cl.Plotly(name="outlier patterns", figure=chart, display="inline", size="large")]
        await reply.send()
        return
    brand = active_brand()
    key = uuid.uuid4().hex[:12]
    card = cl.CustomElement(name="ScriptCard", props=renderer.script_card_props(result, brand=brand), display="inline")
    notes = getattr(result, "review_notes", None) or []
    reply.content = f"**Script:** {result.draft.angle}" + ("\n\n**Review**\n" + renderer.review_lines(notes) if notes else "")
    reply.elements = [card]
    reply.actions = draft_actions(key)
    await reply.send()
    remember_draft(key, result, message_id=reply.id, card_id=card.id)
    rule = getattr(result, "proposed_rule", None)
    if rule and brand:
        await say(
            f"Make this a rule of **{brand}**? _{rule}_",
            actions=[cl.Action(name="accept_rule", payload={"rule": rule}, label="Save rule", icon="bookmark-plus")],
        )


async def theme_map(result: Any) -> Any:
    """An interactive map of the comment themes when the turn looked at comments, else None."""
    clusters = getattr(result, "insights", None)
    if not clusters:
        call = next((step for step in result.steps if step.name == "get_comment_insights" and step.ok), None)
        if call is None:
            return None
        try:  # the same (deterministic) analysis the agent ran, for its clusters' figures
            report = await asyncio.to_thread(backends.comment_insights, current_user(), dict(call.arguments))
        except Exception as error:  # noqa: BLE001 - the answer stands without its map
            log.warning("no theme map: %s", error)
            return None
        clusters = report.clusters
    return render.theme_map_figure(clusters)


async def patterns_chart(result: Any) -> Any:
    """Each feature's effect on the outlier score with its interval, when the turn looked at patterns, else None."""
    call = next((step for step in result.steps if step.name == "get_outlier_patterns" and step.ok), None)
    if call is None:
        return None
    try:  # the same (deterministic, seeded) analysis the agent ran
        report = await asyncio.to_thread(backends.outlier_patterns, current_user(), dict(call.arguments))
    except Exception as error:  # noqa: BLE001 - the answer stands without its chart
        log.warning("no patterns chart: %s", error)
        return None
    return render.patterns_figure(report)


# -- drafts: kept in the user session (persisted with the thread) for the buttons under a card --


def remember_draft(key: str, result: Any, *, message_id: str, card_id: str) -> None:
    drafts: dict[str, Any] = dict(cl.user_session.get("drafts") or {})
    drafts[key] = {"result": result.model_dump(mode="json"), "message_id": message_id, "card_id": card_id,
                   "brand": active_brand()}
    cl.user_session.set("drafts", dict(list(drafts.items())[-KEEP_DRAFTS:]))


def stored_draft(payload: dict[str, Any]) -> dict[str, Any]:
    drafts: dict[str, Any] = cl.user_session.get("drafts") or {}
    record = drafts.get(payload.get("draft", ""))
    if record is None:
        raise NotFoundError("That draft is no longer in this conversation. Ask for a new script.")
    return record


def turn_result(record: dict[str, Any]) -> Any:
    from agent.schemas import TurnResult

    return TurnResult.model_validate(record["result"])


def draft_actions(key: str) -> list[cl.Action]:
    return [
        cl.Action(name="approve", payload={"draft": key}, label="Approve", icon="check"),
        *(cl.Action(name="revise", payload={"draft": key, "action": action}, label=label, icon="refresh-cw")
          for action, label in REVISIONS.items()),
        cl.Action(name="repurpose", payload={"draft": key}, label="Repurpose", icon="shuffle"),
        cl.Action(name="listen", payload={"draft": key}, label="Listen", icon="volume-2"),
        cl.Action(name="export", payload={"draft": key}, label="Export", icon="download"),
    ]


async def restore_draft_actions() -> None:
    """Actions are not saved with a thread: put them back under the latest card on resume."""
    drafts: dict[str, Any] = cl.user_session.get("drafts") or {}
    if not drafts:
        return
    key = list(drafts)[-1]
    message_id = drafts[key].get("message_id")
    if message_id:
        for action in draft_actions(key):
            await action.send(for_id=message_id)


# -- clarifying questions ---------------------------------------------------------------------


async def ask_questions(questions: list[Any]) -> None:
    """Each question with its suggested answers as buttons; typing an answer works too."""
    pending: dict[str, Any] = {"questions": [], "answers": {}}
    for question in questions:
        options = list(question.options) or ["You decide"]
        actions = [cl.Action(name="answer", payload={"slot": question.slot, "value": option}, label=option)
                   for option in options]
        message = await say(f"**{question.question}**", actions=actions)
        pending["questions"].append({
            "slot": question.slot,
            "actions": [{**action.to_dict(), "forId": message.id} for action in actions],
        })
    cl.user_session.set("pending", pending)


def pending_answers() -> dict[str, str] | None:
    """Answers given so far while questions are open; None when no question is open."""
    pending = cl.user_session.get("pending") or {}
    return dict(pending.get("answers", {})) if pending.get("questions") else None


async def clear_questions() -> None:
    pending = cl.user_session.get("pending") or {}
    for question in pending.get("questions", []):
        for action in question["actions"]:
            await cl.context.emitter.emit("remove_action", action)
    cl.user_session.set("pending", {})


async def record_answer(slot: str, value: str) -> dict[str, str] | None:
    """Note a button answer; returns every answer once all open questions have one."""
    pending: dict[str, Any] = cl.user_session.get("pending") or {}
    if not any(question["slot"] == slot for question in pending.get("questions", [])):
        raise NotFoundError("That question was already answered. Type a new request to go on.")
    pending["answers"] = {**pending.get("answers", {}), slot: value}
    for question in pending["questions"]:
        if question["slot"] == slot:
            for action in question["actions"]:
                await cl.context.emitter.emit("remove_action", action)
            question["actions"] = []
    cl.user_session.set("pending", pending)
    if all(question["slot"] in pending["answers"] for question in pending["questions"]):
        return pending["answers"]
    return None


# -- without the agent ------------------------------------------------------------------------


async def plain_chat(text: str) -> None:
    """The chat model alone, streamed: what the chat does while the agent is not installed."""
    history: list[dict[str, str]] = cl.user_session.get("history") or []
    history.append({"role": "user", "content": text})
    system = prompts.render("chat_system", brand_name=active_brand() or "")
    conversation = [{"role": "system", "content": system}, *history[-HISTORY_TURNS:]]
    reply = cl.Message(content="", author=AUTHOR)
    model = backends.services().chat_model
    try:
        async for token in iterate_in_thread(lambda: model.stream(conversation)):
            await reply.stream_token(token)
    except Exception:
        history.pop()
        if reply.content:
            await reply.send()
        raise
    await reply.send()
    history.append({"role": "assistant", "content": reply.content})
    cl.user_session.set("history", history)


def history_from_thread(thread: dict[str, Any]) -> list[dict[str, str]]:
    turns = [
        {"role": "user" if step["type"] == "user_message" else "assistant", "content": step.get("output") or ""}
        for step in thread.get("steps", []) if step.get("type") in ("user_message", "assistant_message")
    ]
    return [turn for turn in turns if turn["content"]][-HISTORY_TURNS:]
