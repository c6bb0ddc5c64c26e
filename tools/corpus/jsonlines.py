"""JSON helpers for importers: whole-document or JSON-lines parsing, and line numbers for items."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any


def load_json_document(text: str) -> Any | None:
    """The parsed document, or None when the text is not one JSON value (it may be JSON lines)."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def iter_json_lines(text: str) -> Iterator[tuple[int, Any | None, str | None]]:
    """(line number, value, error) for every non-blank line."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line), None
        except RecursionError:
            yield number, None, "nested too deeply"
        except ValueError as error:
            yield number, None, f"not valid JSON ({str(error).split(':')[0]})"


def first_json_line(text: str) -> Any | None:
    for _number, value, error in iter_json_lines(text[:2_000_000]):
        if error is None:
            return value
        return None
    return None


class LineLocator:
    """Line numbers of items in a JSON document, found by searching each item's id forward from
    the previous one (items appear in file order, so the search stays linear)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._position = 0
        self._line = 1

    def line_of(self, needle: str | None) -> int | None:
        if not needle:
            return None
        index = self._text.find(json.dumps(needle), self._position)
        if index < 0:
            index = self._text.find(json.dumps(needle))
            return None if index < 0 else self._text.count("\n", 0, index) + 1
        self._line += self._text.count("\n", self._position, index)
        self._position = index
        return self._line

    def source(self, display: str, needle: str | None, ordinal: int) -> str:
        line = self.line_of(needle)
        return f"{display}:{line}" if line else f"{display}:item {ordinal}"
