"""Smoke test in a real browser with the real embedded model (no stub): the default install
answers a typed message, streamed, on this machine alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.driver import ARTIFACTS, ChatPage, artifacts_dir, chromium
from tests.chainlit_client import running_ui

pytestmark = [pytest.mark.browser, pytest.mark.embedded_model]


def test_the_embedded_model_answers_in_the_browser(tmp_path: Path, embedded_model_file: Path,
                                                   request: pytest.FixtureRequest) -> None:
    home = tmp_path / "home"
    (home / "models").mkdir(parents=True)
    (home / "models" / embedded_model_file.name).symlink_to(embedded_model_file)
    marker = embedded_model_file.with_name(embedded_model_file.name + ".verified.json")
    if marker.is_file():
        (home / "models" / marker.name).write_text(marker.read_text())
    log = ARTIFACTS / "test_ui_browser_embedded" / "ui-server.log"
    with running_ui(home, log_path=log) as base_url, chromium() as browser:
        chat = ChatPage(browser, base_url, artifacts_dir(request.node.nodeid))
        chat.open()
        # An answer of a few dozen tokens: long enough that the page shows it growing even when
        # the machine is idle and the model is quick (a three-word answer can land in one poll).
        # No draft words in it: a plain chat turn, answered without clarifying questions.
        chat.send("Give me five tips for staying focused, one sentence each.")
        seen = chat.watch_reply_growth(timeout_s=240)
        chat.shot("embedded-reply")
        assert seen and seen[-1].strip(), "the embedded model should answer"
        assert not re.search("Something went wrong", seen[-1])
        assert len(seen) >= 2, f"the answer should stream in, saw {seen}"
        assert chat.blocked == []
        chat.close()
