"""Turning an uploaded file's bytes into text: byte-order marks, UTF-16/32 without a mark, UTF-8,
and files that mix UTF-8 with a legacy encoding line by line (a sheet pasted together from two
exports). Shared by the importers and the brand-kit builder; callers word their own errors.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

LEGACY_ENCODING = "cp1252"
"""What a line that is not UTF-8 is read as: Windows-1252, a superset of Latin-1 for text."""

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: its mark starts with UTF-16-LE's
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WIDE = ("utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be")
_SHOWN_LINES = 10


@dataclass(frozen=True)
class Decoded:
    """A file's text, the encoding it was read in, and the lines that needed a fallback."""

    text: str
    encoding: str
    legacy_lines: tuple[int, ...] = ()
    """1-based lines that were not valid UTF-8 and were read as Windows-1252."""
    mixed: bool = False
    """True when other lines held UTF-8 beyond ASCII: the file mixes two encodings."""
    replaced: bool = False
    """True when undecodable bytes of a UTF-16/32 file were replaced by U+FFFD."""

    def warning(self, name: str) -> str | None:
        """A sentence for the person importing the file, or None when decoding was clean."""
        if self.replaced:
            return f"{name}: some bytes are not valid {self.encoding.upper()} and were replaced by \ufffd (was the file cut short?)."
        if not self.legacy_lines:
            return None
        shown = ", ".join(str(line) for line in self.legacy_lines[:_SHOWN_LINES])
        more = f" and {len(self.legacy_lines) - _SHOWN_LINES:,} more" if len(self.legacy_lines) > _SHOWN_LINES else ""
        if self.mixed:
            return (
                f"{name} mixes UTF-8 with another encoding: line(s) {shown}{more} are not UTF-8 and were read as "
                "Windows-1252 (Latin-1). Check those rows for wrong accented letters, or save the file as UTF-8."
            )
        return (
            f"{name} is not UTF-8; it was read as Windows-1252 (Latin-1), line(s) {shown}{more} hold accented "
            "letters. If they look wrong, save the file as UTF-8 and import it again."
        )


def decode(data: bytes) -> Decoded:
    """Decode any bytes; never raises. Whether the result is text at all is the caller's check."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_wide(data, encoding)
    wide = _looks_wide(data)
    if wide:
        return _decode_wide(data, wide)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _decode_by_line(data)


def looks_binary(text: str) -> bool:
    """True for decoded text that holds NUL characters or more than 1% other control characters."""
    sample = text[:65536]
    if "\x00" in sample:
        return True
    control = sum(1 for char in sample if unicodedata.category(char) == "Cc" and char not in "\t\n\r")
    return bool(sample) and control / len(sample) > 0.01


def _decode_wide(data: bytes, encoding: str) -> Decoded:
    try:
        text = data.decode(encoding)
        replaced = False
    except UnicodeDecodeError:
        text, replaced = data.decode(encoding, errors="replace"), True
    return Decoded(text.removeprefix("\ufeff"), encoding.replace("_", "-"), replaced=replaced)


def _looks_wide(data: bytes) -> str | None:
    """UTF-16/32 without a byte-order mark: zero bytes in every other (or every fourth) place
    for Latin text, or, for other scripts, charset-normalizer's guess when it is UTF-16/32."""
    sample = data[:4096]
    if len(sample) < 32:
        return None  # too little to tell UTF-16 from bytes that merely hold zeros
    if b"\x00" in sample:
        even, odd = sample[0::2], sample[1::2]
        even_zeros, odd_zeros = even.count(0) / len(even), odd.count(0) / max(1, len(odd))
        if odd_zeros > 0.3 and even_zeros < 0.05:
            return "utf-16-le"
        if even_zeros > 0.3 and odd_zeros < 0.05:
            return "utf-16-be"
    else:
        head = data[:65536]
        try:
            head.decode("utf-8")
            return None
        except UnicodeDecodeError as error:
            if error.start >= len(head) - 3:
                return None  # UTF-8 cut inside its last character
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536], cp_isolation=list(_WIDE)).best()
    if best is None or best.encoding not in _WIDE:
        return None
    return best.encoding.replace("_", "-")


def _decode_by_line(data: bytes) -> Decoded:
    """UTF-8 wherever it is valid; each line that is not is read as Windows-1252 on its own, so
    a file mixing both keeps its UTF-8 rows intact instead of turning them into mojibake."""
    parts: list[str] = []
    legacy_lines: list[int] = []
    position, line_number = 0, 1
    while True:
        try:
            parts.append(data[position:].decode("utf-8"))
            break
        except UnicodeDecodeError as error:
            bad = position + error.start
            line_start = max(position, data.rfind(b"\n", position, bad) + 1)
            line_end = data.find(b"\n", bad)
            line_end = len(data) if line_end < 0 else line_end + 1
            parts.append(data[position:line_start].decode("utf-8"))
            line_number += data.count(b"\n", position, line_start)
            parts.append(_legacy(data[line_start:line_end]))
            legacy_lines.append(line_number)
            line_number += data.count(b"\n", line_start, line_end)
            position = line_end
    text = "".join(parts)
    mixed = any(not part.isascii() for part in parts[0::2])  # parts alternate: UTF-8, legacy, UTF-8...
    encoding = f"utf-8+{LEGACY_ENCODING}" if mixed else LEGACY_ENCODING
    return Decoded(text, encoding, tuple(legacy_lines), mixed=mixed)


def _legacy(line: bytes) -> str:
    try:
        return line.decode(LEGACY_ENCODING)
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
        return line.decode("latin-1")
