"""Published times from feeds and pages, and the outlet's local date they fall on.

A time with an offset (``Tue, 10 Jun 2025 22:30:00 GMT``, ``2025-06-10T22:30:00+00:00``) is
converted to the outlet's time zone before its date is taken, so a report published at 01:30 in
Damascus is dated by Damascus, where "today" in its text means that day. A time without an
offset is the outlet's own local time.
"""

from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import re
import time
from zoneinfo import ZoneInfo

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_time(raw: str | None) -> dt.datetime | None:
    """An RFC 822 (RSS) or ISO 8601 (Atom, page metadata) time; naive when it gives no offset."""
    if not raw or not raw.strip():
        return None
    text = raw.strip()
    if _DATE_ONLY.match(text):
        text += "T00:00:00"
    try:
        return dt.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    except ValueError:
        pass
    for pattern in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S%z", "%Y-%m-%dT%H:%M%z"):
        try:
            return dt.datetime.strptime(text, pattern)
        except ValueError:
            continue
    return _rfc822(text)


def _rfc822(text: str) -> dt.datetime | None:
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None and re.search(r"(GMT|UTC|UT|Z|[+-]0000)\s*$", text):
        return moment.replace(tzinfo=dt.timezone.utc)  # "-0000" says UTC with an unknown origin
    return moment


def from_struct(value: time.struct_time | None) -> dt.datetime | None:
    """feedparser's parsed time (always UTC) as an aware datetime."""
    if value is None:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.timezone.utc)


def in_zone(moment: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """``moment`` in ``zone``: an aware time converted, a naive one read as already local."""
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)


def local_date(moment: dt.datetime, zone: ZoneInfo) -> dt.date:
    return in_zone(moment, zone).date()


def plausible(moment: dt.datetime, now: dt.datetime, zone: ZoneInfo) -> bool:
    """False for a time more than a day in the future or before 1990 (a broken clock or field)."""
    local = in_zone(moment, zone)
    return dt.datetime(1990, 1, 1, tzinfo=zone) <= local <= now.astimezone(zone) + dt.timedelta(days=1)
