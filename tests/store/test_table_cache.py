"""geodata.store.table_cache: the store's table kept on disk between server starts."""

from __future__ import annotations

import stat
from pathlib import Path

import pandas as pd
import pytest

from geodata.store.table_cache import SUFFIX, kept_table, table_file


class Builder:
    """Builds a small table and counts how often it was asked to."""

    def __init__(self, value: int = 1) -> None:
        self.calls, self.value = 0, value

    def __call__(self) -> pd.DataFrame:
        self.calls += 1
        return pd.DataFrame({"incident_id": ["inc-1", "inc-2"], "killed": [self.value, None]})


def test_a_kept_state_is_read_back_without_building(tmp_path: Path) -> None:
    build = Builder()
    first = kept_table("sqlite:///a.sqlite3", "1/x/2", build, folder=tmp_path)
    again = kept_table("sqlite:///a.sqlite3", "1/x/2", build, folder=tmp_path)
    assert build.calls == 1
    pd.testing.assert_frame_equal(first, again)
    [kept] = tmp_path.glob(f"*{SUFFIX}")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_a_new_stamp_builds_again_and_the_old_file_goes(tmp_path: Path) -> None:
    kept_table("sqlite:///a.sqlite3", "1", Builder(1), folder=tmp_path)
    kept_table("sqlite:///b.sqlite3", "1", Builder(1), folder=tmp_path)  # another store keeps its own
    build = Builder(2)
    frame = kept_table("sqlite:///a.sqlite3", "2", build, folder=tmp_path)
    assert build.calls == 1 and frame["killed"].iloc[0] == 2
    assert sorted(path.name for path in tmp_path.glob(f"*{SUFFIX}")) == sorted(
        [table_file(tmp_path, "sqlite:///a.sqlite3", "2").name, table_file(tmp_path, "sqlite:///b.sqlite3", "1").name])


def test_a_torn_file_is_built_again(tmp_path: Path) -> None:
    path = table_file(tmp_path, "sqlite:///a.sqlite3", "1")
    path.write_bytes(b"\x80\x04 not a whole pickle")
    build = Builder()
    assert len(kept_table("sqlite:///a.sqlite3", "1", build, folder=tmp_path)) == 2
    assert build.calls == 1
    assert len(kept_table("sqlite:///a.sqlite3", "1", build, folder=tmp_path)) == 2 and build.calls == 1


def test_a_folder_that_cannot_be_written_only_costs_a_build(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    build = Builder()
    assert len(kept_table("sqlite:///a.sqlite3", "1", build, folder=blocked / "tables")) == 2
    assert len(kept_table("sqlite:///a.sqlite3", "1", build, folder=blocked / "tables")) == 2
    assert build.calls == 2 and "cannot be kept" in caplog.text


def test_kept_in_the_background(tmp_path: Path) -> None:
    import threading

    build = Builder()
    kept_table("sqlite:///a.sqlite3", "1", build, folder=tmp_path, background=True)
    for thread in threading.enumerate():
        if thread.name == "geodata-keep-table":
            thread.join(timeout=30)
    kept_table("sqlite:///a.sqlite3", "1", build, folder=tmp_path)
    assert build.calls == 1


def test_a_lean_table_is_kept_as_arrow_with_its_types_and_attrs(tmp_path: Path) -> None:
    from geodata.store.table_cache import ARROW_SUFFIX
    from geodata.table.lean import LEAN_MARK

    def build() -> pd.DataFrame:
        frame = pd.DataFrame({
            "incident_id": pd.array(["inc-1", "inc-2", "inc-3"], dtype="string"),
            "kind": pd.Categorical(["airstrike", None, "airstrike"], categories=["airstrike", "rocket_attack"]),
            "date": pd.to_datetime(["2023-03-01", None, "2024-01-02"]).astype("datetime64[ns]"),
            "killed": pd.array([1, None, 3], dtype="Int64"), "flagged": [True, False, False],
            "lat": [35.1, float("nan"), 34.9]})
        frame.attrs.update({LEAN_MARK: True, "problems": [{"file": "a.md", "line": 2, "reason": "no text"}]})
        return frame

    built = kept_table("sqlite:///a.sqlite3", "1", build, folder=tmp_path)
    kept = kept_table("sqlite:///a.sqlite3", "1", lambda: pytest.fail("built again"), folder=tmp_path)
    pd.testing.assert_frame_equal(kept, built)
    assert kept.attrs == built.attrs and [path.name.endswith(ARROW_SUFFIX) for path in tmp_path.iterdir()] == [True]
    other = kept_table("sqlite:///a.sqlite3", "1", build, folder=tmp_path, part="articles")  # a companion file
    assert len(other) == 3 and len(list(tmp_path.iterdir())) == 2
