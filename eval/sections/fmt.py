"""How figures are written in eval/RESULTS.md: shares, numbers, fractions and table cells."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.0f}%"


def num(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}" if digits else f"{value:,.0f}"


def frac(part: int, whole: int) -> str:
    return f"{part}/{whole}" + (f" ({pct(part / whole)})" if whole else "")


def cell(value: object) -> str:
    """A value made safe for a markdown table cell."""
    return str(value).replace("|", "/").replace("\n", " ")


def table_rows(rows: Iterable[Sequence[Any]]) -> str:
    """Rows of data (their header is in the template), one markdown line each."""
    return "\n".join("| " + " | ".join(cell(value) for value in row) + " |" for row in rows)
