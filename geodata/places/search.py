"""Search the gazetteer by name, in Arabic or English, as an analyst types it.

Both the query and every name are folded before comparing: Arabic through the text
normaliser (diacritics, tatweel, alef and hamza forms, ta marbuta, alef maqsura), English
without accents and apostrophes (Ḩaţlah, Hatla); hyphens, spaces and a leading article count
for nothing ("Deir ez-Zor", "deirezzor", "دير الزور", "ديرالزور", "al-Busayrah", "Busayrah").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from geodata.places.gazetteer import Gazetteer, Place
from geodata.text import normalize_phrase

_SEPARATORS = re.compile(r"[\s\-‐‑–—_'’‘`ʿʾ.,/()]+")
_LATIN_ARTICLE = re.compile(r"^(?:al|el|ad|adh|ar|as|ash|at|ath|az|an)(?=[\s\-‐‑–—_'’]+\S)", re.IGNORECASE)
_ARABIC_ARTICLE = "ال"


@dataclass(frozen=True)
class _Keys:
    place: Place
    exact: frozenset[str]  # folded names
    bare: frozenset[str]  # folded names without a leading article


def fold_arabic(text: str) -> str:
    """An Arabic name as the search compares it: normalised, without spaces or hyphens."""
    return _SEPARATORS.sub("", normalize_phrase(text))


def fold_latin(text: str) -> str:
    """An English name as the search compares it: lower case, no accents, no spaces, hyphens
    or apostrophes."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return _SEPARATORS.sub("", "".join(char for char in decomposed if not unicodedata.combining(char)))


def _without_article(text: str, arabic: bool) -> str:
    if arabic:
        return text[2:] if text.startswith(_ARABIC_ARTICLE) and len(text) > 4 else text
    return _LATIN_ARTICLE.sub("", text.strip())


def _keys(place: Place) -> _Keys:
    exact, bare = set(), set()
    for name in place.arabic_names:
        folded = fold_arabic(name)
        exact.add(folded)
        bare.add(fold_arabic(_without_article(normalize_phrase(name), arabic=True)))
    for name in (*place.english_names, place.id, place.pcode, place.geonames_id):
        if name:
            exact.add(fold_latin(name))
            bare.add(fold_latin(_without_article(name, arabic=False)))
    return _Keys(place, frozenset(key for key in exact if key), frozenset(key for key in bare if key))


def _index(gazetteer: Gazetteer) -> list[_Keys]:
    index: list[_Keys] | None = gazetteer.derived.get("search")
    if index is None or len(index) != len(gazetteer):
        index = [_keys(place) for place in gazetteer]
        gazetteer.derived["search"] = index
    return index


def search_places(gazetteer: Gazetteer, query: str, *, limit: int = 50) -> list[Place]:
    """Places whose names contain ``query``, best first: a whole name before a part of one, a
    curated place before an imported one, a current place before an abandoned one, a shorter
    name before a longer one."""
    arabic = any("\u0600" <= char <= "\u06ff" for char in query)
    needle = fold_arabic(query) if arabic else fold_latin(query)
    if not needle:
        return []
    bare_needle = fold_arabic(_without_article(normalize_phrase(query), arabic=True)) if arabic \
        else fold_latin(_without_article(query, arabic=False))
    scored = []
    for keys in _index(gazetteer):
        if needle in keys.exact or bare_needle in keys.bare:
            rank, length = 0, len(needle)
        else:
            hits = [key for key in keys.exact if needle in key] or [key for key in keys.bare if bare_needle and bare_needle in key]
            if not hits:
                continue
            rank, length = 1, min(len(key) for key in hits)
        place = keys.place
        scored.append((rank, 0 if place.curated else 1, 1 if place.abandoned else 0, length, place.id, place))
    scored.sort(key=lambda entry: entry[:5])
    return [entry[-1] for entry in scored[:limit]]
