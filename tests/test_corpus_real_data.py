"""The four shared datasets import with their bad rows reported, and the results can be checked
by hand against the CSVs (the facts below are recomputed from the files with the csv module)."""

from __future__ import annotations

import csv
import json
import re
import statistics
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.services import Services
from core.settings import Settings
from tests.conftest import SHARED_DATA
from tests.fakes import HashEmbedder
from tools.corpus.search import Scope
from tools.corpus.store import CorpusStore
from tools.corpus.text import clean_text
from tools.insights import comment_insights
from tools.trends import search_trends

YOUTUBE = SHARED_DATA / "youtube_channels_api_ivanseldas"
NUDE = YOUTUBE / "data_Nude_Project" / "df_videos.csv"
ALEX = YOUTUBE / "data_Alex_Hawkers_UCWqpvpCqDVQ-mxiVCPu5SNg" / "df_comments_UCWqpvpCqDVQ-mxiVCPu5SNg.csv"
TIPA = YOUTUBE / "data_Tipa_UC5E80Z5NRqrhluY4UbY-lUg" / "df_comments_UC5E80Z5NRqrhluY4UbY-lUg.csv"
TIKTOK = SHARED_DATA / "tiktok_news_outlets_gesis" / "tiktok.csv"
REDDIT = SHARED_DATA / "reddit_collegerant_threads" / "collegerant_threads.jsonl"

pytestmark = pytest.mark.skipif(not YOUTUBE.is_dir(), reason="../shared/data is not present")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _seconds(iso: str) -> int:
    match = re.fullmatch(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?", iso)
    assert match, iso
    days, hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return days * 86400 + hours * 3600 + minutes * 60 + seconds


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CorpusStore]:
    services = Services(Settings(_env_file=None, home=tmp_path_factory.mktemp("real-data")))
    services.embedder = HashEmbedder()  # type: ignore[misc]  # the data is real; the vectors need not be
    opened = CorpusStore.open(services)
    opened.youtube_report = opened.import_files([YOUTUBE])  # type: ignore[attr-defined]
    opened.tiktok_report = opened.import_files([TIKTOK])  # type: ignore[attr-defined]
    yield opened
    opened.close()


def test_the_youtube_folder_imports_with_its_bad_rows_reported(store: CorpusStore) -> None:
    report = store.youtube_report  # type: ignore[attr-defined]
    assert report.format == "youtube" and report.imported.creators == 5
    assert report.imported.posts == 1291 + 13 + 11 + 102 + 301
    rejected = [str(rejection) for rejection in report.rejected]
    assert f"{TIPA}:75: malformed CSV row: a raw line break inside unquoted text (the field should be quoted)" in rejected
    assert any(line.startswith(f"{ALEX}:") and "duplicate comment id" in line for line in rejected)
    assert all(re.match(r".+:\d+: .+", line) for line in rejected)
    alex_rows = _rows(ALEX)
    alex_rejected = sum(1 for line in rejected if line.startswith(f"{ALEX}:"))
    assert store.count_comments_of("Alex Hawkers") == len(alex_rows) - alex_rejected  # type: ignore[attr-defined]


def test_html_entities_are_unescaped_in_real_comments(store: CorpusStore) -> None:
    comment = store.get_comment("youtube:UgwMn3yGVvxlJ7AX8cR4AaABAg")
    assert comment is not None
    assert comment.text == '"Te cambia el aspecto" no, se lo cambiais vosotros, que es muy diferente'
    assert comment.post_id == "youtube:OZvTy_qRaTY"


def test_the_top_nude_project_outlier_matches_the_csv(store: CorpusStore) -> None:
    """Recomputed from the CSV: the baseline is the median of the creator's other mature Shorts
    (30+ days older than the newest YouTube post in the store), less their top 10%."""
    from datetime import datetime

    def published(row: dict[str, str]) -> datetime:
        return datetime.fromisoformat(row["publishedAt"].replace("Z", "+00:00"))

    newest = max(
        published(row) for folder in YOUTUBE.iterdir() if folder.is_dir()
        for path in folder.glob("df_videos*.csv") for row in _rows(path) if row.get("publishedAt")
    )
    rows = _rows(NUDE)
    shorts = [row for row in rows if _seconds(row["duration"]) <= 60]
    top_row = max(shorts, key=lambda row: int(row["viewCount"]))
    others = sorted(
        int(row["viewCount"]) for row in shorts if row is not top_row and (newest - published(row)).days >= 30
    )
    kept = others[: len(others) - int(0.10 * (len(others) + 1))]
    top = search_trends(store, "", creator="Nude Project", limit=1)[0]
    assert top.post_id == f"youtube:{top_row['videoId']}"
    assert top.views == int(top_row["viewCount"]) and top.title == " ".join(top_row["title"].split())
    assert top.format == "short" and top.thin_baseline is False
    assert top.baseline_median == statistics.median(kept)
    assert top.outlier_score == pytest.approx(int(top_row["viewCount"]) / statistics.median(kept), rel=1e-3)
    assert top.why.startswith(f"{top.outlier_score:.1f}x Nude Project's median Short (")
    assert f"{int(top_row['viewCount']):,} views" in top.why


def test_nude_project_topic_search_returns_matching_titles(store: CorpusStore) -> None:
    results = search_trends(store, "Topuria", creator="Nude Project", limit=5)
    assert results and all("topuria" in (result.title or "").lower() for result in results)
    by_id = {row["videoId"]: row for row in _rows(NUDE)}
    for result in results:
        assert result.views == int(by_id[result.post_id.split(":", 1)[1]]["viewCount"])


def test_alex_hawkers_insights_quote_real_comments_with_their_likes(store: CorpusStore) -> None:
    by_id = {row["comment_id"]: row for row in _rows(ALEX)}
    report = comment_insights(store, "audio", creator="Alex Hawkers", limit=4)
    assert report.total_comments >= 30 and report.scope_comments > 4000
    assert sum(cluster.engagement_share for cluster in report.clusters) == pytest.approx(1.0)
    quotes = [quote for cluster in report.clusters for quote in cluster.quotes]
    assert quotes
    for quote in quotes:
        row = by_id[quote.comment_id.split(":", 1)[1]]
        assert quote.likes == int(row["like_count"]) and quote.replies == int(row["totalReplyCount"])
        assert quote.text.rstrip("…")[:80] == " ".join(clean_text(row["text"]).split())[:80]
    audio_mentions = sum(1 for quote in quotes if "audio" in quote.text.lower())
    assert audio_mentions >= len(quotes) // 2
    assert report.clusters[0].category == "product_feedback"


def test_the_tiktok_csv_imports_every_row(store: CorpusStore) -> None:
    report = store.tiktok_report  # type: ignore[attr-defined]
    rows = _rows(TIKTOK)
    assert report.imported.posts == len(rows) == 4287 and report.rejected == []
    assert report.imported.creators == 18
    tagesschau = [row for row in rows if row["V3_news_outlet"] == "tagesschau"]
    results = search_trends(store, "", creator="tagesschau", limit=100)
    assert len(tagesschau) == 194 and len(store.post_ids_where(Scope(creator_ids=("tiktok:tagesschau",)))) == 194
    top_row = max(tagesschau, key=lambda row: float(row["M5_view_count"]))
    assert results[0].views == int(float(top_row["M5_view_count"]))
    assert results[0].why.startswith(f"{results[0].outlier_score:.1f}x tagesschau's median video (")


def test_a_slice_of_the_reddit_threads_imports_with_replies(store: CorpusStore, tmp_path: Path) -> None:
    lines = REDDIT.read_text(encoding="utf-8").splitlines()[:40]
    sliced = tmp_path / "slice.jsonl"
    sliced.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def count(nodes: dict[str, dict[str, object]]) -> int:
        return sum(1 + count(node.get("replies") or {}) for node in nodes.values())  # type: ignore[arg-type]

    threads = [json.loads(line) for line in lines]
    report = store.import_files([sliced])
    assert report.format == "reddit" and report.rejected == []
    assert report.imported.posts == 40
    assert report.imported.comments == sum(count(thread["comments"]) for thread in threads)
    first = threads[0]
    post = store.get_post(f"reddit:{first['sid']}")
    assert post is not None and post.likes == first["upvotes"] and post.creator == "r/CollegeRant"
    key, node = next(iter(first["comments"].items()))
    comment = store.get_comment(f"reddit:{key}")
    assert comment is not None and comment.reply_count == len(node["replies"])
    report = comment_insights(store, "professor", post_id=None, creator="r/CollegeRant", limit=3)
    assert report.clusters and sum(cluster.engagement_share for cluster in report.clusters) == pytest.approx(1.0)
