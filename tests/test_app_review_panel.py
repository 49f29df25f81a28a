"""Review from the map: the panel's Confirm and Reject on the real store (the seeds ingested),
the sidebar's review status bringing rejected incidents back, and the administrative units
filter, all under AppTest."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geodata.store.corpus import served_table
from geodata.store.database import open_store

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
LAUNCHER = f"""
import runpy, sys
sys.path.insert(0, {str(ROOT)!r})
runpy.run_path({str(ROOT / "dashboard.py")!r}, run_name="__main__")
"""


@pytest.fixture(autouse=True)
def fresh_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv("GEODATA_CORPUS", str(ROOT / "seeds"))
    monkeypatch.setenv("GEODATA_USER_CORPUS", str(tmp_path / "user_corpus"))
    monkeypatch.setenv("GEODATA_TILES", "none")


def dashboard(tmp_path: Path, query: dict[str, str] | None = None) -> AppTest:
    script = tmp_path / "launch_dashboard.py"
    script.write_text(LAUNCHER, encoding="utf-8")
    app = AppTest.from_file(str(script), default_timeout=120)
    app.query_params.update(query or {})
    run(app)
    # A new session's first run draws the map alone; the map reports its view once
    # drawn in the browser, and the run that starts draws the rest (pages/map.py).
    return run(app)


def run(target: object) -> AppTest:
    """Run the app (or the app of a widget just set) and check that nothing failed."""
    app: AppTest = target.run()  # type: ignore[attr-defined]
    assert not app.exception, [item.value for item in app.exception]
    return app


def incidents(app: AppTest) -> int:
    return int(next(item for item in app.metric if item.label == "Incidents").value.replace(",", ""))


def placed_incident(tmp_path: Path) -> tuple[str, str]:
    """An incident of the seeds with a place, and the panel selection of its place."""
    dashboard(tmp_path)  # ingests the seeds into this test's store
    store = open_store()
    try:
        frame = served_table(store, with_control=False)
    finally:
        store.dispose()
    row = frame[frame["lat"].notna() & ~frame["background"]].iloc[0]
    return str(row["incident_id"]), f"at:{row['lat']},{row['lon']}"


def test_reject_from_the_panel_hides_the_incident_until_the_filter_asks_for_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    incident_id, selection = placed_incident(tmp_path)
    monkeypatch.setenv("GEODATA_AUTHOR", "Analyst One")
    app = dashboard(tmp_path, {"sel": selection})
    before = incidents(app)
    run(app.selectbox(key="gd_panel_review_pick").select(incident_id))
    app.button(key="gd_panel_reject").click()
    run(app)
    assert any("rejected" in item.value.lower() for item in app.success), [item.value for item in app.success]
    assert incidents(app) == before - 1

    app.sidebar.multiselect(key="gd_review_statuses").select("rejected")
    run(app)
    assert incidents(app) == before
    assert app.query_params["review"] == ["unreviewed", "confirmed", "corrected", "rejected"]


def test_without_a_name_the_panel_only_opens_the_review_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GEODATA_AUTHOR", raising=False)
    _, selection = placed_incident(tmp_path)
    app = dashboard(tmp_path, {"sel": selection})
    assert app.button(key="gd_panel_confirm").disabled and app.button(key="gd_panel_reject").disabled
    assert any("Give your name on the Review page" in item.value for item in app.caption)


def test_the_administrative_units_filter(tmp_path: Path) -> None:
    app = dashboard(tmp_path)
    everything = incidents(app)
    units = app.sidebar.multiselect(key="gd_admin_units")
    assert "Deir-ez-Zor" in units.options, "the seeds lie in Deir ez-Zor"
    run(units.select("SY09"))
    assert 0 < incidents(app) <= everything
    assert app.query_params["admin"] == "SY09"
    run(app.sidebar.multiselect(key="gd_admin_units").unselect("SY09").select("SY08"))
    assert incidents(app) == 0  # the seeds' only incident in al-Hasakah is a background mention
