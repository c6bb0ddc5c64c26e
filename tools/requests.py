"""The requests ledger: what the audience asks the creator for, grouped, weighted, and
checked against what the creator has already made.

1. Comments in scope (for a query: the relevant ones, as in insights) whose reading by the
   cue-based detector (tools/request_cues.py), stored with the comment at import
   (tools/corpus/request_rows.py), is a request or a question to the creator; one indexed
   query. Comments imported before the readings existed are read once, on first use.
2. Each weighs like an insight comment: w = 1 + ln(1 + likes) + 0.5 ln(1 + replies).
3. The MAX_REQUESTS heaviest are grouped greedily, heaviest first: a comment joins the closest
   group whose first (heaviest) comment is within GROUP_SIMILARITY (cosine; the first comment,
   not the centroid, so a group cannot drift into "any comment"), or within GROUP_SIMILARITY_SHARED
   when it shares a topic word with the group's first comment (a word that is not a stop
   word, a request word like "video"/"porfa"/"bitte", or the creator's name); else it starts
   a new group. (MiniLM puts any two Spanish comments near 0.4 and few pairs above 0.7.)
4. A group's `demand` is the sum of its weights; `label` is the request sentence of its
   heaviest comment; `trend` compares the last TREND_DAYS before the newest request in
   scope with everything before.
5. `status` is `covered` when one of the creator's posts (title, caption, tags, transcript
   as embedded at import) is within COVERED_SIMILARITY of the group's centroid, or within
   COVERED_LEXICAL_SIMILARITY and its title, caption, tags or transcript opening hold half of
   the request's topic words; else `open`.
6. `languages` lists the languages of the group's comments, most common first, as detected and
   stored at import (tools/corpus/language_rows.py); nothing is detected here.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal

import numpy as np
from pydantic import BaseModel, Field
from threadpoolctl import threadpool_limits

from core.errors import InputError
from tools.corpus import language_rows, request_rows
from tools.corpus.models import Post
from tools.corpus.request_rows import RequestComment
from tools.corpus.search import (
    Scope,
    fold,
    hybrid_search,
    lexical_overlap,
    query_terms,
    select_relevant,
)
from tools.corpus.store import CorpusStore
from tools.language import language_shares
from tools.request_cues import RequestReading

MAX_LIMIT = 50
MAX_REQUESTS = 600
"""Most request comments grouped per call (the heaviest)."""
MAX_RELEVANT = 400
GROUP_SIMILARITY = 0.8
GROUP_SIMILARITY_SHARED = 0.6
COVERED_SIMILARITY = 0.8
COVERED_LEXICAL_SIMILARITY = 0.45
COVERED_TRANSCRIPT_CHARS = 3000
REQUEST_WORDS = frozenset(
    fold(word)
    for word in ["video", "videos", "vídeo", "vídeos", "vid", "podcast", "podcasts", "episode", "episodio", "episodios", "capitulo", "capítulo", "entrevista", "entrevistas", "part", "parte", "partes", "teil", "folge", "segunda", "second", "next", "próximo", "proxima", "próxima", "siguiente", "more", "más", "mehr", "please", "pls", "plz", "porfa", "porfavor", "favor", "bitte", "make", "makes", "making", "do", "hacer", "haz", "hagan", "haced", "hacerlo", "hagas", "traer", "trae", "traed", "traigas", "traigan", "invitar", "invita", "invitad", "inviten", "invites", "invitado", "invitados", "invitada", "guest", "guests", "gast", "subir", "sube", "subas", "suban", "show", "shows", "muestra", "enseña", "talk", "habla", "hablar", "hablad", "hables", "tell", "cuenta", "contar", "can", "could", "would", "will", "should", "puedes", "podrías", "podrias", "podéis", "podeis", "pueden", "podrían", "kannst", "könntest", "könnt", "want", "wish", "hope", "love", "ojalá", "ojala", "espero", "esperamos", "gustaría", "gustaria", "gustaria", "queremos", "quiero", "need", "necesitamos", "wünsche", "wäre", "cool", "genial", "guapo", "bien", "ver", "veros", "verte", "see", "sehen", "mach", "macht", "machen", "zeig", "zeigt", "zeigen", "alguien", "gente", "algo", "cosa", "cosas", "todo", "todos", "mucho", "muchos", "muchas", "tambien", "también", "siempre"]
)
"""Words that make a request rather than name its topic."""
TREND_DAYS = 90
QUOTES = 5
QUOTE_CHARS = 400


class RequestQuote(BaseModel):
    comment_id: str
    text: str
    likes: int
    replies: int
    language: str | None = Field(
        default=None, description="ISO 639-1 code stored at import, None when the text is too short to tell"
    )


class CoveredBy(BaseModel):
    post_id: str
    title: str | None
    similarity: float
    published_at: datetime | None = None


class RequestTrend(BaseModel):
    recent: int = Field(description=f"request comments in the last {TREND_DAYS} days before the newest one in scope")
    earlier: int
    direction: Literal["rising", "steady", "fading", "new", "undated"]


class AudienceRequest(BaseModel):
    """One thing the audience asks for, with the comments that ask it."""

    id: str = Field(description="R1, R2, ... by demand")
    label: str
    kind: Literal["request", "question"]
    demand: float = Field(description="sum of the comments' engagement weights")
    comments: int
    quotes: list[RequestQuote]
    first_seen: datetime | None
    last_seen: datetime | None
    trend: RequestTrend
    status: Literal["covered", "open"]
    covered_by: list[CoveredBy] = Field(default_factory=list)
    languages: list[str] = Field(
        default_factory=list, description="languages of its comments (ISO 639-1, stored at import), most common first"
    )
    creator_ids: list[str] = Field(default_factory=list)


@dataclass
class _Item:
    record: RequestComment
    reading: RequestReading
    weight: float
    topics: frozenset[str] = frozenset()


def topic_terms(text: str, names: tuple[str, ...] = ()) -> frozenset[str]:
    """The words naming what is asked for: no stop words, request words or the creator's name."""
    excluded = {fold(part) for name in names for part in name.split()}
    return frozenset(term for term in query_terms(text, limit=12) if term not in REQUEST_WORDS and term not in excluded and not term.isdigit())


def engagement(likes: int, replies: int) -> float:
    return 1.0 + math.log1p(max(likes, 0)) + 0.5 * math.log1p(max(replies, 0))


def audience_requests(
    store: CorpusStore,
    query: str = "",
    *,
    creator: str | None = None,
    since: date | None = None,
    limit: int = 10,
) -> list[AudienceRequest]:
    """Requests and questions to the creator in the comments (about `query`, or all in scope),
    grouped, highest demand first. `since` keeps comments published on or after that day."""
    if limit < 1:
        raise InputError(f"--limit must be at least 1 (got {limit}).")
    limit = min(limit, MAX_LIMIT)
    creators = store.resolve_creators(creator) if creator else store.creators()
    scope = Scope(creator_ids=tuple(found.id for found in creators)) if creator else Scope()
    names_of = {found.id: request_rows.creator_names(found.name, found.handle) for found in creators}
    since_dt = datetime.combine(since, datetime.min.time(), tzinfo=UTC) if since else None
    text = (query or "").strip()
    vectors: dict[str, np.ndarray] = {}
    request_rows.backfill(store)  # once, for comments imported before the readings were stored
    language_rows.backfill(store)  # once, for comments imported before their languages were stored
    if text in ("", "*"):
        found = store.request_comments(scope, since_dt)
    else:
        hits, vectors = hybrid_search(store, "comments", text, MAX_RELEVANT, scope, with_vectors=True)
        rows = store.comment_rows([hit.id for hit in hits])
        chosen = [item[0] for item in select_relevant(hits, {cid: row.text for cid, row in rows.items()}, query_terms(text))]
        found = store.request_comments(scope, since_dt, ids=chosen)
    items = [
        _Item(record, record.reading, engagement(record.likes, record.reply_count))
        for record in found
        if record.reading.is_request
    ]
    if not items:
        return []
    items.sort(key=lambda item: (-item.weight, item.record.id))
    newest = max((_aware(item.record.published_at) for item in items if item.record.published_at), default=None)
    items = items[:MAX_REQUESTS]
    for item in items:  # topic words only for the comments that are grouped
        item.topics = topic_terms(item.reading.clause or item.record.text, names_of.get(item.record.creator_id, ()))
    missing = [item.record.id for item in items if item.record.id not in vectors]
    if missing:
        vectors.update(store.vectors_of("comments", missing))
    items = [item for item in items if item.record.id in vectors]
    with threadpool_limits(limits=1, user_api="blas"):  # small products: BLAS threads only contend
        groups = _group(items, vectors)
    groups.sort(key=lambda members: -sum(item.weight for item in members))
    chosen = groups[:limit]
    posts = _CreatorPosts.load(store, sorted({item.record.creator_id for members in chosen for item in members}))
    return [_describe(posts, members, vectors, newest, number) for number, members in enumerate(chosen, start=1)]


@dataclass
class _CreatorPosts:
    """The creators' posts and their vectors, read once per call for the coverage check."""

    ids: list[str]
    creator_ids: np.ndarray
    matrix: np.ndarray
    posts: dict[str, Post]

    @classmethod
    def load(cls, store: CorpusStore, creator_ids: list[str]) -> _CreatorPosts:
        ids = store.post_ids_where(Scope(creator_ids=tuple(creator_ids))) if creator_ids else []
        found = store.vectors_of("posts", ids) if ids else {}
        ids = [post_id for post_id in ids if post_id in found]
        posts = store.posts_by_id(ids)
        ids = [post_id for post_id in ids if post_id in posts]
        matrix = np.vstack([found[post_id] for post_id in ids]).astype(np.float64) if ids else np.zeros((0, 1))
        return cls(ids, np.asarray([posts[post_id].creator_id for post_id in ids], dtype=object), matrix, posts)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _group(items: list[_Item], vectors: dict[str, np.ndarray]) -> list[list[_Item]]:
    """Greedy leader grouping, heaviest first (see the module docstring)."""
    groups: list[list[_Item]] = []
    leaders = np.zeros((len(items), len(next(iter(vectors.values())))), dtype=np.float64)
    for item in items:
        vector = vectors[item.record.id].astype(np.float64)
        if groups:
            similarities = leaders[: len(groups)] @ vector
            shared = np.array([bool(item.topics & group[0].topics) for group in groups])
            eligible = (similarities >= GROUP_SIMILARITY) | (shared & (similarities >= GROUP_SIMILARITY_SHARED))
            if eligible.any():
                best = int(np.argmax(np.where(eligible, similarities + shared * 0.1, -np.inf)))
                groups[best].append(item)
                continue
        leaders[len(groups)] = vector
        groups.append([item])
    return groups


def _describe(
    posts: _CreatorPosts, members: list[_Item], vectors: dict[str, np.ndarray], newest: datetime | None, number: int
) -> AudienceRequest:
    lead = members[0]
    centroid = np.sum([vectors[item.record.id] * item.weight for item in members], axis=0)
    centroid = centroid / max(float(np.linalg.norm(centroid)), 1e-9)
    dates = [_aware(item.record.published_at) for item in members if item.record.published_at]
    kinds = Counter(item.reading.kind for item in members)
    label = " ".join(lead.reading.clause.split())[:120] or " ".join(lead.record.text.split())[:120]
    quotes = [
        RequestQuote(
            comment_id=item.record.id,
            text=item.record.text[:QUOTE_CHARS],
            likes=item.record.likes,
            replies=item.record.reply_count,
            language=item.record.language,
        )
        for item in members[:QUOTES]
    ]
    languages = language_shares(item.record.language for item in members)
    creator_ids = sorted({item.record.creator_id for item in members})
    covered = _covered_by(posts, centroid, lead.topics, creator_ids)
    return AudienceRequest(
        id=f"R{number}",
        label=label,
        kind="request" if kinds["request"] >= kinds["question"] else "question",
        demand=round(sum(item.weight for item in members), 3),
        comments=len(members),
        quotes=quotes,
        first_seen=min(dates) if dates else None,
        last_seen=max(dates) if dates else None,
        trend=_trend(dates, newest, len(members)),
        status="covered" if covered else "open",
        covered_by=covered,
        languages=list(languages),
        creator_ids=creator_ids,
    )


def _trend(dates: list[datetime], newest: datetime | None, count: int) -> RequestTrend:
    if newest is None or not dates:
        return RequestTrend(recent=0, earlier=0, direction="undated")
    cutoff = newest - timedelta(days=TREND_DAYS)
    recent = sum(1 for moment in dates if moment >= cutoff)
    earlier = len(dates) - recent
    if earlier == 0:
        direction = "new"
    elif recent > earlier:
        direction = "rising"
    elif recent == 0:
        direction = "fading"
    else:
        direction = "steady"
    return RequestTrend(recent=recent, earlier=earlier, direction=direction)


def _covered_by(posts: _CreatorPosts, centroid: np.ndarray, topics: frozenset[str], creator_ids: list[str]) -> list[CoveredBy]:
    """The creator's posts that answer the request: close in meaning, or close and sharing its words."""
    if not posts.ids:
        return []
    mask = np.isin(posts.creator_ids, creator_ids)
    similarities = np.where(mask, posts.matrix @ centroid.astype(np.float64), -np.inf)
    nearest = np.argsort(-similarities)[:5]
    terms = sorted(topics)
    found = []
    for index in nearest:
        similarity = float(similarities[index])
        if not mask[index]:
            continue
        post_id = posts.ids[index]
        post = posts.posts[post_id]
        text = " ".join(filter(None, [post.title, post.caption, " ".join(post.tags), (post.transcript or "")[:COVERED_TRANSCRIPT_CHARS]]))
        overlap = lexical_overlap(terms, text) if terms else 0.0
        if similarity >= COVERED_SIMILARITY or (similarity >= COVERED_LEXICAL_SIMILARITY and overlap >= 0.5):
            found.append(CoveredBy(post_id=post_id, title=post.title or (post.caption or "")[:120] or None,
                                   similarity=round(float(similarity), 4), published_at=post.published_at))
    return found[:3]
