"""Keeping the chat model's descriptions honest and its calls bounded.

- `says_the_same`: a value must share content words with the quote it rests on (a quote
  that exists is not enough: the value must say what the quote says);
- `unlabel`: "Audience: people who..." -> "people who..." (the card adds its own label);
- `real_words`: a trait name is kept only when its words occur in the files or are common
  words for a voice ("Friendlike" is neither);
Each model call of a build has a token cap and a time budget (`timeout_s` of the chat-model
seam, which cancels the request past it); the build then moves on with a note.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from tools.brandkit.sources import SourceDoc

OVERLAP = 0.34  # share of the value's content words (by stem) that must occur in the quote
STEM = 5

_STOP = frozenset(
    """a an the and or but of to in on for with by from at as is are be was were it its this that these those we our
    you your they their who what which not no so very just all any more most other some such than too can will do does
    el la los las un una unos unas y o de del en con por para que es son su sus nuestro nuestra lo le se al""".split()
)
VOICE_WORDS = frozenset(
    """friendly warm plain clear direct honest calm playful witty funny human kind helpful confident curious bold simple
    practical specific concise caring positive optimistic respectful patient empathetic approachable authentic
    conversational casual relaxed professional expert knowledgeable trustworthy reliable transparent thoughtful
    inclusive welcoming encouraging supportive cheerful upbeat energetic enthusiastic informal formal serious
    straightforward down-to-earth grounded humble generous local neighbourly neighborly salty dry irreverent
    cercano cercanos claro claros directo honesto calido cálido amable sencillo concreto concretos curioso curiosos
    paciente pacientes tranquilo divertido natural""".split()
)
_LABEL = re.compile(r"^\s*(?:our\s+|the\s+|nuestra\s+|nuestro\s+)?(?:{label})\s*(?:is|are|es|son)?\s*[:\-–—]\s*", re.I)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def content_stems(text: str) -> set[str]:
    return {token[:STEM] for token in re.findall(r"[a-z0-9]+", _fold(text)) if token not in _STOP and len(token) > 2}


def says_the_same(value: str, quote: str) -> bool:
    """True when enough of the value's content words (by stem) occur in the quote."""
    stems = content_stems(value)
    if not stems:
        return False
    return len(stems & content_stems(quote)) / len(stems) >= OVERLAP


def unlabel(text: str, label: str) -> str:
    """Without a leading "Audience:" / "Our promise is:" that repeats the field's own label."""
    if not label:
        return text.strip()
    labels = {"audience": "audience|who we (?:write|bake|make) for|p[uú]blico", "promise": "promise|what we promise|promesa"}
    pattern = re.compile(_LABEL.pattern.format(label=labels.get(label, re.escape(label))), re.I)
    stripped = pattern.sub("", text.strip(), count=1).strip()
    if label == "audience":  # "We write for people who..." -> "People who..."
        stripped = re.sub(r"^(?:we|lumen|they)?\s*(?:write|writes|escribimos)\s+(?:for|para)\s+", "", stripped, flags=re.I)
    return stripped[:1].upper() + stripped[1:] if stripped else text.strip()


def real_words(name: str, docs: Sequence[SourceDoc]) -> bool:
    """Every word of a trait name occurs in the files or is a common word for a voice."""
    text = _fold(" ".join(doc.text for doc in docs if not doc.is_image))
    for word in re.findall(r"[a-z][a-z\-]+", _fold(name)):
        if word in _STOP or word in VOICE_WORDS:
            continue
        if not re.search(r"(?<![a-z])" + re.escape(word[: max(4, len(word) - 2)]), text):
            return False
    return True
