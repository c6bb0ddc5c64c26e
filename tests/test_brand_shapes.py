"""Rules in the shapes brands write them, limits as numbers, and the labelled fixture set (issue 11)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.brand_extraction import FIXTURES, Tally, expected, extracted, fixture_docs
from tools.brandkit import roles, shapes
from tools.brandkit.extract import avoided_terms
from tools.brandkit.grounding import real_words, says_the_same, unlabel
from tools.brandkit.limits import broken, stated_limits
from tools.brandkit.model import BrandKit
from tools.brandkit.sources import SourceDoc, parse_source

TIDEWATER = FIXTURES / "01-tidewater" / "voice-note.txt"


def doc(text: str, name: str = "guide.md", kind: str = "markdown") -> SourceDoc:
    return roles.separate([parse_source(name, kind, text, sha256="0" * 64, size=len(text))])[0]


def terms(text: str, kind: str = "markdown") -> dict[str, str | None]:
    return {t.term: t.alternative for t in avoided_terms([doc(text, kind=kind)])}


def test_the_tidewater_voice_note_gives_every_avoided_word_and_limit() -> None:
    note = roles.separate([fixture_docs(TIDEWATER.parent)[1]])  # the note alone, no captions
    found = {t.term.lower() for t in avoided_terms(note)}
    assert {"consumers", "users", "eco-warrior", "game-changer", "revolutionary", "guilt"} <= found
    assert "you" not in found and "refill" not in found
    limits = {limit.kind: limit for limit in stated_limits(note)}
    assert limits["hashtags"].max == 2 and limits["hashtags"].allowed == ["#Tidewater"]
    assert limits["emoji"].max == 1 and limits["emoji"].allowed == ["🌊"]
    assert limits["questions"].max == 1 and "exclamation_runs" in limits
    assert "two hashtags at most" in limits["hashtags"].evidence[0].quote


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ('Banned words: artisanal, gourmet, guilt-free.', {"artisanal": None, "gourmet": None, "guilt-free": None}),
        ('Say "refill", not "single-use solution".', {"single-use solution": "refill"}),
        ('Use "fee" instead of "charge".', {"charge": "fee"}),
        ('We never call children "little ones" or "kiddos".', {"little ones": None, "kiddos": None}),
        ("## Words we avoid\n\n- extreme: nobody needs it\n- crush (as in \"crush the trail\")\n", {"extreme": None, "crush": None}),
        ('Nunca digas "usuario" ni "cliente final". Habla de "ciclistas".', {"usuario": None, "cliente final": None}),
        ("- Di «riego», no «hidratación».", {"hidratación": "riego"}),
        ("Evita palabras como «mágico» y «tendencia».", {"mágico": None, "tendencia": None}),
        # A bullet that is a rule sentence, and the wording to use "instead" (an alternative, never a term to avoid)
        ('## Words we avoid\n- Never say "amazing". Say "good" instead.\n- Avoid "synergy" and "game-changer".\n',
         {"amazing": "good", "synergy": None, "game-changer": None}),
        ('## Words we avoid\n- hack (say "tip" instead)\n', {"hack": "tip"}),
        ("Nunca digas «barato». Di «asequible» en su lugar.", {"barato": "asequible"}),
        ("| We are | We are not |\n|---|---|\n| warm | cloying |\n| specific | vague: \"artisanal goodness\" |\n",
         {"artisanal goodness": None}),
    ],
)
def test_each_shape_gives_its_terms_and_nothing_else(text: str, want: dict[str, str | None]) -> None:
    assert terms(text) == want


def test_prose_is_not_cut_into_words_and_formatting_items_are_limits() -> None:
    found = terms("## Don't\n\n- \"flawless\"\n- Exclamation marks. We never use them.\n\n"
                  "We avoid distractions like fluffy metaphors and cheap plays to emotion.\n")
    assert found == {"flawless": None}
    limits = {limit.kind: limit.max for limit in stated_limits([doc("## Don't\n\n- Exclamation marks. We never use them.\n")])}
    assert limits == {"exclamations": 0}
    qualified = stated_limits([doc("Do not use current event or trending hashtags to promote us.")])
    assert qualified == []  # a kind of hashtag is ruled out, not hashtags


@pytest.mark.parametrize(
    ("sentence", "kind", "maximum", "allowed"),
    [
        ("Hashtags: solo #CaféBrújula y uno más como máximo.", "hashtags", 2, ["#CaféBrújula"]),
        ("No hashtags except #LumenSkin.", "hashtags", 1, ["#LumenSkin"]),
        ("Un emoji por post como máximo, y solo 🌊 o 🏄.", "emoji", 1, ["🌊", "🏄"]),
        ("Keep captions under 40 words.", "words", 40, []),
        ("Como máximo una pregunta por publicación.", "questions", 1, []),
        ("Emoji are fine but no more than three.", "emoji", 3, []),
        ("Sin emojis.", "emoji", 0, []),
    ],
)
def test_numbers_become_numbers(sentence: str, kind: str, maximum: int, allowed: list[str]) -> None:
    limits = {limit.kind: limit for limit in stated_limits([doc(sentence)])}
    assert limits[kind].max == maximum and limits[kind].allowed == allowed


def test_sign_off_casing_and_what_a_text_breaks() -> None:
    guide = doc('Sign off every post with "See you at the counter." Never use ALL CAPS. Two hashtags at most: #Crumb and one more.')
    limits = stated_limits([guide])
    assert {limit.kind for limit in limits} == {"sign_off", "casing", "hashtags"}
    assert broken(limits, "Warm rye today. See you at the counter. #Crumb #rye") == []
    messages = [hit.message for hit in broken(limits, "WARM rye today!! #bread #rye")]
    assert len(messages) == 3 and any("shouts" in m for m in messages) and any("sign off" in m for m in messages)
    assert any("#bread" in m for m in messages)  # two tags but neither is the brand's own


def test_a_text_file_of_rules_is_a_guide_and_captions_stay_posts() -> None:
    note, captions = fixture_docs(TIDEWATER.parent)[1], fixture_docs(TIDEWATER.parent)[0]
    # What sources alone decide: the note's title line is a heading, its paragraphs look like captions.
    assert note.blocks[0].kind == "heading" and note.blocks[0].text.startswith("Tidewater voice note")
    assert all(block.kind == "post" for block in note.blocks[1:] if block.text)
    separated = roles.separate([note, captions])
    assert not any(block.kind == "post" for block in separated[0].blocks)
    assert all(block.kind == "post" for block in separated[1].blocks)


def test_values_must_say_what_their_quotes_say() -> None:
    quote = "What we promise: bread that is baked the same morning, or it's free."
    assert not says_the_same("immediate delivery and freshness", quote)
    assert says_the_same("bread baked the same morning, or free", quote)
    assert unlabel("Audience: 22 to 40 year olds", "audience") == "22 to 40 year olds"
    assert unlabel("We write for people who swim", "audience") == "People who swim"
    assert real_words("Warm", [doc("We are warm.")]) and not real_words("Friendlike", [doc("We are friendly.")])


def test_extraction_on_the_labelled_fixtures_meets_the_issue_bar() -> None:
    """Precision and recall >= 0.9 for avoided terms and numeric limits on all 14 labelled guides."""
    folders = sorted(path for path in FIXTURES.iterdir() if (path / "labels.json").is_file())
    assert len(folders) >= 12
    languages = set()
    tallies = {"avoid": Tally(), "limits": Tally()}
    for folder in folders:
        labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
        languages.add(labels["language"])
        got, want = extracted(fixture_docs(folder)), expected(labels)
        for name, tally in tallies.items():
            tally.add(got[name], want[name], labels["brand"])
    assert languages >= {"en", "es"}
    for name, tally in tallies.items():
        assert tally.precision >= 0.9 and tally.recall >= 0.9, (name, tally.misses, tally.extra)


def test_every_shipped_kit_still_loads() -> None:
    for path in sorted((Path(__file__).parent.parent / "brandkits").glob("*.yaml")):
        from tools.brandkit.store import kit_from_yaml

        assert isinstance(kit_from_yaml(path.read_text(encoding="utf-8")), BrandKit)


def test_table_traits_carry_the_guides_own_dont() -> None:
    hints = shapes.table_traits([doc("| We are | We are not |\n|---|---|\n| specific: \"hours of proofing\" | vague: \"artisanal goodness\" |\n")])
    assert [(hint.name, hint.dont) for hint in hints] == [("Specific", 'vague: "artisanal goodness"')]


def test_a_stated_promise_is_kept_in_the_guides_words() -> None:
    from tools.brandkit.profile import stated_profile

    bakery = doc("# Crumb\n\n## What we promise\nBread that is baked the same morning, or it's free.\n\n"
                 "Who we bake for: neighbours on their way to work.\n")
    profile = stated_profile([bakery])
    assert profile["promise"].text == "Bread that is baked the same morning, or it's free"
    assert profile["audience"].text == "Neighbours on their way to work"
    assert stated_profile([doc("Escribimos para gente que va al trabajo en bici.")])["audience"].text.startswith("Gente que va")


def test_a_voice_table_and_a_labelled_audience_read_as_a_person_would_write_them() -> None:
    from tools.brandkit.profile import stated_profile
    from tools.brandkit.shapes import table_traits

    guide = doc(
        "We write for: people who cook dinner after a long shift.\n\n"
        "| We are | We are not |\n|---|---|\n| Warm: \"Dinner, sorted.\" | Gushing: \"OMG best meal EVER\" |\n"
        "| Calm | Pushy: \"Order now!!\" |\n"
    )
    traits = {hint.name: hint for hint in table_traits([guide])}
    assert traits["Warm"].explanation == '"Dinner, sorted."'  # the card adds "Warm:" itself
    assert traits["Calm"].explanation == ""
    assert stated_profile([guide])["audience"].text == "People who cook dinner after a long shift"


def test_items_under_a_prohibiting_heading_are_prohibitions() -> None:
    guide = ("## Things we never do\n\n- post more than three emoji\n- tag over 4 hashtags\n\n"
             "## Do\n\n- use more than two examples when you explain a stitch\n")
    limits = {limit.kind: limit.max for limit in stated_limits([doc(guide)])}
    assert limits == {"emoji": 3, "hashtags": 4}  # the "Do" list's "more than two examples" is no limit
    spanish = {limit.kind: limit.max for limit in stated_limits([doc("## Evita\n\n- usar más de dos hashtags\n")])}
    assert spanish == {"hashtags": 2}
