"""Model-written text keeps only the links, handles, codes, prices and dates the user or the kit gave."""

from __future__ import annotations

from collections.abc import Sequence

from agent import safety


def scrub(text: str, trusted: Sequence[str]) -> tuple[str, list[str]]:
    """(cleaned text, what was removed). Uses the safety gate's `scrub_output` when it is there."""
    scrub_output = getattr(safety, "scrub_output", None)
    if scrub_output is not None:
        cleaned, removed = scrub_output(text, trusted)
        return cleaned, list(removed)
    links = safety.unsupported_links(text, " ".join(trusted))
    return (safety.strip_links(text, links), links) if links else (text, [])
