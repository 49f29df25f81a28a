"""Names of towns and villages from the gazetteer, for a map that reads without tiles.

Each settlement gets the zoom from which its label shows (``label_zooms``): cities first,
then towns, villages and neighbourhoods, and at every zoom no label may overlap a label
already shown, judged in screen pixels of that zoom (Web Mercator). A label shown at one
zoom stays at every closer zoom (pixels between places only grow), so zooming in adds names
and never moves or removes one. Pure: the map script only compares each label's zoom with
the map's.
"""

from __future__ import annotations

import hashlib
import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson

from geodata.places.gazetteer import Place
from geodata.private_files import write_private
from geodata.views.escape import escape_html

# (rank, zoom from which the kind may show): a lower rank claims its space first.
LABEL_KINDS: dict[str, tuple[int, int]] = {"city": (0, 6), "town": (1, 8), "village": (2, 10), "neighbourhood": (3, 13)}
MIN_LABEL_ZOOM, MAX_LABEL_ZOOM = 6, 16
CHAR_PX = 6.5  # width of a character of the label's font, a safe upper bound for 11 px text
LABEL_HEIGHT_PX = 28  # two lines: English over Arabic
DOT_PX = 4  # half the dot that marks the place
TEXT_OFFSET_PX = 8  # from the place to the start of the names
PADDING_PX = 3
TILE_PX = 256
CELL_PX = 128.0  # side of a cell of the grid the overlap test looks boxes up in
Box = tuple[float, float, float, float]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Label:
    """One place's label and the zoom from which it shows."""

    place: Place
    zoom: int


def _pixel(place: Place, zoom: int) -> tuple[float, float]:
    """Web Mercator pixel position of ``place`` at ``zoom``."""
    scale = TILE_PX * 2 ** zoom
    x = (place.lon + 180) / 360 * scale
    sin = math.sin(math.radians(max(min(place.lat, 85.0), -85.0)))
    y = (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * scale
    return x, y


def _box(place: Place, zoom: int) -> tuple[float, float, float, float]:
    """Left, top, right, bottom of the label: a dot on the place, the names to its right
    (as map.css draws them), with some room around."""
    x, y = _pixel(place, zoom)
    width = CHAR_PX * max(len(place.name_en), len(place.name_ar))
    return (x - DOT_PX - PADDING_PX, y - DOT_PX - PADDING_PX, x + TEXT_OFFSET_PX + width + PADDING_PX,
            y + LABEL_HEIGHT_PX + PADDING_PX)


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class _Boxes:
    """Boxes in a grid of ``CELL_PX`` cells: an overlap test looks only at the boxes of the
    cells a box touches (thousands of settlements, not every pair)."""

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[Box]] = {}

    @staticmethod
    def _keys(box: Box) -> list[tuple[int, int]]:
        return [(column, row) for column in range(int(box[0] // CELL_PX), int(box[2] // CELL_PX) + 1)
                for row in range(int(box[1] // CELL_PX), int(box[3] // CELL_PX) + 1)]

    def add(self, box: Box) -> None:
        for key in self._keys(box):
            self._cells.setdefault(key, []).append(box)

    def hit(self, box: Box) -> bool:
        return any(_overlaps(box, other) for key in self._keys(box) for other in self._cells.get(key, ()))


def label_zooms(places: Iterable[Place]) -> list[Label]:
    """The settlements of ``places`` (kinds of ``LABEL_KINDS``) with the zoom from which each
    label shows, most important first; one that never finds room shows from ``MAX_LABEL_ZOOM``."""
    candidates = sorted((place for place in places if place.kind in LABEL_KINDS),
                        key=lambda place: (LABEL_KINDS[place.kind][0], not place.in_region, place.name_en, place.id))
    shown: dict[str, int] = {}
    for zoom in range(MIN_LABEL_ZOOM, MAX_LABEL_ZOOM):
        boxes = _Boxes()
        for place in candidates:
            if place.id in shown:
                boxes.add(_box(place, zoom))
        for place in candidates:
            if place.id in shown or LABEL_KINDS[place.kind][1] > zoom:
                continue
            box = _box(place, zoom)
            if not boxes.hit(box):
                shown[place.id] = zoom
                boxes.add(box)
    return [Label(place, shown.get(place.id, MAX_LABEL_ZOOM)) for place in candidates]


def label_rows(places: Iterable[Place], *, keep: bool = False) -> list[list[Any]]:
    """The labels as rows ``[lon, lat, English, Arabic, zoom, rank]``: escaped HTML names, the
    zoom from which each shows and the rank of its kind (0 city ... 3 neighbourhood). The map's
    "labels" renderer reads these (a third of the size of GeoJSON features on every page that
    draws place names). Worked out once per set of places (the gazetteer changes rarely);
    ``keep``: the placement is also kept on disk between server starts (for the gazetteer's
    whole set, not for the passing sets of a search)."""
    return [list(row) for row in _label_rows(tuple(places), keep)]


@lru_cache(maxsize=8)
def _label_rows(places: tuple[Place, ...], keep: bool) -> tuple[tuple[Any, ...], ...]:
    labels = kept_label_zooms(places) if keep else label_zooms(places)
    return tuple((label.place.lon, label.place.lat, escape_html(label.place.name_en), escape_html(label.place.name_ar),
                  label.zoom, LABEL_KINDS[label.place.kind][0]) for label in labels)


# ------------------------------------------------------------------ kept on disk

# Placing thousands of labels takes a good part of a second, at the first page of every server
# start; the result (a zoom per place id) is kept in the user's cache folder, named by the
# places and this code's constants, and read back when they are the same.


# Part of the kept files' names: raise it when label_zooms places labels otherwise, so that
# placements kept by an earlier version are not read back.
LABEL_LAYOUT_VERSION = 1


def labels_folder() -> Path:
    """``labels`` in the user's cache folder (``$XDG_CACHE_HOME/geodata/labels`` on Linux)."""
    from platformdirs import user_cache_path

    return user_cache_path("geodata") / "labels"


def _places_key(places: tuple[Place, ...]) -> str:
    digest = hashlib.sha256(repr((LABEL_LAYOUT_VERSION, LABEL_KINDS, MIN_LABEL_ZOOM, MAX_LABEL_ZOOM, CHAR_PX,
                                  LABEL_HEIGHT_PX, DOT_PX, TEXT_OFFSET_PX, PADDING_PX, CELL_PX)).encode())
    for place in places:
        if place.kind in LABEL_KINDS:
            digest.update(repr((place.id, place.lon, place.lat, place.name_en, place.name_ar, place.kind,
                                place.in_region)).encode())
    return digest.hexdigest()[:24]


def kept_label_zooms(places: Iterable[Place], *, folder: Path | None = None) -> list[Label]:
    """``label_zooms(places)``, read from the folder when these places were placed before (only
    zooms are kept: the names always come from ``places``)."""
    places = tuple(places)
    path = (folder or labels_folder()) / f"{_places_key(places)}.labels.json"
    candidates = [place for place in places if place.kind in LABEL_KINDS]
    try:
        kept = orjson.loads(path.read_bytes())
        order, zooms = kept["order"], kept["zooms"]
        by_id = {place.id: place for place in candidates}
        if (sorted(order) == sorted(by_id) and len(order) == len(zooms)
                and all(isinstance(zoom, int) and MIN_LABEL_ZOOM <= zoom <= MAX_LABEL_ZOOM for zoom in zooms)):
            return [Label(by_id[place_id], zoom) for place_id, zoom in zip(order, zooms, strict=True)]
        log.warning("the kept labels %s do not match the places: placed again", path)
    except FileNotFoundError:
        pass
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.warning("the kept labels %s cannot be read (%s): placed again", path, error)
    labels = label_zooms(candidates)
    _keep({"order": [label.place.id for label in labels], "zooms": [label.zoom for label in labels]}, path)
    return labels


def _keep(data: dict[str, Any], path: Path) -> None:
    """Write ``data`` to ``path`` atomically, readable by the user only; a folder that cannot be
    written only costs the next start the time to place the labels."""
    try:
        write_private(path, orjson.dumps(data))
    except OSError as error:
        log.warning("the labels cannot be kept in %s: %s", path.parent, error)
