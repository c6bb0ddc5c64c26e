"""The "Listen" button under a script card: the spoken parts read aloud at the platform's pace.

A thin adapter over tools.voice: the WAV is written to a temporary file, sent as an inline audio
element with the measured duration beside the estimate, then deleted (the message keeps the bytes).
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Any

import chainlit as cl

from ui.chat import say


def _speak(record: dict[str, Any]) -> tuple[bytes, list[str], str]:
    from agent.schemas import TurnResult
    from tools.voice.preview import speak_script
    from tools.voice.report import describe
    from tools.voice.script import from_draft

    result = TurnResult.model_validate(record["result"])
    if result.draft is None:
        from core.errors import InputError

        raise InputError("There is no script in this card to read aloud.")
    platform = result.brief.platform if result.brief else None
    script = from_draft(result.draft, platform=platform, source="the script card")
    with tempfile.TemporaryDirectory(prefix="hookline-voice-") as folder:
        out = Path(folder) / "voice-over.wav"
        spoken = speak_script(script, out, platform=platform)
        lines = describe(spoken)
        lines[0] = f"{spoken.measured_s:.1f} s of {spoken.language_name}, {spoken.voice.name} ({spoken.voice.quality})."
        return out.read_bytes(), lines, spoken.language


async def listen_to_draft(record: dict[str, Any]) -> None:
    async with cl.Step(name="Reading the script aloud", type="tool") as step:
        audio, lines, language = await asyncio.to_thread(_speak, record)
        step.output = lines[0]
    element = cl.Audio(name=f"voice-over-{language}.wav", content=audio, mime="audio/wav", display="inline")
    await say("\n".join(lines), elements=[element])
