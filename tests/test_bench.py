"""The benchmark harness (issue 6): the synthetic corpus generator, and a quick run of each
benchmark on tiny sizes. No wall-clock assertions: these check that the harness works."""

from __future__ import annotations

import importlib.util
import json
import os
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from bench.__main__ import report
from bench.app import SocketLog
from bench.common import Row, Section, Target
from bench.corpus import compose_articles, corpus, incident_frame, make_events, write_articles, write_jsonl
from geodata.corpus.articles import load_corpus
from geodata.events.kinds import INCIDENT_KINDS
from geodata.places.gazetteer import default_gazetteer
from geodata.table.frame import COLUMNS

REPO = Path(__file__).resolve().parent.parent


def test_events_are_deterministic_and_depend_on_the_seed() -> None:
    assert make_events(80, seed=3) == make_events(80, seed=3)
    assert make_events(80, seed=3) != make_events(80, seed=4)


def test_articles_are_deterministic() -> None:
    first = [article.record() for article in corpus(60, seed=1)]
    again = [article.record() for article in corpus(60, seed=1)]
    assert first == again


def test_events_are_in_region_places_of_the_real_gazetteer() -> None:
    gazetteer = default_gazetteer()
    events = make_events(300)
    assert all(gazetteer[event.place.id].in_region for event in events)
    assert {event.kind for event in events} <= set(INCIDENT_KINDS)
    assert len({event.kind for event in events}) >= 8
    assert len({event.place.id for event in events}) >= 20
    assert any(event.launch is not None for event in events)


def test_articles_are_of_typical_length_from_many_outlets() -> None:
    articles = corpus(200)
    words = [len(article.text.split()) for article in articles]
    assert 250 <= statistics.median(words) <= 400
    assert len({article.outlet for article in articles}) >= 10
    assert len({article.published.year for article in articles}) >= 3


def test_the_same_event_is_retold_by_several_outlets_in_different_words() -> None:
    articles = corpus(200)
    tellers: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for article in articles:
        for event_id in article.event_ids:
            tellers[event_id].append((article.outlet, article.text))
    retold = [told for told in tellers.values() if len({outlet for outlet, _ in told}) >= 2]
    assert len(retold) >= len(tellers) // 3
    assert all(len({text for _, text in told}) == len(told) for told in retold)


def test_the_jsonl_corpus_and_the_folder_load_without_problems(tmp_path: Path) -> None:
    articles = compose_articles(make_events(40, seed=2), seed=2)
    loaded = load_corpus(write_jsonl(articles, tmp_path / "corpus.jsonl"))
    assert loaded.problems == []
    assert [article.id for article in loaded.articles] == [article.id for article in articles]
    assert loaded.articles[0].text == articles[0].text
    folder = load_corpus(write_articles(articles, tmp_path / "articles"))
    assert folder.problems == []
    assert sorted(article.id for article in folder.articles) == sorted(article.id for article in articles)


@pytest.mark.slow  # extracts a synthetic corpus end to end (2-4 s under load)
def test_the_pipeline_merges_reports_of_one_event_from_several_outlets(tmp_path: Path) -> None:
    import geodata

    frame = geodata.load_incidents(corpus=[write_jsonl(corpus(30, seed=5), tmp_path / "corpus.jsonl")])
    assert len(frame) > 0
    assert (frame["n_sources"] >= 2).any()


def test_the_incident_table_is_typed_and_deterministic() -> None:
    frame = incident_frame(300, seed=7)
    assert len(frame) == 300
    assert list(frame.columns) == list(COLUMNS)
    assert str(frame["date"].dtype).startswith("datetime64")
    assert frame["lat"].notna().all()
    assert (frame["n_sources"] >= 2).any()
    assert frame.drop(columns=["geometry"]).equals(incident_frame(300, seed=7).drop(columns=["geometry"]))


def test_server_time_runs_from_the_rerun_request_to_script_finished() -> None:
    log = SocketLog([("received", 0.5, "delta", 50), ("sent", 1.0, "rerun_script", 10),
                     ("received", 1.1, "delta", 100), ("received", 1.5, "script_finished", 5),
                     ("received", 1.6, "session_status_changed", 7)])
    assert log.rerun() == (0.5, 105)
    assert SocketLog([("sent", 1.0, "rerun_script", 10)]).rerun() == (None, 0)


def test_the_naive_popup_is_about_600_characters() -> None:
    from bench.mapbuild import POPUP_CHARS, naive_popup

    popup = naive_popup("airstrike", "2023-04-10", "حطلة", [{"outlet": "SY24", "excerpt": "قصف على بلدة حطلة"}])
    assert popup.startswith('<div dir="rtl">')
    assert POPUP_CHARS <= len(popup) <= POPUP_CHARS + 100


def test_the_report_marks_each_target() -> None:
    rows = [Row("map", "build", "100,000 incidents", 0.4, "s", 5, "0.3–0.5", Target("<", 1.0, "< 1 s")),
            Row("map", "payload", "100,000 incidents", 7.0, "MB", 1, "", Target("<", 5.0, "< 5 MB")),
            Row("map", "render", "100,000 incidents", None, "s", 0)]
    text = report([Section("map", rows, ["a note"])], {"cpu": "x", "cores": "2", "ram": "1 GB", "os": "Linux",
                                                      "python": "3.11", "chromium": "c", "load_average": "0",
                                                      "packages": {"pandas": "3"}},
                  quick=False, seconds=60, command="python -m bench")
    assert "**1 of 2 targets met.**" in text
    assert "**pass**" in text and "**FAIL**" in text
    assert "| — |" in text
    assert "- a note" in text


def _run_bench(tmp_path: Path, *args: str) -> dict[str, object]:
    out = tmp_path / "results"
    command = [sys.executable, "-m", "bench", "--quick", "--out", str(out), *args]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=900, check=False,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr[-3000:]
    text = (out / "results.md").read_text(encoding="utf-8")
    assert "| Benchmark |" in text
    assert "## Machine" in text
    return json.loads((out / "results.json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_quick_run_of_extraction_and_map_benchmarks(tmp_path: Path) -> None:
    results = _run_bench(tmp_path, "--only", "extraction,map")
    rows = results["rows"]
    assert isinstance(rows, list)
    metrics = {row["metric"] for row in rows}
    assert "extract_reports throughput (1 core)" in metrics
    assert "build_map: page build time" in metrics
    assert "naive per-marker: page payload" in metrics
    assert "speed-up over naive (build time ratio)" in metrics
    assert all(row["median"] is not None and row["median"] > 0 for row in rows)


def _browser_available() -> bool:
    return Path("/usr/bin/chromium").exists() and importlib.util.find_spec("playwright") is not None


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not _browser_available(), reason="needs /usr/bin/chromium and playwright")
def test_quick_run_of_the_app_benchmark(tmp_path: Path) -> None:
    results = _run_bench(tmp_path, "--only", "app")
    rows = {(row["group"], row["metric"]): row for row in results["rows"]}  # type: ignore[union-attr]
    for group in ("app: pre-built table", "app: JSON Lines corpus"):
        change = rows[(group, "filter change (date range): input to new markers")]
        assert change["median"] is not None, results["notes"]
        assert rows[(group, "server time per rerun (date range change)")]["median"] is not None
        assert rows[(group, "app process peak memory (VmHWM)")]["median"] is not None


def test_the_store_benchmark_runs_on_tiny_sizes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from bench import store

    monkeypatch.delenv("GEODATA_TEST_POSTGRES_URL", raising=False)
    monkeypatch.setattr(store, "QUICK", store.StoreSizes(events=60, new_articles=8, batch=4, repeats=1))
    section = store.run(quick=True)
    metrics = {row.metric for row in section.rows}
    assert "ingest: storing + re-merging new articles" in metrics and "--jobs 2 speed-up over 1" in metrics
    assert "two independent processes, half each: speed-up over 1" in metrics
    assert all(row.median is not None and row.median > 0 for row in section.rows)
    assert any("PostgreSQL not measured" in note for note in section.notes)
