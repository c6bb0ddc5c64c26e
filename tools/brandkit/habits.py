"""Formatting habits: what a source states about emoji, hashtags and exclamation marks (and a
sentence-length limit), and what the examples measure (casing, sentence length, reading grade)."""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from tools.brandkit.avoid import evidence
from tools.brandkit.model import Casing, Evidence, Formatting, Habit, Measure
from tools.brandkit.passages import Passage
from tools.brandkit.sources import SourceDoc, strip_emphasis
from tools.brandkit.text import count_emoji, hashtags, percentile, reading_grade, split_sentences, words


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
