"""Fold text to a plain, comparable form before any matching: what an attacker varies
(look-alike letters, accents, leetspeak, spaced-out letters, invisible characters) the
matchers never see.

Two forms are produced, because leetspeak folding would also turn a promo code such as
"SAVE20" into "savezo": `plain` (letters folded, digits kept: for entities) and `folded`
(plain plus leetspeak undone inside words that mix letters and digits: for wording).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from anyascii import anyascii

# Digits and symbols that stand in for letters inside words ("ign0re", "1nstruct10ns", "$cript").
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "l"})
_MIXED_TOKEN = re.compile(r"\S*[a-z]\S*")
_LEET_CHARS = re.compile(r"[013457@$!|]")
# "i g n o r e", "i.g.n.o.r.e", "i-g-n-o-r-e": four or more single letters joined by one separator.
_SPACED = re.compile(r"\b(?:[a-z][ .\-_*]){3,}[a-z]\b")
# Domains written out to slip past link filters: "shop dot store", "shop[.]store", "shop (dot) store".
_SPELLED_DOT = re.compile(r"\s*(?:\[\.\]|\(\.\)|\[dot\]|\(dot\)|\{dot\}|\s(?:dot|punto|punkt|point|ponto)\s)\s*")

_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE")
# Cyrillic and Greek letters that look like Latin ones. anyascii transliterates by sound
# (Cyrillic р becomes "r"), so look-alikes are mapped by shape first.
_LOOKALIKE = str.maketrans(
    "аАвВеЕкКмМнНоОрРсСтТуУхХіІјЈѕЅԁһӏ"
    "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧαβεικνορτυχ",
    "aABBeEkKmMHHoOpPcCTTyYxXiIjJsSdhl"
    "ABEZHIKMNOPTYXaBeikvoptux",
)
_LOOKALIKE_CHARS = frozenset("аАвВеЕкКмМнНоОрРсСтТуУхХіІјЈѕЅԁһӏΑΒΕΖΗΙΚΜΝΟΡΤΥΧαβεικνορτυχ")


@dataclass(frozen=True)
class Normalized:
    original: str
    plain: str
    folded: str
    leet_changed: bool
    mixed_script_words: tuple[str, ...]


def _strip_invisible(text: str) -> str:
    # Zero-width joiners, soft hyphens, bidi controls: category Cf. Keep newlines and tabs.
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def mixed_script_words(text: str) -> tuple[str, ...]:
    """Words that mix Latin with Cyrillic/Greek look-alike letters ("pаypal" with a Cyrillic а)."""
    if text.isascii():
        return ()
    found = []
    for word in re.findall(r"\w*[^\x00-\x7f]\w*", text):
        scripts = set()
        for char in word:
            if char.isalpha():
                name = unicodedata.name(char, "")
                scripts.update(script for script in _SCRIPTS if name.startswith(script))
        if len(scripts) > 1:
            found.append(word)
    return tuple(found)


def _unleet(match: re.Match[str]) -> str:
    token = match.group(0)
    core = token.strip(".,;:?!\"'()[]")
    # Only words that mix letters with stand-ins are folded: "20%" and "2024" stay numbers.
    if not _LEET_CHARS.search(core) or not re.search(r"[a-z]", core) or re.fullmatch(r"[\d.,:/%-]+[a-z]{0,3}", core):
        return token
    return token.translate(_LEET)


def _fold_lookalikes(match: re.Match[str]) -> str:
    word = match.group(0)
    letters = [char for char in word if char.isalpha()]
    # Only words that mix alphabets, or that are spelled entirely in look-alikes ("АІ"):
    # genuine Russian or Greek words are left to anyascii.
    if mixed_script_words(word) or (letters and all(char in _LOOKALIKE_CHARS for char in letters)):
        return word.translate(_LOOKALIKE)
    return word


def plain_text(text: str) -> str:
    """NFKC, invisible characters removed, look-alikes mapped, transliterated to ASCII, lower-cased."""
    text = unicodedata.normalize("NFKC", _strip_invisible(text))
    text = re.sub(r"\w+", _fold_lookalikes, text)
    text = anyascii(text).lower()
    return re.sub(r"\s+", " ", text).strip()


def normalize(text: str) -> Normalized:
    plain = plain_text(text)
    plain = _SPELLED_DOT.sub(".", plain)
    folded = _MIXED_TOKEN.sub(_unleet, plain)
    folded = _SPACED.sub(lambda match: re.sub(r"[ .\-_*]", "", match.group(0)), folded)
    return Normalized(
        original=text,
        plain=plain,
        folded=folded,
        leet_changed=folded != plain,
        mixed_script_words=mixed_script_words(unicodedata.normalize("NFKC", text)),
    )
