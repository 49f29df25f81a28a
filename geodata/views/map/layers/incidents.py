"""The incident layers: uncertainty circles, launch lines, launch sites and strikes."""

from __future__ import annotations

from geodata.events.kinds import UNKNOWN_COLOUR, default_kinds
from geodata.views.escape import escape_html
from geodata.views.map.elements import DataLayer
from geodata.views.map.features import (
    LAUNCH_PREFIX,
    STRIKE_PREFIX,
    launch_line_features,
    point_features,
    uncertainty_features,
)
from geodata.views.map.layers.base import LayerContext, MapLayer, register
from geodata.views.map.style import LAUNCH_COLOUR, UNCERTAINTY_COLOUR

CLUSTER_OPTIONS = {
    "maxClusterRadius": 40, "disableClusteringAtZoom": 12, "spiderfyOnMaxZoom": True,
    "showCoverageOnHover": False, "chunkedLoading": True,
}


def _cluster(count: int, context: LayerContext) -> dict[str, object] | bool:
    return dict(CLUSTER_OPTIONS) if count > context.cluster_threshold else False


@register
class UncertaintyLayer(MapLayer):
    """Circles as wide as the location's uncertainty: solid for a site, dashed for "near"."""

    name = "uncertainty"
    title = "Location uncertainty"

    def build(self, context: LayerContext) -> DataLayer | None:
        base = {"color": UNCERTAINTY_COLOUR, "weight": 1, "opacity": 0.5, "fillOpacity": 0.04}
        styles = {"1": base, "2": {**base, "dashArray": "4 4"}, "3": {**base, "dashArray": "2 6", "fillOpacity": 0.02}}
        return self.layer(uncertainty_features(context.frame), renderer="circles",
                          options={"pane": "geodataAreas", "style": base, "styles": styles})

    def legend(self, context: LayerContext) -> list[str]:
        return ['<div class="gd-row"><span class="gd-dot" style="background:transparent;border-style:dashed"></span>'
                "location uncertainty</div>"]


@register
class LaunchLinesLayer(MapLayer):
    """Dashed lines from where fire came from to where it struck."""

    name = "launch_lines"
    title = "Launch → target lines"

    def build(self, context: LayerContext) -> DataLayer | None:
        style = {"color": LAUNCH_COLOUR, "weight": 2, "opacity": 0.8, "dashArray": "6 6"}
        return self.layer(launch_line_features(context.frame), renderer="shapes",
                          options={"style": style, "interactive": True, "className": "geodata-line",
                                   "title": escape_html("Launch → target")})

    def legend(self, context: LayerContext) -> list[str]:
        return ['<div class="gd-row"><span class="gd-line" style="border-top-style:dashed"></span>launch → target</div>']


@register
class LaunchSitesLayer(MapLayer):
    """Where fire came from, one marker per site with the number of incidents."""

    name = "launch_sites"
    title = "Launch sites"

    def build(self, context: LayerContext) -> DataLayer | None:
        features = point_features(context.frame, LAUNCH_PREFIX)
        options = {"pane": "geodataLaunch", "className": "geodata-launch", "colour": "#ffffff", "title": "Launch site",
                   "stroke": LAUNCH_COLOUR, "weight": 3, "fillOpacity": 1, "radius": 6,
                   "cluster": _cluster(len(features), context)}
        return self.layer(features, renderer="points", options=options)

    def legend(self, context: LayerContext) -> list[str]:
        return ['<div class="gd-row"><span class="gd-dot" style="background:#fff;border:3px solid #000"></span>launch site</div>']


@register
class StrikesLayer(MapLayer):
    """Where each incident happened (for an attack, the target), coloured by kind."""

    name = "strikes"
    title = "Incidents"

    def build(self, context: LayerContext) -> DataLayer | None:
        features = point_features(context.frame, STRIKE_PREFIX)
        options = {"pane": "geodataStrikes", "className": "geodata-strike", "stroke": "#222222", "weight": 1,
                   "fillOpacity": 0.9, "colours": {kind.key: kind.colour for kind in default_kinds()},
                   "titles": {kind.key: escape_html(kind.label_en) for kind in default_kinds()},
                   "colour": UNKNOWN_COLOUR, "cluster": _cluster(len(features), context)}
        return self.layer(features, renderer="points", options=options)

    def legend(self, context: LayerContext) -> list[str]:
        present = set(context.frame["kind"].dropna().unique().tolist())
        rows = [f'<div class="gd-row"><span class="gd-dot" style="background:{kind.colour}"></span>{escape_html(kind.label_en)}</div>'
                for kind in default_kinds() if kind.key in present]
        return ["<h4>Incidents</h4>", *rows, '<div class="gd-note">Larger dot: more incidents at one place</div>'] if rows else []
