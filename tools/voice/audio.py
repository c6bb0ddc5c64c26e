"""WAV output and the measurements the preview reports: duration, peak level, clipped samples."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
from pydantic import BaseModel

CLIP_LEVEL = 0.999  # a sample at or above this (of full scale) is counted as clipped


class AudioStats(BaseModel):
    sample_rate: int
    duration_s: float
    peak: float
    """Highest absolute sample, 0-1 of full scale."""
    clipped_samples: int
    rms_db: float


def silence(seconds: float, sample_rate: int) -> np.ndarray:
    return np.zeros(round(seconds * sample_rate), dtype=np.float32)


def measure(samples: np.ndarray, sample_rate: int) -> AudioStats:
    peak = float(np.abs(samples).max()) if samples.size else 0.0
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if samples.size else 0.0
    return AudioStats(
        sample_rate=sample_rate,
        duration_s=round(samples.size / sample_rate, 3),
        peak=round(peak, 4),
        clipped_samples=int(np.count_nonzero(np.abs(samples) >= CLIP_LEVEL)),
        rms_db=round(20 * np.log10(rms), 1) if rms > 0 else -120.0,
    )


def normalize(samples: np.ndarray, peak: float = 0.89) -> np.ndarray:
    """Scale to a -1 dBFS peak: voices differ in loudness, and a hot neural output can clip."""
    highest = float(np.abs(samples).max()) if samples.size else 0.0
    return samples if highest == 0 else (samples * (peak / highest)).astype(np.float32)


def write_wav(path: Path, samples: np.ndarray, sample_rate: int) -> None:
    """16-bit mono PCM: what every player and browser takes."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(sample_rate)
        writer.writeframes(pcm.tobytes())


def read_wav_stats(path: Path) -> AudioStats:
    with wave.open(str(path)) as reader:
        rate = reader.getframerate()
        samples = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2").astype(np.float32) / 32768.0
    return measure(samples, rate)
