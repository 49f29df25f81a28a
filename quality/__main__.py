"""Score every set of reports the project has and print the quality report (SPEC section 10).

    python -m quality                       # every set: summary table, then each set with every miss and extra
    python -m quality --summary             # the summary table only (what the README shows)
    python -m quality --set devset --json   # one set, as JSON
    python -m quality --devset /path/to/devset
    python -m quality --set reports --false-places   # and false places in unrelated news (quality/false_places.py)

The development set is read from ``../shared/devset`` beside the clone, or from ``--devset`` or
``GEODATA_DEVSET``. When it is absent the report says so and scores the other sets; asking for it
by name (``--set devset``) then fails with exit status 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from quality import false_places
from quality.evaluate import SetResult, evaluate
from quality.report import json_report, text_report
from quality.sets import DEVSET_ENV, FIXTURE_SETS, SET_NAMES, SetError, devset_path, devset_present, read_devset

EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m quality", description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", dest="sets", action="append", choices=SET_NAMES, metavar="NAME",
                        help=f"a set to score ({', '.join(SET_NAMES)}); repeat for several; all by default")
    parser.add_argument("--summary", action="store_true", help="print the summary table only")
    parser.add_argument("--json", action="store_true", help="print JSON (with every miss and extra unless --summary)")
    parser.add_argument("--devset", metavar="DIR", help=f"the development set folder (default: ${DEVSET_ENV} or ../shared/devset)")
    parser.add_argument("--false-places", action="store_true",
                        help="also count false places in news that names no place of the region (python -m quality.false_places)")
    return parser


def run(argv: Sequence[str] | None = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    args = build_parser().parse_args(argv)
    names = list(dict.fromkeys(args.sets or SET_NAMES))
    folder = devset_path(args.devset)
    notes: list[str] = []
    results: list[SetResult] = []
    for name in names:
        if name == "devset":
            if not devset_present(folder):
                message = f"development set not found at {folder} (set {DEVSET_ENV} or --devset): not scored"
                if args.sets:
                    err.write(message + "\n")
                    return EXIT_USAGE
                err.write(message + "; scoring the other sets\n")
                notes.append(message)
                continue
            quality_set = read_devset(folder)
        else:
            quality_set = FIXTURE_SETS[name].read()
        results.append(evaluate(quality_set))
        for problem in quality_set.problems:
            err.write(f"{name}: {problem}\n")
    when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    false = false_places.measure() if args.false_places else None
    if args.json:
        meta = {"generated": when, "command": "python -m quality " + " ".join(argv if argv is not None else sys.argv[1:]),
                "notes": notes}
        report = json_report(results, details=not args.summary, meta=meta)
        if false is not None:
            report["false_places"] = false.as_dict() if not args.summary else {
                key: value for key, value in false.as_dict().items() if key != "hits"}
        json.dump(report, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        header = [f"# Extraction quality ({when})", "", *[f"Note: {note}." for note in notes], *([""] if notes else [])]
        out.write(text_report(results, summary_only=args.summary, header=header))
        if false is not None:
            out.write("\n" + (false_places.summary_line(false) + "\n" if args.summary else false_places.text_report(false)))
    return 0


def main() -> None:
    try:
        sys.exit(run())
    except SetError as error:
        sys.stderr.write(f"error: {error}\n")
        sys.exit(EXIT_USAGE)


if __name__ == "__main__":
    main()
