"""The store's table kept on disk between server starts.

Building the typed table of every stored incident takes seconds per 10,000 incidents (each
incident's JSON read and laid out in columns, each place's controller looked up); reading the
same frame back from a pickle takes a fifth of that. The file is named by the store, the
store's change stamp (``geodata.review.review_stamp``) and the table code's version, so a
change anywhere gives a new file; older files of the same store are removed. The folder is the
user's cache folder (``$XDG_CACHE_HOME/geodata/tables`` on Linux), readable by the user only,
and only files this module wrote there are read.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from geodata.store.version import table_version

log = logging.getLogger(__name__)
SUFFIX = ".table.pkl"
STALE_WRITE_SECONDS = 3600


def default_folder() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("geodata") / "tables"


def table_file(folder: Path, where: str, stamp: str) -> Path:
    """The file of one store (``where``) at one ``stamp`` for this table code."""
    store_key = hashlib.sha256(where.encode("utf-8")).hexdigest()[:16]
    state_key = hashlib.sha256(f"{stamp}|{table_version()}".encode()).hexdigest()[:16]
    return folder / f"{store_key}-{state_key}{SUFFIX}"


def kept_table(where: str, stamp: str, build: Callable[[], pd.DataFrame], *,
               folder: Path | None = None, background: bool = False) -> pd.DataFrame:
    """The table of the store ``where`` at ``stamp``: read from the folder when this state was
    kept, else built by ``build`` and kept (in a thread of its own when ``background``; a
    folder that cannot be written only costs the next start the time to build)."""
    folder = folder or default_folder()
    path = table_file(folder, where, stamp)
    if path.is_file():
        try:
            frame = pd.read_pickle(path)
            if isinstance(frame, pd.DataFrame):
                return frame
        except Exception as error:  # a torn or foreign file: built again below, and replaced
            log.warning("the kept table %s cannot be read (%s); building it again", path, error)
    frame = build()
    if background:
        # written beside the first page load, not before it (the frame is read-only by contract)
        threading.Thread(target=_keep_quietly, args=(frame, path), name="geodata-keep-table", daemon=True).start()
    else:
        _keep_quietly(frame, path)
    return frame


def _keep_quietly(frame: pd.DataFrame, path: Path) -> None:
    try:
        _keep(frame, path)
    except OSError as error:
        log.warning("the table cannot be kept in %s: %s", path.parent, error)


def _keep(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".writing-", suffix=SUFFIX)
    try:
        with os.fdopen(handle, "wb") as output:
            frame.to_pickle(output)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)  # whole or not at all: a reader never sees half a file
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    store_prefix = path.name.split("-", 1)[0] + "-"
    for old in path.parent.glob(f"{store_prefix}*{SUFFIX}"):
        if old != path:
            old.unlink(missing_ok=True)
    for torn in path.parent.glob(f".writing-*{SUFFIX}"):  # left by a process stopped while writing
        with contextlib.suppress(OSError):
            if time.time() - torn.stat().st_mtime > STALE_WRITE_SECONDS:
                torn.unlink()
