"""Learning from edits (proposed, saved only on confirmation), versions and rollback, and the check on a
kit built from the Tidewater voice note alone (issue 11)."""

from __future__ import annotations

import json

import pytest

from core.errors import InputError
from core.services import Services
from hookline import cli
from tests.fakes import ScriptedChatModel
from tests.test_brand_shapes import TIDEWATER
from tests.test_brand_store import GUIDE, queue_build
from tools.brandkit.check import check_text
from tools.brandkit.learn import propose_from_edit, propose_from_words
from tools.brandkit.store import BrandKitStore


def empty_description(model: ScriptedChatModel) -> None:
    model.queue(
        {"audience": None, "promise": None, "selling_points": [], "cta_patterns": []},
        {"traits": [{"name": "n", "quote": "not in the files", "description": "", "do": "", "dont": ""}] * 3},
    )


def test_what_the_user_says_becomes_proposed_terms_with_their_words_as_evidence() -> None:
    proposals = propose_from_words('never say "game-changer" or "disrupt"')
    assert [p.term.term for p in proposals if p.term] == ["game-changer", "disrupt"]
    assert proposals[0].term.evidence[0].source == "user"  # type: ignore[union-attr]
    assert propose_from_words("make it shorter please") == []
    assert [p.term.term for p in propose_from_words("no digas «top»") if p.term] == ["top"]


def test_a_changed_line_proposes_the_replaced_word_and_the_removed_emoji() -> None:
    proposals = propose_from_edit("Our revolutionary bottle keeps water cold 🌊🌊🔥", "Our new bottle keeps water cold 🌊")
    term = next(p.term for p in proposals if p.term)
    assert term.term == "revolutionary" and term.alternative == "new"
    assert "revolutionary" in term.evidence[0].quote and "new bottle" in term.evidence[0].quote
    limit = next(p.limit for p in proposals if p.limit)
    assert limit.kind == "emoji" and limit.max == 1
    assert propose_from_edit("Same line.", "Same line.") == []


def test_learned_rules_are_saved_only_when_confirmed_and_roll_back(fake_services: Services) -> None:
    store = BrandKitStore.open(fake_services)
    queue_build(fake_services.chat_model)  # type: ignore[arg-type]
    first = store.build("trailhead", [GUIDE])
    proposals = propose_from_words('never say "game-changer"')
    assert store.get("trailhead").version == 1  # proposing saves nothing
    learned = store.learn("trailhead", proposals)
    assert learned.version == 2 and "game-changer" in {t.term for t in learned.vocabulary.avoid}
    assert any(f.kind == "avoided_word" for f in check_text(learned, "A real game-changer.").findings)
    back = store.rollback("trailhead", 1)
    assert back.version == 3 and "game-changer" not in {t.term for t in back.vocabulary.avoid}
    assert back.vocabulary == first.vocabulary and [v.version for v in store.versions("trailhead")] == [1, 2, 3]
    with pytest.raises(InputError, match="already the current"):
        store.rollback("trailhead", 3)
    with pytest.raises(InputError, match="nothing to save"):
        store.learn("trailhead", [])


def test_cli_learn_needs_yes_to_save_and_rollback_names_the_new_version(
    fake_services: Services, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("hookline.root.Services", lambda _settings: fake_services)

    def run(*argv: str) -> tuple[int, str]:
        code = cli.main(["brand", *argv], settings=fake_services.settings)
        return code, capsys.readouterr().out

    queue_build(fake_services.chat_model)  # type: ignore[arg-type]
    assert run("build", "trailhead", str(GUIDE))[0] == 0
    code, out = run("learn", "trailhead", "--said", "never say 'synergy-ish'")
    assert code == 0 and "Nothing saved yet" in out and "synergy-ish" in out
    code, out = run("learn", "trailhead", "--before", "A revolutionary roast", "--after", "A new roast", "--yes", "--json")
    assert json.loads(out)["saved_version"] == 2
    code, out = run("rollback", "trailhead", "1")
    assert code == 0 and "version 3, a copy of version 1" in out
    code, out = run("versions", "trailhead", "--json")
    assert [v["version"] for v in json.loads(out)] == [1, 2, 3]


def test_tidewater_from_its_voice_note_alone_flags_the_off_brand_caption(fake_services: Services) -> None:
    """The issue's case: one 800-byte note, no captions. Every banned word and limit is found and named."""
    empty_description(fake_services.chat_model)  # type: ignore[arg-type]
    kit = BrandKitStore.open(fake_services).build("tidewater", [TIDEWATER])
    off = "ECO-WARRIOR!!! This revolutionary, game-changing bottle ends the guilt 🌊🔥 #eco #green #planet Consumers love it"
    result = check_text(kit, off)
    words = {f.message.split("”")[0].lstrip("“").lower() for f in result.findings if f.kind == "avoided_word"}
    assert {"eco-warrior", "revolutionary", "game-changing", "guilt", "consumers"} <= words
    limits = {f.kind for f in result.findings}
    assert {"limit_hashtags", "limit_emoji", "limit_exclamation_runs"} <= limits
    assert all("breaks the rule" in f.message for f in result.findings if f.kind.startswith("limit_"))
    assert result.score <= 40
    on = check_text(kit, "Swim, rinse, refill. Your bottle waits on the dock and the water stays cold. #Tidewater")
    assert on.score >= 85, on.findings
