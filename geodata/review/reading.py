"""What the review shows: the queue, one incident with its sources and history, the choices of
the correction form, and a stamp that changes whenever a review or an ingest changes anything.

Plain data for the command line, the Review page and the map's panel (no HTML here: notes and
excerpts are untrusted, ``geodata.views.review`` escapes them where they become markup).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geodata.dates.patterns import DATE_PRECISIONS, TIMES_OF_DAY
from geodata.events.actors import default_actors
from geodata.events.kinds import INCIDENT_KINDS, kind_label
from geodata.events.model import Incident
from geodata.places.area import MAP_AREA
from geodata.places.gazetteer import default_gazetteer
from geodata.review.actions import incident_row
from geodata.review.fields import label, show
from geodata.store.database import Store
from geodata.store.records import incident_from_json
from geodata.store.reviewed import REVIEW_FIELDS, field_values, load_states
from geodata.store.schema import articles, changes, incident_sources, incidents, review_anchors, review_changes, reviews
from geodata.store.stored import DatabaseIncidents
from geodata.table.review import REVIEW_STATUSES, ReviewMark

QUEUE_LIMIT = 50


# ------------------------------------------------------------------ the queue


@dataclass(frozen=True)
class QueueItem:
    """One incident in the review queue."""

    incident_id: str
    version: int
    status: str
    flagged: bool
    kind: str
    date: str | None
    date_precision: str
    place: str | None
    n_sources: int
    background: bool
    created_at: str

    @property
    def title(self) -> str:
        when = self.date or "undated"
        return f"{kind_label(self.kind)}, {self.place or 'no place'}, {when}"

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "title": self.title}


def review_queue(store: Store, *, statuses: Sequence[str] | None = ("unreviewed",), only_flagged: bool = False,
                 limit: int = QUEUE_LIMIT, offset: int = 0,
                 dates: tuple[dt.date, dt.date] | None = None) -> list[QueueItem]:
    """Incidents to review, newest first (by date, the undated last, then the latest added);
    ``statuses`` None: every status; ``dates``: only those dated from the first to the last."""
    column = incidents.c
    query = sa.select(incidents).order_by(column.date.is_(None), column.date.desc(), column.created_at.desc(),
                                          column.id).limit(max(0, limit)).offset(max(0, offset))
    if statuses is not None:
        query = query.where(column.review_status.in_(list(statuses)))
    if only_flagged:
        query = query.where(column.flagged.is_(True))
    if dates is not None:
        query = query.where(column.date.between(*dates))
    with store.reading() as connection:
        rows = connection.execute(query).mappings().all()
    return [_item(row) for row in rows]


def _item(row: Any) -> QueueItem:
    data = row["data"]
    place = data.get("location") or {}
    return QueueItem(row["id"], row["version"], row["review_status"], bool(row["flagged"]), row["kind"],
                     data.get("date"), row["date_precision"], place.get("name_en"), row["n_sources"],
                     bool(row["background"]), row["created_at"])


def review_counts(store: Store) -> dict[str, int]:
    """How many incidents have each status, and how many are flagged."""
    with store.reading() as connection:
        found: dict[str, int] = dict(connection.execute(sa.select(incidents.c.review_status, sa.func.count())
                                        .group_by(incidents.c.review_status)).all())
        flagged = connection.execute(sa.select(sa.func.count()).select_from(incidents)
                                     .where(incidents.c.flagged.is_(True))).scalar_one()
    return {**{status: int(found.get(status, 0)) for status in REVIEW_STATUSES}, "flagged": int(flagged)}


def review_stamp(store: Store) -> str:
    """Text that changes whenever a review or an ingest changes an incident (a cache key).

    Every write of incidents logs itself in the same transaction: a review in ``review_changes``,
    an ingest, a re-extraction, an import or an upgrade in ``changes``. The newest id of each log
    is read from its primary key at once, where the newest ``updated_at`` of the incidents
    would read every row (it has no index): most of a new session's time at 100,000 incidents."""
    with store.reading() as connection:
        last_review = connection.execute(sa.select(sa.func.max(review_changes.c.id))).scalar_one()
        last_write = connection.execute(sa.select(sa.func.max(changes.c.id))).scalar_one()
        count = connection.execute(sa.select(sa.func.count()).select_from(incidents)).scalar_one()
    return f"{last_review or 0}/{last_write or 0}/{count}"


# ------------------------------------------------------------------ one incident


@dataclass(frozen=True)
class FieldRow:
    """One reviewed field: what is shown, what the extraction says, and how they relate."""

    name: str
    label: str
    value: Any  # as stored (JSON)
    shown: str
    extracted: str
    corrected: bool
    changed: bool  # the latest extraction differs from what the analyst reviewed


@dataclass(frozen=True)
class SourceRow:
    """One report of the incident, with its article."""

    article_id: str
    seq: int
    outlet: str
    published: str | None
    url: str | None
    title: str | None
    excerpt: str
    kind: str
    held: bool  # the review holds it (it joined by the analyst's hand or was there when reviewed)

    @property
    def key(self) -> str:
        return f"{self.article_id}:{self.seq}"


@dataclass(frozen=True)
class HistoryEntry:
    """One change of the incident: an analyst's action or what an ingest did."""

    at: str
    author: str | None
    action: str
    summary: str
    change_id: int | None = None  # review changes only (what ``undo --change`` takes)
    undone_by: int | None = None
    note: str | None = None  # untrusted text

    @property
    def by_analyst(self) -> bool:
        return self.change_id is not None


@dataclass(frozen=True)
class IncidentReview:
    """An incident as the review sees it (``geodata review show``, the Review page, the panel)."""

    incident_id: str
    version: int
    status: str
    decision: str | None
    flagged: bool
    changed_fields: tuple[str, ...]
    corrected_fields: tuple[str, ...]
    incident: Incident
    fields: list[FieldRow]
    sources: list[SourceRow]
    detached: list[dict[str, Any]]  # sources the review holds that no article's latest reading has
    history: list[HistoryEntry]
    merged_from: list[str] = field(default_factory=list)

    @property
    def notes(self) -> list[HistoryEntry]:
        return [entry for entry in self.history if entry.action == "note" and entry.undone_by is None]

    @property
    def undoable(self) -> HistoryEntry | None:
        """The change ``undo`` without a number takes back."""
        return next((entry for entry in reversed(self.history)
                     if entry.by_analyst and entry.undone_by is None and entry.action != "undo"), None)

    def as_dict(self) -> dict[str, Any]:
        return {"incident_id": self.incident_id, "version": self.version, "status": self.status,
                "decision": self.decision, "flagged": self.flagged, "changed_fields": list(self.changed_fields),
                "corrected_fields": list(self.corrected_fields), "incident": self.incident.as_dict(),
                "fields": [asdict(row) for row in self.fields],
                "sources": [{**asdict(source), "key": source.key} for source in self.sources],
                "detached": self.detached, "history": [asdict(entry) for entry in self.history],
                "merged_from": self.merged_from}


def incident_review(store: Store, incident_id: str) -> IncidentReview:
    """Everything about one incident's review (IncidentNotFoundError when there is no such
    incident, saying where a merged one went)."""
    with store.reading() as connection:
        row = incident_row(connection, incident_id)
        extracted = incident_from_json(row["extracted"] if row["extracted"] is not None else row["data"])
        reviewed = incident_from_json(row["data"])
        mark = ReviewMark.from_dict(row["data"].get("review"))
        state = load_states(connection, [incident_id]).get(incident_id)
        merged_from = list(connection.execute(sa.select(reviews.c.incident_id).where(reviews.c.merged_into == incident_id)
                                              .order_by(reviews.c.incident_id)).scalars())
        return IncidentReview(
            incident_id, row["version"], row["review_status"], state.decision if state else None, bool(row["flagged"]),
            mark.changed_fields, mark.corrected_fields, reviewed, _fields(reviewed, extracted, mark),
            _sources(connection, incident_id), _detached(connection, incident_id),
            history(connection, [incident_id, *merged_from]), merged_from)


def _fields(reviewed: Incident, extracted: Incident, mark: ReviewMark) -> list[FieldRow]:
    shown, found = field_values(reviewed), field_values(extracted)
    return [FieldRow(name, label(name), shown[name], show(name, shown[name]), show(name, found[name]),
                     name in mark.corrected_fields, name in mark.changed_fields) for name in REVIEW_FIELDS]


def _sources(connection: Connection, incident_id: str) -> list[SourceRow]:
    members = DatabaseIncidents(connection).members([incident_id]).get(incident_id, [])
    held = set(connection.execute(sa.select(review_anchors.c.article_id, review_anchors.c.seq)
                                  .where(review_anchors.c.incident_id == incident_id)).all())
    titles = dict(connection.execute(sa.select(articles.c.id, articles.c.title).where(
        articles.c.id.in_(sorted({key[0] for key, _ in members})))).all())
    return sorted((SourceRow(article_id, seq, report.source.outlet,
                             report.source.published.isoformat() if report.source.published else None,
                             report.source.url, titles.get(article_id), report.source.excerpt, report.kind,
                             (article_id, seq) in held)
                   for (article_id, seq), report in members), key=lambda row: (row.published or "", row.outlet, row.key))


def _detached(connection: Connection, incident_id: str) -> list[dict[str, Any]]:
    query = sa.select(review_anchors).where(review_anchors.c.incident_id == incident_id, review_anchors.c.seq.is_(None))
    return [{name: row[name] for name in ("article_id", "kind", "span_start", "span_end", "place_id")}
            for row in connection.execute(query).mappings()]


# ------------------------------------------------------------------ history


def history(connection: Connection, incident_ids: Sequence[str]) -> list[HistoryEntry]:
    """The changes of these incidents, oldest first: the analyst's and the ingests'."""
    column = review_changes.c
    found: list[HistoryEntry] = []
    query = sa.select(review_changes).where(sa.or_(column.incident_id.in_(incident_ids),
                                                   column.other_id.in_(incident_ids))).order_by(column.id)
    for row in connection.execute(query):
        found.append(HistoryEntry(row.at, row.author, row.action, _summary(row, incident_ids[0]), row.id, row.undone_by,
                                  row.detail.get("text") if row.action == "note" else None))
    logged = sa.select(changes).where(changes.c.entity == "incident", changes.c.entity_id.in_(incident_ids),
                                      ~changes.c.command.startswith("review")).order_by(changes.c.id)
    for row in connection.execute(logged):
        found.append(HistoryEntry(row.at, row.author, f"{row.command}: {row.action}", _logged(row)))
    return sorted(found, key=lambda entry: (entry.at, entry.change_id or 0))


def _summary(row: Any, incident_id: str) -> str:
    detail = row.detail
    if row.action == "confirm":
        return "confirmed the incident as shown"
    if row.action == "reject":
        return "rejected the incident (hidden by default)"
    if row.action == "correct":
        parts = [f"{label(name)}: {show(name, change['from'])} → {show(name, change['to'])}"
                 for name, change in detail.get("fields", {}).items()]
        parts += [f"{label(name)}: back to the extraction's value" for name in detail.get("cleared", [])]
        return "corrected " + "; ".join(parts)
    if row.action == "merge":
        if incident_id == row.other_id:
            return f"merged into {row.incident_id}"
        return f"merged {row.other_id} into this incident" + _also(detail)
    if row.action == "split":
        source = detail.get("source", {})
        where = f"{source.get('article_id')}:{source.get('seq')} ({source.get('outlet')})"
        if incident_id == row.other_id:
            return f"split out of {row.incident_id}: the report of {where}"
        return f"split the report of {where} out into {row.other_id}" + _also(detail)
    if row.action == "note":
        return "added a note"
    if row.action == "undo":
        return f"undid change {detail.get('undoes')} ({detail.get('undone_action')})"
    return row.action


def _also(detail: dict[str, Any]) -> str:
    others = detail.get("also_changed") or []
    return f"; the merge rules also moved reports of {', '.join(others)}" if others else ""


def _logged(row: Any) -> str:
    detail = row.detail or {}
    if row.action == "added":
        return f"made from {', '.join(detail.get('sources', []))}"
    if row.action == "removed":
        went = detail.get("reports_went_to") or []
        return f"its reports went to {', '.join(went)}" if went else "its reports are gone"
    parts = []
    for key, text in (("sources_added", "sources added"), ("sources_removed", "sources removed"),
                      ("re_read", "articles read again")):
        if detail.get(key):
            parts.append(f"{text}: {', '.join(detail[key])}")
    return "; ".join(parts) or "changed"


# ------------------------------------------------------------------ the correction form


@dataclass(frozen=True)
class Choices:
    """What the correction form offers: (key, label) pairs."""

    kinds: list[tuple[str, str]]
    actors: list[tuple[str, str]]
    date_precisions: list[str]
    times_of_day: list[str]


def review_choices() -> Choices:
    return Choices([(key, kind_label(key)) for key in INCIDENT_KINDS],
                   [(actor.key, actor.label_en) for actor in default_actors()],
                   list(DATE_PRECISIONS), list(TIMES_OF_DAY))


@dataclass(frozen=True)
class PlaceChoice:
    """A gazetteer place the analyst may pick."""

    id: str
    name_en: str
    name_ar: str
    kind: str
    lat: float
    lon: float

    @property
    def label(self) -> str:
        return f"{self.name_en} · {self.name_ar} ({self.kind}, {self.id})"


def search_places(query: str, *, limit: int = 20) -> list[PlaceChoice]:
    """Gazetteer places inside the map's area whose names hold ``query`` (Arabic or English)."""
    found = [place for place in default_gazetteer().search(query, limit=limit * 3) if MAP_AREA.contains(place.lat, place.lon)]
    return [PlaceChoice(place.id, place.name_en, place.name_ar, place.kind, place.lat, place.lon) for place in found[:limit]]


@dataclass(frozen=True)
class ReviewPanel:
    """What the map's panel needs to draw the review controls of one incident."""

    review: IncidentReview
    choices: Choices


def review_panel(store: Store, incident_id: str) -> ReviewPanel:
    return ReviewPanel(incident_review(store, incident_id), review_choices())


def sources_of(store: Store, incident_id: str) -> list[str]:
    """The article ids of an incident's sources."""
    with store.reading() as connection:
        return sorted(set(connection.execute(sa.select(incident_sources.c.article_id)
                                             .where(incident_sources.c.incident_id == incident_id)).scalars()))

