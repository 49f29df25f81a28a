"""The HTTP client of `geodata fetch` against a local server: conditional requests, retries,
redirects, caps, deadlines, robots.txt and the address guard, with hostile answers."""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from geodata.ingest.client import HttpClient
from geodata.ingest.config import parse_networks
from geodata.ingest.errors import BlockedError, HttpStatusError, TooLargeError, TransientError
from tests.fetch_world import fake_resolver, make_client, url_of, world_settings

pytestmark = pytest.mark.usefixtures("no_internet")
MB = 1_000_000


def test_a_plain_get_names_the_project_and_accepts_feeds(server: HTTPServer) -> None:
    server.expect_request("/feed").respond_with_data("<rss/>", content_type="application/rss+xml")
    with make_client() as client:
        response = client.get(url_of(server, "/feed"), kind="feed")
    assert response.status == 200 and response.body == b"<rss/>"
    request = next(request for request, _ in server.log if request.path == "/feed")
    assert request.headers["User-Agent"].startswith("geodata/")
    assert "Deir ez-Zor" in request.headers["User-Agent"]
    assert "application/rss+xml" in request.headers["Accept"]


def test_conditional_request_gets_304(server: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"' or request.headers.get("If-Modified-Since") == "Mon, 01 Jun 2026 10:00:00 GMT":
            return Response(status=304)
        return Response("<rss/>", headers={"ETag": '"v1"', "Last-Modified": "Mon, 01 Jun 2026 10:00:00 GMT"})

    server.expect_request("/feed").respond_with_handler(handler)
    with make_client() as client:
        first = client.get(url_of(server, "/feed"), kind="feed")
        second = client.get(url_of(server, "/feed"), kind="feed", etag=first.headers["etag"])
        third = client.get(url_of(server, "/feed"), kind="feed", last_modified=first.headers["last-modified"])
    assert first.status == 200 and second.status == 304 and third.status == 304
    assert second.body == b""


def test_5xx_is_retried_with_backoff_then_succeeds(server: HTTPServer) -> None:
    answers = iter([Response("busy", status=503), Response("oops", status=502), Response("fine")])
    server.expect_request("/page").respond_with_handler(lambda request: next(answers))
    with make_client() as client:
        response = client.get(url_of(server, "/page"), kind="page")
    assert response.body == b"fine"
    assert sum(1 for request, _ in server.log if request.path == "/page") == 3


def test_5xx_after_every_retry_is_a_transient_failure(server: HTTPServer) -> None:
    server.expect_request("/page").respond_with_data("down", status=500)
    with make_client(retries=2) as client, pytest.raises(HttpStatusError, match=r"HTTP 500 .* after 3 tries") as caught:
        client.get(url_of(server, "/page"), kind="page")
    assert caught.value.permanent is False
    assert sum(1 for request, _ in server.log if request.path == "/page") == 3


def test_429_waits_as_long_as_retry_after_asks_within_the_cap(server: HTTPServer) -> None:
    answers = iter([Response("slow down", status=429, headers={"Retry-After": "3600"}), Response("ok")])
    server.expect_request("/page").respond_with_handler(lambda request: next(answers))
    slept: list[float] = []
    with make_client(backoff_max=0.05) as client:
        client.sleep = slept.append
        assert client.get(url_of(server, "/page"), kind="page").body == b"ok"
    assert slept == [0.05]


def test_404_is_permanent_and_not_retried(server: HTTPServer) -> None:
    with make_client() as client, pytest.raises(HttpStatusError, match="HTTP 404") as caught:
        client.get(url_of(server, "/missing"), kind="page")
    assert caught.value.permanent is True
    assert sum(1 for request, _ in server.log if request.path == "/missing") == 1


def redirect(to: str, status: int = 302) -> Response:
    return Response("", status=status, headers={"Location": to})


def test_redirects_are_followed_and_rechecked(server: HTTPServer) -> None:
    server.expect_request("/a").respond_with_response(redirect("/b", 301))
    server.expect_request("/b").respond_with_response(redirect(url_of(server, "/c", host="other.test"), 308))
    server.expect_request("/c").respond_with_data("here")
    server.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow:\n")
    with make_client() as client:
        response = client.get(url_of(server, "/a"), kind="page")
    assert response.body == b"here"
    assert response.url == url_of(server, "/c", host="other.test")
    assert response.redirects == (url_of(server, "/b"), url_of(server, "/c", host="other.test"))
    robots_hosts = [request.host for request, _ in server.log if request.path == "/robots.txt"]
    assert sorted(host.split(":")[0] for host in robots_hosts) == ["other.test", "outlet.test"]  # robots per site, each hop


def test_a_redirect_loop_stops(server: HTTPServer) -> None:
    server.expect_request("/loop1").respond_with_response(redirect("/loop2"))
    server.expect_request("/loop2").respond_with_response(redirect("/loop1"))
    with make_client() as client, pytest.raises(BlockedError, match="redirect loop"):
        client.get(url_of(server, "/loop1"), kind="page")
    assert len([request for request, _ in server.log if request.path.startswith("/loop")]) == 2


def test_too_many_redirects_stop(server: HTTPServer) -> None:
    for number in range(10):
        server.expect_request(f"/hop{number}").respond_with_response(redirect(f"/hop{number + 1}"))
    with make_client(max_redirects=3) as client, pytest.raises(BlockedError, match="more than 3 redirects"):
        client.get(url_of(server, "/hop0"), kind="page")
    assert len([request for request, _ in server.log if request.path.startswith("/hop")]) == 4


def test_a_redirect_to_file_is_refused(server: HTTPServer) -> None:
    server.expect_request("/evil").respond_with_response(redirect("file:///etc/passwd"))
    with make_client() as client, pytest.raises(BlockedError, match="file: address"):
        client.get(url_of(server, "/evil"), kind="page")


@pytest.mark.parametrize(("target", "kind"), [
    ("http://internal.test:{port}/secret", "internal.test resolves to 127.0.0.2, a loopback address"),
    ("http://v6.test:{port}/secret", "v6.test resolves to ::1, a loopback address"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
    ("http://[::ffff:10.0.0.1]/", "a private address"),
])
def test_a_redirect_to_a_loopback_or_private_address_is_refused(server: HTTPServer, no_internet: list[str], target: str, kind: str) -> None:
    """Only the tests' server (127.0.0.1) is allowed; where it redirects is not."""
    server.expect_request("/jump").respond_with_response(redirect(target.format(port=server.port)))
    with make_client(allow_addresses=parse_networks(["127.0.0.1/32"])) as client, pytest.raises(BlockedError, match="refused: ") as caught:
        client.get(url_of(server, "/jump"), kind="page")
    assert kind in caught.value.reason
    assert "allow a network with --allow-address" in caught.value.reason
    assert not [request for request, _ in server.log if request.path == "/secret"]
    assert no_internet == []


def test_the_loopback_server_itself_is_refused_without_the_allowance(server: HTTPServer) -> None:
    server.expect_request("/page").respond_with_data("hello")
    with make_client(allow_addresses=()) as client, pytest.raises(BlockedError, match=r"127\.0\.0\.1 is a loopback address"):
        client.get(f"http://127.0.0.1:{server.port}/page", kind="page")
    assert server.log == []


def test_a_huge_declared_page_is_refused_unread(server: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        return Response(iter([b"x" * 65536] * 800), headers={"Content-Length": str(50 * MB)}, direct_passthrough=True)

    server.expect_request("/huge").respond_with_handler(handler)
    with make_client() as client, pytest.raises(TooLargeError, match="declares 50,000,000 bytes"):
        client.get(url_of(server, "/huge"), kind="page")


def bounded(chunk: bytes, count: int, pause: float = 0.0) -> Iterator[bytes]:
    """The body of a hostile answer, which ends by itself after ``count`` chunks."""
    for _ in range(count):
        if pause:
            time.sleep(pause)
        yield chunk


def test_a_50_mb_page_without_length_is_cut_at_the_cap(server: HTTPServer) -> None:
    sent = []

    def handler(request: Request) -> Response:
        def body() -> Iterator[bytes]:
            for chunk in bounded(b"<p>" + b"x" * 65533, 50 * MB // 65536 + 1):
                sent.append(len(chunk))
                yield chunk
        return Response(body(), content_type="text/html")

    server.expect_request("/stream").respond_with_handler(handler)
    with make_client(max_page_bytes=MB) as client, pytest.raises(TooLargeError, match="more than the cap of 1,000,000 bytes"):
        client.get(url_of(server, "/stream"), kind="page")
    assert sum(sent) < 10 * MB  # the client stopped reading long before 50 MB


def test_a_gzip_bomb_is_cut_at_the_cap_after_decompression(server: HTTPServer) -> None:
    bomb = gzip.compress(b"\0" * (20 * MB))
    server.expect_request("/bomb").respond_with_data(bomb, headers={"Content-Encoding": "gzip"}, content_type="text/html")
    with make_client(max_page_bytes=MB) as client, pytest.raises(TooLargeError):
        client.get(url_of(server, "/bomb"), kind="page")


@pytest.mark.slow
def test_a_page_that_never_ends_stops_at_the_deadline(server: HTTPServer) -> None:
    server.expect_request("/trickle").respond_with_handler(
        lambda request: Response(bounded(b"<p>a</p>", 200, pause=0.05), content_type="text/html"))
    started = time.monotonic()
    with make_client(response_deadline=1.0, retries=0) as client, pytest.raises(TransientError, match="did not finish within 1 s"):
        client.get(url_of(server, "/trickle"), kind="page")
    assert time.monotonic() - started >= 1.0


def test_robots_disallow_stops_the_request(server: HTTPServer) -> None:
    server.expect_request("/robots.txt").respond_with_data("User-agent: geodata\nDisallow: /private/\n")
    server.expect_request("/private/page").respond_with_data("secret")
    with make_client() as client, pytest.raises(BlockedError, match="disallows /private/page"):
        client.get(url_of(server, "/private/page"), kind="page")
    assert not [request for request, _ in server.log if request.path == "/private/page"]


def test_robots_that_cannot_be_read_stop_the_site_this_round(server: HTTPServer) -> None:
    server.expect_request("/robots.txt").respond_with_data("down", status=503)
    with make_client(retries=0) as client, pytest.raises(BlockedError, match="could not be read") as caught:
        client.get(url_of(server, "/page"), kind="page")
    assert caught.value.permanent is False


def test_every_request_to_a_host_waits_for_the_rate_limit(server: HTTPServer) -> None:
    """On a clock that moves only when the client sleeps: robots.txt and four pages, 0.1 s apart."""
    server.expect_request("/tick").respond_with_data("ok")
    clock = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += seconds

    client = HttpClient(world_settings(requests_per_second=10.0, burst=1), resolver=fake_resolver, clock=lambda: clock[0], sleep=sleep)
    with client:
        for _ in range(4):
            client.get(url_of(server, "/tick"), kind="page")
        client.get(url_of(server, "/tick", host="other.test"), kind="page")
    # four waits on outlet.test; other.test's robots.txt goes at once, its page 0.1 s later
    assert slept == pytest.approx([0.1] * 5)
    assert [request.path for request, _ in server.log].count("/tick") == 5


def test_a_site_that_does_not_answer_is_a_transient_failure(server: HTTPServer) -> None:
    with make_client(retries=1) as client, pytest.raises(BlockedError, match=r"could not be read .*network error") as caught:
        client.get("http://closed.test:9/", kind="page")  # nothing listens on port 9
    assert caught.value.permanent is False
