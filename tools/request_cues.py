"""Is a comment a request or a question to the creator? Cues combined, no model.

A word list alone cannot tell "¿podrías invitar a X?" from "¿en serio?": the reading is
built from several cues, per sentence (the phrases are in tools/request_phrases.py), and a
sentence is a request when its cues add up to THRESHOLD:

- a question: the sentence ends in "?" (or opens with "¿"), or starts with a question word;
  weakened when it is rhetorical (a tag question ", no?", "?!", "who else", a short echo
  like "Hard tecno? Me vuelvo loco", answered by the writer "What do I want? No clue", sworn
  "who tf …", laughed at, said in a rant "… What a joke.", a statement with a rising tone
  "I would say try X?", "maybe X?", or sitting inside the writer's own story, to nobody named)
  or asks other viewers ("does anyone know"); quoted speech and "> quoted lines" are not read;
- a request construction: a polite modal addressed to the creator ("could you", "podrías",
  "kannst du"), "please"/"por favor"/"bitte", a wish about content ("ojalá ver a X en un
  episodio", "I'd love a video on"), "more videos", "part 2", "next video", "video with X";
- the imperative mood: a request verb opening a clause ("bring", "trae a", "saquen",
  "macht mal", "zeig uns"), Spanish vosotros imperatives ("traed", "echadle"), or a
  negative imperative ("no vuelvas a", "no dejéis");
- the second person or the creator's name, which turns an obligation ("tienes que",
  "you should") or a question into one addressed to the creator.

Encouragement ("keep it up", "sigue así", "dale") is not a request. English, Spanish and
German cues; the question mark, the creator's name and "more/part 2" work in any language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from tools.request_phrases import (
    ASKS_VIEWERS,
    AUX_AFTER_WH,
    AUX_QUESTION,
    CONTENT,
    CONTENT_WITH,
    COUNTERFACTUAL_WISH,
    ENCOURAGEMENT,
    ES_INTERROGATIVE,
    ES_QUESTION_WORDS,
    ES_SECOND_PERSON_VERB,
    EXCLAMATIVE,
    FIRST_PERSON_STATEMENT,
    LAUGHTER,
    MODAL_AFTER_WH,
    MODAL_INFINITIVE,
    MORE_CONTENT,
    NEGATIVE_ANSWER,
    NEGATIVE_IMPERATIVE,
    NEXT,
    OBLIGATION,
    PLAIN_MODAL,
    PLEASE,
    POLITE_MODAL,
    PROFANE_QUESTION,
    QUESTION_WORDS,
    REQUEST_VERB_ANYWHERE,
    REQUEST_VERB_START,
    RHETORICAL,
    SECOND_PERSON,
    SHORT_ANSWER,
    SPAM,
    TAG_QUESTION,
    WISH,
    fold,
)

THRESHOLD = 2.0
READER_VERSION = "2026-12-03"
"""Change it whenever a cue changes: stores re-read their comments once (tools/corpus/request_rows.py)."""

Kind = Literal["request", "question", "none"]

_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_TIMESTAMP = re.compile(r"\b\d{1,2}(?::\d{2}){1,2}\b")
_HASHTAG = re.compile(r"#\w+")
_MENTION = re.compile(r"@[\w.\-]+")
# A sentence ends at . ! ? or a line break; "¿" opens one. Runs of ?!. stay together.
_SENTENCE = re.compile(r"[^.!?\n¿¡]*(?:[¿¡][^.!?\n]*)?[.!?]*", re.UNICODE)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)




@dataclass(frozen=True)
class RequestReading:
    """What the cues say about one comment."""

    is_request: bool
    kind: Kind = "none"
    score: float = 0.0
    cues: tuple[str, ...] = ()
    clause: str = ""
    """The sentence that carries the request or question (for labels and quotes)."""


_QUOTED = re.compile(r"[“\"]([^”\"\n]+)[”\"]")
_QUOTE_LINE = re.compile(r"^\s*(?:>|&gt;).*$", re.MULTILINE)
_SUBREDDIT = re.compile(r"(?<![\w/])/?r/\w+", re.IGNORECASE)


def _unquoted(text: str) -> str:
    """The text without what it quotes: a Reddit "> line" or a quoted sentence of three words or
    more is someone else's question ("she was like “why are you panicking?”"), not the writer's."""
    kept = _QUOTE_LINE.sub(" ", text)
    kept = _QUOTED.sub(lambda match: " " if len(match.group(1).split()) >= 3 else match.group(0), kept)
    return kept if _WORD.search(kept) else text


def _clean(text: str) -> str:
    text = _unquoted(text)
    text = _SUBREDDIT.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _MENTION.sub(" ", text)
    text = _HASHTAG.sub(" ", text)
    return _TIMESTAMP.sub(" ", text)


def _sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE.findall(text) if part and _WORD.search(part)]


@lru_cache(maxsize=4096)
def _name_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    words = {fold(part) for name in names for part in re.split(r"[\s_\-]+", name) if len(part) >= 3}
    words -= {"the", "los", "las", "der", "die", "das", "channel", "canal", "official", "oficial", "tv", "project"}
    if not words:
        return None
    return re.compile(r"(?<![\w])(?:" + "|".join(sorted(map(re.escape, words))) + r")(?![\w])")


@dataclass(frozen=True)
class _Context:
    """What the rest of the comment says about one sentence."""

    has_more: bool = False
    """A statement follows (a question that only echoes and goes on is not asked)."""
    answered: bool = False
    """The next sentence answers it ("What do I want to do? No clue")."""
    rant: bool = False
    """The comment exclaims or swears elsewhere ("… What a lame college.")."""
    laughs: bool = False
    """The comment laughs ("jajaja", "😂"): a question in it to nobody in particular is a joke."""
    buried: bool = False
    """The sentence sits after others in a longer comment: a question there, to nobody named, is
    usually part of the writer's own story ("…, so why don't we have UGSUs?")."""


def _answers(raw: str, folded: str) -> bool:
    """Is this sentence the writer's own answer ("No clue.", "No, because …", "School!!!") to the question before it?"""
    if raw.rstrip().endswith("?"):
        return False
    words = _WORD.findall(folded)
    short = len(words) <= 4 and bool(SHORT_ANSWER.match(folded))
    return short or bool(NEGATIVE_ANSWER.match(folded)) or (len(words) <= 2 and raw.rstrip().endswith("!"))


def _addresses(names: re.Pattern[str] | None, folded: str) -> bool:
    """Is the creator named as the one spoken to ("Alex, …", "Tipa dj en coliseum cuando?"), not talked about
    ("Quien es Alex en España?")?"""
    if names is None:
        return False
    for match in names.finditer(folded):
        before, after = folded[: match.start()], folded[match.end() :]
        if not _WORD.search(before) or re.match(r"^\s*[,:!]", after) or re.search(r"[,:]\s*$", before):
            return True
    return False


def _states_with_rising_tone(folded: str) -> bool:
    """ "I would say to try …?" is a statement; "I'm curious, what did you do?" is a question."""
    if not FIRST_PERSON_STATEMENT.match(folded):
        return False
    parts = re.split(r"[,:;]\s*", folded, maxsplit=1)
    if len(parts) < 2:
        return True
    words = _WORD.findall(parts[1])
    return not (words and (words[0] in QUESTION_WORDS or AUX_QUESTION.match(parts[1].lstrip())))


def _score_sentence(raw: str, folded: str, names: re.Pattern[str] | None, context: _Context) -> tuple[float, list[str], Kind]:
    cues: list[str] = []
    score = 0.0
    kind: Kind = "none"
    words = _WORD.findall(folded)
    stripped = raw.strip()
    asks = stripped.endswith("?") or stripped.startswith("¿") or "?" in stripped[-4:]
    first = words[0] if words else ""
    exclamative = bool(re.match(r"^\W*(?:what an?|how (?:cool|nice|great|good|bad|sad|funny)|que (?:gran|grande|buen|guap|bonit))", folded))
    question_word = not exclamative and (
        (first in QUESTION_WORDS and (asks or (len(words) > 1 and words[1] in AUX_AFTER_WH)))
        or (asks and bool(re.match(r"^\W*(?:por|para) que\b", folded)))
        or bool(ES_INTERROGATIVE.match(stripped.lower().lstrip("¿¡ ")))
        or (asks and (first in ES_QUESTION_WORDS or (words[-1] if words else "") in QUESTION_WORDS | ES_QUESTION_WORDS))
    )
    aux_question = bool(AUX_QUESTION.match(folded.lstrip("¿¡ ")))
    addressed = bool(SECOND_PERSON.search(folded)) or bool(ES_SECOND_PERSON_VERB.search(raw.lower()))
    named = _addresses(names, folded)
    if asks or question_word or aux_question:
        score += 2.0 if asks else 1.5
        kind = "question"
        cues.append("question")
        if addressed and not asks:
            score += 0.5
        if "?!" in stripped or "!?" in stripped:
            score -= 1.5
            cues.append("-exclamation")
        if TAG_QUESTION.search(folded) and not addressed:
            score -= 1.5
            cues.append("-tag question")
        if not (question_word or aux_question or addressed or named) and len(words) <= 8 and context.has_more:
            score -= 1.5  # "Hard tecno? Me vuelvo loco": an echo, the comment goes on to say something
            cues.append("-echo")
        if PROFANE_QUESTION.search(folded):
            score -= 1.5
            cues.append("-swearing")
        if context.answered:
            score -= 2.0
            cues.append("-answers itself")
        if context.buried and not (addressed or named):
            score -= 1.0
            cues.append("-inside a story")
        if context.laughs and not (addressed or named):
            score -= 1.0
            cues.append("-laughing")
        if context.rant and not named:
            score -= 1.0
            cues.append("-rant")
        if asks and not (question_word or aux_question) and _states_with_rising_tone(folded):
            score -= 1.5
            cues.append("-statement")
    if RHETORICAL.search(folded):
        score -= 3.0
        cues.append("-rhetorical")
    if ASKS_VIEWERS.search(folded):
        score -= 3.0
        cues.append("-asks other viewers")
    if POLITE_MODAL.search(folded) and not MODAL_AFTER_WH.search(folded):
        score += 2.0
        kind = "request"
        cues.append("polite modal")
        if MODAL_INFINITIVE.search(folded):
            score += 0.5
    elif PLAIN_MODAL.search(folded):
        score += 1.0
        cues.append("modal")
    if PLEASE.search(folded):
        score += 2.0
        kind = "request"
        cues.append("please")
    if COUNTERFACTUAL_WISH.search(folded):
        score += 2.0
        kind = "request"
        cues.append("wish")
    elif wish := WISH.search(folded):
        after = folded[wish.end() :]
        content = bool(CONTENT.search(after) or re.search(r"(?<![\w])(?:ver|veros|verte|see|sehen)(?![\w])", after))
        score += 2.0 if content else 1.0
        cues.append("wish" if content else "wish (vague)")
        if content:
            kind = "request"
    if MORE_CONTENT.search(folded) or NEXT.search(folded) or CONTENT_WITH.search(folded):
        score += 2.0
        kind = "request"
        cues.append("content request")
    if OBLIGATION.search(folded):
        score += 1.0 + (1.0 if (CONTENT.search(folded) or named) else 0.0)
        cues.append("should")
    clause_start = re.sub(r"^(?:\W*(?:y|and|und|pero|but|also|so|pues|bueno|oye|hey|ey|please|por favor|bitte)\W+)*", "", folded)
    if names:
        clause_start = names.sub("", clause_start, count=1).lstrip(" ,:;-") if names.match(clause_start) else clause_start
    imperative = REQUEST_VERB_START.match(clause_start) or REQUEST_VERB_ANYWHERE.search(folded) or NEGATIVE_IMPERATIVE.search(folded)
    if imperative and not ENCOURAGEMENT.match(clause_start):
        score += 2.0
        kind = "request"
        cues.append("imperative")
    if named and kind == "question":
        score += 0.5
        cues.append("names the creator")
    return score, cues, kind


def _carrying_sentence(text: str, creator_names: Sequence[str]) -> tuple[float, list[str], Kind, str]:
    """The sentence whose cues add up highest: (score, cues, kind, sentence)."""
    sentences = _sentences(_clean(text or ""))
    if not sentences:
        return 0.0, [], "none", ""
    names = _name_pattern(tuple(creator_names)) if creator_names else None
    best: tuple[float, list[str], Kind, str] = (float("-inf"), [], "none", "")
    folded_sentences = [fold(sentence) for sentence in sentences]
    exclaims = [bool(EXCLAMATIVE.match(part) or PROFANE_QUESTION.search(part) or RHETORICAL.search(part))
                for part in folded_sentences]
    spam = any(SPAM.search(part) for part in folded_sentences)
    laughs = bool(LAUGHTER.search(fold(text or "")))
    for index, sentence in enumerate(sentences):
        later = sentences[index + 1 :]
        context = _Context(
            has_more=any(not part.rstrip().endswith("?") for part in later),
            answered=bool(later) and _answers(later[0], folded_sentences[index + 1]),
            rant=any(flag for other, flag in enumerate(exclaims) if other != index),
            laughs=laughs,
            buried=index > 0 and len(_WORD.findall(text)) > 30,
        )
        score, cues, kind = _score_sentence(sentence, folded_sentences[index], names, context)
        if spam:
            score, cues = score - 3.0, [*cues, "-spam"]
        if score > best[0]:
            best = (score, cues, kind, sentence)
    return best


def read_request(text: str, creator_names: Sequence[str] = ()) -> RequestReading:
    """Whether `text` asks the creator (named in `creator_names`, optional) for something or
    asks them a question, with the cues that decided it."""
    score, cues, kind, clause = _carrying_sentence(text, creator_names)
    found = score >= THRESHOLD
    return RequestReading(found, kind if found else "none", round(score, 2), tuple(cues), clause if found else "")


def is_request(text: str, creator_names: Sequence[str] = ()) -> bool:
    return read_request(text, creator_names).is_request
