"""One spoken line from the small model's answer: what is cut in code before any check reads it.

The model's answer can carry a label ("Hook:"), a preamble ("¡Por supuesto! …"), a speaker, evidence ids, a run of one
character ("¡¡¡¡¡¡…", a sampled rewrite running away), a sentence said twice, or a sentence the token cap cut off.
Each is removed here, so a check never scores the packaging instead of the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.drafting.timing import trim_to

_LABEL = re.compile(
    r"^\s*(?:\*\*)?(?:hook|gancho|selling point|punto de venta|beat ?\d*|momento ?\d*|call to action|cta|llamada a la acción|"
    r"line|línea|script|guion)(?:\*\*)?\s*[:\-–]\s*",
    re.IGNORECASE,
)
_PREAMBLE = re.compile(r"^\s*(sure|of course|certainly|here('s| is| are)|claro|aquí (tienes|está)|por supuesto)\b", re.IGNORECASE)
# "¡Por supuesto! ¿Cómo …": an assistant's "of course" opening the line itself, cut when a line is left after it.
_INLINE_PREAMBLE = re.compile(
    r"^\s*[¡]?(?:sure|of course|certainly|absolutely|claro(?: que sí)?|por supuesto|desde luego|natürlich|klar|bien sûr)"
    r"\s*[!.,]+\s*",
    re.IGNORECASE,
)
_IDS = re.compile(r"[\[(]\s*(?:[CPIM]\d+\s*,?\s*)+[\])]")
# 'Alex Hawkers: "…"' — the small model sometimes writes a line of dialogue with the speaker's name.
_SPEAKER = re.compile(r"^\s*[\w .'’-]{1,40}:\s*(?=[\"“«])")
# "Hey there, little one!" before the line: a greeting the system prompt rules out, cut in code when it is still there.
_GREETING = re.compile(
    r"^\s*(?:hey|hi|hello|hiya|yo|what'?s up|hola|buenas|qué tal|hallo|servus|salut|bonjour|ciao|olá)\b[^.!?¡¿]{0,30}[.!?,]+\s*",
    re.IGNORECASE,
)
# A run of one punctuation mark: "!!!" is "!", "¡¡¡¡¡¡…" (a runaway) is "¡", "...." is "…".
_ELLIPSIS = re.compile(r"\.{3,}")
_RUN = re.compile(r"([^\w\s])\1{1,}")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
MIN_KEPT_SHARE = 0.4  # a cut-off line keeps its finished sentences only when they are at least this share of it


@dataclass(frozen=True)
class Line:
    text: str
    unfinished: bool = False
    """The token cap cut the line mid-sentence and no whole sentence was left to keep."""


def clean_line(raw: str, words: int, *, cut_off: bool = False) -> Line:
    """The model's answer as one spoken line: no label, speaker, greeting, quotes, evidence ids, markup, runs of one
    mark or repeated sentences, not far over length. `cut_off`: the answer hit its token cap, so its last sentence is
    dropped when enough is left without it, else the line is `unfinished`."""
    lines = [line for line in raw.strip().splitlines() if line.strip()]
    # "Sure, here's the beat 2:" then the line: the small model's preamble is not part of the script.
    spoken = [line for line in lines if not _PREAMBLE.match(line) and not line.rstrip().endswith(":")]
    text = (spoken or lines or [""])[0]
    text = _SPEAKER.sub("", _LABEL.sub("", text))
    text = _IDS.sub("", text).replace("**", "").replace("#", "")
    text = re.sub(r"<[^>]{0,40}>", "", text)
    text = _RUN.sub(r"\1", _ELLIPSIS.sub("…", text))
    text = re.sub(r"\s+", " ", text).strip().strip('"“”«»\'').strip()
    for pattern in (_INLINE_PREAMBLE, _GREETING):
        shorter = pattern.sub("", text, count=1).strip()
        if len(shorter.split()) >= 3:
            text = shorter[:1].upper() + shorter[1:]
    text = _once_each(text)
    unfinished = False
    if cut_off and not text.rstrip().endswith((".", "!", "?", "…", "”", '"')):
        finished = _finished_part(text)
        if finished and len(finished.split()) >= MIN_KEPT_SHARE * len(text.split()):
            text = finished
        else:
            unfinished = True
    return Line(trim_to(text, max(words * 2, words + 8)), unfinished)


def _finished_part(text: str) -> str:
    """The text up to its last finished sentence ("¿Cómo? ¡Mira cómo Ilia se" → "¿Cómo?"), or "" when none is."""
    sentences = _SENTENCE_END.split(text)
    return " ".join(sentences[:-1]).strip() if len(sentences) > 1 else ""


def _key(sentence: str) -> str:
    return " ".join(re.findall(r"\w+", sentence.lower()))


def _once_each(text: str) -> str:
    """The line with each sentence said once ("¿Podría ganar? ¿Sabes qué, podría ganar?" keeps both; the same sentence
    twice keeps the first)."""
    sentences = _SENTENCE_END.split(text)
    seen: set[str] = set()
    kept = []
    for sentence in sentences:
        key = _key(sentence)
        if key and key in seen:
            continue
        seen.add(key)
        kept.append(sentence)
    return " ".join(kept)


_ARTICLE_WORDS = r"(?:the|a|an|el|la|los|las|un|una|der|die|das|le|les)\s+"
_ARTICLE = re.compile("^" + _ARTICLE_WORDS, re.IGNORECASE)


def without_offer_label(text: str, offer: str) -> str:
    """The line without the offer's name put before it as a label ("Alex Hawkers interview podcast, you'll never miss
    another one." → "You'll never miss another one."): once one line has that shape the small model copies it into
    every later line. Kept when too little would be left."""
    name = _ARTICLE.sub("", " ".join(offer.split()))
    if len(name.split()) < 2:
        return text
    words = r"\s+".join(re.escape(word) for word in name.split())
    labelled = re.match(rf"^\W*(?:{_ARTICLE_WORDS})?{words}\s*[,:;–—-]+\s*", text, re.IGNORECASE)
    if not labelled:
        return text
    rest = text[labelled.end():].strip()
    return rest[:1].upper() + rest[1:] if len(rest.split()) >= 3 else text

