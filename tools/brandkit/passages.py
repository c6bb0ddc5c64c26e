"""The examples of the brand's own writing: posts, prose paragraphs and list sentences, quoted exemplars."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from tools.brandkit.avoid import _avoid_list_items
from tools.brandkit.sources import Block, SourceDoc
from tools.brandkit.text import content_hash, normalize, split_sentences, words

MAX_PASSAGE_WORDS = 70


@dataclass
class Passage:
    """One example of the brand's writing."""

    text: str
    source: str
    kind: str  # post | passage | exemplar
    metrics: dict[str, float] = field(default_factory=dict)
    heading: str = ""

    @property
    def key(self) -> str:
        return content_hash(self.text)

    @property
    def engagement(self) -> float:
        """A single number to rank posts by: likes (or views, or any metric) when present."""
        for wanted in ("like", "view", "play", "comment", "share"):
            for name, value in self.metrics.items():
                if wanted in name.lower():
                    return value
        return max(self.metrics.values(), default=0.0)


# ---------------------------------------------------------------- passages

_COUNTER_INTRO = re.compile(r"(instead of|rather than|don[’']?t|do not|avoid|never|wrong|bad|before)\s*:?\s*$", re.I)
_YES = re.compile(r"^\s*(?:yes|do)\s*:\s*[“\"]?(.*?)[”\"]?\s*$", re.I)
_NO = re.compile(r"^\s*(?:no|don[’']?t)\s*:", re.I)
_REFERENCE_HEADING = re.compile(r"\b(further reading|additional resources|resources|related|see also|references|credits|style guides)\b", re.I)


def _split_long(text: str, max_words: int = MAX_PASSAGE_WORDS) -> list[str]:
    if len(words(text)) <= max_words:
        return [text]
    pieces: list[str] = []
    current: list[str] = []
    for sentence in split_sentences(text):
        if current and len(words(" ".join([*current, sentence]))) > max_words * 0.8:
            pieces.append(" ".join(current))
            current = []
        current.append(sentence)
    if current:
        pieces.append(" ".join(current))
    return pieces


def passages(docs: Iterable[SourceDoc]) -> list[Passage]:
    """The brand's examples: posts, prose paragraphs and list sentences, and quoted exemplars.

    Left out: headings, short list entries (word lists), items of "avoid" lists, and
    counter-examples ("No:", a quote after "Instead of:"). Duplicates are kept once.
    """
    found: list[Passage] = []
    seen: set[str] = set()

    def add(text: str, doc: SourceDoc, kind: str, block: Block) -> None:
        for piece in _split_long(text.strip()):
            key = content_hash(piece)
            if not key or key in seen or not normalize(piece):
                continue
            seen.add(key)
            found.append(Passage(piece, doc.name, kind, dict(block.metrics), block.heading))

    for doc in docs:
        avoid_items = {id(block) for block, _severity in _avoid_list_items(doc)}
        for block in doc.blocks:
            if _REFERENCE_HEADING.search(block.heading):
                continue
            count = len(words(block.text))
            if block.kind == "post" and count >= 1:
                add(block.text, doc, "post", block)
            elif block.kind == "quote":
                if not _COUNTER_INTRO.search(block.intro) and count >= 4:
                    add(block.text, doc, "exemplar", block)
            elif block.kind == "item" and id(block) not in avoid_items:
                yes = _YES.match(block.text)
                if yes and len(words(yes.group(1))) >= 4:
                    add(yes.group(1), doc, "exemplar", block)
                elif not _NO.match(block.text) and count >= 8:
                    add(block.text, doc, "passage", block)
            elif block.kind == "paragraph" and count >= 6 and not (block.text.rstrip().endswith(":") and count < 15):
                add(block.text, doc, "passage", block)
    return found
