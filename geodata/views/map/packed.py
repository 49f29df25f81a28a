"""The map's marker data as compact columns instead of one GeoJSON feature per marker.

A layer of markers travels as one object of arrays: positions as integers of 1e-5 degree
(``COORD_DECIMALS``), each the difference from the one before; dates as day numbers from a
base day; kinds and place names as indexes into small tables of the layer; feature keys as one
string of their 12 hex digits. ``map.js`` (``geodataMap.unpack``) turns it back into the
GeoJSON features the layers always drew, with the same properties, so clicks, popups and
streamlit-folium's ``last_active_drawing`` are as before. ``unpack`` here is the same
decoding in Python, for tests and for callers that want the features.

Every text in the tables is escaped HTML (``escape_html``) before it is packed, and the whole
object goes on the page through ``json_for_script``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

COORD_DECIMALS = 5  # about a metre: points of one gazetteer entry stay one point
SCALE = 10 ** COORD_DECIMALS
KEY_DIGITS = 12  # hex digits of a feature key after its layer letter
EPOCH = dt.date(1970, 1, 1)
NO_DAY = np.iinfo(np.int64).min  # a missing day (NaT as an integer)
DATE_UNKNOWN = "date unknown"
RANGE_DASH = " – "
ROUTE_ARROW = " → "
FORMS = ("points", "lines", "circles", "heat")


# ------------------------------------------------------------------ numbers


def grid(degrees: np.ndarray) -> np.ndarray:
    """Degrees as integers of 1e-5 degree (``round(value, 5)`` as an integer)."""
    return np.rint(np.asarray(degrees, dtype="float64") * SCALE).astype(np.int64)


def degrees(units: np.ndarray) -> np.ndarray:
    """Integers of 1e-5 degree back to degrees: the same floats as ``np.round(value, 5)``."""
    return np.asarray(units, dtype=np.int64) / SCALE


def deltas(values: np.ndarray) -> list[int]:
    """The first value, then each value's difference from the one before."""
    values = np.asarray(values, dtype=np.int64)
    if not len(values):
        return []
    return np.diff(values, prepend=np.int64(0)).tolist()


def undelta(values: Sequence[int]) -> list[int]:
    """The values ``deltas`` encoded."""
    return np.cumsum(np.asarray(values, dtype=np.int64)).tolist() if len(values) else []


def table(texts: Sequence[str]) -> tuple[list[str], list[int]]:
    """Each distinct text once, in order of first use, and each text's index among them."""
    index: dict[str, int] = {}
    codes = [index.setdefault(text, len(index)) for text in texts]
    return list(index), codes


# ------------------------------------------------------------------ dates


def day_text(day: int | None) -> str:
    """"2023-04-10" for a day number (days since 1970-01-01), "date unknown" for None."""
    if day is None:
        return DATE_UNKNOWN
    return (EPOCH + dt.timedelta(days=int(day))).isoformat()


def days_text(first: int | None, span: int | None) -> str:
    """"2023-04-10", "2023-04-10 – 2023-04-13" (``span`` days later) or "date unknown"."""
    if first is None:
        return DATE_UNKNOWN
    start = day_text(first)
    return start if not span else start + RANGE_DASH + day_text(first + span)


# ------------------------------------------------------------------ packing


def pack_points(*, prefix: str, keys: Sequence[str], lat: np.ndarray, lon: np.ndarray, kinds: Sequence[str],
                counts: np.ndarray, first_day: np.ndarray, last_day: np.ndarray, places: Sequence[str],
                sources: np.ndarray, index: np.ndarray, many: np.ndarray, total: np.ndarray,
                radius: np.ndarray | None) -> dict[str, Any]:
    """One point layer's markers (``lat``/``lon`` in 1e-5 degree, days as numbers with
    ``NO_DAY`` for none, ``places`` escaped HTML) as the ``points`` form. ``radius`` (metres of
    uncertainty) is None for a layer without it (launch sites)."""
    kind_table, kind_codes = table(kinds)
    place_table, place_codes = table(places)
    data: dict[str, Any] = {"form": "points", "key": prefix, "keys": "".join(key[1:] for key in keys),
                            "x": deltas(lon), "y": deltas(lat), "kinds": kind_table, "k": kind_codes,
                            "n": np.asarray(counts, dtype=np.int64).tolist(), "places": place_table, "p": place_codes,
                            "s": np.asarray(sources, dtype=np.int64).tolist()}
    data |= _days(np.asarray(first_day, dtype=np.int64), np.asarray(last_day, dtype=np.int64))
    many = np.asarray(many, dtype=np.int64)
    if (many > 1).any():  # markers that share their point with others
        data |= {"i": np.asarray(index, dtype=np.int64).tolist(), "m": many.tolist(),
                 "t": np.asarray(total, dtype=np.int64).tolist()}
    if radius is not None:
        data["u"] = np.rint(np.asarray(radius, dtype="float64")).astype(np.int64).tolist()
    return data


def _days(first: np.ndarray, last: np.ndarray) -> dict[str, Any]:
    """First days as offsets from the earliest (``day0``), spans in days; -1 for no date.
    Nothing at all when no marker has a date."""
    known = first != NO_DAY
    if not known.any():
        return {}
    base = int(first[known].min())
    return {"day0": base, "d": np.where(known, first - base, -1).tolist(),
            "e": np.where(known, last - first, 0).tolist()}


def pack_lines(*, keys: Sequence[str], launch_lat: np.ndarray, launch_lon: np.ndarray, lat: np.ndarray,
               lon: np.ndarray, counts: np.ndarray, launch_names: Sequence[str],
               target_names: Sequence[str]) -> dict[str, Any]:
    """Launch → target lines (positions in 1e-5 degree, names escaped HTML) as the ``lines`` form."""
    names, codes = table([*launch_names, *target_names])
    return {"form": "lines", "key": keys[0][0] if keys else "", "keys": "".join(key[1:] for key in keys),
            "x": deltas(launch_lon), "y": deltas(launch_lat), "x2": deltas(lon), "y2": deltas(lat),
            "n": np.asarray(counts, dtype=np.int64).tolist(), "names": names,
            "a": codes[:len(launch_names)], "b": codes[len(launch_names):]}


def pack_circles(*, lat: np.ndarray, lon: np.ndarray, radius: np.ndarray, level: np.ndarray,
                 cap_m: int | None) -> dict[str, Any]:
    """Uncertainty circles (radius in metres, uncapped; ``cap_m`` caps them on unpacking) as
    the ``circles`` form."""
    data: dict[str, Any] = {"form": "circles", "x": deltas(lon), "y": deltas(lat),
                            "r": np.rint(np.asarray(radius, dtype="float64")).astype(np.int64).tolist(),
                            "p": np.asarray(level, dtype=np.int64).tolist()}
    if cap_m is not None:
        data["cap"] = int(cap_m)
    return data


def pack_heat(*, lat: np.ndarray, lon: np.ndarray, counts: np.ndarray) -> dict[str, Any]:
    """Heat points (incidents per point; the map weighs each by the square root) as the ``heat`` form."""
    return {"form": "heat", "x": deltas(lon), "y": deltas(lat), "w": np.asarray(counts, dtype=np.int64).tolist()}


def size(data: dict[str, Any] | None) -> int:
    """How many features (or heat points, or label rows) ``data`` holds, packed or not (0 for None)."""
    if data is None:
        return 0
    if data.get("form") in FORMS:
        return len(data["x"])
    return len(data.get("features", data.get("points", data.get("rows", ()))))


# ------------------------------------------------------------------ unpacking (as map.js does)


def unpack(data: dict[str, Any]) -> Any:
    """The GeoJSON features (or, for heat, the ``[lat, lon, weight]`` points) that ``map.js``
    makes of packed ``data``; ``data`` itself when it is not packed."""
    form = data.get("form")
    if form == "points":
        return _unpack_points(data)
    if form == "lines":
        return _unpack_lines(data)
    if form == "circles":
        return _unpack_circles(data)
    if form == "heat":
        return [[lat, lon, math.sqrt(weight)]
                for lat, lon, weight in zip(_coords(data["y"]), _coords(data["x"]), data["w"], strict=True)]
    return data


def _coords(values: Sequence[int]) -> list[float]:
    return degrees(np.asarray(undelta(values), dtype=np.int64)).tolist()


def _key(data: dict[str, Any], row: int) -> str:
    return data["key"] + data["keys"][row * KEY_DIGITS:(row + 1) * KEY_DIGITS]


def _point(lon: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [lon, lat]}


def _unpack_points(data: dict[str, Any]) -> list[dict[str, Any]]:
    lons, lats = _coords(data["x"]), _coords(data["y"])
    features = []
    for row, (lon, lat) in enumerate(zip(lons, lats, strict=True)):
        first = data["d"][row] if "d" in data else -1
        dates = days_text(None if first < 0 else data["day0"] + first, data["e"][row] if first >= 0 else 0)
        properties: dict[str, Any] = {"key": _key(data, row), "k": data["kinds"][data["k"][row]], "n": data["n"][row],
                                      "d": dates, "p": data["places"][data["p"][row]], "s": data["s"][row]}
        if "m" in data and data["m"][row] > 1:
            properties |= {"i": data["i"][row], "m": data["m"][row], "t": data["t"][row]}
        if "u" in data:
            properties["u"] = data["u"][row]
        features.append({"type": "Feature", "geometry": _point(lon, lat), "properties": properties})
    return features


def _unpack_lines(data: dict[str, Any]) -> list[dict[str, Any]]:
    columns = zip(_coords(data["x"]), _coords(data["y"]), _coords(data["x2"]), _coords(data["y2"]), data["n"],
                  data["a"], data["b"], strict=True)
    return [{"type": "Feature",
             "geometry": {"type": "LineString", "coordinates": [[launch_lon, launch_lat], [lon, lat]]},
             "properties": {"key": _key(data, row), "n": count,
                            "p": data["names"][launch] + ROUTE_ARROW + data["names"][target]}}
            for row, (launch_lon, launch_lat, lon, lat, count, launch, target) in enumerate(columns)]


def _unpack_circles(data: dict[str, Any]) -> list[dict[str, Any]]:
    cap = data.get("cap")
    features = []
    for lon, lat, radius, level in zip(_coords(data["x"]), _coords(data["y"]), data["r"], data["p"], strict=True):
        properties: dict[str, Any] = {"r": radius, "p": level}
        if cap is not None and radius > cap:
            properties |= {"r": cap, "c": 1}
        features.append({"type": "Feature", "geometry": _point(lon, lat), "properties": properties})
    return features
