"""The reviewed fields as people read them: one short text per stored value."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from geodata.events.actors import actor_label
from geodata.events.kinds import kind_label
from geodata.review.checks import FIELD_LABELS
from geodata.store.reviewed import REVIEW_FIELDS, SOURCES

UNKNOWN = "unknown"
NONE = "none"


def label(name: str) -> str:
    """A field's name for people ("launch site", not "launch_site")."""
    if name.startswith(("correction.", "base.")):
        name = name.split(".", 1)[1]
    return FIELD_LABELS.get(name, name.replace("_", " "))


def show(name: str, value: Any) -> str:
    """A stored value of field ``name`` as text (the JSON form ``incident_to_json`` gives)."""
    if name in ("location", "launch_site"):
        if not value:
            return NONE
        place = value.get("name_en") or value.get("gazetteer_id")
        return f"{place} ({value.get('gazetteer_id')})" if place != value.get("gazetteer_id") else str(place)
    if name in ("actors_by", "actors_against"):
        return ", ".join(actor_label(key) for key in value) if value else NONE
    if name == "kind":
        return f"{kind_label(value)} ({value})" if value else UNKNOWN
    if name == SOURCES:
        return ", ".join(value) if value else NONE
    if value is None or value == "":
        return UNKNOWN
    return str(value)


def readable(values: Mapping[str, Any]) -> dict[str, str]:
    """Each reviewed field of ``values`` (a stored incident record) under its label."""
    found = {label(name): show(name, values.get(name)) for name in REVIEW_FIELDS}
    found[label("date")] = f"{found[label('date')]} ({values.get('date_precision') or UNKNOWN})"
    found.pop(label("date_precision"), None)
    return found
