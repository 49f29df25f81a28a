"""Find place mentions in Arabic text and resolve them through the gazetteer (SPEC section 4).

One Aho-Corasick automaton holds every spelling of every place name with its attached
prefixes, plus the phrases that contain a place name without naming a place; one pass over
the normalised text finds them all, and the longest match wins where they overlap.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Literal, get_args

import ahocorasick
from geopy.distance import great_circle

from geodata.places.framing import PlacePhrases, default_place_phrases
from geodata.places.gazetteer import Gazetteer, GeoPrecision, Place, default_gazetteer
from geodata.text import (
    NormalizedText,
    is_word_char,
    normalize_phrase,
    normalize_with_offsets,
    prefixed_forms,
)
from geodata.text.phrase_index import PhraseFinder, PhraseHit
from geodata.text.prefixes import ARTICLE

_KIND_RANK = {"city": 0, "town": 1, "base": 2, "oilfield": 2, "facility": 3, "border_crossing": 3,
              "village": 4, "neighbourhood": 5, "region": 6, "governorate": 7, "river": 8, "country": 9}
_TOKEN = re.compile(r"[^\s\"'“”«»‘’().,،:؛;!?؟\[\]{}<>/\\-]+")
_GAP_OF_LIST = re.compile(r"^[\s\"'“”«»‘’،,]*$")
_CONTEXT_CHARS = 80
_MAX_JOINED_WORDS = 4
_NEAR_NOUNS = frozenset({"باديه", "ريف"})  # settlement nouns that also say "around"
_ROAD_LINK = re.compile(r"^\s*[-–—/]\s*$")


# how the text frames a place: the site itself, around it, between it and another, a region,
# a road named after it, or a place named only to say where another lies ("ذيبان شرقي دير الزور")
Relation = Literal["at", "near", "between", "region", "road", "reference"]
RELATIONS: tuple[Relation, ...] = get_args(Relation)


@dataclass(frozen=True)
class PlaceMatch:
    """A place mention resolved through the gazetteer: the span of the name, the place, and how
    the text frames it."""

    start: int
    end: int
    surface: str
    place: Place
    geo_precision: GeoPrecision
    relation: Relation
    context: str = ""
    partner: str | None = None
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True)
class UnresolvedName:
    """A name after a settlement noun ("قرية X") that the gazetteer does not hold."""

    start: int
    end: int
    surface: str
    noun: str


Mention = PlaceMatch | UnresolvedName


@dataclass(frozen=True)
class _Entry:
    form: str
    prefix: str
    name: str  # normalised base name without prefix
    place_ids: tuple[str, ...]  # empty for a phrase that blocks place matching


# what a written form stands for: a place (or a phrase that blocks one), and a settlement noun
# (an entry of PlaceIndex.settlement_nouns); either may be None
_Meanings = tuple[_Entry | None, Any]


@dataclass
class _Hit:
    start: int
    end: int
    entry: _Entry


class PlaceIndex:
    """Every spelling of every place, and the settlement nouns, ready to scan text in one pass."""

    def __init__(self, gazetteer: Gazetteer, phrases: PlacePhrases) -> None:
        self.gazetteer = gazetteer
        self.phrases = phrases
        self.settlement_nouns = PhraseFinder((noun, noun) for noun in phrases.unresolved_after)
        places = _forms(_names_by_place(gazetteer, phrases), phrases)
        nouns = self.settlement_nouns.forms
        self.forms: dict[str, _Meanings] = {form: (places.get(form), nouns.get(form)) for form in {**places, **nouns}}
        # one automaton for both: find_places scans the text once
        self._automaton = ahocorasick.Automaton()
        for form, meanings in self.forms.items():
            self._automaton.add_word(form, meanings)
        self._automaton.make_automaton()
        self.governorates = {place.governorate: place for place in gazetteer if place.kind == "governorate" and place.governorate}

    def hits(self, text: str) -> list[_Hit]:
        """Leftmost-longest non-overlapping matches whose ends fall on word boundaries."""
        return self.scan(text)[0]

    def scan(self, text: str) -> tuple[list[_Hit], list[PhraseHit]]:
        """``hits`` and ``settlement_nouns.find`` in one pass over ``text``."""
        return self.chosen(text, self._automaton.iter(text))

    def chosen(self, text: str, ends: Iterable[tuple[int, _Meanings]]) -> tuple[list[_Hit], list[PhraseHit]]:
        """What ``scan`` gives, from where the forms end in ``text`` (``last``, ``forms[form]``),
        in text order, as an automaton that also holds other words finds them."""
        found = []
        nouns = []
        for last, (entry, noun) in ends:
            if noun is not None:
                nouns.append((last, noun))
            if entry is None:
                continue
            start, end = last - len(entry.form) + 1, last + 1
            if (start == 0 or not is_word_char(text[start - 1])) and (end == len(text) or not is_word_char(text[end])):
                found.append(_Hit(start, end, entry))
        return _leftmost_longest(found), self.settlement_nouns.chosen(text, nouns)


def _leftmost_longest(found: list[_Hit]) -> list[_Hit]:
    found.sort(key=lambda hit: (hit.start, -(hit.end - hit.start)))
    kept: list[_Hit] = []
    for hit in found:
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept


def _names_by_place(gazetteer: Gazetteer, phrases: PlacePhrases) -> dict[str, set[str]]:
    """Normalised name -> ids of the places that carry it (several ids: an ambiguous name)."""
    names: dict[str, set[str]] = {}
    for place in gazetteer:
        for name in place.arabic_names:
            for spelling in _spellings(normalize_phrase(name), phrases):
                names.setdefault(spelling, set()).add(place.id)
    return names


def _spellings(name: str, phrases: PlacePhrases) -> set[str]:
    spellings = {name}
    words = name.split(" ")
    for first, second in phrases.spelling_pairs:
        for one, other in ((first, second), (second, first)):
            if one in words:
                spellings.add(" ".join(other if word == one else word for word in words))
    spellings |= {joined for spelling in list(spellings) for joined in _joined_spellings(spelling)}
    return {spelling for spelling in spellings if len(spelling) >= 2}


def _joined_spellings(name: str) -> set[str]:
    """"ريف دير الزور الشرقي" also as "ريف ديرالزور الشرقي" ...: news drops single spaces."""
    words = name.split(" ")
    if len(words) > _MAX_JOINED_WORDS:
        # long names: each single space dropped, and all of them
        return {" ".join([*words[:index - 1], words[index - 1] + words[index], *words[index + 1:]]) for index in range(1, len(words))} | {"".join(words)}
    spellings = set()
    for mask in range(1, 2 ** (len(words) - 1)):
        parts = [words[0]]
        for position, word in enumerate(words[1:]):
            parts.append(word if mask >> position & 1 else " " + word)
        spellings.add("".join(parts))
    return spellings


def _forms(names: dict[str, set[str]], phrases: PlacePhrases) -> dict[str, _Entry]:
    """Each written form (with prefixes) -> what it stands for; an unprefixed reading wins."""
    forms: dict[str, _Entry] = {}
    blocks = {phrase: () for phrase in phrases.not_places}
    for name, ids in [*((name, tuple(sorted(ids))) for name, ids in names.items()), *blocks.items()]:
        first, _, rest = name.partition(" ")
        for prefixed in prefixed_forms(first):
            form = f"{prefixed} {rest}" if rest else prefixed
            # "للميادين" is ل + الميادين with the alef dropped: the name span keeps the "لل"
            prefix = prefixed[: len(prefixed) - len(first)] if prefixed.endswith(first) else prefixed[: len(prefixed) - len(first) + 1][:-1]
            entry = _Entry(form, prefix, name, ids)
            current = forms.get(form)
            if current is None or (current.prefix and not entry.prefix):
                forms[form] = entry
    return forms


@lru_cache(maxsize=4)
def _index_for(gazetteer_id: int) -> PlaceIndex:
    return PlaceIndex(default_gazetteer(), default_place_phrases())


def default_index() -> PlaceIndex:
    """The index of the bundled gazetteer, built once per process."""
    return _index_for(0)


def find_places(
    text: str, *, index: PlaceIndex | None = None, norm: NormalizedText | None = None,
    ends: Iterable[tuple[int, _Meanings]] | None = None,
) -> list[Mention]:
    """Every place mention in ``text`` in order, resolved where the gazetteer can, and the
    place-like names it cannot resolve. ``norm`` is the
    text already normalised, when the caller has it; ``ends``, where the index's forms end in
    it, when a scan for more words has found them (see ``PlaceIndex.chosen``)."""
    index = index or default_index()
    norm = norm or normalize_with_offsets(text)
    all_hits, nouns = index.scan(norm.text) if ends is None else index.chosen(norm.text, ends)
    framed = _frame([hit for hit in all_hits if hit.entry.place_ids], norm, text, index)
    resolved = _resolve_ambiguous(framed, index.gazetteer)
    unresolved = _unresolved(norm, text, all_hits, nouns, index)
    mentions: list[Mention] = [*resolved, *unresolved]
    return sorted(mentions, key=lambda match: match.start)


def resolved_places(mentions: Iterable[Mention]) -> list[PlaceMatch]:
    return [mention for mention in mentions if isinstance(mention, PlaceMatch)]


def unresolved_names(mentions: Iterable[Mention]) -> list[UnresolvedName]:
    return [mention for mention in mentions if isinstance(mention, UnresolvedName)]


def _frame(hits: list[_Hit], norm: NormalizedText, text: str, index: PlaceIndex) -> list[PlaceMatch]:
    """Decide how the text frames each hit: at, near, between, region; drop word-like names
    that have no place framing."""
    phrases = index.phrases
    matches: list[PlaceMatch] = []
    previous: _Hit | None = None
    befores = [_words_before(norm.text, hit.start, phrases) for hit in hits]
    for position, hit in enumerate(hits):
        before = befores[position]
        in_list = previous is not None and _continues_list(norm.text, previous, hit)
        between = _between(befores, hits, position, norm.text, phrases)
        noun = bool(before) and before[-1] in phrases.settlement_nouns
        near_phrase = _near_phrase(before, phrases)
        if hit.entry.name in phrases.needs_context and not (noun or near_phrase or between or in_list):
            continue
        place = index.gazetteer[hit.entry.place_ids[0]]
        relation, precision = _relation(place, near_phrase, between, phrases)
        if matches and matches[-1].relation == "road" and previous is not None and _ROAD_LINK.match(norm.text[previous.end:hit.start]):
            relation, precision = "road", 2
        if near_phrase in phrases.direction_words and previous is not None and _directly_after(norm.text, previous, hit, near_phrase):
            relation, precision = "reference", 2
        governorate = _governorate(place, before, in_list and bool(matches) and matches[-1].place.kind == "governorate", index)
        if governorate is not None:
            place, relation, precision = governorate, "region", 3
        name_start = hit.start + len(hit.entry.prefix)
        start, end = norm.source_span(name_start, hit.end)
        matches.append(PlaceMatch(
            start=start, end=end, surface=text[start:end], place=place, geo_precision=precision,
            relation=relation, context=" ".join(before[-3:]),
            partner=between, candidates=hit.entry.place_ids,
        ))
        previous = hit
    return matches


def _directly_after(text: str, previous: _Hit, hit: _Hit, direction: str) -> bool:
    """"ذيبان شرقي دير الزور": the direction word sits right between the two names."""
    gap = text[previous.end:hit.start].strip(" \"'“”«»،,()")
    return _strip_article_prefix(gap) == direction or gap == direction


def _strip_article_prefix(word: str) -> str:
    return word[1:] if word[:1] in "وب" else word


def _governorate(place: Place, before: list[str], listed: bool, index: PlaceIndex) -> Place | None:
    """"محافظتي دير الزور والرقة": a city's name after a governorate noun names the governorate."""
    if place.kind != "city" or not place.governorate:
        return None
    if (before and before[-1] in index.phrases.governorate_nouns) or listed:
        return index.governorates.get(place.governorate)
    return None


def _words_before(text: str, start: int, phrases: PlacePhrases) -> list[str]:
    window = text[max(0, start - _CONTEXT_CHARS):start]
    words = _TOKEN.findall(window)
    if start - _CONTEXT_CHARS > 0 and words:
        words = words[1:]
    # a framing word without its attached prefixes ("وبريف" -> "ريف"), when it is a known one
    framing = phrases.framing_forms
    return [framing.get(word, word) for word in words]


def _near_phrase(before: list[str], phrases: PlacePhrases) -> str | None:
    """The near word ("بادية", "محيط", "بالقرب من") right before the name, past one settlement noun."""
    words = before[:-1] if before and before[-1] in phrases.settlement_nouns and before[-1] not in _NEAR_NOUNS else before
    for length in range(phrases.longest_near_phrase, 0, -1):
        candidate = " ".join(words[-length:]) if len(words) >= length else ""
        if (candidate in phrases.near_words or candidate in phrases.road_words) and candidate not in phrases.between_words:
            return candidate
    return None


def _continues_list(text: str, previous: _Hit, hit: _Hit) -> bool:
    """"حطلة ومراط ومظلوم": a name joined by و or a comma right after another place."""
    gap = text[previous.end:hit.start]
    return bool(_GAP_OF_LIST.match(gap)) and (hit.entry.prefix.startswith("و") or "،" in gap or "," in gap)


def _between(befores: list[list[str]], hits: list[_Hit], position: int, text: str, phrases: PlacePhrases) -> str | None:
    """For "بين بلدتي X وY", the id of the other place; None when the name is not in such a pair
    (``befores``: the words before each of ``hits``)."""
    before = befores[position]
    words = before[:-1] if before and before[-1] in phrases.settlement_nouns else before
    if words and words[-1] in phrases.between_words and position + 1 < len(hits):
        following = hits[position + 1]
        gap = text[hits[position].end:following.start]
        if following.entry.prefix.startswith("و") and _GAP_OF_LIST.match(gap) and following.entry.place_ids:
            return following.entry.place_ids[0]
    if position > 0 and hits[position].entry.prefix.startswith("و"):
        earlier = hits[position - 1]
        earlier_words = befores[position - 1]
        earlier_words = earlier_words[:-1] if earlier_words and earlier_words[-1] in phrases.settlement_nouns else earlier_words
        if earlier_words and earlier_words[-1] in phrases.between_words and _GAP_OF_LIST.match(text[earlier.end:hits[position].start]):
            return earlier.entry.place_ids[0] if earlier.entry.place_ids else None
    return None


def _relation(place: Place, near_phrase: str | None, between: str | None, phrases: PlacePhrases) -> tuple[Relation, GeoPrecision]:
    if place.geo_precision == 3:
        return "region", 3
    if near_phrase in phrases.road_words or _on_road(near_phrase, phrases):
        return "road", 2
    if between:
        return "between", 2
    if near_phrase == "ريف" and place.kind == "city":
        return "region", 3
    if near_phrase:
        return "near", 2
    return "at", place.geo_precision


def _on_road(near_phrase: str | None, phrases: PlacePhrases) -> bool:
    return near_phrase is not None and any(near_phrase.startswith(word + " ") for word in phrases.road_words)


def _resolve_ambiguous(matches: list[PlaceMatch], gazetteer: Gazetteer) -> list[PlaceMatch]:
    """Pick, for a name several places share, the one nearest the article's unambiguous places."""
    # the article's unambiguous sites and settlements, however the text frames them ("بريف البوكمال")
    anchors = list({match.place.id: match.place for match in matches
                    if match.place and len(match.candidates) == 1 and match.place.geo_precision == 1 and match.place.in_region}.values())
    choice: dict[tuple[str, ...], Place] = {}
    resolved = []
    for match in matches:
        if len(match.candidates) > 1:
            if match.candidates not in choice:
                options = [gazetteer[place_id] for place_id in match.candidates]
                choice[match.candidates] = min(options, key=lambda place: _ambiguity_cost(place, anchors))
            best = choice[match.candidates]
            match = replace(match, place=best, geo_precision=match.geo_precision if best.geo_precision == 1 else best.geo_precision)
        resolved.append(match)
    return resolved


def _ambiguity_cost(place: Place, anchors: Iterable[Place]) -> tuple[float, int, int, int]:
    distances = [great_circle((place.lat, place.lon), (anchor.lat, anchor.lon)).km for anchor in anchors if anchor.id != place.id]
    nearest = min(distances) if distances else 0.0
    return (nearest, 0 if place.in_region else 1, 0 if place.governorate == "deir-ez-zor" else 1, _KIND_RANK.get(place.kind, 9))


def _unresolved(
    norm: NormalizedText, text: str, hits: list[_Hit], nouns: list[PhraseHit], index: PlaceIndex
) -> list[UnresolvedName]:
    """Names after the settlement ``nouns`` ("بلدة", "قرية", "حي" ...) that no gazetteer entry covers."""
    covered = [(hit.start, hit.end) for hit in hits]
    unresolved = []
    for noun in nouns:
        written = norm.text[noun.start:noun.end]
        if ARTICLE + noun.phrase in written or written.startswith("لل"):
            continue  # "المدينة وريفها": the definite noun refers back, no name follows
        name_tokens = _name_after(norm.text, noun.end, index.phrases)
        if not name_tokens or _overlaps(covered, name_tokens[0].start(), name_tokens[-1].end()):
            continue
        start, end = norm.source_span(name_tokens[0].start(), name_tokens[-1].end())
        unresolved.append(UnresolvedName(start=start, end=end, surface=text[start:end], noun=noun.phrase))
    return unresolved


def _name_after(text: str, position: int, phrases: PlacePhrases) -> list[re.Match[str]]:
    """The one or two words after a settlement noun that look like a name."""
    first = _TOKEN.search(text, position)
    if first is None or not _GAP_OF_LIST.match(text[position:first.start()].replace("،", "X")):
        return []
    word = first.group()
    if word in phrases.not_names or word in phrases.settlement_nouns or len(word) < 3:
        return []
    if not any("\u0621" <= char <= "\u064a" for char in word):
        return []
    second = _TOKEN.search(text, first.end()) if word in phrases.name_joiners else None
    return [first, second] if second is not None and text[first.end():second.start()] == " " else [first]


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start:end`` overlaps one of ``spans`` (sorted, not overlapping each other)."""
    position = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return any(low < end and start < high for low, high in spans[max(position, 0):position + 2])
