"""The gazetteer: places of Deir ez-Zor and its surroundings with Arabic spellings and sources."""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from geodata.datafiles import data_path
from geodata.errors import DataFileError, Problem

COLUMNS = (
    "id", "name_en", "name_ar", "variants_ar", "variants_en", "kind", "governorate", "district",
    "lat", "lon", "uncertainty_m", "parent", "in_region", "source", "notes",
)
# 1 a site or settlement, 2 around a place or between two, 3 a region
GeoPrecision = Literal[1, 2, 3]
KINDS = frozenset({
    "city", "town", "village", "neighbourhood", "facility", "base", "oilfield", "region",
    "river", "governorate", "country", "border_crossing",
})
AREA_KINDS = frozenset({"region", "river", "governorate", "country"})
SYRIAN_GOVERNORATES = frozenset({
    "deir-ez-zor", "hasakah", "raqqa", "homs", "aleppo", "damascus", "rif-dimashq", "quneitra",
    "daraa", "hama", "idlib", "latakia", "tartus", "as-suwayda",
})
# Generous boxes: a point outside its governorate's box is a typo or a namesake.
GOVERNORATE_BOUNDS: dict[str, tuple[float, float, float, float]] = {
    "deir-ez-zor": (33.9, 36.3, 38.9, 41.4),
    "hasakah": (35.4, 37.4, 39.6, 42.4),
    "raqqa": (35.2, 36.8, 37.8, 40.0),
}
SYRIA_BOUNDS = (32.2, 37.4, 35.5, 42.5)
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SPLIT = re.compile(r"\s*\|\s*")


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    id: str
    name_en: str
    name_ar: str
    kind: str
    lat: float
    lon: float
    uncertainty_m: int
    in_region: bool
    source: str
    variants_ar: tuple[str, ...] = ()
    variants_en: tuple[str, ...] = ()
    governorate: str = ""
    district: str = ""
    parent: str = ""
    notes: str = ""
    line: int | None = field(default=None, compare=False)
    # the layer the row comes from: "curated" (gazetteer.csv) or "imported" (gazetteer_imported.csv)
    layer: str = "curated"
    pcode: str = ""  # OCHA community P-code
    geonames_id: str = ""
    admin1: str = ""  # OCHA governorate, district and subdistrict P-codes (admin_units.csv)
    admin2: str = ""
    admin3: str = ""
    status: str = "current"  # or "abandoned"
    twins: tuple[str, ...] = ()  # ids of the imported rows that are this curated place

    @property
    def abandoned(self) -> bool:
        return self.status == "abandoned"

    @property
    def curated(self) -> bool:
        return self.layer == "curated"

    @property
    def geo_precision(self) -> GeoPrecision:
        """1 for a site or settlement, 3 for an area (region, river, governorate, country)."""
        return 3 if self.kind in AREA_KINDS else 1

    @property
    def arabic_names(self) -> tuple[str, ...]:
        return tuple(name for name in (self.name_ar, *self.variants_ar) if name)

    @property
    def english_names(self) -> tuple[str, ...]:
        return (self.name_en, *self.variants_en)


@dataclass
class Gazetteer:
    """All places, looked up by id; ``problems`` lists rows that were rejected."""

    places: dict[str, Place]
    problems: list[Problem]
    path: str = ""
    admin_units: dict[str, AdminUnit] = field(default_factory=dict)
    # what is worked out once per gazetteer (the search keys ...), by name
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __iter__(self) -> Iterator[Place]:
        return iter(self.places.values())

    def __len__(self) -> int:
        return len(self.places)

    def __contains__(self, place_id: object) -> bool:
        return place_id in self.places

    def get(self, place_id: str) -> Place | None:
        return self.places.get(place_id)

    def __getitem__(self, place_id: str) -> Place:
        return self.places[place_id]

    def search(self, query: str, *, limit: int = 50) -> list[Place]:
        """Places whose Arabic or English names contain ``query``, best first (see
        ``geodata.places.search``: hyphens, spaces, diacritics and hamza forms aside)."""
        from geodata.places.search import search_places

        return search_places(self, query, limit=limit)

    def admin_path(self, place_id: str) -> tuple[AdminUnit, ...]:
        """The governorate, district and subdistrict of a place (as far as known), widest first."""
        place = self.places.get(place_id)
        if place is None:
            return ()
        codes = (place.admin1, place.admin2, place.admin3)
        return tuple(self.admin_units[code] for code in codes if code and code in self.admin_units)


@dataclass(frozen=True)
class AdminUnit:
    """An OCHA administrative unit: a governorate (level 1), district (2) or subdistrict (3)."""

    pcode: str
    level: int
    name_en: str
    name_ar: str
    parent: str = ""



def load_gazetteer(path: Path | str | None = None) -> Gazetteer:
    """Load and validate the gazetteer CSV (the bundled one by default).

    Invalid rows are left out and reported in ``problems``; a missing or unreadable file, one
    that is not UTF-8, or a wrong header raises DataFileError.
    """
    csv_path = Path(path) if path is not None else data_path("gazetteer.csv")
    rows = _csv_rows(csv_path)
    _, header = next(rows, (1, []))
    if isinstance(header, str) or tuple(header) != COLUMNS:
        found = header if isinstance(header, str) else ",".join(header) or "(an empty file)"
        raise DataFileError(str(csv_path), 1, f"header must be {','.join(COLUMNS)}; found {found[:300]}")
    places: dict[str, Place] = {}
    problems: list[Problem] = []
    for line, fields in rows:
        if not fields:
            continue
        try:
            place = parse_place(_row_of(fields), line=line)
        except ValueError as error:
            problems.append(Problem(str(csv_path), line, str(error)))
            continue
        if place.id in places:
            first = places[place.id].line
            problems.append(Problem(str(csv_path), line, f"duplicate id '{place.id}' (first on line {first})"))
            continue
        places[place.id] = place
    problems += _parent_problems(places, str(csv_path))
    return Gazetteer(places, problems, str(csv_path))


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str] | str]]:
    """(line, fields) for each record of the CSV file, the line being where the record starts.

    A record the csv module cannot read (a field over its size limit, ...) ends the file with
    (line, reason): past it, quotes may be out of step and later rows read as wrong values.
    """
    reader = csv.reader(io.StringIO(_csv_text(path), newline=""))
    line = 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield line, f"not valid CSV: {error}; the rest of the file is not read"
            return
        yield line, fields
        line = reader.line_num + 1


def _csv_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DataFileError(str(path), None, f"cannot read: {error.strerror or error}") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataFileError(str(path), 1, "UTF-16 text (it starts with a UTF-16 byte-order mark); save the file as UTF-8")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataFileError(
            str(path), line, f"not UTF-8: byte 0x{raw[error.start]:02x} at offset {error.start}; save the file as UTF-8"
        ) from None


def _row_of(fields: list[str] | str) -> dict[str, str]:
    """The named fields of one record; ValueError when the record cannot be one place."""
    if isinstance(fields, str):
        raise ValueError(fields)
    if len(fields) != len(COLUMNS):
        raise ValueError(f"expected {len(COLUMNS)} fields; the row has {len(fields)} (quote a value that holds a comma)")
    return dict(zip(COLUMNS, fields, strict=True))


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The bundled gazetteer, loaded once per process: the curated rows with the imported
    layer beneath them and the OCHA admin units (see ``geodata.places.layers``)."""
    from geodata.places.layers import load_full_gazetteer

    return load_full_gazetteer()


def parse_place(row: Mapping[str, str | None], *, line: int | None = None) -> Place:
    """A Place from one CSV row; ValueError says which field is wrong and what was expected."""
    if None in row or any(value is None for value in row.values()):
        raise ValueError(f"expected {len(COLUMNS)} fields; the row has a different number")
    value = {key: (text or "").strip() for key, text in row.items()}
    place_id = value["id"]
    if not _ID.match(place_id):
        raise ValueError(f"id '{place_id}' must be a lowercase slug like 'jadid-ekaidat'")
    if value["kind"] not in KINDS:
        raise ValueError(f"unknown kind '{value['kind']}'; expected one of {', '.join(sorted(KINDS))}")
    if not value["name_ar"] or not value["name_en"]:
        raise ValueError("name_ar and name_en are required")
    if not value["source"]:
        raise ValueError("source is required: cite where the coordinate comes from")
    lat, lon = _coordinate(value["lat"], value["lon"])
    _check_bounds(value["governorate"], lat, lon)
    return Place(
        id=place_id,
        name_en=value["name_en"],
        name_ar=value["name_ar"],
        kind=value["kind"],
        lat=lat,
        lon=lon,
        uncertainty_m=_uncertainty(value["uncertainty_m"]),
        in_region=_boolean(value["in_region"]),
        source=value["source"],
        variants_ar=tuple(name for name in _SPLIT.split(value["variants_ar"]) if name),
        variants_en=tuple(name for name in _SPLIT.split(value["variants_en"]) if name),
        governorate=value["governorate"],
        district=value["district"],
        parent=value["parent"],
        notes=value["notes"],
        line=line,
    )


def _coordinate(lat_text: str, lon_text: str) -> tuple[float, float]:
    try:
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        raise ValueError(f"lat/lon must be decimal degrees; got '{lat_text}', '{lon_text}'") from None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise ValueError(f"lat/lon must be finite numbers; got '{lat_text}', '{lon_text}'")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"coordinate out of range: lat {lat_text} (-90..90), lon {lon_text} (-180..180)")
    return lat, lon


def _check_bounds(governorate: str, lat: float, lon: float) -> None:
    if governorate and governorate not in SYRIAN_GOVERNORATES:
        known = ", ".join(sorted(SYRIAN_GOVERNORATES))
        raise ValueError(f"unknown governorate '{governorate}'; expected one of {known} or empty")
    bounds = GOVERNORATE_BOUNDS.get(governorate) or (SYRIA_BOUNDS if governorate else None)
    if bounds is None:
        return
    south, north, west, east = bounds
    if not (south <= lat <= north and west <= lon <= east):
        raise ValueError(
            f"coordinate {lat}, {lon} lies outside governorate '{governorate}' "
            f"(lat {south}..{north}, lon {west}..{east}): check for swapped lat/lon or a namesake"
        )


def _uncertainty(text: str) -> int:
    try:
        metres = int(float(text))
    except (ValueError, OverflowError):  # "abc", "nan"; "inf", "1e400"
        raise ValueError(f"uncertainty_m must be a whole number of metres; got '{text}'") from None
    if metres <= 0:
        raise ValueError(f"uncertainty_m must be positive; got {metres}")
    return metres


def _boolean(text: str) -> bool:
    lowered = text.lower()
    if lowered not in {"true", "false"}:
        raise ValueError(f"in_region must be true or false; got '{text}'")
    return lowered == "true"


def _parent_problems(places: dict[str, Place], file: str) -> list[Problem]:
    problems = []
    for place in places.values():
        if place.parent and place.parent not in places:
            problems.append(Problem(file, place.line, f"parent '{place.parent}' of '{place.id}' is not in the gazetteer"))
        elif place.parent and _parent_loop(place, places):
            chain = " -> ".join(_parent_loop(place, places))
            problems.append(Problem(file, place.line, f"parent of '{place.id}' leads back to it: {chain}"))
    return problems


def _parent_loop(place: Place, places: dict[str, Place]) -> list[str]:
    """The chain of parents from ``place`` back to itself, or [] when the chain ends."""
    chain = [place.id]
    current = places.get(place.parent)
    while current is not None and len(chain) <= len(places):
        chain.append(current.id)
        if current.id == place.id:
            return chain
        current = places.get(current.parent) if current.parent else None
    return []
