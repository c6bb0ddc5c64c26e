"""Sorting uploaded files: brand examples, datasets, or something the chat cannot take.

Only the file's name and size decide; reading the content is the stores' job.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

BRAND_EXAMPLE_TYPES = (".md", ".markdown", ".txt", ".pdf", ".html", ".htm", ".png", ".jpg", ".jpeg")
BRAND_POSTS_TYPES = (".csv", ".json")
"""Tables of past posts: brand examples in the "build my brand kit" flow, datasets otherwise."""
DATASET_TYPES = (".csv", ".tsv", ".json", ".jsonl", ".ndjson")
MAX_BRAND_EXAMPLE_MB = 25
MAX_DATASET_MB = 50

Kind = Literal["brand", "dataset"]


@dataclass(frozen=True)
class Upload:
    name: str
    path: Path
    size: int


@dataclass
class SortedUploads:
    brand: list[Upload] = field(default_factory=list)
    dataset: list[Upload] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """One sentence per refused file: what is wrong and what to do."""


def kind_of(name: str) -> Kind | None:
    suffix = Path(name).suffix.lower()
    if suffix in BRAND_EXAMPLE_TYPES:
        return "brand"
    if suffix in DATASET_TYPES:
        return "dataset"
    return None


def sort_uploads(files: Iterable[Upload], *, force: Kind | None = None) -> SortedUploads:
    """Brand examples (style guides, posts, scripts) vs. datasets (posts and comments to import).

    `force` files everything under one kind (the "build my brand kit" flow), still
    refusing types that kind cannot read.
    """
    result = SortedUploads()
    for upload in files:
        kind = kind_of(upload.name)
        if force is not None and kind is not None:
            allowed = (*BRAND_EXAMPLE_TYPES, *BRAND_POSTS_TYPES) if force == "brand" else DATASET_TYPES
            kind = force if Path(upload.name).suffix.lower() in allowed else None
        if kind is None:
            result.problems.append(
                f"**{upload.name}** is not a type Hookline reads. Upload brand examples as "
                f"{', '.join(BRAND_EXAMPLE_TYPES)} (or past posts as .csv/.json through \"Build my brand kit\") "
                f"and datasets of posts and comments as {', '.join(DATASET_TYPES)}."
            )
            continue
        limit_mb = MAX_BRAND_EXAMPLE_MB if kind == "brand" else MAX_DATASET_MB
        if upload.size > limit_mb * 1024 * 1024:
            result.problems.append(
                f"**{upload.name}** is {upload.size / 1024 / 1024:.1f} MB; "
                f"{'brand examples' if kind == 'brand' else 'datasets'} can be at most {limit_mb} MB. "
                "Split it into smaller files and upload those."
            )
            continue
        (result.brand if kind == "brand" else result.dataset).append(upload)
    return result


def discard_uploads(uploads: Iterable[Upload]) -> None:
    """Delete staged uploads and the folders they leave empty."""
    uploads = list(uploads)
    for upload in uploads:
        upload.path.unlink(missing_ok=True)
    for folder in {upload.path.parent for upload in uploads}:
        try:
            folder.rmdir()
        except OSError:
            pass
