"""Rounds of `geodata fetch` against a local server serving outlets' feeds and pages: what is
stored, what is skipped or failed and why, one article however it is reached, conditional
requests, bounds, and the state kept for the next round."""

from __future__ import annotations

import datetime as dt
import re
import stat
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from geodata.corpus.articles import load_corpus
from geodata.errors import DataFileError
from geodata.ingest.corpus_sink import CorpusFolderSink
from geodata.ingest.json_state import JsonFetchState
from geodata.ingest.memory import MemoryFetchState, MemorySink
from geodata.ingest.protocols import ArticleSink, FetchState
from geodata.ingest.run import RoundReport, fetch_all, fetch_urls
from geodata.ingest.status import outlet_statuses
from tests.fetch_world import (
    ENGLISH,
    REPORTS,
    Item,
    article_page,
    atom,
    make_client,
    outlet,
    recent,
    report_text,
    rfc822,
    rss,
    url_of,
    world_settings,
)

pytestmark = pytest.mark.usefixtures("no_internet")


def serve_page(server: HTTPServer, path: str, key: str, **options: object) -> None:
    title, paragraphs = ENGLISH if key == "english" else REPORTS[key]
    lang = "en" if key == "english" else "ar"
    page = article_page(title, paragraphs, lang=lang, **options)  # type: ignore[arg-type]
    server.expect_request(path).respond_with_data(page, content_type="text/html; charset=utf-8")


def one_outlet_site(server: HTTPServer) -> dict[str, str]:
    """An outlet with an RSS and an Atom feed whose entries are the usual mix."""
    base = url_of(server, "")
    late = recent(30).replace(hour=22, minute=30)  # 22:30 GMT: the next day in Damascus
    items = [
        Item("مسيرة تستهدف سيارة", f"{base}/news/drone?utm_source=rss&utm_medium=feed", rfc822(late),
             '<p>استهدفت <a href="/tag/x">طائرة</a> مسيرة سيارة <img src="/i.jpg"> قرب الميادين</p><script>alert(1)</script>'),
        Item("قصف مدفعي", f"{base}/news/shelling", rfc822(recent(5)), "<p>قصف على أطراف الطيانة</p>"),
        Item("Market prices", f"{base}/news/prices", rfc822(recent(6)), "<p>Prices rose</p>"),
        Item("وسم دير الزور", f"{base}/tag/deir", rfc822(recent(7)), ""),
        Item("حملة دهم", f"{base}/?p=42", rfc822(recent(8)), "<p>دهم</p>"),
    ]
    server.expect_request("/feed").respond_with_data(rss(items), content_type="application/rss+xml; charset=utf-8")
    entries = [
        Item("حملة دهم في الشحيل", f"{base}/news/raid#comments", recent(8).isoformat(), "دهم"),
        Item("انفجار عبوة", f"{base}/news/ied", recent(9).isoformat(), "عبوة"),
    ]
    server.expect_request("/atom.xml").respond_with_data(atom(entries), content_type="application/atom+xml")
    serve_page(server, "/news/drone", "drone", canonical=f"{base}/news/drone")
    serve_page(server, "/news/shelling", "shelling", og_url=f"{base}/news/shelling")
    serve_page(server, "/news/prices", "english")
    server.expect_request("/tag/deir").respond_with_data(article_page("وسم", []), content_type="text/html")
    server.expect_request("/", query_string="p=42").respond_with_response(Response("", status=301, headers={"Location": "/news/raid"}))
    serve_page(server, "/news/raid", "raid", canonical=f"{base}/news/raid")
    title, paragraphs = REPORTS["ied"]
    wrong = article_page(title, paragraphs, charset="utf-8").encode("cp1256")  # declared UTF-8, sent as windows-1256
    server.expect_request("/news/ied").respond_with_data(wrong, content_type="text/html; charset=utf-8")
    return {"feed": f"{base}/feed", "atom": f"{base}/atom.xml"}


def run_round(server: HTTPServer, outlets: list, sink: ArticleSink | None = None, state: FetchState | None = None,
               **settings: object) -> tuple[RoundReport, ArticleSink, FetchState]:
    sink = sink if sink is not None else MemorySink()
    state = state if state is not None else MemoryFetchState()
    chosen = world_settings(**settings)
    with make_client(chosen) as client:
        report = fetch_all(outlets, sink=sink, state=state, settings=chosen, client=client)
    return report, sink, state


def page_requests(server: HTTPServer) -> list[str]:
    return [request.full_path.rstrip("?") for request, _ in server.log
            if request.path not in ("/feed", "/robots.txt") and not request.path.endswith(".xml")]


def test_a_round_keeps_the_arabic_reports_once_and_says_why_others_were_left(server: HTTPServer) -> None:
    feeds = one_outlet_site(server)
    report, sink, _ = run_round(server, [outlet("Outlet One", [feeds["feed"], feeds["atom"]])])
    assert isinstance(sink, MemorySink)
    stored = {item.canonical_url.rsplit("/", 1)[-1]: item for item in sink.articles.values()}
    assert sorted(stored) == ["drone", "ied", "raid", "shelling"]
    [mine] = report.outlets
    assert mine.feeds_read == 2 and mine.entries_seen == 7 and len(mine.new) == 4
    reasons = {issue.url.rsplit("/", 1)[-1]: issue.reason for issue in mine.skipped}
    assert reasons["prices"].startswith("not Arabic: 0% of its letters are Arabic")
    assert reasons["deir"].startswith("too little text")
    assert mine.failed == ()
    # the shortlink redirected to the raid page, and the Atom entry's link (with a fragment) was the same page
    assert page_requests(server).count("/news/raid") == 1
    assert mine.duplicates == 1  # the Atom entry: known by then, not fetched again


def test_stored_articles_carry_main_text_only_and_their_identity(server: HTTPServer) -> None:
    feeds = one_outlet_site(server)
    _, sink, _ = run_round(server, [outlet("Outlet One", [feeds["feed"], feeds["atom"]])])
    assert isinstance(sink, MemorySink)
    drone = next(item for item in sink.articles.values() if item.canonical_url.endswith("/news/drone"))
    text = drone.article.text
    assert text == report_text("drone")
    for noise in ("الرئيسية", "شارك الخبر", "فيسبوك", "أخبار ذات صلة", "سوق شعبي", "جميع الحقوق", "SCRIPT", "fetch("):
        assert noise not in text
    assert drone.canonical_url == url_of(server, "/news/drone")  # utm_* stripped
    assert drone.source_url == url_of(server, "/news/drone")
    assert drone.article.url == drone.canonical_url
    assert drone.article.title == "مسيرة تستهدف سيارة"
    assert drone.article.outlet == "Outlet One" and drone.article.language == "ar"
    assert re.fullmatch(r"outlet-one-\d{4}-\d{2}-\d{2}-[0-9a-f]{10}", drone.article.id)
    assert drone.text_from == "page" and drone.feed_url.endswith("/feed")
    assert not [request for request, _ in server.log if request.path == "/tracker"]  # nothing of the page ran


def test_the_published_date_is_the_outlets_local_date(server: HTTPServer) -> None:
    feeds = one_outlet_site(server)
    _, sink, _ = run_round(server, [outlet("Outlet One", [feeds["feed"]])])
    assert isinstance(sink, MemorySink)
    drone = next(item for item in sink.articles.values() if item.canonical_url.endswith("/news/drone"))
    assert drone.published_at is not None and drone.published_at.utcoffset() == dt.timedelta(hours=3)
    utc_day = drone.published_at.astimezone(dt.timezone.utc).date()
    assert drone.article.published == utc_day + dt.timedelta(days=1)  # 22:30 GMT is 01:30 the next day in Damascus
    assert drone.article.published_inferred is False


def test_a_page_with_a_wrong_declared_encoding_is_read_right(server: HTTPServer) -> None:
    feeds = one_outlet_site(server)
    _, sink, _ = run_round(server, [outlet("Outlet One", [feeds["atom"]])])
    assert isinstance(sink, MemorySink)
    ied = next(item for item in sink.articles.values() if item.canonical_url.endswith("/news/ied"))
    assert ied.article.text == report_text("ied")


def test_a_feed_with_a_wrong_declared_encoding_keeps_its_arabic_titles(server: HTTPServer) -> None:
    base = url_of(server, "")
    body = rss([Item("قصف مدفعي على الطيانة", f"{base}/news/shelling", rfc822(recent(2)))], encoding="iso-8859-1").encode("utf-8")
    server.expect_request("/feed").respond_with_data(body, content_type="text/xml; charset=iso-8859-1")
    serve_page(server, "/news/shelling", "shelling")
    _, sink, _ = run_round(server, [outlet("Outlet One", [f"{base}/feed"])])
    assert isinstance(sink, MemorySink)
    [item] = sink.articles.values()
    assert item.article.title == "قصف مدفعي على الطيانة"


def test_bad_feeds_are_reported_and_the_good_ones_kept(server: HTTPServer) -> None:
    base = url_of(server, "", host="two.test")
    server.expect_request("/bad.xml").respond_with_data(b"<rss><channel><item><title>x</title><<<>>>&&& broken", content_type="application/rss+xml")
    server.expect_request("/page.html").respond_with_data("<html><body><p>not a feed</p></body></html>", content_type="text/html")
    server.expect_request("/down.xml").respond_with_data("down", status=503)
    server.expect_request("/good.xml").respond_with_data(
        rss([Item("اشتباكات في ذيبان", f"{base}/news/clash", rfc822(recent(3)))]), content_type="application/rss+xml")
    serve_page(server, "/news/clash", "clash")
    feeds = one_outlet_site(server)
    outlets = [
        outlet("Outlet Two", [f"{base}/bad.xml", f"{base}/page.html", f"{base}/down.xml", "http://nowhere.test:9/feed", f"{base}/good.xml"]),
        outlet("Outlet One", [feeds["feed"]]),
    ]
    report, _, state = run_round(server, outlets)
    two, one = report.outlets
    assert len(two.new) == 1 and len(one.new) == 3
    failures = {issue.url.rsplit("/", 1)[-1]: issue.reason for issue in two.failed}
    assert "not a readable RSS or Atom feed (application/rss+xml)" in failures["bad.xml"]
    assert "not a readable RSS or Atom feed (text/html)" in failures["page.html"]
    assert "HTTP 503" in failures["down.xml"] and "after 3 tries" in failures["down.xml"]
    assert "could not be read" in failures["feed"]
    record = state.feed("Outlet Two", f"{base}/bad.xml")
    assert record is not None and record.status == "failed" and record.error


def test_the_same_article_through_the_feed_and_through_a_link_is_stored_once(server: HTTPServer) -> None:
    feeds = one_outlet_site(server)
    one = outlet("Outlet One", [feeds["feed"]])
    sink, state = MemorySink(), MemoryFetchState()
    run_round(server, [one], sink, state)
    count = len(sink.articles)
    server.clear_log()
    with make_client() as client:
        report = fetch_urls([url_of(server, "/news/drone#top"), url_of(server, "/news/drone?utm_campaign=x")], one,
                            sink=sink, state=state, settings=world_settings(), client=client)
    assert len(sink.articles) == count
    assert report.new == 0 and report.outlets[0].duplicates == 1
    assert page_requests(server) == []  # known by its canonical address: not even fetched


def test_a_copy_under_another_address_is_caught_by_its_content_hash(server: HTTPServer) -> None:
    base = url_of(server, "")
    serve_page(server, "/news/shelling", "shelling")
    serve_page(server, "/mirror/2026/shelling-copy", "shelling")
    server.expect_request("/feed").respond_with_data(rss([
        Item("قصف", f"{base}/news/shelling", rfc822(recent(2))),
        Item("قصف (نسخة)", f"{base}/mirror/2026/shelling-copy", rfc822(recent(3))),
    ]), content_type="application/rss+xml")
    report, sink, state = run_round(server, [outlet("Outlet One", [f"{base}/feed"])])
    assert isinstance(sink, MemorySink)
    assert len(sink.articles) == 1 and report.outlets[0].duplicates == 1
    record = state.url(url_of(server, "/mirror/2026/shelling-copy"))
    assert record is not None and record.outcome == "duplicate" and record.article_id in sink.articles


def conditional_feed(server: HTTPServer, body: str) -> None:
    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"tag-1"':
            return Response(status=304)
        return Response(body, content_type="application/rss+xml", headers={"ETag": '"tag-1"'})
    server.expect_request("/feed").respond_with_handler(handler)


def test_a_second_round_asks_conditionally_and_fetches_nothing_again(server: HTTPServer) -> None:
    base = url_of(server, "")
    conditional_feed(server, rss([Item("قصف", f"{base}/news/shelling", rfc822(recent(2))),
                                  Item("Prices", f"{base}/news/prices", rfc822(recent(3)))]))
    serve_page(server, "/news/shelling", "shelling")
    serve_page(server, "/news/prices", "english")
    one = outlet("Outlet One", [f"{base}/feed"])
    sink, state = MemorySink(), MemoryFetchState()
    first, _, _ = run_round(server, [one], sink, state)
    record = state.feed("Outlet One", f"{base}/feed")
    assert record is not None and record.complete and record.etag == '"tag-1"'
    server.clear_log()
    second, _, _ = run_round(server, [one], sink, state)
    assert first.new == 1 and second.new == 0
    assert second.outlets[0].feeds_not_modified == 1
    assert page_requests(server) == []
    assert [request.headers.get("If-None-Match") for request, _ in server.log if request.path == "/feed"] == ['"tag-1"']
    record = state.feed("Outlet One", f"{base}/feed")
    assert record is not None and record.status == "not_modified"


def test_a_page_that_fails_for_now_is_tried_again_without_a_304_hiding_it(server: HTTPServer) -> None:
    base = url_of(server, "")
    conditional_feed(server, rss([Item("قصف", f"{base}/news/shelling", rfc822(recent(2)))]))
    server.expect_oneshot_request("/news/shelling").respond_with_data("busy", status=503)
    server.expect_oneshot_request("/news/shelling").respond_with_data("busy", status=503)
    server.expect_oneshot_request("/news/shelling").respond_with_data("busy", status=503)
    one = outlet("Outlet One", [f"{base}/feed"])
    sink, state = MemorySink(), MemoryFetchState()
    first, _, _ = run_round(server, [one], sink, state)
    assert first.failures == 1 and "tried again next round" in first.outlets[0].failed[0].reason
    record = state.feed("Outlet One", f"{base}/feed")
    assert record is not None and not record.complete
    serve_page(server, "/news/shelling", "shelling")
    second, _, _ = run_round(server, [one], sink, state)
    assert second.new == 1
    url_record = state.url(url_of(server, "/news/shelling"))
    assert url_record is not None and url_record.outcome == "stored"


def test_a_page_robots_forbid_is_taken_from_the_feed_when_the_feed_carries_it(server: HTTPServer) -> None:
    base = url_of(server, "")
    server.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /news/\n")
    full = "".join(f"<p>{paragraph}</p>" for paragraph in REPORTS["rockets"][1])
    server.expect_request("/feed").respond_with_data(rss([
        Item("صواريخ قرب حقل العمر", f"{base}/news/rockets", rfc822(recent(2)), "<p>مقتطف</p>", content=full),
        Item("قصف", f"{base}/news/shelling", rfc822(recent(3)), "<p>مقتطف قصير</p>"),
    ]), content_type="application/rss+xml")
    report, sink, _ = run_round(server, [outlet("Outlet One", [f"{base}/feed"])])
    assert isinstance(sink, MemorySink)
    [item] = sink.articles.values()
    assert item.text_from == "feed" and item.article.text == " ".join(REPORTS["rockets"][1])
    [failure] = report.outlets[0].failed
    assert "robots.txt of" in failure.reason and "disallows /news/shelling" in failure.reason
    assert page_requests(server) == []


def test_since_and_max_age_leave_old_entries_unfetched(server: HTTPServer) -> None:
    base = url_of(server, "")
    server.expect_request("/feed").respond_with_data(rss([
        Item("قصف", f"{base}/news/shelling", rfc822(recent(2))),
        Item("قديم", f"{base}/news/raid", rfc822(recent(24 * 40))),
    ]), content_type="application/rss+xml")
    serve_page(server, "/news/shelling", "shelling")
    serve_page(server, "/news/raid", "raid")
    report, _, _ = run_round(server, [outlet("Outlet One", [f"{base}/feed"])])
    assert report.new == 1 and "/news/raid" not in page_requests(server)
    assert any("published before" in note for note in report.outlets[0].notes)
    server.clear_log()
    chosen = world_settings()
    with make_client(chosen) as client:
        later = fetch_all([outlet("Outlet One", [f"{base}/feed"])], sink=MemorySink(), state=MemoryFetchState(), settings=chosen,
                          client=client, since=dt.date.today() + dt.timedelta(days=2))
    assert later.new == 0 and page_requests(server) == []


def test_progress_reports_every_step_and_stop_ends_the_round(server: HTTPServer) -> None:
    feeds = one_outlet_site(server)
    seen: list[tuple[int, int, str]] = []
    chosen = world_settings()
    with make_client(chosen) as client:
        report = fetch_all([outlet("Outlet One", [feeds["feed"], feeds["atom"]])], sink=MemorySink(), state=MemoryFetchState(),
                           settings=chosen, client=client, progress=lambda done, total, message: seen.append((done, total, message)))
    assert [done for done, _, _ in seen] == list(range(1, len(seen) + 1))
    assert seen[-1][0] == seen[-1][1] == 2 + 7  # two feeds, seven entries to look at
    assert report.stopped_early is None
    calls = iter(range(100))
    with make_client(chosen) as client:
        stopped = fetch_all([outlet("Outlet One", [feeds["feed"], feeds["atom"]])], sink=MemorySink(), state=MemoryFetchState(),
                            settings=chosen, client=client, should_stop=lambda: next(calls) >= 3)
    assert stopped.stopped_early == "stopped on request"
    assert stopped.new < 4


def test_the_page_limit_bounds_a_round(server: HTTPServer) -> None:
    feeds = one_outlet_site(server)
    report, _, state = run_round(server, [outlet("Outlet One", [feeds["feed"]])], max_pages_per_round=2)
    assert report.stopped_early == "page limit of 2 reached"
    assert len(page_requests(server)) <= 3  # two pages, one of them redirected at most once
    record = state.feed("Outlet One", feeds["feed"])
    assert record is not None and not record.complete  # read again next round


@pytest.mark.slow
def test_a_feed_of_10000_items_is_read_newest_first_within_the_bounds(server: HTTPServer) -> None:
    base = url_of(server, "")
    start = recent(1)
    items = [Item(f"خبر رقم {number}", f"{base}/bulk/{number}", rfc822(start - dt.timedelta(minutes=number))) for number in range(10_000)]
    server.expect_request("/big.xml").respond_with_data(rss(items), content_type="application/rss+xml")
    server.expect_request(re.compile(r"/bulk/\d+")).respond_with_data(article_page("قصير", ["نص قصير جدا"]), content_type="text/html")
    report, _, state = run_round(server, [outlet("Outlet One", [f"{base}/big.xml"])], max_entries_per_feed=20, max_feed_bytes=5_000_000)
    [mine] = report.outlets
    assert mine.entries_seen == 10_000
    fetched = page_requests(server)
    assert sorted(fetched) == sorted(f"/bulk/{number}" for number in range(20))  # the newest twenty
    assert any("the newest 20 read this round" in note for note in mine.notes)
    record = state.feed("Outlet One", f"{base}/big.xml")
    assert record is not None and not record.complete


# -- the file-backed sink and state, and a restart


def test_a_restart_on_the_corpus_folder_and_state_file_fetches_nothing_again(server: HTTPServer, tmp_path: Path) -> None:
    feeds = one_outlet_site(server)
    folder, state_file = tmp_path / "corpus", tmp_path / "state" / "fetch_state.json"
    one = outlet("Outlet One", [feeds["feed"], feeds["atom"]])
    first, _, _ = run_round(server, [one], CorpusFolderSink(folder), JsonFetchState(state_file))
    assert first.new == 4
    corpus = load_corpus([folder])
    assert corpus.problems == [] and len(corpus.articles) == 4
    assert {article.url for article in corpus.articles} == {url_of(server, f"/news/{name}") for name in ("drone", "shelling", "raid", "ied")}
    assert stat.S_IMODE(state_file.stat().st_mode) == 0o600
    server.clear_log()
    second, _, state = run_round(server, [one], CorpusFolderSink(folder), JsonFetchState(state_file))
    assert second.new == 0 and page_requests(server) == []
    assert len(load_corpus([folder]).articles) == 4
    assert len(state.rounds("Outlet One")) == 2


def test_the_corpus_sink_knows_hand_added_articles(tmp_path: Path, server: HTTPServer) -> None:
    base = url_of(server, "")
    (tmp_path / "mine.md").write_text(
        f'---\nid: hand-added\noutlet: Someone\nurl: "{base}/news/other?utm_source=x"\npublished: 2026-01-01\n---\n{report_text("clash")}\n',
        encoding="utf-8")
    server.expect_request("/feed").respond_with_data(rss([
        Item("اشتباكات", f"{base}/news/clash", rfc822(recent(2))), Item("عنوان", f"{base}/news/other", rfc822(recent(2)))]),
        content_type="application/rss+xml")
    serve_page(server, "/news/clash", "clash")
    report, _, _ = run_round(server, [outlet("Outlet One", [f"{base}/feed"])], CorpusFolderSink(tmp_path))
    assert report.new == 0 and report.outlets[0].duplicates == 1  # same text as the hand-added report
    assert "/news/other" not in page_requests(server)  # its address is stored


def test_json_state_round_trips_and_refuses_a_broken_file(tmp_path: Path, server: HTTPServer) -> None:
    feeds = one_outlet_site(server)
    path = tmp_path / "state.json"
    run_round(server, [outlet("Outlet One", [feeds["feed"]])], MemorySink(), JsonFetchState(path))
    again = JsonFetchState(path)
    [report] = again.rounds("Outlet One")
    assert len(report.new) == 3 and report.skipped and isinstance(report.skipped[0].reason, str)
    assert again.feed("Outlet One", feeds["feed"]) is not None
    path.write_text('{"version": 1, "feeds": [', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"not valid JSON .* move the file away"):
        JsonFetchState(path)
    path.write_text('{"version": 99}', encoding="utf-8")
    with pytest.raises(DataFileError, match="newer than this geodata reads"):
        JsonFetchState(path)


def test_outlet_statuses_for_the_sources_page(server: HTTPServer) -> None:
    feeds = one_outlet_site(server)
    good = outlet("Outlet One", [feeds["feed"]])
    bad = outlet("Outlet Two", [url_of(server, "/missing.xml", host="two.test")])
    never = outlet("Outlet Three", ["http://three.test/feed"])
    _, _, state = run_round(server, [good, bad])
    one, two, three = outlet_statuses(state, [good, bad, never])
    assert one.ok and one.new_last_round == 3 and one.last_fetched_at is not None
    assert len(one.skipped) == 2 and one.failures == ()
    assert not two.ok and "HTTP 404" in two.failures[0].reason
    assert two.feeds[0] is not None and two.feeds[0].status == "failed"
    assert three.last_round is None and three.feeds == (None,) and three.last_fetched_at is None
    assert one.as_dict()["outlet"] == "Outlet One"


def test_memory_and_file_implementations_satisfy_the_protocols(tmp_path: Path) -> None:
    assert isinstance(MemorySink(), ArticleSink) and isinstance(CorpusFolderSink(tmp_path), ArticleSink)
    assert isinstance(MemoryFetchState(), FetchState) and isinstance(JsonFetchState(tmp_path / "s.json"), FetchState)
