"""The layers that give incidents their setting: river and border, control, bases and facilities,
and the names of towns and villages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from geodata.events.actors import UNKNOWN_COLOUR as ACTOR_COLOUR
from geodata.events.actors import default_actors
from geodata.places.gazetteer import Place
from geodata.views.escape import escape_html
from geodata.views.map.elements import DataLayer, fixed_data
from geodata.views.map.features import PLACE_PREFIX, date_range_text, place_text
from geodata.views.map.labels import label_rows
from geodata.views.map.layers.base import LayerContext, MapLayer, register
from geodata.views.map.shapes import line_svg
from geodata.views.map.style import BORDER_STYLE, CONTACT_STYLE, FACILITY_COLOUR, RIVER_STYLE

SOURCE_CHARS = 2000  # of each source in the folded list
# "(geodata/data/gazetteer.csv)", "(euphrates.geojson)": files of this project, not sources
_FILE_REFERENCE = re.compile(r"\s*\(?\b[\w./-]+\.(?:csv|geojson|json|yaml|py)\b\)?", re.IGNORECASE)
FACILITY_TITLES = {"base": "Base", "oilfield": "Oil or gas field", "facility": "Facility"}
FACILITY_KINDS = frozenset(FACILITY_TITLES)


def _plain(feature: dict[str, Any], style_key: str) -> dict[str, Any]:
    """The feature with only its geometry and a style key: the map needs nothing else."""
    return {"type": "Feature", "geometry": feature.get("geometry"), "properties": {"s": style_key}}


def _collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


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
        data = fixed_data(self.name, context.reference, lambda: _collection(
            [_plain(item, (item.get("properties") or {}).get("layer", "river")) for item in context.reference]))
        styles = {"river": RIVER_STYLE, "border": BORDER_STYLE}
        return self.fixed_layer(data, renderer="shapes", options={"pane": "geodataAreas", "interactive": False,
                                                                  "styles": styles, "style": styles["river"]})

    def legend(self, context: LayerContext) -> list[str]:
        if not context.reference:
            return []
        return [f'<div class="gd-row">{line_svg(BORDER_STYLE["color"], weight=1.5, dash=BORDER_STYLE["dashArray"])}'
                "international border</div>"]


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
        properties = (context.control or {}).get("properties") or {}
        if not areas:
            if context.control is None:
                return []
            day = properties.get("date")
            when = f" {escape_html(day)}" if day else " these dates"
            return ["<h4>Control</h4>", f'<div class="gd-note">No control snapshot covers{when}: areas and contact '
                    "line are not drawn.</div>"]
        controllers = sorted({str(item["properties"].get("controller", "")) for item in areas})
        actors = default_actors()
        rows = [f'<div class="gd-row"><span class="gd-box" style="background:{actors.colour(key)}"></span>'
                f"{escape_html(actors.short(key))}</div>" for key in controllers]
        return ["<h4>Control</h4>", *rows, *_contact_line(context), *_snapshot(properties, areas), *_sources(properties)]


def _contact_line(context: LayerContext) -> list[str]:
    if not _control_features(context, "contact_line"):
        return []
    svg = line_svg(CONTACT_STYLE["color"], weight=3, dash=CONTACT_STYLE["dashArray"], cap="round")
    return [f'<div class="gd-row">{svg}contact line</div>']


def _snapshot(properties: dict[str, Any], areas: list[dict[str, Any]]) -> list[str]:
    """The snapshot's label, the day it took effect and, when less than high, its confidence."""
    rows = []
    if properties.get("label"):
        rows.append(f'<div class="gd-note">{escape_html(properties["label"])}</div>')
    rows += _as_of(areas)
    confidence = sorted({str(item["properties"].get("confidence") or "") for item in areas} - {"", "high"})
    if confidence:
        rows.append(f'<div class="gd-note">confidence: {escape_html(", ".join(confidence))}</div>')
    return rows


def _as_of(features: Iterable[dict[str, Any]]) -> list[str]:
    starts = sorted({str(item["properties"].get("valid_from") or "") for item in features} - {""})
    if not starts:
        return []
    return [f'<div class="gd-note">in force from {escape_html(date_range_text(starts[-1], starts[-1]))}</div>']


def source_text(source: str) -> str:
    """A snapshot's source without the project's own file names (which are no source)."""
    cleaned = _FILE_REFERENCE.sub("", source)
    cleaned = re.sub(r"\(\s*\)", "", cleaned)
    cleaned = re.sub(r"(?:[;,:]\s*)+(?=[;,]|$)", "", cleaned)
    return re.sub(r"\s{2,}", " ", cleaned).strip(" ;,:")


def _sources(properties: dict[str, Any]) -> list[str]:
    """The snapshot's sources, folded: who reported the lines, never a file of the project."""
    sources = [text for text in (source_text(str(source)) for source in properties.get("sources") or []) if text]
    if not sources:
        return []
    items = "".join(f"<div>{escape_html(text[:SOURCE_CHARS])}</div>" for text in sources)
    return [f'<details class="gd-sources"><summary>Sources of the lines ({len(sources)})</summary>{items}</details>']


@register
class ContactLineLayer(MapLayer):
    """The lines where areas of control meet."""

    name = "contact_line"
    title = "Contact line"

    def build(self, context: LayerContext) -> DataLayer | None:
        features = [_plain(item, "line") for item in _control_features(context, "contact_line")]
        return self.layer(features, renderer="shapes", options={"interactive": False, "style": CONTACT_STYLE})


@register
class PlaceNamesLayer(MapLayer):
    """Towns and villages of the gazetteer by name, in English and Arabic: more as the map
    zooms in (geodata.views.map.labels), so the map reads without tiles."""

    name = "place_names"
    title = "Place names"
    fixed = True

    def build(self, context: LayerContext) -> DataLayer | None:
        # the same JSON on every page while the gazetteer is the same (its 220 kB were made anew each time)
        data = fixed_data(self.name, context.facilities, lambda: {"rows": label_rows(context.facilities, keep=True)})
        return self.fixed_layer(data, renderer="labels", options={"pane": "geodataLabels"})


@register
class FacilitiesLayer(MapLayer):
    """Bases, oil and gas fields and other facilities from the gazetteer."""

    name = "facilities"
    title = "Bases and facilities"
    fixed = True

    def build(self, context: LayerContext) -> DataLayer | None:
        data = fixed_data(self.name, context.facilities, lambda: _collection(
            [_facility(place) for place in context.facilities if place.kind in FACILITY_KINDS]))
        options = {"pane": "geodataPlaces", "className": "geodata-facility", "colour": "#ffffff",
                   "stroke": FACILITY_COLOUR, "weight": 2, "fillOpacity": 0.9, "radius": 5, "selectable": True,
                   "titles": {kind: escape_html(title) for kind, title in FACILITY_TITLES.items()}}
        return self.fixed_layer(data, renderer="points", options=options)

    def legend(self, context: LayerContext) -> list[str]:
        if not any(place.kind in FACILITY_KINDS for place in context.facilities):
            return []
        svg = ('<svg class="gd-shape" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">'
               f'<circle cx="7" cy="7" r="5" fill="#fff" stroke="{FACILITY_COLOUR}" stroke-width="2"/></svg>')
        return [f'<div class="gd-row">{svg}base or facility</div>']


def _facility(place: Place) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": {"key": PLACE_PREFIX + place.id, "k": place.kind,
                           "p": escape_html(place_text(place.name_en, place.name_ar))}}
