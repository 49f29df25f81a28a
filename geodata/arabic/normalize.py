"""Normalisation of Arabic news text for matching, keeping a map back to the original offsets.

Every output character records the index of the input character it came from, so a match
found in normalised text can be reported as a span of the text the user gave.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Diacritics, Quranic marks and the superscript alef carry no meaning for place matching.
_DROPPED_RANGES = (
    (0x0610, 0x061A),
    (0x061C, 0x061C),  # Arabic letter mark
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06ED),
    (0x0640, 0x0640),  # tatweel
    (0x200B, 0x200F),  # zero-width and directional marks
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x2069),  # word joiner and bidi isolates
    (0xFEFF, 0xFEFF),
    (0x00AD, 0x00AD),  # soft hyphen
)

_LETTER_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "و", "ئ": "ي", "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي",
    "ة": "ه", "ۀ": "ه", "ە": "ه", "ہ": "ه", "ھ": "ه",
    "ک": "ك", "گ": "ك", "ڪ": "ك",
    "پ": "ب", "چ": "ج", "ژ": "ز", "ڤ": "ف", "ڨ": "ق",
}

_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}


def _is_dropped(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _DROPPED_RANGES)


def _fold_char(char: str) -> str:
    """The normalised form of one character (possibly empty, possibly several characters)."""
    if _is_dropped(char):
        return ""
    if char in _DIGITS:
        return _DIGITS[char]
    if char in _LETTER_MAP:
        return _LETTER_MAP[char]
    if char.isspace():
        return " "
    code = ord(char)
    if 0xFB50 <= code <= 0xFEFC or 0xFF00 <= code <= 0xFFEF:
        # presentation forms and full-width characters decompose to ordinary letters
        decomposed = unicodedata.normalize("NFKC", char)
        return char if decomposed == char else "".join(_fold_char(part) for part in decomposed)
    return char.lower() if char.isascii() else char


def _translation() -> tuple[dict[int, str], re.Pattern[str]]:
    """A str.translate table for every character that normalisation changes, and a pattern
    for those whose normalised form is not exactly one character (offsets shift there)."""
    candidates = set(_LETTER_MAP) | set(_DIGITS) | {chr(code) for code in range(0x41, 0x5B)}
    candidates |= {chr(code) for low, high in _DROPPED_RANGES for code in range(low, high + 1)}
    candidates |= {chr(code) for code in (*range(0xFB50, 0xFEFD), *range(0xFF00, 0xFFF0))}
    candidates |= {chr(code) for code in range(0x10000) if chr(code).isspace()}
    table = {ord(char): _fold_char(char) for char in candidates}
    table = {code: folded for code, folded in table.items() if folded != chr(code)}
    uneven = sorted(code for code, folded in table.items() if len(folded) != 1)
    pattern = re.compile("[" + "".join(re.escape(chr(code)) for code in uneven) + "]")
    return table, pattern


_TABLE, _UNEVEN = _translation()


@dataclass(frozen=True)
class NormalizedText:
    """Normalised text with, for each of its characters, the offset of the source character."""

    text: str
    offsets: tuple[int, ...]
    source_length: int

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span in the source text covered by normalised characters ``start:end``."""
        if start >= end:
            anchor = self.offsets[start] if start < len(self.offsets) else self.source_length
            return anchor, anchor
        return self.offsets[start], self.offsets[end - 1] + 1


def normalize_with_offsets(text: str) -> NormalizedText:
    """Normalise ``text`` for matching and keep the offset of every output character."""
    folded = text.translate(_TABLE)
    if len(folded) == len(text) and not _UNEVEN.search(text):
        return NormalizedText(folded, tuple(range(len(text))), len(text))
    offsets: list[int] = []
    position = 0
    for special in _UNEVEN.finditer(text):
        index = special.start()
        offsets.extend(range(position, index))
        offsets.extend([index] * len(_TABLE[ord(special.group())]))
        position = index + 1
    offsets.extend(range(position, len(text)))
    return NormalizedText(folded, tuple(offsets), len(text))


def normalize(text: str) -> str:
    """Normalise ``text`` for matching: no diacritics or tatweel, one alef, ha for ta marbuta,
    ya for alef maqsura, Arabic letters for Persian forms, Western digits, lower-case Latin."""
    return text.translate(_TABLE)


def collapse_spaces(text: str) -> str:
    """Single spaces between words, none at the ends."""
    return " ".join(text.split())


def normalize_phrase(text: str) -> str:
    """Normalised form of a dictionary phrase (names, cue words): normalised, spaces collapsed."""
    return collapse_spaces(normalize(text))
