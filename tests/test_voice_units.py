"""Reading scripts and estimating their length: no audio here."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import InputError
from tools.language import detect_language
from tools.voice.pace import (
    LANGUAGE_WORD_RATE,
    PLATFORM_WORDS_PER_SECOND,
    estimate_seconds,
    pace_for,
)
from tools.voice.script import clean, from_text, load_script


def test_markdown_export_reads_only_the_spoken_parts() -> None:
    text = (
        "**Angle:** not spoken\n\n**Hook:** Stop scrolling. [1]\n**Selling point:** It folds flat. [2][3]\n"
        "**Beats:**\n1. Fits a jeans pocket. [2]\n2) Opens with one hand.\n"
        "**Call to action:** Link in bio.\n**On screen:** FOLDS FLAT\n**Duration:** about 5 s\n\n**Sources**\n[1] comment: quoted\n"
    )
    script = from_text(text, "x.md")
    assert [part.name for part in script.parts] == ["hook", "selling point", "beat 1", "beat 2", "call to action"]
    assert script.text == "Stop scrolling. It folds flat. Fits a jeans pocket. Opens with one hand. Link in bio."


def test_plain_notes_are_read_paragraph_by_paragraph() -> None:
    script = from_text("# Idea\n\nFirst *thing* to say, see [the shop](https://example.com).\n\n\nSecond thing.\n", "n.txt")
    assert [part.text for part in script.parts] == ["Idea", "First thing to say, see the shop.", "Second thing."]


def test_clean_removes_marks_but_keeps_words() -> None:
    assert clean("Half the price [12] of pods [C3], **really**.") == "Half the price of pods, really."


def test_load_script_rejects_folders_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        load_script(tmp_path / "nope.json")
    with pytest.raises(InputError, match="folder"):
        load_script(tmp_path)


@pytest.mark.parametrize(("text", "code"), [
    ("Stop losing your bottle in your bag: this one never leaks, even upside down.", "en"),
    ("Deja de perder la botella en la mochila: esta nunca se sale, ni boca abajo.", "es"),
    ("Hör auf, deine Flasche in der Tasche zu verlieren: diese läuft nie aus.", "de"),
])
def test_language_is_detected(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_estimate_uses_platform_pace_and_language_factor() -> None:
    words = " ".join(["word"] * 55)
    assert estimate_seconds(words, "tiktok", "en") == pytest.approx(55 / PLATFORM_WORDS_PER_SECOND["tiktok"], abs=0.1)
    assert pace_for("Instagram Reels", "en").platform == "instagram_reels"
    assert estimate_seconds(words, "podcast", "en") > estimate_seconds(words, "tiktok", "en")
    # German packs fewer words into a second than English (measured): the same word count takes longer.
    assert estimate_seconds(words, "tiktok", "de") > estimate_seconds(words, "tiktok", "en")
    assert LANGUAGE_WORD_RATE["de"] < 1 < LANGUAGE_WORD_RATE["fr"]
    unknown = pace_for("myspace", "sw")
    assert unknown.platform == "other" and "not measured" in unknown.basis


def test_the_web_chats_markdown_export_reads_its_spoken_parts() -> None:
    from agent.schemas import Citation, ScriptDraft, ScriptPart, TurnResult
    from hookline.renderer import draft_markdown

    draft = ScriptDraft(
        angle="Title not spoken", hook=ScriptPart(text="Stop scrolling.", evidence=["C1"]),
        selling_point=ScriptPart(text="It folds flat."), beats=[ScriptPart(text="Fits a pocket.", evidence=["C1"]),
                                                                ScriptPart(text="Opens with one hand.")],
        call_to_action=ScriptPart(text="Link in bio."), on_screen_text=["FOLDS FLAT"],
    )
    result = TurnResult(thread_id="t", draft=draft, citations=[Citation(number=1, id="C1", kind="comment", text="so handy")])
    script = from_text(draft_markdown(result), "export.md")
    assert [part.name for part in script.parts] == ["hook", "selling point", "beat 1", "beat 2", "call to action"]
    assert script.text == draft.spoken_text()


def test_a_language_the_draft_states_wins_over_detection() -> None:
    from tools.voice.preview import choose_language
    from tools.voice.script import SpokenPart, SpokenScript

    script = SpokenScript(parts=[SpokenPart(name="hook", text="Hola, hola.")], language="es", source="s")
    assert choose_language(script, None) == "es"
    assert choose_language(script, "pt-BR") == "pt"  # --language overrides both
    with pytest.raises(InputError, match="no words"):
        choose_language(SpokenScript(parts=[SpokenPart(name="hook", text="🚀 👉")], source="s"), None)
