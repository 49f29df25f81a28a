"""False places in news that names no place of the region (issue 13).

The place finder runs over a body of Arabic news about other things (economy, sport, health,
culture, other countries, other Syrian cities); every place of the region it resolves there is a
false place. The figure is false places per 2,000 words, with every false hit listed::

    python -m quality.false_places                      # the bodies under tests/data (see BODIES)
    python -m quality.false_places DIR_OR_FILE ...      # other text files (*.txt)
    python -m quality.false_places --json
    python -m quality.false_places --max-per-2000 1     # exit status 1 above the limit

A place outside the region (Damascus, Aleppo, a country) is no false hit: the text names it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from geodata.places.finder import find_places, resolved_places

REPO = Path(__file__).resolve().parent.parent
# text written for the project in the style of news that names no place of the region
BODIES = (REPO / "tests" / "data" / "unrelated_news", REPO / "tests" / "data" / "plain_news")
PER_WORDS = 2000
_CONTEXT = 40


@dataclass(frozen=True)
class FalseHit:
    """A place of the region the finder resolved in text that names none."""

    file: str
    start: int
    end: int
    surface: str
    place_id: str
    relation: str
    geo_precision: int
    context: str  # the text around the hit, on one line


@dataclass
class FalsePlaceReport:
    """Words read, files read, and every false hit."""

    words: int = 0
    files: list[str] = field(default_factory=list)
    hits: list[FalseHit] = field(default_factory=list)

    @property
    def per_2000(self) -> float:
        return len(self.hits) * PER_WORDS / self.words if self.words else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"words": self.words, "files": len(self.files), "false_places": len(self.hits),
                "per_2000_words": round(self.per_2000, 3),
                "by_place": dict(Counter(hit.place_id for hit in self.hits).most_common()),
                "hits": [hit.__dict__ for hit in self.hits]}


def text_files(paths: Iterable[Path]) -> list[Path]:
    """The *.txt files of ``paths`` (folders read recursively), in a fixed order; a README is no body text."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(found for found in path.rglob("*.txt") if found.name.lower() != "readme.txt")
        elif path.is_file():
            files.append(path)
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
    return files


def word_count(text: str) -> int:
    return len(text.split())


def false_places_in(text: str, label: str = "") -> list[FalseHit]:
    """Every place of the region the finder resolves in ``text``."""
    hits = []
    for match in resolved_places(find_places(text)):
        if not match.place.in_region:
            continue
        around = text[max(0, match.start - _CONTEXT):match.end + _CONTEXT].replace("\n", " ")
        hits.append(FalseHit(label, match.start, match.end, match.surface, match.place.id, match.relation,
                             match.geo_precision, around))
    return hits


def measure(paths: Iterable[Path] = BODIES) -> FalsePlaceReport:
    """Run the finder over every text file of ``paths``."""
    report = FalsePlaceReport()
    for path in text_files(paths):
        text = path.read_text(encoding="utf-8")
        label = path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else str(path)
        report.words += word_count(text)
        report.files.append(label)
        report.hits += false_places_in(text, label)
    return report


def summary_line(report: FalsePlaceReport) -> str:
    return (f"{len(report.files)} files, {report.words} words: {len(report.hits)} false places = "
            f"{report.per_2000:.2f} per {PER_WORDS} words")


def text_report(report: FalsePlaceReport) -> str:
    lines = ["# False places in news that names no place of the region", "", summary_line(report), ""]
    for hit in report.hits:
        lines.append(f"{hit.file}:{hit.start}  {hit.surface} -> {hit.place_id} ({hit.relation}, precision {hit.geo_precision})"
                     f"  …{hit.context}…")
    return "\n".join(lines) + "\n"


def run(argv: Sequence[str] | None = None, out: TextIO = sys.stdout) -> int:
    parser = argparse.ArgumentParser(prog="python -m quality.false_places", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="text files or folders of *.txt (default: the bodies under tests/data)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--max-per-2000", type=float, metavar="N", help="exit with status 1 when false places per 2,000 words exceed N")
    args = parser.parse_args(argv)
    report = measure(args.paths or BODIES)
    if args.json:
        json.dump(report.as_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(text_report(report))
    return 1 if args.max_per_2000 is not None and report.per_2000 > args.max_per_2000 else 0


def main() -> None:
    try:
        sys.exit(run())
    except FileNotFoundError as error:
        sys.stderr.write(f"error: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
