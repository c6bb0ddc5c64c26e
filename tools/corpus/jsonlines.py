"""JSON helpers for importers: whole-document or JSON-lines parsing, and line numbers for items."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

MAX_DEPTH_HINT = "nested too deeply (more than about 900 levels of [ or {); this is not an export Hookline reads"


class JsonTooDeep(ValueError):
    """The document nests arrays/objects deeper than the parser's recursion limit."""


@dataclass
class JsonDocument:
    """A parsed JSON value, with the lines where invalid characters were replaced."""

    value: Any
    replaced: int = 0
    """How many text values held lone UTF-16 surrogates (`\\ud800`), now U+FFFD."""
    replaced_lines: list[int] = field(default_factory=list)

    def warning(self, name: str) -> str | None:
        if not self.replaced:
            return None
        where = f" (line(s) {', '.join(map(str, self.replaced_lines[:10]))})" if self.replaced_lines else ""
        return (
            f"{name}: {self.replaced:,} text value(s){where} held broken characters (lone UTF-16 surrogates); "
            "they were replaced by \ufffd."
        )


def load_json_document(text: str) -> JsonDocument | None:
    """The parsed document, or None when the text is not one JSON value (it may be JSON lines).
    Raises `JsonTooDeep` for a document nested beyond what can be parsed."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise JsonTooDeep(MAX_DEPTH_HINT) from None
    except ValueError:
        return None
    if not _SURROGATE_ESCAPE.search(text):
        return JsonDocument(value)  # decoded file text holds no surrogates; only escapes make them
    value, replaced = without_lone_surrogates(value)
    return JsonDocument(value, replaced, _surrogate_escape_lines(text) if replaced else [])


def iter_json_lines(text: str, replaced_lines: list[int] | None = None) -> Iterator[tuple[int, Any | None, str | None]]:
    """(line number, value, error) for every non-blank line. Lone surrogates in a line's text
    become U+FFFD; the numbers of those lines are appended to `replaced_lines`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except RecursionError:
            yield number, None, MAX_DEPTH_HINT
            continue
        except ValueError as error:
            yield number, None, f"not valid JSON ({str(error).split(':')[0]})"
            continue
        value, replaced = without_lone_surrogates(value) if "\\u" in line else (value, 0)
        if replaced and replaced_lines is not None:
            replaced_lines.append(number)
        yield number, value, None


def first_json_line(text: str) -> Any | None:
    for _number, value, error in iter_json_lines(text[:2_000_000]):
        if error is None:
            return value
        return None
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def without_lone_surrogates(value: Any) -> tuple[Any, int]:
    """(value with every lone surrogate in its strings and keys replaced by U+FFFD, how many
    strings changed). JSON allows `\\ud800` escapes; UTF-8 (SQLite, Chroma) does not. Iterative,
    so that depth is no problem; containers are rebuilt only when something changed."""
    if isinstance(value, str):
        return (_SURROGATE.sub("\ufffd", value), 1) if _SURROGATE.search(value) else (value, 0)
    if not isinstance(value, (list, dict)):
        return value, 0
    replaced = 0
    # Post-order walk: each container is fixed after its children.
    stack: list[tuple[Any, bool]] = [(value, False)]
    fixed: dict[int, Any] = {}
    while stack:
        node, children_done = stack.pop()
        if not children_done:
            stack.append((node, True))
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, False) for child in children if isinstance(child, (list, dict)))
            continue
        changed = False
        if isinstance(node, dict):
            items = []
            for key, child in node.items():
                new_key, key_count = _fix_leaf(key, fixed)
                new_child, child_count = _fix_leaf(child, fixed)
                replaced += key_count + child_count
                changed |= new_key is not key or new_child is not child
                items.append((new_key, new_child))
            fixed[id(node)] = dict(items) if changed else node
        else:
            children = []
            for child in node:
                new_child, child_count = _fix_leaf(child, fixed)
                replaced += child_count
                changed |= new_child is not child
                children.append(new_child)
            fixed[id(node)] = children if changed else node
    return fixed[id(value)], replaced


def _fix_leaf(value: Any, fixed: dict[int, Any]) -> tuple[Any, int]:
    if isinstance(value, str):
        if _SURROGATE.search(value):
            return _SURROGATE.sub("\ufffd", value), 1
        return value, 0
    if isinstance(value, (list, dict)):
        return fixed[id(value)], 0
    return value, 0


def _surrogate_escape_lines(text: str) -> list[int]:
    """Lines holding a surrogate escape (paired ones included: a hint, not an exact count)."""
    lines: list[int] = []
    position, line = 0, 1
    for match in _SURROGATE_ESCAPE.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


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
