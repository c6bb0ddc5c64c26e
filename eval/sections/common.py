"""What several sections share while measuring: the eval's user, saving records, and a draft's parts and text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eval import metrics

USER = "eval"
SYSTEMS = ("hookline", "naive")


def rounded(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")


def save_draft(out: Path, record: dict[str, Any]) -> None:
    """A draft case's record as saved: the naive side's in-memory objects (keys starting with _) left out."""
    shown = {**record, "naive": {k: v for k, v in record["naive"].items() if not k.startswith("_")}}
    write_json(out / "drafts" / f"{record['id']}.json", shown)


def draft_parts(draft: Any) -> list[metrics.Part]:
    return [metrics.Part(name, part.text, tuple(part.evidence)) for name, part in draft.parts()]


def draft_text(draft: Any) -> str:
    """What a viewer would hear and read: the angle is internal, but it is checked too for injections."""
    return "\n".join([draft.angle, draft.spoken_text(), *draft.on_screen_text])


def spoken_and_screen(draft: Any) -> str:
    """The text the brand check sees (the same as the agent's review)."""
    return draft.spoken_text() + "\n" + "\n".join(draft.on_screen_text)


def citation_record(draft: Any, known: set[str]) -> dict[str, Any]:
    """The citation check of a shipped draft, as saved in its record."""
    check = metrics.check_citations(draft_parts(draft), known)
    return {"parts": check.parts, "grounded_parts": check.parts_with_valid_citation,
            "citations": check.citations, "valid": check.valid_citations, "invalid_ids": list(check.invalid_ids)}
