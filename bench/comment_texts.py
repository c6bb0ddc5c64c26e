"""The shared data's comment texts by (source, comment id), for the hand-labelled sets (which store ids only)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tools.corpus.text import clean_text

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def comment_texts(data: Path = DATA) -> dict[tuple[str, str], str]:
    """Every YouTube comment and every Reddit comment or reply, cleaned as the importer cleans it."""
    texts: dict[tuple[str, str], str] = {}
    for path in sorted((data / "youtube_channels_api_ivanseldas").glob("*/df_comments_*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if None not in row and row.get("comment_id"):
                    texts[("youtube", row["comment_id"])] = clean_text(row["text"])

    def walk(comments: dict[str, dict[str, object]]) -> None:
        for comment_id, comment in (comments or {}).items():
            texts[("reddit", comment_id)] = clean_text(comment.get("text"))  # type: ignore[arg-type]
            walk(comment.get("replies"))  # type: ignore[arg-type]

    for line in (data / "reddit_collegerant_threads" / "collegerant_threads.jsonl").read_text(encoding="utf-8").splitlines():
        walk(json.loads(line)["comments"])
    return texts
