"""Extraction judged on a development set of 52 short reports in the styles of the outlets that
cover eastern Syria (tests/fixtures/reports/), against what a careful analyst finds in each
(tests/fixtures/reports_expected.yaml). Scoring is in tests/scoring.py.

Run ``.venv/bin/python -m tests.test_extraction_reports`` to print the figures and every miss,
extra and wrong attribute.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.extraction_sets import DEVELOPMENT
from tests.scoring import SetScore, read_expected, score_set, summary

F1_BAR = 0.85
DATE_BAR = 0.9


@pytest.mark.slow
def test_every_report_has_expectations_and_the_reverse() -> None:
    assert len(DEVELOPMENT.extracted) >= 45
    assert set(DEVELOPMENT.extracted) == set(DEVELOPMENT.expected)


def test_expectations_are_well_formed() -> None:
    DEVELOPMENT.check_expectations()


@pytest.mark.slow
def test_set_level_f1() -> None:
    score = DEVELOPMENT.scored
    assert score.f1 >= F1_BAR, summary(score)


@pytest.mark.slow
def test_dates_of_matched_incidents() -> None:
    dates = DEVELOPMENT.scored.fields["date"]
    assert dates.checked >= 40
    assert dates.accuracy >= DATE_BAR, "\n".join(dates.wrong)


# The scorer itself, on a toy world: A and B 5.5 km apart, C far away.
TOY = {"a": (35.0, 40.0), "b": (35.05, 40.0), "c": (36.0, 41.0)}


def _incident(kind: str, place: str, **fields: Any) -> dict[str, Any]:
    lat, lon = TOY[place]
    return {"kind": kind, "location": {"gazetteer_id": place, "lat": lat, "lon": lon}, **fields}


def _toy_score(entries: dict[str, list[dict[str, Any]]], extracted_incidents: dict[str, list[dict[str, Any]]]) -> SetScore:
    return score_set(read_expected(entries), extracted_incidents, TOY)


def test_scorer_matches_kind_and_place_within_10_km() -> None:
    score = _toy_score(
        {"x": [{"kind": "airstrike", "location": "a"}, {"kind": "airstrike", "location": "c"}]},
        {"x": [_incident("airstrike", "b"), _incident("rocket_attack", "c")]},
    )
    assert (score.true_positives, score.false_negatives, score.false_positives) == (1, 1, 1)
    assert score.precision == score.recall == score.f1 == 0.5


def test_scorer_pairs_one_to_one_and_nearest_first() -> None:
    score = _toy_score(
        {"x": [{"kind": "armed_clash", "location": "a", "date": "2024-01-01"},
               {"kind": "armed_clash", "location": "b", "date": "2024-01-02"}]},
        {"x": [_incident("armed_clash", "b", date="2024-01-02"), _incident("armed_clash", "a", date="2024-01-01")]},
    )
    assert score.true_positives == 2
    assert score.fields["date"].accuracy == 1.0
    lone = _toy_score({"x": [{"kind": "airstrike", "location": "a"}] * 2}, {"x": [_incident("airstrike", "a")]})
    assert (lone.true_positives, lone.false_negatives, lone.false_positives) == (1, 1, 0)


def test_optional_incidents_are_neither_missed_nor_extra() -> None:
    score = _toy_score(
        {"x": [{"kind": "interception", "location": "a"}, {"kind": "drone_attack", "location": "a", "optional": True},
               {"kind": "weapons_found", "location": "c", "optional": True}]},
        {"x": [_incident("interception", "a"), _incident("drone_attack", "a")]},
    )
    assert (score.true_positives, score.false_negatives, score.false_positives) == (1, 0, 0)


def test_a_report_with_no_incident_counts_only_its_extras() -> None:
    score = _toy_score({"x": [], "y": [{"kind": "airstrike", "location": "a"}]},
                       {"x": [_incident("airstrike", "a")], "y": [_incident("airstrike", "a")]})
    assert [article.f1 for article in score.articles] == [0.0, 1.0]
    assert (score.true_positives, score.false_positives) == (1, 1)


if __name__ == "__main__":
    print(summary(DEVELOPMENT.scored))
