"""Command line (SPEC section 5a): extract, geocode, export, control, validate; the store's
ingest, reextract and db (SPEC section 11, ``geodata.store.cli``); the analyst's review
(section 12, ``geodata.review.cli``); fetch (section 13).

Errors are turned into messages in one place (``main``); bad articles are reported on
standard error and skipped, never fatal to the rest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from geodata.errors import GeodataError, Problem

EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def _emit(records: Iterable[dict[str, Any]], *, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        json.dump(list(records), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _report_problems(problems: Iterable[Problem], out: TextIO) -> int:
    count = 0
    for problem in problems:
        out.write(f"{_printable(str(problem))}\n")
        count += 1
    return count


def _printable(text: str) -> str:
    """``text`` with what UTF-8 cannot hold (the surrogates that stand for undecodable bytes of a
    file name) written as ``\\udcff`` escapes, so one odd name cannot stop the report."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _text_argument(text: str) -> str:
    """A ``--text`` value: it must be valid Unicode (argv bytes that are not UTF-8 are refused)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise argparse.ArgumentTypeError("the text is not valid UTF-8") from None
    return text


def _utf8(stream: TextIO) -> TextIO:
    """``stream`` writing UTF-8 whatever the locale says: JSON and Arabic must survive LANG=C."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None and str(getattr(stream, "encoding", "")).lower().replace("-", "") != "utf8":
        reconfigure(encoding="utf-8")
    return stream


def cmd_extract(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    problems, events = _extracted(args.inputs or None, reports=args.reports, use_store=not args.no_store, jobs=args.jobs)
    _report_problems(problems, err)
    records = [event.as_dict() for event in events]
    _emit(records, fmt=args.format, out=out)
    return 0


def geocode_records(article_id: str | None, text: str) -> list[dict[str, Any]]:
    """Every place mention in ``text`` as the records of ``geocode``."""
    from geodata.places.finder import PlaceMatch, find_places

    records = []
    for match in find_places(text):
        place = match.place if isinstance(match, PlaceMatch) else None
        records.append({
            "article_id": article_id, "surface": match.surface, "start": match.start, "end": match.end,
            "gazetteer_id": place.id if place else None, "name_en": place.name_en if place else None,
            "name_ar": place.name_ar if place else None, "kind": place.kind if place else None,
            "lat": place.lat if place else None, "lon": place.lon if place else None,
            "geo_precision": match.geo_precision if isinstance(match, PlaceMatch) else None,
            "in_region": place.in_region if place else None,
            "relation": match.relation if isinstance(match, PlaceMatch) else "unresolved",
            "uncertainty_m": place.uncertainty_m if place else None,
        })
    return records


def _extracted(inputs: Sequence[str] | None, *, reports: bool, use_store: bool, jobs: int) -> tuple[list[Problem], Sequence[Any]]:
    """The reports (``reports``) or incidents of ``inputs``: read through the store, where
    unchanged articles are not extracted again, or in memory alone."""
    if not use_store:
        from geodata.events.pipeline import run_corpus

        result = run_corpus(inputs)
        return result.problems, result.reports if reports else result.incidents
    from geodata.store.corpus import ingest_corpus, store_for, stored_records_of, stored_reports

    with store_for(None) as store:
        stored = ingest_corpus(inputs, store=store, jobs=jobs)
        if reports:
            return stored.problems, stored_reports(store, stored.article_ids)
        return stored.problems, [_Reviewed(incident, mark) for incident, mark in stored_records_of(store, stored.article_ids)]


class _Reviewed:
    """A stored incident as ``extract`` prints it: with its review when an analyst reviewed it."""

    def __init__(self, incident: Any, mark: Any) -> None:
        self.incident, self.mark = incident, mark

    def as_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = self.incident.as_dict()
        if self.mark is not None:
            record["review"] = self.mark.as_dict()
        return record


def cmd_geocode(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.text is not None:
        _emit(geocode_records(None, args.text), fmt=args.format, out=out)
        return 0
    from geodata.corpus.articles import load_corpus

    corpus = load_corpus(args.inputs or None)
    _report_problems(corpus.problems, err)
    _emit((record for article in corpus.articles for record in geocode_records(article.id, article.text)), fmt=args.format, out=out)
    return 0


def cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from geodata.table.exporters import export, get_exporter

    get_exporter(args.format)
    frame = _export_table(args.corpus, use_store=not args.no_store)
    _report_problems((Problem(**problem) for problem in frame.attrs.get("problems", [])), err)
    frame = reviewed_rows(frame, reviewed_only=args.reviewed_only, include_rejected=args.include_rejected)
    path = export(frame, args.format, args.output)
    err.write(f"wrote {len(frame)} incidents to {path}\n")
    return 0


def reviewed_rows(frame: Any, *, reviewed_only: bool, include_rejected: bool) -> Any:
    """The rows an export keeps: rejected incidents only when asked, and with ``reviewed_only``
    only those an analyst confirmed or corrected."""
    from geodata.table.review import REVIEWED

    if reviewed_only:
        keep = frame["review_status"].isin(REVIEWED)
    elif include_rejected:
        return frame
    else:
        keep = frame["review_status"] != "rejected"
    chosen = frame[keep.to_numpy(dtype=bool)]
    chosen.attrs = dict(frame.attrs)
    return chosen


def _export_table(corpus: Sequence[str] | None, *, use_store: bool) -> Any:
    """The corpus's incidents, or with no corpus every incident of the store (the seeds when
    the store is empty); without the store, the corpus (the seeds by default) read in memory."""
    if not use_store:
        from geodata.table.frame import corpus_table

        return corpus_table(corpus or None)
    from geodata.store.corpus import load_incidents, store_for, store_table

    if corpus:
        return load_incidents(corpus)
    with store_for(None) as store:
        return store_table(store)


def _point(text: str) -> tuple[float, float]:
    try:
        lat_text, lon_text = text.split(",")
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not LAT,LON (e.g. 35.226,40.448)") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise argparse.ArgumentTypeError(f"{text!r} is out of range: lat -90..90, lon -180..180")
    return lat, lon


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO date (YYYY-MM-DD)") from None


def cmd_control(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from geodata.places.control import control_answers

    _emit(control_answers(args.points, args.date), fmt="jsonl", out=out)
    return 0


def validation_problems(corpus: Sequence[str] | None) -> list[Problem]:
    """Problems in the gazetteer, the language data, the control layers and the articles."""
    from geodata.corpus.articles import load_corpus
    from geodata.datafiles import data_path
    from geodata.dates.patterns import read_time_expressions
    from geodata.events.actors import load_actors
    from geodata.events.casualties import load_casualty_phrases
    from geodata.events.cues import load_cues
    from geodata.events.kinds import load_kinds
    from geodata.places.commonness import load_name_frequencies
    from geodata.places.control import validate_control
    from geodata.places.framing import load_place_phrases
    from geodata.places.layers import load_full_gazetteer

    try:
        # the curated rows, the imported layer, the admin units and the curated rows' units
        problems = list(load_full_gazetteer().problems)
    except GeodataError as error:
        problems = [getattr(error, "problem", Problem("gazetteer.csv", None, str(error)))]
    from geodata.ingest.config import load_outlets

    for loader in (load_kinds, load_actors, load_cues, load_casualty_phrases, load_place_phrases, load_name_frequencies,
                   lambda: read_time_expressions(data_path("time_expressions.yaml")), load_outlets):
        try:
            loader()
        except GeodataError as error:
            problems.append(getattr(error, "problem", Problem("<data>", None, str(error))))
    problems += validate_control()
    problems += load_corpus(corpus or None).problems
    return problems


def cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    problems = validation_problems(args.corpus)
    count = _report_problems(problems, out)
    err.write(f"{count} problem{'s' if count != 1 else ''} found\n")
    return EXIT_PROBLEMS if count else 0


def build_parser() -> argparse.ArgumentParser:
    from geodata.ingest.command import add_parser as add_fetch_parser
    from geodata.review.cli import add_commands as add_review_commands
    from geodata.store.cli import add_commands, jobs_argument

    parser = argparse.ArgumentParser(prog="geodata", description="Arabic news reports to geocoded incidents in eastern Syria.")
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="print incidents (or per-article reports) as JSON")
    extract.add_argument("--reports", action="store_true", help="per-article reports before merging")
    extract.add_argument("--format", choices=("jsonl", "json"), default="jsonl")
    extract.add_argument("--jobs", type=jobs_argument, default=1, metavar="N", help="extract on N processes")
    extract.add_argument("--no-store", action="store_true", help="read in memory only, without the store")
    extract.add_argument("inputs", nargs="*", metavar="INPUT", help="article files, folders, JSON Lines files, or - for stdin")
    extract.set_defaults(handler=cmd_extract)

    geocode = commands.add_parser("geocode", help="print every place found in the articles or in --text")
    geocode.add_argument("--format", choices=("jsonl", "json"), default="jsonl")
    geocode.add_argument("--text", type=_text_argument, help="geocode this string instead of articles")
    geocode.add_argument("inputs", nargs="*", metavar="INPUT")
    geocode.set_defaults(handler=cmd_geocode)

    export = commands.add_parser("export", help="write the incident table as GeoJSON, CSV or ACLED-style CSV")
    export.add_argument("--format", choices=("geojson", "csv", "acled"), required=True)
    export.add_argument("--corpus", nargs="+", metavar="DIR",
                        help="corpus folders or files, ingested into the store (default: every incident of the store)")
    export.add_argument("--no-store", action="store_true", help="read the corpus (default: seeds) in memory, without the store")
    export.add_argument("-o", "--output", required=True, metavar="FILE")
    chosen = export.add_mutually_exclusive_group()
    chosen.add_argument("--reviewed-only", action="store_true", help="only incidents an analyst confirmed or corrected")
    chosen.add_argument("--include-rejected", action="store_true", help="rejected incidents too (left out by default)")
    export.set_defaults(handler=cmd_export)

    control = commands.add_parser("control", help="who controlled each point on a date")
    control.add_argument("--date", type=_date, required=True)
    control.add_argument("points", nargs="+", type=_point, metavar="LAT,LON")
    control.set_defaults(handler=cmd_control)

    validate = commands.add_parser("validate", help="check the gazetteer, language data, control layers and articles")
    validate.add_argument("--corpus", nargs="+", metavar="DIR", help="corpus folders or files (default: seeds)")
    validate.set_defaults(handler=cmd_validate)

    add_commands(commands)
    add_review_commands(commands)
    add_fetch_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run one command; every failure becomes a message on standard error and an exit status."""
    out = out or _utf8(sys.stdout)
    err = err or _utf8(sys.stderr)
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace, TextIO, TextIO], int] = args.handler
    missing = [path for path in _input_paths(args) if path != "-" and not Path(path).exists()]
    if missing:
        err.write(f"geodata {args.command}: no such file or folder: {', '.join(missing)}\n")
        return EXIT_USAGE
    try:
        return handler(args, out, err)
    except BrokenPipeError:
        # the reader stopped (e.g. `| head`): nothing more to say, and nothing left to flush
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except GeodataError as error:
        err.write(f"geodata {args.command}: {error}\n")
        return EXIT_USAGE
    except OSError as error:
        err.write(f"geodata {args.command}: {error.filename or ''}: {error.strerror or error}\n")
        return EXIT_USAGE


def _input_paths(args: argparse.Namespace) -> list[str]:
    return [*(getattr(args, "inputs", None) or []), *(getattr(args, "corpus", None) or [])]


