"""Sentence splitting for Arabic news text, keeping character spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A full stop, question or exclamation mark (Arabic or Latin), an Arabic semicolon or a line
# break ends a sentence (a full stop between two digits is a decimal point); closing quotes
# and brackets that follow stay with it.
_BOUNDARY = re.compile(r"(?:(?:[!?؟…۔]|(?<!\d)\.|\.(?!\d))+|؛|\n)[\"'”’»)\]]*")


@dataclass(frozen=True)
class Sentence:
    """A sentence and its ``start:end`` span in the text it was cut from."""

    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; whitespace around each sentence is not part of its span."""
    sentences: list[Sentence] = []
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        _append_trimmed(sentences, text, start, boundary.end())
        start = boundary.end()
    _append_trimmed(sentences, text, start, len(text))
    return sentences


def _append_trimmed(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and (text[start].isspace() or text[start] in ".؛"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if any(char.isalnum() for char in text[start:end]):
        sentences.append(Sentence(start, end, text[start:end]))
