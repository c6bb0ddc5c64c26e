"""What a parser returns, and the CSV reader that reports malformed rows instead of stopping.

Parsers are pure: text in, records and rejections out. Nothing here touches a store.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from core.errors import InputError
from tools.corpus.dialect import sniff_delimiter
from tools.corpus.models import Comment, Creator, Platform, Post, Rejection

csv.field_size_limit(16 * 1024 * 1024)

Pseudonymise = Callable[[str | None], str | None]

ROW_ERRORS: tuple[type[Exception], ...] = (ValueError, ValidationError, OverflowError, RecursionError)
"""What a bad value in one row raises: the row is rejected with its `file:line`, the file goes on."""
JSON_ROW_ERRORS: tuple[type[Exception], ...] = (*ROW_ERRORS, TypeError, AttributeError)
"""JSON items can hold any type where a field is expected (a list for a title, a number for a dict)."""


@dataclass(frozen=True)
class ParseContext:
    """What a parser may need besides the text."""

    display: str
    """How rejections name the file (the path as the user gave it)."""
    path: Path
    pseudonymise: Pseudonymise
    creator: str | None = None
    """A creator name given by the user, for files that do not say whose they are."""
    mapping: dict[str, str] | None = None


@dataclass(frozen=True)
class StubPost:
    """A post known only by id and creator (a comment file without its video file)."""

    id: str
    creator: Creator
    format: str


@dataclass
class ParsedFile:
    """Everything one file yielded."""

    path: Path
    display: str
    platform: Platform
    kind: str
    creators: dict[str, Creator] = field(default_factory=dict)
    posts: dict[str, Post] = field(default_factory=dict)
    post_sources: dict[str, str] = field(default_factory=dict)
    comments: dict[str, Comment] = field(default_factory=dict)
    comment_sources: dict[str, str] = field(default_factory=dict)
    stubs: dict[str, StubPost] = field(default_factory=dict)
    transcripts: list[tuple[str, str, str]] = field(default_factory=list)
    """(post_id, transcript, source) updates for posts imported before."""
    rejected: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Rows that hold nothing to import but are not wrong either (a video without captions)."""
    warnings: list[str] = field(default_factory=list)
    """What was read but may be wrong (lines in another encoding, characters replaced)."""

    def reject(self, source: str, reason: str) -> None:
        self.rejected.append(Rejection(source=source, reason=reason))

    def add_creator(self, creator: Creator) -> None:
        self.creators.setdefault(creator.id, creator)

    def add_post(self, post: Post, source: str, *, merge: bool = False) -> bool:
        if post.id in self.posts:
            if not merge:
                self.reject(source, f"duplicate post id {post.id} (first seen at {self.post_sources[post.id]})")
                return False
            known = self.posts[post.id]
            update = {key: value for key, value in post.model_dump().items() if value not in (None, [], "")}
            self.posts[post.id] = known.model_copy(
                update={key: value for key, value in update.items() if getattr(known, key) in (None, [], "")}
            )
            return True
        self.posts[post.id] = post
        self.post_sources[post.id] = source
        return True

    def add_comment(self, comment: Comment, source: str, stub: StubPost | None = None) -> bool:
        if comment.id in self.comments:
            self.reject(source, f"duplicate comment id {comment.id} (first seen at {self.comment_sources[comment.id]})")
            return False
        self.comments[comment.id] = comment
        self.comment_sources[comment.id] = source
        if stub is not None and stub.id not in self.posts:
            self.stubs.setdefault(stub.id, stub)
        return True


def csv_header(text: str, suffix: str = "") -> list[str]:
    """The first row of a CSV text, stripped, or [] when it has none."""
    reader = csv.reader(io.StringIO(text[:65536], newline=""), delimiter=csv_delimiter(text, suffix))
    try:
        first = next(reader, [])
    except csv.Error:
        return []
    return [name.strip() for name in first]


def csv_delimiter(text: str, suffix: str = "") -> str:
    """Comma, semicolon, tab or pipe, whichever fits the file (a .tsv starts from tab)."""
    return sniff_delimiter(text, default="\t" if suffix.lower() == ".tsv" else ",")


def csv_records(text: str, ctx: ParseContext, parsed: ParsedFile) -> Iterator[tuple[str, dict[str, str]]]:
    """(`file:line`, row) for every well-formed data row. Rows with the wrong number of fields
    or a CSV syntax error are rejected with their starting line; blank lines are skipped. A last
    row that ends inside a quoted field (a file cut short) is rejected, not read as a fragment."""
    reader = csv.reader(_lines(text), delimiter=csv_delimiter(text, ctx.path.suffix))
    try:
        header = [name.strip() for name in next(reader)]
    except (StopIteration, csv.Error) as error:
        raise InputError(f"{ctx.display} has no readable CSV header ({error or 'empty'}).") from None
    if not any(header):
        raise InputError(f"{ctx.display} has an empty CSV header row.")
    width = len(header)
    last_line = text.count("\n") + (0 if text.endswith("\n") else 1)
    previous_end = reader.line_num
    while True:
        start = previous_end + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            previous_end = max(reader.line_num, start)
            message = str(error)
            if "new-line character" in message:
                message = "a raw line break inside unquoted text (the field should be quoted)"
            parsed.reject(f"{ctx.display}:{start}", f"malformed CSV row: {message}")
            continue
        previous_end = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        source = f"{ctx.display}:{start}"
        if reader.line_num >= last_line and _ends_inside_quotes(text, start, reader.dialect):
            parsed.reject(
                source,
                'a quoted field opens here and never closes before the end of the file (was the file cut short, '
                'or does a stray " open it?); the row was not imported',
            )
            continue
        if len(row) != width:
            hint = " (a line break or a stray delimiter inside unquoted text?)" if len(row) < width else ""
            parsed.reject(source, f"expected {width} fields, found {len(row)}{hint}")
            continue
        yield source, dict(zip(header, row, strict=True))


def _ends_inside_quotes(text: str, start: int, dialect: csv.Dialect) -> bool:
    """True when the row starting on line `start` runs to the end of the file inside a quoted
    field. Python's reader accepts such a row; a strict reader of the same lines does not."""
    offset = 0
    for _ in range(start - 1):
        offset = text.index("\n", offset) + 1
    try:
        for _row in csv.reader(io.StringIO(text[offset:], newline=""), dialect, strict=True):
            pass
    except csv.Error as error:
        return "unexpected end of data" in str(error)
    return False


def _lines(text: str) -> Iterator[str]:
    """Lines split at "\n" only, so that `file:line` matches `sed -n LINEp` and editors even
    when a quoted field holds a lone carriage return (YouTube comments do)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start : end + 1]
        start = end + 1


def require_columns(header: list[str], needed: tuple[str, ...], ctx: ParseContext, what: str) -> None:
    missing = [name for name in needed if name not in header]
    if missing:
        raise InputError(
            f"{ctx.display} is missing the {what} column(s) {', '.join(missing)} "
            f"(its columns: {', '.join(header[:30])}). Export it again, or import it with --format csv --map."
        )


def reason_of(error: Exception) -> str:
    """A one-line reason from a parsing error (ValueError text, or Pydantic's first error)."""
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        return f"{where}: {first.get('msg', 'invalid')}"[:300]
    return str(error)[:300] or error.__class__.__name__
