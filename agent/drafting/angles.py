"""Angles from the data: 2-3 ways into the script, each resting on named evidence, for the user to pick.

"You decide" picks by a stated rule: the angle whose evidence scores highest (relevance to the brief times
engagement, summed over the items it rests on: an insight and its two best comments, or one post or comment).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.drafting.evidence import Ranked
from agent.schemas import EvidenceItem

MAX_ANGLES = 3
MIN_RELEVANCE = 0.05  # an item with nothing in common with the brief is no way into it
RELATIVE_FLOOR = 0.5
RULE = ("the angle whose evidence is most relevant to your brief and most engaged with (relevance times likes, replies "
        "or outlier views, summed over the items it rests on)")


@dataclass(frozen=True)
class Angle:
    title: str
    """A line for the user (a button in the chat)."""
    idea: str
    """What the script is about, for the part prompts."""
    evidence: tuple[str, ...]
    """Ids of the items it rests on, the anchor first."""
    score: float


def _short(text: str, limit: int) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _label(insight_text: str) -> str:
    return insight_text.split(" (", 1)[0].strip()


def _topic(insight_text: str) -> str:
    """What a theme is about, for the part prompts: its label when it is words ("audience request: a second part"),
    nothing when it is a keyword list ("tipa · dale · grande"), which the model only repeats."""
    label = _label(insight_text)
    return "what viewers say, " if "·" in label or not label else f"viewers talk about {label}; "


OUTLIER_FACTOR = 1.5  # a post is a way in when it drew at least 1.5x its creator's usual views


def outperformed(item: EvidenceItem) -> bool:
    """True when the post's research detail says it beat its creator's median by OUTLIER_FACTOR or more ("4.2x ...").
    A post at 0.8x is evidence of what did not work: no angle should call it an outperformer."""
    found = re.search(r"(\d+(?:\.\d+)?)x\b", item.detail)
    return bool(found) and float(found.group(1)) >= OUTLIER_FACTOR


def propose_angles(ranked: list[Ranked]) -> list[Angle]:
    """Up to three angles, strongest first; none when there is no citable evidence."""
    by_id = {entry.item.id: entry for entry in ranked}
    # Research may bring back items about something else (another creator's comments): an angle must be about the
    # brief at least half as much as the most relevant item is.
    floor = max(MIN_RELEVANCE, RELATIVE_FLOOR * max((entry.relevance for entry in ranked), default=0.0))
    candidates: list[Angle] = []
    for entry in ranked:
        item = entry.item
        members = [other for other in ranked if other.group == item.id and other.relevance >= floor][:2]
        # A theme is as relevant as its best quote; a single post or comment only as relevant as itself.
        if max([entry.relevance, *(member.relevance for member in members)]) < floor:
            continue
        if item.kind == "insight":
            if not members:
                continue
            quote = members[0].item.text
            candidates.append(Angle(
                title=_short(f"What viewers say about {_label(item.text)}: “{_short(quote, 70)}”", 120),
                idea=f"{_topic(item.text)}for example “{_short(quote, 140)}”",
                evidence=(item.id, *(member.item.id for member in members)),
                score=entry.score + sum(member.score for member in members),
            ))
        elif item.kind == "post" and outperformed(item):
            why = f" ({_short(item.detail, 60)})" if item.detail else ""
            candidates.append(Angle(
                title=_short(f"Do what made “{_short(item.text, 60)}” outperform{why}", 120),
                idea=f"the post “{_short(item.text, 100)}” beat its creator's usual views{why}",
                evidence=(item.id,),
                score=entry.score,
            ))
        elif item.kind == "comment":
            candidates.append(Angle(
                title=_short(f"Answer a top comment: “{_short(item.text, 80)}”", 120),
                idea=f"answer what a viewer said: “{_short(item.text, 160)}”",
                evidence=(item.id,),
                score=entry.score,
            ))
    chosen: list[Angle] = []
    used: set[str] = set()
    for angle in sorted(candidates, key=lambda a: a.score, reverse=True):
        if angle.evidence[0] in used or any(item in used for item in angle.evidence[1:] if by_id[item].item.kind == "comment"):
            continue
        chosen.append(angle)
        used.update(angle.evidence)
        if len(chosen) == MAX_ANGLES:
            break
    return chosen


def pick(angles: list[Angle], answer: str | None) -> tuple[Angle | None, str]:
    """The angle the answer names (its number, its title, or words of it), else the strongest; and why, for the user."""
    if not angles:
        return None, ""
    text = (answer or "").strip()
    if text.isdigit() and 1 <= int(text) <= len(angles):
        return angles[int(text) - 1], "you picked it"
    for angle in angles:
        if text and (text == angle.title or text.lower() in angle.title.lower() and len(text) > 8):
            return angle, "you picked it"
    best = max(angles, key=lambda a: a.score)
    return best, f"picked for you: {RULE}"
