"""The map for daily use (issue 14): place names by zoom, kind shapes, spread markers at one
place, uncertainty that informs without covering, distinct lines, tiles that fall back, the
heat and search layers, launch sites known only as areas, the panel of everything at a place,
and the summaries of the period."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from app import visits
from geodata.datafiles import data_path
from geodata.errors import DataFileError
from geodata.events.kinds import ICONS, default_kinds, load_kinds
from geodata.places.gazetteer import default_gazetteer
from geodata.table.filters import Near
from geodata.views.map import build_map, filtered_groups
from geodata.views.map.elements import DataLayer, ExportButton
from geodata.views.map.features import (
    LAUNCH_PREFIX,
    heat_points,
    incident_point_features,
    launch_line_features,
    point_features,
    uncertainty_features,
)
from geodata.views.map.labels import LABEL_KINDS, MAX_LABEL_ZOOM, MIN_LABEL_ZOOM, _box, _overlaps, label_zooms
from geodata.views.map.layers.context import source_text
from geodata.views.map.panel import casualties_text, selection_html
from geodata.views.map.selection import (
    Selection,
    incidents_for_selection,
    parse_selection,
    selection_of_feature,
)
from geodata.views.map.shapes import SHAPES, shape_path
from geodata.views.map.style import BORDER_STYLE, CONTACT_STYLE, LAUNCH_LINE_STYLE, UNCERTAINTY_CAP_M
from geodata.views.map.summary import actor_summary, casualties_by_kind, counts
from geodata.views.map.tiles import BLANK_TITLE, BlankTiles, TileWatch
from tests.fixtures.incidents import fixture_frame

JADID = (35.25509, 40.35454)


# ------------------------------------------------------------------ place names


def test_labels_thin_out_by_zoom_and_never_overlap() -> None:
    labels = label_zooms(default_gazetteer())
    assert {label.place.kind for label in labels} <= set(LABEL_KINDS)
    shown_at = {zoom: [label for label in labels if label.zoom <= zoom] for zoom in range(MIN_LABEL_ZOOM, 16)}
    counts_by_zoom = [len(shown) for shown in shown_at.values()]
    assert counts_by_zoom == sorted(counts_by_zoom) and counts_by_zoom[0] < counts_by_zoom[-1] / 3
    for zoom, shown in shown_at.items():
        boxes = [_box(label.place, zoom) for label in shown]
        for index, box in enumerate(boxes):
            assert not any(_overlaps(box, other) for other in boxes[index + 1:]), zoom
    by_id = {label.place.id: label.zoom for label in labels}
    # the city first, towns before villages around it
    assert by_id["deir-ez-zor"] == MIN_LABEL_ZOOM
    assert by_id["hajin"] <= by_id["hatla"] <= MAX_LABEL_ZOOM
    assert all(label.zoom >= LABEL_KINDS[label.place.kind][1] for label in labels)


def test_placed_labels_are_kept_on_disk_and_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from geodata.views.map import labels as labels_module

    places = tuple(default_gazetteer())
    placed = labels_module.kept_label_zooms(places, folder=tmp_path)
    assert placed == label_zooms(places)
    (kept,) = tmp_path.glob("*.labels.json")
    assert kept.stat().st_mode & 0o077 == 0  # the user's only

    def not_again(_: object) -> None:
        raise AssertionError("placed again")

    monkeypatch.setattr(labels_module, "label_zooms", not_again)
    assert labels_module.kept_label_zooms(places, folder=tmp_path) == placed  # read back
    # other places (a renamed village) are another file
    renamed = tuple(replace(place, name_en="Hatla al-Jadida") if place.id == "hatla" else place for place in places)
    with pytest.raises(AssertionError, match="placed again"):
        labels_module.kept_label_zooms(renamed, folder=tmp_path)
    # a file that does not match the places (edited, truncated) is placed again, never trusted
    data = json.loads(kept.read_text(encoding="utf-8"))
    kept.write_text(json.dumps({"order": data["order"][:-1], "zooms": data["zooms"][:-1]}), encoding="utf-8")
    with pytest.raises(AssertionError, match="placed again"):
        labels_module.kept_label_zooms(places, folder=tmp_path)
    kept.write_text("{not json", encoding="utf-8")
    monkeypatch.undo()
    assert labels_module.kept_label_zooms(places, folder=tmp_path) == placed


def test_labels_carry_both_names_escaped(gazetteer_with_hostile_name) -> None:
    folium_map = build_map(fixture_frame(), gazetteer=gazetteer_with_hostile_name, tiles="none")
    layer = next(child for child in folium_map._children.values()
                 if isinstance(child, DataLayer) and child.layer_name == "Place names")
    rows = json.loads(layer.data_json)["rows"]
    hatla = next(row for row in rows if row[2] == "Hatla")
    assert hatla[3] == "حطلة" and hatla[4] >= 10
    assert not any("<script" in row[2] for row in rows)
    assert any(row[2] == "&lt;script&gt;alert(1)&lt;/script&gt;" for row in rows)


@pytest.fixture
def gazetteer_with_hostile_name():
    gazetteer = default_gazetteer()
    places = dict(gazetteer.places)
    places["hajin"] = replace(places["hajin"], name_en="<script>alert(1)</script>")
    return replace(gazetteer, places=places)


# ------------------------------------------------------------------ shapes, lines, tiles


def test_every_kind_has_its_own_shape_from_the_data_file() -> None:
    kinds = list(default_kinds())
    assert len({kind.icon for kind in kinds}) == len(kinds)
    assert set(SHAPES) == set(ICONS) and all(kind.icon in ICONS for kind in kinds)
    assert shape_path("triangle", 6).startswith("M") and "a6,6" in shape_path("circle", 6)


def test_a_kind_icon_is_checked_when_the_data_loads(tmp_path: Path) -> None:
    text = data_path("event_kinds.yaml").read_text(encoding="utf-8").replace("icon: triangle", "icon: rocket", 1)
    (tmp_path / "event_kinds.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match="icon must be one of") as error:
        load_kinds(tmp_path / "event_kinds.yaml")
    assert "rocket_attack" in str(error.value) and error.value.line


def test_markers_and_legend_use_the_shape_of_each_kind() -> None:
    groups = filtered_groups(fixture_frame())
    strikes = next(child for group in groups for child in group._children.values()
                   if isinstance(child, DataLayer) and child.layer_name == "Incidents")
    options = json.loads(strikes.options_json)
    assert options["icons"]["rocket_attack"] == default_kinds()["rocket_attack"].icon
    legend = next(group for group in groups if not group.control)
    (legend_layer,) = legend._children.values()
    triangle = shape_path("triangle", 5, 7, 7)
    assert triangle in json.loads(legend_layer.html_json)


def test_borders_the_contact_line_and_launch_lines_look_different() -> None:
    styles = [BORDER_STYLE, CONTACT_STYLE, LAUNCH_LINE_STYLE]
    assert len({(style["color"], style["dashArray"]) for style in styles}) == 3
    assert len({style["color"] for style in styles}) == 3


def test_tiles_fall_back_to_a_blank_base_layer_with_a_notice() -> None:
    folium_map = build_map(fixture_frame(), tiles="osm")
    children = list(folium_map._children.values())
    blank = [child for child in children if isinstance(child, BlankTiles)]
    watch = [child for child in children if isinstance(child, TileWatch)]
    assert len(blank) == 1 and len(watch) == 1 and blank[0].layer_name == BLANK_TITLE and not blank[0].show
    html = folium_map.get_root().render()
    assert "geodataMap.tiles(" in html and "could not load" in html
    none = build_map(fixture_frame(), tiles="none")
    assert not [child for child in none._children.values() if isinstance(child, BlankTiles | TileWatch)]
    assert [child for child in none._children.values() if isinstance(child, ExportButton)]


# ------------------------------------------------------------------ incidents on the map


def test_undated_incidents_have_their_own_layer() -> None:
    layers = incident_point_features(fixture_frame())
    assert [feature["properties"]["k"] for feature in layers["u"]] == ["armed_clash"]
    assert all(feature["properties"]["d"] != "date unknown" for feature in layers["s"])


def test_markers_at_one_place_are_numbered_to_spread_out_and_count_the_place() -> None:
    frame = fixture_frame()
    # the undated clash moved onto the Jadid Ekaidat point: four markers there, dated or not
    frame.loc[frame["incident_id"] == "inc-marrat-clash", ["lat", "lon"]] = JADID
    layers = incident_point_features(frame)
    at_jadid = [feature["properties"] for layer in layers.values() for feature in layer
                if feature["geometry"]["coordinates"] == [JADID[1], JADID[0]]]
    assert sorted(item["i"] for item in at_jadid) == [0, 1, 2, 3]
    assert {item["m"] for item in at_jadid} == {4} and {item["t"] for item in at_jadid} == {4}


def test_a_launch_site_known_only_as_an_area_is_no_point_and_draws_no_line() -> None:
    frame = fixture_frame()
    assert len(point_features(frame, LAUNCH_PREFIX)) == 1 and len(launch_line_features(frame)) == 1
    rocket = frame["incident_id"] == "inc-conoco-rocket"
    frame.loc[rocket, ["launch_id", "launch_name_en", "launch_lat", "launch_lon"]] = ["iraq", "Iraq", 33.0, 43.7]
    frame.loc[rocket, "launch_geo_precision"] = 3
    assert point_features(frame, LAUNCH_PREFIX) == [] and launch_line_features(frame) == []


def test_no_line_to_a_target_known_only_as_an_area() -> None:
    frame = fixture_frame()
    frame.loc[frame["incident_id"] == "inc-conoco-rocket", "geo_precision"] = 3
    assert launch_line_features(frame) == []


def test_uncertainty_of_every_point_is_capped_and_the_clicked_one_is_not() -> None:
    frame = fixture_frame()
    frame.loc[frame["incident_id"] == "inc-mayadin-ied", ["geo_precision", "uncertainty_m"]] = [3, 60_000]
    circles = uncertainty_features(frame, cap_m=UNCERTAINTY_CAP_M)
    mayadin = next(item["properties"] for item in circles if item["geometry"]["coordinates"] == [40.452, 35.019])
    assert mayadin == {"r": UNCERTAINTY_CAP_M, "p": 3, "c": 1}
    marker = next(feature["properties"] for feature in incident_point_features(frame)["s"]
                  if feature["properties"]["k"] == "ied_explosion")
    assert marker["u"] == 60_000  # drawn around the marker when it is clicked


def test_heat_points_weigh_each_place_by_its_incidents() -> None:
    points = heat_points(fixture_frame())
    assert [35.25509, 40.35454, 3] in points and sum(weight for *_, weight in points) == len(fixture_frame())


def test_the_search_area_is_drawn_with_its_radius() -> None:
    near = Near("hatla", 35.34169, 40.19897, 10.0, "Hatla")
    groups = filtered_groups(fixture_frame(), near=near)
    area = next(child for group in groups for child in group._children.values()
                if isinstance(child, DataLayer) and child.layer_name == "Search area")
    (feature,) = json.loads(area.data_json)["features"]
    assert feature["properties"]["r"] == 10_000
    legend = next(group for group in groups if not group.control)
    assert "within 10 km of Hatla" in json.loads(next(iter(legend._children.values())).html_json)


# ------------------------------------------------------------------ a click on a place


def test_a_click_on_any_marker_selects_everything_at_its_place() -> None:
    frame = fixture_frame()
    shelling = next(feature for feature in incident_point_features(frame)["s"]
                    if feature["properties"]["k"] == "artillery_shelling")
    selection = selection_of_feature(shelling)
    assert selection == Selection("at", *JADID)
    rows = incidents_for_selection(frame, selection)
    assert set(rows["kind"].astype(str)) == {"artillery_shelling", "security_operation", "weapons_found"}
    html = selection_html(rows, selection)
    assert "Everything at Jadid Ekaidat" in html and "3 incidents" in html
    # newest first: the two of the 11th before the shelling of the 10th
    assert html.index("2023-04-11") < html.index("2023-04-10")


def test_a_launch_site_selects_what_was_launched_from_it() -> None:
    frame = fixture_frame()
    (site,) = point_features(frame, LAUNCH_PREFIX)
    selection = selection_of_feature(site)
    assert selection is not None and selection.kind == "from"
    assert list(incidents_for_selection(frame, selection)["incident_id"]) == ["inc-conoco-rocket"]
    assert "Launched from Jadid Ekaidat" in selection_html(incidents_for_selection(frame, selection), selection)


@pytest.mark.parametrize("text", ["at:35.25509,40.35454", "from:35.25509,40.35454", "key:x0123456789ab"])
def test_a_selection_survives_the_address(text: str) -> None:
    selection = parse_selection(text)
    assert selection is not None and selection.text() == text


@pytest.mark.parametrize("text", [None, "", "at:", "at:1,2,3", "at:95,40", "near:1,2", "key:<script>", "at:nan,1"])
def test_a_broken_selection_is_none(text: object) -> None:
    assert parse_selection(text) is None


# ------------------------------------------------------------------ the panel and the summaries


@pytest.mark.parametrize(("killed", "injured", "text"), [
    (3, 5, "3 killed, 5 injured"), (0, 0, "no casualties reported"), (None, 2, "2 injured"), (None, None, ""),
    (pd.NA, 1, "1 injured"),
])
def test_casualties_in_the_panel(killed, injured, text: str) -> None:
    assert casualties_text(killed, injured) == text


def test_casualties_and_actors_of_the_period() -> None:
    frame = fixture_frame()
    frame.loc[frame["incident_id"] == "inc-mayadin-ied", ["killed", "injured"]] = [2, 4]
    frame.loc[frame["incident_id"] == "inc-hatla-strike-1", ["killed"]] = [1]
    table = casualties_by_kind(frame)
    assert table.iloc[0].to_dict() == {"kind": "IED explosion", "incidents": 1, "with figures": 1, "killed": 2,
                                       "injured": 4}
    assert table.iloc[-1].to_dict() == {"kind": "All", "incidents": 10, "with figures": 2, "killed": 3, "injured": 4}
    figures = counts(frame)
    assert (figures.killed, figures.injured, figures.dated, figures.undated) == (3, 4, 9, 1)
    actors = actor_summary(frame)
    assert list(actors.columns) == ["actor", "by", "against"]
    militias = actors[actors["actor"] == "Iran-backed militias"].iloc[0]
    assert (militias["by"], militias["against"]) == (4, 2)
    assert casualties_by_kind(frame.iloc[0:0]).empty and actor_summary(frame.iloc[0:0]).empty


def test_the_legend_names_the_sources_of_the_lines_not_files() -> None:
    text = source_text("CENTCOM and SOHR reports; coordinates: project gazetteer (geodata/data/gazetteer.csv), "
                       "whose rows cite their sources; geometry: World Data Bank II Euphrates (euphrates.geojson)")
    assert ".csv" not in text and ".geojson" not in text and "geodata/" not in text
    assert "CENTCOM and SOHR" in text and "World Data Bank II" in text


def test_the_control_legend_says_when_no_snapshot_covers_the_dates() -> None:
    groups = filtered_groups(fixture_frame(), control_date=dt.date(2017, 10, 1))
    legend = json.loads(next(iter(next(group for group in groups if not group.control)._children.values())).html_json)
    assert "No control snapshot covers 2017-10-01" in legend
    recent = filtered_groups(fixture_frame(), control_date=dt.date(2025, 6, 1))
    legend = json.loads(next(iter(next(group for group in recent if not group.control)._children.values())).html_json)
    assert "Sources of the lines" in legend and "gazetteer.csv" not in legend and "SDF" in legend


# ------------------------------------------------------------------ new since the last visit


def test_a_visit_is_recorded_and_read_back(tmp_path: Path) -> None:
    assert visits.read_visit(tmp_path) is None
    first = visits.record_visit(tmp_path, ["a", "b"], at=dt.datetime(2025, 1, 2, 3, 4))
    assert visits.read_visit(tmp_path) == first
    assert visits.new_since(["a", "b", "c"], first) == {"c"} and visits.new_since(["a"], None) == frozenset()
    (tmp_path / visits.VISIT_FILE).write_text("{not json", encoding="utf-8")
    assert visits.read_visit(tmp_path) is None  # a broken file costs the feature, never the page


def test_a_visit_written_here_is_read_back_without_parsing_until_the_file_changes(tmp_path: Path) -> None:
    ids = frozenset({"b", "a", "c"})
    written = visits.record_visit(tmp_path, ids, at=dt.datetime(2025, 3, 4, 5, 6))
    assert written is not None and written.ids is ids
    path = tmp_path / visits.VISIT_FILE
    assert json.loads(path.read_text(encoding="utf-8")) == {"at": "2025-03-04T05:06:00", "ids": ["a", "b", "c"]}
    assert visits.read_visit(tmp_path) is written  # as this process left it: not parsed again
    second = visits.record_visit(tmp_path, ids, at=dt.datetime(2025, 3, 5, 5, 6))  # the same ids' JSON again
    assert json.loads(path.read_text(encoding="utf-8"))["ids"] == ["a", "b", "c"] and visits.read_visit(tmp_path) is second
    # another process (or the analyst) writes the file: it is read from disk
    path.write_text(json.dumps({"at": "2025-04-01T00:00:00", "ids": ["a", "d", "e", "f"]}), encoding="utf-8")
    assert visits.read_visit(tmp_path) == visits.Visit(dt.datetime(2025, 4, 1), frozenset({"a", "d", "e", "f"}))


def test_the_state_folder_follows_the_environment(tmp_path: Path) -> None:
    assert visits.state_dir({"GEODATA_STATE_DIR": str(tmp_path)}) == tmp_path
    assert visits.state_dir({"XDG_STATE_HOME": str(tmp_path)}) == tmp_path / "geodata"


def test_the_counts_know_the_review_status() -> None:
    from geodata.views.map.summary import counts
    from tests.fixtures.incidents import fixture_frame

    frame = fixture_frame().head(4).copy()
    frame["review_status"] = pd.Categorical(["confirmed", "corrected", "unreviewed", "unreviewed"],
                                            categories=["unreviewed", "confirmed", "corrected", "rejected"])
    frame["flagged"] = [False, True, False, False]
    found = counts(frame)
    assert (found.incidents, found.reviewed, found.flagged) == (4, 2, 1)
