"""The map's scripts and styles, served by the app itself instead of CDNs (SPEC section 8).

``npm ci --prefix static`` installs the packages pinned in ``static/package.json`` into
``static/node_modules``; Streamlit's static file serving publishes ``static/`` at
``/app/static``. The lists below replace folium's ``default_js``/``default_css`` on the map
instance, so the page the browser receives names no host but its own.

Two of folium's defaults are left out on purpose: the Bootstrap 3 glyphicons stylesheet (no
npm package ships it alone, and Bootstrap 3 CSS would fight Bootstrap 5) and folium's
``leaflet.awesome.rotate`` stylesheet (not published to npm). Both serve only
``folium.Icon`` markers, which this map does not use.
"""

from __future__ import annotations

from pathlib import Path

import folium

# (folium's name for the resource, path under static/); folium's names are kept so that a
# plugin asking for "leaflet" or "jquery" finds it already present.
JS_ASSETS: tuple[tuple[str, str], ...] = (
    ("leaflet", "node_modules/leaflet/dist/leaflet.js"),
    ("jquery", "node_modules/jquery/dist/jquery.min.js"),
    ("bootstrap", "node_modules/bootstrap/dist/js/bootstrap.bundle.min.js"),
    ("awesome_markers", "node_modules/leaflet.awesome-markers/dist/leaflet.awesome-markers.min.js"),
    ("markerclusterjs", "node_modules/leaflet.markercluster/dist/leaflet.markercluster.js"),
    ("leaflet_heat", "node_modules/leaflet.heat/dist/leaflet-heat.js"),
    # the "Save image" button: the map as a PNG drawn in the browser (no server, no CDN)
    ("html_to_image", "node_modules/html-to-image/dist/html-to-image.js"),
)
CSS_ASSETS: tuple[tuple[str, str], ...] = (
    ("leaflet_css", "node_modules/leaflet/dist/leaflet.css"),
    ("bootstrap_css", "node_modules/bootstrap/dist/css/bootstrap.min.css"),
    ("awesome_markers_font_css", "node_modules/@fortawesome/fontawesome-free/css/all.min.css"),
    ("awesome_markers_css", "node_modules/leaflet.awesome-markers/dist/leaflet.awesome-markers.css"),
    ("markerclustercss", "node_modules/leaflet.markercluster/dist/MarkerCluster.css"),
    ("markerclusterdefaultcss", "node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css"),
)


def asset_urls(assets: tuple[tuple[str, str], ...], asset_base: str) -> list[tuple[str, str]]:
    """``assets`` as (name, URL) under ``asset_base`` (e.g. ``/app/static``)."""
    base = asset_base.rstrip("/")
    return [(name, f"{base}/{path}") for name, path in assets]


def use_local_assets(folium_map: folium.Map, asset_base: str) -> folium.Map:
    """Point ``folium_map`` (this instance only, never folium's class lists) at local assets."""
    folium_map.default_js = asset_urls(JS_ASSETS, asset_base)
    folium_map.default_css = asset_urls(CSS_ASSETS, asset_base)
    return folium_map


def missing_assets(static_dir: Path) -> list[str]:
    """Paths under ``static_dir`` that the map needs and that are not installed."""
    return [path for _, path in (*JS_ASSETS, *CSS_ASSETS) if not (static_dir / path).is_file()]


INSTALL_HINT = "npm ci --prefix static --ignore-scripts"
