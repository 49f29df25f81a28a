"""Date forms that real news pages write and the day a page with no published date is read
against (geodata.dates.mentions): slashed and era-marked dates, Hijri dates beside Gregorian ones,
day/month in digits, dates that refer to the one before, span ends, date bars and labelled
publication lines. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from geodata.corpus.articles import Article
from geodata.dates.mentions import dates_with_reference, find_dates
from geodata.events.reports import extract_reports

D, A = "day", "approximate"
AUG20 = dt.date(2025, 8, 20)  # a Wednesday
JAN10 = dt.date(2025, 1, 10)
JUN14 = dt.date(2023, 6, 14)  # a Wednesday

# sentence, published, the dates found in text order (ISO date or None for one left unresolved)
FORMS = [
    # a day, a month name and a year between slashes, in Eastern Arabic digits too
    ("الأحد ٣١ / آب / ٢٠٢٥", None, ["2025-08-31"]),
    ("السبت 10/أيار/2025 تحديث يومي", None, ["2025-05-10"]),
    ("دوت انفجارات في 7-تموز-2024 قرب الميادين", None, ["2024-07-07"]),
    # a mark of the Gregorian era after the year
    ("مدينة الميادين – الثلاثاء 13/2/2024م", None, ["2024-02-13"]),
    ("أفاد المصدر في 20 تشرين الثاني 2025 م بوقوع انفجار", None, ["2025-11-20"]),
    # a Hijri date between the weekday and the Gregorian date: one mention
    ("الخميس 29 جمادى الأولى 1447هـ - 20 تشرين الثاني 2025م", None, ["2025-11-20"]),
    ("الثلاثاء 27 جمادى الأولى 1447 هـ الموافق 18 نوفمبر 2025", None, ["2025-11-18"]),
    ("الثلاثاء / 27 / جمادى الأولى / 1447 هـ - 18 تشرين الثاني 2025", None, ["2025-11-18"]),
    # year, month and day in digits after a preposition: not the year alone
    ("نشر في 2025/08/30 على الموقع", None, ["2025-08-30"]),
    ("في 2025 تصاعدت الهجمات", AUG20, ["2025-07-01"]),
    # a day and month in digits with no year, after a lead word, a weekday or a bracket
    ("قتل شاب برصاص مجهولين في 15/8 قرب بلدة الصبحة", AUG20, ["2025-08-15"]),
    ("وفي 15/8 عثر الأهالي على جثة", AUG20, ["2025-08-15"]),
    ("داهمت دورية منزلاً يوم 12-8 في الكسرة", AUG20, ["2025-08-12"]),
    ("انفجرت عبوة مساء الأحد (17-8) على طريق الخرافي", AUG20, ["2025-08-17"]),
    ("قصفت المدفعية القرية في 20/12 الماضي", JAN10, ["2024-12-20"]),  # after publication: the year before
    # digits that are no date: a score, a ratio, an impossible month
    ("فاز الفريق 3-1 في المباراة", AUG20, []),
    ("بلغت نسبة الإصابات 2/3 من الحالات", AUG20, []),
    ("وقع الهجوم في 12/15 دون إصابات", AUG20, []),
    # a night across two days stays the first day, not a day/month
    ("سمعت انفجارات ليلة 29/30 تموز في البوكمال", AUG20, ["2025-07-29"]),
    # the day, month or year of the date before
    ("أصيب في 19 آب الجاري، وفي اليوم ذاته قصفت مسيرة مقراً", AUG20, ["2025-08-19", "2025-08-19"]),
    ("أواخر تموز الماضي داهمت قسد المخيم. وفي 12 من الشهر نفسه قتل لاجئ", AUG20, ["2025-07-25", "2025-07-12"]),
    ("هاجم التنظيم حاجزاً عام 2019، وفي 5 آذار من العام ذاته انفجرت عبوة", AUG20, ["2019-07-01", "2019-03-05"]),
    ("هاجم مسلحون حاجزاً مساء 15 آب، وفي اليوم التالي اعتقلت قسد ثلاثة", AUG20, ["2025-08-15", "2025-08-16"]),
    ("قتل عنصر في 15 آب، وكانت دورية قد تعرضت في اليوم السابق لهجوم", AUG20, ["2025-08-15", "2025-08-14"]),
    ("وفي اليوم التالي اعتقلت قسد ثلاثة", AUG20, [None]),  # not the published day
    ("وفي آذار من العام نفسه", AUG20, [None]),  # nothing before it: unresolved
    ("وصل الوفد في اليوم نفسه", AUG20, [None]),
    # the article written apart before a day ("الـ 10") still joins the day to the words before it;
    # a year after the month's suffix
    ("منذ ليل أمس الأول الـ 10 من آب الجاري من العام 2025 قتل 50", AUG20, ["2025-08-10"]),
    ("في 10 من آب الجاري من العام 2025 قتل 50", None, ["2025-08-10"]),
    ("فجر اليوم الأحد الـ 17 من الشهر الجاري داهمت دورية المخيم", AUG20, ["2025-08-17"]),
    # the month named before a year alone: "العام 2025" does not give "الشهر ذاته" a month
    ("خلال العام 2025 قتل 90، وفي 12 من الشهر ذاته قتل لاجئ", AUG20, ["2025-07-01", None]),
    ("أواخر تموز الماضي خلال العام 2025، وفي 12 من الشهر ذاته قتل لاجئ", AUG20, ["2025-07-25", "2025-07-01", "2025-07-12"]),
    # the end of a span dates nothing
    ("يبدأ الحظر اليوم الأربعاء 20 من آب ويستمر حتى 27 من الشهر نفسه", AUG20, ["2025-08-20"]),
    ("أغلقت قسد المعبر لغاية يوم الجمعة", AUG20, []),
    # a day told from the news after حتى is the day the fighting went on, not a span's end
    ("استمرت الاشتباكات في البلدة حتى فجر اليوم", AUG20, ["2025-08-20"]),
    ("تواصل القصف حتى مساء أمس", AUG20, ["2025-08-19"]),
    # a weekday that does not fit a day and month a few days before publication: the outlet's slip,
    # the day and month stand (12 June 2023 was a Monday)
    ("قصفت قوات النظام ذيبان مساء الثلاثاء 12 حزيران", JUN14, ["2023-06-12"]),
    # a relative day that names its weekday: that weekday next to the day the word names, when the
    # page's date is a day early (a date in UTC) or late; 12 February 2024 was a Monday
    ("انفجرت عبوة فجر اليوم الثلاثاء على الطريق", dt.date(2024, 2, 12), ["2024-02-13"]),
    ("انفجرت عبوة مساء أمس الاثنين على الطريق", dt.date(2024, 2, 12), ["2024-02-12"]),
    ("انفجرت عبوة مساء أمس السبت على الطريق", dt.date(2024, 2, 12), ["2024-02-10"]),
    ("قتل شاب أمس الخميس في البلدة", dt.date(2024, 2, 12), ["2024-02-08"]),
    # with no published date the weekday still fixes the year
    ("قصفت قوات النظام ذيبان مساء الاثنين 12 حزيران", None, ["2023-06-12"]),
]


@pytest.mark.parametrize(("sentence", "published", "expected"), FORMS)
def test_page_date_forms(sentence: str, published: dt.date | None, expected: list[str | None],
                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("geodata.dates.mentions.today", lambda: dt.date(2026, 1, 1))
    found = find_dates(sentence, published)
    assert [str(mention.date) if mention.date else None for mention in found] == expected
    for mention in found:
        assert sentence[mention.start:mention.end] == mention.text


def test_a_hijri_date_joins_the_weekday_to_its_gregorian_date() -> None:
    text = "الخميس 29 جمادى الأولى 1447هـ - 20 تشرين الثاني 2025م"
    [mention] = find_dates(text, None)
    assert mention.text == text and mention.precision == D and not mention.relative


def test_a_date_with_its_year_from_before_is_as_exact_as_what_it_names() -> None:
    day, month_only = find_dates("في 5 آذار من العام نفسه وفي أيار من العام نفسه", AUG20)[:2]
    assert day.date is None and month_only.date is None  # nothing named before
    _, day, month_only = find_dates("عام 2019 وفي 5 آذار من العام نفسه وفي أيار من العام نفسه", AUG20)
    assert (str(day.date), day.precision) == ("2019-03-05", D)
    assert (str(month_only.date), month_only.precision) == ("2019-05-15", A)


# page text, the day it is read against with no published date (None: none)
PAGES = [
    # a site's date bar (a line with nothing but a date) is no published date
    ("السبت 20 نيسان 2024\nانفجار عبوة في البصيرة\nانفجرت عبوة ناسفة صباح اليوم الثلاثاء قرب البصيرة.", None),
    ("الأحد ٣١ / آب / ٢٠٢٥\nأطلقت قسد فجر اليوم السبت حملة أمنية في الحسكة.", None),
    ("الخميس 29 جمادى الأولى 1447هـ - 20 تشرين الثاني 2025م\nاستهدف مسلحون دورية مساء أمس.", None),
    ("هاجم مسلحون حاجزاً أمس.\n10:12 | 2025-08-30", None),  # a time stamp under a photo or comment
    # a labelled line gives the page's own day, before any later date in the text
    ("هجوم على حاجز\nتاريخ النشر: 30 آب 2023 - 10:12 GMT\nهاجم مسلحون حاجزاً مساء الأربعاء. "
     "وسيعقد اجتماع في 2 أيلول 2023.", dt.date(2023, 8, 30)),
    ("هاجم مسلحون حاجزاً يوم الأحد الماضي في الشحيل.\nكاتب المقالة :\nتاريخ النشر : 14/11/2012", dt.date(2012, 11, 14)),
    ("نُشر في 2025/08/30\nداهمت قسد منازل أمس في الكسرة.", dt.date(2025, 8, 30)),
    # a publication label before an update label
    ("آخر تحديث: 2 أيلول 2025\nنشر في: 30 آب 2025\nقصفت مسيرة سيارة أمس.", dt.date(2025, 8, 30)),
    ("آخر تحديث: 2 أيلول 2025\nقصفت مسيرة سيارة أمس.", dt.date(2025, 9, 2)),
    # "نشر" as a verb is no label
    ("نشر الجيش قواته في 30 آب 2025 على الطريق، وفي 3 أيلول 2025 انسحب.", dt.date(2025, 9, 3)),
    # a dated line that names its outlet or place is the page's own
    ("مقتل مدنيين\n2020.11.19 | 08:23 دمشق\nقتل مدنيان مساء أمس الأربعاء.", dt.date(2020, 11, 19)),
    # a date in the prose still fixes the day, as before
    ("قال المصدر اليوم، الاثنين 3 من شباط 2025، إن دورية داهمت منزلاً أمس.", dt.date(2025, 2, 3)),
]


@pytest.mark.parametrize(("text", "expected"), PAGES)
def test_the_day_a_page_without_published_date_is_read_against(text: str, expected: dt.date | None) -> None:
    _, _, reference = dates_with_reference(text, None)
    assert reference == expected


def test_relative_dates_under_a_date_bar_stay_unresolved() -> None:
    text = "السبت 20 نيسان 2024\nانفجرت عبوة ناسفة صباح اليوم الثلاثاء قرب البصيرة."
    found, _, _ = dates_with_reference(text, None)
    assert [(mention.date, mention.precision) for mention in found] == [
        (dt.date(2024, 4, 20), D), (None, "unknown")]


@pytest.mark.parametrize(("text", "date", "precision"), [
    # under a date bar: the incident's "اليوم الثلاثاء" stays unknown
    ("الأحد 21 نيسان 2024\nانفجار في البصيرة\nانفجرت عبوة ناسفة صباح اليوم الثلاثاء بسيارة عسكرية في بلدة البصيرة "
     "بريف دير الزور الشرقي.", None, "unknown"),
    # under a labelled publication line: read against it
    ("انفجار في البصيرة\nتاريخ النشر: 16 نيسان 2024\nانفجرت عبوة ناسفة صباح اليوم الثلاثاء بسيارة عسكرية في "
     "بلدة البصيرة بريف دير الزور الشرقي.", "2024-04-16", D),
    # a day and month in digits after "في", the year from the page's published date
    ("قتل شاب برصاص مجهولين في 15/4 في بلدة البصيرة بريف دير الزور الشرقي.", "2024-04-15", D),
])
def test_incident_dates_on_pages(text: str, date: str | None, precision: str) -> None:
    published = dt.date(2024, 4, 20) if "15/4" in text else None
    [report] = extract_reports(Article(id="page", outlet="test", text=text, published=published))
    assert (str(report.date) if report.date else None, report.date_precision) == (date, precision)


# an earlier event told as a lapse before the news: (the lapse, the earlier event's date and precision)
@pytest.mark.parametrize(("lapse", "date", "precision"), [
    ("بعد ساعات قليلة من", "2024-10-03", D),  # hours before: the news' day
    ("بعد أقل من ساعتين على", "2024-10-03", D),
    ("بعد 3 ساعات من", "2024-10-03", D),
    ("بعد 20 ساعة من", "2024-10-04", A),  # most of a day: perhaps the day before, left to the published date
    ("بعد أيام من", "2024-10-04", A),
])
def test_an_event_hours_before_the_news_takes_its_day(lapse: str, date: str, precision: str) -> None:
    text = f"تعرضت القاعدة الأمريكية في حقل العمر لهجوم بطائرة مسيرة مساء أمس الخميس، {lapse} هجوم صاروخي استهدف القاعدة نفسها."
    reports = extract_reports(Article(id="lapse", outlet="test", text=text, published=dt.date(2024, 10, 4)))
    by_kind = {report.kind: report for report in reports}
    assert (str(by_kind["drone_attack"].date), by_kind["drone_attack"].background) == ("2024-10-03", False)
    earlier = by_kind["rocket_attack"]
    assert earlier.background and (str(earlier.date), earlier.date_precision) == (date, precision)


def test_earlier_on_the_same_day_as_the_news_is_news_too() -> None:
    text = ("في 18 أيار، أسقطت الدفاعات الجوية طائرة مسيرة اقتربت من حقل كونيكو. "
            "وفي وقت سابق من اليوم نفسه، رصدت القوات صاروخين سقطا قرب القرية الخضراء في حقل العمر.")
    reports = extract_reports(Article(id="same-day", outlet="test", text=text, published=dt.date(2024, 5, 19)))
    rockets = [report for report in reports if report.kind == "rocket_attack"]
    assert rockets and all((str(report.date), report.background) == ("2024-05-18", False) for report in reports)
