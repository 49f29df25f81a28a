"""The outlets file: which outlets to read, their feeds, and how politely to fetch.

``geodata/data/outlets.yaml`` is the default; a user file (``--outlets FILE``, the
``GEODATA_OUTLETS`` variable, or ``outlets.yaml`` in the user's config folder) replaces it
whole. Both are validated on load: every error names the file, the line and what was expected.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from geodata.corpus.articles import slugify
from geodata.datafiles import LINE_KEY, data_path, line_of, load_yaml, package_version
from geodata.errors import DataFileError

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
APP_NAME = "geodata"
OUTLETS_FILE = "outlets.yaml"
ROBOTS_TOKEN = "geodata"
DEFAULT_USER_AGENT = f"{ROBOTS_TOKEN}/{package_version()} (Deir ez-Zor incident map; feed reader)"
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class FetchSettings:
    """Politeness, safety and the bounds of one round. Sizes in bytes, times in seconds."""

    user_agent: str = DEFAULT_USER_AGENT
    requests_per_second: float = 1.0  # per host
    burst: int = 1
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    response_deadline: float = 60.0  # a whole response, body included
    max_feed_bytes: int = 5_000_000
    max_page_bytes: int = 5_000_000
    max_robots_bytes: int = 500_000
    max_redirects: int = 5
    retries: int = 2  # after the first try, on 5xx, 429 and timeouts
    backoff: float = 1.0  # first wait; doubled each retry
    backoff_max: float = 30.0
    robots_ttl: float = 86_400.0
    allow_addresses: tuple[IpNetwork, ...] = ()  # private or loopback networks allowed anyway
    max_entries_per_feed: int = 100  # newest first; the rest wait for the next round
    max_pages_per_round: int = 300
    round_deadline: float = 1_800.0
    max_age_days: int = 30  # entries older than this are not fetched (unless --since says otherwise)
    min_text_chars: int = 200
    min_arabic_share: float = 0.6
    max_page_attempts: int = 3  # rounds a failing page is tried before it is given up

    def with_allowed(self, networks: tuple[IpNetwork, ...]) -> FetchSettings:
        return replace(self, allow_addresses=(*self.allow_addresses, *networks))


@dataclass(frozen=True)
class Outlet:
    """One outlet: its name, feeds, language and the time zone of times given without one."""

    name: str
    slug: str
    feeds: tuple[str, ...]
    language: str = "ar"
    timezone: str = "Asia/Damascus"
    homepage: str | None = None
    skip_urls: tuple[re.Pattern[str], ...] = ()
    enabled: bool = True
    file: str = ""
    line: int | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class OutletsConfig:
    outlets: tuple[Outlet, ...]
    settings: FetchSettings
    path: Path


def default_outlets_path(environ: Mapping[str, str] | None = None) -> Path:
    """``GEODATA_OUTLETS``, else ``outlets.yaml`` in the user's config folder, else the bundled file."""
    env = os.environ if environ is None else environ
    if env.get("GEODATA_OUTLETS"):
        return Path(env["GEODATA_OUTLETS"]).expanduser()
    user_file = user_config_dir() / OUTLETS_FILE
    return user_file if user_file.is_file() else data_path(OUTLETS_FILE)


def user_config_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME)


def load_outlets(path: str | Path | None = None) -> OutletsConfig:
    """Outlets and settings from ``path`` (default_outlets_path() when None); DataFileError names
    the file, line and reason of the first problem."""
    source = Path(path) if path is not None else default_outlets_path()
    data = load_yaml(source)
    file = str(source)
    _check_keys(file, data, {"outlets", "fetch"}, "the top level")
    settings = _settings(file, data.get("fetch") or {LINE_KEY: line_of(data)})
    raw = data.get("outlets")
    if not isinstance(raw, list) or not raw:
        raise DataFileError(file, line_of(data), "'outlets' must be a non-empty list of outlets (name, feeds, ...)")
    outlets = tuple(_outlet(file, item) for item in raw)
    _check_unique(file, outlets)
    return OutletsConfig(outlets=outlets, settings=settings, path=source)


def _check_keys(file: str, item: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(str(key) for key in item if key != LINE_KEY and key not in allowed)
    if unknown:
        raise DataFileError(file, line_of(item), f"unknown key {unknown[0]!r} in {where}; expected one of {', '.join(sorted(allowed))}")


def _outlet(file: str, item: Any) -> Outlet:
    if not isinstance(item, dict):
        raise DataFileError(file, None, f"each outlet must be a mapping with name and feeds; got {str(item)[:60]!r}")
    line = line_of(item)
    _check_keys(file, item, {"name", "id", "feeds", "language", "timezone", "homepage", "skip_urls", "enabled"}, "an outlet")
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise DataFileError(file, line, "an outlet needs a 'name' (e.g. SY24)")
    slug = slugify(str(item.get("id") or name))
    if not slug:
        raise DataFileError(file, line, f"outlet {name!r}: 'id' must give a slug of a-z, 0-9 and '-' (e.g. sy24)")
    return Outlet(
        name=" ".join(name.split()), slug=slug, feeds=_feeds(file, line, name, item.get("feeds")),
        language=_language(file, line, name, item.get("language", "ar")), timezone=_zone(file, line, name, item.get("timezone", "Asia/Damascus")),
        homepage=_optional_url(file, line, name, item.get("homepage")), skip_urls=_patterns(file, line, name, item.get("skip_urls") or []),
        enabled=_flag(file, line, name, item.get("enabled", True)), file=file, line=line,
    )


def _feeds(file: str, line: int | None, name: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise DataFileError(file, line, f"outlet {name!r}: 'feeds' must be a non-empty list of http(s) feed addresses")
    return tuple(_url(file, line, name, feed) for feed in value)


def _url(file: str, line: int | None, name: str, value: Any) -> str:
    if not isinstance(value, str) or not re.match(r"^https?://[^\s/?#]+[^\s]*$", value.strip(), re.IGNORECASE):
        raise DataFileError(file, line, f"outlet {name!r}: {str(value)[:80]!r} is not an http:// or https:// address")
    return value.strip()


def _optional_url(file: str, line: int | None, name: str, value: Any) -> str | None:
    return None if value in (None, "") else _url(file, line, name, value)


def _language(file: str, line: int | None, name: str, value: Any) -> str:
    if not isinstance(value, str) or not _LANGUAGE.match(value):
        raise DataFileError(file, line, f"outlet {name!r}: language {value!r} must be a two- or three-letter code such as ar")
    return value


def _zone(file: str, line: int | None, name: str, value: Any) -> str:
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        raise DataFileError(file, line, f"outlet {name!r}: time zone {value!r} is unknown; use an IANA name such as Asia/Damascus") from None
    return str(value)


def _patterns(file: str, line: int | None, name: str, value: Any) -> tuple[re.Pattern[str], ...]:
    if not isinstance(value, list) or not all(isinstance(entry, str) for entry in value):
        raise DataFileError(file, line, f"outlet {name!r}: 'skip_urls' must be a list of regular expressions")
    try:
        return tuple(re.compile(entry) for entry in value)
    except re.error as error:
        raise DataFileError(file, line, f"outlet {name!r}: skip_urls pattern {error.pattern!r} is not a regular expression: {error}") from None


def _flag(file: str, line: int | None, name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise DataFileError(file, line, f"outlet {name!r}: 'enabled' must be true or false")
    return value


def _check_unique(file: str, outlets: tuple[Outlet, ...]) -> None:
    seen: dict[str, Outlet] = {}
    for outlet in outlets:
        for key in {outlet.name.casefold(), outlet.slug}:
            if key in seen:
                raise DataFileError(file, outlet.line, f"outlet {outlet.name!r} repeats the name or id of the outlet on line {seen[key].line}")
            seen[key] = outlet


def _settings(file: str, raw: Any) -> FetchSettings:
    if not isinstance(raw, dict):
        raise DataFileError(file, None, "'fetch' must be a mapping of settings (requests_per_second: 1, ...)")
    known = {item.name: item for item in fields(FetchSettings)}
    _check_keys(file, raw, set(known), "'fetch'")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key != LINE_KEY:
            values[key] = _setting(file, line_of(raw), key, value, FetchSettings.__dataclass_fields__[key].default)
    return FetchSettings(**values)


def _setting(file: str, line: int | None, key: str, value: Any, default: Any) -> Any:
    if key == "allow_addresses":
        return parse_networks(value, file=file, line=line)
    if key == "user_agent":
        if not isinstance(value, str) or not value.strip() or not value.isprintable():
            raise DataFileError(file, line, "fetch setting 'user_agent' must be one printable line naming the tool")
        return value.strip()
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if not number or (isinstance(default, int) and not isinstance(default, float) and not isinstance(value, int)):
        raise DataFileError(file, line, f"fetch setting {key!r} must be a {type(default).__name__}; got {value!r}")
    if value < 0 or (key in _POSITIVE and value == 0):
        raise DataFileError(file, line, f"fetch setting {key!r} must be positive; got {value!r}")
    return float(value) if isinstance(default, float) else value


_POSITIVE = {"requests_per_second", "burst", "connect_timeout", "read_timeout", "response_deadline", "max_feed_bytes",
             "max_page_bytes", "max_robots_bytes", "max_entries_per_feed", "max_pages_per_round", "round_deadline", "max_page_attempts"}


def parse_networks(value: Any, *, file: str = "<settings>", line: int | None = None) -> tuple[IpNetwork, ...]:
    """Networks such as ``127.0.0.0/8`` or ``::1``; DataFileError for anything else."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise DataFileError(file, line, "'allow_addresses' must be a list of networks such as 127.0.0.0/8")
    try:
        return tuple(ipaddress.ip_network(str(item), strict=False) for item in items)
    except ValueError as error:
        raise DataFileError(file, line, f"'allow_addresses': {error}; expected networks such as 127.0.0.0/8 or ::1") from None
