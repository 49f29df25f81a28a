"""Map build time, page payload and peak memory: ``geodata.views.map.build_map`` against the
naive per-marker build (one ``folium.Marker`` with a ~600-character Arabic popup per incident),
side by side on the same machine.

Every case runs in its own subprocess so that its peak memory is its own:

    python -m bench.mapbuild [--quick]                         # all cases
    python -m bench.mapbuild --child ours --frame F.pkl --repeats 5
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import folium
import pandas as pd

from bench.common import REPO, Row, Section, Target, median, peak_rss_mb, reset_peak_rss, rss_mb, spread, timed

BUILD_TARGET = Target("<", 1.0, "< 1 s at 100k")
PAYLOAD_TARGET = Target("<", 5.0, "< 5 MB at 100k")
SPEEDUP_TARGET = Target(">=", 100, ">= 100x at 10k")
SMALLER_TARGET = Target(">=", 30, ">= 30x at 10k")
POPUP_CHARS = 600
KIND_AR = {"rocket_attack": "هجوم صاروخي", "drone_attack": "هجوم بطائرة مسيرة", "airstrike": "غارة جوية",
           "artillery_shelling": "قصف مدفعي", "armed_clash": "اشتباك مسلح", "ied_explosion": "انفجار عبوة ناسفة",
           "interception": "اعتراض", "weapons_found": "العثور على أسلحة", "security_operation": "حملة أمنية",
           "militia_movement": "تحركات الميليشيات", "other": "أخرى"}


@dataclass(frozen=True)
class MapSizes:
    """Incident counts of our build and of the naive build, and repeats per case."""

    ours: tuple[int, ...] = (1_000, 10_000, 100_000)
    naive: tuple[int, ...] = (1_000, 10_000)
    repeats_ours: int = 5
    repeats_naive: int = 3
    ratio_at: int = 10_000


FULL = MapSizes()
QUICK = MapSizes(ours=(50, 200), naive=(50, 200), repeats_ours=2, repeats_naive=1, ratio_at=200)


# ------------------------------------------------------------------ the two builds


def ours(frame: pd.DataFrame) -> folium.Map:
    from geodata.views.map import build_map

    return build_map(frame)


def naive_popup(kind: str, date: Any, place: Any, sources: list[dict[str, Any]]) -> str:
    """What a naive page puts in each marker: kind, date, place and the excerpts, ~600 characters."""
    day = pd.Timestamp(date).date().isoformat() if pd.notna(date) else "?"
    text = f"{KIND_AR.get(kind, kind)} — {day} — {place or ''}: " + " ".join(
        f"{source.get('outlet', '')}: {source.get('excerpt', '')}" for source in sources)
    while len(text) < POPUP_CHARS:
        text += " " + text
    return f'<div dir="rtl">{html.escape(text[:POPUP_CHARS])}</div>'


def naive(frame: pd.DataFrame) -> folium.Map:
    """One ``folium.Marker`` with its popup per located incident, in one FeatureGroup."""
    folium_map = folium.Map(location=(35.2, 40.3), zoom_start=9)
    group = folium.FeatureGroup(name="Incidents")
    located = frame[frame["lat"].notna() & frame["lon"].notna()]
    columns = ("lat", "lon", "kind", "date", "place_name_ar", "sources")
    for lat, lon, kind, date, place, sources in zip(*(located[column] for column in columns), strict=True):
        popup = folium.Popup(naive_popup(str(kind), date, place, sources), max_width=300)
        folium.Marker([lat, lon], popup=popup).add_to(group)
    group.add_to(folium_map)
    folium.LayerControl().add_to(folium_map)
    return folium_map


def app_layers(frame: pd.DataFrame) -> tuple[folium.Map, list[folium.FeatureGroup]]:
    """What the dashboard builds on a filter change: the layer groups of ``frame`` (and the
    map they go on, which the app builds once per table)."""
    from geodata.views.map import context_map, filtered_groups

    return context_map(frame), filtered_groups(frame)


def app_layers_script(built: tuple[folium.Map, list[folium.FeatureGroup]]) -> str:
    """The script streamlit-folium sends to the browser for those groups."""
    from streamlit_folium import _get_feature_group_string

    base, groups = built
    return "".join(_get_feature_group_string(group, base, index) for index, group in enumerate(groups))


def _page(folium_map: folium.Map) -> str:
    return folium_map.get_root().render()


# builder -> (build, render): render makes the text the browser receives from what build made
BUILDERS: dict[str, tuple[Callable[[pd.DataFrame], Any], Callable[[Any], str]]] = {
    "ours": (ours, _page), "naive": (naive, _page), "app": (app_layers, app_layers_script),
}


# ------------------------------------------------------------------ one case, in a child process


def measure_case(builder: str, frame: pd.DataFrame, repeats: int) -> dict[str, Any]:
    """Build and render ``repeats`` times (after one cold build, reported apart): seconds per
    build and render, page bytes (raw and gzip), and peak resident memory while building."""
    build, render = BUILDERS[builder]
    base_mb = rss_mb()
    reset = reset_peak_rss()
    cold, _ = timed(lambda: render(build(frame)))
    builds, renders, page = [], [], ""
    for _ in range(repeats):
        build_s, built = timed(lambda: build(frame))
        render_s, page = timed(partial(render, built))
        builds.append(build_s)
        renders.append(render_s)
    data = page.encode("utf-8")
    return {"builder": builder, "incidents": len(frame), "cold_s": cold, "build_s": builds, "render_s": renders,
            "bytes": len(data), "gzip_bytes": len(gzip.compress(data, 6)), "base_rss_mb": base_mb,
            "peak_rss_mb": peak_rss_mb(), "peak_reset": reset}


def child(builder: str, frame_path: Path, repeats: int) -> dict[str, Any]:
    frame = pd.read_pickle(frame_path)
    ours(frame.head(5))  # imports and data files of the map, in every case alike
    return measure_case(builder, frame, repeats)


def run_case(builder: str, frame_path: Path, repeats: int, timeout: float = 3600) -> dict[str, Any]:
    """``measure_case`` in a fresh interpreter; its JSON result."""
    command = [sys.executable, "-m", "bench.mapbuild", "--child", builder, "--frame", str(frame_path),
               "--repeats", str(repeats)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{builder} on {frame_path.name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------ all cases


def frame_file(n: int, folder: Path, seed: int = 0) -> Path:
    """The pickled synthetic table of ``n`` incidents in ``folder`` (made once per folder)."""
    path = folder / f"incidents-{n}-seed{seed}.pkl"
    if not path.exists():
        from bench.corpus import incident_frame

        incident_frame(n, seed).to_pickle(path)
    return path


def _total(result: dict[str, Any]) -> list[float]:
    return [build + render for build, render in zip(result["build_s"], result["render_s"], strict=True)]


def _rows(label: str, result: dict[str, Any], *, targets: bool) -> list[Row]:
    n = result["incidents"]
    size = f"{n:,} incidents"
    at_100k = targets and n >= 100_000
    totals = _total(result)
    split = (f"build {median(result['build_s']):.3g} s + render {median(result['render_s']):.3g} s; "
             f"first (cold) build {result['cold_s']:.3g} s")
    peak = result["peak_rss_mb"]
    memory = f"process peak {peak:.0f} MB, {peak - result['base_rss_mb']:.0f} MB above the loaded table" if peak else ""
    return [
        Row("map", f"{label}: page build time", size, median(totals), "s", len(totals), spread(totals),
            BUILD_TARGET if at_100k else None, split),
        Row("map", f"{label}: page payload", size, result["bytes"] / 1e6, "MB", 1, "",
            PAYLOAD_TARGET if at_100k else None, f"gzip {result['gzip_bytes'] / 1e6:.3g} MB; {memory}"),
    ]


def _ratio_rows(ours_result: dict[str, Any], naive_result: dict[str, Any], *, targets: bool) -> list[Row]:
    size = f"{ours_result['incidents']:,} incidents"
    speedup = median(_total(naive_result)) / median(_total(ours_result))
    smaller = naive_result["bytes"] / ours_result["bytes"]
    return [
        Row("map", "speed-up over naive (build time ratio)", size, speedup, "x", 1, "",
            SPEEDUP_TARGET if targets else None, "medians of the same run"),
        Row("map", "smaller than naive (payload ratio)", size, smaller, "x", 1, "",
            SMALLER_TARGET if targets else None),
    ]


def run(quick: bool = False, workdir: Path | None = None, seed: int = 0) -> Section:
    sizes = QUICK if quick else FULL
    section = Section("map")
    with tempfile.TemporaryDirectory(prefix="bench-map-") as scratch:
        folder = workdir or Path(scratch)
        results: dict[tuple[str, int], dict[str, Any]] = {}
        for builder, counts, repeats in (("ours", sizes.ours, sizes.repeats_ours),
                                         ("app", sizes.ours, sizes.repeats_ours),
                                         ("naive", sizes.naive, sizes.repeats_naive)):
            for n in counts:
                results[(builder, n)] = run_case(builder, frame_file(n, folder, seed), repeats)
    for n in sizes.ours:
        section.rows += _rows("build_map", results[("ours", n)], targets=not quick)
    for n in sizes.ours:
        section.rows += _rows("dashboard layer groups", results[("app", n)], targets=False)
    for n in sizes.naive:
        section.rows += _rows("naive per-marker", results[("naive", n)], targets=False)
        if ("ours", n) in results:
            section.rows += _ratio_rows(results[("ours", n)], results[("naive", n)],
                                        targets=not quick and n == sizes.ratio_at)
    section.notes.append("Build time is build_map (or the naive loop) plus rendering the page HTML "
                         "(folium.Map.get_root().render()); payload is the bytes of that HTML. The map's scripts "
                         "and styles are separate static files, the same at every size.")
    section.notes.append("Dashboard layer groups: what the dashboard builds and sends on a filter change, "
                         "context_map and filtered_groups, then the script streamlit-folium makes of the groups "
                         "(the app builds the context map once per table; it is timed here on every repeat).")
    return section


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.mapbuild")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--child", choices=sorted(BUILDERS))
    parser.add_argument("--frame", type=Path)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.frame, args.repeats)))
        return 0
    for row in run(args.quick).rows:
        print(f"{row.metric} [{row.size}]: {row.median:.4g} {row.unit} {row.status} {row.note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
