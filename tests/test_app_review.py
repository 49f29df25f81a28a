"""The Review page under Streamlit's AppTest, on the seeds (as tests/test_app_pages.py opens
pages): the name asked once per session, the queue newest first with the fields beside the
excerpts, each action by its button, notes escaped, and a save against an older version
refused with the newer values."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from app import review_cache
from geodata.review import correct, incident_review, review_queue
from geodata.review.author import ENV_AUTHOR
from geodata.store.database import open_store
from tests.test_app_pages import go, html_bodies, incident_ids, only_own_markup, open_page

pytestmark = pytest.mark.slow  # every test runs the whole app
NOTE = '<script>alert("note")</script> <img src=x onerror=alert(1)> قصف {{ 7*7 }}'


@pytest.fixture(autouse=True)
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.delenv("GEODATA_CORPUS", raising=False)
    monkeypatch.delenv(ENV_AUTHOR, raising=False)
    monkeypatch.delenv(review_cache.ENV_AUTHOR_HEADER, raising=False)
    monkeypatch.setenv("GEODATA_USER_CORPUS", str(tmp_path / "user_corpus"))
    monkeypatch.setenv("GEODATA_TILES", "none")


def reviewing(tmp_path: Path, name: str = "Sara") -> AppTest:
    app = open_page(tmp_path, "review.py")
    assert [item.value for item in app.title] == ["Review"]
    app.text_input[0].input(name)
    app.button[0].click().run()
    assert not app.exception, [item.value for item in app.exception]
    return app


def selected(app: AppTest) -> str:
    return str(app.radio(key="gd_review_pick").value)


def queued(statuses: tuple[str, ...] = ("unreviewed",)) -> list[str]:
    store = open_store()
    try:
        return [item.incident_id for item in review_queue(store, statuses=statuses)]
    finally:
        store.dispose()


def form_key(app: AppTest) -> str:
    return next(item.key for item in app.selectbox if item.key and item.key.endswith("_kind"))[: -len("_kind")]


def test_the_name_is_asked_once_and_the_queue_is_newest_first(tmp_path: Path) -> None:
    app = open_page(tmp_path, "review.py")
    assert app.text_input[0].label == "Your name (kept with every change you make)"
    assert app.button(key="gd_review_confirm").disabled  # read-only until then
    app.text_input[0].input("Sara")
    app.button[0].click().run()
    assert any("Reviewing as **Sara**" in item.value for item in app.caption)
    assert not [item for item in app.text_input if item.label.startswith("Your name")]
    store = open_store()
    newest = [item.incident_id for item in review_queue(store)]
    store.dispose()
    assert list(app.radio(key="gd_review_pick").options) and selected(app) == newest[0]
    bodies = html_bodies(app)
    assert any('<table class="gd-fields">' in body for body in bodies)
    assert any('<blockquote class="gd-excerpt" dir="rtl" lang="ar">' in body for body in bodies)
    app.button(key="gd_review_next").click().run()
    assert selected(app) == newest[1]
    go(app, "incidents.py")  # the name stays for the session
    go(app, "review.py")
    assert not [item for item in app.text_input if item.label.startswith("Your name")]


def test_the_author_can_come_from_the_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_AUTHOR, "Team Lead")
    app = open_page(tmp_path, "review.py")
    assert any("Reviewing as **Team Lead**" in item.value for item in app.caption)
    app.button(key="gd_review_confirm").click().run()
    store = open_store()
    history = [entry for item in review_queue(store, statuses=("confirmed",)) for entry in
               incident_review(store, item.incident_id).history if entry.by_analyst]
    store.dispose()
    assert [(entry.author, entry.action) for entry in history] == [("Team Lead", "confirm")]


def test_the_author_from_a_trusted_proxys_header(monkeypatch: pytest.MonkeyPatch) -> None:
    class Context:
        def __init__(self, user: str) -> None:
            self.headers = {"X-Forwarded-User": user}

    monkeypatch.setenv(review_cache.ENV_AUTHOR_HEADER, "X-Forwarded-User")
    monkeypatch.setattr(review_cache.st, "context", Context("analyst@example.org"))
    assert review_cache.given_author() == "analyst@example.org"
    monkeypatch.setattr(review_cache.st, "context", Context("bad\nname"))
    assert review_cache.given_author() is None  # refused, and the page asks


def test_confirm_moves_on_and_undo_brings_it_back(tmp_path: Path) -> None:
    app = reviewing(tmp_path)
    first = selected(app)
    app.button(key="gd_review_confirm").click().run()
    assert [item.value for item in app.success] == [f"{first} confirmed by Sara"]
    assert selected(app) == queued()[0] and first not in queued()
    app.radio(key="gd_review_queue").set_value("Confirmed").run()
    assert len(app.radio(key="gd_review_pick").options) == 1 and selected(app) == first
    app.button(key="gd_review_undo").click().run()
    assert "undone" in app.success[0].value
    assert first in queued()


def test_reject_hides_the_incident_on_the_other_pages(tmp_path: Path) -> None:
    app = reviewing(tmp_path)
    go(app, "incidents.py")
    before = incident_ids(app)
    go(app, "review.py")
    rejected = next(key for key in queued() if key in before)
    app.radio(key="gd_review_pick").set_value(rejected).run()
    app.button(key="gd_review_reject").click().run()
    assert [item.value for item in app.success] == [f"{rejected} rejected by Sara"]
    go(app, "incidents.py")
    assert incident_ids(app) == before - {rejected}


def test_correct_the_kind_and_the_place_picked_by_search(tmp_path: Path) -> None:
    app = reviewing(tmp_path)
    incident_id = selected(app)
    form = form_key(app)
    app.selectbox(key=f"{form}_kind").set_value("drone_attack")
    app.radio(key=f"{form}_location_how").set_value("Gazetteer place")
    app.text_input(key=f"{form}_location_query").input("خشام")
    app.run()  # the search fills the places to pick
    places = app.selectbox(key=f"{form}_location_place")
    assert any(option.endswith("(town, khasham)") for option in places.options)
    places.set_value("khasham")
    app.number_input(key=f"{form}_killed").set_value(4)
    app.button(key=f"{form}_save").click().run()
    assert not app.exception and not app.error, [item.value for item in app.error]
    assert app.success[0].value.startswith(f"{incident_id} corrected: ")
    store = open_store()
    review = incident_review(store, incident_id)
    store.dispose()
    assert review.incident.kind == "drone_attack" and review.incident.location.gazetteer_id == "khasham"
    assert review.incident.killed == 4 and set(review.corrected_fields) == {"kind", "location", "killed"}
    fields = next(body for body in html_bodies(app) if 'class="gd-fields"' in body)
    assert '<tr class="corrected">' in fields and "Khasham" in fields


def test_a_click_on_the_map_places_the_incident_at_that_point(tmp_path: Path) -> None:
    app = reviewing(tmp_path)
    incident_id = selected(app)
    form = form_key(app)
    assert any("Click the map to place the incident" in item.value for item in app.caption)
    assert not any("The point picked" in item.proto.json_args for item in app.get("component_instance"))
    # what streamlit-folium sends back after a click on the map
    app.session_state[f"{form}_location_map"] = {"last_clicked": {"lat": 35.123456, "lng": 40.654321}}
    app.run()
    assert app.radio(key=f"{form}_location_how").value == "Point"
    assert (app.number_input(key=f"{form}_location_lat").value,
            app.number_input(key=f"{form}_location_lon").value) == (35.12346, 40.65432)
    assert any("The point picked" in item.proto.json_args for item in app.get("component_instance"))
    app.button(key=f"{form}_save").click().run()
    assert not app.exception and not app.error, [item.value for item in app.error]
    store = open_store()
    review = incident_review(store, incident_id)
    store.dispose()
    assert (review.incident.location.lat, review.incident.location.lon) == (35.12346, 40.65432)
    assert "location" in review.corrected_fields


def test_a_bad_value_shows_the_field_and_reason(tmp_path: Path) -> None:
    app = reviewing(tmp_path)
    form = form_key(app)
    app.radio(key=f"{form}_location_how").set_value("Point")
    app.number_input(key=f"{form}_location_lat").set_value(48.85)
    app.number_input(key=f"{form}_location_lon").set_value(2.35)
    app.button(key=f"{form}_save").click().run()
    assert app.error[0].value.startswith("location: the point 48.85000, 2.35000 is outside the map's area")


def test_merge_and_split_from_the_page(tmp_path: Path) -> None:
    app = reviewing(tmp_path)
    keep = selected(app)
    candidates = app.selectbox(key="gd_review_merge_with").options
    assert candidates
    other = candidates[0].rsplit(" · ", 1)[-1]
    app.selectbox(key="gd_review_merge_with").set_value(other)
    app.button(key="gd_review_merge").click().run()
    assert [item.value for item in app.success] == [f"{other} merged into {keep}"]
    store = open_store()
    sources = [source.key for source in incident_review(store, keep).sources]
    store.dispose()
    assert len(sources) >= 2
    app.selectbox(key="gd_review_split_source").set_value(sources[-1])
    app.button(key="gd_review_split").click().run()
    assert "is now incident" in app.success[0].value
    assert selected(app) != keep  # the page shows the new incident


def test_a_note_is_shown_as_text(tmp_path: Path) -> None:
    app = reviewing(tmp_path)
    app.text_area(key="gd_review_note").input(NOTE)
    app.button(key="gd_review_add_note").click().run()
    history = next(body for body in html_bodies(app) if 'class="gd-history"' in body)
    assert "&lt;script&gt;alert(&quot;note&quot;)&lt;/script&gt;" in history and "<script" not in history
    assert "&#123;&#123; 7*7 &#125;&#125;" in history and "قصف" in history
    assert all(only_own_markup(body.replace("<ol", "<div").replace("</ol", "</div").replace("<li", "<div")
                               .replace("</li", "</div").replace("<code", "<span").replace("</code", "</span")
                               .replace("<table", "<div").replace("</table", "</div"))
               or "<style>" in body for body in html_bodies(app) if "gd-history" in body)


def test_a_save_against_an_older_version_is_refused_with_the_newer_values(tmp_path: Path) -> None:
    app = reviewing(tmp_path)
    incident_id = selected(app)
    store = open_store()  # another analyst, in another session
    correct(store, incident_id, {"killed": 6}, author="Omar")
    store.dispose()
    app.button(key="gd_review_confirm").click().run()  # Sara saw the version before Omar's
    assert app.error[0].value.startswith("Your change was not saved")
    conflict = next(body for body in html_bodies(app) if "gd-conflict" in body)
    assert "last changed by Omar (correct)" in conflict and "<dt>killed</dt><dd dir=\"auto\">6</dd>" in conflict
    store = open_store()
    assert incident_review(store, incident_id).status == "corrected"  # Omar's, not Sara's confirm
    store.dispose()
    app.button(key="gd_review_confirm").click().run()  # now Sara sees the new version: it goes through
    assert app.success[0].value == f"{incident_id} confirmed by Sara"
