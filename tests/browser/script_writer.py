"""A chat reply for the browser tests' model stub that writes scripts part by part, like the embedded model would:
each part prompt ("Now write the X:", "Now write the line for beat N, …") gets the scripted line for X, or the first evidence item it was shown in the
writer's own words (so the part is supported and cited). Other prompts get `fallback`. A delay per part keeps the
streaming card on screen long enough to see it fill in."""

from __future__ import annotations

import re
import time
from typing import Any

# The part a prompt asks for, in the script's conversation or in a beat's own request.
from tests.drafting_doubles import PART

DATA = re.compile(r"<data id=\"\w+\" kind=\"\w+\">(.*?)</data>")


# Different for every part, so no two parts read the same (the drafting checks would drop a repeat).
TAILS = {"selling point": "that is why it lasts all semester.", "beat 1": "see the seams up close after wash 100.",
         "beat 2": "the cuffs still snap back on the arm.", "beat 3": "no pilling, no shrinking, no fading colour.",
         "beat 4": "it folds flat into a backpack pocket."}


class ScriptWriter:
    def __init__(self, lines: dict[str, str], *, fallback: str, delay_s: float = 0.0) -> None:
        self.lines = lines
        self.fallback = fallback
        self.delay_s = delay_s

    def __call__(self, body: dict[str, Any]) -> str:
        messages = body.get("messages", [])
        prompt = str(messages[-1].get("content", "")) if messages else ""  # the part's own turn
        match = PART.search(prompt)
        if not match:
            return self.fallback
        time.sleep(self.delay_s)
        part = match.group(1)
        if part in self.lines:
            return self.lines[part]
        asks = [str(m.get("content", "")) for m in messages if m.get("role") == "user"
                and (found := PART.search(str(m.get("content", "")))) and found.group(1) == part]
        shown = DATA.findall("\n".join(asks))  # the part's first ask holds its evidence, a rewrite ask does not
        tail = TAILS.get(part, "and we filmed every step of it.")
        if not shown:  # a part the writer gets no evidence for (a call to action, often)
            return f"Picture this: {tail}"
        gist = " ".join(shown[0].rstrip('.!').split()[:7])  # the point, not the comment read out
        return f"{gist}: {tail}"
