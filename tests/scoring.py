"""Score extracted incidents against an analyst's expected ones, article by article.

Independent of geodata: extracted incidents are plain dicts in the shape of ``Report.as_dict()``
(``kind``, ``location`` with ``lat``/``lon``, ``date``, ...), expected ones are the entries of
``tests/fixtures/reports_expected.yaml``, and place ids are turned into coordinates by a mapping
the caller gives.

Matching: an extracted incident matches an expected one when the kinds are equal and its location
lies within ``MATCH_KM`` of one of the expected places (great-circle distance, geopy). Each
article's pairs are matched one to one: the most required pairs, then the most optional ones,
then the nearest (so attributes are compared between the right pairs). A matched required incident is a true positive, an unmatched one a false
negative, an extracted incident matched to nothing a false positive; an optional expected
incident that is matched is neither, and one that is not matched is not missed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from geopy.distance import great_circle

MATCH_KM = 10.0
Coordinates = Mapping[str, tuple[float, float]]


@dataclass(frozen=True)
class Expected:
    """One incident an analyst expects from one article."""

    article_id: str
    index: int
    kind: str
    places: tuple[str, ...]
    optional: bool = False
    fields: Mapping[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        flag = " (optional)" if self.optional else ""
        return f"{self.kind} @ {'|'.join(self.places)}{flag}"


@dataclass
class ArticleScore:
    """The matching of one article: matched pairs, misses and extras."""

    article_id: str
    pairs: list[tuple[Expected, dict[str, Any]]] = field(default_factory=list)
    missed: list[Expected] = field(default_factory=list)
    extra: list[dict[str, Any]] = field(default_factory=list)

    @property
    def true_positives(self) -> int:
        return sum(1 for expected, _ in self.pairs if not expected.optional)

    @property
    def precision(self) -> float:
        return _ratio(self.true_positives, self.true_positives + len(self.extra))

    @property
    def recall(self) -> float:
        return _ratio(self.true_positives, self.true_positives + len(self.missed))

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)


@dataclass
class FieldScore:
    """How often one attribute of matched incidents agrees with the expectation."""

    name: str
    right: int = 0
    checked: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return _ratio(self.right, self.checked)


@dataclass
class SetScore:
    """The whole set: counts over all articles, per article scores and attribute accuracies."""

    articles: list[ArticleScore]
    fields: dict[str, FieldScore]

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
    def precision(self) -> float:
        return _ratio(self.true_positives, self.true_positives + self.false_positives)

    @property
    def recall(self) -> float:
        return _ratio(self.true_positives, self.true_positives + self.false_negatives)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 1.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def read_expected(data: Mapping[str, Sequence[Mapping[str, Any]] | None]) -> dict[str, list[Expected]]:
    """Expected incidents by article id from the parsed YAML mapping."""
    expected: dict[str, list[Expected]] = {}
    for article_id, entries in data.items():
        expected[article_id] = []
        for index, entry in enumerate(entries or []):
            location = entry["location"]
            places = (location,) if isinstance(location, str) else tuple(location)
            rest = {key: value for key, value in entry.items() if key not in {"kind", "location", "optional"}}
            expected[article_id].append(
                Expected(article_id, index, entry["kind"], places, bool(entry.get("optional", False)), rest)
            )
    return expected


def place_ids(expected: Mapping[str, Sequence[Expected]]) -> set[str]:
    """Every gazetteer id the expectations name, as locations or launch sites."""
    ids: set[str] = set()
    for entries in expected.values():
        for entry in entries:
            ids.update(entry.places)
            ids.update(_ids(entry.fields.get("launch")))
    return ids


def _ids(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def distance_km(incident_place: Mapping[str, Any] | None, ids: Iterable[str], coordinates: Coordinates) -> float:
    """The distance from an extracted place to the nearest expected place (infinite without a place)."""
    if not incident_place:
        return float("inf")
    point = (incident_place["lat"], incident_place["lon"])
    return min(great_circle(point, coordinates[place_id]).km for place_id in ids)


def near(incident_place: Mapping[str, Any] | None, ids: Iterable[str], coordinates: Coordinates, km: float = MATCH_KM) -> bool:
    """Whether an extracted place lies within ``km`` of one of the expected places."""
    return distance_km(incident_place, ids, coordinates) <= km


def match_article(article_id: str, expected: Sequence[Expected], extracted: Sequence[dict[str, Any]],
                  coordinates: Coordinates) -> ArticleScore:
    """One-to-one matching of one article's incidents: the most required pairs, then the most
    optional ones, then the least total distance (an article holds a handful of incidents, so the
    search is exhaustive)."""
    candidates = {
        entry.index: sorted(
            (distance, position) for position, incident in enumerate(extracted)
            if incident["kind"] == entry.kind
            and (distance := distance_km(incident.get("location"), entry.places, coordinates)) <= MATCH_KM
        )
        for entry in expected
    }
    order = sorted(expected, key=lambda entry: entry.optional)
    _, chosen = _assign(order, candidates, frozenset())
    score = ArticleScore(article_id)
    taken = dict(chosen)
    for entry in expected:
        if entry.index in taken:
            score.pairs.append((entry, extracted[taken[entry.index]]))
        elif not entry.optional:
            score.missed.append(entry)
    used = set(taken.values())
    score.extra = [incident for position, incident in enumerate(extracted) if position not in used]
    return score


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


def score_set(expected: Mapping[str, Sequence[Expected]], extracted: Mapping[str, Sequence[dict[str, Any]]],
              coordinates: Coordinates) -> SetScore:
    """Match every article and check the attributes of the matched pairs."""
    articles = [match_article(article_id, entries, extracted.get(article_id, []), coordinates)
                for article_id, entries in expected.items()]
    fields = {name: FieldScore(name) for name in FIELD_CHECKS}
    for article in articles:
        for entry, incident in article.pairs:
            for name, check in FIELD_CHECKS.items():
                if name in entry.fields:
                    verdict = check(entry.fields[name], incident, coordinates)
                    fields[name].checked += 1
                    fields[name].right += verdict
                    if not verdict:
                        fields[name].wrong.append(f"{article.article_id}: {entry.label}: expected {entry.fields[name]!r}, "
                                                  f"got {_shown(name, incident)!r}")
    return SetScore(articles, fields)


def _check_date(value: Any, incident: Mapping[str, Any], _: Coordinates) -> bool:
    wanted = value.isoformat() if isinstance(value, dt.date) else str(value)
    return incident.get("date") == wanted


def _check_launch(value: Any, incident: Mapping[str, Any], coordinates: Coordinates) -> bool:
    if value is None:
        return incident.get("launch_site") is None
    return near(incident.get("launch_site"), _ids(value), coordinates)


def _check_equal(key: str):
    def check(value: Any, incident: Mapping[str, Any], _: Coordinates) -> bool:
        return incident.get(key) == value
    return check


def _check_actors(role: str):
    def check(value: Any, incident: Mapping[str, Any], _: Coordinates) -> bool:
        return set(value) <= set(incident.get("actors", {}).get(role, []))
    return check


FIELD_CHECKS = {
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


def _shown(name: str, incident: Mapping[str, Any]) -> Any:
    if name == "launch":
        site = incident.get("launch_site")
        return site["gazetteer_id"] if site else None
    if name in {"by", "against"}:
        return incident.get("actors", {}).get(name)
    return incident.get(name)


def describe(incident: Mapping[str, Any]) -> str:
    """A one-line view of an extracted incident."""
    location = incident.get("location") or {}
    launch = incident.get("launch_site") or {}
    text = f"{incident['kind']} @ {location.get('gazetteer_id')}"
    if launch:
        text += f" from {launch.get('gazetteer_id')}"
    return f"{text} {incident.get('date')} ({incident.get('date_precision')})" + (" [background]" if incident.get("background") else "")


def summary(score: SetScore, *, details: bool = True) -> str:
    """The set-level figures, each attribute's accuracy and, with details, every miss and extra."""
    lines = [
        f"incidents: {score.true_positives} matched, {score.false_negatives} missed, {score.false_positives} extra",
        f"precision {score.precision:.3f}  recall {score.recall:.3f}  F1 {score.f1:.3f}",
    ]
    lines += [f"  {name:15} {item.right}/{item.checked} = {item.accuracy:.2f}" for name, item in score.fields.items()]
    if details:
        for article in score.articles:
            if article.missed or article.extra:
                lines.append(f"{article.article_id}: P {article.precision:.2f} R {article.recall:.2f} F1 {article.f1:.2f}")
                lines += [f"    missed {entry.label}" for entry in article.missed]
                lines += [f"    extra  {describe(incident)}" for incident in article.extra]
        for item in score.fields.values():
            lines += [f"    wrong {item.name}: {line}" for line in item.wrong]
    return "\n".join(lines)
