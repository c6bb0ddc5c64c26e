"""Which format a file is, from its content (the name is never trusted), and its parser.

`--format` narrows the choice; a file that does not fit the named format is an `InputError`
that lists the missing columns. `--map` means a generic CSV.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, NoReturn

from core.errors import InputError
from tools.corpus import mapped, reddit, tiktok, youtube
from tools.corpus.files import SourceText
from tools.corpus.guess import UnconfirmedGuess, example_mapping, guess_columns
from tools.corpus.jsonlines import JsonTooDeep, first_json_line, load_json_document
from tools.corpus.parsing import ParseContext, ParsedFile, csv_header

FormatChoice = Literal["auto", "youtube", "tiktok", "reddit", "csv"]
FORMAT_CHOICES: tuple[str, ...] = ("auto", "youtube", "tiktok", "reddit", "csv")

Parser = Callable[[], ParsedFile]

_CSV_LAYOUTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("youtube", "videos", youtube.VIDEO_COLUMNS),
    ("youtube", "comments", youtube.COMMENT_COLUMNS),
    ("youtube", "transcripts", youtube.TRANSCRIPT_COLUMNS),
    ("tiktok", "posts", tiktok.GESIS_COLUMNS),
)
# Files that come with the exports but hold no posts or comments: skipped inside a folder.
_SIDE_FILES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("YouTube category names", ("id", "category")),
    ("weekly channel statistics", ("subs", "views", "week")),
)


@dataclass(frozen=True)
class Detected:
    platform: str
    kind: str
    parse: Parser | None
    """None for a side file that holds nothing to import."""
    note: str = ""
    warnings: tuple[str, ...] = ()
    """What detection already knows may be wrong (characters replaced in a JSON document)."""

    @property
    def order(self) -> int:
        """Posts before comments and transcripts, so that those find their posts."""
        return {"videos": 0, "posts": 0, "threads": 0, "posts+comments": 1, "comments": 2, "transcripts": 3}.get(self.kind, 4)


def detect(source: SourceText, ctx: ParseContext, forced: str = "auto") -> Detected:
    """The file's format and its parser; the parser's result carries the reader's warnings."""
    found = _detect(source, ctx, forced)
    warnings = [*source.warnings, *found.warnings]
    if found.parse is None or not warnings:
        return found
    parse = found.parse

    def parse_with_warnings() -> ParsedFile:
        parsed = parse()
        parsed.warnings[:0] = warnings
        return parsed

    return Detected(found.platform, found.kind, parse_with_warnings, found.note)


def _detect(source: SourceText, ctx: ParseContext, forced: str) -> Detected:
    if forced not in FORMAT_CHOICES:
        raise InputError(f"--format {forced!r} is not one of {', '.join(FORMAT_CHOICES)}.")
    text = source.text
    if ctx.mapping:
        if forced not in ("auto", "csv"):
            raise InputError("--map reads a generic CSV; use it with --format csv (or auto), not --format " + forced + ".")
        if text.lstrip()[:1] in ("{", "["):
            raise InputError(f"{ctx.display} is JSON; --map only reads CSV files.")
        return Detected("csv", "mapped", lambda: mapped.parse_mapped_csv(text, ctx))
    needs_map = "--format csv needs --map FIELD=COLUMN,... to say which column is which. "
    if forced == "csv":
        if text.lstrip()[:1] in ("{", "["):
            raise InputError(needs_map.strip())
        _ask_for_mapping(text, ctx, csv_header(text), needs_map)
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        found = _detect_json(text, ctx)
    elif forced == "auto":
        found = _detect_csv(text, ctx)
    else:
        try:
            found = _detect_csv(text, ctx)
        except UnconfirmedGuess as guessed:  # --format PLATFORM: a file of another layout is an error
            raise InputError(f"{guessed.preface}{ctx.display} is not a {forced} export Hookline knows.") from None
    if forced != "auto" and found.platform != forced:
        raise InputError(f"{ctx.display} looks like a {found.platform} export ({found.kind}), not {forced}.")
    return found


def _detect_json(text: str, ctx: ParseContext) -> Detected:
    try:
        loaded = load_json_document(text)
    except JsonTooDeep as error:
        raise InputError(f"{ctx.display} is {error}.") from None
    if loaded is None:
        first = first_json_line(text)
        if reddit.is_thread(first):
            return Detected("reddit", "threads", lambda: reddit.parse_threads(text, ctx))
        if first is None:
            raise InputError(f"{ctx.display} is not valid JSON or JSON lines. Check that the export finished writing.")
        raise InputError(
            f"{ctx.display} holds JSON lines Hookline does not know (expected Reddit threads with sid/comments)."
        )
    document = loaded.value
    warning = loaded.warning(ctx.display)
    warnings = (warning,) if warning else ()
    items = tiktok.scraper_items(document)
    if items is not None:
        return Detected("tiktok", "posts", lambda: tiktok.parse_scraper_json(items, text, ctx), warnings=warnings)
    if youtube.is_api_json(document):
        return Detected("youtube", "api", lambda: youtube.parse_api_json(document, text, ctx), warnings=warnings)
    if reddit.is_thread(document) or (
        isinstance(document, list) and document and reddit.is_thread(document[0])
    ):
        return Detected("reddit", "threads", lambda: reddit.parse_threads(text, ctx, document), warnings=warnings)
    raise InputError(
        f"{ctx.display} is JSON but not a known export (YouTube API videos/commentThreads, TikTok scraper "
        '{"collector": [...]}, Reddit threads). Convert it to CSV and import it with --map.'
    )


def _detect_csv(text: str, ctx: ParseContext) -> Detected:
    header = csv_header(text)
    columns = set(header)
    for platform, kind, needed in _CSV_LAYOUTS:
        if set(needed) <= columns:
            parser = {
                "videos": youtube.parse_videos_csv,
                "comments": youtube.parse_comments_csv,
                "transcripts": youtube.parse_transcripts_csv,
                "posts": tiktok.parse_gesis_csv,
            }[kind]
            return Detected(platform, kind, lambda parser=parser: parser(text, ctx))
    for what, needed in _SIDE_FILES:
        if set(needed) <= columns:
            return Detected("youtube", "side", None, note=f"{what}, no posts or comments")
    best = max(_CSV_LAYOUTS, key=lambda layout: len(set(layout[2]) & columns))
    overlap = set(best[2]) & columns
    shown = _shown(header)
    if len(header) <= 1:
        raise InputError(
            f"Cannot tell what {ctx.display} holds: its first line ({shown[:80] or 'empty'}) is a single column. "
            "Hookline reads CSV files whose columns are separated by commas, semicolons, tabs or pipes, "
            "with a header row; save it that way and import it again. If it really is one column of titles, "
            "import it with --map title=COLUMN --creator NAME."
        )
    if overlap:
        missing = ", ".join(name for name in best[2] if name not in columns)
        lacks = f"{ctx.display} looks like a {best[0]} {best[1]} export but lacks the column(s) {missing} (renamed?). "
        _ask_for_mapping(text, ctx, header, lacks)
        raise InputError(
            f"{lacks}Its columns: {shown}. Rename them, or import with --format csv --map FIELD=COLUMN,..."
        )
    _ask_for_mapping(text, ctx, header)


def _ask_for_mapping(text: str, ctx: ParseContext, header: list[str], preface: str = "") -> NoReturn:
    """Raise the guess of the columns for the user to confirm, or say that none could be made."""
    found = guess_columns(text, ctx.display, ctx.path)
    if found is not None:
        raise UnconfirmedGuess(found, preface)
    example = example_mapping(text, ctx.path)
    raise InputError(
        f"{preface}Cannot tell what {ctx.display} holds (columns: {_shown(header)}): no column looks like a post id, "
        "title, link, view count or comment text. Say which column is which with --map FIELD=COLUMN,..., "
        f"for example --map {example or 'post_id=COLUMN,title=COLUMN'} --creator NAME. Fields: "
        "post_id, title, caption, text (a comment), creator, published_at, views, likes, comments, shares, "
        "reply_count, duration_s, url, tags, author, comment_id, parent_id."
    )


def _shown(header: list[str]) -> str:
    return ", ".join(name or "(unnamed)" for name in header[:20]) + (" ..." if len(header) > 20 else "")
