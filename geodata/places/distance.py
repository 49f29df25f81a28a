"""Distances on the Earth's surface: one formula for the whole package.

The great-circle distance with the formula and mean radius of geopy's ``great_circle``,
written out because geopy builds two ``Point`` objects per call, which dominated merging a
few thousand reports into a store of 100,000 incidents. ``km_between`` keeps recent answers:
incidents sit on gazetteer places, so the same pairs of points come back again and again.
"""

from __future__ import annotations

import math
from functools import lru_cache

from geopy.distance import EARTH_RADIUS

EARTH_RADIUS_KM: float = EARTH_RADIUS  # 6371.009, geopy's mean radius

Point = tuple[float, float]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    sin1, cos1, sin2, cos2 = math.sin(phi1), math.cos(phi1), math.sin(phi2), math.cos(phi2)
    delta = math.radians(lon2) - math.radians(lon1)
    cos_d, sin_d = math.cos(delta), math.sin(delta)
    angle = math.atan2(math.sqrt((cos2 * sin_d) ** 2 + (cos1 * sin2 - sin1 * cos2 * cos_d) ** 2),
                       sin1 * sin2 + cos1 * cos2 * cos_d)
    return EARTH_RADIUS_KM * angle


def km_between(first: Point, second: Point) -> float:
    """``distance_km`` between two (lat, lon) points, remembered for the pairs seen lately."""
    return _remembered(first, second) if first <= second else _remembered(second, first)


@lru_cache(maxsize=1 << 16)
def _remembered(first: Point, second: Point) -> float:
    return distance_km(first[0], first[1], second[0], second[1])
