"""Reading uploads into structured text: blocks (headings, paragraphs, list items, quotes, posts).

Accepted: .txt .md .markdown .html .htm .pdf, .csv/.json of past posts (metrics kept when
present), and .png/.jpg/.jpeg (dominant colours). Every failure is an `InputError` that
names the file and says what to do: wrong type, over the size limit, empty, a PDF with no
text layer, a corrupt image, a table with no text column.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from core.errors import InputError
from tools.brandkit.html_text import html_to_markdown
from tools.corpus.dialect import sniff_delimiter
from tools.corpus.encoding import decode, looks_binary
from tools.corpus.jsonlines import without_lone_surrogates

KINDS: dict[str, str] = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".csv": "posts",
    ".json": "posts",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
}
ACCEPTED_TEXT = "accepted: .txt .md .html .pdf, .csv/.json of past posts, and .png/.jpg images"
MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_POSTS = 5000
PALETTE_SIZE = 6

BlockKind = Literal["heading", "paragraph", "item", "quote", "post"]


@dataclass
class Block:
    """A unit of a source's text. `marked` keeps inline emphasis (_x_, **x**) for the rule extractors."""

    kind: BlockKind
    text: str
    marked: str
    heading: str = ""
    intro: str = ""  # the paragraph just before a list or quote (e.g. "Instead of:")
    metrics: dict[str, float] = field(default_factory=dict)


@dataclass
class SourceDoc:
    """One uploaded file, read. `raw` is what the store keeps to rebuild the kit later."""

    name: str
    kind: str
    sha256: str
    size: int
    raw: str
    blocks: list[Block] = field(default_factory=list)
    palette: list[tuple[str, float]] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The file's extracted text: what evidence quotes are taken from."""
        return "\n".join(block.text for block in self.blocks)

    @property
    def is_image(self) -> bool:
        return self.kind == "image"


# ---------------------------------------------------------------- reading files


def kind_of(path: Path) -> str:
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        shown = path.suffix or "a file without an extension"
        raise InputError(f"{path.name}: {shown} files cannot be used for a brand kit ({ACCEPTED_TEXT}).")
    return kind


def read_upload(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> SourceDoc:
    """Read and check one upload; raises InputError naming the file when it cannot be used."""
    path = Path(path)
    kind = kind_of(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file.")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            f"{path.name} is {size / 1024 / 1024:.1f} MB; brand examples can be at most "
            f"{max_bytes / 1024 / 1024:.0f} MB each. Upload a smaller export or split it."
        )
    if size == 0:
        raise InputError(f"{path.name} is empty.")
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if kind == "image":
        palette = image_palette(data, path.name)
        return SourceDoc(path.name, kind, digest, size, raw="", palette=palette)
    if kind == "pdf":
        raw = pdf_text(data, path.name)
    else:
        raw = decode_text(data, path.name)
    return parse_source(path.name, kind, raw, sha256=digest, size=size)


def decode_text(data: bytes, name: str) -> str:
    """UTF-8, UTF-16/32 (with or without a byte-order mark), or Windows-1252 line by line."""
    text = decode(data).text
    if looks_binary(text):
        raise InputError(f"{name} does not look like text (it contains binary data).")
    return text


def pdf_text(data: bytes, name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{name} is password-protected; export an unprotected copy.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise InputError(f"{name} is not a readable PDF ({error.__class__.__name__}).") from error
    text = "\n\n".join(page.strip() for page in pages)
    if not text.strip():
        raise InputError(
            f"{name} has no text layer (a scanned PDF?). Export it with selectable text, "
            "or paste its text into a .txt file."
        )
    return text


def image_palette(data: bytes, name: str, colours: int = PALETTE_SIZE) -> list[tuple[str, float]]:
    """The image's dominant colours as (hex, share of opaque pixels), largest first."""
    import numpy as np
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            rgba = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise InputError(f"{name} is not a readable image (corrupt, or not really a PNG/JPEG).") from error
    if image_format not in ("PNG", "JPEG"):
        raise InputError(f"{name} is a {image_format} image; upload logos and visuals as PNG or JPEG.")
    rgba.thumbnail((160, 160))
    pixels = np.asarray(rgba)
    opaque = pixels[pixels[..., 3] >= 128][:, :3]
    if not len(opaque):
        raise InputError(f"{name} is fully transparent: there are no colours to learn.")
    strip = Image.fromarray(np.ascontiguousarray(opaque.reshape(-1, 1, 3)).astype("uint8"), "RGB")
    quantized = strip.quantize(colors=colours, method=Image.Quantize.MEDIANCUT)
    palette = quantized.getpalette() or []
    counts = sorted(quantized.getcolors() or [], key=lambda item: (-item[0], item[1]))
    total = sum(count for count, _index in counts)
    merged: list[list[Any]] = []  # [rgb, count]
    for count, index in counts:
        rgb = tuple(palette[index * 3 : index * 3 + 3])
        for entry in merged:
            if sum(abs(a - b) for a, b in zip(entry[0], rgb, strict=True)) < 24:
                entry[1] += count
                break
        else:
            merged.append([rgb, count])
    merged.sort(key=lambda entry: -entry[1])
    return [
        ("#{:02x}{:02x}{:02x}".format(*entry[0]), round(entry[1] / total, 3))
        for entry in merged
        if entry[1] / total >= 0.03
    ]


# ---------------------------------------------------------------- text structure


def parse_source(name: str, kind: str, raw: str, *, sha256: str, size: int) -> SourceDoc:
    """Structure already-decoded text; used for uploads and again when a kit is rebuilt."""
    if not raw.strip():
        raise InputError(f"{name} is empty (only whitespace).")
    if kind == "posts":
        blocks = posts_from_table(raw, name)
    elif kind == "html":
        blocks = markdown_blocks(html_to_markdown(raw))
    elif kind == "text":
        blocks = text_blocks(raw)
    else:  # markdown, pdf
        blocks = markdown_blocks(raw)
    if not any(block.text.strip() for block in blocks):
        raise InputError(f"{name} has no readable text.")
    return SourceDoc(name, kind, sha256, size, raw=raw, blocks=blocks)


_FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n---\s*(?:\n|\Z)", re.S)
_TABLE = re.compile(r"<table\b.*?</table>", re.S | re.I)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|tr|li|ul|ol|h[1-6]|section|article|header|footer|blockquote|hr)\b[^>]*>", re.I
)
_TAG = re.compile(r"<[^>]+>")
_LIQUID = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_ITEM = re.compile(r"^(\s*)(?:[-*+•]|\d+[.)])\s+(.*)$")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_QUOTE = re.compile(r"^\s*>\s?(.*)$")


def inline_marked(text: str) -> str:
    """Links to their text, tags and template code removed, entities decoded; emphasis kept."""
    text = _LIQUID.sub("", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    return re.sub(r"[ \t]+", " ", text).strip()


def strip_emphasis(text: str) -> str:
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w])_(?!\s)(.+?)(?<!\s)_(?![\w])", r"\1", text)
    return text.replace("`", "")


def _block(kind: BlockKind, marked_source: str, heading: str, intro: str = "") -> Block | None:
    marked = inline_marked(marked_source)
    plain = strip_emphasis(marked).strip()
    if not plain:
        return None
    return Block(kind, plain, marked, heading=heading, intro=intro)


def markdown_blocks(source: str) -> list[Block]:
    """Markdown (and markdown with inline HTML) as blocks. Good enough for guides and docs."""
    source = _FRONT_MATTER.sub("", source.replace("\r\n", "\n").replace("\r", "\n"), count=1)
    source = _TABLE.sub("\n\n", source)
    source = _BLOCK_TAG.sub("\n\n", source)
    blocks: list[Block] = []
    heading = ""
    paragraph: list[str] = []
    item: list[str] | None = None
    quote: list[str] = []
    list_intro = ""
    blank_after_item = False

    def emit(block: Block | None) -> None:
        if block is not None:
            blocks.append(block)

    def flush() -> None:
        nonlocal paragraph, item, quote
        if paragraph:
            emit(_block("paragraph", " ".join(paragraph), heading))
            paragraph = []
        if item is not None:
            emit(_block("item", " ".join(item), heading, list_intro))
            item = None
        if quote:
            previous = blocks[-1].text if blocks and blocks[-1].kind == "paragraph" else ""
            emit(_block("quote", " ".join(quote), heading, previous))
            quote = []

    for line in source.split("\n"):
        stripped = line.strip()
        if not stripped:
            if paragraph or quote:
                flush()
            blank_after_item = item is not None
            continue
        if _RULE.match(line):
            flush()
            continue
        heading_match = _HEADING.match(stripped)
        if heading_match:
            flush()
            heading = strip_emphasis(inline_marked(heading_match.group(2)))
            emit(_block("heading", heading_match.group(2), heading))
            list_intro = ""
            continue
        quote_match = _QUOTE.match(line)
        if quote_match:
            if paragraph or item is not None:
                flush()
            quote.append(quote_match.group(1))
            continue
        item_match = _ITEM.match(line)
        if item_match and not _RULE.match(line):
            starts_list = item is None
            flush()
            if starts_list and blocks and blocks[-1].kind == "paragraph" and blocks[-1].heading == heading:
                list_intro = blocks[-1].text
            elif starts_list and (not blocks or blocks[-1].kind != "item"):
                list_intro = ""
            item = [item_match.group(2)]
            blank_after_item = False
            continue
        if item is not None and (line[:1].isspace() or not blank_after_item):
            item.append(stripped)
            continue
        if item is not None:
            flush()
        if quote:
            flush()
        paragraph.append(stripped)
    flush()
    return blocks


def text_blocks(source: str) -> list[Block]:
    """Plain text: one line per piece when there are no blank lines (a list of captions), else markdown."""
    source = source.replace("\r\n", "\n").replace("\r", "\n").strip()
    lines = [line.strip() for line in source.split("\n") if line.strip()]
    if "\n\n" not in source and len(lines) > 1:
        return [block for line in lines if (block := _block("post", line, "")) is not None]
    blocks = markdown_blocks(source)
    headings = sum(block.kind == "heading" for block in blocks)
    if not headings and len(blocks) >= 3 and all(len(block.text.split()) <= 80 for block in blocks):
        for block in blocks:
            block.kind = "post"  # a file of captions or scripts, one per paragraph
        if _is_title(blocks[0].text, blocks[1:]):
            blocks[0].kind = "heading"  # "Tidewater past posts (TikTok and Instagram, 2025)" is no caption
    return blocks


_ENDED = re.compile(r"[.!?…\"”'»]\s*$")


def _is_title(first: str, rest: Sequence[Block]) -> bool:
    """A file's first paragraph that names the file: one short line without an end mark, above paragraphs with one."""
    ended = sum(bool(_ENDED.search(block.text)) for block in rest)
    return "\n" not in first.strip() and len(first.split()) <= 12 and not _ENDED.search(first) and ended >= max(2, len(rest) // 2)


# ---------------------------------------------------------------- posts tables

_TEXT_COLUMNS = ("text", "caption", "body", "content", "message", "post", "tweet", "title", "description", "transcript")
_METRIC = re.compile(r"like|view|comment|share|repl|retweet|save|favou?rite|engagement|play|reaction", re.I)
_NOT_TEXT = re.compile(r"^(true|false|yes|no|none|null|nan|-?\d+(\.\d+)?)$", re.I)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).replace(",", "").strip())
    except ValueError:
        return None


def _pick_text_column(rows: list[dict[str, Any]], columns: Iterable[str]) -> str | None:
    best: tuple[float, str] | None = None
    for column in columns:
        lowered = column.lower().strip()
        if not any(lowered == name or lowered.endswith(("_" + name, " " + name)) for name in _TEXT_COLUMNS):
            continue
        values = [str(row.get(column) or "").strip() for row in rows]
        texts = [value for value in values if value and not _NOT_TEXT.match(value)]
        if len(texts) < max(1, len(values) // 2):
            continue
        score = len(texts) * sum(len(value.split()) for value in texts) / len(texts)
        priority = _TEXT_COLUMNS.index(next(n for n in _TEXT_COLUMNS if lowered == n or lowered.endswith(n)))
        score -= priority * 0.01
        if best is None or score > best[0]:
            best = (score, column)
    return best[1] if best else None


def _metric_columns(rows: list[dict[str, Any]], columns: Iterable[str]) -> list[str]:
    picked = []
    for column in columns:
        if not _METRIC.search(column):
            continue
        numbers = [_number(row.get(column)) for row in rows]
        if sum(number is not None for number in numbers) >= max(1, len(rows) // 2):
            picked.append(column)
    return picked


def _rows_to_blocks(rows: list[dict[str, Any]], name: str) -> list[Block]:
    if not rows:
        raise InputError(f"{name} has no posts in it.")
    columns = list(dict.fromkeys(key for row in rows[:200] for key in row if isinstance(key, str)))
    text_column = _pick_text_column(rows, columns)
    if text_column is None:
        raise InputError(
            f"{name} has no column of post text. Name one of: {', '.join(_TEXT_COLUMNS)} "
            f"(found: {', '.join(columns[:12]) or 'none'})."
        )
    metric_columns = _metric_columns(rows, columns)
    blocks: list[Block] = []
    for row in rows[:MAX_POSTS]:
        text = str(row.get(text_column) or "").strip()
        if not text or _NOT_TEXT.match(text):
            continue
        metrics = {}
        for column in metric_columns:
            number = _number(row.get(column))
            if number is not None and number >= 0:  # -1 means hidden
                metrics[column] = number
        clean = html.unescape(text)
        blocks.append(Block("post", clean, clean, metrics=metrics))
    return blocks


def posts_from_table(raw: str, name: str) -> list[Block]:
    """Posts from CSV or JSON: the text column is found by name; like/view/comment/share columns are metrics."""
    if name.lower().endswith(".json"):
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as error:
            raise InputError(f"{name} is not valid JSON ({error.msg} at line {error.lineno}).") from error
        except RecursionError:
            raise InputError(f"{name} is nested too deeply to be a list of posts; export the posts as a flat list.") from None
        data, _replaced = without_lone_surrogates(data)  # "\ud800" escapes cannot be stored as UTF-8
        if isinstance(data, dict):
            lists = [value for key, value in data.items() if isinstance(value, list)]
            preferred = [data[key] for key in ("posts", "items", "data", "videos", "results") if isinstance(data.get(key), list)]
            data = (preferred or lists or [[]])[0]
        if not isinstance(data, list):
            raise InputError(f"{name} must hold a list of posts.")
        dicts = [item for item in data if isinstance(item, dict)]
        column = (_pick_text_column(dicts, dict.fromkeys(k for row in dicts[:200] for k in row)) if dicts else None) or "text"
        rows = [item if isinstance(item, dict) else {column: item} for item in data if isinstance(item, (dict, str))]
        return _rows_to_blocks(rows, name)
    csv.field_size_limit(10 * 1024 * 1024)
    try:
        reader = csv.DictReader(io.StringIO(raw), delimiter=sniff_delimiter(raw))
        rows = [row for row in reader]
    except csv.Error as error:
        raise InputError(f"{name} is not a readable CSV ({error}).") from error
    return _rows_to_blocks(rows, name)
