"""The pure helpers behind the Incidents, Sources, Gazetteer and Add report pages."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from app.report_form import ReportForm, build_report, corpus_includes, report_id
from geodata.corpus.articles import ID_PATTERN, MAX_ARTICLE_CHARS, Article, load_corpus, save_article
from geodata.errors import ArticleError, InputTooLargeError
from geodata.places.finder import UnresolvedName, find_places
from geodata.places.gazetteer import KINDS, default_gazetteer, load_gazetteer
from geodata.table.frame import empty_frame
from geodata.views.article import (
    ArticleAnalysis,
    analyse_article,
    article_html,
    article_label,
    article_meta_html,
    marked_text,
    match_rows,
    page_count,
    page_items,
    report_rows,
    search_articles,
    unresolved_rows,
)
from geodata.views.incident import DISPLAY_COLUMNS, display_table, export_file_name, first_safe_link
from geodata.views.map.gazetteer import PLACE_KIND_STYLES, gazetteer_map, place_rows
from geodata.views.map.labels import LABEL_KINDS
from tests.fixtures.incidents import HOSTILE, fixture_frame, hostile_frame

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
APRIL_11 = dt.date(2023, 4, 11)
TAG = re.compile(r"<\s*/?\s*([A-Za-z][\w-]*)([^>]*)>")
OWN_TAGS = frozenset({"div", "mark", "span", "p", "a", "b", "code"})
IED = "انفجرت عبوة ناسفة صباح اليوم بسيارة عسكرية في بلدة ذيبان بريف دير الزور الشرقي."


@pytest.fixture(scope="module")
def seeds() -> list[Article]:
    return load_corpus(ROOT / "seeds").articles


def no_raw_markup(html: str) -> bool:
    """Only the helpers' own tags, no event handler, no link but http(s), no bidi override."""
    tags = TAG.findall(html)
    return (all(name.lower() in OWN_TAGS for name, _ in tags)
            and not any(re.search(r"\son\w+\s*=", attributes, re.IGNORECASE) for _, attributes in tags)
            and all(re.match(r'\s*href="https?://', attributes) for name, attributes in tags if "href" in attributes)
            and "\u202e" not in html)


# ------------------------------------------------------------------ incident table


def test_display_table_is_readable_and_typed() -> None:
    table = display_table(fixture_frame())
    assert list(table.columns) == [name for name, _ in DISPLAY_COLUMNS]
    assert len(table) == len(fixture_frame())
    assert str(table["date"].dtype).startswith("datetime64")
    assert table["date"].dropna().is_monotonic_decreasing  # newest first, undated last
    assert pd_isna(table["date"].iloc[-1])
    assert "Rocket attack" in set(table["kind"])
    assert all(isinstance(value, list) and all(isinstance(item, str) for item in value) for value in table["outlets"])
    assert all("_" not in actor for value in table["actors_by"] for actor in value)  # "us led coalition"


def pd_isna(value: object) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def test_display_table_keeps_only_safe_links_and_strips_bidi_controls() -> None:
    table = display_table(hostile_frame())
    assert table["link"].tolist() == [None]
    assert "\u202e" not in table["place"].iloc[0]
    assert first_safe_link([{"url": "javascript:alert(1)"}, {"url": "https://sy-24.com/a?b=1"}]) == "https://sy-24.com/a?b=1"
    assert first_safe_link(None) is None and first_safe_link([{"url": None}, "x"]) is None


def test_display_table_of_nothing_has_the_columns() -> None:
    table = display_table(empty_frame())
    assert table.empty and list(table.columns) == [name for name, _ in DISPLAY_COLUMNS]


@pytest.mark.parametrize(("name", "suffix", "start", "end", "expected"), [
    ("csv", ".csv", dt.date(2023, 4, 1), APRIL_11, "deir-ez-zor-incidents_2023-04-01_2023-04-11.csv"),
    ("geojson", ".geojson", None, None, "deir-ez-zor-incidents_all-dates.geojson"),
    ("acled", ".csv", APRIL_11, APRIL_11, "deir-ez-zor-incidents-acled_2023-04-11_2023-04-11.csv"),
    ("csv", ".csv", None, APRIL_11, "deir-ez-zor-incidents_start_2023-04-11.csv"),
])
def test_export_file_names_come_from_prefix_format_and_dates(name, suffix, start, end, expected) -> None:
    assert export_file_name(name, suffix, start, end) == expected


@pytest.mark.parametrize(("name", "suffix", "prefix"), [
    ("../x", ".csv", "p"), ("csv", ".c/v", "p"), ("csv", ".csv", "<script>"), ("CSV", ".csv", "p"),
])
def test_export_file_names_refuse_anything_but_slugs(name: str, suffix: str, prefix: str) -> None:
    with pytest.raises(ValueError, match="must"):
        export_file_name(name, suffix, None, None, prefix=prefix)


# ------------------------------------------------------------------ articles


def test_analysis_marks_places_and_incident_sentences(seeds: list[Article]) -> None:
    analysis = analyse_article(next(article for article in seeds if article.id.startswith("sy24")))
    assert analysis.reports and analysis.resolved
    html = article_html(analysis)
    assert html.startswith('<div class="gd-article" dir="rtl" lang="ar">')
    assert html.count('<mark class="gd-place">') >= len({match.start for match in analysis.resolved}) > 3
    assert '<span class="gd-report">' in html
    assert "حطلة" in html and no_raw_markup(html)
    # the text itself is unchanged once the markup is taken away
    text = re.sub(r"<[^>]+>", "", html.split('<p class="gd-cut">')[0])
    assert unescape(text) == analysis.article.text


def unescape(text: str) -> str:
    import html

    return html.unescape(text)


def test_hostile_article_text_stays_text() -> None:
    article = Article(id="evil", outlet=HOSTILE, text=f"{HOSTILE}\nقصف على بلدة {HOSTILE} في حطلة", published=APRIL_11,
                      url="javascript:alert(5)", title=HOSTILE)
    match = UnresolvedName(0, 9, HOSTILE[:9], "قرية")
    analysis = ArticleAnalysis(article=article, places=(match, *find_places(article.text)), reports=())
    for html in (article_html(analysis), article_meta_html(article), marked_text(article.text, analysis.places, [(0, 40)])):
        assert no_raw_markup(html) and "&lt;script&gt;" in html
    assert "href" not in article_meta_html(article)
    assert "\u202e" not in article_label(article) and "<" in article_label(article)  # plain text for a select box


def test_spans_out_of_range_or_overlapping_never_break_the_text() -> None:
    text = "قصف على حطلة"
    places = [*find_places(text), UnresolvedName(5, 500, "x", "قرية")]
    html = marked_text(text, places, [(-5, 3), (2, 8), (50, 60)])
    assert unescape(re.sub(r"<[^>]+>", "", html)) == text
    assert marked_text("", places, [(0, 3)]) == ""


def test_long_articles_are_cut_with_a_note() -> None:
    article = Article(id="long", outlet="X", text="ا" * 50)
    html = article_html(ArticleAnalysis(article, (), ()), limit=10)
    assert "Showing the first 10 of 50 characters" in html


def test_rows_for_places_unresolved_names_and_reports() -> None:
    matches = find_places("بادية بلدة جديد عكيدات وقرية زززز وقرية زززز")
    rows = match_rows(matches)
    jadid = next(row for row in rows if row["gazetteer_id"] == "jadid-ekaidat")
    assert (jadid["precision"], jadid["relation"], jadid["place"]) == (2, "near", "Jadid Ekaidat")
    assert unresolved_rows(matches) == [{"name": "زززز", "framed as": "قريه", "mentions": 2}]
    reports = analyse_article(Article(id="a", outlet="X", text=IED, published=APRIL_11)).reports
    assert report_rows(reports) == [{
        "kind": "IED explosion", "date": "2023-04-11", "date precision": "day", "place": "Dhiban",
        "place (Arabic)": "ذيبان", "precision": 1, "launch site": None, "background": False,
    }]


def test_search_and_pages(seeds: list[Article]) -> None:
    assert [article.outlet for article in search_articles(seeds, "sy24")] == ["SY24"]
    assert len(search_articles(seeds, "حطلة")) == 2 and len(search_articles(seeds, " ")) == 2
    assert search_articles(seeds, "no such words") == []
    items = [Article(id=f"a{index}", outlet="X", text="x") for index in range(120)]
    assert page_count(120) == 3 and page_count(0) == 1 and page_count(100, 50) == 2
    assert [item.id for item in page_items(items, 3)] == [f"a{index}" for index in range(100, 120)]
    assert page_items(items, 99) == page_items(items, 3) and page_items(items, 0) == page_items(items, 1)


# ------------------------------------------------------------------ gazetteer


def test_every_gazetteer_kind_has_a_style() -> None:
    assert set(PLACE_KIND_STYLES) == set(KINDS)


def test_gazetteer_map_is_one_offline_layer_coloured_by_kind() -> None:
    places = list(load_gazetteer(FIXTURES / "small_gazetteer.csv"))
    html = gazetteer_map(places, tiles="none", asset_base="/app/static").get_root().render()
    assert html.count("geodataMap.points(") == 1
    assert "https://" not in html and "cdn" not in html.lower()  # scripts from /app/static only
    assert all(place.name_en in html for place in places)
    assert all(PLACE_KIND_STYLES[kind][1] in html for kind in {place.kind for place in places})
    full_map = gazetteer_map(default_gazetteer(), tiles="none")
    full = full_map.get_root().render()
    settlements = [place for place in default_gazetteer() if place.kind in LABEL_KINDS]
    # one point per place, one name label (a row) per settlement
    assert full.count('"type":"Feature"') == len(default_gazetteer())
    assert full.count("geodataMap.labels(") == 1
    [labels] = [child for child in full_map._children.values() if getattr(child, "renderer", None) == "labels"]
    assert len(json.loads(labels.data_json)["rows"]) == len(settlements)


def test_gazetteer_map_frames_and_marks_the_places_found() -> None:
    gazetteer = default_gazetteer()
    found = gazetteer.search("Deir ez Zor")[:3]
    folium_map = gazetteer_map(gazetteer, tiles="none", found=found)
    html = folium_map.get_root().render()
    assert html.count("geodata-found") >= 1 and "geodataMap.fit(" in html
    (layer,) = [child for child in folium_map._children.values() if getattr(child, "layer_name", "") == "Found"]
    assert layer.feature_count == 3
    assert {feature["properties"]["key"] for feature in json.loads(layer.data_json)["features"]} == {
        f"place:{place.id}" for place in found}


def test_gazetteer_map_escapes_names() -> None:
    evil = next(iter(default_gazetteer()))
    from dataclasses import replace

    html = gazetteer_map([replace(evil, name_en=HOSTILE)], tiles="none").get_root().render()
    assert "<script>alert(1)" not in html and "<img src=x" not in html


@pytest.mark.parametrize("query", ["Deir ez Zor", "deir-ez-zor", "DEIR EZ-ZOR", "Deir Ezzor", "ديرالزور",
                                   "دير الزور"])
def test_gazetteer_search_ignores_hyphens_spaces_and_case(query: str) -> None:
    assert default_gazetteer().search(query)[0].id == "deir-ez-zor"


def test_gazetteer_search_puts_exact_names_first_and_finds_nothing_in_noise() -> None:
    gazetteer = default_gazetteer()
    assert gazetteer.search("Hatla")[0].id == "hatla"
    assert gazetteer.search("al Mayadin")[0].id == "al-mayadin"
    assert gazetteer.search(" - ") == [] and gazetteer.search("") == []


def test_place_rows() -> None:
    rows = place_rows(default_gazetteer().search("Hatla"))
    assert rows[0]["id"] == "hatla" and rows[0]["name_ar"] == "حطلة" and rows[0]["kind"] == "Village"


def test_place_rows_show_layer_source_and_admin_units() -> None:
    gazetteer = default_gazetteer()
    [row] = place_rows([gazetteer["ocha-c5189"]], gazetteer)
    assert row["layer"] == "imported" and row["pcode"] == "C5189" and "OCHA" in str(row["source"])
    assert row["district"] and row["subdistrict"] and row["status"] == "current"


def test_the_full_gazetteer_map_clusters_its_places_and_names_their_source() -> None:
    from geodata.views.map.gazetteer import GAZETTEER_CLUSTER_THRESHOLD, place_source

    gazetteer = default_gazetteer()
    assert len(gazetteer) > GAZETTEER_CLUSTER_THRESHOLD
    full = gazetteer_map(gazetteer, tiles="none").get_root().render()
    assert '"cluster":{' in full.replace(" ", "")
    small = gazetteer_map(list(gazetteer)[:10], tiles="none").get_root().render()
    assert '"cluster":false' in small.replace(" ", "")
    assert place_source(gazetteer["hatla"]) == "curated"
    assert place_source(gazetteer["ocha-c5189"]).startswith("imported: OCHA C5189")
    assert "imported: OCHA C5189" in full


# ------------------------------------------------------------------ a pasted report


def form(**changes: object) -> ReportForm:
    values: dict[str, object] = {"text": IED, "outlet": "Deir Ezzor 24", "published": APRIL_11}
    values.update(changes)
    return ReportForm(**values)  # type: ignore[arg-type]


def test_a_pasted_report_becomes_an_article_with_a_generated_id() -> None:
    article = build_report(form(url=" https://deirezzor24.net/x ", text=IED + "\r\nسطر"))
    assert ID_PATTERN.match(article.id) and article.id.startswith("deir-ezzor-24-2023-04-11-")
    assert article.url == "https://deirezzor24.net/x" and article.published == APRIL_11
    assert "\r" not in article.text and article.language == "ar"
    assert build_report(form(article_id="my-report-1")).id == "my-report-1"
    assert report_id(form()) == report_id(form())  # stable for the same input


@pytest.mark.parametrize(("changes", "message"), [
    ({"url": "javascript:alert(1)"}, "http:// or https://"),
    ({"url": "https://x.org/<script>"}, "http:// or https://"),
    ({"article_id": "../etc/passwd"}, "for example 'etc-passwd'"),
    ({"article_id": "Bad Id"}, "a-z, 0-9"),
    ({"outlet": "  "}, "no outlet"),
    ({"text": " \n "}, "empty body"),
])
def test_bad_input_is_refused_with_a_reason(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ArticleError, match=re.escape(message)):
        build_report(form(**changes))


def test_oversize_input_is_refused() -> None:
    with pytest.raises(InputTooLargeError, match="limit"):
        build_report(form(text="ا" * (MAX_ARTICLE_CHARS + 1)))


def test_hostile_outlet_and_text_save_as_text_inside_the_folder(tmp_path: Path) -> None:
    article = build_report(form(outlet="<script>alert(1)</script>", text=f"<script>alert(2)</script> {IED}"))
    path = save_article(article, tmp_path)
    assert path.parent == tmp_path.resolve()
    loaded = load_corpus(tmp_path).articles[0]
    assert loaded.outlet == "<script>alert(1)</script>" and loaded.text.startswith("<script>")
    assert "<" not in article.id


def test_corpus_includes(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    assert corpus_includes([ROOT / "seeds", mine], mine)
    assert corpus_includes([tmp_path], mine)
    assert not corpus_includes([ROOT / "seeds"], mine)


def test_gazetteer_map_frames_the_region() -> None:
    from geodata.views.map.gazetteer import place_bounds

    places = list(default_gazetteer())
    (south, west), (north, east) = place_bounds(places)
    region = [place for place in places if place.in_region]
    assert len(region) < len(places)  # the far-away names are left out of the view
    assert (south, north) == (min(p.lat for p in region), max(p.lat for p in region))
    assert west < 40.1 < east and place_bounds([]) is None
    assert place_bounds([place for place in places if not place.in_region][:1]) is not None
