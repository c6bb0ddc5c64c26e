"""The output side, independent of the model: whatever a draft says, it may carry a link,
domain, @handle, hashtag, promo code, price, percentage or date only when the brief, the
kit or the user's own messages gave it; and it may not make a claim the kit forbids or a
safety claim (recall, health, medical) that none of them made."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tools.safety import lexicon
from tools.safety.entities import Entity, find_entities
from tools.safety.normalize import plain_text

_LEAD_IN = re.compile(
    r"(?:\b(?:at|on|via|from|to|visit|use|using|en|a|bei|auf|sur|chez|no|na|su|su|con|with)\s*[:]?\s*)$", re.IGNORECASE
)


def _allowed(entity: Entity, trusted_entities: list[Entity], trusted_plain: str) -> bool:
    same_kind = {other.key for other in trusted_entities if other.kind == entity.kind}
    if entity.key in same_kind:
        return True
    if entity.kind == "link":
        # The kit's "shop.example.com" allows "https://shop.example.com/" but not "shop.example.com/ref=x".
        return entity.key.rstrip("/") in {key.rstrip("/") for key in same_kind}
    if entity.kind == "code":
        return entity.key.lower() in trusted_plain
    if entity.kind in ("hashtag", "handle", "date"):
        return entity.key in trusted_plain
    return False


def _tidy(text: str) -> str:
    text = re.sub(r"\(\s*\)|\[\s*\]", "", text)
    text = re.sub(r"\s+([,.!?;:])", r"\1", text)
    text = re.sub(r"([,;:])(?=[,.!?;:])", "", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def scrub_output(text: str, trusted: Sequence[str]) -> tuple[str, list[str]]:
    """`text` without the links, handles, hashtags, codes, prices, percentages and dates no
    trusted text contains; and what was removed, for the review notes."""
    trusted_entities = [entity for source in trusted for entity in find_entities(source)]
    trusted_plain = plain_text(" ".join(trusted))
    removed: list[str] = []
    pieces, cursor = [], 0
    for entity in find_entities(text):
        if _allowed(entity, trusted_entities, trusted_plain):
            continue
        before = text[cursor : entity.start]
        if entity.kind in ("link", "handle", "code"):
            before = _LEAD_IN.sub("", before)  # "visit shop.store" -> "", not a dangling "visit"
        pieces.append(before)
        cursor = entity.end
        removed.append(entity.text)
    if not removed:
        return text, []
    return _tidy("".join(pieces) + text[cursor:]), removed


def _sentences(text: str) -> list[str]:
    return [sentence for sentence in re.split(r"(?<=[.!?\n])\s+", text) if sentence.strip()]


def introduced_claims(text: str, trusted: Sequence[str], forbidden: Sequence[str] = ()) -> list[str]:
    """Sentences of `text` that state a claim the kit forbids (`forbidden`: the kit's avoided
    claims and words), or a safety claim (recall, health, medical) no trusted text makes.
    The review step drops these sentences or asks for a revision without them."""
    trusted_plain = plain_text(" ".join(trusted))
    trusted_safety = {match.group(0) for match in lexicon.SAFETY_CLAIM.finditer(trusted_plain)}
    banned = [plain_text(item) for item in forbidden if item.strip()]
    found = []
    for sentence in _sentences(text):
        plain = plain_text(sentence)
        if any(re.search(rf"(?<!\w){re.escape(term)}(?!\w)", plain) for term in banned):
            found.append(sentence)
            continue
        claims = {match.group(0) for match in lexicon.SAFETY_CLAIM.finditer(plain)}
        if claims - trusted_safety:
            found.append(sentence)
    return found


def drop_sentences(text: str, sentences: Sequence[str]) -> str:
    """`text` without the given sentences (as `introduced_claims` returned them)."""
    unwanted = set(sentences)
    return " ".join(sentence for sentence in _sentences(text) if sentence not in unwanted)
