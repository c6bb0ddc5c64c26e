"""Is a comment a request or a question to the creator? Cues combined, no model.

A word list alone cannot tell "¿podrías invitar a X?" from "¿en serio?": the reading is
built from several cues, per sentence, and a sentence is a request when its cues add up
to THRESHOLD:

- a question: the sentence ends in "?" (or opens with "¿"), or starts with a question word;
  weakened when it is rhetorical (a tag question ", no?", "?!", "who else", a short echo
  like "Hard tecno? Me vuelvo loco") or asks other viewers ("does anyone know");
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
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

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


def fold(text: str) -> str:
    """Lower case without accents."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _body(phrases: str) -> str:
    """The `|`-separated phrases, folded and escaped, longest first, as one alternation."""
    items = sorted({re.escape(fold(item.strip())) for item in phrases.split("|") if item.strip()}, key=len, reverse=True)
    return "|".join(items)


def _alternation(phrases: str) -> re.Pattern[str]:
    """A pattern matching any of the `|`-separated phrases (folded) as whole words."""
    return re.compile(r"(?<![\w])(?:" + _body(phrases) + r")(?![\w])")


# -- cue lists, one per construction (English | Spanish | German) ----------------------------

QUESTION_WORDS = frozenset(
    fold(word)
    for word in ["what", "whats", "what's", "wats", "why", "how", "when", "where", "who", "which", "whose", "was", "warum", "wieso", "weshalb", "wann", "wo", "woher", "wohin", "wie", "wer", "welche", "welcher", "welches"]
)
"""English and German words opening a question (Spanish ones are told by their accent, below)."""
_AUX_AFTER_WH = frozenset(
    ["is", "are", "do", "does", "did", "was", "were", "can", "could", "would", "will", "should", "have", "has", "ur", "your", "you", "u", "r", "ist", "sind", "hast", "kannst", "bist"]
)
"""Without a question mark, "what's your major" is a question and "what's worse is" is not."""
_ES_QUESTION_WORDS = frozenset(["que", "cual", "cuales", "cuando", "cuanto", "cuanta", "cuantos", "cuantas", "donde", "adonde", "como", "quien", "porque"])
"""Spanish question words written without the accent: a question only when the sentence ends in "?"."""
_ES_INTERROGATIVE = re.compile(r"^(?:por|para|de|a|en|con)?\s*(?:qué|cuál|cuándo|cuánt[oa]s?|dónde|cómo|quién)\b")
_AUX_QUESTION = _alternation(
    "do you|did you|are you|were you|have you|will you|would you|can you|could you|is there|are there|"
    "will there|do u|r u|are u|have u|did u|does it|is it|is this|was it|do they|does he|does she|did they|did it|"
    "hast du|bist du|habt ihr|seid ihr|gibt es|kommt|wym|wdym"
)
POLITE_MODAL = _alternation(
    "can you|could you|would you|will you|can u|could u|would u|would you mind|"
    "podrías|podriais|podríais|podrian|podrían|podés|podrias|"
    "kannst du|könntest du|koenntest du|könnt ihr|koennt ihr|könntet ihr|koenntet ihr|würdest du|wuerdest du"
)
PLAIN_MODAL = _alternation("puedes|podéis|podeis|pueden|kannst|könnt")
PLEASE = _alternation("please|pls|plz|plis|por favor|porfa|porfavor|porfis|bitte|bitteee")
WISH = _alternation(
    "i wish|i hope|hopefully|i'd love|id love|i would love|would love|we want|i want to see|"
    "ojalá|ojala|espero|esperamos|me gustaría|me gustaria|nos gustaría|estaría guapo|estaria guapo|"
    "estaría bien|estaria bien|estaría genial|estaria genial|estaría bueno|sería genial|seria genial|"
    "queremos|necesitamos|quiero ver|"
    "ich wünsche mir|ich wuensche mir|wir wollen|wäre cool|waere cool|wäre geil|wäre schön|wäre toll|hoffentlich|ich hoffe"
)
COUNTERFACTUAL_WISH = _alternation(
    "me habría gustado|me habrian gustado|me habría gustado|me habrían gustado|me hubiera gustado|"
    "i would have liked|would have loved|hätte mir gewünscht|haette mir gewuenscht"
)
OBLIGATION = _alternation(
    "you should|you need to|you have to|you must|u should|"
    "tienes que|tenéis que|teneis que|tienen que|deberías|deberias|deberíais|deberiais|deberían|"
    "du solltest|ihr solltet|du musst|ihr müsst|ihr muesst"
)
_UNIT_WORDS = (
    "video|videos|vídeo|vídeos|vid|vids|podcast|podcasts|episode|episodes|episodio|episodios|capítulo|capitulo|"
    "capítulos|capitulos|entrevista|entrevistas|interview|interviews|part|parte|teil|folge|folgen|stream|streams|"
    "directo|directos|session|sessions|sesión|sesion|sesiones|collab|collabs|colab|short|shorts|content|contenido|"
    "tutorial|tutorials|review|reviews|set|sets"
)
"""What a creator makes: 'more videos', 'sesiones más largas', 'podcast con X?'."""
_CONTENT_WORDS = (
    "video|videos|vídeo|vídeos|vid|vids|podcast|podcasts|episode|episodes|episodio|episodios|capítulo|capitulo|"
    "capítulos|entrevista|entrevistas|interview|interviews|serie|series|part|parte|teil|folge|folgen|stream|"
    "directo|live|canal|channel|session|sessions|sesión|sesion|sesiones|set|sets|collab|colab|colaboración|"
    "short|shorts|tiktok|spotify|spoty|instagram|subtítulos|subtitulos|subtitles|untertitel|sonido|audio|ton|"
    "invitado|invitados|invitada|guest|guests|gast|gäste|contenido|content|tutorial|review|reaction|reacción|"
    "merch|tour|concierto|concert"
)
CONTENT = _alternation(_CONTENT_WORDS)
MORE_CONTENT = re.compile(
    r"(?<![\w])(?:more|mas|mehr|another)\s+(?:" + _body(_UNIT_WORDS) + r")(?![\w])"
    r"|(?<![\w])(?:" + _body(_UNIT_WORDS) + r")\s+(?:(?:mas|more)\s+(?:largos?|largas?|cortos?|cortas?|seguidos?|frecuentes|often)"
    r"|longer|shorter|langer|laenger|kurzer)(?![\w])"
    r"|(?<![\w])(?:part|parte|teil)\s*(?:2|ii|two|dos|zwei)(?![\w])|(?<![\w])segunda parte(?![\w])"
    r"|(?<![\w])mehr davon(?![\w])|(?<![\w])more of (?:this|these|that)(?![\w])|(?<![\w])mas de (?:esto|estos|este)(?![\w])"
)
CONTENT_WITH = re.compile(
    r"^(?:un|una|a|an|ein|eine|el|la|the|otra|otro|another|noch ein|noch eine)?\s*(?:" + _body(_UNIT_WORDS) + r")\s+"
    r"(?:con|sin|with|without|sobre|about|on|mit|ohne|uber|ueber|featuring|ft)\s+\w"
)
"""A sentence that opens with a unit and a subject: "Podcast con Ibon Zugasti?", "Otra entrevista sin X"."""
NEXT = _alternation(
    "next video|next episode|el próximo|la próxima|para la próxima|próximo video|"
    "próximo vídeo|próximo episodio|próximo podcast|siguiente video|siguiente vídeo|nächstes video|nächste folge|"
    "nächstes mal|naechstes video|naechste folge"
)
REQUEST_VERB_START = _alternation(
    "bring|invite|show us|tell us|teach us|give us|talk about|react to|review|interview|"
    "upload|film|explain|collab|please make|please do|"
    "trae|traed|traiga|traigan|invita|invitad|inviten|haz|haced|hagan|hazle|hazme|sube|subid|suban|saca|sacad|"
    "saquen|pon|poned|pongan|habla|hablad|hablen|cuenta|contad|cuéntanos|explica|explícanos|explicad|enseña|"
    "enséñanos|muestra|muéstranos|prueba|probad|graba|grabad|entrevista|entrevistad|vuelve a|volved a|dile|decidle|"
    "dinos|busca|buscad|quita|quitad|mete|meted|contrata|contratad|repite|repetid|"
    "mach|macht|mach mal|macht mal|zeig|zeigt|bring|bringt|lade|ladet|erklär|erklärt|erzähl|erzählt|dreht|dreh"
)
REQUEST_VERB_ANYWHERE = re.compile(
    r"(?<![\w])(?:trae|traed|traigan|traiga|invita|invitad|inviten|saquen|sacad)\s+(?:a|al)(?![\w])"
    r"|(?<![\w])\w+(?:adle|edle|idle|adlo|edlo|idlo|adla|adme|adnos|edme|idme)(?![\w])"  # vosotros + pronoun: echadle
    r"|(?<![\w])(?:macht|mach|zeig|zeigt|erzähl|erzählt|ladet)\s+(?:\w+\s+)?(?:mal|doch|bitte)(?![\w])"
    r"|(?<![\w])(?:show us|tell us|teach us|bring back|bring on|make a video|do a video|make more|do more|make another|do another)(?![\w])"
)
NEGATIVE_IMPERATIVE = re.compile(r"(?<![\w])no\s+(?:(?:lo|la|le|me|te|nos|os|se)\s+)?(?!(?:les|las|los|nos|mas|menos|veces|tres|dos|seis)\b)(?:\w+(?:es|as|eis|ais))(?![\w])")
"""Spanish "no vuelvas", "no dejéis" (folded): no + a second-person subjunctive."""
MODAL_INFINITIVE = re.compile(
    r"(?<![\w])(?:traer|invitar|hacer|subir|sacar|poner|hablar|contar|explicar|enseñar|mostrar|probar|grabar|"
    r"entrevistar|make|do|bring|invite|show|talk|upload|film|review|cover|machen|zeigen|einladen|bringen|drehen)(?![\w])"
)
SECOND_PERSON = _alternation(
    "you|your|yours|yourself|u|ur|y'all|yall|wym|wdym|"
    "tú|tu|te|ti|contigo|tus|usted|ustedes|vosotros|vosotras|os|vuestro|vuestra|vuestros|vuestras|"
    "du|dich|dir|dein|deine|deinen|deinem|deiner|ihr|euch|euer|eure|euren"
)
_ES_SECOND_PERSON_VERB = re.compile(r"(?<![\w])\w{3,}(?:aste|asteis|isteis|áis|éis|rías|ríais)(?![\w])")
"""Spanish tú/vosotros verb endings (llevaste, tenéis, haríais) on the unfolded text."""
ENCOURAGEMENT = _alternation(
    "keep it up|keep going|keep up the|keep at it|keep doing|keep grinding|sigue así|sigue asi|seguid así|"
    "seguid asi|sigan así|sigue con|no pares|dale|daleee|vamos|a por|weiter so|mach weiter|macht weiter"
)
RHETORICAL = _alternation(
    "who else|anyone else|anybody else|is it just me|am i the only|who is here|who's here|ever hear|"
    "what did they expect|what the hell|what the fuck|wtf|how dare|who cares|who gives a|whatever happened to|"
    "what's the point|whats the point|why should somebody|why should someone|why should anyone|why should anybody|"
    "why should we|why should people|why would anyone|why would anybody|how can someone|how can anyone|"
    "do you realize|do you realise|te das cuenta|os dais cuenta|se dan cuenta|just why|"
    "do you really want|do you really think|do you honestly think|puede ser mas|se puede ser mas|"
    "can he be any more|can she be any more|can it be any more|can they be any more|could he be any more|"
    "could she be any more|could it be any more|could they be any more|"
    "alguien más|alguien mas|a alguien más|quién más|quien mas|soy el único|soy la única|que cojones|qué cojones|"
    "que coño|qué coño|en serio|o qué|wer noch|bin ich der einzige|bin ich die einzige|"
    "why don't they|why doesn't he|why doesn't she|why didn't they|why would they|why do people"
)
ASKS_VIEWERS = _alternation(
    "does anyone|does anybody|anyone know|anybody know|can someone|can anyone|"
    "alguien sabe|alguno sabe|alguien me|sabéis si|weiß jemand|weiss jemand|kennt jemand"
)
TAG_QUESTION = re.compile(r"(?:,|\s)(?:no|verdad|right|eh|ne|oder|nicht|o no|innit|huh|okay|ok|alright)\s*[?¿]+\s*$")
PROFANE_QUESTION = re.compile(r"(?<![\w])(?:tf|the fuck|the actual fuck|the fucking|the hell|gives a shit|gives a fuck|give a shit|give a fuck)(?![\w])")
"""A swear inside a question ("who TF is doing zoom quizzes?") marks a vent more often than a question to answer."""
EXCLAMATIVE = re.compile(r"^\W*(?:what an?|such an?|que|qué|menud[oa]|was f[uü]r ein)\s+\w+(?:\s+\w+)?\W*$")
"""A sentence that is only an exclamation about something ("What a lame college.", "Qué pereza."): a rant's mark."""
LAUGHTER = re.compile(r"(?<![\w])(?:(?:ja|je|ha|he){2,}\w*|j+a+j+\w*|lol+|lmf?ao+|xd+|rofl)(?![\w])|[😂🤣😹😆]")
"""Laughter in a comment with a question to nobody in particular: the question is a joke."""
NEGATIVE_ANSWER = re.compile(r"^\W*(?:no|nope|nah|nein)\s*(?:[,.!]|$)")
"""A question answered "No, because …" by its own writer is an argument, not a question."""
_MODAL_AFTER_WH = re.compile(
    r"(?<![\w])(?:why|how|what|where|when|which|if|whether)(?![\w])[^;:?]*?(?<![\w])(?:can|could|would|will)\s+(?:you|u)(?![\w])"
)
"""English "could you" asks for something when it opens a clause; "why would you feel guilty?" and
"if you … would you go back?" do not."""
SHORT_ANSWER = re.compile(
    r"^\W*(?:no|nope|nah|yes|yep|yeah|of course|obviously|exactly|never|no clue|no idea|none|nothing|"
    r"because|cause|bc|sure|claro|nada|nunca|por supuesto|obvio|nein|ja|klar)\b"
)
"""An answer right after a question, in the writer's own words: the question was rhetorical."""
SPAM = _alternation(
    "negotiable fee|for a fee|dm me|message me on|discord|whatsapp|telegram|cashapp|cash app|venmo|paypal|"
    "hire me|i can do your|i can take your|do your homework|take your class|take your exam"
)
"""Offers of paid help ("I could help at a negotiable fee. Discord …"): spam, whatever it asks."""
FIRST_PERSON_STATEMENT = re.compile(
    r"^\W*(?:(?:i|i'm|im|i've|i'd|i'll)\s+(?!(?:wonder|was wondering)\b)\w+"
    r"|(?:maybe|perhaps|probably|quizas|quiza|tal vez|puede que|a lo mejor|vielleicht|wahrscheinlich)\b)"
)
"""A sentence that opens with "I …" or "maybe" and ends in "?" says something with a rising tone
("I would say to try …?", "Maybe it is being taught badly?")."""


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
    return not (words and (words[0] in QUESTION_WORDS or _AUX_QUESTION.match(parts[1].lstrip())))


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
        (first in QUESTION_WORDS and (asks or (len(words) > 1 and words[1] in _AUX_AFTER_WH)))
        or (asks and bool(re.match(r"^\W*(?:por|para) que\b", folded)))
        or bool(_ES_INTERROGATIVE.match(stripped.lower().lstrip("¿¡ ")))
        or (asks and (first in _ES_QUESTION_WORDS or (words[-1] if words else "") in QUESTION_WORDS | _ES_QUESTION_WORDS))
    )
    aux_question = bool(_AUX_QUESTION.match(folded.lstrip("¿¡ ")))
    addressed = bool(SECOND_PERSON.search(folded)) or bool(_ES_SECOND_PERSON_VERB.search(raw.lower()))
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
    if POLITE_MODAL.search(folded) and not _MODAL_AFTER_WH.search(folded):
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


def read_request(text: str, creator_names: Sequence[str] = ()) -> RequestReading:
    """Whether `text` asks the creator (named in `creator_names`, optional) for something or
    asks them a question, with the cues that decided it."""
    sentences = _sentences(_clean(text or ""))
    if not sentences:
        return RequestReading(False)
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
    score, cues, kind, clause = best
    found = score >= THRESHOLD
    return RequestReading(found, kind if found else "none", round(score, 2), tuple(cues), clause if found else "")


def is_request(text: str, creator_names: Sequence[str] = ()) -> bool:
    return read_request(text, creator_names).is_request
