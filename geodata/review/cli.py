"""``geodata review``: the analyst's review on the command line (SPEC section 12).

    geodata review list [--status S ...] [--flagged] [--limit N]
    geodata review show ID
    geodata review confirm|reject ID
    geodata review correct ID --kind K --place PLACE_ID|--point LAT,LON --date D --killed N ...
    geodata review merge ID OTHER
    geodata review split ID --source ARTICLE_ID[:SEQ]
    geodata review note ID TEXT
    geodata review undo ID [--change N]

Every change takes ``--author`` (default ``GEODATA_AUTHOR``, else the user's login name) and
``--expect-version N`` (refused when the incident has changed since version N: exit status 3
and its values now); ``--format json`` prints what was done as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

EXIT_CONFLICT = 3
_UNKNOWN = {"unknown", "none", "null", ""}
ABSENT = object()  # an option not given (None is "unknown")


def _version(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a version (a whole number from 1)")
    return value


def _point(text: str) -> tuple[float, float]:
    try:
        lat, lon = (float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not LAT,LON (e.g. 35.226,40.448)") from None
    return lat, lon


def _count(text: str) -> str | None:
    return None if text.strip().lower() in _UNKNOWN else text  # checked by the review: the message names the field


def _optional(text: str) -> str | None:
    return None if text.strip().lower() in _UNKNOWN else text.strip()


def _actors(text: str) -> list[str]:
    return [] if text.strip().lower() in _UNKNOWN else [part.strip() for part in text.split(",") if part.strip()]


def _source(text: str) -> tuple[str, int | None]:
    article, _, seq = text.rpartition(":") if ":" in text else (text, "", "")
    if not seq:
        return text, None
    try:
        return article, int(seq)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not ARTICLE_ID or ARTICLE_ID:SEQ") from None


def _common(parser: argparse.ArgumentParser, *, version: bool = True) -> None:
    parser.add_argument("--author", help="who makes the change (default: $GEODATA_AUTHOR, else your login name)")
    if version:
        parser.add_argument("--expect-version", type=_version, metavar="N",
                            help="refuse the change if the incident is no longer at version N")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def add_commands(commands: Any) -> None:
    """Add ``review`` and its actions to the subparsers of ``geodata.cli``."""
    review = commands.add_parser("review", help="the analyst's review: list, show, confirm, correct, merge, split, undo")
    actions = review.add_subparsers(dest="review_command", required=True)

    listing = actions.add_parser("list", help="incidents to review, newest first")
    listing.add_argument("--status", action="append", choices=("unreviewed", "confirmed", "corrected", "rejected", "all"),
                         help="review status (repeat for several; default unreviewed)")
    listing.add_argument("--flagged", action="store_true", help="only incidents whose extraction changed since review")
    listing.add_argument("--limit", type=_version, default=50, metavar="N")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(handler=cmd_list)

    show = actions.add_parser("show", help="an incident's fields, sources and history")
    show.add_argument("incident_id", metavar="ID")
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(handler=cmd_show)

    for name, help_text in (("confirm", "the incident is right as shown"),
                            ("reject", "the incident is not an incident (hidden by default)")):
        parser = actions.add_parser(name, help=help_text)
        parser.add_argument("incident_id", metavar="ID")
        _common(parser)
        parser.set_defaults(handler=cmd_decide, decision=name)

    correct = actions.add_parser("correct", help="set fields to the analyst's values")
    correct.add_argument("incident_id", metavar="ID")
    correct.add_argument("--kind")
    where = correct.add_mutually_exclusive_group()
    where.add_argument("--place", metavar="PLACE_ID", help="a gazetteer id (geodata geocode --text NAME finds it)")
    where.add_argument("--point", type=_point, metavar="LAT,LON")
    where.add_argument("--no-place", action="store_true", help="the place is unknown")
    launch = correct.add_mutually_exclusive_group()
    launch.add_argument("--launch-place", metavar="PLACE_ID")
    launch.add_argument("--launch-point", type=_point, metavar="LAT,LON")
    launch.add_argument("--no-launch-site", action="store_true")
    correct.add_argument("--date", type=_optional, default=ABSENT, metavar="YYYY-MM-DD|unknown")
    correct.add_argument("--date-precision", choices=("day", "approximate", "unknown"))
    correct.add_argument("--time-of-day", type=_optional, default=ABSENT,
                         metavar="dawn|morning|afternoon|evening|night|unknown")
    correct.add_argument("--killed", type=_count, default=ABSENT, metavar="N|unknown")
    correct.add_argument("--injured", type=_count, default=ABSENT, metavar="N|unknown")
    correct.add_argument("--actors-by", type=_actors, metavar="KEY,KEY|none")
    correct.add_argument("--actors-against", type=_actors, metavar="KEY,KEY|none")
    correct.add_argument("--clear", action="append", default=[], metavar="FIELD",
                         help="drop the correction of FIELD (the extraction's value comes back); repeatable")
    _common(correct)
    correct.set_defaults(handler=cmd_correct)

    merge = actions.add_parser("merge", help="one incident of two: the first keeps its id")
    merge.add_argument("incident_id", metavar="ID")
    merge.add_argument("other_id", metavar="OTHER")
    merge.add_argument("--expect-other-version", type=_version, metavar="N")
    _common(merge)
    merge.set_defaults(handler=cmd_merge)

    split = actions.add_parser("split", help="one source becomes an incident of its own")
    split.add_argument("incident_id", metavar="ID")
    split.add_argument("--source", type=_source, required=True, metavar="ARTICLE_ID[:SEQ]")
    _common(split)
    split.set_defaults(handler=cmd_split)

    note = actions.add_parser("note", help="add a note to the incident's history")
    note.add_argument("incident_id", metavar="ID")
    note.add_argument("text", metavar="TEXT", help="the note, or - to read it from standard input")
    _common(note, version=False)
    note.set_defaults(handler=cmd_note)

    undo = actions.add_parser("undo", help="undo the incident's last change (or change N)")
    undo.add_argument("incident_id", metavar="ID")
    undo.add_argument("--change", type=_version, metavar="N", help="the change to undo ('review show' lists them)")
    _common(undo)
    undo.set_defaults(handler=cmd_undo)


# ------------------------------------------------------------------ handlers


def _run(args: argparse.Namespace, out: TextIO, err: TextIO, action: Any) -> int:
    """Open the store, resolve the author, run ``action(store, author)``, print the result."""
    from geodata.review.author import resolve_author
    from geodata.review.errors import ConflictError
    from geodata.store.database import open_store

    author = resolve_author(getattr(args, "author", None))
    store = open_store()
    try:
        result = action(store, author)
    except ConflictError as error:
        err.write(f"geodata review {args.review_command}: {error}\n")
        if args.format == "json":
            out.write(json.dumps({"conflict": True, "incident_id": error.incident_id, "expected": error.expected,
                                  "version": error.version, "current": error.current}, ensure_ascii=False) + "\n")
        return EXIT_CONFLICT
    finally:
        store.dispose()
    if args.format == "json":
        out.write(json.dumps(result.as_dict(), ensure_ascii=False) + "\n")
    else:
        versions = ", ".join(f"{key} now at version {value}" for key, value in sorted(result.versions.items()))
        out.write(f"change {result.change_id}: {result.message} ({result.status}; {versions})\n")
    return 0


def cmd_decide(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from geodata.review.actions import confirm, reject

    act = confirm if args.decision == "confirm" else reject
    return _run(args, out, err, lambda store, author: act(store, args.incident_id, author=author,
                                                         expect_version=args.expect_version))


def correction_values(args: argparse.Namespace) -> dict[str, Any]:
    """The fields the options set, as ``geodata.review.correct`` takes them."""
    values: dict[str, Any] = {}
    for option, name in (("kind", "kind"), ("date_precision", "date_precision"), ("actors_by", "actors_by"),
                         ("actors_against", "actors_against")):
        if getattr(args, option) is not None:
            values[name] = getattr(args, option)
    for option in ("date", "time_of_day", "killed", "injured"):
        if getattr(args, option) is not ABSENT:  # None: given as unknown
            values[option] = getattr(args, option)
    if args.place is not None or args.point is not None or args.no_place:
        values["location"] = args.place if args.place is not None else args.point
    if args.launch_place is not None or args.launch_point is not None or args.no_launch_site:
        values["launch_site"] = args.launch_place if args.launch_place is not None else args.launch_point
    return values


def cmd_correct(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from geodata.review.actions import correct

    values = correction_values(args)
    return _run(args, out, err, lambda store, author: correct(store, args.incident_id, values, author=author,
                                                             expect_version=args.expect_version, clear=args.clear))


def cmd_merge(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from geodata.review.actions import merge

    return _run(args, out, err, lambda store, author: merge(
        store, args.incident_id, args.other_id, author=author, expect_version=args.expect_version,
        expect_other_version=args.expect_other_version))


def cmd_split(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from geodata.review.actions import split

    article_id, seq = args.source
    return _run(args, out, err, lambda store, author: split(store, args.incident_id, article_id, seq, author=author,
                                                           expect_version=args.expect_version))


def cmd_note(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from geodata.review.actions import add_note

    text = sys.stdin.read() if args.text == "-" else args.text
    return _run(args, out, err, lambda store, author: add_note(store, args.incident_id, text, author=author))


def cmd_undo(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from geodata.review.actions import undo

    return _run(args, out, err, lambda store, author: undo(store, args.incident_id, author=author,
                                                          change_id=args.change, expect_version=args.expect_version))


def cmd_list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from geodata.review.reading import review_counts, review_queue
    from geodata.store.database import open_store

    statuses = None if "all" in (args.status or []) else tuple(args.status or ("unreviewed",))
    store = open_store()
    try:
        items = review_queue(store, statuses=statuses, only_flagged=args.flagged, limit=args.limit)
        counts = review_counts(store)
    finally:
        store.dispose()
    if args.format == "json":
        out.write(json.dumps([item.as_dict() for item in items], ensure_ascii=False) + "\n")
        return 0
    for item in items:
        flag = " FLAGGED" if item.flagged else ""
        out.write(f"{item.incident_id}  v{item.version}  {item.status}{flag}  {item.title}  "
                  f"({item.n_sources} source{'s' if item.n_sources != 1 else ''})\n")
    err.write(", ".join(f"{count} {name}" for name, count in counts.items()) + "\n")
    return 0


def cmd_show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from geodata.review.reading import incident_review
    from geodata.store.database import open_store

    store = open_store()
    try:
        review = incident_review(store, args.incident_id)
    finally:
        store.dispose()
    if args.format == "json":
        out.write(json.dumps(review.as_dict(), ensure_ascii=False, default=str) + "\n")
        return 0
    out.write(show_text(review))
    return 0


def show_text(review: Any) -> str:
    """``review show`` for people."""
    flag = f"; FLAGGED: extraction changed since review ({', '.join(review.changed_fields)})" if review.flagged else ""
    lines = [f"{review.incident_id} (version {review.version}): {review.status}{flag}", "", "fields:"]
    for row in review.fields:
        marks = " [corrected; extracted: " + row.extracted + "]" if row.corrected else ""
        marks += " [extraction changed since review]" if row.changed else ""
        lines.append(f"  {row.label}: {row.shown}{marks}")
    lines += ["", "sources:"]
    for source in review.sources:
        lines.append(f"  {source.key} {source.outlet}, {source.published or 'undated'}"
                     f"{'' if source.held else ' (joined by the merge rules)'}: {source.excerpt}")
    for anchor in review.detached:
        lines.append(f"  {anchor['article_id']} ({anchor['kind']}): not found in the article's latest reading")
    lines += ["", "history:"]
    for entry in review.history:
        number = f"#{entry.change_id} " if entry.change_id is not None else ""
        undone = f" (undone by #{entry.undone_by})" if entry.undone_by else ""
        note = f": {entry.note}" if entry.note else ""
        lines.append(f"  {number}{entry.at[:19].replace('T', ' ')} {entry.author or '-'} {entry.action}: "
                     f"{entry.summary}{undone}{note}")
    return "\n".join(lines) + "\n"
