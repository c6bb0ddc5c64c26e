"""Reading import files safely: a size limit, encodings (UTF-8, UTF-16/32 with or without a
BOM, Windows-1252/latin-1), and a refusal of binary data, each as a clear `InputError`."""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from hookline.errors import InputError, NotFoundError

MAX_IMPORT_BYTES = 100 * 1024 * 1024
"""Largest file one import reads (100 MiB). Bigger files are refused before any byte is read:
the whole file is parsed in memory so that it can be imported atomically."""

DATA_SUFFIXES = (".csv", ".tsv", ".json", ".jsonl", ".ndjson")


@dataclass(frozen=True)
class SourceText:
    """A file's decoded text and how it was decoded."""

    path: Path
    text: str
    encoding: str


def _looks_utf16(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_zeros = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_zeros = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd_zeros > 0.3 and even_zeros < 0.05:
        return "utf-16-le"
    if even_zeros > 0.3 and odd_zeros < 0.05:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding) or an `InputError` saying the file is not text."""
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    )
    encoding: str | None = None
    for bom, candidate in boms:
        if data.startswith(bom):
            encoding = candidate
            break
    encoding = encoding or _looks_utf16(data)
    candidates = [encoding] if encoding else ["utf-8", "cp1252", "latin-1"]
    text: str | None = None
    for candidate in candidates:
        try:
            text = data.decode(candidate)
            encoding = candidate
            break
        except UnicodeDecodeError:
            continue
    if text is None or encoding is None:
        raise InputError(f"{name} is not readable text in {candidates[0]}. Save it as UTF-8 and import it again.")
    if text.startswith("\ufeff"):
        text = text[1:]
    _refuse_binary(text, name)
    return text, encoding


def _refuse_binary(text: str, name: str) -> None:
    sample = text[:65536]
    if "\x00" in sample:
        raise InputError(f"{name} looks like a binary file, not a CSV or JSON export. Export the data as CSV/JSON (UTF-8).")
    control = sum(1 for char in sample if unicodedata.category(char) == "Cc" and char not in "\t\n\r")
    if sample and control / len(sample) > 0.01:
        raise InputError(f"{name} looks like a binary file, not a CSV or JSON export. Export the data as CSV/JSON (UTF-8).")


def read_source(path: Path, *, max_bytes: int = MAX_IMPORT_BYTES) -> SourceText:
    """The decoded text of one file, or an `InputError`/`NotFoundError` that says what to do."""
    if not path.exists():
        raise NotFoundError(f"{path} does not exist. Check the path.")
    if not path.is_file():
        raise InputError(f"{path} is not a file.")
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{path} is empty: there is nothing to import.")
    if size > max_bytes:
        raise InputError(
            f"{path} is {size / 1024 / 1024:.1f} MB; Hookline imports files of at most "
            f"{max_bytes / 1024 / 1024:.0f} MB at a time. Split it (for example `split -l 200000 {path.name} part_`, "
            "keeping the header in each CSV part) and import the parts."
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path} cannot be read: {error.strerror or error}.") from error
    text, encoding = decode_bytes(data, str(path))
    if not text.strip():
        raise InputError(f"{path} holds only whitespace: there is nothing to import.")
    return SourceText(path=path, text=text, encoding=encoding)


def expand_paths(paths: list[Path]) -> list[tuple[Path, bool]]:
    """Files to import as (path, named_explicitly). A folder gives its data files (recursively,
    sorted); a file named on the command line is always tried, whatever its suffix."""
    result: list[tuple[Path, bool]] = []
    seen: set[Path] = set()
    for path in paths:
        if not path.exists():
            raise NotFoundError(f"{path} does not exist. Check the path.")
        if path.is_dir():
            children = sorted(
                child
                for child in path.rglob("*")
                if child.is_file() and child.suffix.lower() in DATA_SUFFIXES and not child.name.startswith(".")
            )
            if not children:
                documents = any(child.suffix.lower() in (".md", ".txt", ".pdf", ".html") for child in path.rglob("*"))
                hint = " Documents such as brand style guides belong in a brand kit: `hookline brand build`." if documents else ""
                raise InputError(f"{path} holds no {', '.join(DATA_SUFFIXES)} files to import.{hint}")
            items = [(child, False) for child in children]
        else:
            items = [(path, True)]
        for item in items:
            key = item[0].resolve()
            if key not in seen:
                seen.add(key)
                result.append(item)
    return result
