"""Gazetteer page: search the places, see them all on a map, and try how a phrase resolves."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app import cache, common
from geodata.errors import GeodataError
from geodata.places.finder import find_places, resolved_places
from geodata.places.gazetteer import default_gazetteer
from geodata.places.layers import IMPORTED_GAZETTEER_ATTRIBUTION
from geodata.views.article import ARTICLE_CSS, marked_text, match_rows, unresolved_rows
from geodata.views.map.gazetteer import place_rows

MAX_PHRASE_CHARS = 5_000
MAX_FOUND_ON_MAP = 50
PLACE_COLUMNS = {
    "lat": st.column_config.NumberColumn("lat", format="%.5f"),
    "lon": st.column_config.NumberColumn("lon", format="%.5f"),
    "uncertainty_m": st.column_config.NumberColumn("± m", format="%d"),
    "variants_ar": st.column_config.ListColumn("Arabic variants"),
    "variants_en": st.column_config.ListColumn("English variants"),
}

settings = common.context().settings
st.title("Gazetteer")
try:
    gazetteer = default_gazetteer()
except (GeodataError, OSError) as error:
    st.error(f"The gazetteer could not be loaded: {error}")
    st.stop()

search_column, map_column = st.columns([1, 1], gap="medium")
with search_column:
    query = st.text_input("Search by Arabic or English name", key="gd_gazetteer_query", max_chars=200,
                          placeholder="حطلة, Hatla, Deir ez Zor, Conoco …",
                          help="Case, hyphens, spaces and Arabic letter forms do not matter")
    results = gazetteer.search(query) if query.strip() else []
    if query.strip():
        st.caption(f"{len(results)} place{'s' if len(results) != 1 else ''} found, framed on the map"
                   if results else "No place found.")
        if results:
            st.dataframe(pd.DataFrame(place_rows(results, gazetteer)), hide_index=True, column_config=PLACE_COLUMNS,
                         placeholder="")
    else:
        curated = sum(place.curated for place in gazetteer)
        st.caption(f"{len(gazetteer):,} places ({curated:,} curated, {len(gazetteer) - curated:,} imported). "
                   "Type part of a name in Arabic or English.")

with map_column:
    # Nothing on this map needs the server: no clicks come back, so it never reruns the app.
    found = tuple(place.id for place in results[:MAX_FOUND_ON_MAP])
    st_folium(cache.gazetteer_map(settings.tiles, common.asset_base(settings), found), key="gd_gazetteer_map",
              height=480, use_container_width=True, returned_objects=[])

st.caption(f"Curated places: the project's own research, each row citing its source. {IMPORTED_GAZETTEER_ATTRIBUTION}.")

st.subheader("Try a phrase")
phrase = st.text_area("Arabic text", key="gd_gazetteer_phrase", max_chars=MAX_PHRASE_CHARS, height=90,
                      placeholder="بادية بلدة جديد عكيدات")
if phrase.strip():
    matches = find_places(phrase)
    st.html(ARTICLE_CSS)
    st.html(f'<div class="gd-article" dir="rtl" lang="ar">{marked_text(phrase, matches, [])}</div>')
    resolved = resolved_places(matches)
    if resolved:
        st.dataframe(pd.DataFrame(match_rows(resolved)), hide_index=True)
    else:
        st.caption("No place of the gazetteer in this text.")
    unresolved = unresolved_rows(matches)
    if unresolved:
        st.caption("Place-like names the gazetteer does not know:")
        st.dataframe(pd.DataFrame(unresolved), hide_index=True)
