"""Shared test set-up: the golden-file checker (tests/golden.py) and its --update-golden option,
no wall-clock limit on a hypothesis example (how time grows is checked with tests/growth.py), and
a store and a dashboard state folder ("new since your last visit") of each test's own, never the analyst's."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

from tests.fetch_world import local_server, no_internet, server  # noqa: F401  (the fetch tests' server and guard)
from tests.golden import GOLDEN_DIR, UPDATE_ENV, UPDATE_OPTION, Golden, update_requested

pytest_plugins = ["pytester"]  # tests/test_golden.py runs pytest on a throwaway test file

settings.register_profile("geodata", deadline=None)  # a slow machine must not fail an example
settings.load_profile("geodata")


def pytest_configure(config: pytest.Config) -> None:
    # The store lives in the user's data folder: no test, not even a module-wide fixture or a
    # server it starts, may read or write the user's own (each test also gets a fresh one below).
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="geodata-test-data-")
    os.environ.pop("GEODATA_DATABASE_URL", None)
    os.environ["GEODATA_STATE_DIR"] = tempfile.mkdtemp(prefix="geodata-test-state-")
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="geodata-test-cache-")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(UPDATE_OPTION, action="store_true", default=False,
                     help=f"rewrite golden files that differ (the tests still fail: review `git diff tests/golden`); "
                          f"also {UPDATE_ENV}=1")


@pytest.fixture(autouse=True)
def _own_store(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test reads and writes a store of its own, never the user's: the store lives in the
    user's data folder, so the data folder is a temporary one (subprocesses inherit it)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))  # tables kept between starts
    monkeypatch.delenv("GEODATA_DATABASE_URL", raising=False)


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """Compare output with tests/golden; updates only with --update-golden or GEODATA_UPDATE_GOLDEN=1."""
    return Golden(GOLDEN_DIR, update=update_requested(bool(request.config.getoption(UPDATE_OPTION)), os.environ),
                  test_id=request.node.nodeid)


@pytest.fixture(autouse=True)
def state_folder(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("GEODATA_STATE_DIR", str(folder))
    return folder
