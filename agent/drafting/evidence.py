"""Evidence chosen in code for this brief: relevance (embedding + keywords) times engagement weight.

Flagged text (the safety screen found instructions, links or promo codes in it) is never citable:
it is kept aside so the review can say it was seen and left out.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from agent.drafting.similarity import Embedder, cosine_matrix, overlap
from agent.safety import REMOVED, screen
from agent.schemas import Brief, EvidenceItem

KEYWORD_WEIGHT = 0.3


@dataclass(frozen=True)
class Ranked:
    item: EvidenceItem
    relevance: float
    """0-1: how close the item is to the brief's audience, offer and angle."""
    weight: float
    """1-2: engagement (likes and replies, outlier factor, share of comment engagement)."""
    group: str = ""
    """The insight id a comment was quoted under (its theme), empty for others."""

    @property
    def score(self) -> float:
        return self.relevance * self.weight


def brief_query(brief: Brief | None, request: str, angle: str | None = None) -> str:
    """What evidence should be about: the audience, the offer and the angle; the request when those are unknown."""
    if brief is None:
        return " ".join(part for part in (request, angle) if part)
    parts = [brief.audience, brief.offer, angle or brief.angle, brief.goal]
    known = " ".join(part for part in parts if part)
    return f"{known} {request}".strip() if len(known.split()) < 4 else known


def _number(pattern: str, text: str) -> float:
    match = re.search(pattern, text.replace(",", ""))
    return float(match.group(1)) if match else 0.0


def engagement_weight(item: EvidenceItem) -> float:
    """1 for nothing known, up to 2 for the most engaged items (log scale: 10 likes count, 10,000 count more)."""
    text = f"{item.text} {item.detail}"
    if item.kind == "comment":
        raw = _number(r"(\d+)\s*likes?", text) + 2 * _number(r"(\d+)\s*repl", text)
        return 1 + min(math.log10(1 + raw) / 4, 1.0)
    if item.kind == "post":
        factor = _number(r"(\d+(?:\.\d+)?)\s*x\b", text)
        return 1 + min(math.log2(1 + factor) / 4, 1.0)
    if item.kind == "insight":
        return 1 + min(_number(r"(\d+(?:\.\d+)?)%\s*of engagement", text) / 100, 1.0)
    return 1.0


def is_flagged(item: EvidenceItem) -> bool:
    """True when the screen cut something out of it or still finds something to cut."""
    if REMOVED in item.text or "removed" in item.detail.lower():
        return True
    return bool(screen(item.text).flagged)


def _groups(evidence: list[EvidenceItem]) -> dict[str, str]:
    """comment id -> the insight it was quoted under (research lists each insight, then its quotes)."""
    current, groups = "", {}
    for item in evidence:
        if item.kind == "insight":
            current = item.id
        elif item.kind == "comment":
            groups[item.id] = current
    return groups


def rank_evidence(
    evidence: list[EvidenceItem], query: str, embedder: Embedder
) -> tuple[list[Ranked], list[EvidenceItem]]:
    """(citable items best first, flagged items). Memory items are context, not audience evidence."""
    citable = [item for item in evidence if item.kind != "memory" and item.text.strip() and not is_flagged(item)]
    flagged = [item for item in evidence if item.kind != "memory" and is_flagged(item)]
    if not citable:
        return [], flagged
    cosines = cosine_matrix(embedder, [query], [item.text for item in citable])[0]
    groups = _groups(evidence)
    ranked = []
    for item, cos in zip(citable, cosines, strict=True):
        relevance = (1 - KEYWORD_WEIGHT) * max(float(cos), 0.0) + KEYWORD_WEIGHT * overlap(query, [item.text])
        ranked.append(Ranked(item, round(relevance, 4), round(engagement_weight(item), 4), groups.get(item.id, "")))
    ranked.sort(key=lambda entry: entry.score, reverse=True)
    return ranked, flagged
