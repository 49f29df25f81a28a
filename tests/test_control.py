"""Control layers (SPEC section 7): data integrity, consistency with the gazetteer, look-ups."""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import shape

from geodata.datafiles import data_path, load_yaml
from geodata.errors import DataFileError
from geodata.places import control
from geodata.places.control import (
    annotate_controllers,
    control_answers,
    control_geojson,
    controller_at,
    controllers_at,
    load_snapshots,
    snapshot_at,
    validate_control,
)
from geodata.places.gazetteer import default_gazetteer

SPRING_2023 = dt.date(2023, 4, 15)
CONTROL_DIR = data_path("control")
ROOT = Path(__file__).resolve().parents[1]

# Places whose side of the line every source agrees on, at SPRING_2023.
EXPECTED_SIDE = [
    ("deir-ez-zor", "syrian_government"),
    ("al-mayadin", "syrian_government"),
    ("albu-kamal", "syrian_government"),
    ("al-husseiniya", "syrian_government"),
    ("al-salhiya", "syrian_government"),
    ("hatla", "syrian_government"),
    ("marrat", "syrian_government"),
    ("mazloum", "syrian_government"),
    ("al-tabiya", "syrian_government"),
    ("khasham", "syrian_government"),
    ("al-busayrah", "sdf"),
    ("al-shuhayl", "sdf"),
    ("dhiban", "sdf"),
    ("hajin", "sdf"),
    ("jadid-ekaidat", "sdf"),
    ("conoco-field", "sdf"),
    ("al-omar-field", "sdf"),
    # Beyond the brief's list: both ends of the line and the border.
    ("al-tibni", "syrian_government"),
    ("al-ashara", "syrian_government"),
    ("al-kasrah", "sdf"),
    ("al-baghuz", "sdf"),
    ("al-susah", "sdf"),
    ("al-qaim", None),  # Iraq
]


@pytest.fixture(scope="module")
def layers() -> control.ControlLayers:
    return load_snapshots()


def collections() -> list[tuple[Path, dict]]:
    return [(path, json.loads(path.read_text(encoding="utf-8"))) for path in sorted(CONTROL_DIR.glob("*.geojson"))]


# ---------------------------------------------------------------- the bundled data


def test_bundled_control_files_validate_cleanly() -> None:
    assert [str(problem) for problem in validate_control()] == []


def test_every_geometry_is_valid() -> None:
    for path, collection in collections():
        for index, feature in enumerate(collection["features"]):
            geometry = shape(feature["geometry"])
            assert geometry.is_valid, f"{path.name} feature {index}: {shapely.is_valid_reason(geometry)}"


def test_every_file_and_feature_states_its_source() -> None:
    for path, collection in collections():
        assert collection["properties"]["source"].strip(), path.name
        assert collection["properties"]["licence"].strip(), path.name
    snapshots = json.loads(data_path("control/snapshots.geojson").read_text(encoding="utf-8"))
    assert all(feature["properties"]["source"].strip() for feature in snapshots["features"])


def test_snapshots_for_one_controller_do_not_overlap_in_time(layers: control.ControlLayers) -> None:
    periods: dict[str, list[tuple[dt.date, dt.date, str]]] = {}
    for snapshot in layers.snapshots:
        for area in snapshot.areas:
            end = area.valid_to or dt.date.max
            periods.setdefault(area.controller, []).append((area.valid_from, end, snapshot.id))
    for controller, spans in periods.items():
        spans = sorted(set(spans))
        for (_, end, first), (start, _, second) in itertools.pairwise(spans):
            assert end < start, f"{controller}: snapshots {first} and {second} overlap in time"


def test_a_spring_2023_snapshot_has_every_layer(layers: control.ControlLayers) -> None:
    snapshot = layers.snapshot_at(SPRING_2023)
    assert snapshot is not None
    assert snapshot.valid_to is not None and snapshot.valid_to <= dt.date(2023, 8, 26)
    assert {item.controller for item in snapshot.areas} == {"syrian_government", "sdf"}
    assert snapshot.layer("contact_line")
    assert {item.controller for item in snapshot.layer("base")} == {"us_led_coalition"}


def test_controllers_are_actor_keys() -> None:
    actors = load_yaml(data_path("actors.yaml"))["actors"]
    assert set(actors) >= control.CONTROLLERS


def test_river_runs_past_deir_ez_zor_and_meets_the_khabur() -> None:
    collection = json.loads(data_path("control/euphrates.geojson").read_text(encoding="utf-8"))
    rivers = {feature["properties"]["id"]: shape(feature["geometry"]) for feature in collection["features"]}
    city = default_gazetteer()["deir-ez-zor"]
    assert rivers["euphrates"].geom_type == "LineString"
    assert rivers["euphrates"].distance(shapely.Point(city.lon, city.lat)) < 0.03  # about 3 km
    mouth = shapely.Point(rivers["khabur"].coords[-1])
    assert rivers["euphrates"].distance(mouth) < 0.01  # the Khabur ends on the Euphrates at al-Busayrah


def test_snapshots_match_their_build_script() -> None:
    """The data is derived: rebuilding from the river and the gazetteer gives the same file."""
    spec = importlib.util.spec_from_file_location("build_control", ROOT / "scripts" / "build_control.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the script loads
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    rebuilt = json.loads(json.dumps(module.build(module.gazetteer_files())))
    bundled = json.loads(data_path("control/snapshots.geojson").read_text(encoding="utf-8"))
    assert rebuilt == bundled, "run scripts/build_control.py: the gazetteer or the river changed"


# ---------------------------------------------------------------- consistency with the gazetteer


@pytest.mark.parametrize(("place_id", "expected"), EXPECTED_SIDE)
def test_known_places_fall_on_their_side_in_spring_2023(place_id: str, expected: str | None) -> None:
    place = default_gazetteer().get(place_id)
    assert place is not None, f"the gazetteer has no '{place_id}': add it, then rerun scripts/build_control.py"
    assert controller_at(place.lat, place.lon, SPRING_2023) == expected


def test_the_uprising_snapshot_marks_the_contested_strip() -> None:
    gazetteer = default_gazetteer()
    during = dt.date(2023, 9, 1)
    assert snapshot_at(during).id != snapshot_at(SPRING_2023).id
    for place_id, expected in (("dhiban", "tribal_forces"), ("hajin", "tribal_forces"),
                               ("al-omar-field", "sdf"), ("conoco-field", "sdf"), ("al-mayadin", "syrian_government")):
        place = gazetteer[place_id]
        assert controller_at(place.lat, place.lon, during) == expected, place_id
    dhiban = gazetteer["dhiban"]
    assert controller_at(dhiban.lat, dhiban.lon, dt.date(2023, 9, 8)) == "sdf"


def test_bases_stand_in_sdf_held_ground(layers: control.ControlLayers) -> None:
    snapshot = layers.snapshot_at(SPRING_2023)
    for base in snapshot.layer("base"):
        assert snapshot.controller_at(base.geometry.y, base.geometry.x) == "sdf", base.feature["properties"]["name"]


# ---------------------------------------------------------------- look-ups


def test_outside_the_layers_or_their_dates_is_none() -> None:
    assert controller_at(33.51, 36.29, SPRING_2023) is None  # Damascus
    assert controller_at(34.37, 41.09, SPRING_2023) is None  # al-Qaim, Iraq
    assert controller_at(35.33588, 40.14084, dt.date(2010, 1, 1)) is None
    assert snapshot_at(dt.date(2010, 1, 1)) is None


def test_no_date_means_the_latest_snapshot(layers: control.ControlLayers) -> None:
    assert snapshot_at(None).id == layers.snapshots[-1].id
    city = default_gazetteer()["deir-ez-zor"]
    assert controller_at(city.lat, city.lon, None) == "syrian_government"


def test_datetimes_and_timestamps_are_accepted() -> None:
    city = default_gazetteer()["deir-ez-zor"]
    for day in (dt.datetime(2023, 4, 15, 20, 30), pd.Timestamp("2023-04-15")):
        assert controller_at(city.lat, city.lon, day) == "syrian_government"


def test_vectorised_lookup_agrees_with_the_scalar_one(layers: control.ControlLayers) -> None:
    rng = np.random.default_rng(7)
    lats = rng.uniform(34.0, 36.4, 2000)
    lons = rng.uniform(39.0, 41.6, 2000)
    dates = [None, SPRING_2023, dt.date(2010, 1, 1), pd.NaT] * 500
    vectorised = controllers_at(lats, lons, dates)
    scalar = [controller_at(lat, lon, None if pd.isna(day) else day) for lat, lon, day in zip(lats, lons, dates, strict=True)]
    assert list(vectorised) == scalar
    assert {"sdf", "syrian_government", None} <= set(scalar)


def test_annotate_controllers_fills_both_columns() -> None:
    gazetteer = default_gazetteer()
    khasham, conoco, city = gazetteer["khasham"], gazetteer["conoco-field"], gazetteer["deir-ez-zor"]
    frame = pd.DataFrame({
        "lat": [conoco.lat, city.lat, np.nan, 33.51],
        "lon": [conoco.lon, city.lon, np.nan, 36.29],
        "launch_lat": [khasham.lat, np.nan, khasham.lat, np.nan],
        "launch_lon": [khasham.lon, np.nan, khasham.lon, np.nan],
        "date": pd.to_datetime(["2023-04-10", None, "2023-04-10", "2023-04-10"]),
    })
    annotated = annotate_controllers(frame)
    assert annotated["controller"].tolist() == ["sdf", "syrian_government", pd.NA, pd.NA]
    assert annotated["launch_controller"].tolist() == ["syrian_government", pd.NA, "syrian_government", pd.NA]
    assert annotated["controller"].dtype == "string"
    assert "controller" not in frame.columns  # the input is left as it was


def test_annotate_controllers_on_the_empty_table() -> None:
    from geodata.table.frame import empty_frame

    annotated = annotate_controllers(empty_frame())
    assert len(annotated) == 0
    assert annotated["controller"].dtype == "string"


def test_control_answers_for_the_cli() -> None:
    city = default_gazetteer()["deir-ez-zor"]
    answers = control_answers([(city.lat, city.lon), (33.51, 36.29)], SPRING_2023)
    snapshot = snapshot_at(SPRING_2023).id
    assert answers == [
        {"lat": city.lat, "lon": city.lon, "date": "2023-04-15", "controller": "syrian_government",
         "snapshot": snapshot},
        {"lat": 33.51, "lon": 36.29, "date": "2023-04-15", "controller": None, "snapshot": snapshot},
    ]
    assert control_answers([(city.lat, city.lon)], dt.date(2010, 1, 1))[0]["snapshot"] is None


def test_control_geojson_for_the_map() -> None:
    collection = control_geojson(SPRING_2023)
    layers_present = {feature["properties"]["layer"] for feature in collection["features"]}
    assert layers_present == {"area", "contact_line", "base", "river"}
    assert collection["properties"]["snapshot"] == snapshot_at(SPRING_2023).id
    assert all(feature["properties"].get("source") for feature in collection["features"])
    json.dumps(collection)  # serialisable as it is
    empty = control_geojson(dt.date(2010, 1, 1))
    assert {feature["properties"]["layer"] for feature in empty["features"]} == {"river"}


# ---------------------------------------------------------------- validation of bad data


def write_collection(path: Path, features: list[dict], properties: dict | None = None) -> Path:
    collection = {"type": "FeatureCollection", "properties": properties or {"source": "test", "licence": "test"}}
    lines = ",\n".join(json.dumps(feature) for feature in features)
    path.write_text(json.dumps(collection)[:-1] + ', "features": [\n' + lines + "\n]}\n", encoding="utf-8")
    return path


def area(snapshot: str, controller: str, coordinates: list, **overrides: object) -> dict:
    props = {"snapshot": snapshot, "layer": "area", "controller": controller, "valid_from": "2020-01-01",
             "valid_to": "2020-12-31", "source": "test", "confidence": "high", **overrides}
    return {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [coordinates]}}


SQUARE = [[40, 35], [41, 35], [41, 36], [40, 36], [40, 35]]
BOWTIE = [[40, 35], [41, 36], [41, 35], [40, 36], [40, 35]]


@pytest.mark.parametrize(("feature", "reason"), [
    (area("a", "sdf", BOWTIE), "invalid Polygon: Self-intersection"),
    (area("a", "martians", SQUARE), "controller 'martians' is not one of"),
    (area("a", "sdf", SQUARE, valid_to="2019-01-01"), "valid_to 2019-01-01 is before valid_from 2020-01-01"),
    (area("a", "sdf", SQUARE, valid_from="15/04/2023"), "valid_from must be an ISO date"),
    (area("a", "sdf", SQUARE, source=""), "source must be a non-empty string"),
    (area("a", "sdf", SQUARE, layer="base"), "a base needs a Point geometry"),
])
def test_bad_features_are_reported_with_their_line(tmp_path: Path, feature: dict, reason: str) -> None:
    path = write_collection(tmp_path / "snapshots.geojson", [area("ok", "sdf", SQUARE), feature])
    layers = load_snapshots(path)
    problems = [problem for problem in layers.problems if problem.file == str(path)]
    assert len(problems) == 1 and reason in problems[0].reason
    assert problems[0].line == 3
    assert [snapshot.id for snapshot in layers.snapshots] == ["ok"]


def test_missing_properties_are_named(tmp_path: Path) -> None:
    feature = area("a", "sdf", SQUARE)
    del feature["properties"]["confidence"]
    path = write_collection(tmp_path / "snapshots.geojson", [feature])
    assert "missing properties confidence" in load_snapshots(path).problems[0].reason


def test_overlapping_snapshots_and_areas_are_reported(tmp_path: Path) -> None:
    half = [[40, 35], [40.5, 35], [40.5, 36], [40, 36], [40, 35]]
    features = [
        area("first", "sdf", SQUARE),
        area("first", "syrian_government", half),
        area("second", "sdf", SQUARE, valid_from="2020-06-01", valid_to=None),
    ]
    path = write_collection(tmp_path / "snapshots.geojson", features)
    reasons = [problem.reason for problem in load_snapshots(path).problems if problem.file == str(path)]
    assert any("overlaps the sdf area on line 2" in reason for reason in reasons)
    assert any("snapshots 'first' (2020-01-01..2020-12-31) and 'second'" in reason for reason in reasons)


def test_a_collection_without_source_is_reported(tmp_path: Path) -> None:
    path = write_collection(tmp_path / "snapshots.geojson", [area("a", "sdf", SQUARE)], properties={"licence": "x"})
    assert any("must state source" in problem.reason for problem in load_snapshots(path).problems)


def test_unreadable_file_raises_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "snapshots.geojson"
    path.write_text('{"type": "FeatureCollection",\n "features": [,]}', encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load_snapshots(path)
    assert error.value.line == 2
