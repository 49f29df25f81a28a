"""Run the benchmarks of issue 6 and write ``bench/results/results.md`` (and ``results.json``).

    python -m bench                 # everything, full sizes (make bench)
    python -m bench --quick         # a smoke run on tiny sizes
    python -m bench --only map,extraction --out /tmp/results
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench import app, extraction, mapbuild, store
from bench.common import RESULTS_DIR, Row, Section, machine

BENCHMARKS = ("extraction", "map", "app", "store")
TARGETS_TEXT = (
    "100k incidents: page build < 1 s, payload < 5 MB, filter change < 1 s from input to markers (issue 14), "
    "app memory < 1 GB; at 10k: >= 100x faster and >= 30x smaller than the naive per-marker build; "
    "extraction >= 1000 reports/s on one core; store (issue 15): 1,000 new articles stored and re-merged into 100k "
    "incidents < 5 s, --jobs 2 >= 1.8x faster than 1"
)


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def table(rows: Sequence[Row]) -> list[str]:
    lines = ["| Group | Benchmark | Size | Median | Unit | Repeats | Min–max | Target | Result | Notes |",
             "|---|---|---|---:|---|---:|---|---|---|---|"]
    for row in rows:
        cells = [row.group, row.metric, row.size, _number(row.median), row.unit, str(row.repeats), row.spread,
                 row.target.text if row.target else "", f"**{row.status}**" if row.status else "", row.note]
        lines.append("| " + " | ".join(cell.replace("|", "/").replace("\n", " ") for cell in cells) + " |")
    return lines


def machine_lines(info: dict[str, object]) -> list[str]:
    packages = info.get("packages") or {}
    versions = ", ".join(f"{name} {version}" for name, version in packages.items())  # type: ignore[union-attr]
    return [f"- CPU: {info['cpu']}", f"- Cores: {info['cores']}", f"- RAM: {info['ram']}", f"- OS: {info['os']}",
            f"- Python: {info['python']}", f"- Browser: {info['chromium']}",
            f"- Load average when the run started: {info['load_average']}", f"- Packages: {versions}"]


def report(sections: Sequence[Section], info: dict[str, object], *, quick: bool, seconds: float, command: str) -> str:
    rows = [row for section in sections for row in section.rows]
    targeted = [row for row in rows if row.target]
    passed = sum(row.status == "pass" for row in targeted)
    lines = ["# Benchmark results", "",
             f"{'Quick smoke run (tiny sizes, no targets)' if quick else 'Full run'} of `{command}` on "
             f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {seconds / 60:.1f} minutes. "
             f"Medians over the repeats shown; min–max is the spread of the repeats.", "",
             f"Targets (issue 6): {TARGETS_TEXT}.", ""]
    if targeted:
        lines += [f"**{passed} of {len(targeted)} targets met.**", ""]
    lines += [*table(rows), "", "## Machine", "", *machine_lines(info), ""]
    notes = [note for section in sections for note in section.notes]
    if notes:
        lines += ["## Notes", "", *(f"- {note}" for note in notes), ""]
    return "\n".join(lines)


def _runners(args: argparse.Namespace, workdir: Path) -> dict[str, Callable[[], Section]]:
    return {
        "extraction": lambda: extraction.run(args.quick, args.seed),
        "map": lambda: mapbuild.run(args.quick, workdir, args.seed),
        "app": lambda: app.run(args.quick, _sources(args.app_source), workdir, args.seed, args.app_events),
        "store": lambda: store.run(args.quick, args.seed),
    }


def _sources(choice: str) -> tuple[str, ...]:
    return {"both": ("table", "jsonl"), "all": ("table", "jsonl", "store")}.get(choice, (choice,))


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes: checks that the harness works")
    parser.add_argument("--only", default=",".join(BENCHMARKS), help=f"comma-separated subset of {','.join(BENCHMARKS)}")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="folder for results.md and results.json")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--app-source", choices=("table", "jsonl", "store", "both", "all"), default="all",
                        help="the app gets a pre-built 100k table (bench.apphost), a JSON Lines corpus it "
                             "extracts itself, a store of 100k incidents it serves, both of the first two, or "
                             "all three (default)")
    parser.add_argument("--app-events", type=int, help="events of the app's JSON Lines corpus")
    args = parser.parse_args(argv)
    args.only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(args.only) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    info = machine()
    start = time.perf_counter()
    sections: list[Section] = []
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        runners = _runners(args, Path(scratch))
        for name in args.only:
            print(f"== {name}", file=sys.stderr, flush=True)
            sections.append(runners[name]())
    command = "python -m bench" + (" " + " ".join(argv if argv is not None else sys.argv[1:])).rstrip()
    text = report(sections, info, quick=args.quick, seconds=time.perf_counter() - start, command=command)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.md").write_text(text, encoding="utf-8")
    rows = [row.as_dict() for section in sections for row in section.rows]
    payload = {"machine": info, "quick": args.quick, "rows": rows, "notes": [n for s in sections for n in s.notes]}
    (args.out / "results.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
