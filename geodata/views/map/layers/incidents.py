"""The incident layers: search area, uncertainty, heat, launch lines and sites, undated incidents
and incidents."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from geodata.events.kinds import UNKNOWN_COLOUR, UNKNOWN_ICON, default_kinds
from geodata.views.escape import escape_html
from geodata.views.map.elements import DataLayer
from geodata.views.map.features import (
    LAUNCH_PREFIX,
    STRIKE_PREFIX,
    UNDATED_PREFIX,
    heat_data,
    incident_point_data,
    launch_line_data,
    point_data,
    uncertainty_data,
)
from geodata.views.map.layers.base import LayerContext, MapLayer, register
from geodata.views.map.packed import size
from geodata.views.map.shapes import line_svg, shape_svg
from geodata.views.map.style import (
    LAUNCH_COLOUR,
    LAUNCH_LINE_STYLE,
    SEARCH_STYLE,
    UNCERTAINTY_CAP_M,
    UNCERTAINTY_STYLE,
)

CLUSTER_OPTIONS = {
    "maxClusterRadius": 40, "disableClusteringAtZoom": 12, "spiderfyOnMaxZoom": True,
    "showCoverageOnHover": False, "chunkedLoading": True,
}
HEAT_OPTIONS = {"radius": 22, "blur": 18, "minOpacity": 0.25, "maxZoom": 11}
UNDATED_DASH = "3 2"


def _cluster(count: int, context: LayerContext) -> dict[str, object] | bool:
    return dict(CLUSTER_OPTIONS) if count > context.cluster_threshold else False


def _incident_points(context: LayerContext) -> dict[str, dict[str, Any] | None]:
    """The dated and undated markers (packed), placed together once for both layers."""
    points: dict[str, dict[str, Any] | None] = context.once("incident points",
                                                            lambda: incident_point_data(context.frame))
    return points


def _launch_lines(context: LayerContext) -> dict[str, Any] | None:
    """The packed launch lines, worked out once for the layer and its legend."""
    lines: dict[str, Any] | None = context.once("launch lines", lambda: launch_line_data(context.frame))
    return lines


def _launch_sites(context: LayerContext) -> dict[str, Any] | None:
    """The packed launch sites, worked out once for the layer and its legend."""
    sites: dict[str, Any] | None = context.once("launch sites", lambda: point_data(context.frame, LAUNCH_PREFIX))
    return sites


def _kinds_present(frame: pd.DataFrame) -> set[str]:
    kind = frame["kind"]
    if isinstance(kind.dtype, pd.CategoricalDtype):  # the categories in use, without a pass over the names
        codes = np.unique(kind.cat.codes.to_numpy())
        return {str(name) for name in kind.cat.categories[codes[codes >= 0]]}
    return set(kind.dropna().astype(str).unique().tolist())


def _kind_options() -> dict[str, Any]:
    kinds = list(default_kinds())
    return {"colours": {kind.key: kind.colour for kind in kinds}, "icons": {kind.key: kind.icon for kind in kinds},
            "titles": {kind.key: escape_html(kind.label_en) for kind in kinds},
            "colour": UNKNOWN_COLOUR, "icon": UNKNOWN_ICON}


@register
class SearchAreaLayer(MapLayer):
    """The circle of the search by place and radius, when there is one."""

    name = "search_area"
    title = "Search area"

    def build(self, context: LayerContext) -> DataLayer | None:
        near = context.near
        if near is None:
            return None
        feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [near.lon, near.lat]},
                   "properties": {"r": round(near.radius_km * 1000), "p": "search"}}
        return self.layer([feature], renderer="circles",
                          options={"pane": "geodataAreas", "style": SEARCH_STYLE, "className": "geodata-search"})

    def legend(self, context: LayerContext) -> list[str]:
        near = context.near
        if near is None:
            return []
        svg = line_svg(SEARCH_STYLE["color"], weight=2, dash=SEARCH_STYLE["dashArray"])
        return [f'<div class="gd-row">{svg}within {near.radius_km:g} km of {escape_html(near.label or near.place_id)}</div>']


@register
class UncertaintyLayer(MapLayer):
    """Every point's location uncertainty, faint and capped (off by default: a click on a
    marker draws its own circle, uncapped)."""

    name = "uncertainty"
    title = "Location uncertainty (all)"
    show = False

    def build(self, context: LayerContext) -> DataLayer | None:
        styles = {"1": UNCERTAINTY_STYLE, "2": {**UNCERTAINTY_STYLE, "dashArray": "4 4"},
                  "3": {**UNCERTAINTY_STYLE, "dashArray": "2 6"}}
        return self.packed(uncertainty_data(context.frame, cap_m=UNCERTAINTY_CAP_M), renderer="circles",
                          options={"pane": "geodataAreas", "style": UNCERTAINTY_STYLE, "styles": styles,
                                   "className": "geodata-uncertainty"})


@register
class HeatLayer(MapLayer):
    """Where incidents concentrate, as a heat map of the filtered incidents (off by default)."""

    name = "heat"
    title = "Heat map"
    show = False

    def build(self, context: LayerContext) -> DataLayer | None:
        data = heat_data(context.frame)
        if data is None:
            return None
        options = {"heat": {**HEAT_OPTIONS, "max": max(1.0, math.sqrt(max(data["w"])))}}
        return self.packed(data, renderer="heat", options=options)


@register
class LaunchLinesLayer(MapLayer):
    """Purple dashed lines from where fire came from to where it struck (never from a launch
    site known only as a region or a country)."""

    name = "launch_lines"
    title = "Launch → target lines"

    def build(self, context: LayerContext) -> DataLayer | None:
        return self.packed(_launch_lines(context), renderer="shapes",
                          options={"style": LAUNCH_LINE_STYLE, "interactive": True, "className": "geodata-line",
                                   "title": escape_html("Launch → target")})

    def legend(self, context: LayerContext) -> list[str]:
        if _launch_lines(context) is None:
            return []
        return [f'<div class="gd-row">{line_svg(LAUNCH_COLOUR, weight=2, dash=LAUNCH_LINE_STYLE["dashArray"])}'
                "launch → target</div>"]


@register
class LaunchSitesLayer(MapLayer):
    """Where fire came from, one marker per site with the number of incidents; a launch site
    known only as a region or a country is not a point and is not drawn."""

    name = "launch_sites"
    title = "Launch sites"

    def build(self, context: LayerContext) -> DataLayer | None:
        data = _launch_sites(context)
        options = {"pane": "geodataLaunch", "className": "geodata-launch", "colour": "#ffffff", "title": "Launch site",
                   "stroke": LAUNCH_COLOUR, "weight": 3, "fillOpacity": 1, "radius": 6, "icon": "circle",
                   "selectable": True, "cluster": _cluster(size(data), context)}
        return self.packed(data, renderer="points", options=options)

    def legend(self, context: LayerContext) -> list[str]:
        if _launch_sites(context) is None:
            return []
        return [f'<div class="gd-row">{shape_svg("circle", "#ffffff", stroke=LAUNCH_COLOUR, stroke_width=2.5)}'
                "launch site</div>"]


@register
class UndatedLayer(MapLayer):
    """Incidents whose date the reports do not give: hollow, dashed markers of their kind."""

    name = "undated"
    title = "Undated incidents"

    def build(self, context: LayerContext) -> DataLayer | None:
        data = _incident_points(context)[UNDATED_PREFIX]
        options = {**_kind_options(), "pane": "geodataUndated", "className": "geodata-undated", "weight": 2,
                   "fillOpacity": 0.85, "hollow": True, "dashArray": UNDATED_DASH, "selectable": True,
                   "cluster": _cluster(size(data), context)}
        return self.packed(data, renderer="points", options=options)

    def legend(self, context: LayerContext) -> list[str]:
        undated = int(context.frame["date"].isna().sum())
        if not undated:
            return []
        svg = shape_svg("circle", "#ffffff", stroke="#333333", dash=UNDATED_DASH, stroke_width=1.5)
        return [f'<div class="gd-row">{svg}undated ({undated:,}): hollow, dashed</div>']


@register
class StrikesLayer(MapLayer):
    """Where each dated incident happened (for an attack, the target): colour and shape by kind."""

    name = "strikes"
    title = "Incidents"

    def build(self, context: LayerContext) -> DataLayer | None:
        data = _incident_points(context)[STRIKE_PREFIX]
        options = {**_kind_options(), "pane": "geodataStrikes", "className": "geodata-strike", "stroke": "#222222",
                   "weight": 1, "fillOpacity": 0.9, "selectable": True, "cluster": _cluster(size(data), context)}
        return self.packed(data, renderer="points", options=options)

    def legend(self, context: LayerContext) -> list[str]:
        present = _kinds_present(context.frame)
        rows = [f'<div class="gd-row">{shape_svg(kind.icon, kind.colour)}{escape_html(kind.label_en)}</div>'
                for kind in default_kinds() if kind.key in present]
        if not rows:
            return []
        return ["<h4>Incidents</h4>", f'<div class="gd-grid">{"".join(rows)}</div>',
                '<div class="gd-note">Larger: more incidents at the place.</div>']
