"""check_text: exact findings for the kit's rules, and style similarity that ranks on-brand first."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.embeddings import MiniLMEmbedder
from core.errors import InputError
from core.services import Services
from core.settings import Settings
from tests.conftest import REPO_ROOT
from tests.test_brand_store import GUIDE, POSTS, queue_build
from tools.brandkit.check import BrandCheck, check_text
from tools.brandkit.model import BrandKit, Evidence, Rule
from tools.brandkit.store import BrandKitStore, kit_from_yaml
from tools.brandkit.style import style_fit

BRANDKITS = REPO_ROOT / "brandkits"

ON_BRAND = (
    "Your first campaign doesn't need to be perfect. Write a clear subject line, tell people what's inside, "
    "and send it when you have something to say. Sign up for our free email course."
)
OFF_BRAND = (
    "🚀🚀 LEVERAGE our REVOLUTIONARY, best-in-breed growth funnel and start CRUSHING IT!!! "
    "#growth #hustle #marketing #ninja Click here!!!"
)


def shipped(name: str) -> BrandKit:
    return kit_from_yaml((BRANDKITS / f"{name}.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def shipped_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrandKitStore]:
    """The shipped kits imported into a fresh store with the real offline embedder (no chat model)."""
    services = Services(Settings(_env_file=None, home=tmp_path_factory.mktemp("shipped") / "home"))
    services.embedder = MiniLMEmbedder()  # type: ignore[misc]
    store = BrandKitStore.open(services)
    for path in sorted(BRANDKITS.glob("*.yaml")):
        store.import_yaml(path.read_text(encoding="utf-8"))
    yield store
    services.close()


def kinds(result: BrandCheck) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in result.findings:
        found.setdefault(finding.kind, []).append(finding.severity)
    return found


def test_a_banned_word_is_flagged_with_the_guides_quote() -> None:
    kit = shipped("mailchimp-voice")
    result = check_text(kit, "We help small teams leverage email without the jargon.")
    finding = next(f for f in result.findings if f.kind == "avoided_word")
    assert finding.severity == "error" and "“leverage”" in finding.message
    assert finding.evidence[0].source == "16-word-list.html.md" and "leverage" in finding.evidence[0].quote
    assert "Rephrase without “leverage”." in result.suggestions
    assert result.score < 100


def test_findings_are_exact_and_repeatable() -> None:
    kit = shipped("mailchimp-voice")
    result = check_text(kit, OFF_BRAND)
    assert kinds(result)["avoided_word"].count("error") >= 4  # leverage, best-in-breed, funnel, crushing it (+ Click here)
    assert kinds(result)["avoided_claim"] == ["error"]  # revolutionary
    assert kinds(result)["hashtags"] == ["warning"]  # 4 hashtags; the guide: "rarely and deliberately"
    assert kinds(result)["exclamations"] == ["warning"]
    assert "emoji" not in kinds(result)  # "Feel free to throw in an emoji."
    assert check_text(kit, OFF_BRAND) == result
    assert set(result.model_dump()) == {"score", "findings", "suggestions"}
    assert set(result.model_dump()["findings"][0]) == {"kind", "severity", "message", "evidence"}


def test_sentence_length_and_reading_level_against_the_kit() -> None:
    kit = shipped("plain-language-18f")
    long_sentence = (
        "Due to privacy and logistical considerations the department has determined that replacement passes cannot be "
        "issued under any circumstances and applicants must therefore complete the entire application process again. "
        "Organizational deliberations necessitate comprehensive documentation of institutional responsibilities."
    )
    result = check_text(kit, long_sentence)
    finding = next(f for f in result.findings if f.kind == "sentence_length")
    assert "over 25 words (the stated limit)" in finding.message
    assert any(e.source == "be-concise.md" for e in finding.evidence)
    assert "reading_level" in kinds(result)
    assert "sentence_length" not in kinds(check_text(kit, "We can't replace lost passes. Get a new one on our website."))


def test_a_rule_the_user_states_becomes_a_finding() -> None:
    kit = shipped("mailchimp-voice")
    rule = Rule(text="We never use emojis", origin="user", provenance="stated by the user on 2026-11-27",
                evidence=[Evidence(source="user", quote="We never use emojis")])
    strict = kit.model_copy(update={"rules": [*kit.rules, rule]})
    assert "emoji" not in kinds(check_text(kit, "New templates are here 🎉"))
    result = check_text(strict, "New templates are here 🎉")
    finding = next(f for f in result.findings if f.kind == "emoji")
    assert finding.severity == "error" and "your rule" in finding.message and finding.evidence[0].source == "user"
    banned = kit.model_copy(update={"rules": [Rule(text='Don\'t say "game plan"', origin="user", provenance="stated by the user on 2026-11-27",
                                                    evidence=[Evidence(source="user", quote='Don\'t say "game plan"')])]})
    assert "avoided_word" in kinds(check_text(banned, "Here is our game plan."))


def test_a_required_cta_measured_from_posts(fake_services: Services) -> None:
    queue_build(fake_services.chat_model)  # type: ignore[arg-type]
    kit = BrandKitStore.open(fake_services).build("trailhead", [GUIDE, POSTS])
    assert check_text(kit, "Cold morning, warm cup. Grab a bag of Ridge Roast.").findings == [] or "cta" not in kinds(
        check_text(kit, "Cold morning, warm cup. Grab a bag of Ridge Roast.")
    )
    assert kinds(check_text(kit, "Cold morning, warm cup."))["cta"] == ["warning"]


def test_empty_text_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no text"):
        check_text(shipped("mailchimp-voice"), "   ")


def test_on_brand_caption_scores_above_off_brand(shipped_store: BrandKitStore) -> None:
    kit = shipped_store.get("mailchimp-voice")
    on = check_text(kit, ON_BRAND, store=shipped_store)
    off = check_text(kit, OFF_BRAND, store=shipped_store)
    assert on.score > off.score + 30, (on, off)
    assert any(f.kind == "style" for f in on.findings)


def test_style_fit_compares_the_brand_with_generic_copy_not_with_other_kits(shipped_store: BrandKitStore) -> None:
    # Written for this test: a passage in the voice of Mailchimp's guide (plain advice to people who write
    # for a business), and generic sales copy. The first fits the kit better than generic copy does.
    in_voice = (
        "Write the way you talk to a customer across the counter. Use short sentences, plain words, and tell "
        "people what happens next. If a sentence needs a second read, split it."
    )
    generic = "Don't miss our biggest sale of the year! Shop now and save up to 50% on everything. Link in bio."
    kit = shipped_store.get("mailchimp-voice")
    fits = {text: style_fit(kit, text, shipped_store) for text in (in_voice, generic)}
    assert all(fit is not None for fit in fits.values())
    assert fits[in_voice].fit > 0.5 > fits[generic].fit, fits  # type: ignore[union-attr]
    # With one kit in the store the score does not change: nothing is compared with other kits.
    alone = BrandKitStore.open(shipped_store._services, user="someone-else")
    alone.import_yaml((BRANDKITS / "mailchimp-voice.yaml").read_text(encoding="utf-8"))
    assert check_text(alone.get("mailchimp-voice"), in_voice, store=alone).score == check_text(kit, in_voice, store=shipped_store).score


def test_checking_a_kit_the_store_does_not_hold_uses_the_kits_own_examples(tmp_path: Path) -> None:
    services = Services(Settings(_env_file=None, home=tmp_path / "home"))
    services.embedder = MiniLMEmbedder()  # type: ignore[misc]
    result = check_text(shipped("mailchimp-voice"), ON_BRAND, store=BrandKitStore.open(services))
    assert any(f.kind == "style" for f in result.findings)
    services.close()


def test_the_fixer_repairs_formatting_the_kit_rules_out_and_leaves_words_to_the_writer() -> None:
    from tools.brandkit.fix import BrandFixer

    kit = shipped("plain-language-18f")  # emoji: avoid (measured); exclamation marks: sparingly
    assert kit.formatting.emoji.policy == "avoid" and kit.formatting.exclamations.policy == "sparingly"
    fixer = BrandFixer(kit)
    texts = [fixer.fix(text) for text in ("Apply online today! 🚀 It's fast!!", "Really?! We utilize plain words!")]
    assert texts == ["Apply online today! It's fast.", "Really? We utilize plain words."]  # the first "!" is kept
    assert any("emoji" in change for change in fixer.changes) and any("exclamation" in change for change in fixer.changes)
    assert check_text(kit, " ".join(texts)).score > check_text(kit, "Apply online today! 🚀 It's fast!! Really?! We utilize plain words!").score
    untouched = BrandFixer(kit)
    assert untouched.fix("Plain words, no marks.") == "Plain words, no marks." and untouched.changes == []


def test_a_draft_that_lifts_a_kit_example_word_for_word_is_flagged() -> None:
    kit = shipped("mailchimp-voice")
    lifted = " ".join(kit.examples[0].text.split()[:8])
    result = check_text(kit, f"Here is our new video. {lifted}. See you soon.")
    copied = [f for f in result.findings if f.kind == "copied_example"]
    assert copied and copied[0].severity == "warning" and copied[0].evidence[0].source == kit.examples[0].source
    fresh = check_text(kit, "Here is our new video about plain words. See you soon.")
    assert not any(f.kind == "copied_example" for f in fresh.findings)
