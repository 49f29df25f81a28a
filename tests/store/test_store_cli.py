"""``geodata ingest``, ``reextract`` and ``db ...`` through the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from geodata.cli import main
from geodata.store.database import ENV_URL, head_revision
from tests.store.corpora import dense_articles, write_jsonl

SEEDS = str(Path(__file__).resolve().parents[2] / "seeds")


def run(argv: list[str], stdin: str | None = None, monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None and monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
    code = main(argv, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def _database(monkeypatch: pytest.MonkeyPatch, store_url: str) -> None:
    monkeypatch.setenv(ENV_URL, store_url)


def test_ingest_then_info(store_url: str) -> None:
    code, _, err = run(["ingest", SEEDS])
    assert code == 0 and "2 added" in err and "9 added" in err
    code, _, err = run(["ingest", SEEDS])
    assert code == 0 and "2 unchanged" in err
    code, out, _ = run(["db", "info"])
    assert code == 0 and "articles: 2" in out and "incidents: 9" in out and f"schema revision: {head_revision()}" in out
    code, out, _ = run(["db", "info", "--format", "json"])
    info = json.loads(out)
    assert info["counts"]["articles"] == 2 and info["backend"] in {"sqlite", "postgresql"}


def test_ingest_json_lines_from_stdin_on_two_processes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    text = write_jsonl(list(dense_articles())[:12], tmp_path / "a.jsonl").read_text(encoding="utf-8")
    code, _, err = run(["ingest", "--jobs", "2", "--batch-size", "5", "-"], stdin=text, monkeypatch=monkeypatch)
    assert code == 0 and "12 added" in err and "3 batches" in err


def test_reextract_and_export_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run(["ingest", SEEDS])
    code, _, err = run(["reextract"])
    assert code == 0 and "0 articles read" in err
    code, _, err = run(["reextract", "--all"])
    assert code == 0 and "2 changed" in err and "0 changed, 0 removed" in err  # read again the same way
    target = tmp_path / "store.jsonl"
    code, _, err = run(["db", "export", str(target)])
    assert code == 0 and target.exists()
    code, _, err = run(["db", "import", str(target)])
    assert code == 2 and "not empty" in err and "--replace" in err
    code, _, err = run(["db", "import", "--replace", str(target)])
    assert code == 0 and "9 incident" in err
    monkeypatch.setenv(ENV_URL, f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    code, _, err = run(["db", "upgrade"])
    assert code == 0 and f"revision {head_revision()}" in err


@pytest.mark.parametrize("argv", [["ingest"], ["ingest", "--jobs", "-1", SEEDS], ["db"], ["reextract", "--batch-size", "0"]])
def test_bad_arguments(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2


def test_a_missing_input_is_an_error() -> None:
    code, _, err = run(["ingest", "/nowhere/at/all"])
    assert code == 2 and "no such file" in err


def test_the_parser_default_batch_is_the_librarys() -> None:
    from geodata.store import cli, ingest

    assert cli.BATCH_SIZE == ingest.BATCH_SIZE
