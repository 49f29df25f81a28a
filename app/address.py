"""The page address holds the filters, the map's view and the selected place, so a link
reopens the same view (``geodata.table.query`` says how each is written).

An address is read when a session starts and whenever it differs from the one this app last
wrote (the browser's back and forward buttons); a page switch, which drops the parameters,
is not a new address: the filters stay and are written again.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from app import cache, timeline
from geodata.table.filters import Filters
from geodata.table.query import MapView, Query, ReadQuery, filters_from_query, filters_to_query, view_to_query
from geodata.table.review import REVIEW_STATUSES

WRITTEN = "gd_address_written"
PROBLEMS = "gd_address_problems"
VIEW_REQUEST = "gd_view_request"  # a view the map should move to (from a link or a table row)
VIEW = "gd_view"  # the view the map last reported
SELECTION = "gd_selection"  # "at:lat,lon", "from:lat,lon" or "key:..." (geodata.views.map.selection)
ONLY_NEW = "gd_only_new"
PAGE_PARAMS = ("view", "sel", "new")
# widget keys of the sidebar's filters (app.common draws them)
KINDS, ACTORS, OUTLETS = "gd_kinds", "gd_actors", "gd_outlets"
BACKGROUND, UNDATED, MIN_SOURCES = "gd_background", "gd_undated", "gd_min_sources"
NEAR_PLACE, NEAR_KM = "gd_near_place", "gd_near_km"
ADMIN, REVIEW, FLAGGED = "gd_admin_units", "gd_review_statuses", "gd_only_flagged"


def current() -> Query:
    """The parameters of the address, one list of values each."""
    return {name: list(st.query_params.get_all(name)) for name in st.query_params}


def read_if_new() -> None:
    """Apply the address to the session when it is one this app did not write."""
    params = current()
    written = st.session_state.get(WRITTEN)
    if written is not None and (params == written or not params):
        return
    apply(filters_from_query(params, places=cache.place_point), params)


def apply(read: ReadQuery, params: Mapping[str, list[str]]) -> None:
    """Set the sidebar and the map from what an address asked for."""
    filters = read.filters
    state = st.session_state
    timeline.set_range(filters.date_from, filters.date_to)
    state[KINDS] = list(filters.kinds or ())
    state[ACTORS] = list(filters.actors or ())
    state[OUTLETS] = list(filters.outlets or ())
    state[BACKGROUND] = filters.include_background
    state[UNDATED] = filters.include_undated
    state[MIN_SOURCES] = filters.min_sources
    state[NEAR_PLACE] = filters.near.place_id if filters.near else None
    state[NEAR_KM] = filters.near.radius_km if filters.near else 10.0
    state[ONLY_NEW] = (params.get("new") or [""])[-1] == "1"
    state[ADMIN] = list(filters.admin_units or ())
    state[REVIEW] = list(filters.review_statuses if filters.review_statuses is not None else REVIEW_STATUSES)
    state[FLAGGED] = filters.only_flagged
    state[PROBLEMS] = list(read.problems)
    if read.view is not None:
        state[VIEW_REQUEST] = read.view
        state[VIEW] = read.view
    selection = (params.get("sel") or [""])[-1]
    state[SELECTION] = selection or None
    state[WRITTEN] = {name: list(values) for name, values in params.items()}


def write(filters: Filters) -> None:
    """Put the filters, the only-new switch, the map's view and the selection in the address
    (only when they changed: each change is a message to the browser)."""
    query = filters_to_query(filters)
    if st.session_state.get(ONLY_NEW):
        query["new"] = ["1"]
    view: MapView | None = st.session_state.get(VIEW)
    if view is not None:
        query |= view_to_query(view)
    selection = st.session_state.get(SELECTION)
    if selection:
        query["sel"] = [selection]
    if query != current():
        st.query_params.from_dict(query)
    st.session_state[WRITTEN] = query


def problems(*, keep: bool = False) -> list[str]:
    """What the last address read could not use (shown once; ``keep`` keeps it for the next
    run too)."""
    if keep:
        return list(st.session_state.get(PROBLEMS) or [])
    return st.session_state.pop(PROBLEMS, None) or []
