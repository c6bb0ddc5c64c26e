"""Cleaning text and reading the values exports write: counts, dates, durations, tags.

Every reader raises `ValueError` with a short reason a person understands; the importers
turn it into a `file:line: reason` rejection.
"""

from __future__ import annotations

import ast
import html
import json
import math
import re
from datetime import UTC, datetime

_TAG = re.compile(r"<[^>]{0,2000}>")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_DURATION = re.compile(
    r"^P(?:(?P<days>\d+(?:\.\d+)?)D)?(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)
_SUFFIX = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}),?(?:\s+(\d{1,2}:\d{2}(?::\d{2})?))?")
_MISSING = {"", "nan", "none", "null", "na", "n/a", "-", "--"}
_SAFE_TEXT_LIMIT = 1_000_000
_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_DURATION_SECONDS = 366 * 86400
"""Longer than a year is not a video length but a typo or a corrupt field (`P99999999999D`)."""
EMBED_TEXT_CHARS = 1200
"""MiniLM reads at most 256 tokens (about 1,000 characters); longer text is cut before tokenising."""


def clean_text(value: object) -> str:
    """Plain text from an export field: HTML entities unescaped, tags (YouTube's `textDisplay`
    writes `<br>`, `<a href>`, `<b>`) removed, `<br>` kept as a line break, spaces tidied."""
    if value is None:
        return ""
    text = str(value)
    if len(text) > _SAFE_TEXT_LIMIT:
        text = text[:_SAFE_TEXT_LIMIT]
    if "<" in text or "&" in text:
        text = _BREAK.sub("\n", text)
        text = _TAG.sub("", text)
        text = html.unescape(html.unescape(text))  # some exports escape twice (&amp;quot;)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = _SURROGATE.sub("\ufffd", text)  # half an emoji from a JSON escape: SQLite cannot store it
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def optional_text(value: object) -> str | None:
    text = clean_text(value)
    return text or None


def is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip().lower() in _MISSING


def parse_count(value: object, field: str = "count") -> int | None:
    """A non-negative count, or None when missing or hidden.

    Accepts ints, floats written as `38.0`, thousands separators (`1,234`, `1.234`), and `1.2K`/`3M`.
    `-1` (and empty, NaN, null) mean hidden or unknown: None. Other negative numbers,
    infinities and words are errors.
    """
    if isinstance(value, bool):
        raise ValueError(f"{field} {value!r} is not a number")
    if is_missing(value):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        multiplier = 1
        if text and text[-1].lower() in _SUFFIX:
            multiplier = _SUFFIX[text[-1].lower()]
            text = text[:-1]
        if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):
            text = text.replace(",", "")
        elif multiplier == 1 and re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):
            text = text.replace(".", "").replace(",", ".")  # 1.234 and 1.234,5 (German, Spanish)
        try:
            number = float(text) * multiplier
        except ValueError:
            raise ValueError(f"{field} {str(value)[:40]!r} is not a number") from None
    if math.isnan(number):
        return None
    if math.isinf(number):
        raise ValueError(f"{field} {value!r} is not a finite number")
    if number == -1:
        return None  # the platform hides this count
    if number < 0:
        raise ValueError(f"{field} is negative ({str(value)[:40]})")
    if number > 1e15:
        raise ValueError(f"{field} {str(value)[:40]} is implausibly large")
    return int(round(number))


def parse_datetime(value: object, field: str = "date") -> datetime | None:
    """A UTC datetime from ISO-8601 (`2024-08-09T22:00:02Z`, `2023-02-16 15:36:28`), a date, a
    day-first dotted date (`09.08.2024 22:00`), or Unix seconds/milliseconds. Naive times are taken
    as UTC. Missing gives None."""
    if is_missing(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_epoch(float(value), field)
    text = str(value).strip()
    if re.fullmatch(r"\d{9,13}(\.\d+)?", text):
        return _from_epoch(float(text), field)
    dotted = _DOTTED_DATE.fullmatch(text)
    if dotted:  # 09.08.2024 22:00 (German and other European spreadsheets: day first)
        day, month, year, clock = dotted.groups()
        clock = clock.zfill(8 if clock.count(":") == 2 else 5) if clock else ""
        candidate = f"{year}-{month.zfill(2)}-{day.zfill(2)}" + (f"T{clock}" if clock else "")
    else:
        candidate = text.replace("Z", "+00:00").replace("z", "+00:00")
    if " " in candidate and "T" not in candidate:
        candidate = candidate.replace(" ", "T", 1)
    try:
        parsed = datetime.fromisoformat(candidate)
    except ValueError:
        raise ValueError(f"{field} {text[:40]!r} is not a date (use ISO-8601 like 2024-08-09T22:00:02Z)") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+05:00 lands before year 1 in UTC
        raise ValueError(f"{field} {text[:40]!r} is out of the range of dates") from None


def _from_epoch(seconds: float, field: str) -> datetime:
    if math.isnan(seconds) or math.isinf(seconds) or seconds < 0:
        raise ValueError(f"{field} {seconds!r} is not a date")
    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"{field} {seconds!r} is not a date") from None


def parse_duration(value: object, field: str = "duration") -> int | None:
    """Seconds from ISO-8601 (`PT49S`, `PT1H2M3S`, `P0D`), `H:MM:SS`/`M:SS`, or a number."""
    if is_missing(value):
        return None
    seconds = _duration_seconds(value, field)
    if seconds is not None and seconds > MAX_DURATION_SECONDS:
        raise ValueError(f"{field} {str(value)[:40]!r} is longer than a year: not a video length")
    return seconds


def _duration_seconds(value: object, field: str) -> int | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return parse_count(value, field)
    text = str(value).strip().upper()
    match = _DURATION.match(text)
    if match and text not in ("P", "PT"):
        parts = {key: float(number) if number else 0.0 for key, number in match.groupdict().items()}
        total = parts["days"] * 86400 + parts["hours"] * 3600 + parts["minutes"] * 60 + parts["seconds"]
        if not math.isfinite(total):
            raise ValueError(f"{field} {text[:40]!r} is not a length of time")
        return int(round(total))
    if len(text) < 40 and re.fullmatch(r"\d+(:\d{1,2}){1,2}", text):
        seconds = 0
        for part in text.split(":"):
            seconds = seconds * 60 + int(part)
        return seconds
    return parse_count(value, field)


def parse_tags(value: object) -> list[str]:
    """Tags from a Python-list string (`"['a', 'b']"`), a JSON list, `#a #b`, or `a, b`."""
    if is_missing(value):
        return []
    if isinstance(value, (list, tuple)):
        items: list[object] = list(value)
    else:
        text = str(value).strip()
        items = []
        if text.startswith("[") and text.endswith("]") and len(text) < 20_000:
            try:
                parsed = json.loads(text)
            except ValueError:
                try:
                    parsed = ast.literal_eval(text)
                except (ValueError, SyntaxError, MemoryError, RecursionError):
                    parsed = None
            if isinstance(parsed, (list, tuple)):
                items = list(parsed)
            else:
                items = [part for part in re.split(r"[,\s]+", text.strip("[]")) if part]
        elif "#" in text and "," not in text:
            items = [part for part in re.split(r"[#\s]+", text) if part]
        else:
            items = [part for part in re.split(r"[,;|]", text)]
    tags: list[str] = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name") or item.get("title") or item.get("hashtag") or ""
        tag = clean_text(item).strip().strip("'\"").lstrip("#").strip()
        if tag and tag not in tags:
            tags.append(tag[:100])
    return tags[:100]


def embed_text_of_post(title: str | None, caption: str | None, tags: list[str], transcript: str | None) -> str:
    """What a post's vector is built from: title first (MiniLM cuts at 256 tokens)."""
    parts = [title or "", " ".join(f"#{tag}" for tag in tags[:20]), (caption or "")[:600], transcript or ""]
    return "\n".join(part for part in parts if part)[:EMBED_TEXT_CHARS]


def embed_text_of_comment(text: str) -> str:
    return text[:EMBED_TEXT_CHARS]


def slug(value: str) -> str:
    """A lowercase id part: letters, digits and dashes."""
    text = re.sub(r"[^\w]+", "-", value.strip().lower(), flags=re.UNICODE).strip("-_")
    return text[:80] or "unknown"
