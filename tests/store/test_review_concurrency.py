"""Two analysts at once never overwrite each other silently (SPEC section 12), on SQLite and
PostgreSQL: a change made against an older version of an incident is refused with its newer
values, from two sessions (two Store objects) and from two processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geodata.review import ConflictError, add_note, correct, incident_review, review_queue
from geodata.store.database import ENV_URL, Store, open_store
from geodata.store.dump import export_lines
from geodata.store.ingest import ingest

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def two_sessions(store_url: str) -> tuple[Store, Store]:
    first = open_store(store_url)
    ingest([SEEDS], store=first)
    second = open_store(store_url)
    yield first, second
    first.dispose()
    second.dispose()


def test_a_save_against_an_older_version_is_refused_with_the_newer_values(two_sessions: tuple[Store, Store]) -> None:
    sara, omar = two_sessions
    item = review_queue(sara)[0]
    seen_by_omar = incident_review(omar, item.incident_id).version  # both open the same version
    correct(sara, item.incident_id, {"killed": 3, "kind": "drone_attack"}, author="sara", expect_version=item.version)
    before = list(export_lines(omar))[1:]
    with pytest.raises(ConflictError) as refused:
        correct(omar, item.incident_id, {"killed": 5}, author="omar", expect_version=seen_by_omar)
    error = refused.value
    assert (error.expected, error.version) == (seen_by_omar, seen_by_omar + 1)
    assert error.current["killed"] == "3" and error.current["kind"].startswith("Drone attack")
    assert "last changed by sara (correct)" in str(error) and "nothing was saved" in str(error)
    assert list(export_lines(omar))[1:] == before  # nothing changed
    # with the newer version the change goes through
    correct(omar, item.incident_id, {"killed": 5}, author="omar", expect_version=error.version)
    assert incident_review(sara, item.incident_id).incident.killed == 5


def test_a_note_never_conflicts(two_sessions: tuple[Store, Store]) -> None:
    sara, omar = two_sessions
    item = review_queue(sara)[0]
    correct(sara, item.incident_id, {"killed": 3}, author="sara", expect_version=item.version)
    add_note(omar, item.incident_id, "the SOHR count differs", author="omar")
    assert [note.author for note in incident_review(sara, item.incident_id).notes] == ["omar"]


def _review(url: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, ENV_URL: url}
    return subprocess.Popen([sys.executable, "-m", "geodata", "review", *args, "--format", "json"], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_two_processes_saving_the_same_version_at_once_one_wins(store_url: str) -> None:
    store = open_store(store_url)
    ingest([SEEDS], store=store)
    item = review_queue(store)[0]
    store.dispose()
    runs = [_review(store_url, "correct", item.incident_id, "--killed", str(count), "--author", name,
                    "--expect-version", str(item.version)) for count, name in ((3, "sara"), (5, "omar"))]
    outputs = [run.communicate() for run in runs]
    codes = sorted(run.returncode for run in runs)
    assert codes == [0, 3], outputs
    loser = next(output for run, output in zip(runs, outputs, strict=True) if run.returncode == 3)
    winner = next(output for run, output in zip(runs, outputs, strict=True) if run.returncode == 0)
    conflict = json.loads(loser[0])
    assert conflict["conflict"] and conflict["version"] == item.version + 1
    assert conflict["current"]["killed"] == str(json.loads(winner[0])["message"].split("killed ")[1].split(";")[0])
    assert "changed since you opened it" in loser[1]
    store = open_store(store_url)
    assert len([entry for entry in incident_review(store, item.incident_id).history if entry.by_analyst]) == 1
    store.dispose()
