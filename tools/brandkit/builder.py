"""Assemble a `BrandKit` from read sources: measured fields, extracted vocabulary, model descriptions.

Everything is built in memory and validated by the model before the store writes a byte.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

import numpy as np

from core.embeddings import Embedder
from core.errors import InputError
from core.llm.base import ChatModel
from core.tokens import TokenCounter
from tools.brandkit import extract, roles, shapes
from tools.brandkit.describe import Description, describe
from tools.brandkit.extract import Passage
from tools.brandkit.limits import stated_limits
from tools.brandkit.model import BrandKit, Claim, Colour, Evidence, Example, SourceFile, Vocabulary
from tools.brandkit.sources import SourceDoc
from tools.brandkit.text import normalize, shorten, split_sentences, words

EXAMPLES_IN_KIT = 16
EXAMPLE_MAX_CHARS = 240
PALETTE_MAX = 8

ItemT = TypeVar("ItemT")


@dataclass
class Built:
    kit: BrandKit
    passages: list[Passage]
    vectors: np.ndarray


def clip_example(text: str, max_chars: int = EXAMPLE_MAX_CHARS) -> str:
    """Whole sentences up to `max_chars` (a verbatim prefix of the passage)."""
    text = " ".join(text.split())
    if len(text) <= max_chars:
        return text
    kept = ""
    for sentence in split_sentences(text):
        candidate = f"{kept} {sentence}".strip()
        if len(candidate) > max_chars:
            break
        kept = candidate
    return kept or shorten(text, max_chars)


def representative(found: Sequence[Passage], vectors: np.ndarray, limit: int | None = None) -> list[Example]:
    """A small set of examples that covers every file: exemplars and best posts first, then, per file
    (in proportion to its passages), the passages closest to that file's centre that do not repeat each other."""
    limit = limit or EXAMPLES_IN_KIT
    if not found:
        return []
    chosen: list[int] = [i for i, p in enumerate(found) if p.kind == "exemplar"][: limit // 4]
    posts = [i for i, p in enumerate(found) if p.kind == "post" and p.metrics]
    chosen += sorted(posts, key=lambda i: -found[i].engagement)[: limit // 3]
    by_file: dict[str, list[int]] = {}
    for i, passage in enumerate(found):
        if i not in chosen and len(words(passage.text)) >= 6:
            by_file.setdefault(passage.source, []).append(i)
    remaining = limit - len(chosen)
    total = sum(len(indices) for indices in by_file.values())
    for source in sorted(by_file, key=lambda s: -len(by_file[s])):
        candidates = list(by_file[source])
        quota = max(1, round(remaining * len(candidates) / total)) if total else 0
        centre = vectors[candidates].mean(axis=0)
        picked: list[int] = []
        while len(picked) < quota and candidates and len(chosen) < limit:
            relevance = vectors[candidates] @ centre
            redundancy = (vectors[candidates] @ vectors[picked].T).max(axis=1) if picked else np.zeros(len(candidates))
            best = candidates[int(np.argmax(0.7 * relevance - 0.3 * redundancy))]
            picked.append(best)
            chosen.append(best)
            candidates.remove(best)
    return [
        Example(text=clip_example(found[i].text), source=found[i].source, kind=found[i].kind, metrics=found[i].metrics)  # type: ignore[arg-type]
        for i in chosen
    ]


def palette(docs: Sequence[SourceDoc]) -> list[Colour]:
    """Dominant colours across the images, each with the image it came from."""
    images = [doc for doc in docs if doc.is_image]
    merged: list[dict] = []
    for doc in images:
        for hex_code, share in doc.palette:
            rgb = tuple(int(hex_code[i : i + 2], 16) for i in (1, 3, 5))
            proof = Evidence(source=doc.name, quote=f"dominant colour {hex_code}, {share:.0%} of the image")
            for entry in merged:
                if sum(abs(a - b) for a, b in zip(entry["rgb"], rgb, strict=True)) < 24:
                    entry["share"] += share / len(images)
                    if len(entry["evidence"]) < 3:
                        entry["evidence"].append(proof)
                    break
            else:
                merged.append({"hex": hex_code, "rgb": rgb, "share": share / len(images), "evidence": [proof]})
    merged.sort(key=lambda entry: -entry["share"])
    return [
        Colour(hex=entry["hex"], share=round(min(entry["share"], 1.0), 3), evidence=entry["evidence"])
        for entry in merged[:PALETTE_MAX]
    ]


def _sources_of(item: object) -> set[str]:
    """The files an item's evidence (or an example's source) names."""
    found = {proof.source for proof in getattr(item, "evidence", None) or []}
    source = getattr(item, "source", None)
    if isinstance(source, str):
        found.add(source)
    return found


def carry(previous: Sequence[ItemT], current: Sequence[ItemT], available: set[str], key: Callable[[ItemT], str]) -> list[ItemT]:
    """`current`, plus previous items that came only from files this build cannot re-read.

    A kit imported from YAML has no stored sources: when more files are added later, what
    it learned from its original files is kept rather than lost.
    """
    kept = list(current)
    keys = {key(item) for item in kept}
    for item in previous:
        sources = _sources_of(item)
        if sources and not (sources & available) and "user" not in sources and key(item) not in keys:
            kept.append(item)
            keys.add(key(item))
    return kept


def build_kit(
    name: str,
    docs: Sequence[SourceDoc],
    *,
    version: int,
    created_at: datetime,
    source_files: Sequence[SourceFile],
    previous: BrandKit | None,
    chat_model: ChatModel,
    embedder: Embedder,
    tokens: TokenCounter,
    context_tokens: int = 4096,
    progress: Callable[[str], None] | None = None,
) -> Built:
    """A validated kit from every source of this version (earlier uploads included)."""
    say = progress or (lambda _message: None)
    text_docs = roles.separate([doc for doc in docs if not doc.is_image])
    terms = extract.avoided_terms(text_docs)
    found = extract.on_brand(extract.passages(text_docs), terms)
    if not found and not any(doc.is_image for doc in docs) and previous is None:
        raise InputError("None of the files has text or images to learn a brand from.")
    say(f"measuring {len(found)} examples")
    vectors = embedder.embed([passage.text for passage in found]) if found else np.zeros((0, embedder.dimension), np.float32)

    formatting = extract.measure_formatting(found, text_docs)
    posts = [passage for passage in found if passage.kind == "post"]
    hints = [*shapes.table_traits(text_docs), *extract.trait_hints(text_docs)]
    if found:
        description = describe(
            name, text_docs, found, vectors, hints,
            chat_model=chat_model, embedder=embedder, tokens=tokens, context_tokens=context_tokens, progress=say,
        )
    else:
        description = Description()
    available = {doc.name for doc in docs}
    old = previous

    def keep(current: Sequence[ItemT], earlier: Sequence[ItemT]) -> list[ItemT]:
        return carry(earlier, current, available, _key)

    def one(current: ItemT | None, earlier: ItemT | None) -> ItemT | None:
        if current is not None or earlier is None or _sources_of(earlier) & available:
            return current
        return earlier

    cta = _unique([*extract.cta_patterns(text_docs, posts), *description.cta_patterns])[:5]
    source_rules = [rule for rule in (old.rules if old else []) if rule.origin == "source"]
    user_rules = [rule for rule in (old.rules if old else []) if rule.origin == "user"]
    kit = BrandKit(
        name=name,
        version=version,
        created_at=created_at,
        sources=list(source_files),
        audience=one(description.audience, old.audience if old else None),
        promise=one(description.promise, old.promise if old else None),
        selling_points=keep(description.selling_points, old.selling_points if old else []),
        voice_traits=keep(description.voice_traits, old.voice_traits if old else [])[:6],
        vocabulary=Vocabulary(
            signature_phrases=keep(extract.signature_phrases(found, terms), old.vocabulary.signature_phrases if old else []),
            avoid=keep(terms, old.vocabulary.avoid if old else []),
        ),
        formatting=formatting if found or old is None else old.formatting,
        cta_patterns=keep(cta, old.cta_patterns if old else []),
        cta_required=one(extract.cta_required(text_docs, posts), old.cta_required if old else None),
        example_hooks=keep(extract.example_hooks(found), old.example_hooks if old else []),
        palette=keep(palette(docs), old.palette if old else []),
        rules=[*keep(extract.source_rules(text_docs), source_rules), *user_rules],
        limits=keep(stated_limits(text_docs), old.limits if old else []),
        examples=keep(representative(found, vectors), old.examples if old else []),
        described_by=chat_model.name if found else (old.described_by if old else "none"),
        notes=description.notes,
    )
    return Built(kit=kit, passages=found, vectors=vectors)


def _key(item: object) -> str:
    if getattr(item, "kind", None) in ("hashtags", "emoji", "exclamations", "exclamation_runs", "questions", "words",
                                       "sign_off", "casing") and hasattr(item, "allowed"):
        return f"limit:{item.kind}"  # type: ignore[attr-defined]
    for attribute in ("text", "term", "name", "hex"):
        value = getattr(item, attribute, None)
        if isinstance(value, str):
            return normalize(value)
    return ""


def _unique(claims: Sequence[Claim]) -> list[Claim]:
    seen: dict[str, Claim] = {}
    for claim in claims:
        seen.setdefault(normalize(claim.text), claim)
    return list(seen.values())
