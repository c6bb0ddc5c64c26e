"""Untrusted text (comments, uploads, imported posts, memory, tool output) is data, never
instructions. The gate itself lives in tools/safety/ (usable from the CLI, the agent and
the UI alike); this module is the agent's stable entry point to it.

A 1.5B model obeys instructions planted in delimited data about half the time
(../shared/ENVIRONMENT.md), so delimiting is not enough. Four layers:
1. `screen`: a score with reasons; flagged text is never citable and never in a prompt;
2. `as_data`: what does reach a prompt is delimited and labelled as data;
3. `scrub_output` / `introduced_claims`: a draft carries only the links, handles, codes,
   prices, percentages and dates the brief, kit or user gave, and no planted claims;
4. `guard_tool_call`: a side-effecting tool runs only when the user's own words ask for it.
"""

from __future__ import annotations

import re

from tools.safety import (
    REMOVED,
    SIDE_EFFECT_TOOLS,
    BatchComment,
    Screened,
    drop_sentences,
    find_entities,
    gate,
    gate_derived,
    gate_lines,
    guard_tool_call,
    introduced_claims,
    screen,
    screen_batch,
    scrub_output,
)

__all__ = [
    "REMOVED", "SIDE_EFFECT_TOOLS", "BatchComment", "Screened", "as_data", "drop_sentences", "gate", "gate_derived", "gate_lines",
    "guard_tool_call", "introduced_claims", "links_and_handles", "screen", "screen_batch", "scrub_output", "strip_links",
    "unsupported_links",
]


def as_data(item_id: str, kind: str, text: str) -> str:
    """One evidence item, delimited and labelled as data for a prompt."""
    safe = text.replace("<", "‹").replace(">", "›")
    return f'<data id="{item_id}" kind="{kind}">{safe}</data>'


def links_and_handles(text: str) -> set[str]:
    return {entity.text.lower() for entity in find_entities(text) if entity.kind in ("link", "handle")}


def unsupported_links(draft_text: str, trusted_text: str) -> list[str]:
    """Links or @handles in the draft that neither the user nor the brand kit gave.
    (Kept for older callers: `scrub_output` covers codes, prices, dates and more.)"""
    _cleaned, removed = scrub_output(draft_text, [trusted_text])
    wanted = links_and_handles(draft_text)
    return sorted({item.lower() for item in removed if item.lower() in wanted})


def strip_links(text: str, links: list[str]) -> str:
    for link in links:
        text = re.sub(re.escape(link), "", text, flags=re.IGNORECASE)
    return re.sub(r"\s{2,}", " ", text).strip()
