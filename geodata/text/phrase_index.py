"""Find many phrases in normalised Arabic text in one pass (Aho-Corasick).

Phrases are normalised and may carry attached prefixes on their first word (و ف ب ل ك, ال).
A phrase ending in "*" also matches when its last word continues ("استهدف*" finds استهدفت).
Where hits overlap, the leftmost, then longest, wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, NamedTuple, TypeVar

import ahocorasick

from geodata.text import is_word_char, normalize_phrase, prefixed_forms
from geodata.text.prefixes import ARTICLE

T = TypeVar("T")
_new_tuple = tuple.__new__
WILDCARD = "*"


class PhraseHit(NamedTuple):
    """A phrase found at ``start:end`` of the normalised text; ``phrase`` is its entry and
    ``value`` what its finder gives it. A named tuple: every article makes scores of hits,
    and a frozen dataclass costs several times as much to build."""

    start: int
    end: int
    phrase: str
    value: Any
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

    def find(self, text: str) -> list[PhraseHit]:
        """Non-overlapping hits in ``text`` (already normalised), leftmost-longest."""
        if not self.size:
            return []
        return self.chosen(text, self._automaton.iter(text))

    def chosen(self, text: str, found: Iterable[tuple[int, _Entry[T]]]) -> list[PhraseHit]:
        """The hits ``find`` gives, from where this finder's forms end in ``text`` (``last``,
        ``forms[form]``), as an automaton that also holds other words finds them."""
        candidates = []
        for last, entry in found:
            span = _span(text, last, entry)
            if span is not None:
                candidates.append((*span, entry))
        return _leftmost_longest(candidates)


class MultiPhraseFinder:
    """Several finders scanned in one pass; each concern keeps its own leftmost-longest choice.
    ``others`` are more words to look for in the same pass, in named groups (group -> form ->
    value): ``scan`` tells where each ends, unfiltered, for whoever owns them to choose among.

    The automaton holds each phrase once, without the prefixes its written forms attach to it
    ("صواريخ" for "بالصواريخ", "والصواريخ" ...): a hit is the whole word the phrase ends, read
    off the text and looked up among the concern's forms. Holding every written form made the
    automaton three times as large (some 226,000 nodes with the gazetteer's forms instead of
    84,000), and walking it cost more in memory reads than anything else in an article's scan.
    """

    def __init__(
        self, finders: dict[str, PhraseFinder[Any]], others: Mapping[str, Mapping[str, Any]] | None = None
    ) -> None:
        stems: dict[str, list[str]] = {}  # phrase without attached prefixes -> the concerns whose forms end in it
        reach = 0
        prefix_letters: set[str] = set()
        for concern, finder in finders.items():
            for form, entry in finder.forms.items():
                stem = _stem(form, entry.phrase)
                reach = max(reach, len(form) - len(stem))
                prefix_letters.update(form[:len(form) - len(stem)])
                concerns = stems.setdefault(stem, [])
                if concern not in concerns:
                    concerns.append(concern)
        extra: dict[str, list[tuple[str, Any]]] = {}
        for group, words in (others or {}).items():
            for form, value in words.items():
                extra.setdefault(form, []).append((group, value))
        self.concerns = tuple(finders)
        self.groups = tuple(others or {})
        self._forms = {concern: finder.forms for concern, finder in finders.items()}
        self._reach = reach  # the most letters a written form attaches before its stem
        self._prefix_letters = frozenset(prefix_letters)
        self._automaton = ahocorasick.Automaton()
        for word in {**stems, **extra}:
            self._automaton.add_word(word, (len(word), tuple(stems.get(word, ())), tuple(extra.get(word, ()))))
        self._automaton.make_automaton()

    def find(self, text: str) -> dict[str, list[PhraseHit]]:
        """Hits per concern, as each finder's own ``find`` would give them, except that a hit
        must start where a word starts and (unless open-ended) end where a word ends."""
        return self.scan(text)[0]

    def scan(self, text: str) -> tuple[dict[str, list[PhraseHit]], dict[str, list[tuple[int, Any]]]]:
        """``find``, and for each group of other words, ``(last, value)`` of each found, ``last``
        the offset of its last letter, in text order."""
        candidates: dict[str, list[tuple[int, int, _Entry[Any]]]] = {concern: [] for concern in self.concerns}
        others: dict[str, list[tuple[int, Any]]] = {group: [] for group in self.groups}
        size, reach, forms, prefix_letters = len(text), self._reach, self._forms, self._prefix_letters
        for last, (length, concerns, extra) in self._automaton.iter(text):
            for group, value in extra:
                others[group].append((last, value))
            if not concerns:
                continue
            # back over the letters written forms attach before a stem (و ف ب ل ك ا) to where the
            # word starts; a stem inside a word (most are) stops at its first other letter
            start = last - length + 1
            if start and text[start - 1] in prefix_letters:
                floor = max(0, start - reach)
                while start > floor and text[start - 1] in prefix_letters:
                    start -= 1
            elif not ((first := text[start]).isalnum() or first == "_"):
                continue  # a form that does not open with a word character never starts a word
            if start and ((before := text[start - 1]).isalnum() or before == "_"):  # \w inlined
                continue
            end = last + 1
            written = text[start:end]
            ends_word = end == size or not ((after := text[end]).isalnum() or after == "_")
            for concern in concerns:
                entry = forms[concern].get(written)
                if entry is None:
                    continue
                found = candidates[concern]
                if found and found[-1][0] == start and found[-1][2] is entry:
                    continue  # the same written form, reached from a second stem of the concern
                if entry.open_end:
                    found.append((start, _word_end(text, end), entry))
                elif ends_word and ((closing := written[-1]).isalnum() or closing == "_"):
                    found.append((start, end, entry))
        hits = {concern: _leftmost_longest(found) if found else [] for concern, found in candidates.items()}
        return hits, others


def _stem(form: str, phrase: str) -> str:
    """What a written form of ``phrase`` ends with: the phrase, or for a phrase with the article
    written after ل, the phrase with ل for its alef ("للميادين", "وللميادين" for "الميادين")."""
    if form.endswith(phrase):
        return phrase
    contracted = "ل" + phrase[1:] if phrase.startswith(ARTICLE) else ""
    return contracted if contracted and form.endswith(contracted) else form


def _span(text: str, last: int, entry: _Entry[T]) -> tuple[int, int] | None:
    """The span of ``entry`` ending at ``last``, or None when it does not stand on word boundaries."""
    start, end = last - len(entry.form) + 1, last + 1
    if start > 0 and is_word_char(text[start - 1]):
        return None
    if not entry.open_end and end < len(text) and is_word_char(text[end]):
        return None
    return start, (_word_end(text, end) if entry.open_end else end)


def _leftmost_longest(candidates: list[tuple[int, int, _Entry[T]]]) -> list[PhraseHit]:
    """The hits kept of candidate ``(start, end, entry)``: leftmost, then longest, then first
    found; only those kept are made into hits."""
    if len(candidates) > 1:
        candidates.sort(key=_leftmost_then_longest)
    kept: list[tuple[int, int, _Entry[T]]] = []
    for candidate in candidates:
        if not kept or candidate[0] >= kept[-1][1]:
            kept.append(candidate)
    # tuple.__new__ directly: the named tuple's own __new__ is a Python function, a call per hit
    return [_new_tuple(PhraseHit, (start, end, entry.phrase, entry.value, entry.prefix)) for start, end, entry in kept]


def _leftmost_then_longest(candidate: tuple[int, int, _Entry[Any]]) -> tuple[int, int]:
    return candidate[0], candidate[0] - candidate[1]


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
