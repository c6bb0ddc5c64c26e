"""Trend search: outlier math on a hand-made corpus, thin baselines, filters, the `why` sentence."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pytest

from core.errors import InputError, NotFoundError
from core.services import Services
from hookline.cli import main
from tests.fakes import HashEmbedder
from tests.test_corpus_helpers import gesis_csv, reddit_jsonl, video_row, youtube_folder
from tools.corpus.store import CorpusStore
from tools.trends import median_without, search_trends

SHORT_VIEWS = {"s1": 100, "s2": 200, "s3": 300, "s4": 400, "s5": 500, "s6": 5000}


def _brand(root: Path) -> Path:
    videos = [video_row(f"{vid}aaaaaaaaa", f"hoodie short {vid}", views, "PT30S", likes=10, comments=5,
                        published=f"2024-0{index + 1}-01T00:00:00Z")
              for index, (vid, views) in enumerate(SHORT_VIEWS.items())]
    videos += [video_row("l1aaaaaaaaa", "hoodie long one", 1000, "PT10M"), video_row("l2aaaaaaaaa", "hoodie long two", 3000, "PT20M")]
    return youtube_folder(root, name="data_Test_Brand", videos=videos)


@pytest.fixture
def store(fake_services: Services, tmp_path: Path) -> CorpusStore:
    opened = CorpusStore.open(fake_services)
    opened.import_files([_brand(tmp_path)])
    opened.import_files([youtube_folder(tmp_path, name="data_Solo_Creator", videos=[video_row("solo0000001", "hoodie solo", 10, "PT30S", published="2024-12-01T00:00:00Z")])])
    yield opened
    opened.close()


def test_outlier_score_is_views_over_the_median_of_the_other_shorts(store: CorpusStore) -> None:
    results = {result.post_id: result for result in search_trends(store, "", creator="Test Brand", limit=20)}
    top = results["youtube:s6aaaaaaaaa"]
    assert top.baseline_median == 300.0  # median of 100, 200, 300, 400, 500 (itself excluded)
    assert top.outlier_score == pytest.approx(5000 / 300, abs=1e-3)
    assert top.thin_baseline is False and top.baseline_posts == 5
    assert top.why == "16.7x Test Brand's median Short (300 views), 5,000 views"
    s1 = results["youtube:s1aaaaaaaaa"]
    assert s1.baseline_median == 400.0  # median of 200, 300, 400, 500, 5000
    assert s1.outlier_score == pytest.approx(100 / 400, abs=1e-3)
    assert top.engagement_rate == pytest.approx((10 + 5) / 5000)


def test_longs_are_judged_against_longs_and_a_thin_baseline_is_flagged(store: CorpusStore) -> None:
    results = {result.post_id: result for result in search_trends(store, "", creator="Test Brand", limit=20)}
    long_two = results["youtube:l2aaaaaaaaa"]
    assert long_two.format == "long" and long_two.baseline_median == 1000.0 and long_two.outlier_score == 3.0
    assert long_two.thin_baseline is True
    assert long_two.why == "3.0x Test Brand's median long video (1,000 views), 3,000 views; thin baseline: only 1 other long video"


def test_a_post_with_no_baseline_is_shown_last_without_a_score(store: CorpusStore) -> None:
    results = search_trends(store, "hoodie", limit=20)
    solo = next(result for result in results if result.creator == "Solo Creator")
    assert solo.outlier_score is None and solo.baseline_median is None and solo.thin_baseline is True
    assert solo.why == "10 views; Solo Creator has no other Shorts to compare with"
    assert results[-1].post_id == solo.post_id
    scores = [result.outlier_score for result in results if result.outlier_score is not None]
    assert scores == sorted(scores, reverse=True)


def test_ranking_and_niche_score(store: CorpusStore) -> None:
    results = search_trends(store, "", creator="Test Brand", limit=3)
    assert [result.post_id for result in results] == ["youtube:s6aaaaaaaaa", "youtube:l2aaaaaaaaa", "youtube:s5aaaaaaaaa"]
    # Niche: against the median views of every post that matched (here all 8 of the brand): 450.
    assert results[0].niche_score == pytest.approx(5000 / 450, abs=1e-3)


def test_filters_creator_platform_since(store: CorpusStore, tmp_path: Path) -> None:
    store.import_files([gesis_csv(tmp_path / "news.csv"), reddit_jsonl(tmp_path / "threads.jsonl")])
    assert {result.platform for result in search_trends(store, "", platform="tiktok", limit=50)} == {"tiktok"}
    since = search_trends(store, "", creator="Test Brand", since=date(2024, 4, 1), limit=50)
    assert {result.post_id for result in since} == {"youtube:s4aaaaaaaaa", "youtube:s5aaaaaaaaa", "youtube:s6aaaaaaaaa",
                                                    "youtube:l1aaaaaaaaa", "youtube:l2aaaaaaaaa"}
    reddit = {result.post_id: result for result in search_trends(store, "", platform="reddit", as_of=datetime(2025, 1, 1, tzinfo=UTC))}
    assert reddit["reddit:abc123"].metric == "upvotes" and reddit["reddit:abc123"].views is None
    assert reddit["reddit:abc123"].why == "10.0x r/CollegeRant's median post (5 upvotes), 50 upvotes; thin baseline: only 1 other post"


def test_semantic_query_keeps_matching_posts(store: CorpusStore, tmp_path: Path) -> None:
    store.import_files([gesis_csv(tmp_path / "news.csv")])
    results = search_trends(store, "Wahl in Bayern")
    assert results and results[0].post_id == "tiktok:1001"
    assert all("hoodie" not in (result.title or "") for result in results)


def test_unknown_creator_and_bad_arguments(store: CorpusStore) -> None:
    with pytest.raises(NotFoundError, match="Known creators: Solo Creator, Test Brand"):
        search_trends(store, "", creator="Nobody")
    with pytest.raises(InputError, match="Platform"):
        search_trends(store, "", platform="myspace")
    with pytest.raises(InputError, match="at least 1"):
        search_trends(store, "", limit=0)


def test_median_without_removes_one_copy_of_the_post() -> None:
    import numpy as np

    assert median_without(np.array([1.0, 5.0, 5.0, 9.0]), 5.0).median == 5.0
    assert median_without(np.array([7.0]), 7.0).median is None
    assert median_without(np.array([1.0, 3.0]), 3.0).count == 1


def test_cli_trends_json(settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(Services, "embedder", property(lambda self: HashEmbedder()))
    assert main(["trends", "hoodie"], settings=settings) == 2
    assert "Import data first" in capsys.readouterr().err
    assert main(["import", str(_brand(tmp_path))], settings=settings) == 0
    assert main(["import", str(youtube_folder(tmp_path, name="data_Solo_Creator", videos=[
        video_row("solo0000001", "hoodie solo", 10, "PT30S", published="2024-12-01T00:00:00Z")]))], settings=settings) == 0
    capsys.readouterr()
    assert main(["trends", "", "--creator", "test brand", "--limit", "2", "--json"], settings=settings) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["post_id"] for row in rows] == ["youtube:s6aaaaaaaaa", "youtube:l2aaaaaaaaa"]
    assert set(rows[0]) >= {"post_id", "platform", "creator", "title", "format", "views", "baseline_median", "outlier_score",
                            "niche_score", "engagement_rate", "published_at", "why", "thin_baseline"}
    with pytest.raises(SystemExit):
        main(["trends", "", "--since", "not-a-date"], settings=settings)
    assert "not a date" in capsys.readouterr().err


def _aged_corpus(root: Path) -> tuple[Path, Path]:
    alpha = [video_row(f"am{index:09d}", f"weekly vlog number {index}", index * 100, "PT40S",
                       published=f"2024-0{1 + index % 9}-0{1 + index % 9}T00:00:00Z") for index in range(1, 11)]
    alpha.append(video_row("amhuge00001", "pasta carbonara secret", 100_000, "PT40S", published="2024-03-15T00:00:00Z"))
    alpha += [video_row(f"ay{age:09d}", f"fresh vlog {age}", 50 + age, "PT40S", published=f"2024-12-{31 - age:02d}T00:00:00Z")
              for age in (0, 2, 3, 4)]
    beta = [video_row(f"bm{index:09d}", f"garden tour {index}", 100, "PT40S", published="2024-02-01T00:00:00Z") for index in range(8)]
    beta.append(video_row("bmpasta0001", "pasta carbonara secret trick", 5000, "PT40S", published="2024-04-01T00:00:00Z"))
    return (youtube_folder(root, name="data_Alpha", videos=alpha), youtube_folder(root, name="data_Beta", videos=beta))


@pytest.fixture
def aged(fake_services: Services, tmp_path: Path) -> CorpusStore:
    opened = CorpusStore.open(fake_services)
    opened.import_files(list(_aged_corpus(tmp_path)))
    yield opened
    opened.close()


def test_baseline_leaves_out_the_post_and_the_creators_top_tenth(aged: CorpusStore) -> None:
    results = {result.post_id: result for result in search_trends(aged, "", creator="Alpha", limit=50)}
    middle = results["youtube:am000000005"]
    # Other mature posts: 100..1,000 without 500, plus 100,000; the top 10% (1 of 11) is left out.
    assert middle.baseline_kind == "mature" and middle.baseline_median == 600.0 and middle.baseline_posts == 9
    assert middle.age_days is not None and middle.age_days > 200


def test_young_posts_meet_posts_of_a_similar_age_or_are_flagged(aged: CorpusStore) -> None:
    results = {result.post_id: result for result in search_trends(aged, "", creator="Alpha", limit=50)}
    newest = results["youtube:ay000000000"]
    assert newest.age_days == 0 and newest.too_young and newest.outlier_score is None
    assert "too young" in newest.why
    four_days = results["youtube:ay000000004"]
    assert four_days.baseline_kind == "similar_age" and not four_days.too_young
    assert four_days.baseline_median == pytest.approx(np.median([50, 52, 53]))
    assert "similar age" in four_days.why
    assert results["youtube:am000000005"].outlier_score is not None
    assert list(results)[-1] in {"youtube:ay000000000", "youtube:ay000000002", "youtube:ay000000003"}


def test_repeat_creators_count_other_channels_beating_their_normal_on_the_topic(aged: CorpusStore) -> None:
    results = {result.post_id: result for result in search_trends(aged, "pasta carbonara", limit=5)}
    assert results["youtube:amhuge00001"].repeat_creators == 1  # Beta's carbonara post: 50x Beta's normal
    assert results["youtube:bmpasta0001"].repeat_creators == 1
    vlog = search_trends(aged, "", creator="Alpha", limit=3)
    assert all(result.repeat_creators == 0 for result in vlog if "vlog" in (result.title or ""))
    payload = vlog[0].model_dump(mode="json")
    assert {"age_days", "too_young", "baseline_kind", "repeat_creators"} <= set(payload)
