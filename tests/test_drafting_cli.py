"""`hookline draft --json` on the part-by-part pipeline (loopback OpenAI stub, real stores): the keys callers rely
on, each part's support score and the chosen angle; `--angle N` picks an offered angle or says what to do."""

from __future__ import annotations

import json

import pytest

from agent.schemas import Question
from core.errors import InputError
from core.settings import Settings
from hookline.cli import main
from hookline.commands.draft import angle_answer
from tests.openai_stub import OpenAIStub

REQUEST = "Write a 30-second TikTok script for night shift nurses to sell our fridge-door water bottle"
SLOTS = json.dumps({"audience": {"quote": "night shift nurses"}, "goal": {"quote": "sell our fridge-door water bottle"}})
NO_TOOL = json.dumps({"tool": "none", "reply": "nothing to research"})
PARTS = [
    "Twelve hours on your feet and your bottle still will not fit the fridge door?",
    "A slim bottle made for the fridge door at work, so it is cold when your break finally comes.",
    "Slide it in next to the yoghurt, it takes the space of a ketchup bottle.",
    "The lid locks, so it never leaks in the bag on the drive home after a long night.",
    "Cold water at four in the morning, without hunting for a spare cup in the break room.",
    "Tag a nurse who needs one and follow for the night shift kit.",
]


def test_draft_json_keeps_its_keys_and_adds_support_and_angle(
    settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with OpenAIStub() as stub:
        stub.responses.extend([SLOTS, NO_TOOL, *PARTS])  # no data: one research decision, no angle question
        code = main(["draft", REQUEST, "--json"], settings=settings.model_copy(
            update={"llm_base_url": stub.base_url, "llm_model": "stub-model"}))
        left = len(stub.responses)
    assert code == 0 and left == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    draft = out["draft"]
    for name in ("hook", "selling_point", "call_to_action"):
        assert set(draft[name]) >= {"text", "evidence", "support"}
    assert all(set(beat) >= {"text", "evidence", "support"} for beat in draft["beats"])
    assert draft["hook"]["text"] == PARTS[0] and len(draft["beats"]) == 3
    assert draft["on_screen_text"] and isinstance(draft["duration_s"], int)
    assert abs(draft["duration_s"] - 30) <= 0.15 * 30
    assert out["citations"] == [] and out["brand_check"] is None  # no data, no kit
    assert set(out["angle"]) == {"text", "evidence", "reason", "offered"} and out["angle"]["evidence"] == []
    assert draft["language"] == "en"
    assert sum("No audience data is imported" in note for note in out["review"]) == 1
    # The parts were shown while they were written, before the JSON.
    assert captured.err.index("✎ hook") < captured.err.index("✎ call to action")


def test_angle_n_picks_an_offered_angle_and_a_wrong_n_says_what_to_do() -> None:
    question = Question(slot="angle", question="Which angle?", options=["Nurses and the fridge door", "Leaks in gym bags",
                                                                        "You decide"])
    assert angle_answer(question, 2) == "Leaks in gym bags"
    assert angle_answer(question, None) == "You decide"
    with pytest.raises(InputError, match="Pick 1 to 2"):
        angle_answer(question, 3)


def test_a_draft_for_a_brand_kit_that_does_not_exist_stops_and_says_how_to_get_it(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    with OpenAIStub() as stub:
        code = main(["draft", REQUEST, "--brand", "mailchimp-voice"], settings=settings.model_copy(
            update={"llm_base_url": stub.base_url, "llm_model": "stub-model"}))
        assert not stub.requests  # nothing was drafted without the kit
    err = capsys.readouterr().err
    assert code != 0 and "No brand kit named 'mailchimp-voice'" in err
    assert "hookline brand import" in err and "brandkits/mailchimp-voice.yaml" in err
