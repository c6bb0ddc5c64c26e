"""The chat model rewrites a format; code decides whether the rewrite is kept.

A rewrite is kept only when it (1) cites only ids the script has and keeps at least as many of
them as the assembled version, (2) stays within every hard limit, (3) adds no link, handle,
hashtag or figure the script does not have, and (4) scores no worse on the brand check (within
`BRAND_SLACK` points, and passing if the assembled version passes). Otherwise the assembled
version stands, with a note saying why.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from core import prompts
from core.errors import HooklineError
from core.llm.base import ChatModel
from tools.repurpose import assemble
from tools.repurpose.checks import BrandGate, hard_limits_met, run_checks
from tools.repurpose.limits import (
    CAPTION_FOLD,
    EMAIL_BODY,
    EMAIL_PREHEADER,
    EMAIL_SUBJECT,
    THREAD_POST,
    THREAD_POSTS,
    caption_limit,
)
from tools.repurpose.models import (
    AnyFormat,
    Caption,
    EmailTeaser,
    Piece,
    ScriptSource,
    Thread,
    VoiceRead,
)
from tools.voice.pace import estimate_seconds, pace_for
from tools.voice.script import clean

BRAND_SLACK = 5
MAX_TOKENS = 700
_NEW_STUFF = re.compile(r"https?://|www\.|@\w|#\w")
_FIGURE = re.compile(r"\d+(?:[.,]\d+)?")


class _Pieces(BaseModel):
    paragraphs: list[Piece] = Field(default_factory=list, max_length=8)


class _Posts(BaseModel):
    posts: list[Piece] = Field(min_length=1, max_length=12)


class _Lines(BaseModel):
    lines: list[Piece] = Field(min_length=1, max_length=16)


class _Email(BaseModel):
    subject: Piece
    preheader: Piece
    body: list[Piece] = Field(min_length=1, max_length=5)


def script_for_prompt(source: ScriptSource) -> str:
    lines = []
    for name, part in source.draft.parts():
        ids = f" [{', '.join(part.evidence)}]" if part.evidence else ""
        lines.append(f"{name}{ids}: {clean(part.text)}")
    return "\n".join(lines)


def _prompt(kind: str, source: ScriptSource, brand_summary: str) -> str:
    preamble = prompts.render("repurpose_common", brand_summary=brand_summary, language=source.language,
                              script=script_for_prompt(source))
    platform_name = source.platform.replace("_", " ")
    if kind == "caption":
        return prompts.render("repurpose_caption", preamble=preamble, platform_name=platform_name, paragraph_range="2 to 4",
                              fold=CAPTION_FOLD.max_value, max_chars=caption_limit(source.platform).max_value)
    if kind == "thread":
        return prompts.render("repurpose_thread", preamble=preamble, min_posts=3, max_posts=THREAD_POSTS.max_value,
                              max_chars=THREAD_POST.max_value - 6)
    if kind == "voice_read":
        words = len(source.draft.spoken_text().split())
        return prompts.render("repurpose_voice", preamble=preamble, words=words, platform_name=platform_name,
                              seconds=round(words / pace_for(source.platform, source.language).words_per_second))
    return prompts.render("repurpose_email", preamble=preamble, subject_chars=EMAIL_SUBJECT.max_value,
                          preheader_chars=EMAIL_PREHEADER.max_value, body_chars=EMAIL_BODY.max_value)


def _ask(model: ChatModel, kind: str, prompt: str, source: ScriptSource) -> AnyFormat:
    messages = [{"role": "user", "content": prompt}]
    if kind == "caption":
        reply = model.structured(messages, _Pieces, max_tokens=MAX_TOKENS)
        return Caption(platform=source.platform, paragraphs=reply.paragraphs, method="rewritten")
    if kind == "thread":
        return Thread(posts=model.structured(messages, _Posts, max_tokens=MAX_TOKENS).posts, method="rewritten")
    if kind == "voice_read":
        lines = model.structured(messages, _Lines, max_tokens=MAX_TOKENS).lines
        text = " ".join(line.text for line in lines)
        return VoiceRead(platform=source.platform, language=source.language, lines=lines, method="rewritten",
                         estimate_s=estimate_seconds(text, source.platform, source.language))
    reply = model.structured(messages, _Email, max_tokens=MAX_TOKENS)
    return EmailTeaser(subject=reply.subject, preheader=reply.preheader, body=reply.body, method="rewritten")


def _tidy(fmt: AnyFormat, source: ScriptSource, brand: BrandGate | None) -> list[str]:
    """Drop ids the script does not have, strip citation marks, apply the brand's deterministic fixes."""
    known = set(source.cited_ids()) | {item for _n, part in source.draft.parts() for item in part.evidence}
    dropped: set[str] = set()
    for piece in fmt.pieces():
        dropped |= {item for item in piece.evidence if item not in known}
        piece.evidence = [item for item in dict.fromkeys(piece.evidence) if item in known]
        piece.text = clean(piece.text)
        if brand is not None:
            piece.text = brand.fix(piece.text)
    return [f"ignored ids the script does not cite: {', '.join(sorted(dropped))}"] if dropped else []


def _invented(fmt: AnyFormat, source: ScriptSource) -> list[str]:
    original = source.draft.spoken_text()
    text = fmt.publishable() if not isinstance(fmt, Thread) else "\n".join(p.text for p in fmt.posts)
    if isinstance(fmt, EmailTeaser):
        text = text.replace(assemble.LINK, "")
    problems = []
    added = [m.group(0) for m in _NEW_STUFF.finditer(text) if m.group(0) not in original]
    if added:
        problems.append(f"it added a link, handle or hashtag ({added[0]})")
    figures = {m.group(0) for m in _FIGURE.finditer(text)} - {m.group(0) for m in _FIGURE.finditer(original)}
    if figures:
        problems.append(f"it added a figure the script does not have ({min(figures)})")
    return problems


def rewrite(kind: str, source: ScriptSource, assembled: AnyFormat, model: ChatModel, *,
            brand: BrandGate | None, brand_summary: str = "") -> AnyFormat:
    """The model's version of `kind` when it passes every check, else `assembled` with a note."""
    try:
        candidate = _ask(model, kind, _prompt(kind, source, brand_summary), source)
    except HooklineError as error:
        assembled.notes.append(f"The model's rewrite failed ({error}); this is the script's own wording.")
        return assembled
    notes = _tidy(candidate, source, brand)
    candidate.checks = run_checks(candidate, source, brand)
    base = assembled.checks or run_checks(assembled, source, brand)
    reasons = _invented(candidate, source)
    if not hard_limits_met(candidate):
        over = next(c for c in candidate.checks.limits if not c.ok and c.limit.hard)
        reasons.append(f"it broke a limit ({over.limit.name} {over.value}/{over.limit.max_value} {over.limit.unit})")
    if candidate.checks.citations_kept < base.citations_kept:
        reasons.append(f"it dropped citations ({', '.join(candidate.checks.missing_citations)})")
    if brand is not None and base.brand_score is not None and candidate.checks.brand_score is not None:
        if base.brand_passed and not candidate.checks.brand_passed:
            reasons.append("it failed the brand check")
        elif candidate.checks.brand_score < base.brand_score - BRAND_SLACK:
            reasons.append(f"its brand score fell to {candidate.checks.brand_score} (from {base.brand_score})")
    if reasons:
        assembled.notes.append("Kept the script's own wording: the model's rewrite was set aside because " + "; ".join(reasons) + ".")
        return assembled
    candidate.notes.extend(notes)
    return candidate
