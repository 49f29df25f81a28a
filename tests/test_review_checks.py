"""What an analyst may give (geodata.review.checks): each check accepts the good values in the
form the review stores and refuses the others naming the field, what arrived and why."""

from __future__ import annotations

import datetime as dt

import pytest

from geodata.places.area import MAP_AREA
from geodata.places.gazetteer import default_gazetteer
from geodata.review.author import ENV_AUTHOR, resolve_author
from geodata.review.checks import (
    MAX_NOTE_CHARS,
    DateRange,
    Point,
    check_actors,
    check_author,
    check_count,
    check_date,
    check_kind,
    check_note,
    check_place,
    check_precision,
    check_time_of_day,
)
from geodata.review.errors import ReviewInputError

RANGE = DateRange(first=dt.date(2023, 3, 1), last=dt.date(2023, 4, 11), today=dt.date(2026, 1, 1),
                  newest_source=dt.date(2023, 4, 10))


def test_every_place_of_the_region_lies_in_the_maps_area() -> None:
    inside = [place for place in default_gazetteer() if place.in_region]
    assert inside and all(MAP_AREA.contains(place.lat, place.lon) for place in inside)
    for far in ("damascus", "baghdad", "tehran", "israel"):
        place = default_gazetteer()[far]
        assert not MAP_AREA.contains(place.lat, place.lon), far
    assert MAP_AREA.contains(34.39, 40.99)  # al-Qaim, across the border: the reports name it


@pytest.mark.parametrize(("value", "expected"), [(0, 0), (12, 12), ("7", 7), (None, None)])
def test_counts(value: object, expected: int | None) -> None:
    assert check_count("killed", value) == expected


@pytest.mark.parametrize(("value", "message"), [
    (-1, "killed: -1 is negative"), ("-4", "killed: -4 is negative"), (2.5, "killed: 2.5 is not a whole number"),
    ("a few", "killed: 'a few' is not a whole number"), (True, "killed: True is not a whole number"),
    (10**7, "killed: 10000000 is more than 100,000: check for a typo"),
])
def test_bad_counts(value: object, message: str) -> None:
    with pytest.raises(ReviewInputError, match=message) as error:
        check_count("killed", value)
    assert error.value.field == "killed"


def test_dates_inside_the_range_and_the_incidents_sources() -> None:
    assert check_date("2023-04-10", RANGE) == dt.date(2023, 4, 10)
    assert check_date(dt.date(2023, 3, 1), RANGE) == dt.date(2023, 3, 1)
    assert check_date(None, RANGE) is None
    for value, message in (("2027-01-01", "in the future"), ("2023-02-28", "before the corpus's range"),
                           ("2023-04-11", "after the newest source of this incident"), ("11/04/2023", "is not a date"),
                           (dt.datetime(2023, 4, 1, 12), "is not a date")):
        with pytest.raises(ReviewInputError, match=f"date: .*{message}"):
            check_date(value, RANGE)
    unbounded = DateRange(None, None, dt.date(2026, 1, 1))
    assert check_date("1999-12-31", unbounded) == dt.date(1999, 12, 31)


def test_registry_keys() -> None:
    assert check_kind("airstrike") == "airstrike"
    assert check_precision("approximate") == "approximate"
    assert check_time_of_day("dawn") == "dawn" and check_time_of_day(None) is None
    assert check_actors("actors_by", ["sdf", "isis", "sdf"]) == ["sdf", "isis"]
    assert check_actors("actors_by", []) == []
    with pytest.raises(ReviewInputError, match="actors_by: expected a list of actor keys"):
        check_actors("actors_by", "sdf")
    with pytest.raises(ReviewInputError, match="kind: None is not one of"):
        check_kind(None)


def test_places_by_id_and_by_point() -> None:
    khasham = check_place("location", "khasham")
    assert khasham is not None and (khasham.gazetteer_id, khasham.geo_precision) == ("khasham", 1)
    point = check_place("location", Point(35.2986, 40.2933))
    assert point is not None and point.gazetteer_id == "point:35.29860,40.29330"
    assert point.name_en.startswith("point ") and "Khasham" in point.name_en and "خشام" in point.name_ar
    assert check_place("launch_site", (35.3, 40.3)) is not None and check_place("launch_site", None) is None
    desert = check_place("location", Point(33.0, 42.5))  # far from any place: named by its coordinates
    assert desert is not None and desert.name_en == "point 33.00000, 42.50000"
    for value, message in (("tehran", "Tehran .* is outside the map's area"), (Point(0, 0), "outside the map's area"),
                           ((float("nan"), 40.0), "is not a point"), (("x", "y"), "neither a gazetteer id nor a point")):
        with pytest.raises(ReviewInputError, match=message):
            check_place("location", value)  # type: ignore[arg-type]


def test_notes_and_authors() -> None:
    note = "قصف على حطلة\n<script>alert(1)</script> & \"quotes\""
    assert check_note(f"  {note}  ") == note  # kept as written (escaped where shown)
    with pytest.raises(ReviewInputError, match=f"note: is {MAX_NOTE_CHARS + 1:,} characters long"):
        check_note("x" * (MAX_NOTE_CHARS + 1))
    with pytest.raises(ReviewInputError, match=r"note: holds a control character \(U\+202E\)"):
        check_note("a\u202eb")  # a right-to-left override would show the note reordered
    assert check_author(" Sara K. ") == "Sara K."
    with pytest.raises(ReviewInputError, match="author: holds a control character"):
        check_author("sara\tadmin")
    with pytest.raises(ReviewInputError, match="author: expected text"):
        check_author(None)


def test_the_author_comes_from_the_option_the_setting_or_the_login() -> None:
    assert resolve_author("sara", {ENV_AUTHOR: "omar"}) == "sara"
    assert resolve_author(None, {ENV_AUTHOR: "omar"}) == "omar"
    assert resolve_author("  ", {ENV_AUTHOR: " omar "}) == "omar"
    assert resolve_author(None, {}) != ""  # the login name
    with pytest.raises(ReviewInputError, match="author: holds a control character"):
        resolve_author(None, {ENV_AUTHOR: "a\x01"})
