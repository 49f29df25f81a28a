"""Exports (GeoJSON, CSV, ACLED-style CSV) against golden files, and their contracts.

After an intended change, ``python -m pytest tests/test_exports.py --update-golden`` rewrites the
golden files (and fails): review ``git diff tests/golden`` and commit it.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from geodata.table.exporters import EXPORTERS, export, get_exporter
from geodata.table.exporters.acled import COLUMNS as ACLED_COLUMNS
from geodata.table.exporters.csv import COLUMNS as CSV_COLUMNS
from tests.fixtures.incidents import fixture_frame, hostile_frame
from tests.golden import Golden


@pytest.mark.parametrize("name", sorted(EXPORTERS))
def test_exports_match_their_golden_files(name: str, golden: Golden) -> None:
    exporter = get_exporter(name)
    golden.check(f"fixture.{name}{exporter.suffix}", exporter.to_bytes(fixture_frame()))


@pytest.mark.parametrize("name", ["csv", "acled"])
def test_csvs_open_in_excel_as_utf_8(name: str) -> None:
    """A byte-order mark first: without it Excel reads UTF-8 as its local code page and the
    Arabic turns to mojibake. Readers that know UTF-8 skip it."""
    data = get_exporter(name).to_bytes(fixture_frame())
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    text = data.decode("utf-8-sig")
    assert not text.startswith("\ufeff") and ("حطلة" in text or "Hatla" in text)
    assert next(iter(pd.read_csv(io.BytesIO(data)).columns)) in ("incident_id", "event_id_cnty")


def test_every_exporter_keeps_the_common_signature() -> None:
    for name, exporter in EXPORTERS.items():
        assert exporter.name == name
        assert exporter.suffix.startswith(".") and "/" in exporter.media_type
        assert isinstance(exporter.to_bytes(fixture_frame().iloc[:0]), bytes)


def test_an_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="geojson"):
        get_exporter("kml")


def test_geojson_follows_rfc_7946() -> None:
    collection = json.loads(get_exporter("geojson").to_bytes(fixture_frame()))
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        lon, lat = feature["geometry"]["coordinates"]
        assert 38 < lon < 42 and 33 < lat < 37, "positions are [longitude, latitude]"
        assert isinstance(feature["properties"]["sources"], list)


def test_csvs_load_in_pandas_with_the_documented_columns() -> None:
    flat = pd.read_csv(io.BytesIO(get_exporter("csv").to_bytes(fixture_frame())))
    acled = pd.read_csv(io.BytesIO(get_exporter("acled").to_bytes(fixture_frame())))
    assert list(flat.columns) == list(CSV_COLUMNS)
    assert list(acled.columns) == list(ACLED_COLUMNS)
    assert len(flat) == len(acled) == len(fixture_frame())
    assert set(acled["event_type"]) <= {"Explosions/Remote violence", "Battles", "Strategic developments"}


def test_cells_that_a_spreadsheet_would_run_are_defused() -> None:
    frame = hostile_frame()
    frame.loc[frame.index[0], "place_name_en"] = "=HYPERLINK(\"http://evil\")"
    flat = pd.read_csv(io.BytesIO(get_exporter("csv").to_bytes(frame)), dtype=str)
    assert flat.loc[0, "place_name_en"].startswith("'=")


def test_export_writes_the_file(tmp_path: Path) -> None:
    path = export(fixture_frame(), "geojson", tmp_path / "out.geojson")
    assert json.loads(path.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
