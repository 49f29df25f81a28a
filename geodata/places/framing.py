"""The place-framing phrases of Arabic news (data/place_phrases.yaml), normalised and validated."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from geodata.datafiles import data_path, load_yaml, require_strings
from geodata.errors import DataFileError
from geodata.text import normalize_phrase, prefixed_forms

SECTIONS = (
    "settlement_nouns", "unresolved_after", "near_words", "between_words", "name_joiners",
    "not_names", "not_places", "needs_context", "spelling_pairs", "road_words", "direction_words",
    "governorate_nouns", "site_nouns", "person_titles", "outlet_names", "told_words", "given_names",
    "link_words", "name_qualifiers", "news_site_words",
)


@dataclass(frozen=True)
class PlacePhrases:
    """Normalised word sets; multi-word entries keep single spaces."""

    settlement_nouns: frozenset[str]
    unresolved_after: frozenset[str]
    near_words: frozenset[str]
    between_words: frozenset[str]
    name_joiners: frozenset[str]
    not_names: frozenset[str]
    not_places: frozenset[str]
    needs_context: frozenset[str]
    road_words: frozenset[str]
    direction_words: frozenset[str]
    governorate_nouns: frozenset[str]
    site_nouns: frozenset[str]
    spelling_pairs: tuple[tuple[str, str], ...]
    person_titles: frozenset[str] = frozenset()
    outlet_names: frozenset[str] = frozenset()
    told_words: frozenset[str] = frozenset()
    given_names: frozenset[str] = frozenset()
    link_words: frozenset[str] = frozenset()
    name_qualifiers: frozenset[str] = frozenset()
    news_site_words: frozenset[str] = frozenset()

    @cached_property
    def framing_words(self) -> frozenset[str]:
        """Every word of the phrases that frame a place name."""
        phrases = self.settlement_nouns | self.near_words | self.between_words | self.road_words | self.governorate_nouns
        return frozenset(word for phrase in phrases for word in phrase.split())

    @cached_property
    def framing_forms(self) -> dict[str, str]:
        """Every way a framing word is written with attached prefixes -> the word ("وبريف" -> "ريف").
        A form two words can make ("وبمحيط": "بمحيط" or "محيط") goes to the longer word, the
        reading that takes fewer letters as prefixes; the same on every run."""
        forms: dict[str, str] = {}
        for word in sorted(self.framing_words, key=lambda word: (-len(word), word)):
            for form in prefixed_forms(word):
                forms.setdefault(form, word)
        for word in self.framing_words:
            forms[word] = word
        return forms

    @cached_property
    def person_title_pattern(self) -> re.Pattern[str]:
        """A person's title as a word of normalised text, with its attached prefixes ("للشيخ")."""
        stems = sorted({title[len("ال"):] if title.startswith("ال") else title for title in self.person_titles}, key=len, reverse=True)
        alternatives = "|".join(re.escape(stem) for stem in stems) or "(?!)"
        return re.compile(r"(?<![^\s\"'“”«»(])[وف]?(?:[بك]?ال|لل)(?:" + alternatives + r")(?![^\s\"'“”«»),،])")

    @cached_property
    def person_title_forms(self) -> frozenset[str]:
        """Every way a person's title is written with attached prefixes ("للشيخ", "والشاب")."""
        return frozenset(form for word in self.person_titles for form in prefixed_forms(word))

    @cached_property
    def longest_near_phrase(self) -> int:
        return max(len(phrase.split()) for phrase in self.near_words | self.road_words)


def load_place_phrases(path: Path | None = None) -> PlacePhrases:
    """Load and validate the phrase file; DataFileError names the file, line and section."""
    source = path or data_path("place_phrases.yaml")
    data = load_yaml(source)
    unknown = sorted(set(data) - set(SECTIONS) - {"__line__"})
    if unknown:
        raise DataFileError(str(source), None, f"unknown sections {unknown}; expected {list(SECTIONS)}")
    words: dict[str, frozenset[str]] = {
        name: frozenset(normalize_phrase(word) for word in require_strings(source, data, name))
        for name in SECTIONS
        if name != "spelling_pairs"
    }
    if not words["site_nouns"] <= words["settlement_nouns"]:
        extra = sorted(words["site_nouns"] - words["settlement_nouns"])
        raise DataFileError(str(source), None, f"site_nouns entries {extra} must also be settlement_nouns")
    for section in ("given_names", "link_words", "name_qualifiers", "news_site_words"):
        several = sorted(word for word in words[section] if " " in word)
        if several:
            raise DataFileError(str(source), None, f"{section} entries {several} must be one word each")
    if not words["unresolved_after"] <= words["settlement_nouns"]:
        extra = sorted(words["unresolved_after"] - words["settlement_nouns"])
        raise DataFileError(str(source), None, f"unresolved_after entries {extra} must also be settlement_nouns")
    return PlacePhrases(**words, spelling_pairs=_pairs(source, require_strings(source, data, "spelling_pairs")))


def _pairs(source: Path, entries: list[str]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for entry in entries:
        parts = [normalize_phrase(part) for part in entry.split("|")]
        if len(parts) != 2 or not all(parts):
            raise DataFileError(str(source), None, f"spelling pair {entry!r} must be two spellings written 'a|b'")
        pairs.append((parts[0], parts[1]))
    return tuple(pairs)


@lru_cache(maxsize=1)
def default_place_phrases() -> PlacePhrases:
    return load_place_phrases()
