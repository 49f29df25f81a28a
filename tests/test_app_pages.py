"""The Incidents, Sources, Gazetteer and Add report pages under Streamlit's AppTest.

Each test opens the dashboard as a real server does (``dashboard.py`` builds the navigation
and the sidebar) and switches to a page. As in ``test_app_map.py``, ``dashboard.py`` runs
through a launcher in a folder without ``pages/``: from the app's own folder, AppTest would
fall back to Streamlit's legacy ``pages/`` mode on every run after the first and run the
page without ``dashboard.py``. Pages are therefore named by absolute path.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geodata.corpus.articles import MAX_ARTICLE_CHARS
from geodata.table.filters import Filters, apply_filters
from geodata.table.frame import corpus_table

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PAGES = ROOT / "pages"
IED = "انفجرت عبوة ناسفة صباح اليوم بسيارة عسكرية في بلدة ذيبان بريف دير الزور الشرقي."
HOSTILE = '</script><script>alert(1)</script><img src=x onerror=alert(2)> `${alert(3)}`'
TAG = re.compile(r"<\s*/?\s*([A-Za-z][\w-]*)([^>]*)>")
OWN_TAGS = frozenset({"style", "div", "mark", "span", "p", "a", "b", "code", "h3"})
LAUNCHER = f"""
import runpy, sys
sys.path.insert(0, {str(ROOT)!r})
runpy.run_path({str(ROOT / "dashboard.py")!r}, run_name="__main__")
"""

pytestmark = pytest.mark.slow  # every test runs the whole app


@pytest.fixture(autouse=True)
def fresh_caches(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Seeds plus an empty user corpus in ``tmp_path``; returns the user corpus folder."""
    st.cache_data.clear()
    st.cache_resource.clear()
    user_corpus = tmp_path / "user_corpus"
    monkeypatch.delenv("GEODATA_CORPUS", raising=False)  # the default: seeds + user corpus
    monkeypatch.setenv("GEODATA_USER_CORPUS", str(user_corpus))
    monkeypatch.setenv("GEODATA_TILES", "none")
    return user_corpus


@pytest.fixture(scope="module")
def seed_frame():
    return corpus_table([SEEDS])  # what a fresh store gives the seeds


def open_page(tmp_path: Path, page: str) -> AppTest:
    script = tmp_path / "launch_dashboard.py"
    script.write_text(LAUNCHER, encoding="utf-8")
    app = AppTest.from_file(str(script), default_timeout=60)
    app.run()
    return go(app, page)


def go(app: AppTest, page: str) -> AppTest:
    app.switch_page(str(PAGES / page)).run()
    assert not app.exception, [item.value for item in app.exception]
    return app


def html_bodies(app: AppTest) -> list[str]:
    return [item.proto.body for item in app.get("html")]


def only_own_markup(html: str) -> bool:
    """Only the pages' own tags, no event handler, links only to http(s) addresses."""
    tags = TAG.findall(html)
    return (all(name.lower() in OWN_TAGS for name, _ in tags)
            and not any(re.search(r"\son\w+\s*=", attributes, re.IGNORECASE) for _, attributes in tags)
            and all(re.search(r'href="https?://', attributes) for _, attributes in tags if "href" in attributes))


def incident_ids(app: AppTest) -> set[str]:
    return set(app.dataframe[0].value["incident_id"])


# ------------------------------------------------------------------ every page on the seeds


@pytest.mark.parametrize(("page", "title"), [
    ("incidents.py", "Incidents"), ("sources.py", "Sources"), ("gazetteer.py", "Gazetteer"),
    ("add_report.py", "Add a report"),
])
def test_every_page_renders_on_the_seeds(tmp_path: Path, page: str, title: str) -> None:
    app = open_page(tmp_path, page)
    assert [item.value for item in app.title] == [title]
    assert not app.error, [item.value for item in app.error]
    assert app.sidebar.slider[0].label == "Dates", "the shared sidebar is missing"


# ------------------------------------------------------------------ incidents


def test_incidents_table_has_the_seed_incidents_and_downloads(tmp_path: Path, seed_frame) -> None:
    app = open_page(tmp_path, "incidents.py")
    shown = apply_filters(seed_frame, Filters())  # the sidebar's defaults: all dates, no background
    assert incident_ids(app) == set(shown["incident_id"]) and len(shown) > 0
    table = app.dataframe[0].value
    assert str(table["date"].dtype).startswith("datetime64") and "Conoco gas field" in set(table["place"])
    buttons = app.get("download_button")
    assert [button.proto.label for button in buttons] == ["Download CSV", "Download GeoJSON", "Download ACLED CSV"]
    assert all(button.proto.deferred_file_id for button in buttons)  # built on click, not on every rerun

    app.sidebar.checkbox(key="gd_background").check().run()
    assert incident_ids(app) == set(seed_frame["incident_id"])


def test_incidents_table_pages_through_the_rows_read_in_full(tmp_path: Path, seed_frame,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from app import cache

    monkeypatch.setattr(cache, "TABLE_PAGE_ROWS", 3)
    app = open_page(tmp_path, "incidents.py")
    shown = apply_filters(seed_frame, Filters())
    pages = -(-len(shown) // 3)
    assert pages > 1 and len(app.dataframe[0].value) == 3
    seen: list[str] = []
    for page in range(1, pages + 1):
        app.number_input(key=f"gd_incident_page_{pages}").set_value(page).run()
        table = app.dataframe[0].value
        assert table["excerpt"].notna().all(), "each row of a page carries its sources' excerpt"
        seen += list(table["incident_id"])
    assert sorted(seen) == sorted(shown["incident_id"])  # every incident once, newest first page by page
    dates = [app.dataframe[0].value["date"].max()]
    assert pd.isna(dates[0]) or dates[0] <= shown["date"].max()


def test_downloads_hold_every_incident_under_the_filters_read_from_the_store(tmp_path: Path, seed_frame) -> None:
    from app import cache, common
    from app.settings import load_settings
    from geodata.table.exporters.csv import flat_table

    open_page(tmp_path, "incidents.py")  # the seeds ingested into this test's store
    key = common.table_key(load_settings([]))
    filters = Filters(kinds=("ied_explosion", "rocket_attack", "drone_attack"))
    expected = apply_filters(seed_frame, filters)
    assert len(expected) > 0
    written = cache.export_bytes(key, filters, "csv").decode("utf-8-sig")
    found = pd.read_csv(__import__("io").StringIO(written))
    assert sorted(found["incident_id"]) == sorted(expected["incident_id"])
    assert list(found.columns) == list(flat_table(expected).columns)  # every column, sources and excerpts too


def test_incidents_follow_the_timeline(tmp_path: Path) -> None:
    app = open_page(tmp_path, "incidents.py")
    before = len(app.dataframe[0].value)
    last = app.sidebar.slider[0].value[1]
    app.sidebar.slider[0].set_value((last, last)).run()
    dates = app.dataframe[0].value["date"].dt.date
    assert 0 < len(dates) < before and set(dates) == {last}


# ------------------------------------------------------------------ sources


def test_sources_page_shows_an_article_with_highlights(tmp_path: Path) -> None:
    app = open_page(tmp_path, "sources.py")
    assert len(app.selectbox[0].options) == 2
    bodies = html_bodies(app)
    article = next(body for body in bodies if 'class="gd-article"' in body)
    assert 'dir="rtl"' in article and '<mark class="gd-place">' in article and '<span class="gd-report">' in article
    assert any("SY24" in body or "Enab" in body for body in bodies)
    subheaders = [item.value for item in app.subheader]
    assert any(text.startswith("Incidents found (") and not text.endswith("(0)") for text in subheaders)
    assert any(text.startswith("Not in the gazetteer (") for text in subheaders)

    app.text_input(key="gd_sources_query").input("no such words anywhere").run()
    assert app.info[0].value == "No article matches this search."
    app.text_input(key="gd_sources_query").input("حطلة").run()
    assert len(app.selectbox[0].options) == 2
    app.selectbox[0].select_index(1).run()
    assert not app.exception and any('<mark class="gd-place">' in body for body in html_bodies(app))


def test_sources_page_shows_hostile_articles_as_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "hostile"
    corpus.mkdir()
    (corpus / "evil.md").write_text(
        f"---\nid: evil\noutlet: {HOSTILE}\npublished: 2023-04-11\ntitle: {HOSTILE}\n---\n"
        f"{HOSTILE}\nقصفت طائرات التحالف مواقع في بلدة حطلة و\u202eقرية {HOSTILE}\n",
        encoding="utf-8",
    )
    (corpus / "bad-link.md").write_text("---\nid: bad-link\noutlet: X\nurl: javascript:alert(1)\n---\nنص\n",
                                        encoding="utf-8")
    monkeypatch.setenv("GEODATA_CORPUS", str(corpus))
    app = open_page(tmp_path, "sources.py")
    assert len(app.selectbox[0].options) == 1  # the javascript: link made the other one a data problem
    bodies = html_bodies(app)
    assert all(only_own_markup(body) for body in bodies)
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in body for body in bodies)
    assert not any("\u202e" in body for body in bodies)


# ------------------------------------------------------------------ gazetteer


@pytest.mark.parametrize("query", ["حطلة", "Hatla"])
def test_gazetteer_search_finds_hatla(tmp_path: Path, query: str) -> None:
    app = open_page(tmp_path, "gazetteer.py")
    app.text_input(key="gd_gazetteer_query").input(query).run()
    assert not app.exception
    results = app.dataframe[0].value
    assert results.iloc[0]["id"] == "hatla" and results.iloc[0]["name_ar"] == "حطلة"


def test_gazetteer_map_is_drawn_without_reruns(tmp_path: Path) -> None:
    app = open_page(tmp_path, "gazetteer.py")
    maps = app.get("component_instance")
    assert [item.proto.component_name for item in maps] == ["streamlit_folium.st_folium"]
    assert '"returned_objects": []' in maps[0].proto.json_args
    assert "geodataMap.points(" in maps[0].proto.json_args


def test_phrase_box_resolves_the_desert_of_jadid_ekaidat(tmp_path: Path) -> None:
    app = open_page(tmp_path, "gazetteer.py")
    app.text_area(key="gd_gazetteer_phrase").input("بادية بلدة جديد عكيدات").run()
    assert not app.exception
    rows = app.dataframe[0].value
    jadid = rows[rows["gazetteer_id"] == "jadid-ekaidat"].iloc[0]
    assert (jadid["precision"], jadid["relation"], jadid["surface"]) == (2, "near", "جديد عكيدات")
    assert any('<mark class="gd-place">جديد عكيدات</mark>' in body for body in html_bodies(app))


def test_phrase_box_lists_unresolved_names(tmp_path: Path) -> None:
    app = open_page(tmp_path, "gazetteer.py")
    app.text_area(key="gd_gazetteer_phrase").input(f"قصف على قرية زززز و {HOSTILE}").run()
    assert not app.exception
    assert "زززز" in set(app.dataframe[-1].value["name"])
    assert all(only_own_markup(body) for body in html_bodies(app))


# ------------------------------------------------------------------ add report


def fill_report(app: AppTest, *, text: str = IED, outlet: str = "Deir Ezzor 24", url: str = "",
                article_id: str = "") -> AppTest:
    app.text_area(key="gd_report_text").input(text)
    app.text_input(key="gd_report_outlet").input(outlet)
    app.date_input(key="gd_report_published").set_value(dt.date(2024, 1, 15))
    app.text_input(key="gd_report_url").input(url)
    app.text_input(key="gd_report_id").input(article_id)
    return app


def click(app: AppTest, label: str) -> AppTest:
    next(button for button in app.button if button.label == label).click().run()
    assert not app.exception, [item.value for item in app.exception]
    return app


def test_preview_shows_places_and_incidents_without_saving(tmp_path: Path, fresh_caches: Path) -> None:
    app = click(fill_report(open_page(tmp_path, "add_report.py")), "Preview")
    assert app.subheader[0].value.startswith("Preview: 1 incident(s), ")
    assert app.dataframe[0].value.iloc[0]["place"] == "Dhiban"
    assert any('<mark class="gd-place">بلدة ذيبان</mark>' in body for body in html_bodies(app))
    assert not fresh_caches.exists()


def test_saved_report_appears_in_the_incidents(tmp_path: Path, fresh_caches: Path) -> None:
    app = open_page(tmp_path, "incidents.py")
    before = incident_ids(app)
    go(app, "add_report.py")
    click(fill_report(app, url="https://deirezzor24.net/report"), "Save report")
    assert not app.error, [item.value for item in app.error]
    assert re.match(r"Stored as deir-ezzor-24-2024-01-15-[a-z0-9-]+: 1 incident\(s\)", app.success[0].value)
    assert not fresh_caches.exists()  # into the store, not into a folder
    assert app.get("page_link")[0].proto.label == "See it on the Map"
    assert app.text_area(key="gd_report_text").value == ""  # a fresh form

    go(app, "incidents.py")
    after = app.dataframe[0].value
    assert set(after["incident_id"]) > before and len(after) == len(before) + 1
    added = after[~after["incident_id"].isin(before)].iloc[0]
    assert (added["place"], added["kind"], added["link"]) == ("Dhiban", "IED explosion", "https://deirezzor24.net/report")

    go(app, "add_report.py")
    click(fill_report(app, url="https://deirezzor24.net/report"), "Save report")
    assert "already exists in the store" in app.error[0].value
    go(app, "incidents.py")
    assert len(app.dataframe[0].value) == len(before) + 1


@pytest.mark.parametrize(("changes", "message"), [
    ({"url": "javascript:alert(document.cookie)"}, "http:// or https://"),
    ({"article_id": "../../etc/passwd"}, "a-z, 0-9"),
    ({"text": "ا" * (MAX_ARTICLE_CHARS + 1)}, "the limit is"),
    ({"text": "   "}, "empty body"),
    ({"outlet": ""}, "no outlet"),
])
def test_bad_reports_are_refused_with_a_message(tmp_path: Path, fresh_caches: Path, changes: dict[str, str],
                                                message: str) -> None:
    app = click(fill_report(open_page(tmp_path, "add_report.py"), **changes), "Save report")
    assert len(app.error) == 1 and message in app.error[0].value and app.error[0].value.startswith("Not saved")
    assert not fresh_caches.exists() or not any(fresh_caches.iterdir())
    assert not list(tmp_path.rglob("passwd"))


def test_hostile_text_and_outlet_are_saved_and_shown_as_text(tmp_path: Path, fresh_caches: Path) -> None:
    app = fill_report(open_page(tmp_path, "add_report.py"), text=f"{HOSTILE}\n{IED}", outlet=f"<script>{HOSTILE}")
    click(app, "Preview")
    bodies = html_bodies(app)
    assert all(only_own_markup(body) for body in bodies)
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in body for body in bodies)
    click(app, "Save report")
    assert re.match(r"Stored as script-script-script-alert-1-[a-z0-9-]+: ", app.success[0].value)

    go(app, "sources.py")
    app.text_input(key="gd_sources_query").input("alert(1)").run()
    bodies = html_bodies(app)
    assert all(only_own_markup(body) for body in bodies)
    assert any("&lt;img src=x onerror=alert(2)&gt;" in body for body in bodies)
