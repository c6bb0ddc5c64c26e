"""Any other CSV, through a mapping of model fields to columns (`--map post_id=video,text=comment`).

A row may carry a post, a comment on it, or both; rows repeating a post (one per comment)
merge into one post. `likes` and `published_at` belong to the comment when the mapping names
`text`, otherwise to the post; `post.likes` and `comment.likes` say it explicitly.
"""

from __future__ import annotations

import hashlib
import re

from core.errors import InputError
from tools.corpus.models import PLATFORMS, Comment, Creator, Post
from tools.corpus.parsing import (
    ROW_ERRORS,
    ParseContext,
    ParsedFile,
    StubPost,
    csv_header,
    csv_records,
    reason_of,
)
from tools.corpus.text import (
    clean_text,
    optional_text,
    parse_count,
    parse_datetime,
    parse_duration,
    parse_tags,
    slug,
)

POST_FIELDS = (
    "post_id", "platform", "creator", "format", "title", "caption", "tags", "transcript",
    "post.published_at", "views", "post.likes", "comments", "shares", "duration_s", "url",
)
COMMENT_FIELDS = ("comment_id", "text", "comment.likes", "reply_count", "parent_id", "comment.published_at", "author")
ALIASES = {
    "description": "caption", "duration": "duration_s", "replies": "reply_count", "comment": "text",
    "video_id": "post_id", "channel": "creator", "shares_count": "shares",
}
AMBIGUOUS = ("likes", "published_at")
SHORT_MAX_SECONDS = 60
_POST_CONTENT = tuple(field for field in POST_FIELDS if field not in ("post_id", "platform", "creator"))
_REDDIT_FULLNAME = re.compile(r"t[1-6]_[0-9a-z]{1,20}")
_TOTALS = ("total", "totals", "gesamt", "summe", "totale", "totaal", "totalt", "suma")
"""What YouTube Studio (and spreadsheets) call the first row that sums the others."""


def parse_mapping(spec: str | dict[str, str] | None) -> dict[str, str] | None:
    """`FIELD=COLUMN,...` as {field: column}, with `likes`/`published_at` resolved; `InputError` on typos."""
    if spec is None or spec == "" or spec == {}:
        return None
    if isinstance(spec, dict):
        pairs = list(spec.items())
    else:
        pairs = []
        for part in spec.split(","):
            if not part.strip():
                continue
            if "=" not in part:
                raise InputError(f"--map entry {part.strip()!r} is not FIELD=COLUMN (for example views=view_count).")
            field, column = part.split("=", 1)
            pairs.append((field, column))
    mapping: dict[str, str] = {}
    for raw_field, raw_column in pairs:
        field, column = raw_field.strip().lower(), raw_column.strip()
        field = ALIASES.get(field, field)
        if not column:
            raise InputError(f"--map {field}= names no column.")
        mapping[field] = column
    has_text = "text" in mapping
    for name in AMBIGUOUS:
        if name in mapping:
            mapping[f"{'comment' if has_text else 'post'}.{name}"] = mapping.pop(name)
    valid = set(POST_FIELDS) | set(COMMENT_FIELDS)
    unknown = sorted(set(mapping) - valid)
    if unknown:
        names = ", ".join(sorted({name.split(".")[-1] for name in valid}))
        raise InputError(f"--map names unknown field(s) {', '.join(unknown)}. Fields: {names}.")
    return mapping


def parse_mapped_csv(text: str, ctx: ParseContext) -> ParsedFile:
    mapping = ctx.mapping or {}
    header = csv_header(text)
    missing = [f"{field}={column}" for field, column in mapping.items() if column not in header]
    if missing:
        raise InputError(
            f"{ctx.display} has no column for --map {', '.join(missing)} (its columns: {', '.join(header[:30])})."
        )
    if not ({"post_id", "title", "url"} & set(mapping)):
        raise InputError("--map must name post_id=COLUMN (or title=/url=) so rows can be tied to a post.")
    has_posts = bool(set(mapping) & set(_POST_CONTENT))
    if has_posts and "creator" not in mapping and not ctx.creator:
        raise InputError(
            f"--map must name the creator column (creator=COLUMN), or pass --creator NAME: the posts in "
            f"{ctx.display} need a creator. (A file of comments only needs post_id= and text=: its comments "
            "join the posts imported before or in the same command.)"
        )
    kind = ("posts+comments" if has_posts else "comments") if "text" in mapping else "posts"
    parsed = ParsedFile(ctx.path, ctx.display, "csv", kind)
    platforms: set[str] = set()
    for source, row in csv_records(text, ctx, parsed):
        try:
            _row(row, source, mapping, ctx, parsed, platforms)
        except ROW_ERRORS as error:
            parsed.reject(source, reason_of(error))
    if len(platforms) == 1:
        parsed.platform = platforms.pop()  # type: ignore[assignment]
    return parsed


def _row(
    row: dict[str, str], source: str, mapping: dict[str, str], ctx: ParseContext, parsed: ParsedFile,
    platforms: set[str],
) -> None:
    def value(field: str) -> str | None:
        column = mapping.get(field)
        return row.get(column) if column else None

    platform = (value("platform") or "csv").strip().lower() or "csv"
    if platform not in PLATFORMS:
        raise ValueError(f"platform {platform[:30]!r} is not one of {', '.join(PLATFORMS)}")
    platforms.add(platform)
    creator_name = ctx.creator or clean_text(value("creator"))
    creator = (
        Creator(id=f"{platform}:{slug(creator_name)}", platform=platform, name=creator_name)  # type: ignore[arg-type]
        if creator_name
        else None
    )
    native_post = native_id(value("post_id"))
    title, url = optional_text(value("title")), optional_text(value("url"))
    if native_post:
        post_id = f"{platform}:{native_post}"
    elif title or url:
        post_id = f"{platform}:h{_digest(creator.id if creator else '', title or '', url or '')}"
    else:
        raise ValueError("no post_id, title or url to tie the row to a post")
    has_post = any((value(field) or "").strip() for field in _POST_CONTENT)
    comment_text = clean_text(value("text")) if "text" in mapping else ""
    if not has_post and not comment_text:
        raise ValueError("the row has no post fields and no comment text")
    if has_post and not comment_text and native_post.casefold() in _TOTALS and not title:
        parsed.notes.append(f"{source}: a totals row ({native_post}), not a post")
        return
    if has_post:
        if creator is None:
            raise ValueError("no creator")
        duration = parse_duration(value("duration_s"), "duration_s")
        format_ = (value("format") or "").strip().lower()
        if format_ and format_ not in ("short", "long", "text"):
            raise ValueError(f"format {format_[:20]!r} is not short, long or text")
        if not format_:
            if duration:
                format_ = "short" if duration <= SHORT_MAX_SECONDS else "long"
            else:
                format_ = {"tiktok": "short", "reddit": "text"}.get(platform, "long")
        post = Post(
            id=post_id,
            platform=platform,  # type: ignore[arg-type]
            creator=creator.name,
            creator_id=creator.id,
            format=format_,  # type: ignore[arg-type]
            title=title,
            caption=optional_text(value("caption")),
            tags=parse_tags(value("tags")),
            transcript=optional_text(value("transcript")),
            published_at=parse_datetime(value("post.published_at"), "published_at"),
            views=parse_count(value("views"), "views"),
            likes=parse_count(value("post.likes"), "likes"),
            comments=parse_count(value("comments"), "comments"),
            shares=parse_count(value("shares"), "shares"),
            duration_s=duration or None,
            url=url,
        )
        parsed.add_creator(creator)
        parsed.add_post(post, source, merge=True)
    if comment_text:
        author = (value("author") or "").strip() or None
        published = parse_datetime(value("comment.published_at"), "published_at")
        native_comment = native_id(value("comment_id"))
        comment_id = (
            f"{platform}:{native_comment}"
            if native_comment
            else f"{platform}:c{_digest(post_id, author or '', str(published or ''), comment_text)}"
        )
        parent = native_id(value("parent_id"))
        if parent == native_post and (value("parent_id") or "").strip().startswith("t3_"):
            parent = ""  # a Reddit comment whose parent is the post itself is a top-level comment
        comment = Comment(
            id=comment_id,
            post_id=post_id,
            text=comment_text,
            likes=parse_count(value("comment.likes"), "likes") or 0,
            reply_count=parse_count(value("reply_count"), "reply_count") or 0,
            parent_id=f"{platform}:{parent}" if parent else None,
            published_at=published,
            author=ctx.pseudonymise(author),
        )
        # Without a creator the comment joins a post imported before or in the same command (or is
        # reported when there is none); with one, a stub post stands in until the post arrives.
        parsed.add_comment(comment, source, StubPost(post_id, creator, "long") if creator else None)


def native_id(value: str | None) -> str:
    """A platform id from a cell: stripped, and without Reddit's type prefix (`t3_abc123` -> `abc123`)."""
    text = (value or "").strip()
    return text[3:] if _REDDIT_FULLNAME.fullmatch(text) else text


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
