"""What the outliers have in common: title, caption, hook and timing features against the
outlier score. Correlation, not causation.

Each post in scope that has an age-aware outlier score (tools/trend_age.py; too-young posts
are left out) gets yes/no features (tools/pattern_features.py) plus its topic cluster
(weighted k-means on the post vectors, labelled by distinctive title words). For every
feature held by at least MIN_GROUP posts and missing from at least MIN_GROUP:

    effect = median(outlier score of posts with it) / median(outlier score of posts without it)

with a 95% percentile bootstrap interval: BOOTSTRAP resamples of each group, seeded. The
median of a resample of n sorted values x(1..n) is drawn directly from its distribution
instead of by drawing n values: its (lower) middle rank m satisfies
P(median <= x(j)) = P(Binomial(n, j/n) >= m), sampled by inverting that CDF with numpy
(for an even n the two middle ranks are drawn with the same uniform number, which keeps
both marginals exact and their order); this makes 1,000 resamples of 37 features cost milliseconds instead of seconds.
An effect of 1.8 reads "posts with it reach 1.8x the median multiplier of posts without
it". Features whose interval excludes 1 come first, then by strength.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import numpy as np
from pydantic import BaseModel, Field
from scipy.stats import binom
from threadpoolctl import threadpool_limits

from core.errors import InputError
from tools.corpus.lexicon import STOPWORDS
from tools.corpus.models import PLATFORMS, Post
from tools.corpus.search import fold
from tools.corpus.store import CorpusStore
from tools.insights import weighted_kmeans
from tools.pattern_features import _WORD, headline, post_features
from tools.trend_age import aged_baseline, build_context, metric_of

MIN_GROUP = 10
BOOTSTRAP = 1000
MAX_TOPICS = 8
POSTS_PER_TOPIC = 25
SEED = 16
CAVEAT = (
    "Correlation, not causation: these features go with higher or lower outlier scores in this data; "
    "topic, timing and luck travel together, so test a pattern before relying on it."
)
_FOLDED_STOPWORDS = frozenset(fold(word) for word in STOPWORDS)


class PatternEffect(BaseModel):
    feature: str
    effect: float = Field(description="median outlier score with the feature / without it")
    ci_low: float
    ci_high: float
    n_with: int
    n_without: int
    median_with: float
    median_without: float
    clear: bool = Field(description="the 95% interval excludes 1")
    examples: list[str] = Field(default_factory=list, description="post ids of the strongest posts with the feature")


class PatternReport(BaseModel):
    posts: int = Field(description="posts with an outlier score in scope")
    skipped_too_young: int = 0
    patterns: list[PatternEffect]
    caveat: str = CAVEAT


def outlier_patterns(
    store: CorpusStore, *, creator: str | None = None, platform: str | None = None, limit: int = 30
) -> PatternReport:
    """Which features go with higher (or lower) outlier scores in scope."""
    if platform is not None:
        platform = platform.strip().lower()
        if platform not in PLATFORMS:
            raise InputError(f"Platform {platform!r} is not one of {', '.join(PLATFORMS)}.")
    if limit < 1:
        raise InputError(f"--limit must be at least 1 (got {limit}).")
    creator_ids = tuple(found.id for found in store.resolve_creators(creator)) if creator else None
    context = build_context(store)
    posts: list[Post] = []
    scores: list[float] = []
    young = 0
    for post in context.posts.values():
        if (creator_ids is not None and post.creator_id not in creator_ids) or (platform and post.platform != platform):
            continue
        _name, value = metric_of(post)
        baseline = aged_baseline(context, post)
        if baseline.kind == "too_young":
            young += 1
        if value is None or baseline.median is None:
            continue
        posts.append(post)
        scores.append(value / max(baseline.median, 1.0))
    if not posts:
        return PatternReport(posts=0, skipped_too_young=young, patterns=[])
    features = [post_features(post) for post in posts]
    for index, topic in _topics(store, posts).items():
        features[index].add(topic)
    values = np.asarray(scores, dtype=np.float64)
    by_feature: dict[str, list[int]] = defaultdict(list)
    for index, found in enumerate(features):
        for feature in found:
            by_feature[feature].append(index)
    rng = np.random.default_rng(SEED)
    effects = []
    for feature in sorted(by_feature):
        members = np.zeros(len(posts), dtype=bool)
        members[by_feature[feature]] = True
        with_, without = values[members], values[~members]
        if len(with_) < MIN_GROUP or len(without) < MIN_GROUP:
            continue
        effect, low, high = _effect(with_, without, rng)
        strongest = sorted(by_feature[feature], key=lambda index: -values[index])[:3]
        effects.append(
            PatternEffect(
                feature=feature, effect=round(effect, 3), ci_low=round(low, 3), ci_high=round(high, 3),
                n_with=len(with_), n_without=len(without),
                median_with=round(float(np.median(with_)), 3), median_without=round(float(np.median(without)), 3),
                clear=low > 1.0 or high < 1.0, examples=[posts[index].id for index in strongest],
            )
        )
    effects.sort(key=lambda item: (not item.clear, -abs(math.log(max(item.effect, 1e-9))), item.feature))
    return PatternReport(posts=len(posts), skipped_too_young=young, patterns=effects[:limit])


def _effect(with_: np.ndarray, without: np.ndarray, rng: np.random.Generator) -> tuple[float, float, float]:
    """Median ratio and its percentile bootstrap 95% interval."""
    floor = 1e-6
    effect = max(float(np.median(with_)), floor) / max(float(np.median(without)), floor)
    resampled_with = bootstrap_medians(with_, BOOTSTRAP, rng)
    resampled_without = bootstrap_medians(without, BOOTSTRAP, rng)
    ratios = np.maximum(resampled_with, floor) / np.maximum(resampled_without, floor)
    low, high = np.percentile(ratios, [2.5, 97.5])
    return effect, float(low), float(high)


def _rank_draws(count: int, rank: int, uniform: np.ndarray) -> np.ndarray:
    """0-based ranks of the `rank`-th smallest of `count` draws (with replacement) from `count`
    sorted values, one per number in `uniform` (inverse CDF)."""
    cdf = binom.sf(rank - 1, count, np.arange(1, count + 1) / count)
    return np.minimum(np.searchsorted(cdf, uniform, side="left"), count - 1)


def bootstrap_medians(values: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    """Medians of `size` bootstrap resamples of `values` (see the module docstring)."""
    ordered = np.sort(np.asarray(values, dtype=np.float64))
    count = len(ordered)
    uniform = rng.random(size)
    lower = _rank_draws(count, (count + 1) // 2, uniform)
    if count % 2:
        return ordered[lower]
    upper = _rank_draws(count, count // 2 + 1, uniform)
    return (ordered[lower] + ordered[upper]) / 2


def _topics(store: CorpusStore, posts: list[Post]) -> dict[int, str]:
    """Each post's topic cluster as a feature ("topic: pasta · carbonara"), from its vector."""
    k = min(MAX_TOPICS, len(posts) // POSTS_PER_TOPIC)
    if k < 2:
        return {}
    vectors = store.vectors_of("posts", [post.id for post in posts])
    indexed = [index for index, post in enumerate(posts) if post.id in vectors]
    if len(indexed) < 2 * MIN_GROUP:
        return {}
    points = np.vstack([vectors[posts[index].id] for index in indexed]).astype(np.float64)
    # One BLAS thread: on a busy 2-core machine OpenBLAS's threads made this 15x slower (measured).
    with threadpool_limits(limits=1, user_api="blas"):
        labels = weighted_kmeans(points, np.ones(len(indexed)), k, restarts=1, iterations=25)
    words: list[set[str]] = [
        {fold(word) for word in _WORD.findall(headline(posts[index])) if len(word) >= 3} - _FOLDED_STOPWORDS
        for index in indexed
    ]
    overall = Counter(word for found in words for word in found)
    names: dict[int, str] = {}
    for cluster in {int(label) for label in labels}:
        members = [position for position, label in enumerate(labels) if int(label) == cluster]
        counts = Counter(word for position in members for word in words[position])
        distinctive = sorted(
            counts, key=lambda word: (-(counts[word] / len(members)) * math.log(len(indexed) / overall[word]), word)
        )
        names[cluster] = "topic: " + (" · ".join(distinctive[:3]) or f"cluster {cluster + 1}")
    return {indexed[position]: names[int(label)] for position, label in enumerate(labels)}
