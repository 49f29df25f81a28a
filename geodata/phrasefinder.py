"""Find many phrases in normalised Arabic text in one pass (Aho-Corasick).

Phrases are normalised and may carry attached prefixes on their first word (و ف ب ل ك, ال).
A phrase ending in "*" also matches when its last word continues ("استهدف*" finds استهدفت).
Where hits overlap, the leftmost, then longest, wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import ahocorasick

from geodata.arabic import is_word_char, normalize_phrase, prefixed_forms
from geodata.arabic.prefixes import ARTICLE

T = TypeVar("T")
WILDCARD = "*"


@dataclass(frozen=True)
class PhraseHit(Generic[T]):
    """A phrase found at ``start:end`` of the normalised text; ``phrase`` is its entry."""

    start: int
    end: int
    phrase: str
    value: T
    prefix: str = ""


@dataclass(frozen=True)
class _Entry(Generic[T]):
    form: str
    phrase: str
    value: T
    prefix: str
    open_end: bool


class PhraseFinder(Generic[T]):
    """All the phrases of one concern (event triggers, actor names ...), ready to scan text."""

    def __init__(self, phrases: Iterable[tuple[str, T]]) -> None:
        self._automaton = ahocorasick.Automaton()
        forms: dict[str, _Entry[T]] = {}
        for raw, value in phrases:
            open_end = raw.endswith(WILDCARD)
            phrase = normalize_phrase(raw.rstrip(WILDCARD))
            if not phrase:
                continue
            for form, prefix in _written_forms(phrase):
                current = forms.get(form)
                if current is None or (current.prefix and not prefix):
                    forms[form] = _Entry(form, phrase, value, prefix, open_end)
        for form, entry in forms.items():
            self._automaton.add_word(form, entry)
        self.forms = forms
        self.size = len(forms)
        if forms:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[PhraseHit[T]]:
        """Non-overlapping hits in ``text`` (already normalised), leftmost-longest."""
        if not self.size:
            return []
        candidates = []
        for last, entry in self._automaton.iter(text):
            hit = _hit(text, last, entry)
            if hit is not None:
                candidates.append(hit)
        return _leftmost_longest(candidates)


class MultiPhraseFinder:
    """Several finders scanned in one pass; each concern keeps its own leftmost-longest choice."""

    def __init__(self, finders: dict[str, PhraseFinder[Any]]) -> None:
        combined: dict[str, list[tuple[str, _Entry[Any]]]] = {}
        for concern, finder in finders.items():
            for form, entry in finder.forms.items():
                combined.setdefault(form, []).append((concern, entry))
        self.concerns = tuple(finders)
        self._automaton = ahocorasick.Automaton()
        for form, entries in combined.items():
            self._automaton.add_word(form, (len(form), tuple(entries)))
        self._automaton.make_automaton()

    def find(self, text: str) -> dict[str, list[PhraseHit[Any]]]:
        """Hits per concern, as each finder's own ``find`` would give them."""
        candidates: dict[str, list[PhraseHit[Any]]] = {concern: [] for concern in self.concerns}
        starts, ends = word_edges(text)
        for last, (length, entries) in self._automaton.iter(text):
            start, end = last - length + 1, last + 1
            if not starts[start]:
                continue
            for concern, entry in entries:
                if entry.open_end:
                    candidates[concern].append(PhraseHit(start, _word_end(text, end), entry.phrase, entry.value, entry.prefix))
                elif ends[end]:
                    candidates[concern].append(PhraseHit(start, end, entry.phrase, entry.value, entry.prefix))
        return {concern: _leftmost_longest(hits) for concern, hits in candidates.items()}


_WORD_START = re.compile(r"(?<!\w)\w")
_WORD_END = re.compile(r"\w(?!\w)")


def word_edges(text: str) -> tuple[bytearray, bytearray]:
    """For each offset of ``text``, whether a word starts there and whether one ends there
    (the offset after its last letter)."""
    starts = bytearray(len(text) + 1)
    ends = bytearray(len(text) + 1)
    for match in _WORD_START.finditer(text):
        starts[match.start()] = 1
    for match in _WORD_END.finditer(text):
        ends[match.end()] = 1
    return starts, ends


def _hit(text: str, last: int, entry: _Entry[T]) -> PhraseHit[T] | None:
    """The hit of ``entry`` ending at ``last``, or None when it does not stand on word boundaries."""
    start, end = last - len(entry.form) + 1, last + 1
    if start > 0 and is_word_char(text[start - 1]):
        return None
    if not entry.open_end and end < len(text) and is_word_char(text[end]):
        return None
    end = _word_end(text, end) if entry.open_end else end
    return PhraseHit(start, end, entry.phrase, entry.value, entry.prefix)


def _leftmost_longest(candidates: list[PhraseHit[T]]) -> list[PhraseHit[T]]:
    candidates.sort(key=lambda hit: (hit.start, -(hit.end - hit.start)))
    kept: list[PhraseHit[T]] = []
    for hit in candidates:
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept


def _written_forms(phrase: str) -> list[tuple[str, str]]:
    """The phrase with attached prefixes; a cue word without the article also with it
    ("صواريخ" -> "الصواريخ", "بالصواريخ")."""
    first, _, rest = phrase.partition(" ")
    forms = []
    firsts = prefixed_forms(first)
    if not first.startswith(ARTICLE) and len(first) > 2:
        firsts += prefixed_forms(ARTICLE + first)
    for prefixed in firsts:
        # "للميادين" keeps its length: ل + ال with the alef dropped, so no prefix is split off
        prefix = prefixed[: max(0, len(prefixed) - len(first) - (2 if ARTICLE + first in prefixed else 0))]
        forms.append((f"{prefixed} {rest}" if rest else prefixed, prefix))
    return forms


def _word_end(text: str, index: int) -> int:
    while index < len(text) and is_word_char(text[index]):
        index += 1
    return index
