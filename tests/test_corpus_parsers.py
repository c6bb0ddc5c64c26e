"""Property-based tests for the parsers: any input gives records or row reports, never a crash."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import InputError
from tests.test_corpus_helpers import VIDEO_HEADER, video_row
from tools.corpus import mapped, reddit, tiktok, youtube
from tools.corpus.detect import detect
from tools.corpus.files import SourceText
from tools.corpus.parsing import ParseContext

CTX = ParseContext(display="f.csv", path=Path("/data/data_Some_Channel/f.csv"), pseudonymise=lambda author: author and "x")
PARSERS = [youtube.parse_videos_csv, youtube.parse_comments_csv, youtube.parse_transcripts_csv, tiktok.parse_gesis_csv]
FIELD_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
COUNT = st.one_of(st.integers(min_value=-5, max_value=10**9), st.floats(allow_nan=True, allow_infinity=True), FIELD_TEXT)


def _csv(header: list[str], rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


@settings(database=None, max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=600))
def test_any_text_given_to_a_csv_parser_is_records_reports_or_a_clear_error(text: str) -> None:
    for parser in PARSERS:
        try:
            parsed = parser(text, CTX)
        except InputError:
            continue
        for rejection in parsed.rejected:
            assert rejection.source.startswith("f.csv:") and rejection.reason


@settings(database=None, max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.text(alphabet="abcdefghijk0123456789", min_size=1, max_size=11), FIELD_TEXT, COUNT, COUNT), max_size=12))
def test_every_video_row_becomes_a_post_or_a_report(rows: list[tuple[str, str, object, object]]) -> None:
    text = _csv(VIDEO_HEADER, [video_row(vid, title, views, likes=likes) for vid, title, views, likes in rows])
    parsed = youtube.parse_videos_csv(text, CTX)
    assert len(parsed.posts) + len(parsed.rejected) == len(rows)
    for post in parsed.posts.values():
        assert post.views is None or post.views >= 0
        assert post.creator == "Some Channel" and post.format in ("short", "long")


@settings(database=None, max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=10**6)), min_size=1, max_size=10))
def test_views_survive_the_round_trip_as_ints_and_floats(rows: list[tuple[int, int]]) -> None:
    text = _csv(VIDEO_HEADER, [video_row(f"v{index}", "t", f"{views}.0" if index % 2 else views, likes=likes)
                                for index, (views, likes) in enumerate(rows)])
    parsed = youtube.parse_videos_csv(text, CTX)
    assert [post.views for post in parsed.posts.values()] == [views for views, _likes in rows]
    assert [post.likes for post in parsed.posts.values()] == [likes for _views, likes in rows]


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)),
    max_leaves=20,
)


@settings(database=None, max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(JSON_VALUES, min_size=1, max_size=5))
def test_reddit_lines_of_any_json_are_threads_or_reports(values: list[object]) -> None:
    text = "\n".join(json.dumps(value) for value in values)
    parsed = reddit.parse_threads(text, CTX)
    outcomes = {source.split(":")[1] for source in parsed.post_sources.values()}
    outcomes |= {rejection.source.split(":")[1] for rejection in parsed.rejected}
    assert outcomes == {str(line) for line in range(1, len(values) + 1)}  # every line: a thread or a report


@settings(database=None, max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.dictionaries(st.sampled_from(["text", "upvotes", "author", "created", "replies", "x"]), JSON_VALUES, max_size=5), max_size=5))
def test_reddit_comment_trees_of_any_shape_never_crash(nodes: list[dict[str, object]]) -> None:
    thread = {"sid": "s1", "link": "/r/Test/comments/s1/x/", "title": "t", "created": 1600000000, "upvotes": 1,
              "comments": {f"k{index}": node for index, node in enumerate(nodes)}}
    parsed = reddit.parse_threads(json.dumps(thread), CTX)
    assert len(parsed.comments) + len(parsed.rejected) >= len(nodes)
    for comment in parsed.comments.values():
        assert comment.likes >= 0 and comment.text


@settings(database=None, max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON_VALUES)
def test_detection_of_any_json_document_is_a_format_or_a_clear_error(value: object) -> None:
    text = json.dumps(value)
    try:
        found = detect(SourceText(CTX.path, text, "utf-8"), CTX)
    except InputError:
        return
    assert found.parse is not None
    try:
        found.parse()
    except InputError:
        pass


@settings(database=None, max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(FIELD_TEXT, min_size=3, max_size=3), max_size=8))
def test_mapped_csv_rows_become_records_or_reports(rows: list[list[str]]) -> None:
    text = _csv(["id", "who", "says"], rows)
    ctx = ParseContext("f.csv", CTX.path, CTX.pseudonymise, mapping=mapped.parse_mapping("post_id=id,creator=who,text=says"))
    parsed = mapped.parse_mapped_csv(text, ctx)
    assert len(parsed.comments) + len(parsed.rejected) == len(rows)  # every row: a comment or a report
    for comment in parsed.comments.values():
        assert comment.post_id.startswith("csv:") and comment.text


def test_mapping_validation_names_the_problem() -> None:
    with pytest.raises(InputError, match="not FIELD=COLUMN"):
        mapped.parse_mapping("views")
    with pytest.raises(InputError, match="unknown field"):
        mapped.parse_mapping("viewz=v")
    assert mapped.parse_mapping("post_id=v,likes=l") == {"post_id": "v", "post.likes": "l"}
    assert mapped.parse_mapping("post_id=v,text=c,likes=l") == {"post_id": "v", "text": "c", "comment.likes": "l"}
