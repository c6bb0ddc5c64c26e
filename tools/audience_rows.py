"""Reads the audience analyses need beyond `CorpusStore`'s record methods.

The requests ledger now reads its comments through `CorpusStore.request_comments` (the
readings are stored with each comment at import, tools/corpus/request_rows.py); what is
left here goes through the store's public reads only.
"""

from __future__ import annotations

from tools.corpus.models import Post
from tools.corpus.search import Scope
from tools.corpus.store import CorpusStore


def scope_posts(store: CorpusStore, scope: Scope) -> dict[str, Post]:
    """Every post (not stub) in `scope` with a metric, through the store's public reads."""
    return store.posts_by_id(store.post_ids_where(scope))
