"""Reading the values exports write: counts, dates, durations, tags, cleaned text, encodings."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import InputError
from tools.corpus.files import decode_bytes
from tools.corpus.text import clean_text, parse_count, parse_datetime, parse_duration, parse_tags


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("38.0", 38), ("680", 680), (12, 12), (7.0, 7), ("1,234", 1234), ("1.2K", 1200), ("3M", 3_000_000),
     ("-1", None), (-1, None), ("", None), ("nan", None), (float("nan"), None), ("NaN", None), (None, None)],
)
def test_counts_accept_floats_separators_and_hidden_markers(raw: object, expected: int | None) -> None:
    assert parse_count(raw, "views") == expected


@pytest.mark.parametrize("raw", ["-5", -2, "abc", "inf", float("inf"), True])
def test_bad_counts_say_why(raw: object) -> None:
    with pytest.raises(ValueError, match="views"):
        parse_count(raw, "views")


def test_dates_from_iso_naive_and_epoch_are_utc() -> None:
    expected = datetime(2024, 8, 9, 22, 0, 2, tzinfo=UTC)
    assert parse_datetime("2024-08-09T22:00:02Z") == expected
    assert parse_datetime("2024-08-09 22:00:02") == expected
    assert parse_datetime(int(expected.timestamp())) == expected
    assert parse_datetime(str(int(expected.timestamp() * 1000))) == expected
    assert parse_datetime("") is None
    with pytest.raises(ValueError, match="not a date"):
        parse_datetime("yesterday-ish")


@pytest.mark.parametrize(("raw", "seconds"), [("PT49S", 49), ("PT1H2M3S", 3723), ("PT12M", 720), ("P0D", 0), ("1:05", 65), (30, 30)])
def test_iso_durations(raw: object, seconds: int) -> None:
    assert parse_duration(raw) == seconds


def test_tags_from_python_lists_json_and_hashtags() -> None:
    assert parse_tags("['nude project', 'nude project podcast']") == ["nude project", "nude project podcast"]
    assert parse_tags('["a", "b", "a"]') == ["a", "b"]
    assert parse_tags("#fyp #coffee") == ["fyp", "coffee"]
    assert parse_tags([{"name": "fyp"}, {"name": "news"}]) == ["fyp", "news"]
    assert parse_tags("nan") == []


def test_youtube_text_display_is_unescaped_and_tags_removed() -> None:
    raw = '&quot;Te cambia el aspecto&quot; no<br>se lo cambiáis &#39;vosotros&#39; <a href="https://x">link</a> &amp;amp; más'
    assert clean_text(raw) == "\"Te cambia el aspecto\" no\nse lo cambiáis 'vosotros' link & más"


def test_encodings_utf16_latin1_and_binary() -> None:
    text = "título,views\nÜber café,10\n"
    assert decode_bytes(text.encode("utf-16"), "f.csv")[0] == text
    assert decode_bytes(text.encode("utf-16-le"), "f.csv")[0] == text
    assert decode_bytes(text.encode("latin-1"), "f.csv")[0] == text
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode(), "f.csv")[0] == text
    with pytest.raises(InputError, match="binary"):
        decode_bytes(bytes(range(256)) * 40, "noise.bin")


@settings(database=None, max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=30), st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.none(), st.booleans()))
def test_parse_count_returns_a_non_negative_int_none_or_a_value_error(raw: object) -> None:
    try:
        value = parse_count(raw, "likes")
    except ValueError as error:
        assert "likes" in str(error)
        return
    assert value is None or (isinstance(value, int) and value >= 0)


@settings(database=None, max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_counts_round_trip_as_text_and_float_text(number: int) -> None:
    assert parse_count(str(number)) == number
    if number < 2**52:
        assert parse_count(f"{float(number)}") == number


@settings(database=None, max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=40), st.integers(), st.floats(), st.none()))
def test_dates_and_durations_never_raise_anything_but_value_error(raw: object) -> None:
    for parser in (parse_datetime, parse_duration):
        try:
            parser(raw)
        except ValueError:
            pass


@settings(database=None, max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_clean_text_is_tidy_whatever_the_input(raw: str) -> None:
    cleaned = clean_text(raw)
    assert "\x00" not in cleaned and "\r" not in cleaned
    assert cleaned == cleaned.strip()
    assert all(line == line.strip() for line in cleaned.split("\n"))


@settings(database=None, max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_decoding_any_bytes_gives_text_or_a_clear_error(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data, "upload.csv")
    except InputError as error:
        assert "upload.csv" in str(error)
        return
    assert isinstance(text, str) and encoding
    assert "\x00" not in text
