"""Audience data: import exports (YouTube, TikTok, Reddit, any CSV) into one model and store.

`CorpusStore.open(services, user)` opens a user's corpus; `store.import_files(paths)` imports.
"""

from tools.corpus.models import Comment, Creator, ImportCounts, ImportReport, Post, Rejection

__all__ = ["Comment", "Creator", "ImportCounts", "ImportReport", "Post", "Rejection"]
