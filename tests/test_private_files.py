"""Files kept for one user: written whole, owner-only, no temporary file left behind."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from app.visits import VISIT_FILE, record_visit
from geodata.private_files import write_private


def test_a_private_file_is_the_owners_alone_and_replaced_whole(tmp_path: Path) -> None:
    path = tmp_path / "kept" / "state.json"
    write_private(path, b"one")
    write_private(path, b"two")
    assert path.read_bytes() == b"two"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [item.name for item in path.parent.iterdir()] == ["state.json"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "state.json"
    write_private(path, b"old")

    def broken_replace(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("geodata.private_files.os.replace", broken_replace)
    with pytest.raises(OSError):
        write_private(path, b"new")
    assert path.read_bytes() == b"old"
    assert [item.name for item in tmp_path.iterdir()] == ["state.json"]


def test_the_visit_file_is_private(tmp_path: Path) -> None:
    assert record_visit(tmp_path, ["a", "b"]) is not None
    assert stat.S_IMODE((tmp_path / VISIT_FILE).stat().st_mode) == 0o600
