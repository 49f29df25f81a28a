"""The command line (SPEC section 5a), called in-process through geodata.cli.main with StringIO
streams, and once through the installed console script."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from geodata.cli import main
from geodata.corpus.articles import load_corpus
from geodata.events.kinds import INCIDENT_KINDS, default_kinds

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_IDS = {"sy24-2023-04-11-conoco", "enab-baladi-2023-04-11-conoco"}
GEOCODE_KEYS = {"article_id", "surface", "start", "end", "gazetteer_id", "name_en", "name_ar", "kind", "lat", "lon",
                "geo_precision", "in_region"}
INCIDENT_KEYS = {"incident_id", "kind", "acled_event_type", "acled_sub_event_type", "date", "date_precision",
                 "time_of_day", "background", "location", "launch_site", "other_places", "actors", "killed",
                 "injured", "sources", "disagreements"}
PLACE_KEYS = {"gazetteer_id", "name_en", "name_ar", "lat", "lon", "geo_precision", "uncertainty_m", "in_region"}


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def json_lines(text: str) -> list[dict[str, Any]]:
    lines = [line for line in text.split("\n") if line.strip()]
    return [json.loads(line) for line in lines]


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- geocode


def test_geocode_the_seeds() -> None:
    code, out, _ = run("geocode")
    assert code == 0
    records = json_lines(out)
    assert records
    texts = {article.id: article.text for article in load_corpus().articles}
    assert {record["article_id"] for record in records} == SEED_IDS
    for record in records:
        assert set(record) >= GEOCODE_KEYS
        assert texts[record["article_id"]][record["start"]:record["end"]] == record["surface"]
    ids = {record["gazetteer_id"] for record in records}
    assert {"conoco-field", "jadid-ekaidat", "hatla"} <= ids


def test_geocode_an_explicit_folder_matches_the_default() -> None:
    assert run("geocode", str(SEEDS))[1] == run("geocode")[1]


def test_geocode_text() -> None:
    text = "قصفت مدفعية النظام قرية الخرفانية وبلدة ذيبان بريف دير الزور الشرقي"
    code, out, _ = run("geocode", "--text", text)
    assert code == 0
    records = json_lines(out)
    assert all(record["article_id"] is None for record in records)
    by_id = {record["gazetteer_id"]: record for record in records}
    assert set(by_id) == {None, "dhiban", "deir-ez-zor-eastern-countryside"}
    assert by_id["dhiban"]["geo_precision"] == 1
    assert isinstance(by_id["dhiban"]["lat"], float) and isinstance(by_id["dhiban"]["lon"], float)
    assert by_id["deir-ez-zor-eastern-countryside"]["geo_precision"] == 3
    for record in records:
        assert text[record["start"]:record["end"]] == record["surface"]
    unresolved = by_id[None]
    assert unresolved["surface"] == "الخرفانية"
    assert unresolved["lat"] is None and unresolved["geo_precision"] is None


def test_geocode_json_format_is_one_array() -> None:
    code, out, _ = run("geocode", "--format", "json", "--text", "سقطت قذيفة قرب الميادين")
    assert code == 0
    records = json.loads(out)
    assert isinstance(records, list)
    assert [record["gazetteer_id"] for record in records] == ["al-mayadin"]


def test_geocode_reports_bad_articles_and_goes_on(tmp_path: Path) -> None:
    good = "---\nid: good-one\noutlet: SY24\npublished: 2023-04-11\n---\nقصف على بلدة حطلة\n"
    write(tmp_path / "good.md", good)
    bad = write(tmp_path / "bad.md", "قصف بلا ترويسة\n")
    code, out, err = run("geocode", str(tmp_path))
    assert code == 0
    assert [record["gazetteer_id"] for record in json_lines(out)] == ["hatla"]
    assert f"{bad}:1:" in err


# --------------------------------------------------------------------------- validate


def test_validate_the_seeds() -> None:
    code, out, err = run("validate")
    assert code == 0, out
    assert out == ""
    assert "0 problems" in err


def test_validate_reports_each_problem_with_file_and_line(tmp_path: Path) -> None:
    write(tmp_path / "ok.md", "---\nid: fine\noutlet: SY24\npublished: 2023-04-11\n---\nقصف على حطلة\n")
    date = write(tmp_path / "date.md", "---\nid: bad-date\noutlet: SY24\npublished: 2023-02-30\n---\nقصف\n")
    latin = write(tmp_path / "latin.md", "---\nid: latin\noutlet: Café\n---\nbody\n".encode("latin-1"))
    bulk = write(tmp_path / "bulk.jsonl", '{"id": "json-ok", "outlet": "SY24", "text": "قصف"}\n[1, 2]\n')
    code, out, err = run("validate", "--corpus", str(tmp_path))
    assert code == 1
    lines = out.strip().split("\n")
    assert len(lines) == 3
    assert any(line.startswith(f"{date}:") and "ISO date" in line for line in lines)
    assert any(line.startswith(f"{latin}:3: ") and "UTF-8" in line for line in lines)
    assert any(line.startswith(f"{bulk}:2: ") for line in lines)
    assert "3 problems" in err


# --------------------------------------------------------------------------- extract


def check_place(place: dict[str, Any]) -> None:
    assert set(place) >= PLACE_KEYS
    assert -90 <= place["lat"] <= 90 and -180 <= place["lon"] <= 180
    assert place["geo_precision"] in (1, 2, 3)


def test_extract_prints_one_incident_per_line() -> None:
    code, out, _ = run("extract")
    assert code == 0
    incidents = json_lines(out)
    assert incidents
    for incident in incidents:
        assert set(incident) >= INCIDENT_KEYS
        assert incident["kind"] in INCIDENT_KINDS
        kind = default_kinds()[incident["kind"]]
        assert (incident["acled_event_type"], incident["acled_sub_event_type"]) == (kind.acled_event_type, kind.acled_sub_event_type)
        assert incident["date_precision"] in ("day", "approximate", "unknown")
        for place in [incident["location"], incident["launch_site"], *incident["other_places"]]:
            if place is not None:
                check_place(place)
        assert set(incident["actors"]) == {"by", "against"}
        assert incident["sources"] and {source["article_id"] for source in incident["sources"]} <= SEED_IDS
    assert len({incident["incident_id"] for incident in incidents}) == len(incidents)


def test_extract_is_stable_for_the_same_inputs() -> None:
    assert run("extract")[1] == run("extract")[1]


def test_extract_reports_carry_their_article_id() -> None:
    code, out, _ = run("extract", "--reports")
    assert code == 0
    reports = json_lines(out)
    assert reports
    assert {report["article_id"] for report in reports} == SEED_IDS
    merged = json_lines(run("extract")[1])
    assert len(reports) >= len(merged)


def test_extract_json_format_is_one_array() -> None:
    code, out, _ = run("extract", "--format", "json")
    assert code == 0
    assert json.loads(out) == json_lines(run("extract")[1])


def test_extract_reads_json_lines_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    records = [
        {"id": article.id, "outlet": article.outlet, "published": article.published.isoformat(),
         "published_inferred": True, "text": article.text}
        for article in load_corpus().articles
    ]
    stdin = "\n".join(json.dumps(record, ensure_ascii=False) for record in records) + "\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code, out, _ = run("extract", "-")
    assert code == 0
    assert out == run("extract")[1]


# --------------------------------------------------------------------------- export

EXPORT_ROWS = [("geojson", "incidents.geojson"), ("csv", "incidents.csv"), ("acled", "incidents_acled.csv")]


@pytest.mark.parametrize(("fmt", "name"), EXPORT_ROWS)
def test_export_writes_the_file(tmp_path: Path, fmt: str, name: str) -> None:
    target = tmp_path / name
    code, _, err = run("export", "--format", fmt, "--corpus", str(SEEDS), "-o", str(target))
    assert code == 0, err
    assert target.exists() and target.stat().st_size > 0
    assert str(target) in err


def incident_count() -> int:
    return len(json_lines(run("extract")[1]))


def test_export_geojson_is_a_feature_collection_of_lon_lat_points(tmp_path: Path) -> None:
    target = tmp_path / "out.geojson"
    run("export", "--format", "geojson", "-o", str(target))
    collection = json.loads(target.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == incident_count()
    located = [feature for feature in collection["features"] if feature["geometry"] is not None]
    assert located
    conoco = [f for f in located if f["properties"]["place_id"] == "conoco-field"]
    assert conoco
    lon, lat = conoco[0]["geometry"]["coordinates"]
    assert 39.5 < lon < 41.5 and 34.5 < lat < 36.0  # longitude first (RFC 7946)
    for feature in located:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        assert len(feature["geometry"]["coordinates"]) == 2


def test_export_csv_has_one_row_per_incident(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    run("export", "--format", "csv", "-o", str(target))
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert len(rows) == incident_count()
    assert {"incident_id", "kind", "lat", "lon"} <= set(rows[0])
    assert {row["kind"] for row in rows} <= set(INCIDENT_KINDS)


def test_export_acled_uses_acled_columns(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    run("export", "--format", "acled", "-o", str(target))
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert len(rows) == incident_count()
    assert {"event_date", "event_type", "sub_event_type", "latitude", "longitude", "geo_precision", "source"} <= set(rows[0])
    assert {row["event_type"] for row in rows} <= {kind.acled_event_type for kind in default_kinds()}


def test_export_to_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    code, _, err = run("export", "--format", "csv", "-o", str(tmp_path / "missing" / "out.csv"))
    assert code != 0
    assert "missing" in err


@pytest.mark.parametrize("argv", [
    ["export", "--format", "geojson", "--corpus", "{tmp}/no-such-corpus", "-o", "{tmp}/out.geojson"],
    ["extract", "{tmp}/no-such-file.jsonl"],
], ids=["export from a missing corpus", "extract a missing file"])
def test_a_missing_input_path_is_an_error(tmp_path: Path, argv: list[str]) -> None:
    code, _, err = run(*[arg.format(tmp=tmp_path) for arg in argv])
    assert "no-such" in err
    assert code != 0


# --------------------------------------------------------------------------- control

# place, (lat, lon), controller on 11 April 2023
CONTROL_ROWS = [
    ("al-Mayadin (west bank)", (35.01982, 40.45154), "syrian_government"),
    ("Hatla (seven villages, east bank)", (35.34169, 40.19897), "syrian_government"),
    ("al-Busayrah (east bank)", (35.15618, 40.42716), "sdf"),
    ("Dhiban (east bank)", (35.01498, 40.51028), "sdf"),
    ("Gulf of Guinea", (1.0, 1.0), None),
]


def test_control_prints_one_object_per_point() -> None:
    points = [f"{lat},{lon}" for _, (lat, lon), _ in CONTROL_ROWS]
    code, out, _ = run("control", "--date", "2023-04-11", *points)
    assert code == 0
    answers = json_lines(out)
    assert len(answers) == len(CONTROL_ROWS)
    for answer, (place, (lat, lon), controller) in zip(answers, CONTROL_ROWS, strict=True):
        assert (answer["lat"], answer["lon"]) == (lat, lon), place
        assert answer["date"] == "2023-04-11"
        assert answer["controller"] == controller, place


# --------------------------------------------------------------------------- bad arguments

BAD_ARGUMENTS = [
    ("no command", []),
    ("unknown command", ["frobnicate"]),
    ("export without format", ["export", "-o", "out.geojson"]),
    ("export without output", ["export", "--format", "csv"]),
    ("unknown export format", ["export", "--format", "kml", "-o", "out.kml"]),
    ("extract unknown format", ["extract", "--format", "xml"]),
    ("control without points", ["control", "--date", "2023-04-11"]),
    ("control with an impossible date", ["control", "--date", "2023-02-30", "35.3,40.2"]),
    ("control with a point that is not LAT,LON", ["control", "--date", "2023-04-11", "35.3"]),
    ("control with a latitude out of range", ["control", "--date", "2023-04-11", "95,40"]),
    ("geocode unknown option", ["geocode", "--colour"]),
]


@pytest.mark.parametrize(("case", "argv"), BAD_ARGUMENTS, ids=[row[0] for row in BAD_ARGUMENTS])
def test_bad_arguments_exit_non_zero_with_a_message(capsys: pytest.CaptureFixture[str], case: str, argv: list[str]) -> None:
    err = io.StringIO()
    try:
        code = main(argv, out=io.StringIO(), err=err)
    except SystemExit as exit_:
        code = exit_.code
    message = err.getvalue() + capsys.readouterr().err
    assert code not in (0, None)
    assert message.strip()


def test_a_closed_output_pipe_ends_quietly() -> None:
    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    err = io.StringIO()
    code = main(["geocode", "--text", "قصف على حطلة"], out=ClosedPipe(), err=err)
    assert (code, err.getvalue()) == (0, "")


# --------------------------------------------------------------------------- the installed script


@pytest.mark.slow
def test_the_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "geodata"
    assert script.exists(), "pip install -e . installs the 'geodata' console script"
    result = subprocess.run([str(script), "validate"], capture_output=True, text=True, timeout=300, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 problems" in result.stderr


@pytest.mark.slow
def test_python_dash_m_geodata() -> None:
    result = subprocess.run([sys.executable, "-m", "geodata", "geocode", "--text", "قصف على بلدة حطلة"],
                            capture_output=True, text=True, timeout=300, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["gazetteer_id"] for line in result.stdout.splitlines()] == ["hatla"]
