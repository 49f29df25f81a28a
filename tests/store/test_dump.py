"""``db export`` / ``db import``: a lossless round trip, on either database and across them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from geodata.store.database import Store, open_store
from geodata.store.dump import export_store, import_store
from geodata.store.errors import StoreError
from geodata.store.ingest import ingest_articles
from geodata.store.query import incident_table
from tests.store.corpora import dense_articles


def _export(store: Store) -> list[str]:
    stream = io.StringIO()
    export_store(store, stream)
    return stream.getvalue().splitlines()


@pytest.fixture
def filled(store: Store) -> Store:
    ingest_articles(list(dense_articles())[:50], store=store, batch_size=20)
    return store


def test_export_then_import_gives_back_every_row(filled: Store, tmp_path: Path) -> None:
    lines = _export(filled)
    kinds = {json.loads(line)["record"] for line in lines}
    assert kinds == {"store", "meta", "article", "report", "incident", "source", "change"}
    path = tmp_path / "export.jsonl"
    export_store(filled, path)
    copy = open_store(f"sqlite:///{tmp_path / 'copy.sqlite3'}")
    counts = import_store(copy, path)
    assert counts["article"] == 50
    again = _export(copy)
    # the same lines, but the header (its time) and one more change: the import itself
    assert again[1:-1] == lines[1:]
    assert json.loads(again[-1])["action"] == "imported"
    assert incident_table(copy, with_control=False).equals(incident_table(filled, with_control=False))
    copy.dispose()


def test_a_round_trip_across_databases(filled: Store, backend: str, request: pytest.FixtureRequest) -> None:
    other_url = (request.getfixturevalue("postgres_url") if backend == "sqlite"
                 else f"sqlite:///{request.getfixturevalue('tmp_path') / 'other.sqlite3'}")
    if backend == "sqlite":
        from tests.store.conftest import empty_postgres

        empty_postgres(other_url)
    lines = _export(filled)
    other = open_store(other_url)
    import_store(other, io.StringIO("\n".join(lines) + "\n"))
    assert _export(other)[1:-1] == lines[1:]
    back = open_store(f"sqlite:///{request.getfixturevalue('tmp_path') / 'back.sqlite3'}")
    import_store(back, io.StringIO("\n".join(_export(other)) + "\n"))
    assert _export(back)[1:-2] == lines[1:]
    other.dispose()
    back.dispose()


def test_import_refuses_a_store_that_holds_data(filled: Store) -> None:
    lines = _export(filled)
    with pytest.raises(StoreError, match=r"not empty.*--replace"):
        import_store(filled, io.StringIO("\n".join(lines)))
    import_store(filled, io.StringIO("\n".join(lines)), replace=True)
    assert _export(filled)[1:-1] == lines[1:]


@pytest.mark.parametrize(("line", "reason"), [
    ("not json", "invalid JSON"),
    ('{"record": "article", "id": "x"}', "exactly its columns"),
    ('{"record": "planet"}', "unknown record"),
])
def test_a_bad_line_names_file_line_and_reason_and_changes_nothing(filled: Store, line: str, reason: str) -> None:
    lines = _export(filled)
    broken = io.StringIO("\n".join([*lines[:3], line, *lines[3:]]))
    broken.name = "broken.jsonl"
    with pytest.raises(StoreError, match=f"broken.jsonl:4: .*{reason}"):
        import_store(filled, broken, replace=True)
    assert _export(filled)[1:] == lines[1:]


def test_a_file_without_the_header_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="no geodata store header"):
        import_store(store, io.StringIO('{"record": "article"}\n'))
    with pytest.raises(StoreError, match="newer than this geodata reads"):
        import_store(store, io.StringIO('{"record": "store", "format": "geodata-store", "format_version": 99}\n'))
