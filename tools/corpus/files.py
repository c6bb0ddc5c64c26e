"""Reading import files safely: a size limit, encodings (see `encoding`: UTF-8, UTF-16/32 with or
without a BOM, Windows-1252 line by line), and a refusal of binary data, each as a clear `InputError`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.errors import InputError, NotFoundError
from tools.corpus.encoding import Decoded, decode, looks_binary

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
    warnings: tuple[str, ...] = ()
    """What the reader had to guess (a file mixing encodings), for the import report."""


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding) or an `InputError` saying the file is not text."""
    decoded = decode_source(data, name)
    return decoded.text, decoded.encoding


def decode_source(data: bytes, name: str) -> Decoded:
    """The decoded text (UTF-8 line by line where a file mixes encodings), or an `InputError`
    saying the file is not text."""
    decoded = decode(data)
    _refuse_binary(decoded.text, name)
    return decoded


def _refuse_binary(text: str, name: str) -> None:
    if looks_binary(text):
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
    decoded = decode_source(data, str(path))
    if not decoded.text.strip():
        raise InputError(f"{path} holds only whitespace: there is nothing to import.")
    warning = decoded.warning(str(path))
    return SourceText(path=path, text=decoded.text, encoding=decoded.encoding, warnings=(warning,) if warning else ())


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
