"""Read what is to be spoken: a draft JSON (as `hookline draft --json` writes it, or a bare draft)
or a text/markdown file (a script exported from Hookline, or any notes).

Only the spoken parts are read aloud: hook, selling point, beats and call to action. Citation
marks ([1], [C2]), markdown and on-screen text are not spoken.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pydantic import BaseModel, ValidationError

from core.errors import InputError
from tools.script import ScriptDraft

MAX_BYTES = 1_000_000
MAX_WORDS = 2_000  # ~13 minutes spoken: far past any short-video script

_CITATION = re.compile(r"\s*\[(?:\d+|[A-Z]{1,2}\d+)\]")
_LABELS = {"hook": "hook", "selling point": "selling point", "call to action": "call to action", "cta": "call to action"}
_LABELLED = re.compile(r"^\s*(?:[-*]\s*)?\*\*(?P<label>[^*:]+):\*\*\s*(?P<text>.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(?P<text>.+)$")
_HEADING = re.compile(r"^\s*#{2,6}\s+(?P<label>.+?)\s*#*\s*$")


class SpokenPart(BaseModel):
    name: str
    text: str


class SpokenScript(BaseModel):
    parts: list[SpokenPart]
    platform: str | None = None
    language: str | None = None
    """The language the draft says it is written in, when it says (newer drafts carry one)."""
    script_estimate_s: float | None = None
    """The estimate the draft itself carried (2.5 words a second), when it came from a draft."""
    source: str

    @property
    def text(self) -> str:
        return " ".join(part.text for part in self.parts)


def clean(text: str) -> str:
    """What a voice should read: no citation marks, markdown emphasis, links or extra spaces."""
    text = _CITATION.sub("", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # [label](url) -> label
    text = re.sub(r"[*_`#>]+", "", text)
    return re.sub(r"\s+", " ", text).strip()


def from_draft(draft: ScriptDraft, *, platform: str | None, source: str) -> SpokenScript:
    parts = [SpokenPart(name=name, text=clean(part.text)) for name, part in draft.parts()]
    language = getattr(draft, "language", "") or None  # drafts made before drafts named their language have none
    return SpokenScript(parts=[part for part in parts if part.text], platform=platform, language=language,
                        script_estimate_s=draft.duration_s, source=source)


def _from_json(data: object, source: str) -> SpokenScript:
    if isinstance(data, dict) and data.get("questions") and not data.get("draft"):
        raise InputError(f"{source} holds clarifying questions, not a script. Answer them (hookline draft --answer ...) first.")
    payload = data.get("draft") if isinstance(data, dict) and "draft" in data else data
    if payload is None:
        raise InputError(f"{source} has no draft in it.")
    try:
        draft = ScriptDraft.model_validate(payload, strict=False)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(piece) for piece in first["loc"]) or "the top level"
        raise InputError(f"{source} is not a Hookline draft ({where}: {first['msg']}). Use the JSON from `hookline draft --json`.") from error
    brief = data.get("brief") if isinstance(data, dict) else None
    platform = brief.get("platform") if isinstance(brief, dict) else None
    return from_draft(draft, platform=platform, source=source)


def from_text(text: str, source: str) -> SpokenScript:
    """A Hookline script (the chat's "**Hook:** ..." lines or the .md export's "## Hook" sections) reads
    its spoken parts only; any other text is read as it is, paragraph by paragraph."""
    spoken: dict[str, list[str]] = {}
    beats: list[str] = []
    section: str | None = None
    for line in text.splitlines():
        heading = _HEADING.match(line)
        labelled = _LABELLED.match(line)
        if heading or labelled:
            section = (heading or labelled)["label"].strip().lower()  # type: ignore[index]
            rest = clean(labelled["text"]) if labelled else ""
            if rest and section in _LABELS:
                spoken.setdefault(_LABELS[section], []).append(rest)
            continue
        if not line.strip() or section is None:
            continue
        numbered = _NUMBERED.match(line)
        if section == "beats" and numbered:
            beats.append(clean(numbered["text"]))
        elif section == "beats" and beats:
            beats[-1] = f"{beats[-1]} {clean(line)}"  # a beat wrapped over two lines
        elif section in _LABELS:
            spoken.setdefault(_LABELS[section], []).append(clean(line))
    if "hook" in spoken:
        parts = [SpokenPart(name="hook", text=" ".join(spoken["hook"]))]
        if "selling point" in spoken:
            parts.append(SpokenPart(name="selling point", text=" ".join(spoken["selling point"])))
        parts += [SpokenPart(name=f"beat {index}", text=beat) for index, beat in enumerate(beats, start=1) if beat]
        if "call to action" in spoken:
            parts.append(SpokenPart(name="call to action", text=" ".join(spoken["call to action"])))
        return SpokenScript(parts=[part for part in parts if part.text], source=source)
    paragraphs = [clean(block) for block in re.split(r"\n\s*\n", text)]
    parts = [SpokenPart(name=f"paragraph {index}", text=block) for index, block in enumerate((b for b in paragraphs if b), start=1)]
    return SpokenScript(parts=parts, source=source)


def load_script(path: Path) -> SpokenScript:
    if not path.exists():
        raise InputError(f"{path} does not exist. Give a draft JSON (hookline draft --json > draft.json) or a text file.")
    if path.is_dir():
        raise InputError(f"{path} is a folder; give one draft JSON or text file.")
    if path.stat().st_size > MAX_BYTES:
        raise InputError(f"{path} is over 1 MB; a script to read aloud should be a few hundred words.")
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{path} is not UTF-8 text. Save it as UTF-8, or give the JSON from `hookline draft --json`.") from error
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as error:
            raise InputError(f"{path} is not valid JSON (line {error.lineno}: {error.msg}).") from error
        script = _from_json(data, path.name)
    else:
        script = from_text(raw, path.name)
    if not script.parts:
        raise InputError(f"{path} has nothing to read aloud.")
    words = len(script.text.split())
    if words > MAX_WORDS:
        raise InputError(f"{path} has {words} words; the preview reads scripts up to {MAX_WORDS} words.")
    return script
