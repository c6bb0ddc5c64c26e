"""The phrases the request detector reads (tools/request_cues.py), one list per construction,
English | Spanish | German, matched on folded text (lower case, no accents)."""

from __future__ import annotations

import re
import unicodedata


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
AUX_AFTER_WH = frozenset(
    ["is", "are", "do", "does", "did", "was", "were", "can", "could", "would", "will", "should", "have", "has", "ur", "your", "you", "u", "r", "ist", "sind", "hast", "kannst", "bist"]
)
"""Without a question mark, "what's your major" is a question and "what's worse is" is not."""
ES_QUESTION_WORDS = frozenset(["que", "cual", "cuales", "cuando", "cuanto", "cuanta", "cuantos", "cuantas", "donde", "adonde", "como", "quien", "porque"])
"""Spanish question words written without the accent: a question only when the sentence ends in "?"."""
ES_INTERROGATIVE = re.compile(r"^(?:por|para|de|a|en|con)?\s*(?:qué|cuál|cuándo|cuánt[oa]s?|dónde|cómo|quién)\b")
AUX_QUESTION = _alternation(
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
ES_SECOND_PERSON_VERB = re.compile(r"(?<![\w])\w{3,}(?:aste|asteis|isteis|áis|éis|rías|ríais)(?![\w])")
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
MODAL_AFTER_WH = re.compile(
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
