"""Ways of writing met in reports of outlets the rules had not seen: the charges against people
arrested, a camp or a prison told of again by its bare noun, the day of a report told by the
lead's date line. Every sentence here is written for these tests; none is taken from a real page
or from the development set.

Each page gives the (kind, gazetteer id) pairs of its reports, in any order.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.test_extraction_pages import Page, pairs, reports_of

# --- the charges against the people an arrest took are no incidents ----------------------------------------------

CHARGES = [
    Page("a series word among the charges leaves the arrest an incident",
         "اعتقلت دورية لقسد فجر اليوم ثلاثة شبان في بلدة الشحيل بتهمة تنفيذ عمليات اغتيال لصالح التنظيم.",
         (("security_operation", "al-shuhayl"),)),
    Page("the attacks the arrested are said to have carried out are not told as attacks",
         "أعلنت الأسايش القبض على خلية في مدينة الرقة، قالت إنها نفذت عمليات قتل وتفجير طالت عناصرها.",
         (("security_operation", "raqqa"),)),
    Page("accused of planting bombs: an arrest, no explosion",
         "ألقت قوى الأمن القبض على رجلين في مدينة الحسكة متهمين بزرع عبوات ناسفة على طريق الخرافي.",
         (("security_operation", "hasakah"),)),
    Page("taking part in an attack, as a charge, is no second report of the attack",
         "دهمت قسد منازل في بلدة ذيبان واعتقلت أربعة أشخاص لتورطهم في الهجوم على حاجز البلدة.",
         (("security_operation", "dhiban"),)),
    Page("an attack told before the arrest is still told",
         "هاجم مسلحون حاجزاً لقسد في بلدة الصبحة فجر اليوم، ثم اعتقلت الدوريات شابين من البلدة بتهمة المشاركة في الهجوم.",
         (("armed_clash", "al-sabkha-busayrah"), ("security_operation", "al-sabkha-busayrah"))),
]


@pytest.mark.parametrize("page", CHARGES, ids=[page.name for page in CHARGES])
def test_charges(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


def test_a_killing_among_the_charges_counts_no_dead() -> None:
    [report] = reports_of("اعتقلت قسد شاباً في بلدة الشحيل بتهمة اغتيال عنصر من الأسايش.")
    assert (report.kind, report.killed) == ("security_operation", None)


# --- a camp or a prison named once, then told of by its bare noun ------------------------------------------------

ANAPHORA = [
    Page("a body found in a sector of the camp",
         "قتل لاجئ برصاص مجهولين في مخيم الهول شرق الحسكة مساء أمس.\n"
         "وقبل ثلاثة أيام، عثرت الأسايش على جثة امرأة في القطاع الرابع من المخيم.",
         (("other", "al-hol-camp"), ("other", "al-hol-camp"))),
    Page("an arrest in the camp, paragraphs later",
         "قتل لاجئ عراقي برصاص مجهولين في مخيم الهول صباح اليوم.\n"
         "ويضم المخيم آلاف العائلات من جنسيات مختلفة.\n"
         "ويقول سكان إن الخدمات تراجعت خلال الشتاء.\n"
         "وفي سياق متصل، اعتقلت الأسايش خمسة أشخاص داخل المخيم مساء اليوم.",
         (("other", "al-hol-camp"), ("security_operation", "al-hol-camp"))),
]


@pytest.mark.parametrize("page", ANAPHORA, ids=[page.name for page in ANAPHORA])
def test_a_camp_told_of_again_by_its_noun(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


# --- verbs and nouns outlets use for incidents ---------------------------------------------------------------------

WORDINGS = [
    Page("blew up, the doer after the verb",
         "فجّر مجهولون عبوة ناسفة بسيارة عسكرية لقسد في بلدة الشحيل مساء أمس.", (("ied_explosion", "al-shuhayl"),)),
    Page("blew it up, with an object pronoun",
         "فخخ عناصر التنظيم مبنى كانت تستخدمه قسد مقراً في بلدة طيب الفال ثم فجروه.", (("ied_explosion", "tayyib-al-fal"),)),
    Page("gunmen blew up a house",
         "فجر مسلحون منزلاً لأحد عناصر الدفاع الوطني في مدينة الميادين فجر اليوم.", (("ied_explosion", "al-mayadin"),)),
    Page("dawn is still dawn",
         "فجر اليوم، قصفت المدفعية التركية قرية أم الكيف بريف تل تمر.", (("artillery_shelling", "ocha-c4398"),)),
    Page("an answer to air strikes told with rockets is a rocket attack",
         "ردت الميليشيات على تلك الغارات بثلاثة صواريخ سقطت في حقل العمر النفطي.", (("rocket_attack", "al-omar-field"),)),
    Page("an answer to air strikes told with drones is a drone attack",
         "وردت الفصائل على هذه الغارات بطائرتين مسيرتين استهدفتا قاعدة التحالف في حقل كونيكو.", (("drone_attack", "conoco-field"),)),
    Page("a suicide bomber blew up his car by a convoy",
         "فجر انتحاري سيارته المفخخة برتل للتحالف الدولي قرب مدينة الشدادي ظهر اليوم.", (("ied_explosion", "al-shaddadi"),)),
    Page("a suicide attack on a checkpoint is a bombing, not a fight",
         "قتل ثلاثة عناصر من الأسايش بهجوم انتحاري على حاجز في بلدة الهول.", (("ied_explosion", "al-hol"),)),
    Page("a kamikaze drone is still a drone",
         "استهدفت طائرة مسيرة انتحارية قاعدة التحالف في حقل العمر.", (("drone_attack", "al-omar-field"),)),
    Page("air strikes told with missiles stay air strikes",
         "شنت طائرات التحالف غارات بالصواريخ على مواقع للميليشيات في مدينة البوكمال.", (("airstrike", "albu-kamal"),)),
]


@pytest.mark.parametrize("page", WORDINGS, ids=[page.name for page in WORDINGS])
def test_wordings(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


# --- a town news names by the bare name of its two halves ----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "أصيب عنصران من قسد برصاص قناص في بلدة الجرذي.",
    "قتل عنصر من قسد بهجوم مسلح على حاجز في الجرذي شرق دير الزور.",
    "جرح ثلاثة عناصر من الأسايش بانفجار لغم في بلدة الجرزي.",
])
def test_the_bare_name_of_a_pair_of_villages_is_the_pair(text: str) -> None:
    assert [report.location.gazetteer_id for report in reports_of(text) if report.location] == ["al-jurdhi"]


# --- the time of an earlier event told in a subordinate clause is not the news's ------------------------------------

def test_a_vague_time_after_bad_an_dates_the_earlier_event_not_the_news() -> None:
    text = ("هاجمت قسد اليوم قرى في ريف دير الزور الشمالي.\n"
            "وأضافت أن المهاجمين سيطروا على قرية الحسينية بعد اشتباكات، موضحة أن ذلك جرى بعد أن انسحبت القوات الروسية من المنطقة قبل أيام.")
    clashes = [report for report in reports_of(text) if report.kind == "armed_clash"
               and report.location is not None and report.location.gazetteer_id == "al-husseiniya"]
    assert [(str(report.date), report.date_precision) for report in clashes] == [("2024-03-13", "day")]


def test_a_day_named_after_bad_an_still_dates_the_event() -> None:
    [report] = reports_of("قتل عنصران من قسد في بلدة الشحيل بعد أن استهدفت مسيرة سيارتهما فجر اليوم.")
    assert (str(report.date), report.date_precision) == ("2024-03-13", "day")


# --- flares, mass graves, quarters of other towns ------------------------------------------------------------------

MORE = [
    Page("flares alone hit nothing",
         "أطلقت القوات الأمريكية قنابل مضيئة في سماء بلدة ذيبان مساء أمس.", ()),
    Page("flares fired with shells are the shelling",
         "أطلقت قوات النظام قذائف مدفعية وقنابل مضيئة على قرية الشميطية.", (("artillery_shelling", "al-shumaytiyah"),)),
    Page("a mass grave found is bodies found",
         "عثرت فرق الدفاع المدني على مقبرة جماعية في قرية الباغوز تضم رفات عشرات الأشخاص.", (("other", "al-baghuz"),)),
    Page("a quarter of another town named like one of Deir ez-Zor is a site of the town the text names",
         "طالت غارة جوية مقراً لميليشيا عراقية في حي الحميدية بمدينة البوكمال.", (("airstrike", "albu-kamal"),)),
    Page("the quarter of Deir ez-Zor itself is still that quarter",
         "سقطت قذيفة هاون على منزل في حي الحميدية بمدينة دير الزور.", (("artillery_shelling", "al-hamidiya"),)),
]


@pytest.mark.parametrize("page", MORE, ids=[page.name for page in MORE])
def test_more(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


def test_the_quarter_of_another_town_keeps_its_name_as_the_site() -> None:
    from geodata.places.finder import PlaceMatch, find_places
    [quarter] = [match for match in find_places("طالت غارة جوية مقراً في حي الحميدية بمدينة البوكمال")
                 if isinstance(match, PlaceMatch) and match.surface == "حي الحميدية"]
    assert (quarter.place.id, quarter.geo_precision, quarter.site) == ("albu-kamal", 2, "حي الحميدية")


# --- a headline that names the town the body leaves at its countryside -------------------------------------------

HEADLINES = [
    Page("the headline's town places a report the body puts in the countryside",
         "مقتل عنصرين من قسد بهجوم مسلح في ذيبان\n"
         "قتل عنصران من قوات سوريا الديمقراطية، مساء أمس، بهجوم شنه مسلحون مجهولون في ريف دير الزور الشرقي.",
         (("armed_clash", "dhiban"),)),
    Page("air strikes the headline places in a town",
         "غارات مجهولة على مواقع للميليشيات في البوكمال\n"
         "استهدفت طائرات مجهولة الهوية فجر اليوم مواقع للميليشيات الإيرانية شرقي دير الزور.",
         (("airstrike", "albu-kamal"),)),
    Page("a headline of another kind places nothing",
         "حملة اعتقالات في ذيبان\n"
         "قتل عنصران من قوات سوريا الديمقراطية، مساء أمس، بهجوم شنه مسلحون مجهولون في ريف دير الزور الشرقي.",
         (("armed_clash", "deir-ez-zor-eastern-countryside"),)),
    Page("a headline town outside the body's area places nothing",
         "هجوم مسلح على حاجز في الرقة\n"
         "هاجم مسلحون مجهولون، مساء أمس، حاجزاً لقسد في ريف دير الزور الشرقي.",
         (("armed_clash", "deir-ez-zor-eastern-countryside"),)),
]


@pytest.mark.parametrize("page", HEADLINES, ids=[page.name for page in HEADLINES])
def test_headlines(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


# --- the dates and headlines of other articles a page lists ------------------------------------------------------

def test_a_date_in_a_read_also_line_fixes_no_day_of_a_page_without_one() -> None:
    text = ("قتل عنصران من قسد مساء أمس بانفجار عبوة ناسفة في بلدة الشحيل.\n"
            "اقرأ أيضاً: حملة اعتقالات في ذيبان – الأربعاء 20 آذار 2024")
    [report] = reports_of(text, None)
    assert (report.date, report.date_precision) == (None, "unknown")


def test_the_headlines_under_a_related_articles_heading_are_no_incidents_and_no_dates() -> None:
    text = ("دير الزور – الثلاثاء 12 آذار 2024\n"
            "قتل عنصران من قسد مساء أمس بانفجار عبوة ناسفة في بلدة الشحيل.\n"
            "مقالات ذات صلة\n"
            "غارات على مواقع في البوكمال 25 آذار 2024\n"
            "\n"
            "قسد تعتقل شابين في الصور")
    reports = reports_of(text, None)
    assert [(report.kind, report.location.gazetteer_id if report.location else None, str(report.date))
            for report in reports] == [("ied_explosion", "al-shuhayl", "2024-03-11")]
