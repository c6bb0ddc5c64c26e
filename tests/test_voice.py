"""The voice-over preview: real Piper (English, phonemes from the espeak-ng program) and espeak-ng
(other languages) audio, measured.

Each test writes a WAV and reads it back: the file exists, has the voice's sample rate, is speech
(not silence), and lasts as long as the script's words say at the platform's pace (within 20%).
"""

from __future__ import annotations

import json
import wave
from pathlib import Path

import numpy as np
import pytest

from core.settings import Settings
from hookline.cli import main
from tools.voice import engines, voices
from tools.voice.pace import pace_for, word_count

PIPER_RATE = 22050
ESPEAK_RATE = 22050


def draft_json(platform: str | None, parts: dict[str, object]) -> dict[str, object]:
    def part(text: object, ids: list[str] | None = None) -> dict[str, object]:
        return {"text": text, "evidence": ids or []}

    return {
        "brief": {"request": "a script", "platform": platform},
        "draft": {
            "angle": "test", "hook": part(parts["hook"], ["C1"]), "selling_point": part(parts["selling_point"]),
            "beats": [part(text) for text in parts["beats"]],  # type: ignore[union-attr]
            "call_to_action": part(parts["cta"]), "on_screen_text": ["ON SCREEN ONLY"],
        },
        "citations": [{"id": 1, "kind": "comment", "text": "a quote", "evidence_id": "C1", "source_id": "c-1"}],
    }


ENGLISH = {
    "hook": "Three coffees a day cost you more than rent? [1]",
    "selling_point": "Our grinder pays for itself in eleven weeks, and it fits on a windowsill.",
    "beats": ["I timed it: ninety seconds from beans to cup.", "No pods, no plastic, no waiting in line.",
              "Even my flatmate, who hates mornings, uses it."],
    "cta": "Grab one with the link below, before the price goes up on Friday.",
}
SPANISH = {
    "hook": "¿Otra vez se te ha salido la botella en la mochila?",
    "selling_point": "Esta se queda cerrada incluso boca abajo, así que tu portátil sigue seco.",
    "beats": ["La probamos durante un viaje entero en autobús.", "Ni una gota, ni siquiera con el café caliente."],
    "cta": "Pulsa el enlace y consigue la tuya antes del viernes.",
}


def read_wav(path: Path) -> tuple[int, np.ndarray]:
    with wave.open(str(path)) as reader:
        assert reader.getnchannels() == 1 and reader.getsampwidth() == 2
        rate = reader.getframerate()
        samples = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2").astype(np.float32) / 32768
    return rate, samples


def spoken_words(parts: dict[str, object]) -> int:
    texts = [parts["hook"], parts["selling_point"], *parts["beats"], parts["cta"]]  # type: ignore[misc]
    return sum(word_count(str(text).replace("[1]", "")) for text in texts)


def assert_speech(path: Path, rate: int, words: int, words_per_second: float) -> float:
    assert path.is_file()
    sample_rate, samples = read_wav(path)
    assert sample_rate == rate
    seconds = samples.size / sample_rate
    expected = words / words_per_second
    assert abs(seconds / expected - 1) <= 0.20, f"{seconds:.1f} s of audio for {words} words; expected ~{expected:.1f} s"
    rms = float(np.sqrt(np.mean(samples**2)))
    assert rms > 0.02, "the file is (nearly) silent"
    # Speech has pauses: a constant tone or noise would not have quiet stretches.
    frames = samples[: samples.size // 2205 * 2205].reshape(-1, 2205)
    quiet = np.mean(np.sqrt(np.mean(frames**2, axis=1)) < 0.01)
    assert 0.03 < quiet < 0.6, f"{quiet:.0%} of 100 ms frames are quiet: not speech-like"
    return seconds


@pytest.fixture
def requires_espeak() -> None:
    if engines.espeak_program() is None:
        pytest.fail("espeak-ng is not installed: run `sh scripts/ensure_voice.sh` (make test should).")


def test_english_draft_is_spoken_at_the_platform_pace(tmp_path: Path, settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "draft.json"
    source.write_text(json.dumps(draft_json("tiktok", ENGLISH)), encoding="utf-8")
    out = tmp_path / "preview.wav"
    assert main(["voice", str(source), "--out", str(out), "--json"], settings=settings) == 0
    report = json.loads(capsys.readouterr().out)
    words = spoken_words(ENGLISH)
    assert report["words"] == words  # the citation mark and on-screen text are not read
    assert report["voice"]["engine"] == "piper" and report["language"] == "en"
    assert report["parts"] == ["hook", "selling point", "beat 1", "beat 2", "beat 3", "call to action"]
    seconds = assert_speech(out, PIPER_RATE, words, pace_for("tiktok", "en").words_per_second)
    assert report["measured_s"] == pytest.approx(seconds, abs=0.01)
    assert report["raw_audio"]["clipped_samples"] == 0


def test_a_slower_platform_gives_a_longer_read(tmp_path: Path, settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "script.md"
    source.write_text(
        "**Hook:** " + ENGLISH["hook"] + "\n**Selling point:** " + ENGLISH["selling_point"] + "\n**Beats:**\n"
        + "\n".join(f"{i}. {beat}" for i, beat in enumerate(ENGLISH["beats"], start=1))  # type: ignore[arg-type]
        + "\n**Call to action:** " + ENGLISH["cta"] + "\n**Duration:** about 18 s\n", encoding="utf-8")
    lengths = {}
    for platform in ("tiktok", "podcast"):
        out = tmp_path / f"{platform}.wav"
        assert main(["voice", str(source), "--out", str(out), "--platform", platform], settings=settings) == 0
        printed = capsys.readouterr().out
        assert "measured" in printed and "estimate" in printed
        lengths[platform] = assert_speech(out, PIPER_RATE, spoken_words(ENGLISH), pace_for(platform, "en").words_per_second)
    assert lengths["podcast"] > lengths["tiktok"] * 1.03


def test_spanish_script_gets_a_spanish_voice(tmp_path: Path, settings: Settings, capsys: pytest.CaptureFixture[str], requires_espeak: None) -> None:
    source = tmp_path / "guion.json"
    source.write_text(json.dumps(draft_json("instagram_reels", SPANISH), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "es.wav"
    assert main(["voice", str(source), "--out", str(out), "--json"], settings=settings) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["language"] == "es" and report["voice"]["name"] == "espeak-ng es"
    assert_speech(out, ESPEAK_RATE, spoken_words(SPANISH), pace_for("instagram_reels", "es").words_per_second)


def test_spanish_without_a_spanish_voice_says_so(tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(voices, "espeak_languages", lambda: frozenset())
    monkeypatch.setattr(voices, "espeak_program", lambda: None)
    source = tmp_path / "guion.json"
    source.write_text(json.dumps(draft_json("tiktok", SPANISH), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "es.wav"
    assert main(["voice", str(source), "--out", str(out)], settings=settings) == 2
    err = capsys.readouterr().err
    assert "no Spanish voice" in err and "English" in err and "ensure_voice.sh" in err
    assert "Traceback" not in err and not out.exists()


def test_english_without_espeak_says_piper_needs_it(tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(voices, "espeak_languages", lambda: frozenset())
    monkeypatch.setattr(voices, "espeak_program", lambda: None)
    source = tmp_path / "draft.json"
    source.write_text(json.dumps(draft_json("tiktok", ENGLISH)), encoding="utf-8")
    out = tmp_path / "en.wav"
    assert main(["voice", str(source), "--out", str(out)], settings=settings) == 2
    err = capsys.readouterr().err
    assert "needs espeak-ng for its phonemes" in err and "sh scripts/ensure_voice.sh" in err
    assert "Traceback" not in err and not out.exists()
    assert main(["voice", "--voices"], settings=settings) == 0
    assert "ensure_voice.sh" in capsys.readouterr().out


@pytest.mark.parametrize(("content", "name", "message"), [
    ('{"questions": [{"slot": "platform", "question": "Where?"}]}', "q.json", "clarifying questions"),
    ("{not json", "broken.json", "not valid JSON"),
    ('{"draft": {"angle": "x"}}', "partial.json", "not a Hookline draft"),
    ("ok", "short.txt", "too short to tell its language"),
    ("", "empty.md", "nothing to read aloud"),
])
def test_bad_input_gets_a_sentence(tmp_path: Path, settings: Settings, capsys: pytest.CaptureFixture[str],
                                   content: str, name: str, message: str) -> None:
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    assert main(["voice", str(source), "--out", str(tmp_path / "x.wav")], settings=settings) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_out_must_be_a_wav(tmp_path: Path, settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["voice", str(tmp_path / "a.md"), "--out", str(tmp_path / "a.mp3")], settings=settings) == 2
    assert ".wav" in capsys.readouterr().err


def test_voices_lists_languages(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["voice", "--voices"], settings=settings) == 0
    assert "English (Piper)" in capsys.readouterr().out
