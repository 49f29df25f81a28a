"""The layers that give incidents their setting: river and border, control, bases and facilities."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from geodata.events.actors import UNKNOWN_COLOUR as ACTOR_COLOUR
from geodata.events.actors import default_actors
from geodata.places.gazetteer import Place
from geodata.views.escape import escape_html
from geodata.views.map.elements import DataLayer
from geodata.views.map.features import PLACE_PREFIX, date_range_text, place_text
from geodata.views.map.layers.base import LayerContext, MapLayer, register
from geodata.views.map.style import BORDER_COLOUR, FACILITY_COLOUR, RIVER_COLOUR

SOURCE_NOTE_CHARS = 120  # the full text is in the note's tooltip
FACILITY_TITLES = {"base": "Base", "oilfield": "Oil or gas field", "facility": "Facility"}
FACILITY_KINDS = frozenset(FACILITY_TITLES)


def _plain(feature: dict[str, Any], style_key: str) -> dict[str, Any]:
    """The feature with only its geometry and a style key: the map needs nothing else."""
    return {"type": "Feature", "geometry": feature.get("geometry"), "properties": {"s": style_key}}


def _control_features(context: LayerContext, layer: str) -> list[dict[str, Any]]:
    features = (context.control or {}).get("features") or []
    return [item for item in features if (item.get("properties") or {}).get("layer") == layer]


@register
class ReferenceLayer(MapLayer):
    """The Euphrates, the Khabur and the Syria-Iraq border from bundled data: the map stays
    readable with no tiles at all."""

    name = "reference"
    title = "River and border"
    fixed = True

    def build(self, context: LayerContext) -> DataLayer | None:
        features = [_plain(item, (item.get("properties") or {}).get("layer", "river")) for item in context.reference]
        styles = {"river": {"color": RIVER_COLOUR, "weight": 3, "opacity": 0.8},
                  "border": {"color": BORDER_COLOUR, "weight": 1.5, "opacity": 0.8, "dashArray": "8 4 2 4"}}
        return self.layer(features, renderer="shapes",
                          options={"pane": "geodataAreas", "interactive": False, "styles": styles, "style": styles["river"]})


@register
class ControlAreasLayer(MapLayer):
    """Shaded areas of control in force on the control date."""

    name = "control_areas"
    title = "Areas of control"

    def build(self, context: LayerContext) -> DataLayer | None:
        areas = _control_features(context, "area")
        features = [_plain(item, str(item["properties"].get("controller", ""))) for item in areas]
        styles = {actor.key: {"color": actor.colour, "weight": 0.5, "fillColor": actor.colour, "fillOpacity": 0.13}
                  for actor in default_actors() if actor.colour}
        default = {"color": ACTOR_COLOUR, "weight": 0.5, "fillOpacity": 0.1}
        return self.layer(features, renderer="shapes",
                          options={"pane": "geodataAreas", "interactive": False, "styles": styles, "style": default})

    def legend(self, context: LayerContext) -> list[str]:
        areas = _control_features(context, "area")
        if not areas:
            return []
        controllers = sorted({str(item["properties"].get("controller", "")) for item in areas})
        actors = default_actors()
        rows = [f'<div class="gd-row"><span class="gd-box" style="background:{actors.colour(key)}"></span>'
                f"{escape_html(actors.short(key))}</div>" for key in controllers]
        return ["<h4>Control</h4>", *rows, *_as_of(areas), *_sources(context.control or {})]


def _as_of(features: Iterable[dict[str, Any]]) -> list[str]:
    starts = sorted({str(item["properties"].get("valid_from") or "") for item in features} - {""})
    if not starts:
        return []
    return [f'<div class="gd-note">as of {escape_html(date_range_text(starts[-1], starts[-1]))}</div>']


def _sources(control: dict[str, Any]) -> list[str]:
    sources = (control.get("properties") or {}).get("sources") or []
    if not sources:
        return []
    shown = "; ".join(str(source) for source in sources[:3])
    short = shown if len(shown) <= SOURCE_NOTE_CHARS else shown[:SOURCE_NOTE_CHARS].rsplit(" ", 1)[0] + " …"
    return [f'<div class="gd-note" title="{escape_html(shown[:2000])}">Source: {escape_html(short)}</div>']


@register
class ContactLineLayer(MapLayer):
    """The lines where areas of control meet."""

    name = "contact_line"
    title = "Contact line"

    def build(self, context: LayerContext) -> DataLayer | None:
        features = [_plain(item, "line") for item in _control_features(context, "contact_line")]
        style = {"color": "#111111", "weight": 2.5, "opacity": 0.9, "dashArray": "1 5", "lineCap": "round"}
        return self.layer(features, renderer="shapes", options={"interactive": False, "style": style})

    def legend(self, context: LayerContext) -> list[str]:
        if not _control_features(context, "contact_line"):
            return []
        return ['<div class="gd-row"><span class="gd-line" style="border-top-style:dotted"></span>contact line</div>']


@register
class FacilitiesLayer(MapLayer):
    """Bases, oil and gas fields and other facilities from the gazetteer."""

    name = "facilities"
    title = "Bases and facilities"
    fixed = True

    def build(self, context: LayerContext) -> DataLayer | None:
        features = [_facility(place) for place in context.facilities if place.kind in FACILITY_KINDS]
        options = {"pane": "geodataPlaces", "className": "geodata-facility", "colour": "#ffffff",
                   "stroke": FACILITY_COLOUR, "weight": 2, "fillOpacity": 0.9, "radius": 5,
                   "titles": {kind: escape_html(title) for kind, title in FACILITY_TITLES.items()}}
        return self.layer(features, renderer="points", options=options)

    def legend(self, context: LayerContext) -> list[str]:
        if not any(place.kind in FACILITY_KINDS for place in context.facilities):
            return []
        return [f'<div class="gd-row"><span class="gd-dot" style="background:#fff;border:2px solid {FACILITY_COLOUR}"></span>'
                "base or facility</div>"]


def _facility(place: Place) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": {"key": PLACE_PREFIX + place.id, "k": place.kind,
                           "p": escape_html(place_text(place.name_en, place.name_ar))}}
