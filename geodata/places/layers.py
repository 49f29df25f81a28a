"""The imported gazetteer layer beneath the curated rows, and the OCHA admin units.

``load_full_gazetteer`` reads ``gazetteer.csv`` (curated), ``gazetteer_imported.csv`` (OCHA
and GeoNames places, written by ``scripts/build_gazetteer_import.py``), ``admin_units.csv`` and
``gazetteer_admin.csv`` (the admin units of the curated rows), and makes one gazetteer of them:

- a curated row keeps precedence: an imported row that is the same place (``same_as``) is not a
  place of its own; the curated place takes its P-code, GeoNames id and Arabic spellings, and
  lists it in ``twins``;
- every other imported row is a place (``layer="imported"``) with its source, P-code,
  GeoNames id, admin units and status (``abandoned`` places stay, flagged);
- every place of the three governorates gets its governorate, district and subdistrict P-codes
  where they are known.

See ``geodata/data/README.md`` for the files, their sources and licences.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from geodata.datafiles import data_path
from geodata.errors import DataFileError, Problem
from geodata.places.gazetteer import (
    GOVERNORATE_BOUNDS,
    AdminUnit,
    Gazetteer,
    Place,
    _csv_rows,
    _parent_problems,
    load_gazetteer,
)

IMPORTED_COLUMNS = (
    "id", "name_en", "name_ar", "variants_ar", "variants_en", "kind", "governorate", "lat", "lon",
    "uncertainty_m", "pcode", "geonames_id", "admin1_pcode", "admin2_pcode", "admin3_pcode", "status",
    "same_as", "source",
)
ADMIN_COLUMNS = ("pcode", "level", "name_en", "name_ar", "parent_pcode")
CURATED_ADMIN_COLUMNS = ("id", "admin1_pcode", "admin2_pcode", "admin3_pcode", "method", "via", "distance_km")
IMPORTED_KINDS = frozenset({"city", "town", "village"})
STATUSES = frozenset({"current", "abandoned"})
# the governorate slugs of the curated rows and their OCHA P-codes
GOVERNORATE_PCODES = {"hasakah": "SY08", "deir-ez-zor": "SY09", "raqqa": "SY11"}
IMPORTED_GAZETTEER_ATTRIBUTION = (
    "Populated places: UN OCHA / UNCS via HDX (CC BY 3.0 IGO); "
    "Data from Who's On First (CC BY) and GeoNames (CC BY 4.0)"
)
_IMPORTED_ID = re.compile(r"^(?:ocha-c\d+|gn-\d+|wof-\d+)$")
_PCODE = re.compile(r"^SY\d{2}(?:\d{2}(?:\d{2})?)?$")
_SPLIT = re.compile(r"\s*\|\s*")


def load_full_gazetteer(
    curated: Path | str | None = None, imported: Path | str | None = None,
    admin_units: Path | str | None = None, curated_admin: Path | str | None = None,
) -> Gazetteer:
    """The curated gazetteer with the imported layer beneath it and the admin units (the
    bundled files by default). Rows that cannot be read are left out and listed in
    ``problems``; an unreadable file or a wrong header raises DataFileError."""
    gazetteer = load_gazetteer(curated)
    units, problems = load_admin_units(admin_units)
    problems += gazetteer.problems
    places = dict(gazetteer.places)
    admin_rows, admin_problems = _curated_admin(curated_admin, places, units)
    problems += admin_problems
    for place_id, codes in admin_rows.items():
        places[place_id] = replace(places[place_id], admin1=codes[0], admin2=codes[1], admin3=codes[2])
    for place_id, place in places.items():
        if not place.admin1 and place.governorate in GOVERNORATE_PCODES and place.in_region:
            places[place_id] = replace(place, admin1=GOVERNORATE_PCODES[place.governorate])
    rows, imported_problems = load_imported(imported, units)
    problems += imported_problems
    for row in rows:
        twin_of = row.notes
        if twin_of:
            if twin_of not in places or not places[twin_of].curated:
                problems.append(Problem(_name(imported, "gazetteer_imported.csv"), row.line,
                                        f"same_as '{twin_of}' is not a curated place"))
                continue
            places[twin_of] = _with_twin(places[twin_of], row)
        elif row.id in places:
            problems.append(Problem(_name(imported, "gazetteer_imported.csv"), row.line, f"duplicate id '{row.id}'"))
        else:
            places[row.id] = row
    problems += _parent_problems({key: value for key, value in places.items() if value.curated}, gazetteer.path)
    problems = list(dict.fromkeys(problems))
    return Gazetteer(places, problems, gazetteer.path, admin_units=units)


def _name(path: Path | str | None, default: str) -> str:
    return str(path) if path is not None else str(data_path(default))


def _with_twin(place: Place, twin: Place) -> Place:
    """The curated place with what its imported twin brings: P-code, GeoNames id, admin units
    where the curated row has none, and the twin's Arabic spellings."""
    known = set(place.arabic_names)
    spellings = tuple(name for name in twin.arabic_names if name not in known)
    return replace(
        place,
        pcode=place.pcode or twin.pcode,
        geonames_id=place.geonames_id or twin.geonames_id,
        admin1=place.admin1 or twin.admin1, admin2=place.admin2 or twin.admin2, admin3=place.admin3 or twin.admin3,
        variants_ar=place.variants_ar + spellings,
        twins=(*place.twins, twin.id),
    )


def load_admin_units(path: Path | str | None = None) -> tuple[dict[str, AdminUnit], list[Problem]]:
    """OCHA's governorates, districts and subdistricts by P-code, and the rows left out."""
    csv_path = Path(path) if path is not None else data_path("admin_units.csv")
    units: dict[str, AdminUnit] = {}
    problems: list[Problem] = []
    for line, row in _records(csv_path, ADMIN_COLUMNS, problems):
        try:
            level = int(row["level"])
            if level not in (1, 2, 3) or not _PCODE.match(row["pcode"]) or len(row["pcode"]) != 2 + 2 * level:
                raise ValueError(f"'{row['pcode']}' is not a P-code of level {row['level']}")
            if not row["name_en"] or not row["name_ar"]:
                raise ValueError("name_en and name_ar are required")
            if row["pcode"] in units:
                raise ValueError(f"duplicate P-code '{row['pcode']}'")
        except ValueError as error:
            problems.append(Problem(str(csv_path), line, str(error)))
            continue
        units[row["pcode"]] = AdminUnit(row["pcode"], level, row["name_en"], row["name_ar"], row["parent_pcode"])
    for unit in units.values():
        if unit.level > 1 and (unit.parent not in units or not unit.pcode.startswith(unit.parent)):
            problems.append(Problem(str(csv_path), None, f"parent '{unit.parent}' of '{unit.pcode}' is not its admin unit"))
    return units, problems


def load_imported(path: Path | str | None = None, units: dict[str, AdminUnit] | None = None) -> tuple[list[Place], list[Problem]]:
    """The rows of the imported layer as places (``notes`` holds ``same_as``), and the rows
    left out with their reasons."""
    csv_path = Path(path) if path is not None else data_path("gazetteer_imported.csv")
    places: list[Place] = []
    problems: list[Problem] = []
    for line, row in _records(csv_path, IMPORTED_COLUMNS, problems):
        try:
            places.append(_imported_place(row, line, units))
        except ValueError as error:
            problems.append(Problem(str(csv_path), line, str(error)))
    return places, problems


def _imported_place(row: dict[str, str], line: int, units: dict[str, AdminUnit] | None) -> Place:
    if not _IMPORTED_ID.match(row["id"]):
        raise ValueError(f"id '{row['id']}' must be ocha-cNNNN, gn-NNNN or wof-NNNN")
    if row["kind"] not in IMPORTED_KINDS:
        raise ValueError(f"kind '{row['kind']}' must be one of {', '.join(sorted(IMPORTED_KINDS))}")
    if row["governorate"] not in GOVERNORATE_PCODES:
        raise ValueError(f"governorate '{row['governorate']}' must be one of {', '.join(sorted(GOVERNORATE_PCODES))}")
    if row["status"] not in STATUSES:
        raise ValueError(f"status '{row['status']}' must be current or abandoned")
    if not row["name_en"] or not row["source"]:
        raise ValueError("name_en and source are required")
    try:
        lat, lon, uncertainty = float(row["lat"]), float(row["lon"]), int(row["uncertainty_m"])
    except ValueError:
        raise ValueError(f"lat, lon and uncertainty_m must be numbers; got '{row['lat']}', '{row['lon']}', '{row['uncertainty_m']}'") from None
    south, north, west, east = GOVERNORATE_BOUNDS[row["governorate"]]
    if not (south <= lat <= north and west <= lon <= east):
        raise ValueError(f"coordinate {lat}, {lon} lies outside governorate '{row['governorate']}'")
    if uncertainty <= 0:
        raise ValueError(f"uncertainty_m must be positive; got {uncertainty}")
    codes = (row["admin1_pcode"], row["admin2_pcode"], row["admin3_pcode"])
    if codes[0] != GOVERNORATE_PCODES[row["governorate"]]:
        raise ValueError(f"admin1_pcode '{codes[0]}' is not governorate '{row['governorate']}'")
    for level, code in enumerate(codes, start=1):
        if code and units is not None and (code not in units or units[code].level != level):
            raise ValueError(f"admin{level}_pcode '{code}' is not in admin_units.csv")
        if code and level > 1 and not code.startswith(codes[level - 2] or "-"):
            raise ValueError(f"admin{level}_pcode '{code}' does not lie in '{codes[level - 2]}'")
    return Place(
        id=row["id"], name_en=row["name_en"], name_ar=row["name_ar"], kind=row["kind"], lat=lat, lon=lon,
        uncertainty_m=uncertainty, in_region=True, source=row["source"],
        variants_ar=tuple(name for name in _SPLIT.split(row["variants_ar"]) if name),
        variants_en=tuple(name for name in _SPLIT.split(row["variants_en"]) if name),
        governorate=row["governorate"], notes=row["same_as"], line=line, layer="imported",
        pcode=row["pcode"], geonames_id=row["geonames_id"], admin1=codes[0], admin2=codes[1], admin3=codes[2],
        status=row["status"],
    )


def _curated_admin(
    path: Path | str | None, places: dict[str, Place], units: dict[str, AdminUnit]
) -> tuple[dict[str, tuple[str, str, str]], list[Problem]]:
    csv_path = Path(path) if path is not None else data_path("gazetteer_admin.csv")
    found: dict[str, tuple[str, str, str]] = {}
    problems: list[Problem] = []
    for line, row in _records(csv_path, CURATED_ADMIN_COLUMNS, problems):
        codes = (row["admin1_pcode"], row["admin2_pcode"], row["admin3_pcode"])
        if row["id"] not in places:
            problems.append(Problem(str(csv_path), line, f"'{row['id']}' is not a curated place"))
        elif any(code and code not in units for code in codes):
            problems.append(Problem(str(csv_path), line, f"unknown admin P-code in {','.join(codes)}"))
        else:
            found[row["id"]] = codes
    return found, problems


def _records(path: Path, columns: tuple[str, ...], problems: list[Problem]) -> list[tuple[int, dict[str, str]]]:
    rows = _csv_rows(path)
    _, header = next(rows, (1, []))
    if isinstance(header, str) or tuple(header) != columns:
        found = header if isinstance(header, str) else ",".join(header) or "(an empty file)"
        raise DataFileError(str(path), 1, f"header must be {','.join(columns)}; found {found[:300]}")
    records = []
    for line, fields in rows:
        if not fields:
            continue
        if isinstance(fields, str) or len(fields) != len(columns):
            reason = fields if isinstance(fields, str) else f"expected {len(columns)} fields; the row has {len(fields)}"
            problems.append(Problem(str(path), line, reason))
            continue
        records.append((line, {key: value.strip() for key, value in zip(columns, fields, strict=True)}))
    return records
