"""Learning from edits: a user's change to a draft becomes a proposed rule, with the edit as its evidence.

Two inputs, both the user's own words (never a model's):
- what they say: "never say 'game-changer'", "don't use synergy", "no digas «top»" -> an avoided term;
- a changed line: the draft before and after. A short phrase the user replaced becomes an
  avoided term with the new words as its alternative ("revolutionary" -> "new"); emoji,
  hashtags or exclamation marks the user removed become a limit at what they kept.

Nothing is saved here: `propose_*` returns proposals; `BrandKitStore.learn` saves the ones the
user confirms, as a new kit version (so `hookline brand rollback` can undo it).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date

from tools.brandkit.model import Evidence, Limit, Term
from tools.brandkit.shapes import clean, quoted
from tools.brandkit.text import EMOJI, HASHTAG, WORD, shorten

_SAID = re.compile(
    r"\b(?:never|don[’']?t|do not|stop|no more|avoid|nunca|no)\s+(?:say(?:ing)?|use|using|write|writing|digas|uses|escribas|pongas)?\s*"
    r"(?:the word\s+|la palabra\s+)?(?P<rest>.+)$",
    re.I,
)
MAX_REPLACED_WORDS = 4
_SMALL = frozenset("a an the and or but of to in on for with is are it this that we you our your el la los las un una y o de en con".split())


@dataclass(frozen=True)
class Proposal:
    """A rule the user may confirm: an avoided term or a limit, and why it is proposed, in a sentence."""

    summary: str
    term: Term | None = None
    limit: Limit | None = None


def _proof(quote: str) -> Evidence:
    return Evidence(source="user", quote=shorten(quote, 380))


def _note() -> str:
    return f"learned from the user's edit on {date.today().isoformat()}"


def propose_from_words(said: str) -> list[Proposal]:
    """'never say "X" or "Y"' -> one proposal per term; nothing when the sentence names no term."""
    said = " ".join(said.split())
    match = _SAID.search(said)
    if not match:
        return []
    rest = match.group("rest")
    pieces = [value for _s, _e, value in quoted(rest)] or re.split(r"\s*,\s*|\s+(?:or|and|ni|o|y)\s+", rest.rstrip(".!"))
    proposals = []
    for piece in pieces:
        term = clean(piece)
        if term and len(term.split()) <= MAX_REPLACED_WORDS:
            proposals.append(Proposal(
                summary=f"Avoid “{term}” (you said: “{shorten(said, 120)}”).",
                term=Term(term=term, kind="word" if " " not in term else "phrase", note=_note(), evidence=[_proof(said)]),
            ))
    return proposals


def _tokens(text: str) -> list[str]:
    return re.findall(r"\S+", text)


def propose_from_edit(before: str, after: str) -> list[Proposal]:
    """What the change from `before` to `after` says about the brand, as proposals with the edit as evidence."""
    proposals: list[Proposal] = []
    old, new = _tokens(before), _tokens(after)
    matcher = difflib.SequenceMatcher(a=[t.lower() for t in old], b=[t.lower() for t in new], autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op not in ("replace", "delete"):
            continue
        removed = " ".join(old[a1:a2])
        plain = " ".join(WORD.findall(HASHTAG.sub("", EMOJI.sub("", removed))))
        term = clean(plain) if plain else None
        if not term or len(term.split()) > MAX_REPLACED_WORDS or term.lower() in _SMALL:
            continue
        added = " ".join(WORD.findall(" ".join(new[b1:b2]))) or None
        edit = f"“{removed}” -> “{' '.join(new[b1:b2])}”" if op == "replace" else f"removed “{removed}”"
        proposals.append(Proposal(
            summary=f"Avoid “{term}”" + (f", say “{added}”" if added else "") + f" (your edit: {edit}).",
            term=Term(term=term, kind="word" if " " not in term else "phrase", alternative=added, note=_note(),
                      evidence=[_proof(f"edit: {before} -> {after}")]),
        ))
    for kind, counter, label in (
        ("emoji", lambda t: len(EMOJI.findall(t)), "emoji"),
        ("hashtags", lambda t: len(HASHTAG.findall(t)), "hashtags"),
        ("exclamations", lambda t: t.count("!"), "exclamation marks"),
    ):
        kept, had = counter(after), counter(before)
        if had > kept:
            proposals.append(Proposal(
                summary=f"At most {kept} {label} per post (your edit took {had} down to {kept}).",
                limit=Limit(kind=kind, max=kept, evidence=[_proof(f"edit: {before} -> {after}")]),  # type: ignore[arg-type]
            ))
    return proposals
