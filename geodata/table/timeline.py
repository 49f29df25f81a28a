"""The timeline's arithmetic: presets, the slider's window, bars by day, week or month, playback.

Pure functions of dates and the incident table, so the sidebar and the chart only draw.

- Presets (last 24 hours, 7 days, 30 days, this year, everything) count back from a
  reference day: today while the data reaches the last month, else the latest incident
  (a corpus of past years still answers "the last 7 days" with its last week).
- The slider spans a window (every date, one year or one month) so that a single day can be
  picked with the mouse in a range of many years; ``window_for`` picks the smallest calendar
  window that holds a range.
- Bars: one per day up to two months, per week (Monday to Sunday) up to two years, per month
  beyond (``granularity``); a bar's own dates are ``period_of`` its first day.
- Playback steps through a range by ``step_for`` its span: day, week or month frames.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from geodata.events.kinds import kind_colour, kind_label

Granularity = Literal["day", "week", "month"]
PRESETS: tuple[tuple[str, str], ...] = (
    ("24h", "Last 24 h"), ("7d", "7 days"), ("30d", "30 days"), ("year", "This year"), ("all", "Everything"),
)
PRESET_DAYS = {"24h": 1, "7d": 7, "30d": 30}
RECENT_DAYS = 31  # data this fresh counts presets back from today
DAILY_UP_TO_DAYS = 62
WEEKLY_UP_TO_DAYS = 2 * 366
ALL = "all"


# ------------------------------------------------------------------ presets


def reference_day(data_max: dt.date | None, today: dt.date) -> dt.date:
    """The day presets count back from: today when the latest incident is within a month of
    it (or there is none), else the latest incident."""
    if data_max is None or data_max >= today - dt.timedelta(days=RECENT_DAYS):
        return today
    return data_max


def preset_range(name: str, *, reference: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """(first, last) day of a preset; (None, None) for everything. KeyError names the presets."""
    if name == ALL:
        return None, None
    if name == "year":
        return dt.date(reference.year, 1, 1), reference
    if name not in PRESET_DAYS:
        raise KeyError(f"unknown preset {name!r}; expected one of {', '.join(key for key, _ in PRESETS)}")
    return reference - dt.timedelta(days=PRESET_DAYS[name] - 1), reference


# ------------------------------------------------------------------ the slider's window


@dataclass(frozen=True)
class Window:
    """The dates the slider spans: ``all``, a year ``"2023"`` or a month ``"2023-04"``."""

    key: str

    @property
    def year(self) -> int | None:
        return None if self.key == ALL else int(self.key[:4])

    @property
    def month(self) -> int | None:
        return int(self.key[5:7]) if len(self.key) == 7 else None

    def bounds(self, data_min: dt.date, data_max: dt.date) -> tuple[dt.date, dt.date]:
        """First and last day of the window (the data's range for ``all``)."""
        if self.year is None:
            return data_min, data_max
        if self.month is None:
            return dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
        first = dt.date(self.year, self.month, 1)
        return first, _month_end(first)

    @staticmethod
    def parse(key: str) -> Window:
        """``all``, ``YYYY`` or ``YYYY-MM``; ValueError otherwise."""
        if key == ALL:
            return Window(ALL)
        try:
            if len(key) == 4:
                dt.date(int(key), 1, 1)
                return Window(key)
            if len(key) == 7 and key[4] == "-":
                dt.date(int(key[:4]), int(key[5:]), 1)
                return Window(key)
        except ValueError:
            pass
        raise ValueError(f"a slider window is 'all', a year like 2023 or a month like 2023-04; got {key!r}")


def window_for(date_from: dt.date | None, date_to: dt.date | None) -> Window:
    """The smallest calendar window (month, year, every date) that holds the range."""
    if date_from is None or date_to is None:
        return Window(ALL)
    if (date_from.year, date_from.month) == (date_to.year, date_to.month):
        return Window(f"{date_from.year:04d}-{date_from.month:02d}")
    if date_from.year == date_to.year:
        return Window(f"{date_from.year:04d}")
    return Window(ALL)


def clip(day: dt.date, low: dt.date, high: dt.date) -> dt.date:
    return min(max(day, low), high)


# ------------------------------------------------------------------ bars


def granularity(start: dt.date, end: dt.date) -> Granularity:
    """Bars per day for up to two months, per week for up to two years, per month beyond."""
    days = (end - start).days + 1
    if days <= DAILY_UP_TO_DAYS:
        return "day"
    if days <= WEEKLY_UP_TO_DAYS:
        return "week"
    return "month"


def period_of(day: dt.date, unit: Granularity) -> tuple[dt.date, dt.date]:
    """First and last day of the bar that holds ``day`` (weeks run Monday to Sunday)."""
    if unit == "day":
        return day, day
    if unit == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    start = day.replace(day=1)
    return start, _month_end(start)


def _month_end(first: dt.date) -> dt.date:
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def period_counts(frame: pd.DataFrame, *, start: dt.date | None = None, end: dt.date | None = None,
                  unit: Granularity | None = None) -> tuple[pd.DataFrame, Granularity | None]:
    """Dated incidents per bar and kind, long form: ``start``, ``end`` (the bar's first and last
    day, as datetimes), ``kind``, ``label``, ``colour``, ``incidents``; bars with no incident are
    left out. The range defaults to the data's; the unit to ``granularity`` of the range."""
    dated = frame["date"].dropna()
    if dated.empty:
        return pd.DataFrame(columns=["start", "end", "kind", "label", "colour", "incidents"]), None
    first = start or dated.min().date()
    last = end or dated.max().date()
    unit = unit or granularity(first, last)
    days = dated.dt.normalize()
    if unit == "day":
        starts = days
    elif unit == "week":
        starts = days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    else:
        starts = days.dt.to_period("M").dt.start_time
    kinds = frame.loc[dated.index, "kind"].astype(str)
    counts = pd.DataFrame({"start": starts, "kind": kinds}).groupby(["start", "kind"]).size()
    table = counts.rename("incidents").reset_index()
    table["end"] = [pd.Timestamp(period_of(stamp.date(), unit)[1]) for stamp in table["start"]]
    table["label"] = [kind_label(kind) for kind in table["kind"]]
    table["colour"] = [kind_colour(kind) for kind in table["kind"]]
    return table[["start", "end", "kind", "label", "colour", "incidents"]], unit


# ------------------------------------------------------------------ playback


def step_for(start: dt.date, end: dt.date) -> Granularity:
    """Playback frames of a day for a range up to a month, a week up to a year, a month beyond."""
    days = (end - start).days + 1
    if days <= 31:
        return "day"
    if days <= 366:
        return "week"
    return "month"


def playback_frames(start: dt.date, end: dt.date, step: Granularity) -> list[tuple[dt.date, dt.date]]:
    """Consecutive frames of ``step`` from ``start`` to ``end``, each clipped to the range; the
    first starts on ``start`` (a week frame is seven days from there, not a calendar week)."""
    if end < start:
        return []
    frames = []
    first = start
    while first <= end:
        if step == "day":
            following = first + dt.timedelta(days=1)
        elif step == "week":
            following = first + dt.timedelta(days=7)
        else:
            following = _month_end(first.replace(day=1)) + dt.timedelta(days=1)
        frames.append((first, min(following - dt.timedelta(days=1), end)))
        first = following
    return frames
