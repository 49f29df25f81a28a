"""Control snapshots after the government withdrawal of 6 December 2024 (SPEC section 7).

Places whose controller the sources name for each period fall on that side; every date from the
first snapshot on is covered by exactly one snapshot or listed as uncovered; the command line
answers for 2025.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from geodata.datafiles import data_path
from geodata.places.control import control_geojson, controller_at, load_snapshots, snapshot_at
from geodata.places.gazetteer import default_gazetteer

ROOT = Path(__file__).resolve().parents[1]
CONTROL_README = data_path("control") / "README.md"
TODAY = dt.date(2026, 12, 7)  # the day these snapshots were brought up to date
GOV, SDF, TRIBES = "syrian_government", "sdf", "tribal_forces"
DESERT_SOUTH_OF_THE_RIVER = (34.9, 39.9)  # 30 km from the Euphrates, between Palmyra road and the river

# (date, place, controller the sources give): one block per snapshot after 5 Dec 2024.
EXPECTED = [
    # 6-10 Dec 2024: the SDF in the west-bank towns (AFP/SOHR, Reuters) and in the seven villages.
    *[(dt.date(2024, 12, 8), place, SDF) for place in (
        "deir-ez-zor", "al-mayadin", "albu-kamal", "al-quriyah", "khasham", "hatla", "hajin", "al-busayrah")],
    # 11 Dec 2024 - 1 Jun 2025: the government in Damascus west of the river, the SDF east of it.
    *[(dt.date(2025, 3, 10), place, GOV) for place in ("deir-ez-zor", "al-mayadin", "albu-kamal", "al-tibni")],
    *[(dt.date(2025, 3, 10), place, SDF) for place in (
        "hajin", "al-busayrah", "dhiban", "khasham", "hatla", "al-omar-field", "conoco-field", "al-shaddadi")],
    # 2 Jun 2025 - 16 Jan 2026: the same line after the US drawdown.
    *[(dt.date(2025, 9, 14), place, GOV) for place in ("al-ashara", "al-mayadin", "deir-ez-zor")],
    *[(dt.date(2025, 9, 14), place, SDF) for place in ("darnaj", "al-shuhayl", "al-baghuz", "al-kasrah")],
    # 17-18 Jan 2026: the towns the tribes took from the SDF (Enab Baladi, Anadolu), the SDF beyond.
    *[(dt.date(2026, 1, 17), place, TRIBES) for place in (
        "al-tayyana", "gharanij", "abu-hamam", "dhiban", "hatla", "al-baghuz", "al-omar-field", "conoco-field")],
    *[(dt.date(2026, 1, 17), place, SDF) for place in ("al-shaddadi", "markada")],
    (dt.date(2026, 1, 18), "deir-ez-zor", GOV),
    # From 19 Jan 2026: the state on both banks and at al-Shaddadi.
    *[(day, place, GOV) for day in (dt.date(2026, 1, 19), dt.date(2026, 2, 20), TODAY) for place in (
        "deir-ez-zor", "hajin", "al-busayrah", "al-omar-field", "al-sur", "markada", "al-shaddadi")],
]


@pytest.mark.parametrize(("day", "place_id", "expected"), EXPECTED)
def test_places_fall_on_the_side_the_sources_give(day: dt.date, place_id: str, expected: str) -> None:
    place = default_gazetteer().get(place_id)
    assert place is not None, f"the gazetteer has no '{place_id}'"
    assert controller_at(place.lat, place.lon, day) == expected, f"{place_id} on {day} ({snapshot_at(day).id})"


def test_the_west_bank_desert_had_no_holder_while_the_sdf_was_in_the_towns() -> None:
    assert controller_at(*DESERT_SOUTH_OF_THE_RIVER, dt.date(2024, 12, 8)) is None
    assert controller_at(*DESERT_SOUTH_OF_THE_RIVER, dt.date(2024, 12, 11)) == GOV


@pytest.mark.parametrize(("day", "snapshot_id"), [
    (dt.date(2024, 12, 5), "after-uprising"),
    (dt.date(2024, 12, 6), "sdf-advance-2024"),
    (dt.date(2024, 12, 10), "sdf-advance-2024"),
    (dt.date(2024, 12, 11), "after-assad"),
    (dt.date(2025, 6, 1), "after-assad"),
    (dt.date(2025, 6, 2), "after-us-drawdown-2025"),
    (dt.date(2026, 1, 16), "after-us-drawdown-2025"),
    (dt.date(2026, 1, 17), "sdf-withdrawal-2026"),
    (dt.date(2026, 1, 19), "state-control-2026"),
    (dt.date(2026, 2, 15), "after-coalition-2026"),
    (dt.date(2026, 2, 24), "unreported-since-2026"),
    (TODAY, "unreported-since-2026"),
])
def test_snapshot_boundaries(day: dt.date, snapshot_id: str) -> None:
    assert snapshot_at(day).id == snapshot_id


# ---------------------------------------------------------------- coverage in time


def collection_properties() -> dict:
    return json.loads(data_path("control/snapshots.geojson").read_text(encoding="utf-8"))["properties"]


def test_every_date_is_covered_or_listed_as_uncovered() -> None:
    snapshots = load_snapshots().snapshots
    uncovered = collection_properties()["uncovered"]
    for earlier, later in itertools.pairwise(snapshots):
        assert earlier.valid_to is not None, f"only the last snapshot may be open; {earlier.id} is"
        gap_start, gap_end = earlier.valid_to + dt.timedelta(days=1), later.valid_from - dt.timedelta(days=1)
        if gap_start <= gap_end:  # a gap must be listed
            assert {"from": gap_start.isoformat(), "to": gap_end.isoformat()} in [
                {"from": gap["from"], "to": gap["to"]} for gap in uncovered], f"{earlier.id} -> {later.id}"
    first = snapshots[0].valid_from
    assert [(gap["from"], gap["to"]) for gap in uncovered if gap["from"] is None] == [
        (None, (first - dt.timedelta(days=1)).isoformat())]
    assert all(gap["why"].strip() for gap in uncovered)
    last = snapshots[-1]
    assert last.valid_to is None or last.valid_to >= TODAY
    assert snapshot_at(TODAY).id == last.id


def test_the_open_snapshot_starts_after_the_last_source_and_claims_less() -> None:
    last = load_snapshots().snapshots[-1]
    last_source = dt.date.fromisoformat(collection_properties()["last_source_date"])
    assert last.valid_to is None and last.valid_from == last_source + dt.timedelta(days=1)
    assert {area.confidence for area in last.areas} <= {"medium", "low"}
    assert all("no later report" in area.source for area in last.areas)


def test_the_readme_lists_every_snapshot_and_uncovered_period() -> None:
    readme = CONTROL_README.read_text(encoding="utf-8")
    for snapshot in load_snapshots().snapshots:
        assert f"`{snapshot.id}`" in readme, snapshot.id
    for gap in collection_properties()["uncovered"]:
        assert gap["to"] in readme or f"{dt.date.fromisoformat(gap['to']) + dt.timedelta(days=1)}" in readme


# ---------------------------------------------------------------- sources, confidence, bases


def test_each_new_feature_cites_dated_sources() -> None:
    for snapshot in load_snapshots().snapshots:
        if snapshot.valid_from < dt.date(2024, 12, 6):
            continue
        for item in snapshot.features:
            assert any(year in item.source for year in ("2024", "2025", "2026")), (snapshot.id, item.source[:80])
            assert item.confidence in {"high", "medium", "low"}


def test_short_lived_and_contested_ground_is_low_confidence() -> None:
    for day, controller in ((dt.date(2024, 12, 8), SDF), (dt.date(2026, 1, 17), TRIBES)):
        snapshot = snapshot_at(day)
        contested = [area for area in snapshot.areas if area.confidence == "low"]
        assert contested and {area.controller for area in contested} >= {controller}


@pytest.mark.parametrize(("day", "bases", "held_by"), [
    (dt.date(2024, 12, 8), {"conoco-field", "al-omar-field", "green-village", "al-shaddadi-base"}, SDF),
    (dt.date(2025, 3, 10), {"conoco-field", "al-omar-field", "green-village", "al-shaddadi-base"}, SDF),
    (dt.date(2025, 9, 14), {"al-shaddadi-base"}, SDF),  # US forces left al-Omar, Conoco, Green Village in May 2025
    (dt.date(2026, 2, 1), {"al-shaddadi-base"}, GOV),  # the coalition stayed at al-Shaddadi until 15 Feb 2026
    (dt.date(2026, 2, 20), set(), GOV),
    (TODAY, set(), GOV),
])
def test_coalition_bases_in_use(day: dt.date, bases: set[str], held_by: str) -> None:
    snapshot = snapshot_at(day)
    present = snapshot.layer("base")
    assert {base.feature["properties"]["gazetteer_id"] for base in present} == bases
    for base in present:
        assert base.controller == "us_led_coalition"
        assert snapshot.controller_at(base.geometry.y, base.geometry.x) == held_by


def test_contact_lines_follow_the_front() -> None:
    assert {line.feature["properties"]["facing"] for line in snapshot_at(dt.date(2025, 3, 10)).layer("contact_line")} \
        == {SDF}
    assert not snapshot_at(dt.date(2024, 12, 8)).layer("contact_line")  # one side on both banks
    assert not snapshot_at(TODAY).layer("contact_line")  # one side across the whole area


def test_the_map_gets_the_snapshot_of_a_2025_date() -> None:
    collection = control_geojson(dt.date(2025, 6, 1))
    assert collection["properties"]["snapshot"] == "after-assad"
    controllers = {f["properties"]["controller"] for f in collection["features"] if f["properties"]["layer"] == "area"}
    assert controllers == {GOV, SDF}
    assert any("2024" in source for source in collection["properties"]["sources"])


# ---------------------------------------------------------------- the command line


def test_python_m_geodata_control_for_2025() -> None:
    gazetteer = default_gazetteer()
    rows = [("deir-ez-zor", GOV), ("al-mayadin", GOV), ("albu-kamal", GOV),
            ("al-busayrah", SDF), ("hajin", SDF), ("khasham", SDF)]
    points = [f"{gazetteer[place].lat},{gazetteer[place].lon}" for place, _ in rows]
    result = subprocess.run([sys.executable, "-m", "geodata", "control", "--date", "2025-06-01", *points],
                            capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [(answer["controller"], answer["snapshot"], answer["date"]) for answer in answers] == [
        (controller, "after-assad", "2025-06-01") for _, controller in rows]
