"""What every test shares: the dashboard's state folder ("new since your last visit") is a
temporary one, never the analyst's."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def state_folder(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("GEODATA_STATE_DIR", str(folder))
    return folder
