"""The imported gazetteer layer beneath the curated rows, the admin units, and the search."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from geodata.datafiles import data_path
from geodata.errors import DataFileError
from geodata.places.gazetteer import default_gazetteer
from geodata.places.layers import (
    IMPORTED_COLUMNS,
    IMPORTED_GAZETTEER_ATTRIBUTION,
    load_admin_units,
    load_full_gazetteer,
    load_imported,
)
from geodata.places.search import fold_arabic, fold_latin, search_places


def imported_rows() -> list[dict[str, str]]:
    with data_path("gazetteer_imported.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_full_gazetteer_holds_both_layers_without_problems() -> None:
    gazetteer = default_gazetteer()
    rows = imported_rows()
    twins = [row for row in rows if row["same_as"]]
    curated = [place for place in gazetteer if place.curated]
    assert gazetteer.problems == []
    assert len(curated) == 228
    # every imported row is a place, except those that are a curated place
    assert len(gazetteer) == len(curated) + len(rows) - len(twins)
    assert len(gazetteer.admin_units) == 53


def test_a_curated_place_keeps_precedence_and_takes_what_its_twin_brings() -> None:
    gazetteer = default_gazetteer()
    hatla = gazetteer["hatla"]
    assert hatla.curated and hatla.source.startswith("GeoNames")  # its own source, not the import's
    assert "gn-169789" in hatla.twins and "gn-169789" not in gazetteer
    assert hatla.geonames_id == "169789"
    assert (hatla.admin1, hatla.admin2, hatla.admin3) == ("SY09", "SY0901", "SY090100")


def test_imported_rows_keep_source_pcode_geonames_id_and_status() -> None:
    gazetteer = default_gazetteer()
    rows = {row["id"]: row for row in imported_rows() if not row["same_as"]}
    for place_id in ("ocha-c5189", "gn-174564"):
        place, row = gazetteer[place_id], rows[place_id]
        assert not place.curated and place.layer == "imported"
        assert (place.source, place.pcode, place.geonames_id) == (row["source"], row["pcode"], row["geonames_id"])
    abandoned = [place for place in gazetteer if place.abandoned]
    assert len(abandoned) == sum(row["status"] == "abandoned" for row in rows.values())
    assert all(not place.curated for place in abandoned)


def test_admin_path_gives_governorate_district_and_subdistrict() -> None:
    gazetteer = default_gazetteer()
    path = gazetteer.admin_path("ocha-c5189")
    assert [unit.level for unit in path] == [1, 2, 3]
    assert path[0].name_en == "Deir-ez-Zor" and path[0].name_ar == "دير الزور"
    assert gazetteer.admin_path("damascus") == ()
    assert gazetteer.admin_path("nowhere") == ()
    # a governorate of the region, and a region inside it, know their governorate
    assert [unit.pcode for unit in gazetteer.admin_path("hasakah-governorate")] == ["SY08"]


def write(path: Path, header: tuple[str, ...], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


GOOD = ["ocha-c9999", "Test", "تجربة", "", "", "village", "deir-ez-zor", "35.0", "40.5", "2000", "C9999", "",
        "SY09", "SY0901", "SY090100", "current", "", "OCHA (CC BY 3.0 IGO)"]


@pytest.mark.parametrize(("change", "reason"), [
    ({0: "village-1"}, "must be ocha-cNNNN"),
    ({5: "hamlet"}, "kind 'hamlet'"),
    ({6: "homs"}, "governorate 'homs'"),
    ({15: "gone"}, "status 'gone'"),
    ({7: "north"}, "must be numbers"),
    ({7: "37.9"}, "outside governorate"),
    ({12: "SY08"}, "is not governorate"),
    ({14: "SY080000"}, "does not lie in"),
    ({14: "SY099999"}, "not in admin_units.csv"),
    ({9: "0"}, "must be positive"),
])
def test_a_bad_imported_row_is_reported_with_its_line(tmp_path: Path, change: dict[int, str], reason: str) -> None:
    bad = list(GOOD)
    for index, value in change.items():
        bad[index] = value
    path = write(tmp_path / "imported.csv", IMPORTED_COLUMNS, [GOOD, bad])
    units, _ = load_admin_units()
    places, problems = load_imported(path, units)
    assert [place.id for place in places] == ["ocha-c9999"]
    assert len(problems) == 1 and problems[0].line == 3 and reason in problems[0].reason


def test_a_wrong_header_or_a_same_as_to_nowhere(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="header"):
        load_imported(write(tmp_path / "bad.csv", ("id", "name"), [["a", "b"]]))
    twin = list(GOOD)
    twin[16] = "no-such-place"
    gazetteer = load_full_gazetteer(imported=write(tmp_path / "twin.csv", IMPORTED_COLUMNS, [twin]))
    assert any("same_as 'no-such-place'" in problem.reason for problem in gazetteer.problems)


def test_attribution_names_both_sources_and_their_licences() -> None:
    for part in ("OCHA", "CC BY 3.0 IGO", "Who's On First", "GeoNames", "CC BY 4.0"):
        assert part in IMPORTED_GAZETTEER_ATTRIBUTION
    readme = data_path("README.md").read_text(encoding="utf-8")
    assert IMPORTED_GAZETTEER_ATTRIBUTION in readme


# --- search -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "expected"), [
    ("Hatla", "hatla"),
    ("hatla", "hatla"),
    ("حطلة", "hatla"),
    ("حَطْلَه", "hatla"),  # diacritics and ta marbuta
    ("Deir ez-Zor", "deir-ez-zor"),
    ("deirezzor", "deir-ez-zor"),
    ("ديرالزور", "deir-ez-zor"),
    ("دير  الزور", "deir-ez-zor"),
    ("al-Busayrah", "al-busayrah"),
    ("Busayrah", "al-busayrah"),
    ("البصيرة", "al-busayrah"),
    ("بصيرة", "al-busayrah"),
    ("الشحيل", "al-shuhayl"),
    ("C5189", "ocha-c5189"),  # a P-code
])
def test_search_finds_a_place_however_its_name_is_typed(query: str, expected: str) -> None:
    found = [place.id for place in search_places(default_gazetteer(), query, limit=10)]
    assert expected in found, (query, found)


def test_search_puts_whole_names_and_curated_places_first() -> None:
    gazetteer = default_gazetteer()
    first = search_places(gazetteer, "الصالحية")[:3]
    assert first and first[0].curated
    assert all(place.curated or not place.abandoned for place in first)
    assert search_places(gazetteer, "   ") == []
    assert search_places(gazetteer, "zzzzqqq") == []


def test_folding() -> None:
    assert fold_latin("Ḩaţlah") == fold_latin("hatlah")
    assert fold_latin("Deir ez-Zor") == fold_latin("deirezzor")
    assert fold_arabic("دير الزور") == fold_arabic("ديرالزور") == fold_arabic("دِيرُ الزّور")
