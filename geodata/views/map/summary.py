"""Figures the map page shows next to the map: counts and incidents per day by kind."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from geodata.events.kinds import kind_colour, kind_label


@dataclass(frozen=True)
class Counts:
    incidents: int
    sources: int  # distinct articles
    places: int  # distinct located places


def counts(frame: pd.DataFrame) -> Counts:
    """How many incidents, distinct source articles and distinct places ``frame`` holds."""
    articles = {source.get("article_id") for sources in frame["sources"] for source in (sources or ())
                if isinstance(source, dict)}
    places = frame["place_id"].dropna()
    if places.empty:  # places without a gazetteer id still count by position
        places = frame[["lat", "lon"]].dropna().drop_duplicates()
    return Counts(incidents=len(frame), sources=len(articles - {None}), places=int(places.nunique()
                  if isinstance(places, pd.Series) else len(places)))


def daily_counts(frame: pd.DataFrame, *, start: dt.date | None = None,
                 end: dt.date | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Incidents per day (rows: every day from ``start`` to ``end``, by default the data's
    range) and kind (columns, by label), zeros filled, and the map's colour of each column.
    Columns are sorted by label, the order charts use for a colour list, so colours and
    kinds cannot drift apart."""
    dated = frame.dropna(subset=["date"])
    if dated.empty:
        return pd.DataFrame(), []
    days = dated["date"].dt.normalize()
    table = dated.groupby([days, dated["kind"].astype(str)]).size().unstack(fill_value=0)
    first = pd.Timestamp(start) if start is not None else days.min()
    last = pd.Timestamp(end) if end is not None else days.max()
    table = table.reindex(pd.date_range(min(first, days.min()), max(last, days.max()), freq="D"), fill_value=0)
    kinds = sorted(table.columns, key=kind_label)
    table = table[kinds]
    table.index.name = "day"
    table.columns = [kind_label(kind) for kind in kinds]
    return table, [kind_colour(kind) for kind in kinds]
