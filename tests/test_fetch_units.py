"""`geodata fetch`, the parts without a network: identity of articles, dates, the outlets file,
intervals, the rate limiter on a fake clock, the address policy and the robots cache."""

from __future__ import annotations

import datetime as dt
import ipaddress
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from geodata.errors import DataFileError
from geodata.ingest.addresses import AddressPolicy, GuardedBackend
from geodata.ingest.client import check_url, next_hop
from geodata.ingest.config import load_outlets, parse_networks
from geodata.ingest.errors import BlockedError, HttpStatusError, TransientError
from geodata.ingest.identity import arabic_share, article_id, canonical_url, content_hash, same_site
from geodata.ingest.published import local_date, parse_time
from geodata.ingest.ratelimit import HostRateLimiter
from geodata.ingest.robots import RobotsAnswer, RobotsCache
from geodata.ingest.schedule import parse_interval

pytestmark = pytest.mark.usefixtures("no_internet")
DAMASCUS = ZoneInfo("Asia/Damascus")


@pytest.mark.parametrize(("given", "expected"), [
    ("https://www.Example.org/news/1?utm_source=rss&utm_medium=feed", "https://www.example.org/news/1"),
    ("https://example.org/news/1#comments", "https://example.org/news/1"),
    ("https://example.org:443/news/1?p=5&fbclid=abc", "https://example.org/news/1?p=5"),
    ("http://example.org:80", "http://example.org/"),
    ("http://example.org:8080/a?b=1&gclid=x&c=2", "http://example.org:8080/a?b=1&c=2"),
    ("https://example.org/%d8%a3%d8%ae%d8%a8%d8%a7%d8%b1/", "https://example.org/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/"),
    ("https://example.org/أخبار/", "https://example.org/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/"),
    ("HTTPS://EXAMPLE.ORG./x?", "https://example.org/x"),
])
def test_canonical_url(given: str, expected: str) -> None:
    assert canonical_url(given) == expected


@pytest.mark.parametrize("bad", ["file:///etc/passwd", "javascript:alert(1)", "/news/1", "ftp://example.org/x", "https:///x"])
def test_canonical_url_refuses_what_is_not_http(bad: str) -> None:
    with pytest.raises(ValueError, match="not an absolute http"):
        canonical_url(bad)


def test_same_site_across_www_and_subdomains() -> None:
    assert same_site("https://www.sy-24.com/a", "https://sy-24.com/b")
    assert same_site("https://m.example.org/a", "https://www.example.org/b")
    assert not same_site("https://example.org/a", "https://other.org/a")


def test_content_hash_ignores_spacing_but_not_words() -> None:
    text = "قصف مدفعي على\nأطراف البلدة"
    assert content_hash(text) == content_hash("  قصف  مدفعي على أطراف   البلدة \n")
    assert content_hash(text) != content_hash("قصف صاروخي على أطراف البلدة")


def test_article_id_is_a_slug_from_outlet_date_and_hash() -> None:
    digest = content_hash("نص")
    assert article_id("Deir Ezzor 24", dt.date(2026, 3, 1), digest) == f"deir-ezzor-24-2026-03-01-{digest[:10]}"
    assert article_id("sy24", None, digest).startswith("sy24-undated-")


@pytest.mark.parametrize(("text", "low", "high"), [
    ("قصفت طائرة مسيرة موقعا قرب الميادين", 0.99, 1.0),
    ("Prices rose again this week", 0.0, 0.0),
    ("قال مسؤول في SDF إن الدورية تعرضت لهجوم", 0.85, 0.95),
    ("12345 !!!", 0.0, 0.0),
])
def test_arabic_share(text: str, low: float, high: float) -> None:
    assert low <= arabic_share(text) <= high


@pytest.mark.parametrize(("raw", "day"), [
    ("Tue, 10 Jun 2025 22:30:00 GMT", dt.date(2025, 6, 11)),  # 01:30 in Damascus the next day
    ("Tue, 10 Jun 2025 20:30:00 +0000", dt.date(2025, 6, 10)),
    ("Tue, 10 Jun 2025 23:30:00 +0300", dt.date(2025, 6, 10)),
    ("2025-06-10T22:30:00Z", dt.date(2025, 6, 11)),
    ("2025-06-10T22:30:00+00:00", dt.date(2025, 6, 11)),
    ("2025-06-10T22:30:00", dt.date(2025, 6, 10)),  # no offset: already local
    ("2025-06-10", dt.date(2025, 6, 10)),
    ("2025-06-10T23:10:00+0000", dt.date(2025, 6, 11)),  # htmldate's %z form
])
def test_published_dates_follow_the_outlets_zone(raw: str, day: dt.date) -> None:
    moment = parse_time(raw)
    assert moment is not None
    assert local_date(moment, DAMASCUS) == day


@pytest.mark.parametrize("raw", ["", "yesterday", "32/13/2025", None])
def test_unreadable_times_are_none(raw: str | None) -> None:
    assert parse_time(raw) is None


@pytest.mark.parametrize(("text", "seconds"), [("30m", 1800), ("1h", 3600), ("1h30m", 5400), ("90s", 90), ("1d", 86400), ("2H", 7200)])
def test_parse_interval(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["30", "", "m30", "0s", "1 hour", "-5m"])
def test_parse_interval_refuses(text: str) -> None:
    with pytest.raises(ValueError, match=r"interval|too short"):
        parse_interval(text)


# -- the outlets file


def test_bundled_outlets_file_loads_with_the_outlets_of_the_issue() -> None:
    config = load_outlets()
    names = {outlet.name for outlet in config.outlets}
    assert {"SY24", "Enab Baladi", "North Press", "Deir Ezzor 24", "Syria TV", "SOHR"} <= names
    for outlet in config.outlets:
        assert outlet.feeds and all(feed.startswith("https://") for feed in outlet.feeds)
        assert outlet.zone.key == "Asia/Damascus"
    assert config.settings.requests_per_second == 1.0
    assert config.settings.allow_addresses == ()


def test_every_feed_of_the_bundled_file_says_whether_it_was_confirmed() -> None:
    text = Path(load_outlets().path).read_text(encoding="utf-8")
    blocks = text.split("\n  - name: ")[1:]
    assert len(blocks) == len(load_outlets().outlets)
    for block in blocks:
        assert "# not confirmed" in block or "# seen in public feed lists" in block, block.splitlines()[0]


BAD_FILES = [
    ("outlets: []\n", 1, "non-empty list"),
    ("outlets:\n  - name: A\n    feeds: [ftp://x.org/feed]\n", 2, "not an http"),
    ("outlets:\n  - name: A\n    feeds: [https://a.org/feed]\n    timezone: Mars/Olympus\n", 2, "time zone 'Mars/Olympus' is unknown"),
    ("outlets:\n  - name: A\n    feeds: [https://a.org/feed]\n  - name: a\n    feeds: [https://b.org/feed]\n", 4, "repeats the name"),
    ("outlets:\n  - name: A\n    feed: [https://a.org/feed]\n", 2, "unknown key 'feed'"),
    ("outlets:\n  - name: A\n    feeds: [https://a.org/feed]\n    skip_urls: ['(']\n", 2, "not a regular expression"),
    ("fetch:\n  requests_per_second: 0\noutlets:\n  - name: A\n    feeds: [https://a.org/]\n", 2, "must be positive"),
    ("fetch:\n  max_redirects: lots\noutlets:\n  - name: A\n    feeds: [https://a.org/]\n", 2, "must be a int"),
    ("fetch:\n  allow_addresses: [not-a-net]\noutlets:\n  - name: A\n    feeds: [https://a.org/]\n", 2, "allow_addresses"),
    ("fetch:\n  user_agent: \"x\\ny\"\noutlets:\n  - name: A\n    feeds: [https://a.org/]\n", 2, "printable line"),
    ("outlets:\n  - name: A\n    feeds: [https://a.org/feed\n", 4, "not valid YAML"),
]


@pytest.mark.parametrize(("text", "line", "reason"), BAD_FILES)
def test_bad_outlets_files_name_file_line_and_reason(tmp_path: Path, text: str, line: int, reason: str) -> None:
    path = tmp_path / "outlets.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_outlets(path)
    assert caught.value.file == str(path)
    assert caught.value.line == line
    assert reason in caught.value.reason


def test_a_user_outlets_file_replaces_the_bundled_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("fetch:\n  requests_per_second: 0.5\n  allow_addresses: [127.0.0.0/8]\noutlets:\n"
                    "  - name: Local Outlet\n    feeds: [http://127.0.0.1:9/feed]\n", encoding="utf-8")
    monkeypatch.setenv("GEODATA_OUTLETS", str(path))
    config = load_outlets()
    assert [outlet.slug for outlet in config.outlets] == ["local-outlet"]
    assert config.settings.requests_per_second == 0.5
    assert config.settings.allow_addresses == (ipaddress.ip_network("127.0.0.0/8"),)


# -- URLs, redirects and addresses


@pytest.mark.parametrize(("url", "reason"), [
    ("file:///etc/passwd", "not an http or https"), ("gopher://x.org/", "not an http or https"),
    ("http://user:secret@x.org/", "credentials"), ("http:///nohost", "no host"), ("http://x.org:99999/", "usable"),
])
def test_check_url_refuses(url: str, reason: str) -> None:
    with pytest.raises(BlockedError, match=reason):
        check_url(url)


@pytest.mark.parametrize(("current", "location", "reason"), [
    ("http://a.test/x", "file:///etc/passwd", "file"),
    ("https://a.test/x", "http://a.test/y", "https to plain http"),
    ("http://a.test/x", "data:text/html,hi", "data"),
    ("http://a.test/x", "javascript:alert(1)", "javascript"),
])
def test_redirects_to_another_scheme_are_refused(current: str, location: str, reason: str) -> None:
    with pytest.raises(BlockedError, match=reason):
        next_hop(current, location)


def test_redirects_within_http_and_up_to_https_are_followed() -> None:
    assert next_hop("http://a.test/x/y", "../z?q=1") == "http://a.test/z?q=1"
    assert next_hop("http://a.test/x", "https://a.test/x") == "https://a.test/x"


@pytest.mark.parametrize(("address", "kind"), [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.10", "private"),
    ("172.16.5.4", "private"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"), ("0.0.0.0", "unspecified"),
    ("224.0.0.1", "multicast"), ("::ffff:127.0.0.1", "loopback"), ("100.64.0.1", "non-public"), ("fc00::1", "private"),
])
def test_non_public_addresses_are_refused(address: str, kind: str) -> None:
    why = AddressPolicy().refusal(address)
    assert why is not None and kind in why


def test_public_and_allowed_addresses_pass() -> None:
    assert AddressPolicy().refusal("93.184.216.34") is None
    assert AddressPolicy().refusal("2606:4700::1111") is None
    allowed = AddressPolicy(parse_networks(["127.0.0.0/8", "::1"]))
    assert allowed.refusal("127.0.0.1") is None and allowed.refusal("::1") is None
    assert allowed.refusal("10.0.0.1") is not None


def test_a_host_with_any_refused_address_is_refused_whole() -> None:
    policy = AddressPolicy(parse_networks(["127.0.0.0/8"]))
    with pytest.raises(BlockedError, match=r"mixed.test resolves to 10.0.0.7, a private address"):
        policy.check("mixed.test", ["127.0.0.1", "10.0.0.7"])


def test_the_guard_checks_the_address_it_connects_to(no_internet: list[str]) -> None:
    """A name that resolves to a private address is refused before any socket is opened."""
    backend = GuardedBackend(AddressPolicy(), resolver=lambda host, port: ["169.254.169.254"])
    with pytest.raises(BlockedError, match="link-local"):
        backend.connect_tcp("metadata.test", 80, timeout=1)
    assert no_internet == []


def test_the_internet_guard_of_the_tests_works(no_internet: list[str]) -> None:
    import socket

    with pytest.raises(OSError, match="nothing may leave"):
        socket.create_connection(("93.184.216.34", 80), timeout=1)
    assert no_internet == ["93.184.216.34"]


# -- rate limit on a fake clock


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_token_bucket_spaces_requests_per_host() -> None:
    clock = FakeClock()
    limiter = HostRateLimiter(2.0, burst=1, clock=clock, sleep=clock.sleep)
    start = clock.now
    times = []
    for _ in range(5):
        limiter.wait("a.test")
        times.append(clock.now - start)
    assert times == pytest.approx([0.0, 0.5, 1.0, 1.5, 2.0])
    limiter.wait("b.test")  # another host does not wait for a.test
    assert clock.now - start == pytest.approx(2.0)


def test_token_bucket_burst_then_rate() -> None:
    clock = FakeClock()
    limiter = HostRateLimiter(1.0, burst=3, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        assert limiter.wait("a.test") == 0.0
    assert limiter.delay("a.test") == pytest.approx(1.0)
    assert limiter.wait("a.test") == pytest.approx(1.0)


def test_crawl_delay_slows_a_host_down_never_up() -> None:
    clock = FakeClock()
    limiter = HostRateLimiter(2.0, clock=clock, sleep=clock.sleep)
    limiter.slow_down("a.test", 5.0)
    limiter.slow_down("a.test", 0.1)
    limiter.wait("a.test")
    assert limiter.wait("a.test") == pytest.approx(5.0)


# -- robots.txt


def robots_with(answers: dict[str, object], clock: FakeClock | None = None) -> tuple[RobotsCache, list[str], dict[str, float]]:
    asked: list[str] = []
    delays: dict[str, float] = {}

    def fetch(url: str) -> RobotsAnswer:
        asked.append(url)
        answer = answers[url]
        if isinstance(answer, Exception):
            raise answer
        return RobotsAnswer(200, str(answer))

    cache = RobotsCache(fetch, token="geodata", ttl=60.0, on_crawl_delay=delays.__setitem__, clock=clock or FakeClock())
    return cache, asked, delays


def test_robots_rules_for_our_token_and_everyone() -> None:
    text = "User-agent: geodata\nDisallow: /private/\nCrawl-delay: 3\n\nUser-agent: *\nDisallow: /\n"
    cache, asked, delays = robots_with({"http://a.test/robots.txt": text})
    cache.check("http://a.test/news/1")
    with pytest.raises(BlockedError, match="disallows /private/x for geodata"):
        cache.check("http://a.test/private/x")
    assert asked == ["http://a.test/robots.txt"]  # read once per site
    assert delays == {"a.test": 3.0}


def test_robots_missing_allows_and_unreadable_refuses() -> None:
    cache, _, _ = robots_with({
        "http://gone.test/robots.txt": HttpStatusError(404, "HTTP 404"),
        "http://down.test/robots.txt": HttpStatusError(503, "HTTP 503"),
        "http://slow.test/robots.txt": TransientError("timed out"),
    })
    cache.check("http://gone.test/anything")
    for host in ("down", "slow"):
        with pytest.raises(BlockedError, match="could not be read") as caught:
            cache.check(f"http://{host}.test/x")
        assert caught.value.permanent is False


def test_robots_are_read_again_after_their_time() -> None:
    clock = FakeClock()
    cache, asked, _ = robots_with({"http://a.test/robots.txt": ""}, clock)
    cache.check("http://a.test/1")
    clock.now += 30
    cache.check("http://a.test/2")
    clock.now += 61
    cache.check("http://a.test/3")
    assert len(asked) == 2


def test_token_bucket_does_not_spin_on_rounding() -> None:
    """0.1 s steps on a clock that moves only by the sleeps: each wait ends after one pause."""
    clock = FakeClock()
    clock.now = 0.0
    limiter = HostRateLimiter(10.0, clock=clock, sleep=clock.sleep)
    for _ in range(50):
        limiter.wait("a.test")
    assert len(clock.slept) == 49 and clock.slept == pytest.approx([0.1] * 49)
