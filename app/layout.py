"""Parts of the map page: its styles, the row of figures, and what comes back from the map."""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from app import address
from app.common import PageContext
from geodata.table.query import MapView
from geodata.views.map.selection import selection_of_feature
from geodata.views.map.summary import Counts

LAST_PAGE = "gd_last_page"
MAP_PAGE = "map"
LAST_DRAWING = "gd_last_drawing"
# A new session's first run of the map page sends the map alone: the browser then loads the
# map's scripts and draws its markers without laying out the sidebar's filters, the figures, the
# panel, the chart and the tables at the same time (at 100,000 incidents that more than doubled
# the time to the first markers). The map reports its view once drawn, and the run that report
# starts draws the rest; so does any other run, or a timer when the map has not reported within
# REST_AFTER_S (its scripts failed to load, say). The filters are read from the session state
# either way (app.common.sidebar_filters), so both runs draw the same map.
MAP_SEEN = "gd_map_seen"
REST_PENDING = "gd_rest_pending"
REST_AFTER_S = 4.0

# Less room above the page and smaller figures: the map gets the screen.
MAP_PAGE_CSS = """
<style>
.block-container { padding-top: 3.4rem !important; padding-bottom: 1rem !important;
  padding-left: 1.6rem !important; padding-right: 1.6rem !important; max-width: 100% !important; }
[data-testid="stMetricValue"] { font-size: 1.45rem !important; }
[data-testid="stMetric"] { padding: 0 !important; }
</style>
"""


def figures_row(page_context: PageContext, figures: Counts) -> None:
    """Incidents (dated and undated apart), sources, places, casualties, new since the last visit."""
    visit = page_context.visit
    columns = st.columns([1, 1.25, 1, 1, 1.2, 1.3])
    columns[0].metric("Incidents", f"{figures.incidents:,}",
                      help=f"Every incident the filters keep, dated and undated: {figures.reviewed:,} confirmed or "
                           f"corrected by an analyst, {figures.flagged:,} flagged (extraction changed since review)")
    columns[1].metric("Dated · undated", f"{figures.dated:,} · {figures.undated:,}",
                      help="Dated: inside the dates of the sidebar. Undated: the reports give no date; they show "
                           "whatever the dates, as hollow dashed markers")
    columns[2].metric("Sources", f"{figures.sources:,}", help="Distinct articles reporting these incidents")
    columns[3].metric("Places", f"{figures.places:,}", help="Distinct places of these incidents")
    columns[4].metric("Killed · injured", f"{figures.killed:,} · {figures.injured:,}",
                      help="Summed over the incidents whose reports give a figure")
    if visit.previous is None:
        columns[5].metric("New since last visit", "—", help="This is the first visit recorded on this computer")
    else:
        columns[5].metric("New since last visit", f"{len(visit.new_ids):,}",
                          help=f"Not in the table at your last visit, {visit.previous.at:%Y-%m-%d %H:%M}")
    statuses = page_context.filters.review_statuses
    if statuses is not None and "rejected" not in statuses:
        st.caption(f"Reviewed: {figures.reviewed:,} of {figures.incidents:,}; {figures.flagged:,} flagged. Incidents "
                   "an analyst rejected are hidden (Review status in the sidebar).")
    options = page_context.options
    if options is not None and options.undated and not page_context.filters.include_undated:
        st.info(f"{options.undated:,} undated incidents are hidden. Tick **Show undated incidents** in the "
                "sidebar to draw them (hollow, dashed markers).")


def came_from_another_page() -> bool:
    """Whether the previous run of this session drew another page (the map is drawn anew)."""
    previous = st.session_state.get(LAST_PAGE)
    st.session_state[LAST_PAGE] = MAP_PAGE
    return previous not in (None, MAP_PAGE)


def map_seen() -> bool:
    """Whether the map page has run in this session already."""
    return bool(st.session_state.get(MAP_SEEN))


def first_map_run() -> bool:
    """Whether this is the session's first run of the map page (the rest of the page waits)."""
    state = st.session_state
    first = not state.get(MAP_SEEN)
    state[MAP_SEEN] = True
    state[REST_PENDING] = None  # a run that draws the rest stops the timer's work
    return first


def draw_the_rest_later() -> None:
    """On a session's first run, instead of the rest of the map page: a timer that reruns the
    page if the map has not reported (and so rerun it) by then."""
    st.session_state[REST_PENDING] = "armed"
    st.fragment(run_every=REST_AFTER_S)(rest_timer)()


def rest_timer() -> None:
    """The timer's body: run once with the page, then by the timer; its first tick while the
    map has not reported reruns the whole page."""
    state = st.session_state
    if state.get(REST_PENDING) == "armed":  # run with the page: the timer's first tick is next
        state[REST_PENDING] = "waiting"
    elif state.get(REST_PENDING) == "waiting":
        state[REST_PENDING] = None
        st.rerun()


def left_map_page() -> None:
    """Called by the other pages: the next map run comes from elsewhere."""
    st.session_state[LAST_PAGE] = "other"


def keep_view() -> None:
    """The map is drawn anew (the panel moved): it opens on the view it had."""
    st.session_state[address.VIEW_REQUEST] = st.session_state.get(address.VIEW)


def reported_view(returned: Any) -> MapView | None:
    """The view streamlit-folium reported (centre and zoom), rounded."""
    if not isinstance(returned, dict):
        return None
    center, zoom = returned.get("center"), returned.get("zoom")
    if not isinstance(center, dict) or not isinstance(zoom, int | float):
        return None
    try:
        return MapView(round(float(center["lat"]), 5), round(float(center["lng"]), 5), int(zoom))
    except (KeyError, TypeError, ValueError):
        return None


def selection_of_click(returned: Any) -> str | None:
    """The selection a new click made (None when the click is the one already handled)."""
    if not isinstance(returned, dict):
        return None
    feature = returned.get("last_active_drawing")
    if not feature:
        return None
    signature = json.dumps(feature, sort_keys=True, default=str)
    if signature == st.session_state.get(LAST_DRAWING):
        return None
    st.session_state[LAST_DRAWING] = signature
    selection = selection_of_feature(feature)
    return selection.text() if selection else None
