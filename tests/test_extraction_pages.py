"""Extraction on text laid out as news pages are: headlines and sub-headings, lists of places hit
by one episode, earlier events told as context, roundups. Every sentence here is written for the
test (none is taken from a real page or from the development set).

Each case gives a page and the reports a careful reader takes from it as (kind, place id) pairs,
in any order; ``None`` as a place id means a report with no location.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

import pytest

from geodata.corpus.articles import Article
from geodata.events.layout import title_lines
from geodata.events.model import Report
from geodata.events.reports import extract_reports

PUBLISHED = dt.date(2024, 3, 13)  # a Wednesday


@dataclass(frozen=True)
class Page:
    name: str
    text: str
    expected: tuple[tuple[str, str | None], ...]
    published: dt.date | None = PUBLISHED


def reports_of(text: str, published: dt.date | None = PUBLISHED) -> list[Report]:
    return extract_reports(Article(id="page", outlet="test", text=text, published=published))


def pairs(reports: list[Report]) -> Counter[tuple[str, str | None]]:
    return Counter((report.kind, report.location.gazetteer_id if report.location else None) for report in reports)


# --- titles: headlines, sub-headings and captions tell no event of their own ---------------------------------------

TITLES = [
    Page("a headline naming only the governorate adds no report of its own",
         "هجوم جديد على نقطة لقسد في دير الزور\n\n"
         "هاجم مسلحون مجهولون مساء أمس حاجزاً لقوات سوريا الديمقراطية في بلدة الشحيل، واندلعت اشتباكات استمرت ساعة.",
         (("armed_clash", "al-shuhayl"),)),
    Page("a headline repeated twice, then the body",
         "انفجار لغم بسيارة عسكرية في ريف دير الزور\nانفجار لغم بسيارة عسكرية في ريف دير الزور\n\n"
         "انفجر لغم أرضي صباح اليوم بسيارة عسكرية لقسد قرب بلدة ذيبان، ما أدى إلى إصابة عنصرين.",
         (("ied_explosion", "dhiban"),)),
    Page("a sub-heading between two paragraphs",
         "قصفت طائرات حربية مجهولة فجر اليوم مستودعاً للذخيرة في مدينة البوكمال.\n\n"
         "غارات على الميادين\n\n"
         "كما استهدفت غارة ثانية موقعاً للميليشيات في أطراف مدينة الميادين بعد ساعة.",
         (("airstrike", "albu-kamal"), ("airstrike", "al-mayadin"))),
    Page("a paragraph cut off where the stored page ends is still prose",
         "داهمت دورية لقسد منازل في بلدة الكشمة واعتقلت ثلاثة شبان.\n\n"
         "وفي سياق آخر انفجرت عبوة ناسفة بسيارة مدنية على طريق بلدة صبيخان ما أدى",
         (("security_operation", "al-kishma"), ("ied_explosion", "subaykhan"))),
    Page("one line with no full stop is a sentence, not a title",
         "سقطت ثلاث قذائف هاون على بلدة خشام مساء أمس",
         (("artillery_shelling", "khasham"),)),
]


@pytest.mark.parametrize("page", TITLES, ids=[page.name for page in TITLES])
def test_titles(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


def test_a_hard_wrapped_text_has_no_titles() -> None:
    wrapped = "\n".join([
        "قالت مصادر محلية إن طائرة مسيرة مجهولة استهدفت",
        "سيارة عسكرية على الطريق العام قرب بلدة ذيبان",
        "في ريف دير الزور الشرقي مساء أمس ما أدى إلى",
        "مقتل عنصرين كانا في داخلها وإصابة ثالث بجروح",
        "وأضافت المصادر أن الطيران المسير حلق بعدها فوق",
        "المنطقة لساعات دون أن تتبنى أي جهة الاستهداف",
        "حتى لحظة كتابة هذا الخبر.",
    ])
    assert title_lines(wrapped) == []


def test_title_lines_are_the_short_open_lines_before_prose() -> None:
    text = "عنوان الخبر هنا\n\nفقرة أولى تنتهي بنقطة.\nعنوان فرعي\nفقرة ثانية تنتهي بنقطة.\nفقرة أخيرة مقطوعة"
    assert [text[start:end] for start, end in title_lines(text)] == ["عنوان الخبر هنا", "عنوان فرعي"]


# --- one report per named place that one episode hits -------------------------------------------------------------

LISTS = [
    Page("a list of villages after one verb",
         "قصفت مدفعية قوات النظام فجر اليوم بلدات ذيبان والحوايج والطيانة بقذائف الهاون.",
         (("artillery_shelling", "dhiban"), ("artillery_shelling", "al-hawaij"), ("artillery_shelling", "al-tayyana"))),
    Page("a list with settlement nouns and a joining phrase",
         "طال القصف كلاً من قرية حطلة وبلدة مراط، إضافة إلى بلدة خشام.",
         (("artillery_shelling", "hatla"), ("artillery_shelling", "marrat"), ("artillery_shelling", "khasham"))),
    Page("a sweep of several villages",
         "نفذت قوات الأمن حملة تمشيط في قرى الكشمة وصبيخان والسوسة بحثاً عن خلايا التنظيم.",
         (("security_operation", "al-kishma"), ("security_operation", "subaykhan"), ("security_operation", "al-susah"))),
    Page("reinforcements sent to two towns",
         "استقدمت قسد تعزيزات عسكرية إلى بلدتي ذيبان والشحيل بعد توتر مع أبناء العشائر.",
         (("militia_movement", "dhiban"), ("militia_movement", "al-shuhayl"))),
    Page("a neighbourhood inside a city is one place",
         "انفجرت عبوة ناسفة بسيارة مدنية في حي الجورة بمدينة دير الزور.",
         (("ied_explosion", "al-joura"),)),
    Page("a town said to belong to a district is one place",
         "هز انفجار سيارة مفخخة بلدة الشحيل، التابعة لناحية البصيرة، مساء أمس.",
         (("ied_explosion", "al-shuhayl"),)),
    Page("between two towns is one place",
         "انفجر لغم أرضي بسيارة لقسد على الطريق بين بلدتي ذيبان والشحيل.",
         (("ied_explosion", ("dhiban")),)),
]


@pytest.mark.parametrize("page", LISTS, ids=[page.name for page in LISTS])
def test_lists(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


def test_a_toll_told_after_a_list_goes_with_the_first_place() -> None:
    reports = reports_of("قصفت قوات النظام بالمدفعية بلدتي ذيبان والطيانة ليلة أمس. "
                         "وقال مصدر محلي إن القصف أدى إلى مقتل امرأة وإصابة 4 مدنيين.")
    by_place = {report.location.gazetteer_id: report for report in reports if report.location}
    assert set(by_place) == {"dhiban", "al-tayyana"}
    assert (by_place["dhiban"].killed, by_place["dhiban"].injured) == (1, 4)
    assert (by_place["al-tayyana"].killed, by_place["al-tayyana"].injured) == (None, None)
    assert {report.date for report in reports} == {dt.date(2024, 3, 12)}


def test_a_later_sentence_about_one_place_of_the_list_joins_its_report() -> None:
    reports = reports_of("سقطت قذائف على بلدتي ذيبان والطيانة ظهر اليوم. "
                         "وفي الطيانة وحدها أصيب ثلاثة أطفال بجروح.")
    by_place = {report.location.gazetteer_id: report for report in reports if report.location}
    assert set(by_place) == {"dhiban", "al-tayyana"}
    assert by_place["al-tayyana"].injured == 3 and by_place["dhiban"].injured is None


# --- what an article explains away -------------------------------------------------------------------------------

def test_explosions_heard_during_a_drill_are_the_drill() -> None:
    text = ("أجرت قوات التحالف صباح اليوم تدريبات بالذخيرة الحية في قاعدة حقل العمر. "
            "وسمع الأهالي دوي انفجارات في بلدتي ذيبان والطيانة القريبتين.")
    assert reports_of(text) == []


def test_an_explosion_on_another_day_is_not_explained_by_a_drill() -> None:
    text = ("أجرت قوات التحالف صباح اليوم تدريبات بالذخيرة الحية في قاعدة حقل العمر. "
            "وكان انفجار مجهول قد هز محيط حقل العمر في 2 آذار الجاري.")
    found = reports_of(text)
    assert [(report.kind, report.date, report.background) for report in found] == [("ied_explosion", dt.date(2024, 3, 2), True)]


def test_strikes_answering_a_series_of_attacks_are_a_series() -> None:
    text = ("تعرضت القواعد الأمريكية خلال الأشهر الماضية لعشرات الهجمات بالصواريخ، "
            "وردت واشنطن عليها بضربات استهدفت مواقع في البوكمال والميادين.")
    assert reports_of(text) == []
