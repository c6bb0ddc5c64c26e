"""A beat the model keeps reading out of its comment becomes a quote the creator reads: "Someone wrote: “…”".

Asked to turn a comment in the script's own language into a line, the 1.5B model often says it back word for word,
and again when told so (replays of eval D09, D11 and D15). Spoken as the creator's own words, a viewer's "I have
watched every one of his fights" is false; read out as a viewer's words, it is a common and honest move. The quote is
cut from the item itself, at a sentence or clause end, so a person can find it in the comment.
"""

from __future__ import annotations

from agent.drafting.timing import trim_to, word_count

# How the creator introduces a viewer's words, in the languages Hookline drafts in. A language missing here keeps the
# line as it was, flagged for the person.
LEAD_INS = {
    "en": "Someone wrote to us:",
    "es": "Alguien nos escribió:",
    "de": "Jemand hat uns geschrieben:",
    "fr": "Quelqu'un nous a écrit :",
    "pt": "Alguém nos escreveu:",
    "it": "Qualcuno ci ha scritto:",
    "ca": "Algú ens va escriure:",
    "nl": "Iemand schreef ons:",
}
QUOTES = {"en": ("“", "”"), "nl": ("“", "”"), "de": ("„", "“"), "fr": ("« ", " »")}  # others: «…»


def as_quote(source: str, words: int, language: str) -> str | None:
    """`source` (a comment, or Hookline's reading of it) cut to about `words` words and introduced as a viewer's
    words; None when the language has no lead-in or nothing of the source fits."""
    lead = LEAD_INS.get(language)
    if lead is None:
        return None
    budget = max(6, words - word_count(lead))
    whole = " ".join(source.split())
    quote = whole if word_count(whole) <= budget * 1.5 else trim_to(whole, budget, fragment_ok=False)
    if word_count(quote) > budget * 1.5:
        return None  # no sentence or clause end to cut at: half a sentence in quotes misquotes the viewer
    if not whole.startswith(quote):
        quote = quote.rstrip(".") + "…"  # cut inside a sentence: the quote says it goes on
    opening, closing = QUOTES.get(language, ("«", "»"))
    return f"{lead} {opening}{quote.rstrip()}{closing}"
