"""The brand a message names, so the chat does not ask for what the user already said.

"Here are our brand examples, please learn our brand (Tidewater)." names Tidewater; so do
"brand: Tidewater", "our brand is called Tidewater", "para la marca Tidewater" and a message
that mentions a kit the user already has. A message that names no brand gives None, and the
chat asks.
"""

from __future__ import annotations

import re

# Capitalised words that start or fill a sentence without being a name.
_NOT_NAMES = {
    "a", "an", "and", "brand", "brands", "examples", "for", "here", "i", "it", "kit", "learn", "my", "our", "please",
    "the", "these", "this", "those", "we", "you", "your", "new", "style", "guide", "voice", "is", "are", "called",
    "named", "la", "el", "los", "las", "de", "del", "die", "der", "das", "unsere", "unser", "nuestra", "nuestro",
    "notre", "le", "les", "son", "ist", "es", "est", "marca", "marke", "marque",
}
_NAME = r"[\"“'«]?(?P<name>[A-ZÀ-Þ0-9][\w&'’.-]*(?:\s+[A-ZÀ-Þ0-9&][\w&'’.-]*){0,3})[\"”'»]?"
# "brand: X", "brand is X", "brand called X", "la marca X", "die Marke X", "la marque X", "for X" after brand words.
_AFTER_BRAND_WORD = re.compile(
    r"(?i:\b(?:brand|marca|marke|marque)(?:\s+(?:kit|name))?\s*(?::|\bis\b|\bes\b|\bist\b|\best\b|\bcalled\b|"
    r"\bnamed\b|\bllamada\b|\bnamens\b|\bappelée\b)?\s*(?:for\s+|para\s+|für\s+|pour\s+)?)" + _NAME
)
_CALLED = re.compile(r"(?i:\b(?:called|named|llamada|namens|appelée)\s+)" + _NAME)
_BRACKETED = re.compile(r"[(\[]\s*(?P<name>[^()\[\]\n]{2,40}?)\s*[)\]]")
_QUOTED = re.compile(r"[\"“«]\s*(?P<name>[^\"”»\n]{2,40}?)\s*[\"”»]")


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+", text.lower())) + " "


def _clean(candidate: str) -> str | None:
    words = candidate.strip(" .,:;!?").split()
    while words and words[-1].lower().strip(".,") in _NOT_NAMES:
        words.pop()
    while words and words[0].lower() in _NOT_NAMES:
        words.pop(0)
    if not words or len(words) > 4:
        return None
    name = " ".join(words).strip(" .,:;!?")
    if not any(character.isupper() or character.isdigit() for character in name):
        return None  # "(see attached)" is a remark, not a name
    return name


def brand_named_in(text: str, known: list[str] | tuple[str, ...] = ()) -> str | None:
    """The brand `text` names: a kit the user has (by name), else a name the wording marks as one."""
    folded = _words(text)
    mentioned = [name for name in known if _words(name).strip() and _words(name) in folded]
    if len(mentioned) == 1:
        return mentioned[0]
    for pattern in (_BRACKETED, _QUOTED):
        for match in pattern.finditer(text):
            name = _clean(match.group("name"))
            if name and (name[0].isupper() or name[0].isdigit()):
                return name
    for pattern in (_AFTER_BRAND_WORD, _CALLED):
        for match in pattern.finditer(text):
            name = _clean(match.group("name"))
            if name:
                return name
    return None


# Words a request or a sentence has and a typed brand name does not ("Import our YouTube data").
_REQUEST_WORDS = {
    "a", "about", "are", "can", "comments", "could", "data", "do", "does", "draft", "find", "for", "from", "give", "how",
    "i", "import", "in", "is", "it", "make", "me", "my", "of", "on", "our", "please", "script", "show", "tell", "to",
    "upload", "us", "videos", "we", "what", "why", "with", "write", "you", "your", "que", "qué", "como", "cómo",
    "nuestra", "nuestros", "mi", "mis", "por", "para", "was", "wie", "unsere", "mein", "bitte", "für",
}


def looks_like_a_name(text: str) -> bool:
    """Whether a short reply is a brand's name ("Tidewater", "acme hoodies") rather than a new request."""
    words = re.findall(r"[\w&'’.-]+", text.lower())
    return (0 < len(words) <= 4 and len(text.strip()) <= 48 and "?" not in text
            and not any(word in _REQUEST_WORDS for word in words))
