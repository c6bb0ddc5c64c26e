"""Importing exports: format detection, one model for all, rejected rows, stable ids, atomicity."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from core.errors import InputError, NotFoundError
from core.services import Services
from hookline.cli import main
from tests.fakes import HashEmbedder
from tests.test_corpus_helpers import (
    COMMENT_HEADER,
    comment_row,
    gesis_csv,
    reddit_jsonl,
    small_youtube,
    tiktok_scraper_json,
    video_row,
    write_csv,
    youtube_api_json,
    youtube_folder,
)
from tools.corpus.store import CorpusStore


@pytest.fixture
def store(fake_services: Services) -> CorpusStore:
    opened = CorpusStore.open(fake_services)
    yield opened
    opened.close()


def _snapshot(store: CorpusStore) -> tuple[object, ...]:
    """Everything an import can change: the tables and the vectors."""
    db = sqlite3.connect(store._db.execute("PRAGMA database_list").fetchone()[2])  # noqa: SLF001
    tables = tuple(
        tuple(map(tuple, db.execute(f"SELECT * FROM {table} ORDER BY user, id").fetchall()))
        for table in ("creators", "posts", "comments")
    )
    fts = tuple(db.execute(f"SELECT COUNT(*) FROM {kind}_fts").fetchone()[0] for kind in ("posts", "comments"))
    db.close()
    vectors = tuple(tuple(sorted(store.collection(kind).get(include=[])["ids"])) for kind in ("posts", "comments"))
    return tables, fts, vectors


def test_youtube_folder_imports_videos_then_comments_and_transcripts(store: CorpusStore, tmp_path: Path) -> None:
    folder = small_youtube(tmp_path)
    report = store.import_files([folder])
    assert report.format == "youtube"
    assert [item.kind for item in report.files] == ["videos", "comments", "transcripts"]
    assert report.imported.model_dump() == {"creators": 1, "posts": 5, "comments": 3}
    assert report.rejected == []
    assert any("df_categories.csv" in line for line in report.skipped)
    short = store.get_post("youtube:short00001a")
    assert short is not None and short.creator == "Test Brand" and short.format == "short"
    assert short.views == 5000 and short.duration_s == 30 and short.url == "https://www.youtube.com/shorts/short00001a"
    long = store.get_post("youtube:long000001d")
    assert long is not None and long.format == "long" and long.duration_s == 3723
    assert long.transcript == "we talk about building a clothing brand"
    comment = store.get_comment("youtube:UgxAAAA0001")
    assert comment is not None
    assert comment.text == '"Love" this hoodie\nso soft & warm'
    assert comment.likes == 30 and comment.reply_count == 2 and comment.post_id == "youtube:short00001a"
    assert comment.author and "@someone" not in comment.author and len(comment.author) == 16


def test_reimporting_the_same_files_changes_nothing_and_embeds_nothing(store: CorpusStore, tmp_path: Path) -> None:
    folder = small_youtube(tmp_path)
    first = store.import_files([folder])
    before = _snapshot(store)
    calls: list[int] = []
    original = store.embedder.embed
    store.embedder.embed = lambda texts: calls.append(len(texts)) or original(texts)  # type: ignore[method-assign]
    second = store.import_files([folder])
    assert _snapshot(store) == before
    assert calls == [] and second.embedded == 0
    assert second.imported == first.imported
    assert second.added.model_dump() == {"creators": 0, "posts": 0, "comments": 0}


def test_a_changed_text_is_re_embedded_and_the_rest_is_not(store: CorpusStore, tmp_path: Path) -> None:
    folder = small_youtube(tmp_path)
    store.import_files([folder])
    write_csv(folder / "df_comments.csv", COMMENT_HEADER, [
        comment_row("UgxAAAA0001", "&quot;Love&quot; this hoodie<br>so soft &amp; warm", "short00001a", likes=31, replies=2),
        comment_row("UgxAAAA0002", "The audio got fixed, thanks", "short00001a", likes=5),
        comment_row("UgxAAAA0003", "Can you make a video about sizes please?", "short00001a", likes=1, replies=1),
    ])
    report = store.import_files([folder / "df_comments.csv"])
    assert report.embedded == 1  # only the edited comment; a likes change needs no new vector
    assert store.get_comment("youtube:UgxAAAA0001").likes == 31  # type: ignore[union-attr]
    assert store.get_comment("youtube:UgxAAAA0002").text == "The audio got fixed, thanks"  # type: ignore[union-attr]


def test_bad_rows_are_reported_as_file_line_reason_and_the_rest_imports(store: CorpusStore, tmp_path: Path) -> None:
    folder = youtube_folder(tmp_path, videos=[
        video_row("good0000001", "Fine", 100),
        video_row("bad00000002", "Negative views", -7),
        video_row("nan00000003", "Hidden views", "nan"),
        video_row("hid00000004", "Hidden likes", 50, likes=-1),
        video_row("txt00000005", "Words for views", "lots"),
        video_row("good0000001", "Duplicate id", 5),
    ])
    path = folder / "df_videos.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write('brk00000006,"Broken row",2024-01-01\n')
    report = store.import_files([path])
    reasons = {str(rejection) for rejection in report.rejected}
    assert f"{path}:3: viewCount is negative (-7)" in reasons
    assert f"{path}:6: viewCount 'lots' is not a number" in reasons
    assert f"{path}:7: duplicate post id youtube:good0000001 (first seen at {path}:2)" in reasons
    assert f"{path}:8: expected 14 fields, found 3 (a line break or a stray delimiter inside unquoted text?)" in reasons
    assert len(report.rejected) == 4
    assert report.imported.posts == 3
    assert store.get_post("youtube:nan00000003").views is None  # type: ignore[union-attr]
    assert store.get_post("youtube:hid00000004").likes is None  # type: ignore[union-attr]


def test_detection_of_every_format(store: CorpusStore, tmp_path: Path) -> None:
    api = store.import_files([youtube_api_json(tmp_path / "api.json")])
    assert (api.format, api.imported.posts, api.imported.comments) == ("youtube", 1, 2)
    video = store.get_post("youtube:apiVideo001")
    assert video is not None and video.title == "Cooking & chatting" and video.creator == "Api Channel"
    assert video.format == "long" and video.views == 1200 and video.tags == ["food", "talk"]
    reply = store.get_comment("youtube:UgzThread001.reply1")
    assert reply is not None and reply.parent_id == "youtube:UgzThread001"
    assert store.get_comment("youtube:UgzThread001").text == "Great recipe!\nThanks"  # type: ignore[union-attr]

    gesis = store.import_files([gesis_csv(tmp_path / "news.csv")])
    assert (gesis.format, gesis.imported.posts) == ("tiktok", 2)
    post = store.get_post("tiktok:1001")
    assert post is not None and post.creator == "tagesschau" and post.views == 680 and post.likes == 38
    assert post.format == "short" and post.tags == ["news", "wahl"] and post.title == "Wahl in Bayern"
    assert store.get_post("tiktok:1002").views is None  # type: ignore[union-attr]  # -1 = hidden

    scraper = store.import_files([tiktok_scraper_json(tmp_path / "scrape.json")])
    assert (scraper.format, scraper.imported.posts) == ("tiktok", 2)
    clip = store.get_post("tiktok:7000000000000000001")
    assert clip is not None and clip.creator == "Barista Bob" and clip.views == 15000 and clip.tags == ["fyp", "coffee"]
    assert store.get_post("tiktok:7000000000000000002").format == "long"  # type: ignore[union-attr]  # 300 s

    reddit = store.import_files([reddit_jsonl(tmp_path / "threads.jsonl")])
    assert (reddit.format, reddit.imported.posts, reddit.imported.comments) == ("reddit", 2, 4)
    thread = store.get_post("reddit:abc123")
    assert thread is not None and thread.creator == "r/CollegeRant" and thread.format == "text"
    assert thread.likes == 50 and thread.comments == 4 and thread.views is None
    top = store.get_comment("reddit:c1")
    assert top is not None and top.reply_count == 2 and top.parent_id is None
    assert store.get_comment("reddit:c1r2").parent_id == "reddit:c1"  # type: ignore[union-attr]
    assert store.get_comment("reddit:c2").likes == 0  # type: ignore[union-attr]  # score -3


def test_generic_csv_through_a_mapping(store: CorpusStore, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "export.csv", ["video", "channel", "title", "views", "comment", "likes", "replies"], [
        ["v1", "Chef Ana", "Paella in 60 seconds", "9000", "Best paella ever", "12", "1"],
        ["v1", "Chef Ana", "Paella in 60 seconds", "9000", "Too much salt", "3", "0"],
        ["v2", "Chef Ana", "Tortilla", "1200", "", "", ""],
        ["v3", "Chef Ana", "Gazpacho", "-9", "", "", ""],
    ])
    mapping = "post_id=video,creator=channel,title=title,views=views,text=comment,likes=likes,reply_count=replies"
    report = store.import_files([path], mapping=mapping)
    assert report.format == "csv"
    assert report.imported.model_dump() == {"creators": 1, "posts": 2, "comments": 2}
    assert [str(item) for item in report.rejected] == [f"{path}:5: views is negative (-9)"]
    post = store.get_post("csv:v1")
    assert post is not None and post.views == 9000 and post.creator == "Chef Ana" and post.likes is None
    comments = store.comments_on("csv:v1")
    assert [(c.text, c.likes, c.reply_count) for c in comments] == [("Best paella ever", 12, 1), ("Too much salt", 3, 0)]
    assert sorted(store.counts().items()) == [("comments", 2), ("creators", 1), ("posts", 2)]
    again = store.import_files([path], mapping=mapping)
    assert again.added.comments == 0  # content-hash ids are stable


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (bytes(range(256)) * 50, "binary"),
        (b"   \n  \n", "whitespace"),
        ("videoId,title,views\nabc,Hi,10\n".encode(), "lacks the column"),
        ("foo,bar\n1,2\n".encode(), "--map"),
        (b'{"hello": "world"}', "not a known export"),
        (b'{"broken": ', "not valid JSON"),
    ],
)
def test_unreadable_files_are_clear_errors_and_write_nothing(store: CorpusStore, tmp_path: Path, content: bytes, message: str) -> None:
    store.import_files([small_youtube(tmp_path / "ok")])
    before = _snapshot(store)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    with pytest.raises(InputError, match=message):
        store.import_files([bad])
    assert _snapshot(store) == before


def test_latin1_and_utf16_exports_import(store: CorpusStore, tmp_path: Path) -> None:
    text = "video,channel,title,views\nv1,Café Müller,Über Kaffee,10\n"
    latin = tmp_path / "latin.csv"
    latin.write_bytes(text.encode("latin-1"))
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes(text.replace("v1", "v2").encode("utf-16"))
    store.import_files([latin, utf16], mapping="post_id=video,creator=channel,title=title,views=views")
    assert store.get_post("csv:v1").title == "Über Kaffee"  # type: ignore[union-attr]
    assert store.get_post("csv:v2").creator == "Café Müller"  # type: ignore[union-attr]


def test_a_file_over_the_size_limit_is_refused_before_reading(store: CorpusStore, tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # a sparse 200 MB file: nothing is allocated
    with pytest.raises(InputError, match=r"200\.0 MB.*at most 100 MB"):
        store.import_files([big])
    assert store.counts() == {"creators": 0, "posts": 0, "comments": 0}


def test_a_failing_file_among_good_ones_leaves_the_store_as_it_was(store: CorpusStore, tmp_path: Path) -> None:
    store.import_files([gesis_csv(tmp_path / "news.csv")])
    before = _snapshot(store)
    good = reddit_jsonl(tmp_path / "threads.jsonl")
    bad = tmp_path / "zzz.csv"
    bad.write_text("no,idea\n1,2\n")
    with pytest.raises(InputError, match="zzz.csv"):
        store.import_files([good, bad])
    assert _snapshot(store) == before


def test_a_failure_while_indexing_rolls_back_rows_and_vectors(store: CorpusStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store.import_files([gesis_csv(tmp_path / "news.csv")])
    before = _snapshot(store)
    embed = store.embedder.embed
    calls = {"n": 0}

    def fail_on_comments(texts: list[str]) -> np.ndarray:
        calls["n"] += 1
        if calls["n"] > 1:  # posts are embedded and written, then the comments fail
            raise RuntimeError("embedding service went away")
        return embed(texts)

    monkeypatch.setattr(store.embedder, "embed", fail_on_comments)
    with pytest.raises(RuntimeError, match="went away"):
        store.import_files([reddit_jsonl(tmp_path / "threads.jsonl")])
    assert calls["n"] == 2
    assert _snapshot(store) == before  # no rows, no keyword index, no orphan vectors


def test_vectors_without_committed_rows_are_invisible(store: CorpusStore, tmp_path: Path) -> None:
    from tools.trends import search_trends

    store.import_files([gesis_csv(tmp_path / "news.csv")])
    # A crash between the vector write and the commit leaves a vector without a row.
    store.collection("posts").upsert(ids=["tiktok:ghost"], embeddings=[store.query_vector("Wahl in Bayern").tolist()],
                                     metadatas=[{"creator_id": "tiktok:tagesschau", "platform": "tiktok", "format": "short", "published_ts": 0}])
    results = search_trends(store, "Wahl in Bayern")
    assert "tiktok:ghost" not in {result.post_id for result in results}
    assert results and results[0].post_id == "tiktok:1001"


def test_unknown_paths_and_explicit_side_files(store: CorpusStore, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="does not exist"):
        store.import_files([tmp_path / "missing.csv"])
    folder = small_youtube(tmp_path)
    with pytest.raises(InputError, match="category names"):
        store.import_files([folder / "df_categories.csv"])
    with pytest.raises(InputError, match="looks like a youtube"):
        store.import_files([folder / "df_videos.csv"], fmt="tiktok")
    with pytest.raises(InputError, match="needs --map"):
        store.import_files([folder / "df_videos.csv"], fmt="csv")
    with pytest.raises(InputError, match="unknown field"):
        store.import_files([folder / "df_videos.csv"], mapping="viewz=viewCount")


def test_comments_for_a_missing_post_become_a_stub_until_the_videos_arrive(store: CorpusStore, tmp_path: Path) -> None:
    folder = small_youtube(tmp_path)
    store.import_files([folder / "df_comments.csv"])
    assert store.get_post("youtube:short00001a") is None  # a stub is not a post to show
    assert store.get_comment("youtube:UgxAAAA0001") is not None
    store.import_files([folder / "df_videos.csv"])
    post = store.get_post("youtube:short00001a")
    assert post is not None and post.views == 5000


def test_progress_reports_each_stage(store: CorpusStore, tmp_path: Path) -> None:
    seen: list[tuple[str, int, int | None]] = []
    store.import_files([small_youtube(tmp_path)], progress=lambda stage, done, total: seen.append((stage, done, total)))
    stages = [stage for stage, _done, _total in seen]
    assert stages[0] == "read" and "parse" in stages and "write" in stages
    assert ("embed posts", 5, 5) in seen and ("embed comments", 3, 3) in seen


def test_users_do_not_see_each_other(fake_services: Services, tmp_path: Path) -> None:
    alice = CorpusStore.open(fake_services, user="alice")
    bob = CorpusStore.open(fake_services, user="bob")
    alice.import_files([gesis_csv(tmp_path / "news.csv")])
    assert alice.counts()["posts"] == 2
    assert bob.counts() == {"creators": 0, "posts": 0, "comments": 0}
    assert bob.get_post("tiktok:1001") is None


def test_cli_import_json_shape_and_one_line_errors(
    settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setattr(Services, "embedder", property(lambda self: HashEmbedder()))
    folder = youtube_folder(tmp_path, videos=[video_row("good0000001", "Fine", 100), video_row("bad00000002", "Bad", -3)])
    assert main(["import", str(folder), "--json"], settings=settings) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["format"] == "youtube"
    assert payload["imported"] == {"creators": 1, "posts": 1, "comments": 0}
    assert payload["rejected"] == [{"source": f"{folder / 'df_videos.csv'}:3", "reason": "viewCount is negative (-3)"}]
    junk = tmp_path / "junk.csv"
    junk.write_bytes(bytes(range(256)) * 10)
    assert main(["import", str(junk)], settings=settings) == 2
    err = capsys.readouterr().err
    assert err.startswith("hookline: ") and "binary" in err and "Traceback" not in err and err.count("\n") == 1
