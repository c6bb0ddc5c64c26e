"""Which files are the brand's own posts (what it published) and which are its guide (what it says about itself).

A plain-text file of short paragraphs reads like a caption set, so `sources` calls each
paragraph a post. A short voice note looks the same ("Don't: ...", "One emoji at most"),
and treated as posts its rules became examples of the voice and its measured habits. Here
a text file whose paragraphs mostly speak about writing (rules, "we are", "our promise",
hashtags, emoji) is read as a guide instead; a CSV/JSON export always holds posts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from tools.brandkit.sources import Block, SourceDoc

_GUIDE_TALK = re.compile(
    r"\b(never|always|don[’']?t|do not|avoid|we are|we're|we write|our (?:voice|tone|promise|customers|readers)|promise"
    r"|hashtags?|emojis?|exclamation|captions?|sign off|words? we|banned|tone|voice|write for|talk to|say\b"
    r"|nunca|siempre|evita\w*|somos|escribimos|prometemos|promesa|nuestra voz|tono|palabras|firma|publicaci[oó]n"
    r"|no usamos|no decimos|emojis?|di\b)",
    re.I,
)
GUIDE_SHARE = 0.4


def guide_share(blocks: Sequence[Block]) -> float:
    """The share of blocks that talk about how to write."""
    texts = [block for block in blocks if block.text.strip()]
    if not texts:
        return 0.0
    return sum(bool(_GUIDE_TALK.search(block.text)) for block in texts) / len(texts)


def as_guide(doc: SourceDoc) -> SourceDoc:
    """`doc` with its "posts" read as paragraphs (a line ending with ':' or a short title line as a heading)."""
    blocks = []
    heading = ""
    for block in doc.blocks:
        if block.kind != "post":
            blocks.append(block)
            continue
        short_title = len(block.text.split()) <= 6 and not re.search(r"[.!?]$", block.text.strip())
        if short_title:
            heading = block.text.strip().rstrip(":")
            blocks.append(replace(block, kind="heading", heading=heading))
        else:
            blocks.append(replace(block, kind="paragraph", heading=heading))
    return replace(doc, blocks=blocks)


def separate(docs: Sequence[SourceDoc]) -> list[SourceDoc]:
    """The documents, with text files that are guides no longer counted as posts."""
    out = []
    for doc in docs:
        posts = [block for block in doc.blocks if block.kind == "post"]
        if doc.kind in ("text", "markdown", "pdf", "html") and posts and guide_share(posts) >= GUIDE_SHARE:
            out.append(as_guide(doc))
        else:
            out.append(doc)
    return out
