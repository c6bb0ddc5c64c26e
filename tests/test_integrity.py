"""Drift between SQLite and Chroma is found, reported by `doctor`, and repaired by `doctor --repair`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.services import Services
from hookline import cli
from tests.test_corpus_helpers import small_youtube
from tools.corpus import integrity, journal
from tools.corpus.store import CorpusStore


@pytest.fixture
def store(fake_services: Services, tmp_path: Path) -> CorpusStore:
    opened = CorpusStore.open(fake_services)
    opened.import_files([small_youtube(tmp_path)])
    yield opened
    opened.close()


def _vectors(store: CorpusStore, kind: str) -> dict[str, tuple[list[float], str | None]]:
    got = store.collection(kind).get(include=["embeddings", "metadatas"])
    return {
        item_id: (np.round(np.asarray(vector), 5).tolist(), (meta or {}).get("h"))
        for item_id, vector, meta in zip(got["ids"], got["embeddings"], got["metadatas"], strict=True)
    }


def _damage(store: CorpusStore) -> None:
    """What older versions could leave after a killed re-import, and what a hand edit can do."""
    comments = store.collection("comments")
    ids = sorted(comments.get(include=[])["ids"])
    dimension = store.embedder.embed(["x"]).shape[1]
    comments.upsert(ids=[ids[0]], embeddings=[[0.5] * dimension], metadatas=[{"post_id": "p", "h": "other"}])  # stale
    comments.delete(ids=[ids[1]])
    comments.add(ids=[ids[1]], embeddings=[[0.5] * dimension], metadatas=[{"post_id": "p"}])  # no hash: unverified
    comments.delete(ids=[ids[2]])  # missing
    comments.upsert(ids=["youtube:gone0000001"], embeddings=[[0.1] * dimension], metadatas=[{"post_id": "p"}])  # orphan


def test_a_fresh_import_has_no_drift(store: CorpusStore) -> None:
    report = integrity.check(store)
    assert report.clean, report.describe()
    assert [drift.expected for drift in report.drifts] == [5, 3]


def test_check_names_every_kind_of_drift_and_repair_restores_a_clean_store(store: CorpusStore) -> None:
    clean = {kind: _vectors(store, kind) for kind in ("posts", "comments")}
    _damage(store)
    found = integrity.check(store)
    comments = found.drifts[1]
    assert (len(comments.stale), len(comments.unverified), len(comments.missing), comments.orphans) == (
        1, 1, 1, ["youtube:gone0000001"]
    )
    assert "vectors without a row" in found.describe() and "built from other text" in found.describe()
    integrity.repair(store)
    assert integrity.check(store).clean
    assert {kind: _vectors(store, kind) for kind in ("posts", "comments")} == clean


def test_a_journal_left_by_a_killed_import_is_finished_when_the_store_is_opened(
    fake_services: Services, store: CorpusStore
) -> None:
    target = sorted(store.collection("comments").get(include=[])["ids"])[0]
    vector = np.full(store.embedder.embed(["x"]).shape[1], 0.25, dtype=np.float32)
    db = store.connection
    db.execute("BEGIN IMMEDIATE")
    journal.append(db, store.user, [journal.JournalEntry("comments", target, "upsert", vector, {"post_id": "p", "h": "x"})])
    db.execute("COMMIT")
    assert journal.pending(db, store.user) == 1
    reopened = CorpusStore.open(fake_services)
    assert journal.pending(reopened.connection, reopened.user) == 0
    got = reopened.collection("comments").get(ids=[target], include=["embeddings"])
    assert np.allclose(got["embeddings"][0], 0.25)
    reopened.close()


def test_doctor_reports_drift_and_repairs_it(
    store: CorpusStore, fake_services: Services, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("hookline.root.Services", lambda _settings: fake_services)
    _damage(store)
    assert cli.main(["doctor", "--skip-model"], settings=fake_services.settings) == 1
    out = capsys.readouterr().out
    assert "FAIL corpus (local)" in out and "hookline doctor --repair" in out
    assert cli.main(["doctor", "--skip-model", "--repair"], settings=fake_services.settings) == 0
    assert "repaired:" in capsys.readouterr().out
    assert cli.main(["doctor", "--skip-model"], settings=fake_services.settings) == 0
    assert "rows and vectors agree" in capsys.readouterr().out
