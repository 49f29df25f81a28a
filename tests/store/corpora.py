"""Generated corpora for the store's tests (``bench.corpus``): many outlets telling the same
events in their own words, dense enough in time and place that reports merge and chain."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path

from bench.corpus import compose_articles, make_events
from geodata.corpus.articles import Article
from geodata.events.merge import merge_reports
from geodata.events.model import Incident, Report
from geodata.events.reports import extract_reports


@cache
def dense_articles(events: int = 70, seed: int = 5, days: int = 25) -> tuple[Article, ...]:
    first = dt.date(2023, 3, 1)
    found = make_events(events, seed, first=first, last=first + dt.timedelta(days=days - 1))
    return tuple(article.article() for article in compose_articles(found, seed))


def scratch_incidents(articles: tuple[Article, ...] | list[Article]) -> list[Incident]:
    """The merge from scratch, as ``geodata extract`` computes it."""
    return merge_reports([report for article in articles for report in _reports(article)])


@cache
def _reports(article: Article) -> tuple[Report, ...]:
    return tuple(extract_reports(article))


def without_ids(incidents: list[Incident]) -> list[str]:
    """Each incident as JSON without its id, sorted: the incidents, ignoring ids."""
    records = []
    for incident in incidents:
        record = incident.as_dict()
        record.pop("incident_id")
        record["spans"] = [list(source.excerpt_spans) for source in incident.sources]
        records.append(json.dumps(record, ensure_ascii=False, sort_keys=True))
    return sorted(records)


def write_jsonl(articles: list[Article] | tuple[Article, ...], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as stream:
        for article in articles:
            stream.write(json.dumps({"id": article.id, "outlet": article.outlet, "url": article.url,
                                     "published": article.published.isoformat() if article.published else None,
                                     "language": article.language, "text": article.text}, ensure_ascii=False) + "\n")
    return path
