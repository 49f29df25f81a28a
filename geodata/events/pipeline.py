"""Corpus -> articles -> reports -> incidents, with every problem kept."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from geodata.corpus.articles import Article, load_corpus
from geodata.errors import Problem
from geodata.events.merge import merge_reports
from geodata.events.model import Incident, Report
from geodata.events.reports import extract_reports


@dataclass
class PipelineResult:
    articles: list[Article] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def extract_all(articles: Sequence[Article]) -> tuple[list[Report], list[Problem]]:
    """Reports of every article; an article the extractor cannot read is a problem, not a crash."""
    reports: list[Report] = []
    problems: list[Problem] = []
    for article in articles:
        try:
            reports += extract_reports(article)
        except Exception as error:
            problems.append(Problem(article.path, article.line, f"article '{article.id}' could not be read: {type(error).__name__}: {error}"))
    return reports, problems


def run_corpus(corpus: Sequence[str | Path] | str | Path | None = None) -> PipelineResult:
    """Load the corpus (the seeds by default), extract reports and merge them into incidents."""
    loaded = load_corpus(corpus)
    reports, problems = extract_all(loaded.articles)
    return PipelineResult(loaded.articles, reports, merge_reports(reports), loaded.problems + problems)
