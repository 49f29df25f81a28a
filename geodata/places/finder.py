"""Find place mentions in Arabic text and resolve them through the gazetteer (SPEC section 4).

One Aho-Corasick automaton holds every spelling of every place name with its attached
prefixes, plus the phrases that contain a place name without naming a place; one pass over
the normalised text finds them all, and the longest match wins where they overlap.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Literal, get_args

import ahocorasick
from geopy.distance import great_circle

from geodata.places.commonness import default_name_frequencies
from geodata.places.focus import Reading, out_of_focus
from geodata.places.framing import PlacePhrases, default_place_phrases
from geodata.places.gazetteer import Gazetteer, GeoPrecision, Place, default_gazetteer
from geodata.text import (
    NormalizedText,
    is_word_char,
    normalize_phrase,
    normalize_with_offsets,
    without_article,
)
from geodata.text.phrase_index import PhraseFinder, PhraseHit
from geodata.text.prefixes import _ARTICLE_PREFIXES as ARTICLE_PREFIXES
from geodata.text.prefixes import _LAM_ARTICLE_PREFIXES as LAM_ARTICLE_PREFIXES
from geodata.text.prefixes import ARTICLE, PROCLITICS

_KIND_RANK = {"city": 0, "town": 1, "base": 2, "oilfield": 2, "facility": 3, "border_crossing": 3,
              "village": 4, "neighbourhood": 5, "region": 6, "governorate": 7, "river": 8, "country": 9}
_TOKEN = re.compile(r"[^\s\"'“”«»‘’().,،:؛;!?؟\[\]{}<>/\\-]+")
_GAP_OF_LIST = re.compile(r"^[\s\"'“”«»‘’،,]*$")
_ALIAS_GAP = re.compile(r"[\s\"'“”«»‘’]*\([\s\"'“”«»‘’]*$")  # "سري كانيه (": a name, then another for it in brackets
_QUOTED_AND = re.compile(r"^[\s\"'“”«»‘’]*و[\s\"'“”«»‘’]+$")  # '"العمر" و"كونيكو"': و before the quote
_CONTEXT_CHARS = 80
_MAX_JOINED_WORDS = 4
_NEAR_NOUNS = frozenset({"باديه", "ريف"})
_DESERT_WORDS = frozenset({"باديه", "باديتي"})  # settlement nouns that also say "around"
_ROAD_LINK = re.compile(r"^\s*[-–—/]\s*$")


# how the text frames a place: the site itself, around it, between it and another, a region,
# a road named after it, or a place named only to say where another lies ("ذيبان شرقي دير الزور")
Relation = Literal["at", "near", "between", "region", "road", "reference"]
RELATIONS: tuple[Relation, ...] = get_args(Relation)
Resolution = Literal["only", "anchor", "admin", "nearby", "prior", "open"]
RESOLUTIONS: tuple[Resolution, ...] = get_args(Resolution)


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
    # the places the text says this one lies by ("X بريف Y": Y's candidates) and the words saying so
    anchor: tuple[str, ...] = ()
    anchor_words: tuple[str, ...] = ()
    # how the place was chosen among ``candidates``: "only" (one candidate), "anchor" (the place
    # it is said to lie by), "admin" (a governorate, district or subdistrict the article names),
    # "nearby" (the article's other places), "prior" (a curated place before imported
    # namesakes, then the governorate the region's news is most about), or "open" (namesakes
    # far apart that nothing in the text tells apart: the first by the prior, precision lowered)
    resolution: Resolution = "only"
    # a site inside or beside the place that the gazetteer lacks ("دوار الدلة", "مستشفى الرقة
    # الوطني"), as the text writes it: the place is its town, at geo precision 2
    site: str = ""


@dataclass(frozen=True)
class UnresolvedName:
    """A name after a settlement noun ("قرية X") that the gazetteer does not hold."""

    start: int
    end: int
    surface: str
    noun: str
    noun_start: int = -1  # where the noun starts in the text, -1 when unknown


Mention = PlaceMatch | UnresolvedName


@dataclass(frozen=True, eq=False)
class _Entry:
    name: str  # normalised spelling, as the gazetteer gives it (or a blocking phrase)
    place_ids: tuple[str, ...]  # empty for a phrase that blocks place matching
    length: int  # of the written form the automaton holds
    lam: bool = False  # the form is "لل" + the name without its article ("للميادين")
    article: bool = False  # the name starts with the article


# what a written form stands for: the places (or phrases that block one) it spells, and a
# settlement noun (an entry of PlaceIndex.settlement_nouns); either may be None
_Meanings = tuple[tuple[_Entry, ...] | None, Any]
_PLAIN_PREFIXES = frozenset({"", *PROCLITICS})
_ARTICLE_NAME_PREFIXES = frozenset({"", *ARTICLE_PREFIXES})
_LAM_PREFIXES = frozenset({"", *(prefix[:-1] for prefix in LAM_ARTICLE_PREFIXES)})
# a name without the article written with it ("السفيرة" for "سفيرة"): what stands before the
# name -> the proclitics of it ("بال" -> "ب"; "لل" keeps its lam in the name, as "للميادين" does)
_ADDED_ARTICLE = {prefix + ARTICLE: prefix for prefix in ("", *ARTICLE_PREFIXES)} | {
    prefix + "لل": prefix for prefix in ("", "و", "ف")}
_MAX_PREFIX = 4


@dataclass(frozen=True)
class _EntryFlags:
    in_region: bool  # every place the entry names is in the region
    abroad_area: bool  # every place it names is a province, town or area outside the region (not Syria)
    curated: bool  # one of its places is curated
    places: tuple[Place, ...] = ()  # the places it names


@dataclass(slots=True)
class _Hit:
    start: int  # where the word starts, its attached prefixes included
    end: int
    entry: _Entry
    prefix: str = ""  # the proclitics before the name ("و", "ب", "وب" ...)
    added_article: bool = False  # the name written with an article it does not have

    @property
    def written(self) -> str:
        """The name as the text writes it, without proclitics."""
        return ARTICLE + self.entry.name if self.added_article else self.entry.name


class PlaceIndex:
    """Every spelling of every place, and the settlement nouns, ready to scan text in one pass.

    The automaton holds each spelling once (and the "لل" form of a name with the article);
    the attached prefixes a hit may have are read off the text around it."""

    def __init__(self, gazetteer: Gazetteer, phrases: PlacePhrases, frequencies: Mapping[str, float] | None = None) -> None:
        self.gazetteer = gazetteer
        self.phrases = phrases
        self.frequencies = default_name_frequencies() if frequencies is None else frequencies
        self.settlement_nouns = PhraseFinder((noun, noun) for noun in phrases.unresolved_after)
        places = _forms(_with_article_namesakes(_names_by_place(gazetteer, phrases), self.frequencies), phrases)
        nouns = self.settlement_nouns.forms
        self.forms: dict[str, _Meanings] = {form: (places.get(form), nouns.get(form)) for form in {**places, **nouns}}
        # each spelling's own entry (not its "لل" form), to read "حقل “العمر”" as "حقل العمر"
        self.spellings = {entry.name: entry for entries in places.values() for entry in entries if not entry.lam and entry.place_ids}
        # one automaton for both: find_places scans the text once
        self._automaton = ahocorasick.Automaton()
        for form, meanings in self.forms.items():
            self._automaton.add_word(form, meanings)
        self._automaton.make_automaton()
        self.governorates = {place.governorate: place for place in gazetteer if place.kind == "governorate" and place.governorate}
        self._needs: dict[tuple[int, str, bool], str] = {}
        self._flags: dict[int, _EntryFlags] = {}
        self._noun_words: dict[tuple[int, bool], bool] = {}

    def flags(self, entry: _Entry) -> _EntryFlags:
        """What the places an entry names have in common, worked out once per entry."""
        found = self._flags.get(id(entry))
        if found is None:
            places = [self.gazetteer[place_id] for place_id in entry.place_ids]
            found = self._flags[id(entry)] = _EntryFlags(
                in_region=bool(places) and all(place.in_region for place in places),
                abroad_area=bool(places) and all(not place.in_region and place.kind in _ABROAD_KINDS and "syria" not in place.id
                                                 for place in places),
                curated=any(place.curated for place in places), places=tuple(places))
        return found

    def need(self, hit: _Hit) -> str:
        """How much context the hit's name needs (``_needed``), worked out once per written form."""
        key = (id(hit.entry), hit.prefix, hit.added_article)  # entries live as long as the index
        found = self._needs.get(key)
        if found is None:
            found = self._needs[key] = _needed(hit, self)
        return found

    def noun_and_word(self, hit: _Hit) -> bool:
        """``_noun_and_word`` for the hit's name, worked out once per written form."""
        key = (id(hit.entry), hit.added_article)
        found = self._noun_words.get(key)
        if found is None:
            found = self._noun_words[key] = _noun_and_word(hit, self)
        return found

    def commonness(self, spelling: str) -> float:
        """How common ``spelling`` (normalised) is as an ordinary word: its Zipf frequency, 0 for
        a word no ordinary text uses."""
        return self.frequencies.get(spelling, 0.0)

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
        size = len(text)
        for last, (entries, noun) in ends:
            if noun is not None:
                nouns.append((last, noun))
            if entries is None:
                continue
            end = last + 1
            if end < size:
                after = text[end]  # is_word_char inlined: this runs for every end of every form
                if after.isalnum() or "\u0621" <= after <= "\u064a" or "\u0671" <= after <= "\u06d3":
                    continue
            for entry in entries:
                hit = _hit_at(text, end, entry)
                if hit is not None:
                    found.append(hit)
        return _leftmost_longest(found), self.settlement_nouns.chosen(text, nouns)


def _hit_at(text: str, end: int, entry: _Entry) -> _Hit | None:
    """The hit of ``entry`` ending at ``end``, with the prefixes the text attaches to it, or
    None when what stands before it cannot be prefixes of it."""
    name_start = end - entry.length
    start = name_start
    while start > 0:
        before = text[start - 1]
        if not (before.isalnum() or "\u0621" <= before <= "\u064a" or "\u0671" <= before <= "\u06d3"):
            break
        start -= 1
        if name_start - start > _MAX_PREFIX:
            return None
    if start == name_start:
        return _Hit(start, end, entry)
    prefix = text[start:name_start]
    if entry.lam:
        return _Hit(start, end, entry, prefix) if prefix in _LAM_PREFIXES else None
    if entry.article:
        return _Hit(start, end, entry, prefix) if prefix in _ARTICLE_NAME_PREFIXES else None
    if prefix in _PLAIN_PREFIXES:
        return _Hit(start, end, entry, prefix)
    if prefix in _ADDED_ARTICLE and entry.place_ids and len(entry.name.split(" ")[0]) >= 3:
        return _Hit(start, end, entry, _ADDED_ARTICLE[prefix], added_article=True)
    return None


def _leftmost_longest(found: list[_Hit]) -> list[_Hit]:
    # among hits of one span, the reading with fewer letters taken as prefixes wins
    found.sort(key=lambda hit: (hit.start, -(hit.end - hit.start), len(hit.prefix), hit.added_article))
    kept: list[_Hit] = []
    for hit in found:
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept


def _names_by_place(gazetteer: Gazetteer, phrases: PlacePhrases) -> dict[str, set[str]]:
    """Normalised name -> ids of the places that carry it (several ids: an ambiguous name)."""
    names: dict[str, set[str]] = {}
    # an imported spelling that is a framing word ("القرى", "المنطقة") never names the place
    words = phrases.framing_words | phrases.not_names | phrases.settlement_nouns
    for place in gazetteer:
        for name in place.arabic_names:
            for spelling in _spellings(normalize_phrase(name), phrases):
                if not place.curated and (spelling in words or without_article(spelling) in words):
                    continue
                names.setdefault(spelling, set()).add(place.id)
    return names


def _with_article_namesakes(names: dict[str, set[str]], frequencies: Mapping[str, float]) -> dict[str, set[str]]:
    """News writes a village's name with or without the article whichever way its gazetteer
    does ("الدردارة" for "دردارة"): where both spellings name places, each names them all, and
    the article's other places choose. Not for names that are ordinary words ("عمر", "العمر")."""
    for name in [name for name in names if name.startswith(ARTICLE)]:
        bare = name[len(ARTICLE):]
        if bare in names and max(frequencies.get(name, 0.0), frequencies.get(bare, 0.0)) < RARE_ZIPF:
            both = names[name] | names[bare]
            names[name], names[bare] = both, set(both)
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


def _forms(names: dict[str, set[str]], phrases: PlacePhrases) -> dict[str, tuple[_Entry, ...]]:
    """Each form the automaton holds -> the spellings it writes: every spelling once, and a
    name with the article also as "لل" + the rest ("للميادين")."""
    forms: dict[str, list[_Entry]] = {}
    blocks = {phrase: () for phrase in phrases.not_places}
    for name, ids in [*((name, tuple(sorted(ids))) for name, ids in names.items()), *blocks.items()]:
        article = name.startswith(ARTICLE)
        forms.setdefault(name, []).append(_Entry(name, ids, len(name), article=article))
        if article and len(name) > len(ARTICLE) + 1:
            lam_form = "لل" + name[len(ARTICLE):]
            forms.setdefault(lam_form, []).append(_Entry(name, ids, len(lam_form), lam=True, article=True))
        for quoted in _quoted_forms(name, phrases) if ids else ():
            forms.setdefault(quoted, []).append(_Entry(name, ids, len(quoted)))
    return {form: tuple(entries) for form, entries in forms.items()}


# quotation marks news opens a name with ("حقل “العمر” النفطي", 'قاعدة "كونيكو"', «التنك»)
_OPENING_QUOTES = ('"', "“", "”", "«", "'")


def _quoted_forms(name: str, phrases: PlacePhrases) -> list[str]:
    """A site's name whose first word is a settlement noun, with the rest in quotation marks:
    "حقل “العمر”", 'حقل "العمر النفطي"'; the closing mark may come before the last words."""
    noun, _, rest = name.partition(" ")
    if not rest or noun not in phrases.settlement_nouns:
        return []
    return [f"{noun} {quote}{rest}" for quote in _OPENING_QUOTES]


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
    accepted: list[_Hit] = []
    readings: list[Reading] = []
    framed = _frame([hit for hit in all_hits if hit.entry.place_ids], norm, text, index, accepted, readings)
    framed = _sites_in_other_towns([match for match, gone in zip(framed, out_of_focus(readings, text, index.phrases.link_words), strict=True) if not gone], text)
    resolved, misplaced = _against_anchors(_resolve_ambiguous(framed, index, text), text, index)
    resolved = _capital_cities_of_their_quarters(_capitals_elsewhere_as_areas(resolved), index)
    # names the finder passed over (a word, a hospital named after the river) do not hide a name
    covered = sorted([hit for hit in all_hits if not hit.entry.place_ids] + accepted, key=lambda hit: hit.start)
    unresolved = _unresolved(norm, text, covered, nouns, index) + misplaced
    sites, unresolved = _placed_sites(unresolved, resolved, text, index)
    mentions: list[Mention] = [*resolved, *sites, *unresolved]
    return sorted(mentions, key=lambda match: match.start)


_IN_TOWN = re.compile(r"^[\s\"'“”«»]*(?:[،,]\s*)?(?:ال)?(?:و?(?:وسط|في|داخل)\s+|ب)(?:مدينة\s+|مدينه\s+|بلدة\s+|بلده\s+)?$")


def _sites_in_other_towns(matches: list[PlaceMatch], text: str) -> list[PlaceMatch]:
    """"شارع تل أبيض وسط مدينة الرقة", "دوار حلب في مدينة الرقة": a street or a site named after
    one town, said to lie in another, is a site of the other."""
    placed = list(matches)
    for position, match in enumerate(matches[:-1]):
        following = matches[position + 1]
        if (following.place.id == match.place.id or following.place.kind not in _SETTLEMENTS
                or following.geo_precision == 3 or not _IN_TOWN.match(text[match.end:following.start])):
            continue
        if match.site:
            placed[position] = replace(match, place=following.place, candidates=(following.place.id,), resolution="anchor")
        elif match.place.kind == "neighbourhood" and match.place.parent and match.place.parent != following.place.id:
            # "حي الحميدية بمدينة البوكمال": a quarter of another town named like one the gazetteer
            # holds, a site of the town the text puts it in
            placed[position] = replace(match, place=following.place, candidates=(following.place.id,), resolution="anchor",
                                       geo_precision=2, relation="near", site=match.surface)
    return placed


ANCHOR_REACH_KM = 80.0  # "X بريف Y", "X شرقي Y": X lies at most this far from the town Y (a district's villages do)


def _against_anchors(matches: list[PlaceMatch], text: str, index: PlaceIndex) -> tuple[list[PlaceMatch], list[UnresolvedName]]:
    """An imported name the text says lies by a place ("حميضة بريف البوكمال") that its gazetteer
    namesakes do not lie by is another village of that name the gazetteer lacks: near the town it
    is said to lie by (geo precision 2, its name kept as the site's), or, said to lie in a
    governorate none of them is in, a name the gazetteer cannot resolve."""
    kept: list[PlaceMatch] = []
    dropped: list[UnresolvedName] = []
    for match in matches:
        anchor = _anchor_place(match, index)
        if anchor is None or match.place.curated or _lies_by(match.place, anchor):
            kept.append(match)
        elif anchor.geo_precision == 1 and anchor.kind in _SETTLEMENTS:
            kept.append(replace(match, place=anchor, geo_precision=2, relation="near", candidates=(anchor.id,),
                                resolution="anchor", site=match.surface))
        else:
            dropped.append(UnresolvedName(match.start, match.end, match.surface, noun=""))
    return kept, dropped


def _anchor_place(match: PlaceMatch, index: PlaceIndex) -> Place | None:
    """The one in-region place a match is said to lie by, a capital named bare as its governorate."""
    anchors = [index.gazetteer[place_id] for place_id in match.anchor if place_id in index.gazetteer]
    if len(anchors) != 1 or not anchors[0].in_region:
        return None
    anchor = anchors[0]
    if anchor.id == anchor.governorate and not set(match.anchor_words) & _CITY_ANCHOR_WORDS:
        return index.governorates.get(anchor.governorate, anchor)
    return anchor


def _lies_by(place: Place, anchor: Place) -> bool:
    if anchor.geo_precision == 1:
        return _km(place, anchor) <= ANCHOR_REACH_KM
    if anchor.kind == "governorate" or anchor.id.endswith("-countryside"):
        return not (place.governorate and anchor.governorate) or place.governorate == anchor.governorate
    return True


def resolved_places(mentions: Iterable[Mention]) -> list[PlaceMatch]:
    return [mention for mention in mentions if isinstance(mention, PlaceMatch)]


def unresolved_names(mentions: Iterable[Mention]) -> list[UnresolvedName]:
    return [mention for mention in mentions if isinstance(mention, UnresolvedName)]


@dataclass(slots=True)
class _Context:
    """How the words around a hit frame it (made for every name found: not frozen, which would set
    each field through object.__setattr__)."""

    before: list[str]
    noun: bool  # a settlement noun right before ("قرية X")
    near_phrase: str | None  # "محيط", "شرقي" ... right before
    between: str | None  # the id of the other place of "بين X وY"
    anchor: int | None  # the position of the hit that places this one ("X بريف Y", "X شرقي Y", "X في ناحية Y")
    anchor_words: tuple[str, ...]  # the words that link it to its anchor
    preposition: bool  # "في X", "إلى X", "بX"
    preposition_or_on: bool  # a preposition, or "على", "عند"
    organisation: bool  # "مجلس X العسكري", "شبكة X", "قوات X": a name inside an organisation's name
    dateline: bool  # "دمشق - " opening a line

    @property
    def framed(self) -> bool:
        """Framed as a place by itself: a settlement noun, a near word, a pair or an anchor."""
        return self.noun or self.near_phrase is not None or self.between is not None or self.anchor is not None


def _frame(hits: list[_Hit], norm: NormalizedText, text: str, index: PlaceIndex, accepted: list[_Hit] | None = None,
           readings: list[Reading] | None = None) -> list[PlaceMatch]:
    """Decide how the text frames each hit: at, near, between, region; drop names that the
    context does not frame as places when they need it (common words, actors). ``readings``
    gets, for each match, how the name came to be read as a place (``geodata.places.focus``)."""
    phrases = index.phrases
    matches: list[PlaceMatch] = []
    previous: _Hit | None = None
    befores = _Befores(norm.text, hits, phrases)
    needs = [index.need(hit) for hit in hits]
    contexts = [_context(befores, hits, position, norm.text, index, needs[position], (text, norm))
                for position in range(len(hits))]
    anchored = _Lazy(lambda: _article_anchored(hits, contexts, needs, index))
    family_names: set[str] = set()  # names the text has used as a person's family name
    for position, hit in enumerate(hits):
        context = contexts[position]
        before = context.before
        road_end = bool(matches) and matches[-1].relation == "road" and previous is not None \
            and bool(_ROAD_LINK.match(norm.text[previous.end:hit.start]))  # "محور تل تمر - أبو راسين"
        in_list = road_end or (previous is not None and _continues_list(norm.text, previous, hit)) or (
            # "قاعدتي "العمر" و"كونيكو"": the first of a list whose next name is a place by itself
            position + 1 < len(hits) and needs[position + 1] == NONE and _continues_list(norm.text, hit, hits[position + 1]))
        compound = index.spellings.get(f"{before[-1]} {hit.written}") if context.noun else None
        if compound is not None:
            # "حقل “العمر”": the noun and the quoted name make a name of their own
            hit = _Hit(hit.start, hit.end, compound, hit.prefix)
        elif not _accepted(needs[position], context, in_list, anchored, _any_curated(hit, index)) \
                or _head_of_longer_name(hit, norm.text, index):
            continue
        if _lies_abroad(hits, position, norm.text, index):
            continue  # "الحسينية بمنطقة وادي بردى في ريف دمشق": a namesake the gazetteer does not hold
        if hit.entry.lam and hit.entry.name in phrases.outlet_names and _told_to(norm.text, hit, phrases):
            continue  # "أكدت مصادر ميدانية للميادين": the channel spoken to
        if not hit.prefix and (_in_person_name(norm.text, hit, index) or _after_given_name(norm.text, hit, index)
                               or _given_name_before_family_name(norm.text, hit, index)):
            family_names.add(hit.entry.name)
            continue  # "للشيخ مطشر حمود الجدعان", "(حميد الجدعان، وعبد الباسط الفارس)", "قال محمد الشحيل": a family name
        if hit.entry.name in family_names and not (context.noun or context.near_phrase is not None or context.between is not None
                                                   or context.anchor is not None or context.preposition):
            continue  # "قال محمد الشحيل ... ورأى الشحيل": the person named again by the family name
        between, near_phrase = context.between, context.near_phrase
        place = index.gazetteer[hit.entry.place_ids[0]]
        relation, precision = _relation(place, near_phrase, between, phrases)
        if road_end:
            relation, precision = "road", 2
        if near_phrase in phrases.direction_words and previous is not None and _directly_after(norm.text, previous, hit, near_phrase):
            # "الأنبار غربي العراق": named to say where another lies; an area stays an area
            relation, precision = "reference", 3 if place.geo_precision == 3 else 2
        if context.noun and before[-1] in phrases.site_nouns and compound is None and place.geo_precision == 3:
            continue  # "مشفى الفرات", "مدرسة الجزيرة": a site named after a river or a region, not the area
        site_noun = context.noun and before[-1] in phrases.site_nouns and compound is None and place.kind in _SETTLEMENTS
        governorate = _governorate(place, before, in_list and bool(matches) and matches[-1].place.kind == "governorate",
                                   near_phrase, index, hit.written.split(" ")[0] in _CITY_WORDS or site_noun
                                   or (place.id == place.governorate and (context.dateline or _dateline(text, hit, norm)))
                                   or (place.id == place.governorate and near_phrase is None and bool(before)
                                       and before[-1] in _IN_WORDS and not in_list and _city_named(norm.text, hit)
                                       and not (matches and hit.start - matches[-1].end <= _SAID_IN_GAP)))
        if governorate is not None:
            place, relation, precision = governorate, "region", 3
        elif before and before[-1] in phrases.governorate_nouns and place.kind in _SETTLEMENTS and _adjacent(norm.text, hit):
            # "محافظة اللاذقية" where the gazetteer holds the city only: the province, an area
            relation, precision = "region", 3
        name_start = hit.start + len(hit.prefix)
        start, end = norm.source_span(name_start, hit.end)
        site = ""
        if site_noun:
            # "مستشفى الرقة الوطني", "جسر الميادين": a site of the town the gazetteer lacks
            relation, precision = "near", 2
            noun_start = _noun_start(norm.text, hit.start)
            site_end = _site_end(text, end)
            site = text[norm.source_span(noun_start, hit.start)[0]:site_end].strip(" \"'“”«»")
        anchor = hits[context.anchor].entry.place_ids if context.anchor is not None else ()
        if matches and matches[-1].place.id == place.id and _ALIAS_GAP.match(text, matches[-1].end, start):
            # "في ريف سري كانيه (رأس العين)": the name again in brackets says no more than the first
            relation, precision = matches[-1].relation, matches[-1].geo_precision
        if accepted is not None:
            accepted.append(hit)
        if readings is not None:
            flags = index.flags(hit.entry)
            plain = needs[position] == NONE
            readings.append(Reading(place, flags.curated, start, end, plain,
                                    plain and flags.curated and compound is None and not index.noun_and_word(hit),
                                    context.framed or in_list, context.preposition, flags.places))
        matches.append(PlaceMatch(
            start=start, end=end, surface=text[start:end], place=place, geo_precision=precision,
            relation=relation, context=" ".join(before[-3:]),
            partner=between, candidates=hit.entry.place_ids if governorate is None else (place.id,),
            anchor=anchor, anchor_words=context.anchor_words, site=site,
        ))
        previous = hit
    return matches


# How much context a name needs before it counts as a place.
NONE, LOCATIVE, FRAMED, NOUN, ACTOR, NEVER = "none", "locative", "framed", "noun", "actor", "never"
# Zipf frequency (wordfreq, data/name_frequencies.csv) from which a name is an ordinary word:
# an imported name from RARE_ZIPF on needs a locative context, from COMMON_ZIPF on (and a
# curated one from CURATED_COMMON_ZIPF on) a framing one: a settlement noun, a near word, a
# pair, a list or an anchor ("بريف X").
RARE_ZIPF = 2.5
COMMON_ZIPF = 3.5
NOUN_ONLY_ZIPF = 5.0  # an imported name this common ("المدينة") is a place only after a settlement noun
CURATED_LOCATIVE_ZIPF = 3.5
CURATED_COMMON_ZIPF = 4.0
CURATED_OWN_LOCATIVE_ZIPF = 4.5
PREFIXED_WORD_ZIPF = 3.0  # "فرقة" (ف + "رقة"): a written word this common is not a prefixed name
_MIN_FREE_LETTERS = 4  # a shorter imported name needs a locative context, however rare
_ACTOR_KINDS = frozenset({"country", "city"})


def _needed(hit: _Hit, index: PlaceIndex) -> str:
    """NONE, LOCATIVE or FRAMED for a name, by how common its written form is as a word and by
    the layer of its places; ACTOR for a country or a city abroad, often named as an actor;
    NEVER for a proclitic and a name that together spell an ordinary word ("فرقة")."""
    if hit.prefix and not hit.added_article and index.commonness(hit.prefix + hit.written) >= max(
            PREFIXED_WORD_ZIPF, index.commonness(hit.written)):
        return NEVER
    places = [index.gazetteer[place_id] for place_id in hit.entry.place_ids]
    if hit.prefix == "ف" and not any(place.curated for place in places):
        return NEVER  # "فجروه" (ف + a village's name): news writes ف before a verb, hardly before a village
    if all(not place.in_region and place.kind in _ACTOR_KINDS for place in places):
        return ACTOR
    written = hit.written
    common = index.commonness(written)
    if written in index.phrases.needs_context or hit.entry.name in index.phrases.needs_context:
        return FRAMED
    curated = [place for place in places if place.curated]
    if curated:
        need = _curated_need(written, common, curated)
        if need == NONE and hit.added_article and not any(_has_article_spelling(place) for place in curated):
            return LOCATIVE
        return need
    if common >= NOUN_ONLY_ZIPF:
        return NOUN
    if common >= COMMON_ZIPF:
        return FRAMED
    bare = written[len(ARTICLE):] if written.startswith(ARTICLE) else written
    if (common >= RARE_ZIPF or hit.added_article or len(bare.replace(" ", "")) < _MIN_FREE_LETTERS
            or all(place.abandoned for place in places)):
        return LOCATIVE
    return NONE


def _curated_need(written: str, common: float, places: list[Place]) -> str:
    """A curated place is one the region's news is about: only its names that are ordinary
    words need context (a single word from CURATED_LOCATIVE_ZIPF on, or a kunya like
    "أبو عمر"), unless the word is the city's own name ("الرقة", "الميادين")."""
    words = written.split(" ")
    if len(words) == 1:
        own = any(place.kind == "city" and written in {normalize_phrase(place.name_ar), ARTICLE + normalize_phrase(place.name_ar)}
                  for place in places)
        if own:
            # the city's own name: a place wherever it stands, unless it is a common word too
            # ("الطبقة", a layer or a social class)
            return LOCATIVE if common >= CURATED_OWN_LOCATIVE_ZIPF else NONE
        return FRAMED if common >= CURATED_COMMON_ZIPF else LOCATIVE if common >= CURATED_LOCATIVE_ZIPF else NONE
    if len(words) == 2 and words[0] in _KUNYA_HEADS and common >= CURATED_COMMON_ZIPF:
        return FRAMED
    return NONE


_KUNYA_HEADS = frozenset({"ابو", "ام", "بو"})


def _has_article_spelling(place: Place) -> bool:
    return any(normalize_phrase(name).startswith(ARTICLE) for name in place.arabic_names)


def _accepted(need: str, context: _Context, in_list: bool, lazy_anchored: bool | _Lazy, curated: bool = True) -> bool:
    if context.organisation or need == NEVER:
        return False
    if need == NONE:
        return True
    if need == ACTOR:
        return context.framed or in_list or context.preposition or context.dateline
    if need == LOCATIVE:
        return context.framed or in_list or (context.preposition and bool(lazy_anchored))
    if need == NOUN:
        return context.noun
    # "على الهول شرقي الحسكة", "الهول شرقي الحسكة": a direction or a subdistrict places the name;
    # "بريف X", "في ريف X" only after a preposition ("العمليات التركية بريف الحسكة" is an adjective)
    words = set(context.anchor_words)
    # a near word before the name and a place after it ("في محيط X بريف Y") place it too, and so
    # does the countryside of a place after a curated name ("تعرضت السوسة بريف دير الزور"), unless
    # the name ends a longer one after a settlement noun ("قرية حمار الكسرة بريف دير الزور")
    before = context.before
    strong_anchor = context.anchor is not None and (
        bool(words & _DIRECTION_LINKS) or context.preposition_or_on or context.near_phrase is not None
        or (curated and bool(words & _ANCHOR_REGION_WORDS) and not (len(before) > 1 and before[-2] in _VILLAGE_NOUNS)))
    near = context.near_phrase is not None and curated  # "بالقرب من المقبرة": a common word after "near"
    return context.noun or near or context.between is not None or strong_anchor or (in_list and bool(lazy_anchored))


def _article_anchored(hits: list[_Hit], contexts: list[_Context], needs: list[str], index: PlaceIndex) -> bool:
    """Whether the text names a place of the region that needs no more context, or frames
    one as a place: then a bare "في X" of the region reads as a place too."""
    for hit, context, need in zip(hits, contexts, needs, strict=True):
        if context.organisation or need in {ACTOR, NEVER}:
            continue
        if (need == NONE or context.framed) and any(index.gazetteer[place_id].in_region for place_id in hit.entry.place_ids):
            return True
    return False


_LOCATIVE_WORDS = frozenset(normalize_phrase(word) for word in (
    "في", "من", "إلى", "الى", "قرب", "باتجاه", "نحو", "داخل", "عبر", "تجاه",
    "وسط", "أرجاء", "انحاء", "أنحاء", "مدخل", "حدود", "الحدود", "أراضي", "الأراضي", "عمق", "سماء", "أجواء",
    "العاصمة", "عاصمة",
))
_LOCATIVE_FORMS = _LOCATIVE_WORDS | {conjunction + word for word in _LOCATIVE_WORDS for conjunction in "وف"}
_ON_WORDS = frozenset(normalize_phrase(word) for word in ("على", "عند", "حتى", "ضمن"))
# the settlement nouns that can stand before a village's name ("قرية X"); the others name sites
# ("قاعدة", "حقل", "مطار"), and what follows them is as often a plain adjective ("قاعدة تركية")
_VILLAGE_NOUNS = frozenset(normalize_phrase(word) for word in (
    "بلدة", "بلدات", "قرية", "قرى", "مدينة", "ناحية", "مزرعة", "مزارع", "حي", "أحياء", "مخيم", "بلدتي", "قريتي",
    "مدينتي", "حيي", "بلدتا", "قريتا", "منطقة", "مناطق", "ريف", "بادية", "مدينتا",
))
# the first word of a name of several words ("حويجة الفيحان", "حاوي السوسة", "تل حميس"): alone,
# followed by another word, it is not the name of a place
_CONSTRUCT_HEADS = frozenset(normalize_phrase(word) for word in (
    "تل", "خربة", "بير", "بئر", "أم", "ام", "أبو", "ابو", "رجم", "حاوي", "جديد", "جديدة", "حويجة", "الحويجة",
    "حوايج", "عين", "رأس", "راس", "جب", "ذات", "دير", "شيخ", "الشيخ", "البو", "بو", "مزرعة", "تلول", "قصر", "كبر",
    "صالح", "محمد", "أحمد", "علي", "عبد",
))
_NOT_LOCATIVE_BEFORE_MIN = frozenset(normalize_phrase(word) for word in (
    "دعم", "بدعم", "مدعومة", "المدعومة", "مدعوم", "المدعوم", "مدعومين", "المدعومين", "مدعومون", "الموالية",
    "موالية", "الموالين", "موالين", "قبل", "طرف", "جانب", "تمويل", "بتمويل", "بأوامر",
    "أوامر", "تعليمات", "بتعليمات", "موقف", "مواقف", "تصريحات", "مسؤولين", "مسؤول", "المقربة", "المقرب", "مقربة",
))
# words that make the name after them part of an organisation's name, or an actor
_ORGANISATION_NOUNS = frozenset(normalize_phrase(word) for word in (
    "مجلس", "شبكة", "تنسيقية", "قناة", "إذاعة", "وكالة", "صحيفة", "جريدة", "مجلة", "حركة", "تجمع", "اتحاد",
    "جمعية", "منظمة", "جامعة", "قوات", "حكومة", "نظام", "جيش", "ميليشيات", "مليشيات", "ميليشيا", "مليشيا",
    "ثوار", "أحرار", "مصادر", "مراسل", "مراسلو", "ناشطو", "صفحة", "سفارة", "سفير", "وزارة", "وزير", "رئيس",
    "حلفاء", "وكلاء", "أذرع", "مستشارو", "مستشاري", "لواء", "فوج", "كتائب", "كتيبة", "فرقة", "فيلق", "تلفزيون",
    "مرصد", "شركة", "بنك", "مصرف", "نادي", "فريق", "منتخب", "دوري", "كأس", "بورصة", "عملة",
    "قطاع", "عشيرة", "عشائر", "قبيلة",
))
_PROCLITIC_LETTERS = "وفبلك"
_ANCHOR_WORDS = frozenset(normalize_phrase(word) for word in (
    "ريف", "ريفي", "ناحية", "منطقة", "محافظة", "بادية", "التابعة", "التابع", "شرق", "غرب", "شمال", "جنوب",
    "شرقي", "غربي", "شمالي", "جنوبي", "قرب", "بالقرب", "مدينة", "بلدة",
))
_ANCHOR_LINKS = frozenset(normalize_phrase(word) for word in (
    "في", "ب", "من", "ضمن", "ل", "لناحية", "لمنطقة", "لمدينة", "لبلدة", "لريف", "كم", "كيلومتر", "كيلومترات",
))
_DIRECTION_LINKS = frozenset(normalize_phrase(word) for word in (
    "شرق", "غرب", "شمال", "جنوب", "شرقي", "غربي", "شمالي", "جنوبي", "ناحية", "التابعة", "التابع"))
_ANCHOR_REGION_WORDS = frozenset(normalize_phrase(word) for word in ("ريف", "بادية", "ناحية", "منطقة", "محافظة"))
_MAX_ANCHOR_WORDS = 4
_ANCHOR_TOKEN = re.compile(r"[^\s،,]+")


class _Befores:
    """The words before each hit (``_words_before``), read when first asked for."""

    def __init__(self, text: str, hits: list[_Hit], phrases: PlacePhrases) -> None:
        self._text, self._hits, self._phrases = text, hits, phrases
        self._found: list[list[str] | None] = [None] * len(hits)

    def __getitem__(self, position: int) -> list[str]:
        found = self._found[position]
        if found is None:
            found = self._found[position] = _words_before(self._text, self._hits[position].start, self._phrases)
        return found


class _Lazy:
    """A truth worked out on first use (whether the article names a place of the region)."""

    def __init__(self, work: Callable[[], bool]) -> None:
        self._work: Callable[[], bool] | None = work
        self._value = False

    def __bool__(self) -> bool:
        if self._work is not None:
            self._value, self._work = self._work(), None
        return self._value


def _context(befores: _Befores, hits: list[_Hit], position: int, text: str, index: PlaceIndex,
             need: str = LOCATIVE, source: tuple[str, NormalizedText] | None = None) -> _Context:
    phrases = index.phrases
    hit = hits[position]
    if need == NEVER:
        return _Context([], False, None, None, None, (), False, False, False, False)
    if (need == NOUN and _word_before(text, hit.start, phrases) not in _VILLAGE_NOUNS) or (
            need == FRAMED and not _framing_possible(text, hit, index)):
        return _Context([], False, None, None, None, (), False, False, False, False)  # passed over
    before = befores[position]
    noun = bool(before) and before[-1] in phrases.settlement_nouns and _adjacent(text, hit)
    if noun and before[-1] not in _VILLAGE_NOUNS and not any(index.gazetteer[place_id].curated for place_id in hit.entry.place_ids) \
            and not (before[-1] in phrases.site_nouns and index.commonness(hit.written) < RARE_ZIPF):
        # "قاعدة تركية", "حقل نفطي": a site noun before a word, not a village's name; a rare name
        # after it is the village the site is named after ("حقل الصيجان النفطي")
        noun = False
    if need == NOUN and not noun:
        return _Context(before, False, None, None, None, (), False, False, False, False)  # passed over
    near_phrase = _near_phrase(before, phrases)
    between = _between(befores, hits, position, text, phrases)
    # the anchor frames a name that needs it, chooses among namesakes, and checks an imported name
    checked = need != NONE or len(hit.entry.place_ids) > 1 or not _any_curated(hit, index)
    anchor, words = _anchor(hits, position, text, index) if checked else (None, ())
    last = before[-1] if before and _adjacent(text, hit) else ""
    preposition = ("ب" in hit.prefix and "ل" not in hit.prefix) or last in _LOCATIVE_FORMS
    if last == "من" and len(before) > 1 and _bare(before[-2]) in _NOT_LOCATIVE_BEFORE_MIN:
        preposition = False
    organisation = bool(last) and not hit.prefix and (_construct_noun(last) in _ORGANISATION_NOUNS or (
        last == "موقع" and _word_after(text, hit.end) in phrases.news_site_words))
    dateline = need == ACTOR and (_dateline(source[0], hit, source[1]) if source else _dateline(text, hit))
    on = preposition or last in _ON_WORDS
    return _Context(before, noun, near_phrase, between, anchor, words, preposition, on, organisation, dateline)


def _noun_and_word(hit: _Hit, index: PlaceIndex) -> bool:
    """A name made of a settlement noun and an ordinary word ("حي القصور", "حي الجامعة"): a
    quarter of that name may lie in any town."""
    noun, _, rest = hit.written.partition(" ")
    if not rest or noun not in index.phrases.settlement_nouns:
        return False
    entry = index.spellings.get(rest)
    if entry is not None:
        return index.need(_Hit(0, 0, entry)) != NONE  # "مدينة الميادين", "ريف الحسكة": the name alone is a place
    return rest in index.phrases.needs_context or index.commonness(rest) >= CURATED_LOCATIVE_ZIPF


def _locative(word: str) -> bool:
    """A preposition that places what follows, with a conjunction or not ("في", "وفي", "ومن")."""
    return word in _LOCATIVE_FORMS


def _dateline(text: str, hit: _Hit, norm: NormalizedText | None = None) -> bool:
    """"دمشق - ", "الرقة –": a name opening a line, a dash or colon after it. With ``norm``,
    ``text`` is the source of the normalised text the hit is in, whose line breaks are spaces:
    a dateline after a headline line is read in the source."""
    start, end = norm.source_span(hit.start, hit.end) if norm is not None else (hit.start, hit.end)
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start:start].strip(" \t*#-\"'“”«»([") and _DATELINE_END.match(text, end):
        return True
    # "الرقة والحسكة – سانا": two places of one dateline, joined by و
    dash = _DATELINE_DASH.search(text, end, min(len(text), end + 40))
    if dash is None or "\n" in text[line_start:dash.start()]:
        return False
    words = text[line_start:dash.start()].strip(" \t*#\"'“”«»([").split()
    return (len(words) <= _DATELINE_MAX_WORDS and any(word.startswith("و") for word in words[1:])
            and not any(normalize_phrase(word) in _LOCATIVE_FORMS | _ON_WORDS for word in words))


_DATELINE_END = re.compile(r"\s*[-–—:(/]")
_DATELINE_DASH = re.compile(r"\s[-–—:]")
_DATELINE_MAX_WORDS = 5


def _any_curated(hit: _Hit, index: PlaceIndex) -> bool:
    return index.flags(hit.entry).curated


def _head_of_longer_name(hit: _Hit, text: str, index: PlaceIndex) -> bool:
    """"حويجة الفيحان": the first word of a longer name the gazetteer lacks is no place."""
    if hit.written not in _CONSTRUCT_HEADS:
        return False
    following = _ANCHOR_TOKEN.match(text, hit.end + 1) if text[hit.end:hit.end + 1] == " " else None
    if following is None:
        return False
    word = following.group()
    return any("\u0621" <= char <= "\u064a" for char in word) and _framing(word, index) not in index.phrases.framing_words \
        and word not in _ANCHOR_LINKS and word not in _LOCATIVE_WORDS


def _word_after(text: str, end: int) -> str:
    following = _ANCHOR_TOKEN.match(text, end + 1) if text[end:end + 1] == " " else None
    return following.group() if following is not None else ""


def _adjacent(text: str, hit: _Hit) -> bool:
    """Whether only spaces (and quotes) lie between the hit and the word before it."""
    gap_start = hit.start
    while gap_start > 0 and text[gap_start - 1] in " \"'“”«»":
        gap_start -= 1
    return gap_start > 0 and is_word_char(text[gap_start - 1])


def _construct_noun(word: str) -> str:
    """A noun that can head a construct ("مجلس", "ومجلس"): without its proclitic; a word with
    the article ("النظام") heads none."""
    if word[:1] in _PROCLITIC_LETTERS and len(word) > 3 and word[1:] in _ORGANISATION_NOUNS:
        word = word[1:]
    return "" if word.startswith(ARTICLE) or word.startswith("لل") else word


def _bare(word: str) -> str:
    """A word without one attached proclitic or the article ("ومجلس" -> "مجلس")."""
    if word[:1] in _PROCLITIC_LETTERS and len(word) > 3:
        word = word[1:]
    return word[len(ARTICLE):] if word.startswith(ARTICLE) and len(word) > 4 else word


def _anchor(hits: list[_Hit], position: int, text: str, index: PlaceIndex) -> tuple[int | None, tuple[str, ...]]:
    """The following hit that says where this one lies ("X بريف Y", "X شرقي Y", "X في ناحية Y",
    "X التابعة لمنطقة Y"), and the words between them."""
    if position + 1 >= len(hits):
        return None, ()
    hit, following = hits[position], hits[position + 1]
    if not following.entry.place_ids:
        return None, ()
    link = text[hit.end:following.start + len(following.prefix)]
    if "\n" in link or len(link) > 45:
        return None, ()
    words = tuple(_ANCHOR_TOKEN.findall(link))
    first_word = following.written.split(" ")[0]
    if len(words) > _MAX_ANCHOR_WORDS or not all(word in _ANCHOR_WORDS or word in _ANCHOR_LINKS or word.isdigit()
                                                 or _framing(word, index) in _ANCHOR_WORDS for word in words):
        return None, ()
    named = tuple(_framing(word, index) for word in words)
    # the anchor's own name may start with the framing word ("ريف الحسكة", "شرقي دير الزور")
    leading = (first_word,) if first_word in _ANCHOR_REGION_WORDS or first_word in _DIRECTION_LINKS else ()
    if not (set(named) & _ANCHOR_WORDS or leading):
        return None, ()
    places = [index.gazetteer[place_id] for place_id in following.entry.place_ids]
    if not any(place.in_region and (place.curated or place.kind in {"city", "town"}) for place in places):
        return None, ()
    return position + 1, (*named, *leading)


_GIVEN_NAMES_MAX = 3  # given names between a person's title and a family name
_PERSON_WINDOW = 60  # characters before a name within which a title or an opening bracket may stand
_NAME_GAP = re.compile(r"[ \"'“”«»]+")
_NAME_WORD = re.compile(r"[^\s\"'“”«»().,،:؛;!?؟\[\]{}<>/\\-]+$")


def _in_person_name(text: str, hit: _Hit, index: PlaceIndex) -> bool:
    """Whether the name ends a person's name: after a title and one to three given names
    ("للشيخ مطشر حمود الجدعان", "الشاب أحمد الحسين"), or after a given name inside brackets that
    list people ("اعتقال (حميد الجدعان، وعبد الباسط الفارس)")."""
    before = hit.start - 1
    if before < 1 or text[before] not in " \"'“”«»":
        return False
    # the word before first: a cheaper test than the search for a title, and most often decisive
    if not _given_name(_word_before(text, hit.start, index.phrases), index):
        return False  # a preposition, a settlement noun before the name
    window_start = max(0, hit.start - _PERSON_WINDOW)
    if text.find("(", window_start, hit.start) < 0 and not index.phrases.person_title_pattern.search(text, window_start, hit.start):
        return False  # most places: no title and no bracket in reach
    words: list[str] = []
    end = hit.start
    while len(words) <= _GIVEN_NAMES_MAX:
        gap = _NAME_GAP.search(text, max(0, end - 4), end)
        if gap is None or gap.end() != end:
            break
        word_end = gap.start()
        word_start = word_end
        while word_start > 0 and is_word_char(text[word_start - 1]):
            word_start -= 1
        if word_start == word_end:
            break
        words.append(text[word_start:word_end])
        end = word_start
    if not words or not _given_name(words[0], index):
        return False
    phrases = index.phrases
    for count, word in enumerate(words[1:], start=1):
        if word in phrases.person_title_forms:
            return True
        if count >= _GIVEN_NAMES_MAX or not _given_name(word, index):
            break
    # the first item of a bracket listing people: "(حميد الجدعان، ..." with one or two given names
    opening = end - 1
    while opening >= 0 and text[opening] in " \"'“”«»":
        opening -= 1
    return opening >= 0 and text[opening] == "(" and len(words) <= 2 and all(_given_name(word, index) for word in words) \
        and bool(re.match(r"[^()]{0,40}[،,]", text[hit.end:hit.end + 41]))


def _after_given_name(text: str, hit: _Hit, index: PlaceIndex) -> bool:
    """Whether a one-word name stands right after a common given name ("قال محمد الشحيل",
    "المدربة سعاد البصيرة"): the family name of a person. Not where the given name follows a
    settlement noun and so starts a place's own name."""
    if " " in hit.written or hit.start < 2 or text[hit.start - 1] != " ":
        return False
    end = hit.start - 1
    begin = end
    while begin > 0 and is_word_char(text[begin - 1]):
        begin -= 1
    word = text[begin:end]
    given = index.phrases.given_names
    if word not in given and not (word[:1] in "وف" and word[1:] in given):
        return False
    return _word_before(text, begin, index.phrases) not in index.phrases.settlement_nouns


def _given_name_before_family_name(text: str, hit: _Hit, index: PlaceIndex) -> bool:
    """Whether a place name that is a common given name ("مصطفى") is followed by a family name
    ("مصطفى العلي"): a person, unless a settlement noun stands before it ("قرية مصطفى")."""
    phrases = index.phrases
    if hit.written not in phrases.given_names:
        return False
    following = _word_after(text, hit.end)
    if not following.startswith(ARTICLE) or following in phrases.framing_forms or following in phrases.name_qualifiers:
        return False
    return _word_before(text, hit.start, phrases) not in phrases.settlement_nouns


def _told_to(text: str, hit: _Hit, phrases: PlacePhrases) -> bool:
    """Whether a word for a source or a statement stands among the three words before the hit."""
    words = _TOKEN.findall(text[max(0, hit.start - 40):hit.start])[-3:]
    return any(word in phrases.told_words or _bare(word) in phrases.told_words for word in words)


def _given_name(word: str, index: PlaceIndex) -> bool:
    """A word that may be a given name: not a framing word, a preposition, a title or a number."""
    phrases = index.phrases
    bare = _bare(word)
    return (len(word) > 2 and not word.isdigit() and word not in phrases.framing_forms and word not in _LOCATIVE_WORDS
            and word not in _ON_WORDS and bare not in phrases.settlement_nouns and word not in phrases.person_title_forms
            and bare not in _ANCHOR_WORDS)


_ABROAD_KINDS = frozenset({"governorate", "city", "town", "village", "region"})
_LOCATIVE_LINKS = frozenset({"في", "ب"})


def _lies_abroad(hits: list[_Hit], position: int, text: str, index: PlaceIndex) -> bool:
    """"قرية الحسينية بمنطقة وادي بردى في ريف دمشق", "بلدة X في ريف حلب": a name of the region
    that the text places, right after it, in a province, town or area outside the region (over
    at most a few words naming a district) is another place of that name."""
    if position + 1 >= len(hits) or not index.flags(hits[position + 1].entry).abroad_area \
            or not index.flags(hits[position].entry).in_region:
        return False
    following = hits[position + 1]
    link = text[hits[position].end:following.start + len(following.prefix)]
    if "\n" in link or len(link) > 60:
        return False
    words = _ANCHOR_TOKEN.findall(link.replace("،", " "))
    if not words or (_framing(words[0], index) not in _ANCHOR_WORDS and words[0] not in _LOCATIVE_LINKS):
        return False
    last = words[-1]
    if not (last in _LOCATIVE_LINKS or _framing(last, index) in _ANCHOR_REGION_WORDS
            or following.written.split(" ")[0] in _ANCHOR_REGION_WORDS or following.prefix.endswith("ب")):
        return False
    unknown = [word for word in words if word not in _ANCHOR_LINKS and _framing(word, index) not in _ANCHOR_WORDS]
    return len(unknown) <= 3


def _framing(word: str, index: PlaceIndex) -> str:
    return index.phrases.framing_forms.get(word, word)


def _directly_after(text: str, previous: _Hit, hit: _Hit, direction: str) -> bool:
    """"ذيبان شرقي دير الزور": the direction word sits right between the two names."""
    gap = text[previous.end:hit.start].strip(" \"'“”«»،,()")
    return _strip_article_prefix(gap) == direction or gap == direction


def _strip_article_prefix(word: str) -> str:
    return word[1:] if word[:1] in "وب" else word


_SAID_IN_GAP = 6  # "بلدة محكان في دير الزور": a place said to lie in the capital's governorate
_IN_WORDS = frozenset(normalize_phrase(word) for word in ("في", "داخل", "إلى", "من"))


def _city_named(text: str, hit: _Hit) -> bool:
    """Whether the article calls the place a city somewhere ("مدينة الرقة"): its capital named bare
    with no regional word ("في الرقة", "مراسلنا في الرقة") is then the city too."""
    return f"مدينه {hit.written}" in text


def _governorate(place: Place, before: list[str], listed: bool, near_phrase: str | None, index: PlaceIndex,
                 city: bool = False) -> Place | None:
    """"محافظتي دير الزور والرقة": a city's name after a governorate noun names the governorate;
    so does a governorate's capital in a bare regional use ("ريف دير الزور", "شرقي الحسكة")."""
    if place.kind != "city" or not place.governorate:
        return None
    if (before and before[-1] in index.phrases.governorate_nouns) or (listed and place.id == place.governorate and not city):
        return index.governorates.get(place.governorate)
    if place.id != place.governorate or not place.in_region or city:
        return None
    # a governorate's capital named bare ("في دير الزور", "شرقي الحسكة", "ريف الرقة") names the
    # governorate; "مدينة دير الزور", a distance from it, or its quarters name the city
    last = before[-1] if before else ""
    if last in _CITY_WORDS or any(word in _DISTANCE_UNITS for word in before[-4:]):
        return None
    return index.governorates.get(place.governorate)


_IN_WORDS = frozenset(normalize_phrase(word) for word in ("في", "إلى", "الى", "داخل", "وسط"))


def _capital_cities_of_their_quarters(matches: list[PlaceMatch], index: PlaceIndex) -> list[PlaceMatch]:
    """A capital of the region named bare reads as its governorate ("في الرقة"), but an article
    that names the quarters, streets or sites of the city ("حي البتاني", "مشفى الطب الحديث",
    "ملعب دير الزور") is about the city: there the bare name after "في", "إلى" is the city (not
    where it says where another place lies: "تل تمر شمال الحسكة")."""
    cities = {match.place.id for match in matches
              if match.place.in_region and match.place.kind == "city" and match.place.id == match.place.governorate
              and (match.site or (match.relation == "at" and _CITY_WORDS & set(match.context.split()[-1:])))}
    cities |= {match.place.parent for match in matches if match.place.kind == "neighbourhood" and match.place.parent}
    if not cities:
        return matches
    governorate_nouns = index.phrases.governorate_nouns
    placed = []
    for match in matches:
        place = match.place
        city = index.gazetteer.get(place.governorate) if place.kind == "governorate" and place.governorate else None
        before = match.context.split()
        if (city is not None and city.id in cities and match.relation == "region" and before and before[-1] in _IN_WORDS
                and normalize_phrase(match.surface) in {normalize_phrase(name) for name in city.arabic_names}
                and not set(before) & governorate_nouns):
            match = replace(match, place=city, geo_precision=city.geo_precision, relation="at", candidates=(city.id,))
        placed.append(match)
    return placed


def _capitals_elsewhere_as_areas(matches: list[PlaceMatch]) -> list[PlaceMatch]:
    """"توغلات في القنيطرة", "في حلب واللاذقية": a governorate's capital outside the region named
    bare, with nothing that makes it the city ("مدينة", a quarter, a distance, a site), names its
    province as the region's capitals do: an area (the gazetteer may hold the city only)."""
    placed = []
    for match in matches:
        place = match.place
        before = match.context.split()
        if (not place.in_region and place.kind == "city" and place.id == place.governorate and match.relation == "at"
                and not match.site and (not before or before[-1] not in _CITY_WORDS)
                and not any(word in _DISTANCE_UNITS for word in before)
                and normalize_phrase(match.surface).split(" ")[0] not in _CITY_WORDS):
            match = replace(match, relation="region", geo_precision=3)
        placed.append(match)
    return placed


_CITY_WORDS = frozenset(normalize_phrase(word) for word in (
    "مدينة", "مدينتي", "بلدة", "قرية", "المدينة", "وسط", "أحياء", "حي", "شوارع", "شارع", "مركز", "أطراف", "مداخل", "مدخل", "ضواحي",
))
_DISTANCE_UNITS = frozenset({"كم", "كيلومتر", "كيلومترات", "كلم", "مترا", "متر"})


def _framing_possible(text: str, hit: _Hit, index: PlaceIndex) -> bool:
    """Whether anything around a common word could frame it as a place (a cheap look before
    the full reading): a word before it that frames or places, a list, or a direction after it."""
    if hit.prefix or any(index.gazetteer[place_id].curated for place_id in hit.entry.place_ids):
        return True
    word = _word_before(text, hit.start, index.phrases)
    if not word or word in index.phrases.framing_words or _locative(word) or word in _ON_WORDS:
        return True  # punctuation (a list, a headline), a framing word or a preposition
    following = _ANCHOR_TOKEN.match(text, hit.end + 1) if text[hit.end:hit.end + 1] == " " else None
    return following is not None and _framing(following.group(), index) in _DIRECTION_LINKS


def _word_before(text: str, start: int, phrases: PlacePhrases) -> str:
    """The word right before ``start`` (over spaces and quotes), without a known framing
    word's prefixes; "" when punctuation or nothing stands there."""
    end = start
    while end > 0 and text[end - 1] in " \"'“”«»":
        end -= 1
    begin = end
    while begin > 0 and is_word_char(text[begin - 1]):
        begin -= 1
    word = text[begin:end]
    return phrases.framing_forms.get(word, word)


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
    if _QUOTED_AND.match(gap):
        return True
    return bool(_GAP_OF_LIST.match(gap)) and (hit.prefix.startswith("و") or "،" in gap or "," in gap)


def _between(befores: _Befores, hits: list[_Hit], position: int, text: str, phrases: PlacePhrases) -> str | None:
    """For "بين بلدتي X وY", the id of the other place; None when the name is not in such a pair
    (``befores``: the words before each of ``hits``)."""
    before = befores[position]
    words = before[:-1] if before and before[-1] in phrases.settlement_nouns else before
    if words and words[-1] in phrases.between_words and position + 1 < len(hits):
        following = hits[position + 1]
        gap = text[hits[position].end:following.start]
        joined = (following.prefix.startswith("و") and _GAP_OF_LIST.match(gap)) or _and_noun(gap, phrases)
        if joined and following.entry.place_ids:
            return following.entry.place_ids[0]
    if position > 0:
        earlier = hits[position - 1]
        gap = text[earlier.end:hits[position].start]
        earlier_words = befores[position - 1]
        earlier_words = earlier_words[:-1] if earlier_words and earlier_words[-1] in phrases.settlement_nouns else earlier_words
        joined = (hits[position].prefix.startswith("و") and _GAP_OF_LIST.match(gap)) or _and_noun(gap, phrases)
        if joined and earlier_words and earlier_words[-1] in phrases.between_words:
            return earlier.entry.place_ids[0] if earlier.entry.place_ids else None
    return None


def _and_noun(gap: str, phrases: PlacePhrases) -> bool:
    """"بين البوكمال وقرية عشاير": the second name of the pair after "و" and a settlement noun."""
    words = gap.strip(" \"'“”«»‘’،,").split()
    return len(words) == 1 and words[0].startswith("و") and words[0][1:] in phrases.settlement_nouns


def _relation(place: Place, near_phrase: str | None, between: str | None, phrases: PlacePhrases) -> tuple[Relation, GeoPrecision]:
    if place.geo_precision == 3:
        return "region", 3
    if near_phrase in phrases.road_words or _on_road(near_phrase, phrases):
        return "road", 2
    if between:
        return "between", 2
    if (near_phrase == "ريف" or near_phrase in _DESERT_WORDS) and place.kind == "city":
        # "ريف الميادين", "بادية الميادين": the country around a city (around a village, near it)
        return "region", 3
    if near_phrase:
        return "near", 2
    return "at", place.geo_precision


def _on_road(near_phrase: str | None, phrases: PlacePhrases) -> bool:
    return near_phrase is not None and any(near_phrase.startswith(word + " ") for word in phrases.road_words)


# Namesakes: an article's other place within NEARBY_KM decides between them; namesakes within
# OPEN_KM of the chosen one are one place for the map; the prior prefers the governorates the
# region's news is most about (Deir ez-Zor first).
NEARBY_KM = 40.0
OPEN_KM = 6.0
TOGETHER_KM = 25.0  # names of one area told together lie this close to each other
GOVERNORATE_PRIOR = {"deir-ez-zor": 0, "raqqa": 1, "hasakah": 1}
_SUBDISTRICT_WORDS = frozenset({"ناحيه"})
_CITY_ANCHOR_WORDS = frozenset({"مدينه", "لمدينه", "بمدينه", "كم", "كيلومتر", "كيلومترات"})
_DISTRICT_WORDS = frozenset({"ريف", "منطقه"})
# compass words (normalised, bare of the article and the adjective ending) and their bearings
_COMPASS = {"شمال": 0.0, "شرق": 90.0, "جنوب": 180.0, "غرب": 270.0}
SECTOR_DEGREES = 80.0  # "شرقي X": within this many degrees either side of due east of X
SECTOR_CENTRE_KM = 3.0  # a place this close to X lies on every side of it


_MATE_GAP = re.compile(r"^[\s\"'“”«»‘’،,]*و?[\s\"'“”«»‘’]*$")


def _chosen_by_list_mates(matches: list[PlaceMatch], text: str, gazetteer: Gazetteer) -> dict[int, tuple[Place, Resolution]]:
    """"بلدتي محكان والكشمة": names joined in one list lie together, whatever else the article
    names; the namesake nearest a known place of its own list is the one meant."""
    chosen: dict[int, tuple[Place, Resolution]] = {}
    for position, match in enumerate(matches):
        if len(match.candidates) < 2:
            continue
        mates = [other.place for other in (matches[position - 1] if position else None,
                                           matches[position + 1] if position + 1 < len(matches) else None)
                 if other is not None and len(other.candidates) == 1 and other.place.in_region and other.place.geo_precision == 1
                 and _MATE_GAP.match(text[min(other.end, match.end):max(other.start, match.start)])]
        if not mates:
            continue
        options = [gazetteer[place_id] for place_id in match.candidates]
        distances = {place.id: min(_km(place, mate) for mate in mates) for place in options}
        best = min(options, key=lambda place: (distances[place.id], _prior(place)))
        if distances[best.id] <= TOGETHER_KM:
            chosen[position] = _as_near(options, best, distances), "nearby"
    return chosen


def _resolve_ambiguous(matches: list[PlaceMatch], index: PlaceIndex, text: str = "") -> list[PlaceMatch]:
    """Choose, for a name several places share, by the place the text says it lies by, the
    admin units the article names, the article's other places, then the prior; where nothing
    tells namesakes far apart from each other, say so (resolution "open", precision 2)."""
    gazetteer = index.gazetteer
    known = [match for match in matches if len(match.candidates) == 1]
    nearby = list({match.place.id: match.place for match in known
                   if match.place.in_region and match.place.geo_precision == 1}.values())
    named = _named_admin_units(known)
    choice: dict[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], tuple[Place, Resolution]] = {}
    sides: dict[_ChoiceKey, float | None] = {}
    for match in matches:
        if len(match.candidates) > 1:
            key = (match.candidates, match.anchor, match.anchor_words)
            if key not in choice:
                options = [gazetteer[place_id] for place_id in match.candidates]
                sides[key] = _side(match, matches, text)
                choice[key] = _choose(options, match, named, nearby, gazetteer, index.governorates, sides[key])
    # a second pass: namesakes told apart by the text ("قرية عزمان وبلدة الكسرة", الكسرة itself a
    # name two places share, chosen by its anchor) place the ones still open
    settled = {best.id: best for best, how in choice.values()
               if how in {"anchor", "admin", "nearby"} and best.in_region and best.geo_precision == 1}
    if settled:
        more = [*nearby, *(place for place_id, place in settled.items() if place_id not in {p.id for p in nearby})]
        for key, (_, how) in list(choice.items()):
            if how in {"open", "prior"}:
                options = [gazetteer[place_id] for place_id in key[0]]
                match = next(match for match in matches if (match.candidates, match.anchor, match.anchor_words) == key)
                again = _choose(options, match, named, more, gazetteer, index.governorates, sides.get(key))
                if again[1] == "nearby":
                    choice[key] = again
    # a name said to lie by a name that is itself ambiguous ("سيحا التابعة لناحية العريشة", the
    # العريشة of the article chosen above): chosen again by the anchor as it was resolved
    chosen_ids = {match.place.id for match in known} | {best.id for best, _ in choice.values()}
    for key, (_, how) in list(choice.items()):
        anchor_ids = [place_id for place_id in key[1] if place_id in chosen_ids]
        if len(key[1]) > 1 and len(anchor_ids) == 1 and how != "anchor":
            match = next(match for match in matches if (match.candidates, match.anchor, match.anchor_words) == key)
            options = [gazetteer[place_id] for place_id in key[0]]
            again = _choose(options, replace(match, anchor=(anchor_ids[0],)), named, nearby, gazetteer,
                            index.governorates, sides.get(key))
            if again[1] == "anchor":
                choice[key] = again
    _choose_together(choice, gazetteer)
    mates = _chosen_by_list_mates(matches, text, gazetteer) if text else {}
    resolved = []
    for position, match in enumerate(matches):
        if len(match.candidates) > 1:
            best, how = mates.get(position) or choice[(match.candidates, match.anchor, match.anchor_words)]
            precision = match.geo_precision if best.geo_precision == 1 else best.geo_precision
            if how == "open" and precision == 1:
                precision = 2
            match = replace(match, place=best, geo_precision=precision, resolution=how)
        resolved.append(match)
    return resolved


_ChoiceKey = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def _choose_together(choice: dict[_ChoiceKey, tuple[Place, Resolution]], gazetteer: Gazetteer) -> None:
    """Names that are all ambiguous, with no place of the article to tell them apart ("قصفت
    المدفعية الداودية والدردارة قرب أبو راسين"): the namesakes that lie near namesakes of the
    other names are the ones meant (news names places of one area together). The name whose
    choice the others support best is settled first, then the rest beside it."""
    still = [key for key, (_, how) in choice.items() if how in {"open", "prior"}]
    if len(still) < 2:
        return
    pools = {key: [place for place in (gazetteer[place_id] for place_id in key[0]) if place.in_region and place.geo_precision == 1]
             for key in still}
    open_keys = [key for key in still if pools[key]]
    while open_keys:
        ranked = []
        for key in open_keys:
            others = [pool for other, pool in pools.items() if other[0] != key[0] and pool]
            if not others:
                continue
            # how many of the other names have a namesake close by, then how close the nearest is
            nearest = {place.id: [min(_km(place, other) for other in pool) for pool in others] for place in pools[key]}
            support = {place_id: sum(km <= TOGETHER_KM for km in kms) for place_id, kms in nearest.items()}
            distances = {place_id: min(kms) for place_id, kms in nearest.items()}
            best = min(pools[key], key=lambda place: (-support[place.id], distances[place.id], _prior(place)))
            ranked.append((-support[best.id], distances[best.id], key, best, support, distances))
        ranked = [entry for entry in ranked if entry[0] < 0]
        if not ranked:
            return
        _, _, key, best, support, distances = min(ranked, key=lambda entry: (entry[0], entry[1]))
        rivals = [place for place in pools[key] if support[place.id] == support[best.id]]
        chosen = _as_near(rivals, best, distances)
        choice[key], pools[key] = (chosen, "nearby"), [chosen]
        open_keys.remove(key)


def _as_near(options: list[Place], best: Place, distances: Mapping[str, float]) -> Place:
    """Of the namesakes about as near the article's other places as the nearest (within OPEN_KM
    more, or within OPEN_KM of it: a field and the community OCHA names after it), the one the
    prior prefers: a kilometre more or less says nothing."""
    near = [place for place in options if distances[place.id] <= distances[best.id] + OPEN_KM or _km(place, best) <= OPEN_KM]
    return min(near, key=_prior)


def _named_admin_units(known: list[PlaceMatch]) -> set[str]:
    """P-codes of the admin units the article names: governorates, a district by "ريف/منطقة"
    and its seat, a subdistrict by "ناحية" and its seat."""
    named = set()
    for match in known:
        place = match.place
        words = match.context.split()
        last = words[-1] if words else ""
        if place.kind in {"governorate", "region"} and place.admin1:
            named.add(place.admin1)
        elif last in _SUBDISTRICT_WORDS and place.admin3:
            named.add(place.admin3)
        elif (last in _DISTRICT_WORDS or match.relation == "region") and place.kind == "city" and place.admin2:
            named.add(place.admin2)
    return named


def _choose(options: list[Place], match: PlaceMatch, named: set[str], nearby: list[Place],
            gazetteer: Gazetteer, governorates: Mapping[str, Place] | None = None,
            side: float | None = None) -> tuple[Place, Resolution]:
    anchors = [gazetteer[place_id] for place_id in match.anchor if place_id in gazetteer]
    if len(anchors) == 1 and anchors[0].in_region:
        anchor = anchors[0]
        centre = _side_centre(anchor, gazetteer)
        if governorates and anchor.id == anchor.governorate and not set(match.anchor_words) & _CITY_ANCHOR_WORDS:
            # "X شمال الحسكة": a capital named bare is its governorate, not a point to be near
            anchor = governorates.get(anchor.governorate, anchor)
        kept = _within_unit(options, anchor, match.anchor_words)
        if anchor.geo_precision == 1 and anchor.kind != "city":
            # "X التابعة لناحية Y", "X شرقي Y": the namesake nearest the town Y (the admin unit
            # of a place only GeoNames lists is the nearest community's, not always right)
            near = [place for place in options if not anchor.admin1 or place.admin1 == anchor.admin1] or options
            if set(match.anchor_words) & _SUBDISTRICT_WORDS and anchor.admin3:
                # "X التابعة لناحية Y": the text names the subdistrict, so its namesakes there first
                near = [place for place in near if place.admin3 == anchor.admin3] or near
            return min(near, key=lambda place: (_km(place, anchor), _prior(place))), "anchor"
        if side is not None and centre is not None:
            # "X شرقي دير الزور", "X بريف الحسكة الشمالي الغربي": the namesakes on that side
            # of the city (of the governorate's capital for its countryside)
            on_side = [place for place in (kept or options) if _on_side(place, centre, side)]
            if on_side:
                kept = on_side
        if len(kept) == 1:
            return kept[0], "anchor"
        if kept and anchor.geo_precision == 1:
            # "X شرقي الميادين": the namesake nearest the city, if it is much nearer than the others
            ranked = sorted(kept, key=lambda place: _km(place, anchor))
            if _km(ranked[1], anchor) > 2 * _km(ranked[0], anchor) + OPEN_KM:
                return ranked[0], "anchor"
        # a governorate or a region ("بريف الرقة"): its namesakes are all as likely
        options = kept or options
    in_named = [place for place in options if {place.admin1, place.admin2, place.admin3} & named]
    if len(in_named) == 1:
        return in_named[0], "admin"
    options = in_named or options
    others = [place for place in nearby if place.id not in {option.id for option in options}]
    for level in ("admin3", "admin2"):
        # the one namesake in the subdistrict (else the district) of another place of the article
        units = {getattr(place, level) for place in others} - {""}
        sharing = [place for place in options if getattr(place, level) in units]
        if len(sharing) == 1:
            return sharing[0], "nearby"
    if others:
        distances = {place.id: min(_km(place, other) for other in others) for place in options}
        best = min(options, key=lambda place: (distances[place.id], _prior(place)))
        if distances[best.id] <= NEARBY_KM:
            return _as_near(options, best, distances), "nearby"
    ranked = sorted(options, key=_prior)
    best = ranked[0]
    rivals = [place for place in ranked[1:] if _km(place, best) > OPEN_KM]
    if not rivals or (best.curated and not any(place.curated for place in rivals)):
        return best, "prior"
    return best, "open"


def _compass(word: str) -> float | None:
    """The bearing a compass word names: "شرقي", "الشرقية", "شرق", "شمالا" -> 90, 90, 90, 0."""
    word = without_article(_strip_article_prefix(word))
    for ending in ("يه", "ي", "ا"):
        if word.endswith(ending) and word[: -len(ending)] in _COMPASS:
            return _COMPASS[word[: -len(ending)]]
    return _COMPASS.get(word)


def _bearing_of(words: Iterable[str]) -> float | None:
    """The direction the compass words name together: "شمال غربي" -> 315, "الشرقي" -> 90;
    None without one, or for two that do not combine ("شرق غرب")."""
    found = [bearing for bearing in (_compass(word) for word in words) if bearing is not None][:2]
    if not found:
        return None
    if len(found) == 2:
        first, second = found
        if abs(first - second) != 90.0 and {first, second} != {0.0, 270.0}:
            return None if first != second else first
        if {first, second} == {0.0, 270.0}:
            return 315.0
        return (first + second) / 2
    return found[0]


def _side(match: PlaceMatch, matches: list[PlaceMatch], text: str) -> float | None:
    """The side of its anchor the text puts a place on: by the words between them ("X شمال
    غربي الحسكة") or the anchor's own name and the compass words right after it ("X بريف
    الحسكة الشمالي الغربي", "X في ريف دير الزور الشرقي")."""
    if not match.anchor:
        return None
    words = list(match.anchor_words)
    if text:
        following = next((other for other in matches if other.start >= match.end and other.place.id in match.anchor), None)
        if following is not None:
            words += normalize_phrase(following.surface).split()[1:]
            words += [word for word in normalize_phrase(text[following.end: following.end + 40]).split()[:2]
                      if _compass(word) is not None][:1]
    return _bearing_of(words)


def _side_centre(anchor: Place, gazetteer: Gazetteer) -> Place | None:
    """The point a side is reckoned from: a city named as the anchor, else (a governorate, its
    countryside) the governorate's capital."""
    if anchor.kind == "city" and anchor.geo_precision == 1:
        return anchor
    capital = gazetteer.get(anchor.governorate) if anchor.governorate else None
    return capital if capital is not None and capital.kind == "city" else None


def _on_side(place: Place, centre: Place, side: float) -> bool:
    """Whether ``place`` lies within SECTOR_DEGREES of the bearing ``side`` from ``centre``."""
    if _km(place, centre) <= SECTOR_CENTRE_KM:
        return True
    lat1, lat2 = math.radians(centre.lat), math.radians(place.lat)
    dlon = math.radians(place.lon - centre.lon)
    bearing = math.degrees(math.atan2(math.sin(dlon) * math.cos(lat2),
                                      math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(dlon)))
    difference = abs((bearing - side + 180.0) % 360.0 - 180.0)
    return difference <= SECTOR_DEGREES


def _within_unit(options: list[Place], anchor: Place, words: tuple[str, ...]) -> list[Place]:
    """The options in the anchor's subdistrict ("في ناحية X"), district ("بريف X") or
    governorate, the narrowest that holds one; all of them when none does."""
    levels = []
    if set(words) & _SUBDISTRICT_WORDS and anchor.admin3:
        levels.append(("admin3", anchor.admin3))
    if set(words) & _DISTRICT_WORDS and anchor.kind == "city" and anchor.admin2:
        levels.append(("admin2", anchor.admin2))
    if anchor.admin1:
        levels.append(("admin1", anchor.admin1))
    elif anchor.governorate:
        return [place for place in options if place.governorate == anchor.governorate] or options
    for level, code in levels:
        kept = [place for place in options if getattr(place, level) == code]
        if kept:
            return kept
    return options


def _prior(place: Place) -> tuple[int, int, int, int, int, int, str]:
    """Curated before imported, current before abandoned, in the region before outside it,
    Deir ez-Zor before Raqqa and Hasakah, towns before villages, a place both sources list
    before one only OCHA lists, before one only GeoNames lists."""
    sources = (0 if place.pcode and place.geonames_id else 1 if place.pcode else 2) if not place.curated else 0
    return (0 if place.curated else 1, 1 if place.abandoned else 0, 0 if place.in_region else 1,
            GOVERNORATE_PRIOR.get(place.governorate, 2), _KIND_RANK.get(place.kind, 9), sources, place.id)


def _km(first: Place, second: Place) -> float:
    return float(great_circle((first.lat, first.lon), (second.lat, second.lon)).km)


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
        noun_start, _ = norm.source_span(noun.start, noun.end)
        unresolved.append(UnresolvedName(start=start, end=end, surface=text[start:end], noun=noun.phrase, noun_start=noun_start))
    return unresolved


def _name_after(text: str, position: int, phrases: PlacePhrases) -> list[re.Match[str]]:
    """The one or two words after a settlement noun that look like a name."""
    first = _TOKEN.search(text, position)
    if first is None or not _GAP_OF_LIST.match(text[position:first.start()].replace("،", "X")):
        return []
    word = first.group()
    joined = word[1:] if word.startswith("و") else ""  # "قرى وبلدات": a second noun, not a name
    if (word in phrases.not_names or word in phrases.settlement_nouns or len(word) < 3
            or joined in phrases.settlement_nouns or joined in phrases.not_names):
        return []
    if not any("\u0621" <= char <= "\u064a" for char in word):
        return []
    second = _TOKEN.search(text, first.end()) if word in phrases.name_joiners else None
    return [first, second] if second is not None and text[first.end():second.start()] == " " else [first]


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start:end`` overlaps one of ``spans`` (sorted, not overlapping each other)."""
    position = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return any(low < end and start < high for low, high in spans[max(position, 0):position + 2])


_SETTLEMENTS = frozenset({"city", "town", "village"})
# fields and stations lie out of town: a governorate's name does not place one at its capital,
# nor does a town named in an earlier sentence
_FIELD_NOUNS = frozenset({"حقل", "حقلي", "محطه"})
_SITE_LOOKBACK = 300  # characters before a site within which the town it lies in may have been named
_SITE_REACH = 60  # characters after a site within which its town is named ("دوار الدلة في مدينة دير الزور")
_QUALIFIER = re.compile(r"[\s\"'“”«»]*(?:ال(?:وطني|عسكري|عام|كبير|جديد|قديم|الوطني|الرئيسي|المركزي|نفطي|غازي)[هي]?)\b")


def _noun_start(text: str, start: int) -> int:
    """Where the word before ``start`` (the site noun, over quotes and spaces) starts."""
    position = start
    while position > 0 and not is_word_char(text[position - 1]):
        position -= 1
    while position > 0 and is_word_char(text[position - 1]):
        position -= 1
    return position


def _site_end(text: str, end: int) -> int:
    """The end of a site's name: past a closing quote and a qualifier ("الوطني")."""
    while end < len(text) and text[end] in "\"'“”»":
        end += 1
    qualifier = _QUALIFIER.match(text, end)
    return qualifier.end() if qualifier else end


def _placed_sites(
    unresolved: list[UnresolvedName], resolved: list[PlaceMatch], text: str, index: PlaceIndex
) -> tuple[list[PlaceMatch], list[UnresolvedName]]:
    """Sites the gazetteer lacks ("دوار الدلة", "حي البدو", "مشفى الأسد") placed at their
    town at geo precision 2: the town named right after the site, else the one before it in
    the sentence, else the article's first town; the others stay unresolved."""
    phrases = index.phrases
    every_town = [match for match in resolved if _town_of(match, index) is not None or match.place.kind in _SETTLEMENTS]
    towns = [match for match in every_town if match.place.in_region and _town_of(match, index) is not None]
    sites, rest = [], []
    for name in unresolved:
        out_of_town = name.noun in _FIELD_NOUNS
        town = _site_town(name, towns if not out_of_town else [town for town in towns if town.place.kind in _SETTLEMENTS],
                          text, lookback=not out_of_town) if name.noun in phrases.site_nouns else None
        abroad = next((match for match in every_town if name.end <= match.start <= name.end + _SITE_REACH
                       and not match.place.in_region), None)
        if town is not None and abroad is not None and abroad.start < (town.start if town.start > name.end else len(text)):
            town = None  # "حي جرمانا في دمشق": a quarter of a town abroad
        place = _town_of(town, index) if town is not None else None
        if place is None:
            rest.append(name)
            continue
        start = name.noun_start if name.noun_start >= 0 else name.start
        site = text[start:_site_end(text, name.end)].strip()
        sites.append(PlaceMatch(start=name.start, end=name.end, surface=name.surface, place=place, geo_precision=2,
                                relation="near", context=name.noun, candidates=(place.id,), site=site))
    return sites, rest


def _town_of(match: PlaceMatch, index: PlaceIndex) -> Place | None:
    """The settlement a match names: itself, or a governorate's capital for the governorate."""
    place = match.place
    if place.kind in _SETTLEMENTS and match.geo_precision != 3 and not match.site:
        return place
    if place.kind == "governorate" and place.governorate:
        capital = index.gazetteer.get(place.governorate)
        return capital if capital is not None and capital.in_region else None
    return None


def _site_town(name: UnresolvedName, towns: list[PlaceMatch], text: str, lookback: bool = True) -> PlaceMatch | None:
    """The town a site lies in: named right after it, else before it in its sentence, else (for
    sites inside towns, ``lookback``) the town the text was about just before."""
    sentence_end = _sentence_end(text, name.end)
    after = [town for town in towns if name.end <= town.start <= min(name.end + _SITE_REACH, sentence_end)]
    if after:
        return after[0]
    sentence_start = _sentence_start(text, name.start)
    before = [town for town in towns if sentence_start <= town.start < name.start]
    if before or not lookback:
        return before[-1] if before else None
    # the town the text was about just before ("... في الرقة. وداهمت الدورية حي البدو")
    recent = [town for town in towns if name.start - _SITE_LOOKBACK <= town.start < name.start
              and town.place.kind in {"city", "town", "governorate"}]
    return recent[-1] if recent else None


def _sentence_end(text: str, position: int) -> int:
    ends = [found for found in (text.find(mark, position) for mark in ".\n؟!") if found >= 0]
    return min(ends, default=len(text))


def _sentence_start(text: str, position: int) -> int:
    return max(text.rfind(mark, 0, position) for mark in ".\n؟!") + 1
