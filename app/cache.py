"""Every cached library call of the dashboard, in one place.

The dashboard serves the store (``geodata.store``): the corpus folders it is given (the seeds
by default) are ingested into it once per state of their files (``app.settings.corpus_stamp``:
mtimes and sizes; only new or changed articles are extracted), and the table is every incident
of the store. Keys hold the corpus stamp and the store's stamp
(``geodata.review.review_stamp``, changed by every ingest and review), so a report saved by the
Add report page, an article fetched from an outlet or an analyst's review is on the map at the
next run, and nothing needs clearing by hand.

The table the sessions share is the lean one (``geodata.table.lean``: typed columns for the
map, counts, bars and filters, a few tens of MB at 100,000 incidents); the heavy detail of an
incident (its sources with their excerpts, notes, disagreements) is read from the store by id
when a panel or a page of the Incidents table shows it (``details``, small and cached).

``cache_resource`` for values every session shares read-only (the table, filtered rows, the
articles), ``cache_data`` for small values and for maps that streamlit-folium changes (each
call gets a copy).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import folium
import numpy as np
import pandas as pd
import streamlit as st
from PIL import Image

import geodata.store.corpus
from app.settings import Stamp
from geodata.corpus.articles import Article
from geodata.errors import GeodataError, Problem
from geodata.places.finder import Mention, default_index, find_places
from geodata.places.gazetteer import default_gazetteer
from geodata.review import review_stamp
from geodata.store.corpus import ingest_corpus
from geodata.store.database import Store, open_store
from geodata.store.lean import incident_details, stored_source_articles
from geodata.store.query import incident_table as stored_incident_table
from geodata.store.table_cache import kept_table
from geodata.table.exporters import EXPORTERS
from geodata.table.filters import FilterOptions, Filters, apply_filters, filter_options
from geodata.table.frame import empty_frame
from geodata.table.lean import LEAN_MARK, is_lean
from geodata.table.timeline import Granularity, period_counts
from geodata.views.article import ArticleAnalysis, analyse_article, search_articles
from geodata.views.incident import display_order, display_table
from geodata.views.map import context_map, filtered_groups
from geodata.views.map.elements import LayerGroup
from geodata.views.map.gazetteer import gazetteer_map as build_gazetteer_map
from geodata.views.map.gazetteer import place_kind_style
from geodata.views.map.pick import point_picker_map
from geodata.views.map.summary import Counts, actor_summary, casualties_by_kind, counts, source_articles

log = logging.getLogger(__name__)
TABLE_PAGE_ROWS = 500  # rows of the Incidents table read in full at a time


@dataclass(frozen=True)
class TableKey:
    """What the cached table depends on: the corpus paths, the state of their files, and the
    state of the store they were ingested into."""

    paths: tuple[str, ...]
    stamp: Stamp
    store: str = ""


@dataclass(frozen=True)
class LoadedTable:
    """The incident table, or an empty one and the reason when the corpus could not be read."""

    frame: pd.DataFrame
    error: str | None = None


# ------------------------------------------------------------------ the incident table

@st.cache_resource
def dashboard_store() -> Store:
    """The store the dashboard serves (``GEODATA_DATABASE_URL`` or the user's SQLite file), one per process."""
    return open_store()


@dataclass(frozen=True)
class Ingested:
    """What ingesting the corpus folders gave: the problems met, or why it failed."""

    problems: tuple[Problem, ...] = ()
    error: str | None = None


@st.cache_resource(show_spinner="Reading new reports into the store…", max_entries=2)
def ingested(paths: tuple[str, ...], stamp: Stamp) -> Ingested:
    """Ingest the corpus ``paths`` (once per state of their files: only new or changed
    articles are extracted)."""
    try:
        stored = ingest_corpus([Path(path) for path in paths], store=dashboard_store())
    except Exception as error:  # shown to the analyst; the map still opens on what the store holds
        return Ingested(error=f"{type(error).__name__}: {error}")
    return Ingested(tuple(stored.problems))


def table_key(paths: tuple[str, ...], stamp: Stamp) -> TableKey:
    """The key of the table after the corpus is ingested: the store's stamp is read on every
    run (three small queries), so what another session or process stored shows at once."""
    ingested(paths, stamp)
    try:
        store_stamp = review_stamp(dashboard_store())
    except Exception as error:  # an unreadable store: load_table says why
        store_stamp = f"unreadable: {error}"
    return TableKey(paths, stamp, store_stamp)


# cache_resource, not cache_data: cache_data hands every rerun an unpickled copy, which costs
# 2 s per rerun (each click on the map) at 100,000 incidents (measured); this one shared
# table is read-only by contract: filtering makes new frames, nothing writes to it. A store
# that cannot be read is kept as an empty table with its reason, so every page works on it
# the same way and the reading is tried again only when something changes.
@st.cache_resource(show_spinner="Reading the incidents…", max_entries=2)
def load_table(key: TableKey) -> LoadedTable:
    """The incident table of the store, after ingesting the corpus ``key.paths``."""
    outcome = ingested(key.paths, key.stamp)
    store = dashboard_store()
    try:
        # kept on disk by the store's stamp: a server start on an unchanged store reads it back
        frame = kept_table(store.where, key.store, lambda: geodata.store.corpus.served_table(store), background=True)
    except Exception as error:  # shown to the analyst; the map still opens on what works
        return LoadedTable(empty_frame(), f"{type(error).__name__}: {error}")
    frame.attrs["problems"] = [*(problem.as_dict() for problem in outcome.problems), *frame.attrs.get("problems", [])]
    return LoadedTable(frame, outcome.error)


@st.cache_resource(max_entries=4)
def filtered_table(key: TableKey, filters: Filters) -> pd.DataFrame:
    """The rows ``filters`` keep, shared like the table: a rerun that did not change the
    filters (a click on the map) does not filter again."""
    return apply_filters(load_table(key).frame, filters)


@st.cache_resource(max_entries=2)
def options(key: TableKey) -> FilterOptions:
    """The sidebar's choices for one table: computed once, not on every rerun."""
    return filter_options(load_table(key).frame)


@st.cache_resource(max_entries=2)
def articles_of_sources(key: TableKey) -> pd.Series:
    """The article id of each source of each incident of the table, by the incident's row
    (read-only, shared): from the store for a lean table, kept on disk beside it."""
    frame = load_table(key).frame
    if not is_lean(frame):
        return source_articles(frame)
    store = dashboard_store()

    def build() -> pd.DataFrame:
        found = stored_source_articles(store, frame)
        kept = pd.DataFrame({"row": found.index.to_numpy(), "article_id": found.to_numpy()})
        kept.attrs[LEAN_MARK] = True
        return kept

    try:
        kept = kept_table(store.where, key.store, build, part="articles")
    except Exception as error:  # the counts then say no source rather than failing the page
        log.warning("the articles of the sources cannot be read: %s", error)
        return pd.Series([], dtype=object)
    return pd.Series(kept["article_id"].to_numpy(), index=kept["row"].to_numpy(), name="article_id")


@st.cache_data(max_entries=32, show_spinner=False)
def details(key: TableKey, ids: tuple[str, ...]) -> pd.DataFrame:
    """The full rows (sources, excerpts, notes...) of the incidents ``ids``, in that order: read
    from the store by id for a lean table (a few at a time: a panel's page, a table page)."""
    frame = load_table(key).frame
    if not is_lean(frame):
        rows = frame[frame["incident_id"].isin(ids).to_numpy(dtype=bool)]
        order = {incident_id: at for at, incident_id in enumerate(ids)}
        return rows.iloc[sorted(range(len(rows)), key=lambda at: order[str(rows["incident_id"].iloc[at])])]
    found = incident_details(dashboard_store(), ids)
    if found.empty:
        return found
    # the lean table's row labels, so that a row shown is the row of the table it came from
    labels = pd.Series(frame.index, index=frame["incident_id"].astype(object))
    found.index = labels.reindex(found["incident_id"].astype(object)).to_numpy()
    return found


@st.cache_data(max_entries=32)
def figures(key: TableKey, filters: Filters) -> Counts:
    """The counts row for one filter state."""
    return counts(filtered_table(key, filters), articles=articles_of_sources(key))


@st.cache_data(max_entries=32)
def bars(key: TableKey, filters: Filters) -> tuple[pd.DataFrame, Granularity | None]:
    """Incidents per day, week or month (by the span) and kind for one filter state."""
    return period_counts(filtered_table(key, filters), start=filters.date_from, end=filters.date_to)


@st.cache_data(max_entries=16)
def casualties(key: TableKey, filters: Filters) -> pd.DataFrame:
    """Killed and injured by kind for one filter state."""
    return casualties_by_kind(filtered_table(key, filters))


@st.cache_data(max_entries=16)
def actors(key: TableKey, filters: Filters) -> pd.DataFrame:
    """Incidents by and against each actor for one filter state."""
    return actor_summary(filtered_table(key, filters))


@st.cache_resource(max_entries=2)
def incident_ids(key: TableKey) -> frozenset[str]:
    """The ids of every incident of the table (for "new since your last visit")."""
    return frozenset(load_table(key).frame["incident_id"].dropna().astype(str))


@st.cache_resource(max_entries=4)
def table_order(key: TableKey, filters: Filters) -> tuple[str, ...]:
    """The ids of the incidents under ``filters`` in the Incidents table's order (newest first)."""
    frame = filtered_table(key, filters)
    return tuple(frame.loc[display_order(frame), "incident_id"].astype(str))


@st.cache_data(show_spinner="Preparing the table…", max_entries=8)
def incident_table(key: TableKey, filters: Filters, page: int = 1, rows: int = TABLE_PAGE_ROWS) -> pd.DataFrame:
    """The readable table of page ``page`` (``rows`` a page) of the incidents under
    ``filters`` (see geodata.views.incident): only the rows of the page are read in full."""
    ids = table_order(key, filters)[(page - 1) * rows: page * rows]
    return display_table(details(key, ids))


def export_bytes(key: TableKey, filters: Filters, name: str) -> bytes:
    """Every incident under ``filters`` in the export format ``name``, read in full from the
    store when asked for (a download), not kept: the database chooses the rows
    (``geodata.store.query.incident_table``, as ``geodata export`` does)."""
    frame = load_table(key).frame
    full = stored_incident_table(dashboard_store(), filters=filters) if is_lean(frame) else apply_filters(frame, filters)
    return EXPORTERS[name].to_bytes(full)


# ------------------------------------------------------------------ the map


@st.cache_data(show_spinner="Drawing the map…", max_entries=6)
def context_map_of(key: TableKey, tiles: str, asset_base: str,
                   view: tuple[float, float, int] | None = None) -> folium.Map:
    """The map the filters do not change, fitted to what the default filters show or opened
    on ``view`` (a copy per call: streamlit-folium adds the filtered layers to what it is given)."""
    return context_map(filtered_table(key, Filters()), tiles=tiles, asset_base=asset_base, view=view)


@st.cache_data(show_spinner="Drawing the map…", max_entries=16)
def layer_groups(key: TableKey, filters: Filters, legend_title: str = "Legend",
                 image_name: str = "deir-ez-zor-map.png") -> list[LayerGroup]:
    """The layers of one filter state (a copy per call: streamlit-folium renames them)."""
    return filtered_groups(filtered_table(key, filters), control_date=filters.date_to, near=filters.near,
                           legend_title=legend_title, image_name=image_name)


@st.cache_resource(show_spinner="Loading the gazetteer…")
def place_finder() -> Callable[[str], list[Mention]] | None:
    """``find_places`` bound to the gazetteer index, built once per process; None when the
    gazetteer cannot load (excerpts then show without highlights)."""
    try:
        index = default_index()
    except (GeodataError, OSError) as error:
        log.warning("place names will not be highlighted: %s", error)
        return None
    return lambda text: find_places(text, index=index)


@st.cache_data(show_spinner="Drawing the places…", max_entries=8)
def gazetteer_map(tiles: str, asset_base: str, found: tuple[str, ...] = ()) -> folium.Map:
    """The map of every gazetteer place, the ``found`` ones (ids) drawn larger and framed (a
    copy per call: streamlit-folium mutates it)."""
    gazetteer = default_gazetteer()
    places = [gazetteer[place_id] for place_id in found if place_id in gazetteer]
    return build_gazetteer_map(gazetteer, tiles=tiles, asset_base=asset_base, found=places)


@st.cache_data(max_entries=16, show_spinner=False)
def pick_map(tiles: str, asset_base: str, current: tuple[float, float] | None,
             picked: tuple[float, float] | None) -> folium.Map:
    """The map to pick a point on (a copy per call: streamlit-folium mutates it)."""
    places = [place for place in default_gazetteer() if place.in_region]
    return point_picker_map(places, tiles=tiles, asset_base=asset_base, current=current, picked=picked)


POINT_KINDS = frozenset({"city", "town", "village", "neighbourhood", "facility", "base", "oilfield", "border_crossing"})


@st.cache_resource
def near_places() -> dict[str, str]:
    """The places a search by radius can start from (points, not areas), id -> label,
    sorted by name; none when the gazetteer cannot load."""
    try:
        gazetteer = default_gazetteer()
    except (GeodataError, OSError) as error:
        log.warning("search by place is off: %s", error)
        return {}
    places = sorted((place for place in gazetteer if place.kind in POINT_KINDS), key=lambda place: place.name_en.casefold())
    return {place.id: f"{place.name_en} · {place.name_ar} ({place_kind_style(place.kind)[0].lower()})"
            for place in places}


def place_point(place_id: str) -> tuple[float, float, str] | None:
    """(lat, lon, English name) of a gazetteer place, or None."""
    try:
        place = default_gazetteer().get(place_id)
    except (GeodataError, OSError):
        return None
    return (place.lat, place.lon, place.name_en) if place is not None else None


# ------------------------------------------------------------------ articles


@st.cache_data(show_spinner="Searching the articles…", max_entries=16)
def found_articles(key: TableKey, query: str) -> list[Article]:
    """The stored articles whose id, outlet, title, URL or text contain ``query``, newest first
    (``geodata.views.article.search_articles``), without their text: the store is read in
    batches, and only what matched is kept (a page reads its article's text by id)."""
    found: list[Article] = []
    for batch in geodata.store.corpus.stored_article_batches(dashboard_store()):
        found += [replace(article, text="") for article in search_articles(batch, query)]
    return search_articles(found, "")


@st.cache_data(show_spinner="Finding places and incidents…", max_entries=64)
def article_analysis(key: TableKey, article_id: str) -> ArticleAnalysis | None:
    """Places and incidents of one stored article (None when there is no such article)."""
    found = geodata.store.corpus.stored_articles(dashboard_store(), [article_id])
    return analyse_article(found[0]) if found else None


# ------------------------------------------------------------------ the page


@st.cache_resource
def favicon() -> bytes:
    """A red dot drawn here as a PNG: a material or emoji icon would make the browser fetch
    the favicon from Google's or a CDN's servers, and no request may leave the machine."""
    y, x = np.mgrid[0:32, 0:32]
    distance = np.hypot(x - 15.5, y - 15.5)
    pixels = np.zeros((32, 32, 4), dtype=np.uint8)
    pixels[distance <= 13] = (34, 34, 34, 255)
    pixels[distance <= 11] = (214, 39, 40, 255)
    buffer = io.BytesIO()
    Image.fromarray(pixels, mode="RGBA").save(buffer, format="PNG")
    return buffer.getvalue()
