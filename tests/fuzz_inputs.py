"""Hypothesis strategies for bad uploads, in the shape of the real exports (no tests here).

Each strategy draws a `FuzzFile`: a file name (which decides the folder and so the YouTube
channel), its bytes, and for a generic CSV the `--map` to use. Rows start from the columns the
real exports have and get hostile values: counts that overflow, ISO durations of billions of
days, dates outside the calendar, lone surrogates, raw delimiters, quotes and line breaks,
deep nesting. The bytes are then written in one of several encodings or delimiters, and
sometimes cut short or spliced with noise, as files arrive from spreadsheets and failed
downloads.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from tests.test_corpus_helpers import COMMENT_HEADER, VIDEO_HEADER

GESIS_HEADER = [
    "V1_coder", "V2_video_link", "V3_news_outlet", "V4_country_of_origin", "V11_general_topic", "M1_video_id",
    "M3_create_time", "M4_like_count", "M5_view_count", "M6_comment_count", "M7_share_count", "M8_hashtags",
]
MAPPED_HEADER = ["video", "channel", "title", "views", "likes", "published", "comment", "duration"]
MAPPING = "post_id=video,creator=channel,title=title,views=views,likes=likes,published_at=published,text=comment,duration_s=duration"


@dataclass(frozen=True)
class FuzzFile:
    """One generated upload."""

    name: str
    """Relative path; YouTube CSV dumps live in a `data_<Channel>` folder as the real ones do."""
    data: bytes
    mapping: str | None = None

    def __repr__(self) -> str:  # hypothesis prints failing examples: keep them short enough to read
        return f"FuzzFile({self.name!r}, {self.data[:300]!r}{'...' if len(self.data) > 300 else ''}, {self.mapping!r})"


# ---------------------------------------------------------------- values

HOSTILE_STRINGS = [
    "", " ", "nan", "None", "null", "-1", "-5", "0", "1e400", "-1e400", "inf", "1,234", "3.5K", "2M", "9" * 25,
    "P99999999999999999999D", "PT99999999999999999999H", "P0D", "PT1H2M3S", "PT", "P", "12:34", "99999999:59:59",
    "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-01:00", "2024-02-30", "99999-01-01", "1700000000",
    "170000000000000", "-1700000000", "2024-08-09T22:00:02Z", "\ud800", "a\udc00b", "\ud83d", "\x00", "\ufeff",
    '"', '""', '"unterminated', "\r", "\n", "\r\n", ";", "|", "\t", ",", "<b>bold</b>", "&amp;quot;", "<br>",
    "['a', 'b']", "[[[[", "]]", "{", "#a #b", "caf\u00e9", "\u65e5\u672c\u8a9e", "\U0001f600", "x" * 3000,
]
_SURROGATE = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)


# Built once: hypothesis validates a strategy when first drawn, which is slow to repeat per example.
_PLAIN = st.text(max_size=30)
HOSTILE_TEXT: st.SearchStrategy[str] = st.one_of(
    st.sampled_from(HOSTILE_STRINGS), _PLAIN, st.tuples(_PLAIN, _SURROGATE, _PLAIN).map("".join)
)
HOSTILE_NUMBER: st.SearchStrategy[Any] = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(HOSTILE_STRINGS),
)
CELL: st.SearchStrategy[Any] = st.one_of(HOSTILE_TEXT, HOSTILE_NUMBER, st.booleans())
"""A CSV cell: text or a number, written as text."""
JSON_VALUE: st.SearchStrategy[Any] = st.recursive(
    st.one_of(st.none(), HOSTILE_TEXT, HOSTILE_NUMBER, st.booleans()),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(HOSTILE_TEXT, inner, max_size=3)),
    max_leaves=6,
)
"""A JSON field: also null, lists and objects where a string is expected."""


def deep(levels: int) -> str:
    """A placeholder that `json_bytes` turns into a string nested in `levels` lists: json.dumps
    itself cannot write nesting deeper than the recursion limit, and exports can."""
    return f"@@deep:{levels}@@"


def _expand_deep(text: str) -> str:
    while "@@deep:" in text:
        start = text.index('"@@deep:')
        end = text.index('@@"', start) + 3
        levels = int(text[start + 8 : end - 3])
        text = text[:start] + "[" * levels + '"x"' + "]" * levels + text[end:]
    return text


_DURATIONS = ["P99999999999999999999D", "PT99999999999999999999H", "PT" + "9" * 400 + "S", "P400D", "PT-5S",
              "99999999:59:59", "1:2:3:4", "P0D", "PT", "P1Y", "PT1H2M3S", "PT45S", "25"]
_DATES = ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-01:00", "2024-02-30", "99999-01-01", "0000-00-00",
          "1700000000", "170000000000000", "99999999999999999", "-1700000000", "2024-08-09T22:00:02Z", "yesterday"]
_FIELD_VALUES: tuple[tuple[tuple[str, ...], st.SearchStrategy[Any]], ...] = (
    (("duration",), st.one_of(st.sampled_from(_DURATIONS), HOSTILE_NUMBER)),
    (("publish", "time", "created", "date"), st.one_of(st.sampled_from(_DATES), HOSTILE_NUMBER)),
    (("count", "views", "likes", "upvotes", "M4_", "M5_", "M6_", "M7_", "Count"), HOSTILE_NUMBER),
)


@functools.cache  # one strategy per field name: building them per example is slow
def _hostile_for(key: str, values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Values aimed at what the field means (durations for a duration), or any hostile value."""
    for needles, aimed in _FIELD_VALUES:
        if any(needle in key for needle in needles):
            return st.one_of(aimed, values)
    return values


def _maybe(base: dict[str, Any], draw: st.DrawFn, values: st.SearchStrategy[Any]) -> dict[str, Any]:
    """A copy of `base` with some fields replaced by hostile values, some dropped."""
    row = dict(base)
    for key in list(row):
        roll = draw(st.integers(0, 9))
        if roll < 3:
            row[key] = draw(_hostile_for(key, values))
        elif roll == 3:
            del row[key]
    return row


# ---------------------------------------------------------------- bytes on disk

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "mixed")


def encode(text: str, encoding: str, rng: st.DrawFn) -> bytes:
    """`text` as bytes; "mixed" writes some lines as UTF-8 and others as Windows-1252."""
    if encoding == "mixed":
        lines = text.splitlines(keepends=True)
        return b"".join(
            line.encode("cp1252", errors="replace") if rng(st.booleans()) else line.encode("utf-8", errors="surrogatepass")
            for line in lines
        )
    errors = "surrogatepass" if encoding.startswith("utf-8") else "replace"
    return text.encode(encoding, errors=errors)


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """Sometimes cut short (a failed download) or spliced with random bytes."""
    roll = draw(st.integers(0, 9))
    if roll == 0 and data:
        return data[: draw(st.integers(1, len(data)))]
    if roll == 1:
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.binary(min_size=1, max_size=40)) + data[at:]
    return data


@st.composite
def csv_bytes(draw: st.DrawFn, header: list[str], rows: list[dict[str, Any]]) -> bytes:
    delimiter = draw(st.sampled_from([",", ",", ";", "\t", "|"]))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    columns = list(header)
    if draw(st.integers(0, 9)) == 0 and columns:
        columns.pop(draw(st.integers(0, len(columns) - 1)))  # a renamed or missing column
    writer.writerow(columns)
    for row in rows:
        cells = [row.get(column, "") for column in columns]
        if draw(st.integers(0, 14)) == 0:
            cells = cells[: draw(st.integers(0, len(cells)))]  # a short row
        writer.writerow(["" if cell is None else cell for cell in cells])
    text = buffer.getvalue()
    return draw(damaged(encode(text, draw(st.sampled_from(ENCODINGS)), draw)))


def json_bytes(value: Any, draw: st.DrawFn, *, lines: bool = False) -> bytes:
    ensure_ascii = draw(st.booleans())  # escapes (\\ud800) or raw characters
    if lines:
        text = "\n".join(json.dumps(item, ensure_ascii=ensure_ascii) for item in value) + "\n"
    else:
        text = json.dumps(value, ensure_ascii=ensure_ascii, indent=draw(st.sampled_from([None, 2])))
    text = _expand_deep(text)
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-16", "mixed"]))
    return draw(damaged(encode(text, encoding, draw)))


# ---------------------------------------------------------------- the exports


@st.composite
def youtube_csv(draw: st.DrawFn) -> FuzzFile:
    kind = draw(st.sampled_from(["videos", "comments", "transcripts"]))
    count = draw(st.integers(0, 6))
    if kind == "videos":
        base = {"videoId": "vid0000001", "title": "Hoodie drop", "publishedAt": "2024-05-01T10:00:00Z",
                "tags": "['a']", "viewCount": 100, "likeCount": 5, "commentCount": 1, "duration": "PT45S"}
        header, name = VIDEO_HEADER, "df_videos.csv"
    elif kind == "comments":
        base = {"comment_id": "Ugx001", "text": "Love it", "video_id": "vid0000001", "like_count": 3,
                "totalReplyCount": 0, "published_at": "2024-06-01T10:00:00Z", "author_channel_id": "UCa"}
        header, name = COMMENT_HEADER, "df_comments.csv"
    else:
        base = {"video_id": "vid0000001", "transcript": "we talk about hoodies"}
        header, name = ["video_id", "transcript"], "df_transcript.csv"
    rows = []
    for index in range(count):
        row = _maybe(base, draw, CELL)
        for key in ("videoId", "comment_id"):
            if key in row and row[key] == base[key]:
                row[key] = f"{base[key]}{index}"
        rows.append(row)
    return FuzzFile(f"data_Fuzz_Brand/{name}", draw(csv_bytes(header, rows)))


@st.composite
def tiktok_gesis_csv(draw: st.DrawFn) -> FuzzFile:
    base = {"V2_video_link": "https://www.tiktok.com/share/video/1001", "V3_news_outlet": "tagesschau",
            "V11_general_topic": "Wahl", "M1_video_id": "1001", "M3_create_time": "2023-02-16 15:36:28",
            "M4_like_count": "38.0", "M5_view_count": "680.0", "M6_comment_count": 1, "M7_share_count": 3,
            "M8_hashtags": "['news']"}
    rows = [_maybe({**base, "M1_video_id": f"10{index}"}, draw, CELL) for index in range(draw(st.integers(0, 6)))]
    return FuzzFile("gesis_tiktok.csv", draw(csv_bytes(GESIS_HEADER, rows)))


@st.composite
def mapped_csv(draw: st.DrawFn) -> FuzzFile:
    base = {"video": "p1", "channel": "Some Channel", "title": "A post", "views": 10, "likes": 2,
            "published": "2024-01-01", "comment": "nice", "duration": "PT30S"}
    rows = [_maybe({**base, "video": f"p{index}"}, draw, CELL) for index in range(draw(st.integers(0, 6)))]
    return FuzzFile("mapped_export.csv", draw(csv_bytes(MAPPED_HEADER, rows)), MAPPING)


@st.composite
def youtube_json(draw: st.DrawFn) -> FuzzFile:
    video = {"kind": "youtube#video", "id": "apiVideo001",
             "snippet": {"publishedAt": "2024-01-02T03:04:05Z", "channelId": "UCapichannel00000000000a",
                         "channelTitle": "Api Channel", "title": "Cooking", "tags": ["food"]},
             "contentDetails": {"duration": "PT10M"}, "statistics": {"viewCount": "1200", "likeCount": "80"}}
    comment = {"kind": "youtube#comment", "id": "Ugz001",
               "snippet": {"videoId": "apiVideo001", "textOriginal": "Great", "likeCount": 12,
                           "authorChannelId": {"value": "UCfan"}, "publishedAt": "2024-01-03T00:00:00Z"}}
    thread = {"kind": "youtube#commentThread", "id": "Ugz001",
              "snippet": {"videoId": "apiVideo001", "totalReplyCount": 1, "topLevelComment": comment},
              "replies": {"comments": [{**comment, "id": "Ugz001.r1"}]}}
    items = []
    for index in range(draw(st.integers(0, 4))):
        item = draw(st.sampled_from([video, thread, comment]))
        item = {**item, "id": f"{item['id']}{index}"}
        item = _maybe(item, draw, JSON_VALUE)
        if isinstance(item.get("snippet"), dict):
            item["snippet"] = _maybe(item["snippet"], draw, JSON_VALUE)
        items.append(item)
    if draw(st.integers(0, 19)) == 0:
        items.append(deep(draw(st.integers(50, 3000))))
    page = {"kind": "youtube#videoListResponse", "items": items}
    document = draw(st.sampled_from([page, [page], items]))
    return FuzzFile("youtube_api.json", json_bytes(document, draw))


@st.composite
def tiktok_json(draw: st.DrawFn) -> FuzzFile:
    base = {"id": "7000000000000000001", "text": "Morning routine #fyp", "createTime": 1700000000,
            "authorMeta": {"name": "barista_bob", "nickName": "Barista Bob"}, "videoMeta": {"duration": 25},
            "playCount": 15000, "diggCount": 900, "shareCount": 12, "commentCount": 40, "hashtags": [{"name": "fyp"}]}
    items: list[Any] = []
    for index in range(draw(st.integers(0, 5))):
        item = _maybe({**base, "id": f"70000000000000000{index}"}, draw, JSON_VALUE)
        if draw(st.integers(0, 14)) == 0:
            item["hashtags"] = deep(draw(st.integers(50, 1500)))
        items.append(item)
    document = draw(st.sampled_from([{"collector": items}, items]))
    return FuzzFile("tiktok_scraper.json", json_bytes(document, draw))


@st.composite
def reddit_jsonl(draw: st.DrawFn) -> FuzzFile:
    threads: list[Any] = []
    for index in range(draw(st.integers(1, 4))):
        comments: dict[str, Any] = {}
        for number in range(draw(st.integers(0, 3))):
            node = _maybe({"text": "So true", "author": "alice", "created": 1600000100, "upvotes": 2,
                           "replies": {}}, draw, JSON_VALUE)
            comments[f"c{index}_{number}"] = node
        if draw(st.integers(0, 14)) == 0:  # a reply chain thousands deep, as JSON nesting
            chain: dict[str, Any] = {}
            for level in range(draw(st.integers(10, 300))):
                chain = {f"d{index}_{level}": {"text": "deeper", "upvotes": 1, "replies": chain}}
            comments.update(chain)
        thread = _maybe({"sid": f"s{index}", "link": "/r/CollegeRant/comments/x/", "title": "Group projects",
                         "text": "Why?", "created": 1600000000, "upvotes": 50, "comments": comments}, draw, JSON_VALUE)
        if "sid" not in thread:
            thread["sid"] = draw(JSON_VALUE)
        threads.append(thread)
    if draw(st.integers(0, 9)) == 0:
        threads.append(draw(JSON_VALUE))
    return FuzzFile("reddit_threads.jsonl", json_bytes(threads, draw, lines=True))


def any_export() -> st.SearchStrategy[FuzzFile]:
    return st.one_of(youtube_csv(), tiktok_gesis_csv(), mapped_csv(), youtube_json(), tiktok_json(), reddit_jsonl())


# ---------------------------------------------------------------- brand-kit uploads


@functools.cache
def _sample_binaries() -> dict[str, bytes]:
    """A one-page PDF and a small PNG, made once, to be damaged."""
    from PIL import Image
    from pypdf import PdfWriter

    pdf, png = io.BytesIO(), io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": "Brand guide"})
    writer.write(pdf)
    Image.new("RGB", (8, 8), (200, 30, 30)).save(png, format="PNG")
    return {"pdf": pdf.getvalue(), "png": png.getvalue()}


@st.composite
def brand_upload(draw: st.DrawFn) -> FuzzFile:
    kind = draw(st.sampled_from(["txt", "md", "html", "csv", "json", "pdf", "png"]))
    if kind in ("pdf", "png"):
        data = _sample_binaries()[kind]
        at = draw(st.integers(0, len(data)))
        cut = data[:at] + draw(st.binary(max_size=30)) + data[at + draw(st.integers(0, 30)) :]
        return FuzzFile(f"brand_asset.{kind}", draw(st.sampled_from([data, cut, data[:at]])) or b"%")
    if kind == "csv":
        rows = [_maybe({"text": "We never use emojis.", "likes": 10, "views": 100}, draw, CELL)
                for _ in range(draw(st.integers(0, 5)))]
        return FuzzFile("brand_posts.csv", draw(csv_bytes(["text", "likes", "views"], rows)))
    if kind == "json":
        posts = [_maybe({"text": "Short, warm and direct.", "likes": 3}, draw, JSON_VALUE) for _ in range(draw(st.integers(0, 5)))]
        document: Any = draw(st.sampled_from([posts, {"posts": posts}]))
        if draw(st.integers(0, 9)) == 0:
            document = [document, deep(draw(st.integers(50, 100_000)))]
        return FuzzFile("brand_posts.json", json_bytes(document, draw))
    lines = draw(st.lists(st.one_of(st.sampled_from(["# Voice", "- Never use emojis", "> quote", "<p>Hi</p>", ""]),
                                    HOSTILE_TEXT), max_size=8))
    text = "\n".join(lines)
    return FuzzFile(f"brand_guide.{kind}", draw(damaged(encode(text, draw(st.sampled_from(ENCODINGS)), draw))))
