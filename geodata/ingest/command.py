"""``geodata fetch``: the command line of live ingestion (SPEC section 13).

    geodata fetch [--outlet NAME] [--since DATE] [--every 30m] [--corpus DIR] [--outlets FILE]
                  [--state FILE] [--allow-address NET] [--url URL] [--status] [--show-paths]

The heavy modules (httpx, feedparser, trafilatura) are imported only when the command runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from geodata.errors import GeodataError

if TYPE_CHECKING:
    from geodata.ingest.config import Outlet, OutletsConfig
    from geodata.ingest.run import RoundReport

EXIT_FAILURES = 1
MAX_LISTED = 10  # failures listed per outlet and round; the state keeps them all


class UsageError(GeodataError, ValueError):
    """The command line asks for something that cannot be done."""


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO date (YYYY-MM-DD)") from None


def _interval(text: str) -> float:
    from geodata.ingest.schedule import parse_interval

    try:
        return parse_interval(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_parser(commands: Any) -> None:
    """Register ``fetch`` on the ``geodata`` command's subparsers."""
    fetch = commands.add_parser("fetch", help="fetch new reports from the outlets' feeds and pages")
    fetch.add_argument("--outlet", action="append", metavar="NAME", help="only this outlet (name or id; repeatable)")
    fetch.add_argument("--since", type=_date, metavar="DATE", help="only entries published on or after DATE (default: the last max_age_days)")
    fetch.add_argument("--every", type=_interval, metavar="INTERVAL", help="run a round now and every INTERVAL (30m, 1h, ...) until stopped")
    fetch.add_argument("--corpus", dest="corpus_dir", metavar="DIR",
                       help="write the articles to this corpus folder (state in a JSON file) instead of the store")
    fetch.add_argument("--outlets", metavar="FILE", help="outlets file (default: GEODATA_OUTLETS, the user config folder, or the bundled one)")
    fetch.add_argument("--state", metavar="FILE", help="with --corpus: the fetch state file (default: GEODATA_FETCH_STATE or the user data folder)")
    fetch.add_argument("--jobs", type=int, default=1, metavar="N", help="extract the new articles on N processes (0: every core)")
    fetch.add_argument("--allow-address", action="append", default=[], metavar="NET",
                       help="also allow this private or loopback network (e.g. 127.0.0.0/8); refused otherwise")
    fetch.add_argument("--url", action="append", metavar="URL", help="fetch this article page (with one --outlet) instead of the feeds")
    fetch.add_argument("--max-rounds", type=int, metavar="N", help=argparse.SUPPRESS)
    fetch.add_argument("--status", action="store_true", help="print what the state says of each outlet and exit")
    fetch.add_argument("--show-paths", action="store_true", help="print the outlets file, state file and corpus folder used, and exit")
    fetch.add_argument("--quiet", action="store_true", help="only the round summaries and failures")
    fetch.set_defaults(handler=cmd_fetch)


def cmd_fetch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from geodata.ingest.config import load_outlets, parse_networks

    config = load_outlets(args.outlets)
    if args.state and not args.corpus_dir:
        raise UsageError("--state goes with --corpus: without it the fetch state is kept in the store")
    with _destination(args, err) as (sink, state, where):
        if args.show_paths:
            out.write(f"outlets: {config.path}\n{where}\n")
            return 0
        outlets = select_outlets(config, args.outlet)
        if args.status:
            return _print_status(state, outlets, out)
        settings = config.settings.with_allowed(parse_networks(args.allow_address, file="--allow-address"))
        if args.url:
            return _fetch_urls(args, outlets, sink, state, settings, err)
        return _fetch_rounds(args, outlets, sink, state, settings, err)


@contextmanager
def _destination(args: argparse.Namespace, err: TextIO) -> Iterator[tuple[Any, Any, str]]:
    """Where articles and the fetch state go: the store (its new articles extracted and merged),
    or with ``--corpus`` a corpus folder and a JSON state file."""
    if args.corpus_dir:
        from geodata.ingest.corpus_sink import CorpusFolderSink
        from geodata.ingest.json_state import JsonFetchState, default_state_path

        state_path = Path(args.state).expanduser() if args.state else default_state_path()
        sink = CorpusFolderSink(Path(args.corpus_dir).expanduser())
        for problem in sink.problems:
            err.write(f"{problem}\n")
        yield sink, JsonFetchState(state_path), f"state: {state_path}\ncorpus: {sink.folder}"
        return
    from geodata.ingest.store_backend import StoreFetch
    from geodata.store import open_store

    store = open_store()
    try:
        both = StoreFetch(store, jobs=args.jobs)
        yield both, both, f"store: {store.where}"
    finally:
        store.dispose()


def select_outlets(config: OutletsConfig, names: Sequence[str] | None) -> list[Outlet]:
    """The outlets named (by name or id, any case), or every outlet; UsageError for an unknown name."""
    if not names:
        return list(config.outlets)
    chosen = []
    for name in names:
        found = [outlet for outlet in config.outlets if name.casefold() in (outlet.name.casefold(), outlet.slug)]
        if not found:
            known = ", ".join(outlet.name for outlet in config.outlets)
            raise UsageError(f"no outlet {name!r} in {config.path}; the outlets are: {known}")
        chosen += [outlet for outlet in found if outlet not in chosen]
    return chosen


def _fetch_urls(args: argparse.Namespace, outlets: list[Outlet], sink: Any, state: Any, settings: Any, err: TextIO) -> int:
    from geodata.ingest.run import fetch_urls

    if not args.outlet or len(outlets) != 1:
        raise UsageError("--url needs one --outlet NAME: the outlet the pages belong to")
    report = fetch_urls(args.url, outlets[0], sink=sink, state=state, settings=settings)
    _print_round(report, 1, err, quiet=args.quiet)
    return EXIT_FAILURES if report.failures else 0


def _fetch_rounds(args: argparse.Namespace, outlets: list[Outlet], sink: Any, state: Any, settings: Any, err: TextIO) -> int:
    from geodata.ingest.client import HttpClient
    from geodata.ingest.run import fetch_all
    from geodata.ingest.schedule import run_every, stop_on_signals

    stop = threading.Event()
    reports: list[RoundReport] = []

    def progress(done: int, total: int, message: str) -> None:
        if not args.quiet:
            err.write(f"[{done}/{total}] {message}\n")

    def one_round() -> None:
        report = fetch_all(outlets, sink=sink, state=state, settings=settings, client=client, since=args.since,
                           progress=progress, should_stop=stop.is_set)
        reports.append(report)
        _print_round(report, len(reports), err, quiet=args.quiet)
        summary = getattr(sink, "summary", None)
        if summary is not None:
            err.write(f"  store: {summary()}\n")

    def on_signal(name: str) -> None:
        err.write(f"{name}: stopping after this request\n")

    with HttpClient(settings) as client, stop_on_signals(stop, on_signal):
        if args.every is None:
            one_round()
        else:
            err.write(f"fetching every {args.every:g} s; stop with Ctrl-C or SIGTERM\n")
            run_every(args.every, one_round, stop=stop, max_rounds=args.max_rounds)
    if args.every is not None:
        err.write(f"stopped after {len(reports)} round{'s' if len(reports) != 1 else ''}\n")
        return 0
    return EXIT_FAILURES if reports and reports[-1].failures else 0


def _print_round(report: RoundReport, number: int, err: TextIO, *, quiet: bool) -> None:
    stamp = report.finished_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    ending = f"; stopped early: {report.stopped_early}" if report.stopped_early else ""
    err.write(f"round {number} ({stamp}): {report.new} new, {report.failures} failed, {report.requests} requests{ending}\n")
    for outlet in report.outlets:
        err.write(f"  {outlet.outlet}: {len(outlet.new)} new, {outlet.duplicates} already stored, {len(outlet.skipped)} skipped, "
                  f"{len(outlet.failed)} failed ({outlet.feeds_read} feed{'s' if outlet.feeds_read != 1 else ''} read, "
                  f"{outlet.feeds_not_modified} unchanged)\n")
        for issue in outlet.failed[:MAX_LISTED]:
            err.write(f"    failed: {issue.url}: {issue.reason}\n")
        if len(outlet.failed) > MAX_LISTED:
            err.write(f"    ... and {len(outlet.failed) - MAX_LISTED} more failures (geodata fetch --status)\n")
        for issue in () if quiet else outlet.skipped[:MAX_LISTED]:
            err.write(f"    skipped: {issue.url}: {issue.reason}\n")
        for note in () if quiet else outlet.notes:
            err.write(f"    note: {note}\n")


def _print_status(state: Any, outlets: list[Outlet], out: TextIO) -> int:
    from geodata.ingest.status import outlet_statuses

    for status in outlet_statuses(state, outlets):
        out.write(json.dumps(status.as_dict(), ensure_ascii=False) + "\n")
    return 0
