"""Deterministic brand fixes: the formatting code can repair in a draft without asking the model again.

- emoji are removed where the brand (or the user's rule) avoids them;
- exclamation marks become full stops where the brand avoids them; where it uses them
  sparingly, the first one in the draft is kept;
- hashtags lose their '#' where the brand avoids them;
- a run of exclamation marks becomes one where the brand's limits rule runs out.

Words are not replaced here, even where the kit names an alternative: the guides' alternatives
hold in their example's context only ("suffers from" -> "has multiple sclerosis", "mother" ->
"parent"), and an inflected hit ("utilized") needs the alternative inflected too. Avoided words
stay findings, and the revision request names the brand's alternative for the model to use.
One `BrandFixer` serves one draft, so the "sparingly" allowance counts across all of its parts.
"""

from __future__ import annotations

import re

from tools.brandkit.check import rule_effects
from tools.brandkit.model import BrandKit
from tools.brandkit.text import EMOJI, HASHTAG


class BrandFixer:
    def __init__(self, kit: BrandKit) -> None:
        effects = rule_effects(kit)
        fmt = kit.formatting
        self._policy = {
            name: (effects.habits[name][0] if name in effects.habits else getattr(fmt, name).policy)
            for name in ("emoji", "hashtags", "exclamations")
        }
        limits = {limit.kind: limit for limit in kit.limits}
        for name in ("emoji", "hashtags", "exclamations"):  # a stated "no X" is the strictest policy
            if name in limits and limits[name].max == 0:
                self._policy[name] = "avoid"
        self._no_runs = "exclamation_runs" in limits
        if self._no_runs and "exclamations" not in limits and "exclamations" not in effects.habits:
            self._policy["exclamations"] = "allowed"  # "no exclamation marks in a row": one is fine
        self._exclamations_left = 1 if self._policy["exclamations"] == "sparingly" else 0
        self.changes: list[str] = []
        """What was changed, in words, once per kind of change (for the draft's review notes)."""

    def fix(self, text: str) -> str:
        if self._policy["emoji"] == "avoid" and EMOJI.search(text):
            text = re.sub(r"[ \t]{2,}", " ", EMOJI.sub("", text)).strip()
            self._note("removed emoji (the brand avoids them)")
        if self._policy["hashtags"] == "avoid" and HASHTAG.search(text):
            text = HASHTAG.sub(lambda match: match.group(0)[1:], text)
            self._note("removed '#' from hashtags (the brand avoids them)")
        if self._no_runs and re.search(r"!{2,}", text):
            text = re.sub(r"!{2,}", "!", text)
            self._note("cut runs of exclamation marks to one (the brand's rule)")
        if self._policy["exclamations"] in ("avoid", "sparingly") and "!" in text:
            text = re.sub(r"\?!+", "?", text)  # "Really?!" is a question
            text = re.sub(r"!+", self._exclamation, text)
        return text

    def _exclamation(self, _match: re.Match[str]) -> str:
        if self._exclamations_left > 0:
            self._exclamations_left -= 1
            return "!"
        self._note("turned exclamation marks into full stops (the brand uses them "
                   + ("sparingly)" if self._policy["exclamations"] == "sparingly" else "never)"))
        return "."

    def _note(self, change: str) -> None:
        if change not in self.changes:
            self.changes.append(change)

