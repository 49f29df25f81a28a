"""The fetch state in one JSON file (the user's data folder by default), written atomically.

It keeps the latest record of every feed, what became of each article URL (the newest
``max_urls``) and the latest ``rounds_kept`` rounds of each outlet. The file is readable by its
owner only. A file that cannot be read is an error naming it and the fix, never silently reset.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from geodata.errors import DataFileError
from geodata.ingest.config import APP_NAME
from geodata.ingest.memory import MemoryFetchState
from geodata.ingest.protocols import FeedRecord, Issue, OutletRound, UrlRecord
from geodata.private_files import write_private

STATE_VERSION = 1
STATE_FILE = "fetch_state.json"


def default_state_path() -> Path:
    """``GEODATA_FETCH_STATE``, else ``fetch_state.json`` in the user's data folder."""
    if os.environ.get("GEODATA_FETCH_STATE"):
        return Path(os.environ["GEODATA_FETCH_STATE"]).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME) / STATE_FILE


class JsonFetchState(MemoryFetchState):
    """MemoryFetchState loaded from and committed to ``path``."""

    def __init__(self, path: str | Path | None = None, *, rounds_kept: int = 50, max_urls: int = 50_000) -> None:
        super().__init__(rounds_kept=rounds_kept)
        self.path = Path(path) if path is not None else default_state_path()
        self.max_urls = max_urls
        if self.path.exists():
            self._load(self._read())

    def _read(self) -> dict[str, Any]:
        file = str(self.path)
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise DataFileError(file, error.lineno, f"fetch state is not valid JSON ({error.msg}); move the file away to start afresh") from None
        except (OSError, UnicodeDecodeError) as error:
            raise DataFileError(file, None, f"cannot read the fetch state: {error}") from None
        if not isinstance(data, dict) or not isinstance(data.get("version"), int):
            raise DataFileError(file, 1, "not a fetch state file (no 'version'); move the file away to start afresh")
        if data["version"] > STATE_VERSION:
            raise DataFileError(file, 1, f"fetch state version {data['version']} is newer than this geodata reads ({STATE_VERSION}); upgrade geodata")
        return data

    def _load(self, data: dict[str, Any]) -> None:
        try:
            for raw in data.get("feeds", []):
                self.save_feed(FeedRecord(**_times(raw, "last_fetched_at")))
            for raw in data.get("urls", []):
                self.save_url(UrlRecord(**_times(raw, "at")))
            for raw in data.get("rounds", []):
                raw = _times(raw, "started_at", "finished_at")
                raw["skipped"] = tuple(Issue(**issue) for issue in raw.get("skipped", []))
                raw["failed"] = tuple(Issue(**issue) for issue in raw.get("failed", []))
                values: dict[str, Any] = {key: tuple(value) if isinstance(value, list) else value for key, value in raw.items()}
                self._rounds.append(OutletRound(**values))
        except (TypeError, ValueError, KeyError) as error:
            raise DataFileError(str(self.path), None, f"fetch state has a record this geodata cannot read ({error}); move the file away to start afresh") from None

    def commit(self) -> None:
        super().commit()
        urls = sorted(self._urls.values(), key=lambda record: record.at)[-self.max_urls:]
        self._urls = {record.url: record for record in urls}
        data = {
            "version": STATE_VERSION,
            "feeds": [_plain(record) for record in self._feeds.values()],
            "urls": [_plain(record) for record in urls],
            "rounds": [_plain(report) for report in self._rounds],
        }
        _write_private(self.path, json.dumps(data, ensure_ascii=False, indent=1))


def _times(raw: dict[str, Any], *keys: str) -> dict[str, Any]:
    values = dict(raw)
    for key in keys:
        values[key] = dt.datetime.fromisoformat(values[key])
    return values


def _plain(record: Any) -> dict[str, Any]:
    return {key: _jsonable(value) for key, value in dataclasses.asdict(record).items()}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    return value


def _write_private(path: Path, text: str) -> None:
    write_private(path, text.encode("utf-8"))
