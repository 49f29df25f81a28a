"""The base tiles setting: OpenStreetMap, none, or a URL template (e.g. a local tile server).

Tiles are the only part of the map that may come from elsewhere. When they cannot load, the
map keeps a plain background and the project's own river, border and control layers.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import folium

from geodata.views.escape import escape_html, safe_url

OSM = "osm"
NONE = "none"
OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">'
    "OpenStreetMap</a> contributors"
)
_PLACEHOLDERS = ("{z}", "{x}", "{y}")


def check_tiles(setting: str) -> str:
    """The setting, normalised; ValueError explains what is accepted."""
    value = (setting or OSM).strip()
    if value.lower() in (OSM, NONE):
        return value.lower()
    if not all(placeholder in value for placeholder in _PLACEHOLDERS):
        raise ValueError(
            f"tiles must be 'osm', 'none' or a URL template with {{z}}, {{x}} and {{y}}; got {value[:80]!r}"
        )
    if value.startswith("/") and not value.startswith("//"):
        return value  # same host, e.g. tiles under /app/static/tiles/
    if safe_url(value) is None:
        raise ValueError(f"tile URL must be http:// or https:// (or a path starting with /); got {value[:80]!r}")
    return value


def tile_layer(setting: str) -> folium.TileLayer | None:
    """The folium tile layer for a checked setting, or None for ``none``."""
    value = check_tiles(setting)
    if value == NONE:
        return None
    if value == OSM:
        return folium.TileLayer(OSM_URL, attr=OSM_ATTRIBUTION, name="OpenStreetMap", max_zoom=19)
    host = urlsplit(value).hostname or "this server"
    return folium.TileLayer(value, attr=escape_html(f"Tiles: {host}"), name="Tiles", max_zoom=19)
