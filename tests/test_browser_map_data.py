"""The packed marker layers in a real headless Chromium: map.js unpacks them to exactly the
features ``geodata.views.map.packed.unpack`` gives in Python, and the map draws one marker per
feature with its key (what streamlit-folium hands back on a click).

The page is ``build_map``'s HTML written to a file, its scripts read from ``static/`` on disk:
no server, no network. Skipped when Chromium or the npm assets are not installed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.settings import STATIC_DIR
from bench.corpus import incident_frame
from geodata.views.map import build_map, missing_assets
from geodata.views.map.elements import DataLayer
from geodata.views.map.packed import unpack
from tests.fixtures.incidents import fixture_frame, hostile_frame
from tests.test_browser import CHROMIUM, launched_chromium

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install -y chromium)"),
    pytest.mark.skipif(bool(missing_assets(STATIC_DIR)), reason="needs the npm assets (make assets)"),
]

# every packed layer of the page, unpacked by map.js, as JSON text
UNPACK_ALL = """(layers) => layers.map((text) => JSON.stringify(geodataMap.unpack(JSON.parse(text))))"""
DRAWN_KEYS = """() => {
    const map = Object.values(window).find((value) => value instanceof L.Map);
    const keys = [];
    map.eachLayer((layer) => {
        if (layer.feature && layer.feature.properties && layer.feature.properties.key) {
            keys.push(layer.toGeoJSON().properties.key);
        }
    });
    return keys.sort();
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    # the page reads its scripts from static/ on disk
    with launched_chromium("--allow-file-access-from-files") as chromium:
        yield chromium


def open_map(browser, folium_map, folder: Path):
    path = folder / "map.html"
    path.write_text(folium_map.get_root().render(), encoding="utf-8")
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    page.wait_for_function("() => typeof geodataMap === 'object' && typeof L === 'object'")
    return page, errors


def packed_layers(folium_map) -> list[DataLayer]:
    return [child for child in folium_map._children.values()
            if isinstance(child, DataLayer) and "form" in json.loads(child.data_json)]


@pytest.mark.parametrize("which", ["fixture", "hostile", "synthetic"])
def test_map_js_unpacks_what_python_unpacks(browser, tmp_path: Path, which: str) -> None:
    frame = {"fixture": fixture_frame, "hostile": hostile_frame, "synthetic": lambda: incident_frame(1500, 5)}[which]()
    folium_map = build_map(frame, tiles="none", asset_base=STATIC_DIR.as_uri())
    layers = packed_layers(folium_map)
    assert {layer.renderer for layer in layers} >= {"points", "shapes", "circles", "heat"}
    page, errors = open_map(browser, folium_map, tmp_path)
    try:
        unpacked = page.evaluate(UNPACK_ALL, [layer.data_json for layer in layers])
        for layer, text in zip(layers, unpacked, strict=True):
            expected = unpack(json.loads(layer.data_json))
            got = json.loads(text)
            assert (got["points"] if layer.renderer == "heat" else got["features"]) == expected, layer.layer_name
        assert not errors
    finally:
        page.close()


def test_each_packed_marker_is_drawn_with_its_key(browser, tmp_path: Path) -> None:
    folium_map = build_map(fixture_frame(), tiles="none", asset_base=STATIC_DIR.as_uri())
    expected = sorted(feature["properties"]["key"] for layer in packed_layers(folium_map)
                      if layer.renderer in ("points", "shapes") for feature in unpack(json.loads(layer.data_json)))
    page, errors = open_map(browser, folium_map, tmp_path)
    try:
        # the layers on by default are on the map; switch on the others through their layer control
        page.locator(".leaflet-control-layers").hover()
        for box in page.locator(".leaflet-control-layers-overlays input[type=checkbox]").all():
            if not box.is_checked():
                box.check()
        drawn = page.evaluate(DRAWN_KEYS)
        assert [key for key in drawn if not key.startswith("f")] == expected
        assert page.locator("path.geodata-strike").count() == len(
            unpack(json.loads(next(layer for layer in packed_layers(folium_map) if layer.layer_name == "Incidents").data_json)))
        assert not errors
    finally:
        page.close()
