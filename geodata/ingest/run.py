"""One round of fetching: every feed of every outlet, then the pages of the new entries.

A round is bounded (pages per round, a deadline, entries per feed) and can be stopped between
any two requests; whatever it did is recorded. A failure is recorded for its outlet with its
reason and never stops the others. A feed's validators (ETag, Last-Modified) are kept only
when every entry of its answer reached a final outcome, so entries left for later are read
again next round instead of hiding behind a 304.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from geodata.ingest.build import Candidate, make_article, refusal
from geodata.ingest.client import HttpClient
from geodata.ingest.config import FetchSettings, Outlet
from geodata.ingest.errors import FetchError
from geodata.ingest.feeds import FeedEntry, newest_first, parse_feed
from geodata.ingest.identity import canonical_url, content_hash
from geodata.ingest.pages import extract_page, feed_text
from geodata.ingest.protocols import ArticleSink, FeedRecord, FetchState, Issue, OutletRound, UrlOutcome, UrlRecord
from geodata.ingest.published import local_date

Progress = Callable[[int, int, str], None]
COMMIT_EVERY = 25  # pages between two commits of the state within a round


@dataclass
class _Tally:
    """What a round did for one outlet, while it runs."""

    outlet: Outlet
    started_at: dt.datetime
    feeds_read: int = 0
    not_modified: int = 0
    entries: int = 0
    new: list[str] = field(default_factory=list)
    duplicates: int = 0
    skipped: list[Issue] = field(default_factory=list)
    failed: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def report(self, finished_at: dt.datetime) -> OutletRound:
        return OutletRound(
            outlet=self.outlet.name, started_at=self.started_at, finished_at=finished_at, feeds_read=self.feeds_read,
            feeds_not_modified=self.not_modified, entries_seen=self.entries, new=tuple(self.new), duplicates=self.duplicates,
            skipped=tuple(self.skipped), failed=tuple(self.failed), notes=tuple(self.notes),
        )


@dataclass
class _Job:
    """A page to fetch for a feed entry (or a URL given by hand)."""

    outlet: Outlet
    entry: FeedEntry
    canonical: str
    feed_url: str | None
    final: bool = False  # reached a final outcome this round


@dataclass
class _FeedPending:
    """A feed answered this round; its record is saved once its entries are done."""

    record: FeedRecord
    jobs: list[_Job]
    capped: bool


@dataclass(frozen=True)
class RoundReport:
    """Every outlet's part of one round, and whether the round stopped before its end."""

    outlets: tuple[OutletRound, ...]
    started_at: dt.datetime
    finished_at: dt.datetime
    stopped_early: str | None = None
    requests: int = 0

    @property
    def new(self) -> int:
        return sum(len(report.new) for report in self.outlets)

    @property
    def failures(self) -> int:
        return sum(len(report.failed) for report in self.outlets)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class _Round:
    def __init__(self, *, sink: ArticleSink, state: FetchState, settings: FetchSettings, client: HttpClient,
                 since: dt.date | None, progress: Progress | None, should_stop: Callable[[], bool] | None,
                 now: Callable[[], dt.datetime]) -> None:
        self.sink, self.state, self.settings, self.client = sink, state, settings, client
        self.now = now
        self.since = since
        self.progress = progress
        self.should_stop = should_stop or (lambda: False)
        self.deadline = time.monotonic() + settings.round_deadline
        self.tallies: dict[str, _Tally] = {}
        self.done = 0
        self.total = 0
        self.pages = 0
        self.stopped: str | None = None

    # -- bookkeeping
    def tally(self, outlet: Outlet) -> _Tally:
        if outlet.name not in self.tallies:
            self.tallies[outlet.name] = _Tally(outlet, self.now())
        return self.tallies[outlet.name]

    def step(self, message: str) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, max(self.total, self.done), message)

    def halted(self) -> bool:
        if self.stopped is None and self.should_stop():
            self.stopped = "stopped on request"
        if self.stopped is None and time.monotonic() > self.deadline:
            self.stopped = f"round deadline of {self.settings.round_deadline:g} s reached"
        return self.stopped is not None

    def cutoff(self) -> dt.date:
        if self.since is not None:
            return self.since
        return (self.now() - dt.timedelta(days=self.settings.max_age_days)).date()

    # -- feeds
    def read_feeds(self, outlets: Sequence[Outlet]) -> list[_FeedPending]:
        pending: list[_FeedPending] = []
        claimed: set[str] = set()
        for outlet in outlets:
            tally = self.tally(outlet)
            for feed_url in outlet.feeds:
                if self.halted():
                    return pending
                result = self.read_feed(outlet, feed_url, tally, claimed)
                if result is not None:
                    pending.append(result)
                self.step(f"{outlet.name}: feed {feed_url}")
        return pending

    def read_feed(self, outlet: Outlet, feed_url: str, tally: _Tally, claimed: set[str]) -> _FeedPending | None:
        previous = self.state.feed(outlet.name, feed_url)
        usable = previous if previous is not None and previous.complete else None
        fetched_at = self.now()
        try:
            response = self.client.get(feed_url, kind="feed", etag=usable.etag if usable else None,
                                       last_modified=usable.last_modified if usable else None)
            if response.status == 304 and usable is not None:
                tally.not_modified += 1
                self.state.save_feed(replace(usable, last_fetched_at=fetched_at, status="not_modified", error=None))
                return None
            parsed = parse_feed(response.body, url=response.url, content_type=response.headers.get("content-type"))
        except FetchError as error:
            tally.failed.append(Issue(feed_url, f"feed: {error.reason}"))
            self.state.save_feed(FeedRecord(
                outlet=outlet.name, feed_url=feed_url, last_fetched_at=fetched_at, status="failed", error=error.reason,
                etag=previous.etag if previous else None, last_modified=previous.last_modified if previous else None,
            ))
            return None
        tally.feeds_read += 1
        tally.entries += len(parsed.entries)
        if parsed.warning:
            tally.notes.append(f"{feed_url}: {parsed.warning}")
        if parsed.without_link:
            tally.notes.append(f"{feed_url}: {parsed.without_link} entries without a link were passed over")
        jobs, capped = self.choose(outlet, feed_url, parsed.entries, tally, claimed)
        record = FeedRecord(
            outlet=outlet.name, feed_url=feed_url, last_fetched_at=fetched_at, status="ok", etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"), entries=len(parsed.entries), error=parsed.warning,
        )
        return _FeedPending(record, jobs, capped)

    def choose(self, outlet: Outlet, feed_url: str, entries: Sequence[FeedEntry], tally: _Tally,
               claimed: set[str]) -> tuple[list[_Job], bool]:
        """The entries of a feed that need their page fetched, newest first, at most the cap."""
        jobs: list[_Job] = []
        older = 0
        for entry in newest_first(tuple(entries)):
            canonical = self.entry_url(entry, tally)
            if canonical is None or canonical in claimed or self.known(canonical):
                continue
            if any(pattern.search(canonical) for pattern in outlet.skip_urls):
                continue
            if entry.published is not None and local_date(entry.published, outlet.zone) < self.cutoff():
                older += 1
                continue
            claimed.add(canonical)
            jobs.append(_Job(outlet, entry, canonical, feed_url))
        if older:
            tally.notes.append(f"{feed_url}: {older} entries published before {self.cutoff().isoformat()} not fetched")
        capped = len(jobs) > self.settings.max_entries_per_feed
        if capped:
            tally.notes.append(f"{feed_url}: {len(jobs)} new entries; the newest {self.settings.max_entries_per_feed} read this round, the rest wait")
        return jobs[: self.settings.max_entries_per_feed], capped

    def entry_url(self, entry: FeedEntry, tally: _Tally) -> str | None:
        try:
            return canonical_url(entry.link)
        except ValueError:
            tally.skipped.append(Issue(entry.link[:200], "entry link is not an http or https address"))
            return None

    def known(self, canonical: str) -> bool:
        """True when the article at ``canonical`` is stored, or was given up on for good."""
        if self.sink.stored_id(canonical_url=canonical):
            return True
        record = self.state.url(canonical)
        if record is None:
            return False
        return record.outcome != "failed" or record.attempts >= self.settings.max_page_attempts

    # -- pages
    def fetch_pages(self, jobs: list[_Job]) -> None:
        for job in _by_host(jobs):
            if self.pages >= self.settings.max_pages_per_round:
                self.stopped = f"page limit of {self.settings.max_pages_per_round} reached"
            if self.halted():
                return
            self.pages += 1
            self.fetch_page(job)
            self.step(f"{job.outlet.name}: {job.canonical}")
            if self.pages % COMMIT_EVERY == 0:
                self.commit()

    def fetch_page(self, job: _Job) -> None:
        tally = self.tally(job.outlet)
        if self.sink.stored_id(canonical_url=job.canonical):
            self.settle(job, "duplicate", "already stored", tally)
            return
        try:
            response = self.client.get(job.canonical, kind="page")
            page = extract_page(response.body, url=response.url, content_type=response.headers.get("content-type"))
        except FetchError as error:
            self.from_feed_or_fail(job, error, tally)
            return
        candidate = Candidate(page.text, page.title, page.published, page.canonical, "page")
        why = refusal(page.text, self.settings)
        if why is not None:
            fallback = self.feed_candidate(job, page.canonical)
            if fallback is None:
                self.settle(job, "skipped", why, tally)
                return
            candidate = fallback
        self.store(job, candidate, tally)

    def feed_candidate(self, job: _Job, canonical: str) -> Candidate | None:
        """The entry's own text from the feed, when it is a full Arabic report by itself."""
        text = feed_text(job.entry.content_html)
        if refusal(text, self.settings) is not None:
            return None
        return Candidate(text, job.entry.title, None, canonical, "feed")

    def from_feed_or_fail(self, job: _Job, error: FetchError, tally: _Tally) -> None:
        fallback = self.feed_candidate(job, job.canonical)
        if fallback is not None:
            tally.notes.append(f"{job.canonical}: page not fetched ({error.reason}); the feed's text was stored")
            self.store(job, fallback, tally)
            return
        previous = self.state.url(job.canonical)
        attempts = (previous.attempts if previous is not None and previous.outcome == "failed" else 0) + 1
        final = error.permanent or attempts >= self.settings.max_page_attempts
        self.settle(job, "failed", error.reason, tally, attempts=attempts, final=final)

    def store(self, job: _Job, candidate: Candidate, tally: _Tally) -> None:
        digest = content_hash(candidate.text)
        existing = self.sink.stored_id(canonical_url=candidate.canonical, content_hash=digest)
        if existing:
            self.settle(job, "duplicate", f"same article as {existing}", tally, article_id=existing, also=candidate.canonical)
            return
        item = make_article(candidate, job.entry, job.outlet, now=self.now(), source_url=job.canonical, feed_url=job.feed_url)
        if self.since is not None and item.article.published and item.article.published < self.since:
            self.settle(job, "skipped", f"published {item.article.published.isoformat()}, before --since", tally)
            return
        stored = self.sink.add(item)
        if stored is None:
            self.settle(job, "duplicate", "already stored", tally, also=candidate.canonical)
            return
        tally.new.append(stored)
        self.settle(job, "stored", f"stored from the {candidate.text_from}", tally, article_id=stored, also=candidate.canonical)

    def settle(self, job: _Job, outcome: UrlOutcome, reason: str, tally: _Tally, *, attempts: int = 1, final: bool = True,
               article_id: str | None = None, also: str | None = None) -> None:
        """Record what became of ``job`` (under its entry URL and the page's canonical URL)."""
        job.final = final
        if outcome == "skipped":
            tally.skipped.append(Issue(job.canonical, reason))
        elif outcome == "failed":
            tally.failed.append(Issue(job.canonical, reason + ("" if final else " (tried again next round)")))
        elif outcome == "duplicate":
            tally.duplicates += 1
        at = self.now()
        for url in {job.canonical, also or job.canonical}:
            self.state.save_url(UrlRecord(url=url, outlet=job.outlet.name, outcome=outcome, reason=reason, at=at,
                                          attempts=attempts, article_id=article_id))

    def commit(self) -> None:
        self.sink.commit()
        self.state.commit()

    def finish(self, feeds: list[_FeedPending]) -> RoundReport:
        for pending in feeds:
            complete = not pending.capped and all(job.final for job in pending.jobs)
            self.state.save_feed(replace(pending.record, complete=complete))
        finished = self.now()
        reports = tuple(tally.report(finished) for tally in self.tallies.values())
        for report in reports:
            self.state.save_round(report)
        self.commit()
        return RoundReport(reports, started_at=min((t.started_at for t in self.tallies.values()), default=finished),
                           finished_at=finished, stopped_early=self.stopped, requests=self.client.requests)


def _by_host(jobs: list[_Job]) -> Iterator[_Job]:
    """Jobs taking turns between hosts, so that one host's rate limit does not hold the others up."""
    queues: dict[str, list[_Job]] = {}
    for job in jobs:
        queues.setdefault(urlsplit(job.canonical).hostname or "", []).append(job)
    while any(queues.values()):
        for queue in queues.values():
            if queue:
                yield queue.pop(0)


def fetch_all(outlets: Sequence[Outlet], *, sink: ArticleSink, state: FetchState, settings: FetchSettings,
              client: HttpClient | None = None, since: dt.date | None = None, progress: Progress | None = None,
              should_stop: Callable[[], bool] | None = None, now: Callable[[], dt.datetime] = _utc_now) -> RoundReport:
    """One round over ``outlets`` (disabled ones are passed over); new articles go to ``sink``.

    ``progress(done, total, message)`` is called after every feed and page (``total`` grows once
    the feeds have told how many pages there are); ``should_stop()`` is asked between requests.
    """
    chosen = [outlet for outlet in outlets if outlet.enabled]
    with _client_for(client, settings) as http:
        round_ = _Round(sink=sink, state=state, settings=settings, client=http, since=since, progress=progress,
                        should_stop=should_stop, now=now)
        round_.total = sum(len(outlet.feeds) for outlet in chosen)
        feeds = round_.read_feeds(chosen)
        jobs = [job for pending in feeds for job in pending.jobs]
        round_.total = round_.done + len(jobs)
        round_.fetch_pages(jobs)
        return round_.finish(feeds)


def fetch_urls(urls: Sequence[str], outlet: Outlet, *, sink: ArticleSink, state: FetchState, settings: FetchSettings,
               client: HttpClient | None = None, progress: Progress | None = None,
               now: Callable[[], dt.datetime] = _utc_now) -> RoundReport:
    """Fetch article pages given by address (not through a feed) for ``outlet``."""
    with _client_for(client, settings) as http:
        round_ = _Round(sink=sink, state=state, settings=settings, client=http, since=None, progress=progress,
                        should_stop=None, now=now)
        tally = round_.tally(outlet)
        jobs: dict[str, _Job] = {}
        for position, url in enumerate(urls):
            entry = FeedEntry(url, "", None, "", position)
            canonical = round_.entry_url(entry, tally)
            if canonical is not None and canonical not in jobs:
                jobs[canonical] = _Job(outlet, entry, canonical, None)
        round_.total = len(jobs)
        round_.fetch_pages(list(jobs.values()))
        return round_.finish([])


@contextmanager
def _client_for(client: HttpClient | None, settings: FetchSettings) -> Iterator[HttpClient]:
    """The given client (left open), or a new one closed at the end."""
    if client is not None:
        yield client
        return
    with HttpClient(settings) as fresh:
        yield fresh
