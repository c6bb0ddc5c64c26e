"""Trend search: posts on a topic that beat their creator's normal.

Posts are matched by meaning (title, caption, tags, transcript) and keywords (title, tags)
within the filters (see tools/corpus/search.py for what counts as a match), then ranked by
outlier score:

    outlier_score = metric / median(metric of the same creator's OTHER posts of the same format)

so a Short is judged against that creator's other Shorts. The metric is views, or upvotes
on Reddit, which has no views. The baseline is age-aware (tools/trend_age.py): a mature post
is judged against the creator's other mature posts without their top 10%; a post younger
than 30 days against posts of a similar age, or it is flagged `too_young` with no score.
A baseline of fewer than 5 posts still gives a score but is flagged `thin_baseline`; with
no other post there is no score. `repeat_creators` counts the other creators whose posts
on the same topic (nearest posts by meaning) also beat their normal by REPEAT_OUTLIER:
one outlier can be luck, the same topic working across channels is a signal.
A median of 0 is taken as 1. `niche_score` is the metric over the median of all posts that
matched the query (same metric), and `engagement_rate` is (likes + comments + shares) / views.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
from pydantic import BaseModel, Field

from core.errors import InputError
from tools.corpus.models import PLATFORMS, Post
from tools.corpus.search import Scope, hybrid_search, query_terms, select_relevant
from tools.corpus.store import CorpusStore
from tools.trend_age import AgeContext, aged_baseline, build_context

THIN_BASELINE = 5
"""Fewer other posts than this in a creator's format: the score is shown but flagged."""
CANDIDATES_MIN = 50
"""At least this many nearest posts (and as many keyword matches) are considered."""
MAX_LIMIT = 100
REPEAT_OUTLIER = 2.0
"""Another creator's post counts towards `repeat_creators` from this outlier score."""
TOPIC_SIMILARITY = 0.5
"""Posts at least this close in meaning are on the same topic."""
TOPIC_NEIGHBOURS = 30


class TrendResult(BaseModel):
    """One post that matched the query, with how far it beat its creator's normal."""

    post_id: str
    platform: str
    creator: str
    title: str | None
    format: str
    views: int | None = Field(description="views; None where the platform has none (Reddit)")
    baseline_median: float | None = Field(description="median metric of the creator's other posts of this format")
    outlier_score: float | None = Field(description="metric / baseline_median; None without other posts")
    niche_score: float | None = Field(description="metric / median metric of the posts matching the query")
    engagement_rate: float | None = Field(description="(likes + comments + shares) / views")
    published_at: datetime | None
    why: str = Field(description="the score in one sentence a person can check")
    thin_baseline: bool = Field(description=f"fewer than {THIN_BASELINE} other posts in the baseline")
    metric: str = Field(default="views", description="views, or upvotes where there are no views")
    baseline_posts: int = Field(default=0, description="how many other posts the baseline has")
    similarity: float = Field(default=0.0, description="cosine similarity of the post to the query")
    relevance: float = Field(default=0.0, description="similarity plus the keyword bonus (tools/corpus/search.py)")
    url: str | None = None
    creator_id: str = ""
    age_days: int | None = Field(default=None, description="days from publication to the export (newest post of the platform)")
    too_young: bool = Field(default=False, description="younger than the maturity window with too few posts of a similar age")
    baseline_kind: str = Field(default="mature", description="mature | similar_age | too_young | none")
    repeat_creators: int = Field(default=0, description="other creators whose posts on the same topic also beat their normal")


@dataclass(frozen=True)
class Baseline:
    median: float | None
    count: int


def median_without(sorted_values: np.ndarray, value: float) -> Baseline:
    """Median of `sorted_values` with one occurrence of `value` removed (the post itself)."""
    count = len(sorted_values)
    index = int(np.searchsorted(sorted_values, value))
    if index >= count or sorted_values[index] != value:
        others = sorted_values  # the value is not in the group: nothing to remove
    else:
        others = np.delete(sorted_values, index)
    if len(others) == 0:
        return Baseline(None, 0)
    return Baseline(float(np.median(others)), len(others))


def format_noun(platform: str, format_: str, plural: bool = False) -> str:
    if platform == "youtube":
        noun = "Short" if format_ == "short" else "long video"
    elif platform == "tiktok":
        noun = "video" if format_ == "short" else "long video"
    elif format_ == "text":
        noun = "post"
    else:
        noun = f"{format_} video"
    return noun + "s" if plural else noun


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or float(value).is_integer() else f"{value:,.1f}"


def explain(post: Post, metric_name: str, value: int, baseline: Baseline, score: float | None, *,
            age_days: int | None = None, kind: str = "mature") -> str:
    """E.g. "4.3x Nude Project's median Short (560 views), 2,410 views"."""
    noun = format_noun(post.platform, post.format)
    if kind == "too_young":
        return (
            f"{_number(value)} {metric_name} after {age_days} day(s): too young to judge, {post.creator} has fewer "
            f"than 3 other {format_noun(post.platform, post.format, plural=True)} of a similar age"
        )
    if score is None or baseline.median is None:
        return (
            f"{_number(value)} {metric_name}; {post.creator} has no other "
            f"{format_noun(post.platform, post.format, plural=True)} to compare with"
        )
    sentence = f"{score:.1f}x {post.creator}'s median {noun} ({_number(baseline.median)} {metric_name}), {_number(value)} {metric_name}"
    if kind == "similar_age":
        sentence += f"; {age_days} day(s) old, so compared with posts of a similar age"
    if baseline.count < THIN_BASELINE:
        others = format_noun(post.platform, post.format, plural=baseline.count != 1)
        sentence += f"; thin baseline: only {baseline.count} other {others}"
    return sentence


def search_trends(
    store: CorpusStore,
    query: str,
    *,
    creator: str | None = None,
    platform: str | None = None,
    since: date | None = None,
    limit: int = 10,
    as_of: datetime | None = None,
) -> list[TrendResult]:
    """Posts matching `query` (empty or `*`: all posts) within the filters, best outliers first.

    `as_of` is the date the metrics were exported (default: per platform, the newest post).

    `creator` is a name, handle or id (NotFoundError lists the known ones); `platform` is
    youtube|tiktok|reddit|csv; `since` keeps posts published on or after that day.
    """
    limit = _check_limit(limit)
    scope = trend_scope(store, creator=creator, platform=platform, since=since)
    context = build_context(store, as_of)
    results = score_candidates(store, query, scope, pool=max(CANDIDATES_MIN, 5 * limit), context=context)[:limit]
    return add_repeat_creators(store, results, context)


def trend_scope(
    store: CorpusStore, *, creator: str | None = None, platform: str | None = None, since: date | None = None
) -> Scope:
    if platform is not None:
        platform = platform.strip().lower()
        if platform not in PLATFORMS:
            raise InputError(f"Platform {platform!r} is not one of {', '.join(PLATFORMS)}.")
    creator_ids = tuple(found.id for found in store.resolve_creators(creator)) if creator else None
    since_ts = int(datetime.combine(since, datetime.min.time(), tzinfo=UTC).timestamp()) if since else None
    return Scope(creator_ids=creator_ids, platform=platform, since_ts=since_ts)


def score_candidates(
    store: CorpusStore, query: str, scope: Scope, *, pool: int = CANDIDATES_MIN, keep: int = 0,
    context: AgeContext | None = None,
) -> list[TrendResult]:
    """The posts that match `query` in `scope` (all of them when the query is empty), scored
    and ranked by outlier score. `keep` tops the matches up with the next nearest posts (the
    theme map uses it for context); searches keep only real matches."""
    text = (query or "").strip()
    relevance: dict[str, float] = {}
    similarities: dict[str, float] = {}
    if text in ("", "*"):
        posts = store.posts_by_id(store.post_ids_where(scope))
    else:
        hits, _vectors = hybrid_search(store, "posts", text, pool, scope)
        found = store.posts_by_id([hit.id for hit in hits])  # joins on SQLite: uncommitted vectors drop out
        # Keywords count in the title and tags only: descriptions repeat boilerplate on every post.
        texts = {post_id: " ".join([post.title or post.caption or "", *post.tags]) for post_id, post in found.items()}
        chosen = select_relevant(hits, texts, query_terms(text))
        if keep and len(chosen) < keep:
            picked = {item[0] for item in chosen}
            chosen += [(hit.id, hit.similarity, hit.similarity) for hit in hits if hit.id in found and hit.id not in picked][: keep - len(chosen)]
        posts = {post_id: found[post_id] for post_id, _similarity, _relevance in chosen}
        similarities = {post_id: similarity for post_id, similarity, _relevance in chosen}
        relevance = {post_id: score for post_id, _similarity, score in chosen}
    metric_of = {post_id: _metric(post) for post_id, post in posts.items()}
    candidates = [post for post_id, post in posts.items() if metric_of[post_id][1] is not None]
    niche = _niche_medians(candidates, metric_of)
    context = context or build_context(store)
    results = []
    for post in candidates:
        metric_name, value = metric_of[post.id]
        assert value is not None
        aged = aged_baseline(context, post)
        baseline = Baseline(aged.median, aged.count)
        score = value / max(baseline.median, 1.0) if baseline.median is not None else None
        niche_median = niche.get(metric_name)
        results.append(
            TrendResult(
                post_id=post.id,
                platform=post.platform,
                creator=post.creator,
                creator_id=post.creator_id,
                title=post.title or (post.caption or "")[:120] or None,
                format=post.format,
                views=post.views,
                baseline_median=baseline.median,
                outlier_score=round(score, 3) if score is not None else None,
                niche_score=round(value / max(niche_median, 1.0), 3) if niche_median is not None else None,
                engagement_rate=_engagement(post),
                published_at=post.published_at,
                why=explain(post, metric_name, value, baseline, score, age_days=aged.age_days, kind=aged.kind),
                thin_baseline=baseline.count < THIN_BASELINE,
                metric=metric_name,
                baseline_posts=baseline.count,
                similarity=round(similarities.get(post.id, 0.0), 4),
                relevance=round(relevance.get(post.id, 0.0), 4),
                url=post.url,
                age_days=aged.age_days,
                too_young=aged.kind == "too_young",
                baseline_kind=aged.kind,
            )
        )
    results.sort(key=lambda item: (item.outlier_score is None, -(item.outlier_score or 0.0), -item.relevance, item.post_id))
    return results


def add_repeat_creators(store: CorpusStore, results: list[TrendResult], context: AgeContext) -> list[TrendResult]:
    """Fill `repeat_creators`: other creators with a post on the same topic (among the
    TOPIC_NEIGHBOURS nearest, at least TOPIC_SIMILARITY close) scoring REPEAT_OUTLIER or more."""
    if not results:
        return results
    vectors = store.vectors_of("posts", [result.post_id for result in results])
    scores: dict[str, float | None] = {}
    for result in results:
        vector = vectors.get(result.post_id)
        if vector is None:
            continue
        ids, similarities, _ = store.nearest("posts", vector, TOPIC_NEIGHBOURS, Scope())
        creators = set()
        for post_id, similarity in zip(ids, similarities, strict=True):
            post = context.posts.get(post_id)
            if post is None or similarity < TOPIC_SIMILARITY or post.creator_id == result.creator_id:
                continue
            if post_id not in scores:
                _name, value = _metric(post)
                aged = aged_baseline(context, post)
                scores[post_id] = value / max(aged.median, 1.0) if value is not None and aged.median is not None else None
            score = scores[post_id]
            if score is not None and score >= REPEAT_OUTLIER:
                creators.add(post.creator_id)
        result.repeat_creators = len(creators)
    return results


def _metric(post: Post) -> tuple[str, int | None]:
    """Views; upvotes on Reddit, which has no views (the same rule as `CorpusStore.baselines`)."""
    if post.platform == "reddit":
        return "upvotes", post.likes
    return "views", post.views


def _niche_medians(posts: list[Post], metric_of: dict[str, tuple[str, int | None]]) -> dict[str, float]:
    groups: dict[str, list[int]] = {}
    for post in posts:
        name, value = metric_of[post.id]
        if value is not None:
            groups.setdefault(name, []).append(value)
    return {name: float(np.median(values)) for name, values in groups.items()}


def _engagement(post: Post) -> float | None:
    if not post.views:
        return None
    interactions = (post.likes or 0) + (post.comments or 0) + (post.shares or 0)
    return round(interactions / post.views, 4)


def _check_limit(limit: int) -> int:
    if limit < 1:
        raise InputError(f"--limit must be at least 1 (got {limit}).")
    return min(limit, MAX_LIMIT)
