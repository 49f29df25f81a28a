"""Where the store lives, how it is opened, and what it says when it cannot be used."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from geodata.store.database import ENV_URL, database_url, default_path, head_revision, open_store, store_info
from geodata.store.errors import StoreError
from geodata.store.schema import metadata


def test_the_default_store_is_a_private_sqlite_file_in_the_user_data_folder(tmp_path: Path) -> None:
    path = default_path()
    assert path == tmp_path / "xdg-data" / "geodata" / "geodata.sqlite3"
    assert not path.exists()
    store = open_store()  # no step before: created on first use
    assert store.path == path and path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    with store.reading() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10_000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    for sidecar in path.parent.glob("*-wal"):
        assert not stat.S_IMODE(sidecar.stat().st_mode) & stat.S_IRWXO
    store.dispose()


def test_a_world_readable_file_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "open.sqlite3"
    path.touch()
    path.chmod(0o644)
    open_store(f"sqlite:///{path}").dispose()
    assert not stat.S_IMODE(path.stat().st_mode) & stat.S_IRWXO


def test_the_environment_names_the_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_URL, f"sqlite:///{tmp_path / 'team.sqlite3'}")
    assert database_url().database == str(tmp_path / "team.sqlite3")
    assert database_url("postgresql://analyst:secret@db.example/geodata").drivername == "postgresql+psycopg"
    assert database_url("postgres://db.example/geodata").drivername == "postgresql+psycopg"
    with pytest.raises(StoreError, match="SQLite or PostgreSQL"):
        database_url("mysql://db.example/geodata")
    with pytest.raises(StoreError, match="not a database URL"):
        database_url("::nonsense::")


def test_the_migrations_create_the_tables_of_the_schema(store_url: str) -> None:
    store = open_store(store_url)
    with store.reading() as connection, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Did not recognize type 'geometry'")
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = [difference for difference in compare_metadata(context, metadata)
                       if not _postgis_own(difference)]
    store.dispose()
    assert differences == []


def _postgis_own(difference: object) -> bool:
    """PostGIS's own table, and the geometry column the schema adds on PostgreSQL only."""
    text = repr(difference)
    return "spatial_ref_sys" in text or "'geom'" in text or "ix_incidents_geom" in text


def test_postgis_keeps_a_point_per_located_incident(postgres_url: str) -> None:
    from geodata.store.ingest import ingest
    from tests.store.conftest import empty_postgres

    empty_postgres(postgres_url)
    store = open_store(postgres_url)
    ingest([Path(__file__).resolve().parents[2] / "seeds"], store=store)
    with store.reading() as connection:
        rows = connection.execute(sa.text("SELECT lat, lon, ST_Y(geom), ST_X(geom), ST_SRID(geom) FROM incidents")).all()
        index = connection.execute(sa.text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_incidents_geom'")).scalar()
    store.dispose()
    assert rows and all(row[0] == row[2] and row[1] == row[3] and row[4] == 4326 for row in rows if row[0] is not None)
    assert "gist" in index.lower()


def test_a_file_that_is_not_a_database_gives_a_message_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"this is not an SQLite database at all" * 200)
    with pytest.raises(StoreError) as caught:
        open_store(f"sqlite:///{path}")
    message = str(caught.value)
    assert str(path) in message and "not a database" in message and "move the file aside" in message
    done = subprocess.run([sys.executable, "-m", "geodata", "db", "info"], capture_output=True, text=True,
                          env={**_env(), ENV_URL: f"sqlite:///{path}"}, check=False)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and str(path) in done.stderr and "not a database" in done.stderr


def test_a_schema_newer_than_the_code_is_refused(store_url: str) -> None:
    open_store(store_url).dispose()
    engine = sa.create_engine(store_url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StoreError, match=r"revision 9999 is newer than this geodata knows .*upgrade geodata"):
        open_store(store_url)


def test_the_revisions_read_from_the_migration_files_are_alembics(tmp_path: Path) -> None:
    from alembic.script import ScriptDirectory

    from geodata.store.database import _alembic_config, known_revisions

    script = ScriptDirectory.from_config(_alembic_config())
    assert head_revision() == script.get_current_head()
    assert known_revisions() == [revision.revision for revision in script.walk_revisions()]
    # opening a store whose schema is current does not load alembic (about a second of each
    # dashboard start); creating one does
    url = f"sqlite:///{tmp_path / 'current.sqlite3'}"
    open_store(url).dispose()
    code = ("import sys; from geodata.store.database import open_store; "
            f"open_store({url!r}).dispose(); print('alembic' in sys.modules)")
    opened = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert opened.stdout.strip() == "False", opened.stderr
    fresh = code.replace("current.sqlite3", "fresh.sqlite3")
    assert subprocess.run([sys.executable, "-c", fresh], capture_output=True, text=True, check=True).stdout.strip() == "True"


def test_a_database_of_another_application_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE articles (id TEXT)")
    with pytest.raises(StoreError, match="not a geodata store"):
        open_store(f"sqlite:///{path}")


def test_info_tells_where_the_store_is_and_what_it_holds(store_url: str) -> None:
    store = open_store(store_url)
    info = store_info(store)
    store.dispose()
    assert info["schema_revision"] == info["schema_head"] == head_revision()
    assert info["counts"]["incidents"] == 0 and info["counts"]["changes"] == 1  # the store's creation
    assert "secret" not in info["database"]


def test_two_processes_creating_one_store_at_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'race.sqlite3'}"
    code = "from geodata.store.database import open_store; open_store().dispose()"
    runs = [subprocess.Popen([sys.executable, "-c", code], env={**_env(), ENV_URL: url}, stderr=subprocess.PIPE, text=True)
            for _ in range(3)]
    errors = [run.communicate()[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], errors
    store = open_store(url)
    assert store_info(store)["counts"]["changes"] == 1
    store.dispose()


def _env() -> dict[str, str]:
    import os

    return {key: value for key, value in os.environ.items() if key != ENV_URL}
