"""Text to Piper phoneme ids, with the `espeak-ng` program run as a separate process.

Piper voices are trained on espeak-ng's IPA, read one clause at a time: each clause's phonemes,
then the punctuation that ended it (", " ": " "; " keep the sentence going; "." "?" "!" end it),
decomposed to NFD code points, with espeak's "(fr)...(en)" language-switch flags removed. The ids
are the voice's `phoneme_id_map` with "^" first, "$" last and "_" after every phoneme.

espeak-ng runs as its own program (text on stdin, IPA on stdout), never loaded into this process:
it is GPL-3.0 and Hookline is not. `espeak-ng --ipa` prints each clause on its own line but drops
the punctuation, so the text is cut into clauses here, at the same marks espeak-ng ends a clause
on, and each clause keeps its own mark.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from core.errors import HooklineError

BOS, EOS, PAD = "^", "$", "_"
ESPEAK_TIMEOUT_S = 60
SENTENCE_ENDS = frozenset(".?!")
# A run of clause marks, then (optionally) closing quotes or brackets, then a space or the end. A
# period before a lower-case word is not an end ("e.g. this", "U.S.A. trip"): espeak-ng reads on.
_CLAUSE_MARK = re.compile(r"([.,:;!?…]+)[\"'”’)\]]*(?=\s|$)")
_LOWER_NEXT = re.compile(r"\s+[a-zà-ÿ]")
_LANGUAGE_FLAG = re.compile(r"\([^()]*\)")
# "[[...]]" makes espeak-ng read the inside as its own phoneme codes: script text is data, not codes.
_PHONEME_INPUT = re.compile(r"[\[\]]")


class PhonemeError(HooklineError):
    """espeak-ng could not turn text into phonemes."""


@dataclass(frozen=True)
class Clause:
    text: str
    mark: str
    """The punctuation Piper appends after the clause's phonemes: one of . ? ! , : ; or "" (none)."""


def espeak_safe(text: str) -> str:
    """Text as espeak-ng should read it: brackets (its phoneme-input syntax) become spaces."""
    return _PHONEME_INPUT.sub(" ", text)


def _mark_of(run: str) -> str:
    # Piper keeps the run's last mark ("?!" ends as "!", "..." as "."); espeak-ng's "…" ends a clause
    # with no mark Piper knows, so none is added.
    last = run[-1]
    return "" if last == "…" else last


def clauses(text: str) -> list[Clause]:
    """Cut text where espeak-ng ends a clause; each piece keeps the text of its mark."""
    text = " ".join(espeak_safe(text).split())
    pieces: list[Clause] = []
    start = 0
    for match in _CLAUSE_MARK.finditer(text):
        run = match.group(1)
        if run == "." and _LOWER_NEXT.match(text, match.end()):
            continue
        piece = text[start : match.end()].strip()
        start = match.end()
        if any(char.isalnum() for char in piece):
            pieces.append(Clause(piece, _mark_of(run)))
    rest = text[start:].strip()
    if any(char.isalnum() for char in rest):
        pieces.append(Clause(rest, ""))
    return pieces


def _run_espeak(program: str, voice: str, text: str) -> str:
    try:
        done = subprocess.run(
            [program, "-q", "--ipa", "-v", voice], input=text.encode("utf-8"),
            capture_output=True, timeout=ESPEAK_TIMEOUT_S, check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise PhonemeError(f"espeak-ng took over {ESPEAK_TIMEOUT_S} s to read a sentence; try shorter sentences.") from error
    except OSError as error:
        raise PhonemeError(f"espeak-ng could not run ({error}). Reinstall it: `sh scripts/ensure_voice.sh`.") from error
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}"
        raise PhonemeError(f"espeak-ng could not read the text in voice {voice!r}: {said}.")
    return done.stdout.decode("utf-8", "replace")


def _groups(output: str) -> list[str]:
    """espeak-ng's lines, one group per blank-line-separated paragraph, each group joined by spaces."""
    groups, current = [], []
    for line in output.splitlines():
        if line.strip():
            current.append(line.strip())
        elif current:
            groups.append(" ".join(current))
            current = []
    if current:
        groups.append(" ".join(current))
    return groups


def clause_phonemes(program: str, voice: str, pieces: Sequence[Clause]) -> list[str]:
    """espeak-ng's IPA for each clause: one process for all, a blank line between clauses (espeak-ng
    always ends a clause there). If the answer does not come back one group per clause (a clause it
    reads as nothing), each clause is asked on its own, so no phoneme lands on the wrong clause."""
    if not pieces:
        return []
    groups = _groups(_run_espeak(program, voice, "\n\n".join(piece.text for piece in pieces)))
    if len(groups) != len(pieces):
        groups = [" ".join(_groups(_run_espeak(program, voice, piece.text))) for piece in pieces]
    return groups


def _clean(ipa: str) -> str:
    return unicodedata.normalize("NFD", _LANGUAGE_FLAG.sub("", ipa)).strip()


def phonemize(text: str, *, program: str, voice: str) -> list[str]:
    """Piper's sentences of phonemes for `text` (e.g. ["həlˈoʊ, wˈɜːld.", "hˌaʊ ɑːɹ juː?"])."""
    pieces = clauses(text)
    sentences: list[str] = []
    current = ""
    for piece, ipa in zip(pieces, clause_phonemes(program, voice, pieces), strict=True):
        phonemes = _clean(ipa)
        if not phonemes:
            continue
        current += (" " if current and not current.endswith(" ") else "") + phonemes + piece.mark
        if piece.mark in SENTENCE_ENDS:
            sentences.append(current.strip())
            current = ""
        elif piece.mark:
            current += " "
    if current.strip():
        sentences.append(current.strip())
    return sentences


def phoneme_ids(phonemes: str, id_map: Mapping[str, Sequence[int]]) -> list[int]:
    """Piper's ids: "^", then every known phoneme followed by the pad "_", then "$". A code point the
    voice never saw is skipped, as Piper does."""
    ids = [*id_map[BOS], *id_map[PAD]]
    for phoneme in phonemes:
        if phoneme in id_map:
            ids.extend(id_map[phoneme])
            ids.extend(id_map[PAD])
    ids.extend(id_map[EOS])
    return ids
