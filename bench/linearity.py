"""Is extraction linear in the size of its input? (issue 7)

    python -m bench.linearity                   # 1x..64x, 5 repeats: writes bench/results/linearity.md
    python -m bench.linearity --quick           # 1x..4x, 2 repeats
    python -m bench.linearity --max-factor 16 --repeats 3 --budget 2 --out /tmp/linearity.md

Each input is grown from the size of a typical article (a seed report, about 2,400 characters)
by doubling, up to ``--max-factor`` times; every size is timed ``--repeats`` times and the
median kept. Besides the article itself, pathological inputs repeat one short unit to the same
sizes: many place names after settlement nouns, ambiguous names, digits and slashes with no
space, one long word of stacked prefixes, one sentence that never ends, one letter.

For each series the table gives the median time, the time per 1,000 characters at the smallest
and the largest size, and the exponent ``k`` of ``time ~ size^k`` fitted on the sizes that took
over a millisecond: about 1 is linear, about 2 quadratic. A series stops growing once a call
takes longer than ``--budget`` seconds (the sizes left are marked "over budget"): a linear
series at 64x stays far below it, so a stop is itself a sign of superlinear cost.

This is a benchmark, not a test: the test suite only checks that it runs on tiny sizes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import RESULTS_DIR, machine
from geodata.corpus.articles import Article, load_corpus
from geodata.dates.mentions import find_dates
from geodata.events.reports import extract_reports
from geodata.places.finder import find_places

PUBLISHED = dt.date(2023, 4, 11)
SEED = "002_8db493ebabbc4d35.txt"
LINEAR_EXPONENT = 1.3  # above this the fitted exponent is reported as superlinear
TIMED_FLOOR_S = 0.005  # sizes faster than this are too noisy to fit

# name -> (what it is, one unit repeated to the size)
PATHOLOGICAL: dict[str, tuple[str, str]] = {
    "place list": ("settlement noun + place, repeated", "بلدة حطلة "),
    "ambiguous names": ("a name two places share, next to an unambiguous one", "قصف بلدة الصالحية وحطلة. "),
    "digits, no spaces": ("digits and slashes with no space (date anchors)", "10/4/"),
    "stacked prefixes": ("one word of prefixes وبال", "وبال"),
    "endless sentence": ("one report sentence joined by commas, never ended", "قصف التحالف الدولي بلدة حطلة مساء أمس، "),
    "one letter": ("one Arabic letter", "ب"),
}

FUNCTIONS: dict[str, Callable[[str], object]] = {
    "extract_reports": lambda text: extract_reports(Article(id="bench", outlet="bench", text=text, published=PUBLISHED)),
    "find_places": find_places,
    "find_dates": lambda text: find_dates(text, PUBLISHED),
}


@dataclass
class Series:
    """The timings of one function on one input grown through the sizes."""

    function: str
    input: str
    sizes: list[int]
    medians: list[float | None] = field(default_factory=list)  # seconds; None: over budget

    def exponent(self) -> float | None:
        """Least-squares slope of log(time) on log(size) over the sizes timed above the floor."""
        points = [(math.log(size), math.log(seconds)) for size, seconds in zip(self.sizes, self.medians, strict=False)
                  if seconds is not None and seconds >= TIMED_FLOOR_S]
        if len(points) < 2:
            return None
        mean_x = statistics.fmean(x for x, _ in points)
        mean_y = statistics.fmean(y for _, y in points)
        spread = sum((x - mean_x) ** 2 for x, _ in points)
        return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread if spread else None

    def per_kchar_us(self, index: int) -> float | None:
        seconds = self.medians[index] if -len(self.medians) <= index < len(self.medians) else None
        return None if seconds is None else seconds / self.sizes[index] * 1e6 * 1000

    def verdict(self) -> str:
        if any(seconds is None for seconds in self.medians):
            return "**superlinear** (over budget)"
        exponent = self.exponent()
        if exponent is None:
            return "too fast to tell"
        return "linear" if exponent <= LINEAR_EXPONENT else "**superlinear**"


def typical_article() -> str:
    """The body of a seed report: the unit of size."""
    corpus = load_corpus()
    return next(article.text for article in corpus.articles if Path(article.path).name == SEED)


def grown(unit: str, size: int, *, joiner: str = "") -> str:
    """``unit`` repeated (with ``joiner`` between copies) and cut to ``size`` characters."""
    copies = size // max(1, len(unit) + len(joiner)) + 1
    return joiner.join([unit] * copies)[:size]


def time_call(function: Callable[[str], object], text: str, repeats: int, budget: float) -> float | None:
    """Median seconds of ``repeats`` calls; one call only when it is slow; None over ``budget``."""
    times: list[float] = []
    for _ in range(repeats):
        start = time.perf_counter()
        function(text)
        times.append(time.perf_counter() - start)
        if times[-1] > budget:
            return None
        if times[-1] > budget / 4:
            break
    return statistics.median(times)


def measure(function: str, name: str, make: Callable[[int], str], sizes: Sequence[int], repeats: int, budget: float) -> Series:
    series = Series(function, name, list(sizes))
    over = False
    for size in sizes:
        series.medians.append(None if over else time_call(FUNCTIONS[function], make(size), repeats, budget))
        over = over or series.medians[-1] is None
    return series


def run(*, max_factor: int = 64, repeats: int = 5, budget: float = 5.0, functions: Sequence[str] = tuple(FUNCTIONS),
        inputs: Sequence[str] | None = None, progress: Callable[[str], None] | None = None) -> tuple[list[Series], int]:
    """Every series, and the size of the typical article (the 1x size)."""
    article = typical_article()
    base = len(article)
    factors = [2 ** power for power in range(int(math.log2(max_factor)) + 1)]
    sizes = [base * factor for factor in factors]
    makers: dict[str, Callable[[int], str]] = {"typical article": lambda size: grown(article, size, joiner="\n")}
    makers |= {name: (lambda size, unit=unit: grown(unit, size)) for name, (_, unit) in PATHOLOGICAL.items()}
    chosen = list(inputs) if inputs is not None else list(makers)
    for function in functions:  # warm up: cue data, the gazetteer index and the date patterns load once
        FUNCTIONS[function]("قصف حطلة مساء أمس")
    results = []
    for function in functions:
        for name in chosen:
            results.append(measure(function, name, makers[name], sizes, repeats, budget))
            if progress:
                progress(f"{function:16} {name:18} {results[-1].verdict()}")
    return results, base


def _ms(seconds: float | None) -> str:
    return "over budget" if seconds is None else f"{seconds * 1000:,.1f}"


def _number(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def report(results: Sequence[Series], base: int, *, repeats: int, budget: float, seconds: float,
           machine_info: dict[str, object] | None) -> str:
    sizes = results[0].sizes if results else []
    factors = [f"{size // base}x" for size in sizes]
    lines = [
        "# Linearity of extraction (issue 7)", "",
        f"Run of `python -m bench.linearity` on {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, "
        f"{seconds:.0f} s. 1x is one typical article ({base:,} characters, the seed `{SEED}`); each size is the "
        f"median of up to {repeats} calls (one call when it takes over a quarter of the budget); a series stops "
        f"once a call takes over {budget:g} s. Times in milliseconds; µs/kchar is the time per 1,000 characters at "
        f"the smallest and largest size; k is the fitted exponent of time ~ size^k over the sizes above "
        f"{TIMED_FLOOR_S * 1000:g} ms (1 linear, 2 quadratic; above {LINEAR_EXPONENT} is reported superlinear).", "",
        "Inputs: typical article (the seed repeated); " + "; ".join(
            f"{name} ({text}: `{unit.strip()}`)" for name, (text, unit) in PATHOLOGICAL.items()) + ".", "",
    ]
    for function in dict.fromkeys(series.function for series in results):
        lines += [f"## {function}", "",
                  "| input | " + " | ".join(factors) + " | µs/kchar first | µs/kchar last | k | verdict |",
                  "|---|" + "---:|" * len(factors) + "---:|---:|---:|---|"]
        for series in (series for series in results if series.function == function):
            timed = [index for index, value in enumerate(series.medians) if value is not None]
            last = timed[-1] if timed else -1
            cells = [series.input, *(_ms(value) for value in series.medians),
                     _number(series.per_kchar_us(0), 1), _number(series.per_kchar_us(last), 1),
                     _number(series.exponent()), series.verdict()]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    if machine_info:
        lines += ["## Machine", "", f"- CPU: {machine_info['cpu']}", f"- Cores: {machine_info['cores']}",
                  f"- RAM: {machine_info['ram']}", f"- OS: {machine_info['os']}", f"- Python: {machine_info['python']}",
                  f"- Load average when the run started: {machine_info['load_average']}", ""]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.linearity", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1x..4x, 2 repeats")
    parser.add_argument("--max-factor", type=int, default=64, help="largest size as a multiple of one article (a power of 2)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--budget", type=float, default=5.0, help="seconds: a series stops growing past a call this slow")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "linearity.md")
    args = parser.parse_args(argv)
    max_factor, repeats = (4, 2) if args.quick else (args.max_factor, args.repeats)
    info = machine()
    started = time.perf_counter()
    results, base = run(max_factor=max_factor, repeats=repeats, budget=args.budget, progress=print)
    text = report(results, base, repeats=repeats, budget=args.budget, seconds=time.perf_counter() - started, machine_info=info)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
