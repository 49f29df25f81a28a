"""The dashboard for daily use under Streamlit's AppTest (issue 14): the timeline (date boxes,
presets, the slider's window, playback), the address that keeps the view, the search by place
and radius, undated incidents, the panel of everything at a place, "new since your last visit",
the incidents table and the Add report and Gazetteer pages."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import geodata.store.corpus
import geodata.table.frame
from app import visits
from tests.fixtures.incidents import fixture_frame

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "pages"
LAUNCHER = f"""
import runpy, sys
sys.path.insert(0, {str(ROOT)!r})
runpy.run_path({str(ROOT / "dashboard.py")!r}, run_name="__main__")
"""
APRIL_10, APRIL_11, APRIL_16 = dt.date(2023, 4, 10), dt.date(2023, 4, 11), dt.date(2023, 4, 16)


@pytest.fixture(autouse=True)
def fixture_table(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The canonical fixture incidents (March to April 2023, one undated) as the table."""
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv("GEODATA_CORPUS", str(ROOT / "seeds"))
    monkeypatch.setenv("GEODATA_USER_CORPUS", str(tmp_path / "user_corpus"))
    monkeypatch.setenv("GEODATA_TILES", "none")
    monkeypatch.setattr(geodata.store.corpus, "served_table", lambda store, **_: fixture_frame())


def dashboard(tmp_path: Path, query: dict[str, str | list[str]] | None = None) -> AppTest:
    script = tmp_path / "launch_dashboard.py"
    script.write_text(LAUNCHER, encoding="utf-8")
    app = AppTest.from_file(str(script), default_timeout=120)
    app.query_params.update(query or {})
    app.run()
    # A new session's first run draws the map alone; the map reports its view once
    # drawn in the browser, and the run that starts draws the rest (pages/map.py).
    app.run()
    assert not app.exception, [item.value for item in app.exception]
    return app


def metric(app: AppTest, label: str) -> str:
    return next(item for item in app.metric if item.label == label).value


def incidents(app: AppTest) -> int:
    return int(metric(app, "Incidents").replace(",", ""))


def run(target: object) -> AppTest:
    """Run the app (or the app of a widget that was just set) and check that nothing failed."""
    app: AppTest = target.run()  # type: ignore[attr-defined]
    assert not app.exception, [item.value for item in app.exception]
    return app


def slider_span(slider: object) -> tuple[dt.date, dt.date]:
    """First and last day of a date slider (AppTest gives them as microseconds since 1970)."""
    def day(value: float) -> dt.date:
        return dt.date(1970, 1, 1) + dt.timedelta(microseconds=value)

    return day(slider.min), day(slider.max)  # type: ignore[attr-defined]


def pick_dates(app: AppTest, first: dt.date, last: dt.date) -> AppTest:
    run(app.sidebar.date_input(key="gd_from_box").set_value(first))
    return run(app.sidebar.date_input(key="gd_to_box").set_value(last))


# ------------------------------------------------------------------ the timeline


def test_a_single_week_picked_with_the_date_boxes(tmp_path: Path) -> None:
    app = dashboard(tmp_path)
    assert incidents(app) == 9 and metric(app, "Dated · undated") == "8 · 1"
    pick_dates(app, APRIL_10, APRIL_16)
    assert metric(app, "Dated · undated") == "8 · 1"
    pick_dates(app, APRIL_10, APRIL_11)
    assert metric(app, "Dated · undated") == "6 · 1"  # the strike of the 13th and the IED of the 15th are out
    pick_dates(app, APRIL_10, APRIL_16)
    # the slider now spans April 2023, where one day is wide enough to pick
    slider = app.sidebar.slider[0]
    assert slider_span(slider) == (dt.date(2023, 4, 1), dt.date(2023, 4, 30))
    assert slider.value == (APRIL_10, APRIL_16)
    assert (app.sidebar.selectbox(key="gd_window_year").value, app.sidebar.selectbox(key="gd_window_month").value) == (
        "2023", "04")
    assert app.query_params["from"] == "2023-04-10" and app.query_params["to"] == "2023-04-16"


def test_one_day_picked_on_the_slider_of_a_month(tmp_path: Path) -> None:
    app = dashboard(tmp_path)
    run(app.sidebar.selectbox(key="gd_window_year").select("2023"))
    run(app.sidebar.selectbox(key="gd_window_month").select("04"))
    slider = app.sidebar.slider[0]
    assert slider_span(slider) == (dt.date(2023, 4, 1), dt.date(2023, 4, 30))
    run(slider.set_value((APRIL_11, APRIL_11)))
    assert metric(app, "Dated · undated") == "3 · 1"  # the sweep, the find and the militia moves
    assert (app.sidebar.date_input(key="gd_from_box").value, app.sidebar.date_input(key="gd_to_box").value) == (
        APRIL_11, APRIL_11)


@pytest.mark.parametrize(("preset", "expected"), [
    ("7d", (dt.date(2023, 4, 9), dt.date(2023, 4, 15))),
    ("24h", (dt.date(2023, 4, 15), dt.date(2023, 4, 15))),
    ("year", (dt.date(2023, 1, 1), dt.date(2023, 4, 15))),
])
def test_presets_count_back_from_the_latest_incident(tmp_path: Path, preset: str, expected: tuple) -> None:
    app = dashboard(tmp_path)
    run(app.sidebar.pills(key="gd_preset").set_value(preset))
    boxes = (app.sidebar.date_input(key="gd_from_box").value, app.sidebar.date_input(key="gd_to_box").value)
    assert boxes == expected
    assert app.sidebar.pills(key="gd_preset").value is None  # the presets act as buttons
    run(app.sidebar.pills(key="gd_preset").set_value("all"))
    assert "from" not in app.query_params and incidents(app) == 9


def test_playback_starts_on_the_first_frame_and_stop_brings_the_period_back(tmp_path: Path) -> None:
    app = dashboard(tmp_path)
    pick_dates(app, APRIL_10, APRIL_16)
    run(app.sidebar.button(key="gd_play_button").click())
    # a week plays day by day, the map and the counts following the frame
    assert app.sidebar.date_input(key="gd_from_box").value == APRIL_10
    assert app.sidebar.date_input(key="gd_to_box").value == APRIL_10
    assert any("Frame 1 of 7, a day each" in item.value for item in app.sidebar.caption)
    assert metric(app, "Dated · undated") == "3 · 1"
    run(app.sidebar.button(key="gd_play_button").click())  # pause
    assert app.sidebar.button(key="gd_play_button").label == "▶ Resume"
    run(app.sidebar.button(key="gd_stop_button").click())
    assert (app.sidebar.date_input(key="gd_from_box").value, app.sidebar.date_input(key="gd_to_box").value) == (
        APRIL_10, APRIL_16)


def test_the_playback_step_moves_the_dates(tmp_path: Path) -> None:
    from app.timeline import PLAY, advance

    app = dashboard(tmp_path)
    pick_dates(app, APRIL_10, APRIL_16)
    run(app.sidebar.button(key="gd_play_button").click())
    play = app.session_state[PLAY]
    following = advance(play, now=play.last_step + 5)
    assert (following.index, following.playing) == (1, True)
    last = advance(following.__class__(**{**following.__dict__, "index": 5}), now=0)
    assert (last.index, last.playing) == (6, False)  # the last frame stops the playback


# ------------------------------------------------------------------ the address


def test_a_link_reopens_the_filters_the_view_and_the_selection(tmp_path: Path) -> None:
    app = dashboard(tmp_path)
    pick_dates(app, APRIL_10, APRIL_11)
    run(app.sidebar.multiselect(key="gd_kinds").select("airstrike").select("artillery_shelling"))
    run(app.sidebar.checkbox(key="gd_background").check())
    link = dict(app.query_params)
    assert link["from"] == "2023-04-10" and link["kind"] == ["airstrike", "artillery_shelling"] and link["bg"] == "1"
    shown = incidents(app)
    link |= {"view": "35.30139,40.23667,12", "sel": "at:35.30139,40.23667"}
    again = dashboard(tmp_path, link)
    assert incidents(again) == shown
    assert again.sidebar.multiselect(key="gd_kinds").value == ["airstrike", "artillery_shelling"]
    assert again.sidebar.date_input(key="gd_from_box").value == APRIL_10
    # the map opens on the view of the link ...
    (component,) = again.get("component_instance")
    script = json.loads(component.proto.json_args)["script"]
    assert "35.30139" in script and '"zoom": 12' in script
    # ... and the panel on the place it names
    assert any("Everything at Hatla" in item.proto.body for item in again.get("html"))


def test_a_link_draws_the_same_map_before_and_after_the_sidebar(tmp_path: Path) -> None:
    """A new session's first run draws the map without the sidebar (pages/map.py): the filters
    of a link must give it the same map as the run with the sidebar, else the browser draws twice."""
    link = {"from": "2023-04-10", "to": "2023-04-16", "kind": ["airstrike", "artillery_shelling"], "bg": "1",
            "near": "jadid-ekaidat", "km": "15", "undated": "0", "view": "35.30139,40.23667,12"}
    script = tmp_path / "launch_dashboard.py"
    script.write_text(LAUNCHER, encoding="utf-8")
    app = AppTest.from_file(str(script), default_timeout=120)
    app.query_params.update(link)
    run(app)
    assert not app.sidebar.multiselect and not app.metric  # the first run: the map alone
    first = app.get("component_instance")[0].proto.json_args
    run(app)
    assert app.get("component_instance")[0].proto.json_args == first
    assert app.sidebar.multiselect(key="gd_kinds").value == ["airstrike", "artillery_shelling"]
    assert app.sidebar.selectbox(key="gd_near_place").value == "jadid-ekaidat"
    assert 0 < incidents(app) < 9


def test_a_broken_link_opens_with_a_note(tmp_path: Path) -> None:
    app = dashboard(tmp_path, {"from": "2023-13-40", "kind": "meteor_strike", "near": "atlantis", "view": "x"})
    assert incidents(app) == 9
    notes = " ".join(item.value for item in app.warning)
    assert "from" in notes and "meteor_strike" in notes and "atlantis" in notes and "view" in notes


# ------------------------------------------------------------------ place, undated, new


def test_search_by_place_and_radius(tmp_path: Path) -> None:
    app = dashboard(tmp_path)
    run(app.sidebar.selectbox(key="gd_near_place").select("jadid-ekaidat"))
    run(app.sidebar.number_input(key="gd_near_km").set_value(5.0))
    assert incidents(app) == 3  # the shelling, the sweep and the find at Jadid Ekaidat itself
    assert (app.query_params["near"], app.query_params["km"]) == ("jadid-ekaidat", "5")
    run(app.sidebar.number_input(key="gd_near_km").set_value(10.0))
    assert incidents(app) == 4  # and the Conoco field, 9 km away
    run(app.sidebar.number_input(key="gd_near_km").set_value(15.0))
    assert incidents(app) == 7  # and Hatla and Marrat, 12-13 km away


def test_undated_incidents_are_counted_and_hidden_only_with_a_note(tmp_path: Path) -> None:
    app = dashboard(tmp_path)
    assert metric(app, "Dated · undated") == "8 · 1"
    run(app.sidebar.checkbox(key="gd_undated").uncheck())
    assert incidents(app) == 8 and app.query_params["undated"] == "0"
    assert any("1 undated incidents are hidden" in item.value for item in app.info)


def test_new_since_the_last_visit(tmp_path: Path, state_folder: Path) -> None:
    ids = set(fixture_frame()["incident_id"])
    visits.record_visit(state_folder, ids - {"inc-hatla-strike-2", "inc-marrat-clash"},
                        at=dt.datetime(2023, 4, 12, 9, 0))
    app = dashboard(tmp_path)
    assert metric(app, "New since last visit") == "2"
    run(app.sidebar.checkbox(key="gd_only_new").check())
    assert incidents(app) == 2 and app.query_params["new"] == "1"
    # this visit is recorded: the next one finds nothing new
    assert visits.read_visit(state_folder).ids == ids


def test_a_first_visit_says_so(tmp_path: Path) -> None:
    app = dashboard(tmp_path)
    assert metric(app, "New since last visit") == "—"
    assert any("First visit" in item.value for item in app.sidebar.caption)


# ------------------------------------------------------------------ the map page


def test_summaries_of_the_period(tmp_path: Path) -> None:
    app = dashboard(tmp_path)
    tables = [item.value for item in app.dataframe]
    casualties = next(table for table in tables if "killed" in table.columns)
    actors = next(table for table in tables if "actor" in table.columns)
    assert casualties.iloc[-1]["kind"] == "All" and casualties.iloc[-1]["incidents"] == 9
    assert actors.iloc[0]["actor"] == "Iran-backed militias"
    assert [item.proto.component_name for item in app.get("component_instance")] == ["streamlit_folium.st_folium"]


def test_the_panel_can_sit_below_the_map(tmp_path: Path) -> None:
    app = dashboard(tmp_path, {"sel": "at:35.25509,40.35454"})
    assert any("Everything at Jadid Ekaidat" in item.proto.body for item in app.get("html"))
    run(app.segmented_control(key="gd_panel_at").set_value("below"))
    assert any("Everything at Jadid Ekaidat" in item.proto.body for item in app.get("html"))


# ------------------------------------------------------------------ other pages


def test_the_incidents_table_is_tall_blank_where_empty_and_has_excerpts(tmp_path: Path) -> None:
    app = dashboard(tmp_path)
    run(app.switch_page(str(PAGES / "incidents.py")))
    (table,) = app.dataframe
    assert "excerpt" in table.value.columns and table.value["excerpt"].notna().all()
    assert table.proto.placeholder == ""
    assert '"height": 640' in str(table.proto) or "640" in str(app.get("arrow_data_frame") or table.proto)
    assert table.value["kind"].iloc[0] in {"Air strike", "IED explosion"}  # labels, not keys
    actors = {name for names in table.value["actors_by"] for name in names}
    assert "Iran-backed militias" in actors and "iran_backed_militias" not in actors


def test_add_report_says_the_report_goes_into_the_store(tmp_path: Path) -> None:
    app = dashboard(tmp_path)  # GEODATA_CORPUS names the seeds only: reports go into the store all the same
    run(app.switch_page(str(PAGES / "add_report.py")))
    assert not app.warning
    assert any("are on the map at once" in item.value for item in app.caption)
    assert any("direction: rtl" in item.proto.body for item in app.get("html"))


def test_gazetteer_search_shows_the_places_on_the_map(tmp_path: Path) -> None:
    app = dashboard(tmp_path)
    run(app.switch_page(str(PAGES / "gazetteer.py")))
    run(app.text_input(key="gd_gazetteer_query").input("Deir ez Zor"))
    assert app.dataframe[0].value["id"].iloc[0] == "deir-ez-zor"
    maps = app.get("component_instance")
    assert any("geodata-found" in item.proto.json_args for item in maps)
