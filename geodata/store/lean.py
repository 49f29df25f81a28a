"""The lean incident table read from the store in one query, and the detail of a few incidents.

``lean_table`` gives the rows and scalar columns of ``geodata.store.query.incident_table`` (same
order, same values) without building an ``Incident`` per row: one SELECT of the indexed columns
and of the JSON fields the table needs (extracted by the database: ``json_extract`` on SQLite,
``#>>`` on PostgreSQL), read in chunks into typed columns (``geodata.table.lean``). The sources
of each incident come from ``incident_sources`` (outlets, and the articles ``source_articles``
counts). ``incident_details`` reads the whole rows of a few incidents by id, for the panel and
the table page.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

from geodata.dates.patterns import DATE_PRECISIONS, TIMES_OF_DAY
from geodata.events.kinds import INCIDENT_KINDS, default_kinds
from geodata.store._pipeline import annotate_controllers
from geodata.store.database import Store
from geodata.store.query import marks_of, record_of, table_of
from geodata.store.schema import articles, incident_sources, incidents
from geodata.store.stored import chunked
from geodata.table.frame import ADMIN_COLUMNS, admin_columns
from geodata.table.lean import LEAN_COLUMNS, LEAN_MARK, SEPARATOR
from geodata.table.review import REVIEW_STATUSES

CHUNK_ROWS = 20_000
_PLACE_FIELDS = ("gazetteer_id", "name_en", "name_ar", "lat", "lon", "geo_precision")


def _selected() -> list[Any]:
    column, data = incidents.c, incidents.c.data

    def text(*path: str) -> Any:
        return data[path].as_string()

    return [
        column.id.label("incident_id"), column.kind, column.date, column.date_precision,
        text("time_of_day").label("time_of_day"), column.background, column.place_id,
        text("location", "name_en").label("place_name_en"), text("location", "name_ar").label("place_name_ar"),
        column.lat, column.lon, data[("location", "geo_precision")].as_integer().label("geo_precision"),
        data[("location", "uncertainty_m")].as_integer().label("uncertainty_m"),
        data[("location", "in_region")].as_boolean().label("in_region"),
        text("launch_site", "gazetteer_id").label("launch_id"), text("launch_site", "name_en").label("launch_name_en"),
        text("launch_site", "name_ar").label("launch_name_ar"),
        data[("launch_site", "lat")].as_float().label("launch_lat"),
        data[("launch_site", "lon")].as_float().label("launch_lon"),
        data[("launch_site", "geo_precision")].as_integer().label("launch_geo_precision"),
        text("actors_by").label("actors_by"), text("actors_against").label("actors_against"),
        data["killed"].as_integer().label("killed"), data["injured"].as_integer().label("injured"),
        column.n_sources, column.review_status, column.flagged,
    ]


def lean_table(store: Store, *, with_control: bool = True) -> pd.DataFrame:
    """Every stored incident as a lean table (``geodata.table.lean``), in the merge's order."""
    frame, _ = lean_tables(store, with_control=with_control)
    return frame


def lean_tables(store: Store, *, with_control: bool = True) -> tuple[pd.DataFrame, pd.Series]:
    """The lean table, and the article of every source of its incidents indexed by the
    incident's row (``stored_source_articles``): both from one reading of the sources."""
    query = sa.select(*_selected()).order_by(incidents.c.order_key, incidents.c.id)
    names = [column.name for column in query.selected_columns]
    parts: list[pd.DataFrame] = []
    with store.reading() as connection:
        for rows in _raw_rows(connection, query):
            parts.append(_typed_chunk(_columns(rows, names)))
        count = connection.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one()
    frame = _joined(parts, names)
    pairs = source_pairs(store, frame["incident_id"])
    frame["outlets"] = _outlets(pairs, len(frame))
    sources = _articles(pairs, frame)
    frame = _derived(frame, with_control=with_control)
    frame.attrs.update({"problems": [], "articles": int(count), "store": store.where, LEAN_MARK: True})
    return frame[[column for column in LEAN_COLUMNS if column in frame.columns]], sources


def _raw_rows(connection: sa.Connection, query: sa.Select[Any]) -> Iterator[Sequence[Any]]:
    """The rows of ``query`` in chunks of plain tuples from the driver's cursor (SQLAlchemy's
    Row objects cost more than the query at 100,000 rows); through SQLAlchemy when the query
    cannot be written out with its values."""
    try:
        sql = str(query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    except sa.exc.CompileError:
        sql = None
    if sql is None:
        result = connection.execution_options(stream_results=True).execute(query)
        while rows := result.fetchmany(CHUNK_ROWS):
            yield [tuple(row) for row in rows]
        return
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql.replace("%%", "%") if connection.dialect.name == "postgresql" else sql)
        while rows := cursor.fetchmany(CHUNK_ROWS):
            yield rows
    finally:
        cursor.close()


def _columns(rows: Sequence[Any], names: list[str]) -> pd.DataFrame:
    """Tuples as a frame of object columns."""
    return pd.DataFrame(list(rows), columns=names, dtype=object) if rows else pd.DataFrame(
        {name: pd.Series([], dtype=object) for name in names})


def _typed_chunk(chunk: pd.DataFrame) -> pd.DataFrame:
    """One chunk of rows in compact types (strings as categories: unified when the chunks join)."""
    typed = pd.DataFrame(index=chunk.index)
    for name in chunk.columns:
        values = chunk[name]
        if name in ("lat", "lon", "launch_lat", "launch_lon"):
            typed[name] = pd.to_numeric(values, errors="coerce").astype("float64")
        elif name in ("background", "flagged"):
            typed[name] = values.fillna(False).astype(bool)
        elif name == "in_region":
            typed[name] = pd.array(values, dtype="boolean")
        elif name in ("geo_precision", "launch_geo_precision"):
            typed[name] = pd.array(values, dtype="Int8")
        elif name in ("uncertainty_m", "killed", "injured", "n_sources"):
            typed[name] = pd.array(values, dtype="Int64")
        elif name == "date":
            typed[name] = _dates(values)
        elif name == "incident_id":
            typed[name] = values.astype("string")
        elif name in ("actors_by", "actors_against"):
            typed[name] = _json_lists(values)
        else:
            typed[name] = values.astype("category")
    return typed


def _dates(values: pd.Series) -> pd.Series:
    """datetime64[ns]; a date the table's type cannot hold (before 1678 or after 2261) is undated."""
    text = values.map(lambda value: value.isoformat() if hasattr(value, "isoformat") else value)
    in_range = text.where(text.map(lambda value: isinstance(value, str) and "1678" < value[:4] < "2262"))
    return pd.to_datetime(in_range, errors="coerce").astype("datetime64[ns]")


def _json_lists(values: pd.Series) -> pd.Categorical:
    """JSON arrays as text (each distinct one parsed once) as joined categories."""
    texts = pd.Categorical(values)
    cells = [SEPARATOR.join(str(item) for item in json.loads(text) or ()) for text in texts.categories]
    return pd.Categorical(np.asarray([*cells, ""], dtype=object)[texts.codes])  # code -1 (NULL): none


def _joined(parts: list[pd.DataFrame], names: list[str]) -> pd.DataFrame:
    if not parts:
        return _typed_chunk(pd.DataFrame({name: pd.Series([], dtype=object) for name in names}))
    if len(parts) == 1:
        return parts[0].reset_index(drop=True)
    frame = pd.concat(parts, ignore_index=True)  # a category column that differs by chunk becomes object
    for name in parts[0].columns:
        if isinstance(parts[0][name].dtype, pd.CategoricalDtype) and not isinstance(frame[name].dtype,
                                                                                     pd.CategoricalDtype):
            frame[name] = frame[name].astype("category")
    return frame


def _outlets(pairs: pd.DataFrame, count: int) -> pd.Categorical:
    """Each incident's distinct outlets, sorted, joined (as the full table's ``outlets`` lists
    them); ``count`` incidents."""
    outlets = pairs["outlet"].cat.remove_unused_categories()
    names = [str(name) for name in outlets.cat.categories]
    order = sorted(range(len(names)), key=names.__getitem__)  # the full table sorts outlets by name
    codes = outlets.cat.codes.to_numpy()
    at = pairs["at"].to_numpy()
    if len(names) <= 63:  # one bit per outlet: each incident's set as one integer
        masks = np.zeros(count, dtype=np.int64)
        np.bitwise_or.at(masks, at, np.left_shift(np.int64(1), codes.astype(np.int64)))
        found, inverse = np.unique(masks, return_inverse=True)
        cells = [SEPARATOR.join(names[bit] for bit in order if int(mask) >> bit & 1) for mask in found.tolist()]
        return pd.Categorical(np.asarray(cells, dtype=object)[inverse])
    sets: list[set[str]] = [set() for _ in range(count)]
    for row, code in zip(at.tolist(), codes.tolist(), strict=True):
        sets[row].add(names[code])
    return pd.Categorical([SEPARATOR.join(sorted(found)) for found in sets])


def source_pairs(store: Store, ids: pd.Series) -> pd.DataFrame:
    """Every stored source of the incidents ``ids`` (the lean table's column): the incident's
    row (``at``, its position in ``ids``), its article as a number (one per distinct article,
    in the order of their ids) and its outlet (a category). Read in chunks, each turned into
    numbers before the next, so no string per source outlives its chunk."""
    source = incident_sources.c
    query = sa.select(source.incident_id, source.article_id, source.outlet).order_by(source.article_id, source.seq)
    rows_of = pd.Index(ids.astype(object))
    outlet_codes: dict[str, int] = {}
    ats, numbers, outlets = [], [], []
    last, counted = None, -1
    with store.reading() as connection:
        for rows in _raw_rows(connection, query):
            chunk = _columns(rows, ["incident_id", "article_id", "outlet"])
            del rows
            ats.append(rows_of.get_indexer(chunk["incident_id"]).astype(np.int32))
            article = chunk["article_id"].to_numpy(dtype=object)
            new = np.ones(len(article), dtype=bool)
            new[1:] = article[1:] != article[:-1]
            new[0] = article[0] != last
            numbers.append((counted + np.cumsum(new)).astype(np.int32))
            counted, last = int(numbers[-1][-1]), article[-1]
            outlets.append(np.array([outlet_codes.setdefault(str(name), len(outlet_codes))
                                     for name in chunk["outlet"]], dtype=np.int16))
    names = list(outlet_codes)
    at = np.concatenate(ats) if ats else np.array([], dtype=np.int32)
    found = pd.DataFrame({
        "at": at, "article": np.concatenate(numbers) if numbers else np.array([], dtype=np.int32),
        "outlet": pd.Categorical.from_codes(np.concatenate(outlets) if outlets else np.array([], dtype=np.int16),
                                            categories=pd.Index(names, dtype=object)),
    })
    return found[found["at"] >= 0].reset_index(drop=True)


def stored_source_articles(store: Store, frame: pd.DataFrame) -> pd.Series:
    """The article (as a number: distinct articles, distinct numbers) of every source of the
    incidents of the lean ``frame``, indexed by the incident's row label (what
    ``geodata.views.map.summary.counts`` counts)."""
    return _articles(source_pairs(store, frame["incident_id"]), frame)


def _articles(pairs: pd.DataFrame, frame: pd.DataFrame) -> pd.Series:
    return pd.Series(pairs["article"].to_numpy(), index=frame.index[pairs["at"].to_numpy()], name="article_id")


def _derived(frame: pd.DataFrame, *, with_control: bool) -> pd.DataFrame:
    """The columns the store does not hold: ACLED types (by kind), admin units (by place) and controllers."""
    kinds = default_kinds()
    types = {str(key): kinds[str(key)] for key in frame["kind"].astype("category").cat.categories}
    for name in ("acled_event_type", "acled_sub_event_type"):
        frame[name] = frame["kind"].astype(object).map({key: getattr(kind, name) for key, kind in types.items()})
        frame[name] = frame[name].astype("category")
    frame["kind"] = pd.Categorical(frame["kind"].astype(object), categories=INCIDENT_KINDS)
    frame["date_precision"] = pd.Categorical(frame["date_precision"].astype(object), categories=DATE_PRECISIONS)
    frame["time_of_day"] = pd.Categorical(frame["time_of_day"].astype(object), categories=TIMES_OF_DAY)
    frame["review_status"] = pd.Categorical(frame["review_status"].astype(object), categories=REVIEW_STATUSES)
    frame["n_sources"] = frame["n_sources"].fillna(0).astype("int64")
    frame = frame.assign(**_admin(frame["place_id"]))
    if with_control:
        frame = annotate_controllers(frame)
        frame["controller"] = frame["controller"].astype("category")
        frame["launch_controller"] = frame["launch_controller"].astype("category")
    else:
        frame["controller"] = pd.Categorical([None] * len(frame))
        frame["launch_controller"] = pd.Categorical([None] * len(frame))
    return frame


def _admin(place_ids: pd.Series) -> dict[str, pd.Categorical]:
    """The admin-unit columns of each row's place, looked up once per distinct place."""
    places = place_ids.astype("category") if not isinstance(place_ids.dtype, pd.CategoricalDtype) else place_ids
    categories, codes = places.cat.categories, places.cat.codes.to_numpy()
    if len(categories):
        from geodata.places.gazetteer import default_gazetteer

        gazetteer = default_gazetteer()
        per_place = [admin_columns(gazetteer, str(place)) for place in categories]
    else:
        per_place = []
    columns: dict[str, pd.Categorical] = {}
    for name in ADMIN_COLUMNS:
        values = np.array([place[name] for place in per_place] + [None], dtype=object)
        columns[name] = pd.Categorical(values[codes])
    return columns


def incident_details(store: Store, ids: Sequence[str] | Iterable[str], *, with_control: bool = True) -> pd.DataFrame:
    """The full rows (``geodata.table.frame.COLUMNS``) of the stored incidents ``ids``, in the
    order of ``ids`` (ids not stored are left out)."""
    wanted = list(dict.fromkeys(str(value) for value in ids))
    rows: dict[str, Any] = {}
    with store.reading() as connection:
        for chunk in chunked(wanted):
            query = sa.select(incidents.c.id, incidents.c.data).where(incidents.c.id.in_(chunk))
            rows.update((row.id, row.data) for row in connection.execute(query))
    found = [record_of(rows[incident_id]) for incident_id in wanted if incident_id in rows]
    return table_of([incident for incident, _ in found], with_control=with_control, marks=marks_of(found))
