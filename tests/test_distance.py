"""The one distance formula: geopy's great circle, and the remembered pairs give the same answers."""

from __future__ import annotations

import random

import pytest
from geopy.distance import great_circle

from geodata.places.distance import distance_km, km_between

POINTS = [(35.336, 40.141), (34.452, 40.918), (36.5, 40.75), (35.95, 39.01), (33.51, 36.29), (35.336, 40.141)]


@pytest.mark.parametrize("first", POINTS)
@pytest.mark.parametrize("second", POINTS)
def test_the_formula_is_geopys_great_circle(first: tuple[float, float], second: tuple[float, float]) -> None:
    assert distance_km(*first, *second) == pytest.approx(great_circle(first, second).km, abs=1e-9)


def test_remembered_distances_are_the_formulas_both_ways_round() -> None:
    rng = random.Random(7)
    pairs = [((rng.uniform(32, 37), rng.uniform(35, 42)), (rng.uniform(32, 37), rng.uniform(35, 42))) for _ in range(200)]
    for first, second in pairs * 2:  # the second pass is answered from memory
        expected = distance_km(*first, *second)
        assert km_between(first, second) == pytest.approx(expected, abs=1e-9)
        assert km_between(second, first) == pytest.approx(expected, abs=1e-9)


def test_a_point_is_no_distance_from_itself() -> None:
    assert km_between((35.0, 40.0), (35.0, 40.0)) == 0.0
