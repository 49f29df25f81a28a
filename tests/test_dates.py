"""Dates and parts of day in Arabic news sentences (geodata.dates.mentions), against fixed published dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from geodata.datafiles import data_path
from geodata.dates import mentions as mentions_module
from geodata.dates.mentions import date_of, dates_with_reference, find_dates, time_of_day_in, year_by_weekday
from geodata.dates.patterns import DATA_FILE, WEEKDAY_KEYS, read_time_expressions, time_expressions
from geodata.errors import DataFileError
from geodata.text import normalize_phrase
from tests.growth import assert_linear, doubling, measure_growth

TUE = dt.date(2023, 4, 11)  # a Tuesday: the seeds' published date
MON = dt.date(2023, 4, 10)
SUN = dt.date(2023, 4, 9)
D, A = "day", "approximate"

# sentence, published, expected date (None: no date found), precision, time of day
ROWS = [
    # weekdays, with parts of day
    ("قصفت قوات النظام مساء يوم الاثنين قرية الطيانة", TUE, "2023-04-10", D, "evening"),
    ("استهدف هجوم صاروخي قاعدة التحالف في حقل كونيكو يوم الثلاثاء", TUE, "2023-04-11", D, None),
    ("تعرضت القاعدة لهجوم مساء الثلاثاء دون وقوع إصابات", TUE, "2023-04-11", D, "evening"),
    ("سقطت قذائف على أطراف بلدة ذيبان ليل الاثنين", TUE, "2023-04-10", D, "night"),
    ("قصفت مسيرة مجهولة شاحنات ليلة الاثنين شرق البوكمال", TUE, "2023-04-10", D, "night"),
    ("اندلعت اشتباكات ليلة الأحد على الاثنين في بلدة الشحيل", TUE, "2023-04-09", D, "night"),
    ("أفاد مراسلنا بسماع انفجارات ليلة الأحد - الاثنين قرب الميادين", TUE, "2023-04-09", D, "night"),
    ("شنت قسد حملة دهم واعتقالات في بلدة الصبحة الجمعة", TUE, "2023-04-07", D, None),
    ("فجر السبت انفجرت عبوة ناسفة بسيارة عسكرية على طريق الخرافي", TUE, "2023-04-08", D, "dawn"),
    ("عصر الخميس استهدف مجهولون حاجزاً لقوات النظام", TUE, "2023-04-06", D, "afternoon"),
    ("ظهر الأربعاء وصلت تعزيزات عسكرية إلى مدينة البوكمال", TUE, "2023-04-05", D, "afternoon"),
    ("أعلنت القيادة الأمريكية يوم الإثنين مقتل قيادي في التنظيم", TUE, "2023-04-10", D, None),
    ("قتل عنصر من الدفاع الوطني الأحد الماضي برصاص مجهولين", TUE, "2023-04-09", D, None),
    ("اجتمع وجهاء العشائر الاثنين الماضي في بلدة ذيبان", MON, "2023-04-03", D, None),
    ("قالت مصادر محلية إن الميليشيات نقلت أسلحة السبت إلى حي الجورة", SUN, "2023-04-08", D, None),
    ("من المقرر أن يعقد الاجتماع الأربعاء المقبل في مدينة الحسكة", TUE, "2023-04-12", D, None),
    ("انفجرت سيارة مفخخة منتصف ليل الأحد قرب دوار الحلبية", TUE, "2023-04-09", D, "night"),
    ("سُمع دوي انفجار في ساعات متأخرة من ليل الجمعة في مدينة الميادين", TUE, "2023-04-07", D, "night"),
    ("داهمت دورية ساعات الصباح الأولى من يوم الأحد منازل في بلدة الكسرة", TUE, "2023-04-09", D, "dawn"),
    ("قصفت قوات النظام مساءَ يومِ الإثنينِ قرية الطيانة", TUE, "2023-04-10", D, "evening"),
    # relative days
    ("قتل عنصران من قسد أمس في هجوم مسلح على حاجز", TUE, "2023-04-10", D, None),
    ("قال المرصد يوم أمس إن غارات استهدفت المنطقة", TUE, "2023-04-10", D, None),
    ("دوت انفجارات البارحة في محيط حقل العمر", TUE, "2023-04-10", D, None),
    ("وصلت شاحنات محملة بالذخيرة بالأمس إلى مطار دير الزور", TUE, "2023-04-10", D, None),
    ("سقطت قذيفة هاون أول أمس في حي الجورة", TUE, "2023-04-09", D, None),
    ("انسحبت الميليشيات من موقعها أول من أمس", TUE, "2023-04-09", D, None),
    ("أغلقت قسد معبر الصالحية أمس الأول", TUE, "2023-04-09", D, None),
    ("تشهد المدينة اليوم انتشاراً أمنياً مكثفاً", TUE, "2023-04-11", D, None),
    ("هاجم مسلحون فجر اليوم نقطة عسكرية في بادية الشولا", TUE, "2023-04-11", D, "dawn"),
    ("تعرضت القاعدة مساء اليوم لهجوم بالصواريخ", TUE, "2023-04-11", D, "evening"),
    ("سمع دوي انفجارات الليلة الماضية في محيط القاعدة", TUE, "2023-04-10", D, "night"),
    ("استهدفت طائرات التحالف ليلة أمس مواقع للميليشيات في حطلة", TUE, "2023-04-10", D, "night"),
    ("قال ناشطون إن اشتباكات اندلعت مساء أمس في بلدة الطيانة", TUE, "2023-04-10", D, "evening"),
    ("وصل رتل عسكري ظهر اليوم إلى مدينة الميادين", TUE, "2023-04-11", D, "afternoon"),
    ("دخلت شاحنات محملة بالأسلحة بعد ظهر أمس عبر معبر القائم", TUE, "2023-04-10", D, "afternoon"),
    ("انتشرت دوريات قبل ظهر اليوم في شوارع المدينة", TUE, "2023-04-11", D, "morning"),
    ("ستبدأ الحملة الأمنية غداً في ريف دير الزور الشرقي", TUE, "2023-04-12", D, None),
    ("أكد المتحدث أمس الاثنين أن الهجوم لم يسفر عن إصابات", TUE, "2023-04-10", D, None),
    ("تشهد البلدة اليوم الثلاثاء حالة من التوتر", TUE, "2023-04-11", D, None),
    # day and month
    ("وقالت القيادة المركزية الأمريكية صباح اليوم، الثلاثاء 11 من نيسان، إن الهجوم لم يسفر عن إصابات",
     TUE, "2023-04-11", D, "morning"),
    ("وصلت التعزيزات في 11 من نيسان إلى القاعدة", TUE, "2023-04-11", D, None),
    ("أعلن التحالف في 11 نيسان عن تنفيذ غارات", TUE, "2023-04-11", D, None),
    ("صدر البيان في ١١ نيسان ٢٠٢٣ عن القيادة المركزية", TUE, "2023-04-11", D, None),
    ("قتل مدني في 9 من نيسان الحالي برصاص مجهولين", TUE, "2023-04-09", D, None),
    ("وصلت تعزيزات إلى حقل العمر في العاشر من نيسان", TUE, "2023-04-10", D, None),
    ("جرت الانتخابات المحلية في الخامس عشر من آذار", TUE, "2023-03-15", D, None),
    ("بدأت الحملة في الحادي والعشرين من شباط", TUE, "2023-02-21", D, None),
    ("سقط صاروخ في محيط المطار يوم 25 كانون الأول", TUE, "2022-12-25", D, None),
    ("ذكرت الشبكة أن الاجتماع سيعقد في 12 نيسان", TUE, "2023-04-12", D, None),
    ("قتل عنصر من الميليشيات في 20 نيسان", TUE, "2022-04-20", D, None),
    ("اغتيل مختار القرية في 3 آب 2022", TUE, "2022-08-03", D, None),
    ("انسحبت القوات الروسية من الموقع في 5 تشرين الثاني 2022", TUE, "2022-11-05", D, None),
    ("قصفت مسيرة تركية موقعاً في 10 أبريل", TUE, "2023-04-10", D, None),
    ("أكد البيان الصادر في 10 إبريل 2023 مقتل قيادي", TUE, "2023-04-10", D, None),
    ("شهدت المنطقة في 3 يونيه هجوماً واسعاً", TUE, "2022-06-03", D, None),
    ("أطلقت الحملة في 14 يوليو 2021 بدعم من التحالف", TUE, "2021-07-14", D, None),
    ("أعلنت الوزارة في 8 آغسطس 2022 تشكيل لجنة", TUE, "2022-08-08", D, None),
    ("استهدف هجوم حقل التنك في 2 أكتوبر", TUE, "2022-10-02", D, None),
    ("بدأ التنظيم هجومه في 17 اكتوبر 2019", TUE, "2019-10-17", D, None),
    ("أعلنت الشبكة في 20 شباط/فبراير الماضي عن مقتل عنصرين", TUE, "2023-02-20", D, None),
    ("سُمع دوي انفجار في 10 نيسان (أبريل) 2023 قرب القاعدة", TUE, "2023-04-10", D, None),
    ("شيعت البلدة قتلاها في 9 أبريل/نيسان", TUE, "2023-04-09", D, None),
    ("قتل شاب في 9 من آذار الماضي على طريق الخرافي", TUE, "2023-03-09", D, None),
    ("وقعت المواجهات في 15 نيسان الماضي قرب الباغوز", dt.date(2023, 4, 20), "2022-04-15", D, None),
    ("استهدفت غارة المستودع في 11 من الشهر الجاري", TUE, "2023-04-11", D, None),
    ("اعتقلت قسد شابين في 28 من الشهر الماضي", TUE, "2023-03-28", D, None),
    ("جرى الهجوم يوم الاثنين الموافق 10 نيسان 2023 في ريف دير الزور", TUE, "2023-04-10", D, None),
    ("وصلت الشحنة فجر يوم 9 نيسان إلى مستودعات الميليشيات", TUE, "2023-04-09", D, "dawn"),
    ("قصفت قوات النظام فجر الجمعة 7 نيسان قرية الحسينية", TUE, "2023-04-07", D, "dawn"),
    ("ولد الطفل في 29 شباط", TUE, "2020-02-29", D, None),
    ("قصفت المدفعية البلدة في الـ11 من نيسان", TUE, "2023-04-11", D, None),
    ("أعلن التحالف يوم الثلاثاء (11 نيسان) انتهاء العملية", TUE, "2023-04-11", D, None),
    ("أصيب عنصران في 30 كانون الأول", dt.date(2023, 1, 2), "2022-12-30", D, None),
    ("تبدأ الهدنة في 1 كانون الثاني", dt.date(2022, 12, 31), "2023-01-01", D, None),
    # numeric dates
    ("جرى الهجوم بتاريخ 10/4/2023 في ريف دير الزور", TUE, "2023-04-10", D, None),
    ("جرى الهجوم بتاريخ 10-4-2023 في ريف دير الزور", TUE, "2023-04-10", D, None),
    ("جرى الهجوم بتاريخ 2023-04-10 في ريف دير الزور", TUE, "2023-04-10", D, None),
    ("جرى الهجوم بتاريخ 10.4.2023 في ريف دير الزور", TUE, "2023-04-10", D, None),
    ("جرى الهجوم بتاريخ ١٠/٤/٢٠٢٣ في ريف دير الزور", TUE, "2023-04-10", D, None),
    ("قالت الشبكة إن الهجوم وقع في 30 شباط", TUE, None, None, None),
    ("نشر البيان بتاريخ 2023-02-30 على الموقع", TUE, None, None, None),
    # relative periods
    ("استهدفت غارة موقعاً للميليشيات قبل يومين", TUE, "2023-04-09", D, None),
    ("تواصل قسد حملتها منذ يومين في بلدة الشحيل", TUE, "2023-04-09", D, None),
    ("استهدفت غارة موقعاً للميليشيات قبل ثلاثة أيام", TUE, "2023-04-08", D, None),
    ("قتل مدنيان قبل 3 أيام بانفجار لغم", TUE, "2023-04-08", D, None),
    ("داهمت قسد بلدة الصبحة قبل نحو أسبوع", TUE, "2023-04-04", A, None),
    ("وصلت التعزيزات قبل أسبوع إلى المنطقة", TUE, "2023-04-04", A, None),
    ("بدأت الحملة قبل أسبوعين بمشاركة التحالف", TUE, "2023-03-28", A, None),
    ("انشق القيادي عن الميليشيا قبل شهر", TUE, "2023-03-12", A, None),
    ("افتتحت الميليشيات مقراً جديداً قبل حوالي 10 أيام", TUE, "2023-04-01", A, None),
    ("سيطر التنظيم على حقل النفط قبل عام", TUE, "2022-04-11", A, None),
    ("استهدف هجوم مماثل القاعدة الأسبوع الماضي", TUE, "2023-04-04", A, None),
    ("قتل ثلاثة عناصر في هجوم مشابه الشهر الماضي", TUE, "2023-03-15", A, None),
    ("شهدت البلدة مطلع الشهر الجاري توتراً أمنياً", TUE, "2023-04-05", A, None),
    ("سجل المرصد مقتل 40 شخصاً العام الماضي في المنطقة", TUE, "2022-07-01", A, None),
    ("نقلت الميليشيات صواريخ منتصف آذار الماضي إلى البوكمال", TUE, "2023-03-15", A, None),
    ("أعيد افتتاح المعبر في شهر آب 2022", TUE, "2022-08-15", A, None),
    ("تسلمت الفرقة الرابعة الموقع في ديسمبر 2022", TUE, "2022-12-15", A, None),
    ("تكررت الاغتيالات أواخر الشهر الماضي في بلدة الشحيل", TUE, "2023-03-25", A, None),
    ("قتل أكثر من 20 عنصراً منذ مطلع العام الجاري", TUE, "2023-01-15", A, None),
    ("أغلق المعبر في أيلول الماضي", TUE, "2022-09-15", A, None),
    ("تعرضت القاعدة قبل ساعات لهجوم بطائرة مسيرة", TUE, "2023-04-11", A, None),
    # vague periods
    ("شهدت المنطقة خلال الأسابيع الماضية تصعيداً ملحوظاً", TUE, "2023-03-28", A, None),
    ("تكررت الهجمات في الأسابيع الأخيرة على مواقع التحالف", TUE, "2023-03-28", A, None),
    ("تعرضت القاعدة منذ أيام لهجوم مماثل", TUE, "2023-04-08", A, None),
    ("تصاعدت عمليات الاغتيال مؤخراً في ريف دير الزور", TUE, "2023-04-04", A, None),
    ("تكررت حوادث الخطف خلال الأيام الماضية", TUE, "2023-04-08", A, None),
    ("تنتشر الميليشيات في البلدة منذ أشهر", TUE, "2023-02-10", A, None),
    ("ازدادت الهجمات في الآونة الأخيرة على طريق دير الزور الحسكة", TUE, "2023-04-04", A, None),
    ("أغلقت قسد المعابر قبل أيام أمام حركة المدنيين", TUE, "2023-04-08", A, None),
    # years
    ("سيطرت قسد على البلدة عام 2019 بعد معارك مع التنظيم", TUE, "2019-07-01", A, None),
    ("أنشئت القاعدة في 2017 في حقل كونيكو", TUE, "2017-07-01", A, None),
    ("طرد التنظيم من المدينة نهاية عام 2017", TUE, "2017-12-15", A, None),
    ("تسيطر الميليشيات على المعبر منذ عام 2019", TUE, "2019-07-01", A, None),
    # clock times
    ("سقطت القذائف عند الساعة العاشرة مساء يوم الاثنين", TUE, "2023-04-10", D, "night"),
    ("اندلع الحريق قرابة الساعة 8 مساءً يوم الجمعة", TUE, "2023-04-07", D, "evening"),
    ("بدأت المداهمة الساعة السادسة صباحاً من يوم السبت", TUE, "2023-04-08", D, "morning"),
    ("سمع دوي الانفجار الساعة 22:30 من يوم الأحد", TUE, "2023-04-09", D, "night"),
    ("استهدفت مسيرة السيارة الساعة الثانية فجراً من يوم الخميس", TUE, "2023-04-06", D, "night"),
    ("وصل الرتل الساعة الرابعة عصراً أمس", TUE, "2023-04-10", D, "afternoon"),
    # a day of the published month with the month word left out; a weekday a week before the last
    ("عثرت دورية على جثة شاب في 3 الجاري قرب بلدة الكشكية", TUE, "2023-04-03", D, None),
    ("أصيب مدنيان برصاص مجهولين في الثامن من الجاري", TUE, "2023-04-08", D, None),
    ("داهمت الأسايش منازل في قرية الزر في العاشر من الشهر الحالي", TUE, "2023-04-10", D, None),
    ("سقطت قذيفتان على حي الحويقة يوم الخميس قبل الماضي", TUE, "2023-03-30", D, None),
    ("اغتيل وجيه عشيرة في بلدة ذيبان الأحد قبل الفائت", SUN, "2023-03-26", D, None),
    ("بدأت قسد حملتها منذ يوم الخميس الماضي على بلدة الشحيل", TUE, "2023-04-06", D, None),
    ("وفي الخامس من هذا الشهر، فجر مسلحون مقراً لقسد", TUE, "2023-04-05", D, None),
    ("أصيب طفل بانفجار لغم في 2 من هذا الشهر", TUE, "2023-04-02", D, None),
    ("يستمر الحصار على البلدة منذ يوم الأحد", TUE, "2023-04-09", D, None),
    ("قتل عنصر من الدفاع الوطني قبل يوم واحد من الهجوم", TUE, "2023-04-10", D, None),
    # not dates
    ("انسحبت القوات في اليوم التالي إلى مواقعها", TUE, None, None, None),
    ("قتل في الهجوم الأحد عشر عنصراً من الميليشيات", TUE, None, None, None),
    ("مارس الحاجز ضغوطاً على السكان", TUE, None, None, None),
    ("أطلقت الميليشيات 5 صواريخ على القاعدة", TUE, None, None, None),
    ("ظهر المتحدث في تسجيل مصور وهو يتوعد", TUE, None, None, None),
    ("فجر مسلحون عبوة ناسفة بدورية", TUE, None, None, None),
]


def test_table_is_large_enough() -> None:
    assert len(ROWS) >= 70


@pytest.mark.parametrize(("sentence", "published", "expected", "precision", "time_of_day"), ROWS,
                         ids=[f"row{number:03d}" for number in range(1, len(ROWS) + 1)])
def test_date_of(sentence: str, published: dt.date, expected: str | None, precision: str | None,
                 time_of_day: str | None) -> None:
    mention = date_of(sentence, published)
    if expected is None:
        assert mention is None or mention.date is None
        return
    assert mention is not None
    assert (mention.date.isoformat() if mention.date else None, mention.precision, mention.time_of_day) == (
        expected, precision, time_of_day,
    )
    assert sentence[mention.start:mention.end] == mention.text


# ---------------------------------------------------------------- spans, flags, several mentions


def test_weekday_and_explicit_date_are_one_mention() -> None:
    text = "وقالت سينتكوم صباح اليوم، الثلاثاء 11 من نيسان، إن الهجوم وقع مساء الاثنين"
    mentions = find_dates(text, TUE)
    assert [m.text for m in mentions] == ["صباح اليوم، الثلاثاء 11 من نيسان", "مساء الاثنين"]
    assert [m.date for m in mentions] == [TUE, MON]
    assert [m.time_of_day for m in mentions] == ["morning", "evening"]


def test_mentions_in_text_order_with_source_spans() -> None:
    text = "قصفت الميليشيات أمس القاعدة، وكانت قد قصفتها في 3 آذار 2023، وتكررت الهجمات مؤخراً."
    mentions = find_dates(text, TUE)
    assert [m.text for m in mentions] == ["أمس", "3 آذار 2023", "مؤخراً"]
    assert all(text[m.start:m.end] == m.text for m in mentions)
    assert [(m.relative, m.vague) for m in mentions] == [(True, False), (False, False), (True, True)]


def test_span_excludes_attached_prefix_and_keeps_diacritics() -> None:
    [mention] = find_dates("ووصلت بالأمس", TUE)
    assert mention.text == "الأمس"
    [mention] = find_dates("وقع الهجوم مساءَ يومِ الإثنينِ.", TUE)
    assert mention.text == "مساءَ يومِ الإثنينِ"


def test_explicit_day_preferred_over_relative_and_vague() -> None:
    text = "قال المرصد اليوم إن القصف الذي تكرر خلال الأسابيع الماضية بدأ في 9 نيسان"
    mention = date_of(text, TUE)
    assert mention is not None and mention.date == dt.date(2023, 4, 9) and mention.precision == "day"
    mention = date_of("تكرر القصف خلال الأسابيع الماضية وآخره أمس", TUE)
    assert mention is not None and mention.date == MON


def test_without_published_date_only_absolute_dates_resolve() -> None:
    assert date_of("صدر البيان في 11 نيسان 2023", None).date == dt.date(2023, 4, 11)
    assert date_of("سيطرت قسد على البلدة عام 2019", None).date == dt.date(2019, 7, 1)
    for sentence in ("قتل عنصران أمس", "وصلت التعزيزات في 11 نيسان", "منذ أيام", "قبل يومين"):
        mention = date_of(sentence, None)
        assert mention is not None and (mention.date, mention.precision) == (None, "unknown")
    mention = date_of("قصفت قوات النظام مساء يوم الاثنين قرية الطيانة", None)
    assert (mention.date, mention.precision, mention.time_of_day) == (None, "unknown", "evening")


# nights across two days, after midnight, day ranges, a weekday that names the day a relative
# word means, a weekday that fixes the year of a day and month (sentences written for the test)
NIGHTS_AND_WEEKDAYS = [
    ("دارت اشتباكات ليل الجمعة السبت في محيط بلدة هجين", TUE, "2023-04-07", "night"),
    ("سمع دوي انفجارات بعد منتصف ليلة أمس الأحد في البوكمال", MON, "2023-04-10", "night"),
    ("سقطت قذائف بعد منتصف ليل السبت – الأحد على أطراف الميادين", TUE, "2023-04-09", "night"),
    ("قصفت طائرات مجهولة ليلة الأحد/الاثنين (9/10 نيسان 2023) مواقع قرب البوكمال", TUE, "2023-04-09", "night"),
    ("استمرت الاشتباكات يومي 7 و8 نيسان في ريف دير الزور", TUE, "2023-04-07", None),
    # the page's date is a Tuesday, the text says "yesterday, Tuesday": the weekday is the day
    ("داهمت دورية منازل في بلدة الكسرة يوم أمس الثلاثاء", TUE, "2023-04-11", None),
    # 3 February fell on a Friday in 2023 and on a Monday in 2020
    ("نفذت قوات الأمن حملة يوم الاثنين 3 من شباط في حي الجورة", TUE, "2020-02-03", None),
    ("نفذت قوات الأمن حملة يوم الجمعة 3 من شباط في حي الجورة", TUE, "2023-02-03", None),
]


def test_the_other_two_are_no_monday() -> None:
    assert find_dates("قتل أربعة منهم في الغارة، والاثنين الآخرين في القصف", TUE) == []


@pytest.mark.parametrize(("sentence", "published", "expected", "time"), NIGHTS_AND_WEEKDAYS)
def test_nights_and_weekdays(sentence: str, published: dt.date, expected: str, time: str | None) -> None:
    mention = date_of(sentence, published)
    assert mention is not None
    assert (str(mention.date), mention.time_of_day) == (expected, time)


def test_a_weekday_day_and_month_fix_the_year_without_a_published_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mentions_module, "today", lambda: dt.date(2025, 6, 1))
    # 4 March was a Thursday in 2021 and 2010 (and will be in 2027): the latest before today
    assert date_of("قتلت امرأة برصاص مجهولين يوم الخميس 4 آذار في المخيم", None).date == dt.date(2021, 3, 4)
    assert date_of("اعتقلت دورية شابين السبت 30 من كانون الأول", None).date == dt.date(2023, 12, 30)
    # a day and month with no weekday and no published date stay unknown
    mention = date_of("اعتقلت دورية شابين في 30 من كانون الأول", None)
    assert mention is not None and mention.date is None


def test_year_by_weekday_never_lies_after_the_reference() -> None:
    assert year_by_weekday((3, 4), 3, dt.date(2027, 3, 1)) == dt.date(2021, 3, 4)
    assert year_by_weekday((3, 4), 3, dt.date(2027, 3, 4)) == dt.date(2027, 3, 4)
    assert year_by_weekday((2, 30), 0, dt.date(2024, 1, 1)) is None


def test_a_page_without_a_published_date_is_read_against_the_day_it_fixes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mentions_module, "today", lambda: dt.date(2025, 6, 1))
    text = "قالت قوى الأمن اليوم، الاثنين 3 من شباط، إنها اعتقلت عشرة أشخاص. وكانت قد داهمت أمس حي الجورة، وفي 25 كانون الثاني حي العمال."
    found, _, reference = dates_with_reference(text, None)
    assert reference == dt.date(2025, 2, 3)
    assert [str(mention.date) for mention in found] == ["2025-02-03", "2025-02-02", "2025-01-25"]
    # "أمس السبت 22 تشرين الأول": the page was written the day after
    _, _, reference = dates_with_reference("دوت انفجارات مساء أمس السبت 22 تشرين الأول في القاعدة", None)
    assert reference == dt.date(2022, 10, 23)
    # nothing fixes a day: relative dates stay unknown
    found, _, reference = dates_with_reference("قصفت قوات النظام أمس الأحد بلدة خشام", None)
    assert reference is None and found[0].date is None


def test_a_vague_period_up_to_now_is_told_apart_from_one_before_it() -> None:
    [during] = find_dates("شنت قسد خلال الأيام الماضية حملة اعتقالات", TUE)
    [before] = find_dates("شنت قسد قبل أيام حملة اعتقالات", TUE)
    assert during.vague and during.until_now
    assert before.vague and not before.until_now


def test_datetime_published_is_taken_as_its_date() -> None:
    assert date_of("أمس", dt.datetime(2023, 4, 11, 23, 30)).date == MON


# ---------------------------------------------------------------- time of day alone


@pytest.mark.parametrize(("text", "expected"), [
    ("سمع دوي انفجار مساءً في المدينة", "evening"),
    ("تسللت المجموعة ليلاً إلى البادية", "night"),
    ("بعد صلاة الفجر داهمت الدورية المنزل", "dawn"),
    ("وقع الانفجار الساعة 10 مساءً", "night"),
    ("انتشرت الدوريات في ساعات الصباح الأولى", "dawn"),
    ("قصفت قوات النظام مساء يوم الاثنين قرية الطيانة", "evening"),
    ("ظهر المتحدث في تسجيل مصور", None),
    ("فجر مسلحون عبوة ناسفة", None),
    ("", None),
])
def test_time_of_day_in(text: str, expected: str | None) -> None:
    assert time_of_day_in(text) == expected


# ---------------------------------------------------------------- the data file


def test_derived_indexes_match_the_data_file() -> None:
    raw = yaml.safe_load(data_path(DATA_FILE).read_text(encoding="utf-8"))
    te, _patterns = time_expressions()
    assert te.months == {normalize_phrase(n): e["number"] for e in raw["months"] for n in e["names"]}
    assert te.weekdays == {
        normalize_phrase(n): WEEKDAY_KEYS.index(e["weekday"]) for e in raw["weekdays"] for n in e["names"]
    }
    assert te.pod_prefix == {normalize_phrase(w): e["key"] for e in raw["parts_of_day"] for w in e["prefix"]}
    assert te.relative_days == {
        normalize_phrase(w): (e["offset"], e.get("time_of_day")) for e in raw["relative_days"] for w in e["words"]
    }
    assert te.ordinals == {normalize_phrase(w): e["day"] for e in raw["ordinal_days"] for w in e["words"]}
    assert te.vague == {normalize_phrase(w): e["days"] for e in raw["vague_periods"] for w in e["words"]}
    assert sorted(te.ordinals.values())[-1] == 31 and set(range(1, 21)) <= set(te.ordinals.values())


def test_every_month_name_in_the_data_resolves() -> None:
    raw = yaml.safe_load(data_path(DATA_FILE).read_text(encoding="utf-8"))
    for entry in raw["months"]:
        for name in entry["names"]:
            mention = date_of(f"وقع الهجوم في 10 {name} 2022 قرب البلدة", TUE)
            assert mention is not None and mention.date == dt.date(2022, entry["number"], 10), name


def test_every_weekday_name_in_the_data_resolves() -> None:
    raw = yaml.safe_load(data_path(DATA_FILE).read_text(encoding="utf-8"))
    for entry in raw["weekdays"]:
        for name in entry["names"]:
            mention = date_of(f"وقع الهجوم مساء يوم {name}", TUE)
            assert mention is not None and mention.date.weekday() == WEEKDAY_KEYS.index(entry["weekday"]), name
            assert TUE - mention.date < dt.timedelta(days=7)


def test_every_relative_vague_and_part_of_day_word_resolves() -> None:
    te, _patterns = time_expressions()
    for word, (offset, _time_of_day) in te.relative_days.items():
        mention = date_of(f"وقع الهجوم {word} قرب البلدة", TUE)
        assert mention is not None and mention.date == TUE + dt.timedelta(days=offset), word
    for word, days in te.vague.items():
        mention = date_of(f"تكررت الهجمات {word} في المنطقة", TUE)
        assert mention is not None and mention.vague and mention.date == TUE - dt.timedelta(days=days), word
    for word, key in te.pod_prefix.items():
        mention = date_of(f"وقع الهجوم {word} يوم الاثنين", TUE)
        assert mention is not None and (mention.date, mention.time_of_day) == (MON, key), word
    for word, key in te.pod_standalone.items():
        assert time_of_day_in(f"وقع الهجوم {word} قرب البلدة") == key, word


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = data_path(DATA_FILE).read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / DATA_FILE
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, fragment: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in line)


@pytest.mark.parametrize(("old", "new", "reason", "line_fragment"), [
    ("  - number: 12\n", "  - number: 13\n", "from 1 to 12", "number: 13"),
    ("  - number: 12\n", "  - number: 11\n", "more than once", None),
    ("  - weekday: sunday\n", "  - weekday: monday\n", "more than once", None),
    ("  - weekday: sunday\n", "  - weekday: sonday\n", "must be one of", "weekday: sonday"),
    ("    names: [الخميس]\n", "    names: [الخميس]\n    colour: red\n", "unknown key", "weekday: thursday"),
    ("  - key: dawn\n", "  - key: sunrise\n", "must be one of", "key: sunrise"),
    ("[نيسان, أبريل", "[نيسان, مارس, أبريل", "means both", "number: 4"),
    ("{key: dawn, from: 3, to: 6}", "{key: dawn, from: 4, to: 6}", "without gaps", "from: 4"),
    ("day_of_year: [12, 15]", "day_of_year: [13, 15]", "day_of_year", "key: end"),
    ("  - offset: -2\n", "  - offset: -2\n    when: yesterday\n", "unknown key", "offset: -2"),
    ("year_preps:", "year_prepositions:", "unknown section", None),
])
def test_validation_errors_name_file_and_line(tmp_path: Path, old: str, new: str, reason: str,
                                              line_fragment: str | None) -> None:
    path = _broken(tmp_path, old, new)
    with pytest.raises(DataFileError) as caught:
        read_time_expressions(path)
    assert caught.value.file == str(path)
    assert reason in caught.value.reason
    assert isinstance(caught.value.line, int)
    if line_fragment is not None:
        assert caught.value.line == _line_of(path, line_fragment)


def test_invalid_yaml_is_a_data_file_error(tmp_path: Path) -> None:
    path = _broken(tmp_path, "months:", "months: [")
    with pytest.raises(DataFileError, match="not valid YAML"):
        read_time_expressions(path)


# ---------------------------------------------------------------- robustness and speed


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.text(), st.one_of(st.none(), st.dates()))
def test_random_text_never_raises_and_spans_lie_in_text(text: str, published: dt.date | None) -> None:
    mentions = find_dates(text, published)
    ends = [0]
    for mention in mentions:
        assert ends[-1] <= mention.start < mention.end <= len(text)
        assert text[mention.start:mention.end] == mention.text
        ends.append(mention.end)
    date_of(text, published)
    time_of_day_in(text)


_PIECES = [
    "مساء", "يوم", "الاثنين", "ليلة", "الأحد", "على", "أمس", "أول", "من", "اليوم", "11", "١١", "نيسان", "شباط/فبراير",
    "(أبريل)", "2023", "٢٠٢٣", "الحالي", "الماضي", "قبل", "نحو", "أسبوع", "يومين", "ثلاثة", "أيام", "الشهر", "الجاري",
    "مطلع", "نهاية", "عام", "الساعة", "العاشرة", "22:30", "10/4/2023", "2023-02-30", "30", "العاشر", "خلال",
    "الأسابيع", "مؤخراً", "الموافق", "،", "-", "ً", "ـ", "\u200f", "و", "ب",
]


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25), st.lists(st.sampled_from([" ", "", "  ", "\n"]), min_size=1),
       st.one_of(st.none(), st.dates()))
def test_date_like_word_salad_never_raises(pieces: list[str], gaps: list[str], published: dt.date | None) -> None:
    text = "".join(piece + gaps[i % len(gaps)] for i, piece in enumerate(pieces))
    for mention in find_dates(text, published):
        assert text[mention.start:mention.end] == mention.text
        assert mention.precision in ("day", "approximate", "unknown")


def _repeated(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


# long inputs that once made a date pattern backtrack: time must grow in proportion to length.
# Each with its smallest size: the cheap ones start larger, where the fixed cost of a call no
# longer hides the growth (sizes double four times from there).
LONG_INPUTS: dict[str, tuple[Callable[[int], str], int]] = {
    "a month name then a run of spaces": (lambda size: "نيسان" + " " * size + "x", 8_000),
    "'before' repeated": (_repeated("قبل "), 2_000),
    "one run of digits": (_repeated("1"), 8_000),
    "'evening of the day' repeated": (_repeated("مساء يوم "), 2_000),
    "a dated report sentence repeated": (_repeated(
        "قصفت قوات النظام مساء يوم الاثنين قرية الطيانة في 11 من نيسان 2023، وتكررت الهجمات مؤخراً. "), 2_000),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(LONG_INPUTS))
def test_long_inputs_run_in_linear_time(name: str) -> None:
    def scan(text: str) -> None:
        find_dates(text, TUE)
        time_of_day_in(text)

    make, smallest = LONG_INPUTS[name]
    assert_linear(measure_growth(scan, make, doubling(smallest, 5)), what=f"find_dates on {name}")
