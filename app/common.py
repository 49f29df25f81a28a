"""The app layer every page shares: settings, cached table and map, the sidebar, the context.

``dashboard.py`` calls ``prepare()`` once per run (it draws the sidebar and stores a
``PageContext``); pages call ``context()``. Nothing here decides what a filter means: that is
``geodata.table.filters``; nothing here draws a map: that is ``geodata.views.map``.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import sys
import threading
from dataclasses import dataclass

import folium
import numpy as np
import pandas as pd
import streamlit as st
from PIL import Image
from streamlit.elements.lib.color_util import Color

from app.settings import ConfigError, Settings, Stamp, corpus_stamp, load_settings
from geodata.errors import GeodataError
from geodata.events.actors import actor_label
from geodata.events.kinds import kind_label
from geodata.table.filters import FilterOptions, Filters, apply_filters, filter_options
from geodata.table.frame import empty_frame
from geodata.views.map import context_map, filtered_groups
from geodata.views.map.elements import LayerGroup
from geodata.views.map.panel import PlaceFinder
from geodata.views.map.summary import Counts, counts, daily_counts

# A script run happens on one thread from start to end; the context lives for that run only,
# so a page run without dashboard.py (a first request to /map) never sees another run's context.
_RUN = threading.local()
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TableKey:
    """What the cached table depends on: the corpus paths and the state of their files."""

    paths: tuple[str, ...]
    stamp: Stamp


@dataclass(frozen=True)
class PageContext:
    """What every page reads: settings, the whole table, the filters and the filtered rows.

    ``frame`` and ``filtered`` are cached tables shared by every session: never modify them
    in place (copy first).
    """

    settings: Settings
    table_key: TableKey
    frame: pd.DataFrame
    filters: Filters
    filtered: pd.DataFrame
    load_error: str | None = None


# cache_resource, not cache_data: cache_data hands every rerun an unpickled copy, which costs
# 2 s per rerun (each click on the map) at 100,000 incidents (measured); this one shared
# table is read-only by contract: filtering makes new frames, nothing writes to it.
@st.cache_resource(show_spinner="Reading the reports…", max_entries=2)
def load_table(paths: tuple[str, ...], stamp: Stamp) -> pd.DataFrame:
    """The incident table of the corpus; ``stamp`` is only the cache key (file mtimes)."""
    import geodata

    return geodata.load_incidents(corpus=list(paths))


@st.cache_resource(show_spinner="Loading the gazetteer…")
def place_finder() -> PlaceFinder | None:
    """``find_places`` bound to the gazetteer index, built once per process; None when the
    gazetteer cannot load (excerpts then show without highlights)."""
    from geodata.places.finder import default_index, find_places

    try:
        index = default_index()
    except (GeodataError, OSError) as error:
        log.warning("place names will not be highlighted: %s", error)
        return None
    return lambda text: find_places(text, index=index)


@st.cache_resource(max_entries=4)
def filtered_table(table_key: TableKey, filters: Filters) -> pd.DataFrame:
    """The rows ``filters`` keep, shared like the table: a rerun that did not change the
    filters (a click on the map) does not filter again."""
    return apply_filters(load_table(table_key.paths, table_key.stamp), filters)


@st.cache_data(show_spinner="Drawing the map…", max_entries=4)
def cached_context_map(table_key: TableKey, tiles: str, asset_base: str) -> folium.Map:
    """The map the filters do not change, fitted to what the default filters show (a copy
    per call: streamlit-folium adds the filtered layers to what it is given)."""
    frame = apply_filters(load_table(table_key.paths, table_key.stamp), Filters())
    return context_map(frame, tiles=tiles, asset_base=asset_base)


@st.cache_data(show_spinner="Drawing the map…", max_entries=16)
def cached_groups(table_key: TableKey, filters: Filters) -> list[LayerGroup]:
    """The layers of one filter state (a copy per call: streamlit-folium renames them)."""
    return filtered_groups(filtered_table(table_key, filters), control_date=filters.date_to)


def map_parts(page_context: PageContext) -> tuple[folium.Map, list[LayerGroup]]:
    """The context map and the filtered layer groups of this run: cached, or drawn from the
    empty table when the corpus could not be read (the layers that need no incidents)."""
    settings = page_context.settings
    if page_context.load_error:
        frame = page_context.filtered
        return (context_map(frame, tiles=settings.tiles, asset_base=asset_base(settings)),
                filtered_groups(frame, control_date=page_context.filters.date_to))
    return (cached_context_map(page_context.table_key, settings.tiles, asset_base(settings)),
            cached_groups(page_context.table_key, page_context.filters))


def page_counts(page_context: PageContext) -> Counts:
    """The counts row of this run."""
    if page_context.load_error:
        return counts(page_context.filtered)
    return figures(page_context.table_key, page_context.filters)


def page_daily(page_context: PageContext) -> tuple[pd.DataFrame, list[Color]]:
    """Incidents per day and kind of this run, and the colour of each kind."""
    filters = page_context.filters
    if page_context.load_error:
        per_day, colours = daily_counts(page_context.filtered, start=filters.date_from, end=filters.date_to)
    else:
        per_day, colours = daily(page_context.table_key, filters)
    chart_colours: list[Color] = [*colours]  # the chart takes names or tuples
    return per_day, chart_colours


@st.cache_resource(max_entries=2)
def options(table_key: TableKey) -> FilterOptions:
    """The sidebar's choices for one table: computed once, not on every rerun."""
    return filter_options(load_table(table_key.paths, table_key.stamp))


@st.cache_data(max_entries=32)
def figures(table_key: TableKey, filters: Filters) -> Counts:
    """The counts row for one filter state."""
    return counts(filtered_table(table_key, filters))


@st.cache_data(max_entries=32)
def daily(table_key: TableKey, filters: Filters) -> tuple[pd.DataFrame, list[str]]:
    """Incidents per day and kind for one filter state, and the colour of each kind."""
    return daily_counts(filtered_table(table_key, filters), start=filters.date_from, end=filters.date_to)


def app_settings() -> Settings:
    """Settings from ``streamlit run dashboard.py -- ...`` and the environment; stops the app
    with the reason when a setting is unusable."""
    try:
        return load_settings(sys.argv[1:])
    except ConfigError as error:
        st.error(f"Configuration problem: {error}")
        st.stop()
        raise  # unreachable: st.stop raises


def asset_base(settings: Settings) -> str:
    """Where the browser finds ``static/``, allowing for ``server.baseUrlPath``."""
    prefix = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{prefix}{settings.asset_base}" if prefix else settings.asset_base


def table(settings: Settings) -> tuple[TableKey, pd.DataFrame, str | None]:
    """The cached table, or an empty one and the reason when the corpus cannot be read."""
    key = TableKey(tuple(str(path) for path in settings.corpus), corpus_stamp(settings.corpus))
    try:
        return key, load_table(key.paths, key.stamp), None
    except Exception as error:  # shown to the analyst; the map still opens on what works
        return key, empty_frame(), f"{type(error).__name__}: {error}"


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


# ------------------------------------------------------------------ sidebar


def sidebar_filters(options: FilterOptions) -> Filters:
    """The shared sidebar: timeline and the other filters, as one frozen ``Filters``."""
    with st.sidebar:
        st.header("Filters")
        date_from, date_to = _date_range(options)
        kinds = st.multiselect("Kinds", options.kinds, format_func=kind_label, placeholder="All kinds", key="gd_kinds")
        actors = st.multiselect("Actors", options.actors, format_func=actor_label, placeholder="All actors",
                                key="gd_actors")
        outlets = st.multiselect("Outlets", options.outlets, placeholder="All outlets", key="gd_outlets")
        background = st.checkbox("Include background mentions", key="gd_background",
                                 help="Earlier incidents an article mentions only as context")
        undated = (st.checkbox(f"Include undated incidents ({options.undated})", key="gd_undated")
                   if options.undated else False)
        min_sources = (int(st.number_input("Minimum number of sources", min_value=1, max_value=options.max_sources,
                                           value=1, step=1, key="gd_min_sources"))
                       if options.max_sources > 1 else 1)
    return Filters(date_from=date_from, date_to=date_to, kinds=tuple(kinds) or None, actors=tuple(actors) or None,
                   outlets=tuple(outlets) or None, include_background=background, include_undated=undated,
                   min_sources=min_sources)


def _date_range(options: FilterOptions) -> tuple[dt.date | None, dt.date | None]:
    """The timeline: a range slider over the data's dates, all of them by default."""
    if options.date_min is None or options.date_max is None:
        return None, None
    if options.date_min == options.date_max:
        st.caption(f"All dated incidents are on {options.date_min.isoformat()}")
        return options.date_min, options.date_max
    # Keyed on the range so that new reports (a wider range) reset the slider to all dates.
    chosen = st.slider("Dates", min_value=options.date_min, max_value=options.date_max,
                       value=(options.date_min, options.date_max), step=dt.timedelta(days=1),
                       format="YYYY-MM-DD", key=f"gd_dates_{options.date_min}_{options.date_max}")
    return chosen[0], chosen[1]


# ------------------------------------------------------------------ context


def prepare() -> PageContext:
    """Load, draw the sidebar, filter, and store the context for the page (once per run)."""
    settings = app_settings()
    key, frame, error = table(settings)
    filters = sidebar_filters(options(key) if error is None else filter_options(frame))
    filtered = apply_filters(frame, filters) if error is not None else filtered_table(key, filters)
    page_context = PageContext(settings=settings, table_key=key, frame=frame, filters=filters,
                               filtered=filtered, load_error=error)
    _RUN.context = page_context
    return page_context


def context() -> PageContext:
    """The context ``dashboard.py`` prepared for this run (prepared here when a page runs
    without it, as in Streamlit's legacy pages/ mode)."""
    page_context = getattr(_RUN, "context", None)
    return page_context if page_context is not None else prepare()


def forget_context() -> None:
    """Drop this run's context, so that no later run can read stale filters."""
    _RUN.context = None


def data_problems(page_context: PageContext) -> None:
    """The reports that could not be read, with file, line and reason, when there are any."""
    if page_context.load_error:
        st.error(f"The incidents could not be loaded: {page_context.load_error}")
    problems = page_context.frame.attrs.get("problems") or []
    if problems:
        with st.expander(f"Data problems ({len(problems)})"):
            st.dataframe(pd.DataFrame(problems, columns=["file", "line", "reason"]), hide_index=True)
