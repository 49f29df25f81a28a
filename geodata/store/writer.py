"""One batch of read articles into the store, in one transaction: articles, their reports,
the re-merged incidents (with the analyst's review laid over them) and the change log; and
the re-merge and rewrite that the analyst's actions need (``regroup``, ``refresh_rows``)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geodata.store._pipeline import Article, Incident, Report
from geodata.store.database import Store, author, now
from geodata.store.partition import kind_family, order_key
from geodata.store.records import article_fields, incident_from_json, incident_to_json, report_to_json
from geodata.store.remerge import Plan, ReportKey, Written, plan_remerge
from geodata.store.reviewed import ReviewState, load_states, reattach, reviewed_incident, save_state
from geodata.store.schema import articles, changes, incident_sources, incidents, reports, reviews
from geodata.store.stored import DatabaseIncidents, chunked

INSERT_ROWS = 1000  # rows per multi-row INSERT


@dataclass
class Extracted:
    """An article as read by the extractor: its reports, or why they could not be read."""

    article: Article
    content_hash: str
    extractor_version: str
    reports: list[Report] = field(default_factory=list)
    error: str | None = None


@dataclass
class BatchResult:
    """What one batch changed."""

    articles_added: int = 0
    articles_changed: int = 0
    articles_skipped: int = 0
    reports: int = 0
    incidents_added: int = 0
    incidents_changed: int = 0
    incidents_removed: int = 0
    remerged: int = 0  # stored incidents the incremental merge looked at
    seconds: float = 0.0


# whether to (re)write an article, given what the store holds for it: (hash, extractor version) or None
Wanted = Callable[[Extracted, "tuple[str, str | None] | None"], bool]


def changed_content(item: Extracted, stored: tuple[str, str | None] | None) -> bool:
    """``geodata ingest``: new articles, and stored ones whose text or metadata changed."""
    return stored is None or stored[0] != item.content_hash


def store_batch(store: Store, batch: Sequence[Extracted], *, command: str, wanted: Wanted = changed_content) -> BatchResult:
    """Write ``batch`` in one transaction under the store's write lock: an interrupted batch
    leaves nothing behind, and two processes never merge over each other's incidents."""
    start = time.perf_counter()
    result = BatchResult()
    with store.writing() as connection:
        held = _stored_articles(connection, [item.article.id for item in batch])
        todo = [item for item in batch if wanted(item, held.get(item.article.id))]
        result.articles_skipped = len(batch) - len(todo)
        if todo:
            _write(connection, store, todo, held, command, result)
    result.seconds = time.perf_counter() - start
    return result


def _stored_articles(connection: Connection, ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
    found: dict[str, tuple[str, str | None]] = {}
    for chunk in chunked(sorted(set(ids))):
        query = sa.select(articles.c.id, articles.c.content_hash, articles.c.extractor_version).where(articles.c.id.in_(chunk))
        found.update((article_id, (content_hash, version)) for article_id, content_hash, version in connection.execute(query))
    return found


def _write(connection: Connection, store: Store, todo: Sequence[Extracted], held: dict[str, tuple[str, str | None]],
           command: str, result: BatchResult) -> None:
    changed = sorted(item.article.id for item in todo if item.article.id in held)
    removed = _report_keys(connection, changed)
    added = [((item.article.id, seq), report) for item in todo for seq, report in enumerate(item.reports)]
    again: dict[str, list[tuple[int, Report]]] = {article_id: [] for article_id in changed}
    for (article_id, seq), report in added:
        if article_id in again:
            again[article_id].append((seq, report))
    reattach(connection, again)  # the analyst's reviews find their reports in the new readings
    plan = plan_remerge(DatabaseIncidents(connection), added, removed)
    at = now()
    previous = _take_out(connection, plan)
    _delete(connection, reports.c.article_id, changed)
    _write_articles(connection, todo, held, at)
    versions = {item.article.id: item.extractor_version for item in todo}
    _insert(connection, reports, [_report_row(key, report, versions[key[0]]) for key, report in added])
    log = _Log(store, command, at, author())
    log.rows += [{**log.base, "entity": "article", "entity_id": item.article.id,
                  "action": "changed" if item.article.id in held else "added",
                  "detail": {"reports": len(item.reports), "error": item.error, "extractor_version": item.extractor_version}}
                 for item in todo]
    same = _put_in(connection, plan, previous, log, re_read={item.article.id for item in todo})
    result.articles_added += sum(item.article.id not in held for item in todo)
    result.articles_changed += len(changed)
    result.reports += len(added)
    result.incidents_added += sum(written.previous is None for written in plan.written)
    result.incidents_changed += sum(written.previous is not None for written in plan.written) - len(same)
    result.incidents_removed += len(plan.removed)
    result.remerged += plan.universe


@dataclass
class _Log:
    """The change log rows of one transaction."""

    store: Store
    command: str
    at: str
    author: str | None
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def base(self) -> dict[str, Any]:
        return {"at": self.at, "command": self.command, "run_id": self.store.run_id, "author": self.author}


def _take_out(connection: Connection, plan: Plan) -> dict[str, dict[str, Any]]:
    """Delete the stored incidents the plan replaces or removes; returns what they were."""
    previous = _previous_rows(connection, [*plan.removed, *(w.previous for w in plan.written if w.previous)])
    _delete(connection, incidents.c.id, list(previous))
    return previous


def _put_in(connection: Connection, plan: Plan, previous: dict[str, dict[str, Any]], log: _Log,
            re_read: set[str] = frozenset()) -> set[str]:  # type: ignore[assignment]
    """Write the plan's incidents (reviews laid over them), their sources and the change log;
    returns the ids written exactly as they were."""
    states = load_states(connection, [*(w.incident.incident_id for w in plan.written), *plan.removed])
    rows = [_incident_row(written, previous.get(written.previous or ""), log.at, states.get(written.incident.incident_id))
            for written in plan.written]
    _insert(connection, incidents, rows)
    same = {row["id"] for written, row in zip(plan.written, rows, strict=True)
            if written.previous is not None and row["updated_at"] != log.at}
    _insert(connection, incident_sources, [
        {"incident_id": written.incident.incident_id, "article_id": article_id, "seq": seq, "outlet": report.source.outlet}
        for written in plan.written
        for (article_id, seq, _), report in zip(written.members, written.reports, strict=True)])
    versions = {row["id"]: row["version"] for row in rows}
    versions.update({incident_id: previous[incident_id]["version"] for incident_id in plan.removed})
    for incident_id, state in states.items():  # a review knows its incident's last version
        if state.incident_version != versions[incident_id]:
            state.incident_version = versions[incident_id]
            connection.execute(sa.update(reviews).where(reviews.c.incident_id == incident_id)
                               .values(incident_version=state.incident_version))
    _insert(connection, changes, log.rows + _change_rows(log, plan, previous, same, re_read))
    return same


def _report_keys(connection: Connection, article_ids: Sequence[str]) -> list[ReportKey]:
    keys: list[ReportKey] = []
    for chunk in chunked(article_ids):
        keys += [(a, s) for a, s in connection.execute(
            sa.select(reports.c.article_id, reports.c.seq).where(reports.c.article_id.in_(chunk)))]
    return keys


def _previous_rows(connection: Connection, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """version, created_at and source articles of the stored incidents about to be replaced."""
    found: dict[str, dict[str, Any]] = {}
    for chunk in chunked(sorted(set(ids))):
        for row in connection.execute(sa.select(incidents).where(incidents.c.id.in_(chunk))).mappings():
            found[row["id"]] = {**row, "articles": set(), "keys": set()}
        for incident_id, article_id, seq in connection.execute(
                sa.select(incident_sources.c.incident_id, incident_sources.c.article_id, incident_sources.c.seq)
                .where(incident_sources.c.incident_id.in_(chunk))):
            found[incident_id]["articles"].add(article_id)
            found[incident_id]["keys"].add((article_id, seq))
    return found


def _delete(connection: Connection, column: sa.Column[Any], values: Sequence[Any]) -> None:
    for chunk in chunked(values):
        connection.execute(sa.delete(column.table).where(column.in_(chunk)))


def _insert(connection: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    for chunk in chunked(rows, INSERT_ROWS):
        connection.execute(sa.insert(table), chunk)


def _write_articles(connection: Connection, todo: Sequence[Extracted], held: dict[str, Any], at: str) -> None:
    rows = [_article_row(item, at) for item in todo]
    fresh = [row for row in rows if row["id"] not in held]
    again = [{**row, "key": row["id"]} for row in rows if row["id"] in held]
    _insert(connection, articles, [{**row, "ingested_at": at} for row in fresh])
    if again:
        update = (sa.update(articles).where(articles.c.id == sa.bindparam("key"))
                  .values({name: sa.bindparam(name) for name in again[0] if name not in {"id", "key"}}))
        for chunk in chunked(again, INSERT_ROWS):
            connection.execute(update, chunk)


def _article_row(item: Extracted, at: str) -> dict[str, Any]:
    return {**article_fields(item.article), "content_hash": item.content_hash, "source_path": item.article.path or None,
            "source_line": item.article.line, "extractor_version": item.extractor_version,
            "extract_error": item.error, "updated_at": at}


def _report_row(key: ReportKey, report: Report, version: str) -> dict[str, Any]:
    place = report.location
    return {"article_id": key[0], "seq": key[1], "kind": report.kind, "family": kind_family(report.kind),
            "date": report.date, "date_precision": report.date_precision,
            "place_id": place.gazetteer_id if place else None, "lat": place.lat if place else None,
            "lon": place.lon if place else None, "geo_precision": place.geo_precision if place else None,
            "order_key": order_key(report, key[1]), "data": report_to_json(report), "extractor_version": version}


def incident_columns(incident: Incident) -> dict[str, Any]:
    """The columns filters use, from the incident itself."""
    place = incident.location
    actors = dict.fromkeys([*incident.actors_by, *incident.actors_against])
    return {"id": incident.incident_id, "kind": incident.kind, "date": incident.date,
            "date_precision": incident.date_precision, "background": incident.background,
            "place_id": place.gazetteer_id if place else None, "lat": place.lat if place else None,
            "lon": place.lon if place else None, "n_sources": len(incident.sources),
            "actors": "|" + "|".join(actors) + "|" if actors else "", "data": incident_to_json(incident)}


def reviewed_columns(extracted: Incident, state: ReviewState | None) -> dict[str, Any]:
    """The columns of an incident with its review laid over it: ``data`` the reviewed incident
    (and its review mark), ``extracted`` what the merge made (None without a review)."""
    reviewed, mark = reviewed_incident(extracted, state)
    row = incident_columns(reviewed)
    if state is not None:
        row["data"]["review"] = mark.as_dict()
    return {**row, "review_status": mark.status if state is not None else "unreviewed", "flagged": mark.flagged,
            "extracted": incident_to_json(extracted) if state is not None else None}


def _incident_row(written: Written, previous: dict[str, Any] | None, at: str, state: ReviewState | None) -> dict[str, Any]:
    first = min(order_key(report, seq) for (_, seq, _), report in zip(written.members, written.reports, strict=True))
    row = {**reviewed_columns(written.incident, state), "order_key": first}
    if previous is None:
        version = state.incident_version + 1 if state is not None else 1
        return {**row, "version": version, "created_at": at, "updated_at": at}
    if unchanged(row, written, previous):
        return {**row, "version": previous["version"], "created_at": previous["created_at"],
                "updated_at": previous["updated_at"]}
    return {**row, "version": previous["version"] + 1, "created_at": previous["created_at"], "updated_at": at}


def unchanged(row: dict[str, Any], written: Written, previous: dict[str, Any]) -> bool:
    """Whether an incident written again is what the store held (an article read again the
    same way): same reports, same content. Its version and the change log then stay as they were."""
    keys = {(article_id, seq) for article_id, seq, _ in written.members}
    same_columns = all(row[name] == previous[name] for name in ("kind", "date", "place_id", "lat", "lon", "order_key",
                                                                 "review_status", "flagged"))
    return (keys == previous["keys"] and same_columns and row["data"] == previous["data"]
            and row["extracted"] == previous["extracted"])


def _change_rows(log: _Log, plan: Plan, previous: dict[str, dict[str, Any]], same: set[str],
                 re_read: set[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for written in plan.written:
        if written.incident.incident_id in same:
            continue
        articles_now = {article_id for article_id, _, _ in written.members}
        if written.previous is None:
            rows.append({**log.base, "entity": "incident", "entity_id": written.incident.incident_id, "action": "added",
                         "detail": {"sources": sorted(articles_now)}})
        else:
            before = previous[written.previous]["articles"]
            rows.append({**log.base, "entity": "incident", "entity_id": written.incident.incident_id, "action": "changed",
                         "detail": {"sources_added": sorted(articles_now - before),
                                    "sources_removed": sorted(before - articles_now),
                                    "re_read": sorted(before & articles_now & re_read)}})
    rows += [{**log.base, "entity": "incident", "entity_id": incident_id, "action": "removed",
              "detail": {"reports_went_to": plan.moved_to.get(incident_id, [])}} for incident_id in plan.removed]
    return rows


# ------------------------------------------------------------------ the analyst's actions


def regroup(connection: Connection, store: Store, keys: Sequence[ReportKey], *, command: str, author_name: str,
            at: str, prepare: Callable[[Plan], None] | None = None) -> Plan:
    """Re-merge after the analyst's groups of the reports ``keys`` changed (a merge, a split,
    an undo of one), inside the caller's transaction. ``prepare`` sees the plan before its
    incidents are written (to update reviews from what the merge made)."""
    plan = plan_remerge(DatabaseIncidents(connection), [], [], keys)
    if prepare is not None:
        prepare(plan)
    previous = _take_out(connection, plan)
    _put_in(connection, plan, previous, _Log(store, command, at, author_name))
    return plan


def extracted_incidents(connection: Connection, incident_ids: Sequence[str]) -> dict[str, Incident]:
    """The stored incidents as the merge made them (before any review)."""
    found: dict[str, Incident] = {}
    for chunk in chunked(sorted(set(incident_ids))):
        query = sa.select(incidents.c.id, incidents.c.data, incidents.c.extracted).where(incidents.c.id.in_(chunk))
        for incident_id, data, extracted in connection.execute(query):
            found[incident_id] = incident_from_json(extracted if extracted is not None else data)
    return found


def refresh_rows(connection: Connection, incident_ids: Sequence[str], at: str) -> dict[str, tuple[int, int]]:
    """Write the stored incidents ``incident_ids`` again with their reviews as they now are
    (their reports unchanged); returns each one's version before and after."""
    extracted = extracted_incidents(connection, incident_ids)
    states = load_states(connection, extracted)
    versions: dict[str, tuple[int, int]] = {}
    for incident_id, incident in extracted.items():
        row = connection.execute(sa.select(incidents).where(incidents.c.id == incident_id)).mappings().one()
        columns = reviewed_columns(incident, states.get(incident_id))
        changed = any(columns[name] != row[name] for name in columns)
        version = row["version"] + 1 if changed else row["version"]
        if changed:
            connection.execute(sa.update(incidents).where(incidents.c.id == incident_id).values(
                {**{name: value for name, value in columns.items() if name != "id"}, "version": version,
                 "updated_at": at}))
        state = states.get(incident_id)
        if state is not None and state.incident_version != version:
            state.incident_version = version
            save_state(connection, state, at)
        versions[incident_id] = (row["version"], version)
    return versions
