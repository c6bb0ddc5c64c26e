"""Accounts in the browser (HOOKLINE_AUTH=password): people sign in, and one user's brand kits
and conversations are invisible to another. Same harness as test_ui_browser.py."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from hookline.accounts import UserStore
from tests.browser.driver import ARTIFACTS, ChatPage, artifacts_dir, chromium
from tests.browser.model_stub import ModelStub
from tests.chainlit_client import running_ui
from tests.test_ui_browser import GUIDE, PROFILE, VOICE

pytestmark = pytest.mark.browser

PASSWORDS = {"alice": "alice-password-1", "bob": "bob-password-22"}


@pytest.fixture(scope="module")
def stub() -> Iterator[ModelStub]:
    with ModelStub() as model:
        yield model


@pytest.fixture(scope="module")
def ui(stub: ModelStub, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("accounts") / "home"
    users = UserStore.open(home)
    for name, password in PASSWORDS.items():
        users.add(name, password)
    env = {**stub.env(), "HOOKLINE_AUTH": "password"}
    with running_ui(home, env, log_path=ARTIFACTS / "test_ui_browser_accounts" / "ui-server.log") as base_url:
        yield base_url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as instance:
        yield instance


def test_each_user_sees_only_their_own_kits_and_conversations(
    browser: object, ui: str, stub: ModelStub, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    shots = artifacts_dir(request.node.nodeid)
    guide = tmp_path / "alice-guide.md"
    guide.write_text(GUIDE)
    stub.queue_schema("ProfileDraft", PROFILE)
    stub.queue_schema("VoiceDraft", VOICE)

    stranger = ChatPage(browser, ui, shots)
    stranger.page.goto(ui + "/")
    stranger.page.locator("#email").wait_for(state="visible")
    stranger.page.locator("#email").fill("alice")
    stranger.page.locator("#password").fill("not her password")
    stranger.page.locator('button[type="submit"]').click()
    stranger.page.get_by_text(re.compile("Unable to sign in|Sign in failed")).first.wait_for()
    assert stranger.page.locator("#chat-input").count() == 0
    stranger.shot("wrong-password")
    stranger.close()

    alice = ChatPage(browser, ui, shots)
    alice.sign_in("alice", PASSWORDS["alice"])
    alice.page.locator("#starter-build-my-brand-kit").click()
    alice.expect_text(re.compile("Upload a few brand examples"))
    alice.shot("asked-for-examples")
    alice.page.locator('input[type="file"]:not(#upload-button-input)').first.set_input_files(str(guide))
    alice.expect_text(re.compile("Which brand are these examples for"), timeout_s=60)
    alice.send("Alice Brand")
    alice.get_card("brand-kit-card", timeout_s=120)
    alice.shot("alice-kit")
    assert "alice-brand" in alice.setting_options("brand")
    alice.page.reload()
    alice.page.locator("#thread-history").get_by_text("Build my brand kit.").first.click()
    alice.get_card("brand-kit-card")
    alice_thread = re.search(r"/thread/([\w-]+)", alice.page.url)
    assert alice_thread, alice.page.url
    alice.close()

    bob = ChatPage(browser, ui, shots)
    bob.sign_in("bob", PASSWORDS["bob"])
    bob.shot("bob-signed-in")
    assert bob.setting_options("brand") == ["(no brand)"]
    history = bob.page.locator("#thread-history")
    assert "Alice Brand" not in history.inner_text() and "alice-guide.md" not in bob.page.inner_text("body")
    bob.page.goto(f"{ui}/thread/{alice_thread.group(1)}")
    bob.page.wait_for_timeout(3000)
    bob.shot("bob-tries-alice-thread")
    assert "acme" not in bob.page.inner_text("body").lower() and bob.page.get_by_test_id("brand-kit-card").count() == 0
    assert not bob.blocked
    bob.close()
