"""The JavaScript and CSS the map adds to Leaflet (``map.js`` and ``map.css`` beside this
module), and the panes that keep its layers stacked.

Every layer of the map is built by ``geodataMap`` helpers from data embedded with
``json_for_script``; labels are already escaped HTML. Identifiers avoid underscores on
purpose: streamlit-folium renames ``name_<hex>`` variables in the script it receives.
"""

from __future__ import annotations

from importlib.resources import files

from geodata.views.map.style import BACKGROUND_COLOUR

_HERE = files("geodata.views.map")
HELPERS_JS = _HERE.joinpath("map.js").read_text(encoding="utf-8")
MAP_CSS = _HERE.joinpath("map.css").read_text(encoding="utf-8").replace("BACKGROUND", BACKGROUND_COLOUR)

# Panes stack the layers whatever order the layer control re-adds them in: areas under
# place names under places under launch sites under undated incidents under incidents,
# so incidents always take the click.
PANES = {
    "geodataAreas": 350,
    "geodataLabels": 405,
    "geodataPlaces": 420,
    "geodataLaunch": 440,
    "geodataUndated": 445,
    "geodataStrikes": 450,
}
