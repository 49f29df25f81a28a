"""geodata.table.timeline: presets, the slider's window, bars by span, playback frames."""

from __future__ import annotations

import datetime as dt
import itertools

import pandas as pd
import pytest

from geodata.table.timeline import (
    Window,
    granularity,
    period_counts,
    period_of,
    playback_frames,
    preset_range,
    reference_day,
    step_for,
    window_for,
)
from tests.fixtures.incidents import fixture_frame

D = dt.date


def test_presets_count_back_from_today_while_the_data_is_fresh() -> None:
    today = D(2025, 6, 20)
    assert reference_day(D(2025, 6, 19), today) == today
    assert reference_day(None, today) == today
    # a corpus of past years counts back from its latest incident
    assert reference_day(D(2023, 4, 15), today) == D(2023, 4, 15)


@pytest.mark.parametrize(("name", "expected"), [
    ("24h", (D(2023, 4, 15), D(2023, 4, 15))),
    ("7d", (D(2023, 4, 9), D(2023, 4, 15))),
    ("30d", (D(2023, 3, 17), D(2023, 4, 15))),
    ("year", (D(2023, 1, 1), D(2023, 4, 15))),
    ("all", (None, None)),
])
def test_presets(name: str, expected: tuple) -> None:
    assert preset_range(name, reference=D(2023, 4, 15)) == expected


def test_an_unknown_preset_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="7d"):
        preset_range("fortnight", reference=D(2023, 4, 15))


@pytest.mark.parametrize(("first", "last", "window"), [
    (D(2023, 4, 3), D(2023, 4, 9), "2023-04"),
    (D(2023, 4, 28), D(2023, 5, 2), "2023"),
    (D(2022, 12, 28), D(2023, 1, 2), "all"),
    (None, D(2023, 1, 2), "all"),
])
def test_the_slider_spans_the_smallest_calendar_window_of_the_range(first, last, window: str) -> None:
    assert window_for(first, last).key == window


def test_a_window_of_a_month_makes_every_day_a_step_of_the_slider() -> None:
    low, high = D(2017, 7, 1), D(2025, 12, 22)
    assert Window.parse("2024-02").bounds(low, high) == (D(2024, 2, 1), D(2024, 2, 29))
    assert Window.parse("2023").bounds(low, high) == (D(2023, 1, 1), D(2023, 12, 31))
    assert Window.parse("all").bounds(low, high) == (low, high)
    # eight years on a slider of 250 pixels are 12 days a pixel; a month is 8 pixels a day
    assert (high - low).days / 250 > 10 and 250 / 31 > 8
    for bad in ("2023-13", "23", "2023/04", "everything"):
        with pytest.raises(ValueError, match="window"):
            Window.parse(bad)


@pytest.mark.parametrize(("days", "unit"), [(1, "day"), (62, "day"), (63, "week"), (732, "week"), (733, "month"),
                                            (8 * 365, "month")])
def test_bars_by_day_week_or_month_chosen_by_the_span(days: int, unit: str) -> None:
    start = D(2018, 1, 1)
    assert granularity(start, start + dt.timedelta(days=days - 1)) == unit


def test_a_bar_runs_monday_to_sunday_or_a_calendar_month() -> None:
    assert period_of(D(2023, 4, 13), "week") == (D(2023, 4, 10), D(2023, 4, 16))
    assert period_of(D(2023, 4, 13), "month") == (D(2023, 4, 1), D(2023, 4, 30))
    assert period_of(D(2023, 4, 13), "day") == (D(2023, 4, 13), D(2023, 4, 13))


def test_period_counts_by_week_and_kind() -> None:
    frame = fixture_frame()
    bars, unit = period_counts(frame, start=D(2023, 1, 1), end=D(2023, 12, 31))
    assert unit == "week"
    week = bars[bars["start"] == pd.Timestamp("2023-04-10")]
    assert int(week["incidents"].sum()) == 8 and set(week["end"]) == {pd.Timestamp("2023-04-16")}
    assert int(week.loc[week["kind"] == "airstrike", "incidents"].iloc[0]) == 2
    march = bars[bars["start"] == pd.Timestamp("2023-03-20")]
    assert list(march["label"]) == ["Drone attack"]
    assert int(bars["incidents"].sum()) == int(frame["date"].notna().sum())  # undated incidents have no bar
    monthly, unit = period_counts(frame, start=D(2017, 1, 1), end=D(2025, 12, 31))
    assert unit == "month" and set(monthly["start"]) == {pd.Timestamp("2023-03-01"), pd.Timestamp("2023-04-01")}
    empty, unit = period_counts(frame.iloc[0:0])
    assert empty.empty and unit is None


@pytest.mark.parametrize(("first", "last", "step", "count", "second"), [
    (D(2023, 4, 10), D(2023, 4, 16), "day", 7, (D(2023, 4, 11), D(2023, 4, 11))),
    (D(2023, 1, 1), D(2023, 3, 1), "week", 9, (D(2023, 1, 8), D(2023, 1, 14))),
    (D(2017, 7, 15), D(2025, 12, 22), "month", 102, (D(2017, 8, 1), D(2017, 8, 31))),
])
def test_playback_frames_cover_the_range(first, last, step, count, second) -> None:
    assert step_for(first, last) == step
    frames = playback_frames(first, last, step)
    assert len(frames) == count and frames[1] == second
    assert frames[0][0] == first and frames[-1][1] == last
    assert all(following[0] == previous[1] + dt.timedelta(days=1) for previous, following in itertools.pairwise(frames))
    assert playback_frames(last, first, step) == []
