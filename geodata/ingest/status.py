"""Per outlet: when it was last fetched, what came in and what failed (the Sources page's table)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from geodata.ingest.config import Outlet
from geodata.ingest.protocols import FeedRecord, FetchState, Issue, OutletRound


@dataclass(frozen=True)
class OutletStatus:
    """What the state says of one outlet of the outlets file."""

    name: str
    enabled: bool
    feeds: tuple[FeedRecord | None, ...]  # one per feed address, None when never fetched
    last_fetched_at: dt.datetime | None
    last_round: OutletRound | None
    new_last_round: int
    new_recent: int  # over the rounds kept
    failures: tuple[Issue, ...]  # of the last round, feeds included
    skipped: tuple[Issue, ...]  # of the last round

    @property
    def ok(self) -> bool:
        return self.last_round is not None and not self.failures

    def as_dict(self) -> dict[str, Any]:
        last = self.last_fetched_at.isoformat() if self.last_fetched_at else None
        return {
            "outlet": self.name, "enabled": self.enabled, "last_fetched_at": last, "new_last_round": self.new_last_round,
            "new_recent": self.new_recent, "failures": [issue.__dict__ for issue in self.failures],
            "skipped": [issue.__dict__ for issue in self.skipped],
            "feeds": [{"feed_url": record.feed_url, "status": record.status, "error": record.error,
                       "last_fetched_at": record.last_fetched_at.isoformat()} for record in self.feeds if record is not None],
        }


def outlet_statuses(state: FetchState, outlets: Sequence[Outlet], *, recent: int = 20) -> list[OutletStatus]:
    """One OutletStatus per outlet, in the order of the outlets file."""
    return [_status(state, outlet, recent) for outlet in outlets]


def _status(state: FetchState, outlet: Outlet, recent: int) -> OutletStatus:
    feeds = tuple(state.feed(outlet.name, url) for url in outlet.feeds)
    rounds = state.rounds(outlet.name, limit=recent)
    last = rounds[0] if rounds else None
    times = [record.last_fetched_at for record in feeds if record is not None]
    return OutletStatus(
        name=outlet.name, enabled=outlet.enabled, feeds=feeds, last_fetched_at=max(times, default=None),
        last_round=last, new_last_round=len(last.new) if last else 0, new_recent=sum(len(report.new) for report in rounds),
        failures=last.failed if last else (), skipped=last.skipped if last else (),
    )


def status_rows(statuses: Sequence[OutletStatus], *, reasons: int = 3) -> list[dict[str, object]]:
    """One row per outlet for a table: when it was last fetched, what came in, what failed and
    why (the first ``reasons`` reasons; the text is the outlet's or the server's, shown as text)."""
    rows: list[dict[str, object]] = []
    for status in statuses:
        failures = [f"{issue.url}: {issue.reason}" for issue in status.failures[:reasons]]
        rows.append({
            "outlet": status.name,
            "enabled": status.enabled,
            "last fetched (UTC)": status.last_fetched_at.strftime("%Y-%m-%d %H:%M") if status.last_fetched_at else "never",
            "new in the last round": status.new_last_round,
            "new in recent rounds": status.new_recent,
            "skipped": len(status.skipped),
            "failed": len(status.failures),
            "why it failed": "; ".join(failures) + (" …" if len(status.failures) > reasons else ""),
        })
    return rows
