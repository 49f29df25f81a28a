"""The governorate, district and subdistrict of every incident: table columns, filter, exports."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

import geodata
from geodata.places.gazetteer import default_gazetteer
from geodata.table.exporters.acled import acled_table
from geodata.table.exporters.csv import flat_table
from geodata.table.filters import Filters, admin_unit_options, apply_filters, filter_options, in_admin_units
from geodata.table.frame import ADMIN_COLUMNS, admin_columns, empty_frame


@lru_cache(maxsize=1)
def seed_frame() -> pd.DataFrame:
    return geodata.load_incidents(with_control=False)


def test_every_incident_in_the_region_has_its_admin_units() -> None:
    frame = seed_frame()
    assert all(column in frame.columns for column in ADMIN_COLUMNS)
    for column in ADMIN_COLUMNS:
        assert str(frame[column].dtype) == "string"
    placed = frame[frame["in_region"].fillna(False).astype(bool) & frame["place_id"].notna()]
    settled = placed[placed["geo_precision"] == 1]
    assert len(settled) and settled["admin3_pcode"].notna().all()
    assert placed["admin1_pcode"].notna().all()
    row = frame[frame["place_id"] == "al-shaddadi"].iloc[0]
    assert (row["admin1_en"], row["admin2_en"], row["admin3_en"]) == ("Al-Hasakeh", "Al-Hasakeh", "Shadadah")
    assert row["admin3_ar"] == "شدادة" and row["admin3_pcode"] == "SY080002"


def test_admin_columns_of_places_outside_or_unknown() -> None:
    gazetteer = default_gazetteer()
    assert set(admin_columns(gazetteer, "damascus").values()) == {None}
    assert set(admin_columns(gazetteer, "no-such-place").values()) == {None}
    assert admin_columns(gazetteer, "deir-ez-zor-governorate")["admin1_pcode"] == "SY09"
    assert list(empty_frame().columns).count("admin1_pcode") == 1


def test_the_admin_unit_filter_keeps_incidents_inside_any_chosen_unit() -> None:
    frame = seed_frame()
    everything = Filters(include_background=True, include_undated=True)
    hasakah = apply_filters(frame, Filters(include_background=True, include_undated=True, admin_units=("SY08",)))
    assert len(hasakah) and (hasakah["admin1_pcode"] == "SY08").all()
    subdistrict = apply_filters(frame, Filters(include_background=True, include_undated=True, admin_units=("SY080002",)))
    assert set(subdistrict["place_id"]) == {"al-shaddadi"}
    both = apply_filters(frame, Filters(include_background=True, include_undated=True, admin_units=("SY08", "SY09")))
    assert len(both) == len(frame[frame["admin1_pcode"].isin(["SY08", "SY09"])])
    assert apply_filters(frame, Filters(include_background=True, include_undated=True, admin_units=())).empty
    assert len(apply_filters(frame, everything)) == len(frame)
    assert in_admin_units("al-shaddadi", ["SY08"]) and not in_admin_units("al-shaddadi", ["SY09"])
    assert not in_admin_units(None, ["SY08"])


def test_filter_options_list_the_units_under_their_parents() -> None:
    options = filter_options(seed_frame())
    codes = [code for code, _ in options.admin_units]
    assert "SY08" in codes and "SY080002" in codes
    labels = dict(options.admin_units)
    assert labels["SY080002"] == "Al-Hasakeh › Al-Hasakeh › Shadadah"
    assert admin_unit_options(pd.DataFrame({"x": [1]})) == ()


def test_exports_carry_the_admin_units() -> None:
    frame = seed_frame()
    acled = acled_table(frame)
    row = acled[acled["location"] == "al-Shaddadi"].iloc[0]
    assert (row["admin1"], row["admin2"], row["admin3"]) == ("Al Hasakeh", "Al-Hasakeh", "Shadadah")
    flat = flat_table(frame)
    assert {"admin1_pcode", "admin3_ar"} <= set(flat.columns)
