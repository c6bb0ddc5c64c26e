"""Deterministic extraction from the real style guides and from small fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SHARED_DATA
from tools.brandkit import extract
from tools.brandkit.sources import SourceDoc, read_upload
from tools.brandkit.text import find_quote, normalize, reading_grade, split_sentences

GUIDES = SHARED_DATA / "brand_style_guides"
FIXTURES = Path(__file__).parent / "fixtures" / "brand"


def guide(folder: str) -> list[SourceDoc]:
    return [read_upload(path) for path in sorted((GUIDES / folder).glob("*.md")) if path.name != "LICENSE.md"]


@pytest.fixture(scope="module")
def mailchimp() -> list[SourceDoc]:
    return guide("mailchimp_content_style_guide")


@pytest.fixture(scope="module")
def eighteen_f() -> list[SourceDoc]:
    return guide("18f_content_guide")


def terms_by_name(docs: list[SourceDoc]) -> dict[str, extract.Term]:
    return {term.term: term for term in extract.avoided_terms(docs)}


def test_mailchimp_word_list_gives_its_real_avoided_words_with_quotes(mailchimp: list[SourceDoc]) -> None:
    terms = terms_by_name(mailchimp)
    for word in ("automagical", "funnel", "incentivize", "leverage", "thought leader", "ninja", "rockstar",
                 "crushing it", "best-in-breed", "rise and grind", "disruptor", "blacklist", "whitelist"):
        assert word in terms, word
        proof = terms[word].evidence[0]
        assert proof.source == "16-word-list.html.md"
        text = next(doc.text for doc in mailchimp if doc.name == proof.source)
        assert normalize(word) in normalize(proof.quote) and normalize(proof.quote) in normalize(text)
    assert terms["leverage"].severity == "error"
    assert terms["ninja"].severity == "warning" and terms["ninja"].note.startswith("unless")
    assert terms["conversion"].severity == "warning"  # "Words to use carefully"
    assert terms["omnichannel"].severity == "warning"  # "(use sparingly)"
    assert {"Click here", "learn more"} <= set(terms)  # "Don't say things like “Click here!”"
    assert terms["guaranteed"].kind == "claim"  # "Avoid dramatic storytelling and grandiose claims."
    for not_banned in ("for", "you", "u", "4", "other fluffy corporate terms", "email", "emoji"):
        assert not_banned not in terms


def test_18f_patterns_instead_of_not_prefer_and_never(eighteen_f: list[SourceDoc]) -> None:
    terms = terms_by_name(eighteen_f)
    assert terms["utilize"].alternative == "use"
    assert terms["purchase"].alternative == "buy" and terms["assist"].alternative == "help"
    assert "help" not in terms and "about" not in terms  # the preferred words are not banned
    assert terms["e-mail"].alternative == "email"
    assert terms["US"].case_sensitive and terms["Federal Government"].case_sensitive
    assert terms["elderly"].alternative == "older person"
    assert terms["dropdown"].severity == "error"
    assert terms["You may be able to"].alternative == "You can"
    assert terms["key"].severity == "warning"  # "(unless it unlocks something ...)"
    assert "novice" not in terms and "beginner" not in terms  # "as substitute for _novice_": preferred, not banned
    assert terms["Kleenex"].alternative == "tissue" and terms["Kleenex"].severity == "warning"


def test_a_preferred_form_containing_the_avoided_word_is_not_flagged(eighteen_f: list[SourceDoc]) -> None:
    terms = terms_by_name(eighteen_f)
    assert extract.find_term(terms["a Hispanic"], "a Hispanic person") == []
    assert extract.find_term(terms["a Hispanic"], "He is a Hispanic.") == ["a Hispanic"]
    assert extract.find_term(terms["US"], "tell us about it") == []
    assert extract.find_term(terms["US"], "the US budget") == ["US"]
    leverage = terms_by_name(guide("mailchimp_content_style_guide"))["leverage"]
    assert extract.find_term(leverage, "We leveraged it, leveraging more.") == ["leveraged", "leveraging"]
    assert extract.find_term(leverage, "Leverage-free") == ["Leverage"]


def test_stated_habits_and_sentence_limit(mailchimp: list[SourceDoc], eighteen_f: list[SourceDoc]) -> None:
    habits = extract.stated_habits(mailchimp)
    assert habits["emoji"].policy == "allowed"
    assert habits["hashtags"].policy == "sparingly"
    assert habits["hashtags"].evidence[0].quote == "We employ hashtags rarely and deliberately."
    assert habits["exclamations"].policy == "sparingly"
    limit = extract.stated_sentence_limit(eighteen_f)
    assert limit is not None and limit[0] == 25 and limit[1].source == "be-concise.md"


def test_measured_formatting_is_counted_not_guessed() -> None:
    docs = [read_upload(FIXTURES / "trailhead-posts.csv"), read_upload(FIXTURES / "trailhead-guide.md")]
    found = extract.passages(docs)
    fmt = extract.measure_formatting(found, docs)
    assert fmt.measured_on == "8 posts from 1 file"
    assert fmt.emoji.share == pytest.approx(2 / 8) and fmt.emoji.policy == "allowed" and fmt.emoji.stated
    assert fmt.hashtags.per_example == pytest.approx(1 / 8) and fmt.hashtags.policy == "sparingly"
    assert fmt.exclamations.policy == "avoid" and not fmt.exclamations.stated
    assert fmt.sentence_words is not None and fmt.sentence_words.stated_max == 20
    assert fmt.reading_grade is not None and fmt.reading_grade.low <= fmt.reading_grade.median <= fmt.reading_grade.high
    assert fmt.casing.style == "sentence"


def test_rules_traits_ctas_and_hooks(mailchimp: list[SourceDoc], eighteen_f: list[SourceDoc]) -> None:
    rules = [rule.text for rule in extract.source_rules(mailchimp)]
    assert "Never ask for retweets, likes, or favorites." in rules
    assert all(rule.startswith(("Never", "Always", "Don", "Do not", "Avoid", "Make sure")) for rule in rules)
    hints = [hint.name for hint in extract.trait_hints(mailchimp)]
    assert {"Human", "Familiar", "Plainspoken", "Dry humor"} <= set(hints)
    assert [hint.name for hint in extract.trait_hints(eighteen_f)][:5] == [
        "Authoritative", "Conversational", "Friendly", "Instructive", "Welcoming to all audiences"
    ]
    required = extract.cta_required(mailchimp, [])
    assert required is not None and "call to action" in required.evidence[0].quote.lower()
    assert extract.cta_required(eighteen_f, []) is None
    posts = [p for p in extract.passages([read_upload(FIXTURES / "trailhead-posts.csv")])]
    hooks = extract.example_hooks(posts)
    assert hooks[0].text.startswith("Trail tip: pre-heat your thermos with hot water first.")  # most liked first
    assert "510 likes" in hooks[0].text or "7,200 views" in hooks[0].text
    patterns = extract.cta_patterns([], posts)
    assert patterns[0].text.startswith("“Grab a bag")


def test_counter_examples_and_word_lists_are_not_voice_examples(eighteen_f: list[SourceDoc]) -> None:
    found = extract.passages(eighteen_f)
    texts = [p.text for p in found]
    assert any(t.startswith("Unfortunately, we can’t replace lost or stolen passes.") for t in texts)  # after "Use:"
    assert not any(t.startswith("Due to privacy and logistical considerations") for t in texts)  # after "Instead of:"
    assert not any(t.startswith("collaborate (use") for t in texts)  # a word-list entry
    assert len({p.key for p in found}) == len(found)  # no duplicates


def test_quotes_are_verified_against_the_text() -> None:
    sources = [("guide.md", "We are plainspoken. We understand the world\nour customers are living in.")]
    match = find_quote("we understand the world our customers", sources)
    assert match is not None and match.source == "guide.md" and match.text == "We understand the world\nour customers"
    assert find_quote("We understand the universe our customers", sources) is None
    assert find_quote("We are", sources) is None  # too short to prove anything
    assert find_quote("“We are plainspoken”", sources) is not None  # quote marks and case are forgiven


def test_text_measures() -> None:
    assert split_sentences("Use the U.S. spelling. Go now! Really? Yes") == ["Use the U.S. spelling.", "Go now!", "Really?", "Yes"]
    easy = reading_grade("The cat sat. The dog ran. We had fun.")
    hard = reading_grade("Organizational communication necessitates considerable institutional deliberation.")
    assert easy is not None and hard is not None and easy < 3 < hard
