"""The sidebar's timeline: date boxes, presets, a slider that can pick one day, and playback.

One range is the truth (``FROM`` and ``TO`` in the session: a date, or None for "from the
first" / "to the last"); every control writes it through its callback and is set from it
before it is drawn, so the boxes, the presets, the slider, a click on a bar of the chart,
playback and the address never disagree. The arithmetic is in ``geodata.table.timeline``.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, replace

import streamlit as st

from geodata.table.filters import FilterOptions
from geodata.table.timeline import (
    ALL,
    PRESETS,
    Granularity,
    Window,
    clip,
    playback_frames,
    preset_range,
    reference_day,
    step_for,
    window_for,
)

FROM, TO, WINDOW = "gd_from", "gd_to", "gd_window"
FROM_BOX, TO_BOX, PRESET, YEAR, MONTH = "gd_from_box", "gd_to_box", "gd_preset", "gd_window_year", "gd_window_month"
SLIDER = "gd_dates"
PLAY = "gd_play"
PLAY_SECONDS = 1.6  # per frame: long enough to read the counts at 100,000 incidents
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
STEP_WORDS = {"day": "a day", "week": "a week", "month": "a month"}


@dataclass(frozen=True)
class Playback:
    """Playback of ``period`` in frames of ``step``: the frame shown and whether it runs."""

    period: tuple[dt.date, dt.date]
    step: Granularity
    index: int = 0
    playing: bool = True
    last_step: float = 0.0

    @property
    def frames(self) -> list[tuple[dt.date, dt.date]]:
        return playback_frames(*self.period, self.step)


# ------------------------------------------------------------------ the range


def current_range() -> tuple[dt.date | None, dt.date | None]:
    """The range the page filters on (None: open at that end)."""
    return st.session_state.get(FROM), st.session_state.get(TO)


def set_range(date_from: dt.date | None, date_to: dt.date | None, *, keep_window: bool = False,
              keep_playback: bool = False) -> None:
    """Make (``date_from``, ``date_to``) the range; the slider then spans the smallest calendar
    window that holds it (unless ``keep_window``). Stops playback unless ``keep_playback``."""
    if date_from and date_to and date_from > date_to:
        date_from, date_to = date_to, date_from
    st.session_state[FROM], st.session_state[TO] = date_from, date_to
    if not keep_window:
        st.session_state[WINDOW] = window_for(date_from, date_to).key
    if not keep_playback:
        st.session_state.pop(PLAY, None)


def _bounds(options: FilterOptions) -> tuple[dt.date, dt.date]:
    assert options.date_min is not None and options.date_max is not None
    return options.date_min, options.date_max


# ------------------------------------------------------------------ callbacks


def _boxes_changed(options: FilterOptions) -> None:
    low, high = _bounds(options)
    first, last = st.session_state.get(FROM_BOX), st.session_state.get(TO_BOX)
    set_range(None if first in (None, low) else first, None if last in (None, high) else last)


def _preset_chosen(options: FilterOptions, today: dt.date) -> None:
    name = st.session_state.get(PRESET)
    st.session_state[PRESET] = None  # the pills act as buttons
    if name:
        set_range(*preset_range(name, reference=reference_day(options.date_max, today)))


def _window_chosen(options: FilterOptions) -> None:
    year, month = st.session_state.get(YEAR), st.session_state.get(MONTH)
    if year in (None, ALL):
        set_range(None, None)
        return
    window = Window.parse(f"{year}-{month}" if month else str(year))
    low, high = _bounds(options)
    first, last = window.bounds(low, high)
    set_range(first, last)


def _slider_moved(options: FilterOptions, key: str, shown: tuple[dt.date, dt.date]) -> None:
    """Only the thumb the analyst moved changes the range: the other keeps its date, even one
    outside the slider's window."""
    low, high = _bounds(options)
    first, last = st.session_state[key]
    date_from, date_to = current_range()
    if first != shown[0]:
        date_from = None if first == low else first
    if last != shown[1]:
        date_to = None if last == high else last
    set_range(date_from, date_to, keep_window=True)


def _play_pressed(options: FilterOptions) -> None:
    play: Playback | None = st.session_state.get(PLAY)
    now = time.monotonic()
    if play is not None:
        if play.playing:
            st.session_state[PLAY] = replace(play, playing=False)
        elif play.index < len(play.frames) - 1:
            st.session_state[PLAY] = replace(play, playing=True, last_step=now)
        else:  # at the end: from the start again
            st.session_state[PLAY] = play = replace(play, index=0, playing=True, last_step=now)
            _show_frame(play)
        return
    low, high = _bounds(options)
    date_from, date_to = current_range()
    period = (date_from or low, date_to or high)
    play = Playback(period, step_for(*period), last_step=now)
    set_range(*period)  # the slider spans the period, its thumbs move through it
    st.session_state[PLAY] = play
    _show_frame(play)


def _stop_pressed() -> None:
    play: Playback | None = st.session_state.get(PLAY)
    if play is not None:
        set_range(*play.period)


def _show_frame(play: Playback) -> None:
    first, last = play.frames[play.index]
    set_range(first, last, keep_window=True, keep_playback=True)


def advance(play: Playback, now: float) -> Playback:
    """The next frame (the last one stops the playback)."""
    index = min(play.index + 1, len(play.frames) - 1)
    return replace(play, index=index, playing=index < len(play.frames) - 1, last_step=now)


# ------------------------------------------------------------------ drawing


def chosen_range(options: FilterOptions) -> tuple[dt.date | None, dt.date | None]:
    """The range ``timeline`` returns, without drawing it."""
    if options.date_min is None or options.date_max is None:
        return None, None
    if options.date_min == options.date_max:
        set_range(None, None)
        return None, None
    return current_range()


def timeline(options: FilterOptions, *, today: dt.date | None = None) -> tuple[dt.date | None, dt.date | None]:
    """Draw the timeline in the current container (the sidebar) and return the range."""
    if options.date_min is None or options.date_max is None:
        st.caption("No incident has a date yet.")
        return None, None
    today = today or dt.date.today()
    low, high = options.date_min, options.date_max
    if low == high:
        st.caption(f"All dated incidents are on {low.isoformat()}")
        set_range(None, None)
        return None, None
    date_from, date_to = current_range()
    _sync(options, date_from, date_to)
    st.markdown("**Dates**")
    left, right = st.columns(2)
    # from the first of January of the first year to today: presets and windows reach past the data
    earliest = min(dt.date(low.year, 1, 1), st.session_state[FROM_BOX], st.session_state[TO_BOX])
    latest = max(high, today, st.session_state[FROM_BOX], st.session_state[TO_BOX])
    left.date_input("From", key=FROM_BOX, min_value=earliest, max_value=latest, format="YYYY-MM-DD",
                    on_change=_boxes_changed, args=(options,))
    right.date_input("To", key=TO_BOX, min_value=earliest, max_value=latest, format="YYYY-MM-DD",
                     on_change=_boxes_changed, args=(options,))
    reference = reference_day(high, today)
    st.pills("Presets", [key for key, _ in PRESETS], format_func=dict(PRESETS).__getitem__, key=PRESET,
             label_visibility="collapsed", on_change=_preset_chosen, args=(options, today),
             help=f"Counted back from {reference.isoformat()}" + ("" if reference == today else
                                                                  ", the latest incident"))
    _window_choice(options)
    _slider(options)
    _player(options)
    return current_range()


def _sync(options: FilterOptions, date_from: dt.date | None, date_to: dt.date | None) -> None:
    """Set every control from the range before it is drawn."""
    low, high = _bounds(options)
    st.session_state[FROM_BOX] = date_from or low
    st.session_state[TO_BOX] = date_to or high
    window = Window.parse(st.session_state.get(WINDOW) or window_for(date_from, date_to).key)
    st.session_state[WINDOW] = window.key
    st.session_state[YEAR] = str(window.year) if window.year is not None else ALL
    st.session_state[MONTH] = f"{window.month:02d}" if window.month is not None else ""


def _window_choice(options: FilterOptions) -> None:
    low, high = _bounds(options)
    years = [ALL, *(str(year) for year in range(high.year, low.year - 1, -1))]
    if st.session_state[YEAR] not in years:
        years.append(st.session_state[YEAR])
    left, right = st.columns(2)
    left.selectbox("Slider over", years, key=YEAR, format_func=lambda year: "all years" if year == ALL else year,
                   on_change=_window_chosen, args=(options,),
                   help="Narrow the slider to a year or a month to pick single days with the mouse")
    right.selectbox("Month", ["", *(f"{number:02d}" for number in range(1, 13))], key=MONTH,
                    format_func=lambda month: MONTHS[int(month) - 1] if month else "whole year",
                    on_change=_window_chosen, args=(options,), disabled=st.session_state[YEAR] == ALL)


def _slider(options: FilterOptions) -> None:
    low, high = _bounds(options)
    window = Window.parse(st.session_state[WINDOW])
    first, last = window.bounds(low, high)
    if window.key == ALL:
        first, last = low, high
    date_from, date_to = current_range()
    shown = (clip(date_from or low, first, last), clip(date_to or high, first, last))
    if shown[0] > shown[1]:
        shown = (first, last)
    key = f"{SLIDER}_{window.key}_{first}_{last}"
    st.session_state[key] = shown
    st.slider("Dates", min_value=first, max_value=last, key=key, step=dt.timedelta(days=1), format="YYYY-MM-DD",
              on_change=_slider_moved, args=(options, key, shown), label_visibility="collapsed")


def _player(options: FilterOptions) -> None:
    play: Playback | None = st.session_state.get(PLAY)
    left, right = st.columns([1, 1])
    if play is None:
        label, help_text = "▶ Play", "Step through the dates shown; the map and the counts follow"
    elif play.playing:
        label, help_text = "⏸ Pause", "Stay on this frame"
    elif play.index < len(play.frames) - 1:
        label, help_text = "▶ Resume", "Go on from this frame"
    else:
        label, help_text = "▶ Again", "Step through the period again"
    left.button(label, key="gd_play_button", on_click=_play_pressed, args=(options,), help=help_text,
                width="stretch")
    if play is None:
        return
    right.button("■ Stop", key="gd_stop_button", on_click=_stop_pressed, width="stretch",
                 help="Back to the whole period")
    first, last = play.frames[play.index]
    span = first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"
    st.caption(f"Frame {play.index + 1} of {len(play.frames)}, {STEP_WORDS[play.step]} each: {span}")
    if play.playing:
        st.fragment(run_every=PLAY_SECONDS)(_tick)()


def _tick() -> None:
    """Every PLAY_SECONDS while playing: the next frame, and the whole page follows."""
    play: Playback | None = st.session_state.get(PLAY)
    now = time.monotonic()
    if play is None or not play.playing or now - play.last_step < PLAY_SECONDS * 0.75:
        return  # run with the page, not by the timer: nothing to do
    play = advance(play, now)
    st.session_state[PLAY] = play
    _show_frame(play)
    st.rerun()


def span_text(date_from: dt.date | None, date_to: dt.date | None, options: FilterOptions) -> str:
    """"2023-04-03 – 2023-04-09", or the data's range when open."""
    low, high = options.date_min, options.date_max
    first, last = date_from or low, date_to or high
    if first is None or last is None:
        return "no dates"
    return first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"
