"""What each part of a script is for, and what the call to action asks the viewer to do."""

from __future__ import annotations

import re

# The creator's goal ("get more subscribers") is not what the viewer is asked to do ("subscribe"): said as it is, the
# small model writes "Subscribe to get more subscribers". Stems cover English, Spanish and German goals.
_ACTIONS = (
    (re.compile(r"subscri|suscri|abonn|abo\b", re.I), "subscribe"),
    (re.compile(r"comment|coment|kommentar", re.I), "comment"),
    (re.compile(r"\b(follow|segui|folg)", re.I), "follow"),
    (re.compile(r"\b(buy|sell|sales|order|compr|vend|kauf|verkauf)", re.I), "buy or order"),
    (re.compile(r"share|compart|teil", re.I), "share it with a friend"),
    (re.compile(r"view|watch|visit|ver\b|visualiz|aufruf|ansehen", re.I), "watch the full episode"),
)


def viewer_action(goal: str) -> str:
    """What the call to action asks the viewer to do, from the creator's goal; "comment or follow" when unknown."""
    for pattern, action in _ACTIONS:
        if pattern.search(goal or ""):
            return action
    return "comment or follow"


def part_goals(audience: str, offer: str, goal: str, cta_patterns: tuple[str, ...]) -> dict[str, str]:
    """What each part is for, as the part prompt says it."""
    audience = audience or "the viewer"
    cta = f" The brand usually closes like this: {'; '.join(cta_patterns[:2])}." if cta_patterns else ""
    return {
        "hook": f"the first line the viewer hears, so {audience} stop scrolling. A situation, a surprise or a question from "
                "the evidence. No greeting, no brand slogan.",
        "selling point": f"the one reason {audience} should care about {offer or 'this'}, in the viewers' terms.",
        "beat": "one concrete moment, detail or example that moves the video on. Not a summary, not a call to action.",
        "call to action": f"the closing line, asking the viewer to {viewer_action(goal)} now.{cta} "
                          "Do not invent links, codes or prices.",
    }
