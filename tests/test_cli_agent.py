"""`hookline draft` and `hookline chat` through the real product path: the openai client
against a loopback stub that replays scripted completions, real stores under tmp."""

from __future__ import annotations

import io
import json

import pytest

from core.settings import Settings
from hookline.cli import main
from tests.openai_stub import OpenAIStub

REQUEST = "Write a TikTok script about our hoodie"
SLOTS = json.dumps({"offer": {"quote": "our hoodie"}})
NO_TOOL = json.dumps({"tool": "none", "reply": "nothing to research"})
# The part-by-part writer asks for one plain line per part: hook, selling point, beats, call to action.
PARTS = [
    "Softest hoodie ever?",
    "Brushed fleece inside, so it feels broken in from the first day.",
    "Pull it on straight from the dryer and see how it holds its shape.",
    "Wear it to the eight o'clock lecture and through the late library shift.",
    "Wash it twice and watch the cuffs stay snug, no stretching.",
    "Follow for more campus kit.",
]
# Lines for what the writer may add to reach the platform's default length (one more beat each).
SPARE = [
    "The hood keeps its shape after a whole semester of backpacks and bus rides.",
    "Pick your colour on the site; every one is the same soft fleece inside.",
    "Size up if you like it roomy, it is cut true to size.",
]


def stub_settings(settings: Settings, stub: OpenAIStub) -> Settings:
    return settings.model_copy(update={"llm_base_url": stub.base_url, "llm_model": "stub-model"})


def test_draft_returns_questions_as_json_when_slots_are_missing(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    with OpenAIStub() as stub:
        stub.responses.append(SLOTS)
        assert main(["draft", REQUEST, "--json"], settings=stub_settings(settings, stub)) == 0
    out = json.loads(capsys.readouterr().out)
    assert [q["slot"] for q in out["questions"]] == ["audience", "goal"]
    assert all(q["options"] for q in out["questions"])


def test_draft_with_answers_returns_the_draft_shape(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    with OpenAIStub() as stub:
        stub.responses.extend([SLOTS, NO_TOOL, *PARTS, *SPARE])  # no data: one research decision, no angle question
        code = main(
            ["draft", REQUEST, "--answer", "audience=college students", "--answer", "goal=you decide", "--json"],
            settings=stub_settings(settings, stub),
        )
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"brief", "draft", "citations", "brand_check", "assumptions"}
    assert out["brief"]["audience"] == "college students" and out["brief"]["platform"] == "TikTok"
    assert out["draft"]["hook"]["text"] == "Softest hoodie ever?" and out["draft"]["duration_s"] > 0
    assert any("goal" in assumption for assumption in out["assumptions"])


def test_bad_answer_syntax_is_a_clear_error(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["draft", REQUEST, "--answer", "audience"], settings=settings) == 2
    assert "SLOT=VALUE" in capsys.readouterr().err


def test_chat_carries_a_conversation_across_a_restart(
    settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with OpenAIStub() as stub:
        stub.responses.append(SLOTS)
        monkeypatch.setattr("sys.stdin", io.StringIO(REQUEST + "\n/quit\n"))
        assert main(["chat"], settings=stub_settings(settings, stub)) == 0
        first = capsys.readouterr().out
        assert "? Who is it for?" in first

        # A new process: the same thread resumes, with its open question.
        stub.responses.extend([NO_TOOL, *PARTS, *SPARE])
        monkeypatch.setattr("sys.stdin", io.StringIO("you decide\n/quit\n"))
        assert main(["chat"], settings=stub_settings(settings, stub)) == 0
        second = capsys.readouterr().out
    assert "Resuming conversation" in second and REQUEST in second
    assert "? Who is it for?" in second
    assert "**Hook:** Softest hoodie ever?" in second


def test_memory_lists_the_answers_a_draft_remembered_and_forgets_them(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    with OpenAIStub() as stub:
        stub.responses.extend([SLOTS, NO_TOOL, *PARTS, *SPARE])
        assert main(["draft", REQUEST, "--answer", "audience=college students", "--answer", "goal=you decide", "--json"],
                    settings=stub_settings(settings, stub)) == 0
        capsys.readouterr()
        assert main(["memory", "--json"], settings=stub_settings(settings, stub)) == 0
        remembered = json.loads(capsys.readouterr().out)
        audience = next(memory for memory in remembered if memory["text"] == "Preferred audience: college students")
        assert main(["memory", "--brand", "acme", "--json"], settings=stub_settings(settings, stub)) == 0
        assert json.loads(capsys.readouterr().out) == []  # another brand's memories are apart
        assert main(["memory", "--forget", audience["key"]], settings=stub_settings(settings, stub)) == 0
        assert main(["memory", "--forget", audience["key"]], settings=stub_settings(settings, stub)) != 0
        captured = capsys.readouterr()
        assert "No memory" in captured.err and "Traceback" not in captured.err
        assert main(["memory"], settings=stub_settings(settings, stub)) == 0
        assert "Preferred audience: college students" not in capsys.readouterr().out  # the brief stays
