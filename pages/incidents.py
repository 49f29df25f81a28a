"""Incidents page: the filtered incidents as a tall sortable table (a selected row opens on the
map), and downloads of them."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.elements.lib.column_types import ColumnConfig

from app import address, cache, common
from geodata.table.exporters import EXPORTERS
from geodata.table.query import MapView
from geodata.views.incident import DISPLAY_COLUMNS, export_file_name
from geodata.views.map.selection import Selection

DOWNLOADS = (("csv", "CSV"), ("geojson", "GeoJSON"), ("acled", "ACLED CSV"))
LABELS = dict(DISPLAY_COLUMNS)
MAP_PAGE = str(Path(__file__).resolve().parent / "map.py")
TABLE_HEIGHT = 640
OPEN_ZOOM = 12
PRECISION_HELP = "1: the site or town itself; 2: near or between named places; 3: a region"


def column_config() -> dict[str, ColumnConfig]:
    config = st.column_config
    columns: dict[str, ColumnConfig] = {name: config.TextColumn(label) for name, label in DISPLAY_COLUMNS}
    columns |= {
        "date": config.DateColumn(LABELS["date"], format="YYYY-MM-DD"),
        "geo_precision": config.NumberColumn(LABELS["geo_precision"], format="%d", help=PRECISION_HELP),
        "lat": config.NumberColumn(LABELS["lat"], format="%.4f"),
        "lon": config.NumberColumn(LABELS["lon"], format="%.4f"),
        "killed": config.NumberColumn(LABELS["killed"], format="%d"),
        "injured": config.NumberColumn(LABELS["injured"], format="%d"),
        "n_sources": config.NumberColumn(LABELS["n_sources"], format="%d"),
        "background": config.CheckboxColumn(LABELS["background"], help="Mentioned only as earlier context"),
        "flagged": config.CheckboxColumn(LABELS["flagged"], help="A new extraction disagrees with the analyst's review"),
        # Only links that passed geodata.views.escape.safe_url reach this column (display_table).
        "link": config.LinkColumn(LABELS["link"], display_text=r"https?://(?:www\.)?([^/?#]+)"),
        "excerpt": config.TextColumn(LABELS["excerpt"], width="large",
                                     help="What the first source said (the map's panel shows every source)"),
    }
    for name in ("actors_by", "actors_against", "outlets", "disagreements", "notes", "corrected_fields"):
        columns[name] = config.ListColumn(LABELS[name])
    return columns


def open_on_map(row: pd.Series) -> None:
    """Select the row's place on the map and centre the map on it."""
    lat, lon = row["lat"], row["lon"]
    state = st.session_state
    state[address.VIEW] = state[address.VIEW_REQUEST] = MapView(round(float(lat), 5), round(float(lon), 5), OPEN_ZOOM)
    state[address.SELECTION] = Selection("at", round(float(lat), 5), round(float(lon), 5)).text()
    st.switch_page(MAP_PAGE)


page_context = common.context()
frame = page_context.filtered
filters = page_context.filters

st.title("Incidents")
pages = max(1, -(-len(frame) // cache.TABLE_PAGE_ROWS))
page = 1
if pages > 1:
    page = int(st.number_input(f"Page of the table (of {pages:,}, {cache.TABLE_PAGE_ROWS:,} rows each, newest first)",
                               min_value=1, max_value=pages, step=1, key=f"gd_incident_page_{pages}"))
st.caption(f"{len(frame):,} of {len(page_context.frame):,} incidents match the filters in the sidebar. "
           "Click a column header to sort the page; select a row to open it on the map.")
table = cache.incident_table(page_context.table_key, filters, page, cache.TABLE_PAGE_ROWS)
event = st.dataframe(table, column_config=column_config(), hide_index=True, height=TABLE_HEIGHT, placeholder="",
                     on_select="rerun", selection_mode="single-row", key=f"gd_incident_rows_{page}")
chosen = event.selection.rows if event is not None else []
if chosen:
    row = table.iloc[chosen[0]]
    day = row["date"].strftime("%Y-%m-%d") if pd.notna(row["date"]) else "undated"
    label = f"{row['kind']} · {row['place'] or 'no place'} · {day}"
    if pd.notna(row["lat"]) and pd.notna(row["lon"]):
        if st.button(f"Open on the map: {label}", icon=":material/map:", type="primary"):
            open_on_map(row)
    else:
        st.caption(f"{label}: no location, so not on the map.")

columns = st.columns(len(DOWNLOADS))
for column, (name, label) in zip(columns, DOWNLOADS, strict=True):
    exporter = EXPORTERS[name]
    column.download_button(
        f"Download {label}",
        # Built when clicked, not on every rerun, from the store; file names never contain article text.
        data=partial(cache.export_bytes, page_context.table_key, filters, name),
        file_name=export_file_name(name, exporter.suffix, filters.date_from, filters.date_to),
        mime=exporter.media_type, on_click="ignore", key=f"gd_download_{name}", icon=":material/download:",
    )
st.caption("CSV files start with a UTF-8 byte-order mark, so Excel shows the Arabic as it is. Every incident under "
           "the filters is downloaded, not only this page.")
