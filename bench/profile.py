"""Where the time of a benchmark goes: cProfile summaries (bench only).

    python -m bench.profile extraction [--articles 300]
    python -m bench.profile map [--incidents 10000]
    python -m bench.profile rerun [--incidents 100000] [--changes 3]

``rerun`` profiles the server side of date-range changes in the running app: it starts the
dashboard (pre-built table, see ``bench.apphost``) with every script run profiled in its own
thread, drives the date slider from headless Chromium, and sums the profiles of the changes.
Each summary lists functions by cumulative time and by own time, as shares of the total.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

PROFILE_DIR_ENV = "BENCH_PROFILE_DIR"
TOP = 25


def summary(stats: pstats.Stats, title: str, top: int = TOP) -> str:
    """The ``top`` functions by cumulative and by own time, with their share of the total."""
    total = max(stats.total_tt, 1e-9)  # type: ignore[attr-defined]
    entries = stats.stats  # type: ignore[attr-defined]
    lines = [f"# {title}: {total:.3f} s profiled", ""]
    for heading, index in (("cumulative", 3), ("own time", 2)):
        lines += [f"## by {heading}", "   share   cumul.    own   calls  function"]
        ranked = sorted(entries.items(), key=lambda item: item[1][index], reverse=True)[:top]
        for (file, line, name), values in ranked:
            _, calls, own, cumulative, _ = values
            where = f"{Path(file).parent.name}/{Path(file).name}:{line}" if line else file
            lines.append(f"  {values[index] / total:6.1%}  {cumulative:7.3f}  {own:6.3f}  {calls:6d}  {name} ({where})")
        lines.append("")
    return "\n".join(lines)


def profiled(function: Callable[[], Any]) -> pstats.Stats:
    profiler = cProfile.Profile()
    profiler.runcall(function)
    return pstats.Stats(profiler, stream=io.StringIO())


# ------------------------------------------------------------------ extraction and map


def profile_extraction(articles: int, top: int = TOP) -> str:
    from bench.extraction import articles_of
    from geodata.events.reports import extract_reports

    sample = [article.article() for article in articles_of(articles)]
    extract_reports(sample[0])  # loads cues and the gazetteer index outside the profile
    stats = profiled(lambda: [extract_reports(article) for article in sample])
    return summary(stats, f"extract_reports on {len(sample)} synthetic reports of ~300 words", top)


def profile_map(incidents: int, top: int = TOP) -> str:
    from bench.corpus import incident_frame
    from geodata.views.map import build_map

    frame = incident_frame(incidents)
    build_map(frame.head(5)).get_root().render()  # data files and caches outside the profile
    stats = profiled(lambda: build_map(frame).get_root().render())
    return summary(stats, f"build_map + render at {incidents:,} incidents", top)


# ------------------------------------------------------------------ the app's reruns


def install_run_profiler(folder: Path) -> None:
    """Profile every script run of this Streamlit process into ``folder``/run-NNN.prof."""
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    original = ScriptRunner._run_script
    counter = iter(range(1_000_000))

    def run_script(self: Any, rerun_data: Any) -> None:
        profiler = cProfile.Profile()
        profiler.enable()
        try:
            original(self, rerun_data)
        finally:
            profiler.disable()
            profiler.dump_stats(folder / f"run-{next(counter):03d}.prof")

    ScriptRunner._run_script = run_script  # type: ignore[method-assign]


def host() -> None:
    """``python -m bench.profile run dashboard.py ...``: ``bench.apphost``, every run profiled."""
    from bench import apphost

    install_run_profiler(Path(os.environ[PROFILE_DIR_ENV]))
    apphost.main()


def profile_rerun(incidents: int, changes: int, top: int = TOP) -> str:
    from playwright.sync_api import sync_playwright

    from bench import app

    sizes = app.AppSizes(incidents=incidents, changes=changes, cached_changes=0)
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as scratch:
        folder = Path(scratch)
        runs = folder / "runs"
        runs.mkdir()
        env, _ = app.corpus_env("table", sizes, folder)
        with app.app_server("table", {**env, PROFILE_DIR_ENV: str(runs)}, folder,
                            module="bench.profile") as server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=app.CHROMIUM, args=app.CHROMIUM_ARGS)
            page, log = app.open_page(browser)
            app.load_page(page, log, server.url, sizes.startup_timeout)
            app.click_and_measure(page, log, *app.checkbox_point(page, app.BACKGROUND_LABEL), sizes.change_timeout)
            before = set(runs.glob("run-*.prof"))
            for fraction in app.FRACTIONS[:changes]:
                app.click_and_measure(page, log, *app.slider_point(page, fraction), sizes.change_timeout)
            browser.close()
        files = sorted(set(runs.glob("run-*.prof")) - before)
        stats = pstats.Stats(*(str(path) for path in files), stream=io.StringIO())
    title = f"server side of {len(files)} script runs for {changes} date changes at {incidents:,} incidents"
    return summary(stats, title, top)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["run"]:  # started by profile_rerun as the app's launcher
        host()
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("what", choices=("extraction", "map", "rerun"))
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--incidents", type=int)
    parser.add_argument("--changes", type=int, default=3)
    parser.add_argument("--top", type=int, default=TOP)
    args = parser.parse_args(arguments)
    if args.what == "extraction":
        print(profile_extraction(args.articles, args.top))
    elif args.what == "map":
        print(profile_map(args.incidents or 10_000, args.top))
    else:
        print(profile_rerun(args.incidents or 100_000, args.changes, args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
