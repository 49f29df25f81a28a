"""Map page: the counts, a large map, what each source said about the clicked place, the
timeline chart, and casualties and actors of the filtered period."""

from __future__ import annotations

from functools import partial

import streamlit as st
from streamlit_folium import st_folium

from app import address, cache, common
from app.layout import (
    MAP_PAGE_CSS,
    came_from_another_page,
    draw_the_rest_later,
    figures_row,
    first_map_run,
    keep_view,
    reported_view,
    selection_of_click,
)
from app.panel_review import review_outcome, review_strip
from geodata.views.map.elements import LayerControl
from geodata.views.map.panel import PANEL_CSS, selection_html
from geodata.views.map.selection import incidents_for_selection, parse_selection

MAP_HEIGHT = 690
PANEL_PAGE = 20
PANEL_AT = "gd_panel_at"

page_context = common.context()
frame = page_context.filtered
state = st.session_state
st.html(MAP_PAGE_CSS)
first_run = first_map_run()

# The figures sit above the map but are worked out after it: the map's message leaves first.
figures_slot = st.container()

state.setdefault(PANEL_AT, "beside")
below = state[PANEL_AT] == "below"
if below:
    map_column, panel_column = st.container(), st.container()
else:
    map_column, panel_column = st.columns([5, 2], gap="small")

with map_column:
    # The view the map opens on: the one a link or a table row asked for; back from another
    # page, the one it had. It changes only then, so the map is not drawn anew on a pan.
    if came_from_another_page():
        state[address.VIEW_REQUEST] = state.get(address.VIEW)
    folium_map, groups = common.map_parts(page_context, state.get(address.VIEW_REQUEST))
    # The map stays in the browser across filter changes: only the layer groups are sent
    # again and swapped. A click on a feature and the end of a pan or zoom come back.
    clicked = st_folium(folium_map, key="incident_map", height=MAP_HEIGHT, use_container_width=True,
                        feature_group_to_add=groups, layer_control=LayerControl(collapsed=True, position="topright"),
                        returned_objects=["last_active_drawing", "center", "zoom"])
    view = reported_view(clicked)
    if view is not None:
        state[address.VIEW] = view
    clicked_selection = selection_of_click(clicked)
    if clicked_selection is not None:
        state[address.SELECTION] = clicked_selection


def draw_panel() -> None:
    """The panel: what each source said about the selected marker or place."""
    with panel_column:
        panel = st.container(height="content" if below else MAP_HEIGHT, border=False)
        with panel:
            st.segmented_control("Panel", ["beside", "below"], key=PANEL_AT, label_visibility="collapsed",
                                 format_func=lambda where: f"Panel {where}", on_change=keep_view,
                                 help="Where this panel sits: beside the map or below it (the map then takes the whole "
                                      "width)")
            review_outcome()
            selection = parse_selection(state.get(address.SELECTION))
            rows = incidents_for_selection(frame, selection)
            if selection is None:
                st.info("Click a marker to read what each source said. A click on a place lists everything there.")
            elif rows.empty:
                st.info("Nothing at the selected place under the current filters.")
            else:
                ordered = rows.sort_values("date", ascending=False, na_position="last")
                pages = (len(ordered) - 1) // PANEL_PAGE + 1
                number = 1
                if pages > 1:
                    number = int(st.number_input(f"Page of the list (of {pages})", min_value=1, max_value=pages, step=1,
                                                 key=f"gd_panel_page_{selection.text()}"))
                page_rows = ordered.iloc[(number - 1) * PANEL_PAGE: number * PANEL_PAGE]
                # the sources, excerpts and notes of the incidents listed, read by id
                shown = cache.details(page_context.table_key, tuple(page_rows["incident_id"].astype(str)))
                st.html(PANEL_CSS)
                st.html(selection_html(ordered, selection, shown=shown, find_places=cache.place_finder()))
                review_strip(shown)


def draw_the_rest() -> None:
    """The figures above the map, the panel beside or below it, the chart and the tables."""
    from app import charts  # Altair: about a second of the first run after a server start, not needed before

    draw_panel()
    with figures_slot:
        figures_row(page_context, common.page_counts(page_context))

    st.subheader("Incidents over time")
    bars, unit = cache.bars(page_context.table_key, page_context.filters)
    if unit is None or bars.empty:
        st.caption("No dated incident under the current filters.")
    else:
        key = f"gd_bars_{page_context.filters.date_from}_{page_context.filters.date_to}"
        st.altair_chart(charts.bar_chart(bars, unit), key=key, on_select=partial(charts.bar_clicked, key),
                        selection_mode=charts.SELECTION, width="stretch")
        st.caption(f"One bar per {charts.UNIT_WORDS[unit]}. Click a bar to show only its dates.")

    left, right = st.columns(2, gap="medium")
    with left:
        st.subheader("Casualties")
        table = cache.casualties(page_context.table_key, page_context.filters)
        st.caption("As the reports give them; incidents without a figure count as none here.")
        st.dataframe(table, hide_index=True, width="stretch")
    with right:
        st.subheader("Actors")
        actors = cache.actors(page_context.table_key, page_context.filters)
        if actors.empty:
            st.caption("No actor is named in these incidents.")
        else:
            st.caption("Incidents each actor carried out (by) and was the target of (against).")
            st.dataframe(actors, hide_index=True, width="stretch")


address.write(page_context.filters)  # the view and the selection, now known
if first_run:
    draw_the_rest_later()
else:
    draw_the_rest()
