"""Extraction judged on 52 short reports in the styles of the outlets that cover eastern Syria
(tests/fixtures/reports/), against what a careful analyst finds in each
(tests/fixtures/reports_expected.yaml). Read by ``quality.sets``, scored by ``quality.scoring``;
the matcher itself is tested in tests/test_quality.py.

``python -m quality --set reports`` prints the figures and every miss, extra and wrong attribute.
"""

from __future__ import annotations

import pytest

from quality.report import score_text
from quality.sets import REPORTS

F1_BAR = 0.85
DATE_BAR = 0.9


@pytest.mark.slow
def test_every_report_has_expectations_and_the_reverse() -> None:
    assert len(REPORTS.extracted) >= 45
    assert set(REPORTS.extracted) == set(REPORTS.expected)


def test_expectations_are_well_formed() -> None:
    assert REPORTS.problems() == []


@pytest.mark.slow
def test_set_level_f1() -> None:
    score = REPORTS.scored
    assert score.f1 >= F1_BAR, score_text(score)


@pytest.mark.slow
def test_dates_of_matched_incidents() -> None:
    dates = REPORTS.scored.fields["date"]
    assert dates.checked >= 40
    assert dates.accuracy >= DATE_BAR, "\n".join(dates.wrong)
