"""Word lists for reading comments in English, Spanish and German: sentiment, categories,
reply stance, and stop words for labels. Plain data; `opinions.py` applies them.

Entries are lower-case. Single words match whole tokens; entries with a space match as
phrases. Spanish accents are optional (`increible` = `increíble`); German umlauts may be
written `ae/oe/ue`.
"""

from __future__ import annotations

POSITIVE = {
    "en": """good great love loved loving awesome amazing excellent best brilliant fantastic perfect beautiful
        nice cool wonderful incredible helpful useful insightful inspiring inspired enjoy enjoyed fun funny
        legend legendary masterpiece fire goat underrated thanks thank grateful appreciate appreciated glad
        happy impressive interesting valuable solid favorite favourite gem banger epic agree recommend
        wholesome respect proud brave clear genius smart""",
    "es": """bueno buena buenos buenas buenisimo buenísimo genial excelente increíble increible maravilloso
        maravillosa mejor mejores grande grandes crack cracks máquina maquina fenómeno fenomeno brutal bestial
        tremendo tremenda top encanta encantó encanto encantan gusta gustó gusto amo quiero gracias agradecido
        agradecida bonito bonita hermoso hermosa precioso preciosa interesante inspirador inspiradora útil util
        valioso valiosa perfecto perfecta felicidades enhorabuena bravo ídolo idolo leyenda orgullo orgulloso
        sabio sabia espectacular impresionante brillante divertido divertida fantástico fantastico
        recomendado admiro admiración admiracion respeto aprendí aprendi aprendo temazo temazos joya
        fiestón fieston capo acierto""",
    "de": """gut gute guter gutes super toll tolle großartig grossartig klasse spitze genial geil stark
        starkes starke perfekt wunderbar wunderschön schön schoen schöne hervorragend danke dankeschön
        liebe lieben liebt beste besten bester hilfreich interessant informativ lustig witzig cool mega
        empfehlen respekt wichtig richtig sympathisch beeindruckend inspirierend großartige""",
}
NEGATIVE = {
    "en": """bad worse worst terrible awful horrible hate hated boring boredom annoying stupid dumb trash
        garbage useless waste wasted disappointing disappointed disappointment fake clickbait cringe
        sucks suck sad angry wrong problem problems broken poor overpriced expensive scam lie lies lying
        misleading shame ugly toxic ridiculous pathetic lame noisy awkward fail failed unfair unbearable""",
    "es": """mal malo mala malos malas malísimo malisimo peor peores horrible horribles terrible terribles odio aburrido aburrida
        aburre pesado pesada pésimo pesimo pésima pesima basura mierda asco asqueroso decepción decepcion
        decepcionado decepcionada falso falsa mentira mentiras mentiroso engaño engano estafa triste
        vergüenza verguenza ridículo ridiculo lamentable molesto molesta caro cara fatal cutre tonto tonta
        estúpido estupido idiota problema problemas error errores fallo falla clickbait cansino cansina
        insoportable penoso penosa humo vendehumos tóxico toxico""",
    "de": """schlecht schlechte schlechter schlimm furchtbar schrecklich langweilig nervig nervt hasse
        hass dumm blöd bloed doof müll muell mist scheiße scheisse enttäuscht enttaeuscht enttäuschend
        falsch lüge luege lügen fake peinlich traurig wütend teuer überteuert ueberteuert schade ärgerlich
        aergerlich problem probleme fehler unerträglich katastrophe katastrophal unfair nutzlos
        clickbait übel uebel""",
}
POSITIVE_EMOJI = "❤♥💕💖💗💓💞💯🔥👏🙌👍😍🥰😊😁😀😃😄🤩💪⭐🌟✨🎉🙏😎🫶"
NEGATIVE_EMOJI = "👎😡😠🤬💩😒🙄😞😔😢😭🤮😤"
NEGATIONS = {
    "not", "no", "never", "dont", "don't", "isnt", "isn't", "wasnt", "wasn't", "cant", "can't", "nothing", "without",
    "nunca", "jamás", "jamas", "tampoco", "ni", "sin", "nada",
    "nicht", "kein", "keine", "keinen", "nie", "niemals", "ohne", "nichts",
}
INTENSIFIERS = {
    "very", "so", "really", "super", "too", "extremely", "absolutely", "totally",
    "muy", "tan", "demasiado", "súper", "mega", "bastante",
    "sehr", "so", "echt", "total", "voll", "richtig", "extrem", "mega", "absolut",
}

# -- categories ---------------------------------------------------------------------------------

SPAM = """subscribe subscribed sub4sub suscríbete suscribete suscribanse suscríbanse abonniert abonniere
    abonnieren whatsapp telegram promo promoción promocion giveaway sorteo gewinnspiel crypto bitcoin forex
    onlyfans""".split()
SPAM_PHRASES = (
    "my channel", "check out my", "check my", "follow me", "visit my", "mi canal", "sígueme", "sigueme",
    "pasate por mi", "pásate por mi", "meinen kanal", "mein kanal", "folgt mir", "folge mir", "link in bio",
    "earn money", "gana dinero", "make money", "first comment", "primer comentario", "erster kommentar",
    "[deleted]", "[removed]",
)
REQUEST_PHRASES = (
    "please", "pls", "plz", "can you", "could you", "would you", "would love", "i wish", "next video",
    "make a video", "do a video", "part 2", "part two", "invite", "bring", "we need", "we want", "should do",
    "por favor", "porfa", "porfavor", "puedes", "podrías", "podrias", "podéis", "podeis", "haz un",
    "hagan un", "hazme", "próximo video", "proximo video", "siguiente video", "segunda parte", "parte 2",
    "invita", "invitad", "invitar", "trae a", "traed", "traigan", "queremos", "necesitamos", "ojalá", "ojala",
    "me gustaría", "me gustaria", "deberías", "deberias", "deberíais", "deberiais",
    "bitte", "kannst du", "könntest", "koenntest", "könnt ihr", "koennt ihr", "mach mal", "macht mal",
    "nächstes video", "naechstes video", "teil 2", "wünsche mir", "wuensche mir", "wäre cool", "waere cool",
    "ladet", "lade mal",
)
# Spanish is left out: its questions carry "¿", and "qué/cómo" without it are exclamations.
QUESTION_STARTS = """what why how when where who which warum wieso weshalb wann welche welcher welches""".split()
QUESTION_PHRASES = ("quien es", "quién es", "who is", "what is", "wer ist", "alguien sabe", "does anyone", "weiß jemand", "weiss jemand")
PRODUCT = """audio sound sonido mic micro micrófono microfono microphone mikrofon volume volumen
    quality calidad qualität qualitaet imagen bildqualität camera cámara camara kamera lighting
    iluminación iluminacion editing edición edicion schnitt
    subtitles subtítulos subtitulos untertitel thumbnail miniatura title título titulo length duración
    duracion ads anuncios werbung sponsor patrocinador formato price precio preis prices precios
    preise size talla tallas größe groesse shipping envío envio versand delivery entrega fabric tela stoff
    material shirt camiseta camisetas hoodie sudadera sudaderas ropa clothes clothing kleidung collection
    colección coleccion kollektion store tienda shop app website product producto produkt
    design diseño diseno logo merch entrevistador entrevistadores interviewer interviewers host hosts
    presentador presentadores moderator moderador moderation moderation moderatorin plano cortes""".split()
COMPLAINT_PHRASES = (
    "too long", "too short", "too many", "waste of time", "not worth", "used to be better", "fell off",
    "demasiado largo", "demasiados", "pérdida de tiempo", "perdida de tiempo", "no vale", "antes era mejor",
    "zu lang", "zu viel", "zu viele", "zeitverschwendung", "lohnt sich nicht", "früher besser",
    "se escucha mal", "se oye mal", "no se escucha", "no se oye", "can't hear", "cant hear", "hört man nicht",
)
EMOTION = """wow omg lol lmao rofl haha hahaha jaja jajaja jajajaja jeje xd xdd xddd wtf damn dios madre
    ostia hostia joder flipo flipando flipante emocionante emocionado emocionada lloré llore llorando
    lágrimas lagrimas piel gallina escalofríos escalofrios krass wahnsinn alter boah omg hammer mist
    goosebumps crying cried tears chills insane crazy loco locura brutal uff ufff uffff buah""".split()
EMOTION_EMOJI = "😂🤣😭😱😮😲🥺😢😍🥰❤🔥💀😳🤯😅😆🙈💔"
EMOTION_PHRASES = ("piel de gallina", "me muero", "no puedo más", "no puedo mas", "madre mía", "madre mia", "dios mío", "dios mio", "oh my god", "ich feier", "gänsehaut", "gaensehaut")

# -- reply stance (agreement or pushback with the parent comment) -------------------------------

AGREE = """agree agreed exactly true truth same this yes yep yeah indeed absolutely definitely totally
    correct right facts based real +1 100% exacto exactamente cierto cierta verdad totalmente tal
    efectivamente claro sí si igual mismo razón razon coincido stimmt genau richtig absolut ja jap jo
    definitiv korrekt eben sehe""".split()
AGREE_PHRASES = (
    "so true", "this is it", "well said", "same here", "me too", "i agree", "100%", "tal cual", "así es",
    "asi es", "de acuerdo", "tienes razón", "tienes razon", "lo mismo", "yo también", "yo tambien",
    "sehe ich auch so", "sehe ich genauso", "ganz genau", "bin ich dabei", "hast recht", "du hast recht",
)
PUSHBACK = """disagree wrong nope false nonsense bullshit bs cap actually incorrect lie untrue
    falso falsa mentira equivocado equivocada error tonterías tonterias nah nein falsch quatsch unsinn
    blödsinn bloedsinn stimmt's""".split()
PUSHBACK_PHRASES = (
    "not true", "i disagree", "that's not", "thats not", "no it", "not really", "you're wrong", "youre wrong",
    "no estoy de acuerdo", "no es verdad", "no es cierto", "para nada", "te equivocas", "no tienes razón",
    "no tienes razon", "stimmt nicht", "stimmt so nicht", "sehe ich anders", "sehe ich nicht so", "das ist falsch",
    "bin anderer meinung",
)

# -- stop words for cluster labels --------------------------------------------------------------

STOPWORDS = set(
    """a an the and or but if of to in on at by for with from as is are was were be been being it its this
    that these those i me my we our you your he him his she her they them their what which who whom whose
    there here so too very just than then also not no yes do does did doing have has had having can could
    would should will shall may might must about into over under again more most some any all each both
    few other such only own same out up down off once why how when where while because until im ive dont
    cant its it's i'm don't can't youre you're thats that's get got like one really even much many
    el la los las un una unos unas y o pero si de del al a en con por para sin sobre entre que qué como
    cómo es son ser fue era está esta están estan estoy soy eres he ha han hay lo le les me te se nos mi
    mis tu tus su sus yo tú tu él ella ellos ellas nosotros vosotros este esta estos estas ese esa esos
    esas eso esto ya muy más mas menos tan tanto también tambien no sí porque cuando donde quien todo
    todos toda todas otro otra otros otras bien mal solo sólo hace hacer tiene tener puede ver así asi
    algo nada cada vez veces mucho mucha muchos muchas poco hasta desde aunque entonces ahora siempre
    nunca hoy día dia gente cosa cosas creo pues tipo va voy vas
    der die das den dem des ein eine einer eines einem einen und oder aber wenn von zu im in am an auf
    mit für fuer aus bei nach über ueber unter ist sind war waren sein bin bist hat haben hatte wird
    werden ich du er sie es wir ihr mich dich mir dir uns euch sich mein dein sein ihr unser euer nicht
    kein keine auch noch schon nur so sehr mehr wie was wer wo da dann doch mal ja nein als dass weil
    man hier jetzt immer alle alles viel viele etwas diese dieser dieses""".split()
)
