"""The base tiles setting: OpenStreetMap, none, or a URL template (e.g. a local tile server).

Tiles are the only part of the map that may come from elsewhere. When none can load (no
internet, a server down), the map says so, switches the layer control to "No tiles" and
keeps a plain background with the project's own river, border, control and place names.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import folium
from folium.map import Layer
from folium.template import Template

from geodata.views.escape import escape_html, json_for_script, safe_url

OSM = "osm"
NONE = "none"
OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">'
    "OpenStreetMap</a> contributors"
)
BLANK_TITLE = "No tiles (the project's own layers)"
FALLBACK_NOTICE = ("<b>Map tiles could not load</b> (no internet?). The map shows the project's own layers: "
                   "the river, borders, areas of control and place names.")
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


class BlankTiles(Layer):
    """A base layer of no tiles: what the layer control ticks when tiles cannot load."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.layerGroup();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__(name=BLANK_TITLE, overlay=False, control=True, show=False)
        self._name = "GeodataBlankTiles"


class TileWatch(folium.MacroElement):
    """Watches ``tiles``: when none loads, the map falls back to ``blank`` with a notice."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            geodataMap.tiles({{ this._parent.get_name() }}, {{ this.tiles.get_name() }},
                             {{ this.blank.get_name() }}, {{ this.notice_json }});
        {% endmacro %}
        """
    )

    def __init__(self, tiles: folium.TileLayer, blank: BlankTiles) -> None:
        super().__init__()
        self._name = "GeodataTileWatch"
        self.tiles = tiles
        self.blank = blank
        self.notice_json = json_for_script(FALLBACK_NOTICE)


def add_tiles(folium_map: folium.Map, setting: str) -> None:
    """The tiles of ``setting`` on ``folium_map``, with the blank fallback and its watcher."""
    tile = tile_layer(setting)
    if tile is None:
        return
    tile.add_to(folium_map)
    blank = BlankTiles()
    blank.add_to(folium_map)
    TileWatch(tile, blank).add_to(folium_map)
