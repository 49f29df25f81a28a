"""``--every``: rounds on a schedule until SIGINT or SIGTERM, which stop it cleanly.

A signal during a round ends the round at the next request boundary (what it did is recorded);
a signal between rounds ends the wait. A second signal gives the default behaviour back.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_INTERVAL = re.compile(r"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")
MIN_INTERVAL = 1.0


def parse_interval(text: str) -> float:
    """Seconds in ``30m``, ``1h``, ``1h30m``, ``90s`` or ``1d``; ValueError says what is expected."""
    match = _INTERVAL.match(text.strip().lower())
    if not text.strip() or match is None or not any(match.groups()):
        raise ValueError(f"{text!r} is not an interval: use a number with a unit, such as 30m, 1h, 1h30m or 90s")
    seconds = sum(int(value) * _UNITS[unit] for value, unit in zip(match.groups(), "dhms", strict=True) if value)
    if seconds < MIN_INTERVAL:
        raise ValueError(f"{text!r} is too short: at least {MIN_INTERVAL:g} s between rounds")
    return float(seconds)


@contextmanager
def stop_on_signals(stop: threading.Event, on_signal: Callable[[str], None] | None = None) -> Iterator[threading.Event]:
    """Set ``stop`` on SIGINT or SIGTERM while inside; the previous handlers come back on exit.

    Outside the main thread signals cannot be caught: ``stop`` is then only set by its owner.
    """
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    previous: dict[int, Any] = {}

    def handle(number: int, frame: FrameType | None) -> None:
        stop.set()
        for signum, handler in previous.items():
            signal.signal(signum, handler)  # a second signal acts as usual
        if on_signal is not None:
            on_signal(signal.Signals(number).name)

    for signum in (signal.SIGINT.value, signal.SIGTERM.value):
        previous[signum] = signal.signal(signum, handle)
    try:
        yield stop
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def run_every(interval: float, one_round: Callable[[], Any], *, stop: threading.Event, max_rounds: int | None = None) -> int:
    """Call ``one_round`` now and every ``interval`` seconds until ``stop`` is set; the rounds run."""
    rounds = 0
    while not stop.is_set():
        one_round()
        rounds += 1
        if max_rounds is not None and rounds >= max_rounds:
            break
        stop.wait(interval)
    return rounds
