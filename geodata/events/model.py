"""The records that flow through the pipeline: place references, reports, sources, incidents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from geodata.dates.patterns import DatePrecision, TimeOfDay
from geodata.events.kinds import KindKey, default_kinds
from geodata.places.refs import PlaceRef


@dataclass(frozen=True)
class Source:
    """One article's account of an incident."""

    article_id: str
    outlet: str
    url: str | None
    published: dt.date | None
    excerpt: str
    excerpt_spans: tuple[tuple[int, int], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "outlet": self.outlet,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "excerpt": self.excerpt,
        }


@dataclass
class Report:
    """One incident as one article tells it, before merging."""

    kind: KindKey
    source: Source
    date: dt.date | None = None
    date_precision: DatePrecision = "unknown"
    time_of_day: TimeOfDay | None = None
    background: bool = False
    location: PlaceRef | None = None
    launch_site: PlaceRef | None = None
    other_places: list[PlaceRef] = field(default_factory=list)
    actors_by: list[str] = field(default_factory=list)
    actors_against: list[str] = field(default_factory=list)
    killed: int | None = None
    injured: int | None = None
    notes: list[str] = field(default_factory=list)
    weapon: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"article_id": self.source.article_id, **_event_fields(self), "sources": [self.source.as_dict()],
                "notes": list(self.notes)}


@dataclass
class Incident:
    """One real-world event with every source that reports it."""

    incident_id: str
    kind: KindKey
    date: dt.date | None
    date_precision: DatePrecision
    time_of_day: TimeOfDay | None
    background: bool
    location: PlaceRef | None
    launch_site: PlaceRef | None
    other_places: list[PlaceRef]
    actors_by: list[str]
    actors_against: list[str]
    killed: int | None
    injured: int | None
    sources: list[Source]
    disagreements: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "incident_id": self.incident_id, **_event_fields(self),
            "sources": [source.as_dict() for source in self.sources],
            "disagreements": list(self.disagreements), "notes": list(self.notes),
        }


def _event_fields(event: Report | Incident) -> dict[str, Any]:
    """The fields a report and an incident share, in the order of SPEC section 5."""
    kind = default_kinds()[event.kind]
    return {
        "kind": event.kind,
        "acled_event_type": kind.acled_event_type,
        "acled_sub_event_type": kind.acled_sub_event_type,
        "date": event.date.isoformat() if event.date else None,
        "date_precision": event.date_precision,
        "time_of_day": event.time_of_day,
        "background": event.background,
        "location": event.location.as_dict() if event.location else None,
        "launch_site": event.launch_site.as_dict() if event.launch_site else None,
        "other_places": [place.as_dict() for place in event.other_places],
        "actors": {"by": list(event.actors_by), "against": list(event.actors_against)},
        "killed": event.killed,
        "injured": event.injured,
    }
