"""Audience and promise when a guide states them in so many words (English and Spanish).

"What we promise: bread that is baked the same morning, or it's free." is the promise, in the
guide's own words; no model needs to paraphrase it (and a small one paraphrased it into
"immediate delivery and freshness"). Read here: a heading or label ("Our promise", "What we
promise", "Who we write for", "Nuestra promesa", "Lo que prometemos") and the text under or
after it, and sentences such as "We promise ...", "We write for ...", "Escribimos para ...".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tools.brandkit.avoid import evidence
from tools.brandkit.grounding import unlabel
from tools.brandkit.model import Claim
from tools.brandkit.sources import SourceDoc
from tools.brandkit.text import shorten, split_sentences

_LABELS = {
    "promise": re.compile(
        r"^\s*(?:our\s+promise|what\s+we\s+promise|the\s+promise|promise|nuestra\s+promesa|lo\s+que\s+prometemos|promesa)\s*[:.]?\s*(?P<rest>.*)$",
        re.I,
    ),
    "audience": re.compile(
        r"^\s*(?:who\s+we\s+(?:write|bake|make|cook|build)\s+for|our\s+(?:audience|readers|customers)|audience"
        r"|para\s+qui[eé]n\s+escribimos|nuestro\s+p[uú]blico|p[uú]blico)\s*[:.]?\s*(?P<rest>.*)$",
        re.I,
    ),
}
_SENTENCES = {
    "promise": re.compile(r"\b(?:we\s+promise|our\s+promise\s*(?:is)?|prometemos|nuestra\s+promesa\s*(?:es)?)\b[:\s]*(?P<rest>.+)$", re.I),
    "audience": re.compile(
        r"\b(?:writes?\s+for|escribimos\s+para)\s*[:\-–—]?\s+(?P<rest>.+)$"
        r"|\b(?:for|para)\s+(?P<who>(?:people|those|anyone|everyone|gente|personas|quienes|adultos)\b.+)$",
        re.I,
    ),
}
MAX_WORDS = 30


def _clip(text: str) -> str:
    text = re.sub(r"^(?:that|simple|is|es)\s*[:,]?\s*", "", text.strip(), flags=re.I).strip()
    return shorten(text.rstrip(" ."), 200)


def stated_profile(docs: Sequence[SourceDoc]) -> dict[str, Claim]:
    """{"audience": Claim, "promise": Claim} for what the guides state; absent when they do not."""
    found: dict[str, Claim] = {}
    for doc in docs:
        if doc.is_image or all(block.kind in ("post", "heading") for block in doc.blocks):
            continue
        blocks = doc.blocks
        for index, block in enumerate(blocks):
            if block.kind == "heading":  # "## What we promise" and the paragraph under it
                following = blocks[index + 1] if index + 1 < len(blocks) else None
                for field, label in _LABELS.items():
                    match = label.match(block.text)
                    if field in found or not match or match.group("rest") or following is None or following.kind == "heading":
                        continue
                    first = split_sentences(following.text)[0] if split_sentences(following.text) else ""
                    if first and len(first.split()) <= MAX_WORDS:
                        found[field] = Claim(text=unlabel(_clip(first), field), evidence=[evidence(doc.name, first)])
                continue
            for sentence in split_sentences(block.text):
                for field in ("promise", "audience"):
                    if field in found:
                        continue
                    label = _LABELS[field].match(sentence)
                    rest = label.group("rest") if label and ":" in sentence[: label.start("rest") + 1] else None
                    if rest is None:
                        match = _SENTENCES[field].search(sentence)
                        rest = (match.group("rest") or match.groupdict().get("who")) if match else None
                    if rest and len(rest.split()) <= MAX_WORDS:
                        found[field] = Claim(text=unlabel(_clip(rest), field), evidence=[evidence(doc.name, sentence)])
    return found
