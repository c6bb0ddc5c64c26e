"""Comment insights: what the audience says about a topic, grouped into weighted themes.

Comments are tier-1 opinions; likes and replies are tier-2 votes on them. Each comment
weighs

    w = 1 + ln(1 + likes) + 0.5 * ln(1 + replies) + 0.5 * ln(1 + A) - 0.5 * ln(1 + P)   (at least 0.1)

where `replies` is the reply count, and, where reply texts exist (Reddit), A and P are
the replies that agree with the comment and that push back on it, each reply counted as
1 + ln(1 + its likes) (the stance is a lexical rule, tools/corpus/opinions.py). Logarithms
give diminishing returns: the 1,000th like adds far less than the first.

The relevant comments (those holding half the query's terms or close in meaning to the best
match, see tools/corpus/search.py; for an empty query, the most-liked in scope) are clustered with
weighted k-means on their embedding plus their category (so themes rarely mix praise with
complaints). Each cluster gets distinctive terms as its label, the category with the most
weight, its share of all the weight (shares sum to 1), weighted sentiment, and its
highest-weight comments as quotes. Categories and sentiment are lexicon rules (English,
Spanish, German) computed at import: no chat model is involved.

Likes can be bought, so no single comment may carry a theme: each weight is capped at
`max(WEIGHT_CAP_MIN, WEIGHT_CAP_FACTOR * median weight)`, a theme says when one comment
still holds most of its weight, and the safety gate (tools/safety) screens every comment
with the whole section's signals (the same text from several comments, likes out of line
with replies). A flagged comment counts as one plain voice (weight 1, its likes ignored),
is listed under the theme's `flagged` comments with the reasons, and is never a quote.

Each theme, and the whole report, says which languages its comments are in (`languages`: each
language's share of the comments long enough to tell), read from the language stored with each
comment at import (tools/corpus/language_rows.py), never detected again here.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, Field

from core.errors import InputError
from tools.corpus import language_rows
from tools.corpus.lexicon import EMOTION_EMOJI, POSITIVE_EMOJI, STOPWORDS
from tools.corpus.opinions import CATEGORIES, Category
from tools.corpus.search import Scope, fold, hybrid_search, query_terms, select_relevant
from tools.corpus.store import CommentRow, CorpusStore, Stances
from tools.language import language_shares
from tools.safety import BatchComment, Screened, screen_batch

MAX_COMMENTS = 400
"""Most comments analysed per call: the nearest and the keyword matches are each capped at
this, and an empty query takes this many of the most-liked comments in scope."""
MAX_CLUSTERS = 12
MIN_CLUSTER_SIZE = 8
"""k = min(limit, comments // 8): about eight comments per theme at least, on average."""
QUOTES_PER_CLUSTER = 5
QUOTE_CHARS = 400
WEIGHT_CAP_MIN = 5.0
"""No comment weighs more than this (about 50 likes and a few replies) ..."""
WEIGHT_CAP_FACTOR = 4.0
"""... or this many times the median weight of the comments analysed, whichever is larger."""
DOMINANCE_SHARE = 0.5
"""A theme of three or more comments whose heaviest comment holds this share is 'dominated'."""
CATEGORY_WEIGHT = 1.5
"""How far apart (in the clustering space) two comments of different categories start."""

_WORD = re.compile(r"[^\W\d_][^\W_]{2,}", re.UNICODE)
_EMOJI = set(EMOTION_EMOJI + POSITIVE_EMOJI)
_FOLDED_STOPWORDS = frozenset(fold(word) for word in STOPWORDS)


class Quote(BaseModel):
    comment_id: str
    text: str
    likes: int
    replies: int
    weight: float = Field(description="the comment's engagement weight (capped)")
    flagged: bool = Field(default=False, description="the safety gate flagged it: shown, never citable")
    flag_reasons: list[str] = Field(default_factory=list)


class InsightCluster(BaseModel):
    id: str = Field(description="K1, K2, ... in order of engagement share")
    label: str = Field(description="the cluster's most distinctive terms")
    category: Category
    size: int = Field(description="comments in the cluster")
    engagement_share: float = Field(description="the cluster's share of all weight; shares sum to 1")
    sentiment: float = Field(description="weighted mean sentiment, -1..1")
    quotes: list[Quote] = Field(description="up to 5 comments, highest weight first")
    terms: list[str] = Field(default_factory=list)
    post_ids: list[str] = Field(default_factory=list, description="posts the quoted comments are on")
    flagged: list[Quote] = Field(default_factory=list, description="comments the safety gate flagged: never quotes")
    top_comment_share: float = Field(default=0.0, description="share of the theme's weight its heaviest comment holds")
    dominated_by: str | None = Field(default=None, description="the comment id holding most of the weight, if one does")
    note: str = Field(default="", description="a sentence for a person, e.g. when one comment dominates")
    languages: dict[str, float] = Field(
        default_factory=dict, description="ISO 639-1 code -> share of its comments long enough to tell, largest first"
    )


class InsightReport(BaseModel):
    total_comments: int = Field(description="comments analysed (the relevant ones)")
    clusters: list[InsightCluster]
    scope_comments: int = Field(default=0, description="all comments in the post/creator scope")
    query: str = ""
    languages: dict[str, float] = Field(default_factory=dict, description="the same shares over all comments analysed")


@dataclass(frozen=True)
class _Item:
    row: CommentRow
    weight: float
    vector: np.ndarray
    screened: Screened | None = None


@dataclass(frozen=True)
class InsightPoint:
    """One analysed comment, for the theme map."""

    comment_id: str
    cluster_id: str
    weight: float
    vector: np.ndarray
    text: str


def engagement_weight(likes: int, replies: int, agree: float = 0.0, pushback: float = 0.0) -> float:
    """w = 1 + ln(1 + likes) + 0.5 ln(1 + replies) + 0.5 ln(1 + agree) - 0.5 ln(1 + pushback), >= 0.1."""
    weight = (
        1.0
        + math.log1p(max(likes, 0))
        + 0.5 * math.log1p(max(replies, 0))
        + 0.5 * math.log1p(max(agree, 0.0))
        - 0.5 * math.log1p(max(pushback, 0.0))
    )
    return max(0.1, weight)


def comment_insights(
    store: CorpusStore,
    query: str,
    *,
    post_id: str | None = None,
    creator: str | None = None,
    limit: int = 6,
) -> InsightReport:
    """Themes in the comments about `query` (empty or `*`: all comments in scope), at most
    `limit` clusters, largest engagement share first."""
    return analyse_comments(store, query, post_id=post_id, creator=creator, limit=limit)[0]


def analyse_comments(
    store: CorpusStore,
    query: str,
    *,
    post_id: str | None = None,
    creator: str | None = None,
    limit: int = 6,
) -> tuple[InsightReport, list[InsightPoint]]:
    """`comment_insights` plus every analysed comment with its cluster (for the theme map)."""
    if limit < 1:
        raise InputError(f"--limit must be at least 1 (got {limit}).")
    limit = min(limit, MAX_CLUSTERS)
    scope = Scope()
    if post_id:
        scope = Scope(post_id=store.resolve_post(post_id).id)
    if creator:
        scope = Scope(creator_ids=tuple(found.id for found in store.resolve_creators(creator)), post_id=scope.post_id)
    text = (query or "").strip()
    language_rows.backfill(store)  # once, for comments imported before their languages were stored
    ids, scope_total = store.top_comment_ids(scope, 0 if text not in ("", "*") else MAX_COMMENTS)
    if text in ("", "*"):
        rows = store.comment_rows(ids)
        vectors = store.vectors_of("comments", list(rows))
        ordered = [rows[comment_id] for comment_id in ids if comment_id in rows and comment_id in vectors]
    else:
        hits, vectors = hybrid_search(store, "comments", text, MAX_COMMENTS, scope, with_vectors=True)
        rows = store.comment_rows([hit.id for hit in hits])  # joins on SQLite: orphan vectors drop out
        texts = {comment_id: row.text for comment_id, row in rows.items() if comment_id in vectors}
        chosen = select_relevant(hits, texts, query_terms(text))[:MAX_COMMENTS]
        ordered = [rows[comment_id] for comment_id, _similarity, _relevance in chosen]
    stances = store.reply_stances([row.id for row in ordered])
    items = gated_items(
        ordered, [_weight(row, stances.get(row.id)) for row in ordered],
        [np.asarray(vectors[row.id], dtype=np.float32) for row in ordered],
    )
    clusters, labels = cluster_comments(items, limit)
    report = InsightReport(
        total_comments=len(items), clusters=clusters, scope_comments=scope_total, query=text,
        languages=language_shares(item.row.language for item in items),
    )
    points = [
        InsightPoint(item.row.id, label, item.weight, item.vector, item.row.text) for item, label in zip(items, labels, strict=True)
    ]
    return report, points


def gated_items(rows: list[CommentRow], weights: list[float], vectors: list[np.ndarray]) -> list[_Item]:
    """Screen the comments as one section, then cap weights: flagged comments weigh 1, and
    no comment more than `weight_cap` of the section."""
    screened = screen_batch([BatchComment(row.text, row.likes, row.reply_count) for row in rows])
    adjusted = [1.0 if check.flagged else weight for check, weight in zip(screened, weights, strict=True)]
    cap = weight_cap(adjusted)
    return [
        _Item(row, min(weight, cap), vector, check)
        for row, weight, vector, check in zip(rows, adjusted, vectors, screened, strict=True)
    ]


def weight_cap(weights: list[float]) -> float:
    return max(WEIGHT_CAP_MIN, WEIGHT_CAP_FACTOR * float(np.median(weights))) if weights else WEIGHT_CAP_MIN


def _weight(row: CommentRow, stances: Stances | None) -> float:
    stances = stances or Stances()
    return engagement_weight(row.likes, row.reply_count, stances.agree, stances.pushback)


def cluster_comments(items: list[_Item], limit: int) -> tuple[list[InsightCluster], list[str]]:
    """Weighted k-means over embedding + category; clusters described and ordered by share.
    Returns the clusters and each item's cluster id."""
    if not items:
        return [], []
    weights = np.asarray([item.weight for item in items], dtype=np.float64)
    k = min(limit, len(items), max(1, len(items) // MIN_CLUSTER_SIZE))
    labels = _kmeans(items, weights, k)
    groups: dict[int, list[int]] = defaultdict(list)
    for index, label in enumerate(labels):
        groups[int(label)].append(index)
    total_weight = float(weights.sum())
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    documents = [_terms(item.row.text, surfaces) for item in items]
    overall = _term_weights(documents, weights, range(len(items)))
    clusters: list[InsightCluster] = []
    cluster_of_group: dict[int, InsightCluster] = {}
    for group, members in groups.items():
        member_weights = weights[members]
        share = float(member_weights.sum()) / total_weight
        by_category: Counter[str] = Counter()
        for index in members:
            by_category[items[index].row.category] += float(weights[index])
        category = max(CATEGORIES, key=lambda name: (by_category.get(name, 0.0), -CATEGORIES.index(name)))
        sentiment = float(np.average([items[index].row.sentiment for index in members], weights=member_weights))
        terms = [surfaces[term].most_common(1)[0][0] for term in _distinctive_terms(documents, weights, members, overall)]
        ranked = sorted(members, key=lambda index: (-weights[index], items[index].row.id))
        quotes: list[Quote] = []
        flagged: list[Quote] = []
        seen_texts: set[str] = set()
        for index in ranked:
            row, check = items[index].row, items[index].screened
            if check is not None and check.flagged:
                if len(flagged) < QUOTES_PER_CLUSTER:
                    flagged.append(Quote(comment_id=row.id, text=_shorten(check.text), likes=row.likes, replies=row.reply_count,
                                         weight=round(float(weights[index]), 4), flagged=True, flag_reasons=list(check.reasons)))
                continue
            key = fold(" ".join(row.text.split()))
            if key in seen_texts or len(quotes) == QUOTES_PER_CLUSTER:
                continue
            seen_texts.add(key)
            quotes.append(
                Quote(
                    comment_id=row.id,
                    text=_shorten(row.text),
                    likes=row.likes,
                    replies=row.reply_count,
                    weight=round(float(weights[index]), 4),
                )
            )
        top_share = float(weights[ranked[0]]) / float(member_weights.sum())
        dominated_by = items[ranked[0]].row.id if len(members) >= 3 and top_share >= DOMINANCE_SHARE else None
        clusters.append(
            InsightCluster(
                id="",
                label=" · ".join(terms[:3]) or category.replace("_", " "),
                category=category,  # type: ignore[arg-type]
                size=len(members),
                engagement_share=share,
                sentiment=round(max(-1.0, min(1.0, sentiment)), 4),
                quotes=quotes,
                terms=terms,
                post_ids=list(dict.fromkeys(items[index].row.post_id for index in ranked[:QUOTES_PER_CLUSTER])),
                flagged=flagged,
                top_comment_share=round(top_share, 4),
                dominated_by=dominated_by,
                note=_note(top_share, dominated_by, len(members), len(flagged)),
                languages=language_shares(items[index].row.language for index in members),
            )
        )
        cluster_of_group[group] = clusters[-1]
    clusters.sort(key=lambda cluster: (-cluster.engagement_share, (cluster.quotes or cluster.flagged)[0].comment_id))
    for number, cluster in enumerate(clusters, start=1):
        cluster.id = f"K{number}"
    return clusters, [cluster_of_group[int(label)].id for label in labels]


def _note(top_share: float, dominated_by: str | None, size: int, flagged: int) -> str:
    sentences = []
    if dominated_by:
        sentences.append(
            f"One comment carries {top_share:.0%} of this theme's weight across {size} comments: "
            "read it as one voice, not a consensus."
        )
    if flagged:
        sentences.append(f"{flagged} comment(s) here looked like instructions or promotion; they are shown flagged and never quoted.")
    return " ".join(sentences)


def _kmeans(items: list[_Item], weights: np.ndarray, k: int) -> np.ndarray:
    """Cluster labels from weighted k-means on [embedding, CATEGORY_WEIGHT * one-hot(category)]."""
    if k <= 1:
        return np.zeros(len(items), dtype=int)
    onehot = np.zeros((len(items), len(CATEGORIES)), dtype=np.float64)
    for index, item in enumerate(items):
        onehot[index, CATEGORIES.index(item.row.category)] = CATEGORY_WEIGHT  # type: ignore[arg-type]
    features = np.hstack([np.vstack([item.vector for item in items]).astype(np.float64), onehot])
    return weighted_kmeans(features, weights, k)


def weighted_kmeans(points: np.ndarray, weights: np.ndarray, k: int, *, restarts: int = 3, iterations: int = 60) -> np.ndarray:
    """Lloyd's algorithm with weighted centroids and weighted k-means++ seeding; the restart with
    the lowest weighted inertia wins. Seeded, so the same comments give the same clusters.
    (A few hundred points: plain numpy is faster here than a general library's set-up.)"""
    count = len(points)
    k = min(k, count)
    squared = np.einsum("ij,ij->i", points, points)
    best_labels, best_inertia = np.zeros(count, dtype=int), math.inf
    rng = np.random.default_rng(0)
    for _restart in range(restarts):
        centres = np.empty((k, points.shape[1]))
        first = int(rng.choice(count, p=weights / weights.sum()))
        centres[0] = points[first]
        nearest = np.maximum(squared - 2 * points @ centres[0] + centres[0] @ centres[0], 0.0)
        chosen = 1
        while chosen < k:
            pull = weights * nearest
            if pull.sum() <= 0:
                break
            index = int(rng.choice(count, p=pull / pull.sum()))
            centres[chosen] = points[index]
            nearest = np.minimum(nearest, np.maximum(squared - 2 * points @ points[index] + points[index] @ points[index], 0.0))
            chosen += 1
        centres = centres[:chosen]
        labels = np.zeros(count, dtype=int)
        for _step in range(iterations):
            distances = squared[:, None] - 2 * points @ centres.T + np.einsum("ij,ij->i", centres, centres)[None, :]
            new_labels = distances.argmin(axis=1)
            if _step and np.array_equal(new_labels, labels):
                break
            labels = new_labels
            membership = np.zeros((count, len(centres)))
            membership[np.arange(count), labels] = weights
            mass = membership.sum(axis=0)
            filled = mass > 0
            centres[filled] = (membership.T @ points)[filled] / mass[filled, None]  # empty clusters keep their centre
        distances = squared[:, None] - 2 * points @ centres.T + np.einsum("ij,ij->i", centres, centres)[None, :]
        labels = distances.argmin(axis=1)
        inertia = float((weights * np.maximum(distances[np.arange(count), labels], 0.0)).sum())
        if inertia < best_inertia - 1e-9:
            best_labels, best_inertia = labels, inertia
    return best_labels


def _terms(text: str, surfaces: dict[str, Counter[str]]) -> set[str]:
    """A comment's content words, accent-folded (and its emoji); `surfaces` learns how each
    folded word is usually written, for the label."""
    words: set[str] = set()
    for word in _WORD.findall(text.lower()):
        folded = fold(word)
        if folded in _FOLDED_STOPWORDS or folded.startswith("http"):
            continue
        words.add(folded)
        surfaces[folded][word] += 1
    for char in text:
        if char in _EMOJI:
            words.add(char)
            surfaces[char][char] += 1
    return words


def _term_weights(documents: list[set[str]], weights: np.ndarray, members: range | list[int]) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for index in members:
        for term in documents[index]:
            totals[term] += float(weights[index])
    mass = float(sum(weights[index] for index in members)) or 1.0
    return {term: value / mass for term, value in totals.items()}


def _distinctive_terms(
    documents: list[set[str]], weights: np.ndarray, members: list[int], overall: dict[str, float], *, top: int = 5
) -> list[str]:
    """Terms frequent in the cluster and rarer elsewhere: p(t|c) * ln(p(t|c) / p(t)), weighted by
    comment weight; a term must appear in two comments of a cluster of three or more."""
    inside = _term_weights(documents, weights, members)
    counts: Counter[str] = Counter(term for index in members for term in documents[index])
    needed = 2 if len(members) >= 3 else 1
    scored = [
        (probability * math.log(probability / max(overall.get(term, probability), 1e-9)) + 1e-6 * probability, term)
        for term, probability in inside.items()
        if counts[term] >= needed
    ]
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [term for _score, term in scored[:top]]


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"
