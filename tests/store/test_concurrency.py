"""An ingest killed midway loses nothing and duplicates nothing; two at once lose nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from geodata.store.database import ENV_URL, open_store
from geodata.store.query import stored_incidents
from geodata.store.schema import articles, incident_sources, incidents, reports
from tests.store.corpora import dense_articles, scratch_incidents, without_ids, write_jsonl

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]


def _ingest(url: str, *inputs: Path, batch_size: int = 4) -> subprocess.Popen[str]:
    env = {**os.environ, ENV_URL: url}
    return subprocess.Popen([sys.executable, "-m", "geodata", "ingest", "--batch-size", str(batch_size), *map(str, inputs)],
                            env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _count(url: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one()
    except sa.exc.DatabaseError:  # not created yet
        return 0
    finally:
        engine.dispose()


def _consistent(url: str) -> None:
    """Every stored report belongs to one incident, every incident has its sources."""
    store = open_store(url)
    with store.reading() as connection:
        orphans = connection.execute(
            sa.select(sa.func.count()).select_from(reports.outerjoin(incident_sources, sa.and_(
                incident_sources.c.article_id == reports.c.article_id, incident_sources.c.seq == reports.c.seq)))
            .where(incident_sources.c.incident_id.is_(None))).scalar_one()
        empty = connection.execute(sa.select(sa.func.count()).select_from(incidents).where(
            ~sa.exists().where(incident_sources.c.incident_id == incidents.c.id))).scalar_one()
        if store.dialect == "sqlite":
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    store.dispose()
    assert (orphans, empty) == (0, 0)


def test_an_ingest_killed_midway_is_finished_by_running_it_again(store_url: str, tmp_path: Path) -> None:
    corpus = list(dense_articles())[:60]
    path = write_jsonl(corpus, tmp_path / "corpus.jsonl")
    open_store(store_url).dispose()
    run = _ingest(store_url, path, batch_size=3)
    seen = 0
    for _ in range(6000):  # bounded: at most a few minutes
        seen = _count(store_url)
        if seen >= 9 or run.poll() is not None:
            break
        time.sleep(0.02)
    run.send_signal(signal.SIGKILL)
    run.communicate()
    assert run.returncode == -signal.SIGKILL, "the ingest ended before it could be killed"
    stored = _count(store_url)
    assert 0 < stored < len(corpus) and stored % 3 == 0  # whole batches only
    _consistent(store_url)
    again = _ingest(store_url, path)
    _, err = again.communicate()
    assert again.returncode == 0, err
    assert f"{stored} unchanged" in err
    _consistent(store_url)
    store = open_store(store_url)
    assert without_ids(stored_incidents(store)) == without_ids(scratch_incidents(corpus))
    store.dispose()


def test_two_ingests_at_once_lose_nothing(store_url: str, tmp_path: Path) -> None:
    corpus = list(dense_articles())[:60]
    half = len(corpus) // 2
    # overlapping halves, in opposite orders: both read the middle articles
    first = write_jsonl(corpus[: half + 10], tmp_path / "first.jsonl")
    second = write_jsonl(list(reversed(corpus[half - 10:])), tmp_path / "second.jsonl")
    open_store(store_url).dispose()
    runs = [_ingest(store_url, first, batch_size=5), _ingest(store_url, second, batch_size=5)]
    errors = [run.communicate()[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], errors
    assert _count(store_url) == len(corpus)
    _consistent(store_url)
    store = open_store(store_url)
    found = stored_incidents(store)
    store.dispose()
    assert without_ids(found) == without_ids(scratch_incidents(corpus))
    assert len({incident.incident_id for incident in found}) == len(found)
