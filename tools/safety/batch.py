"""Signals only a whole comment section shows: the same text posted from several accounts,
and likes out of line with the conversation around a comment (bought likes).

`screen_batch` screens each comment and adds these signals to its own score, so a
duplicated or like-inflated comment is flagged when its wording is already suspicious,
and a long text copy-pasted by several accounts is flagged on its own.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from tools.safety.normalize import plain_text
from tools.safety.screening import Screened, screen

MIN_DUPLICATE_WORDS = 6
"""Shorter texts ("first!", "love it") are repeated by genuine fans all the time."""
LIKE_OUTLIER_FACTOR = 20.0
"""Likes this many times the section's median (and at least MIN_OUTLIER_LIKES) ..."""
MIN_OUTLIER_LIKES = 50
MAX_REPLIES_PER_LIKE = 0.002
"""... with fewer replies than this per like: popular comments draw replies; bought likes don't."""


@dataclass(frozen=True)
class BatchComment:
    text: str
    likes: int = 0
    replies: int = 0
    author: str | None = None
    """The account; None counts each comment as its own account."""


def _fingerprint(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", plain_text(text)).strip()


def batch_signals(comments: Sequence[BatchComment]) -> list[tuple[str, ...]]:
    """For each comment, the batch signals that apply to it (names of WEIGHTS)."""
    accounts: dict[str, set[str]] = defaultdict(set)
    for index, comment in enumerate(comments):
        key = _fingerprint(comment.text)
        if len(key.split()) >= MIN_DUPLICATE_WORDS:
            accounts[key].add(comment.author or f"#{index}")
    median_likes = statistics.median([max(c.likes, 0) for c in comments]) if comments else 0
    signals: list[tuple[str, ...]] = []
    for comment in comments:
        names: list[str] = []
        sharing = len(accounts.get(_fingerprint(comment.text), ()))
        if sharing >= 3:
            names.append("same long text from three or more accounts")
        elif sharing == 2:
            names.append("same text from several accounts")
        if (
            comment.likes >= MIN_OUTLIER_LIKES
            and comment.likes >= LIKE_OUTLIER_FACTOR * max(median_likes, 1)
            and comment.replies <= MAX_REPLIES_PER_LIKE * comment.likes
        ):
            names.append("likes out of line with replies and the section")
        signals.append(tuple(names))
    return signals


def screen_batch(comments: Sequence[BatchComment]) -> list[Screened]:
    """`screen` for a comment section: each text's own score plus the batch signals."""
    return [screen(comment.text, extra=extra) for comment, extra in zip(comments, batch_signals(comments), strict=True)]
