"""Colours and line styles of the map's own layers, one definition for the map and its legend.
Kinds and actors (their labels, colours and shapes) come from their registries,
geodata.events.kinds and geodata.events.actors, which read the data files."""

from __future__ import annotations

from typing import Any

LAUNCH_COLOUR = "#6a3d9a"
FACILITY_COLOUR = "#35618f"
RIVER_COLOUR = "#3b8bd0"
BORDER_COLOUR = "#6b6b6b"
CONTACT_COLOUR = "#b10026"
UNCERTAINTY_COLOUR = "#444444"
SEARCH_COLOUR = "#0b6e4f"
BACKGROUND_COLOUR = "#e9ede4"  # what the map shows where no tile loaded

# Three kinds of line that must never be taken for one another: a grey dash-dot border, a
# dark red dotted front line that is also the widest, and purple dashes from a launch site.
BORDER_STYLE: dict[str, Any] = {"color": BORDER_COLOUR, "weight": 1.5, "opacity": 0.9, "dashArray": "10 4 2 4"}
CONTACT_STYLE: dict[str, Any] = {"color": CONTACT_COLOUR, "weight": 3.5, "opacity": 0.9, "dashArray": "1 7",
                                 "lineCap": "round"}
LAUNCH_LINE_STYLE: dict[str, Any] = {"color": LAUNCH_COLOUR, "weight": 2, "opacity": 0.85, "dashArray": "8 5"}
RIVER_STYLE: dict[str, Any] = {"color": RIVER_COLOUR, "weight": 3, "opacity": 0.8}
# Location uncertainty drawn for every point is faint and capped: the selected marker's own
# circle (drawn on click, never capped) is the one to read.
UNCERTAINTY_CAP_M = 10_000
UNCERTAINTY_STYLE: dict[str, Any] = {"color": UNCERTAINTY_COLOUR, "weight": 1, "opacity": 0.35, "fillOpacity": 0.02}
SELECTED_UNCERTAINTY_STYLE: dict[str, Any] = {"color": "#000000", "weight": 1.5, "opacity": 0.8, "dashArray": "5 4",
                                              "fillColor": "#000000", "fillOpacity": 0.06}
SEARCH_STYLE: dict[str, Any] = {"color": SEARCH_COLOUR, "weight": 2, "opacity": 0.9, "dashArray": "2 4",
                                "fill": False}
# Markers at one point spread around it from this zoom on.
SPREAD_ZOOM = 10
