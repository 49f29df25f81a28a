"""Everything the quality report takes from the extractor, in one module.

The rest of ``quality`` sees plain records: articles, extracted reports as the dicts of
``Report.as_dict()``, resolved place mentions, gazetteer points. Only this module imports
``geodata``, so a move of its modules means re-pointing the imports here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from geodata.corpus.articles import Article, build_article, load_corpus
from geodata.events.kinds import INCIDENT_KINDS
from geodata.events.merge import merge_reports
from geodata.events.model import Report
from geodata.events.reports import extract_reports
from geodata.places.finder import PlaceMatch, default_index, find_places
from geodata.places.gazetteer import default_gazetteer
from quality.places import Mention
from quality.scoring import RefPlace

KINDS: tuple[str, ...] = INCIDENT_KINDS

__all__ = ["KINDS", "Article", "Extraction", "article_from_fields", "extract", "gazetteer_ids",
           "gazetteer_references", "load_folder", "merged_pairs", "resolved_places"]


@dataclass
class Extraction:
    """One article's reports, as objects (for merging) and as dicts (for scoring)."""

    reports: list[Report]
    dicts: list[dict[str, Any]]


def load_folder(folder: Path) -> tuple[list[Article], list[str]]:
    """The articles of a folder, and the problems of those that did not load."""
    corpus = load_corpus([folder])
    return corpus.articles, [f"{problem.file}:{problem.line}: {problem.reason}" for problem in corpus.problems]


def article_from_fields(*, article_id: str, outlet: str, text: str, published: str | None, url: str | None,
                        file: str, line: int) -> Article:
    """An article built and validated from the fields of a JSON record (ArticleError when bad)."""
    meta = {"id": article_id, "outlet": outlet}
    if published:
        meta["published"] = published
    if url:
        meta["url"] = url
    return build_article(meta, text, file=file, line=line, meta_line=line)


def extract(article: Article) -> Extraction:
    reports = extract_reports(article)
    return Extraction(reports, [report.as_dict() for report in reports])


def resolved_places(text: str) -> tuple[list[Mention], list[str]]:
    """What ``geocode`` finds in ``text``: the resolved mentions and the unresolved place-like names."""
    mentions, unresolved = [], []
    for match in find_places(text, index=default_index()):
        if not isinstance(match, PlaceMatch):
            unresolved.append(match.surface)
        else:
            mentions.append(Mention(match.start, match.end, match.place.id, match.place.lat, match.place.lon,
                                    match.geo_precision))
    return mentions, unresolved


@lru_cache(maxsize=1)
def gazetteer_references() -> dict[str, RefPlace]:
    """Every gazetteer entry as a reference place (areas: geo precision 3)."""
    return {place.id: RefPlace(place.lat, place.lon, area=place.geo_precision == 3) for place in default_gazetteer()}


def gazetteer_ids() -> set[str]:
    return set(gazetteer_references())


def merged_pairs(reports: Sequence[Report], pairs: Sequence[tuple[int, int]]) -> list[bool]:
    """For each pair of positions in ``reports``, whether merging puts the two in one incident."""
    home: dict[int, int] = {}
    for number, incident in enumerate(merge_reports(reports)):
        for source in incident.sources:
            home[id(source)] = number  # an incident keeps its reports' Source objects
    return [home[id(reports[first].source)] == home[id(reports[second].source)] for first, second in pairs]
