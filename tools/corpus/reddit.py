"""Reddit threads as JSON lines: one post per line with its comments nested under `comments`
and `replies` (`{comment_id: {text, author, created, upvotes, replies: {...}}}`).

The creator of a Reddit post is its community (`r/CollegeRant`): outliers are judged against
the community's other posts, since one author rarely posts enough to have a baseline.
"""

from __future__ import annotations

import re
from typing import Any

from tools.corpus.jsonlines import iter_json_lines
from tools.corpus.models import Comment, Creator, Post
from tools.corpus.parsing import (
    JSON_ROW_ERRORS,
    ParseContext,
    ParsedFile,
    StubPost,
    reason_of,
)
from tools.corpus.text import clean_text, optional_text, parse_count, parse_datetime

_SUBREDDIT = re.compile(r"/r/([A-Za-z0-9_]+)/")


def is_thread(value: Any) -> bool:
    return isinstance(value, dict) and "sid" in value and isinstance(value.get("comments"), (dict, list))


def parse_threads(text: str, ctx: ParseContext, document: Any | None = None) -> ParsedFile:
    """JSON lines of threads, or one JSON thread (or a list of threads) when `document` is given."""
    parsed = ParsedFile(ctx.path, ctx.display, "reddit", "threads")
    if document is not None:
        threads = document if isinstance(document, list) else [document]
        for ordinal, thread in enumerate(threads, start=1):
            source = f"{ctx.display}:{1 if len(threads) == 1 else f'item {ordinal}'}"
            _thread(thread, source, ctx, parsed)
        return parsed
    replaced_lines: list[int] = []
    for number, value, error in iter_json_lines(text, replaced_lines):
        source = f"{ctx.display}:{number}"
        if error:
            parsed.reject(source, error)
            continue
        _thread(value, source, ctx, parsed)
    if replaced_lines:
        shown = ", ".join(map(str, replaced_lines[:10])) + (" ..." if len(replaced_lines) > 10 else "")
        parsed.warnings.append(
            f"{ctx.display}: line(s) {shown} held broken characters (lone UTF-16 surrogates); they were replaced by \ufffd."
        )
    return parsed


def _thread(thread: Any, source: str, ctx: ParseContext, parsed: ParsedFile) -> None:
    if not isinstance(thread, dict):
        parsed.reject(source, "not a JSON object")
        return
    sid = str(thread.get("sid") or "").strip()
    if not sid:
        parsed.reject(source, "no sid (post id)")
        return
    link = str(thread.get("link") or "")
    match = _SUBREDDIT.search(link)
    community = ctx.creator or (f"r/{match.group(1)}" if match else "reddit")
    creator = Creator(id=f"reddit:{community.lower()}", platform="reddit", name=community, handle=community)
    comments = thread.get("comments")
    try:
        post = Post(
            id=f"reddit:{sid}",
            platform="reddit",
            creator=creator.name,
            creator_id=creator.id,
            format="text",
            title=optional_text(thread.get("title")),
            caption=optional_text(thread.get("text")),
            published_at=parse_datetime(thread.get("created"), "created"),
            likes=parse_count(thread.get("upvotes"), "upvotes"),
            comments=_count_nodes(comments),
            url=f"https://www.reddit.com{link}" if link.startswith("/") else (link or None),
        )
    except JSON_ROW_ERRORS as error:
        parsed.reject(source, reason_of(error))
        return
    parsed.add_creator(creator)
    parsed.add_post(post, source)
    stub = StubPost(post.id, creator, "text")
    # Walk the reply tree without recursion: threads nest 44 levels deep here, and more elsewhere.
    stack: list[tuple[str, Any, str | None]] = [(key, node, None) for key, node in _children(comments)]
    stack.reverse()
    while stack:
        key, node, parent = stack.pop()
        where = f"{source}: comment {key}"
        if not isinstance(node, dict):
            parsed.reject(where, "not a JSON object")
            continue
        replies = list(_children(node.get("replies")))
        try:
            comment = Comment(
                id=f"reddit:{key}",
                post_id=post.id,
                text=clean_text(node.get("text")) or "[deleted]",
                likes=_score(node.get("upvotes")),
                reply_count=len(replies),
                parent_id=parent,
                published_at=parse_datetime(node.get("created"), "created"),
                author=ctx.pseudonymise(node.get("author") if isinstance(node.get("author"), str) else None),
            )
        except JSON_ROW_ERRORS as error:
            parsed.reject(where, reason_of(error))
            continue
        if parsed.add_comment(comment, where, stub):
            stack.extend(reversed([(child_key, child, comment.id) for child_key, child in replies]))


def _score(value: Any) -> int:
    """Reddit's score as likes: scores go below zero, and a downvoted comment counts as no likes."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
        return 0
    if isinstance(value, str) and value.strip().startswith("-") and value.strip()[1:].replace(".", "", 1).isdigit():
        return 0
    return parse_count(value, "upvotes") or 0


def _children(value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        return [(str(key), node) for key, node in value.items()]
    if isinstance(value, list):
        return [(str(node.get("id", index)) if isinstance(node, dict) else str(index), node) for index, node in enumerate(value)]
    return []


def _count_nodes(value: Any) -> int:
    total, stack = 0, [value]
    while stack:
        for _key, node in _children(stack.pop()):
            total += 1
            if isinstance(node, dict):
                stack.append(node.get("replies"))
    return total
