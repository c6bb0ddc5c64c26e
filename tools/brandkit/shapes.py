"""Avoided words in the other shapes brands write them, in English and Spanish.

`avoid` reads the shapes of long web style guides; a brand's own voice note says the same
things more briefly. Read here, line by line:

- a label and a list on one line: "Don't: "eco-warrior", "guilt"", "Banned words: a, b, c",
  "Palabras prohibidas: a, b", "No usamos: "x", "y"";
- list items under a heading that says to avoid them ("Words we avoid", "Don't",
  "Palabras que evitamos"); an item is a term when it is quoted or only a few words long;
- "We are / We are not" tables (markdown, or two columns of text): the quoted examples in
  the "not" column ("vague: 'artisanal goodness'"); a bare trait there ("cloying") is a voice
  trait, not a word to avoid. "Use / Instead of" tables: every cell of the second column;
- sentences: "Say X, not Y", "Use X instead of Y", "Di X, no Y", "never X or Y",
  "Nunca digas X ni Y", "Avoid words like X and Y", "Evita palabras como X y Y".

Only quoted (or listed) words become terms: a sentence of prose is never cut into words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from tools.brandkit.avoid import is_instead, evidence
from tools.brandkit.guidance import TraitHint
from tools.brandkit.model import Evidence, Term
from tools.brandkit.sources import SourceDoc, html_to_markdown, strip_emphasis
from tools.brandkit.text import EMOJI, find_quote, split_sentences

# A quoted piece: straight, curly, angle (Spanish) or single quotes, or markdown emphasis.
# (Emphasis is not a quote here: long guides use it for the preferred word as often as for the avoided one.)
QUOTED = re.compile(
    r"\"([^\"\n]{1,60})\"|“([^”\n]{1,60})”|«([^»\n]{1,60})»|‘([^’\n]{1,60})’|(?<![\w'])'([^'\n]{1,40})'(?![\w'])"
)
_NEGATIVE_HEAD = re.compile(
    r"\b(avoid\w*|don[’']?t|do not|never|banned|forbidden|off[- ]limits|not to use|we are not|we're not|we’re not"
    r"|evit\w+|prohibid\w*|nunca|no usamos|no decimos|no somos|no escribimos|vetad\w+|jamás)\b", re.I
)
_NEGATIVE_LABEL = re.compile(
    r"^\s*(?:[-*•]\s*)?(?P<label>(?:banned|forbidden|blocked)\s+(?:words|phrases|terms)|words\s+(?:we|to)\s+(?:avoid|never use|don[’']?t use)"
    r"|phrases\s+(?:we|to)\s+avoid|avoid|don[’']?t(?:\s+(?:say|use|write))?|do\s+not\s+(?:say|use|write)|never\s+(?:say|use|write)"
    r"|palabras\s+(?:prohibidas|vetadas|que\s+evitamos|que\s+no\s+usamos|a\s+evitar)|evitamos|evita|no\s+usamos|no\s+decimos"
    r"|nunca\s+(?:digas|decimos|usamos|uses|escribas))\s*:\s*(?P<rest>.*)$",
    re.I,
)
_POSITIVE_HEAD = re.compile(r"^\s*(do|we are|somos|say this|words we (?:love|use)|use|sí|haz)\b", re.I)
# "never", "don't", "avoid" ... and the words that open what follows (a verb, "words like").
_CUE = re.compile(
    r"\b(?:never|don[’']?t|do\s+not|avoid|nunca|jamás|evita\w*|no\s+(?:digas|uses|escribas|decimos|usamos|llames))\b", re.I
)
_STOP = re.compile(r"[;]|\b(?:say|use|write|talk|instead|habla|di|usa|escribe|mejor|sino)\b|\.\s", re.I)
_SWAP = re.compile(r"^\s*,?\s*(?:not|no|y\s+no|instead\s+of|rather\s+than|en\s+lugar\s+de|en\s+vez\s+de)\s*$", re.I)
_LIST_INTRO = re.compile(
    r"\b(?:words|terms|phrases|palabras|t[ée]rminos|expresiones)\s+(?:like|such as|including|como|tipo)\s+(?P<list>[^.;:]+)", re.I
)
_FORMATTING = re.compile(r"\b(emoji\w*|emoticon\w*|hashtags?|exclamation|exclamaci\w+|caps|mayúsculas|capitals?)\b|#\w", re.I)
_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+(.*)$")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+(.*?)\s*#*\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")
_COLUMNS = re.compile(r"\t+|\s{3,}")
_NOT_COLUMN = re.compile(
    r"\b(we are not|we're not|we’re not|not|no somos|don[’']?t|avoid|evitar|evitamos|nunca|instead of|en lugar de|en vez de|no)\b", re.I
)
_SPLIT = re.compile(r"\s*,\s*(?:and\s+|or\s+|y\s+|o\s+)?|\s+(?:and|or|y|o|e|u|ni)\s+|\s*/\s*")
_FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n---\s*(?:\n|\Z)", re.S)
MAX_TERM_WORDS = 5


@dataclass
class Found:
    """A term read from a line, with the text that shows it (verbatim) and a preferred alternative."""

    term: str
    quote: str
    alternative: str | None = None


def quoted(text: str) -> list[tuple[int, int, str]]:
    """The quoted pieces of `text`: (start, end, inner text)."""
    return [(m.start(), m.end(), next(g for g in m.groups() if g is not None)) for m in QUOTED.finditer(text)]


def clean(raw: str) -> str | None:
    """A usable term: no surrounding quotes or punctuation, a few words, some letters, not formatting."""
    term = strip_emphasis(raw).strip().strip("“”\"'‘’«»*_ ").strip()
    term = re.sub(r"[.,;:!?¡¿)]+$", "", term).strip()
    if not term or len(term) < 2 or not re.search(r"[^\W\d_]", term) or len(term.split()) > MAX_TERM_WORDS:
        return None
    if term.startswith("#") or EMOJI.search(term) or _FORMATTING.search(term):
        return None
    return term


def _listed(rest: str) -> list[str]:
    """The terms of a one-line list: its quoted pieces, or else its comma-separated short entries."""
    pieces = [value for _s, _e, value in quoted(rest)]
    if not pieces:
        head = re.split(r"\s[—–-]\s|:\s|\(", rest)[0]
        pieces = [piece for piece in _SPLIT.split(head) if len(piece.split()) <= 3]
    return [term for piece in pieces if (term := clean(piece))]


_EXAMPLE_NOTE = re.compile(r"\s*\((?:as in|e\.g\.|eg|like|for example|como en|p\. ?ej\.|por ejemplo)\b[^)]*\)", re.I)


def _item_terms(item: str) -> list[str]:
    """An item of an avoid list: its quoted pieces, or the item itself when it is a few words
    ("extreme: nobody needs it" -> "extreme", "crush (as in "crush the trail")" -> "crush");
    a sentence about formatting is a limit, not a term."""
    item = re.sub(r"\s*\([^)]*\)", "", _EXAMPLE_NOTE.sub("", item))  # "(use _X_)" names the alternative
    pieces = [value for start, end, value in quoted(item) if not is_instead(item, start, end)]
    opening = item[: quoted(item)[0][0]] if pieces else ""
    if pieces and len(opening.split()) <= 4 and "," not in opening:  # ""luxury"", "say "aesthetic" or ..."
        return [term for piece in pieces if (term := clean(piece))]
    if _FORMATTING.search(item):
        return []
    head = re.split(r"\s[—–-]\s|:\s|\s\(", item)[0].strip()
    if len(head.split()) > 3:
        return []
    return [term for piece in _SPLIT.split(head) if (term := clean(piece))]


def _instead(text: str) -> str | None:
    """The wording a line says to use instead ('... Say "good" instead.'), if it names one."""
    return next((term for start, end, value in quoted(text) if is_instead(text, start, end) and (term := clean(value))), None)


def _with_alternative(found: list[Found], text: str) -> list[Found]:
    """Terms of a line whose other sentence names the alternative get it ("Never say X. Say Y instead.")."""
    alternative = _instead(text)
    if alternative is None:
        return found
    return [item if item.alternative or item.term.lower() == alternative.lower() else Found(item.term, item.quote, alternative)
            for item in found]


def sentence_terms(sentence: str) -> list[Found]:
    """Terms a sentence rules out: "Say X, not Y", "never X or Y", "avoid words like X and Y"."""
    found: list[Found] = []
    marks = quoted(sentence)
    used: set[int] = set()
    for index in range(len(marks) - 1):  # "X, not Y" / "X instead of Y" / "X, no Y"
        gap = sentence[marks[index][1] : marks[index + 1][0]]
        if _SWAP.match(gap) and re.search(r"instead|rather|lugar|vez", gap, re.I) and _CUE.search(sentence[: marks[index][0]]):
            continue  # "do not write "4" instead of "for"": the order is reversed; leave it to `avoid`
        if _SWAP.match(gap):
            preferred, avoided = marks[index][2], marks[index + 1][2]  # in both orders of words, Y is avoided
            if (term := clean(avoided)) is not None:
                found.append(Found(term, sentence, clean(preferred)))
            used.update({index, index + 1})
    # "Never say "X". Say "Y" instead.": Y is the wording to use, the alternative of what the sentence rules out
    instead = [i for i, (start, finish, _v) in enumerate(marks) if i not in used and is_instead(sentence, start, finish)]
    used.update(instead)
    alternative = clean(marks[instead[0]][2]) if instead else None
    for cue in _CUE.finditer(sentence):  # "never "X" or "Y"", "Nunca digas «X» ni «Y»"
        stop = _STOP.search(sentence, cue.end() + 1)
        end = stop.start() if stop else len(sentence)
        after = [i for i, (start, finish, _v) in enumerate(marks) if start >= cue.end() and finish <= end and i not in used]
        for i in after:
            if (term := clean(marks[i][2])) is not None:
                found.append(Found(term, sentence, alternative))
            used.add(i)
        if not after:  # "Avoid jargon like synergy, leverage and disrupt."
            intro = _LIST_INTRO.search(sentence[cue.end() : end])
            if intro:
                found += [Found(term, sentence) for term in _listed(intro.group("list"))]
    return found


def _table_terms(rows: list[list[str]], line_of: list[str]) -> Iterator[Found]:
    header = [strip_emphasis(cell).strip() for cell in rows[0]]
    negative = [i for i, cell in enumerate(header) if _NOT_COLUMN.search(cell) and not quoted(cell)]
    if not negative or len(header) < 2:
        return
    column = negative[-1]
    traits = re.search(r"\b(we are|somos|are)\b", header[column], re.I) is not None  # "We are not": cells are traits
    positive = next((i for i in range(len(header)) if i != column), None)
    for row, line in zip(rows[1:], line_of[1:], strict=True):
        if column >= len(row):
            continue
        cell = row[column]
        pieces = [value for _s, _e, value in quoted(cell)]
        if not pieces and not traits and len(cell.split()) <= 4:
            pieces = [cell]
        alternative = None
        if positive is not None and positive < len(row) and not traits:
            alternative = clean(next((v for _s, _e, v in quoted(row[positive])), row[positive]))
        for piece in pieces:
            if (term := clean(piece)) is not None:
                yield Found(term, cell if quoted(cell) else line, alternative)


def _lines(doc: SourceDoc) -> list[str]:
    source = html_to_markdown(doc.raw) if doc.kind == "html" else _FRONT_MATTER.sub("", doc.raw, count=1)
    return source.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def shaped_terms(doc: SourceDoc) -> list[Found]:
    """Every avoided term the shapes above give in one document, in reading order."""
    found: list[Found] = []
    polarity = ""  # "neg" under a heading that says to avoid what follows, "pos" under a "Do" heading
    lines = _lines(doc)
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        index += 1
        if not line:
            continue
        if line.startswith("|") and index < len(lines) and _TABLE_RULE.match(lines[index]):
            rows, raw_rows = [], []
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows.append(cells)
            raw_rows.append(line)
            index += 1
            while index < len(lines) and lines[index].strip().startswith("|"):
                raw = lines[index].strip()
                rows.append([c.strip() for c in raw.strip("|").split("|")])
                raw_rows.append(raw)
                index += 1
            found += _table_terms(rows, raw_rows)
            continue
        columns = _COLUMNS.split(line)
        if len(columns) == 2 and _NOT_COLUMN.search(columns[1]) and len(line.split()) <= 8:  # two columns of text
            rows, raw_rows = [columns], [line]
            while index < len(lines) and len(_COLUMNS.split(lines[index].strip())) == 2:
                rows.append(_COLUMNS.split(lines[index].strip()))
                raw_rows.append(lines[index].strip())
                index += 1
            found += _table_terms(rows, raw_rows)
            continue
        heading = _MD_HEADING.match(line)
        item = _ITEM.match(line)
        label = _NEGATIVE_LABEL.match(strip_emphasis(line)) if not heading else None
        if heading or (not item and len(line.split()) <= 5 and not re.search(r"[.!?]$", line) and not label):
            text = strip_emphasis(heading.group(1) if heading else line).rstrip(":")
            polarity = "neg" if _NEGATIVE_HEAD.search(text) else "pos" if _POSITIVE_HEAD.match(text) else ""
            continue
        if label:
            rest = label.group("rest").strip()
            if not rest:
                polarity = "neg"
                continue
            found += [Found(term, line) for term in _listed(rest)]
            found += [f for sentence in split_sentences(rest) for f in sentence_terms(sentence) if f.alternative]
            continue
        if item:
            body = item.group(1).strip()
            pieces = sentence_terms(body)
            if polarity == "neg" and not any(f.alternative for f in pieces):
                listed = {f.term.lower() for f in pieces}
                pieces += [Found(term, body) for term in _item_terms(body) if term.lower() not in listed]
            found += _with_alternative(pieces, body)
            continue
        polarity = polarity if line.endswith(":") else ""
        plain = strip_emphasis(line) if "**" in line else line
        found += _with_alternative([f for sentence in split_sentences(plain) for f in sentence_terms(sentence)], plain)
    return found


def shaped_avoided_terms(docs: Sequence[SourceDoc]) -> list[Term]:
    """The terms of every non-post document, each with a quote checked against the file's text."""
    terms: dict[str, Term] = {}
    for doc in docs:
        if doc.is_image or all(block.kind in ("post", "heading") for block in doc.blocks):
            continue  # the brand's posts: what it published, not what it says to avoid
        texts = [(doc.name, doc.text)]
        for item in shaped_terms(doc):
            key = item.term.lower()
            if key in terms:
                continue
            terms[key] = Term(
                term=item.term, kind="word" if len(item.term.split()) == 1 else "phrase", severity="error",
                alternative=item.alternative if item.alternative and item.alternative.lower() != key else None,
                evidence=[_proof(doc.name, item, texts)],
            )
    return list(terms.values())


def _proof(name: str, item: Found, texts: list[tuple[str, str]]) -> Evidence:
    """The line as evidence when it occurs in the file's text (it does unless markup got in the way), else the term."""
    line = strip_emphasis(_ITEM.sub(r"\1", item.quote)).strip(" |")
    match = find_quote(line, texts, min_chars=2, min_words=1) or find_quote(item.term, texts, min_chars=2, min_words=1)
    return evidence(name, match.text if match else item.term, around=item.term)


def table_traits(docs: Sequence[SourceDoc]) -> list[TraitHint]:
    """Voice traits from "We are / We are not" tables: the trait, and the guide's own example of missing it."""
    hints: list[TraitHint] = []
    for doc in docs:
        if doc.is_image:
            continue
        lines = [line.strip() for line in _lines(doc)]
        for index, line in enumerate(lines):
            cells = [c.strip() for c in line.strip("|").split("|")] if line.startswith("|") else _COLUMNS.split(line)
            if len(cells) != 2 or not re.search(r"\b(we are|somos)\b", cells[0], re.I) or not _NOT_COLUMN.search(cells[1]):
                continue
            for row in lines[index + 1 :]:
                if not row or (line.startswith("|") and not row.startswith("|")):
                    break
                if _TABLE_RULE.match(row):
                    continue
                pair = [c.strip() for c in row.strip("|").split("|")] if row.startswith("|") else _COLUMNS.split(row)
                if len(pair) != 2:
                    break
                name = clean(re.split(r"[:(]", pair[0])[0]) or ""
                if name and len(name.split()) <= 3:
                    quote = find_quote(pair[0], [(doc.name, doc.text)], min_chars=3, min_words=1)
                    # The card shows "Name: explanation": the cell's own "Name:" label is not repeated.
                    told = re.sub(rf"^\s*{re.escape(name)}\s*[:\-–—]?\s*", "", pair[0], flags=re.I).strip()
                    hints.append(TraitHint(
                        name=name[:1].upper() + name[1:], explanation=told, dont=pair[1],
                        evidence=evidence(doc.name, quote.text if quote else name),
                    ))
    return hints
