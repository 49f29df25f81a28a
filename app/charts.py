"""The timeline chart: incidents per day, week or month, stacked by kind; a click on a bar
narrows the dates to that bar (Vega-Lite through Altair, bundled with Streamlit: offline)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from app import timeline
from geodata.table.timeline import Granularity

SELECTION = "bar"
UNIT_WORDS = {"day": "day", "week": "week (Monday to Sunday)", "month": "month"}


def bar_chart(bars: pd.DataFrame, unit: Granularity, *, height: int = 200) -> alt.Chart:
    """Stacked bars from ``geodata.table.timeline.period_counts``, each as wide as its period."""
    data = bars.assign(stop=bars["end"] + pd.Timedelta(days=1),
                       first=bars["start"].dt.strftime("%Y-%m-%d"), last=bars["end"].dt.strftime("%Y-%m-%d"))
    legend = data.drop_duplicates("label").sort_values("label")
    pick = alt.selection_point(name=SELECTION, fields=["first", "last"], on="click", empty=False)
    return (
        alt.Chart(data)
        .mark_bar(stroke="#ffffff", strokeWidth=0.3 if unit == "day" else 0.6)
        .encode(
            x=alt.X("start:T", title=None, axis=alt.Axis(labelOverlap=True)),
            x2="stop:T",
            y=alt.Y("sum(incidents):Q", title="incidents", stack="zero", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("label:N", title=None,
                            scale=alt.Scale(domain=legend["label"].tolist(), range=legend["colour"].tolist()),
                            legend=alt.Legend(orient="bottom", columns=6, symbolType="square")),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.85)),
            tooltip=[alt.Tooltip("first:N", title="from"), alt.Tooltip("last:N", title="to"),
                     alt.Tooltip("label:N", title="kind"), alt.Tooltip("incidents:Q", title="incidents")],
        )
        .add_params(pick)
        .properties(height=height)
    )


def bar_clicked(key: str) -> None:
    """The callback of a click on a bar: the dates become that bar's."""
    state = st.session_state.get(key)
    chosen = _first_point(state)
    if chosen is None:
        return
    first, last = _day(chosen.get("first")), _day(chosen.get("last"))
    if first is not None and last is not None:
        timeline.set_range(first, last)


def _first_point(state: Any) -> dict[str, Any] | None:
    try:
        points = state["selection"][SELECTION]
    except (KeyError, TypeError):
        return None
    if isinstance(points, list) and points and isinstance(points[0], dict):
        return points[0]
    return None


def _day(value: Any) -> dt.date | None:
    if value is None:
        return None
    try:
        stamp = pd.to_datetime(value, unit="ms") if isinstance(value, int | float) else pd.Timestamp(str(value))
    except (ValueError, TypeError):
        return None
    return None if pd.isna(stamp) else stamp.date()
