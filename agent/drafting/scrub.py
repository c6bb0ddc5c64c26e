"""Model-written text keeps only what the user or the kit gave: links, handles, codes, prices and
dates (tools/safety `scrub_output`), and no recall, health or medical claim that no trusted text
makes (`introduced_claims`): a comment must never put such a claim into a brand's mouth."""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.safety import drop_sentences, introduced_claims, scrub_output


def scrub(text: str, trusted: Sequence[str]) -> tuple[str, list[str]]:
    """(cleaned text, what was removed, as short descriptions for the review)."""
    cleaned, removed = scrub_output(text, trusted)
    claims = introduced_claims(cleaned, trusted)
    if claims:
        cleaned = drop_sentences(cleaned, claims)
    cleaned = re.sub(r"(?<!\.)\.\.(?!\.)", ".", re.sub(r"\s+([.,!?;:])", r"\1", cleaned)).strip()
    return cleaned, [*removed, *(f"the claim “{claim.rstrip('.!? ')}”" for claim in claims)]
