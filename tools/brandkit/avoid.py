"""Avoided words and claims, from the shapes style guides use for them.

From "Words to avoid" lists, "use _X_ instead of _Y_", "**X**, not Y", "Avoid _X_",
"We prefer _X_ to _Y_", "Never _X_", and a hype-claims list when a source asks to avoid
grandiose claims. `shapes` adds the other common shapes (Don't: lists, We are / We are
not tables, "Banned words: a, b", "Say X, not Y", Spanish phrasings). Also how a term is
found in a draft (`find_term`). Every item carries the file and a verbatim quote.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tools.brandkit.model import Evidence, Term
from tools.brandkit.sources import Block, SourceDoc, strip_emphasis
from tools.brandkit.text import normalize, shorten, split_sentences

if TYPE_CHECKING:
    from tools.brandkit.passages import Passage

QUOTE_CHARS = 160


def evidence(source: str, text: str, around: str | None = None) -> Evidence:
    return Evidence(source=source, quote=shorten(text, QUOTE_CHARS, around=around))



def term_pattern(term: Term) -> re.Pattern[str]:
    """A pattern for an avoided term: whole words, spaces and hyphens interchangeable, simple inflections of single words
    (and of a compound's last word: "game-changer" also finds "game-changing")."""
    text = term.term.strip()
    parts = [part for part in re.split(r"[\s\-‐–]+", text) if part]
    if len(parts) == 1 and text.isalpha() and len(text) >= 3 and not term.case_sensitive:
        stem = re.escape(text)
        forms = [stem + r"(?:s|es|d|ed|ing|er|ers)?"]
        if text.endswith("e"):
            forms.append(re.escape(text[:-1]) + r"(?:ing|ed|er|ers)")
        if text.endswith("y"):
            forms.append(re.escape(text[:-1]) + r"(?:ies|ied)")
        body = "(?:" + "|".join(forms) + ")"
    else:
        pieces = [re.escape(part) for part in parts]
        last = parts[-1]
        if len(parts) > 1 and last.isalpha() and len(last) >= 5 and not term.case_sensitive and last.endswith("er"):
            pieces[-1] = "(?:" + re.escape(last) + "s?|" + re.escape(last[:-2]) + "(?:ing|ed|es))"  # game-changer/-changing
        body = r"[\s\-‐–]+".join(pieces)
    return re.compile(r"(?<![\w])" + body + r"(?![\w])", 0 if term.case_sensitive else re.IGNORECASE)


def find_term(term: Term, text: str) -> list[str]:
    """Occurrences of an avoided term in `text` (not those inside its preferred alternative)."""
    shielded: list[tuple[int, int]] = []
    if term.alternative and term.term.lower() in term.alternative.lower():
        shielded = [(m.start(), m.end()) for m in re.finditer(re.escape(term.alternative), text, re.IGNORECASE)]
    hits = []
    for match in term_pattern(term).finditer(text):
        if any(start <= match.start() < end for start, end in shielded):
            continue
        hits.append(match.group(0))
    return hits


def on_brand(found: Sequence[Passage], avoid: Sequence[Term]) -> list[Passage]:
    """Passages that pass the brand's own word list: a guide's sentence that quotes a word it bans
    ("avoid saying 'click here'") is about the voice, not an example of it."""
    banned = [term for term in avoid if term.severity == "error"]
    return [passage for passage in found if not any(find_term(term, passage.text) for term in banned)]


# ---------------------------------------------------------------- avoided words and claims

_AVOID_HEADING = re.compile(
    r"\b(avoid|don[’']?t use|do not use|never use|never say|banned|forbidden|off-limits|not to use)\b", re.I
)
_CAUTION = re.compile(r"\buse\s+(?:\w+\s+)?(?:carefully|sparingly|with care|with caution)\b|\bbe careful with\b", re.I)
_TRADEMARK_HEADING = re.compile(r"\btrademark", re.I)
_AVOID_CUE = re.compile(
    r"\b(avoid|don[’']?t\s+(?:use|say|write)|do\s+not\s+(?:use|say|write)|never\s+(?:use|say|write))\b", re.I
)
_NEGATIVE_CUE = re.compile(r"\b(avoid|don[’']?t|do\s+not|never)\b", re.I)
_REGION_END = re.compile(r"\b(use|instead|prefer|rather|substitute|for example|such as|unless|except)\b", re.I)
_CONDITIONAL = re.compile(r"^\s*(unless|except|when|if|only|as an?|in)\b", re.I)
_QUALIFIED = re.compile(r"\b(unless|except|when|as an?\s+\w+\s+(?:term|way)|as a way|generic)\b", re.I)
_MARK = re.compile(
    r"\*\*(?P<b>[^*]+?)\*\*|(?<![\w*])\*(?P<s>[^*\s][^*]*?)\*(?![\w*])|(?<!\w)_(?P<u>[^_\s][^_]*?)_(?!\w)"
    r"|“(?P<q>[^”]+?)”|\"(?P<d>[^\"]+?)\""
)
_SWAP = re.compile(r"\s+(?:instead\s+of|rather\s+than)\s+", re.I)
_SEPARATOR = re.compile(r"^\s*(?:,\s*)?(?:(?:and|or)\s+)?$", re.I)
_DROP_PIECE = re.compile(r"^(other|any|all|similar|words?|terms?|the word|variations?)\b", re.I)

# Used only when a source asks to avoid grandiose claims, hype or over-promising.
HYPE_CLAIMS = (
    "best in the world",
    "world-class",
    "best-in-class",
    "guaranteed",
    "revolutionary",
    "game-changer",
    "game-changing",
    "life-changing",
    "unbeatable",
    "number one",
    "#1",
    "never been easier",
    "overnight success",
    "miracle",
    "100% free",
)
_CLAIM_CUE = re.compile(r"\b(grandiose|hyperbol\w*|over-?promis\w*|exaggerat\w*|superlatives?|hype)\b", re.I)


AddTerm = Callable[..., None]


@dataclass
class _TermDraft:
    term: str
    kind: str
    severity: str
    alternative: str | None
    note: str | None
    case_sensitive: bool
    evidence: list[Evidence]


_RULE_SENTENCE = re.compile(
    r"^\W*(?:never|avoid|don[’']?t|do not|no|stop|say|use|write|nunca|evita\w*|no\s+(?:digas|uses|escribas)|di|usa)\b.*"
    r"[\"“'«].+[\"”'»]", re.IGNORECASE | re.DOTALL,
)


def _marks(text: str) -> list[tuple[int, int, str]]:
    found = []
    for match in _MARK.finditer(text):
        value = next(group for group in match.groups() if group is not None)
        found.append((match.start(), match.end(), value))
    return found


def clean_term(raw: str) -> str | None:
    """A usable avoided term, or None (too short, a number, an explanation rather than a word)."""
    term = strip_emphasis(raw).strip().strip("“”\"'‘’*_ ")
    if term.count(".") < 2:
        term = term.rstrip(".!?,;:")
    term = term.strip()
    if not term or not re.search(r"[^\W\d_]", term) or len(term) < 2:
        return None
    if len(term.split()) > 5 or _DROP_PIECE.match(term):
        return None
    return term


def _split_item(plain: str) -> tuple[list[str], str | None]:
    """'ninja, rockstar (unless ...)' -> (['ninja', 'rockstar'], 'unless ...')."""
    note = None
    paren = re.search(r"\(([^)]*)\)", plain)
    head = plain
    if paren:
        note = paren.group(1).strip()
        head = plain[: paren.start()] + plain[paren.end() :]
    head = re.split(r"\s[—–-]\s|:\s", head)[0].strip().rstrip(".")
    head = re.split(
        r",?\s+(?:and|or)\s+(?:any|all)?\s*(?:other|similar)\b|,?\s+or\s+similar\b|,\s*(?:other|similar)\b", head
    )[0]
    if " like " in head:
        head = head.split(" like ", 1)[1]
    pieces = re.split(r",\s*(?:or\s+|and\s+)?|\s+or\s+|(?<=\w)/(?=\w)", head)
    return [piece for raw in pieces if (piece := clean_term(raw))], note


def _alternative_from(note_marked: str | None) -> str | None:
    if not note_marked:
        return None
    match = re.search(r"\b(?:use|say|try|write)\s+(?:_([^_]+)_|\*([^*]+)\*|“([^”]+)”|\"([^\"]+)\"|'([^']+)')", note_marked)
    if not match:
        return None
    return next(group for group in match.groups() if group is not None).strip()


def _list_runs(doc: SourceDoc) -> list[tuple[list[Block], Block | None]]:
    """Consecutive list items, with the block right after the list."""
    runs: list[tuple[list[Block], Block | None]] = []
    current: list[Block] = []
    for block in doc.blocks:
        if block.kind == "item" and (not current or (block.heading == current[-1].heading and block.intro == current[-1].intro)):
            current.append(block)
            continue
        if current:
            runs.append((current, block))
            current = []
        if block.kind == "item":
            current = [block]
    if current:
        runs.append((current, None))
    return runs


def _avoid_list_items(doc: SourceDoc) -> list[tuple[Block, str]]:
    """Items of lists of words to avoid ('error') or to use carefully ('warning')."""
    items: list[tuple[Block, str]] = []
    for run, after in _list_runs(doc):
        first = run[0]
        trailer = after.text if after is not None and after.kind == "paragraph" else ""
        if _CAUTION.search(first.heading):
            severity = "warning"
        elif _AVOID_HEADING.search(first.heading) or _AVOID_HEADING.search(first.intro.split(":")[-1] if first.intro.endswith(":") else ""):
            severity = "error"
        elif re.search(r"\bavoid (?:these|them|this)\b", trailer, re.I) or re.search(r"\b(avoid|don[’']?t use)\b.*:$", first.intro, re.I):
            severity = "error"
        elif _TRADEMARK_HEADING.search(first.heading):
            severity = "trademark"
        else:
            continue
        items.extend((block, severity) for block in run)
    return items


def avoided_terms(docs: Sequence[SourceDoc]) -> list[Term]:
    """Words, phrases and claims the sources say to avoid, each with its quote."""
    drafts: dict[str, _TermDraft] = {}

    def add(term: str, doc: SourceDoc, block: Block, *, severity: str, alternative: str | None = None,
            note: str | None = None, case_sensitive: bool = False, kind: str | None = None) -> None:
        key = term if case_sensitive else term.lower()
        if alternative and normalize(alternative) == normalize(term) and not case_sensitive:
            return
        proof = evidence(doc.name, block.text, around=term)
        if key in drafts:
            draft = drafts[key]
            if len(draft.evidence) < 2 and proof not in draft.evidence:
                draft.evidence.append(proof)
            return
        drafts[key] = _TermDraft(
            term=term,
            kind=kind or ("word" if len(term.split()) == 1 else "phrase"),
            severity=severity,
            alternative=alternative,
            note=note,
            case_sensitive=case_sensitive,
            evidence=[proof],
        )

    for doc in docs:
        # A bullet that is itself a rule sentence ('- Avoid "synergy" and "game-changer".') is read as one,
        # by the sentence rules below, not as a bare list of words.
        listed = [(block, severity) for block, severity in _avoid_list_items(doc) if not _RULE_SENTENCE.match(block.text)]
        listed_ids = {id(block) for block, _ in listed}
        for block, list_severity in listed:
            terms, note = _split_item(block.text)
            note_marked = None
            paren = re.search(r"\(([^)]*)\)", block.marked)
            if paren:
                note_marked = paren.group(1)
            alternative = _alternative_from(note_marked)
            if list_severity == "trademark":
                if note:
                    alternative = clean_term(re.split(r",", note)[0])
                for term in terms:
                    add(term, doc, block, severity="warning", alternative=alternative, case_sensitive=True,
                        note="a trademark: use a generic word unless you mean the product")
                continue
            severity = list_severity
            if note and (_CONDITIONAL.match(note) or _CAUTION.search(note)):
                severity = "warning"
            for term in terms:
                add(term, doc, block, severity=severity, alternative=alternative, note=note)
        for block in doc.blocks:
            if block.kind in ("heading", "post") or id(block) in listed_ids:
                continue
            if block.kind == "item":
                plain_terms, note = _split_item(block.text)
                if note and _CAUTION.search(note) and len(plain_terms) == 1:
                    add(plain_terms[0], doc, block, severity="warning", note=note)
            instead = instead_alternative(block.marked)
            for sentence in split_sentences(block.marked):
                _sentence_terms(sentence, doc, block, add, instead)
    for doc in docs:
        if _claims(doc, add):
            break
    return [
        Term(
            term=d.term, kind=d.kind, severity=d.severity, alternative=d.alternative,  # type: ignore[arg-type]
            note=d.note, case_sensitive=d.case_sensitive, evidence=d.evidence,
        )
        for d in drafts.values()
    ]


def _joined(sentence: str, marks: list[tuple[int, int, str]], first: int) -> list[int]:
    """`first` and the marks joined to it by a comma, 'and' or 'or' ("_husband_ and _wife_"),
    stopping before a mark that starts a new "A instead of B" pair."""
    joined = [first]
    while joined[-1] + 1 < len(marks):
        following = joined[-1] + 1
        if not _SEPARATOR.match(sentence[marks[joined[-1]][1] : marks[following][0]]):
            break
        if following + 1 < len(marks) and _SWAP.fullmatch(sentence[marks[following][1] : marks[following + 1][0]]):
            break
        joined.append(following)
    return joined


_INSTEAD_BEFORE = re.compile(r"\b(?:say|use|write|try|di|usa|escribe|sag|schreib)\s*[\"“'«_*]?$", re.IGNORECASE)
_INSTEAD_AFTER = re.compile(r"[\"”'»_*]?\s*(?:instead|en su lugar|stattdessen)\b", re.IGNORECASE)


def is_instead(text: str, start: int, end: int) -> bool:
    """The mark at start:end is the wording to use ("Say _Y_ instead"), not one to avoid."""
    return bool(_INSTEAD_AFTER.match(text[end:]) and _INSTEAD_BEFORE.search(text[:start]))


def instead_alternative(text: str) -> str | None:
    """'Never say "amazing". Say "good" instead.' -> "good": the block's stated alternative."""
    return next((term for start, end, value in _marks(text) if is_instead(text, start, end) and (term := clean_term(value))), None)


def _sentence_terms(sentence: str, doc: SourceDoc, block: Block, add: AddTerm, instead: str | None = None) -> None:
    marks = _marks(sentence)
    used: set[int] = set()
    # "use _A_ instead of _B_ (and _C_)", "say _A_ rather than _B_"
    for index, (start, end, value) in enumerate(marks):
        if index + 1 >= len(marks) or not _SWAP.fullmatch(sentence[end : marks[index + 1][0]]):
            continue
        targets = _joined(sentence, marks, index + 1)
        before = sentence[:start]
        cue = None
        for cue in _NEGATIVE_CUE.finditer(before):
            pass
        after_cue = re.sub(r"^\s*(?:use|say|write)\b", "", before[cue.end() :], flags=re.I) if cue else ""
        reversed_meaning = cue is not None and not re.search(r"\buse\b", after_cue, re.I)
        if reversed_meaning:  # "do not use numbers in place of words, like "4" instead of "for""
            term = clean_term(value)
            if term:
                add(term, doc, block, severity="error", alternative=clean_term(marks[targets[0]][2]))
        else:
            for target in targets:
                term = clean_term(marks[target][2])
                if term:
                    add(term, doc, block, severity="error", alternative=clean_term(value))
        used.update([index, *targets])
    # "**A**, not B or C" / "_A_, not _B_"
    for index, (start, end, value) in enumerate(marks):
        rest = sentence[end:]
        match = re.match(r",?\s+not\s+", rest)
        if not match:
            continue
        used.add(index)
        after = end + match.end()
        following = [m for m in marks if m[0] == after]
        if following:
            targets = _joined(sentence, marks, marks.index(following[0]))
            raw_terms = [marks[t][2] for t in targets]
            used.update(targets)
        else:
            clause = re.split(r"(?<=[^.A-Z])[.;)](?:\s|$)|;|\)|\s[—–]\s", sentence[after:])[0]
            raw_terms = re.split(r",\s*|\s+or\s+", clause)
        for raw in raw_terms:
            term = clean_term(raw)
            if term and len(term.split()) <= 4:
                add(term, doc, block, severity="error", alternative=clean_term(value),
                    case_sensitive=any(ch.isupper() for ch in term))
    # "We prefer _A_ (or _B_) to _C_"
    prefer = re.search(r"\bprefer\b", sentence, re.I)
    if prefer:
        after_prefer = [m for m in marks if m[0] > prefer.end()]
        for index in range(1, len(after_prefer)):
            gap = sentence[after_prefer[index - 1][1] : after_prefer[index][0]]
            if re.fullmatch(r"\s+to\s+", gap):
                term = clean_term(after_prefer[index][2])
                if term:
                    add(term, doc, block, severity="error", alternative=clean_term(after_prefer[0][2]))
                used.add(marks.index(after_prefer[index]))
    # "Never _X_."
    for index, (start, _end, value) in enumerate(marks):
        if index not in used and re.search(r"\bnever\s*$", sentence[:start], re.I):
            term = clean_term(value)
            if term:
                add(term, doc, block, severity="error")
            used.add(index)
    used.update(index for index, (start, end, _value) in enumerate(marks) if is_instead(sentence, start, end))
    # "Avoid _X_, _Y_ or _Z_", "Don't say things like "Click here!"", "Be careful with _X_"
    for cue_pattern, severity in ((_AVOID_CUE, "error"), (re.compile(r"\bbe careful with\b", re.I), "warning")):
        cue = cue_pattern.search(sentence)
        if not cue:
            continue
        region_end = _REGION_END.search(sentence, cue.end())
        stop = region_end.start() if region_end else len(sentence)
        qualified = bool(_QUALIFIED.search(sentence[cue.end() :]))
        for index, (start, end, value) in enumerate(marks):
            if index in used or start < cue.end() or end > stop:
                continue
            term = clean_term(value)
            if term:
                add(term, doc, block, severity="warning" if qualified else severity, alternative=instead)


def _claims(doc: SourceDoc, add: AddTerm) -> bool:
    for block in doc.blocks:
        if block.kind == "heading":
            continue
        for sentence in split_sentences(block.text):
            if _NEGATIVE_CUE.search(sentence) and _CLAIM_CUE.search(sentence):
                for claim in HYPE_CLAIMS:
                    add(
                        claim, doc, Block(block.kind, sentence, sentence), severity="error", kind="claim",
                        note="a common hype claim; the source asks to avoid claims like it",
                    )
                return True
    return False
