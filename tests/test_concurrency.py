"""Readers never wait for a writer; a second import of the same user waits and says so."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from core.services import Services
from tests.test_corpus_helpers import small_youtube
from tools.corpus.store import CorpusStore
from tools.insights import comment_insights
from tools.trends import search_trends


def test_a_reader_opens_and_queries_while_another_connection_holds_the_write_lock(
    fake_services: Services, tmp_path: Path
) -> None:
    store = CorpusStore.open(fake_services)
    store.import_files([small_youtube(tmp_path)])
    store.close()
    writer = sqlite3.connect(fake_services.settings.corpus_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # what an import holds while it commits
    writer.execute("UPDATE posts SET views = views WHERE 1 = 0")
    try:
        started = time.monotonic()
        reader = CorpusStore.open(fake_services)
        results = search_trends(reader, "", limit=5)
        insights = comment_insights(reader, "")
        seconds = time.monotonic() - started
        reader.close()
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert results and insights is not None
    assert seconds < 5, f"reading waited {seconds:.1f} s for the writer"


def test_a_second_import_of_the_same_user_waits_and_says_so(fake_services: Services, tmp_path: Path) -> None:
    folder = small_youtube(tmp_path)
    first = CorpusStore.open(fake_services)
    second = CorpusStore.open(fake_services)
    stages: list[str] = []
    holding = threading.Event()
    release = threading.Event()

    def hold_the_lock() -> None:
        with first.import_lock():
            holding.set()
            release.wait(10)

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    assert holding.wait(5)
    result: dict[str, object] = {}
    importer = threading.Thread(
        target=lambda: result.setdefault("report", second.import_files([folder], progress=lambda s, d, t: stages.append(s)))
    )
    importer.start()
    time.sleep(0.5)
    assert importer.is_alive(), "the second import did not wait"
    assert any(stage.startswith("waiting for another import") for stage in stages)
    release.set()
    importer.join(30)
    holder.join(5)
    assert not importer.is_alive() and result["report"].imported.posts == 5  # type: ignore[union-attr]
    first.close()
    second.close()


def test_another_users_import_does_not_wait_for_this_users_lock(fake_services: Services, tmp_path: Path) -> None:
    folder = small_youtube(tmp_path)
    alice = CorpusStore.open(fake_services, user="alice")
    bob = CorpusStore.open(fake_services, user="bob")
    with alice.import_lock():
        started = time.monotonic()
        report = bob.import_files([folder])
        assert time.monotonic() - started < 20
    assert report.imported.posts == 5 and alice.counts()["posts"] == 0
    alice.close()
    bob.close()
