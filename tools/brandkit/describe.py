"""The descriptive fields (audience, promise, selling points, CTA patterns, voice traits), from the chat model.

The model sees the most relevant excerpts (within the embedded model's context) and must
copy a quote for every claim. Each quote is then looked up in the files' text
(`find_quote`): a claim whose quote does not occur there is dropped, never kept on trust.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
from pydantic import BaseModel, Field

from core.embeddings import Embedder
from core.errors import ModelTimeoutError, StructuredOutputError
from core.llm.base import ChatMessage, ChatModel
from core.prompts import render
from core.tokens import TokenCounter
from tools.brandkit.extract import Passage, TraitHint
from tools.brandkit.grounding import content_stems, real_words, says_the_same, unlabel
from tools.brandkit.limits import stated_limits
from tools.brandkit.model import Claim, Evidence, VoiceTrait
from tools.brandkit.profile import stated_profile
from tools.brandkit.sources import SourceDoc
from tools.brandkit.text import find_quote, normalize, shorten

PROFILE_MAX_TOKENS = 360
VOICE_MAX_TOKENS = 480
# Wall-clock budgets per call. On 2 cores the embedded 1.5B model reads ~38 prompt tokens/s and writes ~10 tokens/s
# (measured on a quiet machine), so a full prompt (~1,400 tokens of excerpts) and a capped answer take about a minute,
# and two to three times that on a busy machine. Past the budget the request is cancelled and asked once more with
# half the excerpts and two thirds of the answer (RETRY_SHARE); past that too the step is skipped with a note.
PROFILE_BUDGET_S = 120.0
VOICE_BUDGET_S = 150.0
RETRY_EXCERPTS, RETRY_ANSWER = 0.5, 2 / 3
EXCERPT_BUDGET_MAX = 1400  # tokens of excerpts per request: enough to ground, short enough for 2 CPU cores
EXCERPT_MAX_CHARS = 500
# Room for one whole sentence per voice-trait field: a cap the model runs into cuts its text mid-word.
DESCRIPTION_CHARS = 160
LINE_CHARS = 120
TEMPERATURE = 0.1

PROFILE_QUERY = "who our customers and readers are, what we promise them, our strengths, and how we ask them to act"
PROFILE_WORDS = ("customer", "reader", "user", "audience", "people", "business", "help", "promise", "call to action", "next step")
VOICE_QUERY = "our voice and tone: how we sound and write, our personality, humor, friendly, plain, clear"
VOICE_WORDS = ("voice", "tone", "we are", "humor", "friendly", "plain", "conversational", "sound", "write like")


class QuotedValue(BaseModel):
    quote: str = Field(max_length=160, description="Words copied exactly from one excerpt.")
    value: str = Field(max_length=80, description="A short description in your own words.")


class ProfileDraft(BaseModel):
    """What the model is asked for about the brand (verified before use). Lengths and counts are
    capped so a small model's reply stays short (it is slow on CPU) and is never cut off mid-JSON."""

    audience: QuotedValue | None
    promise: QuotedValue | None
    selling_points: list[QuotedValue] = Field(max_length=2)
    cta_patterns: list[QuotedValue] = Field(max_length=2)


class TraitDraft(BaseModel):
    name: str = Field(max_length=30)
    quote: str = Field(max_length=160)
    description: str = Field(max_length=DESCRIPTION_CHARS)
    do: str = Field(max_length=LINE_CHARS)
    dont: str = Field(max_length=LINE_CHARS)


class VoiceDraft(BaseModel):
    traits: list[TraitDraft] = Field(min_length=3, max_length=3)


_ECHOES = {normalize(text) for text in ("A short description in your own words.", "Words copied exactly from one excerpt.", "")}


@dataclass
class Description:
    audience: Claim | None = None
    promise: Claim | None = None
    selling_points: list[Claim] = field(default_factory=list)
    cta_patterns: list[Claim] = field(default_factory=list)
    voice_traits: list[VoiceTrait] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dropped: int = 0  # claims whose quote was not found in the files
    unsupported: int = 0  # claims whose value does not say what their quote says
    rule_sentences: list[str] = field(default_factory=list)
    """The sentences that state a limit (normalized): a rule for the writer, never an audience or a promise."""


def whole_sentence(text: str, cap: int) -> str:
    """`text` without a trailing fragment when it reached its length cap (`cap` characters) and so ends mid-clause.

    Cut back to the last sentence end (or, failing that, the last comma) when that keeps at
    least half the text; otherwise end the fragment with an ellipsis, so it reads as cut.
    """
    text = " ".join(text.split())
    if len(text) < cap - 3 or text[-1] in ".!?\"”’)":
        return text
    for stops in (".!?", ",;:"):
        cut = max(text.rfind(stop) for stop in stops)
        if cut >= len(text) // 2:
            return text[: cut + 1] if stops == ".!?" else text[:cut] + "."
    return text.rsplit(" ", 1)[0].rstrip(",;:") + "…" if " " in text else text


def grounded(quote: str, docs: Sequence[SourceDoc]) -> Evidence | None:
    """Evidence for `quote` if it really occurs in one of the files; None otherwise.

    A long quote may end in a word or two the model wrote after the length cap cut it
    short; its verbatim part (still at least eight words) is kept.
    """
    texts = [(doc.name, doc.text) for doc in docs if not doc.is_image]
    candidate = quote.split()
    for _trim in range(3):
        match = find_quote(" ".join(candidate), texts, min_chars=12, min_words=3)
        if match is not None:
            return Evidence(source=match.source, quote=shorten(match.text, 200))
        if len(candidate) <= 8:
            return None
        candidate = candidate[:-1]
    return None


def select_excerpts(
    found: Sequence[Passage],
    vectors: np.ndarray,
    query: np.ndarray,
    keywords: Sequence[str],
    tokens: TokenCounter,
    budget: int,
) -> str:
    """The passages most relevant to `query` that fit in `budget` tokens, in file order, delimited."""
    if not found:
        return ""
    lowered = [passage.text.lower() for passage in found]
    bonus = np.array([0.04 * sum(word in text for word in keywords) for text in lowered], dtype=np.float32)
    scores = vectors @ query + bonus
    chosen: list[int] = []
    used = 0
    for index in np.argsort(-scores, kind="stable"):
        text = shorten(found[int(index)].text, EXCERPT_MAX_CHARS)
        cost = tokens.count(text) + 16
        if used + cost > budget:
            continue
        chosen.append(int(index))
        used += cost
    blocks = []
    for number, index in enumerate(sorted(chosen), start=1):
        passage = found[index]
        blocks.append(f'<excerpt id="E{number}" source="{passage.source}">\n{shorten(passage.text, EXCERPT_MAX_CHARS)}\n</excerpt>')
    return "\n".join(blocks)


def _budget(tokens: TokenCounter, context: int, max_tokens: int, *fixed: str) -> int:
    # o200k counts run a little under Qwen's tokenizer: keep a fifth in reserve.
    room = int((context - max_tokens - sum(tokens.count(text) for text in fixed) - 64) * 0.8)
    return max(200, min(EXCERPT_BUDGET_MAX, room))


_WRITING_RULE = re.compile(
    r"^\W*(?:always|never|don'?t|do not|avoid|use|end|close|start|open|keep|write|say|no|"
    r"siempre|nunca|no digas|evita|usa|termina|cierra|empieza|escribe|di|immer|nie|niemals|vermeide)\b",
    re.IGNORECASE,
)
"""How a rule for the writer begins: such a quote can ground a rule, never an audience or a promise."""


def _claim(item: QuotedValue | None, docs: Sequence[SourceDoc], result: Description, *, label: str = "",
           fallback: bool = True) -> Claim | None:
    """A claim whose quote occurs in the files and whose value says what the quote says.

    A value that shares too few content words with its quote (the model paraphrased it into
    something else: "immediate delivery" for "baked the same morning, or it's free") is
    replaced by the quote itself when `fallback` (the guide's own words), else dropped.
    """
    if item is None:
        return None
    value = unlabel(" ".join(item.value.split()), label)
    if normalize(value) in _ECHOES:
        return None
    proof = grounded(item.quote, docs)
    if proof is None:
        result.dropped += 1
        return None
    if label in ("audience", "promise") and (_WRITING_RULE.match(proof.quote) or _states_a_limit(proof.quote, result)):
        # "Always end with a question for the comments" is an instruction to the writer, not a promise to anyone
        # (seen: "The brand promises its audience to always end with a question"); so is "One emoji at most, and only
        # 🌊" (seen as a promise, from a voice note with no posts).
        result.unsupported += 1
        return None
    if not says_the_same(value, proof.quote):
        if not fallback:
            result.unsupported += 1
            return None
        value = unlabel(proof.quote, label)
    return Claim(text=shorten(value, 200), evidence=[proof])


def _states_a_limit(quote: str, result: Description) -> bool:
    said = normalize(quote)
    return bool(said) and any(said in rule or rule in said for rule in result.rule_sentences)


def describe(
    brand: str,
    docs: Sequence[SourceDoc],
    found: Sequence[Passage],
    vectors: np.ndarray,
    hints: Sequence[TraitHint],
    *,
    chat_model: ChatModel,
    embedder: Embedder,
    tokens: TokenCounter,
    context_tokens: int = 4096,
    progress: Callable[[str], None] | None = None,
) -> Description:
    """Ask the chat model for the descriptive fields; keep only claims whose quotes occur in the files."""
    result = Description(rule_sentences=[normalize(proof.quote) for limit in stated_limits(docs) for proof in limit.evidence])
    if not found:
        return result
    say = progress or (lambda _message: None)
    system = render("brand_system")
    queries = embedder.embed([PROFILE_QUERY, VOICE_QUERY])

    stated = stated_profile(docs)  # the guide's own words, when it states them
    result.audience, result.promise = stated.get("audience"), stated.get("promise")
    # The model is still asked: selling points and calls to action come only from it.
    _profile(brand, docs, found, vectors, queries[0], system, chat_model, tokens, context_tokens, result, say)
    table_hints = [hint for hint in hints if hint.dont]
    if len(table_hints) >= 3:  # the guide's own "We are / We are not" table describes the voice
        say("the files describe the voice in a table: no model call needed (2 of 2)")
        result.voice_traits = _traits([], hints, docs, result)
        return _finish(result)
    _voice(brand, docs, found, vectors, queries[1], system, hints, chat_model, tokens, context_tokens, result, say)
    return _finish(result)


def _profile(brand: str, docs: Sequence[SourceDoc], found: Sequence[Passage], vectors: np.ndarray, query: np.ndarray,
             system: str, chat_model: ChatModel, tokens: TokenCounter, context_tokens: int, result: Description,
             say: Callable[[str], None]) -> None:
    say("asking the chat model who the brand is for (1 of 2)")
    frame = render("brand_profile", brand=brand, excerpts="")
    budget = _budget(tokens, context_tokens, PROFILE_MAX_TOKENS, system, frame)

    def messages(share: float) -> list[ChatMessage]:
        excerpts = select_excerpts(found, vectors, query, PROFILE_WORDS, tokens, int(budget * share))
        return [{"role": "system", "content": system},
                {"role": "user", "content": render("brand_profile", brand=brand, excerpts=excerpts)}]

    try:
        profile = _bounded(chat_model, messages, ProfileDraft, PROFILE_MAX_TOKENS, PROFILE_BUDGET_S, say)
    except (StructuredOutputError, ModelTimeoutError) as error:
        missing = [name for name, value in (("audience", result.audience), ("promise", result.promise)) if value is None]
        result.notes.append(f"{', '.join([*missing, 'selling points and calls to action']).capitalize()} were left empty: {error}")
    else:
        result.audience = result.audience or _claim(profile.audience, docs, result, label="audience")
        result.promise = result.promise or _claim(profile.promise, docs, result, label="promise")
        result.selling_points = [c for item in profile.selling_points if (c := _claim(item, docs, result, fallback=False))]
        result.cta_patterns = [c for item in profile.cta_patterns if (c := _claim(item, docs, result, fallback=False))]


def _voice(brand: str, docs: Sequence[SourceDoc], found: Sequence[Passage], vectors: np.ndarray, query: np.ndarray,
           system: str, hints: Sequence[TraitHint], chat_model: ChatModel, tokens: TokenCounter, context_tokens: int,
           result: Description, say: Callable[[str], None]) -> None:
    say("asking the chat model to describe the voice (2 of 2)")
    hint_text = "; ".join(hint.name for hint in hints) or "none listed"
    frame = render("brand_voice", brand=brand, hints=hint_text, excerpts="")
    budget = _budget(tokens, context_tokens, VOICE_MAX_TOKENS, system, frame)

    def messages(share: float) -> list[ChatMessage]:
        excerpts = select_excerpts(found, vectors, query, VOICE_WORDS, tokens, int(budget * share))
        return [{"role": "system", "content": system},
                {"role": "user", "content": render("brand_voice", brand=brand, hints=hint_text, excerpts=excerpts)}]

    try:
        drafts = _bounded(chat_model, messages, VoiceDraft, VOICE_MAX_TOKENS, VOICE_BUDGET_S, say).traits
    except (StructuredOutputError, ModelTimeoutError) as error:
        result.notes.append(f"The chat model did not describe the voice: {error}")
        drafts = []
    result.voice_traits = _traits(drafts, hints, docs, result)


Draft = TypeVar("Draft", bound=BaseModel)


def _bounded(chat_model: ChatModel, messages: Callable[[float], list[ChatMessage]], schema: type[Draft], max_tokens: int,
             budget_s: float, say: Callable[[str], None]) -> Draft:
    """One structured call within its time budget; past it, once more with half the excerpts and a shorter answer (a
    busy machine reads and writes two to three times slower). A second timeout is raised for the caller's note."""
    try:
        return chat_model.structured(messages(1.0), schema, max_tokens=max_tokens, temperature=TEMPERATURE,
                                     timeout_s=budget_s)
    except ModelTimeoutError:
        say(f"the chat model took over {budget_s:.0f} s; asking again with half the excerpts")
        return chat_model.structured(messages(RETRY_EXCERPTS), schema, max_tokens=int(max_tokens * RETRY_ANSWER),
                                     temperature=TEMPERATURE, timeout_s=budget_s)


def _finish(result: Description) -> Description:
    if result.dropped:
        result.notes.append(
            f"{result.dropped} claim(s) from the chat model were dropped: their quotes do not occur in the files."
        )
    if result.unsupported:
        result.notes.append(f"{result.unsupported} claim(s) from the chat model were dropped: they do not say what their quotes say.")
    return result


ALIKE = 0.5  # share of their content words (by stem) two example lines have in common to be the same line


def _alike(first: str, second: str) -> bool:
    a, b = content_stems(first), content_stems(second)
    return bool(a | b) and len(a & b) / len(a | b) >= ALIKE


def _traits(drafts: Sequence[TraitDraft], hints: Sequence[TraitHint], docs: Sequence[SourceDoc], result: Description) -> list[VoiceTrait]:
    by_name = {normalize(hint.name): hint for hint in hints}
    traits: dict[str, VoiceTrait] = {}
    for draft in drafts:
        name = " ".join(draft.name.split()).strip(" .")[:60]
        key = normalize(name)
        if not key or key in traits or not real_words(name, docs):
            continue
        proof = grounded(draft.quote, docs)
        if proof is None and key in by_name:
            proof = by_name[key].evidence  # the files name this trait in a list
        if proof is None:
            result.dropped += 1
            continue
        hint = by_name.get(key)
        if hint is None and _states_a_limit(proof.quote, result):
            # A limit is checked as a limit, it describes no voice: "Friendly: sounds cheerful, using emojis" rested on
            # "One emoji at most, and only" (seen on a voice note with no posts).
            result.unsupported += 1
            continue
        do = whole_sentence(draft.do, LINE_CHARS) or None
        dont = whole_sentence(draft.dont, LINE_CHARS) or None
        if hint is not None and hint.dont:
            dont = hint.dont  # the guide's own "We are not" column
        elif dont and grounded(dont, docs) is not None:
            dont = None  # a line the brand itself wrote is not an example of breaking its voice
        if do and dont and _alike(do, dont):
            # "I'm so excited to try this new product!" against "I can't wait to try this new product!": a pair that
            # says the same teaches nothing about the voice.
            do = None
            if not (hint and hint.dont):
                dont = None  # the guide's own "We are not" example stays
        traits[key] = VoiceTrait(
            name=name[:1].upper() + name[1:],
            description=whole_sentence(draft.description, DESCRIPTION_CHARS),
            do=do,
            dont=dont,
            evidence=[proof],
        )
        if len(traits) == 6:
            break
    for hint in hints:  # too few grounded traits: fall back on the traits the files name in so many words
        if len(traits) >= 3:
            break
        key = normalize(hint.name)
        if key not in traits:
            traits[key] = VoiceTrait(name=hint.name, description=shorten(hint.explanation, 300), dont=hint.dont or None,
                                     evidence=[hint.evidence])
    if len(traits) < 3:
        result.notes.append(f"Only {len(traits)} voice trait(s) could be grounded in quotes from the files.")
    return list(traits.values())
