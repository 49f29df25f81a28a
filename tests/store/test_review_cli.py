"""``geodata review`` on SQLite and PostgreSQL: every command, text and JSON, the author from
--author, GEODATA_AUTHOR or the login, --expect-version refusing with exit status 3, and a bad
value refused with the field named and nothing changed."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from geodata.cli import main
from geodata.review.author import ENV_AUTHOR
from geodata.store.database import ENV_URL, open_store
from geodata.store.dump import export_lines
from geodata.store.ingest import ingest

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def url(store_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    store = open_store(store_url)
    ingest([SEEDS], store=store)
    store.dispose()
    monkeypatch.setenv(ENV_URL, store_url)
    monkeypatch.delenv(ENV_AUTHOR, raising=False)
    return store_url


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["review", *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def queue(*options: str) -> list[dict]:
    code, out, _ = run("list", "--format", "json", *options)
    assert code == 0
    return json.loads(out)


def test_list_show_confirm_and_the_queue_moves_on(url: str) -> None:
    code, out, err = run("list")
    assert code == 0 and "unreviewed" in out and "9 unreviewed" in err
    first = queue()[0]
    code, out, _ = run("confirm", first["incident_id"], "--author", "sara", "--expect-version", str(first["version"]))
    assert code == 0 and out.startswith("change 1: ") and "confirmed" in out
    assert first["incident_id"] not in {item["incident_id"] for item in queue()}
    assert [item["incident_id"] for item in queue("--status", "confirmed")] == [first["incident_id"]]
    code, out, _ = run("show", first["incident_id"])
    assert code == 0 and "(version 2): confirmed" in out and "#1 " in out and "sara confirm" in out
    code, out, _ = run("show", first["incident_id"], "--format", "json")
    shown = json.loads(out)
    assert shown["status"] == "confirmed" and shown["history"][-1]["author"] == "sara"
    assert len(queue("--status", "all")) == 9


def test_correct_every_option(url: str) -> None:
    incident_id = queue()[0]["incident_id"]
    code, out, err = run("correct", incident_id, "--kind", "drone_attack", "--point", "35.30,40.30",
                         "--launch-place", "jadid-ekaidat", "--date", "2023-04-10", "--date-precision", "day",
                         "--time-of-day", "evening", "--killed", "2", "--injured", "unknown",
                         "--actors-by", "iran_backed_militias", "--actors-against", "us_led_coalition,sdf",
                         "--author", "sara", "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    assert result["status"] == "corrected" and result["change_id"] == 1
    shown = json.loads(run("show", incident_id, "--format", "json")[1])
    values = {row["name"]: row["value"] for row in shown["fields"]}
    assert values["kind"] == "drone_attack" and values["location"]["gazetteer_id"] == "point:35.30000,40.30000"
    assert values["launch_site"]["gazetteer_id"] == "jadid-ekaidat" and values["killed"] == 2
    assert values["actors_against"] == ["us_led_coalition", "sdf"] and values["time_of_day"] == "evening"
    code, _, _ = run("correct", incident_id, "--clear", "kind", "--no-launch-site", "--author", "sara")
    assert code == 0
    values = {row["name"]: row["value"] for row in json.loads(run("show", incident_id, "--format", "json")[1])["fields"]}
    assert values["kind"] != "drone_attack" and values["launch_site"] is None


@pytest.mark.parametrize(("options", "message"), [
    (["--killed", "-2"], "killed: -2 is negative"),
    (["--kind", "rockets"], "kind: 'rockets' is not one of"),
    (["--actors-by", "sdf,aliens"], "actors_by: 'aliens' is not a known actor"),
    (["--place", "damascus"], "location: Damascus (damascus) is outside the map's area"),
    (["--point", "51.5,-0.1"], "location: the point 51.50000, -0.10000 is outside the map's area"),
    (["--date", "2099-01-01"], "date: 2099-01-01 is in the future"),
])
def test_a_bad_value_is_refused_naming_the_field(url: str, options: list[str], message: str) -> None:
    incident_id = queue()[0]["incident_id"]
    store = open_store(url)
    before = list(export_lines(store))[1:]
    code, out, err = run("correct", incident_id, *options, "--author", "sara")
    assert code == 2 and out == "" and message in err and "Traceback" not in err
    assert list(export_lines(store))[1:] == before
    store.dispose()


def test_a_stale_version_exits_3_with_the_newer_values(url: str) -> None:
    first = queue()[0]
    assert run("correct", first["incident_id"], "--killed", "3", "--author", "sara")[0] == 0
    code, out, err = run("correct", first["incident_id"], "--killed", "4", "--author", "omar",
                         "--expect-version", str(first["version"]))
    assert code == 3 and "killed 3" in err and "last changed by sara" in err
    code, out, err = run("reject", first["incident_id"], "--expect-version", str(first["version"]), "--format", "json")
    assert code == 3 and json.loads(out)["current"]["killed"] == "3"


def test_merge_split_note_undo_and_the_author(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    items = queue()
    keep, other = items[0]["incident_id"], items[1]["incident_id"]
    monkeypatch.setenv(ENV_AUTHOR, "omar")
    code, out, _ = run("merge", keep, other)
    assert code == 0 and f"{other} merged into {keep}" in out
    shown = json.loads(run("show", keep, "--format", "json")[1])
    assert shown["history"][-1]["author"] == "omar" and other in shown["merged_from"]
    source = shown["sources"][0]["key"]
    code, out, err = run("split", keep, "--source", source, "--author", "sara")
    assert code == 0, err
    new_id = json.loads(run("show", keep, "--format", "json")[1])["history"][-1]["summary"].split()[-1]
    assert new_id.startswith("inc-")
    code, out, err = run("split", keep, "--source", "nowhere:0")
    assert code == 2 and "source: nowhere:0 is not a source of" in err
    code, out, _ = run("note", keep, "<b>check</b> the count")
    assert code == 0
    code, out, _ = run("undo", keep, "--author", "sara")
    assert code == 0 and "(note by omar) undone" in out
    code, out, _ = run("undo", keep)
    assert code == 0 and "(split by sara) undone" in out
    code, out, err = run("undo", keep, "--change", "99")
    assert code == 2 and "there is no change 99" in err


def test_note_from_standard_input(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    incident_id = queue()[0]["incident_id"]
    monkeypatch.setattr("sys.stdin", io.StringIO("ملاحظة من المحلل\nسطر ثان"))
    assert run("note", incident_id, "-", "--author", "sara")[0] == 0
    shown = json.loads(run("show", incident_id, "--format", "json")[1])
    assert shown["history"][-1]["note"] == "ملاحظة من المحلل\nسطر ثان"


def test_show_an_unknown_incident(url: str) -> None:
    code, _, err = run("show", "inc-missing")
    assert code == 2 and "inc-missing: no such incident" in err


def test_extract_prints_the_reviewed_values_and_the_review(url: str) -> None:
    incident_id = queue()[0]["incident_id"]
    assert run("correct", incident_id, "--killed", "7", "--author", "sara")[0] == 0
    out, err = io.StringIO(), io.StringIO()
    assert main(["extract", str(SEEDS)], out=out, err=err) == 0
    records = {record["incident_id"]: record for record in map(json.loads, out.getvalue().splitlines())}
    assert records[incident_id]["killed"] == 7
    assert records[incident_id]["review"] == {"status": "corrected", "corrected_fields": ["killed"], "changed_fields": []}
    assert all("review" not in record for key, record in records.items() if key != incident_id)
