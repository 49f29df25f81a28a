"""The store's side of the analyst's review (SPEC section 12): review rows, the reports each
reviewed incident is made of (anchors), and the reviewed values laid over the extraction.

A review is kept under its incident's id. Its anchors say which reports the incident holds
as the analyst left it: they are the incident's group in the merge (``merge_reports``'
``groups``), so a reviewed incident keeps its reports and its id through every re-merge,
takes new reports by the rules, and never merges with another reviewed incident.

An anchor names a report by what survives a new reading of its article: the article, the
kind, the span of the first excerpt and the place. When an article is read again (a new
extractor version, or its text changed), each anchor is attached to the new report that is
most like it (``attach``): the same excerpt start and kind first, then the same excerpt start,
then an overlapping excerpt of the same kind, then the same kind and place, then any
overlapping excerpt; one report per anchor. An anchor that finds none is kept, detached (its
``seq`` NULL), and tried again at the next reading; its incident's sources then differ from
what the analyst reviewed, which raises the flag.

The values shown are the extraction's, overlaid by the values the analyst confirmed (``base``:
what the extraction said when they reviewed it) and then by their corrections. Where the
latest extraction differs from ``base`` the review stands and the incident is flagged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geodata.store._pipeline import Incident, Report
from geodata.store.records import incident_from_json, incident_to_json
from geodata.store.schema import review_anchors, reviews
from geodata.store.stored import chunked
from geodata.table.review import ReviewMark

# the fields an analyst reviews and corrects, as incident_to_json names them
REVIEW_FIELDS = ("kind", "location", "launch_site", "date", "date_precision", "time_of_day", "killed", "injured",
                 "actors_by", "actors_against")
SOURCES = "sources"  # in ``base``: the articles the incident was told by when reviewed
ReportKey = tuple[str, int]


@dataclass
class ReviewState:
    """One row of ``reviews``: the analyst's decision, corrections and what they saw."""

    incident_id: str
    decision: str | None = None  # "confirmed" | "rejected" | None
    corrections: dict[str, Any] = field(default_factory=dict)
    base: dict[str, Any] = field(default_factory=dict)
    merged_into: str | None = None
    incident_version: int = 0

    @property
    def status(self) -> str:
        """unreviewed | confirmed | corrected | rejected (| merged: into another incident)."""
        if self.merged_into is not None:
            return "merged"
        if self.decision == "rejected":
            return "rejected"
        if self.corrections:
            return "corrected"
        return "confirmed" if self.decision == "confirmed" else "unreviewed"


def field_values(incident: Incident) -> dict[str, Any]:
    """The reviewed fields of ``incident`` as JSON values, and its sources' articles."""
    record = incident_to_json(incident)
    values = {name: record[name] for name in REVIEW_FIELDS}
    values[SOURCES] = sorted({source.article_id for source in incident.sources})
    return values


def reviewed_incident(extracted: Incident, state: ReviewState | None) -> tuple[Incident, ReviewMark]:
    """The incident as the analyst reviewed it, and its review mark (module docstring)."""
    if state is None:
        return extracted, ReviewMark()
    now = field_values(extracted)
    shown = {name: state.base[name] for name in REVIEW_FIELDS if name in state.base}
    shown.update({name: value for name, value in state.corrections.items() if name in REVIEW_FIELDS})
    changed = tuple(sorted(name for name, value in state.base.items() if now.get(name) != value))
    mark = ReviewMark(status=state.status, corrected_fields=tuple(sorted(state.corrections)), changed_fields=changed)
    if not shown:
        return extracted, mark
    return incident_from_json({**incident_to_json(extracted), **shown}), mark


# ------------------------------------------------------------------ review rows


def load_states(connection: Connection, incident_ids: Iterable[str]) -> dict[str, ReviewState]:
    """The review rows of ``incident_ids`` that exist."""
    found: dict[str, ReviewState] = {}
    for chunk in chunked(sorted(set(incident_ids))):
        for row in connection.execute(sa.select(reviews).where(reviews.c.incident_id.in_(chunk))).mappings():
            found[row["incident_id"]] = ReviewState(row["incident_id"], row["decision"], dict(row["corrections"] or {}),
                                                    dict(row["base"] or {}), row["merged_into"],
                                                    row["incident_version"])
    return found


def save_state(connection: Connection, state: ReviewState, at: str) -> None:
    """Write ``state`` (a new row or over the old one)."""
    values = {"decision": state.decision, "corrections": state.corrections, "base": state.base,
              "merged_into": state.merged_into, "incident_version": state.incident_version, "updated_at": at}
    updated = connection.execute(sa.update(reviews).where(reviews.c.incident_id == state.incident_id).values(values))
    if not updated.rowcount:
        connection.execute(sa.insert(reviews).values(incident_id=state.incident_id, created_at=at, **values))


def delete_state(connection: Connection, incident_id: str) -> None:
    connection.execute(sa.delete(review_anchors).where(review_anchors.c.incident_id == incident_id))
    connection.execute(sa.delete(reviews).where(reviews.c.incident_id == incident_id))


# ------------------------------------------------------------------ anchors


@dataclass(frozen=True)
class Anchor:
    """A report as the review knows it: what tells it apart across readings of its article."""

    article_id: str
    kind: str
    span_start: int
    span_end: int
    place_id: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "kind": self.kind, "span_start": self.span_start,
                "span_end": self.span_end, "place_id": self.place_id}


def anchor_of(report: Report) -> Anchor:
    start, end = report.source.excerpt_spans[0] if report.source.excerpt_spans else (-1, -1)
    place = report.location.gazetteer_id if report.location is not None else None
    return Anchor(report.source.article_id, report.kind, start, end, place)


def _overlaps(anchor: Anchor, report: Report) -> bool:
    return any(start < anchor.span_end and anchor.span_start < end for start, end in report.source.excerpt_spans)


def _tier(anchor: Anchor, report: Report) -> int | None:
    """How alike an anchor and a report of a new reading are (0: most), None: not alike."""
    found = anchor_of(report)
    if found.span_start == anchor.span_start and found.span_start >= 0:
        return 0 if found.kind == anchor.kind else 1
    if found.kind == anchor.kind and _overlaps(anchor, report):
        return 2
    if found.kind == anchor.kind and anchor.place_id is not None and found.place_id == anchor.place_id:
        return 3
    return 4 if _overlaps(anchor, report) else None


def attach(anchors: Sequence[tuple[int, Anchor]], reports: Sequence[tuple[int, Report]]) -> dict[int, int | None]:
    """For each anchor (by its id), the number of the report of the article's new reading it is
    attached to, or None: pairs are taken most alike first, then nearest excerpt, one report
    per anchor (module docstring)."""
    pairs = []
    for anchor_id, anchor in anchors:
        for seq, report in reports:
            tier = _tier(anchor, report)
            if tier is not None:
                pairs.append((tier, abs(anchor_of(report).span_start - anchor.span_start), anchor_id, seq))
    chosen: dict[int, int | None] = {anchor_id: None for anchor_id, _ in anchors}
    used: set[int] = set()
    for _, _, anchor_id, seq in sorted(pairs):
        if chosen[anchor_id] is None and seq not in used:
            chosen[anchor_id] = seq
            used.add(seq)
    return chosen


def anchors_of_articles(connection: Connection, article_ids: Iterable[str]) -> dict[str, list[tuple[int, Anchor]]]:
    found: dict[str, list[tuple[int, Anchor]]] = {}
    for chunk in chunked(sorted(set(article_ids))):
        query = sa.select(review_anchors).where(review_anchors.c.article_id.in_(chunk)).order_by(review_anchors.c.id)
        for row in connection.execute(query).mappings():
            found.setdefault(row["article_id"], []).append((row["id"], _anchor(row)))
    return found


def _anchor(row: Any) -> Anchor:
    return Anchor(row["article_id"], row["kind"], row["span_start"], row["span_end"], row["place_id"])


def reattach(connection: Connection, new_reports: Mapping[str, Sequence[tuple[int, Report]]]) -> dict[int, int | None]:
    """Attach the anchors of the articles read again to their new reports (``attach``), in the
    database; returns where each anchor went. Each anchor takes the new report's description."""
    held = anchors_of_articles(connection, new_reports)
    moves: dict[int, int | None] = {}
    for article_id, anchors in held.items():
        reports = dict(new_reports[article_id])
        chosen = attach(anchors, list(reports.items()))
        ids = [anchor_id for anchor_id, _ in anchors]
        # detach first: two anchors may swap reports, and (article, seq) is unique
        connection.execute(sa.update(review_anchors).where(review_anchors.c.id.in_(ids)).values(seq=None))
        for anchor_id, seq in chosen.items():
            if seq is not None:
                found = anchor_of(reports[seq])
                connection.execute(sa.update(review_anchors).where(review_anchors.c.id == anchor_id).values(
                    seq=seq, kind=found.kind, span_start=found.span_start, span_end=found.span_end,
                    place_id=found.place_id))
        moves.update(chosen)
    return moves


def anchor_ids(connection: Connection, incident_id: str) -> list[int]:
    """The anchors of an incident's review, in order."""
    query = sa.select(review_anchors.c.id).where(review_anchors.c.incident_id == incident_id).order_by(review_anchors.c.id)
    return list(connection.execute(query).scalars())


def add_anchors(connection: Connection, incident_id: str, members: Sequence[tuple[ReportKey, Report]]) -> list[int]:
    """Anchors for the reports ``members`` of ``incident_id``; returns their ids."""
    ids = []
    for (article_id, seq), report in members:
        found = anchor_of(report)
        result = connection.execute(sa.insert(review_anchors).values(
            incident_id=incident_id, article_id=article_id, seq=seq, kind=found.kind, span_start=found.span_start,
            span_end=found.span_end, place_id=found.place_id))
        key = result.inserted_primary_key
        assert key is not None
        ids.append(int(key[0]))
    return ids


def move_anchors(connection: Connection, ids: Iterable[int], incident_id: str) -> None:
    """Give the anchors ``ids`` to the review of ``incident_id``."""
    for chunk in chunked(sorted(set(ids))):
        connection.execute(sa.update(review_anchors).where(review_anchors.c.id.in_(chunk)).values(incident_id=incident_id))


def delete_anchors(connection: Connection, ids: Iterable[int]) -> None:
    for chunk in chunked(sorted(set(ids))):
        connection.execute(sa.delete(review_anchors).where(review_anchors.c.id.in_(chunk)))


def anchored_keys(connection: Connection, ids: Iterable[int]) -> list[ReportKey]:
    """The reports the anchors ``ids`` hold now (detached ones left out)."""
    keys: list[ReportKey] = []
    for chunk in chunked(sorted(set(ids))):
        query = sa.select(review_anchors.c.article_id, review_anchors.c.seq).where(
            review_anchors.c.id.in_(chunk), review_anchors.c.seq.is_not(None))
        keys += [(article_id, seq) for article_id, seq in connection.execute(query)]
    return keys
