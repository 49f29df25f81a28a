"""Where the store lives, how it is opened, and its schema version (SPEC section 11).

The database is ``GEODATA_DATABASE_URL`` when set (``sqlite:///path`` or
``postgresql://user@host/db``), else an SQLite file in the user's data folder
(``platformdirs.user_data_dir("geodata")``, which follows ``XDG_DATA_HOME`` on Linux). The
file is created on first use, readable by its owner only, in WAL mode with a busy timeout,
so readers never wait for a writer and writers wait their turn.

Opening checks the schema: a new database is created at the newest revision; an SQLite file
of an older revision is upgraded (after a copy of it is kept beside it); a PostgreSQL
database of an older revision waits for ``geodata db upgrade`` (several people may use it);
a database of a revision this code does not know, a file that is not a database, or one that
is damaged is refused with a message saying what to do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import getpass
import os
import re
import sqlite3
import stat
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.pool import StaticPool

from geodata.store.errors import StoreError

if TYPE_CHECKING:
    from alembic.config import Config
from geodata.store.records import dumps

ENV_URL = "GEODATA_DATABASE_URL"
FILE_NAME = "geodata.sqlite3"
BUSY_TIMEOUT_MS = 60_000
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# one lock for every writer of a PostgreSQL store (pg_advisory_xact_lock takes a bigint)
WRITE_LOCK = 0x6765_6F64_6174_61  # "geodata"
_CORRUPT_ADVICE = ("move the file aside and run the command again to start a new store, or restore it from a "
                   "'geodata db export' copy with 'geodata db import'")


def default_path(environ: Mapping[str, str] | None = None) -> Path:
    """The SQLite file in the user's data folder (``$XDG_DATA_HOME/geodata`` on Linux)."""
    env = os.environ if environ is None else environ
    if env.get("XDG_DATA_HOME"):
        return Path(env["XDG_DATA_HOME"]).expanduser() / "geodata" / FILE_NAME
    from platformdirs import user_data_dir

    return Path(user_data_dir("geodata", appauthor=False)) / FILE_NAME


def database_url(url: str | URL | None = None, environ: Mapping[str, str] | None = None) -> URL:
    """The URL to use: ``url``, else ``GEODATA_DATABASE_URL``, else the default SQLite file.
    ``postgresql://`` and ``postgres://`` mean the psycopg (version 3) driver."""
    env = os.environ if environ is None else environ
    text = url if url is not None else (env.get(ENV_URL) or "").strip() or None
    if text is None:
        return URL.create("sqlite+pysqlite", database=str(default_path(env)))
    try:
        parsed = make_url(text) if isinstance(text, str) else text
    except sa.exc.ArgumentError:
        raise StoreError(ENV_URL, f"{str(text)[:80]!r} is not a database URL",
                         "use sqlite:///path/to/file.sqlite3 or postgresql://user@host/database") from None
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise StoreError(_shown(parsed), f"the store runs on SQLite or PostgreSQL, not {parsed.get_backend_name()}",
                         "use sqlite:///path/to/file.sqlite3 or postgresql://user@host/database")
    return parsed


def _shown(url: URL) -> str:
    """The URL as it may be printed: the password hidden."""
    return url.render_as_string(hide_password=True)


@dataclass
class Store:
    """An open store: its engine, and where it is for messages."""

    engine: Engine
    url: URL
    path: Path | None = None  # the SQLite file, if it is one
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])

    @property
    def where(self) -> str:
        return str(self.path) if self.path is not None else _shown(self.url)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextlib.contextmanager
    def writing(self) -> Iterator[Connection]:
        """A transaction that holds the store's write lock until it commits (or rolls back).

        SQLite: ``BEGIN IMMEDIATE`` (other writers wait up to the busy timeout); PostgreSQL:
        a transaction-level advisory lock. Reads in it see every earlier commit."""
        with _translated(self), self.engine.connect() as connection:
            connection = connection.execution_options(geodata_write=True)
            with connection.begin():
                if self.dialect == "postgresql":
                    connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})
                yield connection

    @contextlib.contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read transaction: one consistent view of the store."""
        with _translated(self), self.engine.connect() as connection, connection.begin():
            yield connection

    def dispose(self) -> None:
        self.engine.dispose()


@contextlib.contextmanager
def _translated(store: Store) -> Iterator[None]:
    """Database errors as StoreError naming the store (the CLI prints them without a traceback)."""
    try:
        yield
    except sa.exc.DatabaseError as error:
        raise _database_error(store.where, error) from error
    except sa.exc.OperationalError as error:  # pragma: no cover - DatabaseError covers it; kept for clarity
        raise _database_error(store.where, error) from error


def _database_error(where: str, error: Exception) -> StoreError:
    detail = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
    lowered = detail.lower()
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return StoreError(where, f"the database file is damaged or not a database ({detail})", _CORRUPT_ADVICE)
    if "locked" in lowered or "busy" in lowered:
        return StoreError(where, f"the database stayed busy ({detail})",
                          "another process is writing a long batch: try again when it is done")
    if any(word in lowered for word in ("password authentication", "connection refused", "could not", "connection failed")):
        return StoreError(where, f"cannot connect ({detail})", f"check {ENV_URL} and that the server is running")
    return StoreError(where, f"database error: {detail}")


def now() -> str:
    """The current time as the store writes it: ISO 8601 in UTC, to the microsecond."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def author() -> str | None:
    """Who runs the command, for the change log."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in containers without a passwd entry
        return None


# ------------------------------------------------------------------ opening


def open_store(url: str | URL | None = None, *, upgrade: bool | None = None, check: bool = True) -> Store:
    """The store at ``url`` (default: ``GEODATA_DATABASE_URL`` or the user's SQLite file),
    created on first use and checked against the code's schema (module docstring).

    ``upgrade``: migrate an older schema on opening (default: yes for SQLite, no for
    PostgreSQL, where ``geodata db upgrade`` does it). ``check=False`` only connects (for
    ``upgrade_schema``). StoreError says what is wrong."""
    parsed = database_url(url)
    path = _sqlite_file(parsed)
    try:
        store = Store(_engine(parsed, path), parsed, path)
    except ImportError as error:
        raise StoreError(_shown(parsed), f"the database driver is not installed ({error.name})",
                         "install it with: pip install 'psycopg[binary]'") from None
    if not check:
        return store
    try:
        check_schema(store, upgrade=store.dialect == "sqlite" if upgrade is None else upgrade)
    except BaseException:
        store.dispose()
        raise
    return store


def _sqlite_file(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    path = Path(url.database).expanduser().resolve()
    _prepare_file(path)
    return path


def _prepare_file(path: Path) -> None:
    """Create the folder (owner only) and the file (mode 0600) if missing; take away what
    others may do with an existing file and its WAL files."""
    if not path.parent.exists():
        try:
            path.parent.mkdir(parents=True, mode=0o700)
        except FileExistsError:
            pass
        except OSError as error:
            raise StoreError(str(path), f"cannot create its folder: {error.strerror}",
                             f"set {ENV_URL} to a file in a folder you can write") from None
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass
    except OSError as error:
        raise StoreError(str(path), f"cannot create the database file: {error.strerror}",
                         f"set {ENV_URL} to a file in a folder you can write") from None
    if path.is_dir():
        raise StoreError(str(path), "is a folder, not a database file", f"set {ENV_URL} to a file path")
    for item in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(OSError):
            mode = item.stat().st_mode
            if mode & stat.S_IRWXO and item.stat().st_uid == os.getuid():
                item.chmod(stat.S_IMODE(mode) & ~stat.S_IRWXO)


def _engine(url: URL, path: Path | None) -> Engine:
    if url.get_backend_name() == "postgresql":
        return sa.create_engine(url, json_serializer=dumps, json_deserializer=orjson.loads, pool_pre_ping=True)
    memory = path is None
    engine = sa.create_engine(
        # orjson reads the stored incidents about 4x as fast as json: the whole table is read on a start
        url, json_serializer=dumps, json_deserializer=orjson.loads,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        poolclass=StaticPool if memory else None,
    )
    sa.event.listen(engine, "connect", _sqlite_connect)
    sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(connection: sqlite3.Connection, _record: object) -> None:
    connection.isolation_level = None  # transactions are begun by _sqlite_begin
    cursor = connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    write = connection.get_execution_options().get("geodata_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


# ------------------------------------------------------------------ schema


# Alembic is loaded only to migrate: opening a store whose schema is current (every start of
# the dashboard) reads the revision stamped in it and the revisions of the migration scripts
# without it (loading alembic took about a second of each server start).
REVISION_LINE = re.compile(r"^(down_revision|revision)\s*=\s*(?:\"([^\"]*)\"|None)\s*$", re.MULTILINE)


def _alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@functools.lru_cache(maxsize=1)
def _revisions() -> tuple[str, ...]:
    """The revisions of the migration scripts, newest first, read from the files (alembic's
    own reading when they do not form one line of revisions)."""
    revises: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        found = dict((name, value or None) for name, value in REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        if found.get("revision"):
            revises[found["revision"]] = found.get("down_revision")
    heads = set(revises) - set(revises.values())
    line: list[str] = []
    while len(heads) == 1 and len(line) < len(revises):
        line.append(heads.pop())
        below = revises[line[-1]]
        heads = {below} if below is not None else set()
    if line and len(line) == len(revises) and not heads:
        return tuple(line)
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    return tuple(revision.revision for revision in script.walk_revisions())


def head_revision() -> str:
    """The newest schema revision this code knows."""
    return _revisions()[0]


def known_revisions() -> list[str]:
    return list(_revisions())


def _stamped_revision(connection: Connection, tables: set[str]) -> str | None:
    """The revision alembic stamped in the store (None in a store it never migrated)."""
    if "alembic_version" not in tables:
        return None
    stamped = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(stamped) > 1:
        raise StoreError(connection.engine.url.render_as_string(hide_password=True),
                         f"the store has several schema revisions ({', '.join(stamped)})",
                         f"it was not migrated by geodata: point {ENV_URL} at another database")
    return stamped[0] if stamped else None


@dataclass(frozen=True)
class SchemaState:
    """The schema revision found in a database, and what the code knows."""

    current: str | None
    head: str
    has_tables: bool

    @property
    def fresh(self) -> bool:
        return self.current is None and not self.has_tables


def schema_state(connection: Connection) -> SchemaState:
    tables = set(sa.inspect(connection).get_table_names())
    current = _stamped_revision(connection, tables)
    return SchemaState(current, head_revision(), bool(tables & {"articles", "incidents", "reports"}))


def check_schema(store: Store, *, upgrade: bool) -> SchemaState:
    """Create a new store, upgrade an older one if ``upgrade``, refuse what cannot be used."""
    with store.reading() as connection:
        state = schema_state(connection)
    if state.current == state.head:
        return state
    _refuse_unknown(store, state)
    if state.fresh or upgrade:
        return upgrade_schema(store)
    raise StoreError(store.where, f"the store's schema is at revision {state.current}, older than this "
                     f"geodata's {state.head}", "run 'geodata db upgrade' (take a copy of the database first)")


def _refuse_unknown(store: Store, state: SchemaState) -> None:
    if state.current is None and state.has_tables:
        raise StoreError(store.where, "has tables but no geodata schema version: it is not a geodata store",
                         f"point {ENV_URL} at another database")
    if state.current is not None and state.current not in known_revisions():
        raise StoreError(store.where, f"the store's schema revision {state.current} is newer than this geodata "
                         f"knows (up to {state.head})",
                         "upgrade geodata (pip install --upgrade geodata), or point "
                         f"{ENV_URL} at another database")


def upgrade_schema(store: Store) -> SchemaState:
    """Migrate the store to the newest revision, under the write lock (one process does it,
    the others find it done). An SQLite file with data is copied beside itself first."""
    with store.writing() as connection:
        state = schema_state(connection)
        _refuse_unknown(store, state)
        if state.current == state.head:
            return state
        if store.path is not None and state.current is not None:
            _backup(store.path, state.current)
        from alembic import command

        command.upgrade(_alembic_config(connection), "head")
        if state.current is None:
            from geodata.store.schema import store_meta

            connection.execute(sa.insert(store_meta), [{"key": "created_at", "value": now()}])
        _log_upgrade(connection, store, state.current)
        return schema_state(connection)


def _log_upgrade(connection: Connection, store: Store, before: str | None) -> None:
    from geodata.store.schema import changes

    connection.execute(sa.insert(changes).values(
        at=now(), command="db upgrade", run_id=store.run_id, author=author(), entity="store", entity_id="schema",
        action="created" if before is None else "upgraded", detail={"from": before, "to": head_revision()}))


def _backup(path: Path, revision: str) -> Path:
    """A copy of the SQLite file as it is (through SQLite's backup, consistent even in WAL mode)."""
    target = path.with_name(f"{path.name}.before-{revision}.bak")
    source, copy = sqlite3.connect(path), sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)
    finally:
        source.close()
        copy.close()
    target.chmod(0o600)
    return target


def store_info(store: Store) -> dict[str, Any]:
    """Where the store is, its schema revision and how much it holds (``geodata db info``)."""
    from geodata.store.schema import articles, changes, incident_sources, incidents, reports, review_changes, reviews

    with store.reading() as connection:
        state = schema_state(connection)
        counts = {table.name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                  for table in (articles, reports, incidents, incident_sources, changes, reviews, review_changes)}
        last = connection.execute(sa.select(sa.func.max(changes.c.at))).scalar_one()
        versions: dict[str | None, int] = dict(connection.execute(
            sa.select(articles.c.extractor_version, sa.func.count()).group_by(articles.c.extractor_version)).all())
    info: dict[str, Any] = {
        "database": store.where, "backend": store.dialect, "schema_revision": state.current,
        "schema_head": state.head, "counts": counts, "last_change": last,
        "articles_by_extractor_version": versions,
    }
    if store.path is not None:
        info["size_bytes"] = sum(item.stat().st_size for item in
                                 (store.path, store.path.with_name(store.path.name + "-wal")) if item.exists())
    return info
