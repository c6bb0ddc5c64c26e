"""Which character separates a CSV's fields: comma, semicolon (Excel in much of Europe), tab or pipe.

The standard library's `csv.Sniffer` proposes one; the proposal is kept only when it splits
the header into several columns and the first rows into as many fields as the header has,
since the Sniffer is easily misled by punctuation inside text.
"""

from __future__ import annotations

import csv
import functools
import io

DELIMITERS = (",", ";", "\t", "|")
_SAMPLE_CHARS = 65536
_SNIFF_CHARS = 4096
"""The Sniffer's regular expressions take seconds on long quoted fields (transcripts): it
sees the first lines only; the check of the fit reads more."""
_SAMPLE_ROWS = 50


def sniff_delimiter(text: str, *, default: str = ",") -> str:
    """The delimiter that best fits the start of `text`, or `default` when none fits better."""
    return _sniff(_complete_lines(text[:_SAMPLE_CHARS]), default)


@functools.lru_cache(maxsize=16)  # detection and parsing ask for the same file's delimiter in turn
def _sniff(sample: str, default: str) -> str:
    try:
        proposed = csv.Sniffer().sniff(_complete_lines(sample[:_SNIFF_CHARS]), delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        proposed = default
    candidates = list(dict.fromkeys([default, proposed, *DELIMITERS]))
    scores = {delimiter: _fit(sample, delimiter) for delimiter in candidates}
    best = max(candidates, key=lambda delimiter: scores[delimiter])  # first wins a tie: default, then proposed
    if scores[proposed] >= scores[best]:
        return proposed
    return best


def _complete_lines(sample: str) -> str:
    """The sample without its last, probably cut, line (unless it is the only one)."""
    cut = sample.rfind("\n")
    return sample[: cut + 1] if cut > 0 else sample


def _fit(sample: str, delimiter: str) -> tuple[int, float, int]:
    """(header splits, share of rows as wide as the header, header width): higher fits better."""
    try:
        rows = [row for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)][: _SAMPLE_ROWS + 1]
    except csv.Error:
        return (0, 0.0, 0)
    rows = [row for row in rows if row and any(cell.strip() for cell in row)]
    if not rows or len(rows[0]) < 2:
        return (0, 0.0, 0)
    width = len(rows[0])
    body = rows[1:]
    share = sum(len(row) == width for row in body) / len(body) if body else 0.5
    return (1, round(share, 2), width)
