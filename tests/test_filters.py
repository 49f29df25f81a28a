"""geodata.table.filters: what each sidebar filter keeps, on the canonical incidents."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pytest

from geodata.table.filters import Filters, Near, apply_filters, distance_km, filter_options
from geodata.table.frame import empty_frame
from tests.fixtures.incidents import fixture_frame

APRIL = dt.date(2023, 4, 1)


def ids(filters: Filters) -> set[str]:
    return set(apply_filters(fixture_frame(), filters)["incident_id"])


def dated_ids(filters: Filters) -> set[str]:
    """What ``filters`` keeps when undated incidents are left out (the date range's own effect)."""
    return ids(replace(filters, include_undated=False))


def test_options_span_the_data() -> None:
    options = filter_options(fixture_frame())
    assert (options.date_min, options.date_max) == (dt.date(2023, 3, 23), dt.date(2023, 4, 15))
    assert options.kinds[0] == "rocket_attack" and "other" not in options.kinds
    assert options.outlets == ("Deir Ezzor 24", "Enab Baladi", "SY24")
    assert {"sdf", "us_led_coalition", "irgc"} <= set(options.actors)
    assert (options.max_sources, options.undated) == (2, 1)
    empty = filter_options(empty_frame())
    assert (empty.date_min, empty.kinds, empty.max_sources) == (None, (), 1)


def test_defaults_hide_background_and_show_undated_incidents() -> None:
    kept = ids(Filters())
    assert len(kept) == 9
    assert "inc-shaddadi-drone" not in kept and "inc-marrat-clash" in kept
    assert "inc-shaddadi-drone" in ids(Filters(include_background=True))
    assert "inc-marrat-clash" not in ids(Filters(include_undated=False))


@pytest.mark.parametrize(("date_from", "date_to", "expected"), [
    (dt.date(2023, 4, 10), dt.date(2023, 4, 10), 3),   # the to-date is inclusive
    (dt.date(2023, 4, 11), dt.date(2023, 4, 11), 3),
    (dt.date(2023, 4, 12), None, 2),
    (None, dt.date(2023, 4, 9), 0),
    (dt.date(2023, 4, 10), dt.date(2023, 4, 15), 8),
])
def test_date_range(date_from: dt.date | None, date_to: dt.date | None, expected: int) -> None:
    assert len(dated_ids(Filters(date_from=date_from, date_to=date_to))) == expected


def test_undated_incidents_follow_their_own_switch_not_the_range() -> None:
    narrow = Filters(date_from=dt.date(2023, 4, 13), date_to=dt.date(2023, 4, 13), include_undated=True)
    assert ids(narrow) == {"inc-hatla-strike-2", "inc-marrat-clash"}


def test_kinds_actors_outlets_and_sources() -> None:
    assert ids(Filters(kinds=("airstrike",))) == {"inc-hatla-strike-1", "inc-hatla-strike-2"}
    assert ids(Filters(actors=("irgc",))) == {"inc-hatla-strike-1"}  # "against" counts too
    assert dated_ids(Filters(actors=("sdf",))) == {"inc-jadid-sweep", "inc-jadid-weapons"}
    assert dated_ids(Filters(outlets=("Deir Ezzor 24",))) == {"inc-hatla-strike-2", "inc-mayadin-ied"}
    assert ids(Filters(min_sources=2)) == {"inc-conoco-rocket", "inc-launch-response", "inc-hatla-strike-1"}
    assert ids(Filters(kinds=())) == set()  # nothing selected selects nothing


def test_distance_is_great_circle_kilometres() -> None:
    # Deir ez-Zor city to al-Mayadin: about 43 km by the usual references
    far = distance_km(np.array([35.336, np.nan]), np.array([40.141, 40.0]), 35.019, 40.452)
    assert 42 < far[0] < 46 and np.isnan(far[1])
    assert distance_km(np.array([35.0]), np.array([40.0]), 35.0, 40.0)[0] == 0


@pytest.mark.parametrize(("radius_km", "expected"), [
    (1.0, {"inc-hatla-strike-1", "inc-hatla-strike-2"}),
    # Marrat (undated) lies about 3.3 km from Hatla, Jadid Ekaidat about 13 km
    (5.0, {"inc-hatla-strike-1", "inc-hatla-strike-2", "inc-marrat-clash"}),
    (15.0, {"inc-hatla-strike-1", "inc-hatla-strike-2", "inc-marrat-clash", "inc-jadid-sweep", "inc-jadid-weapons",
            "inc-launch-response", "inc-joura-militia"}),
])
def test_within_a_radius_of_a_place(radius_km: float, expected: set[str]) -> None:
    near = Near("hatla", 35.30139, 40.23667, radius_km, "Hatla")
    assert ids(Filters(near=near)) == expected


def test_a_radius_must_be_a_distance() -> None:
    for radius in (0.0, -3.0, 10_000.0):
        with pytest.raises(ValueError, match="radius"):
            Near("hatla", 35.3, 40.2, radius)
    with pytest.raises(ValueError, match="latitude"):
        Near("nowhere", 135.0, 40.2)


def test_only_the_incidents_named() -> None:
    assert ids(Filters(incident_ids=frozenset({"inc-hatla-strike-1", "inc-marrat-clash"}))) == {
        "inc-hatla-strike-1", "inc-marrat-clash"}
    assert ids(Filters(incident_ids=frozenset())) == set()


def test_filtering_keeps_the_table_and_its_attrs() -> None:
    frame = fixture_frame()
    frame.attrs["problems"] = [{"file": "a.txt", "line": 1, "reason": "bad"}]
    result = apply_filters(frame, Filters(kinds=("airstrike",)))
    assert list(result.columns) == list(frame.columns)
    assert result.attrs["problems"] == frame.attrs["problems"]
    assert str(result["kind"].dtype) == "category"
    assert len(apply_filters(empty_frame(), Filters())) == 0
