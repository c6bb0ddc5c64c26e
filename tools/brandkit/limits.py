"""Limits a draft can be checked against, read from what a source states (English and Spanish).

"Two hashtags at most: #Tidewater and one more" -> hashtags, max 2, named #Tidewater;
"One emoji at most, and only 🌊" -> emoji, max 1, only 🌊; "no exclamation marks in a row"
-> no runs; "One question per post at most"; "Keep captions under 40 words"; "Sign off
with 'See you at the counter.'"; "Never use ALL CAPS"; "write everything in lowercase".
Numbers become numbers ("two", "dos", "3"); each limit keeps the sentence it came from.
`broken` says which limits a text breaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from tools.brandkit.avoid import evidence
from tools.brandkit.model import Limit
from tools.brandkit.shapes import quoted
from tools.brandkit.sources import SourceDoc
from tools.brandkit.text import EMOJI, HASHTAG, normalize, split_sentences, words

NUMBERS = {
    "zero": 0, "cero": 0, "one": 1, "single": 1, "un": 1, "uno": 1, "una": 1, "two": 2, "dos": 2, "three": 3,
    "tres": 3, "four": 4, "cuatro": 4, "five": 5, "cinco": 5, "six": 6, "seis": 6, "seven": 7, "siete": 7,
    "eight": 8, "ocho": 8, "nine": 9, "nueve": 9, "ten": 10, "diez": 10,
}
_NUMBER = r"(?:\d{1,3}|" + "|".join(NUMBERS) + r")"
NOUNS = {
    "hashtags": r"hashtags?",
    "emoji": r"emojis?|emoticon(?:o|e)?s?|emoji",
    "exclamations": r"exclamation(?:\s+(?:marks?|points?))?|exclamaci[oó]n(?:es)?|signos?\s+de\s+exclamaci[oó]n",
    "questions": r"questions?|preguntas?",
    "words": r"words|palabras",
}
_CUE = re.compile(
    r"\b(at most|max(?:imum)?|no more than|up to|only|limit\w*|keep\b.*\bto|under|fewer than|or fewer|or less|per post"
    r"|per caption|each post|como mucho|como m[aá]ximo|m[aá]ximo|hasta|no m[aá]s de|menos de|s[oó]lo|por post"
    r"|por publicaci[oó]n|por caption)\b",
    re.I,
)
_NONE = re.compile(r"\b(no|never|don[’']?t|do not|without|sin|nunca|nada de|ning[uú]n\w*|cero|zero)\b", re.I)
_NONE_THEN_NOUN = (r"\b(?:no|sin|nada de|never use|don[’']?t use|do not use|we don[’']?t use|ning[uú]n|nunca usamos)\s+"
                   r"(?:(?:any|more|ever|m[aá]s)\s+)?(?:{noun})\b")
_PROHIBITIVE = re.compile(
    r"\b(?:don[’']?ts?|do not|never|avoid|not allowed|banned|forbidden|evita\w*|nunca|no hagas|no hacemos|prohibido)\b", re.I
)
"""A heading or lead-in that makes every item under it a prohibition ("Don't" / "use more than two hashtags")."""
_MORE_THAN = re.compile(r"\b(?:more than|over|m[aá]s de)\b", re.I)
_RUNS = re.compile(r"in a row|stack\w*|runs?\b|double|multiple|repeated|back[- ]to[- ]back|seguid\w*|!!|¡¡|varios", re.I)
_EXCLUSIVE = re.compile(r"\b(only|except|other than|s[oó]lo|solo|salvo|excepto|[uú]nicamente)\b", re.I)
_MORE = re.compile(r"\b(?:and|plus|y|m[aá]s)\s+(" + _NUMBER + r")\s+(?:more|other|m[aá]s|otro)\b", re.I)
_SIGN_OFF = re.compile(
    r"\b(sign[- ]?off|sign off|close (?:every|each|all)?\s*(?:post|caption)s?\s+with|end (?:every|each|all)\s+(?:post|caption)s?\s+with"
    r"|finish (?:every|each)\s+\w+\s+with|termina\w*\s+(?:cada|todas las|siempre)?\s*\w*\s*con|firma\w*\s+(?:siempre\s+)?con"
    r"|desp[ií]de\w*\s+con|cierra\w*\s+(?:cada|siempre)?\s*\w*\s*con)\b",
    re.I,
)
_ALL_CAPS = re.compile(r"\ball caps\b|\bcapitals? for emphasis\b|\bmay[uú]sculas\b|\bshout\w*\b", re.I)
_LOWERCASE = re.compile(r"\b(?:everything|all|todo)\b.*\b(?:lower ?case|min[uú]sculas)\b|\ball lower ?case\b", re.I)


def _number(token: str) -> int:
    return int(token) if token.isdigit() else NUMBERS[token.lower()]


@dataclass
class _Stated:
    limit: Limit
    order: int


def _sentences(docs: Sequence[SourceDoc]) -> Iterator[tuple[str, str]]:
    """(file, sentence) for every stated sentence; a list item is read whole ("Exclamation marks. We never use them.")."""
    for doc in docs:
        if doc.is_image or doc.kind == "posts":
            continue
        for block in doc.blocks:
            if block.kind == "post":
                continue
            if block.kind == "item" and len(block.text) < 200:
                lead = block.intro if block.intro.endswith(":") else ""  # "We never:" / "Things we never do"
                under_prohibition = (_PROHIBITIVE.search(block.heading) if len(block.heading.split()) <= 6 else None) or (
                    _PROHIBITIVE.search(lead))
                if under_prohibition and not _NONE.search(block.text):
                    yield doc.name, f"{under_prohibition.group(0).strip()}: {block.text}"
                else:
                    yield doc.name, block.text
                continue
            for sentence in split_sentences(block.text):
                yield doc.name, sentence


def _count_limit(kind: str, sentence: str) -> tuple[int, list[str]] | None:
    """The number a sentence allows for `kind`, and the hashtags or emoji it names; None if it states none."""
    noun = NOUNS[kind]
    mention = re.search(r"(?<![\w])(?:" + noun + r")(?![\w])", sentence, re.I)
    if not mention:
        return None
    named: list[str] = []
    if kind == "hashtags":
        named = HASHTAG.findall(sentence)
    elif kind == "emoji":
        named = EMOJI.findall(sentence)
    numbers = [(m.start(), m.group(0)) for m in re.finditer(r"(?<![\w#])" + _NUMBER + r"(?![\w])", sentence, re.I)]
    numbers = [(position, token) for position, token in numbers if not _MORE.search(sentence[max(0, position - 5) : position + 20])
               or abs(position - mention.start()) < 12]
    if kind == "words" and not re.search(r"\b(caption|post|publicaci|texto|copy|pie)", sentence, re.I):
        return None  # a sentence-length limit is measured elsewhere
    # "at most two", or a prohibition of more: "Don't: use more than two hashtags", "never over 3 emoji".
    prohibits = _NONE.search(sentence) or _PROHIBITIVE.search(sentence)
    if numbers and (_CUE.search(sentence) or (prohibits and _MORE_THAN.search(sentence))):
        position, token = min(numbers, key=lambda item: abs(item[0] - mention.start()))
        if abs(position - mention.start()) <= 40:
            return _number(token), named
    more = _MORE.search(sentence)
    if more and named:
        return len(named) + _number(more.group(1)), named
    # Zero only when the "no" is about the thing itself ("No emoji", "Sin emojis", "Exclamation marks. We never use
    # them."), not about a kind of it ("Do not use trending hashtags to promote us").
    starts_with_it = re.match(r"^\W*(?:" + noun + r")\b", sentence, re.I) is not None
    if re.search(_NONE_THEN_NOUN.format(noun=noun), sentence, re.I) or (
        starts_with_it and _NONE.search(sentence) and not numbers and kind != "words"
    ):
        if named and _EXCLUSIVE.search(sentence):  # "No hashtags except #LumenSkin"
            return len(named), named
        return 0, []
    if re.search(r"(?:" + noun + r")\s*:\s*(?:never|nunca|no)\b", sentence, re.I):
        return 0, []
    return None


def stated_limits(docs: Sequence[SourceDoc]) -> list[Limit]:
    """Every limit the sources state, one per kind (the first statement of each kind wins)."""
    found: dict[str, _Stated] = {}

    def keep(limit: Limit) -> None:
        if limit.kind not in found:
            found[limit.kind] = _Stated(limit, len(found))

    for name, sentence in _sentences(docs):
        proof = [evidence(name, sentence)]
        is_exclamation = re.search(NOUNS["exclamations"], sentence, re.I) or "!!" in sentence
        if is_exclamation and _RUNS.search(sentence):
            keep(Limit(kind="exclamation_runs", max=1, evidence=proof))
        for kind in ("hashtags", "emoji", "questions", "words", "exclamations"):
            if kind == "exclamations" and is_exclamation and _RUNS.search(sentence):
                continue
            counted = _count_limit(kind, sentence)
            if counted is not None:
                limit, named = counted
                exclusive = bool(_EXCLUSIVE.search(sentence)) or limit == len(named)
                keep(Limit(kind=kind, max=limit, allowed=list(dict.fromkeys(named)) if exclusive or kind == "hashtags" else [],
                           evidence=proof))
        sign_off = _SIGN_OFF.search(sentence)
        if sign_off:
            after = [value for start, _end, value in quoted(sentence) if start >= sign_off.start()]
            if after:
                keep(Limit(kind="sign_off", value=after[0].strip(), evidence=proof))
        if _ALL_CAPS.search(sentence) and re.search(r"\b(never|no|don[’']?t|avoid|nunca|nada de|sin|evita)\b", sentence, re.I):
            keep(Limit(kind="casing", value="no_all_caps", evidence=proof))
        elif _LOWERCASE.search(sentence):
            keep(Limit(kind="casing", value="lowercase", evidence=proof))
    return [item.limit for item in sorted(found.values(), key=lambda item: item.order)]


# ---------------------------------------------------------------- checking a text


@dataclass
class Broken:
    limit: Limit
    message: str


def _over(limit: Limit, items: list[str], label: str) -> str | None:
    """Too many, or ones the source does not name when it names the only ones allowed."""
    assert limit.max is not None
    if len(items) > limit.max:
        return f"The draft has {len(items)} {label}; the brand allows {limit.max}"
    allowed = {normalize(value) or value for value in limit.allowed}
    others = [item for item in items if (normalize(item) or item) not in allowed]
    free = max(0, limit.max - len(limit.allowed)) if limit.allowed else limit.max
    if limit.allowed and len(others) > free:
        return f"The draft uses {', '.join(dict.fromkeys(others))}; the brand allows only {' '.join(limit.allowed)}" + (
            f" and {free} other" if free else "")
    return None


def broken(limits: Sequence[Limit], text: str, *, known_caps: frozenset[str] = frozenset()) -> list[Broken]:
    """The limits `text` breaks, each with a sentence saying how."""
    found: list[Broken] = []
    for limit in limits:
        message = None
        if limit.kind == "hashtags" and limit.max is not None:
            message = _over(limit, HASHTAG.findall(text), "hashtag(s)")
        elif limit.kind == "emoji" and limit.max is not None:
            message = _over(limit, EMOJI.findall(text), "emoji")
        elif limit.kind == "exclamations" and limit.max is not None:
            count = text.count("!")
            message = f"The draft has {count} exclamation mark(s); the brand allows {limit.max}" if count > limit.max else None
        elif limit.kind == "exclamation_runs":
            run = re.search(r"[!¡]{2,}|!\s*!", text)
            message = f"The draft stacks exclamation marks (“{run.group(0)}”)" if run else None
        elif limit.kind == "questions" and limit.max is not None:
            count = len(re.findall(r"\?+", text))
            message = f"The draft asks {count} questions; the brand allows {limit.max} per post" if count > limit.max else None
        elif limit.kind == "words" and limit.max is not None:
            count = len(words(HASHTAG.sub("", text)))
            message = f"The draft has {count} words; the brand keeps posts to {limit.max}" if count > limit.max else None
        elif limit.kind == "sign_off" and limit.value:
            message = None if normalize(limit.value) in normalize(text) else f"The draft does not sign off with “{limit.value}”"
        elif limit.kind == "casing" and limit.value == "no_all_caps":
            shouted = [w for w in words(HASHTAG.sub("", text)) if len(w) >= 4 and w.isupper() and w not in known_caps]
            message = f"The draft shouts in capitals (“{shouted[0]}”)" if shouted else None
        elif limit.kind == "casing" and limit.value == "lowercase":
            capital = next((w for w in words(HASHTAG.sub("", text)) if any(ch.isupper() for ch in w)), None)
            message = f"The draft uses capitals (“{capital}”); the brand writes in lowercase" if capital else None
        if message:
            found.append(Broken(limit, message))
    return found
