"""The dashboard for daily use in a real headless Chromium, offline (issue 14, item 9).

One server on the seeds and the written test reports (tests/fixtures/reports): a link with
filters reopens the same view; a single week picked with the date boxes; playback moves the
dates and the map; place names appear as the map zooms in; a click at a crowded place lists
everything there; tiles that cannot load fall back to "No tiles"; the view saves as an image;
a click on a bar narrows the dates. Every request to another host is aborted, as in
tests/test_browser.py, whose server and browser helpers this module shares.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.test_browser import (
    CHROMIUM,
    LOCAL_HOSTS,
    MAP_FRAME,
    ROOT,
    TIMEOUT_MS,
    launched_chromium,
    running_dashboard,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install -y chromium)"),
]
CORPUS = (ROOT / "seeds", ROOT / "tests" / "fixtures" / "reports")
OMAR = (35.15167, 40.57583)  # the al-Omar oil field: nine incidents of five kinds in the test reports


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_dashboard(tmp_path_factory.mktemp("dashboard-daily"),
                           GEODATA_CORPUS=os.pathsep.join(str(path) for path in CORPUS), GEODATA_TILES="osm") as url:
        yield url + "/"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with launched_chromium() as chromium:
        yield chromium


def open_page(browser, url: str):
    """A new session (its own browser context) on ``url``, once the map has drawn."""
    context = browser.new_context(viewport={"width": 1500, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.left_machine = []

    def only_local(route) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            page.left_machine.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    markers(page).first.wait_for(state="attached")  # drawn (in view or not: a link may open elsewhere)
    # the sidebar, the figures, the panel and the chart follow on the run the map's report starts
    page.locator('[data-testid="stMetricValue"]').first.wait_for(state="attached")
    settle(page)
    return page


def markers(page):
    return page.frame_locator(MAP_FRAME).first.locator("path.geodata-strike, path.geodata-undated")


def map_window(page):
    return next(frame for frame in page.frames if "st_folium" in frame.url)


def settle(page) -> None:
    """Until the app has finished its run and only one map is on the page."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stStatusWidget")).to_be_hidden(timeout=TIMEOUT_MS)
    expect(page.locator(MAP_FRAME)).to_have_count(1, timeout=TIMEOUT_MS)
    page.wait_for_timeout(600)


def figures(page) -> list[str]:
    return page.locator('[data-testid="stMetricValue"]').all_inner_texts()


def date_boxes(page) -> tuple[str, str]:
    return (page.locator(".st-key-gd_from_box input").input_value(),
            page.locator(".st-key-gd_to_box input").input_value())


def type_date(page, key: str, day: str) -> None:
    """Type a date into a date box segment by segment, as an analyst does, and leave the box."""
    page.locator(f".st-key-{key} [data-type=year]").click()
    page.keyboard.type(day.replace("-", ""))
    page.get_by_text("Filters", exact=True).click()  # the box commits when it loses focus
    settle(page)


def wait_for(condition, what: str, seconds: float = TIMEOUT_MS / 1000) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def address(page) -> str:
    """The address bar (Playwright's page.url can miss the app's history.replaceState)."""
    return page.evaluate("() => window.location.href")


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(address(page)).query)


# ------------------------------------------------------------------ the timeline


def test_a_single_week_picked_with_the_date_boxes(browser, app_url: str) -> None:
    page = open_page(browser, app_url)
    before = figures(page)
    type_date(page, "gd_from_box", "2023-04-10")
    type_date(page, "gd_to_box", "2023-04-16")
    assert date_boxes(page) == ("2023-04-10", "2023-04-16")
    wait_for(lambda: figures(page) != before, "the figures to follow the dates")
    assert query(page)["from"] == ["2023-04-10"] and query(page)["to"] == ["2023-04-16"]
    # the slider now spans that month, and its thumbs sit on the week
    thumbs = page.locator(".stSlider input[type=range]")
    assert [thumbs.nth(index).get_attribute("aria-valuetext") for index in range(2)] == ["2023-04-10", "2023-04-16"]
    assert page.locator("[data-testid=stSliderTickBar]").first.inner_text().split() == ["2023-04-01", "2023-04-30"]
    page.context.close()


def test_playback_moves_the_dates_and_the_map(browser, app_url: str) -> None:
    page = open_page(browser, app_url)
    type_date(page, "gd_from_box", "2023-03-01")
    type_date(page, "gd_to_box", "2023-04-30")
    page.get_by_role("button", name="▶ Play").click()
    settle(page)
    seen = {date_boxes(page)}
    start, end = (dt.date.fromisoformat(day) for day in date_boxes(page))
    # two months play a week at a time from 1 March (on a loaded machine a frame may have passed)
    assert (end - start).days == 6 and (start - dt.date(2023, 3, 1)).days % 7 == 0 and start < dt.date(2023, 4, 1)
    wait_for(lambda: seen.add(date_boxes(page)) or len(seen) >= 3, "two more frames", seconds=60)
    window = map_window(page)
    window.evaluate("() => { window.geodataProbe = 'same map'; }")
    wait_for(lambda: seen.add(date_boxes(page)) or len(seen) >= 4, "one more frame", seconds=30)
    assert window.evaluate("() => window.geodataProbe") == "same map"  # the map follows, it is not reloaded
    page.get_by_role("button", name="⏸ Pause").click()
    settle(page)
    paused = date_boxes(page)
    page.wait_for_timeout(3500)
    assert date_boxes(page) == paused
    page.context.close()


def test_a_click_on_a_bar_narrows_the_dates(browser, app_url: str) -> None:
    page = open_page(browser, app_url)
    chart = page.locator("[data-testid=stVegaLiteChart]").first
    chart.scroll_into_view_if_needed()
    bars = chart.locator("path[role=graphics-symbol]")
    bars.first.wait_for(state="visible")
    everything = date_boxes(page)
    bars.first.click()
    settle(page)
    first, last = (dt.date.fromisoformat(day) for day in date_boxes(page))
    assert date_boxes(page) != everything
    # one bar: a day, a week from Monday to Sunday, or a calendar month, by the span shown
    assert first == last or (first.weekday(), (last - first).days) == (0, 6) or (
        first.day == 1 and (last + dt.timedelta(days=1)).day == 1)
    page.context.close()


# ------------------------------------------------------------------ the address


def test_a_link_with_filters_reopens_the_same_view(browser, app_url: str) -> None:
    page = open_page(browser, app_url)
    type_date(page, "gd_from_box", "2023-04-01")
    type_date(page, "gd_to_box", "2023-04-30")
    page.locator(".st-key-gd_background label").click()
    settle(page)
    map_window(page).evaluate(f"() => map_div.setView([{OMAR[0]}, {OMAR[1]}], 11)")
    wait_for(lambda: query(page).get("view", [""])[0].endswith(",11"), "the view in the address")
    link, shown = address(page), figures(page)
    page.context.close()

    again = open_page(browser, link)
    assert figures(again) == shown
    assert date_boxes(again) == ("2023-04-01", "2023-04-30")
    assert again.locator(".st-key-gd_background input").is_checked()
    centre, zoom = map_window(again).evaluate("() => [map_div.getCenter(), map_div.getZoom()]")
    assert zoom == 11 and abs(centre["lat"] - OMAR[0]) < 0.01 and abs(centre["lng"] - OMAR[1]) < 0.01
    again.context.close()


# ------------------------------------------------------------------ reading the map


def test_place_names_appear_as_the_map_zooms_in(browser, app_url: str) -> None:
    page = open_page(browser, app_url)
    window = map_window(page)
    labels = page.frame_locator(MAP_FRAME).first.locator(".geodata-label")
    window.evaluate("() => map_div.setView([35.2, 40.4], 8)")
    wait_for(lambda: labels.count() > 0, "labels at zoom 8")
    few = labels.all_inner_texts()
    window.evaluate("() => map_div.setView([35.2, 40.4], 12)")
    wait_for(lambda: labels.count() > len(few), "more labels at zoom 12")
    many = " ".join(labels.all_inner_texts())
    assert "Deir ez-Zor" in " ".join(few) and "دير الزور" in " ".join(few)
    assert "Khasham" in many and "خشام" in many and "Khasham" not in " ".join(few)
    page.context.close()


def test_tiles_that_cannot_load_fall_back_to_no_tiles(browser, app_url: str) -> None:
    page = open_page(browser, app_url)
    frame = page.frame_locator(MAP_FRAME).first
    frame.locator(".geodata-notice").wait_for(state="visible")
    assert "could not load" in frame.locator(".geodata-notice").inner_text()
    frame.locator(".leaflet-control-layers").hover()
    base = frame.locator(".leaflet-control-layers-base label")
    checked = {label.inner_text().strip(): label.locator("input").is_checked() for label in base.all()}
    assert checked == {"OpenStreetMap": False, "No tiles (the project's own layers)": True}
    assert {urlsplit(url).hostname for url in page.left_machine} <= {"tile.openstreetmap.org"}
    page.context.close()


def test_everything_at_a_crowded_place_is_listed(browser, app_url: str) -> None:
    import geodata
    from geodata.table.filters import Filters, apply_filters
    from geodata.views.map.selection import Selection, incidents_for_selection

    table = apply_filters(geodata.load_incidents(corpus=[str(path) for path in CORPUS]), Filters())
    expected = incidents_for_selection(table, Selection("at", *OMAR))
    assert expected["kind"].nunique() >= 3

    page = open_page(browser, app_url)
    window = map_window(page)
    window.evaluate(f"() => map_div.setView([{OMAR[0]}, {OMAR[1]}], 13, {{animate: false}})")
    page.wait_for_timeout(800)
    # the markers there are spread around the place; click the first shape, off its centre
    point = window.evaluate(f"""() => {{
        let found = null;
        map_div.eachLayer(function (layer) {{
            const here = layer.getLatLng && layer.options && layer.options.spreadCount > 1 && layer._path
                && Math.abs(layer.getLatLng().lat - {OMAR[0]}) < 1e-4 && Math.abs(layer.getLatLng().lng - {OMAR[1]}) < 1e-4;
            if (here && !found) {{
                const offset = layer._offset();
                found = map_div.layerPointToContainerPoint(layer._point.add(L.point(offset[0], offset[1])));
            }}
        }});
        return found && [found.x, found.y];
    }}""")
    assert point is not None, "the markers at the place are not spread"
    box = page.locator(MAP_FRAME).first.bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    heading = page.locator(".gd-place-head")
    heading.wait_for(state="visible")
    assert "Everything at " in heading.inner_text()  # the Green Village base at the al-Omar field
    assert f"{len(expected)} incidents" in heading.inner_text()
    assert page.locator("section.gd-incident").count() == len(expected)
    kinds = {line.split(" · ")[0] for line in page.locator("section.gd-incident h4").all_inner_texts()}
    assert len(kinds) == expected["kind"].nunique()
    assert query(page)["sel"] == [f"at:{OMAR[0]:.5f},{OMAR[1]:.5f}"]
    # the clicked marker's location uncertainty is drawn, and only its own
    assert window.evaluate("() => document.querySelectorAll('path.geodata-selected').length") == 1
    page.context.close()


def test_the_view_saves_as_an_image(browser, app_url: str) -> None:
    page = open_page(browser, app_url)
    with page.expect_download() as download:
        page.frame_locator(MAP_FRAME).first.locator(".geodata-export a").click()
    saved = download.value
    path = Path(saved.path())
    assert saved.suggested_filename.startswith("deir-ez-zor-map_") and saved.suggested_filename.endswith(".png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 20_000
    page.context.close()
