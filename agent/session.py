"""One user's conversations with Hookline: what the CLI and the web chat talk to.

Threads live in a LangGraph SQLite checkpointer under HOOKLINE_HOME, so a conversation
(and a pending clarifying question) survives a restart; long-term memory lives in
Chroma through `ChromaStore`. Thread ids are scoped by user.
"""

from __future__ import annotations

import dataclasses
import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Sequence
from typing import Any, Literal

from langchain_core.messages import AIMessage, HumanMessage
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.types import Command

from agent.context import AgentContext
from agent.events import EventSink, StatusEvent, ignore_events
from agent.graph import build_graph
from agent.memory_store import ChromaStore
from agent.nodes.draft import warm_drafting
from agent.render import number_citations
from agent.research_tools import memory_namespace
from agent.schemas import Memory, Question, TurnResult
from agent.state import AgentState
from core.errors import InputError
from tools.repurpose.models import FORMAT_KINDS, RepurposeSet
from tools.repurpose.run import repurpose as repurpose_script
from tools.repurpose.source import from_draft

log = logging.getLogger(__name__)

WARM_WAIT_S = 90.0  # past this the draft goes ahead and reads what the warm-up has not
RevisionAction = Literal["regenerate", "punchier_hook", "shorter"]

REVISIONS: dict[str, tuple[str, str | None]] = {
    # action: (what the redraft is asked, the brand rule Hookline then proposes)
    "regenerate": ("Write a different take on the same brief, with a new angle and hook.", None),
    "punchier_hook": ("Make the hook punchier: under 8 words, concrete, a surprise or a number.", "Open with a hook under 8 words."),
    "shorter": ("Make the script shorter: at most 3 beats and under 25 seconds spoken.", "Keep scripts under 25 seconds."),
}


def checkpoint_serializer() -> JsonPlusSerializer:
    """Checkpoints may hold only our own schema types besides LangGraph's (no arbitrary classes)."""
    allowed = [("agent.schemas", name) for name in ("Brief", "Question", "EvidenceItem", "ScriptPart", "ScriptDraft", "ToolStep")]
    # The script types live in tools/script.py; checkpoints written before that name them under agent.schemas.
    allowed += [("tools.script", name) for name in ("ScriptPart", "ScriptDraft")]
    return JsonPlusSerializer(allowed_msgpack_modules=allowed)


class AgentSession:
    """The agent for one user: send, answer, revise, approve, repurpose, history."""

    def __init__(
        self,
        *,
        context: AgentContext,
        store: ChromaStore,
        checkpoints: sqlite3.Connection,
        warm_drafts: bool = False,
    ) -> None:
        """Built by the composition root (`hookline.root.Root.open_agent`) or, in tests, from doubles.

        `context` is what every run gets (each turn adds its own event sink); `warm_drafts` readies the
        script's opening while the angle question waits, worth it only where the model caches the prompt.
        """
        self._base_context = context
        self._chat_model = context.chat_model
        self._brands = context.brands
        self._store = store
        self._connection = checkpoints
        self._checkpointer = SqliteSaver(checkpoints, serde=checkpoint_serializer())
        self._checkpointer.setup()
        self._graph = build_graph(checkpointer=self._checkpointer, store=store)
        self.user = context.user
        self._warm_drafts = warm_drafts
        self.warming: threading.Thread | None = None
        """The background request that readies the script's opening while the angle question waits (or None)."""

    # -- plumbing ----------------------------------------------------------------------
    def _config(self, thread_id: str) -> dict[str, Any]:
        return {"configurable": {"thread_id": f"{self.user}:{thread_id}"}}

    def _context(self, on_event: EventSink | None) -> AgentContext:
        return dataclasses.replace(self._base_context, on_event=on_event or ignore_events)

    def _state(self, thread_id: str) -> AgentState | None:
        values = self._graph.get_state(self._config(thread_id)).values
        return AgentState(**values) if values else None

    def _run(self, thread_id: str, payload: dict[str, Any] | Command, on_event: EventSink | None) -> TurnResult:
        self._graph.invoke(payload, self._config(thread_id), context=self._context(on_event))
        questions = self.pending_questions(thread_id)
        state = self._state(thread_id)
        assert state is not None
        if questions:
            if self._warm_drafts and any(question.slot == "angle" for question in questions):
                self._warm(state)
            return TurnResult(thread_id=thread_id, questions=questions, brief=state.brief, assumptions=state.assumptions,
                              steps=state.steps)
        citations = number_citations(state.draft, state.evidence) if state.draft and state.intent in ("draft", "revise") else []
        return TurnResult(
            thread_id=thread_id,
            text=state.reply,
            brief=state.brief,
            draft=state.draft if state.intent in ("draft", "revise") else None,
            citations=citations,
            brand_check=state.brand_check,
            assumptions=state.assumptions,
            steps=state.steps,
            review_notes=state.review_notes,
        )

    def _warm(self, state: AgentState) -> None:
        """While the user reads the angle question, the model reads the script's opening (a daemon thread: it changes
        nothing in the thread, and a failure only means the first part is not sped up)."""
        ctx = self._context(None)

        def run() -> None:
            try:
                warm_drafting(state, ctx)
            except Exception as error:  # noqa: BLE001 - an optimisation must never surface as an error
                log.info("warming the script prompt failed: %s", error)

        self.warming = threading.Thread(target=run, name="warm-drafting", daemon=True)
        self.warming.start()

    # -- what callers use --------------------------------------------------------------
    def pending_questions(self, thread_id: str) -> list[Question]:
        snapshot = self._graph.get_state(self._config(thread_id))
        for pending in snapshot.interrupts:
            value = pending.value or {}
            return [Question.model_validate(question) for question in value.get("questions", [])]
        return []

    def send(self, thread_id: str, text: str, *, brand: str | None = None, on_event: EventSink | None = None) -> TurnResult:
        text = text.strip()
        if not text:
            raise InputError("The message is empty. Type what you want, e.g. 'Draft a TikTok script about our new hoodie'.")
        if self.pending_questions(thread_id):
            return self.answer(thread_id, {"_text": text}, on_event=on_event)
        payload = {"messages": [HumanMessage(content=text)], "request": text, "brand": brand, "intent": "chat"}
        return self._run(thread_id, payload, on_event)

    def answer(self, thread_id: str, answers: dict[str, str], *, on_event: EventSink | None = None) -> TurnResult:
        if not self.pending_questions(thread_id):
            raise InputError("There is no open question in this conversation. Send a new request instead.")
        if self.warming is not None and self.warming.is_alive():
            # The draft needs what the warm-up is doing (reading sources in another language, the script's opening);
            # a local server answers one request at a time, so waiting costs nothing and nothing is read twice.
            if on_event is not None:
                on_event(StatusEvent("Reading your sources for the script"))
            self.warming.join(timeout=WARM_WAIT_S)
        shown = "; ".join(f"{slot}: {value}" for slot, value in answers.items() if slot != "_text") or answers.get("_text", "")
        self._graph.update_state(self._config(thread_id), {"messages": [HumanMessage(content=shown)]})
        return self._run(thread_id, Command(resume=answers), on_event)

    def revise(
        self, thread_id: str, action: RevisionAction, *, of: TurnResult | None = None, on_event: EventSink | None = None
    ) -> TurnResult:
        """Redraft the script of `of` (the card the user clicked; by default the thread's latest) as `action` asks."""
        state = self._state(thread_id)
        if state is None or state.draft is None:
            raise InputError("There is no draft in this conversation to revise. Ask for a script first.")
        wish, rule = REVISIONS[action]
        payload = {
            "messages": [HumanMessage(content=f"Revise: {action.replace('_', ' ')}")],
            "intent": "revise",
            "revision_request": wish,
            "revisions": 1,  # a user-asked revision gets no extra automatic round
            "review_notes": [],
        }
        if of is not None and of.brief is not None:
            payload["brief"] = of.brief  # the clicked card's brief, though a later brief is the thread's latest
        result = self._run(thread_id, payload, on_event)
        if rule and state.brand:
            result.proposed_rule = rule
        return result

    def accept_rule(self, thread_id: str, rule: str) -> None:
        state = self._state(thread_id)
        if state is None or not state.brand:
            raise InputError("Choose a brand kit first; rules are saved to a kit.")
        self._brands.add_rule(state.brand, rule)

    def approve(self, thread_id: str, *, of: TurnResult | None = None) -> None:
        """Remember the script of `of` (the card the user clicked; by default the thread's latest) as approved."""
        state = self._state(thread_id)
        draft = of.draft if of is not None and of.draft is not None else state.draft if state else None
        if state is None or draft is None:
            raise InputError("There is no draft in this conversation to approve.")
        brand = of.brief.brand if of is not None and of.brief is not None and of.brief.brand else state.brand
        self._store.put(
            memory_namespace(self.user, brand),
            f"accepted-{uuid.uuid4().hex[:8]}",
            {"kind": "accepted_draft", "text": f"Approved script: {draft.hook.text} / {draft.angle}",
             "draft": draft.model_dump(), "at": time.time()},
        )

    def repurpose(self, thread_id: str, kinds: Sequence[str] = FORMAT_KINDS, *, of: TurnResult | None = None) -> RepurposeSet:
        """The script of `of` (the card the user clicked; by default the thread's latest) as the formats asked for
        (caption, thread, voice-over read, email teaser): each rewritten by the model and kept only when it passes
        the checks, else assembled from the script's own parts (tools/repurpose)."""
        state = self._state(thread_id)
        if state is None or state.draft is None:
            raise InputError("There is no draft in this conversation to repurpose. Ask for a script first.")
        if of is not None and of.draft is not None:
            draft, citations, brief = of.draft, of.citations, of.brief
        else:
            draft, citations, brief = state.draft, number_citations(state.draft, state.evidence), state.brief
        wanted = (of.brief.brand if of is not None and of.brief else None) or state.brand
        brand = wanted if wanted and self._brands.exists(wanted) else None
        source = from_draft(draft, citations, platform=brief.platform if brief else None,
                            brand=brand or (brief.brand if brief else None))
        return repurpose_script(
            source,
            kinds=kinds,
            brand=self._brands.gate(brand) if brand else None,
            model=self._chat_model,
            brand_summary=self._brands.summary(brand) if brand else "",
        )

    def memories(self, brand: str | None, *, limit: int = 200) -> list[Memory]:
        """What Hookline remembers about this user and `brand` (None: drafts made without a kit), newest first."""
        items = self._store.search(memory_namespace(self.user, brand), limit=limit)
        found = [Memory(key=item.key, kind=str(item.value.get("kind", "")), text=str(item.value.get("text", "")),
                        at=float(item.value.get("at") or 0.0)) for item in items]
        return sorted(found, key=lambda memory: memory.at, reverse=True)

    def forget(self, brand: str | None, key: str) -> bool:
        """Delete one memory; False when it was not there (already forgotten, or another user's)."""
        namespace = memory_namespace(self.user, brand)
        if self._store.get(namespace, key) is None:
            return False
        self._store.delete(namespace, key)
        return True

    def history(self, thread_id: str) -> list[dict[str, str]]:
        state = self._state(thread_id)
        if state is None:
            return []
        turns = []
        for message in state.messages:
            if isinstance(message, HumanMessage):
                turns.append({"role": "user", "content": str(message.content)})
            elif isinstance(message, AIMessage) and message.content and not message.tool_calls:
                turns.append({"role": "assistant", "content": str(message.content)})
        return turns

    def close(self) -> None:
        self._connection.close()
