"""Sentence splitting for Arabic news text, keeping character spans."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# A full stop, question or exclamation mark (Arabic or Latin), an Arabic semicolon or a line
# break ends a sentence (a full stop between two digits is a decimal point); closing quotes
# and brackets that follow stay with it. A full stop beside a tatweel, or after the first letter
# of a word and before the next, cuts a word in two to get past filters ("تنـ.ـظيم"، "د.اعش"):
# it ends nothing.
_BOUNDARY = re.compile(r"(?:(?:[!?؟…۔]|(?<!\u0640)(?!(?<=\s[\u0621-\u064A])\.[\u0621-\u064A])(?:(?<!\d)\.|\.(?!\d))(?!\u0640))+"
                       r"|؛|\n)[\"'”’»)\]]*")
# Every boundary starts with one of these. Searching for them first is much faster than
# letting _BOUNDARY try every position: its lookbehind keeps re from skipping ahead itself.
_BOUNDARY_START = re.compile(r"[!?؟…۔.؛\n]")
# What str.isalnum accepts: a word character that is not "_". A stretch with none is no sentence.
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class Sentence:
    """A sentence and its ``start:end`` span in the text it was cut from."""

    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; whitespace around each sentence is not part of its span."""
    return [Sentence(start, end, text[start:end]) for start, end in sentence_spans(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The ``start:end`` spans of the sentences ``split_sentences`` gives."""
    spans: list[tuple[int, int]] = []
    start = 0
    for end in _boundary_ends(text):
        _append_trimmed(spans, text, start, end)
        start = end
    _append_trimmed(spans, text, start, len(text))
    return spans


def _boundary_ends(text: str) -> Iterator[int]:
    """Where each match of ``_BOUNDARY.finditer(text)`` ends."""
    end = 0
    for candidate in _BOUNDARY_START.finditer(text):
        if candidate.start() >= end and (boundary := _BOUNDARY.match(text, candidate.start())):
            end = boundary.end()
            yield end


def _append_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and (text[start].isspace() or text[start] in ".؛"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if _LETTER_OR_DIGIT.search(text, start, end):
        spans.append((start, end))
