"""The merging rules of geodata.events.merge, one test per rule, on hand-made reports."""

from __future__ import annotations

import datetime as dt

import pytest

from geodata.events.merge import APPROX_WINDOW, DAY_WINDOW, MERGE_DISTANCE_KM, merge_reports, same_event
from geodata.events.model import Report, Source
from geodata.places.refs import PlaceRef

CONOCO = PlaceRef("conoco-field", "Conoco gas field", "حقل كونيكو", 35.2254, 40.4471, 1, 2500, True)
KHASHAM = PlaceRef("khasham", "Khasham", "خشام", 35.3009, 40.2892, 1, 1500, True)
HATLA = PlaceRef("hatla", "Hatla", "حطلة", 35.3417, 40.1990, 1, 1500, True)
EAST = PlaceRef("deir-ez-zor-eastern-countryside", "eastern countryside", "ريف دير الزور الشرقي", 35.0, 40.5, 3, 40000, True)
SHUHAYL = PlaceRef("al-shuhayl", "al-Shuhayl", "الشحيل", 35.1211, 40.4089, 1, 1500, True)  # 12 km from Conoco
NEAR_CONOCO = PlaceRef("jadid-ekaidat", "near Jadid Ekaidat", "جديد عكيدات", 35.19, 40.40, 2, 5000, True)  # 6 km
DAY = dt.date(2023, 4, 10)


def report(article: str, *, kind: str = "rocket_attack", place: PlaceRef | None = CONOCO, date: dt.date | None = DAY,
           precision: str = "day", by: tuple[str, ...] = (), outlet: str | None = None, killed: int | None = None) -> Report:
    source = Source(article, outlet or article.upper(), None, dt.date(2023, 4, 11), f"نص {article}", ((0, 5),))
    return Report(kind=kind, source=source, date=date, date_precision=precision, location=place,
                  actors_by=list(by), killed=killed)


def test_the_same_event_from_two_outlets_is_one_incident_with_both_sources() -> None:
    incidents = merge_reports([report("a"), report("b")])
    assert len(incidents) == 1
    assert [source.article_id for source in incidents[0].sources] == ["a", "b"]


def test_reports_from_the_same_article_never_merge() -> None:
    assert len(merge_reports([report("a"), report("a")])) == 2


@pytest.mark.parametrize(("first", "second", "merged"), [
    ("rocket_attack", "rocket_attack", True),
    ("rocket_attack", "armed_clash", False),
    ("airstrike", "security_operation", False),
])
def test_kinds_must_agree(first: str, second: str, merged: bool) -> None:
    assert same_event(report("a", kind=first), report("b", kind=second)) is merged


def test_remote_fire_of_different_kinds_merges_only_with_the_same_doer() -> None:
    artillery = report("a", kind="artillery_shelling", by=("us_led_coalition",))
    assert same_event(artillery, report("b", kind="airstrike", by=("us_led_coalition",)))
    assert not same_event(artillery, report("b", kind="airstrike", by=("israel",)))
    assert not same_event(artillery, report("b", kind="airstrike"))


def test_disagreements_are_kept_as_notes() -> None:
    incident = merge_reports([
        report("a", kind="artillery_shelling", by=("us_led_coalition",), killed=3, outlet="SY24"),
        report("b", kind="airstrike", by=("us_led_coalition",), killed=4, outlet="Enab Baladi"),
    ])[0]
    assert "kind: artillery_shelling (SY24) vs airstrike (Enab Baladi)" in incident.disagreements
    assert "killed: 3 (SY24) vs 4 (Enab Baladi)" in incident.disagreements
    assert incident.killed == 4


def test_places_within_the_distance_merge_and_farther_ones_do_not() -> None:
    assert MERGE_DISTANCE_KM == 10
    assert same_event(report("a", place=CONOCO), report("b", place=NEAR_CONOCO))
    assert not same_event(report("a", place=CONOCO), report("b", place=SHUHAYL))
    assert not same_event(report("a", place=CONOCO), report("b", place=HATLA))


def test_a_region_merges_only_with_the_same_region() -> None:
    assert same_event(report("a", place=EAST), report("b", place=EAST))
    assert not same_event(report("a", place=EAST), report("b", place=CONOCO))


def test_a_report_without_a_place_or_a_date_never_merges() -> None:
    assert not same_event(report("a", place=None), report("b", place=None))
    assert not same_event(report("a", date=None), report("b", date=None))


@pytest.mark.parametrize(("days", "precision", "merged"), [
    (DAY_WINDOW, "day", True),
    (DAY_WINDOW + 1, "day", False),
    (APPROX_WINDOW, "approximate", True),
    (APPROX_WINDOW + 1, "approximate", False),
])
def test_dates_must_fall_in_the_window(days: int, precision: str, merged: bool) -> None:
    later = report("b", date=DAY + dt.timedelta(days=days), precision=precision)
    assert same_event(report("a"), later) is merged


def test_the_incident_takes_the_exact_date_and_the_most_precise_place() -> None:
    incident = merge_reports([
        report("a", date=dt.date(2023, 4, 11), precision="approximate"),
        report("b", place=CONOCO),
    ])[0]
    assert incident.date == DAY and incident.date_precision == "day"
    assert incident.location == CONOCO


def test_incident_ids_are_stable_and_independent_of_input_order() -> None:
    reports = [report("a"), report("b"), report("c", place=HATLA, kind="airstrike")]
    first = {incident.incident_id for incident in merge_reports(reports)}
    second = {incident.incident_id for incident in merge_reports(list(reversed(reports)))}
    assert first == second and len(first) == 2
