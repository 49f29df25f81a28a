"""What an analyst may give: each check returns the value as the review stores it, or raises
``ReviewInputError`` naming the field, what arrived and what is expected. Actions run every
check before they change anything.

- kinds, actors, date precisions and times of day: the keys of the project's registries;
- casualties: whole numbers from 0 (``None``: unknown);
- dates: ISO dates, not in the future and inside the corpus's range (from the oldest article
  or report date the store holds to the newest article), and not after the newest source of
  the incident was published (an outlet cannot report what has not happened);
- places: a gazetteer id or a point clicked on the map, inside ``MAP_AREA``;
- notes and authors: text without control characters, of a sensible length (notes are shown
  escaped wherever they appear: they are untrusted).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from geodata.dates.patterns import DATE_PRECISIONS, TIMES_OF_DAY
from geodata.events.actors import default_actors
from geodata.events.kinds import INCIDENT_KINDS
from geodata.places.area import MAP_AREA
from geodata.places.distance import distance_km
from geodata.places.gazetteer import Gazetteer, Place, default_gazetteer
from geodata.places.refs import PlaceRef
from geodata.review.errors import ReviewInputError

MAX_NOTE_CHARS = 4000
MAX_AUTHOR_CHARS = 80
MAX_CASUALTIES = 100_000
POINT_UNCERTAINTY_M = 250  # a point clicked on the map at the zoom of a town
NEAR_KM = 15.0  # a clicked point is named after the nearest place this close
POINT_PREFIX = "point:"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
FIELD_LABELS = {
    "kind": "kind", "location": "place", "launch_site": "launch site", "date": "date",
    "date_precision": "date precision", "time_of_day": "time of day", "killed": "killed", "injured": "injured",
    "actors_by": "actors (by)", "actors_against": "actors (against)", "sources": "sources",
}


@dataclass(frozen=True)
class Point:
    """A point clicked on the map."""

    lat: float
    lon: float


PlaceInput = str | Point | tuple[float, float] | None


@dataclass(frozen=True)
class DateRange:
    """The dates an incident may have: the corpus's range, and the newest source of the incident."""

    first: dt.date | None
    last: dt.date | None
    today: dt.date
    newest_source: dt.date | None = None


def _shown(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _one_of(field: str, value: object, choices: Iterable[str]) -> str:
    listed = tuple(choices)
    if not isinstance(value, str) or value not in listed:
        raise ReviewInputError(field, f"{_shown(value)} is not one of {', '.join(listed)}")
    return value


def check_kind(value: object) -> str:
    return _one_of("kind", value, INCIDENT_KINDS)


def check_precision(value: object) -> str:
    return _one_of("date_precision", value, DATE_PRECISIONS)


def check_time_of_day(value: object) -> str | None:
    return None if value is None else _one_of("time_of_day", value, TIMES_OF_DAY)


def check_actors(field: str, values: object) -> list[str]:
    """Actor keys of the registry (``geodata/data/actors.yaml``), each once, in the order given."""
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise ReviewInputError(field, f"expected a list of actor keys, got {_shown(values)}")
    known = default_actors()
    found: list[str] = []
    for value in values:
        if not isinstance(value, str) or value not in known:
            keys = ", ".join(actor.key for actor in known)
            raise ReviewInputError(field, f"{_shown(value)} is not a known actor; expected one of {keys}")
        if value not in found:
            found.append(value)
    return found


def check_count(field: str, value: object) -> int | None:
    """A number of people: a whole number from 0 up, or None (unknown)."""
    if value is None:
        return None
    number: Any = value
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        number = int(value)
    if isinstance(number, bool) or not isinstance(number, int):
        raise ReviewInputError(field, f"{_shown(value)} is not a whole number (or empty for unknown)")
    if number < 0:
        raise ReviewInputError(field, f"{number} is negative: a number of people is 0 or more")
    if number > MAX_CASUALTIES:
        raise ReviewInputError(field, f"{number} is more than {MAX_CASUALTIES:,}: check for a typo")
    return number


def parse_date(value: object) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ReviewInputError("date", f"{_shown(value)} is not a date (YYYY-MM-DD)")


def check_date(value: object, dates: DateRange) -> dt.date | None:
    """A date the incident may have (module docstring); None: the date is unknown."""
    date = parse_date(value)
    if date is None:
        return None
    if date > dates.today:
        raise ReviewInputError("date", f"{date} is in the future (today is {dates.today})")
    if dates.first is not None and date < dates.first:
        raise ReviewInputError("date", f"{date} is before the corpus's range, which starts on {dates.first} "
                                       "(the oldest article or report date in the store)")
    if dates.last is not None and date > dates.last:
        raise ReviewInputError("date", f"{date} is after the corpus's range, which ends on {dates.last} "
                                       "(the newest article in the store)")
    if dates.newest_source is not None and date > dates.newest_source:
        raise ReviewInputError("date", f"{date} is after the newest source of this incident was published "
                                       f"({dates.newest_source}): an outlet cannot report it before it happens")
    return date


def check_place(field: str, value: PlaceInput, gazetteer: Gazetteer | None = None) -> PlaceRef | None:
    """A gazetteer place (by id) or a point, inside the map's area; None: no place."""
    if value is None:
        return None
    gazetteer = gazetteer or default_gazetteer()
    if isinstance(value, str):
        place = gazetteer.get(value.strip())
        if place is None:
            raise ReviewInputError(field, f"{_shown(value)} is not a gazetteer id (search the gazetteer for the place, "
                                          "or give a point)")
        _inside(field, place.lat, place.lon, f"{place.name_en} ({place.id})")
        return PlaceRef(place.id, place.name_en, place.name_ar, place.lat, place.lon, place.geo_precision,
                        place.uncertainty_m, place.in_region)
    lat, lon = (value.lat, value.lon) if isinstance(value, Point) else _pair(field, value)
    _inside(field, lat, lon, f"the point {lat:.5f}, {lon:.5f}")
    return point_ref(lat, lon, gazetteer)


def _pair(field: str, value: object) -> tuple[float, float]:
    try:
        lat, lon = (float(item) for item in value)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        raise ReviewInputError(field, f"{_shown(value)} is neither a gazetteer id nor a point (lat, lon)") from None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise ReviewInputError(field, f"{_shown(value)} is not a point (lat, lon)")
    return lat, lon


def _inside(field: str, lat: float, lon: float, what: str) -> None:
    if not MAP_AREA.contains(lat, lon):
        raise ReviewInputError(field, f"{what} is outside the map's area ({MAP_AREA.describe()})")


def nearest_place(lat: float, lon: float, gazetteer: Gazetteer) -> tuple[Place, float] | None:
    """The nearest settlement, site or base to a point, and how far it is (km)."""
    found = [(distance_km(lat, lon, place.lat, place.lon), place.id, place) for place in gazetteer
             if place.geo_precision == 1]
    if not found:
        return None
    distance, _, place = min(found)
    return place, distance


def point_ref(lat: float, lon: float, gazetteer: Gazetteer) -> PlaceRef:
    """A clicked point as a place: named after the nearest place when one is near."""
    lat, lon = round(lat, 5), round(lon, 5)
    near = nearest_place(lat, lon, gazetteer)
    name_en, name_ar, in_region = f"point {lat:.5f}, {lon:.5f}", f"نقطة {lat:.5f}، {lon:.5f}", True
    if near is not None and near[1] <= NEAR_KM:
        place, distance = near
        name_en = f"point {distance:.1f} km from {place.name_en}"
        name_ar = f"نقطة على بعد {distance:.1f} كم من {place.name_ar}"
        in_region = place.in_region
    return PlaceRef(f"{POINT_PREFIX}{lat:.5f},{lon:.5f}", name_en, name_ar, lat, lon, 1, POINT_UNCERTAINTY_M, in_region)


def _clean_text(field: str, value: object, limit: int, *, lines: bool) -> str:
    if not isinstance(value, str):
        raise ReviewInputError(field, f"expected text, got {_shown(value)}")
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        raise ReviewInputError(field, "is empty")
    if len(text) > limit:
        raise ReviewInputError(field, f"is {len(text):,} characters long; at most {limit:,}")
    bad = _CONTROL.search(text) or (None if lines else re.search(r"[\n\r\t]", text))
    if bad:
        raise ReviewInputError(field, f"holds a control character (U+{ord(bad.group()):04X}) at position {bad.start()}")
    return text


def check_note(text: object) -> str:
    """A note: any text (Arabic or not) with line breaks, no control characters."""
    return _clean_text("note", text, MAX_NOTE_CHARS, lines=True)


def check_author(name: object) -> str:
    """Who made a change: one line of text."""
    return _clean_text("author", name, MAX_AUTHOR_CHARS, lines=False)
