"""A polite, bounded HTTP client for feeds and article pages (httpx on a guarded transport).

Every request: http or https only; robots.txt asked first; the host's rate limit waited for;
connected only to allowed addresses (``addresses``); connect and read timeouts plus a deadline
for the whole response; the body streamed and cut at a size cap; redirects followed by hand,
each hop checked again (scheme, address, robots), with a cap and loop detection; retries with
exponential back-off on 5xx, 429 and timeouts. Nothing in a response is ever executed.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from geodata.ingest.addresses import AddressPolicy, GuardedBackend, Resolver, resolve
from geodata.ingest.config import ROBOTS_TOKEN, FetchSettings
from geodata.ingest.errors import BlockedError, FetchError, HttpStatusError, TooLargeError, TransientError
from geodata.ingest.ratelimit import HostRateLimiter
from geodata.ingest.robots import RobotsAnswer, RobotsCache

Kind = Literal["feed", "page", "robots"]
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
ACCEPT = {
    "feed": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
    "page": "text/html, application/xhtml+xml;q=0.9, */*;q=0.5",
    "robots": "text/plain, */*;q=0.5",
}


@dataclass(frozen=True)
class Response:
    """A complete answer: the final URL, status, headers (lower-case names) and body."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    redirects: tuple[str, ...] = ()


def check_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL with a host and no credentials, else BlockedError."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as error:
        raise BlockedError(f"not a usable address {url[:120]!r}: {error}") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise BlockedError(f"refused: {url[:120]!r} is not an http or https address")
    if not parts.hostname:
        raise BlockedError(f"refused: {url[:120]!r} has no host")
    if parts.username is not None or parts.password is not None:
        raise BlockedError(f"refused: {url[:120]!r} carries credentials")
    return url


def next_hop(current: str, location: str) -> str:
    """Where a redirect from ``current`` leads; BlockedError for another scheme or https to http."""
    target = urljoin(current, location.strip())
    scheme = urlsplit(target).scheme.lower()
    if scheme not in ("http", "https"):
        raise BlockedError(f"refused: {current[:120]} redirects to a {scheme or 'schemeless'}: address ({target[:120]})")
    if urlsplit(current).scheme.lower() == "https" and scheme == "http":
        raise BlockedError(f"refused: {current[:120]} redirects from https to plain http ({target[:120]})")
    return check_url(target)


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's transport whose connection pool connects through GuardedBackend."""

    def __init__(self, settings: FetchSettings, resolver: Resolver) -> None:
        super().__init__(trust_env=False, retries=0)
        if not hasattr(self, "_pool"):
            raise RuntimeError("this httpx version has no connection pool to guard; install httpx>=0.28,<0.30")
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(), max_connections=10, max_keepalive_connections=5, keepalive_expiry=5.0,
            network_backend=GuardedBackend(AddressPolicy(settings.allow_addresses), resolver),
        )


class HttpClient:
    """GET with every rule above; ``requests`` counts what went over the network."""

    def __init__(self, settings: FetchSettings, *, resolver: Resolver = resolve, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self.sleep = sleep
        self.limiter = HostRateLimiter(settings.requests_per_second, settings.burst, clock=clock, sleep=sleep)
        self.robots = RobotsCache(self._robots_answer, token=ROBOTS_TOKEN, ttl=settings.robots_ttl,
                                  on_crawl_delay=self.limiter.slow_down, clock=clock)
        timeout = httpx.Timeout(connect=settings.connect_timeout, read=settings.read_timeout,
                                write=settings.read_timeout, pool=settings.read_timeout)
        self._client = httpx.Client(transport=_GuardedTransport(settings, resolver), timeout=timeout, follow_redirects=False,
                                    trust_env=False, headers={"User-Agent": settings.user_agent, "Accept-Language": "ar, en;q=0.5"})
        self.requests = 0

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, *, kind: Kind, etag: str | None = None, last_modified: str | None = None) -> Response:
        """The final answer for ``url`` (2xx or 304); FetchError with the reason otherwise."""
        headers = {"Accept": ACCEPT[kind]}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current, hops = check_url(url), [url]
        for _ in range(self.settings.max_redirects + 1):
            if kind != "robots":
                self.robots.check(current)
            response = self._with_retries(current, headers, kind)
            location = response.headers.get("location")
            if response.status not in REDIRECT_STATUSES or not location:
                return self._final(response, hops)
            current = next_hop(current, location)
            if current in hops:
                raise BlockedError(f"redirect loop: {' -> '.join(hop[:80] for hop in [*hops, current])}")
            hops.append(current)
        raise BlockedError(f"more than {self.settings.max_redirects} redirects from {url[:120]}")

    def _final(self, response: Response, hops: list[str]) -> Response:
        if response.status == 304 or 200 <= response.status < 300:
            return Response(response.url, response.status, response.headers, response.body, tuple(hops[1:]))
        raise HttpStatusError(response.status, f"HTTP {response.status} from {response.url[:160]}")

    def _robots_answer(self, url: str) -> RobotsAnswer:
        response = self.get(url, kind="robots")
        return RobotsAnswer(response.status, response.body.decode("utf-8", "replace"))

    def _with_retries(self, url: str, headers: dict[str, str], kind: Kind) -> Response:
        last: FetchError | None = None
        for attempt in range(self.settings.retries + 1):
            wait = self._backoff(attempt)
            try:
                response = self._once(url, headers, kind)
            except FetchError as error:
                if error.permanent:
                    raise
                last = error
            else:
                if response.status not in RETRY_STATUSES:
                    return response
                last = HttpStatusError(response.status, f"HTTP {response.status} from {url[:160]} after {attempt + 1} tries")
                wait = max(wait, _retry_after(response.headers.get("retry-after"), self.settings.backoff_max))
            if attempt < self.settings.retries:
                self.sleep(wait)
        assert last is not None
        last.permanent = False
        raise last

    def _backoff(self, attempt: int) -> float:
        return min(self.settings.backoff * (2 ** attempt), self.settings.backoff_max)

    def _once(self, url: str, headers: dict[str, str], kind: Kind) -> Response:
        self.limiter.wait(urlsplit(url).hostname or "")
        self.requests += 1
        started = time.monotonic()
        try:
            with self._client.stream("GET", url, headers=headers) as answer:
                body = self._body(answer, kind, started) if 200 <= answer.status_code < 300 else b""
                return Response(url, answer.status_code, {key.lower(): value for key, value in answer.headers.items()}, body)
        except httpx.TimeoutException as error:
            raise TransientError(f"timed out fetching {url[:160]} ({type(error).__name__})") from None
        except httpx.DecodingError as error:
            raise FetchError(f"cannot decode the answer from {url[:160]}: {error}") from None
        except (httpx.TransportError, httpcore.ConnectError) as error:
            raise TransientError(f"network error fetching {url[:160]}: {error or type(error).__name__}") from None

    def _body(self, answer: httpx.Response, kind: Kind, started: float) -> bytes:
        cap = {"feed": self.settings.max_feed_bytes, "page": self.settings.max_page_bytes, "robots": self.settings.max_robots_bytes}[kind]
        declared = answer.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise TooLargeError(f"{answer.url} declares {int(declared):,} bytes; the cap is {cap:,}")
        body = bytearray()
        for chunk in answer.iter_bytes():
            body += chunk
            if len(body) > cap:
                raise TooLargeError(f"{answer.url} sent more than the cap of {cap:,} bytes; stopped reading")
            if time.monotonic() - started > self.settings.response_deadline:
                raise TransientError(f"{answer.url} did not finish within {self.settings.response_deadline:g} s; stopped reading")
        return bytes(body)


def _retry_after(value: str | None, cap: float) -> float:
    """Seconds a Retry-After header asks for (a number or an HTTP date), at most ``cap``."""
    if not value:
        return 0.0
    if value.strip().isdigit():
        return min(float(value.strip()), cap)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 0.0
    return max(0.0, min(when.timestamp() - time.time(), cap))
