"""Colours and names the map and its legend share: one colour per incident kind and controller.

A test checks that every kind of ``geodata.events.model.INCIDENT_KINDS`` has an entry.
"""

from __future__ import annotations

# Distinct hues for the eleven kinds (Tableau 10 plus a dark blue), readable on light tiles
# and on the plain background used when tiles cannot load.
KIND_STYLES: dict[str, tuple[str, str]] = {
    "rocket_attack": ("Rocket attack", "#d62728"),
    "drone_attack": ("Drone attack", "#ff7f0e"),
    "airstrike": ("Air strike", "#9467bd"),
    "artillery_shelling": ("Artillery shelling", "#8c564b"),
    "armed_clash": ("Armed clash", "#e377c2"),
    "ied_explosion": ("IED explosion", "#bcbd22"),
    "interception": ("Interception", "#17becf"),
    "weapons_found": ("Weapons found", "#2ca02c"),
    "security_operation": ("Security operation", "#1f77b4"),
    "militia_movement": ("Militia movement", "#7f7f7f"),
    "other": ("Other", "#393b79"),
}
UNKNOWN_KIND = ("Incident", "#555555")

CONTROLLER_STYLES: dict[str, tuple[str, str]] = {
    "syrian_government": ("Syrian government", "#b2182b"),
    "iran_backed_militias": ("Iran-backed militias", "#67001f"),
    "irgc": ("IRGC", "#67001f"),
    "russia": ("Russia", "#6a3d9a"),
    "sdf": ("SDF", "#e6ab02"),
    "us_led_coalition": ("US-led coalition", "#2166ac"),
    "isis": ("ISIS", "#000000"),
}
UNKNOWN_CONTROLLER = ("Other", "#666666")

LAUNCH_COLOUR = "#000000"
FACILITY_COLOUR = "#35618f"
RIVER_COLOUR = "#3b8bd0"
BORDER_COLOUR = "#555555"
UNCERTAINTY_COLOUR = "#444444"
BACKGROUND_COLOUR = "#e9ede4"  # what the map shows where no tile loaded

def kind_label(kind: str) -> str:
    return KIND_STYLES.get(kind, UNKNOWN_KIND)[0]


def kind_colour(kind: str) -> str:
    return KIND_STYLES.get(kind, UNKNOWN_KIND)[1]


def controller_label(controller: str) -> str:
    return CONTROLLER_STYLES.get(controller, (controller.replace("_", " ") or UNKNOWN_CONTROLLER[0], ""))[0]


def controller_colour(controller: str) -> str:
    return CONTROLLER_STYLES.get(controller, UNKNOWN_CONTROLLER)[1]
