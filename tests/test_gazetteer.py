"""The gazetteer (SPEC section 4): integrity of the bundled data, the banks of the Euphrates,
validation of broken files, and the matcher index derived from the data (STYLE item 1)."""

from __future__ import annotations

import csv
import functools
import io
import json
import math
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pytest

from geodata.datafiles import data_path
from geodata.errors import DataFileError
from geodata.places.finder import PlaceIndex
from geodata.places.framing import default_place_phrases
from geodata.places.gazetteer import (
    COLUMNS,
    GOVERNORATE_BOUNDS,
    KINDS,
    SYRIA_BOUNDS,
    Gazetteer,
    Place,
    load_gazetteer,
)
from geodata.text import normalize_phrase

GAZETTEER_CSV = data_path("gazetteer.csv")


@functools.lru_cache(maxsize=1)
def curated_gazetteer() -> Gazetteer:
    """The curated rows alone (gazetteer.csv): what these tests check; the imported layer
    beneath them has its own tests (tests/test_gazetteer_layers.py)."""
    return load_gazetteer()

RIVER_FILE = data_path("control/euphrates.geojson")
AREA_KINDS = {"region", "river", "governorate", "country"}

# Generous boxes (south, north, west, east) around each governorate: a point outside is a typo,
# swapped coordinates or a namesake elsewhere. The study area uses the library's own boxes.
BOXES: dict[str, tuple[float, float, float, float]] = {
    **GOVERNORATE_BOUNDS,
    "homs": (33.2, 35.5, 36.2, 40.8),
    "aleppo": (35.6, 36.9, 36.4, 38.7),
    "damascus": (33.40, 33.65, 36.15, 36.45),
    "rif-dimashq": (32.9, 34.2, 35.7, 38.0),
    "quneitra": (32.6, 33.4, 35.6, 36.0),
    "daraa": (32.3, 33.1, 35.7, 36.7),
    "as-suwayda": (32.3, 33.2, 36.3, 37.4),
    "hama": (34.7, 35.6, 36.1, 38.1),
    "idlib": (35.4, 36.4, 36.1, 37.0),
    "latakia": (35.1, 36.0, 35.7, 36.4),
    "tartus": (34.6, 35.3, 35.8, 36.4),
}
STUDY_GOVERNORATES = {"deir-ez-zor", "hasakah", "raqqa"}
WESTERN_GOVERNORATES = {"damascus", "rif-dimashq", "quneitra", "daraa", "as-suwayda", "hama", "idlib", "latakia",
                        "tartus", "aleppo"}


def raw_rows() -> list[tuple[int, dict[str, str]]]:
    """The bundled CSV as written, with the line each row starts on."""
    text = GAZETTEER_CSV.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows, line = [], reader.line_num
    for row in reader:
        rows.append((line + 1, row))
        line = reader.line_num
    return rows


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def places_named(name_ar: str) -> list[Place]:
    wanted = normalize_phrase(name_ar)
    return [place for place in curated_gazetteer() if wanted in {normalize_phrase(name) for name in place.arabic_names}]


# --------------------------------------------------------------------------- the bundled file


def test_the_gazetteer_covers_at_least_150_places() -> None:
    assert len(curated_gazetteer()) >= 150


def test_header_is_the_documented_columns() -> None:
    with GAZETTEER_CSV.open(encoding="utf-8-sig", newline="") as handle:
        assert tuple(next(csv.reader(handle))) == COLUMNS


def test_the_bundled_gazetteer_loads_without_problems() -> None:
    problems = curated_gazetteer().problems
    assert problems == [], "\n".join(str(problem) for problem in problems)


def test_every_row_loads() -> None:
    assert len(curated_gazetteer()) == len(raw_rows())


def test_ids_are_unique() -> None:
    counts = Counter(row["id"] for _, row in raw_rows())
    assert [place_id for place_id, count in counts.items() if count > 1] == []


def test_kinds_are_valid() -> None:
    bad = [(line, row["id"], row["kind"]) for line, row in raw_rows() if row["kind"] not in KINDS]
    assert bad == []


def test_every_row_cites_a_source() -> None:
    bad = [(line, row["id"]) for line, row in raw_rows() if not (row["source"] or "").strip()]
    assert bad == []


def test_every_place_lies_inside_its_governorate() -> None:
    outside = []
    for place in curated_gazetteer():
        if not place.governorate:
            continue
        south, north, west, east = BOXES.get(place.governorate, SYRIA_BOUNDS)
        if not (south <= place.lat <= north and west <= place.lon <= east):
            outside.append((place.id, place.governorate, place.lat, place.lon))
    assert outside == []


def test_governorates_are_known() -> None:
    unknown = sorted({place.governorate for place in curated_gazetteer()} - set(BOXES) - {""})
    assert unknown == []


def test_parents_exist() -> None:
    ids = {row["id"] for _, row in raw_rows()}
    missing = [(line, row["id"], row["parent"]) for line, row in raw_rows() if row["parent"] and row["parent"] not in ids]
    assert missing == []


def test_children_lie_near_or_inside_their_parent() -> None:
    gazetteer = curated_gazetteer()
    far = []
    for place in gazetteer:
        parent = gazetteer.get(place.parent) if place.parent else None
        if parent is None:
            continue
        if parent.kind == "governorate":
            if place.governorate != parent.governorate:
                far.append((place.id, "governorate", place.governorate, parent.governorate))
        elif parent.kind not in AREA_KINDS and km((place.lat, place.lon), (parent.lat, parent.lon)) > 30:
            far.append((place.id, "km", round(km((place.lat, place.lon), (parent.lat, parent.lon))), parent.id))
    assert far == []


def test_a_borrowed_coordinate_carries_a_matching_uncertainty() -> None:
    """Two sites at the very same point means one borrowed the other's coordinate (a neighbourhood
    placed at its city's point, a base at its town's): fine only when its uncertainty says so, so
    the map draws a circle, not a precise pin."""
    by_point: dict[tuple[float, float], list[Place]] = {}
    for place in curated_gazetteer():
        if place.kind not in AREA_KINDS:
            by_point.setdefault((round(place.lat, 4), round(place.lon, 4)), []).append(place)
    precise = [
        (place.id, place.uncertainty_m)
        for places in by_point.values() if len(places) > 1
        for place in sorted(places, key=lambda p: p.uncertainty_m)[1:]
        if place.uncertainty_m < 2000
    ]
    assert precise == []


# rule, which places it covers, the in_region value they must have
IN_REGION_ROWS: list[tuple[str, Callable[[Place], bool], bool]] = [
    ("study governorates", lambda p: p.governorate in STUDY_GOVERNORATES, True),
    ("western governorates", lambda p: p.governorate in WESTERN_GOVERNORATES, False),
    ("countries", lambda p: p.kind == "country", False),
    ("Homs desert (east of 37.5E)", lambda p: p.governorate == "homs" and p.lon >= 37.5, True),
    ("western Homs", lambda p: p.governorate == "homs" and p.lon < 37.5, False),
    ("outside Syria", lambda p: not p.governorate and not (
        SYRIA_BOUNDS[0] <= p.lat <= SYRIA_BOUNDS[1] and SYRIA_BOUNDS[2] <= p.lon <= SYRIA_BOUNDS[3]), False),
    ("Damascus", lambda p: normalize_phrase("دمشق") in {normalize_phrase(n) for n in p.arabic_names}, False),
    ("the Golan", lambda p: normalize_phrase("الجولان") in {normalize_phrase(n) for n in p.arabic_names}, False),
    ("Syria itself", lambda p: normalize_phrase("سوريا") in {normalize_phrase(n) for n in p.arabic_names}, False),
]


@pytest.mark.parametrize(("rule", "covers", "expected"), IN_REGION_ROWS, ids=[row[0] for row in IN_REGION_ROWS])
def test_in_region_is_consistent(rule: str, covers: Callable[[Place], bool], expected: bool) -> None:
    places = [place for place in curated_gazetteer() if covers(place)]
    assert places, f"no place for the rule {rule!r}"
    assert [place.id for place in places if place.in_region is not expected] == []


@pytest.mark.parametrize(("name_ar", "name_en"), [
    ("دمشق", "Damascus"), ("الجولان", "the Golan"), ("سوريا", "Syria"), ("العراق", "Iraq"), ("إيران", "Iran"),
    ("إسرائيل", "Israel"), ("مدينة القائم", "al-Qaim"),
], ids=lambda value: value if value.isascii() else "")
def test_out_of_region_names_the_reports_mention_are_present(name_ar: str, name_en: str) -> None:
    places = places_named(name_ar)
    assert places, f"{name_ar} is missing"
    assert all(not place.in_region for place in places)


def east_bank_side() -> Callable[[float, float], bool] | None:
    """A test of "is (lat, lon) on the east (al-Jazira) bank", from the bundled river line."""
    try:
        from shapely.geometry import Point, Polygon
    except ImportError:  # pragma: no cover - shapely is a dependency
        return None
    if not RIVER_FILE.exists():
        return None
    features = json.loads(RIVER_FILE.read_text(encoding="utf-8"))["features"]
    [river] = [f for f in features if f["properties"].get("id") == "euphrates"]
    line = river["geometry"]["coordinates"]
    if line[0][0] > line[-1][0]:
        line = line[::-1]
    # close the line with two corners far to the north: the polygon is the left (east) bank
    north = Polygon([*line, (line[-1][0], 39.0), (line[0][0], 39.0)])
    assert north.is_valid
    return lambda lat, lon: north.contains(Point(lon, lat))


def east_of(west: Place, east: Place) -> bool:
    """Is ``east`` across the river from ``west`` on the east bank?"""
    side = east_bank_side()
    if side is not None:
        return side(east.lat, east.lon) and not side(west.lat, west.lon)
    # Without the river line: the river flows NW-SE (Deir ez-Zor city to Albu Kamal), so a place
    # on the east bank is to the left of the flow seen from its west-bank partner.
    flow = (40.918 - 40.141, 34.452 - 35.336)
    offset = (east.lon - west.lon, east.lat - west.lat)
    return flow[0] * offset[1] - flow[1] * offset[0] > 0


# west-bank (al-Shamiya) place, east-bank (al-Jazira) place across the river from it
BANK_ROWS = [
    ("الميادين", "ذيبان", "al-Mayadin / Dhiban"),
    ("العشارة", "درنج", "al-Ashara / Darnaj"),
    ("العشارة", "الطيانة", "al-Ashara / al-Tayyana"),
    ("البوليل", "البصيرة", "al-Bulayl / al-Busayrah"),
    ("البوليل", "الشحيل", "al-Bulayl / al-Shuhayl"),
    ("بقرص", "البصيرة", "Buqrus / al-Busayrah"),
    ("بقرص", "الشحيل", "Buqrus / al-Shuhayl"),
    ("البوكمال", "الباغوز", "Albu Kamal / al-Baghuz"),
    ("موحسن", "جديد عكيدات", "Muhasan / Jadid Ekaidat"),
    ("دير الزور", "حطلة", "Deir ez-Zor city / Hatla"),
    ("القورية", "الطيانة", "al-Quriyah / al-Tayyana"),
]


def one_place(name_ar: str) -> Place:
    places = [place for place in places_named(name_ar) if place.governorate == "deir-ez-zor"]
    assert places, f"{name_ar} is missing from the gazetteer"
    assert len(places) == 1, f"{name_ar} names several places: {[place.id for place in places]}"
    return places[0]


@pytest.mark.parametrize(("west_name", "east_name", "pair"), BANK_ROWS, ids=[row[2] for row in BANK_ROWS])
def test_known_pairs_lie_on_their_banks(west_name: str, east_name: str, pair: str) -> None:
    west, east = one_place(west_name), one_place(east_name)
    assert east_of(west, east), f"{west.id} should be on the west bank and {east.id} on the east bank"
    assert km((west.lat, west.lon), (east.lat, east.lon)) < 20, "the pair should face each other across the river"


# --------------------------------------------------------------------------- validation of a broken file

HEADER = ",".join(COLUMNS)
DHIBAN = "dhiban,Dhiban,ذيبان,ديبان,Thiban,town,deir-ez-zor,al-Mayadin,35.01498,40.51028,1500,,true,GeoNames 170691,"
HAJIN = "hajin,Hajin,هجين,,Hajeen,town,deir-ez-zor,Albu Kamal,34.69508,40.83138,1500,,true,GeoNames 174506,"


def row_with(**changes: str) -> str:
    values = dict(zip(COLUMNS, next(csv.reader([HAJIN])), strict=True))
    values.update(changes)
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([values[column] for column in COLUMNS])
    return out.getvalue()


# case, the broken row (written on line 3, after a good row), words of the reason
BROKEN_ROWS = [
    ("latitude out of range", row_with(lat="95.2"), "out of range"),
    ("longitude out of range", row_with(lon="-190"), "out of range"),
    ("coordinate not a number", row_with(lat="34,69"), "decimal degrees"),
    ("swapped lat and lon", row_with(lat="40.83138", lon="34.69508"), "outside governorate"),
    ("unknown kind", row_with(kind="hamlet"), "unknown kind"),
    ("duplicate id", row_with(id="dhiban"), "duplicate id"),
    ("missing parent", row_with(parent="albu-kamal-district"), "parent"),
    ("bad in_region", row_with(in_region="yes"), "in_region"),
    ("missing source", row_with(source=""), "source"),
    ("id not a slug", row_with(id="Hajin Town"), "slug"),
    ("unknown governorate", row_with(governorate="dayr-al-zawr"), "governorate"),
    ("uncertainty not positive", row_with(uncertainty_m="0"), "uncertainty_m"),
    ("missing Arabic name", row_with(name_ar=""), "name_ar"),
    ("too few fields", HAJIN.rsplit(",", 2)[0], "fields"),
]


@pytest.mark.parametrize(("case", "row", "reason"), BROKEN_ROWS, ids=[row[0] for row in BROKEN_ROWS])
def test_a_broken_row_is_reported_with_file_and_line(tmp_path: Path, case: str, row: str, reason: str) -> None:
    path = tmp_path / "gazetteer.csv"
    path.write_text("\n".join([HEADER, DHIBAN, row]) + "\n", encoding="utf-8")
    gazetteer = load_gazetteer(path)
    assert "dhiban" in gazetteer
    [problem] = gazetteer.problems
    assert (problem.file, problem.line) == (str(path), 3)
    assert reason.lower() in problem.reason.lower()


def test_line_numbers_count_quoted_newlines(tmp_path: Path) -> None:
    dhiban_two_lines = DHIBAN[:-1] + ',"East bank.\nSeat of the Ekaidat sheikhs."'
    path = tmp_path / "gazetteer.csv"
    path.write_text("\n".join([HEADER, dhiban_two_lines, row_with(kind="hamlet")]) + "\n", encoding="utf-8")
    [problem] = load_gazetteer(path).problems
    assert problem.line == 4


@pytest.mark.parametrize("header", [
    ",".join(reversed(COLUMNS)),
    ",".join(column for column in COLUMNS if column != "source"),
    HEADER.replace("lat,lon", "latitude,longitude"),
])
def test_a_bad_header_is_an_error_at_line_1(tmp_path: Path, header: str) -> None:
    path = tmp_path / "gazetteer.csv"
    path.write_text(header + "\n" + DHIBAN + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as raised:
        load_gazetteer(path)
    assert (raised.value.file, raised.value.line) == (str(path), 1)
    assert "header" in raised.value.reason


# --------------------------------------------------------------------------- the derived matcher index


@lru_cache(maxsize=1)
def bundled_index() -> PlaceIndex:
    return PlaceIndex(curated_gazetteer(), default_place_phrases())


def every_name() -> list[tuple[str, str]]:
    return [(place.id, name) for place in curated_gazetteer() for name in place.arabic_names]


def test_the_matcher_index_holds_every_name_and_variant() -> None:
    missing = []
    for place_id, name in every_name():
        text = normalize_phrase(name)
        hits = bundled_index().hits(text)
        whole = [hit for hit in hits if (hit.start, hit.end) == (0, len(text))]
        if not whole or place_id not in whole[0].entry.place_ids:
            missing.append((place_id, name))
    assert missing == []


def test_the_matcher_index_holds_the_spacing_variant_of_every_multiword_name() -> None:
    missing = []
    for place_id, name in every_name():
        text = normalize_phrase(name).replace(" ", "")
        if text == normalize_phrase(name):
            continue
        whole = [hit for hit in bundled_index().hits(text) if (hit.start, hit.end) == (0, len(text))]
        if not whole or place_id not in whole[0].entry.place_ids:
            missing.append((place_id, name))
    assert missing == []


# Spellings local outlets use for a village that the curated entry lists under another form.
LOCAL_SPELLINGS = [
    ("اقتحمت دورية قرية أبريهة شرق البصيرة واعتقلت شابين", "al-burayha"),
    ("قتل عنصر بقسد برصاص ملثمين في بلدة ابريهة", "al-burayha"),
    ("انفجرت عبوة قرب مدرسة البريهة", "al-burayha"),
]


@pytest.mark.parametrize(("sentence", "place_id"), LOCAL_SPELLINGS)
def test_local_spellings_resolve_to_the_village(sentence: str, place_id: str) -> None:
    from geodata.places.finder import PlaceMatch, default_index, find_places
    found = [match.place.id for match in find_places(sentence, index=default_index()) if isinstance(match, PlaceMatch)]
    assert place_id in found


def test_a_town_on_the_western_edge_of_the_region_is_found() -> None:
    from geodata.places.finder import PlaceMatch, default_index, find_places
    found = [match.place.id for match in find_places("قصفت المسيرات محيط بلدة مسكنة شرق حلب", index=default_index())
             if isinstance(match, PlaceMatch)]
    assert "maskanah" in found
