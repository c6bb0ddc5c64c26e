"""Checks in code on each written part: support (and no inverted opinion of what it cites), repetition, copying from
the kit, the kit's promise, language.

Each check returns a `Problem`: what to tell the model in the one rewrite, and what to tell the person if it
is still there afterwards. Nothing here calls the model.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from agent.drafting.clash import clash
from agent.drafting.language import NAMES, written_in
from agent.drafting.similarity import (
    SUPPORT_THRESHOLD,
    Embedder,
    copied_run,
    cosine_matrix,
    near_identical,
    overlap,
    support_scores,
)
from agent.schemas import EvidenceItem
from tools.corpus.search import fold

BRIEF_ECHO_WORDS = 5  # "Un TikTok de 30 segundos para DJs jóvenes..." said to camera: the small model's meta line
PROMISE_OVERLAP = 0.6
REPEAT_WORDS = 6  # six words in a row from an earlier line ("the bottle test at the end surprised me") say it again
_THANKS = re.compile(
    r"\b(?:thank(?:s| you)|thx|i appreciate|gracias|te lo agradezco|os lo agradezco|danke|vielen dank|merci)\b",
    re.IGNORECASE,
)
"""A viewer's thanks read out as the opening ("Thank you for the bottle test, it surprised me"): a comment's voice."""
_WISH = re.compile(
    r"\bi(?:'d| would) (?:love|like)\b|\bi (?:want|hope|wish)\b(?! you\b)|\bi(?: was|'m| am) hoping\b|\bme gustar[ií]a\b|\bojal[aá]\b|\bquiero ver\b"
    r"|\bich (?:w[üu]nsche|h[äa]tte gern|will mehr)\b",
    re.IGNORECASE,
)
"""A viewer's wish read out as a line ("I'd love to see a second part"): the comment's voice (a reading of a comment is
in its writer's first person), not the creator's."""
_ASSISTANT = re.compile(
    r"\bi'?m sorry\b|\bi am sorry\b|\bi can(?:'t|not) (?:assist|help)\b|\bas an ai\b|\bas a language model\b"
    r"|\b(?:could|can) you (?:please )?(?:tell|give|send|provide|show) me\b|\blet me know if\b|\bhow can i help\b"
    r"|\bi'?m not sure what you(?:'re| are) (?:looking for|asking)\b|\bprovide (?:me with )?more (?:information|details)\b"
    r"|\bif you have any (?:other |more |further )?questions\b|\bfeel free to ask\b"
    r"|\blo siento\b|\bno puedo (?:ayudar|asistir)|\bcomo (?:una )?(?:ia|inteligencia artificial)\b"
    r"|\bpodr[ií]as? (?:decirme|darme|contarme|enviarme|proporcionar(?:me)?)\b|\bdime más\b|\ben qué (?:más )?(?:puedo|te puedo) ayudar"
    r"|\bnecesito más (?:información|informacion|contexto|detalles)\b|\bpara poder ayudarte\b"
    r"|\bes tut mir leid\b|\bich kann (?:dir |ihnen )?(?:dabei )?nicht helfen\b|\bals (?:eine )?ki\b"
    r"|\bje suis désolée?\b|\ben tant qu'ia\b|\b(?:no one|nobody|i) can(?:'t|not)? help you with (?:that|this)\b",
    re.IGNORECASE,
)
"""The model answering as a chat assistant ("I'm sorry, but I can't assist with that.", "¿Podrías decirme más sobre
eso?"): a line nobody could say to camera."""
_NARRATES = re.compile(
    r"\b(?:the|a|this|that) (?:viewers?|commenters?|comment(?:er)?s?|users?)(?: of (?:the|this) \w+)? (?:says?|said|"
    r"thinks?|wrote|writes|was|were|is|are|wants?|asks?|asked|highlight(?:s|ed)?|point(?:s|ed) out)\b"
    r"|\b(?:el|la|los|las|un|una) (?:viewers?|espectador(?:a|es)?|comentador(?:a|es)?|comentarista|comentarios?|"
    r"usuarios?)(?: de (?:los|las) \w+)? (?:dice|dicen|dijo|dijeron|piensa|cree|escribe|escribió|quiere|pide|está|es|"
    r"destac\w*|señal\w*)\b",
    re.IGNORECASE,
)
"""A line that reports what "the viewer" said ("The viewer thinks it's a joke", "El comentario de los usuarios
destacó…"): the model narrating its evidence. The script speaks to the viewers; it does not describe them."""
EXAMPLE_WORDS = 5  # the worked example's lines are short and about another product: five words in a row are borrowed
PROMISE_COSINE = 0.8
GOAL_ECHO_WORDS = 3  # "Subscribe now to get more subscribers": the creator's goal said to the viewer as a reason
# What a creator counts: a run of the goal naming one is the creator's aim; naming the offer ("Tipa's DJ sessions") is not.
_METRIC = re.compile(
    r"subscri|suscri|abonn|views?|visit|aufruf|comment|coment|kommentar|follow|segui|sales|ventas|verkäuf|sign-?ups?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Problem:
    kind: str  # support | clash | repeat | copied | promise | language | … (the writer weighs each kind)
    for_model: str
    for_person: str


@dataclass(frozen=True)
class Support:
    score: float | None
    """The best score among the shown items (None when the part was shown none)."""
    cited: tuple[str, ...]
    """Shown items whose own score passes the threshold: what the part may cite."""


def support(embedder: Embedder, text: str, shown: list[EvidenceItem]) -> Support:
    if not shown:
        return Support(None, ())
    scores = support_scores(embedder, text, [item.text for item in shown])
    cited = tuple(item.id for item, score in zip(shown, scores, strict=True) if score >= SUPPORT_THRESHOLD)
    return Support(max(scores), cited)


def check_part(
    embedder: Embedder,
    *,
    part: str,
    text: str,
    shown: list[EvidenceItem],
    earlier: list[str],
    kit_texts: list[str],
    example_texts: Sequence[str] = (),
    avoid: Sequence[str] = (),
    angle: str = "",
    promise: str | None,
    language: str,
    brief: str = "",
    goal: str = "",
    audience: str = "",
    earlier_shown: Sequence[EvidenceItem] = (),
) -> tuple[Support, list[Problem]]:
    problems: list[Problem] = []
    served = served_goal(text, goal)
    if served:
        # The viewer never hears the creator's numbers: not as the reason to act, not as the opening line.
        ask = "Ask the viewer to act and say what they get from it." if part == "call to action" else \
            "Say what the viewers said, to the viewer."
        problems.append(Problem(
            "goal",
            f"Your last try told the viewer the creator's own goal (“{served}”). {ask}",
            f"it tells viewers the creator's goal (“{served}”)" + (" instead of what they get" if part == "call to action" else ""),
        ))
    echoed = brief_echo(text, brief) if brief else None
    if echoed:
        problems.append(Problem(
            "brief",
            f"Your last try repeated the request (“{echoed}”). Speak to the viewer instead; never mention the video.",
            f"it repeats the brief (“{echoed}”) instead of speaking to the viewer",
        ))
    found = support(embedder, text, shown)
    if shown and not found.cited:
        gist = "; ".join(f"“{item.text[:120]}”" for item in shown[:2])
        problems.append(Problem(
            "support",
            f"Your last try did not use the viewers' point. Say what they said, in your own words: {gist}",
            f"it does not clearly say what the viewers said (support {found.score:.2f}): check it against the source",
        ))
    inverted = [(item, found_clash) for item in shown if item.id in found.cited
                and (found_clash := clash(text, item.text, language))]
    if inverted:
        item, said = inverted[0]
        problems.append(Problem(
            "clash",
            f"Your last try said “{said.line_says}”, but {item.id} says “{said.source_says}”. Say what the viewers "
            "said, not its opposite.",
            f"it says “{said.line_says}” where {item.id} says “{said.source_says}”, the opposite",
        ))
        # A line that inverts its source does not rest on it: it cites it no more.
        found = Support(found.score, tuple(i for i in found.cited if i not in {item.id for item, _ in inverted}))
    borrowed_point = other_point(embedder, text, found, earlier_shown)
    if borrowed_point is not None:
        own = "; ".join(f"“{item.text[:120]}”" for item in shown[:1])
        problems.append(Problem(
            "repeat",
            f"Your last try made the point of {borrowed_point.id}, which an earlier line already used. Say what this "
            f"part's evidence says: {own}",
            f"it makes the point of {borrowed_point.id}, which an earlier line already rests on, not its own evidence's",
        ))
        found = Support(found.score, ())  # it does not rest on what it was shown: it cites nothing
    parroted = next((item for item in shown if is_verbatim(text, item.text)), None)
    if parroted is not None:
        problems.append(Problem(
            "verbatim",
            f"Your last try copied {parroted.id} word for word. Say what it means for the viewer, in your own words.",
            f"it repeats {parroted.id} word for word instead of saying what it means for the viewer",
        ))
    elif any(is_verbatim(text, quote) for quote in QUOTED.findall(angle)):
        # The angle names its example comment ("what viewers say, for example “…”"): a part shown no evidence of its
        # own can read that comment out, uncited.
        problems.append(Problem(
            "verbatim",
            "Your last try read out the comment the angle quotes. Say what it means for the viewer, in your own words.",
            "it reads out, word for word, the comment the angle quotes",
        ))
    repeated = near_identical(embedder, text, earlier) or copied_run(text, earlier, words=REPEAT_WORDS) \
        or _repeated_sentence(text, earlier)
    opening = same_opening(text, earlier)
    if opening and not repeated:
        # Mild, and never a reason to leave a beat out: "Adrian Mateos is a legend" after "Adrian Mateos is a
        # legendary player" can still say something new.
        problems.append(Problem(
            "opening",
            f"Your last try opened like an earlier line (“{opening}”). Start this line another way.",
            f"it opens like an earlier line (“{opening}”)",
        ))
    if repeated:
        problems.append(Problem(
            "repeat",
            f"Your last try repeated an earlier line (“{repeated[:100]}”). Say something new.",
            "it says nearly the same as an earlier line",
        ))
    copied = copied_run(text, kit_texts)
    if copied:
        problems.append(Problem(
            "copied",
            f"Your last try copied the brand's words “{copied}”. Use your own words.",
            f"it copies “{copied}” from the brand kit word for word",
        ))
    borrowed = copied_run(text, list(example_texts), words=EXAMPLE_WORDS)
    if borrowed:
        problems.append(Problem(
            "example",
            f"Your last try reused “{borrowed}” from the example conversation, which is about another product. "
            "Write a new line for this brief.",
            f"it reuses “{borrowed}” from Hookline's own worked example (another product), not from your brand or data",
        ))
    avoided = next((term for term in avoid if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE)), None)
    if avoided:
        problems.append(Problem(
            "avoided",
            f"Your last try said “{avoided}”, a word this brand never uses. Write the line without it.",
            f"it says “{avoided}”, a word the brand avoids",
        ))
    assistant = _ASSISTANT.search(text)
    if assistant:
        problems.append(Problem(
            "assistant",
            "Your last try answered as a chat assistant. Write the line the creator says to camera.",
            f"it speaks as a chat assistant (“{assistant.group(0)}”), not as the creator",
        ))
    narrated = _NARRATES.search(text)
    if narrated:
        problems.append(Problem(
            "narrates",
            f"Your last try described the comment (“{narrated.group(0)}”). Say its point to the viewer, as \"you\".",
            f"it reports what a viewer said (“{narrated.group(0)}”) instead of speaking to the viewers",
        ))
    addressed = speaks_to(text, brief, audience)
    if addressed:
        problems.append(Problem(
            "viewer",
            f"Your last try spoke to {addressed}, as a viewer's comment does. Speak to the viewers, as \"you\".",
            f"it speaks to {addressed}, as a viewer's comment does, not to the viewers",
        ))
    wish = _WISH.search(text) if part != "call to action" else None
    if wish:
        problems.append(Problem(
            "viewer",
            f"Your last try spoke as a viewer wishing for something (“{wish.group(0)}”). You are the creator: say what "
            "the viewers want to the viewer, as \"you\".",
            f"it speaks as a viewer (“{wish.group(0)}”), not as the creator speaking to viewers",
        ))
    elif part in ("hook", "selling point") and _THANKS.search(text):
        problems.append(Problem(
            "viewer",
            "Your last try spoke as a viewer thanking the brand. Speak to the viewer instead: their situation, a "
            "surprise or a question, in the brand's voice.",
            "it speaks as a viewer thanking the brand (a comment's voice), not as the brand speaking to viewers",
        ))
    if part == "hook" and promise and restates(embedder, text, promise):
        problems.append(Problem(
            "promise",
            "Your last try restated the brand's slogan. Open with the viewer's situation or a surprising detail instead.",
            "it restates the brand's promise instead of opening on the viewer",
        ))
    if not written_in(text, language):
        problems.append(Problem(
            "language",
            f"Your last try was not in {NAMES.get(language, language)}. Write it in {NAMES.get(language, language)}.",
            f"it is not in {NAMES.get(language, language)}",
        ))
    return found, problems


_VOCATIVE = re.compile(r"^\W*([A-ZÁÉÍÓÚÑÄÖÜ][\w'’-]+)\s*,|,\s*([A-ZÁÉÍÓÚÑÄÖÜ][\w'’-]+)\s*[.!?]*\s*$")


def speaks_to(text: str, brief: str, audience: str = "") -> str | None:
    """The name a line speaks to ("Alex, you're right.", "Watch the full episode now, Alex."), when the brief names it
    and it is not the audience ("DJs, …" speaks to the viewers): a comment's voice, talking to the creator."""
    match = _VOCATIVE.search(text.strip())
    if not match or not brief:
        return None
    name = match.group(1) or match.group(2)
    word = re.compile(rf"(?<![\w]){re.escape(fold(name))}(?![\w])", re.IGNORECASE)
    if not word.search(fold(brief)) or word.search(fold(audience)):
        return None
    return name



def served_goal(text: str, goal: str) -> str | None:
    """The run of the creator's goal a line says, when it names what the creator counts ("get more subscribers")."""
    served = copied_run(text, [goal], words=GOAL_ECHO_WORDS) if goal else None
    return served if served and _METRIC.search(served) else None


# Where a clause starts: what follows is cut with the goal it carries ("Subscribe now | to get more subscribers").
_CLAUSE = re.compile(r"(?:,|;|:|—|–|\s(?:to|and|so|for|para|y|e|pour|et|um|und|damit|per))\s", re.IGNORECASE)


def cut_goal(text: str, goal: str) -> str | None:
    """The line without the clause that gives the creator's goal as the reason ("Subscribe now to get more subscribers
    to the podcast." → "Subscribe now."), or None when there is no such clause or too little would be left."""
    served = served_goal(text, goal)
    if not served:
        return None
    folded, index = _folded_with_index(text)
    found = re.search(r"\W+".join(re.escape(word) for word in served.split()), folded)
    if found is None:
        return None
    start = index[found.start()]
    clauses = [match for match in _CLAUSE.finditer(text, 0, start)]
    if not clauses:
        return None
    cut_from = clauses[-1].start()
    end = re.search(r"[.!?](\s|$)", text[start:])
    rest = text[start + end.end():].strip() if end else ""
    kept = text[:cut_from].rstrip(" ,;:—–") + "."
    kept = f"{kept} {rest}".strip() if rest else kept
    return kept if len(kept.split()) >= 2 else None


def _folded_with_index(text: str) -> tuple[str, list[int]]:
    """The text lower-cased without accents (as `copied_run` compares), and for each of its characters the position
    of the character it came from."""
    folded: list[str] = []
    index: list[int] = []
    for position, char in enumerate(text):
        for piece in unicodedata.normalize("NFKD", char.lower()):
            if not unicodedata.combining(piece):
                folded.append(piece)
                index.append(position)
    return "".join(folded), index


OTHER_POINT_MARGIN = 0.1


def other_point(embedder: Embedder, text: str, found: Support, earlier_shown: Sequence[EvidenceItem]) -> EvidenceItem | None:
    """The item an earlier part was shown that this line says, when it says it clearly better than anything this part
    was shown: the small model went back to an earlier comment (it sees the whole conversation), so the line repeats
    that point and citing this part's own item would cite what it did not use."""
    if not earlier_shown or found.score is None:
        return None
    scores = support_scores(embedder, text, [item.text for item in earlier_shown])
    best = max(range(len(scores)), key=scores.__getitem__)
    if scores[best] >= SUPPORT_THRESHOLD and scores[best] > found.score + OTHER_POINT_MARGIN:
        return earlier_shown[best]
    return None


# Words that make a run of the brief a line about the video rather than to the viewer ("a 30-second TikTok for...").
# Naming the offer ("the Alex Hawkers interview podcast") is what a line should do, so a run without them is fine.
_META = re.compile(
    r"\b(scripts?|guion(?:es)?|videos?|vídeos?|tik ?toks?|reels?|shorts?|youtube|instagram|linkedin|seconds?|segundos?"
    r"|sekunden|clips?|write|escribe|schreib\w*)\b",
    re.IGNORECASE,
)
BRIEF_ECHO_ANY = 8  # eight words of the brief in a row are an echo whatever they are


def brief_echo(text: str, brief: str) -> str | None:
    """A run of the brief said back to camera, when it is about the video itself (or long): the small model's meta line."""
    run = copied_run(text, [brief], words=BRIEF_ECHO_WORDS)
    if run is None:
        return None
    if _META.search(run) or copied_run(text, [brief], words=BRIEF_ECHO_ANY):
        return run
    return None


VERBATIM_SHARE = 0.85
VERBATIM_WORDS = 10  # ten words in a row read out of a comment is quoting it, not writing a line


def is_verbatim(text: str, source: str) -> bool:
    """True when the part is the source item said back (a post title or comment read out), not a line built on it."""
    if copied_run(text, [source], words=VERBATIM_WORDS):
        return True
    return overlap(text, [source]) >= VERBATIM_SHARE and overlap(source, [text]) >= VERBATIM_SHARE


def restates(embedder: Embedder, hook: str, promise: str) -> bool:
    if overlap(promise, [hook]) >= PROMISE_OVERLAP:
        return True
    return float(cosine_matrix(embedder, [hook], [promise])[0, 0]) >= PROMISE_COSINE


def _repeated_sentence(text: str, earlier: Sequence[str]) -> str | None:
    """A sentence of three words or more that an earlier line already says ("It's a game-changer." after each line)."""
    said = {_sentence_key(sentence) for line in earlier for sentence in _SENTENCES.split(line)}
    for sentence in _SENTENCES.split(text):
        key = _sentence_key(sentence)
        if len(key.split()) >= 3 and key in said:
            return sentence.strip()
    return None


OPENING_WORDS = 4  # "Alex Hawkers interview podcast - …" on every line: a template, not a script


def same_opening(text: str, earlier: Sequence[str]) -> str | None:
    """The first words this line shares with the start of an earlier line, when there are OPENING_WORDS of them."""
    words = _WORD.findall(text)
    if len(words) <= OPENING_WORDS:
        return None
    start = [word.lower() for word in words[:OPENING_WORDS]]
    for line in earlier:
        if [word.lower() for word in _WORD.findall(line)[:OPENING_WORDS]] == start:
            return " ".join(words[:OPENING_WORDS])
    return None


_WORD = re.compile(r"\w+(?:['’]\w+)?")
QUOTED = re.compile(r"“([^”]{12,})”")
"""A comment an angle quotes (“…”): the verbatim check and the angle's reading (reading.py) look for the same shape."""
_SENTENCES = re.compile(r"(?<=[.!?])\s+")


def _sentence_key(sentence: str) -> str:
    return " ".join(re.findall(r"\w+", sentence.lower()))
