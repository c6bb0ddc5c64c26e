"""End to end on the real embedded model: one complete brief becomes a valid, grounded ScriptDraft."""

from __future__ import annotations

import sqlite3
import time

import pytest

from agent.memory_store import ChromaStore
from agent.session import AgentSession
from hookline.chroma import open_chroma
from hookline.services import Services
from tests.agent_doubles import FakeBrands, hoodie_research

pytestmark = pytest.mark.embedded_model


def test_complete_brief_becomes_a_grounded_script_on_the_embedded_model(real_services: Services) -> None:
    settings = real_services.settings
    session = AgentSession(
        chat_model=real_services.chat_model,
        tokens=real_services.tokens,
        research=hoodie_research(),
        brands=FakeBrands(),
        store=ChromaStore(open_chroma(settings), real_services.embedder, collection="agent-e2e"),
        checkpoints=sqlite3.connect(settings.checkpoints_path, check_same_thread=False),
        user="e2e",
        context_tokens=settings.embedded_context_tokens,
    )
    started = time.monotonic()
    result = session.send(
        "e2e", "Write a 30-second TikTok script for college students to sell our hoodie", brand="acme"
    )
    elapsed = time.monotonic() - started
    session.close()

    assert not result.questions, f"a complete brief needs no questions, got {result.questions}"
    assert result.draft is not None
    assert result.draft.hook.text.strip() and result.draft.call_to_action.text.strip()
    evidence_ids = {"I1", "C1", "C2", "P1"}
    cited = {item for _name, part in result.draft.parts() for item in part.evidence}
    assert cited and cited <= evidence_ids, f"every citation must be a real id, got {cited}"
    assert result.citations and all(c.text for c in result.citations)
    assert {step.name for step in result.steps} >= {"get_comment_insights", "search_trends"}
    print(f"\nembedded draft in {elapsed:.0f} s:\n{result.text}")
