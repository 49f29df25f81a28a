"""``geodata db export`` / ``geodata db import``: the whole store as JSON Lines, both ways.

One JSON object a line: a header (``"record": "store"``, the format and schema revision),
then every row of every table (``"record": "meta" | "article" | "report" | "incident" |
"source" | "change" | "fetch_feed" | "fetch_url" | "fetch_round" | "review" | "review_anchor" |
"review_change"``) with its columns as they are stored (dates as ISO text). Importing
that file into an empty store gives back the same rows, so exporting again gives the same
lines (plus one change: the import itself). Import is one transaction: a bad line stops it
with the file, line and reason, and leaves the store as it was.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geodata.datafiles import package_version
from geodata.store.database import Store, author, head_revision, known_revisions, now
from geodata.store.errors import StoreError
from geodata.store.records import dumps
from geodata.store.schema import (
    articles,
    changes,
    fetch_feeds,
    fetch_rounds,
    fetch_urls,
    incident_sources,
    incidents,
    reports,
    review_anchors,
    review_changes,
    reviews,
    store_meta,
)
from geodata.store.stored import chunked

FORMAT = "geodata-store"
FORMAT_VERSION = 1
RECORDS: dict[str, sa.Table] = {
    "meta": store_meta, "article": articles, "report": reports, "incident": incidents, "source": incident_sources,
    "change": changes, "fetch_feed": fetch_feeds, "fetch_url": fetch_urls, "fetch_round": fetch_rounds,
    "review": reviews, "review_anchor": review_anchors, "review_change": review_changes,
}
_ORDER = {"meta": ["key"], "article": ["id"], "report": ["article_id", "seq"], "incident": ["id"],
          "source": ["article_id", "seq"], "change": ["id"], "fetch_feed": ["outlet", "feed_url"], "fetch_url": ["url"],
          "fetch_round": ["id"], "review": ["incident_id"], "review_anchor": ["id"], "review_change": ["id"]}


def _date_columns(table: sa.Table) -> set[str]:
    return {column.name for column in table.columns if isinstance(column.type, sa.Date)}


def export_lines(store: Store) -> Iterator[str]:
    """The lines of the export, header first, from one consistent read of the store."""
    with store.reading() as connection:
        yield dumps({"record": "store", "format": FORMAT, "format_version": FORMAT_VERSION,
                     "schema_revision": head_revision(), "geodata_version": package_version(),
                     "exported_at": now(), "backend": store.dialect})
        for record, table in RECORDS.items():
            dates = _date_columns(table)
            query = sa.select(table).order_by(*(table.c[name] for name in _ORDER[record]))
            for row in connection.execution_options(yield_per=2000).execute(query).mappings():
                values = {name: (value.isoformat() if name in dates and value is not None else value)
                          for name, value in row.items()}
                yield dumps({"record": record, **values})


def export_store(store: Store, target: str | Path | IO[str]) -> int:
    """Write the export to ``target`` (a path, or an open text stream); returns the rows written."""
    if isinstance(target, str | Path):
        path = Path(target)
        with path.open("w", encoding="utf-8", newline="\n") as stream:
            return _write(store, stream)
    return _write(store, target)


def _write(store: Store, stream: IO[str]) -> int:
    count = -1
    for count, line in enumerate(export_lines(store)):  # noqa: B007 - the count is the result
        stream.write(line + "\n")
    return count


def import_store(store: Store, source: str | Path | IO[str], *, replace: bool = False) -> dict[str, int]:
    """Load an export into ``store``, which must be empty unless ``replace`` (then everything
    it holds is deleted first, in the same transaction). Returns the rows loaded per record."""
    name = str(source) if isinstance(source, str | Path) else getattr(source, "name", "<stream>")
    if isinstance(source, str | Path):
        with Path(source).open(encoding="utf-8") as stream:
            return _load(store, stream, name, replace=replace)
    return _load(store, source, name, replace=replace)


def _load(store: Store, stream: IO[str], name: str, *, replace: bool) -> dict[str, int]:
    counts = dict.fromkeys(RECORDS, 0)
    with store.writing() as connection:
        _make_room(connection, store, replace=replace)
        pending: list[dict[str, Any]] = []
        current: str | None = None
        header = False
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            record = _parse(line, name, number)
            kind = record.pop("record", None)
            if not header:
                _check_header(kind, record, name, number)
                header = True
                continue
            if kind not in RECORDS:
                raise StoreError(f"{name}:{number}", f"unknown record {str(kind)[:40]!r}",
                                 "the file must come from 'geodata db export'")
            if kind != current:
                _flush(connection, current, pending)
                current, pending = kind, []
            pending.append(_row(RECORDS[kind], record, name, number))
            counts[kind] += 1
            if len(pending) >= 1000:
                _flush(connection, current, pending)
                pending = []
        if not header:
            raise StoreError(name, "is empty", "the file must come from 'geodata db export'")
        _flush(connection, current, pending)
        _after_import(connection, store, name, counts)
    return counts


def _parse(line: str, name: str, number: int) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise StoreError(f"{name}:{number}", f"invalid JSON: {error.msg} (column {error.colno})",
                         "the file must come from 'geodata db export'") from None
    if not isinstance(record, dict):
        raise StoreError(f"{name}:{number}", "each line must be a JSON object", "the file must come from 'geodata db export'")
    return record


def _check_header(kind: Any, record: dict[str, Any], name: str, number: int) -> None:
    if kind != "store" or record.get("format") != FORMAT:
        raise StoreError(f"{name}:{number}", "no geodata store header on the first line",
                         "the file must come from 'geodata db export'")
    if not isinstance(record.get("format_version"), int) or record["format_version"] > FORMAT_VERSION:
        raise StoreError(f"{name}:{number}", f"export format {record.get('format_version')!r} is newer than this "
                         f"geodata reads ({FORMAT_VERSION})", "upgrade geodata to import it")
    revision = record.get("schema_revision")
    if revision != head_revision():
        newer = revision not in known_revisions()
        raise StoreError(f"{name}:{number}", f"the export has schema revision {revision!r}, this geodata "
                         f"{head_revision()!r}", "upgrade geodata to import it" if newer else
                         "import it with the geodata that exported it, run 'geodata db upgrade', then export again")


def _row(table: sa.Table, record: dict[str, Any], name: str, number: int) -> dict[str, Any]:
    columns = set(table.columns.keys())
    if set(record) != columns:
        missing, extra = sorted(columns - set(record)), sorted(set(record) - columns)
        raise StoreError(f"{name}:{number}", f"a {table.name} row must have exactly its columns "
                         f"(missing {missing}, unexpected {extra})", "the file must come from 'geodata db export'")
    for column in _date_columns(table):
        if record[column] is not None:
            try:
                record[column] = dt.date.fromisoformat(record[column])
            except (TypeError, ValueError):
                raise StoreError(f"{name}:{number}", f"{column} {str(record[column])[:20]!r} is not an ISO date",
                                 "the file must come from 'geodata db export'") from None
    return record


def _flush(connection: Connection, kind: str | None, rows: list[dict[str, Any]]) -> None:
    if kind is not None and rows:
        for chunk in chunked(rows, 1000):
            connection.execute(sa.insert(RECORDS[kind]), chunk)


def _make_room(connection: Connection, store: Store, *, replace: bool) -> None:
    held = connection.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one()
    held += connection.execute(sa.select(sa.func.count()).select_from(incidents)).scalar_one()
    held += connection.execute(sa.select(sa.func.count()).select_from(reviews)).scalar_one()
    if held and not replace:
        raise StoreError(store.where, "the store is not empty", "import into a new store, or pass --replace "
                         "to delete what it holds first (export it before, to keep a copy)")
    for table in (review_anchors, review_changes, reviews, incident_sources, incidents, reports, articles, changes,
                  store_meta, fetch_feeds, fetch_urls, fetch_rounds):
        connection.execute(sa.delete(table))


def _after_import(connection: Connection, store: Store, name: str, counts: dict[str, int]) -> None:
    if store.dialect == "postgresql":
        for table in ("changes", "fetch_rounds", "review_anchors", "review_changes"):
            connection.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                       f"COALESCE((SELECT max(id) FROM {table}), 0) + 1, false)"))
    connection.execute(sa.insert(changes).values(
        at=now(), command="db import", run_id=store.run_id, author=author(), entity="store", entity_id="all",
        action="imported", detail={"file": name, "rows": counts}))
