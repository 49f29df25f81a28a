"""The app layer every page shares: settings, the sidebar, the page context and the page's parts.

``dashboard.py`` calls ``prepare()`` once per run (it draws the sidebar and stores a
``PageContext``); pages call ``context()``. Cached values come from ``app.cache``; nothing here
decides what a filter means (``geodata.table.filters``) or draws a map (``geodata.views.map``).
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import threading
from dataclasses import dataclass

import folium
import pandas as pd
import streamlit as st
from streamlit.elements.lib.color_util import Color

from app import cache
from app.cache import TableKey
from app.settings import ConfigError, Settings, corpus_stamp, load_settings
from geodata.events.actors import actor_label
from geodata.events.kinds import kind_label
from geodata.table.filters import FilterOptions, Filters
from geodata.views.map.elements import LayerGroup
from geodata.views.map.summary import Counts

# A script run happens on one thread from start to end; the context lives for that run only,
# so a page run without dashboard.py (a first request to /map) never sees another run's context.
_RUN = threading.local()
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageContext:
    """What every page reads: settings, the whole table, the filters and the filtered rows.

    ``frame`` and ``filtered`` are cached tables shared by every session: never modify them
    in place (copy first). ``load_error`` says why the table is empty when the corpus could
    not be read.
    """

    settings: Settings
    table_key: TableKey
    frame: pd.DataFrame
    filters: Filters
    filtered: pd.DataFrame
    load_error: str | None = None


def map_parts(page_context: PageContext) -> tuple[folium.Map, list[LayerGroup]]:
    """The context map and the filtered layer groups of this run."""
    settings = page_context.settings
    return (cache.context_map_of(page_context.table_key, settings.tiles, asset_base(settings)),
            cache.layer_groups(page_context.table_key, page_context.filters))


def page_counts(page_context: PageContext) -> Counts:
    """The counts row of this run."""
    return cache.figures(page_context.table_key, page_context.filters)


def page_daily(page_context: PageContext) -> tuple[pd.DataFrame, list[Color]]:
    """Incidents per day and kind of this run, and the colour of each kind."""
    per_day, colours = cache.daily(page_context.table_key, page_context.filters)
    chart_colours: list[Color] = [*colours]  # the chart takes names or tuples
    return per_day, chart_colours


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


def table_key(settings: Settings) -> TableKey:
    return TableKey(tuple(str(path) for path in settings.corpus), corpus_stamp(settings.corpus))


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
    key = table_key(settings)
    loaded = cache.load_table(key)
    filters = sidebar_filters(cache.options(key))
    page_context = PageContext(settings=settings, table_key=key, frame=loaded.frame, filters=filters,
                               filtered=cache.filtered_table(key, filters), load_error=loaded.error)
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
