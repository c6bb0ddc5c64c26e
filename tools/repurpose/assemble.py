"""Each format built from the script's own parts, no model: every sentence is one the script (and its
brand check) already had, so each piece keeps exactly the evidence of the part it came from.

Where a limit forces a cut (an X caption of 280 characters), later beats are left out and their
citations are reported missing, rather than re-attached to sentences they do not support.
"""

from __future__ import annotations

import itertools
import re

from tools.repurpose.limits import (
    EMAIL_BODY,
    EMAIL_PREHEADER,
    EMAIL_SUBJECT,
    THREAD_POST,
    THREAD_POSTS,
    caption_limit,
)
from tools.repurpose.models import (
    Caption,
    EmailTeaser,
    Piece,
    ScriptSource,
    Thread,
    VoiceRead,
)
from tools.script import ScriptPart
from tools.voice.pace import estimate_seconds
from tools.voice.script import clean

LINK = "[LINK]"
_NUMBER_ROOM = len(" 10/10")  # the "n/N" each thread post ends with


def piece(part: ScriptPart) -> Piece:
    return Piece(text=clean(part.text), evidence=list(part.evidence))


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary, with an ellipsis, so that the result is at most `limit` characters."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-")
    return cut + "…"


def split_sentences(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, broken between sentences, else between words."""
    sentences = re.split(r"(?<=[.!?…])\s+", text.strip())
    chunks: list[str] = []
    for sentence in sentences:
        while len(sentence) > limit:
            head = sentence[:limit].rsplit(" ", 1)[0] or sentence[:limit]
            chunks.append(head)
            sentence = sentence[len(head):].strip()
        if chunks and len(chunks[-1]) + 1 + len(sentence) <= limit:
            chunks[-1] = f"{chunks[-1]} {sentence}"
        elif sentence:
            chunks.append(sentence)
    return chunks


def caption(source: ScriptSource) -> Caption:
    draft = source.draft
    limit = caption_limit(source.platform).max_value
    beats = [piece(beat) for beat in draft.beats]
    head, selling, close = piece(draft.hook), piece(draft.selling_point), piece(draft.call_to_action)
    paragraphs = [head, selling, *beats, close]
    notes = []
    while len("\n\n".join(p.text for p in paragraphs)) > limit and beats:
        dropped = beats.pop()
        paragraphs.remove(dropped)
        notes.append(f"Left out “{shorten(dropped.text, 40)}” to fit {limit} characters.")
    if len("\n\n".join(p.text for p in paragraphs)) > limit:
        # Hook, selling point and call to action alone are too long: keep the hook and the call to action.
        paragraphs = [head, close]
        notes.append("Kept only the hook and the call to action to fit the limit.")
        if len("\n\n".join(p.text for p in paragraphs)) > limit:
            room = max(limit - len(close.text) - 2, 20)
            paragraphs = [Piece(text=shorten(head.text, room), evidence=head.evidence), close]
    return Caption(platform=source.platform, paragraphs=paragraphs, notes=notes)


def thread(source: ScriptSource) -> Thread:
    """Hook first, a beat a post, the call to action last; short neighbours share a post."""
    room = THREAD_POST.max_value - _NUMBER_ROOM
    posts: list[Piece] = []
    for _name, part in source.draft.parts():
        for chunk in split_sentences(clean(part.text), room):
            posts.append(Piece(text=chunk, evidence=list(part.evidence)))
    while len(posts) > THREAD_POSTS.max_value:
        # Merge the shortest neighbouring pair that fits in one post; stop if none fits.
        pairs = [(len(a.text) + len(b.text), i) for i, (a, b) in enumerate(itertools.pairwise(posts)) if len(a.text) + 1 + len(b.text) <= room]
        if not pairs:
            break
        _size, i = min(pairs)
        merged = Piece(text=f"{posts[i].text} {posts[i + 1].text}",
                       evidence=list(dict.fromkeys([*posts[i].evidence, *posts[i + 1].evidence])))
        posts[i : i + 2] = [merged]
    return Thread(posts=posts)


def voice_read(source: ScriptSource) -> VoiceRead:
    lines = [piece(part) for _name, part in source.draft.parts()]
    text = " ".join(line.text for line in lines)
    return VoiceRead(platform=source.platform, language=source.language, lines=lines,
                     estimate_s=estimate_seconds(text, source.platform, source.language))


def email_teaser(source: ScriptSource) -> EmailTeaser:
    draft = source.draft
    subject = Piece(text=shorten(clean(draft.hook.text), EMAIL_SUBJECT.max_value), evidence=list(draft.hook.evidence))
    preheader = Piece(text=shorten(clean(draft.selling_point.text), EMAIL_PREHEADER.max_value),
                      evidence=list(draft.selling_point.evidence))
    close = Piece(text=f"{clean(draft.call_to_action.text)} {LINK}", evidence=list(draft.call_to_action.evidence))
    body: list[Piece] = []
    notes = []
    budget = EMAIL_BODY.max_value - len(close.text) - 1
    for beat in draft.beats:
        candidate = piece(beat)
        used = sum(len(p.text) + 1 for p in body)
        if used + len(candidate.text) > budget:
            notes.append(f"Left out “{shorten(candidate.text, 40)}” to keep the teaser under {EMAIL_BODY.max_value} characters.")
            continue
        body.append(candidate)
    return EmailTeaser(subject=subject, preheader=preheader, body=[*body, close], notes=notes)


BUILDERS = {"caption": caption, "thread": thread, "voice_read": voice_read, "email_teaser": email_teaser}
