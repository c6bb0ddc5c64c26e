"""`gate`: the one call every untrusted channel makes before its text reaches a prompt
(post titles, transcripts, cluster labels, brand examples and kit summaries, memory,
tool output). Flagged text is withheld with a note a person can read; the rest is the
screened text (links, handles and codes replaced)."""

from __future__ import annotations

from tools.safety.screening import screen

WITHHELD = "[withheld: looked like instructions to the writer]"


def gate(text: str) -> str:
    """Text safe to place in a prompt as data."""
    screened = screen(text)
    return WITHHELD if screened.flagged else screened.text


def gate_derived(text: str, source: str) -> str:
    """`gate` for a text cut from another (a request's label is one clause of a comment, without the handles and links
    the request reader strips): withheld when its source is flagged, since the cut can hide what flagged it."""
    return WITHHELD if source and screen(source).flagged else gate(text)


def gate_lines(text: str) -> str:
    """`gate` line by line, for multi-line material (a kit summary, an example passage), so
    one planted line does not take the genuine lines around it."""
    return "\n".join(gate(line) if line.strip() else line for line in text.split("\n"))
