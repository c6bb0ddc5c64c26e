"""`screen`: how much a piece of untrusted text looks like an attempt to steer the writer,
as a score in [0, 1] with the reasons, plus a cleaned text that is safe to show.

Each feature alone is weak evidence (fans write imperatives, mention scripts, share links);
the score is a noisy-OR of feature weights and of the combinations that mark a plant: an
instruction aimed at the assistant or the script writer, a link or code aimed at the
script, role play, overriding instructions, fake prompt markup, look-alike letters.
`THRESHOLD` was chosen on the training half of tests/fixtures/safety (see calibrate.py)
and checked on the held-out half.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from tools.safety import lexicon
from tools.safety.entities import Entity, find_entities
from tools.safety.normalize import Normalized, normalize

THRESHOLD = 0.54
"""Flag at or above this score: chosen on the training split by tools/safety/calibrate.py."""
REMOVED = "[instruction-like text removed]"
# Links to where fans normally point each other; any other site in a comment is an outside site.
_PLATFORMS = re.compile(
    r"^(?:[\w-]+\.)*(?:youtube\.com|youtu\.be|instagram\.com|tiktok\.com|twitter\.com|x\.com|reddit\.com|redd\.it|"
    r"wikipedia\.org|spotify\.com|twitch\.tv|facebook\.com|imgur\.com|google\.com|apple\.com|soundcloud\.com)(?:[/?#:]|$)"
)
_SHORTENERS = re.compile(r"^(?:bit\.ly|tinyurl\.com|t\.co|goo\.gl|cutt\.ly|shorturl\.at|rb\.gy|is\.gd|ow\.ly|tiny\.cc|rebrand\.ly)(?:/|$)")
_PLACEHOLDER = {"link": "[link]", "handle": "[handle]", "code": "[code]"}

# Feature weights: the probability-like strength each piece of evidence adds (noisy-OR).
WEIGHTS: dict[str, float] = {
    "asks to ignore instructions": 0.95,
    "role play or new instructions": 0.85,
    "role play aimed at the output": 0.8,
    "imitates prompt markup": 0.8,
    "instruction aimed at the assistant or script writer": 0.8,
    "dictates the script or call to action": 0.75,
    "promo code": 0.7,
    "link or code aimed at the script": 0.6,
    "link with promotion": 0.45,
    "link to an outside site": 0.4,
    "shortened link": 0.4,
    "safety or health claim": 0.15,
    "look-alike letters from another alphabet": 0.5,
    "addresses the assistant": 0.3,
    "link": 0.15,
    "instruction about the script": 0.3,
    "handle with promotion": 0.3,
    "hides words with digits or spacing": 0.15,
    "handle": 0.05,
    # Batch signals (batch.py): what a whole comment section shows about one comment.
    "same long text from three or more accounts": 0.6,
    "same text from several accounts": 0.35,
    "likes out of line with replies and the section": 0.2,
}


@dataclass(frozen=True)
class Screened:
    text: str
    """Cleaned text, safe to show: links, handles and codes replaced; on flagged text the
    instruction-like sentences are cut."""
    flagged: bool
    """True: never citable, never shown to a model as evidence."""
    score: float = 0.0
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Features:
    names: tuple[str, ...]
    entities: tuple[Entity, ...]


LONG_TEXT = 300
_WINDOW = 80


def _near(text: str, entities: tuple[Entity, ...], kind: str, patterns: tuple[re.Pattern[str], ...]) -> bool:
    """A pattern matches within `_WINDOW` characters of an entity of `kind` (promotion next to
    its link, not a stray "buy" three paragraphs away)."""
    for entity in entities:
        if entity.kind != kind:
            continue
        if text[entity.start : entity.end] == entity.text:
            window = text[max(0, entity.start - _WINDOW) : entity.end + _WINDOW]
        else:  # found in the folded text only (look-alikes): judge on the whole short text
            window = text[: 2 * _WINDOW + len(entity.text)]
        folded = normalize(window).folded
        if any(pattern.search(folded) for pattern in patterns):
            return True
    return False


def _has(pattern: re.Pattern[str], normalized: Normalized) -> tuple[bool, bool]:
    """(matches the folded text, matches only because leetspeak/spacing was undone)."""
    folded = bool(pattern.search(normalized.folded))
    return folded, folded and not pattern.search(normalized.plain)


@functools.lru_cache(maxsize=8192)
def features(text: str) -> Features:
    """The text's features (cached: the same comment is screened by insights, the research
    tools and the drafting step in one turn)."""
    normalized = normalize(text)
    entities = tuple(find_entities(text))
    if normalized.plain != " ".join(text.lower().split()):  # look-alikes, spelled-out dots, invisible characters
        entities += tuple(entity for entity in find_entities(normalized.plain) if entity.kind in ("link", "code"))
    kinds = {entity.kind for entity in entities}
    names: list[str] = []
    obfuscated = False

    def fire(pattern: re.Pattern[str]) -> bool:
        nonlocal obfuscated
        hit, via_folding = _has(pattern, normalized)
        obfuscated = obfuscated or via_folding
        return hit

    override, role, markup = fire(lexicon.OVERRIDE), fire(lexicon.ROLE), bool(lexicon.MARKUP.search(text.lower()))
    addressee, meta, directive = fire(lexicon.ADDRESSEE), fire(lexicon.META), fire(lexicon.DIRECTIVE)
    promotion = fire(lexicon.PROMOTION)
    dictates = fire(lexicon.DICTATES)
    linked = bool(kinds & {"link", "code"}) or ("handle" in kinds and promotion)
    if linked and len(normalized.folded) > LONG_TEXT:
        # In a long post, a link and a word about "the summary" far apart are unrelated.
        linked = _near(text, entities, "link", (lexicon.META, lexicon.ADDRESSEE)) or "code" in kinds
    if override:
        names.append("asks to ignore instructions")
    if role:
        names.append("role play or new instructions")
    if fire(lexicon.ROLE_PLAY) and (directive or meta or addressee or bool(kinds & {"link", "code", "handle"})):
        names.append("role play aimed at the output")
    if markup:
        names.append("imitates prompt markup")
    if directive and addressee:
        names.append("instruction aimed at the assistant or script writer")
    if dictates:
        names.append("dictates the script or call to action")
    if "code" in kinds:
        names.append("promo code")
    if linked and (meta or addressee):
        names.append("link or code aimed at the script")
    link_keys = [entity.key for entity in entities if entity.kind == "link"]
    if link_keys:
        outside = [key for key in link_keys if not _PLATFORMS.match(key)]
        if _near(text, entities, "link", (lexicon.PROMOTION, lexicon.DIRECTIVE)):
            names.append("link with promotion")
        if any(_SHORTENERS.match(key) for key in link_keys):
            names.append("shortened link")
        elif outside:
            names.append("link to an outside site")
        else:
            names.append("link")
    if "handle" in kinds:
        names.append("handle with promotion" if _near(text, entities, "handle", (lexicon.PROMOTION,)) else "handle")
    if normalized.mixed_script_words:
        names.append("look-alike letters from another alphabet")
    if addressee:
        names.append("addresses the assistant")
    if directive and meta:
        names.append("instruction about the script")
    if lexicon.SAFETY_CLAIM.search(normalized.folded):
        names.append("safety or health claim")
    if obfuscated:
        names.append("hides words with digits or spacing")
    return Features(tuple(dict.fromkeys(names)), entities)


def score_of(names: tuple[str, ...] | list[str]) -> float:
    remaining = 1.0
    for name in names:
        remaining *= 1.0 - WEIGHTS[name]
    return round(1.0 - remaining, 4)


_STEERING = (lexicon.OVERRIDE, lexicon.ROLE, lexicon.ROLE_PLAY, lexicon.MARKUP, lexicon.ADDRESSEE)


def _clean(text: str, entities: tuple[Entity, ...], flagged: bool) -> str:
    spans = sorted({(e.start, e.end, e.kind) for e in entities if e.kind in _PLACEHOLDER and text[e.start:e.end] == e.text})
    pieces, cursor = [], 0
    for start, end, kind in spans:
        if start < cursor:
            continue
        pieces.append(text[cursor:start] + _PLACEHOLDER[kind])
        cursor = end
    cleaned = "".join(pieces) + text[cursor:]
    cleaned = cleaned.replace("<", "‹").replace(">", "›")
    if flagged:
        sentences = re.split(r"(?<=[.!?\n])\s+", cleaned)
        kept = []
        for sentence in sentences:
            folded = normalize(sentence).folded
            steering = any(pattern.search(folded) for pattern in _STEERING) or (
                lexicon.DIRECTIVE.search(folded) and lexicon.META.search(folded)
            )
            kept.append(REMOVED if steering else sentence)
        cleaned = " ".join(kept)
        cleaned = re.sub(rf"(?:{re.escape(REMOVED)}\s*)+", REMOVED + " ", cleaned)
    return re.sub(r"\s+", " ", cleaned).strip()


def screen(text: str, *, extra: tuple[str, ...] = ()) -> Screened:
    """Score untrusted text; `extra` adds batch signals (see batch.py) to the text's own."""
    found = features(text or "")
    names = tuple(dict.fromkeys(found.names + extra))
    score = score_of(names)
    flagged = score >= THRESHOLD
    return Screened(_clean(text or "", found.entities, flagged), flagged, score, names)
