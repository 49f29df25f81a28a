"""The store's table kept on disk between server starts.

Building the table of every stored incident takes seconds at 100,000 incidents (the query,
each place's admin units and controller looked up); reading it back from disk takes a fraction
of that. A lean table (``geodata.table.lean``: typed columns, no Python object per row) is kept
as an Arrow IPC file, read back column by column without a Python object per row; any other
table (a full one, with lists and dicts per row) as a pickle. The file is named by the store,
the part of the table (``part``: the table, or a companion such as the articles of its
sources), the store's change stamp (``geodata.review.review_stamp``) and the table code's
version, so a change anywhere gives a new file; older files of the same store and part are
removed. The folder is the user's cache folder (``$XDG_CACHE_HOME/geodata/tables`` on Linux),
readable by the user only, and only files this module wrote there are read.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from geodata.store.version import table_version
from geodata.table.lean import is_lean

log = logging.getLogger(__name__)
SUFFIX = ".table.pkl"
ARROW_SUFFIX = ".table.arrow"
ATTRS_KEY = b"geodata.attrs"
STALE_WRITE_SECONDS = 3600


def default_folder() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("geodata") / "tables"


def table_file(folder: Path, where: str, stamp: str, *, part: str = "table", suffix: str = SUFFIX) -> Path:
    """The file of one store (``where``) at one ``stamp`` for this table code (``part``: the
    table itself, or a companion frame kept beside it)."""
    store_key = hashlib.sha256(where.encode("utf-8")).hexdigest()[:16]
    state_key = hashlib.sha256(f"{stamp}|{table_version()}".encode()).hexdigest()[:16]
    name = store_key if part == "table" else f"{store_key}.{part}"
    return folder / f"{name}-{state_key}{suffix}"


def kept_table(where: str, stamp: str, build: Callable[[], pd.DataFrame], *,
               folder: Path | None = None, background: bool = False, part: str = "table") -> pd.DataFrame:
    """The table of the store ``where`` at ``stamp``: read from the folder when this state was
    kept, else built by ``build`` and kept (in a thread of its own when ``background``; a
    folder that cannot be written only costs the next start the time to build)."""
    folder = folder or default_folder()
    for suffix, read in ((ARROW_SUFFIX, _read_arrow), (SUFFIX, _read_pickle)):
        path = table_file(folder, where, stamp, part=part, suffix=suffix)
        if path.is_file():
            try:
                frame = read(path)
                if isinstance(frame, pd.DataFrame):
                    return frame
            except Exception as error:  # a torn or foreign file: built again below, and replaced
                log.warning("the kept table %s cannot be read (%s); building it again", path, error)
    frame = build()
    path = table_file(folder, where, stamp, part=part, suffix=ARROW_SUFFIX if is_lean(frame) else SUFFIX)
    if background:
        # written beside the first page load, not before it (the frame is read-only by contract)
        threading.Thread(target=_keep_quietly, args=(frame, path), name="geodata-keep-table", daemon=True).start()
    else:
        _keep_quietly(frame, path)
    return frame


def _read_pickle(path: Path) -> object:
    return pd.read_pickle(path)


def _read_arrow(path: Path) -> pd.DataFrame:
    import pyarrow as pa

    with pa.memory_map(str(path)) as source:
        table = pa.ipc.open_file(source).read_all()
    frame = table.to_pandas()
    attrs = (table.schema.metadata or {}).get(ATTRS_KEY)
    frame.attrs = json.loads(attrs) if attrs else {}
    return frame


def _keep_quietly(frame: pd.DataFrame, path: Path) -> None:
    try:
        _keep(frame, path)
    except OSError as error:
        log.warning("the table cannot be kept in %s: %s", path.parent, error)


def _write(frame: pd.DataFrame, output: BinaryIO, path: Path) -> None:
    if not path.name.endswith(ARROW_SUFFIX):
        frame.to_pickle(output)
        return
    import pyarrow as pa

    table = pa.Table.from_pandas(frame, preserve_index=not isinstance(frame.index, pd.RangeIndex))
    metadata = {**(table.schema.metadata or {}), ATTRS_KEY: json.dumps(frame.attrs, default=str).encode("utf-8")}
    table = table.replace_schema_metadata(metadata)
    with pa.ipc.new_file(output, table.schema) as writer:
        writer.write_table(table)


def _keep(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    suffix = ARROW_SUFFIX if path.name.endswith(ARROW_SUFFIX) else SUFFIX
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".writing-", suffix=suffix)
    try:
        with os.fdopen(handle, "wb") as output:
            _write(frame, output, path)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)  # whole or not at all: a reader never sees half a file
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    store_prefix = path.name.split("-", 1)[0] + "-"
    for ending in (SUFFIX, ARROW_SUFFIX):
        for old in path.parent.glob(f"{store_prefix}*{ending}"):
            if old != path:
                old.unlink(missing_ok=True)
        for torn in path.parent.glob(f".writing-*{ending}"):  # left by a process stopped while writing
            with contextlib.suppress(OSError):
                if time.time() - torn.stat().st_mtime > STALE_WRITE_SECONDS:
                    torn.unlink()
