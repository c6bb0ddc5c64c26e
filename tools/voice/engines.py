"""Debian's `espeak-ng` program: the robotic voice for ~100 languages, and (tools/voice/piper.py)
the phonemes for Piper's English voice. Installed by scripts/ensure_voice.sh.

It is GPL-3.0, so it only ever runs as its own process (text on stdin), never loaded into ours.
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np

from core.errors import HooklineError
from tools.voice.phonemes import espeak_safe

ESPEAK_TIMEOUT_S = 120


class VoiceError(HooklineError):
    """A voice could not speak (missing, damaged, or it failed)."""


def _read_wav(data: bytes) -> tuple[np.ndarray, int]:
    with wave.open(io.BytesIO(data)) as reader:
        rate, width, channels = reader.getframerate(), reader.getsampwidth(), reader.getnchannels()
        frames = reader.readframes(reader.getnframes())
    if width != 2:
        raise VoiceError(f"espeak-ng wrote {8 * width}-bit audio; expected 16-bit.")
    samples = np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    return samples, rate


def espeak_program() -> str | None:
    return shutil.which("espeak-ng")


@functools.lru_cache(maxsize=1)
def espeak_languages() -> frozenset[str]:
    """Two-letter language codes espeak-ng has a voice for (empty when it is not installed)."""
    program = espeak_program()
    if program is None:
        return frozenset()
    listing = subprocess.run([program, "--voices"], capture_output=True, text=True, timeout=30, check=False).stdout
    codes = set()
    for line in listing.splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 2:
            codes.add(fields[1].split("-")[0])
    return frozenset(codes)


class EspeakEngine:
    """Any language espeak-ng lists; `words_per_minute` is espeak's own rate setting (-s)."""

    sample_rate = 22050

    def __init__(self, language: str) -> None:
        program = espeak_program()
        if program is None:
            raise VoiceError("espeak-ng is not installed. Run `sh scripts/ensure_voice.sh` (it uses apt-get).")
        self._program = program
        self.language = language
        self.name = f"espeak-ng {language}"

    def speak(self, text: str, *, words_per_minute: int = 150) -> np.ndarray:
        # A file, not --stdout: on a pipe espeak-ng cannot go back to write the WAV header's length.
        with tempfile.TemporaryDirectory(prefix="hookline-espeak-") as folder:
            out = Path(folder) / "speech.wav"
            try:
                done = subprocess.run(
                    [self._program, "-v", self.language, "-s", str(words_per_minute), "-w", str(out)],
                    input=espeak_safe(text).encode("utf-8"), capture_output=True, timeout=ESPEAK_TIMEOUT_S, check=False,
                )
            except subprocess.TimeoutExpired as error:
                raise VoiceError(f"espeak-ng took over {ESPEAK_TIMEOUT_S} s; try a shorter script.") from error
            if done.returncode != 0 or not out.exists():
                raise VoiceError(f"espeak-ng failed: {done.stderr.decode('utf-8', 'replace').strip() or 'no audio'}.")
            samples, rate = _read_wav(out.read_bytes())
        if rate != self.sample_rate:
            raise VoiceError(f"espeak-ng wrote {rate} Hz audio; expected {self.sample_rate} Hz.")
        return samples
