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
from collections.abc import Iterable, Sequence
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
    query = sa.select(*_selected()).order_by(incidents.c.order_key, incidents.c.id)
    parts: list[pd.DataFrame] = []
    with store.reading() as connection:
        result = connection.execution_options(stream_results=True).execute(query)
        names = list(result.keys())
        while rows := result.fetchmany(CHUNK_ROWS):
            parts.append(_typed_chunk(pd.DataFrame.from_records(rows, columns=names)))
        count = connection.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one()
    frame = _joined(parts, names)
    frame["outlets"] = _outlets(store, frame["incident_id"])
    frame = _derived(frame, with_control=with_control)
    frame.attrs.update({"problems": [], "articles": int(count), "store": store.where, LEAN_MARK: True})
    return frame[[column for column in LEAN_COLUMNS if column in frame.columns]]


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


def _outlets(store: Store, ids: pd.Series) -> pd.Categorical:
    """Each incident's distinct outlets, sorted, joined (as the full table's ``outlets`` lists them)."""
    pairs = source_pairs(store)
    position = pd.Index(ids.astype(object)).get_indexer(pairs["incident_id"].astype(object))
    found = pd.DataFrame({"at": position, "outlet": pairs["outlet"].astype(object)})
    found = found[found["at"] >= 0].drop_duplicates().sort_values(["at", "outlet"])
    cells = found.groupby("at", sort=True)["outlet"].agg(SEPARATOR.join)
    values = np.full(len(ids), "", dtype=object)
    values[cells.index.to_numpy()] = cells.to_numpy()
    return pd.Categorical(values)


def source_pairs(store: Store) -> pd.DataFrame:
    """incident_id, article_id and outlet of every stored source (categories)."""
    source = incident_sources.c
    query = sa.select(source.incident_id, source.article_id, source.outlet)
    with store.reading() as connection:
        rows = connection.execute(query).all()
    frame = pd.DataFrame.from_records(rows, columns=["incident_id", "article_id", "outlet"])
    return frame.astype({"article_id": "category", "outlet": "category"})


def stored_source_articles(store: Store, frame: pd.DataFrame) -> pd.Series:
    """The article of every source of the incidents of the lean ``frame``, indexed by the
    incident's row label (as ``geodata.views.map.summary.source_articles`` gives it)."""
    pairs = source_pairs(store)
    position = pd.Index(frame["incident_id"].astype(object)).get_indexer(pairs["incident_id"].astype(object))
    keep = position >= 0
    return pd.Series(pairs["article_id"].to_numpy()[keep], index=frame.index[position[keep]], name="article_id")


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
