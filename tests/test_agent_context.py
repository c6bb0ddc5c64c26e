"""The graph gets its dependencies from its host, or fails loudly; Studio's come from the composition root."""

from __future__ import annotations

import pytest
from langchain_core.messages import HumanMessage

import hookline.studio as studio
from agent.context import AgentContext, MissingContextError
from agent.graph import build_graph
from core.errors import NotFoundError
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


class _Channels(FakeResearch):
    """Two creators; a creator argument that names neither is not found, as the corpus says it."""

    def comment_insights(self, query: str, *, creator: str | None = None, post_id: str | None = None, limit: int = 4):  # type: ignore[no-untyped-def]
        if creator not in (None, "Tipa", "Alex Hawkers"):
            raise NotFoundError(f"No creator matches {creator!r}. Known creators: Alex Hawkers, Tipa.")
        self.calls.append(("comment_insights", creator or "every creator"))
        return self.report

    def creator_named_in(self, text: str) -> str | None:
        return "Tipa" if "tipa" in text.lower() else None


def test_a_creator_argument_naming_no_creator_falls_back_to_the_one_the_request_names(settings: Settings) -> None:
    from agent.research_tools import run_tool

    research = _Channels()
    ctx = AgentContext(chat_model=ScriptedChatModel(), tokens=TokenCounter(settings.tiktoken_cache_dir), research=research,
                       brands=FakeBrands(), embedder=HashEmbedder(256))
    asked = {"query": "sesiones", "creator": "mailchimp-voice"}  # the small model passed the brand kit as the creator
    outcome = run_tool("get_comment_insights", asked, ctx=ctx, store=None, brand="mailchimp-voice",
                       user_text="Escribe un guion para conseguir más visitas en las sesiones de Tipa", existing=[])
    assert outcome.ok and research.calls == [("comment_insights", "Tipa")]
    assert outcome.output.startswith("(no creator matches 'mailchimp-voice': used Tipa, whom the request names)")
    outcome = run_tool("get_comment_insights", asked, ctx=ctx, store=None, brand=None,
                       user_text="A TikTok for podcast fans", existing=[])
    assert research.calls[-1] == ("comment_insights", "every creator") and "searched every creator" in outcome.output
