"""Colours of the map's own layers. Kinds and actors (their labels and colours) come from their
registries, geodata.events.kinds and geodata.events.actors, which read the data files."""

from __future__ import annotations

LAUNCH_COLOUR = "#000000"
FACILITY_COLOUR = "#35618f"
RIVER_COLOUR = "#3b8bd0"
BORDER_COLOUR = "#555555"
UNCERTAINTY_COLOUR = "#444444"
BACKGROUND_COLOUR = "#e9ede4"  # what the map shows where no tile loaded
