"""Comment insights: engagement weights, reply stance, clusters, quotes, categories, the theme map."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from core.errors import NotFoundError
from core.services import Services
from hookline.cli import main
from tests.fakes import HashEmbedder
from tests.test_corpus_helpers import comment_row, reddit_jsonl, video_row, youtube_folder
from tools.corpus.opinions import category_of, sentiment_of, stance_of
from tools.corpus.store import CorpusStore
from tools.insights import analyse_comments, comment_insights, engagement_weight
from tools.theme_map import theme_map

COMMENTS = [
    # (text, likes, replies)
    ("The audio is terrible, I can't hear the guest", 40, 3),
    ("Audio quality is bad, please fix the microphone", 25, 1),
    ("El audio se escucha fatal, qué pena", 12, 0),
    ("Der Ton ist schlecht, das Mikrofon rauscht", 3, 0),
    ("Great interview, thank you so much", 60, 4),
    ("Gracias Alex, el mejor podcast, increíble", 30, 2),
    ("Danke für das tolle Video!", 8, 0),
    ("Please invite Rosalía next time?", 15, 2),
    ("¿Podrías hacer una segunda parte con él?", 9, 1),
    ("Kannst du bitte mehr über Steuern machen?", 4, 0),
    ("jajajaja 😂😂 me muero", 20, 0),
    ("wow 😱", 2, 0),
    ("Subscribe to my channel for free crypto", 0, 0),
    ("too long, boring episode, waste of time", 6, 1),
    ("Qué aburrido, una pérdida de tiempo", 2, 0),
    ("Langweilig, früher war es besser", 1, 0),
]


@pytest.fixture
def store(fake_services: Services, tmp_path: Path) -> CorpusStore:
    folder = youtube_folder(
        tmp_path,
        name="data_Pod_Cast",
        videos=[video_row("video000001", "Episode one", 10000, "PT1H")],
        comments=[comment_row(f"Ugx{index:08d}", text, "video000001", likes=likes, replies=replies)
                  for index, (text, likes, replies) in enumerate(COMMENTS)],
    )
    opened = CorpusStore.open(fake_services)
    opened.import_files([folder])
    yield opened
    opened.close()


def test_weight_formula_has_diminishing_returns() -> None:
    assert engagement_weight(0, 0) == 1.0
    assert engagement_weight(10, 4) == pytest.approx(1 + math.log(11) + 0.5 * math.log(5))
    assert engagement_weight(1000, 0) - engagement_weight(999, 0) < engagement_weight(1, 0) - engagement_weight(0, 0)
    assert engagement_weight(5, 2, agree=3.0) > engagement_weight(5, 2) > engagement_weight(5, 2, pushback=3.0)
    assert engagement_weight(0, 0, pushback=1e9) == 0.1


def test_shares_sum_to_one_and_quotes_are_ranked_by_weight(store: CorpusStore) -> None:
    report, points = analyse_comments(store, "", limit=4)
    assert report.total_comments == len(COMMENTS) and report.scope_comments == len(COMMENTS)
    assert sum(cluster.engagement_share for cluster in report.clusters) == pytest.approx(1.0)
    assert sum(cluster.size for cluster in report.clusters) == len(COMMENTS)
    weight_of = {point.comment_id: point.weight for point in points}
    total = sum(weight_of.values())
    for cluster in report.clusters:
        members = [point for point in points if point.cluster_id == cluster.id]
        assert cluster.size == len(members)
        assert cluster.engagement_share == pytest.approx(sum(point.weight for point in members) / total)
        weights = [quote.weight for quote in cluster.quotes]
        assert weights == sorted(weights, reverse=True) and 1 <= len(cluster.quotes) <= 5
        assert weights[0] == pytest.approx(max(point.weight for point in members), abs=1e-4)
        assert -1.0 <= cluster.sentiment <= 1.0 and cluster.label
    shares = [cluster.engagement_share for cluster in report.clusters]
    assert shares == sorted(shares, reverse=True)
    assert [cluster.id for cluster in report.clusters] == [f"K{n}" for n in range(1, len(report.clusters) + 1)]
    top = max(report.clusters[0].quotes, key=lambda quote: quote.weight)
    assert top.weight == pytest.approx(engagement_weight(top.likes, top.replies), abs=1e-4)


def test_a_query_finds_the_audio_complaints(store: CorpusStore) -> None:
    report = comment_insights(store, "audio", limit=3)
    quoted = {quote.text for cluster in report.clusters for quote in cluster.quotes}
    assert "The audio is terrible, I can't hear the guest" in quoted
    assert "El audio se escucha fatal, qué pena" in quoted
    assert report.clusters[0].category == "product_feedback"
    assert report.clusters[0].sentiment < 0


def test_reply_texts_count_as_agreement_or_pushback(fake_services: Services, tmp_path: Path) -> None:
    store = CorpusStore.open(fake_services)
    store.import_files([reddit_jsonl(tmp_path / "threads.jsonl")])
    report, points = analyse_comments(store, "", post_id="reddit:abc123")
    weight = {point.comment_id: point.weight for point in points}
    agree, pushback = 1 + math.log(5), 1 + math.log(2)  # "So true" (4 likes) and "I disagree" (1 like)
    expected = 1 + math.log(21) + 0.5 * math.log(3) + 0.5 * math.log(1 + agree) - 0.5 * math.log(1 + pushback)
    assert weight["reddit:c1"] == pytest.approx(expected)
    assert "reddit:c2" not in weight  # "[deleted]" is no opinion
    assert report.total_comments == 3 and report.scope_comments == 3


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("The audio is terrible", "product_feedback"),
        ("La calidad del sonido es mala", "product_feedback"),
        ("Die Kamera ist unscharf", "product_feedback"),
        ("Can you make a video about taxes?", "request"),
        ("Haz un video con Ibai porfa", "request"),
        ("Bitte mehr solche Videos", "request"),
        ("Great video, thank you!", "praise"),
        ("Gracias Alex, eres un crack", "praise"),
        ("Danke, super erklärt!", "praise"),
        ("This was boring and stupid", "complaint"),
        ("Qué aburrido, una pérdida de tiempo", "complaint"),
        ("Langweilig und nervig", "complaint"),
        ("jajajaja 😂😂", "emotion"),
        ("wow me muero", "emotion"),
        ("krass alter 😱", "emotion"),
        ("Subscribe to my channel!!", "off_topic"),
        ("Sígueme en mi canal", "off_topic"),
        ("Folgt mir auf meinen Kanal", "off_topic"),
        ("[deleted]", "off_topic"),
    ],
)
def test_categories_in_english_spanish_and_german(text: str, category: str) -> None:
    assert category_of(text) == category


def test_sentiment_and_stance_read_negation_and_languages() -> None:
    assert sentiment_of("I love this") > 0 > sentiment_of("I do not love this")
    assert sentiment_of("no está nada mal") > 0 > sentiment_of("está mal")
    assert sentiment_of("Das ist nicht gut") < 0 < sentiment_of("Das ist gut")
    assert [stance_of(text) for text in ("So true", "Tal cual", "Stimmt genau", "this")] == [1, 1, 1, 1]
    assert [stance_of(text) for text in ("Not true at all", "No estoy de acuerdo", "Das stimmt nicht")] == [-1, -1, -1]
    assert stance_of("This video is about cooking") == 0


def test_unknown_post_is_a_clear_error(store: CorpusStore) -> None:
    with pytest.raises(NotFoundError, match="No post 'nope'"):
        comment_insights(store, "", post_id="nope")
    assert comment_insights(store, "", post_id="video000001").total_comments == len(COMMENTS)  # platform id works


def test_cli_insights_json_and_theme_map_files(settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(Services, "embedder", property(lambda self: HashEmbedder()))
    folder = youtube_folder(
        tmp_path, name="data_Pod_Cast",
        videos=[video_row("video000001", "Episode one", 10000, "PT1H"), video_row("video000002", "Episode two", 90000, "PT1H"),
                video_row("video000003", "Episode three", 20000, "PT1H")],
        comments=[comment_row(f"Ugx{index:08d}", text, "video000001", likes=likes, replies=replies)
                  for index, (text, likes, replies) in enumerate(COMMENTS)],
    )
    assert main(["import", str(folder)], settings=settings) == 0
    capsys.readouterr()
    assert main(["insights", "", "--creator", "Pod Cast", "--limit", "3", "--json"], settings=settings) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["total_comments"] == len(COMMENTS)
    assert sum(cluster["engagement_share"] for cluster in payload["clusters"]) == pytest.approx(1.0)
    assert set(payload["clusters"][0]) >= {"id", "label", "category", "size", "engagement_share", "sentiment", "quotes"}
    assert set(payload["clusters"][0]["quotes"][0]) >= {"comment_id", "text", "likes", "replies"}
    out = tmp_path / "maps" / "posts.png"
    assert main(["map", "", "--out", str(out)], settings=settings) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "plotly" in out.with_suffix(".html").read_text()[:200000].lower()
    comments_png = tmp_path / "maps" / "comments.png"
    assert main(["map", "audio", "--kind", "comments", "--out", str(comments_png)], settings=settings) == 0
    assert comments_png.stat().st_size > 1000 and comments_png.with_suffix(".html").is_file()
    assert main(["map", "", "--out", str(tmp_path / "map.jpg")], settings=settings) == 2
    assert ".png" in capsys.readouterr().err


def test_theme_map_highlights_outliers(store: CorpusStore, tmp_path: Path) -> None:
    store.import_files([youtube_folder(tmp_path, name="data_Pod_Cast", videos=[
        video_row(f"video00000{n}", f"Episode {n}", views, "PT1H") for n, views in enumerate([10000, 9000, 11000, 10500, 9500, 200000], start=1)
    ])])
    result = theme_map(store, "", tmp_path / "map.png", creator="Pod Cast")
    assert result.points == 6 and result.highlighted == 1  # only the 200,000-view episode is >= 2x its median
