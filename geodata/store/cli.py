"""The store's commands: ``ingest``, ``reextract`` and ``db upgrade|export|import|info``.

``geodata.cli`` adds them to its parser with ``add_commands``; errors are StoreError (a
GeodataError), which its ``main`` prints as one line without a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from geodata.store.ingest import IngestResult

# the parser is built for every command: the store's modules (SQLAlchemy, the extractor) are
# imported by the handlers, on use
BATCH_SIZE = 200  # the default of geodata.store.ingest


def jobs_argument(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes") from None
    if value < 0:
        raise argparse.ArgumentTypeError("--jobs must be 0 (every core) or more")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return value


def _reading_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", "-j", type=jobs_argument, default=1, metavar="N",
                        help="extract on N processes (0: one per core; default 1)")
    parser.add_argument("--batch-size", type=_positive, default=BATCH_SIZE, metavar="N",
                        help=f"articles per transaction (default {BATCH_SIZE})")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="show a progress bar (default: on a terminal)")


def add_commands(commands: Any) -> None:
    """Add ``ingest``, ``reextract`` and ``db`` to the subparsers of ``geodata.cli``."""
    ingest_parser = commands.add_parser("ingest", help="add articles to the store (new and changed ones only)")
    _reading_options(ingest_parser)
    ingest_parser.add_argument("inputs", nargs="+", metavar="INPUT",
                               help="article files, folders, JSON Lines files, or - for JSON Lines on stdin")
    ingest_parser.set_defaults(handler=cmd_ingest)

    again = commands.add_parser("reextract", help="read stored articles again with the current extractor")
    _reading_options(again)
    again.add_argument("--all", action="store_true", dest="everything",
                       help="every article, not only those another extractor version read")
    again.set_defaults(handler=cmd_reextract)

    db = commands.add_parser("db", help="the store itself: upgrade, export, import, info")
    actions = db.add_subparsers(dest="db_command", required=True)
    upgrade = actions.add_parser("upgrade", help="migrate the store's schema to this geodata's")
    upgrade.set_defaults(handler=cmd_db_upgrade)
    export = actions.add_parser("export", help="write the whole store as JSON Lines")
    export.add_argument("file", metavar="FILE", help="the file to write, or - for standard output")
    export.set_defaults(handler=cmd_db_export)
    load = actions.add_parser("import", help="load a 'db export' file into an empty store")
    load.add_argument("file", metavar="FILE", help="the file to read, or - for standard input")
    load.add_argument("--replace", action="store_true", help="delete what the store holds first")
    load.set_defaults(handler=cmd_db_import)
    info = actions.add_parser("info", help="where the store is, its schema revision and what it holds")
    info.add_argument("--format", choices=("text", "json"), default="text")
    info.set_defaults(handler=cmd_db_info)


def _report(result: IngestResult, err: TextIO) -> int:
    for problem in result.problems:
        err.write(f"{problem}\n")
    for failure in result.failed:
        err.write(f"could not read article {failure}\n")
    err.write(result.summary() + "\n")
    return 0


def cmd_ingest(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from geodata.store.database import open_store
    from geodata.store.ingest import ingest

    store = open_store()
    try:
        result = ingest(args.inputs, store=store, jobs=args.jobs, batch_size=args.batch_size, progress=args.progress)
    finally:
        store.dispose()
    return _report(result, err)


def cmd_reextract(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from geodata.store.database import open_store
    from geodata.store.ingest import reextract
    from geodata.store.version import extractor_version

    store = open_store()
    try:
        result = reextract(store=store, jobs=args.jobs, batch_size=args.batch_size, progress=args.progress,
                           everything=args.everything)
    finally:
        store.dispose()
    err.write(f"extractor version {extractor_version()}\n")
    return _report(result, err)


def cmd_db_upgrade(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from geodata.store.database import open_store, upgrade_schema

    store = open_store(check=False)
    try:
        state = upgrade_schema(store)
    finally:
        store.dispose()
    err.write(f"{store.where}: schema at revision {state.current} (the newest this geodata knows)\n")
    return 0


def cmd_db_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from geodata.store.database import open_store
    from geodata.store.dump import export_store

    store = open_store()
    try:
        rows = export_store(store, out if args.file == "-" else args.file)
    finally:
        store.dispose()
    err.write(f"wrote {rows} rows of {store.where} to {'standard output' if args.file == '-' else args.file}\n")
    return 0


def cmd_db_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from geodata.store.database import open_store
    from geodata.store.dump import import_store

    store = open_store()
    try:
        counts = import_store(store, sys.stdin if args.file == "-" else args.file, replace=args.replace)
    finally:
        store.dispose()
    err.write(f"imported into {store.where}: " + ", ".join(f"{count} {name}" for name, count in counts.items()) + "\n")
    return 0


def cmd_db_info(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from geodata.store.database import open_store, store_info
    from geodata.store.version import extractor_version

    store = open_store()
    try:
        info = store_info(store)
    finally:
        store.dispose()
    info["extractor_version"] = extractor_version()
    if args.format == "json":
        out.write(json.dumps(info, ensure_ascii=False, indent=2) + "\n")
        return 0
    out.write(info_text(info))
    return 0


def info_text(info: dict[str, Any]) -> str:
    """``db info`` for people."""
    counts = info["counts"]
    current = info["extractor_version"]
    versions = info["articles_by_extractor_version"]
    stale = sum(count for version, count in versions.items() if version != current)
    lines = [
        f"database: {info['database']} ({info['backend']})",
        f"schema revision: {info['schema_revision']} (newest this geodata knows: {info['schema_head']})",
        f"articles: {counts['articles']}, reports: {counts['reports']}, incidents: {counts['incidents']}, "
        f"incident sources: {counts['incident_sources']}, changes logged: {counts['changes']}",
        f"reviews: {counts.get('reviews', 0)}, review changes: {counts.get('review_changes', 0)}",
        f"last change: {info['last_change'] or 'none'}",
        f"extractor version: {current}; articles read by another version: {stale}"
        + (" (run 'geodata reextract')" if stale else ""),
    ]
    if "size_bytes" in info:
        lines.append(f"size: {info['size_bytes'] / 1e6:.1f} MB")
    return "\n".join(lines) + "\n"
