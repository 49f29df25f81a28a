"""Folium elements of the map: the helper script, a data layer, and the legend.

Each renders JavaScript from data that went through ``geodata.views.escape.json_for_script``, so no
text from an article can end the script or add markup of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.map import Layer
from folium.template import Template

from geodata.views.escape import escape_html, json_for_script
from geodata.views.map.memo import once_per
from geodata.views.map.packed import size
from geodata.views.map.script import HELPERS_JS, MAP_CSS, PANES
from geodata.views.map.shapes import SHAPES
from geodata.views.map.style import SELECTED_UNCERTAINTY_STYLE, SPREAD_ZOOM

RENDERERS = frozenset({"points", "shapes", "circles", "labels", "heat"})
PAGE_SECTIONS = ("header", "html", "script")


class RenderedText(Element):
    """Markup that is already rendered, put on the page as it is."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class RenderedOnce(MacroElement):
    """A MacroElement whose macros' output goes on the page as plain text.

    branca wraps each macro's output in ``Element(output)``, which compiles that output as a
    new Jinja template: the costliest step of a map build when the output carries a layer's
    data, and a second evaluation of text that must never be read as a template. As a base
    after folium's own classes (``class M(folium.Map, RenderedOnce)``) it takes the place of
    ``MacroElement.render`` in their ``super()`` chain and leaves the rest of it alone.
    """

    # branca annotates Element.render as returning the markup; MacroElement's returns nothing
    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError(f"{type(self).__name__} can only be rendered inside a folium Figure")
        macros = self._template.module.__dict__
        for section in PAGE_SECTIONS:
            macro = macros.get(section)
            if macro is not None:
                getattr(figure, section).add_child(RenderedText(macro(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class GeodataMap(folium.Map, RenderedOnce):
    """``folium.Map``, rendered without compiling its own output again."""


class LayerControl(folium.LayerControl, RenderedOnce):
    """``folium.LayerControl``, rendered without compiling its own output again."""


class LayerGroup(folium.FeatureGroup, RenderedOnce):
    """``folium.FeatureGroup`` for layers the app swaps on a filter change: a layer the
    analyst switched off in the layer control stays off in the next filter state, and one
    with ``show=False`` starts off until the analyst switches it on."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.featureGroup({{ this.options|tojavascript }});
            geodataMap.keepSwitchedOff({{ this._parent.get_name() }}, {{ this.get_name() }}, {{ this.title_json }},
                                       {{ this.show_json }});
        {% endmacro %}
        """
    )

    def __init__(self, name: str, *, control: bool = True, show: bool = True) -> None:
        super().__init__(name=name, overlay=True, control=control, show=show)
        self.title_json = json_for_script(name)
        self.show_json = json_for_script(show)


class MapScript(RenderedOnce):
    """The helpers every data layer uses, the panes, and the map's CSS. Add it first."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            {{ this.helpers }}
            geodataMap.setup({{ this.setup_json }});
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
        self.setup_json = json_for_script({
            "shapes": {name: points for name, points in SHAPES.items() if points},
            "spreadZoom": SPREAD_ZOOM, "selected": SELECTED_UNCERTAINTY_STYLE,
        })


@dataclass(frozen=True)
class LayerData:
    """A layer's data already as JSON for a script (``json_for_script``), and how many
    features it holds."""

    text: str
    count: int

    @classmethod
    def of(cls, data: dict[str, Any]) -> LayerData:
        return cls(json_for_script(data), size(data))


def fixed_data(name: str, source: object, make: Callable[[], dict[str, Any]]) -> LayerData:
    """The data ``make()`` draws from ``source`` (an object that does not change: the
    gazetteer's places, the bundled river and border), as JSON made once per ``source``."""
    return once_per(name, source, lambda: LayerData.of(make()))


class DataLayer(Layer, RenderedOnce):
    """One toggleable layer: a GeoJSON FeatureCollection, or marker data packed in columns
    (``geodata.views.map.packed``, which the browser unpacks to the same features), drawn by a
    ``geodataMap`` helper.

    ``renderer`` is ``points``, ``shapes``, ``circles``, ``labels`` or ``heat`` (whose data is
    ``{"points": [[lat, lon, weight], ...]}`` or packed); ``options`` are plain JSON (styles,
    pane, colours and shapes per kind, clustering) so nothing in them is executable.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = geodataMap.{{ this.renderer }}({{ this.data_json }}, {{ this.options_json }});
            {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
        {% endmacro %}
        """
    )

    def __init__(self, data: dict[str, Any] | LayerData, *, renderer: str, options: dict[str, Any], name: str,
                 show: bool = True) -> None:
        if renderer not in RENDERERS:
            raise ValueError(f"renderer must be one of {', '.join(sorted(RENDERERS))}; got {renderer!r}")
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "GeodataLayer"
        self.renderer = renderer
        # Only the JSON text is kept: it is what the page needs, and a cached copy of the map
        # then pickles as a few strings instead of thousands of dicts.
        if isinstance(data, LayerData):
            self.feature_count, self.data_json = data.count, data.text
        else:
            self.feature_count, self.data_json = size(data), json_for_script(data)
        self.options_json = json_for_script(options)

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]  # as RenderedOnce.render
        # The script adds the layer to its parent itself: folium's Layer.render would add a
        # child element to do it, one more template to compile per layer and build.
        RenderedOnce.render(self, **kwargs)


def legend_markup(rows_html: str, title: str) -> str:
    """The legend's rows (escaped HTML) under ``title``, in a <details> the analyst can fold
    away when it covers the area they are reading."""
    return f"<details open><summary>{escape_html(title)}</summary>{rows_html}</details>"


class Legend(RenderedOnce):
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
        self.html = legend_markup(html, title)
        self.html_json = json_for_script(self.html)
        self.position_json = json_for_script(position)


class LegendLayer(RenderedOnce):
    """The legend as a map layer: shown while its layer group is on the map, gone with it
    (the app swaps the legend together with the layers it describes). ``image_name`` names
    the file of the "Save image" button for this filter state."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = geodataMap.legendLayer({{ this.html_json }}, {{ this.position_json }});
            {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
            geodataMap.imageName({{ this.image_name_json }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str, *, position: str = "bottomleft", title: str = "Legend",
                 image_name: str = "deir-ez-zor-map.png") -> None:
        super().__init__()
        self._name = "GeodataLegendLayer"
        self.html_json = json_for_script(legend_markup(html, title))
        self.position_json = json_for_script(position)
        self.image_name_json = json_for_script(image_name)


class FitView(RenderedOnce):
    """Opens the map on ``bounds`` and fits it again once the legend is drawn, so that it
    covers none of the incidents of that first view (unless the analyst moved the map)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            geodataMap.fit({{ this._parent.get_name() }}, {{ this.bounds_json }}, {{ this.max_zoom_json }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]], *, max_zoom: int) -> None:
        super().__init__()
        self._name = "GeodataFit"
        self.bounds_json = json_for_script(bounds)
        self.max_zoom_json = json_for_script(max_zoom)


class ExportButton(RenderedOnce):
    """The "Save image" button: the view as a PNG, made in the browser (html-to-image)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            geodataMap.exportControl({{ this._parent.get_name() }}, {{ this.options_json }});
        {% endmacro %}
        """
    )

    def __init__(self, *, file_name: str = "deir-ez-zor-map.png") -> None:
        super().__init__()
        self._name = "GeodataExport"
        self.options_json = json_for_script({"title": "Save the map as it is now as a PNG image", "text": "⤓ Image",
                                             "fileName": file_name})
