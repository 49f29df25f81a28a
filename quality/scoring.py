"""Score extracted incidents against an analyst's expected ones, article by article.

Independent of geodata: extracted incidents are plain dicts in the shape of ``Report.as_dict()``
(``kind``, ``location`` with ``lat``/``lon``/``geo_precision``/``in_region``, ``date``, ...);
expected ones are ``Expected`` records whose places are ids looked up in a mapping of reference
places (``RefPlace``) the caller gives: gazetteer entries for the project's fixture sets, the
reference coordinates of ``../shared/devset/*_places.csv`` for the development set.

Matching. An extracted incident fits an expected one when the kinds are equal and its location
fits the expected place:

- a point place (a town, a base, a field): the extracted location lies within ``MATCH_KM`` of it
  (great-circle distance);
- an area (governorate, region, river: ``RefPlace.area``): within ``MATCH_KM``, or, when the
  extracted location is itself area-level (geo precision 3, "ريف دير الزور"), within
  ``AREA_MATCH_KM``: an area is tens of kilometres wide and its reference point is a nominal
  centre that two gazetteers put in different spots;
- no place named (the analyst's ``location: null``, "a target the text does not name"): an
  extracted incident with no location, or with an area-level one (geo precision 3). An extraction
  that pins the event on a named town or site asserts more than the text says and does not fit;
- a place with no reference coordinate (the development set gives coordinates only for places in
  the region; Ain al-Asad, al-Tanf, a village near Damascus have none): an extracted incident with
  no location or a location outside the region. One placed inside the region is wrong.

Each article's fitting pairs are matched one to one: the most required pairs, then the most
optional ones, then the least total distance (pairs that fit by a rule rather than a distance
count as ``MATCH_KM``, so a real near pair wins). A matched required incident is a true positive,
an unmatched one a false negative, an extracted incident matched to nothing a false positive; an
optional expected incident that is matched is neither, and one that is not matched is not missed.

Kinds alone: the same counts with the place ignored (per article, per kind: the smaller of the
expected and extracted numbers are true positives; optional expectations absorb extras).

Attributes are compared on matched pairs only, for the fields an expectation carries
(``FIELD_CHECKS``): a field left out is not checked.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from geopy.distance import great_circle

MATCH_KM = 10.0
AREA_MATCH_KM = 50.0
AREA_PRECISION = 3  # geo precision of a region-level mention
CONFIDENCES = ("high", "medium", "low")

# the classes of expected incidents by what their location can be checked against
HIGH_OR_MEDIUM = "high/medium reference"
LOW = "low-confidence reference"
NO_PLACE = "no place named"
NO_COORDINATE = "no reference coordinate"
LOCATION_CLASSES = (HIGH_OR_MEDIUM, LOW, NO_PLACE, NO_COORDINATE)


@dataclass(frozen=True)
class RefPlace:
    """A reference place: its point, whether it is an area, how sure the point is."""

    lat: float
    lon: float
    area: bool = False
    confidence: str = "high"

    @property
    def point(self) -> tuple[float, float]:
        return (self.lat, self.lon)


References = Mapping[str, RefPlace]


@dataclass(frozen=True)
class Expected:
    """One incident an analyst expects from one article; ``places`` is empty when the text names
    no target."""

    article_id: str
    index: int
    kind: str
    places: tuple[str, ...]
    optional: bool = False
    fields: Mapping[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """kind @ place(s), date, background and optional flags, for listings of misses."""
        text = f"{self.kind} @ {'|'.join(self.places) or '(no place named)'}"
        if self.fields.get("date") is not None:
            text += f" {_iso(self.fields['date'])}"
        if self.fields.get("background"):
            text += " [background]"
        return text + (" (optional)" if self.optional else "")


@dataclass(frozen=True)
class Pair:
    """An expected incident and the extracted one it was matched to (``position`` in the
    article's extraction), with the distance between their places (None when they fit by a rule)."""

    expected: Expected
    found: dict[str, Any]
    position: int
    distance_km: float | None


@dataclass(frozen=True)
class Check:
    """One attribute compared on one matched pair."""

    name: str
    right: bool
    message: str = ""


@dataclass
class ArticleScore:
    """The matching of one article: what was expected and extracted, matched pairs, misses,
    extras and attribute checks."""

    article_id: str
    expected: list[Expected] = field(default_factory=list)
    extracted: list[dict[str, Any]] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    missed: list[Expected] = field(default_factory=list)
    extra: list[dict[str, Any]] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    location_class: dict[int, str] = field(default_factory=dict)  # expected index -> LOCATION_CLASSES

    @property
    def true_positives(self) -> int:
        return sum(1 for pair in self.pairs if not pair.expected.optional)

    @property
    def precision(self) -> float:
        return ratio(self.true_positives, self.true_positives + len(self.extra))

    @property
    def recall(self) -> float:
        return ratio(self.true_positives, self.true_positives + len(self.missed))

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    def kind_counts(self) -> Counts:
        """Kinds alone: per kind, required expectations paired with extractions by count."""
        required = Counter(entry.kind for entry in self.expected if not entry.optional)
        optional = Counter(entry.kind for entry in self.expected if entry.optional)
        found = Counter(incident["kind"] for incident in self.extracted)
        counts = Counts()
        for kind in set(required) | set(found):
            counts.add(kind, tp=min(required[kind], found[kind]), fn=max(0, required[kind] - found[kind]),
                       fp=max(0, found[kind] - required[kind] - optional[kind]))
        return counts


@dataclass
class Counts:
    """True positives, false positives and false negatives, in total and by a key (a kind)."""

    by_key: dict[str, list[int]] = field(default_factory=dict)  # key -> [tp, fp, fn]

    def add(self, key: str, *, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        row = self.by_key.setdefault(key, [0, 0, 0])
        row[0] += tp
        row[1] += fp
        row[2] += fn

    def merge(self, other: Counts) -> None:
        for key, (tp, fp, fn) in other.by_key.items():
            self.add(key, tp=tp, fp=fp, fn=fn)

    def total(self) -> Prf:
        return Prf(*(sum(row[i] for row in self.by_key.values()) for i in range(3)))

    def prf(self, key: str) -> Prf:
        return Prf(*self.by_key.get(key, [0, 0, 0]))


@dataclass(frozen=True)
class Prf:
    """Precision, recall and F1 from counts (an empty denominator gives 1.0)."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class FieldScore:
    """How often one attribute of matched incidents agrees with the expectation."""

    name: str
    right: int = 0
    checked: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return ratio(self.right, self.checked)


@dataclass
class SetScore:
    """A set of articles (or several sets combined): counts over all articles, per article scores
    and attribute accuracies."""

    articles: list[ArticleScore]

    @classmethod
    def combine(cls, scores: Iterable[SetScore]) -> SetScore:
        return cls([article for score in scores for article in score.articles])

    @property
    def true_positives(self) -> int:
        return sum(article.true_positives for article in self.articles)

    @property
    def false_positives(self) -> int:
        return sum(len(article.extra) for article in self.articles)

    @property
    def false_negatives(self) -> int:
        return sum(len(article.missed) for article in self.articles)

    @property
    def events(self) -> Prf:
        return Prf(self.true_positives, self.false_positives, self.false_negatives)

    @property
    def precision(self) -> float:
        return self.events.precision

    @property
    def recall(self) -> float:
        return self.events.recall

    @property
    def f1(self) -> float:
        return self.events.f1

    @property
    def fields(self) -> dict[str, FieldScore]:
        scores = {name: FieldScore(name) for name in FIELD_CHECKS}
        for article in self.articles:
            for check in article.checks:
                item = scores[check.name]
                item.checked += 1
                item.right += check.right
                if not check.right:
                    item.wrong.append(check.message)
        return scores

    def by_kind(self) -> Counts:
        """Events matched on kind and place, counted by kind (a miss by its expected kind, an extra
        by its extracted kind)."""
        return self._counts(lambda entry: entry.kind, lambda incident: incident["kind"])

    def by_background(self) -> Counts:
        """Events matched on kind and place, counted as current or background (by the expected
        flag for matches and misses, by the extracted flag for extras)."""
        def flag(value: Any) -> str:
            return "background" if value else "current"
        return self._counts(lambda entry: flag(entry.fields.get("background")), lambda incident: flag(incident.get("background")))

    def _counts(self, expected_key: Callable[[Expected], str], extracted_key: Callable[[dict[str, Any]], str]) -> Counts:
        counts = Counts()
        for article in self.articles:
            for pair in article.pairs:
                if not pair.expected.optional:
                    counts.add(expected_key(pair.expected), tp=1)
            for entry in article.missed:
                counts.add(expected_key(entry), fn=1)
            for incident in article.extra:
                counts.add(extracted_key(incident), fp=1)
        return counts

    def kinds_alone(self) -> Counts:
        counts = Counts()
        for article in self.articles:
            counts.merge(article.kind_counts())
        return counts

    def by_location_class(self) -> dict[str, tuple[int, int, list[float]]]:
        """Required expected incidents by what their place is checked against: (matched, expected,
        distances of the matched pairs in km)."""
        table: dict[str, tuple[int, int, list[float]]] = {name: (0, 0, []) for name in LOCATION_CLASSES}
        for article in self.articles:
            matched = {pair.expected.index: pair for pair in article.pairs}
            for entry in article.expected:
                if entry.optional:
                    continue
                name = article.location_class.get(entry.index, HIGH_OR_MEDIUM)
                hits, total, distances = table[name]
                pair = matched.get(entry.index)
                if pair is not None and pair.distance_km is not None:
                    distances.append(pair.distance_km)
                table[name] = (hits + (pair is not None), total + 1, distances)
        return table


def ratio(numerator: int, denominator: int) -> float:
    """numerator / denominator, 1.0 when there is nothing to count."""
    return numerator / denominator if denominator else 1.0


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def read_expected(data: Mapping[str, Sequence[Mapping[str, Any]] | None]) -> dict[str, list[Expected]]:
    """Expected incidents by article id from the parsed YAML mapping of the fixture sets
    (``location``: an id or a list of acceptable ids)."""
    expected: dict[str, list[Expected]] = {}
    for article_id, entries in data.items():
        expected[article_id] = []
        for index, entry in enumerate(entries or []):
            rest = {key: value for key, value in entry.items() if key not in {"kind", "location", "optional"}}
            expected[article_id].append(
                Expected(article_id, index, entry["kind"], ids(entry["location"]), bool(entry.get("optional", False)), rest)
            )
    return expected


def place_ids(expected: Mapping[str, Sequence[Expected]]) -> set[str]:
    """Every place id the expectations name, as locations or launch sites."""
    found: set[str] = set()
    for entries in expected.values():
        for entry in entries:
            found.update(entry.places)
            found.update(ids(entry.fields.get("launch")))
    return found


def ids(value: Any) -> tuple[str, ...]:
    """A place id, a list of them or None, as a tuple."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _area_level(place: Mapping[str, Any]) -> bool:
    return place.get("geo_precision") == AREA_PRECISION


def place_distance(found: Mapping[str, Any] | None, wanted: Sequence[str], references: References,
                   *, km: float = MATCH_KM) -> float | None:
    """How far an extracted place is from the expected ones, when it fits them (see the module
    docstring); ``km`` as the distance of a fit by rule; None when it does not fit."""
    if not wanted:
        return km if found is None or _area_level(found) else None
    located = [references[place_id] for place_id in wanted if place_id in references]
    if not located:
        return km if found is None or found.get("in_region") is False else None
    if not found:
        return None
    fits = []
    for ref in located:
        distance = great_circle((found["lat"], found["lon"]), ref.point).km
        limit = AREA_MATCH_KM if ref.area and _area_level(found) else km
        if distance <= limit:
            fits.append(distance)
    return min(fits, default=None)


def near(found: Mapping[str, Any] | None, wanted: Iterable[str], references: References, km: float = MATCH_KM) -> bool:
    """Whether an extracted place (not None) fits one of the expected places."""
    return found is not None and place_distance(found, tuple(wanted), references, km=km) is not None


def location_class(entry: Expected, references: References) -> str:
    """What an expected incident's place is checked against (LOCATION_CLASSES)."""
    if not entry.places:
        return NO_PLACE
    located = [references[place_id] for place_id in entry.places if place_id in references]
    if not located:
        return NO_COORDINATE
    return LOW if all(ref.confidence == "low" for ref in located) else HIGH_OR_MEDIUM


def match_article(article_id: str, expected: Sequence[Expected], extracted: Sequence[dict[str, Any]],
                  references: References) -> ArticleScore:
    """One-to-one matching of one article's incidents: the most required pairs, then the most
    optional ones, then the least total distance (an article holds a handful of incidents, so the
    search is exhaustive)."""
    candidates: dict[int, list[tuple[float, int]]] = {}
    exact: dict[tuple[int, int], float | None] = {}
    for entry in expected:
        candidates[entry.index] = []
        for position, incident in enumerate(extracted):
            if incident["kind"] != entry.kind:
                continue
            distance = place_distance(incident.get("location"), entry.places, references)
            if distance is not None:
                candidates[entry.index].append((distance, position))
                exact[entry.index, position] = _measured(incident.get("location"), entry.places, references)
        candidates[entry.index].sort()
    order = sorted(expected, key=lambda entry: entry.optional)
    _, chosen = _assign(order, candidates, frozenset())
    taken = dict(chosen)
    score = ArticleScore(article_id, list(expected), list(extracted))
    for entry in expected:
        score.location_class[entry.index] = location_class(entry, references)
        if entry.index in taken:
            position = taken[entry.index]
            score.pairs.append(Pair(entry, extracted[position], position, exact[entry.index, position]))
        elif not entry.optional:
            score.missed.append(entry)
    used = set(taken.values())
    score.extra = [incident for position, incident in enumerate(extracted) if position not in used]
    score.checks = [check for pair in score.pairs for check in check_pair(article_id, pair, references)]
    return score


def _measured(found: Mapping[str, Any] | None, wanted: Sequence[str], references: References) -> float | None:
    """The distance to the nearest expected place with a reference point, None when there is none."""
    points = [references[place_id].point for place_id in wanted if place_id in references]
    if not found or not points:
        return None
    return min(great_circle((found["lat"], found["lon"]), point).km for point in points)


def _assign(entries: Sequence[Expected], candidates: Mapping[int, list[tuple[float, int]]],
            used: frozenset[int]) -> tuple[tuple[int, int, float], list[tuple[int, int]]]:
    """The best assignment of ``entries`` to unused extracted positions, with its (required
    pairs, optional pairs, -distance) value."""
    if not entries:
        return (0, 0, 0.0), []
    entry, rest = entries[0], entries[1:]
    best_value, best_pairs = _assign(rest, candidates, used)
    for distance, position in candidates[entry.index]:
        if position in used:
            continue
        value, pairs = _assign(rest, candidates, used | {position})
        value = (value[0] + (not entry.optional), value[1] + entry.optional, value[2] - distance)
        if value > best_value:
            best_value, best_pairs = value, [(entry.index, position), *pairs]
    return best_value, best_pairs


def check_pair(article_id: str, pair: Pair, references: References) -> list[Check]:
    """Every attribute the expectation carries, compared with the matched extraction."""
    checks = []
    for name, check in FIELD_CHECKS.items():
        if name in pair.expected.fields:
            wanted = pair.expected.fields[name]
            right = check(wanted, pair.found, references)
            message = "" if right else (f"{article_id}: {pair.expected.label}: expected {_shown_wanted(wanted)!r}, "
                                        f"got {_shown(name, pair.found)!r}")
            checks.append(Check(name, right, message))
    return checks


def score_set(expected: Mapping[str, Sequence[Expected]], extracted: Mapping[str, Sequence[dict[str, Any]]],
              references: References) -> SetScore:
    """Match every article that has expectations (an article with none expected is scored as
    expecting nothing only when it is listed with an empty list)."""
    return SetScore([match_article(article_id, entries, extracted.get(article_id, []), references)
                     for article_id, entries in expected.items()])


def _check_date(value: Any, incident: Mapping[str, Any], _: References) -> bool:
    return incident.get("date") == _iso(value)


def _check_launch(value: Any, incident: Mapping[str, Any], references: References) -> bool:
    if value is None:
        return incident.get("launch_site") is None
    return near(incident.get("launch_site"), ids(value), references)


def _check_equal(key: str) -> Callable[[Any, Mapping[str, Any], References], bool]:
    def check(value: Any, incident: Mapping[str, Any], _: References) -> bool:
        return incident.get(key) == value
    return check


def _check_actors(role: str) -> Callable[[Any, Mapping[str, Any], References], bool]:
    def check(value: Any, incident: Mapping[str, Any], _: References) -> bool:
        return set(value) <= set(incident.get("actors", {}).get(role, []))
    return check


FIELD_CHECKS: dict[str, Callable[[Any, Mapping[str, Any], References], bool]] = {
    "date": _check_date,
    "date_precision": _check_equal("date_precision"),
    "time_of_day": _check_equal("time_of_day"),
    "background": _check_equal("background"),
    "launch": _check_launch,
    "killed": _check_equal("killed"),
    "injured": _check_equal("injured"),
    "by": _check_actors("by"),
    "against": _check_actors("against"),
}


def _shown_wanted(value: Any) -> Any:
    return _iso(value) if isinstance(value, dt.date) else value


def _shown(name: str, incident: Mapping[str, Any]) -> Any:
    if name == "launch":
        site = incident.get("launch_site")
        return site["gazetteer_id"] if site else None
    if name in {"by", "against"}:
        return incident.get("actors", {}).get(name)
    return incident.get(name)


def describe(incident: Mapping[str, Any]) -> str:
    """A one-line view of an extracted incident: kind @ place (geo precision), launch site, date."""
    location = incident.get("location") or {}
    launch = incident.get("launch_site") or {}
    place = location.get("gazetteer_id") or "(no place)"
    if location.get("geo_precision") == AREA_PRECISION:
        place += " (area)"
    text = f"{incident['kind']} @ {place}"
    if launch:
        text += f" from {launch.get('gazetteer_id')}"
    text += f" {incident.get('date')} ({incident.get('date_precision')})"
    return text + (" [background]" if incident.get("background") else "")
