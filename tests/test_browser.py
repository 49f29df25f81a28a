"""End to end in a real headless Chromium: the dashboard on the seeds, offline.

Starts ``streamlit run dashboard.py`` on a free port, drives /usr/bin/chromium with
Playwright, and aborts every request to a host other than this machine: the map must draw
its markers from scripts the app serves itself, a click must show the Arabic excerpt, and
moving the timeline must change the markers. Skipped only when Chromium is not installed
(``apt-get install -y chromium``; the CI script installs it).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
TILE_HOSTS = frozenset({"tile.openstreetmap.org"})  # the only host the map may try, and it fails over
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT_MS = 90_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install -y chromium)"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"streamlit did not answer on {url}:\n{log.read_text(errors='replace')}")


@contextmanager
def running_dashboard(folder: Path, **settings: str) -> Iterator[str]:
    """``streamlit run dashboard.py`` on a free port of this machine, with a store and a state
    folder of its own under ``folder`` and the ``settings`` (environment variables) given; the
    base URL while it runs."""
    env = {**os.environ, "GEODATA_USER_CORPUS": str(folder / "user_corpus"), "XDG_DATA_HOME": str(folder / "data"),
           "XDG_CACHE_HOME": str(folder / "cache"), "GEODATA_STATE_DIR": str(folder / "state"), **settings}
    env.pop("GEODATA_DATABASE_URL", None)
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
               "--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
    log = folder / "streamlit.log"
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_dashboard(tmp_path_factory.mktemp("dashboard"), GEODATA_CORPUS=str(ROOT / "seeds"),
                           GEODATA_TILES="osm") as url:
        yield url


@contextmanager
def launched_chromium(*extra_args: str) -> Iterator[object]:
    """Debian's Chromium, headless and offline, through Playwright; closed at the end."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, *extra_args])
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture
def page(browser, app_url: str) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.left_machine = []  # every request that tried to leave, for the assertions

    def only_local(route) -> None:
        host = urlsplit(route.request.url).hostname
        if host in LOCAL_HOSTS or route.request.url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            page.left_machine.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(app_url)
    yield page
    context.close()


def strike_markers(page):
    # .first: while the app reruns, the old map stays on the page until the new one replaces it
    return page.frame_locator(MAP_FRAME).first.locator("path.geodata-strike")


def uncovered_marker(page) -> int:
    """The index of the last drawn strike marker whose centre no legend, control or other
    marker covers (the last drawn is on top of rings of other kinds at the same place)."""
    frame = page.frame_locator(MAP_FRAME).first.locator("body")
    index = frame.evaluate("""() => {
        const markers = Array.from(document.querySelectorAll("path.geodata-strike"));
        for (let i = markers.length - 1; i >= 0; i -= 1) {
            const box = markers[i].getBoundingClientRect();
            const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
            if (hit === markers[i]) return i;
        }
        return -1;
    }""")
    assert index >= 0, "every strike marker is covered"
    return index


def wait_for_rerun(page) -> None:
    """Until the app has finished running and only the new map is left."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stStatusWidget")).to_be_hidden(timeout=TIMEOUT_MS)
    expect(page.locator(MAP_FRAME)).to_have_count(1, timeout=TIMEOUT_MS)


def test_map_draws_markers_from_local_scripts_only(page, app_url: str) -> None:
    from playwright.sync_api import expect

    markers = strike_markers(page)
    expect(markers.first).to_be_visible(timeout=TIMEOUT_MS)
    assert markers.count() >= 3
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator(".geodata-legend")).to_be_visible()
    expect(frame.locator(".leaflet-control-layers")).to_be_attached()
    # the scripts ran (Leaflet and markercluster), served as JavaScript despite nosniff
    response = page.request.get(f"{app_url}/app/static/node_modules/leaflet/dist/leaflet.js")
    assert response.ok and "javascript" in response.headers["content-type"]
    assert response.headers["x-content-type-options"] == "nosniff"
    map_frame = next(item for item in page.frames if "st_folium" in item.url)
    assert map_frame.evaluate("typeof L.markerClusterGroup") == "function"
    # nothing but tiles tried to leave the machine, and the map works without them
    assert {urlsplit(url).hostname for url in page.left_machine} <= TILE_HOSTS


def test_click_on_a_marker_shows_what_each_source_said(page) -> None:
    from playwright.sync_api import expect

    markers = strike_markers(page)
    expect(markers.first).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_rerun(page)  # the page is laid out: nothing moves under the pointer
    markers.nth(uncovered_marker(page)).click()
    excerpt = page.locator("blockquote.gd-excerpt").first
    expect(excerpt).to_be_visible(timeout=TIMEOUT_MS)
    assert excerpt.get_attribute("dir") == "rtl"
    text = excerpt.inner_text()
    assert sum("\u0600" <= char <= "\u06ff" for char in text) > 20, text
    expect(page.locator(".gd-source-head").first).to_contain_text("published 2023-04-11")
    popup = page.frame_locator(MAP_FRAME).locator(".leaflet-popup-content")
    expect(popup).to_contain_text("source")


def expect_open(details, is_open: bool) -> None:
    from playwright.sync_api import expect

    if is_open:
        expect(details).to_have_attribute("open", "")
    else:
        expect(details).not_to_have_attribute("open", "")


def test_narrowing_the_timeline_changes_the_markers(page) -> None:
    from playwright.sync_api import expect

    markers = strike_markers(page)
    expect(markers.first).to_be_visible(timeout=TIMEOUT_MS)
    before = markers.count()
    map_window = page.frame_locator(MAP_FRAME).first.locator("body")
    map_window.evaluate("() => { window.geodataProbe = 'same map'; }")
    frame = page.frame_locator(MAP_FRAME).first
    frame.locator(".leaflet-control-layers").hover()  # unfolds the layer control
    uncertainty = frame.locator(".leaflet-control-layers-overlays label", has_text="Location uncertainty (all)")
    expect(uncertainty.locator("input")).not_to_be_checked()  # off until the analyst wants every circle
    areas = frame.locator(".leaflet-geodataAreas-pane path.geodata-uncertainty")
    uncertainty.locator("input").check()
    expect(areas.first).to_be_attached()
    legend = frame.locator(".geodata-legend > details")
    was_open = legend.get_attribute("open") is not None
    frame.locator(".geodata-legend > details > summary").click()  # fold (or unfold) the legend
    expect_open(legend, not was_open)
    incidents = page.locator('[data-testid="stMetricValue"]').first
    shown = incidents.inner_text()
    start_thumb = page.get_by_role("slider").first
    start_thumb.focus()
    start_thumb.press("End")  # the start of the range moves to its end: the last day only
    expect(incidents).not_to_have_text(shown, timeout=TIMEOUT_MS)
    wait_for_rerun(page)
    # the layers are swapped in the map the browser already has: wait for fewer markers
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while not 0 < markers.count() < before and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert 0 < markers.count() < before
    # the same map (not a reloaded frame), with one legend and the layers listed once each
    assert map_window.evaluate("() => window.geodataProbe") == "same map"
    expect(frame.locator(".geodata-legend")).to_have_count(1)
    expect_open(legend, not was_open)  # the legend stays as the analyst left it
    labels = frame.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert sum(label.strip() == "Incidents" for label in labels) == 1, labels
    # the layer the analyst switched on stays on in the new filter state; the others keep theirs
    expect(uncertainty.locator("input")).to_be_checked()
    incidents_layer = frame.locator(".leaflet-control-layers-overlays label", has_text="Incidents")
    expect(incidents_layer.first.locator("input")).to_be_checked()
    # the groups replaced are let go: no more are held than this state's (one per listed layer at most)
    held = map_window.evaluate("() => window.feature_group.length")
    assert 0 < held <= len(labels), (held, labels)
    # switched off again, its circles go
    frame.locator(".leaflet-control-layers").hover()
    uncertainty.locator("input").uncheck()
    expect(areas).to_have_count(0)
