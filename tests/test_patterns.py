"""The patterns analysis: features, the median-ratio effect and its bootstrap interval, the CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from core.errors import InputError, NotFoundError
from core.services import Services
from hookline.cli import main
from tests.fakes import HashEmbedder
from tests.test_corpus_helpers import video_row, youtube_folder
from tools.corpus.models import Post
from tools.corpus.store import CorpusStore
from tools.pattern_features import post_features
from tools.patterns import _effect, bootstrap_medians, outlier_patterns


def _post(title: str, **fields: object) -> Post:
    values: dict[str, object] = {"id": "youtube:x", "platform": "youtube", "creator": "C", "creator_id": "youtube:C",
                                 "format": "short", "title": title}
    values.update(fields)
    return Post.model_validate(values)


def test_features_of_titles_hooks_and_timing() -> None:
    found = post_features(_post("¿Por qué mi MARCA vende 10x más? 🔥", duration_s=45,
                                published_at=datetime(2024, 6, 1, 20, 0, tzinfo=UTC),
                                transcript="Do you know why? Because we tested it."))
    assert {"title asks a question", "title has a number", "title speaks in the first person", "title has an emoji",
            "title has an ALL-CAPS word", "duration 30-60 s", "published on a Saturday", "published at the weekend",
            "published in the evening (18-24 UTC)", "first spoken sentence asks a question",
            "first spoken sentence says \"you\"", "format: short"} <= found
    plain = post_features(_post("Warum du das wissen solltest", format="long"))
    assert "title says \"you\"" in plain and "title asks a question" not in plain and "format: long" in plain


def test_effect_is_the_median_ratio_and_the_interval_covers_it() -> None:
    rng = np.random.default_rng(1)
    with_ = rng.lognormal(np.log(3.0), 0.3, 60)
    without = rng.lognormal(np.log(1.0), 0.3, 200)
    effect, low, high = _effect(with_, without, np.random.default_rng(0))
    assert effect == pytest.approx(np.median(with_) / np.median(without))
    assert 2.2 < low < effect < high < 4.0
    _same, low_same, high_same = _effect(without[:100], without[100:], np.random.default_rng(0))
    assert low_same < 1.0 < high_same


@pytest.mark.parametrize("count", [11, 50, 301])
def test_drawn_medians_match_resampling_by_hand(count: int) -> None:
    values = np.random.default_rng(count).lognormal(0.0, 1.0, count)
    by_hand = np.median(np.random.default_rng(2).choice(values, size=(20000, count)), axis=1)
    drawn = bootstrap_medians(values, 20000, np.random.default_rng(3))
    for share in (2.5, 25, 50, 75, 97.5):
        assert np.percentile(drawn, share) == pytest.approx(np.percentile(by_hand, share), rel=0.06)


@pytest.fixture
def store(fake_services: Services, tmp_path: Path) -> CorpusStore:
    rng = np.random.default_rng(7)
    videos = []
    for index in range(60):
        question = index % 3 == 0
        title = f"Why is drop {index} sold out?" if question else f"Drop {index} lookbook"
        views = int(rng.normal(3000 if question else 1000, 100))
        videos.append(video_row(f"v{index:010d}", title, views, "PT40S", published=f"2023-{1 + index % 12:02d}-10T12:00:00Z"))
    opened = CorpusStore.open(fake_services)
    opened.import_files([youtube_folder(tmp_path, videos=videos)])
    yield opened
    opened.close()


def test_questions_in_titles_come_out_as_a_clear_pattern(store: CorpusStore) -> None:
    report = outlier_patterns(store, creator="Test Brand")
    assert report.posts == 60 and "Correlation" in report.caveat
    question = next(item for item in report.patterns if item.feature == "title asks a question")
    assert question.n_with == 20 and question.n_without == 40 and question.clear
    assert question.effect == pytest.approx(3.0, rel=0.15) and question.ci_low > 2.0
    assert report.patterns[0].clear
    assert all(item.n_with >= 10 and item.n_without >= 10 for item in report.patterns)
    weekday = [item for item in report.patterns if item.feature.startswith("published on a")]
    assert all(item.n_with >= 10 for item in weekday)


def test_patterns_bad_input(store: CorpusStore) -> None:
    with pytest.raises(InputError, match="Platform"):
        outlier_patterns(store, platform="myspace")
    assert outlier_patterns(store, platform="reddit").patterns == []


def test_cli_patterns_json(settings, store: CorpusStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(Services, "embedder", property(lambda self: HashEmbedder()))
    assert main(["patterns", "--json"], settings=settings) == 0
    payload = json.loads(capsys.readouterr().out)
    assert {"feature", "effect", "ci_low", "ci_high", "n_with", "n_without"} <= set(payload["patterns"][0])
    assert main(["patterns"], settings=settings) == 0
    assert "title asks a question" in capsys.readouterr().out
    assert main(["patterns", "--creator", "Nobody"], settings=settings) != 0
    assert "No creator matches" in capsys.readouterr().err


def test_a_creator_named_among_other_words_is_that_creator(store: CorpusStore) -> None:
    # The chat model passes "Test Brand's channel" as the creator: it must not fall back to every creator's data.
    assert [creator.name for creator in store.resolve_creators("Test Brand's channel")] == ["Test Brand"]
    assert [creator.name for creator in store.resolve_creators("the test brand podcast")] == ["Test Brand"]
    with pytest.raises(NotFoundError):
        store.resolve_creators("Test Brandon's channel")  # a longer word is another name
