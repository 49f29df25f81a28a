"""The incident table as a flat CSV: one row per incident, lists joined with "; "; the values an
analyst corrected, with the review status and the corrected fields' names."""

from __future__ import annotations

import pandas as pd

from geodata.table.exporters.common import CSV_ENCODING, iso_date, joined, safe_frame

COLUMNS = (
    "incident_id", "kind", "acled_event_type", "acled_sub_event_type", "date", "date_precision", "time_of_day",
    "background", "place_id", "place_name_en", "place_name_ar", "lat", "lon", "geo_precision", "uncertainty_m",
    "in_region", "admin1_pcode", "admin1_en", "admin1_ar", "admin2_pcode", "admin2_en", "admin2_ar",
    "admin3_pcode", "admin3_en", "admin3_ar", "launch_id", "launch_name_en", "launch_name_ar", "launch_lat", "launch_lon", "actors_by",
    "actors_against", "killed", "injured", "n_sources", "outlets", "article_ids", "urls", "excerpts",
    "disagreements", "controller", "launch_controller", "review_status", "corrected_fields", "flagged",
)


_LISTS = frozenset({"actors_by", "actors_against", "outlets", "disagreements", "corrected_fields"})


class CsvExporter:
    name = "csv"
    suffix = ".csv"
    media_type = "text/csv"

    def to_bytes(self, frame: pd.DataFrame) -> bytes:
        return flat_table(frame).to_csv(index=False).encode(CSV_ENCODING)


def flat_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with list columns joined into text, ready for a spreadsheet."""
    flat = pd.DataFrame(index=frame.index)
    for column in COLUMNS:
        if column in frame.columns and column not in _LISTS | {"date"}:
            flat[column] = frame[column].astype(object)
    flat["date"] = frame["date"].map(iso_date)
    for column in _LISTS:
        flat[column] = frame[column].map(joined)
    flat["article_ids"] = frame["sources"].map(lambda sources: joined(source["article_id"] for source in sources))
    flat["urls"] = frame["sources"].map(lambda sources: joined(source.get("url") for source in sources))
    flat["excerpts"] = frame["sources"].map(lambda sources: joined((source["excerpt"] for source in sources), " || "))
    return safe_frame(flat[list(COLUMNS)])
