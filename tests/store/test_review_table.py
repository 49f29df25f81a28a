"""The review in the table, the filters, the exports and the store's export, on SQLite and
PostgreSQL: the database's filters keep the rows ``apply_filters`` keeps, exports carry the
reviewed values with the status and the corrected fields, ``db export``/``import`` keep every
review, and a store of the previous schema revision is upgraded with every incident unreviewed."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from geodata.cli import main
from geodata.review import confirm, correct, incident_review, merge, reject, review_queue, split
from geodata.store.database import ENV_URL, Store, open_store
from geodata.store.dump import export_lines, import_store
from geodata.store.ingest import ingest
from geodata.store.query import incident_table
from geodata.table.filters import Filters, apply_filters
from tests.store.conftest import own_store_url

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FILTERS = [
    Filters(), Filters(review_statuses=None), Filters(review_statuses=("rejected",)), Filters(review_statuses=()),
    Filters(review_statuses=("confirmed", "corrected")), Filters(only_flagged=True),
    Filters(kinds=("drone_attack",), review_statuses=None), Filters(include_background=True, include_undated=True),
    Filters(actors=("sdf",), include_background=True), Filters(min_sources=2),
]


@pytest.fixture
def reviewed(store: Store) -> Store:
    """The seeds with one incident of each review: confirmed, corrected, rejected, merged, split."""
    ingest([SEEDS], store=store)
    ids = [item.incident_id for item in review_queue(store)]
    confirm(store, ids[0], author="sara")
    correct(store, ids[1], {"kind": "drone_attack", "actors_against": ["sdf"], "killed": 2}, author="sara")
    reject(store, ids[2], author="omar")
    merge(store, ids[3], ids[4], author="omar")
    several = next(item for item in review_queue(store) if item.n_sources > 1)
    split(store, several.incident_id, incident_review(store, several.incident_id).sources[0].article_id, author="sara")
    return store


@pytest.mark.parametrize("filters", FILTERS, ids=[str(index) for index in range(len(FILTERS))])
def test_the_databases_filters_keep_the_rows_of_apply_filters(reviewed: Store, filters: Filters) -> None:
    everything = incident_table(reviewed, with_control=False)
    expected = apply_filters(everything, filters).reset_index(drop=True)
    found = incident_table(reviewed, filters=filters, with_control=False)
    pd.testing.assert_frame_equal(found, expected)


def test_the_table_has_the_review_columns(reviewed: Store) -> None:
    frame = incident_table(reviewed, with_control=False)
    assert frame["review_status"].dtype == "category" and frame["flagged"].dtype == bool
    counts = frame["review_status"].value_counts()
    assert counts["rejected"] == 1 and counts["corrected"] == 1 and counts["confirmed"] == 1
    corrected = frame[frame["review_status"] == "corrected"].iloc[0]
    assert sorted(corrected["corrected_fields"]) == ["actors_against", "killed", "kind"]
    assert corrected["kind"] == "drone_attack" and corrected["killed"] == 2
    assert "rejected" not in set(apply_filters(frame, Filters())["review_status"])


def _export(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *options: str) -> list[dict[str, str]]:
    monkeypatch.setenv(ENV_URL, url)
    target = tmp_path / "out.csv"
    assert main(["export", "--format", "csv", "-o", str(target), *options], out=io.StringIO(), err=io.StringIO()) == 0
    return list(csv.DictReader(target.open(encoding="utf-8")))


def test_exports_carry_the_reviewed_values_status_and_corrected_fields(
        reviewed: Store, store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _export(store_url, tmp_path, monkeypatch)
    assert "rejected" not in {row["review_status"] for row in rows}
    corrected = next(row for row in rows if row["review_status"] == "corrected")
    assert (corrected["kind"], corrected["killed"], corrected["actors_against"]) == ("drone_attack", "2", "sdf")
    assert corrected["corrected_fields"] == "actors_against; killed; kind" and corrected["flagged"] == "False"
    everything = _export(store_url, tmp_path, monkeypatch, "--include-rejected")
    assert len(everything) == len(rows) + 1
    reviewed_only = _export(store_url, tmp_path, monkeypatch, "--reviewed-only")
    assert sorted(row["review_status"] for row in reviewed_only) == ["confirmed", "corrected"]
    monkeypatch.setenv(ENV_URL, store_url)
    for fmt, suffix in (("geojson", "geojson"), ("acled", "csv")):
        target = tmp_path / f"out.{suffix}"
        assert main(["export", "--format", fmt, "--reviewed-only", "-o", str(target)], out=io.StringIO(),
                    err=io.StringIO()) == 0
        if fmt == "geojson":
            properties = [feature["properties"] for feature in json.loads(target.read_text())["features"]]
            assert sorted(item["review_status"] for item in properties) == ["confirmed", "corrected"]
            assert next(item for item in properties if item["review_status"] == "corrected")["corrected_fields"] == [
                "actors_against", "killed", "kind"]
        else:
            acled = list(csv.DictReader(target.open(encoding="utf-8")))
            assert sorted(row["review_status"] for row in acled) == ["confirmed", "corrected"]
            assert next(row for row in acled if row["review_status"] == "corrected")["fatalities"] == "2"


def test_db_export_and_import_keep_every_review(reviewed: Store, backend: str, tmp_path: Path, worker_id: str) -> None:
    lines = list(export_lines(reviewed))
    records = {json.loads(line)["record"] for line in lines[1:]}
    assert {"review", "review_anchor", "review_change"} <= records
    copy = open_store(own_store_url(backend, tmp_path, f"{worker_id}_review_copy"))
    import_store(copy, io.StringIO("\n".join(lines) + "\n"))
    again = list(export_lines(copy))
    imported = [line for line in again[1:] if '"command":"db import"' in line]
    assert len(imported) == 1 and [line for line in again[1:] if line not in imported] == lines[1:]  # the same rows
    ids = [item.incident_id for item in review_queue(reviewed, statuses=None)]
    assert [incident_review(copy, key).as_dict() for key in ids] == [incident_review(reviewed, key).as_dict()
                                                                     for key in ids]
    item = review_queue(copy)[0]
    result = confirm(copy, item.incident_id, author="sara")  # the copy is a working store: numbering goes on
    assert result.change_id == len([line for line in lines if '"record":"review_change"' in line]) + 1
    copy.dispose()


def test_a_store_of_revision_0002_is_upgraded_with_every_incident_unreviewed(tmp_path: Path) -> None:
    from alembic import command

    from geodata.store.database import _alembic_config

    path = tmp_path / "old.sqlite3"
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "0002")
        connection.execute(sa.text(
            "INSERT INTO incidents (id, kind, date, date_precision, background, n_sources, actors, order_key, data, "
            "version, created_at, updated_at) VALUES ('inc-old', 'airstrike', NULL, 'unknown', 0, 0, '', 'k', "
            "'{}', 4, 't', 't')"))
    engine.dispose()
    store = open_store(f"sqlite:///{path}")
    with store.reading() as connection:
        row = connection.execute(sa.text("SELECT review_status, flagged, extracted, version FROM incidents")).one()
    store.dispose()
    assert tuple(row) == ("unreviewed", 0, None, 4)
    assert (tmp_path / "old.sqlite3.before-0002.bak").exists()
