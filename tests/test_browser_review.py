"""The Review page in a real headless Chromium (as tests/test_browser.py runs the dashboard,
offline): two analysts open the same incident in two browser sessions; one corrects it, and
the other's save, made on the version they saw, is refused with the newer values shown."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.test_browser import CHROMIUM, LOCAL_HOSTS, ROOT, TIMEOUT_MS, launched_chromium, running_dashboard

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install -y chromium)"),
]


@pytest.fixture(scope="module")
def review_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # no author from the setting: each session gives its name
    with running_dashboard(tmp_path_factory.mktemp("review-dashboard"), GEODATA_CORPUS=str(ROOT / "seeds"),
                           GEODATA_TILES="none", GEODATA_AUTHOR="") as url:
        yield url


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    with launched_chromium() as browser:
        yield browser


def session(chromium, url: str, name: str):
    """A browser session of its own on the Review page, reviewing as ``name``."""
    from playwright.sync_api import expect

    context = chromium.new_context(viewport={"width": 1400, "height": 1100})
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if (route.request.url.split("/")[2].split(":")[0] in LOCAL_HOSTS
                                                           or route.request.url.startswith(("data:", "blob:")))
               else route.abort())
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    page.get_by_role("link", name="Review").click()  # through the navigation, as an analyst does
    page.get_by_label("Your name (kept with every change you make)").fill(name)
    page.get_by_role("button", name="Start reviewing").click()
    expect(page.get_by_text(f"Reviewing as {name}")).to_be_visible()
    return context, page


def settle(page) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stStatusWidget")).to_be_hidden(timeout=TIMEOUT_MS)


def test_a_correction_and_a_stale_save_refused_in_a_second_session(chromium, review_url: str) -> None:
    from playwright.sync_api import expect

    sara_context, sara = session(chromium, review_url, "Sara")
    omar_context, omar = session(chromium, review_url, "Omar")
    try:
        settle(sara)
        settle(omar)
        heading = sara.locator("h3").first.inner_text()
        assert heading == omar.locator("h3").first.inner_text()  # both look at the newest incident
        expect(omar.locator(".gd-review").first).to_contain_text("version 1")
        # Sara corrects the number killed
        sara.get_by_text("Correct", exact=True).click()
        killed = sara.get_by_label("Killed (-1: unknown)")
        killed.fill("3")
        killed.press("Enter")
        settle(sara)
        sara.get_by_role("button", name="Save correction").click()
        expect(sara.get_by_text("corrected: killed 3")).to_be_visible()
        fields = sara.locator("table.gd-fields")
        expect(fields.locator("tr.corrected")).to_contain_text("3")
        expect(sara.locator(".gd-review").first).to_contain_text("version 2")
        # Omar, still on version 1, confirms: refused, with Sara's values
        omar.get_by_role("button", name=re.compile(r"^Confirm")).click()
        expect(omar.get_by_text("Your change was not saved")).to_be_visible()
        conflict = omar.locator(".gd-conflict")
        expect(conflict).to_contain_text("last changed by Sara (correct)")
        expect(conflict.locator("dt", has_text="killed").locator("xpath=following-sibling::dd[1]")).to_have_text("3")
        expect(conflict).to_contain_text("now at version 2")
        # reloaded by that run, Omar's next confirm goes through
        omar.get_by_role("button", name=re.compile(r"^Confirm")).click()
        expect(omar.get_by_text("confirmed by Omar")).to_be_visible()
    finally:
        sara_context.close()
        omar_context.close()


def test_a_click_on_the_map_moves_the_incident(chromium, review_url: str) -> None:
    from playwright.sync_api import expect

    context, page = session(chromium, review_url, "Lina")
    try:
        settle(page)
        page.get_by_text("Correct", exact=True).click()
        settle(page)
        frame = page.frame_locator("iframe[title='streamlit_folium.st_folium']").first
        surface = frame.locator(".leaflet-container")
        expect(surface).to_be_visible()
        expect(frame.locator(".geodata-label-text").first).to_be_attached()  # place names without tiles
        box = surface.bounding_box()
        assert box is not None
        surface.click(position={"x": box["width"] * 0.6, "y": box["height"] * 0.4})
        settle(page)
        latitude = page.get_by_label("Place: latitude")
        expect(latitude).not_to_have_value("35.30000")
        picked = float(latitude.input_value())
        page.get_by_role("button", name="Save correction").click()
        expect(page.get_by_test_id("stAlert").first).to_be_visible()
        alerts = page.get_by_test_id("stAlert").all_inner_texts()
        assert any("corrected: place point" in text and f"(point:{picked:.5f}," in text for text in alerts), alerts
        expect(page.locator("table.gd-fields").locator("tr.corrected").first).to_be_visible()
    finally:
        context.close()
