"""`speak_script`: read a script's spoken parts aloud at the platform's pace, write a WAV, measure it.

The pace is reached by measuring, not assumed: a voice's own speed setting does not map linearly
to words a second (Piper's length_scale 0.8 gives 1.10x, not 1.25x; measured 2026-12-02), so the
script is spoken, its rate measured, the speed corrected, and spoken again, at most
`MAX_PASSES` times, until it is within `RATE_TOLERANCE` of the target.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from core.errors import InputError
from tools.language import detect_language, language_name
from tools.voice.audio import AudioStats, measure, normalize, silence, write_wav
from tools.voice.pace import (
    FLAT_WORDS_PER_SECOND,
    LANGUAGE_WORD_RATE,
    Pace,
    pace_for,
    word_count,
)
from tools.voice.script import SpokenScript
from tools.voice.voices import Engine, VoiceInfo, open_engine, voice_for

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
PART_PAUSE_S = 0.3  # a breath between hook, selling point, beats and call to action
MAX_PASSES = 3
RATE_TOLERANCE = 0.06
SPEED_LIMITS = (0.5, 2.0)  # past these both voices turn to mush
# How words/s responds to the speed setting (d log rate / d log speed), from the same calibration
# runs as pace.py: Piper 0.42 when sped up (x1.25), 0.69 when slowed (x0.8); espeak-ng ~1.0
# (120-220 wpm was linear). (slower, faster) per voice.
ELASTICITY = {"piper": (0.69, 0.42), "espeak-ng": (1.0, 1.0)}
# Words a second each voice speaks at speed 1.0 on the English calibration scripts (medians,
# 2026-12-02; espeak-ng's other languages scale by pace.LANGUAGE_WORD_RATE): the first guess at the
# speed, before measuring.
NATURAL_RATE = {"piper": 3.296, "espeak-ng": 2.576}


class VoiceResult(BaseModel):
    path: str
    language: str
    language_name: str
    voice: VoiceInfo
    words: int
    pace: Pace
    script_estimate_s: float
    """The draft's own duration (`ScriptDraft.duration_s`); for a text file, words / 2.5."""
    calibrated_estimate_s: float
    """words / the platform's rate for this language (tools/voice/pace.py)."""
    measured_s: float
    measured_words_per_second: float
    speed: float
    passes: int
    raw_audio: AudioStats
    """The voice's own output, before levelling: its peak and clipped samples judge the voice."""
    audio: AudioStats
    parts: list[str]


def sentences(text: str) -> list[str]:
    """Spoken a sentence at a time, as Piper's own command line reads: a 350-word paragraph in one
    piece took 18.4 s of CPU, sentence by sentence 15.0 s (load 9, 2026-12-02), and a sentence's
    intonation does not run on into the next."""
    pieces = [piece.strip() for piece in _SENTENCE_END.split(text)]
    return [piece for piece in pieces if piece]


def _render(engine: Engine, script: SpokenScript, speed: float) -> np.ndarray:
    chunks: list[np.ndarray] = []
    for index, part in enumerate(script.parts):
        if index:
            chunks.append(silence(PART_PAUSE_S, engine.sample_rate))
        chunks.extend(engine.speak(sentence, speed=speed) for sentence in sentences(part.text))
    return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)


def _corrected(speed: float, ratio: float, engine: str) -> float:
    """The speed that should change the words-per-second rate by `ratio`, within SPEED_LIMITS."""
    slower, faster = ELASTICITY[engine]
    elasticity = slower if ratio < 1 else faster
    low, high = SPEED_LIMITS
    return min(max(speed * ratio ** (1 / elasticity), low), high)


def choose_language(script: SpokenScript, language: str | None) -> str:
    language = language or script.language
    if language:
        return language.lower().split("-")[0]
    if not any(char.isalpha() for char in script.text):
        raise InputError("The script has no words to read aloud (only symbols or emoji).")
    detected = detect_language(script.text)
    if detected is None:
        raise InputError("The script is too short to tell its language. Pass --language (e.g. --language en).")
    return detected.split("-")[0]


def speak_script(
    script: SpokenScript, out: Path, *, platform: str | None = None, language: str | None = None
) -> VoiceResult:
    """Speak `script` into `out` (16-bit mono WAV) and report estimate beside measurement."""
    code = choose_language(script, language)
    voice = voice_for(code)  # raises, with what exists, when there is no voice for this language
    engine = open_engine(voice)
    pace = pace_for(platform or script.platform, code)
    words = word_count(script.text)
    target = pace.words_per_second
    natural = NATURAL_RATE[voice.engine] * (LANGUAGE_WORD_RATE.get(code, 1.0) if voice.engine == "espeak-ng" else 1.0)
    speed = _corrected(1.0, target / natural, voice.engine)
    for passes in range(1, MAX_PASSES + 1):
        samples = _render(engine, script, speed)
        seconds = samples.size / engine.sample_rate
        rate = words / seconds if seconds else 0.0
        if not rate or abs(rate / target - 1) <= RATE_TOLERANCE or passes == MAX_PASSES:
            break
        speed = _corrected(speed, target / rate, voice.engine)
    raw = measure(samples, engine.sample_rate)
    samples = normalize(samples)
    write_wav(out, samples, engine.sample_rate)
    stats = measure(samples, engine.sample_rate)
    return VoiceResult(
        path=str(out), language=code, language_name=language_name(code), voice=voice, words=words, pace=pace,
        script_estimate_s=script.script_estimate_s or round(words / FLAT_WORDS_PER_SECOND, 1),
        calibrated_estimate_s=round(words / target, 1), measured_s=stats.duration_s,
        measured_words_per_second=round(words / stats.duration_s, 3) if stats.duration_s else 0.0,
        speed=round(speed, 3), passes=passes, raw_audio=raw, audio=stats, parts=[part.name for part in script.parts],
    )
