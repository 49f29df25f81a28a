"""A set of Arabic test reports with an analyst's reading, extracted and scored once per run."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from geodata.corpus.articles import load_corpus
from geodata.events.kinds import INCIDENT_KINDS
from geodata.events.reports import extract_reports
from geodata.places.gazetteer import default_gazetteer
from tests.scoring import Expected, SetScore, place_ids, read_expected, score_set

FIXTURES = Path(__file__).parent / "fixtures"
KNOWN_FIELDS = {"launch", "date", "date_precision", "time_of_day", "background", "killed", "injured", "by", "against"}


@dataclass(frozen=True)
class ReportSet:
    """Reports in ``folder`` and their expected incidents in ``expectations`` (YAML)."""

    folder: Path
    expectations: Path

    @cached_property
    def expected(self) -> dict[str, list[Expected]]:
        return read_expected(yaml.safe_load(self.expectations.read_text(encoding="utf-8")))

    @cached_property
    def extracted(self) -> dict[str, list[dict[str, Any]]]:
        corpus = load_corpus([self.folder])
        assert not corpus.problems, corpus.problems
        return {article.id: [report.as_dict() for report in extract_reports(article)] for article in corpus.articles}

    @cached_property
    def scored(self) -> SetScore:
        coordinates = {place.id: (place.lat, place.lon) for place in default_gazetteer()}
        return score_set(self.expected, self.extracted, coordinates)

    def check_expectations(self) -> None:
        """Every expected place is in the gazetteer; kinds and fields are the documented ones."""
        gazetteer = default_gazetteer()
        unknown_places = sorted(place_id for place_id in place_ids(self.expected) if place_id not in gazetteer)
        assert not unknown_places, f"expected places missing from the gazetteer: {unknown_places}"
        for entries in self.expected.values():
            for entry in entries:
                assert entry.kind in INCIDENT_KINDS, entry
                assert set(entry.fields) <= KNOWN_FIELDS, entry
                if entry.fields.get("date_precision") == "day":
                    assert "date" in entry.fields, entry


DEVELOPMENT = ReportSet(FIXTURES / "reports", FIXTURES / "reports_expected.yaml")
SECOND = ReportSet(FIXTURES / "heldout", FIXTURES / "heldout_expected.yaml")
