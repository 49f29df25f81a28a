"""Word tokens of (normalised) Arabic text with their spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[\w\u0600-\u06FF]+")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str


def is_arabic_letter(char: str) -> bool:
    return "\u0621" <= char <= "\u064A" or "\u0671" <= char <= "\u06D3"


def is_word_char(char: str) -> bool:
    """True for letters and digits of any script: a place name may not continue into one."""
    return char.isalnum() or is_arabic_letter(char)


def is_regex_word_char(char: str) -> bool:
    """What ``\\w`` matches in a str pattern: a letter or digit of any script, or "_"."""
    return char.isalnum() or char == "_"


def tokenize(text: str) -> list[Token]:
    """Word tokens of ``text``; punctuation and spaces separate them."""
    return [Token(match.start(), match.end(), match.group()) for match in _WORD.finditer(text)]
