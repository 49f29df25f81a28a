"""geodata.views.map: the map as a pure function of the incident table."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import folium
import pandas as pd
import pytest
from folium.template import Template

from app.settings import STATIC_DIR
from geodata.datafiles import data_path
from geodata.events.kinds import INCIDENT_KINDS, default_kinds
from geodata.places.gazetteer import load_gazetteer
from geodata.table.frame import empty_frame
from geodata.views.map import (
    LAYERS,
    LayerContext,
    MapLayer,
    build_map,
    check_tiles,
    context_map,
    filtered_groups,
    incident_bounds,
    incidents_for_key,
    panel_html,
)
from geodata.views.map.assets import CSS_ASSETS, JS_ASSETS, missing_assets
from geodata.views.map.elements import DataLayer, FitView, LayerControl, LegendLayer, RenderedOnce
from geodata.views.map.features import (
    LAUNCH_PREFIX,
    STRIKE_PREFIX,
    aggregate_points,
    feature_key,
    launch_line_features,
    point_features,
)
from geodata.views.map.layers.incidents import StrikesLayer
from geodata.views.map.packed import unpack
from geodata.views.map.summary import counts, daily_counts
from tests.fixtures.incidents import HOSTILE, INCIDENTS, fixture_frame, hostile_frame
from tests.golden import Golden, folium_ids, html_lines

FIXTURES = Path(__file__).parent / "fixtures"
ASSET_BASE = "/app/static"
SRC_OR_HREF = re.compile(r'<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]*)"', re.IGNORECASE)


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer(FIXTURES / "small_gazetteer.csv")


@pytest.fixture(autouse=True)
def no_control(monkeypatch: pytest.MonkeyPatch) -> None:
    """Control layers come from another module: off unless a test supplies them."""
    monkeypatch.setitem(sys.modules, "geodata.places.control", None)  # import raises ImportError


def render(frame: pd.DataFrame, gazetteer, **options) -> tuple[folium.Map, str]:
    folium_map = build_map(frame, gazetteer=gazetteer, **{"tiles": "none", **options})
    return folium_map, folium_map.get_root().render()


def data_layers(folium_map: folium.Map) -> dict[str, DataLayer]:
    return {child.layer_name: child for child in folium_map._children.values() if isinstance(child, DataLayer)}


def features_of(layer: DataLayer) -> list[dict]:
    """The layer's GeoJSON features, unpacked as the browser does when they came packed."""
    data = json.loads(layer.data_json)
    return unpack(data) if "form" in data else data["features"]


# ------------------------------------------------------------------ layers


def test_every_layer_is_registered_and_keeps_the_interface(gazetteer) -> None:
    context = LayerContext(frame=fixture_frame(), facilities=tuple(gazetteer))
    empty = LayerContext(frame=empty_frame())
    assert len({cls.title for cls in LAYERS.values()}) == len(LAYERS)
    for name, cls in LAYERS.items():
        assert issubclass(cls, MapLayer) and cls.name == name and cls.title
        layer = cls()
        assert isinstance(layer.build(context), DataLayer | None)
        assert layer.build(empty) is None or name == "reference"
        assert all(isinstance(row, str) for row in layer.legend(context))


def test_build_map_has_each_layer_once_in_a_layer_control(gazetteer) -> None:
    folium_map, html = render(fixture_frame(), gazetteer)
    assert isinstance(folium_map, folium.Map)
    layers = data_layers(folium_map)
    assert set(layers) == {"River and border", "Place names", "Bases and facilities", "Location uncertainty (all)",
                           "Heat map", "Launch → target lines", "Launch sites", "Undated incidents", "Incidents"}
    assert any(isinstance(child, folium.LayerControl) for child in folium_map._children.values())
    # one GeoJSON layer per category, never one Leaflet object per marker
    assert html.count("geodataMap.points(") == 4  # facilities, launch sites, undated, incidents
    assert html.count("geodataMap.shapes(") == 2
    assert html.count("geodataMap.circles(") == 1
    assert html.count("geodataMap.labels(") == 1 and html.count("geodataMap.heat(") == 1
    assert html.count("new ShapeMarker(") == 1 and html.count("L.marker(") == 1  # one per label, made in the browser
    assert "geodata-legend" in html and "Air strike" in html


def test_incidents_of_one_kind_at_one_point_are_one_feature(gazetteer) -> None:
    layers = data_layers(render(fixture_frame(), gazetteer)[0])
    strikes = features_of(layers["Incidents"])
    undated = features_of(layers["Undated incidents"])
    points = {(incident.kind, incident.location.lat, incident.location.lon) for incident in INCIDENTS if incident.date}
    assert len(strikes) == len(points) == len(INCIDENTS) - 2  # the two Hatla strikes share a point; one undated
    assert [feature["properties"]["d"] for feature in undated] == ["date unknown"]
    hatla = [feature for feature in strikes if feature["properties"]["n"] == 2]
    assert len(hatla) == 1
    assert hatla[0]["properties"]["d"] == "2023-04-10 – 2023-04-13"
    assert hatla[0]["properties"]["p"] == "Hatla · حطلة"
    assert hatla[0]["properties"]["s"] == 3
    at_jadid = [feature["properties"] for feature in strikes if feature["geometry"]["coordinates"] == [40.35454, 35.25509]]
    assert {item["k"] for item in at_jadid} == {"artillery_shelling", "security_operation", "weapons_found"}
    # three kinds at one point: numbered for the map to spread them out, each knowing the total there
    assert sorted((item["i"], item["m"], item["t"]) for item in at_jadid) == [(0, 3, 3), (1, 3, 3), (2, 3, 3)]
    # the uncertainty drawn around a clicked marker: the gazetteer's, else by geo precision
    assert hatla[0]["properties"]["u"] == 1500 and {item["u"] for item in at_jadid} == {5000, 1500}


def test_features_carry_no_more_than_position_key_kind_count_and_label(gazetteer) -> None:
    folium_map, _ = render(fixture_frame(), gazetteer)
    for layer in data_layers(folium_map).values():
        if layer.renderer == "heat":  # [lat, lon, weight] only
            points = unpack(json.loads(layer.data_json))
            assert points and all(len(point) == 3 for point in points)
            continue
        if layer.renderer == "labels":  # [lon, lat, English, Arabic, zoom, rank] only
            rows = json.loads(layer.data_json)["rows"]
            assert rows and all(len(row) == 6 and all(len(str(value)) < 120 for value in row) for row in rows)
            continue
        for feature in features_of(layer):
            assert set(feature["properties"]) <= {"key", "k", "n", "d", "p", "s", "r", "c", "i", "m", "t", "u"}
            assert all(len(str(value)) < 120 for value in feature["properties"].values())


def test_no_excerpt_reaches_the_map(gazetteer) -> None:
    _, html = render(fixture_frame(), gazetteer)
    for incident in INCIDENTS:
        for source in incident.sources:
            words = source.excerpt.split()
            for start in range(0, len(words) - 3, 3):  # no four consecutive words of it
                assert " ".join(words[start:start + 4]) not in html
            assert json.dumps(source.excerpt[:30], ensure_ascii=False)[1:-1] not in html


def test_scripts_and_styles_come_from_the_app_only(gazetteer) -> None:
    folium_map, html = render(fixture_frame(), gazetteer)
    urls = SRC_OR_HREF.findall(html)
    expected = [f"{ASSET_BASE}/{path}" for _, path in (*JS_ASSETS, *CSS_ASSETS)]
    assert sorted(urls) == sorted(expected)
    assert "cdn" not in html.lower() and "http://" not in html and "https://" not in html
    # set on this map only: folium's class-wide defaults are untouched
    assert folium.Map.default_js[0][1].startswith("https://")
    assert folium_map.default_js[0] == ("leaflet", f"{ASSET_BASE}/node_modules/leaflet/dist/leaflet.js")


def test_asset_base_follows_the_setting(gazetteer) -> None:
    _, html = render(fixture_frame(), gazetteer, asset_base="/tools/app/static/")
    assert all(url.startswith("/tools/app/static/node_modules/") for url in SRC_OR_HREF.findall(html))


def test_static_assets_are_installed() -> None:
    assert missing_assets(STATIC_DIR) == [], "run: npm ci --prefix static --ignore-scripts"


def test_hostile_text_is_escaped_everywhere(gazetteer) -> None:
    _, html = render(hostile_frame(), gazetteer)
    assert HOSTILE not in html
    for raw in ("</script><script>alert", "<img src=x", "\u202e", "`${alert"):
        assert raw not in html
    assert "alert(1)" in html  # the text is there, as inert escaped text


# ------------------------------------------------------------------ tiles and control


def test_tiles_setting(gazetteer) -> None:
    _, osm = render(fixture_frame(), gazetteer, tiles="osm")
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in osm
    _, none = render(fixture_frame(), gazetteer, tiles="none")
    assert "L.tileLayer" not in none
    _, local = render(fixture_frame(), gazetteer, tiles="/app/static/tiles/{z}/{x}/{y}.png")
    assert '"/app/static/tiles/{z}/{x}/{y}.png"' in local
    for bad in ("javascript:alert(1)/{z}/{x}/{y}", "https://example.org/tiles.png", "//x.org/{z}/{x}/{y}"):
        with pytest.raises(ValueError, match="tile"):
            check_tiles(bad)


def test_control_layers_for_the_control_date(monkeypatch: pytest.MonkeyPatch, gazetteer) -> None:
    asked = []

    def control_geojson(date):
        asked.append(date)
        square = [[[40.0, 35.0], [40.5, 35.0], [40.5, 35.5], [40.0, 35.0]]]
        return {"type": "FeatureCollection", "properties": {"sources": ["<b>CENTCOM</b>"]}, "features": [
            {"type": "Feature", "properties": {"layer": "area", "controller": "sdf", "valid_from": "2023-01-01",
                                               "source": "x"}, "geometry": {"type": "Polygon", "coordinates": square}},
            {"type": "Feature", "properties": {"layer": "contact_line", "controller": "sdf"},
             "geometry": {"type": "LineString", "coordinates": [[40.0, 35.0], [40.5, 35.5]]}},
        ]}

    module = type(sys)("geodata.places.control")
    module.control_geojson = control_geojson
    monkeypatch.setitem(sys.modules, "geodata.places.control", module)
    folium_map, html = render(fixture_frame(), gazetteer)
    assert asked == [pd.Timestamp("2023-04-15").date()]  # latest incident date by default
    assert {"Areas of control", "Contact line"} <= set(data_layers(folium_map))
    assert "SDF" in html and "<b>CENTCOM" not in html
    build_map(fixture_frame(), gazetteer=gazetteer, tiles="none", control_date=pd.Timestamp("2023-04-11").date())
    assert asked[-1] == pd.Timestamp("2023-04-11").date()


def test_the_map_page_matches_its_golden_file(gazetteer, golden: Golden) -> None:
    # the whole page folium renders, element ids numbered in order: layers, options, data and scripts
    _, html = render(fixture_frame(), gazetteer)
    golden.check("map.fixture.html", html, normalize=folium_ids)


def test_map_without_incidents_still_shows_river_and_border(gazetteer) -> None:
    folium_map, html = render(empty_frame(), gazetteer)
    assert "River and border" in data_layers(folium_map)
    assert "Incidents" not in data_layers(folium_map)
    assert "geodataMap.fit(" not in html


def test_many_points_are_clustered(gazetteer) -> None:
    folium_map, _ = render(fixture_frame(), gazetteer, cluster_threshold=2)
    options = json.loads(data_layers(folium_map)["Incidents"].options_json)
    assert options["cluster"]["maxClusterRadius"] > 0
    options = json.loads(data_layers(render(fixture_frame(), gazetteer)[0])["Incidents"].options_json)
    assert options["cluster"] is False


# ------------------------------------------------------------------ back from a click


def test_every_key_leads_back_to_its_incidents() -> None:
    frame = fixture_frame()
    for feature in point_features(frame, STRIKE_PREFIX):
        rows = incidents_for_key(frame, feature["properties"]["key"])
        assert len(rows) == feature["properties"]["n"]
        assert set(rows["kind"].astype(str)) == {feature["properties"]["k"]}
    launch = point_features(frame, LAUNCH_PREFIX)
    assert [set(incidents_for_key(frame, item["properties"]["key"])["incident_id"]) for item in launch] == [
        {"inc-conoco-rocket"}]
    line = launch_line_features(frame)[0]["properties"]["key"]
    assert list(incidents_for_key(frame, line)["incident_id"]) == ["inc-conoco-rocket"]
    assert set(incidents_for_key(frame, "fhatla")["incident_id"]) == {"inc-hatla-strike-1", "inc-hatla-strike-2"}
    for unknown in ("", None, "s0000000000", "zzz", 42):
        assert incidents_for_key(frame, unknown).empty


def test_feature_key_is_stable_and_matches_the_aggregation() -> None:
    groups = aggregate_points(fixture_frame(), STRIKE_PREFIX)
    row = groups.iloc[0]
    assert feature_key(STRIKE_PREFIX, row["kind"], float(row["glat"]), float(row["glon"])) == row["key"]
    assert feature_key("s", "airstrike", 35.30139, 40.23667) == feature_key("s", "airstrike", 35.301390001, 40.23667)


def test_panel_shows_each_source_in_its_own_words() -> None:
    frame = fixture_frame()
    rows = frame[frame["incident_id"] == "inc-launch-response"]
    found = []

    def find_places(text):
        found.append(text)
        start = text.index("جديد عكيدات") if "جديد عكيدات" in text else 0
        return [type("Match", (), {"start": start, "end": start + 11, "place": object()})()]

    html = panel_html(rows, find_places=find_places)
    assert html.count('dir="rtl"') == 2 and html.count("gd-excerpt") == 2
    assert '<mark class="gd-place">جديد عكيدات</mark>' in html
    assert "SY24" in html and "Enab Baladi" in html and "Sources differ" in html
    assert "artillery shells" in html and "2023-04-10" in html
    rocket = panel_html(frame[frame["incident_id"] == "inc-conoco-rocket"])
    assert 'href="https://www.enabbaladi.net/archives/640000"' in rocket and 'rel="noopener noreferrer' in rocket


def _marks_fixture_places(text: str) -> list:
    """A stand-in place finder: every occurrence of a place name of the fixture table."""
    names = sorted({name for name in fixture_frame()["place_name_ar"] if name}, key=len, reverse=True)
    found = []
    for name in names:
        start = text.find(name)
        while start >= 0:
            found.append(type("Match", (), {"start": start, "end": start + len(name), "place": object()})())
            start = text.find(name, start + len(name))
    return found


def test_the_panel_matches_its_golden_file(golden: Golden) -> None:
    # every incident of the fixture, newest first: sources, excerpts with places marked, disagreements
    html = panel_html(fixture_frame(), find_places=_marks_fixture_places)
    golden.check("panel.fixture.html", html + "\n", normalize=html_lines)


def test_panel_escapes_hostile_sources_and_drops_unsafe_links() -> None:
    html = panel_html(hostile_frame(), find_places=lambda text: 1 / 0)  # a broken matcher is survivable
    assert "<script" not in html and "<img" not in html and "\u202e" not in html
    assert "javascript:" not in html and "href=" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_summary_figures() -> None:
    frame = fixture_frame()
    figures = counts(frame)
    assert (figures.incidents, figures.sources, figures.places) == (10, 5, 7)
    per_day, colours = daily_counts(frame[~frame["background"]])
    assert per_day.index[0] == pd.Timestamp("2023-04-10") and per_day.index[-1] == pd.Timestamp("2023-04-15")
    assert len(per_day) == 6 and int(per_day.to_numpy().sum()) == 8
    assert per_day.loc[pd.Timestamp("2023-04-10"), "Air strike"] == 1
    assert len(colours) == len(per_day.columns)
    wider, _ = daily_counts(frame[~frame["background"]], start=pd.Timestamp("2023-04-01").date(),
                            end=pd.Timestamp("2023-04-30").date())
    assert len(wider) == 30 and int(wider.to_numpy().sum()) == 8


def test_every_kind_has_its_own_colour() -> None:
    kinds = default_kinds()
    assert [kind.key for kind in kinds] == list(INCIDENT_KINDS)
    assert len({kind.colour for kind in kinds}) == len(INCIDENT_KINDS)


def test_a_kind_colour_changed_in_the_data_file_changes_the_markers_and_the_legend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = default_kinds()["rocket_attack"].colour
    edited = data_path("event_kinds.yaml").read_text(encoding="utf-8").replace(f'colour: "{old}"', 'colour: "#123456"', 1)
    (tmp_path / "event_kinds.yaml").write_text(edited, encoding="utf-8")
    monkeypatch.setattr("geodata.events.kinds.data_path", lambda name: tmp_path / name)
    default_kinds.cache_clear()
    try:
        context = LayerContext(frame=fixture_frame())
        markers = json.loads(StrikesLayer().build(context).options_json)
        legend = "".join(StrikesLayer().legend(context))
    finally:
        monkeypatch.undo()
        default_kinds.cache_clear()
    assert markers["colours"]["rocket_attack"] == "#123456"
    assert 'fill="#123456"' in legend and "Rocket attack" in legend and old not in legend


def test_template_syntax_in_article_text_is_never_run_by_folium() -> None:
    # folium compiles each rendered macro as a Jinja template: text from an article must reach
    # it with no "{{", "{%" or "{#" left, or the server would evaluate it.
    frame = hostile_frame()
    frame.loc[frame.index[0], "place_name_en"] = "SSTI{{ 7*7 }}{% if 1 %}IF{% endif %}END"
    html = build_map(frame).get_root().render()
    assert "SSTI" in html
    assert "49" not in html.split("SSTI", 1)[1][:80]
    assert "{{" not in html.split("SSTI", 1)[1][:80] and "IFEND" not in html


def test_macro_output_goes_on_the_page_as_text() -> None:
    # folium would compile each macro's output as a template of its own: ours never are
    class Verbatim(RenderedOnce):
        _template = Template("{% macro script(this, kwargs) %}{{ this.text }}{% endmacro %}")

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    folium_map = build_map(empty_frame(), tiles="none")
    Verbatim("var probe = '{{ 7*7 }}{% if 1 %}IF{% endif %}';").add_to(folium_map)
    html = folium_map.get_root().render()
    assert "var probe = '{{ 7*7 }}{% if 1 %}IF{% endif %}';" in html
    assert "'49IF'" not in html


# ------------------------------------------------------------------ the map the app keeps


def test_context_map_holds_the_fixed_layers_and_the_groups_the_rest(gazetteer) -> None:
    frame = fixture_frame()
    base = context_map(frame, tiles="none", gazetteer=gazetteer)
    assert set(data_layers(base)) == {"River and border", "Place names", "Bases and facilities"}
    assert [child for child in base._children.values() if isinstance(child, folium.LayerControl)] == []
    groups = filtered_groups(frame, gazetteer=gazetteer)
    titles = [group.layer_name for group in groups if group.control]
    assert titles == ["Location uncertainty (all)", "Heat map", "Launch → target lines", "Launch sites",
                      "Undated incidents", "Incidents"]
    legend = [group for group in groups if not group.control]
    assert len(legend) == 1
    (legend_layer,) = legend[0]._children.values()
    assert isinstance(legend_layer, LegendLayer)
    assert "Air strike" in legend_layer.html_json and "base or facility" in legend_layer.html_json
    # the view opens on the incidents of the frame it was given ...
    (fit,) = [child for child in base._children.values() if isinstance(child, FitView)]
    assert json.loads(fit.bounds_json) == incident_bounds(frame)
    # ... or on the view asked for (a link), with no fit
    opened = context_map(frame, tiles="none", gazetteer=gazetteer, view=(35.3, 40.2, 12))
    assert opened.location == [35.3, 40.2] and opened.options["zoom"] == 12
    assert not [child for child in opened._children.values() if isinstance(child, FitView)]


def streamlit_folium_scripts(base: folium.Map, groups: list) -> tuple[str, str, str]:
    """The map, group and layer-control scripts, made in the order st_folium makes them."""
    from streamlit_folium import _get_feature_group_string, _get_layer_control_string, _get_map_string

    base.render()
    map_script = _get_map_string(base)
    group_script = "".join(_get_feature_group_string(group, base, index) for index, group in enumerate(groups))
    return map_script, group_script, _get_layer_control_string(LayerControl(), base)


def test_filtered_groups_work_through_streamlit_folium(gazetteer) -> None:
    base = context_map(fixture_frame(), tiles="none", gazetteer=gazetteer)
    groups = filtered_groups(fixture_frame(), gazetteer=gazetteer)
    map_script, script, control = streamlit_folium_scripts(base, groups)
    assert script.count("geodataMap.points(") == 3 and "geodataMap.legendLayer(" in script
    # every data layer is added to its own group, under the names streamlit-folium gives them
    for index in range(len(groups)):
        assert f".addTo(feature_group_feature_group_{index});" in script
    for index, group in enumerate(groups):
        listed = f"feature_group_feature_group_{index}" in control
        assert listed == group.control, group.layer_name
    # every layer the control lists is a variable one of the scripts declares
    overlays = re.findall(r'"([^"]+)" : (\w+),', control)
    assert {title for title, _ in overlays} >= {"Bases and facilities", "River and border", "Incidents"}
    for title, variable in overlays:
        assert re.search(rf"\b(?:var|let|const) {variable}\b", map_script + script), (title, variable)


def test_a_layer_hidden_by_default_starts_switched_off_and_draws_when_switched_on(
    monkeypatch: pytest.MonkeyPatch, gazetteer
) -> None:
    assert LAYERS["uncertainty"].show is False and LAYERS["heat"].show is False
    base = context_map(fixture_frame(), tiles="none", gazetteer=gazetteer)
    groups = filtered_groups(fixture_frame(), gazetteer=gazetteer)
    index = next(i for i, group in enumerate(groups) if group.layer_name == "Location uncertainty (all)")
    _, script, _ = streamlit_folium_scripts(base, groups)
    name = f"feature_group_feature_group_{index}"
    assert re.search(rf'keepSwitchedOff\(map_div, {name}, "Location uncertainty \(all\)",\s*false\)', script)
    assert re.search(rf'keepSwitchedOff\(map_div, feature_group_feature_group_{index + 1}, "Heat map",\s*false\)', script)
    index += 1  # the next after the heat map starts on
    assert re.search(rf'keepSwitchedOff\(map_div, feature_group_feature_group_{index + 1}, "[^"]+",\s*true\)', script)
    # its circles are in the group, ready for when the analyst switches it on
    assert re.search(rf"geodataMap\.circles\([^\n]*\);\s*\w+\.addTo\({name}\);", script)


def test_filtered_groups_of_an_empty_table_keep_the_legend_of_the_fixed_layers(gazetteer) -> None:
    groups = filtered_groups(empty_frame(), gazetteer=gazetteer)
    assert [group.control for group in groups] == [False]
