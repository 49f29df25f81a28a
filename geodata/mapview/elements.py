"""Folium elements of the map: the helper script, a data layer, and the legend.

Each renders JavaScript from data that went through ``geodata.safe.json_for_script``, so no
text from an article can end the script or add markup of its own.
"""

from __future__ import annotations

from typing import Any

from branca.element import MacroElement
from folium.map import Layer
from folium.template import Template

from geodata.mapview.script import HELPERS_JS, MAP_CSS, PANES
from geodata.safe import escape_html, json_for_script

RENDERERS = frozenset({"points", "shapes", "circles"})


class MapScript(MacroElement):
    """The helpers every data layer uses, the panes, and the map's CSS. Add it first."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            {{ this.helpers }}
            geodataMap.panes({{ this._parent.get_name() }}, {{ this.panes_json }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "GeodataScript"
        self.css = MAP_CSS
        self.helpers = HELPERS_JS
        self.panes_json = json_for_script(PANES)


class DataLayer(Layer):
    """One toggleable layer: a GeoJSON FeatureCollection drawn by a ``geodataMap`` helper.

    ``renderer`` is ``points``, ``shapes`` or ``circles``; ``options`` are plain JSON (styles,
    pane, colours per kind, clustering) so nothing in them is executable.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = geodataMap.{{ this.renderer }}({{ this.data_json }}, {{ this.options_json }});
        {% endmacro %}
        """
    )

    def __init__(self, data: dict[str, Any], *, renderer: str, options: dict[str, Any], name: str,
                 show: bool = True) -> None:
        if renderer not in RENDERERS:
            raise ValueError(f"renderer must be one of {', '.join(sorted(RENDERERS))}; got {renderer!r}")
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "GeodataLayer"
        self.renderer = renderer
        # Only the JSON text is kept: it is what the page needs, and a cached copy of the map
        # then pickles as a few strings instead of thousands of dicts.
        self.feature_count = len(data.get("features", ()))
        self.data_json = json_for_script(data)
        self.options_json = json_for_script(options)


class Legend(MacroElement):
    """A Leaflet control in a corner of the map with ready, escaped HTML."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            geodataMap.legend({{ this._parent.get_name() }}, {{ this.html_json }}, {{ this.position_json }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str, *, position: str = "bottomleft", title: str = "Legend") -> None:
        super().__init__()
        self._name = "GeodataLegend"
        # A <details> the analyst can fold away when it covers the area they are reading.
        self.html = f"<details open><summary>{escape_html(title)}</summary>{html}</details>"
        self.html_json = json_for_script(self.html)
        self.position_json = json_for_script(position)
