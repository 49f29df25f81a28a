"""The app layer every page shares: settings, the sidebar, the page context and the page's parts.

``dashboard.py`` calls ``prepare()`` once per run (it reads the address, draws the sidebar and
stores a ``PageContext``); pages call ``context()``. Cached values come from ``app.cache``;
nothing here decides what a filter means (``geodata.table.filters``) or draws a map
(``geodata.views.map``).
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import threading
from dataclasses import dataclass, field, replace

import folium
import pandas as pd
import streamlit as st

from app import address, cache, timeline, visits
from app.cache import TableKey
from app.settings import ConfigError, Settings, corpus_stamp, load_settings
from geodata.events.actors import actor_label
from geodata.events.kinds import kind_label
from geodata.table.filters import FilterOptions, Filters, Near
from geodata.table.query import MapView
from geodata.table.review import REVIEW_STATUS_LABELS, REVIEW_STATUSES, SHOWN_BY_DEFAULT
from geodata.views.map.elements import LayerGroup
from geodata.views.map.summary import Counts

# A script run happens on one thread from start to end; the context lives for that run only,
# so a page run without dashboard.py (a first request to /map) never sees another run's context.
_RUN = threading.local()
log = logging.getLogger(__name__)
VISIT = "gd_visit"
DEFAULT_RADIUS_KM = 10.0


@dataclass(frozen=True)
class VisitInfo:
    """The analyst's previous visit (None on a first one) and the incidents new since."""

    previous: visits.Visit | None = None
    new_ids: frozenset[str] = field(default=frozenset())


@dataclass(frozen=True)
class PageContext:
    """What every page reads: settings, the whole table, the filters and the filtered rows.

    ``frame`` and ``filtered`` are cached tables shared by every session: never modify them
    in place (copy first). ``load_error`` says why the table is empty when the corpus could
    not be read. ``options`` are the choices the table offers, ``visit`` what is new since
    the analyst's last visit.
    """

    settings: Settings
    table_key: TableKey
    frame: pd.DataFrame
    filters: Filters
    filtered: pd.DataFrame
    load_error: str | None = None
    options: FilterOptions | None = None
    visit: VisitInfo = field(default=VisitInfo())


def map_parts(page_context: PageContext, view: MapView | None = None) -> tuple[folium.Map, list[LayerGroup]]:
    """The context map (opened on ``view``, else fitted to the incidents) and the filtered
    layer groups of this run."""
    settings = page_context.settings
    title, image = legend_title(page_context)
    opened = (view.lat, view.lon, view.zoom) if view is not None else None
    return (cache.context_map_of(page_context.table_key, settings.tiles, asset_base(settings), opened),
            cache.layer_groups(page_context.table_key, page_context.filters, title, image))


def legend_title(page_context: PageContext) -> tuple[str, str]:
    """The legend's heading (the dates shown) and the file name of a saved image."""
    filters = page_context.filters
    if page_context.options is None:
        return "Legend", "deir-ez-zor-map.png"
    span = timeline.span_text(filters.date_from, filters.date_to, page_context.options)
    slug = span.replace(" – ", "_to_") if span != "no dates" else "all-dates"
    return f"Legend · {span}", f"deir-ez-zor-map_{slug}.png"


def page_counts(page_context: PageContext) -> Counts:
    """The counts row of this run."""
    return cache.figures(page_context.table_key, page_context.filters)


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
    """The corpus folders ingested into the store, and the key of the table the store serves."""
    return cache.table_key(tuple(str(path) for path in settings.corpus), corpus_stamp(settings.corpus))


# ------------------------------------------------------------------ sidebar


def sidebar_filters(options: FilterOptions, visit: VisitInfo, *, draw: bool = True) -> Filters:
    """The shared sidebar: the timeline and the other filters, as one frozen ``Filters``. Every
    filter is a keyed widget, so the filters are read from the session state: the same with
    ``draw=False`` (a new session's first run of the map page, which draws the sidebar on the
    next run, ``app.layout.first_map_run``)."""
    _settle_state(options, visit)
    if draw:
        with st.sidebar:
            st.header("Filters")
            date_from, date_to = timeline.timeline(options)
            st.multiselect("Kinds", options.kinds, format_func=kind_label, placeholder="All kinds", key=address.KINDS)
            st.multiselect("Actors", _with_chosen(options.actors, address.ACTORS), format_func=actor_label,
                           placeholder="All actors", key=address.ACTORS)
            st.multiselect("Outlets", _with_chosen(options.outlets, address.OUTLETS), placeholder="All outlets",
                           key=address.OUTLETS)
            _near()
            _admin_units(options)
            _review()
            st.checkbox("Include background mentions", key=address.BACKGROUND,
                        help="Earlier incidents an article mentions only as context")
            st.checkbox(f"Show undated incidents ({options.undated:,})", key=address.UNDATED,
                        help="Incidents whose date the reports do not give: hollow, dashed markers on the map. "
                             "The dates above apply to dated incidents only.")
            if options.max_sources > 1:
                st.number_input("Minimum number of sources", min_value=1, max_value=options.max_sources, step=1,
                                key=address.MIN_SOURCES)
            _only_new(visit)
    else:
        date_from, date_to = timeline.chosen_range(options)
    return _filters_of_state(options, visit, date_from, date_to)


def _settle_state(options: FilterOptions, visit: VisitInfo) -> None:
    """Every filter's value in the session state, within what the widgets offer."""
    state = st.session_state
    for key, default in ((address.KINDS, []), (address.ACTORS, []), (address.OUTLETS, []),
                         (address.BACKGROUND, False), (address.UNDATED, True), (address.MIN_SOURCES, 1),
                         (address.NEAR_PLACE, None), (address.NEAR_KM, DEFAULT_RADIUS_KM), (address.ONLY_NEW, False),
                         (address.ADMIN, []), (address.REVIEW, list(SHOWN_BY_DEFAULT)), (address.FLAGGED, False)):
        state.setdefault(key, default)
    _keep_known(address.KINDS, options.kinds)
    _keep_known(address.ADMIN, tuple(dict(options.admin_units)))
    _keep_known(address.REVIEW, REVIEW_STATUSES)
    if state.get(address.NEAR_PLACE) is not None and state[address.NEAR_PLACE] not in cache.near_places():
        state[address.NEAR_PLACE] = None
    if options.max_sources > 1:
        state[address.MIN_SOURCES] = min(max(1, int(state[address.MIN_SOURCES])), options.max_sources)
    if visit.previous is None:
        state[address.ONLY_NEW] = False


def _filters_of_state(options: FilterOptions, visit: VisitInfo, date_from: dt.date | None,
                      date_to: dt.date | None) -> Filters:
    state = st.session_state
    return Filters(date_from=date_from, date_to=date_to, kinds=tuple(state[address.KINDS]) or None,
                   actors=tuple(state[address.ACTORS]) or None, outlets=tuple(state[address.OUTLETS]) or None,
                   include_background=bool(state[address.BACKGROUND]), include_undated=bool(state[address.UNDATED]),
                   min_sources=int(state[address.MIN_SOURCES]) if options.max_sources > 1 else 1,
                   near=_near_of(state[address.NEAR_PLACE], state[address.NEAR_KM]),
                   incident_ids=visit.new_ids if state[address.ONLY_NEW] else None,
                   admin_units=tuple(state[address.ADMIN]) or None, review_statuses=tuple(state[address.REVIEW]),
                   only_flagged=bool(state[address.FLAGGED]))


def _admin_units(options: FilterOptions) -> None:
    """Governorates, districts and subdistricts (OCHA) the incidents lie in."""
    labels = dict(options.admin_units)
    st.multiselect("Governorate, district or subdistrict", list(labels), format_func=labels.__getitem__,
                   placeholder="Everywhere", key=address.ADMIN,
                   help="Only incidents whose place lies in one of these administrative units (OCHA)")


def _review() -> None:
    """Which review statuses to show (rejected incidents hidden by default), and the flagged only."""
    st.multiselect("Review status", REVIEW_STATUSES, format_func=REVIEW_STATUS_LABELS.__getitem__,
                   placeholder="No status: nothing shown", key=address.REVIEW,
                   help="Rejected incidents are hidden until you add Rejected here")
    st.checkbox("Only incidents whose extraction changed since review", key=address.FLAGGED)


def _keep_known(key: str, known: tuple[str, ...]) -> None:
    """Drop values a multiselect does not offer (from an old link): Streamlit refuses them."""
    chosen = st.session_state.get(key) or []
    st.session_state[key] = [value for value in chosen if value in known]


def _with_chosen(offered: tuple[str, ...], key: str) -> list[str]:
    """The options plus any value chosen earlier that the data no longer has (it stays chosen)."""
    chosen = [value for value in st.session_state.get(key) or [] if value not in offered]
    return [*offered, *chosen]


def _near() -> None:
    """Search by place and radius: "within 10 km of Hajin"."""
    labels = cache.near_places()
    place_id = st.selectbox("Near a place", list(labels), format_func=labels.__getitem__, index=None,
                            key=address.NEAR_PLACE, placeholder="Type a town, village or base…",
                            help="Only incidents located within the radius of this place")
    if place_id is not None:
        st.number_input("Radius (km)", min_value=0.5, max_value=200.0, step=1.0, key=address.NEAR_KM)


def _near_of(place_id: str | None, radius: float) -> Near | None:
    """The search area of a place and a radius (None without a place, or one the gazetteer lacks)."""
    if place_id is None:
        return None
    found = cache.place_point(place_id)
    if found is None:
        return None
    lat, lon, name = found
    return Near(place_id, lat, lon, float(radius), name)


def _only_new(visit: VisitInfo) -> None:
    if visit.previous is None:
        st.caption("First visit on this computer: incidents added after today will be marked new next time.")
        return
    when = visit.previous.at.strftime("%Y-%m-%d %H:%M")
    st.checkbox(f"Only new since your last visit ({len(visit.new_ids):,})", key=address.ONLY_NEW,
                help=f"Incidents that were not in the table at your last visit, {when}")


# ------------------------------------------------------------------ context


def prepare(*, draw_sidebar: bool = True) -> PageContext:
    """Load, read the address, draw the sidebar (unless not ``draw_sidebar``: the filters are the
    same), filter, write the address, and store the context for the page (once per run)."""
    settings = app_settings()
    key = table_key(settings)
    loaded = cache.load_table(key)
    options = cache.options(key)
    visit = _visit(key, loaded.error)
    address.read_if_new()
    filters = sidebar_filters(options, visit, draw=draw_sidebar)
    page_context = PageContext(settings=settings, table_key=key, frame=loaded.frame, filters=filters,
                               filtered=cache.filtered_table(key, filters), load_error=loaded.error,
                               options=options, visit=visit)
    address.write(filters)
    _RUN.context = page_context
    return page_context


def _visit(key: TableKey, load_error: str | None) -> VisitInfo:
    """The previous visit, read (and this one recorded) once per session."""
    info: VisitInfo | None = st.session_state.get(VISIT)
    if info is None:
        folder = visits.state_dir()
        previous = visits.read_visit(folder)
        ids = cache.incident_ids(key)
        if load_error is None:
            visits.record_visit(folder, ids)
        info = VisitInfo(previous, visits.new_since(ids, previous))
        st.session_state[VISIT] = info
    elif info.previous is not None:  # reports added during the session are new too
        info = replace(info, new_ids=visits.new_since(cache.incident_ids(key), info.previous))
    return info


def context() -> PageContext:
    """The context ``dashboard.py`` prepared for this run (prepared here when a page runs
    without it, as in Streamlit's legacy pages/ mode)."""
    page_context = getattr(_RUN, "context", None)
    return page_context if page_context is not None else prepare()


def forget_context() -> None:
    """Drop this run's context, so that no later run can read stale filters."""
    _RUN.context = None


def data_problems(page_context: PageContext, *, keep_notes: bool = False) -> None:
    """The reports that could not be read, with file, line and reason, when there are any; and
    what a link asked for that could not be used (kept for the next run too with
    ``keep_notes``)."""
    if page_context.load_error:
        st.error(f"The incidents could not be loaded: {page_context.load_error}")
    for problem in address.problems(keep=keep_notes):
        st.warning(f"The link: {problem}")
    problems = page_context.frame.attrs.get("problems") or []
    if problems:
        with st.expander(f"Data problems ({len(problems)})"):
            st.dataframe(pd.DataFrame(problems, columns=["file", "line", "reason"]), hide_index=True)
