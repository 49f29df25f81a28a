"""The incident table from the store, filtered in the database: the frame that pandas gives
for the same incidents and the same filters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache

import pandas as pd
import pytest

from geodata.store.database import Store, open_store
from geodata.store.ingest import ingest_articles
from geodata.store.partition import distance_km
from geodata.store.query import BoundingBox, Circle, incident_table
from geodata.table.filters import Filters, Near, apply_filters
from geodata.table.frame import incidents_to_frame
from tests.store.conftest import BACKENDS, own_store_url
from tests.store.corpora import dense_articles, scratch_incidents

FILTERS = [
    Filters(),
    Filters(include_background=True, include_undated=True),
    Filters(date_from=dt.date(2023, 3, 5), date_to=dt.date(2023, 3, 12)),
    Filters(date_from=dt.date(2023, 3, 5), include_undated=True, include_background=True),
    Filters(kinds=("airstrike", "rocket_attack", "drone_attack")),
    Filters(kinds=()),
    Filters(actors=("sdf",), include_background=True),
    Filters(actors=("us_led_coalition", "iran_backed_militias")),
    Filters(outlets=("SY24", "Enab Baladi")),
    Filters(outlets=()),
    Filters(min_sources=2, include_background=True),
    Filters(admin_units=("SY0901",), include_background=True, include_undated=True),
    Filters(admin_units=("SY080002", "SY11")),
    Filters(admin_units=()),
    Filters(near=Near("hajin", 34.69, 40.83, 25.0, "Hajin"), include_background=True),
    Filters(near=Near("deir-ez-zor", 35.336, 40.141, 60.0), kinds=("artillery_shelling", "airstrike")),
]


@pytest.fixture(scope="module", params=BACKENDS)
def filled(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[Store]:
    """One store per backend for the whole module, filled in several batches (read only)."""
    store = open_store(own_store_url(request.param, tmp_path_factory.mktemp('query'), f"{worker_id}_query"))
    ingest_articles(list(dense_articles()), store=store, batch_size=40)
    yield store
    store.dispose()


@cache
def _expected() -> pd.DataFrame:
    return incidents_to_frame(scratch_incidents(dense_articles()))


def expected_frame() -> pd.DataFrame:
    return _expected().copy()


@pytest.mark.parametrize("filters", FILTERS, ids=[str(index) for index in range(len(FILTERS))])
def test_filters_in_the_database_give_the_frame_of_apply_filters(filled: Store, filters: Filters) -> None:
    expected = apply_filters(expected_frame(), filters).reset_index(drop=True)
    found = incident_table(filled, filters=filters, with_control=False)
    assert len(found) == len(expected)
    pd.testing.assert_frame_equal(found.drop(columns="incident_id"), expected.drop(columns="incident_id"))


def test_only_the_incidents_named(filled: Store) -> None:
    everything = incident_table(filled, filters=Filters(include_background=True), with_control=False)
    chosen = frozenset(everything["incident_id"].iloc[::3])
    found = incident_table(filled, filters=Filters(include_background=True, incident_ids=chosen), with_control=False)
    assert set(found["incident_id"]) == chosen


def test_every_incident_without_filters_in_the_merge_order(filled: Store) -> None:
    expected = expected_frame()
    found = incident_table(filled, with_control=False)
    # several batches: incidents keep the ids they got first, not the hash of their final sources
    pd.testing.assert_frame_equal(found.drop(columns="incident_id"), expected.drop(columns="incident_id"))


def test_a_circle_keeps_what_lies_within_its_radius(filled: Store) -> None:
    everything = incident_table(filled, filters=Filters(include_background=True, include_undated=True), with_control=False)
    located = everything.dropna(subset=["lat"])
    centre = located.iloc[0]
    for radius in (3.0, 25.0, 80.0):
        wanted = {row.incident_id for row in located.itertuples()
                  if distance_km(centre.lat, centre.lon, row.lat, row.lon) <= radius}
        found = incident_table(filled, area=Circle(centre.lat, centre.lon, radius), with_control=False)
        assert set(found["incident_id"]) == wanted
    assert 0 < len(wanted) < len(everything)


def test_a_bounding_box_keeps_what_lies_inside(filled: Store) -> None:
    everything = incident_table(filled, with_control=False)
    box = BoundingBox(south=34.9, west=40.0, north=35.4, east=40.6)
    wanted = everything[(everything["lat"].between(box.south, box.north)) & (everything["lon"].between(box.west, box.east))]
    found = incident_table(filled, area=box, with_control=False)
    assert set(found["incident_id"]) == set(wanted["incident_id"])
    assert 0 < len(found) < len(everything)


def test_filters_and_area_together(filled: Store) -> None:
    filters = Filters(kinds=("airstrike",), include_background=True)
    box = BoundingBox(south=30, west=35, north=38, east=42)
    expected = apply_filters(expected_frame(), filters)
    expected = expected[expected["lat"].between(30, 38) & expected["lon"].between(35, 42)]
    found = incident_table(filled, filters=filters, area=box, with_control=False)
    assert list(found["kind"].astype(str).unique()) in ([], ["airstrike"])
    assert len(found) == len(expected)


def test_the_table_carries_controllers_and_where_it_came_from(filled: Store) -> None:
    frame = incident_table(filled)
    assert frame["controller"].notna().any()
    assert frame.attrs["articles"] == len(dense_articles()) and frame.attrs["store"] == filled.where
