"""What the review tells the person that Hookline fixed: one line per part, not one per rewrite.

A part can be written three times for three reasons; an eval draft's review listed seventeen notes, most about lines
the person never saw. Here each kept part gets one line with every reason it was written again, the beats left out
get one line together, and whatever was fixed in code (a claim removed, the goal cut, the length fitted) stays as
it was said.
"""

from __future__ import annotations

LEFT_OUT = {
    "repeat": "repeated an earlier line",
    "brief": "said the brief back",
    "example": "reused Hookline's own example",
    "verbatim": "read a comment out word for word",
    "assistant": "spoke as an assistant, not as the creator",
    "unfinished": "stopped mid-sentence",
    "narrates": "reported what a viewer said instead of speaking to the viewers",
    "clash": "said the opposite of the comment it rested on",
}


def review_notes(fixed: list[str], rewrites: dict[str, dict[str, str]], dropped: list[str]) -> list[str]:
    """The person's "Fixed" list: the parts written again (each once, with its reasons), the beats left out, then what
    was fixed in code, each said once."""
    notes = []
    for part, reasons in rewrites.items():
        unique = list(dict.fromkeys(reason for reason in reasons.values() if reason))
        if unique:
            notes.append(f"{part}: written again, because {'; '.join(unique)}")
    if dropped:
        why = list(dict.fromkeys(LEFT_OUT.get(kind, kind) for kind in dropped))
        count = len(dropped)
        notes.append(f"beats: left out {count} that {' or '.join(why)}" if count > 1 else f"beats: left out one that {why[0]}")
    return notes + list(dict.fromkeys(fixed))
