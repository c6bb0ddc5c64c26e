"""A comment in another language than the script's, read into the script's language before a part is written from it.

Asked to write an English line straight from a Spanish comment, the small model misreads it in the same step ("la
persona con coleta", the guest with the ponytail, became "co-location" in an eval draft). Asked only to translate the
comment, in a call of its own at temperature 0, it mostly gets it right. So each item a part is shown that is written
in another language is read first, and the part's prompt and checks use that reading under the item's own id: the
citation still points at the viewer's words, and the user sees Hookline's reading beside them to verify it.

A reading is kept only when it is in the script's language, not the comment copied back, of a sane length, and adds
no link, handle, code, price or date the comment does not have; otherwise the part is shown the original, as before.
Readings are cached per process (the angle question's wait computes them; the draft and its revisions reuse them).
"""

from __future__ import annotations

import logging
import re
import weakref
from collections.abc import Iterable

from agent.drafting.checks import QUOTED
from agent.drafting.language import Language, close_languages, detect, written_in
from agent.drafting.similarity import copied_run
from agent.safety import as_data, scrub_output
from agent.schemas import EvidenceItem
from core import prompts
from core.errors import HooklineError
from core.llm.base import ChatModel

log = logging.getLogger(__name__)

READ_KINDS = ("comment", "post")
WEAK_CONFIDENCE = 0.3
MAX_SOURCE_CHARS = 400  # a long comment's point is in its first lines; the rest costs seconds of prompt
MAX_TOKENS = 110
COPIED_WORDS = 4  # four words of the original in a row: the model copied the comment instead of translating it
CACHE_SIZE = 512
_PREAMBLE = re.compile(
    r"^\s*(sure|of course|certainly|here('s| is)|the (comment|translation)|translation|traducci[oó]n|claro|aquí)\b",
    re.IGNORECASE,
)
# One cache per chat model object (a test's scripted model must not see another's readings), dropped with the model.
_caches: weakref.WeakKeyDictionary[object, dict[tuple[str, str], str | None]] = weakref.WeakKeyDictionary()


def needs_reading(item: EvidenceItem, language: Language) -> bool:
    """A comment or post written in another language than the script's. A short post title is hard to place ("La única
    DERROTA de Ilia Topuria" reads as Catalan at 0.36), so a weak guess of another language is enough here: a
    needless reading costs one short call, and one that only copies the text back is not kept."""
    if item.kind not in READ_KINDS:
        return False
    if not written_in(item.text, language.code):
        return True
    found = detect(item.text)
    return found is not None and found[1] >= WEAK_CONFIDENCE and not close_languages(found[0], language.code)


def accept(reading: str, original: str, language: Language) -> bool:
    """True when the reading can stand in for the original in a part's prompt."""
    words = len(reading.split())
    if words < 3 or words > 2 * len(original.split()) + 12:
        return False
    if not written_in(reading, language.code) or copied_run(reading, [original], words=COPIED_WORDS):
        return False
    _cleaned, added = scrub_output(reading, [original])  # nothing the viewer did not write: links, codes, prices
    return not added


def _answer_line(raw: str) -> str:
    lines = [line.strip() for line in raw.strip().splitlines() if line.strip()]
    kept = [line for line in lines if not _PREAMBLE.match(line) and not line.endswith(":")]
    return (kept or [""])[0].strip().strip('"“”«»').strip()


def read_item(model: ChatModel, item: EvidenceItem, language: Language) -> str | None:
    """The item's text in the script's language, or None when the model's reading does not pass `accept`."""
    source = item.text[:MAX_SOURCE_CHARS]
    cache = _caches.setdefault(model, {})
    key = (language.code, source)
    if key in cache:
        return cache[key]
    messages = [
        {"role": "system", "content": prompts.render("agent_reading", language=language.name)},
        {"role": "user", "content": as_data(item.id, item.kind, source)},
    ]
    try:
        reply = model.chat(messages, max_tokens=MAX_TOKENS, temperature=0.0)  # type: ignore[arg-type]
    except HooklineError as error:  # a reading is an aid: without it the part is shown the original
        log.info("reading %s into %s failed: %s", item.id, language.name, error)
        return None
    reading = _answer_line(reply.text)
    kept = reading if accept(reading, source, language) else None
    if len(cache) >= CACHE_SIZE:
        cache.pop(next(iter(cache)))
    cache[key] = kept
    return kept


def readings(model: ChatModel, items: Iterable[EvidenceItem], language: Language) -> dict[str, str]:
    """Evidence id → its reading in the script's language, for the items that need one and got a good one."""
    found: dict[str, str] = {}
    for item in items:
        if item.id not in found and needs_reading(item, language):
            reading = read_item(model, item, language)
            if reading:
                found[item.id] = reading
    return found


def as_read(item: EvidenceItem, reading: str | None, language: Language) -> EvidenceItem:
    """The item as a part is shown it: its reading in the script's language, under its own id."""
    if not reading:
        return item
    note = f"put into {language.name} by Hookline"
    return item.model_copy(update={"text": reading, "detail": f"{item.detail}; {note}" if item.detail else note})



def read_angle(angle: str, items: Iterable[EvidenceItem], found: dict[str, str]) -> str:
    """The angle as the parts' prompts show it: a comment it quotes (“…”, maybe cut short) as its reading."""
    def swap(match: re.Match[str]) -> str:
        quoted = match.group(1).rstrip("…").strip()
        for item in items:
            if item.id in found and item.text.startswith(quoted):
                return f"“{found[item.id]}”"
        return match.group(0)

    return QUOTED.sub(swap, angle)
