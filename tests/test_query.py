"""geodata.table.query: filters and the map view in a page address, and back."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geodata.events.kinds import INCIDENT_KINDS
from geodata.table.filters import Filters, Near
from geodata.table.query import MapView, filters_from_query, filters_to_query, parse_view, view_to_query

PLACES = {"hajin": (34.69, 40.83, "Hajin"), "hatla": (35.34169, 40.19897, "Hatla")}


def lookup(place_id: str) -> tuple[float, float, str] | None:
    return PLACES.get(place_id)


def round_trip(filters: Filters) -> Filters:
    read = filters_from_query(filters_to_query(filters), places=lookup)
    assert read.problems == ()
    return read.filters


def test_defaults_write_nothing() -> None:
    assert filters_to_query(Filters()) == {}
    assert filters_from_query({}).filters == Filters()


def test_every_filter_survives_the_address() -> None:
    filters = Filters(date_from=dt.date(2023, 4, 3), date_to=dt.date(2023, 4, 9), kinds=("airstrike", "rocket_attack"),
                      actors=("sdf",), outlets=("Enab Baladi", "SY24"), include_background=True, include_undated=False,
                      min_sources=2, near=Near("hajin", 34.69, 40.83, 10.0, "Hajin"))
    query = filters_to_query(filters)
    assert query["kind"] == ["airstrike", "rocket_attack"] and query["near"] == ["hajin"] and query["km"] == ["10"]
    assert query["undated"] == ["0"] and query["bg"] == ["1"] and query["sources"] == ["2"]
    assert round_trip(filters) == filters


dates = st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2030, 12, 31))
names = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs")), min_size=1, max_size=12)


@given(first=st.none() | dates, last=st.none() | dates,
       kinds=st.none() | st.lists(st.sampled_from(INCIDENT_KINDS), min_size=1, max_size=4, unique=True).map(tuple),
       outlets=st.none() | st.lists(names, min_size=1, max_size=3, unique=True).map(tuple),
       background=st.booleans(), undated=st.booleans(), sources=st.integers(1, 9),
       near=st.none() | st.tuples(st.sampled_from(sorted(PLACES)), st.sampled_from([0.5, 1.0, 10.0, 25.5, 200.0])))
def test_round_trip_of_any_filters(first, last, kinds, outlets, background, undated, sources, near) -> None:
    if first and last and first > last:
        first, last = last, first
    place = None
    if near is not None:
        lat, lon, label = PLACES[near[0]]
        place = Near(near[0], lat, lon, near[1], label)
    filters = Filters(date_from=first, date_to=last, kinds=kinds, outlets=outlets, include_background=background,
                      include_undated=undated, min_sources=sources, near=place)
    assert round_trip(filters) == filters


def test_admin_units_and_review_statuses_survive_the_address() -> None:
    filters = Filters(admin_units=("SY0903", "SY090300"), review_statuses=("confirmed", "rejected"), only_flagged=True)
    query = filters_to_query(filters)
    assert query["admin"] == ["SY0903", "SY090300"] and query["review"] == ["confirmed", "rejected"]
    assert query["flagged"] == ["1"]
    assert round_trip(filters) == filters
    # every status (rejected included) is written, and read back as the same selection
    everything = round_trip(Filters(review_statuses=("unreviewed", "confirmed", "corrected", "rejected")))
    assert everything.review_statuses == ("unreviewed", "confirmed", "corrected", "rejected")
    assert filters_to_query(Filters(review_statuses=("corrected", "unreviewed", "confirmed"))) == {}


def test_unknown_review_statuses_are_named() -> None:
    read = filters_from_query({"review": ["confirmed", "approved"]})
    assert read.filters.review_statuses == ("confirmed",) and any("approved" in note for note in read.problems)
    assert filters_from_query({"review": ["approved"]}).filters.review_statuses == Filters().review_statuses


def test_nothing_selected_is_kept_apart_from_everything() -> None:
    assert filters_to_query(Filters(kinds=())) == {"kind": [""]}
    assert round_trip(Filters(kinds=())).kinds == ()


@pytest.mark.parametrize(("query", "problem"), [
    ({"from": ["2023-02-30"]}, "from"),
    ({"kind": ["meteor_strike", "airstrike"]}, "meteor_strike"),
    ({"sources": ["many"]}, "sources"),
    ({"bg": ["maybe"]}, "bg"),
    ({"near": ["atlantis"]}, "atlantis"),
    ({"near": ["hajin"], "km": ["-4"]}, "km"),
    ({"view": ["35.1,40.2"]}, "view"),
    ({"view": ["nan,40.2,9"]}, "view"),
    ({"view": ["35.1,40.2,40"]}, "view"),
])
def test_what_cannot_be_read_is_named_and_left_at_its_default(query: dict, problem: str) -> None:
    read = filters_from_query(query, places=lookup)
    assert any(problem in note for note in read.problems), read.problems
    assert read.filters.kinds in (None, ("airstrike",))


def test_dates_in_the_wrong_order_are_swapped() -> None:
    read = filters_from_query({"from": "2023-05-01", "to": "2023-04-01"})
    assert (read.filters.date_from, read.filters.date_to) == (dt.date(2023, 4, 1), dt.date(2023, 5, 1))
    assert read.problems


def test_the_map_view() -> None:
    view = MapView(35.30139, 40.23667, 12)
    assert view_to_query(view) == {"view": ["35.30139,40.23667,12"]}
    assert filters_from_query(view_to_query(view)).view == view
    assert parse_view("35.3,40.2,11.6") == MapView(35.3, 40.2, 12)
    assert parse_view("200,40,9") is None
    with pytest.raises(ValueError, match="zoom"):
        MapView(35.0, 40.0, 30)
