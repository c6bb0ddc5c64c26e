"""The web chat's Listen button, below Chainlit: a stored card's draft becomes WAV bytes and sentences."""

from __future__ import annotations

import io
import wave

import pytest

from agent.schemas import Brief, ScriptDraft, ScriptPart, TurnResult
from core.errors import InputError
from ui.listen import _speak


def record(draft: ScriptDraft | None) -> dict[str, object]:
    result = TurnResult(thread_id="t", brief=Brief(request="r", platform="youtube"), draft=draft)
    return {"result": result.model_dump(mode="json")}


def test_listen_reads_the_card_and_reports_its_length() -> None:
    draft = ScriptDraft(
        angle="a", hook=ScriptPart(text="Most people water their plants wrong.", evidence=["C1"]),
        selling_point=ScriptPart(text="Our sensor tells you when the soil is actually dry."),
        beats=[ScriptPart(text="It sits in the pot and blinks once a day.")],
        call_to_action=ScriptPart(text="Find it at the link below."),
    )
    audio, lines, language = _speak(record(draft))
    with wave.open(io.BytesIO(audio)) as reader:
        seconds = reader.getnframes() / reader.getframerate()
        assert reader.getframerate() == 22050
    words = len(draft.spoken_text().split())
    assert language == "en" and 0.8 < seconds / (words / 2.4) < 1.2  # YouTube: 2.4 words a second
    assert lines[0].startswith(f"{seconds:.1f} s of English") and "estimate" in lines[1]


def test_listen_without_a_draft_says_so() -> None:
    with pytest.raises(InputError, match="no script"):
        _speak(record(None))
