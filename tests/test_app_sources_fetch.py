"""The Sources page's outlets under AppTest against a local server: the status table before
anything was fetched, "Fetch now" storing the new reports (on the Incidents page at the next
run), a feed that fails named with its reason, and an outlets file that cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from pytest_httpserver import HTTPServer

from tests.fetch_world import REPORTS, Item, article_page, recent, rfc822, rss
from tests.test_app_pages import go, open_page

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("no_internet")]
KEYS = ["drone", "shelling", "raid"]


@pytest.fixture(autouse=True)
def fresh_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.delenv("GEODATA_CORPUS", raising=False)
    monkeypatch.setenv("GEODATA_USER_CORPUS", str(tmp_path / "user_corpus"))
    monkeypatch.setenv("GEODATA_TILES", "none")


def outlets_file(path: Path, server: HTTPServer, feeds: list[str]) -> Path:
    base = f"http://127.0.0.1:{server.port}"
    path.write_text("\n".join([
        "fetch:", "  requests_per_second: 200", "  burst: 10", "  retries: 0", "  backoff: 0.01",
        "  allow_addresses: [127.0.0.0/8]",
        "outlets:", "  - name: Local Outlet", "    id: local",
        f"    feeds: [{', '.join(base + feed for feed in feeds)}]", "    timezone: Asia/Damascus",
    ]) + "\n", encoding="utf-8")
    return path


def serve(server: HTTPServer) -> None:
    base = f"http://127.0.0.1:{server.port}"
    items = [Item(REPORTS[key][0], f"{base}/news/{key}", rfc822(recent(number + 1))) for number, key in enumerate(KEYS)]
    server.expect_request("/feed").respond_with_data(rss(items), content_type="application/rss+xml")
    server.expect_request("/broken.xml").respond_with_data("<rss><<<", content_type="application/rss+xml")
    for key in KEYS:
        title, paragraphs = REPORTS[key]
        server.expect_request(f"/news/{key}").respond_with_data(article_page(title, paragraphs),
                                                                 content_type="text/html; charset=utf-8")


def outlet_table(app):
    return next(frame.value for frame in app.dataframe if "last fetched (UTC)" in frame.value.columns)


def test_fetch_now_stores_the_new_reports_and_names_what_failed(server: HTTPServer, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    serve(server)
    monkeypatch.setenv("GEODATA_OUTLETS", str(outlets_file(tmp_path / "outlets.yaml", server, ["/feed", "/broken.xml"])))
    app = open_page(tmp_path, "incidents.py")
    before = len(app.dataframe[0].value)
    go(app, "sources.py")
    [row] = outlet_table(app).to_dict("records")
    assert (row["outlet"], row["last fetched (UTC)"], row["failed"]) == ("Local Outlet", "never", 0)

    app.button(key="gd_fetch_now").click().run()
    assert not app.exception, [item.value for item in app.exception]
    assert any(item.value.startswith("Fetched: 3 new article(s), 1 failure(s)") for item in app.warning)
    [row] = outlet_table(app).to_dict("records")
    assert row["new in the last round"] == 3 and row["failed"] == 1 and row["last fetched (UTC)"] != "never"
    assert "broken.xml: feed: not a readable RSS or Atom feed" in row["why it failed"]

    go(app, "incidents.py")
    assert len(app.dataframe[0].value) > before  # the fetched reports are on the map and in the table
    go(app, "sources.py")
    app.button(key="gd_fetch_now").click().run()  # a second round stores nothing twice
    assert any(item.value.startswith("Fetched: 0 new article(s)") for item in [*app.warning, *app.success])


def test_an_outlets_file_that_cannot_be_read_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "outlets.yaml"
    bad.write_text("outlets:\n  - name: X\n    feeds: [ftp://example.org/feed]\n", encoding="utf-8")
    monkeypatch.setenv("GEODATA_OUTLETS", str(bad))
    app = open_page(tmp_path, "sources.py")
    assert any("The outlets file cannot be read" in item.value and "outlets.yaml" in item.value for item in app.error)
    assert app.selectbox  # the articles stay readable
