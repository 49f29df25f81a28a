"""`geodata fetch` into the store (its default): new articles are extracted and merged at once,
the fetch state lives in the store, a second round stores nothing twice, and a feed that grows
brings each new item once."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from geodata.cli import main
from geodata.ingest.protocols import FeedRecord, FetchedArticle, Issue, OutletRound, UrlRecord
from geodata.ingest.store_backend import StoreFetch, record_to_json, round_from_json
from geodata.store import open_store
from geodata.store.corpus import article_count
from geodata.store.query import incident_table
from tests.fetch_world import REPORTS, Item, article_page, recent, rfc822, rss
from tests.test_fetch_cli import KEYS, base_of, serve_reports, write_outlets

pytestmark = pytest.mark.usefixtures("no_internet")


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["fetch", *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def feed_of(server: HTTPServer, keys: list[str]) -> str:
    base = base_of(server)
    return rss([Item(REPORTS[key][0], f"{base}/news/{key}", rfc822(recent(number + 1))) for number, key in enumerate(keys)])


def test_a_round_goes_into_the_store_with_its_incidents(server: HTTPServer, tmp_path: Path) -> None:
    server.expect_request("/feed").respond_with_data(feed_of(server, KEYS[:3]), content_type="application/rss+xml")
    serve_reports(server)
    outlets = write_outlets(tmp_path / "outlets.yaml", server, ["/feed"])
    common = ["--outlets", str(outlets), "--allow-address", "127.0.0.0/8"]
    code, _, err = run(*common)
    assert code == 0, err
    assert "3 new" in err and "store: 3 articles added" in err
    store = open_store()
    try:
        assert article_count(store) == 3
        frame = incident_table(store)
        assert len(frame) >= 3 and set(frame["outlets"].explode()) == {"Local Outlet"}
    finally:
        store.dispose()
    code, out, _ = run(*common, "--status")
    [status] = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and status["new_last_round"] == 3


def test_a_second_round_and_a_growing_feed_store_each_item_once(server: HTTPServer, tmp_path: Path) -> None:
    feed = {"keys": KEYS[:2]}
    server.expect_request("/feed").respond_with_handler(
        lambda request: Response(feed_of(server, feed["keys"]), content_type="application/rss+xml"))
    serve_reports(server)
    outlets = write_outlets(tmp_path / "outlets.yaml", server, ["/feed"])
    common = ["--outlets", str(outlets), "--allow-address", "127.0.0.0/8"]
    assert run(*common)[0] == 0
    pages_after_first = sum(1 for request, _ in server.log if request.path.startswith("/news/"))
    assert run(*common)[0] == 0  # nothing new: no page fetched again
    assert sum(1 for request, _ in server.log if request.path.startswith("/news/")) == pages_after_first
    feed["keys"] = KEYS[:4]
    code, _, err = run(*common)
    assert code == 0 and "2 new" in err
    store = open_store()
    try:
        assert article_count(store) == 4
    finally:
        store.dispose()


def test_one_page_reached_twice_is_one_article(server: HTTPServer, tmp_path: Path) -> None:
    base = base_of(server)
    title, paragraphs = REPORTS["drone"]
    page = article_page(title, paragraphs, canonical=f"{base}/news/drone")
    server.expect_request("/news/drone").respond_with_data(page, content_type="text/html; charset=utf-8")
    server.expect_request("/amp/drone").respond_with_data(page, content_type="text/html; charset=utf-8")
    server.expect_request("/feed").respond_with_data(rss([
        Item(title, f"{base}/news/drone", rfc822(recent(1))), Item(title, f"{base}/amp/drone", rfc822(recent(2)))]),
        content_type="application/rss+xml")
    outlets = write_outlets(tmp_path / "outlets.yaml", server, ["/feed"])
    assert run("--outlets", str(outlets), "--allow-address", "127.0.0.0/8")[0] == 0
    store = open_store()
    try:
        assert article_count(store) == 1
    finally:
        store.dispose()


def test_the_state_round_trips_through_the_store() -> None:
    import datetime as dt

    when = dt.datetime(2026, 12, 1, 8, 30, tzinfo=dt.timezone.utc)
    store = open_store()
    try:
        state = StoreFetch(store)
        feed = FeedRecord("Outlet", "http://o.test/feed", when, "ok", etag='"abc"', last_modified="Tue, 01 Dec 2026", complete=True, entries=4)
        url = UrlRecord("http://o.test/a", "Outlet", "failed", "HTTP 500", when, attempts=2)
        report = OutletRound("Outlet", when, when, feeds_read=1, new=("a-1",), failed=(Issue("http://o.test/a", "HTTP 500"),))
        state.save_feed(feed)
        state.save_url(url)
        state.save_round(report)
        assert state.feed("Outlet", "http://o.test/feed") == feed  # before the commit, from memory
        state.commit()
        again = StoreFetch(store)
        assert again.feed("Outlet", "http://o.test/feed") == feed
        assert again.url("http://o.test/a") == url
        assert again.rounds("Outlet") == [report] and again.feeds() == [feed]
        assert round_from_json(record_to_json(report)) == report
    finally:
        store.dispose()


def test_the_sink_knows_stored_urls_and_texts(tmp_path: Path) -> None:
    import datetime as dt

    from geodata.corpus.articles import Article

    store = open_store()
    try:
        sink = StoreFetch(store)
        article = Article(id="local-2026-12-01-abc", outlet="Local Outlet", text=" ".join(REPORTS["raid"][1]),
                          published=dt.date(2026, 12, 1))
        item = FetchedArticle(article, "http://o.test/raid", "hash-of-text", dt.datetime.now(dt.timezone.utc), "http://o.test/raid")
        assert sink.add(item) == article.id
        assert sink.add(item) is None  # the same again, before the commit
        sink.save_url(UrlRecord("http://o.test/raid", "Local Outlet", "stored", "new", item.fetched_at, article_id=article.id))
        sink.commit()
        later = StoreFetch(store)
        assert later.stored_id(canonical_url="http://o.test/raid") == article.id
        assert later.stored_id(content_hash="hash-of-text") == article.id
        assert later.stored_id(canonical_url="http://o.test/other", content_hash="other") is None
        assert article_count(store) == 1
    finally:
        store.dispose()
