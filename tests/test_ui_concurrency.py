"""Twenty people chat with one web-chat server while an import writes to the same data folder.

The real server (`hookline ui`, password accounts) answers over Chainlit's socket.io protocol;
the chat model is the loopback stub; the corpus, Chroma and SQLite files are real. No session
may fail, wait for the import's lock, or see another user's data.
"""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from bench.faults import make_exports
from core.services import Services
from core.settings import Settings
from hookline.accounts import UserStore
from tests.browser.driver import ARTIFACTS
from tests.browser.model_stub import ModelStub
from tests.chainlit_client import REPO_ROOT, running_ui, send_message, sign_in
from tests.test_corpus_helpers import small_youtube
from tools.corpus.store import CorpusStore

SESSIONS = 20
BROKEN = ("Something went wrong", "Traceback", "database is locked", "OperationalError")


def test_twenty_sessions_and_an_import_at_once(tmp_path: Path) -> None:
    home = tmp_path / "home"
    users = UserStore.open(home)
    names = [f"user{number:02d}" for number in range(SESSIONS)]
    services = Services(Settings(_env_file=None, home=home))
    for name in names:
        users.add(name, f"{name}-password")
        store = CorpusStore.open(services, user=name)
        store.import_files([small_youtube(tmp_path / name)])
        store.close()
    services.close()
    _first, bulk = make_exports(tmp_path / "bulk", 600, random.Random(5))

    with ModelStub(token_delay_s=0.0) as stub:
        env = {**stub.env(), "HOOKLINE_AUTH": "password"}
        log = ARTIFACTS / "test_ui_concurrency" / "ui-server.log"
        with running_ui(home, env, log_path=log, timeout_s=120) as base_url:
            cookies = [sign_in(base_url, name, f"{name}-password") for name in names]
            importer = subprocess.Popen(
                [sys.executable, "-m", "hookline.cli", "import", str(bulk)],
                cwd=REPO_ROOT, env={**os.environ, "HOOKLINE_HOME": str(home), "HOOKLINE_USER": names[0]},
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )

            async def everyone() -> list[object]:
                return await asyncio.gather(
                    *(send_message(base_url, "What do viewers say about the audio?", cookies=jar, wait_s=240)
                      for jar in cookies),
                    return_exceptions=True,
                )

            started = time.monotonic()
            exchanges = asyncio.run(everyone())
            chat_seconds = time.monotonic() - started
            out, err = importer.communicate(timeout=600)
    failures = [item for item in exchanges if isinstance(item, BaseException)]
    assert failures == [], failures[:3]
    answers = [exchange.final_text + " ".join(exchange.tokens) for exchange in exchanges]  # type: ignore[union-attr]
    assert all(answer.strip() for answer in answers)
    broken = [answer[:300] for answer in answers if any(word in answer for word in BROKEN)]
    assert broken == []
    assert importer.returncode == 0, err
    # The answers come from each user's own corpus: every fixture has an audio comment.
    assert sum("audio" in answer.lower() for answer in answers) == SESSIONS, answers[0][:500]
    print(f"{SESSIONS} sessions answered in {chat_seconds:.1f} s while importing: {out.strip()}")


def test_stopping_one_server_leaves_another_servers_uploads_alone(tmp_path: Path) -> None:
    """Chainlit deletes its app root's .files/ (every session's uploads) when it stops; each `hookline ui` has its
    own root under its data folder, so a second server from the same checkout stopping breaks nothing."""
    with ModelStub() as stub, running_ui(tmp_path / "first", stub.env()) as first_url:
        first_roots = list((tmp_path / "first" / "ui" / "servers").iterdir())
        assert len(first_roots) == 1 and (first_roots[0] / ".files").is_dir()
        assert (first_roots[0] / "public").resolve() == REPO_ROOT / "public"
        with running_ui(tmp_path / "second", stub.env()):
            pass  # started, then stopped: its shutdown removes its own .files/
        assert (first_roots[0] / ".files").is_dir(), "the other server's uploads folder must survive"
        reply = asyncio.run(send_message(first_url, "Hi there"))
        assert reply.final_text and not any(word in reply.final_text for word in BROKEN)
