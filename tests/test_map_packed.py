"""geodata.views.map.packed: marker layers in columns, and what they unpack to.

The features are checked against a plain pandas aggregation written here (one groupby per
layer, as the map was built before the columns), on the fixture table and on a synthetic one
of 2,000 incidents; the JavaScript decoding is compared with ``unpack`` in
tests/test_browser_map_data.py.
"""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from bench.corpus import incident_frame
from geodata.places.gazetteer import default_gazetteer
from geodata.views.escape import escape_html, json_for_script
from geodata.views.map import build_map, incidents_for_key, memo
from geodata.views.map.elements import DataLayer
from geodata.views.map.features import (
    LAUNCH_PREFIX,
    STRIKE_PREFIX,
    UNDATED_PREFIX,
    feature_key,
    heat_points,
    incident_point_data,
    incident_point_features,
    launch_line_features,
    point_features,
    uncertainty_features,
)
from geodata.views.map.memo import once_per
from geodata.views.map.packed import (
    NO_DAY,
    days_text,
    degrees,
    deltas,
    grid,
    pack_circles,
    pack_points,
    size,
    undelta,
    unpack,
)
from tests.fixtures.incidents import HOSTILE, fixture_frame, hostile_frame


@pytest.fixture(scope="module")
def synthetic() -> pd.DataFrame:
    return incident_frame(2000, seed=3)


# ------------------------------------------------------------------ a plain reference


def reference_markers(frame: pd.DataFrame, prefix: str) -> dict[tuple[str, float, float], dict]:
    """Marker properties by (kind, lat, lon) from one pandas groupby, without spreading."""
    lat, lon = ("launch_lat", "launch_lon") if prefix == LAUNCH_PREFIX else ("lat", "lon")
    rows = frame[frame[lat].notna() & frame[lon].notna()]
    if prefix == STRIKE_PREFIX:
        rows = rows[rows["date"].notna()]
    elif prefix == UNDATED_PREFIX:
        rows = rows[rows["date"].isna()]
    else:
        rows = rows[~(rows["launch_geo_precision"] >= 3).fillna(False).astype(bool)]
    names = ("launch_name_en", "launch_name_ar") if prefix == LAUNCH_PREFIX else ("place_name_en", "place_name_ar")
    table = pd.DataFrame({
        "kind": rows["kind"].astype(str) if prefix != LAUNCH_PREFIX else "",
        "glat": rows[lat].astype(float).round(5), "glon": rows[lon].astype(float).round(5), "date": rows["date"],
        "sources": rows["n_sources"], "en": rows[names[0]].astype(object), "ar": rows[names[1]].astype(object),
    })
    markers = {}
    for (kind, glat, glon), group in table.groupby(["kind", "glat", "glon"]):
        first, last = group["date"].min(), group["date"].max()
        dates = "date unknown" if pd.isna(first) else (
            first.date().isoformat() if first == last else f"{first.date().isoformat()} – {last.date().isoformat()}")
        en = next((name for name in group["en"] if isinstance(name, str)), None)
        ar = next((name for name in group["ar"] if isinstance(name, str)), None)
        place = " · ".join(dict.fromkeys(name for name in (en, ar) if name)) or "unnamed place"
        markers[(kind, glat, glon)] = {"k": kind, "n": len(group), "d": dates, "p": escape_html(place),
                                       "s": int(group["sources"].sum()), "key": feature_key(prefix, kind, glat, glon)}
    return markers


def by_position(features: list[dict]) -> dict[tuple[str, float, float], dict]:
    found = {}
    for feature in features:
        lon, lat = feature["geometry"]["coordinates"]
        properties = feature["properties"]
        found[(properties["k"], lat, lon)] = {name: properties[name] for name in ("k", "n", "d", "p", "s", "key")}
    return found


@pytest.mark.parametrize("which", ["fixture", "synthetic"])
def test_markers_unpack_to_what_a_plain_groupby_gives(which: str, synthetic: pd.DataFrame) -> None:
    frame = fixture_frame() if which == "fixture" else synthetic
    layers = incident_point_features(frame)
    for prefix in (STRIKE_PREFIX, UNDATED_PREFIX):
        assert by_position(layers[prefix]) == reference_markers(frame, prefix)
    assert by_position(point_features(frame, LAUNCH_PREFIX)) == reference_markers(frame, LAUNCH_PREFIX)
    assert len(layers[STRIKE_PREFIX]) > (20 if which == "synthetic" else 3)


def test_every_marker_leads_back_to_its_incidents(synthetic: pd.DataFrame) -> None:
    features = incident_point_features(synthetic)[STRIKE_PREFIX]
    for feature in features[:: max(1, len(features) // 25)]:
        rows = incidents_for_key(synthetic, feature["properties"]["key"])
        assert len(rows) == feature["properties"]["n"]
        assert set(rows["kind"].astype(str)) == {feature["properties"]["k"]}


def test_markers_at_one_point_are_numbered_largest_count_first(synthetic: pd.DataFrame) -> None:
    layers = incident_point_features(synthetic)
    at_point: dict[tuple[float, float], list[dict]] = {}
    for feature in [*layers[STRIKE_PREFIX], *layers[UNDATED_PREFIX]]:
        at_point.setdefault(tuple(feature["geometry"]["coordinates"]), []).append(feature["properties"])
    crowded = [markers for markers in at_point.values() if len(markers) > 1]
    assert crowded
    for markers in crowded:
        ordered = sorted(markers, key=lambda item: item["i"])
        assert [item["i"] for item in ordered] == list(range(len(markers)))
        assert {item["m"] for item in markers} == {len(markers)}
        assert {item["t"] for item in markers} == {sum(item["n"] for item in markers)}
        assert [item["n"] for item in ordered] == sorted((item["n"] for item in ordered), reverse=True)
    lonely = [markers[0] for markers in at_point.values() if len(markers) == 1]
    assert all("i" not in item and "m" not in item for item in lonely)


def test_heat_and_circles_count_every_located_point(synthetic: pd.DataFrame) -> None:
    located = synthetic[synthetic["lat"].notna() & synthetic["lon"].notna()]
    counts = located.groupby([located["lat"].round(5), located["lon"].round(5)]).size()
    assert {(lat, lon): weight for lat, lon, weight in heat_points(synthetic)} == counts.to_dict()
    circles = uncertainty_features(synthetic, cap_m=3000)
    assert len(circles) == len(counts)
    assert all(item["properties"]["r"] <= 3000 for item in circles)
    assert any(item["properties"].get("c") == 1 for item in circles)


def test_launch_lines_name_both_ends(synthetic: pd.DataFrame) -> None:
    lines = launch_line_features(synthetic)
    assert lines and sum(line["properties"]["n"] for line in lines) <= len(synthetic)
    for line in lines[:20]:
        (launch_lon, launch_lat), (lon, lat) = line["geometry"]["coordinates"]
        rows = incidents_for_key(synthetic, line["properties"]["key"])
        assert len(rows) == line["properties"]["n"]
        assert set(rows["launch_lat"].round(5)) == {launch_lat} and set(rows["launch_lon"].round(5)) == {launch_lon}
        assert set(rows["lat"].round(5)) == {lat} and set(rows["lon"].round(5)) == {lon}
        assert " → " in line["properties"]["p"]


# ------------------------------------------------------------------ the encoding


def test_positions_are_integers_of_a_hundred_thousandth_of_a_degree() -> None:
    values = np.array([35.301390001, 40.23667, -0.000004, 179.999996, 35.25509])
    assert degrees(grid(values)).tolist() == values.round(5).tolist()
    assert undelta(deltas(grid(values))) == grid(values).tolist()
    assert deltas(np.array([4035454, 4035454, 4035000])) == [4035454, 0, -454]
    assert deltas(np.array([], dtype=np.int64)) == [] and undelta([]) == []


def test_dates_are_day_numbers() -> None:
    day = (pd.Timestamp("2023-04-10") - pd.Timestamp("1970-01-01")).days
    assert days_text(day, 0) == "2023-04-10"
    assert days_text(day, 3) == "2023-04-10 – 2023-04-13"
    assert days_text(None, None) == "date unknown"


def test_a_packed_layer_repeats_no_kind_or_place() -> None:
    many = np.array([1, 1, 1])
    data = pack_points(prefix="s", keys=["s" + "a" * 12, "s" + "b" * 12, "s" + "c" * 12],
                       lat=np.array([3530139, 3530139, 3525509]), lon=np.array([4023667, 4023667, 4035454]),
                       kinds=["airstrike", "airstrike", "rocket_attack"], counts=np.array([2, 1, 1]),
                       first_day=np.array([19457, 19458, NO_DAY]), last_day=np.array([19460, 19458, NO_DAY]),
                       places=["Hatla", "Hatla", "Jadid"], sources=np.array([3, 1, 2]), index=np.zeros(3),
                       many=many, total=many, radius=np.array([1500.0, 1500.0, 5000.4]))
    assert data["kinds"] == ["airstrike", "rocket_attack"] and data["k"] == [0, 0, 1]
    assert data["places"] == ["Hatla", "Jadid"] and data["p"] == [0, 0, 1]
    assert data["keys"] == "a" * 12 + "b" * 12 + "c" * 12 and "m" not in data
    assert (data["day0"], data["d"], data["e"]) == (19457, [0, 1, -1], [3, 0, 0])
    features = unpack(data)
    assert [item["properties"]["d"] for item in features] == ["2023-04-10 – 2023-04-13", "2023-04-11", "date unknown"]
    assert [item["properties"]["key"] for item in features] == ["s" + "a" * 12, "s" + "b" * 12, "s" + "c" * 12]
    assert [item["properties"]["u"] for item in features] == [1500, 1500, 5000]
    assert features[2]["geometry"] == {"type": "Point", "coordinates": [40.35454, 35.25509]}
    assert size(data) == 3 and size(None) == 0


def test_circles_are_capped_when_unpacked() -> None:
    data = pack_circles(lat=np.array([3500000]), lon=np.array([4000000]), radius=np.array([25000.0]),
                        level=np.array([3]), cap_m=10000)
    assert unpack(data)[0]["properties"] == {"r": 10000, "p": 3, "c": 1}


def test_hostile_names_are_escaped_in_the_tables() -> None:
    data = incident_point_data(hostile_frame())
    text = json_for_script(data)
    assert HOSTILE not in text and "<" not in text and "{{" not in text
    places = [place for layer in data.values() if layer for place in layer["places"]]
    assert places and all("<" not in place and "{" not in place for place in places)


def test_the_marker_layers_are_a_few_dozen_bytes_a_marker(synthetic: pd.DataFrame) -> None:
    """The regression this encoding fixed: ~250 bytes of GeoJSON per incident marker."""
    folium_map = build_map(synthetic, tiles="none")
    layers = {child.layer_name: child for child in folium_map._children.values() if isinstance(child, DataLayer)}
    # GeoJSON took about 250 bytes a marker and 195 a line; names are sent once per distinct place
    for title, most in (("Incidents", 60), ("Launch sites", 100), ("Launch → target lines", 60)):
        layer = layers[title]
        assert json.loads(layer.data_json)["form"] in {"points", "lines"}
        assert len(layer.data_json.encode()) / layer.feature_count < most, title


# ------------------------------------------------------------------ fixed layers made once


def test_values_are_kept_per_source_object_not_per_equal_value() -> None:
    calls: list[int] = []
    first, equal = [1, 2], [1, 2]
    assert once_per("test", first, lambda: calls.append(1) or "made") == "made"
    assert once_per("test", first, lambda: calls.append(2) or "again") == "made"
    assert once_per("test", equal, lambda: calls.append(3) or "other") == "other"
    assert once_per("another name", first, lambda: calls.append(4) or "named") == "named"
    assert calls == [1, 3, 4]
    for number in range(memo.SIZE + 1):  # only the newest are kept
        once_per("filler", object(), lambda number=number: number)
    assert once_per("test", first, lambda: "made anew") == "made anew"


def test_the_place_names_json_is_made_once_per_gazetteer(synthetic: pd.DataFrame) -> None:
    def labels_json(folium_map) -> str:
        return next(child.data_json for child in folium_map._children.values()
                    if isinstance(child, DataLayer) and child.layer_name == "Place names")

    once = labels_json(build_map(fixture_frame(), tiles="none"))
    assert labels_json(build_map(synthetic, tiles="none")) is once
    gazetteer = default_gazetteer()
    renamed = replace(gazetteer, places={**gazetteer.places, "hatla": replace(gazetteer.places["hatla"], name_en="Hatla2")})
    other = labels_json(build_map(fixture_frame(), tiles="none", gazetteer=renamed))
    assert '"Hatla2"' in other and '"Hatla2"' not in once
