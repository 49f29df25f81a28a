"""Extraction judged on a held-out set of reports written independently of the extractor
(tests/fixtures/heldout/), in styles the development set under-represents: long articles that mix
news with background and analysis, SOHR-style roundups, official statements (CENTCOM, SANA,
SDF/ANHA), colloquial breaking items with typos and Arabic-Indic digits, and reports in which
nothing happened. The analyst's reading is tests/fixtures/heldout_expected.yaml, written before
the extractor was run on these reports. Read by ``quality.sets``, scored by ``quality.scoring``.

The bar is the project's pass bar on real reports (F1 >= 0.70). The set scored F1 0.79 on its
first run; some rules since then answer errors it showed, so it is no longer a clean held-out
measure of reports nobody has seen.

``python -m quality --set heldout`` prints the figures and every miss, extra and wrong attribute.
"""

from __future__ import annotations

import pytest

from quality.report import score_text
from quality.sets import HELDOUT as SECOND

F1_BAR = 0.70


@pytest.mark.slow
def test_held_out_set_is_large_enough_and_matches_its_expectations() -> None:
    assert len(SECOND.extracted) >= 30
    assert set(SECOND.extracted) == set(SECOND.expected)
    assert all(article_id.startswith("h") for article_id in SECOND.expected)
    assert sum(1 for entries in SECOND.expected.values() if not entries) >= 5, "reports with no incident"


def test_expectations_are_well_formed() -> None:
    assert SECOND.problems() == []


@pytest.mark.slow
def test_set_level_f1_on_held_out_reports() -> None:
    score = SECOND.scored
    print(f"\nheld-out set: precision {score.precision:.3f}  recall {score.recall:.3f}  F1 {score.f1:.3f}  "
          f"date accuracy {score.fields['date'].accuracy:.2f} ({score.fields['date'].right}/{score.fields['date'].checked})")
    assert score.f1 >= F1_BAR, score_text(score)

