"""geodata.store.lean: the lean table holds the rows and values of the full table (SQLite and
PostgreSQL), and the filters, options, counts and summaries give the same answers on both."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

from geodata.review import confirm, correct, reject
from geodata.store.database import Store, open_store
from geodata.store.ingest import ingest_articles
from geodata.store.lean import incident_details, lean_table, lean_tables, stored_source_articles
from geodata.store.query import incident_table
from geodata.table.filters import Filters, apply_filters, filter_options
from geodata.table.frame import COLUMNS
from geodata.table.lean import LEAN_COLUMNS, LEFT_OUT, SEPARATOR, is_lean, split
from geodata.views.map.summary import actor_summary, casualties_by_kind, counts, source_articles
from tests.store.conftest import BACKENDS, own_store_url
from tests.store.corpora import dense_articles
from tests.store.test_query import FILTERS

REVIEW_FILTERS = [
    Filters(review_statuses=("rejected",), include_background=True),
    Filters(review_statuses=("confirmed", "corrected"), include_undated=False),
    Filters(only_flagged=True, review_statuses=None),
    Filters(review_statuses=None, include_background=True, incident_ids=frozenset()),
]


@pytest.fixture(scope="module", params=BACKENDS)
def filled(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[Store]:
    """A store of the dense test corpus with three incidents reviewed (read only)."""
    store = open_store(own_store_url(request.param, tmp_path_factory.mktemp('lean'), f"{worker_id}_lean"))
    ingest_articles(list(dense_articles()), store=store, batch_size=40)
    ids = incident_table(store, with_control=False)["incident_id"].tolist()
    confirm(store, ids[0], author="Sara")
    reject(store, ids[1], author="Sara")
    correct(store, ids[2], {"kind": "airstrike", "killed": 4, "actors_by": ["us_led_coalition"]}, author="Sara")
    yield store
    store.dispose()


@pytest.fixture(scope="module")
def tables(filled: Store) -> tuple[pd.DataFrame, pd.DataFrame]:
    return lean_table(filled), incident_table(filled)


def test_the_lean_table_has_the_rows_and_values_of_the_full_one(tables: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    lean, full = tables
    assert is_lean(lean) and not is_lean(full)
    assert len(lean) > 100 and list(lean.columns) == list(LEAN_COLUMNS)
    assert not set(LEFT_OUT) & set(lean.columns) and set(LEAN_COLUMNS) < set(COLUMNS)
    assert lean["incident_id"].tolist() == full["incident_id"].tolist()
    for column in LEAN_COLUMNS:
        if column in ("actors_by", "actors_against", "outlets"):
            assert [split(cell) for cell in lean[column]] == [list(cell) for cell in full[column]], column
        else:
            mine = lean[column].astype(object).where(lean[column].notna(), None).tolist()
            theirs = full[column].astype(object).where(full[column].notna(), None).tolist()
            assert mine == theirs, column
    assert set(lean["review_status"]) >= {"confirmed", "rejected", "corrected"}
    assert lean.attrs["articles"] == full.attrs["articles"]


def test_no_python_object_per_row(tables: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    lean, full = tables
    assert not [column for column, dtype in lean.dtypes.items() if dtype == np.dtype(object)]
    assert lean["kind"].dtype == "category" and lean["date"].dtype == "datetime64[ns]"
    assert lean["actors_by"].dtype == "category" and lean["background"].dtype == bool
    assert lean.memory_usage(deep=True).sum() * 5 < full.memory_usage(deep=True).sum()


@pytest.mark.parametrize("filters", FILTERS + REVIEW_FILTERS, ids=[str(at) for at in range(len(FILTERS) + 4)])
def test_filters_keep_the_same_incidents(tables: tuple[pd.DataFrame, pd.DataFrame], filters: Filters) -> None:
    lean, full = tables
    kept = apply_filters(lean, filters)
    assert kept["incident_id"].tolist() == apply_filters(full, filters)["incident_id"].tolist()
    assert is_lean(kept)


def test_options_counts_and_summaries_agree(filled: Store, tables: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    lean, full = tables
    assert filter_options(lean) == filter_options(full)
    articles, full_articles = stored_source_articles(filled, lean), source_articles(full)
    for filters in (Filters(), Filters(include_background=True), Filters(outlets=("SY24",)), Filters(kinds=())):
        assert counts(apply_filters(lean, filters), articles=articles) == counts(apply_filters(full, filters),
                                                                                articles=full_articles)
        for summary in (actor_summary, casualties_by_kind):
            pd.testing.assert_frame_equal(_sorted(summary(apply_filters(lean, filters))),
                                          _sorted(summary(apply_filters(full, filters))))
    _, again = lean_tables(filled)
    pd.testing.assert_series_equal(again, articles)


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(list(frame.columns)).reset_index(drop=True) if not frame.empty else frame


def test_details_are_the_full_rows_in_the_order_asked(filled: Store, tables: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    _, full = tables
    ids = [*full["incident_id"].iloc[[7, 2, 0]], "no-such-incident"]
    found = incident_details(filled, ids)
    assert found["incident_id"].tolist() == ids[:3]
    expected = full.set_index("incident_id").loc[ids[:3]].reset_index()
    pd.testing.assert_frame_equal(found.drop(columns="geometry"), expected.drop(columns="geometry"))
    assert incident_details(filled, []).empty


def test_an_empty_store_gives_an_empty_lean_table(tmp_path: pytest.TempPathFactory) -> None:
    store = open_store(f"sqlite:///{tmp_path}/empty.sqlite3")
    try:
        frame, articles = lean_tables(store)
    finally:
        store.dispose()
    assert frame.empty and list(frame.columns) == list(LEAN_COLUMNS) and articles.empty
    assert filter_options(frame).kinds == () and apply_filters(frame, Filters()).empty


def test_joined_cells_split_back() -> None:
    assert split(f"sdf{SEPARATOR}isis") == ["sdf", "isis"] and split("") == [] and split(None) == []
    assert split(["a", "b"]) == ["a", "b"] and split(float("nan")) == []


def test_an_export_of_the_details_is_the_export_of_the_full_table(filled: Store,
                                                                   tables: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    from geodata.table.exporters import EXPORTERS

    lean, full = tables
    filters = Filters(include_background=True, kinds=("airstrike", "armed_clash", "ied_explosion"))
    kept = apply_filters(lean, filters)
    assert len(kept) > 3
    details = incident_details(filled, kept["incident_id"])
    for name in ("csv", "geojson", "acled"):
        assert EXPORTERS[name].to_bytes(details) == EXPORTERS[name].to_bytes(apply_filters(full, filters).reset_index(
            drop=True)), name
