"""The correction form of the Review page and the map's panel, as data: its starting values
from an incident, and the fields an analyst changed in it (what ``correct`` takes).

A form shows every field; only the fields whose value differs from what the incident shows
become corrections, so saving a form that changed the kind corrects the kind alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from geodata.review.checks import PlaceInput, Point
from geodata.review.reading import IncidentReview, QueueItem, review_queue
from geodata.store.database import Store

UNKNOWN = "unknown"


@dataclass(frozen=True)
class FormValues:
    """What the correction form holds. Places: a gazetteer id, a ``Point`` or None."""

    kind: str
    location: PlaceInput
    launch_site: PlaceInput
    date: dt.date | None
    date_precision: str
    time_of_day: str | None
    killed: int | None
    injured: int | None
    actors_by: tuple[str, ...]
    actors_against: tuple[str, ...]


def _place_input(value: Any) -> PlaceInput:
    if not value:
        return None
    place_id = str(value.get("gazetteer_id") or "")
    if place_id.startswith("point:"):
        return Point(float(value["lat"]), float(value["lon"]))
    return place_id


def form_values(review: IncidentReview) -> FormValues:
    """The form's starting values: what the incident shows."""
    values = {row.name: row.value for row in review.fields}
    return FormValues(
        kind=values["kind"], location=_place_input(values["location"]), launch_site=_place_input(values["launch_site"]),
        date=dt.date.fromisoformat(values["date"]) if values["date"] else None,
        date_precision=values["date_precision"] or UNKNOWN, time_of_day=values["time_of_day"],
        killed=values["killed"], injured=values["injured"], actors_by=tuple(values["actors_by"]),
        actors_against=tuple(values["actors_against"]))


def _same_place(given: PlaceInput, shown: PlaceInput) -> bool:
    if isinstance(given, tuple):
        given = Point(float(given[0]), float(given[1]))
    if isinstance(given, Point) and isinstance(shown, Point):
        return round(given.lat, 5) == round(shown.lat, 5) and round(given.lon, 5) == round(shown.lon, 5)
    return given == shown


def form_changes(review: IncidentReview, values: FormValues) -> dict[str, Any]:
    """The fields of ``values`` that differ from what ``review`` shows, as ``correct`` takes them."""
    shown = form_values(review)
    changes: dict[str, Any] = {}
    for name in ("kind", "date_precision", "time_of_day", "killed", "injured"):
        if getattr(values, name) != getattr(shown, name):
            changes[name] = getattr(values, name)
    for name in ("location", "launch_site"):
        if not _same_place(getattr(values, name), getattr(shown, name)):
            changes[name] = getattr(values, name)
    if values.date != shown.date:
        changes["date"] = values.date.isoformat() if values.date is not None else None
    for name in ("actors_by", "actors_against"):
        if list(getattr(values, name)) != list(getattr(shown, name)):
            changes[name] = list(getattr(values, name))
    if "date" in changes and changes["date"] is not None and "date_precision" not in changes \
            and shown.date_precision == UNKNOWN:
        changes["date_precision"] = "day"
    return changes


def merge_candidates(store: Store, review: IncidentReview, *, days: int = 3, limit: int = 30) -> list[QueueItem]:
    """Incidents an analyst may merge this one with: every status but rejected, dated within
    ``days`` of it (the undated when it is undated), nearest in time first."""
    own = review.incident.date
    statuses = ("unreviewed", "confirmed", "corrected")
    if own is None:
        found = [item for item in review_queue(store, statuses=statuses, limit=limit * 20) if item.date is None]
        return [item for item in found if item.incident_id != review.incident_id][:limit]
    window = (own - dt.timedelta(days=days), own + dt.timedelta(days=days))
    near = [item for item in review_queue(store, statuses=statuses, dates=window, limit=10_000)
            if item.incident_id != review.incident_id and item.date is not None]
    near.sort(key=lambda item: (abs((dt.date.fromisoformat(item.date or "") - own).days), item.incident_id))
    return near[:limit]


def split_choices(review: IncidentReview) -> Sequence[tuple[str, str]]:
    """(key, label) of each source a split can take out: ``article_id:seq``."""
    if len(review.sources) < 2:
        return []
    return [(source.key, f"{source.outlet}, {source.published or 'undated'} ({source.key})") for source in review.sources]
