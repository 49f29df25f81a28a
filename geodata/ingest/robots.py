"""robots.txt, read once per site and kept for a while (RFC 9309 with urllib.robotparser).

A robots.txt that is missing or refused with a 4xx status allows everything; one that cannot be
read (5xx, a timeout, a refused address) allows nothing from that site until it can be read,
as the RFC asks. A Crawl-delay slows the site's rate limit down (never speeds it up).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from geodata.ingest.errors import BlockedError, FetchError, HttpStatusError

MAX_CRAWL_DELAY = 60.0  # seconds; a longer Crawl-delay is read as this
RETRY_UNREADABLE = 600.0  # seconds before an unreadable robots.txt is asked for again


@dataclass(frozen=True)
class RobotsAnswer:
    """The body of a robots.txt answer (empty for a 4xx) and its status."""

    status: int
    text: str


@dataclass
class _Entry:
    parser: RobotFileParser | None  # None: unreadable, nothing allowed
    reason: str
    fetched: float
    ttl: float
    refused: bool = False  # the site itself is refused (an address or a redirect): say so as it is


class RobotsCache:
    """``check(url)`` raises BlockedError when robots.txt forbids ``url`` (or cannot be read)."""

    def __init__(self, fetch: Callable[[str], RobotsAnswer], *, token: str, ttl: float,
                 on_crawl_delay: Callable[[str, float], None] | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.fetch, self.token, self.ttl = fetch, token, ttl
        self.on_crawl_delay = on_crawl_delay
        self.clock = clock
        self._entries: dict[str, _Entry] = {}

    def check(self, url: str) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        entry = self._entry(origin)
        if entry.parser is None and entry.refused:
            raise BlockedError(entry.reason)
        if entry.parser is None:
            raise BlockedError(f"robots.txt of {origin} could not be read ({entry.reason}); nothing is fetched from it until it can be", permanent=False)
        if not entry.parser.can_fetch(self.token, url):
            raise BlockedError(f"robots.txt of {origin} disallows {parts.path or '/'} for {self.token}")

    def _entry(self, origin: str) -> _Entry:
        entry = self._entries.get(origin)
        if entry is None or self.clock() - entry.fetched > entry.ttl:
            entry = self._read(origin)
            self._entries[origin] = entry
        return entry

    def _read(self, origin: str) -> _Entry:
        now = self.clock()
        try:
            answer = self.fetch(f"{origin}/robots.txt")
        except HttpStatusError as error:
            if error.status < 500:
                return _Entry(_allow_all(), f"HTTP {error.status}: no rules", now, self.ttl)
            return _Entry(None, f"HTTP {error.status}", now, RETRY_UNREADABLE)
        except FetchError as error:
            refused = isinstance(error, BlockedError) and error.permanent
            return _Entry(None, error.reason, now, RETRY_UNREADABLE, refused=refused)
        parser = RobotFileParser()
        parser.parse(answer.text.splitlines())
        self._note_delay(origin, parser)
        return _Entry(parser, "read", now, self.ttl)

    def _note_delay(self, origin: str, parser: RobotFileParser) -> None:
        delay = parser.crawl_delay(self.token)
        if delay and self.on_crawl_delay is not None:
            self.on_crawl_delay(urlsplit(origin).hostname or "", min(float(delay), MAX_CRAWL_DELAY))


def _allow_all() -> RobotFileParser:
    parser = RobotFileParser()
    parser.parse([])
    parser.allow_all = True  # type: ignore[attr-defined]  # set by read() for a 4xx answer
    return parser
