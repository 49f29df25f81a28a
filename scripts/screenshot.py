"""Take a PNG of the dashboard on the seeds with headless Chromium (docs/screenshot.png).

    .venv/bin/python scripts/screenshot.py [--output docs/screenshot.png] [--no-click]

Starts ``streamlit run dashboard.py`` on a free local port, opens it in /usr/bin/chromium
at 1500 x 1000 pixels with every request to another host aborted (the map must work offline),
unfolds the legend, clicks a marker at the place with the most incidents so the panel lists
everything there, and saves what the window shows. Prints the number of markers and the bytes
the browser received.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT_MS = 90_000
VIEWPORT = {"width": 1500, "height": 1000}
# The container point of a marker at the most crowded place (off its centre when the markers
# there are spread out), or of the last marker drawn.
CROWDED_MARKER_JS = """() => {
  let best = null, last = null;
  map_div.eachLayer(function (layer) {
    if (!layer._path || !layer.options || layer.options.spreadCount === undefined) { return; }
    last = layer;
    if (!best || layer.options.spreadCount > best.options.spreadCount) { best = layer; }
  });
  const chosen = best || last;
  if (!chosen) { return null; }
  const offset = chosen._offset() || [0, 0];
  const point = map_div.layerPointToContainerPoint(chosen._point.add(L.point(offset[0], offset[1])));
  return [point.x, point.y];
}"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_app(port: int) -> subprocess.Popen:
    # a store and a state folder of its own: the picture shows the seeds alone, and the
    # analyst's own store is never read or written
    scratch = tempfile.mkdtemp(prefix="geodata-screenshot-")
    env = {**os.environ, "GEODATA_CORPUS": str(ROOT / "seeds"), "XDG_DATA_HOME": os.path.join(scratch, "data"),
           "XDG_CACHE_HOME": os.path.join(scratch, "cache"),
           "GEODATA_STATE_DIR": os.path.join(scratch, "state")}
    env.pop("GEODATA_DATABASE_URL", None)
    command = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
               "--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"streamlit exited: {process.stderr.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("streamlit did not start within 90 s")


class Traffic:
    """Bytes the page received over HTTP and over Streamlit's websocket, and blocked requests."""

    def __init__(self, page: Page) -> None:
        self.http = 0
        self.websocket = 0
        self.blocked: list[str] = []
        page.on("response", self._response)
        page.on("websocket", lambda socket: socket.on("framereceived", self._frame))

    def _response(self, response) -> None:
        with contextlib.suppress(Exception):  # redirects and aborted requests have no body
            self.http += len(response.body())

    def _frame(self, payload: str | bytes) -> None:
        self.websocket += len(payload)


def shoot(url: str, output: Path, *, click: bool) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT)
        traffic = Traffic(page)

        def only_local(route) -> None:
            if urlsplit(route.request.url).hostname in {"127.0.0.1", "localhost"}:
                route.continue_()
            else:
                traffic.blocked.append(route.request.url)
                route.abort()

        page.route("**/*", only_local)
        page.goto(url)
        markers = page.frame_locator(MAP_FRAME).first.locator("path.geodata-strike")
        expect(markers.first).to_be_visible(timeout=TIMEOUT_MS)
        page.wait_for_load_state("networkidle")
        print(f"markers: {markers.count()}; received: {traffic.http:,} bytes over HTTP, "
              f"{traffic.websocket:,} bytes over the websocket")
        frame = page.frame_locator(MAP_FRAME).first
        legend = frame.locator(".geodata-legend > details")
        if legend.count() and legend.get_attribute("open") is None:
            frame.locator(".geodata-legend > details > summary").click()
        if click:
            window = next(item for item in page.frames if "st_folium" in item.url)
            point = window.evaluate(CROWDED_MARKER_JS)
            box = page.locator(MAP_FRAME).first.bounding_box()
            if point and box:
                page.mouse.click(box["x"] + point[0], box["y"] + point[1])
            expect(page.locator("blockquote.gd-excerpt").first).to_be_visible(timeout=TIMEOUT_MS)
            page.wait_for_timeout(800)  # let the popup's fade-in finish before the picture
        output.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(output))
        hosts = sorted({urlsplit(item).hostname or item for item in traffic.blocked})
        print(f"blocked requests to other hosts: {len(traffic.blocked)} ({', '.join(hosts) or 'none'})")
        browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "screenshot.png")
    parser.add_argument("--no-click", action="store_true", help="do not open a marker's sources")
    args = parser.parse_args(argv)
    port = free_port()
    process = start_app(port)
    try:
        shoot(f"http://127.0.0.1:{port}", args.output, click=not args.no_click)
    finally:
        process.terminate()
        process.wait(timeout=15)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
