"""Score the place finder (``geocode``) against an analyst's list of every toponym of an article.

Independent of geodata: gold places are ``GoldPlace`` records (the development set's
``gold_places`` with the reference point of their part's ``*_places.csv``, or None), resolved
places are ``Mention`` records (what ``geocode`` prints for an article: span, gazetteer entry,
point, geo precision).

Gold places fall in three classes:

- points: a settlement, site, facility, neighbourhood or crossing with a reference point. Found
  when some resolved place of the article lies within ``PLACE_KM`` of it. Recall is reported for
  in-region points with a high or medium reference point (the headline figure) and, apart, for
  in-region points whose reference point is a low-confidence estimate (it may be 10 km off);
- areas: governorates, regions, rivers and countries. Their reference point is a nominal centre,
  so distance says little: an in-region area is found when an area-level mention (geo precision
  3) overlaps a place in the text where its surface is written;
- unlocated: places outside the region with no reference point (a base in Iraq, a village near
  Damascus): not counted in recall.

Precision: each distinct resolved place of an article (mentions grouped by gazetteer id) is right
when it lies within ``PLACE_KM`` of a gold point with a high or medium reference point, or when
one of its mentions overlaps where the text writes a gold place that cannot be checked by
distance: an area (the mention must then be area-level), a place without a reference point (for
countries and cities abroad this is the only check there is) or a point with a low-confidence
reference point. Anything else is an extra: a toponym the analyst does not count as a place
(an actor such as واشنطن, a name inside an organisation's or outlet's name) or a wrong entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from geopy.distance import great_circle

from quality.scoring import AREA_PRECISION, RefPlace, ratio

PLACE_KM = 6.0
AREA_KINDS = frozenset({"governorate", "region", "river", "country"})

POINTS = "in-region points, high/medium reference"
LOW_POINTS = "in-region points, low-confidence reference"
AREAS = "in-region areas (governorates, regions, rivers)"
RECALL_CLASSES = (POINTS, LOW_POINTS, AREAS)


@dataclass(frozen=True)
class GoldPlace:
    """One toponym of an article as the analyst lists it."""

    surface: str
    name: str
    kind: str
    in_region: bool
    ref: RefPlace | None

    @property
    def area(self) -> bool:
        return self.kind in AREA_KINDS

    @property
    def recall_class(self) -> str | None:
        """Which recall row the place counts in, None when it counts in none."""
        if not self.in_region:
            return None
        if self.area:
            return AREAS
        if self.ref is None:
            return None
        return LOW_POINTS if self.ref.confidence == "low" else POINTS

    @property
    def checked_by_name(self) -> bool:
        """A place a resolved mention can only be checked against where the text writes it."""
        return self.area or self.ref is None or self.ref.confidence == "low"


@dataclass(frozen=True)
class Mention:
    """One resolved place mention: span in the article text, gazetteer entry, point."""

    start: int
    end: int
    place_id: str
    lat: float
    lon: float
    geo_precision: int | None

    @property
    def area_level(self) -> bool:
        return self.geo_precision == AREA_PRECISION


@dataclass
class ArticlePlaces:
    """The place scoring of one article."""

    article_id: str
    found: dict[str, list[tuple[GoldPlace, float | None]]] = field(default_factory=dict)  # class -> (place, km)
    missed: dict[str, list[GoldPlace]] = field(default_factory=dict)
    right: list[str] = field(default_factory=list)  # gazetteer ids
    wrong: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)  # place-like names the gazetteer lacks


@dataclass
class PlaceScore:
    """Place recall by class and precision over a set of articles."""

    articles: list[ArticlePlaces]

    def recall(self, name: str) -> tuple[int, int]:
        found = sum(len(article.found.get(name, [])) for article in self.articles)
        return found, found + sum(len(article.missed.get(name, [])) for article in self.articles)

    def precision(self) -> tuple[int, int]:
        right = sum(len(article.right) for article in self.articles)
        return right, right + sum(len(article.wrong) for article in self.articles)

    def distances(self, name: str) -> list[float]:
        return [km for article in self.articles for _, km in article.found.get(name, []) if km is not None]

    @staticmethod
    def share(counts: tuple[int, int]) -> float:
        return ratio(*counts)


_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})


def _skeleton(text: str) -> tuple[str, list[int]]:
    """The letters and digits of ``text`` with hamza forms, ta marbuta and alef maqsura folded, and
    the offset in ``text`` of each: "ديرالزور" and "دير الزور", "“التنك”" and "التنك" meet."""
    letters, offsets = [], []
    for offset, char in enumerate(text):
        if char.isalnum() and char != "\u0640":  # tatweel is a letter to str.isalnum
            letters.append(char.translate(_FOLD))
            offsets.append(offset)
    return "".join(letters), offsets


def occurrences(text: str, surface: str) -> list[tuple[int, int]]:
    """Every span of ``text`` where ``surface`` is written, spaces, punctuation, diacritics and
    hamza forms aside."""
    haystack, offsets = _skeleton(text)
    needle, _ = _skeleton(surface)
    spans, start = [], haystack.find(needle) if needle else -1
    while start >= 0:
        spans.append((offsets[start], offsets[start + len(needle) - 1] + 1))
        start = haystack.find(needle, start + 1)
    return spans


def _overlaps(mention: Mention, spans: Iterable[tuple[int, int]]) -> bool:
    return any(mention.start < end and start < mention.end for start, end in spans)


def _km(mention: Mention, ref: RefPlace) -> float:
    return great_circle((mention.lat, mention.lon), ref.point).km


def score_article_places(article_id: str, text: str, gold: Sequence[GoldPlace], mentions: Sequence[Mention],
                         *, unresolved: Sequence[str] = ()) -> ArticlePlaces:
    """Recall of the article's gold places and precision of its resolved places."""
    score = ArticlePlaces(article_id, unresolved=list(unresolved))
    written = {place.name: occurrences(text, place.surface) for place in gold}
    for place in _distinct(gold):
        name = place.recall_class
        if name is None:
            continue
        hit = _found(place, mentions, written[place.name])
        if hit is None:
            score.missed.setdefault(name, []).append(place)
        else:
            score.found.setdefault(name, []).append((place, hit if name != AREAS else None))
    by_place: dict[str, list[Mention]] = {}
    for mention in mentions:
        by_place.setdefault(mention.place_id, []).append(mention)
    for place_id, group in by_place.items():
        (score.right if _corresponds(group, gold, written) else score.wrong).append(place_id)
    return score


def _distinct(gold: Sequence[GoldPlace]) -> list[GoldPlace]:
    seen: dict[str, GoldPlace] = {}
    for place in gold:
        seen.setdefault(place.name, place)
    return list(seen.values())


def _found(place: GoldPlace, mentions: Sequence[Mention], written: list[tuple[int, int]]) -> float | None:
    """The distance to the nearest resolved place within PLACE_KM (0 for an area found by
    mention), None when none is."""
    if place.area:
        return 0.0 if any(mention.area_level and _overlaps(mention, written) for mention in mentions) else None
    assert place.ref is not None
    distances = [_km(mention, place.ref) for mention in mentions]
    best = min(distances, default=None)
    return best if best is not None and best <= PLACE_KM else None


def _corresponds(group: Sequence[Mention], gold: Sequence[GoldPlace], written: dict[str, list[tuple[int, int]]]) -> bool:
    """Whether a resolved place (all its mentions) stands for one of the gold places."""
    for place in gold:
        if not place.checked_by_name:
            if place.ref is not None and _km(group[0], place.ref) <= PLACE_KM:
                return True
            continue
        spans = written[place.name]
        if any(_overlaps(mention, spans) and (mention.area_level or not place.area) for mention in group):
            return True
        if place.ref is not None and not place.area and _km(group[0], place.ref) <= PLACE_KM:
            return True
    return False
