"""The dashboard shell and map page under Streamlit's AppTest, and the settings they read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import geodata.store.corpus
from app.settings import ConfigError, corpus_stamp, default_corpus, ensure_user_corpus, load_settings
from tests.fixtures.incidents import fixture_frame, hostile_frame

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def fresh_caches(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv("GEODATA_CORPUS", str(SEEDS))
    monkeypatch.setenv("GEODATA_USER_CORPUS", str(tmp_path / "user_corpus"))
    monkeypatch.setenv("GEODATA_TILES", "none")


# AppTest resets Streamlit's "legacy pages/ folder" flag before every run, so from the
# second run on it would execute pages/map.py without dashboard.py (a real server clears
# the flag for good when dashboard.py calls st.navigation). Running dashboard.py from a
# folder without a pages/ directory keeps every AppTest run what the server does.
LAUNCHER = f"""
import runpy, sys
sys.path.insert(0, {str(ROOT)!r})
runpy.run_path({str(ROOT / "dashboard.py")!r}, run_name="__main__")
"""


def run_app(tmp_path: Path) -> AppTest:
    script = tmp_path / "launch_dashboard.py"
    script.write_text(LAUNCHER, encoding="utf-8")
    app = AppTest.from_file(str(script), default_timeout=120)
    app.run()
    # A new session's first run draws the map alone; the map reports its view once
    # drawn in the browser, and the run that starts draws the rest (pages/map.py).
    app.run()
    assert not app.exception, [item.value for item in app.exception]
    return app


def metric(app: AppTest, label: str) -> int:
    return int(next(item for item in app.metric if item.label == label).value)


# ------------------------------------------------------------------ on the seeds (what CI runs)


@pytest.mark.slow
def test_dashboard_opens_on_the_seeds(tmp_path: Path) -> None:
    app = run_app(tmp_path)
    assert not app.error, [item.value for item in app.error]
    assert metric(app, "Incidents") > 0 and metric(app, "Sources") == 2
    assert app.sidebar.slider[0].label == "Dates", "the timeline filter is missing"
    maps = app.get("component_instance")
    assert [item.proto.component_name for item in maps] == ["streamlit_folium.st_folium"]
    # clicks come back, and the end of a pan or zoom (the view goes into the address)
    assert '"returned_objects": ["last_active_drawing", "center", "zoom"]' in maps[0].proto.json_args


@pytest.mark.slow
def test_a_new_session_gets_the_map_first_and_the_rest_on_the_next_run(tmp_path: Path) -> None:
    script = tmp_path / "launch_dashboard.py"
    script.write_text(LAUNCHER, encoding="utf-8")
    app = AppTest.from_file(str(script), default_timeout=120)
    app.run()
    assert not app.exception, [item.value for item in app.exception]
    # the first run: the map, and the timer that draws the rest should the map not report
    maps = app.get("component_instance")
    assert [item.proto.component_name for item in maps] == ["streamlit_folium.st_folium"]
    assert not app.sidebar.slider and not app.sidebar.multiselect and not app.sidebar.checkbox
    assert not app.metric and not app.dataframe and not app.get("vega_lite_chart") and not app.subheader
    assert app.session_state["gd_rest_pending"] == "waiting"
    app.run()  # what the map's report starts
    assert not app.exception, [item.value for item in app.exception]
    # the same map (the filters come from the session state either way): the browser keeps it
    assert app.get("component_instance")[0].proto.json_args == maps[0].proto.json_args
    assert app.sidebar.slider[0].label == "Dates" and len(app.sidebar.multiselect) == 5
    assert metric(app, "Incidents") > 0 and len(app.dataframe) == 2 and len(app.get("vega_lite_chart")) == 1
    assert [item.value for item in app.subheader] == ["Incidents over time", "Casualties", "Actors"]
    assert app.session_state["gd_rest_pending"] is None  # the timer has nothing left to do


def test_the_timer_reruns_the_page_only_when_the_map_has_not_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    from app import layout

    state: dict[str, object] = {}
    reruns: list[bool] = []
    monkeypatch.setattr(layout.st, "session_state", state)
    monkeypatch.setattr(layout.st, "rerun", lambda: reruns.append(True))
    assert layout.first_map_run() and not layout.first_map_run()
    state[layout.REST_PENDING] = "armed"
    layout.rest_timer()  # with the page
    assert state[layout.REST_PENDING] == "waiting" and not reruns
    layout.rest_timer()  # the first tick: the map has not reported
    assert reruns == [True] and state[layout.REST_PENDING] is None
    layout.rest_timer()  # later ticks (the page already drawn in full) do nothing
    assert reruns == [True]


@pytest.mark.slow
def test_narrowing_the_date_range_changes_the_counts(tmp_path: Path) -> None:
    app = run_app(tmp_path)
    dates = app.sidebar.slider[0]
    first, last = dates.value
    assert first < last
    before = metric(app, "Incidents")
    dates.set_value((last, last)).run()
    assert not app.exception
    after = metric(app, "Incidents")
    assert 0 < after < before


@pytest.mark.slow
def test_background_switch_changes_the_counts(tmp_path: Path) -> None:
    app = run_app(tmp_path)
    before = metric(app, "Incidents")
    app.sidebar.checkbox(key="gd_background").check().run()
    assert metric(app, "Incidents") > before


# ------------------------------------------------------------------ on the canonical fixtures


def use_table(monkeypatch: pytest.MonkeyPatch, make) -> None:
    monkeypatch.setattr(geodata.store.corpus, "served_table", lambda store, **_: make())


@pytest.mark.slow
def test_filters_apply_to_every_figure(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    use_table(monkeypatch, fixture_frame)
    app = run_app(tmp_path)
    # eight dated incidents and the undated clash at Marrat (background mentions left out)
    assert (metric(app, "Incidents"), metric(app, "Places")) == (9, 6)
    app.sidebar.multiselect(key="gd_kinds").select("airstrike").run()
    assert (metric(app, "Incidents"), metric(app, "Sources"), metric(app, "Places")) == (2, 3, 1)
    app.sidebar.multiselect(key="gd_kinds").unselect("airstrike").run()
    app.sidebar.number_input(key="gd_min_sources").set_value(2).run()
    assert metric(app, "Incidents") == 3


@pytest.mark.slow
def test_hostile_text_and_data_problems(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    use_table(monkeypatch, hostile_frame)
    app = run_app(tmp_path)
    expander = next(item for item in app.expander if item.label.startswith("Data problems"))
    assert expander.label == "Data problems (1)"
    assert all("<script" not in str(item.value) for item in app.markdown)


@pytest.mark.slow
def test_a_corpus_that_fails_to_load_still_opens_the_map(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def broken(corpus=None, **_):
        raise RuntimeError("extraction exploded")

    monkeypatch.setattr(geodata.store.corpus, "served_table", broken)
    app = run_app(tmp_path)
    assert "extraction exploded" in app.error[0].value
    assert metric(app, "Incidents") == 0


# ------------------------------------------------------------------ settings


def test_settings_from_argv_env_and_defaults(tmp_path: Path) -> None:
    env = {"GEODATA_USER_CORPUS": str(tmp_path / "mine")}
    assert load_settings([], env).corpus == (SEEDS,)
    (tmp_path / "mine").mkdir()
    assert load_settings([], env).corpus == (SEEDS, tmp_path / "mine")
    joined = os.pathsep.join([str(tmp_path / "a"), str(tmp_path / "b")])
    assert load_settings([], {**env, "GEODATA_CORPUS": joined}).corpus == (tmp_path / "a", tmp_path / "b")
    argv = ["--server.port", "1", "--corpus", str(tmp_path / "c"), str(tmp_path / "d"), "--tiles", "NONE"]
    settings = load_settings(argv, {**env, "GEODATA_CORPUS": joined, "GEODATA_TILES": "osm"})
    assert settings.corpus == (tmp_path / "c", tmp_path / "d") and settings.tiles == "none"
    assert load_settings([], {"GEODATA_TILES": "https://tiles.example/{z}/{x}/{y}.png"}).tiles.startswith("https")


@pytest.mark.parametrize("env", [{"GEODATA_TILES": "javascript:alert(1)"}, {"GEODATA_ASSET_BASE": "https://cdn.x"}])
def test_bad_settings_say_what_is_wrong(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError, match="GEODATA_"):
        load_settings([], env)


def test_user_corpus_is_created_on_demand_and_stamps_change(tmp_path: Path) -> None:
    settings = load_settings([], {"GEODATA_USER_CORPUS": str(tmp_path / "new")})
    assert not (tmp_path / "new").exists()
    folder = ensure_user_corpus(settings)
    assert folder.is_dir() and default_corpus(folder) == (SEEDS, folder)
    before = corpus_stamp([folder])
    (folder / "a.md").write_text("---\nid: a\n---\nx", encoding="utf-8")
    assert corpus_stamp([folder]) != before
    missing = str(tmp_path / "missing")
    assert [entry for entry in corpus_stamp([tmp_path / "missing"]) if entry[0] == missing] == [(missing, -1, -1)]


def test_streamlit_config_keeps_the_app_local() -> None:
    text = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    for line in ('address = "127.0.0.1"', "enableStaticServing = true", "enableXsrfProtection = true",
                 "gatherUsageStats = false", "maxUploadSize = 5"):
        assert line in text
