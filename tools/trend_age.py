"""Age-aware baselines for outlier scores.

A post keeps gathering views for weeks, and an export freezes them: a three-day-old video
must not be compared with three-year-old ones. So:

- `age_days` is the time from publication to the export, taken as the newest publication
  date of the same platform in the store (an export is never older than its newest post).
- A post at least MATURITY_DAYS old is scored against the creator's other *mature* posts of
  the same format, leaving out the post itself and the creator's top 10% (so one lucky
  video does not raise the bar for every other one).
- A younger post is scored against the creator's posts of a similar age (half to twice its
  age, at least +-SIMILAR_AGE_MIN_DAYS) when there are MIN_SIMILAR_AGE of them; otherwise it
  is flagged `too_young` and gets no score.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

import numpy as np

from tools.corpus.models import Post
from tools.corpus.search import Scope
from tools.corpus.store import CorpusStore

MATURITY_DAYS = 30
MIN_SIMILAR_AGE = 3
SIMILAR_AGE_MIN_DAYS = 3
TOP_SHARE_EXCLUDED = 0.10

BaselineKind = Literal["mature", "similar_age", "too_young", "none"]


def metric_of(post: Post) -> tuple[str, int | None]:
    """Views; upvotes on Reddit, which has no views (the same rule as `CorpusStore.baselines`)."""
    if post.platform == "reddit":
        return "upvotes", post.likes
    return "views", post.views


@dataclass(frozen=True)
class AgedBaseline:
    median: float | None
    count: int
    age_days: int | None
    kind: BaselineKind


@dataclass(frozen=True)
class Group:
    """One (creator, format): post ids, metric values and ages in days (NaN when undated)."""

    ids: np.ndarray
    values: np.ndarray
    ages: np.ndarray


@dataclass
class AgeContext:
    """Every post's metric and age, grouped by (creator, format)."""

    reference: dict[str, datetime] = field(default_factory=dict)
    groups: dict[tuple[str, str], Group] = field(default_factory=dict)
    posts: dict[str, Post] = field(default_factory=dict)

    def age_of(self, post: Post) -> int | None:
        reference = self.reference.get(post.platform)
        if post.published_at is None or reference is None:
            return None
        return max(0, (reference - _aware(post.published_at)).days)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def build_context(store: CorpusStore, reference: datetime | None = None) -> AgeContext:
    """All posts with a metric; `reference` (the export date) defaults per platform to the
    newest publication date in the store."""
    posts = store.posts_by_id(store.post_ids_where(Scope()))
    context = AgeContext(posts=posts)
    for post in posts.values():
        if post.published_at is not None:
            moment = _aware(post.published_at)
            if reference is None and (post.platform not in context.reference or moment > context.reference[post.platform]):
                context.reference[post.platform] = moment
    if reference is not None:
        context.reference = {post.platform: _aware(reference) for post in posts.values()}
    rows: dict[tuple[str, str], list[tuple[str, float, float]]] = {}
    for post in posts.values():
        _name, value = metric_of(post)
        if value is not None:
            age = context.age_of(post)
            rows.setdefault((post.creator_id, post.format), []).append((post.id, float(value), math.nan if age is None else float(age)))
    for key, items in rows.items():
        context.groups[key] = Group(
            np.asarray([item[0] for item in items], dtype=object),
            np.asarray([item[1] for item in items], dtype=np.float64),
            np.asarray([item[2] for item in items], dtype=np.float64),
        )
    return context


def aged_baseline(context: AgeContext, post: Post) -> AgedBaseline:
    """The baseline `post` is judged against (see the module docstring)."""
    age = context.age_of(post)
    group = context.groups.get((post.creator_id, post.format))
    if group is None:
        return AgedBaseline(None, 0, age, "none")
    others = group.ids != post.id
    if not others.any():
        return AgedBaseline(None, 0, age, "none")
    values, ages = group.values[others], group.ages[others]
    if age is not None and age < MATURITY_DAYS:
        window = max(SIMILAR_AGE_MIN_DAYS, age)
        similar = values[np.abs(ages - age) <= window]  # NaN ages compare False: undated posts stay out
        if len(similar) >= MIN_SIMILAR_AGE:
            return AgedBaseline(float(np.median(similar)), len(similar), age, "similar_age")
        return AgedBaseline(None, len(similar), age, "too_young")
    mature = np.sort(values[np.isnan(ages) | (ages >= MATURITY_DAYS)])
    excluded = math.floor(TOP_SHARE_EXCLUDED * (len(mature) + 1))
    kept = mature[: len(mature) - excluded] if excluded else mature
    if not len(kept):
        return AgedBaseline(None, 0, age, "none")
    return AgedBaseline(float(np.median(kept)), len(kept), age, "mature")
