"""YouTube Data API exports: the CSV dumps (df_videos*, df_comments*, df_transcript*) and the
API's own JSON (videos.list and commentThreads.list responses, replies included).

The CSV dumps do not say whose channel they are: the folder does (`data_Nude_Project`,
`data_Alex_Hawkers_UCWqpvpCqDVQ-mxiVCPu5SNg`), or `--creator`, or a channel id in the file name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from tools.corpus.jsonlines import LineLocator
from tools.corpus.models import Comment, Creator, Post
from tools.corpus.parsing import (
    JSON_ROW_ERRORS,
    ROW_ERRORS,
    ParseContext,
    ParsedFile,
    StubPost,
    csv_header,
    csv_records,
    reason_of,
    require_columns,
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

SHORT_MAX_SECONDS = 60
"""A YouTube video of at most 60 s is a Short (the rule when this data was collected, 2024)."""

VIDEO_COLUMNS = ("videoId", "title", "viewCount")
COMMENT_COLUMNS = ("comment_id", "text", "video_id")
TRANSCRIPT_COLUMNS = ("video_id", "transcript")
_CHANNEL_ID = re.compile(r"UC[\w-]{22}")
_FOLDER = re.compile(r"^data_(?P<name>.+?)(?:_(?P<channel>UC[\w-]{22}))?$")
_MACHINE_NAME = re.compile(r"^[0-9a-f-]{16,}$|^tmp", re.IGNORECASE)


def post_id(video_id: str) -> str:
    return f"youtube:{video_id}"


def video_format(duration_s: int | None, title: str | None, tags: list[str]) -> str:
    if duration_s:
        return "short" if duration_s <= SHORT_MAX_SECONDS else "long"
    words = " ".join([title or "", *tags]).lower()
    return "short" if "#shorts" in words or "#short " in f"{words} " else "long"


def video_post(video_id: str, creator: Creator, fields: Mapping[str, Any]) -> Post:
    """A video from the Data API's field names, as the CSV export flattens them and as the JSON
    nests them (snippet, contentDetails and statistics merged): duration, title, tags,
    description, publishedAt, viewCount, likeCount, commentCount."""
    duration = parse_duration(fields.get("duration"), "duration")
    title = optional_text(fields.get("title"))
    tags = parse_tags(fields.get("tags"))
    format_ = video_format(duration, title, tags)
    return Post(
        id=post_id(video_id),
        platform="youtube",
        creator=creator.name,
        creator_id=creator.id,
        format=format_,  # type: ignore[arg-type]
        title=title,
        caption=optional_text(fields.get("description")),
        tags=tags,
        published_at=parse_datetime(fields.get("publishedAt"), "publishedAt"),
        views=parse_count(fields.get("viewCount"), "viewCount"),
        likes=parse_count(fields.get("likeCount"), "likeCount"),
        comments=parse_count(fields.get("commentCount"), "commentCount"),
        duration_s=duration or None,
        url=video_url(video_id, format_),
    )


def video_url(video_id: str, format_: str) -> str:
    if format_ == "short":
        return f"https://www.youtube.com/shorts/{video_id}"
    return f"https://www.youtube.com/watch?v={video_id}"


def channel_of_files(ctx: ParseContext) -> Creator:
    """The channel a CSV dump belongs to, from --creator, the folder name or the file name."""
    folder = ctx.path.parent.name
    name: str | None = None
    channel_id: str | None = None
    match = _FOLDER.match(folder)
    if match:
        name = match.group("name").replace("_", " ").strip()
        channel_id = match.group("channel")
    if channel_id is None:
        found = _CHANNEL_ID.search(ctx.path.stem)
        channel_id = found.group(0) if found else None
    if ctx.creator:
        name = ctx.creator
    if not name:
        readable = folder and not _MACHINE_NAME.match(folder) and folder not in (".", "/")
        name = channel_id or (folder.replace("_", " ") if readable else ctx.path.stem)
    creator_key = channel_id or slug(name)
    return Creator(id=f"youtube:{creator_key}", platform="youtube", name=name, handle=channel_id)


def parse_videos_csv(text: str, ctx: ParseContext) -> ParsedFile:
    parsed = ParsedFile(ctx.path, ctx.display, "youtube", "videos")
    require_columns(csv_header(text), VIDEO_COLUMNS, ctx, "YouTube videos")
    creator = channel_of_files(ctx)
    for source, row in csv_records(text, ctx, parsed):
        video_id = row["videoId"].strip()
        if not video_id:
            parsed.reject(source, "no videoId")
            continue
        try:
            post = video_post(video_id, creator, row)
        except ROW_ERRORS as error:
            parsed.reject(source, reason_of(error))
            continue
        if parsed.add_post(post, source):
            parsed.add_creator(creator)  # only a channel with a surviving row is written
    return parsed


def parse_comments_csv(text: str, ctx: ParseContext) -> ParsedFile:
    parsed = ParsedFile(ctx.path, ctx.display, "youtube", "comments")
    require_columns(csv_header(text), COMMENT_COLUMNS, ctx, "YouTube comments")
    creator = channel_of_files(ctx)
    for source, row in csv_records(text, ctx, parsed):
        comment_id, video_id = row["comment_id"].strip(), row["video_id"].strip()
        if not comment_id or not video_id:
            parsed.reject(source, "no comment_id or video_id")
            continue
        text_value = clean_text(row.get("text"))
        if not text_value:
            parsed.reject(source, "empty comment text (nothing left after removing HTML)")
            continue
        try:
            parent = (row.get("parentId") or row.get("parent_id") or "").strip()
            comment = Comment(
                id=post_id(comment_id),
                post_id=post_id(video_id),
                text=text_value,
                likes=parse_count(row.get("like_count"), "like_count") or 0,
                reply_count=parse_count(row.get("totalReplyCount"), "totalReplyCount") or 0,
                parent_id=post_id(parent) if parent else None,
                published_at=parse_datetime(row.get("published_at"), "published_at"),
                author=ctx.pseudonymise(row.get("author_channel_id") or row.get("author")),
            )
        except ROW_ERRORS as error:
            parsed.reject(source, reason_of(error))
            continue
        parsed.add_comment(comment, source, StubPost(comment.post_id, creator, "long"))
    return parsed


def parse_transcripts_csv(text: str, ctx: ParseContext) -> ParsedFile:
    parsed = ParsedFile(ctx.path, ctx.display, "youtube", "transcripts")
    require_columns(csv_header(text), TRANSCRIPT_COLUMNS, ctx, "YouTube transcripts")
    empty = 0
    for source, row in csv_records(text, ctx, parsed):
        video_id = row["video_id"].strip()
        transcript = " ".join(clean_text(row.get("transcript")).split())
        if not video_id:
            parsed.reject(source, "no video_id")
        elif not transcript:
            empty += 1  # a video without captions (music): nothing to import, and nothing wrong
        else:
            parsed.transcripts.append((post_id(video_id), transcript, source))
    if empty:
        parsed.notes.append(f"{ctx.display}: {empty} video(s) have no transcript text")
    return parsed


# -- the API's JSON --------------------------------------------------------------------------


def is_api_json(document: Any) -> bool:
    return any(str(item.get("kind", "")).startswith("youtube#") for item in _api_items(document, limit=5))


def _api_items(document: Any, *, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Items from a response, a list of responses (pages), or a list of items."""
    stack = document if isinstance(document, list) else [document]
    count = 0
    for element in stack:
        if not isinstance(element, dict):
            continue
        inner = element.get("items") if str(element.get("kind", "")).endswith("ListResponse") else None
        for item in inner if isinstance(inner, list) else [element]:
            if isinstance(item, dict):
                yield item
                count += 1
                if limit is not None and count >= limit:
                    return


def parse_api_json(document: Any, text: str, ctx: ParseContext) -> ParsedFile:
    kinds = {str(item.get("kind")) for item in _api_items(document, limit=50)}
    kind = "videos" if "youtube#video" in kinds else "comments"
    parsed = ParsedFile(ctx.path, ctx.display, "youtube", kind)
    locator = LineLocator(text)
    for ordinal, item in enumerate(_api_items(document), start=1):
        item_id = item.get("id")
        if isinstance(item_id, dict):
            item_id = item_id.get("videoId")
        source = locator.source(ctx.display, item_id if isinstance(item_id, str) else None, ordinal)
        item_kind = item.get("kind")
        try:
            if item_kind == "youtube#video":
                _api_video(item, source, ctx, parsed)
            elif item_kind == "youtube#commentThread":
                _api_thread(item, source, ctx, parsed)
            elif item_kind == "youtube#comment":
                _api_comment(item, None, source, ctx, parsed, stub_channel=None)
            else:
                parsed.reject(source, f"not a video or comment (kind {str(item_kind)[:40]!r})")
        except JSON_ROW_ERRORS as error:
            parsed.reject(source, reason_of(error))
    return parsed


def _snippet(item: dict[str, Any]) -> dict[str, Any]:
    snippet = item.get("snippet")
    if not isinstance(snippet, dict):
        raise ValueError("no snippet")
    return snippet


def _api_video(item: dict[str, Any], source: str, ctx: ParseContext, parsed: ParsedFile) -> None:
    video_id = item.get("id")
    if isinstance(video_id, dict):
        video_id = video_id.get("videoId")
    if not isinstance(video_id, str) or not video_id:
        raise ValueError("video without an id")
    snippet = _snippet(item)
    statistics = item.get("statistics") if isinstance(item.get("statistics"), dict) else {}
    details = item.get("contentDetails") if isinstance(item.get("contentDetails"), dict) else {}
    channel_id = str(snippet.get("channelId") or "") or None
    name = ctx.creator or clean_text(snippet.get("channelTitle")) or channel_id or "YouTube channel"
    creator = Creator(
        id=f"youtube:{channel_id or slug(name)}", platform="youtube", name=name, handle=channel_id
    )
    post = video_post(video_id, creator, {**snippet, **details, **statistics})
    if parsed.add_post(post, source):
        parsed.add_creator(creator)


def _api_thread(item: dict[str, Any], source: str, ctx: ParseContext, parsed: ParsedFile) -> None:
    snippet = _snippet(item)
    top = snippet.get("topLevelComment")
    if not isinstance(top, dict):
        raise ValueError("comment thread without a topLevelComment")
    channel = str(snippet.get("channelId") or "") or None
    video_id = snippet.get("videoId")
    reply_count = parse_count(snippet.get("totalReplyCount"), "totalReplyCount") or 0
    parent = _api_comment(
        top, video_id, source, ctx, parsed, stub_channel=channel, reply_count=reply_count
    )
    replies = item.get("replies", {}).get("comments", []) if isinstance(item.get("replies"), dict) else []
    for reply in replies if isinstance(replies, list) else []:
        if isinstance(reply, dict):
            try:
                _api_comment(reply, video_id, source, ctx, parsed, stub_channel=channel, parent=parent)
            except JSON_ROW_ERRORS as error:
                parsed.reject(f"{source}: reply {reply.get('id', '?')}", reason_of(error))


def _api_comment(
    item: dict[str, Any],
    video_id: Any,
    source: str,
    ctx: ParseContext,
    parsed: ParsedFile,
    *,
    stub_channel: str | None,
    reply_count: int = 0,
    parent: str | None = None,
) -> str | None:
    comment_id = item.get("id")
    if not isinstance(comment_id, str) or not comment_id:
        raise ValueError("comment without an id")
    snippet = _snippet(item)
    video = snippet.get("videoId") or video_id
    if not isinstance(video, str) or not video:
        raise ValueError(f"comment {comment_id} has no videoId")
    text = clean_text(snippet.get("textOriginal")) or clean_text(snippet.get("textDisplay"))
    if not text:
        raise ValueError(f"comment {comment_id} has no text")
    parent_id = snippet.get("parentId")
    author = snippet.get("authorChannelId")
    author = author.get("value") if isinstance(author, dict) else snippet.get("authorDisplayName")
    comment = Comment(
        id=post_id(comment_id),
        post_id=post_id(video),
        text=text,
        likes=parse_count(snippet.get("likeCount"), "likeCount") or 0,
        reply_count=reply_count,
        parent_id=post_id(parent_id) if isinstance(parent_id, str) and parent_id else parent,
        published_at=parse_datetime(snippet.get("publishedAt"), "publishedAt"),
        author=ctx.pseudonymise(author if isinstance(author, str) else None),
    )
    channel = stub_channel or str(snippet.get("channelId") or "") or None
    name = ctx.creator or channel or "YouTube channel"
    stub_creator = Creator(id=f"youtube:{channel or slug(name)}", platform="youtube", name=name, handle=channel)
    parsed.add_comment(comment, source if parent is None else f"{source}: reply {comment_id}", StubPost(comment.post_id, stub_creator, "long"))
    return comment.id

