"""How the time of an operation grows with the size of its input: a test of complexity that does
not depend on how fast the machine is.

    growth = measure_growth(lambda text: find_dates(text, day), lambda size: "قبل " * (size // 4),
                            sizes=doubling(2_000, 5))     # 2,000 to 32,000 characters
    assert_linear(growth)          # the exponent k of time ~ size^k is below 1.5 (and above 0.6)

The operation is timed at each size (n, 2n, 4n, ...) in CPU time of this process, so that other
processes competing for the cores do not count. Each sample runs the operation enough times to
last ``MIN_SAMPLE_S`` (the timer's resolution then does not matter), garbage collection is
paused while timing, the sizes are taken in turn (forwards, then backwards) so a burst of load
falls on all of them alike, and the fastest of ``repeats`` samples is kept: noise only adds time.
The exponent ``k`` of ``time ~ size^k`` is the median of the log-log slopes between consecutive
sizes: a constant factor (a machine twice as slow) moves every point alike and leaves the slopes
unchanged, and one step in cost where the input outgrows a CPU cache (seen here as a fourfold
jump across one doubling, flat on either side) moves one slope only. About 1 is linear, about 2
quadratic. The least-squares slope over all sizes is reported beside it. ``bench/linearity.py``
reports the fitted exponent over much larger sizes.
"""

from __future__ import annotations

import gc
import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

MIN_SAMPLE_S = 0.02  # CPU seconds a sample lasts at least (the operation is repeated to reach it)
REPEATS = 5
LINEAR_LIMIT = 1.5  # above this exponent, growth is reported as superlinear
MEASURABLE_LIMIT = 0.6  # below this the fixed cost hides the growth: the sizes are too small to tell


def doubling(start: int, count: int = 5) -> list[int]:
    """``count`` sizes from ``start``, each twice the last: n, 2n, 4n, 8n, ..."""
    return [start * 2 ** power for power in range(count)]


@dataclass(frozen=True)
class Growth:
    """CPU seconds of one call at each size, and what they say."""

    sizes: tuple[int, ...]
    seconds: tuple[float, ...]
    loops: tuple[int, ...]  # calls per sample at each size

    def _logs(self) -> tuple[list[float], list[float]]:
        return [math.log(size) for size in self.sizes], [math.log(max(seconds, 1e-12)) for seconds in self.seconds]

    @property
    def slopes(self) -> list[float]:
        """The log-log slope between each size and the next."""
        xs, ys = self._logs()
        return [(ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]) for i in range(len(xs) - 1)]

    @property
    def exponent(self) -> float:
        """The median of ``slopes``: k in time ~ size^k."""
        return statistics.median(self.slopes)

    @property
    def fitted(self) -> float:
        """The least-squares slope of log(seconds) on log(size) over every size."""
        xs, ys = self._logs()
        mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
        spread = sum((x - mean_x) ** 2 for x in xs)
        return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread

    def table(self) -> str:
        rows = [f"{'size':>10} {'ms/call':>10} {'µs per 1k':>10} {'calls/sample':>12} {'slope to next':>13}"]
        slopes = [f"{slope:.2f}" for slope in self.slopes] + [""]
        rows += [f"{size:>10,} {seconds * 1e3:>10.3f} {seconds / size * 1e9:>10.2f} {loops:>12} {slope:>13}"
                 for size, seconds, loops, slope in zip(self.sizes, self.seconds, self.loops, slopes, strict=True)]
        return "\n".join(rows) + f"\nexponent k (median slope): {self.exponent:.2f}; least-squares fit: {self.fitted:.2f}"


MAX_LOOPS = 100_000


def _seconds_per_call(operation: Callable[[T], object], data: T, loops: int, clock: Callable[[], float]) -> float:
    start = clock()
    for _ in range(loops):
        operation(data)
    return (clock() - start) / loops


def measure_growth(operation: Callable[[T], object], make_input: Callable[[int], T], sizes: Sequence[int], *,
                   repeats: int = REPEATS, min_sample: float = MIN_SAMPLE_S,
                   clock: Callable[[], float] = time.process_time) -> Growth:
    """Time ``operation(make_input(size))`` at every size (inputs are made before any timing)."""
    if len(sizes) < 3 or len(set(sizes)) != len(sizes) or min(sizes) <= 0:
        raise ValueError(f"need three or more distinct positive sizes, not {list(sizes)}")
    inputs = [make_input(size) for size in sizes]
    enabled = gc.isenabled()
    gc.disable()  # a collection would fall on whichever sample happened to run
    try:
        _seconds_per_call(operation, inputs[0], 1, clock)  # warm up: data files, indexes and patterns load once
        once = [_seconds_per_call(operation, data, 1, clock) for data in inputs]
        loops = [min(MAX_LOOPS, max(1, math.ceil(min_sample / max(seconds, 1e-9)))) for seconds in once]
        best = [math.inf] * len(sizes)
        order = list(range(len(sizes)))
        for repeat in range(repeats):
            for index in order if repeat % 2 == 0 else reversed(order):
                best[index] = min(best[index], _seconds_per_call(operation, inputs[index], loops[index], clock))
    finally:
        if enabled:
            gc.enable()
    return Growth(tuple(sizes), tuple(best), tuple(loops))


def assert_linear(growth: Growth, *, limit: float = LINEAR_LIMIT, what: str = "the operation") -> None:
    """Fail when the time grows faster than size^limit, or when it hardly grows at all (a fixed
    cost dominates and the measurement could not see superlinear growth)."""
    exponent = growth.exponent
    assert exponent < limit, f"{what} grows superlinearly (exponent {exponent:.2f} >= {limit}):\n{growth.table()}"
    assert exponent > MEASURABLE_LIMIT, (
        f"{what}: time hardly grows with size (exponent {exponent:.2f} <= {MEASURABLE_LIMIT}): the fixed cost "
        f"hides the growth; use larger sizes\n{growth.table()}")
