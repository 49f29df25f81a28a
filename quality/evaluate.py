"""Run the extractor over a set and score it: events, places, and the reports of one event told by
two articles (which merging should join)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from quality import pipeline
from quality.places import ArticlePlaces, PlaceScore, score_article_places
from quality.scoring import SetScore, match_article
from quality.sets import QualitySet


@dataclass(frozen=True)
class MergeCheck:
    """An event two articles report: whether the reports matched to it in each were merged."""

    first: str
    second: str
    event: str
    outcome: str  # merged | not merged | not extracted by both


@dataclass
class SetResult:
    """A scored set."""

    name: str
    title: str
    location: Path
    article_count: int
    events: SetScore
    places: PlaceScore | None
    merges: list[MergeCheck] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    has_actors: bool = True


def evaluate(quality_set: QualitySet) -> SetResult:
    """Extract every article of the set, match its events, score its places where the set lists
    them, and check the pairs of articles that report one event."""
    articles = []
    place_scores: list[ArticlePlaces] = []
    extractions: dict[str, pipeline.Extraction] = {}
    for batch in quality_set.batches:
        for article in batch.articles:
            extraction = pipeline.extract(article)
            extractions[article.id] = extraction
            articles.append(match_article(article.id, batch.expected.get(article.id, []), extraction.dicts, batch.references))
            if batch.gold_places is not None:
                mentions, unresolved = pipeline.resolved_places(article.text)
                place_scores.append(score_article_places(article.id, article.text, batch.gold_places.get(article.id, []),
                                                         mentions, unresolved=unresolved))
    events = SetScore(articles)
    has_places = any(batch.gold_places is not None for batch in quality_set.batches)
    return SetResult(quality_set.name, quality_set.title, quality_set.location, quality_set.article_count, events,
                     PlaceScore(place_scores) if has_places else None,
                     _merge_checks(quality_set.same_event_articles, events, extractions), list(quality_set.problems),
                     quality_set.has_actors)


def _merge_checks(article_pairs: Iterable[tuple[str, str]], events: SetScore,
                  extractions: dict[str, pipeline.Extraction]) -> list[MergeCheck]:
    """For each pair of articles, every expected event both share (same kind and place): whether
    their matched reports end up in one incident."""
    by_id = {article.article_id: article for article in events.articles}
    checks = []
    for first, second in article_pairs:
        if first not in by_id or second not in by_id:
            continue
        reports = extractions[first].reports + extractions[second].reports
        offset = len(extractions[first].reports)
        matched_first = {(pair.expected.kind, pair.expected.places): pair.position for pair in by_id[first].pairs}
        matched_second = {(pair.expected.kind, pair.expected.places): pair.position for pair in by_id[second].pairs}
        shared = [(entry.kind, entry.places) for entry in by_id[first].expected if entry.places
                  and any((other.kind, other.places) == (entry.kind, entry.places) for other in by_id[second].expected)]
        for key in dict.fromkeys(shared):
            label = f"{key[0]} @ {'|'.join(key[1])}"
            if key in matched_first and key in matched_second:
                [merged] = pipeline.merged_pairs(reports, [(matched_first[key], offset + matched_second[key])])
                outcome = "merged" if merged else "not merged"
            else:
                outcome = "not extracted by both"
            checks.append(MergeCheck(first, second, label, outcome))
    return checks
