"""Imports that guess: the column guesser on real-export-shaped headers, and `hookline import`
showing the guess with the exact --map to run, or importing it with --yes.

The files are written here, shaped like the public exports (YouTube statistics datasets, TikTok
scrapers, Reddit dumps, YouTube Studio, spreadsheets saved by German and Spanish Excel)."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from core.errors import InputError
from core.services import Services
from core.settings import Settings
from hookline.cli import main
from tests.fakes import HashEmbedder
from tools.corpus.guess import Guess, GuessesToConfirm, guess_columns, shell_value
from tools.corpus.store import CorpusStore

VIDEOS = (
    "Video ID,Title,Published At,Keyword,Likes,Comments,Views\n"
    "wAZZ-UWGVHI,Apple Pay Is Killing the Physical Wallet,2022-08-23,tech,3407.0,672.0,135612.0\n"
    "b3x28s61q3c,The most EXPENSIVE thing I own.,2022-08-24,tech,76779.0,4306.0,1758063.0\n"
    "4mgePWWCAmA,My New House Gaming Setup is SICK!,2022-08-23,tech,63825.0,3338.0,1564007.0\n"
)
COMMENTS = (
    "Video ID,Comment,Likes,Sentiment\n"
    "wAZZ-UWGVHI,Let's not forget that Apple Pay in 2014 required a brand new iPhone,95.0,1.0\n"
    "wAZZ-UWGVHI,Here in NZ 50% of retailers don't even have contactless machines,19.0,0.0\n"
    "b3x28s61q3c,I love how Marques just sounds like a regular person,452.0,2.0\n"
)
TIKTOK = (
    "authorMeta/name,authorMeta/nickName,authorMeta/id,commentCount,createTime,createTimeISO,diggCount,"
    "hashtags/0/name,id,isAd,musicMeta/musicName,playCount,shareCount,text,videoMeta/duration,webVideoUrl\n"
    "baristabob,Barista Bob,6789012,12,1700000000,2023-11-14T22:13:20.000Z,1500,coffee,7300000000000000001,false,"
    "original sound,15000,30,Latte art in 10 seconds #coffee,15,https://www.tiktok.com/@baristabob/video/7300000000000000001\n"
    "baristabob,Barista Bob,6789012,3,1700100000,2023-11-16T02:00:00.000Z,90,coffee,7300000000000000002,false,"
    "original sound,800,1,Why my espresso tastes sour,75,https://www.tiktok.com/@baristabob/video/7300000000000000002\n"
)
REDDIT_POSTS = (
    "id,title,selftext,score,num_comments,created_utc,author,subreddit,url\n"
    "abc123,My professor hates me,Long story about a group project,50,2,1700000000,rantbot,CollegeRant,"
    "https://www.reddit.com/r/CollegeRant/comments/abc123/\n"
)
REDDIT_COMMENTS = (
    "id,author,body,score,created_utc,link_id,parent_id,subreddit,permalink\n"
    "c1,someone,Same thing happened to me last term,12,1700000100,t3_abc123,t3_abc123,CollegeRant,/r/CollegeRant/comments/abc123/x/c1/\n"
    "c2,other,Did you talk to the dean about it,3,1700000200,t3_abc123,t1_c1,CollegeRant,/r/CollegeRant/comments/abc123/x/c2/\n"
)


def _guess(text: str, name: str = "export.csv") -> Guess | None:
    return guess_columns(text, name, Path(name))


def _ignored(guess: Guess) -> dict[str, str]:
    return {item.shown: item.reason for item in guess.placements if not item.field}


# -- the guesser ---------------------------------------------------------------------------------


def test_a_youtube_statistics_dataset_is_guessed_column_by_column() -> None:
    videos = _guess(VIDEOS, "videos-stats.csv")
    assert videos is not None and videos.kind == "posts"
    assert videos.mapping == {
        "post_id": "Video ID", "title": "Title", "published_at": "Published At", "views": "Views",
        "likes": "Likes", "comments": "Comments", "tags": "Keyword",
    }
    assert list(_ignored(videos)) == []  # "Keyword" ("tech") is the video's tag: "the tech videos" find it
    assert videos.creator == "videos-stats"  # no column names the channel: the file's name does
    comments = _guess(COMMENTS, "comments.csv")
    assert comments is not None and comments.kind == "comments"
    assert comments.mapping == {"post_id": "Video ID", "text": "Comment", "likes": "Likes"}
    assert list(_ignored(comments)) == ["Sentiment"]
    assert comments.creator is None  # comments join posts; they create none


def test_the_pandas_index_column_of_the_real_dataset_is_ignored() -> None:
    text = ",Title,Video ID,Published At,Keyword,Likes,Comments,Views\n0,Apple Pay,wAZZ-UWGVHI,2022-08-23,tech,3407.0,672.0,135612.0\n"
    guess = _guess(text)
    assert guess is not None and guess.mapping["post_id"] == "Video ID"
    assert _ignored(guess) == {"(unnamed column 1)": "unnamed (row numbers?)"} and guess.mapping["tags"] == "Keyword"


def test_a_tiktok_scraper_export_maps_nested_names_and_its_text_is_the_caption() -> None:
    guess = _guess(TIKTOK)
    assert guess is not None and guess.kind == "posts"
    assert guess.mapping == {
        "post_id": "id", "creator": "authorMeta/name", "caption": "text", "published_at": "createTimeISO",
        "views": "playCount", "likes": "diggCount", "comments": "commentCount", "shares": "shareCount",
        "duration_s": "videoMeta/duration", "url": "webVideoUrl",
    }
    ignored = _ignored(guess)
    assert "authorMeta/id" in ignored and "hashtags/0/name" in ignored  # an id of the author is not the post's
    assert ignored["authorMeta/nickName"] == "also fits creator, which authorMeta/name has"
    assert guess.creator is None


def test_reddit_comments_keep_the_author_apart_from_the_creator() -> None:
    guess = _guess(REDDIT_COMMENTS)
    assert guess is not None
    assert guess.mapping == {
        "post_id": "link_id", "comment_id": "id", "parent_id": "parent_id", "creator": "subreddit", "text": "body",
        "author": "author", "published_at": "created_utc", "likes": "score",
    }
    assert guess.kind == "comments" and "permalink" in _ignored(guess)
    posts = _guess(REDDIT_POSTS)
    assert posts is not None and posts.kind == "posts"
    assert posts.mapping["creator"] == "subreddit" and posts.mapping["caption"] == "selftext"
    assert posts.mapping["comments"] == "num_comments" and posts.mapping["likes"] == "score"
    assert "author" in _ignored(posts)


def test_sample_values_decide_between_numbers_text_and_ids() -> None:
    text = "video_id,comment,likes,published\nv1,12,lots,yesterday\nv2,7,many,last week\n"
    guess = _guess(text)
    assert guess is None  # the comment column holds numbers, so there is no text to import
    wordy = "video_id,comment,likes,published\nv1,Great video,lots,yesterday\nv2,Thanks a lot,many,last week\n"
    guess = _guess(wordy)
    assert guess is not None and guess.mapping == {"post_id": "video_id", "text": "comment"}
    ignored = _ignored(guess)
    assert ignored["likes"] == "named like likes, but its values are not numbers, e.g. 'lots'"
    assert ignored["published"].startswith("named like published_at, but its values are not dates")
    studio = "Content,Video title,Views\nTotal,,1200\nwAZZ-UWGVHI,Apple Pay,1000\nb3x28s61q3c,Setup,200\n"
    guess = _guess(studio)  # YouTube Studio names the video id column Content
    assert guess is not None and guess.mapping == {"post_id": "Content", "title": "Video title", "views": "Views"}


def test_near_misses_and_other_spellings() -> None:
    guess = _guess("VideoId;Titel;Veiws;publishd_at;LIKE_COUNT\nx1;Hallo Welt;10;2024-01-01;3\n")
    assert guess is not None
    assert guess.mapping == {
        "post_id": "VideoId", "title": "Titel", "published_at": "publishd_at", "views": "Veiws", "likes": "LIKE_COUNT",
    }


def test_files_that_cannot_be_guessed_get_an_example_from_their_own_columns(fake_services: Services, tmp_path: Path) -> None:
    assert _guess("foo,bar\n1,2\n") is None
    assert _guess("Likes,Sentiment\n3,1.0\n") is None  # nothing ties a row to a post
    path = tmp_path / "numbers.csv"
    path.write_text("code,label,score\nA1,first thing,0.5\nB2,second thing,0.7\n", encoding="utf-8")
    store = CorpusStore.open(fake_services)
    try:
        with pytest.raises(InputError) as raised:
            store.import_files([path])
    finally:
        store.close()
    assert not isinstance(raised.value, GuessesToConfirm)
    message = str(raised.value)
    assert "Cannot tell what" in message and "(columns: code, label, score)" in message
    assert "--map post_id=code,title=label,likes=score --creator NAME" in message


@pytest.mark.parametrize("column", ["Video ID", "Título", "it's \"odd\"", "$price", "plain_name", "a=b"])
def test_map_values_survive_the_shell(column: str) -> None:
    word = f"title={shell_value(column)}"
    assert shlex.split(word) == [f"title={column}"]


# -- spreadsheets re-saved by Excel --------------------------------------------------------------


def test_a_german_excel_csv_with_a_bom_imports_with_yes(fake_services: Services, tmp_path: Path) -> None:
    text = (
        "Video-ID;Titel;Veröffentlicht am;Aufrufe;Gefällt mir;Kommentare;Kanal\r\n"
        "v1;Über Kaffee;23.08.2022;1.234;56;7;Café Müller\r\n"
        "v2;Milchschaum in 30 Sekunden;24.08.2022 18:30;987;12;0;Café Müller\r\n"
    )
    path = tmp_path / "Videos.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    store = CorpusStore.open(fake_services)
    try:
        with pytest.raises(GuessesToConfirm) as raised:
            store.import_files([path])
        guess = raised.value.asked[0].guess
        assert guess.mapping == {
            "post_id": "Video-ID", "creator": "Kanal", "title": "Titel", "published_at": "Veröffentlicht am",
            "views": "Aufrufe", "likes": "Gefällt mir", "comments": "Kommentare",
        }
        assert store.counts()["posts"] == 0
        report = store.import_files([path], accept_guess=True)
        assert report.rejected == [] and report.imported.posts == 2
        post = store.get_post("csv:v1")
        assert post is not None and post.title == "Über Kaffee" and post.creator == "Café Müller"
        assert post.views == 1234 and post.likes == 56 and post.comments == 7  # 1.234 is a thousand and more
        assert post.published_at is not None and post.published_at.isoformat() == "2022-08-23T00:00:00+00:00"
        assert store.get_post("csv:v2").published_at.hour == 18  # type: ignore[union-attr]
    finally:
        store.close()


def test_a_spanish_excel_csv_in_windows_1252_imports_with_yes(fake_services: Services, tmp_path: Path) -> None:
    text = (
        "ID del vídeo;Título;Fecha de publicación;Visualizaciones;Me gusta;Comentarios\r\n"
        "es1;Paella rápida;2022-08-23;1500;80;4\r\n"
        "es2;Tortilla de patatas;2022-08-25;900;31;2\r\n"
    )
    path = tmp_path / "canal_cocina.csv"
    path.write_bytes(text.encode("cp1252"))
    store = CorpusStore.open(fake_services)
    try:
        report = store.import_files([path], accept_guess=True)
        assert report.imported.posts == 2 and report.rejected == []
        post = store.get_post("csv:es1")
        assert post is not None and post.title == "Paella rápida" and post.views == 1500 and post.likes == 80
        assert post.creator == "canal cocina"  # named after the file, and the report says so
        assert any("filed under 'canal cocina'" in note for note in report.notes)
    finally:
        store.close()


def test_a_youtube_studio_export_skips_its_totals_row(fake_services: Services, tmp_path: Path) -> None:
    path = tmp_path / "Table data.csv"
    path.write_text(
        "Content,Video title,Video publish time,Duration,Views,Watch time (hours),Impressions\n"
        "Total,,,,1200,80.5,5000\n"
        'wAZZ-UWGVHI,Apple Pay explained,"Aug 23, 2022",301,1000,70.1,4000\n'
        'b3x28s61q3c,My desk setup,"Aug 24, 2022",45,200,10.4,1000\n',
        encoding="utf-8",
    )
    store = CorpusStore.open(fake_services)
    try:
        report = store.import_files([path], fmt="csv", creator="My Channel", accept_guess=True)
        assert report.imported.posts == 2 and report.rejected == []
        assert report.skipped == [f"{path}:2: a totals row (Total), not a post"]
        assert store.get_post("csv:Total") is None
        setup = store.get_post("csv:b3x28s61q3c")
        assert setup is not None and setup.format == "short" and setup.duration_s == 45 and setup.views == 200
        assert setup.published_at is None  # "Aug 24, 2022" is not read as a date: the column was left out
    finally:
        store.close()


def test_a_near_miss_of_a_known_layout_says_so_and_offers_the_guess(fake_services: Services, tmp_path: Path) -> None:
    path = tmp_path / "renamed.csv"
    path.write_text("videoId,title,views\nabc,Hi there,10\n", encoding="utf-8")
    store = CorpusStore.open(fake_services)
    try:
        with pytest.raises(GuessesToConfirm, match="looks like a youtube videos export but lacks the column") as raised:
            store.import_files([path])
        assert raised.value.asked[0].guess.mapping == {"post_id": "videoId", "title": "title", "views": "views"}
        with pytest.raises(InputError, match="is not a youtube export Hookline knows"):
            store.import_files([path], fmt="youtube", accept_guess=True)
        assert store.import_files([path], accept_guess=True, creator="Me").imported.posts == 1
    finally:
        store.close()


# -- the command line ----------------------------------------------------------------------------


@pytest.fixture
def kaggle(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "kag"
    folder.mkdir()
    videos, comments = folder / "videos-stats.csv", folder / "comments.csv"
    videos.write_text(VIDEOS, encoding="utf-8")
    comments.write_text(COMMENTS, encoding="utf-8")
    return videos, comments


@pytest.fixture
def cli_settings(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setattr(Services, "embedder", property(lambda self: HashEmbedder()))
    return settings


def _counts(settings: Settings) -> dict[str, int]:
    services = Services(settings)  # the embedder is a HashEmbedder (cli_settings)
    store = CorpusStore.open(services)
    try:
        return store.counts()
    finally:
        store.close()
        services.close()


def test_the_cli_shows_the_guess_and_the_exact_commands_and_imports_nothing(
    cli_settings: Settings, kaggle: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    videos, comments = kaggle
    assert main(["import", str(comments), str(videos)], settings=cli_settings) == 2
    out, err = capsys.readouterr()
    assert "  Video ID      -> post_id       the post's id (comments join their post by it)" in out
    assert any(line.startswith("  Keyword") and "-> tags" in line for line in out.splitlines())
    assert "  Comment    -> text     the comment's text" in out
    assert "  Sentiment     (ignored: no Hookline field for it)" in out
    lines = out.splitlines()
    assert f"  hookline import {comments} {videos} --yes" in lines
    by_hand = [line.strip() for line in lines if " --map " in line]
    assert by_hand == [  # posts first, so that the comments find them
        f'hookline import {videos} --map post_id="Video ID",title=Title,tags=Keyword,published_at="Published At",'
        "views=Views,likes=Likes,comments=Comments --creator videos-stats",
        f'hookline import {comments} --map post_id="Video ID",text=Comment,likes=Likes',
    ]
    assert err.startswith("hookline: nothing was imported") and "--yes" in err
    assert _counts(cli_settings) == {"creators": 0, "posts": 0, "comments": 0}
    # The printed commands run as printed, in order.
    for line in by_hand:
        argv = shlex.split(line)
        assert argv[0] == "hookline"
        assert main(argv[1:], settings=cli_settings) == 0
    out = capsys.readouterr().out
    assert "comments: 3 on posts imported before." in out
    assert _counts(cli_settings) == {"creators": 1, "posts": 3, "comments": 3}


def test_the_cli_imports_the_guess_with_yes_and_says_what_it_did(
    cli_settings: Settings, kaggle: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    videos, comments = kaggle
    assert main(["import", str(videos), str(comments), "--yes"], settings=cli_settings) == 0
    out = capsys.readouterr().out
    assert out.startswith("Imported csv: 1 creator(s), 3 post(s), 3 comment(s) (3 posts and 3 comments new;")
    assert f"note: {videos} names no creator: its posts are filed under 'videos-stats'" in out
    assert "comments: 3 on posts of this import." in out
    assert _counts(cli_settings) == {"creators": 1, "posts": 3, "comments": 3}


def test_an_explicit_map_wins_over_the_guess(
    cli_settings: Settings, kaggle: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    videos, _comments = kaggle
    argv = ["import", str(videos), "--map", "post_id=Video ID,title=Keyword,views=Views", "--creator", "Tech", "--json"]
    assert main(argv, settings=cli_settings) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["imported"] == {"creators": 1, "posts": 3, "comments": 0} and payload["notes"] == []
    services = Services(cli_settings)
    store = CorpusStore.open(services)
    try:
        post = store.get_post("csv:wAZZ-UWGVHI")
        assert post is not None and post.title == "tech" and post.likes is None and post.creator == "Tech"
    finally:
        store.close()
        services.close()


def test_the_cli_guess_as_json(cli_settings: Settings, kaggle: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    _videos, comments = kaggle
    assert main(["import", str(comments), "--json", "--creator", "Tech Reviews"], settings=cli_settings) == 2
    payload = json.loads(capsys.readouterr().out)
    assert payload["imported"] is False
    [guess] = payload["guesses"]
    assert guess["kind"] == "comments" and guess["mapping"] == {"post_id": "Video ID", "text": "Comment", "likes": "Likes"}
    assert guess["ignored"] == [{"column": "Sentiment", "reason": "no Hookline field for it"}]
    assert guess["command"] == f"hookline import {comments} --map post_id=\"Video ID\",text=Comment,likes=Likes --creator 'Tech Reviews'"
    assert payload["command"] == f"hookline import {comments} --creator 'Tech Reviews' --yes"


def test_known_layouts_still_import_without_a_guess(cli_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.test_corpus_helpers import small_youtube

    assert main(["import", str(small_youtube(tmp_path))], settings=cli_settings) == 0
    out = capsys.readouterr().out
    assert out.startswith("Imported youtube: 1 creator(s), 5 post(s), 3 comment(s)")
    assert "note:" not in out and "comments:" not in out


def test_the_cli_summary_counts_comments_whose_post_is_missing(
    cli_settings: Settings, kaggle: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _videos, comments = kaggle
    assert main(["import", str(comments), "--yes"], settings=cli_settings) == 1  # nothing imported, rows rejected
    out, err = capsys.readouterr()
    assert "comments: none imported; 3 rejected because their post is not imported" in out
    assert "3 row(s) rejected:" in err and f"{comments}:4: its post b3x28s61q3c is not in this import or an earlier one" in err
    assert main(["import", str(comments), "--yes", "--creator", "Tech"], settings=cli_settings) == 0
    assert "comments: 3 on stub posts until their posts are imported." in capsys.readouterr().out


# -- a guess corrected by the user (the chat's "Change a column") -----------------------------------


def test_a_correction_moves_a_field_leaves_one_out_or_names_the_creator() -> None:
    videos = _guess(VIDEOS, "videos-stats.csv")
    assert videos is not None
    moved = videos.changed("caption=keyword")  # column names match without regard to case
    assert moved.mapping["caption"] == "Keyword" and "tags" not in moved.mapping and "Keyword" not in _ignored(moved)
    left_out = videos.changed("likes=")
    assert "likes" not in left_out.mapping and _ignored(left_out)["Likes"] == "left out by you"
    named = videos.changed("creator = Marques")
    assert named.creator == "Marques" and "creator" not in named.mapping
    assert named.changed("views=Likes").mapping["views"] == "Likes"  # a column holds one field at a time
    assert "likes" not in named.changed("views=Likes").mapping


def test_a_correction_that_names_no_real_column_or_field_says_what_there_is() -> None:
    videos = _guess(VIDEOS, "videos-stats.csv")
    assert videos is not None
    with pytest.raises(InputError, match="has no column 'Total views'. Its columns: Video ID, Title"):
        videos.changed("views=Total views")
    with pytest.raises(InputError, match="'watchers' is not a field Hookline imports"):
        videos.changed("watchers=Views")
    with pytest.raises(InputError, match="field=column"):
        videos.changed("Views")


def test_an_import_reads_a_file_through_the_guess_the_user_corrected(fake_services: Services, tmp_path: Path) -> None:
    path = tmp_path / "videos-stats.csv"
    path.write_text(VIDEOS, encoding="utf-8")
    store = CorpusStore.open(fake_services)
    try:
        with pytest.raises(GuessesToConfirm) as asked:
            store.import_files([path])
        corrected = asked.value.asked[0].guess.changed("creator=Marques").changed("likes=")
        report = store.import_files([path], guesses={str(path): corrected})
        assert report.imported.posts == 3 and report.rejected == []
        post = store.get_post("csv:b3x28s61q3c")
        assert post is not None and post.creator == "Marques" and post.likes is None and post.views == 1758063
    finally:
        store.close()
