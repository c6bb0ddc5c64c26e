"""The real embedded model (llama.cpp via xllamacpp, Qwen2.5-Coder-1.5B): it proves the default works."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, Field

from core.services import Services
from hookline.cli import main

pytestmark = pytest.mark.embedded_model


class Caption(BaseModel):
    platform: str = Field(description="the platform named in the request")
    caption: str
    hashtags: list[str]


def test_structured_output_round_trip_on_the_embedded_model(real_services: Services) -> None:
    result = real_services.chat_model.structured(
        [
            {"role": "system", "content": "You write social captions. Answer in JSON."},
            {"role": "user", "content": "Write a TikTok caption for a reusable water bottle, with two hashtags."},
        ],
        Caption,
        max_tokens=120,
        temperature=0.0,
    )
    assert isinstance(result, Caption)
    assert result.caption.strip()
    assert "tiktok" in result.platform.lower()
    server = real_services.embedded_server
    assert server is not None and server.running
    assert server.endpoint().base_url.startswith("http://127.0.0.1:")


def test_embedded_model_streams_tokens(real_services: Services) -> None:
    # A reply of several tokens at temperature 0: "say hello" was sometimes answered with the one token "Hello".
    prompt = [{"role": "user", "content": "Count from one to ten in words, separated by commas."}]
    chunks = list(real_services.chat_model.stream(prompt, max_tokens=40, temperature=0.0))
    assert len(chunks) > 1 and "".join(chunks).strip()


def test_doctor_is_all_green_with_the_embedded_model(real_services: Services, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor"], settings=real_services.settings) == 0
    out = capsys.readouterr().out
    assert "ok   chat model  embedded qwen2.5-coder" in out


def test_the_embedded_server_reports_the_prompt_it_reused_from_its_cache(real_services: Services) -> None:
    """A part's prompt repeats the script conversation so far; llama.cpp keeps that prefix and says so, which is what
    eval's "tokens the model processed" figure subtracts."""
    opening = [{"role": "system", "content": "You write one short line for a video script. " * 20},
               {"role": "user", "content": "Write a hook about a water bottle."}]
    first = real_services.chat_model.chat(opening, max_tokens=8, temperature=0.0)
    follow = [*opening, {"role": "assistant", "content": first.text}, {"role": "user", "content": "Now a call to action."}]
    second = real_services.chat_model.chat(follow, max_tokens=8, temperature=0.0)
    assert second.usage.prompt_tokens > first.usage.prompt_tokens
    assert second.usage.cached_tokens >= first.usage.prompt_tokens // 2, second.usage
