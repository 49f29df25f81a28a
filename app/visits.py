""""New since your last visit": which incidents the analyst has not seen yet.

At the start of each session the dashboard reads what the table held at the previous visit
(``visit.json`` in the state folder: when, and the incident ids) and records the present one.
Incidents whose id was not there last time are new. Ids, not dates: a report about last
year's strike added yesterday is new too. A state folder that cannot be read or written
costs the feature, never the page.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import orjson

from geodata.private_files import write_private

log = logging.getLogger(__name__)

VISIT_FILE = "visit.json"
STATE_ENV = "GEODATA_STATE_DIR"


@dataclass(frozen=True)
class Visit:
    """A visit: when, and the ids of the incidents the table held then."""

    at: dt.datetime
    ids: frozenset[str]


# Every new session reads the last visit and records its own: at 100,000 incidents parsing,
# sorting and writing the ids took about 0.3 s of each new session's first run. This process
# keeps what it last wrote to each file (read back while the file is as it left it) and the
# ids' JSON of the last set of ids it wrote (the dashboard's cached set: the same object for
# every session on one table).
_lock = threading.Lock()
_written: dict[Path, tuple[tuple[int, int], Visit]] = {}
_ids_json: tuple[frozenset[str], bytes] | None = None


def state_dir(environ: dict[str, str] | None = None) -> Path:
    """``GEODATA_STATE_DIR``, else ``$XDG_STATE_HOME/geodata``, else ``~/.local/state/geodata``."""
    env = dict(os.environ) if environ is None else environ
    if env.get(STATE_ENV):
        return Path(env[STATE_ENV]).expanduser()
    base = env.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base).expanduser() / "geodata"


def read_visit(folder: Path) -> Visit | None:
    """The visit recorded in ``folder``, or None (none yet, or unreadable: logged)."""
    path = folder / VISIT_FILE
    try:
        known = _written.get(path)
        if known is not None and known[0] == _signature(path):
            return known[1]
        # orjson: the file holds every incident id (100,000 of them in a large store), read
        # at the start of each session
        data = orjson.loads(path.read_bytes())
        return Visit(dt.datetime.fromisoformat(str(data["at"])), frozenset(str(item) for item in data["ids"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, orjson.JSONDecodeError) as error:
        log.warning("the last visit in %s cannot be read: %s", path, error)
        return None


def record_visit(folder: Path, ids: Iterable[str], *, at: dt.datetime | None = None) -> Visit | None:
    """Record a visit now (or ``at``) with ``ids``; None when the folder cannot be written."""
    visit = Visit(at or dt.datetime.now().replace(microsecond=0), frozenset(ids))
    path = folder / VISIT_FILE
    try:
        write_private(path, orjson.dumps({"at": visit.at.isoformat(), "ids": orjson.Fragment(_ids_bytes(visit.ids))}))
        with _lock:
            _written[path] = (_signature(path), visit)
    except OSError as error:
        log.warning("the visit cannot be recorded in %s: %s", folder, error)
        return None
    return visit


def _signature(path: Path) -> tuple[int, int]:
    """The file's modification time and size: what tells whether it is as this process left it."""
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


def _ids_bytes(ids: frozenset[str]) -> bytes:
    """The sorted ids as a JSON array, kept for the last set of ids written."""
    global _ids_json
    kept = _ids_json
    if kept is not None and kept[0] is ids:
        return kept[1]
    encoded = orjson.dumps(sorted(ids))
    with _lock:
        _ids_json = (ids, encoded)
    return encoded


def new_since(ids: Iterable[str], previous: Visit | None) -> frozenset[str]:
    """The ids that were not there at the ``previous`` visit (none on a first visit)."""
    if previous is None:
        return frozenset()
    return frozenset(ids) - previous.ids
