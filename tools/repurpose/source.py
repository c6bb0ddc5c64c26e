"""Read what is repurposed: a draft JSON (`hookline draft --json`), a bare draft, or a script the agent just wrote."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from core.errors import InputError
from tools.language import detect_language
from tools.repurpose.limits import CAPTION_CHARS
from tools.repurpose.models import ScriptSource
from tools.script import Citation, ScriptDraft

MAX_BYTES = 1_000_000


def _language(draft: ScriptDraft) -> str:
    stated = getattr(draft, "language", "")  # newer drafts name their language; older ones are detected
    return (stated or detect_language(draft.spoken_text()) or "en").split("-")[0]


def from_draft(
    draft: ScriptDraft, citations: list[Citation], *, platform: str | None = None, brand: str | None = None
) -> ScriptSource:
    """A script the agent just wrote, with its resolved citations."""
    return ScriptSource(draft=draft, citations=citations, platform=platform_key(platform), language=_language(draft),
                        brand=brand)


def from_json(data: object, where: str) -> ScriptSource:
    if isinstance(data, dict) and data.get("questions") and not data.get("draft"):
        raise InputError(f"{where} holds clarifying questions, not a script. Answer them (hookline draft --answer ...) first.")
    payload = data.get("draft") if isinstance(data, dict) and "draft" in data else data
    if payload is None:
        raise InputError(f"{where} has no draft in it.")
    try:
        draft = ScriptDraft.model_validate(payload)
    except ValidationError as error:
        first = error.errors()[0]
        at = ".".join(str(piece) for piece in first["loc"]) or "the top level"
        raise InputError(f"{where} is not a Hookline draft ({at}: {first['msg']}). Use the JSON from `hookline draft --json`.") from error
    citations = []
    for row in (data.get("citations") or []) if isinstance(data, dict) else []:
        # `hookline draft --json` writes {"id": n, "evidence_id": "C1", ...}; a Citation dump has number/id.
        try:
            if "evidence_id" in row:
                citations.append(Citation(number=row["id"], id=row["evidence_id"], kind=row.get("kind", ""),
                                          text=row.get("text", ""), source_id=row.get("source_id", "")))
            else:
                citations.append(Citation.model_validate(row))
        except (KeyError, TypeError, ValidationError) as error:
            raise InputError(f"{where}: a citation is malformed ({row!r:.80}).") from error
    brief = data.get("brief") if isinstance(data, dict) else None
    brief = brief if isinstance(brief, dict) else {}
    return ScriptSource(draft=draft, citations=citations, platform=platform_key(brief.get("platform")),
                        language=_language(draft), brand=brief.get("brand"))


def platform_key(value: object) -> str:
    """"TikTok", "youtube shorts" -> the keys of tools/repurpose/limits.py; anything else -> "other"."""
    key = str(value or "").strip().lower().replace(" ", "_").replace("-", "_")
    return key if key in CAPTION_CHARS else "other"


def load_source(path: Path) -> ScriptSource:
    if not path.exists():
        raise InputError(f"{path} does not exist. Save a draft first: hookline draft \"...\" --json > draft.json")
    if path.is_dir() or path.stat().st_size > MAX_BYTES:
        raise InputError(f"{path} is not a draft JSON file (a folder, or over 1 MB).")
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as error:
        raise InputError(f"{path} is not UTF-8 text.") from error
    except json.JSONDecodeError as error:
        raise InputError(f"{path} is not valid JSON (line {error.lineno}: {error.msg}). Use the JSON from `hookline draft --json`.") from error
    return from_json(data, path.name)
