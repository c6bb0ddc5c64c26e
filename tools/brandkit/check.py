"""Check a draft against a brand kit: exact rule findings, plus style similarity when a store is given.

Deterministic findings (always the same for the same kit and text):
- avoided words and claims (with inflections; a preferred form that contains the word is not flagged),
- emoji, hashtag and exclamation-mark policy (stated by a source or the user, or measured),
- sentence length and reading grade against the kit's measured range (or a stated limit),
- a call to action when the kit requires one, and rules the user stated that name one of these.

Style (when a store is given): how well the draft fits this kit's examples against the other
kits in the same store, from three measures (see `style_fits`): cosine to the nearest examples
(MiniLM), a character-trigram likelihood, and the distance of the draft's sentence length and
reading grade from the kit's medians. The score (0-100) is 60% rules and 40% style when a
store is given, else rules only. Every finding, and the score, is deterministic.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import BaseModel, Field

from hookline.errors import InputError
from tools.brandkit.extract import find_term, has_cta
from tools.brandkit.model import BrandKit, Evidence, Habit, Term
from tools.brandkit.text import copied_phrases, count_emoji, hashtags, reading_grade, shorten, split_sentences, words

if TYPE_CHECKING:
    from tools.brandkit.store import BrandKitStore

COST = {"error": 18, "warning": 7, "info": 0}
STYLE_WEIGHT = 0.4
NEAREST = 8
LEXICAL_WEIGHT = 1.0
FORMAT_WEIGHT = 0.05
RELATIVE_SCALE = 0.05
MEASURED_TOLERANCE = 1.25


class Finding(BaseModel):
    kind: str
    severity: Literal["error", "warning", "info"]
    message: str
    evidence: list[Evidence] = Field(default_factory=list)


class BrandCheck(BaseModel):
    score: int = Field(ge=0, le=100)
    findings: list[Finding] = Field(default_factory=list)
    suggestions: list[str] = Field(default_factory=list)


# ---------------------------------------------------------------- the user's rules


class _RuleEffects(BaseModel):
    habits: dict[str, tuple[str, Evidence]] = Field(default_factory=dict)
    terms: list[Term] = Field(default_factory=list)
    cta: Evidence | None = None
    max_words: tuple[int, Evidence] | None = None


_HABIT_WORDS = {
    "emoji": re.compile(r"\bemojis?\b|\bemoticons?\b", re.I),
    "hashtags": re.compile(r"\bhashtags?\b", re.I),
    "exclamations": re.compile(r"\bexclamation\s+(?:points?|marks?)\b", re.I),
}
_NEGATIVE = re.compile(r"\b(never|no|don[’']?t|do not|avoid|without|stop)\b", re.I)
_SPARING = re.compile(r"\b(sparingly|rarely|at most|max(?:imum)?|one|only one|a few|limit)\b", re.I)
_QUOTED_AVOID = re.compile(
    r"\b(?:never|don[’']?t|do not|avoid|stop|no)\b[^“\"'‘]{0,40}[“\"'‘]([^”\"'’]{2,40})[”\"'’]", re.I
)
_BARE_AVOID = re.compile(r"\b(?:never|don[’']?t|do not)\s+(?:say|use the word|write|call (?:it|us|them))\s+([\w-]+)\b", re.I)


def rule_effects(kit: BrandKit) -> _RuleEffects:
    """What the user's stated rules change in a check (e.g. 'we never use emojis' -> emoji policy 'avoid')."""
    effects = _RuleEffects()
    for rule in kit.rules:
        if rule.origin != "user":
            continue
        proof = rule.evidence[0] if rule.evidence else Evidence(source="user", quote=rule.text)
        for habit, pattern in _HABIT_WORDS.items():
            if pattern.search(rule.text):
                if _SPARING.search(rule.text):
                    effects.habits[habit] = ("sparingly", proof)
                elif _NEGATIVE.search(rule.text):
                    effects.habits[habit] = ("avoid", proof)
                else:
                    effects.habits[habit] = ("allowed", proof)
        for match in [*_QUOTED_AVOID.finditer(rule.text), *_BARE_AVOID.finditer(rule.text)]:
            word = match.group(1).strip(" .,!?")
            if word and not _HABIT_WORDS["emoji"].search(word):
                effects.terms.append(Term(
                    term=word, kind="word" if len(word.split()) == 1 else "phrase", severity="error",
                    note=f"{rule.provenance}", evidence=[proof],
                ))
        if re.search(r"\b(call to action|cta)\b", rule.text, re.I) and re.search(r"\b(always|end|close|include|every)\b", rule.text, re.I):
            effects.cta = proof
        limit = re.search(r"(\d{1,2})\s+words", rule.text)
        if limit and re.search(r"\bsentences?\b", rule.text, re.I):
            effects.max_words = (int(limit.group(1)), proof)
    return effects


# ---------------------------------------------------------------- the check


def _habit_findings(name: str, label: str, count: int, habit: Habit, override: tuple[str, Evidence] | None) -> list[Finding]:
    policy, stated, proofs = habit.policy, habit.stated, list(habit.evidence)
    source_word = "the brand kit"
    if override:
        policy, stated, proofs = override[0], True, [override[1]]
        source_word = "your rule"
    if count == 0 or policy in ("allowed", "unknown"):
        return []
    why = f"{source_word} says so" if stated else f"measured: {habit.measured}"
    if policy == "avoid":
        return [Finding(kind=name, severity="error" if stated else "warning",
                        message=f"The draft uses {count} {label}; this brand avoids them ({why}).", evidence=proofs)]
    allowed = 2 if name == "hashtags" else 1
    if count > allowed:
        return [Finding(kind=name, severity="warning",
                        message=f"The draft uses {count} {label}; this brand uses them sparingly ({why}).", evidence=proofs)]
    return []


def _nearest_mean(vector: np.ndarray, matrix: np.ndarray, k: int | None = None) -> float | None:
    if matrix is None or not len(matrix):
        return None
    similarities = matrix @ vector
    k = k or NEAREST
    top = np.sort(similarities)[-min(k, len(similarities)) :]
    return float(top.mean())


def char_trigrams(text: str) -> list[str]:
    """Character trigrams, case and punctuation kept: they carry spelling and punctuation habits
    (an em dash with or without spaces, curly or straight apostrophes) as well as the brand's words."""
    padded = f" {' '.join(text.split())} "
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


def formatting_fit(kit: BrandKit, text: str) -> float:
    """0 when the draft's mean sentence length and reading grade sit at the kit's medians; more
    negative the further away, in units of the kit's measured spread (90th minus 10th percentile)."""
    fit = 0.0
    sentences = [len(words(sentence)) for sentence in split_sentences(text) if len(words(sentence)) >= 2]
    measured = kit.formatting.sentence_words
    if measured is not None and sentences:
        fit -= abs(sum(sentences) / len(sentences) - measured.median) / max(measured.high - measured.low, 1.0)
    grade_range = kit.formatting.reading_grade
    grade = reading_grade(text) if len(words(text)) >= 8 else None
    if grade_range is not None and grade is not None:
        fit -= abs(grade - grade_range.median) / max(grade_range.high - grade_range.low, 1.0)
    return fit


@functools.lru_cache(maxsize=32)
def _trigram_counts(texts: tuple[str, ...]) -> Counter[str]:
    return Counter(gram for text in texts for gram in char_trigrams(text))


@dataclass
class StyleFit:
    """How close a draft is to one kit: nearest-examples cosine, character-trigram likelihood, formatting fit."""

    similarity: float
    likelihood: float
    formatting: float

    @property
    def combined(self) -> float:
        return self.similarity + LEXICAL_WEIGHT * self.likelihood + FORMAT_WEIGHT * self.formatting


def style_fits(kit: BrandKit, text: str, store: BrandKitStore) -> dict[str, StyleFit]:
    """The draft's fit to `kit` and to every other kit in the store, by kit name.

    Similarity: the mean cosine to the kit's NEAREST closest examples (MiniLM sees topic and
    phrasing). Likelihood: the mean log-probability of the draft's character trigrams under
    each kit's examples (add-half smoothing over the trigrams of all kits compared), which
    sees spelling, punctuation and word habits that embeddings blur. Formatting: how far the
    draft's sentence length and reading grade are from the kit's measured medians.
    """
    kits = {kit.name: kit}
    for name in store.names():
        if name != kit.name:
            kits[name] = store.get(name)
    references = {name: store.reference(other) for name, other in kits.items()}
    references = {name: ref for name, ref in references.items() if len(ref[1])}
    if kit.name not in references:
        return {}
    vector = store.embedder.embed([text])[0]
    counts = {name: _trigram_counts(tuple(texts)) for name, (texts, _v) in references.items()}
    vocabulary = len(set().union(*counts.values())) or 1
    draft = char_trigrams(text)
    fits = {}
    for name, (_texts, vectors) in references.items():
        total = sum(counts[name].values())
        likelihood = sum(math.log((counts[name][g] + 0.5) / (total + 0.5 * vocabulary)) for g in draft) / max(len(draft), 1)
        fits[name] = StyleFit(
            similarity=_nearest_mean(vector, vectors) or 0.0, likelihood=likelihood, formatting=formatting_fit(kits[name], text)
        )
    return fits


def check_text(kit: BrandKit, text: str, *, store: BrandKitStore | None = None) -> BrandCheck:
    """Score a draft 0-100 against a kit, with findings (and their evidence) and suggestions."""
    if not text or not text.strip():
        raise InputError("There is no text to check.")
    findings: list[Finding] = []
    suggestions: list[str] = []
    effects = rule_effects(kit)

    for term in [*kit.vocabulary.avoid, *effects.terms]:
        hits = find_term(term, text)
        if not hits:
            continue
        shown = hits[0]
        times = f" ({len(hits)} times)" if len(hits) > 1 else ""
        reason = f" ({term.note})" if term.note and term.kind != "claim" else ""
        kind = "avoided_claim" if term.kind == "claim" else "avoided_word"
        what = "claim" if term.kind == "claim" else "word" if term.kind == "word" else "phrase"
        findings.append(Finding(
            kind=kind, severity=term.severity,
            message=f"“{shown}”{times} is a {what} this brand avoids{reason}.",
            evidence=term.evidence,
        ))
        if term.alternative:
            suggestions.append(f"Replace “{shown}” with “{term.alternative}”.")
        else:
            suggestions.append(f"Rephrase without “{shown}”.")

    fmt = kit.formatting
    emoji_count = count_emoji(text)
    tags = hashtags(text)
    bangs = text.count("!")
    for name, label, count, habit in (
        ("emoji", "emoji", emoji_count, fmt.emoji),
        ("hashtags", "hashtag(s)", len(tags), fmt.hashtags),
        ("exclamations", "exclamation mark(s)", bangs, fmt.exclamations),
    ):
        found = _habit_findings(name, label, count, habit, effects.habits.get(name))
        findings.extend(found)
        if found:
            suggestions.append(
                {"emoji": "Remove the emoji.", "hashtags": "Cut the hashtags to one or two, or none.",
                 "exclamations": "End sentences with a full stop instead of an exclamation mark."}[name]
            )

    sentences = [sentence for sentence in split_sentences(text) if len(words(sentence)) >= 2]
    measured = fmt.sentence_words
    limit_proof: list[Evidence] = []
    limit = None
    if effects.max_words:
        limit, limit_proof = effects.max_words[0], [effects.max_words[1]]
    elif measured is not None:
        # A stated limit is exact; a measured one is the top of the range (90th percentile) plus a quarter,
        # so that the brand's own longer sentences are not flagged.
        limit = measured.stated_max or math.ceil(measured.high * MEASURED_TOLERANCE)
        limit_proof = measured.evidence
    if limit:
        long = [s for s in sentences if len(words(s)) > limit]
        if long:
            longest = max(long, key=lambda s: len(words(s)))
            basis = (
                "the stated limit" if (effects.max_words or (measured and measured.stated_max))
                else f"the brand's sentences run {measured.low:.0f}-{measured.high:.0f} words" if measured else ""
            )
            findings.append(Finding(
                kind="sentence_length", severity="warning",
                message=f"{len(long)} sentence(s) over {limit} words ({basis}); the longest has {len(words(longest))}: “{shorten(longest, 80)}”.",
                evidence=limit_proof,
            ))
            suggestions.append(f"Split “{shorten(longest, 60)}” into shorter sentences.")
    if measured is not None and len(sentences) >= 3:
        mean = sum(len(words(s)) for s in sentences) / len(sentences)
        if mean > measured.high or mean < measured.low:
            findings.append(Finding(
                kind="sentence_length", severity="info",
                message=f"Average sentence length is {mean:.0f} words; the brand's sentences run {measured.low:.0f}-{measured.high:.0f} (median {measured.median:.0f}).",
                evidence=measured.evidence,
            ))
    grade_range = fmt.reading_grade
    if grade_range is not None and len(words(text)) >= 30:
        grade = reading_grade(text)
        if grade is not None and grade > grade_range.high + 1:
            findings.append(Finding(
                kind="reading_level", severity="warning",
                message=f"Reads at grade {grade:.1f}; the brand's examples read at grade {grade_range.low:.0f}-{grade_range.high:.0f}.",
                evidence=grade_range.evidence,
            ))
            suggestions.append("Use shorter words and sentences to lower the reading level.")

    required = kit.cta_required
    cta_proof = [effects.cta] if effects.cta else (required.evidence if required else [])
    if cta_proof and not has_cta(text):
        general = bool(effects.cta) or (required is not None and required.applies_to == "everything")
        where = "" if general or required is None else f" in {required.applies_to}"
        why = "your rule asks for one" if effects.cta else f"this brand closes with one{where}"
        findings.append(Finding(
            kind="cta", severity="warning" if general else "info",
            message=f"The draft has no call to action; {why}.", evidence=cta_proof,
        ))
        example = f" (the brand's pattern: {kit.cta_patterns[0].text.rstrip('.')})" if kit.cta_patterns else ""
        suggestions.append(f"End with a clear next step{example}.")

    for example in kit.examples:  # a small model may lift the few-shot examples it was shown as content
        copied = copied_phrases(text, [example.text])
        if copied:
            findings.append(Finding(
                kind="copied_example", severity="warning",
                message=f"The draft copies “{copied[0]}” word for word from one of the brand's examples.",
                evidence=[Evidence(source=example.source, quote=shorten(example.text, 200))],
            ))
            suggestions.append("Write new lines in the brand's voice instead of reusing its examples.")
            break

    rules_score = max(0, 100 - sum(COST[f.severity] for f in findings))
    score = float(rules_score)
    if store is not None:
        fits = style_fits(kit, text, store)
        if kit.name in fits:
            own = fits.pop(kit.name)
            absolute = min(1.0, max(0.0, (own.similarity - 0.2) / 0.5))
            style = absolute
            message = f"Style similarity to {kit.name}'s examples: {own.similarity:.2f}"
            severity: Literal["info", "warning"] = "info"
            if fits:
                closest, other = max(fits.items(), key=lambda item: item[1].combined)
                relative = 1.0 / (1.0 + math.exp(-(own.combined - other.combined) / RELATIVE_SCALE))
                style = 0.4 * absolute + 0.6 * relative
                message += f" (closest other kit: {closest}, {other.similarity:.2f})"
                if relative < 0.25:
                    severity = "warning"
                    message += f"; the draft reads more like {closest}"
            findings.append(Finding(kind="style", severity=severity, message=message + "."))
            score = (1 - STYLE_WEIGHT) * rules_score + STYLE_WEIGHT * 100 * style
            if style < 0.5 and kit.examples:
                nearest = store.examples_like(kit.name, text, k=1) if kit.name in store.names() else []
                sample = nearest[0].text if nearest else kit.examples[0].text
                suggestions.append(f"Closer to the brand's voice: “{shorten(sample, 160)}”")
    return BrandCheck(score=int(round(min(100.0, max(0.0, score)))), findings=findings, suggestions=list(dict.fromkeys(suggestions))[:8])
