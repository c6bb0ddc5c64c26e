"""Deterministic extraction: everything about a brand that rules and counting can get right.

- passages: the examples of the brand's own writing (posts, paragraphs, exemplars).
- avoided words and claims: from "Words to avoid" lists, "use _X_ instead of _Y_",
  "**X**, not Y", "Avoid _X_", "We prefer _X_ to _Y_", "Never _X_", and a hype-claims list
  when a source asks to avoid grandiose claims.
- stated habits (emoji, hashtags, exclamation marks, a sentence-length limit), rules a
  source states ("Never ask for retweets."), voice-trait names a source lists,
  call-to-action guidance, hooks, recurring phrases, and measured formatting.

Every item carries evidence: the file and a verbatim quote of its extracted text.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from tools.brandkit.model import (
    Casing,
    Claim,
    Evidence,
    Formatting,
    Habit,
    Measure,
    Phrase,
    Requirement,
    Rule,
    Term,
)
from tools.brandkit.sources import Block, SourceDoc, strip_emphasis
from tools.brandkit.text import (
    URL,
    content_hash,
    count_emoji,
    find_quote,
    first_sentence,
    hashtags,
    normalize,
    percentile,
    reading_grade,
    shorten,
    split_sentences,
    words,
)

QUOTE_CHARS = 160
MAX_PASSAGE_WORDS = 70


@dataclass
class Passage:
    """One example of the brand's writing."""

    text: str
    source: str
    kind: str  # post | passage | exemplar
    metrics: dict[str, float] = field(default_factory=dict)
    heading: str = ""

    @property
    def key(self) -> str:
        return content_hash(self.text)

    @property
    def engagement(self) -> float:
        """A single number to rank posts by: likes (or views, or any metric) when present."""
        for wanted in ("like", "view", "play", "comment", "share"):
            for name, value in self.metrics.items():
                if wanted in name.lower():
                    return value
        return max(self.metrics.values(), default=0.0)


def evidence(source: str, text: str, around: str | None = None) -> Evidence:
    return Evidence(source=source, quote=shorten(text, QUOTE_CHARS, around=around))


# ---------------------------------------------------------------- passages

_COUNTER_INTRO = re.compile(r"(instead of|rather than|don[’']?t|do not|avoid|never|wrong|bad|before)\s*:?\s*$", re.I)
_YES = re.compile(r"^\s*(?:yes|do)\s*:\s*[“\"]?(.*?)[”\"]?\s*$", re.I)
_NO = re.compile(r"^\s*(?:no|don[’']?t)\s*:", re.I)
_REFERENCE_HEADING = re.compile(r"\b(further reading|additional resources|resources|related|see also|references|credits|style guides)\b", re.I)


def _split_long(text: str, max_words: int = MAX_PASSAGE_WORDS) -> list[str]:
    if len(words(text)) <= max_words:
        return [text]
    pieces: list[str] = []
    current: list[str] = []
    for sentence in split_sentences(text):
        if current and len(words(" ".join([*current, sentence]))) > max_words * 0.8:
            pieces.append(" ".join(current))
            current = []
        current.append(sentence)
    if current:
        pieces.append(" ".join(current))
    return pieces


def passages(docs: Iterable[SourceDoc]) -> list[Passage]:
    """The brand's examples: posts, prose paragraphs and list sentences, and quoted exemplars.

    Left out: headings, short list entries (word lists), items of "avoid" lists, and
    counter-examples ("No:", a quote after "Instead of:"). Duplicates are kept once.
    """
    found: list[Passage] = []
    seen: set[str] = set()

    def add(text: str, doc: SourceDoc, kind: str, block: Block) -> None:
        for piece in _split_long(text.strip()):
            key = content_hash(piece)
            if not key or key in seen or not normalize(piece):
                continue
            seen.add(key)
            found.append(Passage(piece, doc.name, kind, dict(block.metrics), block.heading))

    for doc in docs:
        avoid_items = {id(block) for block, _severity in _avoid_list_items(doc)}
        for block in doc.blocks:
            if _REFERENCE_HEADING.search(block.heading):
                continue
            count = len(words(block.text))
            if block.kind == "post" and count >= 1:
                add(block.text, doc, "post", block)
            elif block.kind == "quote":
                if not _COUNTER_INTRO.search(block.intro) and count >= 4:
                    add(block.text, doc, "exemplar", block)
            elif block.kind == "item" and id(block) not in avoid_items:
                yes = _YES.match(block.text)
                if yes and len(words(yes.group(1))) >= 4:
                    add(yes.group(1), doc, "exemplar", block)
                elif not _NO.match(block.text) and count >= 8:
                    add(block.text, doc, "passage", block)
            elif block.kind == "paragraph" and count >= 6 and not (block.text.rstrip().endswith(":") and count < 15):
                add(block.text, doc, "passage", block)
    return found


def term_pattern(term: Term) -> re.Pattern[str]:
    """A pattern for an avoided term: whole words, spaces and hyphens interchangeable, simple inflections of single words."""
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
        body = r"[\s\-‐–]+".join(re.escape(part) for part in parts)
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
    match = re.search(r"\b(?:use|say|try|write)\s+(?:_([^_]+)_|\*([^*]+)\*|“([^”]+)”)", note_marked)
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
        listed = _avoid_list_items(doc)
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
            for sentence in split_sentences(block.marked):
                _sentence_terms(sentence, doc, block, add)
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


def _sentence_terms(sentence: str, doc: SourceDoc, block: Block, add: AddTerm) -> None:
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
        if re.search(r"\bnever\s*$", sentence[:start], re.I):
            term = clean_term(value)
            if term:
                add(term, doc, block, severity="error")
            used.add(index)
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
                add(term, doc, block, severity="warning" if qualified else severity)


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


# ---------------------------------------------------------------- stated habits and limits

_HABITS = {
    "emoji": re.compile(r"\bemojis?\b|\bemoticons?\b", re.I),
    "hashtags": re.compile(r"\bhashtags?\b", re.I),
    "exclamations": re.compile(r"\bexclamation\s+(?:points?|marks?)\b", re.I),
}
_SPARINGLY = re.compile(r"\b(rarely|sparingly|deliberately|occasional\w*|excessive|at most|one or two|limit\w*|a few)\b", re.I)
_NEVER = re.compile(r"\b(never|don[’']?t|do not|avoid|no)\b", re.I)
_ALLOWED = re.compile(r"\b(feel free|fine to|you can|throw in|use|add|include)\b", re.I)
_SENTENCE_LIMIT = re.compile(
    r"(\d{1,2})\s+words\s+or\s+(?:fewer|less)|(?:no|not)\s+more\s+than\s+(\d{1,2})\s+words"
    r"|under\s+(\d{1,2})\s+words|more\s+than\s+(\d{1,2})\s+words",
    re.I,
)


@dataclass
class Stated:
    policy: str
    evidence: list[Evidence]


def stated_habits(docs: Sequence[SourceDoc]) -> dict[str, Stated]:
    """Policies the sources state about emoji, hashtags and exclamation marks."""
    found: dict[str, list[tuple[str, Evidence]]] = defaultdict(list)
    for doc in docs:
        for block in doc.blocks:
            if block.kind in ("heading", "post"):
                continue
            for sentence in split_sentences(block.text):
                for habit, pattern in _HABITS.items():
                    if not pattern.search(sentence):
                        continue
                    if _SPARINGLY.search(sentence):
                        policy = "sparingly"
                    elif _NEVER.search(sentence):
                        policy = "avoid"
                    elif _ALLOWED.search(sentence):
                        policy = "allowed"
                    else:
                        continue
                    found[habit].append((policy, evidence(doc.name, sentence, around=pattern.pattern)))
    result: dict[str, Stated] = {}
    for habit, entries in found.items():
        policies = {policy for policy, _ in entries}
        policy = "sparingly" if "sparingly" in policies else "avoid" if "avoid" in policies else "allowed"
        ordered = [proof for p, proof in entries if p == policy] + [proof for p, proof in entries if p != policy]
        result[habit] = Stated(policy, ordered[:3])
    return result


def stated_sentence_limit(docs: Sequence[SourceDoc]) -> tuple[int, Evidence] | None:
    """A sentence-length limit a source states ('Craft sentences at 25 words or fewer')."""
    best: tuple[int, Evidence] | None = None
    for doc in docs:
        for block in doc.blocks:
            for sentence in split_sentences(block.text):
                if not re.search(r"\bsentences?\b", sentence, re.I):
                    continue
                match = _SENTENCE_LIMIT.search(sentence)
                if match:
                    limit = int(next(group for group in match.groups() if group))
                    if 8 <= limit <= 60 and (best is None or limit > best[0]):
                        best = (limit, evidence(doc.name, sentence))
    return best


# ---------------------------------------------------------------- rules, traits, CTAs, hooks, phrases

_RULE_START = re.compile(r"^(never|always|don[’']?t|do not|avoid|make sure)\b", re.I)


def source_rules(docs: Sequence[SourceDoc], limit: int = 12) -> list[Rule]:
    """Rules the sources state in so many words ('Never ask for retweets, likes, or favorites.')."""
    candidates: list[tuple[int, int, Rule]] = []
    seen: set[str] = set()
    order = 0
    for doc in docs:
        listed = {id(block) for block, _ in _avoid_list_items(doc)}
        for block in doc.blocks:
            if block.kind in ("heading", "post") or id(block) in listed:
                continue
            for sentence in split_sentences(block.text):
                sentence = sentence.strip()
                match = _RULE_START.match(sentence)
                count = len(words(sentence))
                if not match or not 3 <= count <= 30 or normalize(sentence) in seen:
                    continue
                seen.add(normalize(sentence))
                strength = 0 if match.group(1).lower() in ("never", "always", "do not", "don't", "don’t") else 1
                order += 1
                candidates.append(
                    (strength, order, Rule(
                        text=shorten(sentence, 300), origin="source", provenance=f"quoted from {doc.name}",
                        evidence=[evidence(doc.name, sentence)],
                    ))
                )
    candidates.sort(key=lambda item: (item[0], item[1]))
    return [rule for _strength, _order, rule in candidates[:limit]]


@dataclass
class TraitHint:
    name: str
    explanation: str
    evidence: Evidence


_TRAIT_INTRO = re.compile(r"\b(voice|tone|content|writing|copy)\b.*\b(is|are|be|to be)\s*:\s*$", re.I)


def trait_hints(docs: Sequence[SourceDoc], limit: int = 10) -> list[TraitHint]:
    """Voice traits a source names in a list ('Mailchimp's voice is: Human, Familiar, ...')."""
    hints: list[tuple[int, TraitHint]] = []
    seen: set[str] = set()
    for doc in docs:
        for run, _after in _list_runs(doc):
            first = run[0]
            about_voice = re.search(r"\bvoice\b", first.heading + " " + first.intro, re.I)
            if not (_TRAIT_INTRO.search(first.intro) or (about_voice and first.intro.rstrip().endswith(":"))):
                continue
            rank = 0 if about_voice else 1
            for block in run:
                bold = re.match(r"^\*\*(.+?)\*\*\s*(.*)$", block.marked)
                if bold:
                    name, explanation = bold.group(1).strip().rstrip("."), strip_emphasis(bold.group(2)).strip()
                elif len(words(block.text)) <= 5:
                    name, explanation = block.text.strip().rstrip("."), ""
                else:
                    continue
                name = re.sub(r"^(we are|we're|we’re|it's|it’s)\s+", "", name, flags=re.I)
                our = re.match(r"^our\s+(\w+)\s+is\s+(.+)$", name, re.I)
                if our:
                    name = f"{our.group(2)} {our.group(1)}"
                name = name[:1].upper() + name[1:]
                if not name or len(words(name)) > 5 or name.lower() in seen:
                    continue
                seen.add(name.lower())
                hints.append((rank, TraitHint(name, explanation, evidence(doc.name, block.text))))
    hints.sort(key=lambda item: item[0])
    return [hint for _rank, hint in hints[:limit]]


_CTA_VERBS = (
    "shop", "buy", "get", "grab", "order", "sign up", "join", "subscribe", "follow", "download", "try", "start",
    "book", "register", "learn more", "read", "watch", "listen", "tap", "click", "visit", "discover", "explore",
    "check out", "comment", "share", "save", "tag", "dm", "message us", "contact", "call", "claim", "reserve",
    "apply", "link in bio", "head to", "swipe up", "see", "find out", "reply", "let us know", "tell us",
)
CTA_START = re.compile(r"^[\W_]*(" + "|".join(re.escape(verb) for verb in _CTA_VERBS) + r")\b", re.I)
CTA_ANYWHERE = re.compile(r"\blink in (?:bio|the description)\b|\bsign up\b|\bsubscribe\b|\bregister\b", re.I)
_CTA_REQUIRED = re.compile(
    r"\b(close|end|finish|include|always)\b[^.]{0,60}\bcall[- ]to[- ]action\b|\bcall[- ]to[- ]action\b[^.]{0,40}\b(required|always|every)\b",
    re.I,
)
_CTA_GUIDANCE = re.compile(r"\bcall[- ]to[- ]action\b|\bnext step\b", re.I)


def has_cta(text: str) -> bool:
    """True when the text ends with (or contains) a call to action: an imperative from a CTA list, a link."""
    sentences = split_sentences(text)
    tail = sentences[-2:] if sentences else []
    if any(CTA_START.match(sentence) for sentence in tail):
        return True
    return bool(URL.search(text) or CTA_ANYWHERE.search(text))


_EMAIL_SCOPE = re.compile(r"\b(e-?mails?|newsletters?|campaigns?)\b", re.I)


def cta_required(docs: Sequence[SourceDoc], posts: Sequence[Passage]) -> Requirement | None:
    """A call to action is required when a source says so, or when most of the brand's posts close with one.

    A source's rule about email ("close each campaign with a call to action", in a
    newsletter chapter) applies to email; any other applies to everything.
    """
    for doc in docs:
        for block in doc.blocks:
            for sentence in split_sentences(block.text):
                if _CTA_REQUIRED.search(sentence):
                    scoped = _EMAIL_SCOPE.search(" ".join([sentence, block.heading, doc.name]))
                    return Requirement(
                        text="Close with a clear call to action",
                        applies_to="email campaigns" if scoped else "everything",
                        evidence=[evidence(doc.name, sentence)],
                    )
    if len(posts) >= 5:
        with_cta = [post for post in posts if has_cta(post.text)]
        if len(with_cta) / len(posts) >= 0.6:
            return Requirement(
                text=f"Close with a call to action ({len(with_cta)} of {len(posts)} posts do)",
                evidence=[evidence(post.source, post.text) for post in with_cta[:2]],
            )
    return None


def cta_patterns(docs: Sequence[SourceDoc], posts: Sequence[Passage], limit: int = 4) -> list[Claim]:
    """How the brand asks readers to act: recurring CTA openings in posts, CTA guidance in documents."""
    claims: list[Claim] = []
    groups: dict[str, list[tuple[Passage, str]]] = defaultdict(list)
    for post in posts:
        for sentence in split_sentences(post.text):
            match = CTA_START.match(sentence)
            if match:
                opening = " ".join(words(sentence)[:3]).lower()
                groups[opening].append((post, sentence))
    minimum = 2 if len(posts) >= 4 else 1
    for opening, hits in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
        if len(hits) >= minimum:
            claims.append(Claim(
                text=f"“{first_sentence(hits[0][1])}” (this opening in {len(hits)} posts)",
                evidence=[evidence(post.source, sentence) for post, sentence in hits[:2]],
            ))
    for doc in docs:
        for block in doc.blocks:
            if block.kind in ("heading", "post"):
                continue
            for sentence in split_sentences(block.text):
                if _CTA_GUIDANCE.search(sentence) and len(words(sentence)) >= 4:
                    claims.append(Claim(text=shorten(sentence, 200), evidence=[evidence(doc.name, sentence)]))
    unique: dict[str, Claim] = {}
    for claim in claims:
        unique.setdefault(normalize(claim.text), claim)
    return list(unique.values())[:limit]


def example_hooks(found: Sequence[Passage], limit: int = 6) -> list[Claim]:
    """Openings that worked: exemplars' first sentences, and posts' first sentences (best-performing first)."""
    exemplars = [p for p in found if p.kind == "exemplar"]
    posts = sorted((p for p in found if p.kind == "post"), key=lambda p: -p.engagement)
    hooks: dict[str, Claim] = {}
    for passage in [*exemplars, *posts]:
        hook = first_sentence(passage.text)
        if len(words(hook)) < 3 or normalize(hook) in hooks:
            continue
        metric = ""
        if passage.metrics:
            name, value = max(passage.metrics.items(), key=lambda item: item[1])
            metric = f" ({value:,.0f} {name})"
        hooks[normalize(hook)] = Claim(text=shorten(hook, 200) + metric, evidence=[evidence(passage.source, hook)])
        if len(hooks) >= limit:
            break
    return list(hooks.values())


STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here
    hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other
    our ours out over own same she should so some such than that the their theirs them then there these they this
    those through to too under until up very was we were what when where which while who whom why will with would
    you your yours it’s it's you’re you're we’re we're don’t don't can’t can't also one like may might must
    example examples unless part use used using instead see get make""".split()
)


def signature_phrases(found: Sequence[Passage], avoid: Sequence[Term], limit: int = 8) -> list[Phrase]:
    """Phrases of 2-4 words that recur across the brand's examples (not stopword-edged, not avoided)."""
    avoided = [normalize(term.term) for term in avoid]
    document_frequency: Counter[str] = Counter()
    holders: dict[str, list[Passage]] = defaultdict(list)
    for passage in found:
        grams: set[str] = set()
        for sentence in split_sentences(strip_emphasis(passage.text)):
            tokens = [token.lower() for token in words(sentence)]
            for n in (2, 3, 4):
                for i in range(len(tokens) - n + 1):
                    gram = tokens[i : i + n]
                    if gram[0] in STOPWORDS or gram[-1] in STOPWORDS or any(token.isdigit() for token in gram):
                        continue
                    if not any(len(token) >= 4 and token not in STOPWORDS for token in gram):
                        continue
                    grams.add(" ".join(gram))
        for gram in grams:
            document_frequency[gram] += 1
            holders[gram].append(passage)
    minimum = 3 if len(found) >= 15 else 2
    ranked = sorted(
        (gram for gram, count in document_frequency.items() if count >= minimum),
        key=lambda gram: (-document_frequency[gram] * (1 + 0.5 * (len(gram.split()) - 2)), gram),
    )
    chosen: list[str] = []
    for gram in ranked:
        if any(normalize(gram).find(term) >= 0 for term in avoided if term):
            continue
        if any(gram in other and document_frequency[other] >= document_frequency[gram] for other in chosen):
            continue
        chosen = [other for other in chosen if not (other in gram and document_frequency[other] <= document_frequency[gram])]
        chosen.append(gram)
        if len(chosen) >= limit:
            break
    phrases = []
    for gram in chosen:
        proofs = []
        display = gram
        for passage in holders[gram][:2]:
            match = find_quote(gram, [(passage.source, passage.text)], min_chars=4, min_words=2)
            if match:
                display = match.text if display == gram else display
                proofs.append(evidence(passage.source, passage.text, around=match.text))
        if proofs:
            phrases.append(Phrase(text=display, count=document_frequency[gram], evidence=proofs))
    return phrases


# ---------------------------------------------------------------- measured formatting

_HABIT_LABEL = {"emoji": "an emoji", "hashtags": "a hashtag", "exclamations": "an exclamation mark"}


def _habit(name: str, measured: Sequence[Passage], counts: list[int], stated: Stated | None) -> Habit:
    total = len(measured)
    using = [p for p, c in zip(measured, counts, strict=True) if c > 0]
    share = len(using) / total if total else 0.0
    per_example = sum(counts) / total if total else 0.0
    text = f"{len(using)} of {total} examples use {_HABIT_LABEL[name]} ({sum(counts)} in all)" if total else "no text examples"
    if stated is not None:
        return Habit(policy=stated.policy, stated=True, per_example=round(per_example, 3), share=round(share, 3),  # type: ignore[arg-type]
                     measured=text, evidence=stated.evidence)
    if not total:
        return Habit(policy="unknown", stated=False, per_example=0, share=0, measured=text)
    policy = "avoid" if share == 0 else "sparingly" if share < 0.25 else "allowed"
    shown = using[:2] if using else list(measured[:1])
    return Habit(policy=policy, stated=False, per_example=round(per_example, 3), share=round(share, 3),  # type: ignore[arg-type]
                 measured=text, evidence=[evidence(p.source, p.text) for p in shown])


def casing_of(text: str) -> str:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return "unknown"
    if len(letters) >= 6 and sum(ch.isupper() for ch in letters) / len(letters) >= 0.8:
        return "upper"
    tokens = [token for token in words(text) if len(token) > 3 and token[0].isalpha()]
    if len(tokens) >= 4 and sum(token[0].isupper() for token in tokens) / len(tokens) >= 0.75:
        return "title"
    return "sentence" if letters[0].isupper() else "lower"


def _measure(values: list[float], evidence_list: list[Evidence], stated_max: int | None = None) -> Measure | None:
    if not values:
        return None
    return Measure(
        low=round(percentile(values, 10), 2),
        median=round(statistics.median(values), 2),
        high=round(percentile(values, 90), 2),
        mean=round(statistics.fmean(values), 2),
        samples=len(values),
        stated_max=stated_max,
        evidence=evidence_list,
    )


def measure_formatting(found: Sequence[Passage], docs: Sequence[SourceDoc]) -> Formatting:
    """Emoji, hashtags, exclamation marks, casing, sentence length and reading grade, counted from the examples.

    Posts are measured when there are at least 5 (they are what the brand publishes);
    otherwise every passage is. What a source states overrides a measured policy.
    """
    posts = [p for p in found if p.kind == "post"]
    measured = posts if len(posts) >= 5 else list(found)
    files = sorted({p.source for p in measured})
    label = "posts" if measured is posts else "passages"
    measured_on = f"{len(measured)} {label} from {len(files)} file{'s' if len(files) != 1 else ''}" if measured else "no text"
    stated = stated_habits(docs)
    emoji = _habit("emoji", measured, [count_emoji(p.text) for p in measured], stated.get("emoji"))
    tags = _habit("hashtags", measured, [len(hashtags(p.text)) for p in measured], stated.get("hashtags"))
    bangs = _habit("exclamations", measured, [p.text.count("!") for p in measured], stated.get("exclamations"))

    styles = Counter(casing_of(p.text) for p in measured)
    styles.pop("unknown", None)
    if styles:
        style, count = max(styles.items(), key=lambda item: (item[1], item[0] == "sentence"))
        share = count / sum(styles.values())
        if share < 0.6:
            style = "mixed"
        shown = [p for p in measured if casing_of(p.text) == style][:2] or list(measured[:1])
        casing = Casing(style=style, share=round(share, 3), evidence=[evidence(p.source, p.text) for p in shown])  # type: ignore[arg-type]
    else:
        casing = Casing(style="unknown", share=0.0)

    lengths: list[tuple[float, Passage, str]] = []
    grades: list[tuple[float, Passage]] = []
    for passage in measured:
        for sentence in split_sentences(strip_emphasis(passage.text)):
            count = len(words(sentence))
            if count >= 2:
                lengths.append((float(count), passage, sentence))
        if len(words(passage.text)) >= 8:
            grade = reading_grade(strip_emphasis(passage.text))
            if grade is not None:
                grades.append((round(grade, 2), passage))
    limit = stated_sentence_limit(docs)
    sentence_words = None
    if lengths:
        median = statistics.median(value for value, _, _ in lengths)
        typical = min(lengths, key=lambda item: (abs(item[0] - median), len(item[2])))
        proofs = [evidence(typical[1].source, typical[2])]
        if limit:
            proofs.append(limit[1])
        sentence_words = _measure([value for value, _, _ in lengths], proofs, limit[0] if limit else None)
    reading = None
    if grades:
        median = statistics.median(value for value, _ in grades)
        typical_passage = min(grades, key=lambda item: abs(item[0] - median))[1]
        reading = _measure([value for value, _ in grades], [evidence(typical_passage.source, typical_passage.text)])
    return Formatting(
        measured_on=measured_on, emoji=emoji, hashtags=tags, exclamations=bangs, casing=casing,
        sentence_words=sentence_words, reading_grade=reading,
    )
