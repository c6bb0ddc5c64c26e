"""Check a draft against a brand kit: exact rule findings, plus style similarity when a store is given.

Deterministic findings (always the same for the same kit and text):
- avoided words and claims (with inflections; a preferred form that contains the word is not flagged),
- emoji, hashtag and exclamation-mark policy (stated by a source or the user, or measured),
- sentence length and reading grade against the kit's measured range (or a stated limit),
- a call to action when the kit requires one, and rules the user stated that name one of these.

Limits a source states (hashtags, emoji, exclamation marks, questions, words per post,
sign-off, casing) are checked exactly, each finding naming the rule and its quote.

Style (when a store is given): `style.style_fit`, the brand's own posts against generic copy.
The score (0-100), published in the README ("Brand kits"):
    rules = max(0, 100 - ERROR_COST x errors - WARNING_COST x warnings x min(1, PER_WORDS / words))
    score = rules x (1 - STYLE_WEIGHT + STYLE_WEIGHT x fit)     (rules alone without a store)
Every finding, and the score, is deterministic.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from core.errors import InputError
from tools.brandkit.extract import find_term, has_cta
from tools.brandkit.limits import broken
from tools.brandkit.model import BrandKit, Evidence, Habit, Term
from tools.brandkit.style import style_fit
from tools.brandkit.text import copied_phrases, count_emoji, hashtags, reading_grade, shorten, split_sentences, words

if TYPE_CHECKING:
    from tools.brandkit.store import BrandKitStore

ERROR_COST = 30  # a broken rule: an avoided word, a stated limit
WARNING_COST = 10  # a habit the brand has but did not state, a measured range
PER_WORDS = 50  # warnings weigh less in longer texts (issues per words); errors never do
STYLE_WEIGHT = 0.4
MEASURED_TOLERANCE = 1.25
MIN_MEASURED_SENTENCES = 20  # a range measured on fewer sentences is too narrow to hold a draft to


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


def _without(text: str, fixed: list[str]) -> str:
    """`text` without the brand's required sign-off and its hashtags: repeating those is not copying."""
    for value in fixed:
        text = re.sub(re.escape(value), " ", text, flags=re.I)
    return re.sub(r"#\w+", " ", text)


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

    limited = {limit.kind for limit in kit.limits}
    caps = frozenset(w for example in kit.examples for w in words(example.text) if w.isupper())
    for hit in broken(kit.limits, text, known_caps=caps):
        proof = hit.limit.evidence[0]
        findings.append(Finding(
            kind=f"limit_{hit.limit.kind}", severity="error",
            message=f"{hit.message}: breaks the rule “{shorten(proof.quote, 120)}” ({proof.source}).",
            evidence=hit.limit.evidence,
        ))
        suggestions.append(f"Keep to the rule: {hit.limit.rule}.")

    fmt = kit.formatting
    emoji_count = count_emoji(text)
    tags = hashtags(text)
    bangs = text.count("!")
    for name, label, count, habit in (
        ("emoji", "emoji", emoji_count, fmt.emoji),
        ("hashtags", "hashtag(s)", len(tags), fmt.hashtags),
        ("exclamations", "exclamation mark(s)", bangs, fmt.exclamations),
    ):
        if name in limited or (name == "exclamations" and "exclamation_runs" in limited and count > 0 and name not in effects.habits):
            continue  # a stated limit is checked exactly above
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
    elif measured is not None and (measured.stated_max or measured.samples >= MIN_MEASURED_SENTENCES):
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

    fixed = [limit.value for limit in kit.limits if limit.kind == "sign_off" and limit.value]
    own_text = _without(text, fixed)
    for example in kit.examples:  # a small model may lift the few-shot examples it was shown as content
        copied = copied_phrases(own_text, [_without(example.text, fixed)])
        if copied:
            findings.append(Finding(
                kind="copied_example", severity="warning",
                message=f"The draft copies “{copied[0]}” word for word from one of the brand's examples.",
                evidence=[Evidence(source=example.source, quote=shorten(example.text, 200))],
            ))
            suggestions.append("Write new lines in the brand's voice instead of reusing its examples.")
            break

    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    density = min(1.0, PER_WORDS / max(len(words(text)), 1))
    rules_score = max(0.0, 100.0 - ERROR_COST * errors - WARNING_COST * warnings * density)
    score = rules_score
    if store is not None:
        fit = style_fit(kit, text, store)
        if fit is not None:
            score = rules_score * (1 - STYLE_WEIGHT + STYLE_WEIGHT * fit.fit)
            findings.append(Finding(
                kind="style", severity="info",
                message=(f"Style fit {fit.fit:.2f}: similarity {fit.brand_similarity:.2f} to the brand's {fit.reference} "
                         f"vs {fit.generic_similarity:.2f} to generic copy."),
            ))
            if fit.fit < 0.5 and kit.examples:
                nearest = store.examples_like(kit.name, text, k=1) if kit.name in store.names() else []
                sample = nearest[0].text if nearest else kit.examples[0].text
                suggestions.append(f"Closer to the brand's voice: “{shorten(sample, 160)}”")
    return BrandCheck(score=int(round(min(100.0, max(0.0, score)))), findings=findings, suggestions=list(dict.fromkeys(suggestions))[:8])
