"""The sets of scored reports the project has, read into one shape.

- ``reports``: tests/fixtures/reports with tests/fixtures/reports_expected.yaml, and
- ``heldout``: tests/fixtures/heldout with tests/fixtures/heldout_expected.yaml: Arabic reports
  written for testing, expectations naming gazetteer ids (the YAML header documents the fields);
- ``devset``: the development set of real reports, rewritten, in ``../shared/devset`` beside the
  clone (``--devset`` or ``GEODATA_DEVSET`` to point elsewhere), read at run time and never copied
  into the project. Its README documents the records; each ``partN.jsonl`` gets its reference
  points from ``partN_places.csv`` (by ``canonical_en``).

A set is read into batches, each scored against its own reference places (the two parts of the
development set put the same place at slightly different points).
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from quality import pipeline
from quality.places import GoldPlace
from quality.scoring import CONFIDENCES, Expected, References, RefPlace, SetScore, place_ids, read_expected, score_set

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
DEVSET_ENV = "GEODATA_DEVSET"
FIXTURE_FIELDS = frozenset({"launch", "date", "date_precision", "time_of_day", "background", "killed", "injured", "by", "against"})
_SAME_EVENT = re.compile(r"\b(d\d+-\d+) with (d\d+-\d+)\b")


class SetError(ValueError):
    """A set cannot be read: names the file and what is wrong."""


@dataclass
class Batch:
    """Articles scored against one mapping of reference places; ``gold_places`` is None for a set
    whose expectations do not list every toponym."""

    label: str
    articles: list[pipeline.Article]
    expected: dict[str, list[Expected]]
    references: References
    gold_places: dict[str, list[GoldPlace]] | None = None


@dataclass
class QualitySet:
    """A named set: its batches, the pairs of articles that report one event, and the problems met
    while reading it (a bad record is skipped, never fatal to the rest)."""

    name: str
    title: str
    location: Path
    batches: list[Batch]
    same_event_articles: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    has_actors: bool = True

    @property
    def article_count(self) -> int:
        return sum(len(batch.articles) for batch in self.batches)


# --- the fixture sets ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FixtureSet:
    """Reports in ``folder`` and their expected incidents in ``expectations`` (YAML), extracted and
    scored once per process."""

    name: str
    title: str
    folder: Path
    expectations: Path

    @cached_property
    def expected(self) -> dict[str, list[Expected]]:
        return read_expected(yaml.safe_load(self.expectations.read_text(encoding="utf-8")))

    @cached_property
    def articles(self) -> list[pipeline.Article]:
        articles, problems = pipeline.load_folder(self.folder)
        if problems:
            raise SetError(f"{self.folder}: " + "; ".join(problems))
        return articles

    @cached_property
    def extracted(self) -> dict[str, list[dict[str, Any]]]:
        return {article.id: pipeline.extract(article).dicts for article in self.articles}

    @cached_property
    def scored(self) -> SetScore:
        return score_set(self.expected, self.extracted, pipeline.gazetteer_references())

    def problems(self) -> list[str]:
        """Expectations that name a place missing from the gazetteer, an unknown kind or field."""
        found = [f"{self.expectations}: expected places missing from the gazetteer: {place_id}"
                 for place_id in sorted(place_ids(self.expected) - pipeline.gazetteer_ids())]
        for entries in self.expected.values():
            for entry in entries:
                if entry.kind not in pipeline.KINDS:
                    found.append(f"{self.expectations}: {entry.article_id}: unknown kind {entry.kind!r}")
                if not set(entry.fields) <= FIXTURE_FIELDS:
                    found.append(f"{self.expectations}: {entry.article_id}: unknown fields {sorted(set(entry.fields) - FIXTURE_FIELDS)}")
                if entry.fields.get("date_precision") == "day" and "date" not in entry.fields:
                    found.append(f"{self.expectations}: {entry.article_id}: {entry.label}: day precision without a date")
        return found

    def read(self) -> QualitySet:
        batch = Batch(self.name, self.articles, self.expected, pipeline.gazetteer_references())
        return QualitySet(self.name, self.title, self.folder, [batch], problems=self.problems())


REPORTS = FixtureSet("reports", "fixture reports", FIXTURES / "reports", FIXTURES / "reports_expected.yaml")
HELDOUT = FixtureSet("heldout", "held-out fixture reports", FIXTURES / "heldout", FIXTURES / "heldout_expected.yaml")


# --- the development set ------------------------------------------------------------------------------------------


def devset_path(option: str | Path | None = None, environ: Mapping[str, str] = os.environ) -> Path:
    """Where the development set is: the option, else GEODATA_DEVSET, else ../shared/devset
    beside the clone."""
    chosen = option or environ.get(DEVSET_ENV) or REPO.parent / "shared" / "devset"
    return Path(chosen)


def devset_present(folder: Path) -> bool:
    return any(folder.glob("part*.jsonl"))


def read_devset(folder: Path) -> QualitySet:
    """Every ``part*.jsonl`` of the folder with its ``*_places.csv``."""
    if not devset_present(folder):
        raise SetError(f"no development set at {folder}: no part*.jsonl there (set {DEVSET_ENV} or --devset)")
    problems: list[str] = []
    seen: set[str] = set()
    batches = [_read_part(path, problems, seen) for path in sorted(folder.glob("part*.jsonl"))]
    readme = folder / "README.md"
    pairs = _same_event_articles(readme.read_text(encoding="utf-8") if readme.exists() else "",
                                 [article.id for batch in batches for article in batch.articles])
    return QualitySet("devset", "development set (real reports, rewritten)", folder, batches, pairs, problems,
                      has_actors=False)


def read_references(path: Path, problems: list[str]) -> dict[str, RefPlace]:
    """``canonical_en, name_ar, lat, lon, source, confidence`` rows as reference places; areas are
    marked later, from the kind the records give."""
    references: dict[str, RefPlace] = {}
    if not path.exists():
        problems.append(f"{path}: missing: the places of this part have no reference points")
        return references
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                confidence = row["confidence"].strip()
                if confidence not in CONFIDENCES:
                    raise ValueError(f"confidence {confidence!r} is not one of {', '.join(CONFIDENCES)}")
                references[row["canonical_en"]] = RefPlace(float(row["lat"]), float(row["lon"]), confidence=confidence)
            except (KeyError, TypeError, ValueError, AttributeError) as error:
                problems.append(f"{path}:{line}: skipped: {error}")
    return references


def _read_part(path: Path, problems: list[str], seen: set[str]) -> Batch:
    """One ``partN.jsonl`` with the reference points of ``partN_places.csv``; a place is an area
    when the records give it an area kind (governorate, region, river, country)."""
    points = read_references(path.with_name(f"{path.stem}_places.csv"), problems)
    articles, expected, gold_places = [], {}, {}
    for line, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
            if record["id"] in seen:
                raise ValueError(f"duplicate id {record['id']!r}")
            article = pipeline.article_from_fields(
                article_id=record["id"], outlet=record["outlet"], text=record["text"], published=record.get("published"),
                url=record.get("url"), file=str(path), line=line)
            gold = [_gold_place(place) for place in record.get("gold_places") or []]
            names = {place.name for place in gold}
            events = [_expected(record["id"], index, event, names) for index, event in enumerate(record.get("gold_events") or [])]
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            problems.append(f"{path}:{line}: skipped: {type(error).__name__}: {error}")
            continue
        seen.add(article.id)
        articles.append(article)
        expected[article.id] = events
        gold_places[article.id] = gold
    areas = {place.name for gold in gold_places.values() for place in gold if place.area}
    references = {name: RefPlace(ref.lat, ref.lon, area=name in areas, confidence=ref.confidence) for name, ref in points.items()}
    located = {article_id: [replace(place, ref=references.get(place.name)) for place in gold]
               for article_id, gold in gold_places.items()}
    return Batch(path.stem, articles, expected, references, located)


def _gold_place(place: Mapping[str, Any]) -> GoldPlace:
    if not isinstance(place["surface"], str) or not place["surface"]:
        raise ValueError(f"place {place.get('canonical_en')!r} has no surface")
    return GoldPlace(place["surface"], place["canonical_en"], place["kind"], bool(place["in_region"]), None)


def _expected(article_id: str, index: int, event: Mapping[str, Any], names: set[str]) -> Expected:
    """An analyst's event as an expectation: background always checked; date, casualties and
    launch site where the text gives them (not null)."""
    if event["kind"] not in pipeline.KINDS:
        raise ValueError(f"event {index + 1}: unknown kind {event['kind']!r}")
    for key in ("location", "launch_site"):
        if event.get(key) is not None and event[key] not in names:
            raise ValueError(f"event {index + 1}: {key} {event[key]!r} is not one of the record's gold places")
    fields: dict[str, Any] = {"background": bool(event.get("background"))}
    for key, name in (("date", "date"), ("killed", "killed"), ("injured", "injured"), ("launch_site", "launch")):
        if event.get(key) is not None:
            fields[name] = event[key]
    location = event.get("location")
    return Expected(article_id, index, event["kind"], (location,) if location else (), False, fields)


def _same_event_articles(readme: str, article_ids: Sequence[str]) -> list[tuple[str, str]]:
    """The pairs of articles the set's README says report one event ("d2-06 with d2-07")."""
    def full(prefix: str) -> str | None:
        return next((article_id for article_id in article_ids if article_id.startswith(prefix + "-")), None)
    pairs = []
    for first, second in _SAME_EVENT.findall(readme):
        if (one := full(first)) and (two := full(second)):
            pairs.append((one, two))
    return pairs


SET_NAMES = ("reports", "heldout", "devset")
FIXTURE_SETS = {"reports": REPORTS, "heldout": HELDOUT}
