"""The growth measurement (tests/growth.py): deterministic checks with a simulated clock, and one
check on real code that a quadratic loop is told apart from a linear one."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest

from tests.growth import LINEAR_LIMIT, Growth, assert_linear, doubling, measure_growth


class SimulatedMachine:
    """A clock that advances only when the operation runs (``cost(size)`` seconds a call), times
    ``slowness``, plus ``burst`` seconds on every ``every``-th reading: another process taking the
    core in the middle of a sample."""

    def __init__(self, cost: Callable[[int], float], *, slowness: float = 1.0, burst: float = 0.0, every: int = 0) -> None:
        self.cost, self.slowness, self.burst, self.every = cost, slowness, burst, every
        self.now = 0.0
        self.bursts = 0
        self.readings = itertools.count(1)

    def operation(self, size: int) -> None:
        self.now += self.cost(size) * self.slowness

    def clock(self) -> float:
        if self.every and next(self.readings) % self.every == 0:
            self.now += self.burst
            self.bursts += 1
        return self.now

    def measure(self, sizes: list[int], **options: object) -> Growth:
        return measure_growth(self.operation, lambda size: size, sizes, clock=self.clock, **options)  # type: ignore[arg-type]


def linear(size: int) -> float:
    return 1e-4 + 2e-6 * size


def quadratic(size: int) -> float:
    return 1e-4 + 2e-9 * size * size


def test_sizes_double() -> None:
    assert doubling(1_000, 4) == [1_000, 2_000, 4_000, 8_000]
    assert doubling(3) == [3, 6, 12, 24, 48]


def test_a_linear_cost_has_exponent_one_and_a_quadratic_two() -> None:
    sizes = doubling(2_000, 5)
    assert SimulatedMachine(linear).measure(sizes).exponent == pytest.approx(1.0, abs=0.05)
    assert SimulatedMachine(quadratic).measure(sizes).exponent == pytest.approx(2.0, abs=0.05)
    assert SimulatedMachine(lambda size: size ** 1.5 * 1e-7).measure(sizes).fitted == pytest.approx(1.5, abs=1e-6)


def test_a_machine_twice_as_slow_gives_the_same_exponent() -> None:
    sizes = doubling(2_000, 5)
    assert SimulatedMachine(linear, slowness=2.0).measure(sizes).exponent == pytest.approx(
        SimulatedMachine(linear).measure(sizes).exponent, abs=1e-9)


def test_bursts_of_load_are_left_out_by_taking_the_fastest_sample() -> None:
    sizes = doubling(2_000, 5)
    quiet = SimulatedMachine(linear).measure(sizes)
    # every 3rd reading of the clock jumps: a third of the samples, some of every size, never all of one
    machine = SimulatedMachine(linear, burst=0.05, every=3)
    loaded = machine.measure(sizes)
    assert machine.bursts >= 10
    assert loaded.seconds == pytest.approx(quiet.seconds)
    assert_linear(loaded)


def test_one_step_in_cost_moves_one_slope_only() -> None:
    # the input outgrows a cache between 8,000 and 16,000: four times the cost per character above it
    step = SimulatedMachine(lambda size: linear(size) * (4 if size > 10_000 else 1)).measure(doubling(2_000, 5))
    assert sorted(step.slopes)[-1] > 2.5
    assert step.fitted > LINEAR_LIMIT and step.exponent < 1.1
    assert_linear(step)


def test_each_sample_lasts_long_enough_for_the_clock() -> None:
    growth = SimulatedMachine(linear).measure(doubling(2_000, 3), min_sample=0.05)
    assert all(loops * linear(size) >= 0.05 for size, loops in zip(growth.sizes, growth.loops, strict=True))
    assert growth.loops[0] > growth.loops[-1] >= 1


def test_superlinear_growth_fails_with_the_table() -> None:
    growth = SimulatedMachine(quadratic).measure(doubling(2_000, 5))
    with pytest.raises(AssertionError, match="grows superlinearly") as raised:
        assert_linear(growth, what="the scan")
    message = str(raised.value)
    assert "the scan" in message and "32,000" in message and "slope to next" in message


def test_a_cost_that_does_not_grow_is_not_taken_for_linear() -> None:
    growth = SimulatedMachine(lambda size: 0.01 + 1e-9 * size).measure(doubling(2_000, 5))
    with pytest.raises(AssertionError, match="hardly grows"):
        assert_linear(growth)


def test_too_few_sizes_are_refused() -> None:
    for sizes in ([1_000, 2_000], [1_000, 1_000, 2_000], [0, 1, 2]):
        with pytest.raises(ValueError, match="three or more"):
            SimulatedMachine(linear).measure(sizes)


@pytest.mark.slow
def test_real_code_a_quadratic_loop_is_told_apart_from_a_linear_one() -> None:
    def pairs(items: list[int]) -> int:
        return sum(1 for a in items for b in items if a < b)

    def total(items: list[int]) -> int:
        result = 0
        for item in items:
            result += item
        return result

    quadratic_growth = measure_growth(pairs, lambda size: list(range(size)), doubling(100, 4), repeats=3)
    linear_growth = measure_growth(total, lambda size: list(range(size)), doubling(20_000, 4), repeats=3)
    assert quadratic_growth.exponent > 1.7, quadratic_growth.table()
    assert_linear(linear_growth, what="a loop over a list")
