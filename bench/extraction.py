"""Extraction throughput on one core, and ``load_incidents`` on a 1,000-article corpus.

    python -m bench.extraction [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.common import Row, Section, Target, median, pin_to_one_core, restore_affinity, spread, timed
from bench.corpus import SyntheticArticle, corpus, write_jsonl
from geodata.corpus.articles import Article
from geodata.events.reports import extract_reports

THROUGHPUT_TARGET = Target(">=", 1000, ">= 1000 reports/s")
GAZETTEER_LOAD_TARGET = Target("<", 0.5, "< 0.5 s")
# run in a fresh interpreter: the cold cost an app or a command pays once (modules imported first)
_LOAD_SCRIPT = """
import time
from geodata.places import layers, finder, framing, commonness
start = time.perf_counter()
gazetteer = layers.load_full_gazetteer()
loaded = time.perf_counter()
finder.PlaceIndex(gazetteer, framing.load_place_phrases(), commonness.load_name_frequencies())
print(loaded - start, time.perf_counter() - loaded, len(gazetteer))
"""


@dataclass(frozen=True)
class ExtractionSizes:
    """How much to measure: articles timed per repeat, repeats, and the load_incidents corpus."""

    articles: int = 500
    repeats: int = 5
    corpus_articles: int = 1000
    corpus_repeats: int = 3


FULL = ExtractionSizes()
QUICK = ExtractionSizes(articles=20, repeats=2, corpus_articles=20, corpus_repeats=1)


def articles_of(count: int, seed: int = 0) -> list[SyntheticArticle]:
    """At least ``count`` synthetic articles (about 300 words each), the first ``count``."""
    events = max(10, count // 2)
    found = corpus(events, seed)
    while len(found) < count:
        events *= 2
        found = corpus(events, seed)
    return found[:count]


def _extract_all(articles: Sequence[Article]) -> int:
    return sum(len(extract_reports(article)) for article in articles)


def throughput(articles: Sequence[Article], repeats: int) -> tuple[list[float], int]:
    """Seconds per pass over ``articles`` (after one untimed pass) and the reports of a pass."""
    _extract_all(articles)  # loads cues, gazetteer index and the patterns built on first use
    times, reports = [], 0
    for _ in range(repeats):
        seconds, reports = timed(lambda: _extract_all(articles))
        times.append(seconds)
    return times, reports


def load_time(articles: Sequence[SyntheticArticle], repeats: int) -> tuple[list[float], int]:
    """Seconds of ``geodata.load_incidents`` on the articles written as one JSON Lines file."""
    import geodata

    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as folder:
        path = write_jsonl(articles, Path(folder) / "corpus.jsonl")
        times, rows = [], 0
        for _ in range(repeats):
            seconds, frame = timed(lambda: geodata.load_incidents(corpus=[path]))
            times.append(seconds)
            rows = len(frame)
    return times, rows


def gazetteer_load_times(repeats: int) -> tuple[list[float], list[float], int]:
    """Seconds to load the full gazetteer (both layers and the admin units) and to build the
    place index from it, each in a fresh process, and the number of places."""
    loads, builds, places = [], [], 0
    for _ in range(repeats):
        result = subprocess.run([sys.executable, "-c", _LOAD_SCRIPT], capture_output=True, text=True, check=True)
        load, build, count = result.stdout.split()
        loads.append(float(load))
        builds.append(float(build))
        places = int(count)
    return loads, builds, places


def run(quick: bool = False, seed: int = 0) -> Section:
    sizes = QUICK if quick else FULL
    section = Section("extraction")
    loads, builds, places = gazetteer_load_times(sizes.repeats)
    section.rows.append(Row("extraction", "gazetteer load (curated + imported + admin units, cold)", f"{places} places",
                            median(loads), "s", len(loads), spread(loads), GAZETTEER_LOAD_TARGET))
    section.rows.append(Row("extraction", "place index build (every spelling, one automaton)", f"{places} places",
                            median(builds), "s", len(builds), spread(builds)))
    synthetic = articles_of(max(sizes.articles, sizes.corpus_articles), seed)
    sample = [article.article() for article in synthetic[: sizes.articles]]
    words = statistics.median(len(article.text.split()) for article in sample)
    previous = pin_to_one_core()
    try:
        times, reports = throughput(sample, sizes.repeats)
    finally:
        restore_affinity(previous)
    rates = [len(sample) / seconds for seconds in times]
    section.rows.append(Row("extraction", "extract_reports throughput (1 core)", f"{len(sample)} reports",
                            len(sample) / median(times), "reports/s", len(times), spread(rates),
                            THROUGHPUT_TARGET, f"median {words:.0f} words per report; {reports} incident reports per pass"))
    section.rows.append(Row("extraction", "extract_reports time per report", f"{len(sample)} reports",
                            median(times) / len(sample) * 1000, "ms", len(times), spread(times, 1000 / len(sample))))
    load_times, incidents = load_time(synthetic[: sizes.corpus_articles], sizes.corpus_repeats)
    section.rows.append(Row("extraction", "load_incidents (JSONL corpus)", f"{sizes.corpus_articles} articles",
                            median(load_times), "s", len(load_times), spread(load_times),
                            note=f"{incidents} incidents; load, extract, merge, control annotation"))
    return section


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.extraction")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    for row in run(args.quick).rows:
        print(f"{row.metric} [{row.size}]: {row.median:.4g} {row.unit} ({row.spread}) {row.status} {row.note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
