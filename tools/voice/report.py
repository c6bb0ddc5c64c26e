"""Sentences about a voice preview, for the CLI and the web chat alike."""

from __future__ import annotations

from tools.language import language_name
from tools.voice.preview import VoiceResult
from tools.voice.voices import available_voices


def voices_sentence() -> str:
    voices = available_voices()
    neural = sorted(language_name(v.language) for v in voices if v.quality == "neural")
    robotic = sorted(language_name(v.language) for v in voices if v.quality == "robotic")
    if not voices:
        return (
            "No voice is installed: run `sh scripts/ensure_voice.sh` (espeak-ng: robotic voices for about a hundred "
            "languages, and the phonemes Piper's English voice needs) and `make setup` (Piper)."
        )
    said = []
    if neural:
        said.append(f"a natural voice for {', '.join(neural)} (Piper)")
    if robotic:
        shown = ", ".join(name for name in robotic if name in ("English", "Spanish", "German", "French", "Portuguese", "Italian"))
        said.append(f"robotic espeak-ng voices for {len(robotic)} languages ({shown}, ...)")
    return "Voices here: " + "; ".join(said) + "."


def describe(result: VoiceResult) -> list[str]:
    rate = result.pace
    lines = [
        (
            f"Wrote {result.path}: {result.measured_s:.1f} s of {result.language_name}, "
            f"{result.voice.name} ({result.voice.quality}), {result.audio.sample_rate} Hz mono."
        ),
        (
            f"Duration: measured {result.measured_s:.1f} s | estimate {result.calibrated_estimate_s:.1f} s at "
            f"{rate.words_per_second:.2f} words/s ({rate.basis}) | the script's own estimate {result.script_estimate_s:.0f} s."
        ),
        f"Read: {', '.join(result.parts)} ({result.words} words).",
    ]
    if result.raw_audio.clipped_samples:
        lines.append(f"Note: the voice clipped {result.raw_audio.clipped_samples} samples; the file was levelled to -1 dBFS.")
    if result.voice.quality == "robotic":
        lines.append("This is espeak-ng's robotic voice: judge the pace and length, not the delivery.")
    return lines
