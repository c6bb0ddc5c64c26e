"""The one model every import format becomes: creators, their posts, and comments on those posts.

Ids are stable across re-imports: `<platform>:<native id>` (for example
`youtube:3BbSreQ8_Dg`, `reddit:fjiu8tj`), or a content hash where a file has no id.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Platform = Literal["youtube", "tiktok", "reddit", "csv"]
PostFormat = Literal["short", "long", "text"]
PLATFORMS: tuple[Platform, ...] = ("youtube", "tiktok", "reddit", "csv")


class Creator(BaseModel):
    """Whoever publishes the posts: a channel, an account, a community."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="stable id, e.g. youtube:UCWqpvpCqDVQ-mxiVCPu5SNg or tiktok:tagesschau")
    platform: Platform
    name: str = Field(description="display name, e.g. 'Nude Project'")
    handle: str | None = Field(default=None, description="platform handle or channel id, when known")


class Post(BaseModel):
    """One published video or text post with its metrics (counts are None when unknown or hidden)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    platform: Platform
    creator: str = Field(description="the creator's display name")
    creator_id: str = Field(description="the creator's stable id")
    format: PostFormat = Field(description="short (<= 60 s or a short-video platform), long, or text")
    title: str | None = None
    caption: str | None = Field(default=None, description="caption or description")
    tags: list[str] = Field(default_factory=list)
    transcript: str | None = None
    published_at: datetime | None = None
    views: int | None = None
    likes: int | None = Field(default=None, description="likes, or upvotes on Reddit")
    comments: int | None = Field(default=None, description="the platform's comment count")
    shares: int | None = None
    duration_s: int | None = None
    url: str | None = None


class Comment(BaseModel):
    """A comment (tier-1 opinion) with its likes and replies (tier-2 votes)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    post_id: str
    text: str
    likes: int = 0
    reply_count: int = 0
    parent_id: str | None = Field(default=None, description="the comment this one replies to")
    published_at: datetime | None = None
    author: str | None = Field(default=None, description="pseudonymised: a salted hash, never the handle")


class Rejection(BaseModel):
    """A row that was not imported, and why. `str()` gives `file:line: reason`."""

    source: str = Field(description="file:line (or file:line: item) of the rejected row")
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


class ImportCounts(BaseModel):
    creators: int = 0
    posts: int = 0
    comments: int = 0


class ImportedFile(BaseModel):
    path: str
    format: Platform
    kind: str = Field(description="what the file held, e.g. 'videos', 'comments', 'threads'")


class CommentLinks(BaseModel):
    """Where the comments of one import went: onto which posts, or nowhere."""

    in_import: int = Field(default=0, description="comments on posts imported in the same import")
    in_store: int = Field(default=0, description="comments on posts imported before")
    placeholders: int = Field(default=0, description="comments kept on a stub post until its post is imported")
    missing: int = Field(default=0, description="comments rejected: their post is not imported")


class ImportReport(BaseModel):
    """What one import did. `imported` counts the records read from the files (new or already
    present); `added` counts those that were new to the store, so a re-import shows zeros there."""

    format: str = Field(description="the detected format, or several joined by '+'")
    imported: ImportCounts = Field(default_factory=ImportCounts)
    added: ImportCounts = Field(default_factory=ImportCounts)
    rejected: list[Rejection] = Field(default_factory=list)
    files: list[ImportedFile] = Field(default_factory=list)
    skipped: list[str] = Field(
        default_factory=list,
        description="files in a folder that hold no posts or comments, and rows with nothing to import",
    )
    warnings: list[str] = Field(
        default_factory=list,
        description="what was imported but may be wrong: lines read in another encoding, characters replaced",
    )
    embedded: int = Field(default=0, description="texts embedded in this import (unchanged ones are not re-embedded)")
    seconds: float = 0.0
    links: CommentLinks = Field(default_factory=CommentLinks)
    notes: list[str] = Field(
        default_factory=list,
        description="what the import decided for the user: columns it guessed, creators it named after files",
    )
