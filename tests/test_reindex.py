"""`hookline reindex`: after switching embedders the store refuses to mix vectors, and re-embedding
in place (real SQLite and Chroma under tmp) can be stopped and run again."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.errors import SetupError
from core.services import Services
from core.settings import Settings
from tests.fakes import HashEmbedder
from tests.test_corpus_helpers import comment_row, video_row, youtube_folder
from tools.corpus import integrity
from tools.corpus.search import Scope
from tools.corpus.store import CorpusStore


class OtherEmbedder(HashEmbedder):
    name = "other-embedder"


def _import(services: Services, tmp_path: Path) -> None:
    videos = [video_row("vid00000001", "Studio tour of the hoodie factory", 1000, "PT40S")]
    texts = ["the zipper broke", "love the colour", "sizes run small", "ship to Canada please", "softest fleece ever",
             "washing shrank it", "restock the grey one"]
    comments = [comment_row(f"c{index:02d}", text, "vid00000001", likes=index) for index, text in enumerate(texts)]
    store = CorpusStore.open(services)
    try:
        store.import_files([youtube_folder(tmp_path / "data", videos=videos, comments=comments)])
    finally:
        store.close()


def _services(settings: Settings, embedder: HashEmbedder) -> Services:
    services = Services(settings)
    services.embedder = embedder  # type: ignore[misc]
    return services


def test_a_switched_embedder_is_refused_then_reindexed_in_place_resumably(settings: Settings, tmp_path: Path) -> None:
    first = _services(settings, HashEmbedder(64))
    _import(first, tmp_path)
    first.close()

    switched = _services(settings, OtherEmbedder(32))
    store = CorpusStore.open(switched)
    try:
        with pytest.raises(SetupError, match="hookline reindex"):
            store.collection("comments")

        class Stop(Exception):
            pass

        def stop_after_first_chunk(stage: str, done: int, total: int | None) -> None:
            if done > 4:  # the post and the first three comments are written; stop while embedding the next ones
                raise Stop

        with pytest.raises(Stop):
            integrity.reembed(store, stop_after_first_chunk, chunk=3)
        partial = integrity.check(store)
        assert not partial.clean and store.collection("comments").count() == 3  # kept what it wrote

        again = integrity.reembed(store, chunk=3)
        assert again.dropped == [] and again.embedded > 0  # only the rest
        assert integrity.check(store).clean
        assert store.collection("comments").count() == 7 and store.collection("posts").count() == 1
        stored = np.asarray(store.vectors_of("comments", ["youtube:c03"])["youtube:c03"])
        assert stored.shape == (32,)
        ids, _distances, _vectors = store.nearest("comments", stored, 1, Scope())
        assert ids == ["youtube:c03"]
    finally:
        store.close()
        switched.close()
