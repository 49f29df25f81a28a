"""Incidents page: the filtered incidents as a sortable table, and downloads of them."""

from __future__ import annotations

from functools import partial

import streamlit as st
from streamlit.elements.lib.column_types import ColumnConfig

from app import cache, common
from geodata.table.exporters import EXPORTERS
from geodata.views.incident import DISPLAY_COLUMNS, export_file_name

DOWNLOADS = (("csv", "CSV"), ("geojson", "GeoJSON"), ("acled", "ACLED CSV"))
LABELS = dict(DISPLAY_COLUMNS)
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
    }
    for name in ("actors_by", "actors_against", "outlets", "disagreements", "notes", "corrected_fields"):
        columns[name] = config.ListColumn(LABELS[name])
    return columns


page_context = common.context()
frame = page_context.filtered
filters = page_context.filters

st.title("Incidents")
st.caption(f"{len(frame):,} of {len(page_context.frame):,} incidents match the filters in the sidebar. "
           "Click a column header to sort.")
table = cache.incident_table(page_context.table_key, filters)
st.dataframe(table, column_config=column_config(), hide_index=True)

columns = st.columns(len(DOWNLOADS))
for column, (name, label) in zip(columns, DOWNLOADS, strict=True):
    exporter = EXPORTERS[name]
    column.download_button(
        f"Download {label}",
        # Built when clicked, not on every rerun; file names never contain article text.
        data=partial(exporter.to_bytes, frame),
        file_name=export_file_name(name, exporter.suffix, filters.date_from, filters.date_to),
        mime=exporter.media_type, on_click="ignore", key=f"gd_download_{name}", icon=":material/download:",
    )
