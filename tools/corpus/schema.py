"""The corpus tables (SQLite). Every row carries its owner (`user`); ids are unique per user."""

from __future__ import annotations

SCHEMA_VERSION = "4"
"""2: the vector journal (tools/corpus/journal.py). 3: each comment's request reading
(tools/corpus/request_rows.py; a schema-2 store gains the columns when opened). 4: each comment's
language (tools/corpus/language_rows.py; an older store gains the column when opened)."""

DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS creators (
    user TEXT NOT NULL,
    id TEXT NOT NULL,
    platform TEXT NOT NULL,
    name TEXT NOT NULL,
    handle TEXT,
    PRIMARY KEY (user, id)
);
CREATE TABLE IF NOT EXISTS posts (
    user TEXT NOT NULL,
    id TEXT NOT NULL,
    platform TEXT NOT NULL,
    creator_id TEXT NOT NULL,
    format TEXT NOT NULL,
    title TEXT,
    caption TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    transcript TEXT,
    published_at TEXT,
    published_ts INTEGER,
    views INTEGER,
    likes INTEGER,
    comments INTEGER,
    shares INTEGER,
    duration_s INTEGER,
    url TEXT,
    stub INTEGER NOT NULL DEFAULT 0,
    source TEXT,
    embed_hash TEXT,
    PRIMARY KEY (user, id)
);
CREATE INDEX IF NOT EXISTS posts_by_creator ON posts (user, creator_id, format);
CREATE TABLE IF NOT EXISTS comments (
    user TEXT NOT NULL,
    id TEXT NOT NULL,
    post_id TEXT NOT NULL,
    text TEXT NOT NULL,
    likes INTEGER NOT NULL DEFAULT 0,
    reply_count INTEGER NOT NULL DEFAULT 0,
    parent_id TEXT,
    published_at TEXT,
    author TEXT,
    category TEXT NOT NULL,
    sentiment REAL NOT NULL,
    stance INTEGER NOT NULL DEFAULT 0,
    removed INTEGER NOT NULL DEFAULT 0,
    source TEXT,
    embed_hash TEXT,
    request_score REAL,
    request_kind TEXT,
    request_clause TEXT,
    language TEXT,
    PRIMARY KEY (user, id)
);
-- The indexes on (user, request_score) and on unread languages are created after the columns
-- (request_rows.add_columns, language_rows.add_column).
CREATE INDEX IF NOT EXISTS comments_in_post ON comments (user, post_id, removed);
CREATE INDEX IF NOT EXISTS comments_by_parent ON comments (user, parent_id);
CREATE INDEX IF NOT EXISTS comments_by_engagement ON comments (user, likes DESC, reply_count DESC);
-- Keyword search beside the vectors (MiniLM is weak on Spanish and German): rowid = the row's
-- rowid in posts/comments, text = what the vector was built from, accents folded.
CREATE VIRTUAL TABLE IF NOT EXISTS posts_fts USING fts5(text, tokenize = "unicode61 remove_diacritics 2");
CREATE VIRTUAL TABLE IF NOT EXISTS comments_fts USING fts5(text, tokenize = "unicode61 remove_diacritics 2");
"""

POST_COLUMNS = (
    "id", "platform", "creator_id", "format", "title", "caption", "tags", "transcript", "published_at",
    "published_ts", "views", "likes", "comments", "shares", "duration_s", "url", "source",
)
# A re-import of an export that lacks a field (a videos file has no transcripts) keeps what the
# store already knows; a value that is present replaces the old one, except that a transcript is
# never replaced by a shorter one (a file cut short must not lose text).
UPSERT_POST = f"""
INSERT INTO posts (user, {", ".join(POST_COLUMNS)}, stub) VALUES (?, {", ".join("?" for _ in POST_COLUMNS)}, 0)
ON CONFLICT (user, id) DO UPDATE SET
    platform = excluded.platform,
    creator_id = excluded.creator_id,
    format = excluded.format,
    title = COALESCE(excluded.title, title),
    caption = COALESCE(excluded.caption, caption),
    tags = CASE WHEN excluded.tags = '[]' THEN tags ELSE excluded.tags END,
    transcript = CASE
        WHEN excluded.transcript IS NULL THEN transcript
        WHEN transcript IS NULL OR length(excluded.transcript) >= length(transcript) THEN excluded.transcript
        ELSE transcript END,
    published_at = COALESCE(excluded.published_at, published_at),
    published_ts = COALESCE(excluded.published_ts, published_ts),
    views = COALESCE(excluded.views, views),
    likes = COALESCE(excluded.likes, likes),
    comments = COALESCE(excluded.comments, comments),
    shares = COALESCE(excluded.shares, shares),
    duration_s = COALESCE(excluded.duration_s, duration_s),
    url = COALESCE(excluded.url, url),
    source = excluded.source,
    stub = 0
"""
INSERT_STUB = """
INSERT OR IGNORE INTO posts (user, id, platform, creator_id, format, stub, source) VALUES (?, ?, ?, ?, ?, 1, ?)
"""
UPSERT_CREATOR = """
INSERT INTO creators (user, id, platform, name, handle) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (user, id) DO UPDATE SET name = excluded.name, handle = COALESCE(excluded.handle, handle)
"""
INSERT_STUB_CREATOR = "INSERT OR IGNORE INTO creators (user, id, platform, name, handle) VALUES (?, ?, ?, ?, ?)"
COMMENT_COLUMNS = (
    "id", "post_id", "text", "likes", "reply_count", "parent_id", "published_at", "author", "category",
    "sentiment", "stance", "removed", "source", "request_score", "request_kind", "request_clause", "language",
)
UPSERT_COMMENT = f"""
INSERT INTO comments (user, {", ".join(COMMENT_COLUMNS)}) VALUES (?, {", ".join("?" for _ in COMMENT_COLUMNS)})
ON CONFLICT (user, id) DO UPDATE SET
    post_id = excluded.post_id,
    text = excluded.text,
    likes = excluded.likes,
    reply_count = excluded.reply_count,
    parent_id = COALESCE(excluded.parent_id, parent_id),
    published_at = COALESCE(excluded.published_at, published_at),
    author = COALESCE(excluded.author, author),
    category = excluded.category,
    sentiment = excluded.sentiment,
    stance = excluded.stance,
    removed = excluded.removed,
    source = excluded.source,
    request_score = excluded.request_score,
    request_kind = excluded.request_kind,
    request_clause = excluded.request_clause,
    language = excluded.language
"""
