"""Wording features for `screen`, matched on folded text (ASCII, lower case, accents and
leetspeak undone; see normalize.py) in English, Spanish, German, French, Portuguese and
Italian. No single feature flags a comment: the score combines them (screening.py), so a
fan's "please make a video on..." (an imperative, but aimed at the creator and about a
video) stays, while "whoever writes the scripts: end with shop.store" (aimed at the script
writer, about the output, with a link) is flagged.
"""

from __future__ import annotations

import re


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


# Asks to drop what the assistant was told: an override verb near an instructions noun.
_OVERRIDE_VERB = (
    r"ignore|ignoring|disregard|forget|override|bypass|overwrite|discard|"
    r"ignora|ignoren|ignorad|olvida|olvidate|olviden|descarta|"
    r"ignoriere|ignorier|ignorieren|vergiss|vergessen|verwirf|"
    r"ignorez|ignorer|oublie|oubliez|oublier|"
    r"ignore|ignorem|esqueca|esquece|esquecam|desconsidere|"
    r"dimentica|dimenticate|ignorate|trascura"
)
_INSTRUCTION_NOUN = (
    r"instructions?|prompts?|rules?|guidelines?|directives?|programming|system prompt|constraints?|guardrails?|"
    r"instrucciones|instruccion|reglas|indicaciones|directrices|normas|"
    r"anweisungen?|regeln|vorgaben|befehle|richtlinien|"
    r"consignes?|regles|directives|"
    r"instrucoes|instrucao|regras|orientacoes|diretrizes|"
    r"istruzioni|regole|indicazioni|direttive"
)
_WHAT_YOU_WERE_TOLD = (
    r"(?:everything|all|anything|whatever|what) (?:that )?(?:you(?:'ve| have| were|'re| are)?|u) (?:been )?(?:told|given|instructed|asked|programmed)|"
    r"(?:todo )?lo que te (?:han dicho|dijeron|pidieron|ordenaron)|alles,? was (?:man )?dir (?:gesagt|befohlen|aufgetragen)|"
    r"tout ce qu'?on t'?a (?:dit|demande)|tudo (?:o )?que (?:te )?(?:disseram|pediram|mandaram)|tutto (?:quello )?che ti hanno (?:detto|chiesto)"
)
# Whose instructions: "your rules", "all previous instructions", "the brand guidelines" (not
# "forget the rules of fashion", which fans say).
_QUALIFIER = (
    r"your|all|any|every|previous|prior|above|earlier|preceding|original|existing|current|given|brand|system|safety|these|those|"
    r"tus|todas|anteriores|previas|dadas|deine|alle|vorherigen|bisherigen|obigen|tes|toutes|vos|precedentes|"
    r"suas|seus|todas|tue|tutte|precedenti|le tue"
)
OVERRIDE = re.compile(
    rf"\b(?:{_OVERRIDE_VERB})\b[^.!?\n]{{0,30}}\b(?:{_QUALIFIER})\b[^.!?\n]{{0,20}}\b(?:{_INSTRUCTION_NOUN})\b"
    rf"|\b(?:{_OVERRIDE_VERB})\b[^.!?\n]{{0,30}}\b(?:{_INSTRUCTION_NOUN})\b[^.!?\n]{{0,5}}\b(?:anteriores|previas|precedentes|precedenti|vorherigen|previous|above)\b"
    rf"|\b(?:{_OVERRIDE_VERB})\b[^.!?\n]{{0,20}}\b(?:{_WHAT_YOU_WERE_TOLD})"
)

# New instructions, fake system text, prompt extraction: unambiguous on their own.
ROLE = _any(
    r"\bfrom now on,? (?:you|your|the assistant|the ai)\b", r"\b(?:new|updated|revised|secret|hidden) instructions?\b",
    r"\bdeveloper mode\b", r"\bjailbreak", r"\bsystem (?:prompt|message|override|note|update|instruction)", r"\badmin (?:note|override|message)\b",
    r"\bwithout (?:any )?(?:restrictions|filters|rules|limits)\b",
    r"\b(?:reveal|print|show|repeat|output|tell me|dump|leak|muestra|muestrame|ensename|dime|revela|repite|zeig|zeige|zeigt|nenne|verrate|"
    r"montre|montrez|montre-moi|revele|repete|mostre|mostra|mostrami|revela|rivela|ripeti)\b[^.!?\n]{0,15}\b(?:your|the|tus|las|tu|deine|die|tes|vos|les|suas|as|tue|le) "
    r"(?:system |complete |full |completas |hidden )?(?:prompt|instructions|rules|instrucciones|anweisungen|vorgaben|consignes|instrucoes|istruzioni)\b",
    r"\ba partir de ahora,? (?:eres|el asistente)\b", r"\bnuevas instrucciones\b", r"\bneue anweisungen?\b", r"\bnouvelles? (?:instructions|consignes)\b",
    r"\bnovas instrucoes\b", r"\bnuove istruzioni\b", r"\bd'?ora in poi,? (?:sei|scrivi|devi)\b",
)

# Role-play wording: fans say "act as if", "you are now my idol" too, so these count only
# together with an instruction, a script word, an addressee or a link (screening.py).
ROLE_PLAY = _any(
    r"\bpretend (?:to be|you(?: are|'re)?|that you)\b", r"\b(?:you are|you're|youre) now (?:a|an|the|my)\b", r"\bact as (?:a|an|my|the)\b",
    r"\brole ?play\b", r"\blet'?s play a game\b", r"\bimagine you(?: are|'re) (?:a|an|the|my)\b",
    r"\bahora eres (?:el|la|un|una|mi)\b", r"\bfinge (?:que eres|ser)\b", r"\bhaz de cuenta que\b", r"\bdu bist (?:jetzt|ab sofort|nun) (?:ein|eine|der|die|mein)\b",
    r"\btu es (?:maintenant|desormais) (?:un|une|le|la|mon|ma|l')", r"\bfais comme si\b", r"\bvoce (?:agora )?e (?:agora )?(?:o|a|um|uma) ",
    r"\ba partir de agora,? (?:voce|vc|tu) (?:e|es)\b", r"\bfinja (?:que|ser)\b", r"\bora sei (?:il|la|un|una|il mio)\b", r"\bfai finta di\b",
    r"\bimmagina di essere\b",
)

# Markup that imitates the prompt's own structure.
MARKUP = _any(
    r"</?\s*(?:data|comment|system|instructions?|assistant|user|context)\b[^>]*>", r"<\|[a-z_]+\|>", r"\[/?(?:inst|system|sys)\]",
    r"#{2,}\s*(?:system|instruction|assistant)", r"\b(?:end|begin|start) of (?:data|comments?|instructions|context)\b",
)

# Who is addressed: the assistant, the AI, whoever writes the scripts.
ADDRESSEE = _any(
    r"\b(?:dear|hey|hi|attention|note to (?:the )?|to the|for the|calling all) (?:ai|a\.i\.|assistant|bot|chatbot|llm|gpt|model|algorithm|tool|system)s?\b",
    r"^\s*(?:ai|a\.i\.|assistant|chatbot|bot|llm|gpt|chatgpt|hookline|copilot)\s*[,:!-]",
    r"\b(?:chatgpt|gpt-?\d|llm|large language model|language model|ai model|ai assistant|ai writer|ai tool|hookline|copilot)\b",
    r"\bif you(?:'re| are) (?:an? )?(?:ai|bot|language model|llm|assistant|reading this|summari[sz]ing|generating|writing (?:the |a )?script)",
    r"\bif (?:an?|any|the|some) (?:ai|bot|model|assistant|llm|tool|algorithm|program) (?:is )?(?:reading|summari[sz]ing|processing|writing|generating|analy[sz]ing|looking)",
    r"\b(?:any|every|the|whatever) (?:ai|bot|tool|assistant|model|algorithm|system) (?:that is |that's |who is )?(?:reading|summari[sz]ing|processing|writing|generating)",
    r"\b(?:whoever|anyone who|the (?:person|one|people|team|tool|thing|system|software) (?:who|that)) (?:is )?(?:writes?|writing|generates?|generating|makes?|making|drafts?|drafting|prepares?|puts together|comes up with) (?:the|these|your|its|their|this)? ?(?:scripts?|captions?|copy|content|videos?|texts?|posts?)",
    r"\b(?:a )?quien(?:es)? (?:escriba|escribe|redacte|redacta|genere|genera|haga|hace|prepare) (?:los|el|las|la) (?:guion|guiones|textos?|copy|videos?|captions?)",
    r"\b(?:la|una|querida|estimada) ia\b", r"\basistente\b", r"\bsi eres (?:una )?(?:ia|bot|inteligencia artificial)\b",
    r"\bwer (?:auch immer )?(?:die|das|den) (?:skripte?|texte?|drehbuch|drehbucher|videos?|captions?) (?:schreibt|erstellt|macht)",
    r"\b(?:liebe|die|eine) ki\b", r"\bassistent(?:in)?\b", r"\bfalls du (?:eine )?(?:ki|bot)\b",
    r"\b(?:a )?(?:celui|celle|ceux) qui (?:ecri[tv]|redige|genere|fai[ts]|prepare)", r"\b(?:a )?la personne qui (?:ecrit|redige|genere)",
    r"\b(?:chere|cher|l'|une) ?ia\b", r"\bsi tu es (?:une )?(?:ia|bot|intelligence artificielle)\b",
    r"\bquem (?:escreve|escrever|faz|gera|prepara) (?:os|o|as|a) (?:roteiros?|scripts?|textos?|legendas?|videos?)",
    r"\b(?:querida|cara|a) ia\b", r"\bse voce (?:e|for) (?:uma )?(?:ia|bot)\b",
    r"\bchi (?:scrive|genera|prepara|fa) (?:i|gli|il|lo|le) (?:copioni|copione|script|testi|didascalie|video)",
    r"\b(?:cara|caro|l'|un'?) ?ia\b", r"\bse sei (?:un'?)? ?(?:ia|bot|intelligenza artificiale)\b",
    r"\bintelligen(?:ce|cia|za|z) artifici[ae]l+e?\b|\bkunstliche intelligenz\b",
)

# What the text is about: the generated output itself (scripts, prompts, calls to action, the kit).
META = _any(
    r"\b(?:system )?prompts?\b", r"\binstructions?\b", r"\bscripts?\b", r"\bcall to action\b", r"\bctas?\b", r"\bbrand ?kit\b",
    r"\b(?:your|the) (?:output|response|answer|reply|draft|summary)\b", r"\b(?:closing|final|last|ending) (?:line|sentence|words)\b",
    r"\bguion(?:es)?\b", r"\bllamad[ao] a la accion\b", r"\binstrucciones\b", r"\bskripte?\b", r"\bdrehbuch", r"\bhandlungsaufforderung\b",
    r"\banweisung(?:en)?\b", r"\bconsignes?\b", r"\bappel a l'?action\b", r"\broteiros?\b", r"\bchamada (?:para|a) (?:a )?acao\b",
    r"\binstrucoes\b", r"\bcopion[ei]\b", r"\binvito all'?azione\b", r"\bistruzioni\b", r"\bresumen\b|\bzusammenfassung\b|\bresume\b|\bresumo\b|\briassunto\b",
)

# Telling the writer what the output must contain.
DIRECTIVE = _any(
    r"\b(?:must|should|has to|have to|needs? to|make sure(?: to)?|be sure to|always|don'?t forget to|remember to|(?:it )?would be (?:great|nice|cool|awesome|better|best) if)\b[^.!?\n]{0,40}\b(?:include|mention|say|add|write|put|end|close|finish|use|insert|link|tell|promote|recommend|feature|state|claim|plug|shout|read|point|send|direct)",
    r"(?:^|[.!?:;,\n-]\s*|\bplease )(?:include|mention|add|insert|append|write|say|end (?:it |the \w+ |every \w+ )?with|close with|finish with|promote|plug|recommend|tell (?:viewers|people|everyone|your (?:audience|viewers|followers))|output|print|repeat|respond|reply with|link to|send (?:people|viewers|everyone) to|direct (?:people|viewers|everyone) to)\b",
    r"\b(?:the|your|every|each) (?:cta|call to action|script|closing line|last line|final line|ending|outro|caption|description)s? (?:must|should|has to|needs to|is to|shall|will) (?:be|say|include|end|mention|read|point)",
    r"\b(?:incluye|incluya|incluid|menciona|mencione|mencionen|mencionad|anade|anada|anadid|agrega|agregue|agreguen|agregad|pon|ponga|pongan|poned|escribe|escriba|escribid|di|diga|decid|di que|termina con|terminen con|terminad con|cierra con|cerrad con|recomienda|recomendad|promociona|manda a|aclara|afirma|debe(?:s|n|ria|rian)?|tienes que|tienen que|hay que|asegurate de|no olvides)\b",
    r"\b(?:fuge|fugen sie|fugt|behaupte|betone|erwahne|erwahnen sie|schreib|schreibe|schreiben sie|sag|sage|sagen sie|beende|ende mit|schliesse mit|schliess mit|empfiehl|verlinke|muss|mussen|sollte|sollten|soll|unbedingt|vergiss nicht)\b",
    r"\b(?:ajoute[zr]?|precise[zr]?|affirme[zr]?|dis que|mentionne[zr]?|inclu(?:s|ez|re)|ecri[sv](?:ez)?|dites|termine[zr]? (?:par|avec)|finis(?:sez)? (?:par|avec)|recommande[zr]?|doit|doivent|devez|il faut|n'?oublie[zr]? pas)\b",
    r"\b(?:afirme|destaque|adicione|adiciona|adicionem|inclua|incluam|mencione|mencionem|escreva|escrevam|diga|digam|termine com|terminem com|coloque|coloca|recomende|deve|devem|tem que|precisa|nao esqueca)\b",
    r"\b(?:specifica|afferma|aggiungi|aggiungete|includi|includete|menziona|menzionate|scrivi|scrivete|dite|termina con|terminate con|chiudi con|metti|mettete|consiglia|deve|devono|devi|bisogna|non dimenticare)\b",
    r"\b(?:seria|sarebbe|serait|es ware|waere) (?:genial|bueno|ideal|bom|otimo|legal|bello|top|fantastico|bien|super|toll|gut)\b",
)

# Dictating the output itself: "the CTA must be ...", "la llamada a la acción tiene que ser ...".
DICTATES = _any(
    r"\b(?:the|your|every|each) (?:cta|call to action|script|closing line|last line|final line|ending|outro|hook)s? "
    r"(?:from now on )?(?:must|should|has to|have to|needs to|is to|shall|will) (?:be|say|include|end|mention|read|point)",
    r"\b(?:la llamada a la accion|el (?:cta|guion|cierre|final)) (?:tiene que|debe|deberia) (?:ser|decir|incluir|terminar)",
    r"\b(?:der|die|das) (?:call to action|cta|skript|ende|schluss) (?:muss|soll|sollte) ",
    r"\b(?:l'appel a l'action|le (?:cta|script)|la (?:fin|conclusion)) (?:doit|devra) ",
    r"\b(?:a chamada (?:para|a) (?:a )?acao|o (?:cta|roteiro|final)) (?:deve|tem que|precisa) ",
    r"\b(?:l'invito all'azione|la (?:cta|chiusura)|il (?:copione|finale)) (?:deve|dovrebbe) ",
)

# Selling something: off-topic promotion markers (a link or code makes them count).
PROMOTION = _any(
    r"\b(?:buy|shop|order|visit|check out|go to|head to|grab|get yours?|claim (?:yours|it|now|your)|sign up|subscribe to my|follow|dm me|link in (?:my )?bio|use my link|giveaway|free gift|discount|deal|sale|% off|percent off|cheap(?:er|est)?|best price|official store|promo|coupon|affiliate|sponsored|before it'?s gone|limited (?:time|stock)|same quality|half (?:the )?price|replicas?|dupes?)\b",
    r"\b(?:compra|compren|comprar|visita|visiten|entra en|sigue|siganme|seguidme|seguid|mitad de precio|misma calidad|descuento|oferta|rebajas|barato|cupon|codigo|tienda oficial|enlace en (?:mi )?bio)\b",
    r"\b(?:kauf|kaufen|kauft|besuch|besucht|folge|rabatt|angebot|gunstig|gutschein|link in (?:der )?bio)\b",
    r"\b(?:achete[zr]?|visite[zr]?|suivez|reduction|promo|soldes|pas cher|moins cher|lien en bio)\b",
    r"\b(?:compre|comprem|visite|sigam|desconto|promocao|cupom|barato|link na bio)\b",
    r"\b(?:compra|comprate|visita|visitate|seguite|sconto|offerta|saldi|economico|codice|link in bio)\b",
)

# Claims a commenter must never get into a script: recalls, health and medical promises.
SAFETY_CLAIM = _any(
    r"\brecall(?:ed|s)?\b", r"\b(?:cures?|cured|heals?|treats?|prevents?|relieves?)\b[^.!?\n]{0,30}\b(?:disease|cancer|eczema|acne|anxiety|depression|pain|covid|diabetes|infections?|allerg\w*|illness|arthritis)",
    r"\bfda[- ]approved\b", r"\bclinically (?:proven|tested)\b", r"\bdoctors? (?:recommend|approved)", r"\bdermatologist[- ]approved\b",
    r"\bhypoallergenic\b", r"\bnon[- ]?toxic\b", r"\bsafe for (?:babies|kids|children|pregnan)", r"\bweight loss\b|\blose weight\b",
    r"\bdetox\b", r"\bboosts? (?:your )?immun", r"\banti[- ]?inflammatory\b", r"\bmedical[- ]grade\b", r"\bcarcinogen",
    r"\b(?:retirad[oa]s? del mercado|llamado a revision|cura|curan|previene|sin toxicos|hipoalergenic[oa]|aprobado por la fda|clinicamente probado)\b",
    r"\b(?:ruckruf|zuruckgerufen|heilt|klinisch (?:getestet|bewiesen)|hypoallergen|ungiftig)\b",
    r"\b(?:rappel(?:e|es)? (?:de produit|du produit)|guerit|cliniquement (?:prouve|teste)|hypoallergenique|non toxique)\b",
    r"\b(?:recolhid[oa]|recall|cura|clinicamente (?:comprovado|testado)|hipoalergenic[oa]|atoxic[oa])\b",
    r"\b(?:richiamat[oa]|ritirat[oa] dal mercato|guarisce|clinicamente (?:testato|provato)|ipoallergenic[oa]|atossic[oa])\b",
)
