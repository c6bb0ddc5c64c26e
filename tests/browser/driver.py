"""Drives Debian's chromium through Playwright against the real web chat.

`playwright install` cannot download a browser here, so the tests use /usr/bin/chromium
(`scripts/ensure_chromium.sh` installs it). Every request that leaves loopback is
aborted and recorded, so a page that needs the internet fails visibly.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = Path(os.environ.get("HOOKLINE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


def artifacts_dir(test_id: str) -> Path:
    """tests/artifacts/<test file>/<test name>/ (git-ignored), emptied for this run."""
    module, _, name = test_id.partition("::")
    folder = ARTIFACTS / Path(module).stem / re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    return folder


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless chromium for the whole module (contexts are cheap, the browser is not)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: run scripts/ensure_chromium.sh (make test does).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class ChatPage:
    """One signed-in browser tab on the web chat, with helpers that read like a person's steps."""

    def __init__(self, browser: Any, base_url: str, shots: Path) -> None:
        self.base_url = base_url
        self.shots = shots
        self.blocked: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        self.context.set_default_timeout(30_000)
        self.context.route("**/*", self._only_loopback)
        self.page = self.context.new_page()

    def _only_loopback(self, route: Any) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOOPBACK:
            self.blocked.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    def close(self) -> None:
        self.context.close()

    # -- seeing ---------------------------------------------------------------------------------
    def shot(self, name: str, focus: Any = None) -> Path:
        """A screenshot named NN-name.png; `focus` (a locator) is scrolled into view first."""
        if focus is not None:  # centred: the message box overlaps the bottom of the page
            focus.evaluate("element => element.scrollIntoView({block: 'center'})")
            time.sleep(0.2)
        number = len(list(self.shots.glob("*.png"))) + 1  # shared by every page of the test
        path = self.shots / f"{number:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=False)
        return path

    def messages(self, kind: str = "assistant_message") -> Any:
        return self.page.locator(f'[data-step-type="{kind}"]')

    def last_reply(self) -> Any:
        return self.messages().last

    def expect_text(self, text: str | re.Pattern[str], timeout_s: float = 30) -> Any:
        locator = self.page.get_by_text(text).last
        locator.wait_for(state="visible", timeout=timeout_s * 1000)
        return locator

    def wait_idle(self, timeout_s: float = 60) -> None:
        """Until the running task ends (the stop button goes away)."""
        deadline = time.monotonic() + timeout_s
        time.sleep(0.3)
        while time.monotonic() < deadline:
            if self.page.locator("#stop-button").count() == 0:
                return
            time.sleep(0.1)
        raise AssertionError("the chat was still busy after %.0f s" % timeout_s)

    # -- doing ----------------------------------------------------------------------------------
    def open(self, path: str = "/") -> None:
        self.page.goto(self.base_url + path)
        self.settle()

    def settle(self) -> None:
        """Until the chat is connected: starters become clickable, or a resumed conversation shows."""
        self.page.locator("#chat-input").wait_for(state="visible")
        self.page.locator('[id^="starter-"]:not([disabled]), [data-step-type]').first.wait_for(state="visible")

    def sign_in(self, user: str, password: str) -> None:
        self.page.goto(self.base_url + "/login")
        self.page.locator("#email").fill(user)
        self.page.locator("#password").fill(password)
        self.page.locator('button[type="submit"]').click()
        self.settle()

    def send(self, text: str) -> None:
        """Type a message and send it; retries while the composer is still busy (e.g. starting the chat)."""
        box = self.page.locator("#chat-input")
        box.click()
        box.fill(text)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            self.page.keyboard.press("Enter")
            for _ in range(20):
                if not box.evaluate("e => (e.value ?? e.innerText) || ''").strip():
                    return
                time.sleep(0.1)
            box.click()
        raise AssertionError(f"the chat did not take the message {text!r}")

    def upload(self, *files: Path, text: str = "") -> None:
        self.page.locator("#upload-button-input").set_input_files([str(file) for file in files])
        for file in files:  # images show as thumbnails, other files by name
            if file.suffix.lower() not in (".png", ".jpg", ".jpeg"):
                self.page.get_by_text(file.name).first.wait_for(state="visible")
        self.send(text) if text else self._send_attachments()

    def _send_attachments(self) -> None:
        submit = self.page.locator("#chat-submit")
        submit.wait_for(state="visible")
        deadline = time.monotonic() + 30
        while submit.is_disabled() and time.monotonic() < deadline:  # uploads still in flight
            time.sleep(0.1)
        submit.click()

    def click(self, label: str | re.Pattern[str]) -> None:
        self.page.get_by_role("button", name=label).last.click()

    def watch_reply_growth(self, timeout_s: float = 30) -> list[str]:
        """The last reply's text, sampled while it streams in; ends when the task ends."""
        seen: list[str] = []
        deadline = time.monotonic() + timeout_s
        self.last_reply().wait_for(state="attached", timeout=timeout_s * 1000)
        while time.monotonic() < deadline:
            text = self.page.evaluate(
                "() => { const all = document.querySelectorAll('[data-step-type=\"assistant_message\"]');"
                " return all.length ? all[all.length - 1].innerText : ''; }"
            )
            if text and (not seen or seen[-1] != text):
                seen.append(text)
            if self.page.locator("#stop-button").count() == 0 and seen:
                break
            time.sleep(0.02)
        return seen

    # -- chat settings and cards ----------------------------------------------------------------
    def _open_settings(self) -> Any:
        self.page.locator("#chat-settings-open-modal").click()
        dialog = self.page.get_by_role("dialog")
        dialog.wait_for(state="visible")
        return dialog

    def setting_options(self, widget_id: str) -> list[str]:
        """The choices a select in the chat settings offers (the dialog is closed again)."""
        dialog = self._open_settings()
        dialog.locator(f"#{widget_id}").click()
        options = self.page.get_by_role("option")
        options.first.wait_for(state="visible")
        texts = [text.strip() for text in options.all_inner_texts()]
        self.page.keyboard.press("Escape")
        dialog.get_by_role("button", name="Cancel").click()
        dialog.wait_for(state="hidden")
        return texts

    def choose_setting(self, widget_id: str, value: str) -> None:
        dialog = self._open_settings()
        dialog.locator(f"#{widget_id}").click()
        self.page.get_by_role("option", name=value, exact=True).click()
        dialog.get_by_role("button", name="Confirm").click()
        dialog.wait_for(state="hidden")

    def get_card(self, test_id: str, timeout_s: float = 60) -> Any:
        card = self.page.get_by_test_id(test_id).last
        card.wait_for(state="visible", timeout=timeout_s * 1000)
        return card
