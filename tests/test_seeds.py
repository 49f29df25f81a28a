"""The two seed articles end to end: every incident a careful reader finds in them."""

from __future__ import annotations

import datetime as dt

import pytest
from geopy.distance import great_circle

from geodata.events.model import Incident
from geodata.events.pipeline import run_corpus
from geodata.places.gazetteer import default_gazetteer

SY24 = "sy24-2023-04-11-conoco"
ENAB = "enab-baladi-2023-04-11-conoco"


@pytest.fixture(scope="module")
def incidents() -> list[Incident]:
    return run_corpus().incidents


def km_from(place, gazetteer_id: str) -> float:
    target = default_gazetteer()[gazetteer_id]
    return great_circle((place.lat, place.lon), (target.lat, target.lon)).km


def find(incidents: list[Incident], kind: str, near: str, *, within_km: float = 10, background: bool = False) -> Incident:
    found = [
        incident for incident in incidents
        if incident.kind == kind and incident.background == background and incident.location is not None
        and km_from(incident.location, near) <= within_km
    ]
    assert len(found) == 1, f"expected one {kind} near {near}, found {[i.as_dict() for i in found]}"
    return found[0]


def article_ids(incident: Incident) -> set[str]:
    return {source.article_id for source in incident.sources}


def test_the_conoco_rocket_attack_is_one_incident_from_both_outlets(incidents: list[Incident]) -> None:
    attack = find(incidents, "rocket_attack", "conoco-field", within_km=3)
    assert attack.date == dt.date(2023, 4, 10)
    assert attack.date_precision == "day"
    assert attack.time_of_day == "evening"
    assert article_ids(attack) == {SY24, ENAB}
    assert all("كونيكو" in source.excerpt for source in attack.sources)
    assert attack.killed == 0 and attack.injured == 0
    assert "iran_backed_militias" in attack.actors_by
    assert "us_led_coalition" in attack.actors_against
    assert attack.launch_site is not None
    assert km_from(attack.launch_site, "jadid-ekaidat") <= 15 and km_from(attack.launch_site, "khasham") <= 20


def test_the_coalition_strikes_the_launch_site(incidents: list[Incident]) -> None:
    responses = [
        incident for incident in incidents
        if incident.kind in {"artillery_shelling", "airstrike"} and "us_led_coalition" in incident.actors_by
        and incident.location is not None and km_from(incident.location, "jadid-ekaidat") <= 15
    ]
    assert len(responses) == 1
    response = responses[0]
    assert article_ids(response) == {SY24, ENAB}
    assert response.date in {dt.date(2023, 4, 10), dt.date(2023, 4, 11)}
    assert any(note.startswith("kind:") for note in response.disagreements), "artillery (SY24) vs air (Enab Baladi)"


def test_air_strikes_on_militia_positions_in_hatla(incidents: list[Incident]) -> None:
    strike = find(incidents, "airstrike", "hatla", within_km=6)
    assert article_ids(strike) == {SY24, ENAB}
    assert "us_led_coalition" in strike.actors_by
    assert {"irgc", "iran_backed_militias"} & set(strike.actors_against)
    assert any("حطلة" in source.excerpt for source in strike.sources)


def test_the_launcher_found_and_the_sweep_around_jadid_ekaidat(incidents: list[Incident]) -> None:
    found = find(incidents, "weapons_found", "jadid-ekaidat", within_km=15)
    sweep = find(incidents, "security_operation", "jadid-ekaidat", within_km=15)
    assert ENAB in article_ids(found)
    assert article_ids(sweep) == {SY24, ENAB}
    assert "sdf" in sweep.actors_by or "deir_ez_zor_military_council" in sweep.actors_by


def test_militias_move_weapons_inside_deir_ez_zor_city(incidents: list[Incident]) -> None:
    movement = find(incidents, "militia_movement", "deir-ez-zor", within_km=6)
    assert article_ids(movement) == {SY24}
    assert movement.actors_by == ["iran_backed_militias"]
    assert "الأسلحة" in movement.sources[0].excerpt or "الاسلحة" in movement.sources[0].excerpt


def test_the_earlier_drone_attack_on_al_shaddadi_is_background(incidents: list[Incident]) -> None:
    drone = find(incidents, "drone_attack", "al-shaddadi", within_km=5, background=True)
    assert drone.killed == 1 and drone.injured == 6
    assert drone.date_precision == "approximate"
    assert drone.date < dt.date(2023, 4, 10)
    assert "us_led_coalition" in drone.actors_against


def test_earlier_coalition_strikes_in_deir_ez_zor_are_background(incidents: list[Incident]) -> None:
    strikes = find(incidents, "airstrike", "deir-ez-zor", within_km=6, background=True)
    assert strikes.killed is None
    assert any("unspecified" in note for note in strikes.notes)


def test_israeli_strikes_and_rockets_in_the_south_are_out_of_region_background(incidents: list[Incident]) -> None:
    southern = [incident for incident in incidents if incident.location and not incident.location.in_region]
    assert southern and all(incident.background for incident in southern)
    dated = [incident for incident in southern if incident.date == dt.date(2023, 4, 9)]
    assert dated and dated[0].kind == "airstrike" and "israel" in dated[0].actors_by


def test_nothing_else_is_found(incidents: list[Incident]) -> None:
    in_region_news = [incident for incident in incidents if not incident.background]
    assert len(in_region_news) == 6
    assert len(incidents) <= 12


def test_incident_ids_are_stable(incidents: list[Incident]) -> None:
    again = run_corpus().incidents
    assert [incident.incident_id for incident in again] == [incident.incident_id for incident in incidents]
    assert len({incident.incident_id for incident in incidents}) == len(incidents)
