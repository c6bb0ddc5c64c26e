"""The web chat served by `hookline ui` answers a typed message with the embedded model, streamed."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from tests.chainlit_client import running_ui, send_message, sign_in

pytestmark = pytest.mark.embedded_model


def _home_with_model(tmp_path: Path, model_file: Path) -> Path:
    home = tmp_path / "home"
    (home / "models").mkdir(parents=True)
    (home / "models" / model_file.name).symlink_to(model_file)
    marker = model_file.with_name(model_file.name + ".verified.json")
    if marker.is_file():
        (home / "models" / marker.name).write_text(marker.read_text())
    return home


def test_web_chat_streams_an_answer_from_the_embedded_model(tmp_path: Path, embedded_model_file: Path) -> None:
    with running_ui(_home_with_model(tmp_path, embedded_model_file)) as base_url:
        assert httpx.get(base_url).status_code == 200
        cookies = sign_in(base_url)  # no accounts: the local user is signed in automatically
        assert "Hookline" in httpx.get(f"{base_url}/project/settings?language=en-US", cookies=cookies).text
        # Several tokens for sure ("say hello" was sometimes answered with the single token "Hello").
        exchange = asyncio.run(send_message(base_url, "Count from one to ten in words, separated by commas.", cookies=cookies))
    assert len(exchange.tokens) > 1, "the answer should arrive token by token"
    assert exchange.final_text.strip()
    assert "Something went wrong" not in exchange.final_text
