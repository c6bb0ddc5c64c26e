"""Each bad input found by probing the importers (issue 18) becomes a rejected row with its
`file:line`, a warning, or a message; never a traceback, never silently wrong data.

Every test writes its own small file in the shape of the real exports.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from core.errors import InputError
from core.services import Services
from tests.test_corpus_helpers import (
    COMMENT_HEADER,
    VIDEO_HEADER,
    comment_row,
    video_row,
    write_csv,
)
from tools.brandkit.sources import read_upload
from tools.corpus.detect import detect
from tools.corpus.encoding import decode
from tools.corpus.files import read_source
from tools.corpus.parsing import ParseContext, ParsedFile
from tools.corpus.store import CorpusStore


@pytest.fixture
def store(fake_services: Services) -> CorpusStore:
    opened = CorpusStore.open(fake_services)
    yield opened
    opened.close()


def _csv_text(header: list[str], rows: list[list[object]], delimiter: str = ",") -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    if header:
        writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _parse(path: Path) -> ParsedFile:
    """What `hookline import` parses from one file, before any store is touched."""
    ctx = ParseContext(display=str(path), path=path, pseudonymise=lambda author: author)
    found = detect(read_source(path), ctx)
    assert found.parse is not None
    return found.parse()


# ---------------------------------------------------------------- values a store cannot hold


def test_an_absurd_iso_duration_rejects_its_row_with_the_line(store: CorpusStore, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "data_Dur_Brand" / "df_videos.csv", VIDEO_HEADER, [
        video_row("okvideo0001", "A normal video", 100, "PT45S"),
        video_row("badvideo001", "Corrupt duration", 100, "P99999999999999999999D"),
        video_row("badvideo002", "Overflowing seconds", 100, "PT" + "9" * 400 + "S"),
    ])
    report = store.import_files([path])
    assert report.imported.posts == 1
    assert [rejection.source for rejection in report.rejected] == [f"{path}:3", f"{path}:4"]
    assert "longer than a year" in report.rejected[0].reason
    assert store.get_post("youtube:badvideo001") is None and store.get_post("youtube:okvideo0001") is not None


def test_one_out_of_range_date_rejects_that_row_not_the_file(store: CorpusStore, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "data_Date_Brand" / "df_videos.csv", VIDEO_HEADER, [
        video_row("datevideo01", "Fine", 100),
        video_row("datevideo02", "Before year one in UTC", 100, published="0001-01-01T00:00:00+05:00"),
        video_row("datevideo03", "After 9999 in UTC", 100, published="9999-12-31T23:59:59-01:00"),
        video_row("datevideo04", "Fine too", 100),
    ])
    report = store.import_files([path])
    assert report.imported.posts == 2
    assert [str(rejection) for rejection in report.rejected] == [
        f"{path}:3: publishedAt '0001-01-01T00:00:00+05:00' is out of the range of dates",
        f"{path}:4: publishedAt '9999-12-31T23:59:59-01:00' is out of the range of dates",
    ]


def test_lone_surrogates_in_json_become_replacement_characters_with_a_warning(store: CorpusStore, tmp_path: Path) -> None:
    path = tmp_path / "threads.jsonl"
    threads = [
        {"sid": "surr1", "link": "/r/Fuzz/comments/surr1/", "title": "Half an emoji \ud83d here", "created": 1600000000,
         "upvotes": 3, "comments": {"sc1": {"text": "broken \udc00 text", "author": "a\ud800b", "upvotes": 1}}},
        {"sid": "surr2", "link": "/r/Fuzz/comments/surr2/", "title": "A whole emoji \U0001f600", "created": 1600000000,
         "upvotes": 3, "comments": {}},
    ]
    path.write_text("\n".join(json.dumps(thread) for thread in threads) + "\n", encoding="utf-8")
    parsed = _parse(path)
    assert parsed.warnings == [
        f"{path}: line(s) 1 held broken characters (lone UTF-16 surrogates); they were replaced by \ufffd."
    ]
    report = store.import_files([path])
    assert report.rejected == [] and report.imported.comments == 1
    post = store.get_post("reddit:surr1")
    assert post is not None and post.title == "Half an emoji \ufffd here"
    comment = store.get_comment("reddit:sc1")
    assert comment is not None and comment.text == "broken \ufffd text"
    emoji = store.get_post("reddit:surr2")
    assert emoji is not None and emoji.title == "A whole emoji \U0001f600"  # a valid pair is kept


def test_lone_surrogates_in_a_json_document_are_reported_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "tiktok.json"
    items = [{"id": "7000000000000000009", "text": "caption \ud800", "authorMeta": {"name": "bob"}, "playCount": 5}]
    path.write_text(json.dumps({"collector": items}, indent=2), encoding="utf-8")
    parsed = _parse(path)
    assert parsed.posts["tiktok:7000000000000000009"].caption == "caption \ufffd"
    assert len(parsed.warnings) == 1 and "line(s) 5" in parsed.warnings[0] and str(path) in parsed.warnings[0]


def test_json_nested_a_hundred_thousand_deep_is_a_message(store: CorpusStore, tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(InputError, match="nested too deeply"):
        store.import_files([path])
    lines = tmp_path / "deep.jsonl"
    good = {"sid": "ok1", "link": "/r/Fuzz/comments/ok1/", "title": "fine", "comments": {}}
    lines.write_text(json.dumps(good) + "\n" + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    report = store.import_files([lines])
    assert report.imported.posts == 1
    assert [rejection.source for rejection in report.rejected] == [f"{lines}:2"]
    assert "nested too deeply" in report.rejected[0].reason


def test_brand_json_nested_a_hundred_thousand_deep_is_a_message(tmp_path: Path) -> None:
    path = tmp_path / "posts.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(InputError, match="posts.json is nested too deeply"):
        read_upload(path)


def test_brand_json_with_lone_surrogates_reads_as_storable_text(tmp_path: Path) -> None:
    path = tmp_path / "posts.json"
    path.write_text(json.dumps([{"text": "We keep it short \ud800 and warm", "likes": 4}]), encoding="utf-8")
    document = read_upload(path)
    assert [block.text for block in document.blocks] == ["We keep it short \ufffd and warm"]
    document.text.encode("utf-8")


# ---------------------------------------------------------------- encodings


def test_a_file_mixing_utf8_and_latin1_keeps_both_and_names_the_lines(store: CorpusStore, tmp_path: Path) -> None:
    folder = tmp_path / "data_Mixed_Brand"
    folder.mkdir()
    lines = [
        _csv_text(VIDEO_HEADER, []).encode("utf-8"),
        _csv_text([], [video_row("mixvideo001", "Café con leche", 10)]).encode("utf-8"),
        _csv_text([], [video_row("mixvideo002", "Olé, señor", 10)]).encode("latin-1"),
        _csv_text([], [video_row("mixvideo003", "Über alles", 10)]).encode("utf-8"),
        _csv_text([], [video_row("mixvideo004", "Crème brûlée", 10)]).encode("cp1252"),
    ]
    path = folder / "df_videos.csv"
    path.write_bytes(b"".join(lines))
    parsed = _parse(path)
    assert len(parsed.warnings) == 1
    assert parsed.warnings[0].startswith(f"{path} mixes UTF-8 with another encoding: line(s) 3, 5 are not UTF-8")
    store.import_files([path])
    titles = [store.get_post(f"youtube:mixvideo00{number}").title for number in range(1, 5)]  # type: ignore[union-attr]
    assert titles == ["Café con leche", "Olé, señor", "Über alles", "Crème brûlée"]


def test_decoding_line_by_line_keeps_line_numbers_and_utf8_text() -> None:
    data = b"a,b\n" + "1,€ ok\n".encode() + "2,naïve\n".encode("cp1252") + b"3,plain\n" + "4,Ærø\n".encode("cp1252")
    decoded = decode(data)
    assert decoded.text == "a,b\n1,€ ok\n2,naïve\n3,plain\n4,Ærø\n"
    assert decoded.legacy_lines == (3, 5) and decoded.mixed
    pure = decode("naïve café\nrésumé\n".encode("cp1252"))
    assert pure.encoding == "cp1252" and not pure.mixed and pure.text == "naïve café\nrésumé\n"
    assert decode("plain utf-8 é\n".encode()).warning("f") is None


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_exports_are_read_not_refused_as_binary(store: CorpusStore, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "data_Wide_Brand" / "df_videos.csv"
    path.parent.mkdir()
    text = _csv_text(VIDEO_HEADER, [video_row("widevideo01", "日本語のタイトル, Привет", 10), video_row("widevideo02", "Ünïcode", 5)])
    path.write_bytes(text.encode(encoding))
    report = store.import_files([path])
    assert report.imported.posts == 2 and report.rejected == []
    post = store.get_post("youtube:widevideo01")
    assert post is not None and post.title == "日本語のタイトル, Привет"


def test_a_utf16_file_in_a_non_latin_script_without_a_bom_is_read() -> None:
    text = "video_id,transcript\nabc,今日は良い天気ですね。私たちはパーカーについて話します。\n"
    assert decode(text.encode("utf-16-le")).text == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_brand_text_in_utf16_is_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "guide.txt"
    path.write_bytes("Wir schreiben kurz.\n\nKeine Emojis, nie.\n\nGrüße an alle.\n".encode(encoding))
    assert [block.text for block in read_upload(path).blocks] == ["Wir schreiben kurz.", "Keine Emojis, nie.", "Grüße an alle."]


def test_real_binary_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(InputError, match="binary"):
        read_source(path)


# ---------------------------------------------------------------- delimiters


@pytest.mark.parametrize("delimiter", [";", "\t", "|", ","])
def test_semicolon_tab_and_pipe_csvs_are_read(store: CorpusStore, tmp_path: Path, delimiter: str) -> None:
    folder = tmp_path / "data_Delim_Brand"
    (folder).mkdir()
    videos = folder / "df_videos.csv"
    videos.write_text(_csv_text(VIDEO_HEADER, [video_row("delimvideo1", "Hoodies, jackets; and more", 100)], delimiter), encoding="utf-8")
    comments = folder / "df_comments.csv"
    comments.write_text(
        _csv_text(COMMENT_HEADER, [comment_row("UgxDelim0001", "so soft; so warm, really", "delimvideo1", likes=4)], delimiter),
        encoding="utf-8",
    )
    report = store.import_files([folder])
    assert report.rejected == []
    assert report.imported.posts == 1 and report.imported.comments == 1
    comment = store.get_comment("youtube:UgxDelim0001")
    assert comment is not None and comment.text == "so soft; so warm, really" and comment.likes == 4


def test_a_semicolon_csv_works_with_map_too(store: CorpusStore, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("video;channel;title;views\np1;Acme;Ein Titel, mit Komma;1.234\n", encoding="utf-8")
    report = store.import_files([path], mapping="post_id=video,creator=channel,title=title,views=views")
    assert report.imported.posts == 1 and report.rejected == []


def test_a_single_column_file_gets_advice_that_can_work(store: CorpusStore, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("video^channel^title\np1^Acme^Hello\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        store.import_files([path])
    message = str(error.value)
    assert "single column" in message and "commas, semicolons, tabs or pipes" in message


def test_brand_posts_csv_with_semicolons_is_read(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    path.write_text("caption;likes\nShort, warm and direct;12\nNo emojis, ever;7\n", encoding="utf-8")
    blocks = read_upload(path).blocks
    assert [(block.text, block.metrics) for block in blocks] == [
        ("Short, warm and direct", {"likes": 12.0}),
        ("No emojis, ever", {"likes": 7.0}),
    ]


# ---------------------------------------------------------------- truncation and empty results


def test_a_transcripts_csv_cut_short_rejects_its_last_row(tmp_path: Path) -> None:
    path = tmp_path / "data_Cut_Brand" / "df_transcript.csv"
    path.parent.mkdir()
    full = "we talk about building a clothing brand from nothing " * 20
    path.write_text(f'video_id,transcript\nvid0000001,"short and complete"\nvid0000002,"{full[:201]}', encoding="utf-8")
    parsed = _parse(path)
    assert [post_id for post_id, _text, _source in parsed.transcripts] == ["youtube:vid0000001"]
    assert [rejection.source for rejection in parsed.rejected] == [f"{path}:3"]
    assert "never closes before the end of the file (was the file cut short" in parsed.rejected[0].reason


def test_a_quoted_last_row_that_is_complete_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "data_Whole_Brand" / "df_transcript.csv"
    path.parent.mkdir()
    path.write_text('video_id,transcript\nvid0000001,"line one\nline two, ""quoted"""', encoding="utf-8")
    parsed = _parse(path)
    assert parsed.rejected == [] and parsed.transcripts[0][1] == 'line one line two, "quoted"'


def test_a_file_whose_rows_are_all_rejected_carries_no_creator(store: CorpusStore, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "data_Ghost_Brand" / "df_videos.csv", VIDEO_HEADER, [
        video_row("ghostvideo1", "Bad views", "many"),
        video_row("ghostvideo2", "Bad duration", 10, "P99999999999999999999D"),
    ])
    assert _parse(path).creators == {}
    report = store.import_files([path])
    assert report.imported.model_dump() == {"creators": 0, "posts": 0, "comments": 0} and len(report.rejected) == 2
    assert store.counts()["creators"] == 0
