"""The store (issue 15): ingesting into a store of 100k incidents, parallel extraction, and
reading the table back with filters, on SQLite and PostgreSQL side by side.

    python -m bench.store [--quick] [--postgres URL]

The 100k-incident store is built without the extractor: each synthetic event of
``bench.corpus`` (2008-2024) becomes one article per outlet that tells it, holding one report
made directly from the event, and the whole set goes through the store's own batch writer
(``store_batch``: the same merge, ids and inserts as ``geodata ingest``). PostgreSQL gets a
copy of that store through ``db export``/``db import``. The 1,000 new articles are composed
articles about the month after the store's last day, read by the real extractor; extraction
is timed apart from storing and re-merging.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.common import Row, Section, Target, median, spread, timed
from bench.corpus import _ref, _slug, compose_articles, event_text, make_events, tellings
from geodata.corpus.articles import Article
from geodata.events.model import Report, Source
from geodata.store.database import Store, open_store
from geodata.store.dump import export_store, import_store
from geodata.store.extraction import read_articles, read_one
from geodata.store.query import Circle, incident_table
from geodata.store.records import content_hash
from geodata.store.writer import Extracted, store_batch
from geodata.table.filters import Filters

STORE_TARGET = Target("<", 5.0, "< 5 s")
SPEEDUP_TARGET = Target(">=", 1.8, ">= 1.8x on 2 cores")
FIRST, LAST = dt.date(2008, 1, 1), dt.date(2024, 12, 31)


@dataclass(frozen=True)
class StoreSizes:
    events: int = 135_000
    new_articles: int = 1000
    batch: int = 200
    repeats: int = 1  # each repeat puts the 100k store back through export/import


FULL = StoreSizes()
QUICK = StoreSizes(events=800, new_articles=40, batch=20, repeats=1)


def synthetic_items(events: int, seed: int = 0) -> list[Extracted]:
    """One article per telling of each event, with the report the event makes (no extraction)."""
    import random

    items = []
    for event in make_events(events, seed, first=FIRST, last=LAST):
        rng = random.Random(f"{seed}:store:{event.event_id}")
        for number, telling in enumerate(tellings([event], seed)):
            article_id = f"{_slug(telling.outlet)}-{telling.published.isoformat()}-{event.event_id}-{number}"
            text = event_text(telling, seed, rng)
            article = Article(id=article_id, outlet=telling.outlet, text=text, published=telling.published)
            source = Source(article_id, telling.outlet, None, telling.published, text, ((0, len(text)),))
            report = Report(kind=event.kind, source=source, date=event.date, date_precision="day",
                            location=_ref(event.place), launch_site=_ref(event.launch, near=True) if event.launch else None,
                            actors_by=[event.by], actors_against=[event.against])
            items.append(Extracted(article, content_hash(article), "bench-synthetic", [report]))
    return items


def new_articles(count: int, seed: int = 1) -> list[Article]:
    """``count`` composed articles about January 2025, the month after the store's last day."""
    events = max(10, count // 2)
    while True:
        found = compose_articles(make_events(events, seed, first=dt.date(2025, 1, 1), last=dt.date(2025, 1, 31)), seed)
        if len(found) >= count:
            return [article.article() for article in found[:count]]
        events *= 2


def build(store: Store, items: list[Extracted]) -> float:
    seconds, _ = timed(lambda: store_batch(store, items, command="bench"))
    return seconds


def copy_store(source: Store, target: Store) -> None:
    buffer = io.StringIO()
    export_store(source, buffer)
    buffer.seek(0)
    import_store(target, buffer, replace=True)


def ingest_rows(label: str, store: Store, extracted: list[Extracted], sizes: StoreSizes, base: int) -> list[Row]:
    """Store and re-merge the new articles in batches; the store is put back after each repeat."""
    times = []
    for repeat in range(sizes.repeats):
        snapshot = io.StringIO()
        if repeat < sizes.repeats - 1:
            export_store(store, snapshot)
        seconds = 0.0
        for start in range(0, len(extracted), sizes.batch):
            seconds += store_batch(store, extracted[start:start + sizes.batch], command="bench").seconds
        times.append(seconds)
        if repeat < sizes.repeats - 1:
            snapshot.seek(0)
            import_store(store, snapshot, replace=True)
    return [Row(f"store: {label}", "ingest: storing + re-merging new articles",
                f"{len(extracted)} articles into {base:,} incidents", median(times), "s", len(times), spread(times),
                STORE_TARGET, f"batches of {sizes.batch}; extraction timed apart (below)")]


def query_rows(label: str, store: Store, base: int) -> list[Row]:
    cases = [
        ("every incident", {}),
        ("one month, background included", {"filters": Filters(date_from=dt.date(2020, 6, 1), date_to=dt.date(2020, 6, 30),
                                                                include_background=True)}),
        ("kinds: rocket and drone attacks", {"filters": Filters(kinds=("rocket_attack", "drone_attack"))}),
        ("within 15 km of Deir ez-Zor city", {"area": Circle(35.336, 40.141, 15.0)}),
    ]
    rows = []
    for name, options in cases:
        times, rows_found = [], 0
        for _ in range(3):
            seconds, frame = timed(lambda options=options: incident_table(store, with_control=False, **options))
            times.append(seconds)
            rows_found = len(frame)
        rows.append(Row(f"store: {label}", f"incident_table: {name}", f"{base:,} incidents", median(times), "s",
                        len(times), spread(times), note=f"{rows_found:,} rows; typed frame as incidents_to_frame"))
    return rows


JOBS_REPEATS = 3


def extraction_rows(articles: list[Article]) -> tuple[list[Extracted], list[Row]]:
    """One process against ``--jobs 2``, interleaved repeats; and the machine's own ceiling: the
    same articles cut in two halves, read by two independent processes at once with nothing
    sent between them (what two cores give when the work shares nothing)."""
    times: dict[str, list[float]] = {"one": [], "two": [], "apart": []}
    extracted: list[Extracted] = []
    for _ in range(JOBS_REPEATS):
        seconds, extracted = timed(lambda: _read(articles, 1))
        times["one"].append(seconds)
        times["two"].append(timed(lambda: _read(articles, 2))[0])
        times["apart"].append(timed(lambda: _halves_apart(articles))[0])
    one, two, apart = (median(times[name]) for name in ("one", "two", "apart"))
    size = f"{len(articles)} articles"
    group = "store: extraction"
    rows = [
        Row(group, "read_articles, 1 process", size, one, "s", JOBS_REPEATS, spread(times["one"]),
            note=f"{sum(len(item.reports) for item in extracted)} reports"),
        Row(group, "read_articles, --jobs 2", size, two, "s", JOBS_REPEATS, spread(times["two"])),
        Row(group, "--jobs 2 speed-up over 1", size, one / two, "x", target=SPEEDUP_TARGET,
            note=f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} after the run"),
        Row(group, "two independent processes, half each: speed-up over 1", size, one / apart, "x",
            note="the machine's ceiling for any split of this work in two"),
    ]
    return extracted, rows


def _read(articles: list[Article], jobs: int) -> list[Extracted]:
    return list(read_articles(articles, jobs=jobs, progress=False))


def _halves_apart(articles: list[Article]) -> None:
    import multiprocessing

    context = multiprocessing.get_context("fork")
    middle = len(articles) // 2
    workers = [context.Process(target=_read_all, args=(part,)) for part in (articles[:middle], articles[middle:])]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


def _read_all(articles: list[Article]) -> None:
    for article in articles:
        read_one(article)


def run(quick: bool = False, seed: int = 0, postgres: str | None = None) -> Section:
    sizes = QUICK if quick else FULL
    section = Section("store")
    postgres = postgres or os.environ.get("GEODATA_TEST_POSTGRES_URL")
    with tempfile.TemporaryDirectory(prefix="bench-store-") as folder:
        sqlite = open_store(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        items = synthetic_items(sizes.events, seed)
        seconds = build(sqlite, items)
        base = incident_table(sqlite, with_control=False).shape[0]
        section.notes.append(f"store of {base:,} incidents from {len(items):,} synthetic one-report articles "
                             f"({sizes.events:,} events 2008-2024) built in {seconds:.0f} s by one store_batch")
        articles = new_articles(sizes.new_articles, seed + 1)
        list(read_articles(articles[:5], progress=False))  # cue words and place index built before timing
        extracted, rows = extraction_rows(articles)
        section.rows += rows
        stores = [("SQLite", sqlite)]
        if postgres:
            target = open_store(postgres)
            copy_store(sqlite, target)
            stores.append(("PostgreSQL", target))
        else:
            section.notes.append("PostgreSQL not measured: no GEODATA_TEST_POSTGRES_URL (or --postgres)")
        for label, store in stores:
            section.rows += ingest_rows(label, store, extracted, sizes, base)
            section.rows += query_rows(label, store, base)
            store.dispose()
    return section


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--postgres", help="a PostgreSQL URL to measure too (its store is replaced)")
    args = parser.parse_args(argv)
    section = run(args.quick, postgres=args.postgres)
    for row in section.rows:
        print(f"{row.group} | {row.metric} [{row.size}]: {row.median:.4g} {row.unit} ({row.spread}) {row.status} {row.note}")
    for note in section.notes:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
