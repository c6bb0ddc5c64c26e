"""The corpus store against a real `chroma run` server on loopback (HOOKLINE_CHROMA_URL)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.errors import InputError
from core.services import Services
from core.settings import Settings
from tests.fakes import HashEmbedder
from tests.test_corpus_helpers import reddit_jsonl, small_youtube
from tools.corpus.store import CorpusStore
from tools.insights import comment_insights
from tools.trends import search_trends


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def chroma_url(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    executable = Path(sys.executable).parent / "chroma"
    log = (tmp_path / "chroma.log").open("wb")
    process = subprocess.Popen(
        [str(executable), "run", "--path", str(tmp_path / "chroma-data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"chroma run did not start: {(tmp_path / 'chroma.log').read_text()[-2000:]}")
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def test_import_search_and_atomicity_on_a_chroma_server(chroma_url: str, tmp_path: Path) -> None:
    settings = Settings(_env_file=None, home=tmp_path / "home", chroma_url=chroma_url)
    services = Services(settings)
    services.embedder = HashEmbedder()  # type: ignore[misc]
    store = CorpusStore.open(services)
    report = store.import_files([small_youtube(tmp_path)])
    assert report.imported.posts == 5 and report.embedded == 8
    remote = services.chroma
    assert remote.__class__.__name__ != "PersistentClient"
    assert remote.get_collection("posts-local").count() == 5
    assert remote.get_collection("comments-local").count() == 3

    results = search_trends(store, "", creator="Test Brand", as_of=datetime(2025, 1, 1, tzinfo=UTC))  # all mature
    assert results[0].post_id == "youtube:long000001d" and results[0].why.startswith("4.0x Test Brand's median long video")
    insights = comment_insights(store, "audio")
    assert any(quote.comment_id == "youtube:UgxAAAA0002" for cluster in insights.clusters for quote in cluster.quotes)

    before = (store.counts(), remote.get_collection("posts-local").count(), remote.get_collection("comments-local").count())
    bad = tmp_path / "bad.json"
    bad.write_text('{"not": "an export"}')
    with pytest.raises(InputError):
        store.import_files([reddit_jsonl(tmp_path / "threads.jsonl"), bad])
    after = (store.counts(), remote.get_collection("posts-local").count(), remote.get_collection("comments-local").count())
    assert after == before

    embed, calls = store.embedder.embed, []

    def fail_on_comments(texts):  # type: ignore[no-untyped-def]
        calls.append(len(texts))
        if len(calls) > 1:  # the reddit posts reach the server, then the comments fail
            raise RuntimeError("embedder crashed")
        return embed(texts)

    store.embedder.embed = fail_on_comments  # type: ignore[method-assign]
    with pytest.raises(RuntimeError, match="crashed"):
        store.import_files([reddit_jsonl(tmp_path / "threads.jsonl")])
    store.embedder.embed = embed  # type: ignore[method-assign]
    assert calls == [2, 3]
    after = (store.counts(), remote.get_collection("posts-local").count(), remote.get_collection("comments-local").count())
    assert after == before  # the posts' vectors were deleted from the server again

    again = store.import_files([small_youtube(tmp_path)])
    assert again.embedded == 0 and again.added.posts == 0
    store.close()
