"""What a guide says beyond words and formatting: stated rules, named voice traits, calls to action,
hooks that worked, and phrases the brand keeps using."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from tools.brandkit.avoid import _avoid_list_items, _list_runs, evidence
from tools.brandkit.model import Claim, Evidence, Phrase, Requirement, Rule, Term
from tools.brandkit.passages import Passage
from tools.brandkit.sources import SourceDoc, strip_emphasis
from tools.brandkit.text import URL, find_quote, first_sentence, normalize, shorten, split_sentences, words


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
    dont: str = ""  # what the guide sets against the trait ("We are not" column), when it says


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
