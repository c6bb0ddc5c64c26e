"""The graph gets its dependencies from its host, or fails loudly; Studio's come from the composition root."""

from __future__ import annotations

import pytest
from langchain_core.messages import HumanMessage

import hookline.studio as studio
from agent.context import AgentContext, MissingContextError
from agent.graph import build_graph
from core.settings import Settings
from core.tokens import TokenCounter
from hookline.root import Root
from tests.agent_doubles import FakeBrands, FakeResearch
from tests.fakes import HashEmbedder, ScriptedChatModel

HELLO = {"messages": [HumanMessage(content="hi there")], "request": "hi there", "intent": "chat"}


def _context(settings: Settings, *replies: str) -> AgentContext:
    return AgentContext(chat_model=ScriptedChatModel(*replies), tokens=TokenCounter(settings.tiktoken_cache_dir),
                        research=FakeResearch(), brands=FakeBrands(), embedder=HashEmbedder(256))


def test_a_run_without_a_context_fails_loudly_instead_of_building_one() -> None:
    with pytest.raises(MissingContextError, match="without its context"):
        build_graph().invoke(HELLO)


def test_the_context_a_host_passes_is_the_one_used(settings: Settings) -> None:
    state = build_graph(default_context=lambda: _context(settings, "default")).invoke(
        HELLO, context=_context(settings, "passed")
    )
    assert state["reply"] == "passed"


def test_studio_runs_on_the_context_the_composition_root_builds(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str | None] = []

    def agent_context(root: Root, user: str | None = None) -> AgentContext:
        built.append(user)
        return _context(settings, "Hello from Studio.", "Hello again.")

    monkeypatch.setattr(Root, "agent_context", agent_context)
    studio.default_context.cache_clear()
    try:
        state = studio.make_graph().invoke(HELLO)  # Studio passes no context
        again = studio.make_graph().invoke(HELLO)
    finally:
        studio.default_context.cache_clear()
    assert (state["reply"], again["reply"]) == ("Hello from Studio.", "Hello again.")
    assert built == [None]  # built once per Studio process, for the settings' user
