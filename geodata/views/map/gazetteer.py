"""The gazetteer's places on a small map, and as rows for a table (pure: no Streamlit).

``gazetteer_map(places)`` returns a ``folium.Map`` with one GeoJSON layer of every place,
coloured by kind, drawn by the same safe helpers as the incident map
(``geodata.views.map.elements``): labels are escaped, data is embedded with
``json_for_script``, and scripts come from the app's own static files.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import folium

from geodata.places.gazetteer import Gazetteer, Place
from geodata.views.escape import escape_html
from geodata.views.map.build import base_map
from geodata.views.map.elements import DataLayer, FitView, LayerControl, Legend
from geodata.views.map.labels import label_rows
from geodata.views.map.layers.incidents import CLUSTER_OPTIONS

GAZETTEER_ZOOM = 7
# from this many places on, the map clusters them: thousands of circles stay quick to pan
GAZETTEER_CLUSTER_THRESHOLD = 300
FOUND_MAX_ZOOM = 12
FOUND_COLOUR = "#ffd400"
# (label, colour) per gazetteer kind; a test checks that every kind of geodata.places.gazetteer.KINDS has one.
PLACE_KIND_STYLES: dict[str, tuple[str, str]] = {
    "city": ("City", "#b2182b"),
    "town": ("Town", "#ef8a62"),
    "village": ("Village", "#fddbc7"),
    "neighbourhood": ("Neighbourhood", "#c51b7d"),
    "facility": ("Facility", "#4d4d4d"),
    "base": ("Base", "#2166ac"),
    "oilfield": ("Oil or gas field", "#000000"),
    "region": ("Region", "#5aae61"),
    "river": ("River", "#8fd3f4"),
    "governorate": ("Governorate", "#1b7837"),
    "country": ("Country", "#762a83"),
    "border_crossing": ("Border crossing", "#e6ab02"),
}
UNKNOWN_PLACE_KIND = ("Place", "#888888")


def place_kind_style(kind: str) -> tuple[str, str]:
    """(label, colour) of a gazetteer kind."""
    return PLACE_KIND_STYLES.get(kind, UNKNOWN_PLACE_KIND)


def gazetteer_map(places: Iterable[Place], *, tiles: str = "osm", asset_base: str = "/app/static",
                  found: Sequence[Place] = ()) -> folium.Map:
    """A map of ``places``: one toggleable layer, one circle per place, coloured by kind, with
    a legend of the kinds present and their names; ``found`` (a search's result) are drawn
    larger on top and the map opens on them. ``tiles`` and ``asset_base`` as for ``build_map``."""
    chosen = list(places)
    folium_map = base_map(tiles=tiles, asset_base=asset_base, zoom=GAZETTEER_ZOOM, export=False)
    kinds = sorted({place.kind for place in chosen})
    if chosen:
        DataLayer({"rows": label_rows(chosen)}, renderer="labels",
                  options={"pane": "geodataLabels"}, name="Place names").add_to(folium_map)
        data = {"type": "FeatureCollection", "features": [place_feature(place) for place in chosen]}
        options = {**_options(kinds, radius=5),
                   "cluster": dict(CLUSTER_OPTIONS) if len(chosen) >= GAZETTEER_CLUSTER_THRESHOLD else False}
        DataLayer(data, renderer="points", options=options, name="Gazetteer places").add_to(folium_map)
        Legend(legend_html(kinds), title="Places").add_to(folium_map)
    if found:
        data = {"type": "FeatureCollection", "features": [place_feature(place) for place in found]}
        options = {**_options(sorted({place.kind for place in found}), radius=9), "stroke": "#000000", "weight": 3,
                   "className": "geodata-found", "pane": "geodataStrikes"}
        DataLayer(data, renderer="points", options=options, name="Found").add_to(folium_map)
    LayerControl(collapsed=True, position="topright").add_to(folium_map)
    bounds = place_bounds(found) if found else place_bounds(chosen)
    if bounds is not None:
        if found:
            FitView(_padded(bounds), max_zoom=FOUND_MAX_ZOOM).add_to(folium_map)
        else:
            folium_map.fit_bounds(bounds, padding=(10, 10))
    return folium_map


def _options(kinds: Sequence[str], *, radius: int) -> dict[str, Any]:
    return {
        "pane": "geodataPlaces", "className": "geodata-gazetteer", "stroke": "#222222", "weight": 1,
        "fillOpacity": 0.9, "radius": radius,
        "colours": {kind: place_kind_style(kind)[1] for kind in kinds},
        "titles": {kind: escape_html(place_kind_style(kind)[0]) for kind in kinds},
    }


def _padded(bounds: list[list[float]], margin: float = 0.02) -> list[list[float]]:
    """Bounds grown by ``margin`` degrees, so one place opens at a readable zoom."""
    return [[bounds[0][0] - margin, bounds[0][1] - margin], [bounds[1][0] + margin, bounds[1][1] + margin]]


def place_bounds(places: Iterable[Place]) -> list[list[float]] | None:
    """[[south, west], [north, east]] of the places in the region (of all of them when none
    is), or None for no place: the far-away names (Damascus, Iran) do not shrink the view."""
    chosen = list(places)
    points = [place for place in chosen if place.in_region] or chosen
    if not points:
        return None
    return [[min(place.lat for place in points), min(place.lon for place in points)],
            [max(place.lat for place in points), max(place.lon for place in points)]]


def place_feature(place: Place) -> dict[str, Any]:
    """A GeoJSON point for ``place``; its label parts are escaped HTML."""
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": {
            "key": f"place:{place.id}", "k": place.kind,
            "p": escape_html(f"{place.name_en} · {place.name_ar}" if place.name_ar else place.name_en),
            "d": escape_html(" · ".join(part for part in (
                f"± {place.uncertainty_m:,} m", place_source(place), "abandoned" if place.abandoned else "") if part)),
        },
    }


def place_source(place: Place) -> str:
    """Where a place comes from, in a few words: "curated", or the imported layer's sources."""
    if place.curated:
        return "curated" + (f" (OCHA {place.pcode})" if place.pcode else "")
    ids = [f"OCHA {place.pcode}" if place.pcode else "", f"GeoNames {place.geonames_id}" if place.geonames_id else ""]
    return "imported: " + ", ".join(part for part in ids if part) if any(ids) else "imported: " + place.source


def legend_html(kinds: Iterable[str]) -> str:
    """Legend rows (escaped HTML): a coloured dot and a label per kind."""
    return "".join(
        f'<div class="gd-row"><span class="gd-dot" style="background:{escape_html(place_kind_style(kind)[1])}">'
        f"</span>{escape_html(place_kind_style(kind)[0])}</div>"
        for kind in kinds
    )


def place_rows(places: Iterable[Place], gazetteer: Gazetteer | None = None) -> list[dict[str, object]]:
    """One table row per place: names, kind, where it is (with OCHA's admin units when
    ``gazetteer`` is given), its layer and where the coordinates come from."""
    rows = []
    for place in places:
        units = {unit.level: unit for unit in gazetteer.admin_path(place.id)} if gazetteer is not None else {}
        rows.append({
            "id": place.id, "name_en": place.name_en, "name_ar": place.name_ar,
            "kind": place_kind_style(place.kind)[0], "governorate": place.governorate,
            "district": units[2].name_en if 2 in units else place.district,
            "subdistrict": units[3].name_en if 3 in units else "",
            "parent": place.parent, "lat": place.lat, "lon": place.lon, "uncertainty_m": place.uncertainty_m,
            "in_region": place.in_region, "status": place.status, "layer": place.layer,
            "pcode": place.pcode, "geonames_id": place.geonames_id,
            "variants_ar": list(place.variants_ar), "variants_en": list(place.variants_en),
            "source": place.source,
        })
    return rows

