"""Figures the map page shows with the map: counts, casualties and actors of the filtered period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from geodata.events.actors import actor_label
from geodata.events.kinds import kind_colour, kind_label
from geodata.table.lean import value_counts
from geodata.table.review import REVIEWED


@dataclass(frozen=True)
class Counts:
    incidents: int
    sources: int  # distinct articles
    places: int  # distinct located places
    dated: int = 0
    undated: int = 0
    killed: int = 0  # summed over the incidents whose reports give a number
    injured: int = 0
    reviewed: int = 0  # confirmed or corrected by an analyst
    flagged: int = 0  # extraction changed since review


def source_articles(frame: pd.DataFrame) -> pd.Series:
    """The article id of every source of every incident, indexed by the incident's row (a row
    appears once per source): worked out once per table, it makes ``counts`` cheap."""
    pairs = [(index, source.get("article_id")) for index, sources in zip(frame.index, frame["sources"], strict=True)
             for source in (sources or ()) if isinstance(source, dict)]
    return pd.Series([article for _, article in pairs], index=[index for index, _ in pairs], dtype=object)


def counts(frame: pd.DataFrame, *, articles: pd.Series | None = None) -> Counts:
    """How many incidents (dated and undated), distinct source articles, distinct places, and
    people reported killed and injured ``frame`` holds. ``articles`` (``source_articles`` of
    the table ``frame`` was filtered from) saves reading every source again."""
    articles = source_articles(frame) if articles is None else articles[articles.index.isin(frame.index)]
    places = frame["place_id"].dropna()
    if places.empty:  # places without a gazetteer id still count by position
        places = frame[["lat", "lon"]].dropna().drop_duplicates()
    undated = int(frame["date"].isna().sum())
    reviewed = int(frame["review_status"].isin(REVIEWED).sum()) if "review_status" in frame.columns else 0
    flagged = int(frame["flagged"].fillna(False).astype(bool).sum()) if "flagged" in frame.columns else 0
    return Counts(incidents=len(frame), sources=int(articles.dropna().nunique()), places=int(places.nunique()
                  if isinstance(places, pd.Series) else len(places)), dated=len(frame) - undated, undated=undated,
                  killed=int(frame["killed"].sum(skipna=True)), injured=int(frame["injured"].sum(skipna=True)),
                  reviewed=reviewed, flagged=flagged)


def casualties_by_kind(frame: pd.DataFrame) -> pd.DataFrame:
    """Per kind (by label, most killed first): incidents, incidents with a reported figure,
    killed and injured; a last row "All" sums them."""
    columns = ["kind", "incidents", "with figures", "killed", "injured"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    reported = frame["killed"].notna() | frame["injured"].notna()
    table = pd.DataFrame({"kind": frame["kind"].astype(str), "reported": reported.to_numpy(),
                          "killed": frame["killed"].fillna(0).astype("int64").to_numpy(),
                          "injured": frame["injured"].fillna(0).astype("int64").to_numpy()})
    grouped = table.groupby("kind", sort=False)
    result = pd.DataFrame({"incidents": grouped.size(), "with figures": grouped["reported"].sum(),
                           "killed": grouped["killed"].sum(), "injured": grouped["injured"].sum()}).reset_index()
    result["kind"] = [kind_label(kind) for kind in result["kind"]]
    result = result.sort_values(["killed", "injured", "incidents"], ascending=False, kind="stable")
    total = pd.DataFrame([{"kind": "All", "incidents": len(table), "with figures": int(reported.sum()),
                           "killed": int(table["killed"].sum()), "injured": int(table["injured"].sum())}])
    return pd.concat([result, total], ignore_index=True)[columns].astype(
        {"incidents": "int64", "with figures": "int64", "killed": "int64", "injured": "int64"})


def actor_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Per actor (by label): incidents it carried out (``by``) and incidents aimed at it
    (``against``), most active first; incidents with no actor named are not counted."""
    columns = ["actor", "by", "against"]
    parts = []
    for role in ("by", "against"):
        parts.append(value_counts(frame[f"actors_{role}"]).rename(role))
    table = pd.concat(parts, axis=1).fillna(0).astype("int64")
    if table.empty:
        return pd.DataFrame(columns=columns)
    table = table.assign(total=table["by"] + table["against"]).sort_values(["total", "by"], ascending=False)
    table.index = [actor_label(key) for key in table.index]
    return table.rename_axis("actor").reset_index()[columns]


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
