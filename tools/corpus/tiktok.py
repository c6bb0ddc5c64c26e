"""TikTok post exports: the GESIS "News on TikTok" CSV and scraper JSON (`{"collector": [...]}`,
or a plain list of items, with authorMeta/playCount/diggCount)."""

from __future__ import annotations

from typing import Any

from tools.corpus.jsonlines import LineLocator
from tools.corpus.models import Creator, Post
from tools.corpus.parsing import (
    JSON_ROW_ERRORS,
    ROW_ERRORS,
    ParseContext,
    ParsedFile,
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

SHORT_MAX_SECONDS = 180
"""TikTok is a short-video platform: up to 3 minutes counts as short, longer uploads as long."""

GESIS_COLUMNS = ("M1_video_id", "V3_news_outlet", "M5_view_count")


def _format(duration_s: int | None) -> str:
    return "long" if duration_s and duration_s > SHORT_MAX_SECONDS else "short"


def _video_id(value: object) -> str:
    text = str(value or "").strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text


def parse_gesis_csv(text: str, ctx: ParseContext) -> ParsedFile:
    parsed = ParsedFile(ctx.path, ctx.display, "tiktok", "posts")
    require_columns(csv_header(text), GESIS_COLUMNS, ctx, "TikTok (GESIS)")
    for source, row in csv_records(text, ctx, parsed):
        video_id = _video_id(row.get("M1_video_id"))
        outlet = (ctx.creator or row.get("V3_news_outlet") or "").strip()
        if not video_id:
            parsed.reject(source, "no M1_video_id")
            continue
        if not outlet:
            parsed.reject(source, "no V3_news_outlet (whose post is it?)")
            continue
        try:
            creator = Creator(id=f"tiktok:{slug(outlet)}", platform="tiktok", name=outlet, handle=outlet)
            post = Post(
                id=f"tiktok:{video_id}",
                platform="tiktok",
                creator=creator.name,
                creator_id=creator.id,
                format="short",
                title=optional_text(row.get("V11_general_topic")),
                tags=parse_tags(row.get("M8_hashtags")),
                published_at=parse_datetime(row.get("M3_create_time"), "M3_create_time"),
                views=parse_count(row.get("M5_view_count"), "M5_view_count"),
                likes=parse_count(row.get("M4_like_count"), "M4_like_count"),
                comments=parse_count(row.get("M6_comment_count"), "M6_comment_count"),
                shares=parse_count(row.get("M7_share_count"), "M7_share_count"),
                url=optional_text(row.get("V2_video_link")) or f"https://www.tiktok.com/share/video/{video_id}",
            )
        except ROW_ERRORS as error:
            parsed.reject(source, reason_of(error))
            continue
        parsed.add_creator(creator)
        parsed.add_post(post, source)
    return parsed


def scraper_items(document: Any) -> list[Any] | None:
    """The items of a scraper export, or None when the document is not one."""
    if isinstance(document, dict) and isinstance(document.get("collector"), list):
        return list(document["collector"])
    if isinstance(document, list) and document and all(isinstance(item, dict) for item in document[:5]):
        if any("authorMeta" in item or "playCount" in item or "diggCount" in item for item in document[:5]):
            return document
    return None


def parse_scraper_json(items: list[Any], text: str, ctx: ParseContext) -> ParsedFile:
    parsed = ParsedFile(ctx.path, ctx.display, "tiktok", "posts")
    locator = LineLocator(text)
    for ordinal, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            parsed.reject(f"{ctx.display}:item {ordinal}", "not a JSON object")
            continue
        video_id = _video_id(item.get("id"))
        source = locator.source(ctx.display, video_id or None, ordinal)
        try:
            parsed_item = _scraper_item(item, video_id, ctx)
        except JSON_ROW_ERRORS as error:
            parsed.reject(source, reason_of(error))
            continue
        creator, post = parsed_item
        parsed.add_creator(creator)
        parsed.add_post(post, source)
    return parsed


def _scraper_item(item: dict[str, Any], video_id: str, ctx: ParseContext) -> tuple[Creator, Post]:
    if not video_id:
        raise ValueError("no id")
    author = item.get("authorMeta") if isinstance(item.get("authorMeta"), dict) else {}
    handle = str(author.get("name") or author.get("uniqueId") or item.get("author") or "").strip()
    name = ctx.creator or clean_text(author.get("nickName")) or handle
    if not name:
        raise ValueError("no authorMeta.name (whose post is it?)")
    creator = Creator(id=f"tiktok:{slug(handle or name)}", platform="tiktok", name=name, handle=handle or None)
    meta = item.get("videoMeta") if isinstance(item.get("videoMeta"), dict) else {}
    duration = parse_duration(meta.get("duration", item.get("duration")), "videoMeta.duration")
    caption = optional_text(item.get("text") or item.get("desc"))
    title = caption.split("\n")[0][:120] if caption else None
    hashtags = item.get("hashtags")
    tags = parse_tags(hashtags) if hashtags else [word[1:] for word in (caption or "").split() if word.startswith("#")]
    published = item.get("createTimeISO") or item.get("createTime")
    url = item.get("webVideoUrl") or f"https://www.tiktok.com/@{handle or 'user'}/video/{video_id}"
    post = Post(
        id=f"tiktok:{video_id}",
        platform="tiktok",
        creator=creator.name,
        creator_id=creator.id,
        format=_format(duration),  # type: ignore[arg-type]
        title=title,
        caption=caption,
        tags=parse_tags(tags),
        published_at=parse_datetime(published, "createTime"),
        views=parse_count(item.get("playCount"), "playCount"),
        likes=parse_count(item.get("diggCount"), "diggCount"),
        comments=parse_count(item.get("commentCount"), "commentCount"),
        shares=parse_count(item.get("shareCount"), "shareCount"),
        duration_s=duration or None,
        url=str(url),
    )
    return creator, post
