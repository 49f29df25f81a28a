"""Filters and the map view in a page address, and back (a link reopens the same view).

``filters_to_query`` gives the parameters that differ from the defaults, one list of values
per name (kinds, actors and outlets repeat: ``?kind=airstrike&kind=rocket_attack``);
``filters_from_query`` reads them back and says what it could not read instead of failing,
since an address may be typed or cut short by hand. Names are short and stable:

    from, to          first and last day (YYYY-MM-DD, inclusive)
    kind, actor, outlet   repeated; an empty value selects nothing
    bg=1              include background mentions
    undated=0         leave out undated incidents (shown by default)
    sources=N         at least N sources
    near=ID, km=R     within R km of the gazetteer place ID
    admin             repeated OCHA P-codes: only incidents inside one of these units
    review            repeated review statuses (unreviewed, confirmed, corrected, rejected);
                      every status but rejected by default
    flagged=1         only incidents whose extraction changed since their review
    view=LAT,LON,ZOOM the map's centre and zoom
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from geodata.events.kinds import INCIDENT_KINDS
from geodata.table.filters import MAX_RADIUS_KM, Filters, Near
from geodata.table.review import REVIEW_STATUSES, SHOWN_BY_DEFAULT

Query = dict[str, list[str]]
# (lat, lon, label) of a gazetteer id, or None when there is no such place
PlaceLookup = Callable[[str], "tuple[float, float, str] | None"]

FILTER_PARAMS = ("from", "to", "kind", "actor", "outlet", "bg", "undated", "sources", "near", "km", "admin", "review",
                 "flagged")
VIEW_PARAM = "view"
MIN_ZOOM, MAX_ZOOM = 1, 19
DEFAULT_RADIUS_KM = 10.0
MAX_VALUES = 50  # more values than any filter offers: the rest of a hand-made address is ignored


@dataclass(frozen=True)
class MapView:
    """The map's centre and zoom."""

    lat: float
    lon: float
    zoom: int

    def __post_init__(self) -> None:
        if not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180 and MIN_ZOOM <= self.zoom <= MAX_ZOOM):
            raise ValueError(f"a map view is a latitude, a longitude and a zoom of {MIN_ZOOM}-{MAX_ZOOM}; "
                             f"got {self.lat}, {self.lon}, {self.zoom}")


@dataclass(frozen=True)
class ReadQuery:
    """What an address asked for, and a note for each part that could not be read."""

    filters: Filters
    view: MapView | None = None
    problems: tuple[str, ...] = field(default=())


# ------------------------------------------------------------------ writing


def filters_to_query(filters: Filters) -> Query:
    """The parameters of ``filters`` that differ from ``Filters()`` (``incident_ids`` is the
    app's to write: it names a session's own list)."""
    query: Query = {}
    if filters.date_from is not None:
        query["from"] = [filters.date_from.isoformat()]
    if filters.date_to is not None:
        query["to"] = [filters.date_to.isoformat()]
    for name, values in (("kind", filters.kinds), ("actor", filters.actors), ("outlet", filters.outlets)):
        if values is not None:
            query[name] = list(values) or [""]
    if filters.include_background:
        query["bg"] = ["1"]
    if not filters.include_undated:
        query["undated"] = ["0"]
    if filters.min_sources > 1:
        query["sources"] = [str(filters.min_sources)]
    if filters.near is not None:
        query["near"] = [filters.near.place_id]
        query["km"] = [_number(filters.near.radius_km)]
    if filters.admin_units is not None:
        query["admin"] = list(filters.admin_units) or [""]
    statuses = REVIEW_STATUSES if filters.review_statuses is None else filters.review_statuses
    if tuple(sorted(statuses)) != tuple(sorted(SHOWN_BY_DEFAULT)):
        query["review"] = list(statuses) or [""]
    if filters.only_flagged:
        query["flagged"] = ["1"]
    return query


def view_to_query(view: MapView) -> Query:
    return {VIEW_PARAM: [f"{view.lat:.5f},{view.lon:.5f},{view.zoom}"]}


def _number(value: float) -> str:
    return f"{value:g}"


# ------------------------------------------------------------------ reading


def filters_from_query(params: Mapping[str, Sequence[str] | str], *, places: PlaceLookup | None = None) -> ReadQuery:
    """The filters and view an address holds. Values that cannot be read are left at their
    default and named in ``problems``; ``places`` resolves ``near`` (without it, ``near`` is
    ignored with a note)."""
    values = {name: _as_list(value) for name, value in params.items()}
    problems: list[str] = []
    filters = Filters()
    date_from = _date(values, "from", problems)
    date_to = _date(values, "to", problems)
    if date_from and date_to and date_from > date_to:
        problems.append(f"from {date_from} is after to {date_to}: the two were swapped")
        date_from, date_to = date_to, date_from
    filters = replace(filters, date_from=date_from, date_to=date_to)
    kinds = _selection(values, "kind")
    if kinds:
        unknown = [kind for kind in kinds if kind not in INCIDENT_KINDS]
        if unknown:
            problems.append(f"kind: unknown kinds {', '.join(unknown)} were left out")
            kinds = tuple(kind for kind in kinds if kind in INCIDENT_KINDS) or None
    filters = replace(filters, kinds=kinds, actors=_selection(values, "actor"), outlets=_selection(values, "outlet"))
    filters = replace(filters, include_background=_flag(values, "bg", False, problems),
                      include_undated=_flag(values, "undated", True, problems),
                      min_sources=_count(values, "sources", problems), near=_near(values, places, problems))
    filters = replace(filters, admin_units=_selection(values, "admin"), review_statuses=_statuses(values, problems),
                      only_flagged=_flag(values, "flagged", False, problems))
    return ReadQuery(filters, _view(values, problems), tuple(problems))


def _statuses(values: Mapping[str, list[str]], problems: list[str]) -> tuple[str, ...]:
    chosen = _selection(values, "review")
    if chosen is None:
        return SHOWN_BY_DEFAULT
    unknown = [status for status in chosen if status not in REVIEW_STATUSES]
    if unknown:
        problems.append(f"review: unknown statuses {', '.join(unknown)} were left out")
    known = tuple(status for status in chosen if status in REVIEW_STATUSES)
    return known if known or not unknown else SHOWN_BY_DEFAULT


def _as_list(value: Sequence[str] | str) -> list[str]:
    items = [value] if isinstance(value, str) else list(value)
    return [str(item) for item in items[:MAX_VALUES]]


def _last(values: Mapping[str, list[str]], name: str) -> str | None:
    items = values.get(name)
    return items[-1].strip() if items else None


def _date(values: Mapping[str, list[str]], name: str, problems: list[str]) -> dt.date | None:
    text = _last(values, name)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problems.append(f"{name}: {text[:40]!r} is not a date like 2023-04-10; all dates are shown")
        return None


def _selection(values: Mapping[str, list[str]], name: str) -> tuple[str, ...] | None:
    if name not in values:
        return None
    chosen = tuple(dict.fromkeys(item.strip() for item in values[name] if item.strip()))
    return chosen  # an empty value ("?kind=") selects nothing


def _flag(values: Mapping[str, list[str]], name: str, default: bool, problems: list[str]) -> bool:
    text = _last(values, name)
    if text is None or text == "":
        return default
    if text.lower() in ("1", "true", "yes", "on"):
        return True
    if text.lower() in ("0", "false", "no", "off"):
        return False
    problems.append(f"{name}: {text[:20]!r} is not 1 or 0")
    return default


def _count(values: Mapping[str, list[str]], name: str, problems: list[str]) -> int:
    text = _last(values, name)
    if not text:
        return 1
    if text.isdigit() and 1 <= int(text) <= 1000:
        return int(text)
    problems.append(f"{name}: {text[:20]!r} is not a number of sources from 1 up")
    return 1


def _near(values: Mapping[str, list[str]], places: PlaceLookup | None, problems: list[str]) -> Near | None:
    place_id = _last(values, "near")
    if not place_id:
        return None
    radius = DEFAULT_RADIUS_KM
    text = _last(values, "km")
    if text:
        try:
            radius = float(text)
        except ValueError:
            radius = math.nan
        if not (0 < radius <= MAX_RADIUS_KM):
            problems.append(f"km: {text[:20]!r} is not a radius of more than 0 and at most {MAX_RADIUS_KM:g} km; "
                            f"{DEFAULT_RADIUS_KM:g} km is used")
            radius = DEFAULT_RADIUS_KM
    found = places(place_id) if places is not None else None
    if found is None:
        problems.append(f"near: no place {place_id[:60]!r} in the gazetteer; the search by place is off")
        return None
    lat, lon, label = found
    return Near(place_id, lat, lon, radius, label)


def _view(values: Mapping[str, list[str]], problems: list[str]) -> MapView | None:
    text = _last(values, VIEW_PARAM)
    if not text:
        return None
    return parse_view(text, problems)


def parse_view(text: str, problems: list[str] | None = None) -> MapView | None:
    """``"35.33,40.14,11"`` as a MapView; None (and a note in ``problems``) when it is not one."""
    parts = text.split(",")
    try:
        if len(parts) != 3:
            raise ValueError
        lat, lon, zoom = float(parts[0]), float(parts[1]), round(float(parts[2]))
        if not (math.isfinite(lat) and math.isfinite(lon)):
            raise ValueError
        return MapView(lat, lon, zoom)
    except ValueError:
        if problems is not None:
            problems.append(f"view: {text[:60]!r} is not LAT,LON,ZOOM; the map opens on the incidents")
        return None
