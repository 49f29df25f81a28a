"""A filter change through the running dashboard, measured in a real headless Chromium.

Starts ``streamlit run dashboard.py`` on a free port against a synthetic corpus, opens it in
/usr/bin/chromium through Playwright (every request that does not go to this machine is
blocked), ticks "Include background mentions" so the map shows the whole table, then moves the
start of the date range several times. For each change it records, in the browser's clock:

- input to markers: from the pointer going down on the slider to the first frame in which the
  map holds only new incident markers (every strike, launch-site and cluster marker of the
  previous state gone, new ones drawn; the bases and facilities stay);
- input to counts: until the "Incidents" figure above the map changes;
- server time per rerun: from the ``rerun_script`` message the browser sends to the
  ``script_finished`` message it receives (Chrome DevTools websocket frames, browser clock);
- bytes the server sent over the websocket for that rerun.

And: the first page load (the app reads and extracts the corpus), page loads in new sessions
once the caches are warm (``AppSizes.new_sessions`` of them, each after a load of a bare
Streamlit page with one st_folium marker served beside the app, so that both are timed on the
same machine in the same minutes; medians), and the app process's peak memory (VmHWM of
/proc/<pid>/status).

The corpus, ``--app-source``: ``table`` gives the app a pre-built table of 100,000 synthetic
incidents through ``bench.apphost`` (the dashboard has no setting for one), on which the 100k
targets are judged; ``jsonl`` writes synthetic articles as JSON Lines and gives them to the
unmodified app through ``GEODATA_CORPUS``, so the app reads and extracts them itself (20,000
events: an article corpus that merges into 100,000 incidents over this gazetteer would be
about 250,000 articles); ``both`` (default) runs one after the other.

    python -m bench.app [--quick] [--app-source table|jsonl|both]
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import REPO, Row, Section, Target, free_port, median, peak_rss_mb, rss_mb, spread

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})
CHANGE_TARGET = Target("<", 1.0, "< 1 s at 100k")
MEMORY_TARGET = Target("<", 1024, "< 1 GB at 100k")
STORE_MEMORY_TARGET = Target("<", 600, "< 600 MB at 100k in the store")
NEW_SESSION_TARGET = Target("<", 1.5, "<= 1.5x the bare page")
FIRST_LOAD_TARGET = Target("<", 2.0, "<= 2x the bare page")
# Where the start thumb of the date slider is clicked, as fractions of the track: every one a
# new filter state (the end thumb stays at the right, so the start thumb is always the nearer).
FRACTIONS = (0.30, 0.45, 0.15, 0.55, 0.05, 0.40, 0.20, 0.60, 0.10, 0.50)
SLIDER_TRACK = "[data-testid=stSlider] [data-orientation=horizontal][style*='touch-action']"
BACKGROUND_LABEL = "Include background mentions"

# Arms a watcher in the page. It records the time of the next pointerdown, of the first change
# of the figures above the map, and of the animation frame from which the map iframe holds
# only new markers, all of them: none of those present when armed, and a count that then stays
# the same for SETTLE_MS (cluster groups add their markers in chunks). It also notes the
# spinners seen (a "Reading the reports" spinner means the app re-read the corpus).
SETTLE_MS = 400
WATCH_JS = """
() => {
  const selector = "path.geodata-strike, path.geodata-undated, path.geodata-launch, .marker-cluster";
  const docs = () => Array.from(document.querySelectorAll("iframe"))
    .map((frame) => { try { return frame.contentDocument; } catch (error) { return null; } })
    .filter((doc) => doc);
  const metric = () => Array.from(document.querySelectorAll("[data-testid=stMetric]"))
    .map((element) => element.innerText).join("|");
  const state = {input: null, counts: null, markers: null, fresh: 0, done: false, spinners: [], before: metric()};
  for (const doc of docs()) for (const element of doc.querySelectorAll(selector)) element.benchOld = true;
  document.addEventListener("pointerdown", () => { if (state.input === null) state.input = performance.now(); },
                            {capture: true, once: true});
  function tick() {
    const now = performance.now();
    if (state.counts === null && metric() !== state.before) state.counts = now;
    for (const spinner of document.querySelectorAll("[data-testid=stSpinner]")) {
      const text = spinner.innerText.trim();
      if (text && !state.spinners.includes(text)) state.spinners.push(text);
    }
    let fresh = 0, old = 0;
    for (const doc of docs()) for (const element of doc.querySelectorAll(selector)) {
      if (element.benchOld) old += 1; else fresh += 1;
    }
    if (fresh > 0 && old === 0) {
      if (fresh !== state.fresh) { state.fresh = fresh; state.markers = now; }
      if (now - state.markers >= SETTLE) { state.done = true; return; }
    }
    requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
  window.benchWatch = state;
}
""".replace("SETTLE", str(SETTLE_MS))
# Installed before the page's scripts: the arrival time and size of every websocket message.
SOCKET_HOOK_JS = """
(() => {
  const Native = window.WebSocket;
  window.benchMessages = [];
  function Hooked(...args) {
    const socket = new Native(...args);
    socket.addEventListener("message", (event) => {
      const data = event.data;
      const size = data.byteLength !== undefined ? data.byteLength : (data.size !== undefined ? data.size : data.length);
      // a message that carries the map's layers names the map helpers (geodata/views/map/script.py)
      const text = data.byteLength !== undefined ? new TextDecoder().decode(data) : String(data);
      window.benchMessages.push([performance.now(), size || 0, text.includes("geodataMap.")]);
    });
    return socket;
  }
  Hooked.prototype = Native.prototype;
  Object.assign(Hooked, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  window.WebSocket = Hooked;
})();
"""
# Seconds from the input to the arrival of the first message after it that carries map layers
# (the largest message when none does).
MAP_MESSAGE_JS = """
() => {
  const state = window.benchWatch;
  if (state.input === null || !window.benchMessages) return null;
  const after = window.benchMessages.filter(([time]) => time >= state.input);
  if (!after.length) return null;
  const map = after.find((message) => message[2]);
  const chosen = map || after.reduce((best, message) => (message[1] > best[1] ? message : best));
  return (chosen[0] - state.input) / 1000;
}
"""
HAS_MARKERS_JS = """
() => Array.from(document.querySelectorAll("iframe")).some((frame) => {
  try {
    return frame.contentDocument.querySelectorAll(
      ".leaflet-marker-icon:not(.geodata-label), path.geodata-strike, path.geodata-undated").length > 0;
  }
  catch (error) { return false; }
})
"""


@dataclass(frozen=True)
class AppSizes:
    """Events of the JSON Lines corpus, incidents of the pre-built table, changes measured."""

    events: int = 20_000  # about 15,000 articles and 17,000 incidents once extracted and merged
    incidents: int = 100_000
    store_events: int = 143_000  # about 100,000 incidents in the store (bench.store's synthetic articles)
    bare_loads: int = 3
    new_sessions: int = 3  # the dashboard's new-session loads, each after a bare page's
    changes: int = 5
    cached_changes: int = 2
    startup_timeout: float = 3600.0
    change_timeout: float = 120.0


FULL = AppSizes()
QUICK = AppSizes(events=120, incidents=300, store_events=300, bare_loads=1, new_sessions=1, changes=2, cached_changes=1,
                 startup_timeout=300.0, change_timeout=60.0)


@dataclass(frozen=True)
class Change:
    """One filter change as the browser saw it (seconds; None when it did not happen)."""

    markers_s: float | None
    counts_s: float | None
    server_s: float | None
    bytes_in: int
    fresh_markers: int
    spinners: tuple[str, ...] = ()
    map_message_s: float | None = None  # input to the arrival of the message with the map's layers

    @property
    def drawing_s(self) -> float | None:
        """Browser time from the map's message to the new markers drawn."""
        if self.markers_s is None or self.map_message_s is None:
            return None
        return self.markers_s - self.map_message_s


@dataclass
class SocketLog:
    """The websocket messages of a page, decoded from the DevTools protocol: (direction,
    browser time, message type, bytes)."""

    frames: list[tuple[str, float, str, int]] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        session = page.context.new_cdp_session(page)
        session.send("Network.enable")
        session.on("Network.webSocketFrameSent", lambda params: self._add("sent", params))
        session.on("Network.webSocketFrameReceived", lambda params: self._add("received", params))

    def _add(self, direction: str, params: dict[str, Any]) -> None:
        response = params.get("response") or {}
        payload = response.get("payloadData") or ""
        data = base64.b64decode(payload) if response.get("opcode") == 2 else payload.encode()
        self.frames.append((direction, float(params.get("timestamp") or 0.0), _message_type(direction, data), len(data)))

    def clear(self) -> None:
        self.frames.clear()

    def finished(self) -> bool:
        return any(kind == "script_finished" for _, _, kind, _ in self.frames)

    def rerun(self) -> tuple[float | None, int]:
        """Seconds from the first ``rerun_script`` sent to the next ``script_finished`` received,
        and the bytes received in between."""
        start = next((index for index, frame in enumerate(self.frames) if frame[2] == "rerun_script"), None)
        if start is None:
            return None, 0
        end = next((index for index in range(start, len(self.frames)) if self.frames[index][2] == "script_finished"), None)
        if end is None:
            return None, 0
        received = sum(size for direction, _, _, size in self.frames[start:end + 1] if direction == "received")
        return self.frames[end][1] - self.frames[start][1], received

    def received_bytes(self) -> int:
        return sum(size for direction, _, _, size in self.frames if direction == "received")


def _message_type(direction: str, data: bytes) -> str:
    """The oneof field of a Streamlit ForwardMsg (received) or BackMsg (sent)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    message_class = ForwardMsg if direction == "received" else BackMsg
    try:
        return message_class.FromString(data).WhichOneof("type") or ""
    except Exception:  # not a Streamlit message (a ping, another protocol version)
        return ""


# ------------------------------------------------------------------ the server


@dataclass(frozen=True)
class Server:
    process: subprocess.Popen[bytes]
    url: str
    log: Path


def corpus_env(source: str, sizes: AppSizes, folder: Path, seed: int = 0) -> tuple[dict[str, str], str]:
    """Environment that points the app at a synthetic corpus written into ``folder``, and a description."""
    # a store of its own: the bench never reads or writes the user's
    env = {"GEODATA_USER_CORPUS": str(folder / "user_corpus"), "XDG_DATA_HOME": str(folder / "data"),
           "XDG_CACHE_HOME": str(folder / "cache")}
    if source == "table":
        import pandas as pd

        from bench.mapbuild import frame_file
        from geodata.places.control import annotate_controllers

        path = frame_file(sizes.incidents, folder, seed)
        table = folder / f"annotated-{path.name}"
        annotate_controllers(pd.read_pickle(path)).to_pickle(table)  # as load_incidents does
        (folder / "empty").mkdir(exist_ok=True)
        env |= {"BENCH_TABLE": str(table), "GEODATA_CORPUS": str(folder / "empty")}
        return env, f"pre-built table of {sizes.incidents:,} incidents through bench.apphost"
    if source == "store":
        (folder / "empty").mkdir(exist_ok=True)
        env["GEODATA_CORPUS"] = str(folder / "empty")
        incidents = build_store(folder / "data", sizes.store_events, seed)
        return env, (f"store of {incidents:,} incidents (bench.store's synthetic articles, {sizes.store_events:,} "
                     "events) in SQLite, served by the unmodified app")
    from bench.corpus import corpus, write_jsonl

    articles = corpus(sizes.events, seed)
    path = write_jsonl(articles, folder / "corpus.jsonl")
    env["GEODATA_CORPUS"] = str(path)
    return env, f"JSON Lines corpus of {len(articles):,} synthetic articles ({sizes.events:,} events), read by the app"


def build_store(data_home: Path, events: int, seed: int = 0) -> int:
    """The default SQLite store under ``data_home`` (as ``XDG_DATA_HOME``), filled without the
    extractor as ``bench.store`` fills it; the number of incidents."""
    import sqlalchemy as sa

    from bench.store import build, synthetic_items
    from geodata.store.database import default_path, open_store
    from geodata.store.schema import incidents

    path = default_path({"XDG_DATA_HOME": str(data_home)})
    store = open_store(f"sqlite:///{path}")
    try:
        build(store, synthetic_items(events, seed))
        with store.reading() as connection:
            return int(connection.execute(sa.select(sa.func.count()).select_from(incidents)).scalar_one())
    finally:
        store.dispose()


# A Streamlit page with one st_folium marker, on the project's own map scripts (no CDN): what
# the dashboard's page loads are compared with, side by side in the same run.
BARE_PAGE = """
import folium
import streamlit as st
from streamlit_folium import st_folium

from geodata.views.map.build import base_map

folium_map = base_map(tiles="none", asset_base="/app/static", zoom=8, export=False)
folium.Marker([35.33, 40.14]).add_to(folium_map)
st_folium(folium_map, key="bare", height=600, use_container_width=True, returned_objects=[])
"""


# Left out of the app's snapshot: tooling, caches, results, and static/ (linked instead).
SNAPSHOT_SKIP = (".venv", ".git", ".hypothesis", ".pytest_cache", ".ruff_cache", "static", "node_modules",
                 "user_corpus", "results", "docs", "__pycache__", "*.pyc", "*.egg-info")


def snapshot(folder: Path) -> Path:
    """A copy of the working tree (the dashboard, its pages, geodata and its data) in ``folder``,
    with ``static/`` linked: the app then runs the code and data of this moment, whatever is
    edited in the tree during the run (a changed data file changes the corpus stamp, and the
    app re-reads the whole corpus on its next rerun)."""
    target = folder / "tree"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(REPO, target, ignore=shutil.ignore_patterns(*SNAPSHOT_SKIP), symlinks=True)
    (target / "static").symlink_to(REPO / "static", target_is_directory=True)
    return target


@contextlib.contextmanager
def app_server(source: str, env: dict[str, str], folder: Path, timeout: float = 120.0,
               module: str | None = None, script: str = "dashboard.py") -> Iterator[Server]:
    """``streamlit run dashboard.py`` from a snapshot of the app, on a free local port; stopped
    (by its pid) on exit. ``module`` replaces the launcher (``python -m streamlit``)."""
    port = free_port()
    app_dir = snapshot(folder)
    module = module or ("bench.apphost" if source == "table" else "streamlit")
    folder.mkdir(parents=True, exist_ok=True)
    if script != "dashboard.py":
        (app_dir / script).write_text(BARE_PAGE, encoding="utf-8")
    command = [sys.executable, "-m", module, "run", script, "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
               "--browser.gatherUsageStats", "false"]
    log = folder / "streamlit.log"
    with log.open("wb") as output:
        # the snapshot first on the path: its geodata, not the tree's; the tree for bench.apphost
        path = os.pathsep.join([str(app_dir), str(REPO), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        process = subprocess.Popen(command, cwd=app_dir, env={**os.environ, **env, "PYTHONPATH": path},
                                   stdout=output, stderr=subprocess.STDOUT)
    server = Server(process, f"http://127.0.0.1:{port}/", log)
    try:
        _wait_healthy(server, timeout)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


def _wait_healthy(server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"streamlit exited ({server.process.returncode}):\n{_tail(server.log)}")
        with contextlib.suppress(OSError), urllib.request.urlopen(server.url + "_stcore/health", timeout=2) as reply:
            if reply.status == 200:
                return
        time.sleep(0.25)
    raise TimeoutError(f"streamlit did not answer within {timeout:.0f} s:\n{_tail(server.log)}")


def _tail(path: Path, chars: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return ""


# ------------------------------------------------------------------ the browser


def _local_only(route: Any) -> None:
    host = re.sub(r"^[a-z]+://([^/:]+|\[[^\]]+\]).*$", r"\1", route.request.url)
    if host in LOCAL_HOSTS:
        route.continue_()
    else:
        route.abort()


def open_page(browser: Any) -> tuple[Any, SocketLog]:
    """A page that can reach only this machine, with its websocket messages logged."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", _local_only)
    page.add_init_script(SOCKET_HOOK_JS)
    log = SocketLog()
    log.attach(page)
    return page, log


def load_page(page: Any, log: SocketLog, url: str, timeout: float) -> float:
    """Seconds from navigation to the first markers on the map; then waits for the run to end."""
    start = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_function(HAS_MARKERS_JS, timeout=timeout * 1000, polling=100)
    seconds = time.perf_counter() - start
    _settle(page, log, timeout)
    return seconds


def whole_page(page: Any, timeout: float) -> None:
    """Until the figures above the map are drawn (a new session's first run sends the map alone,
    the rest follows on the run the map's report starts), then a second for that run to end."""
    page.wait_for_selector("[data-testid=stMetric]", timeout=timeout * 1000)
    page.wait_for_timeout(1000)


def _settle(page: Any, log: SocketLog, timeout: float) -> None:
    """Until the server has finished its run, then half a second for the browser to draw."""
    deadline = time.monotonic() + timeout
    while not log.finished() and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    page.wait_for_timeout(500)


def click_and_measure(page: Any, log: SocketLog, x: float, y: float, timeout: float) -> Change:
    """Click at (x, y) and measure until the map shows new markers and the run has finished."""
    page.evaluate(WATCH_JS)
    log.clear()
    page.mouse.click(x, y)
    with contextlib.suppress(Exception):  # markers that never change are recorded as not measured
        page.wait_for_function("() => window.benchWatch.done", timeout=timeout * 1000, polling="raf")
    _settle(page, log, timeout)
    state = page.evaluate("() => window.benchWatch")
    server_s, received = log.rerun()
    markers = _since(state, "markers") if state.get("done") else None
    return Change(markers, _since(state, "counts"), server_s, received, int(state.get("fresh") or 0),
                  tuple(state.get("spinners") or ()), page.evaluate(MAP_MESSAGE_JS))


def _since(state: dict[str, Any], key: str) -> float | None:
    if state.get("input") is None or state.get(key) is None:
        return None
    return (float(state[key]) - float(state["input"])) / 1000


def slider_point(page: Any, fraction: float) -> tuple[float, float]:
    track = page.locator(SLIDER_TRACK).first
    track.scroll_into_view_if_needed()  # the sidebar scrolls: the point must be on the screen
    box = track.bounding_box()
    if box is None:
        raise RuntimeError("the date slider is not on the page")
    return box["x"] + box["width"] * fraction, box["y"] + box["height"] / 2


def checkbox_point(page: Any, label: str) -> tuple[float, float]:
    checkbox = page.get_by_text(label, exact=True).first
    checkbox.scroll_into_view_if_needed()
    box = checkbox.bounding_box()
    if box is None:
        raise RuntimeError(f"no '{label}' checkbox on the page")
    return box["x"] + 5, box["y"] + box["height"] / 2


def shown_incidents(page: Any) -> int | None:
    """The "Incidents" figure above the map."""
    texts = page.evaluate("() => Array.from(document.querySelectorAll('[data-testid=stMetric]')).map(e => e.innerText)")
    for text in texts:
        if text.strip().startswith("Incidents"):
            digits = re.sub(r"[^0-9]", "", text)
            return int(digits) if digits else None
    return None


# ------------------------------------------------------------------ one run


@dataclass
class AppResult:
    """Everything measured in one run of the app."""

    corpus: str
    first_load_s: float | None = None
    warm_load_s: list[float] = field(default_factory=list)  # new sessions, each after a bare page's
    warm_load_bytes: int = 0
    shown_default: int | None = None
    shown_all: int | None = None
    background_toggle: Change | None = None
    changes: list[Change] = field(default_factory=list)
    cached: list[Change] = field(default_factory=list)
    peak_mb: float | None = None
    rss_mb: float | None = None
    restart_load_s: float | None = None  # the first page load after a second server start
    bare_first_s: float | None = None  # the bare page's first load after its server started
    bare_warm_s: list[float] = field(default_factory=list)  # the bare page in new sessions
    error: str = ""


def drive(server: Server, result: AppResult, sizes: AppSizes, bare: Server | None = None) -> None:
    """Open the app, load it, change filters, measure; fills ``result``. With ``bare`` (the bare
    page's server, started beside the app's), the new sessions alternate with the bare page's:
    bare, app, bare, app... so that both see the same machine."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page, log = open_page(browser)
            result.first_load_s = load_page(page, log, server.url, sizes.startup_timeout)
            whole_page(page, sizes.startup_timeout)
            result.shown_default = shown_incidents(page)
            result.background_toggle = click_and_measure(page, log, *checkbox_point(page, BACKGROUND_LABEL),
                                                         sizes.change_timeout)
            result.shown_all = shown_incidents(page)
            for fraction in FRACTIONS[: sizes.changes]:
                result.changes.append(click_and_measure(page, log, *slider_point(page, fraction), sizes.change_timeout))
            for fraction in FRACTIONS[: sizes.cached_changes]:
                result.cached.append(click_and_measure(page, log, *slider_point(page, fraction), sizes.change_timeout))
            if bare is not None:
                result.bare_first_s = _one_load(browser, bare.url, sizes.change_timeout)[0]
            for _ in range(sizes.new_sessions):
                if bare is not None:
                    result.bare_warm_s.append(_one_load(browser, bare.url, sizes.change_timeout)[0])
                seconds, received = _one_load(browser, server.url, sizes.change_timeout)
                result.warm_load_s.append(seconds)
                result.warm_load_bytes = received
        finally:
            browser.close()


def _one_load(browser: Any, url: str, timeout: float) -> tuple[float, int]:
    """A page load in a new browser page (a new Streamlit session): seconds to the first
    markers, and the bytes received over the websocket; the page is closed after."""
    page, log = open_page(browser)
    try:
        return load_page(page, log, url, timeout), log.received_bytes()
    finally:
        page.close()


def measure(source: str, sizes: AppSizes, folder: Path, seed: int = 0) -> AppResult:
    env, description = corpus_env(source, sizes, folder, seed)
    result = AppResult(description)
    try:
        with app_server(source, env, folder) as server, \
                app_server("bare", env, folder / "bare", script="bare_page.py") as bare:
            try:
                drive(server, result, sizes, bare)
            finally:
                result.peak_mb = peak_rss_mb(server.process.pid)
                result.rss_mb = rss_mb(server.process.pid)
            if not result.changes or any(change.markers_s is None for change in result.changes):
                result.error = "some filter changes never showed new markers; server log:\n" + _tail(server.log, 1500)
        if source == "store":
            with app_server(source, env, folder) as server:
                result.restart_load_s = first_load(server, sizes)
    except Exception as error:  # the app may be unfinished: report what could be measured
        result.error = f"{type(error).__name__}: {error}"
    return result


def first_load(server: Server, sizes: AppSizes) -> float:
    """Seconds to the first markers of the first page a fresh server serves."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page, log = open_page(browser)
            return load_page(page, log, server.url, sizes.startup_timeout)
        finally:
            browser.close()


# ------------------------------------------------------------------ rows


def _values(changes: Sequence[Change], attribute: str) -> list[float]:
    return [value for value in (getattr(change, attribute) for change in changes) if value is not None]


def _row(group: str, metric: str, size: str, values: Sequence[float], unit: str, scale: float = 1.0, *,
         target: Target | None = None, note: str = "") -> Row:
    value = median(values) * scale if values else None
    return Row(group, metric, size, value, unit, len(values), spread(values, scale), target, note)


def rows(result: AppResult, group: str, *, targets: bool, store: bool = False) -> list[Row]:
    """The table rows of one run; ``targets`` puts the 100k targets on them (those of the
    store, issue 15, when ``store``)."""
    size = f"{result.shown_all:,} incidents shown" if result.shown_all else "—"
    counts = _values(result.changes, "counts_s")
    bytes_in = [float(change.bytes_in) for change in result.changes if change.server_s is not None]
    toggle = [result.background_toggle] if result.background_toggle else []
    return [
        _row(group, "filter change (date range): input to new markers", size, _values(result.changes, "markers_s"), "s",
             target=CHANGE_TARGET if targets else None,
             note=f"input to updated counts {median(counts):.3g} s" if counts else ""),
        _row(group, "server time per rerun (date range change)", size, _values(result.changes, "server_s"), "s"),
        _row(group, "browser time: map message received to markers drawn", size,
             _values(result.changes, "drawing_s"), "s"),
        _row(group, "bytes sent to the browser per date range change", size, bytes_in, "MB", 1e-6),
        _row(group, "filter change back to an earlier state (cached map)", size, _values(result.cached, "markers_s"), "s"),
        _row(group, "filter change (include background): input to new markers", size, _values(toggle, "markers_s"), "s",
             note=f"{result.shown_default or 0:,} -> {result.shown_all or 0:,} incidents shown"),
        _row(group, "first page load (app reads the corpus)", size, [result.first_load_s] if result.first_load_s else [], "s",
             note=result.corpus),
        _row(group, "page load in a new session (warm caches)", size, result.warm_load_s, "s",
             note=f"{result.warm_load_bytes / 1e6:.3g} MB over the websocket"),
        Row(group, "app process peak memory (VmHWM)", size, result.peak_mb, "MB", 1, "",
            (STORE_MEMORY_TARGET if store else MEMORY_TARGET) if targets else None,
            f"resident at the end {result.rss_mb or 0:.0f} MB"),
        *bare_rows(result, group, size, targets=targets and store),
    ]


def bare_rows(result: AppResult, group: str, size: str, *, targets: bool) -> list[Row]:
    """The bare page's loads, and the dashboard's loads as multiples of them (same run)."""
    found = []
    bare_warm = median(result.bare_warm_s) if result.bare_warm_s else None
    if result.bare_first_s:
        found.append(Row(group, "bare page (one st_folium marker): first load after a server start", "1 marker",
                         result.bare_first_s, "s", 1, ""))
    if bare_warm:
        found.append(Row(group, "bare page: page load in a new session", "1 marker", bare_warm, "s",
                         len(result.bare_warm_s), spread(result.bare_warm_s)))
    if bare_warm and result.warm_load_s:
        # median over median, both taken alternately in the same minutes; the spread is that of
        # the ratios of each app load to the bare load just before it
        pairs = [app / bare for app, bare in zip(result.warm_load_s, result.bare_warm_s, strict=False)]
        found.append(Row(group, "new session: page load / bare page's", size, median(result.warm_load_s) / bare_warm, "x",
                         len(result.warm_load_s), spread(pairs), NEW_SESSION_TARGET if targets else None,
                         f"median of {len(result.warm_load_s)} new sessions over the median of {len(result.bare_warm_s)} "
                         "bare ones, taken alternately"))
    if result.bare_first_s and result.restart_load_s:
        found.append(Row(group, "first page load after a server start (table kept on disk)", size,
                         result.restart_load_s, "s", 1, ""))
        found.append(Row(group, "first load after a start (table kept) / bare page's first load", size,
                         result.restart_load_s / result.bare_first_s, "x", 1, "", FIRST_LOAD_TARGET if targets else None))
    if result.bare_first_s and result.first_load_s:
        found.append(Row(group, "first load, table built from the store / bare page's first load", size,
                         result.first_load_s / result.bare_first_s, "x", 1, ""))
    return found


def _spinner_notes(result: AppResult, group: str) -> list[str]:
    """Which spinners the filter changes showed: a corpus re-read in a change is called out."""
    changes = result.changes + result.cached
    seen = sorted({text for change in changes for text in change.spinners})
    if not seen:
        return []
    reread = sum(any(text.startswith("Reading") for text in change.spinners) for change in changes)
    note = f"{group}: spinners seen during the filter changes: {'; '.join(seen)}"
    return [note + (f" ({reread} of {len(changes)} changes re-read the corpus)" if reread else "")]


SOURCES = {"table": "app: pre-built table", "jsonl": "app: JSON Lines corpus", "store": "app: 100k in the store"}


def run(quick: bool = False, sources: Sequence[str] = ("table", "jsonl"), workdir: Path | None = None, seed: int = 0,
        events: int | None = None) -> Section:
    """The app benchmark with each corpus source; the 100k targets apply to the pre-built table
    of 100,000 incidents (an article corpus that merges into 100,000 incidents over this
    gazetteer is far larger than the one the JSON Lines run reads)."""
    sizes = QUICK if quick else FULL
    if events is not None:
        sizes = AppSizes(**{**sizes.__dict__, "events": events})
    section = Section("app")
    with tempfile.TemporaryDirectory(prefix="bench-app-") as scratch:
        for source in sources:
            folder = Path(workdir or scratch) / f"app-{source}"
            folder.mkdir(parents=True, exist_ok=True)
            result = measure(source, sizes, folder, seed)
            section.rows += rows(result, SOURCES[source], targets=not quick and source in ("table", "store"),
                                 store=source == "store")
            section.notes.append(f"{SOURCES[source]}: {result.corpus}.")
            section.notes += _spinner_notes(result, SOURCES[source])
            if result.error:
                section.notes.append(f"{SOURCES[source]}: run problem: {result.error}")
    return section


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.app")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--app-source", choices=("table", "jsonl", "store", "both", "all"), default="all")
    parser.add_argument("--app-events", type=int, help="events of the JSON Lines corpus")
    args = parser.parse_args(argv)
    sources = {"both": ("table", "jsonl"), "all": ("table", "jsonl", "store")}.get(args.app_source, (args.app_source,))
    section = run(args.quick, sources, events=args.app_events)
    for row in section.rows:
        value = "—" if row.median is None else f"{row.median:.4g}"
        print(f"{row.metric} [{row.size}]: {value} {row.unit} ({row.spread}) {row.status} {row.note}")
    for note in section.notes:
        print(note)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
