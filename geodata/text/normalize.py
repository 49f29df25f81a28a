"""Normalisation of Arabic news text for matching, keeping a map back to the original offsets.

Every output character records the index of the input character it came from, so a match
found in normalised text can be reported as a span of the text the user gave.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
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


def _char_class(codes: Iterable[int]) -> re.Pattern[str]:
    """A pattern matching any one of the characters ``codes``, written as ranges."""
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile("[" + "".join(re.escape(chr(low)) + ("-" + re.escape(chr(high)) if high > low else "")
                                    for low, high in ranges) + "]")


def _folded_forms(table: dict[int, str]) -> dict[str, str]:
    """``table`` keyed by character. No folded form may contain a character that folds, or
    replacing one kind of character at a time (see ``normalize``) would differ from translate."""
    folded = {chr(code): form for code, form in table.items()}
    if any(char in folded for form in folded.values() for char in form):
        raise RuntimeError("normalisation must be idempotent: a folded form contains a character that folds")
    return folded


_TABLE, _UNEVEN = _translation()
_FOLDED = _folded_forms(_TABLE)
# str.translate looks every character up in the table, which costs more than a few passes of
# str.replace over the kinds of characters an article actually has (ة أ ى ...), up to this many;
# but less than looking for those kinds, in a text shorter than _SHORT.
_MAX_REPLACED_KINDS = 24
_SHORT = 64
# Characters normalisation changes in nearly every article: a substring search finds each
# faster than a pattern finds their many occurrences. The pattern looks for the rest.
_FREQUENT = "ةأإآىئؤ\n"
_RARE = _char_class(set(_TABLE) - set(map(ord, _FREQUENT)))
# Offsets of text that normalisation leaves in place are 0, 1, 2 ...: slicing them from one
# shared tuple saves making an int object per character of every article.
_IDENTITY = tuple(range(1 << 15))


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


# "مفـ ـخخـ ـة"، "تنـ.ـظيم": some outlets cut a word with tatweels and a space or a dot between
# them (to get past filters); what lies between two tatweels is dropped with them
_TATWEEL = "\u0640"
_CUT_WORD = re.compile(r"(?<=\u0640)[ .]{1,3}(?=\u0640)")


def _cut_spans(text: str) -> list[tuple[int, int]]:
    """The spans between two tatweels that join the halves of a cut word (none in most texts)."""
    return [match.span() for match in _CUT_WORD.finditer(text)] if _TATWEEL in text else []


def normalize_with_offsets(text: str) -> NormalizedText:
    """Normalise ``text`` for matching and keep the offset of every output character."""
    cuts = _cut_spans(text)
    if cuts:
        kept = [index for index in range(len(text)) if not any(start <= index < end for start, end in cuts)]
        joined = normalize_with_offsets("".join(text[index] for index in kept))
        return NormalizedText(joined.text, tuple(kept[offset] for offset in joined.offsets), len(text))
    folded = normalize(text)
    identity = _identity(len(text))
    if len(folded) == len(text) and not _UNEVEN.search(text):
        return NormalizedText(folded, identity, len(text))
    offsets: list[int] = []
    position = 0
    for special in _UNEVEN.finditer(text):
        index = special.start()
        offsets += identity[position:index]
        offsets += [index] * len(_TABLE[ord(special.group())])
        position = index + 1
    offsets += identity[position:]
    return NormalizedText(folded, tuple(offsets), len(text))


def _identity(length: int) -> tuple[int, ...]:
    return _IDENTITY[:length] if length <= len(_IDENTITY) else tuple(range(length))


def normalize(text: str) -> str:
    """Normalise ``text`` for matching: no diacritics or tatweel, one alef, ha for ta marbuta,
    ya for alef maqsura, Arabic letters for Persian forms, Western digits, lower-case Latin;
    the halves of a word cut with tatweels ("مفـ ـخخـ ـة") joined."""
    if _TATWEEL in text:
        text = _CUT_WORD.sub("", text)
    if len(text) < _SHORT:
        return text.translate(_TABLE)
    kinds = {char for char in _FREQUENT if char in text}
    kinds.update(_RARE.findall(text))
    if len(kinds) > _MAX_REPLACED_KINDS:
        return text.translate(_TABLE)
    for char in kinds:
        text = text.replace(char, _FOLDED[char])
    return text


def collapse_spaces(text: str) -> str:
    """Single spaces between words, none at the ends."""
    return " ".join(text.split())


def normalize_phrase(text: str) -> str:
    """Normalised form of a dictionary phrase (names, cue words): normalised, spaces collapsed."""
    return collapse_spaces(normalize(text))
