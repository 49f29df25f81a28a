"""Every store test runs on SQLite and on PostgreSQL + PostGIS.

PostgreSQL comes from ``GEODATA_TEST_POSTGRES_URL`` (``.ci/run`` starts a throwaway server
with ``scripts/test_postgres.sh``); without it the PostgreSQL cases are skipped, saying why.
Each pytest-xdist worker gets a database of its own, emptied before each test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from geodata.store.database import ENV_URL, Store, open_store
from geodata.store.schema import TABLES

POSTGRES_ENV = "GEODATA_TEST_POSTGRES_URL"
NO_POSTGRES = (f"{POSTGRES_ENV} is not set: no PostgreSQL server to test against "
               "(run 'scripts/test_postgres.sh run make test', as .ci/run does)")
BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(autouse=True)
def _no_user_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads or writes the user's own store."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv(ENV_URL, raising=False)


@pytest.fixture(scope="session")
def postgres_url(worker_id: str) -> str:
    """A database of this worker's own, with PostGIS (created on the test server once)."""
    return postgres_database(worker_id)


def postgres_database(suffix: str) -> str:
    """The URL of database ``<test database>_<suffix>`` with PostGIS, created if missing."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(NO_POSTGRES)
    url = make_url(base)
    name = f"{url.database}_{suffix}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}).first()
            if not exists:
                connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    own = url.set(database=name)
    engine = sa.create_engine(own, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("CREATE EXTENSION IF NOT EXISTS postgis"))
    finally:
        engine.dispose()
    return own.render_as_string(hide_password=False)


def empty_postgres(url: str) -> None:
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for table in (*(table.name for table in TABLES), "alembic_version"):
                connection.execute(sa.text(f"DROP TABLE IF EXISTS {table} CASCADE"))
    finally:
        engine.dispose()


def own_store_url(backend: str, folder: Path, name: str) -> str:
    """The URL of an empty store of its own on ``backend``: ``name``.sqlite3 in ``folder``, or
    the database ``<test database>_<name>`` (for a module's store, or a copy beside a test's)."""
    if backend == "sqlite":
        return f"sqlite:///{folder / f'{name}.sqlite3'}"
    url = postgres_database(name)
    empty_postgres(url)
    return url


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty store on ``backend`` (the database or file need not exist yet)."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'store' / 'geodata.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    empty_postgres(url)
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = open_store(store_url)
    yield opened
    opened.dispose()
