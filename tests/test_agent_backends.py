"""The agent on the real stores: corpus research and brand kits behind agent/backends.py,
with the scripted model and the deterministic embedder."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.backends import CorpusResearch, KitBrands
from core.llm.base import ToolDecision
from core.services import Services
from hookline.root import Root
from tests.drafting_doubles import PartLines, writer_replies
from tests.test_agent_graph import COMPLETE, slots
from tests.test_corpus_helpers import small_youtube
from tools.brandkit.store import BrandKitStore
from tools.corpus.store import CorpusStore

REPO = Path(__file__).resolve().parent.parent


def test_corpus_backend_answers_with_real_trends_and_insights(fake_services: Services, tmp_path: Path) -> None:
    research = CorpusResearch(fake_services, "local")
    assert not research.has_data()
    CorpusStore.open(fake_services).import_files([small_youtube(tmp_path)])
    assert research.has_data()
    trends = research.search_trends("hoodie drop", limit=3)
    assert trends and trends[0].why
    report = research.comment_insights("hoodie")
    assert report.total_comments >= 1 and report.clusters[0].quotes


def test_brand_backend_wraps_a_shipped_kit(fake_services: Services) -> None:
    kit = BrandKitStore.open(fake_services).import_yaml((REPO / "brandkits" / "mailchimp-voice.yaml").read_text())
    brands = KitBrands(fake_services, "local")
    assert brands.exists(kit.name) and not brands.exists("nope")
    assert "Avoid:" in brands.summary(kit.name)
    avoided = kit.vocabulary.avoid[0].term
    check = brands.check(kit.name, f"This is {avoided}. Buy now.")
    assert 0 <= check["score"] <= 100 and any(f["severity"] == "error" for f in check["findings"])
    fixed, changes = brands.fix(kit.name, ["Big news!", "Bigger news!!", "No marks"])  # exclamations: sparingly
    assert fixed == ["Big news!", "Bigger news.", "No marks"] and len(changes) == 1


def test_a_draft_cites_real_comments_from_the_imported_corpus(
    fake_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    CorpusStore.open(fake_services).import_files([small_youtube(tmp_path)])
    model = fake_services.chat_model
    model.queue(  # type: ignore[attr-defined]
        slots(COMPLETE, audience="college students", goal="sell our hoodie", offer="our hoodie"),
        ToolDecision(tool=None, reply="go"),
        *writer_replies(PartLines()),  # a faithful writer: each part says what the item it was shown says
    )
    session = Root(fake_services).open_agent()
    result = session.send("real", COMPLETE)
    if [q.slot for q in result.questions] == ["angle"]:
        result = session.answer("real", {"angle": "You decide"})
    session.close()
    comment_citations = [c for c in result.citations if c.kind == "comment"]
    assert comment_citations, result.text
    store = CorpusStore.open(fake_services)
    for citation in comment_citations:
        comment = store.get_comment(citation.source_id)
        assert comment is not None, f"{citation.source_id} must be a real comment id"
        assert " ".join(citation.text.split())[:20] in " ".join(comment.text.split())


def test_research_is_scoped_to_a_creator_the_request_names(fake_services: Services, tmp_path: Path) -> None:
    from agent.backends import CorpusResearch
    from agent.nodes.research import research_topic

    CorpusStore.open(fake_services).import_files([small_youtube(tmp_path)])
    research = CorpusResearch(fake_services, fake_services.settings.user)
    assert research.creator_named_in("A TikTok for Test Brand's audience about podcasts") == "Test Brand"
    assert research.creator_named_in("a short for test brand fans") == "Test Brand"
    assert research.creator_named_in("A TikTok about podcasts for the Testing crowd") is None
    # Without an offer, angle or audience, the request's format words are not what to search for.
    assert research_topic(None, "Write a 30-second TikTok script about leaky water bottles") == "about leaky water bottles"
