"""Deterministic extraction, one import for the builder and the tests: everything about a brand
that rules and counting can get right. Each part lives in its own module:

- `passages`: the examples of the brand's own writing;
- `avoid` and `shapes`: avoided words and claims, in the shapes guides write them;
- `limits`: numeric limits a draft can be checked against (hashtags, emoji, questions, sign-off);
- `habits`: stated and measured formatting habits;
- `guidance`: stated rules, voice-trait names, calls to action, hooks, signature phrases.
"""

from __future__ import annotations

from collections.abc import Sequence

from tools.brandkit import avoid, shapes
from tools.brandkit.avoid import QUOTE_CHARS, clean_term, evidence, find_term, on_brand, term_pattern
from tools.brandkit.guidance import (
    CTA_ANYWHERE,
    CTA_START,
    STOPWORDS,
    TraitHint,
    cta_patterns,
    cta_required,
    example_hooks,
    has_cta,
    signature_phrases,
    source_rules,
    trait_hints,
)
from tools.brandkit.habits import Stated, casing_of, measure_formatting, stated_habits, stated_sentence_limit
from tools.brandkit.model import Term
from tools.brandkit.sources import SourceDoc
from tools.brandkit.passages import MAX_PASSAGE_WORDS, Passage, passages
from tools.brandkit.text import normalize

__all__ = [
    "CTA_ANYWHERE", "CTA_START", "MAX_PASSAGE_WORDS", "QUOTE_CHARS", "STOPWORDS", "Passage", "Stated", "Term",
    "TraitHint", "avoided_terms", "casing_of", "clean_term", "cta_patterns", "cta_required", "evidence",
    "example_hooks", "find_term", "has_cta", "measure_formatting", "on_brand", "passages", "signature_phrases",
    "source_rules", "stated_habits", "stated_sentence_limit", "term_pattern", "trait_hints",
]


def avoided_terms(docs: Sequence[SourceDoc]) -> list[Term]:
    """Avoided words and claims from both readers (long-guide shapes first, then the short shapes), once each."""
    terms = avoid.avoided_terms(docs)
    seen = {normalize(term.term) for term in terms}
    for term in shapes.shaped_avoided_terms(docs):
        if normalize(term.term) not in seen:
            seen.add(normalize(term.term))
            terms.append(term)
    return terms
