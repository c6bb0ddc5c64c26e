"""Which post each comment of an import belongs to, settled before anything is written.

A comment of a generic CSV (`--map`, or a guessed mapping) names its post by the platform's own
id, as `csv:<id>`. Its post may be in the same import (whatever file came first), in the corpus
already, or in the corpus under its platform (`youtube:<id>`, from a YouTube export): the comment
is pointed at whichever exists, a real post before a stub. A comment whose post is nowhere keeps
a stub post when its file named a creator (`--creator`, a creator column), and is otherwise
rejected by the writer with the reason.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tools.corpus.models import PLATFORMS, CommentLinks

if TYPE_CHECKING:
    from tools.corpus.writer import Batch

_CHUNK = 500
GENERIC = "csv:"


def link_comments(db: sqlite3.Connection, user: str, batch: Batch) -> CommentLinks:
    """Point the batch's comments at their posts, drop stubs that are not needed, and count
    where the comments went. The caller holds the store's lock (and the user's import lock)."""
    wanted = {comment.post_id for comment, _source in batch.comments.values()}
    loose = sorted(post_id for post_id in wanted if post_id.startswith(GENERIC) and post_id not in batch.posts)
    others = {
        post_id: [f"{platform}:{post_id[len(GENERIC):]}" for platform in PLATFORMS if f"{platform}:" != GENERIC]
        for post_id in loose
    }
    stored = _stored(db, user, [*wanted, *(alias for aliases in others.values() for alias in aliases)])
    moved: dict[str, str] = {}
    for post_id in loose:
        if stored.get(post_id) is False:
            continue  # a real post under csv: itself
        for alias in others[post_id]:
            if alias in batch.posts or stored.get(alias) is False:
                moved[post_id] = alias
                break
    if moved:
        batch.comments = {
            comment_id: (
                comment.model_copy(update={"post_id": moved[comment.post_id]}) if comment.post_id in moved else comment,
                source,
            )
            for comment_id, (comment, source) in batch.comments.items()
        }
    pointed = {comment.post_id for comment, _source in batch.comments.values()}
    batch.stubs = {
        post_id: values
        for post_id, values in batch.stubs.items()
        if post_id in pointed and post_id not in batch.posts and post_id not in stored
    }
    stub_creators = {values[1] for values in batch.stubs.values()}
    batch.stub_creators = {key: value for key, value in batch.stub_creators.items() if key in stub_creators}
    used = {post.creator_id for post, _source in batch.posts.values()} | stub_creators
    batch.creators = {key: value for key, value in batch.creators.items() if key in used}
    links = CommentLinks()
    for comment, _source in batch.comments.values():
        post_id = comment.post_id
        if post_id in batch.posts:
            links.in_import += 1
        elif stored.get(post_id) is False:
            links.in_store += 1
        elif post_id in batch.stubs or stored.get(post_id) is True:
            links.placeholders += 1
        else:
            links.missing += 1
    return links


def missing_post_reason(post_id: str) -> str:
    """Why a comment whose post is nowhere was not imported, and what to do."""
    native = post_id.split(":", 1)[-1]
    return f"its post {native} is not in this import or an earlier one (import the posts with the comments, or first)"


def _stored(db: sqlite3.Connection, user: str, ids: Iterable[str]) -> dict[str, bool]:
    """{post id: is a stub} for the ids that are in the corpus."""
    unique = sorted(set(ids))
    found: dict[str, bool] = {}
    for start in range(0, len(unique), _CHUNK):
        part = unique[start : start + _CHUNK]
        marks = ",".join("?" for _ in part)
        rows = db.execute(f"SELECT id, stub FROM posts WHERE user = ? AND id IN ({marks})", (user, *part))
        found.update((row[0], bool(row[1])) for row in rows)
    return found
