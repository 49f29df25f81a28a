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
         "نفذت قوات الأمن حملة تمشيط في قرى الطيانة وصبيخان والسوسة بحثاً عن خلايا التنظيم.",
         (("security_operation", "al-tayyana"), ("security_operation", "subaykhan"), ("security_operation", "al-susah"))),
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


# --- dates: the episode's day, pages with no published date, earlier events ---------------------------------------

def test_an_event_with_no_day_of_its_own_takes_the_day_of_its_episode() -> None:
    reports = reports_of("قصفت مسيرة تركية مساء أمس قرية الحوايج. "
                         "وبالتوازي تعرضت بلدة ذيبان لقصف مدفعي عنيف من المحور ذاته.")
    assert {(report.location.gazetteer_id, report.date, report.date_precision) for report in reports if report.location} == {
        ("al-hawaij", dt.date(2024, 3, 12), "day"), ("dhiban", dt.date(2024, 3, 12), "day")}


def test_other_news_does_not_take_the_day_of_the_episode_before_it() -> None:
    reports = reports_of("قصفت مسيرة تركية مساء أمس قرية الحوايج. "
                         "وعلى صعيد آخر، اعتقلت قسد شابين في بلدة الكشمة.")
    arrest = next(report for report in reports if report.kind == "security_operation")
    assert arrest.date_precision != "day"


def test_a_statement_dates_an_event_that_has_no_day_of_its_own() -> None:
    # the statement's day bounds the event's: it happened then or before
    [report] = reports_of("أعلنت قسد، يوم الثلاثاء، أن اثنين من عناصرها قتلا في هجوم لخلايا التنظيم على حاجز في بلدة ذيبان.")
    assert (report.date, report.date_precision) == (dt.date(2024, 3, 12), "approximate")


def test_a_page_with_no_published_date_keeps_relative_dates_unresolved() -> None:
    [report] = reports_of("قصفت قوات النظام أمس بقذائف الهاون بلدة خشام.", published=None)
    assert (report.date, report.date_precision) == (None, "unknown")


def test_a_page_with_no_published_date_reads_its_dates_against_the_day_it_fixes(monkeypatch: pytest.MonkeyPatch) -> None:
    from geodata.dates import mentions
    monkeypatch.setattr(mentions, "today", lambda: dt.date(2025, 6, 1))
    text = ("أعلنت قوى الأمن الداخلي اليوم، الاثنين 3 من شباط، أنها داهمت حي الجورة واعتقلت عشرة أشخاص. "
            "وكانت طائرة مسيرة قد استهدفت بلدة ذيبان في 20 كانون الثاني الماضي.")
    found = {report.kind: report for report in reports_of(text, published=None)}
    assert (found["security_operation"].date, found["security_operation"].background) == (dt.date(2025, 2, 3), False)
    assert (found["drone_attack"].date, found["drone_attack"].background) == (dt.date(2025, 1, 20), True)


@dataclass(frozen=True)
class Earlier:
    sentence: str
    background: bool


EARLIER = [
    Earlier("وكانت قاعدة حقل العمر قد تعرضت الشهر الماضي لهجوم مماثل بالصواريخ.", True),
    Earlier("ويأتي ذلك بعد أيام من هجوم بطائرة مسيرة على قاعدة حقل كونيكو.", True),
    Earlier("يذكر أن عبوة ناسفة انفجرت بسيارة عسكرية قرب بلدة الصور في منتصف شباط الماضي.", True),
    # the same day is today's news, however it is told
    Earlier("وكان هجوم صاروخي قد استهدف في وقت سابق من اليوم قاعدة حقل العمر.", False),
    # only the report is earlier: the event's own day decides
    Earlier("وكان المرصد السوري قد أفاد بأن مسلحين هاجموا اليوم حاجزاً لقسد في بلدة ذيبان.", False),
    Earlier("وكان المرصد السوري قد وثق أمس مقتل عنصرين بانفجار لغم في بادية الميادين.", True),
]


@pytest.mark.parametrize("case", EARLIER, ids=[case.sentence[:30] for case in EARLIER])
def test_earlier_events_told_as_context(case: Earlier) -> None:
    [report] = reports_of(case.sentence)
    assert report.background is case.background


def test_two_strikes_on_one_site_on_different_days_are_two_reports() -> None:
    reports = reports_of("قصفت الميليشيات قاعدة حقل العمر بالصواريخ مساء أمس. "
                         "وفي حادثة سابقة بتاريخ 2 آذار الجاري سقطت صواريخ على القاعدة نفسها في حقل العمر.")
    assert sorted((report.date, report.background) for report in reports) == [
        (dt.date(2024, 3, 2), True), (dt.date(2024, 3, 12), False)]


# --- kinds as the development set's annotation rules have them --------------------------------------------------

KINDS = [
    # attacks by gunmen on military targets are clashes; on civilians, killings (other)
    Page("gunmen attack a checkpoint",
         "هاجمت مجموعة مسلحة حاجزاً لقسد في بلدة ذيبان وأصابت عنصرين.", (("armed_clash", "dhiban"),)),
    Page("a young man shot in front of his home",
         "أطلق مسلحان يستقلان دراجة نارية النار على شاب أمام منزله في بلدة الشحيل فأردياه قتيلاً.",
         (("other", "al-shuhayl"),)),
    Page("a body found",
         "عثر أهالي قرية الكشمة على جثة رجل مقتول بطلق ناري في الرأس.", (("other", "al-kishma"),)),
    Page("an execution",
         "أعدم عناصر من التنظيم شاباً في قرية الطيانة بتهمة التعامل مع قسد.", (("other", "al-tayyana"),)),
    Page("a civilian killed in the sentence that tells a fight is one of its dead",
         "اندلعت اشتباكات بين مقاتلي العشائر وقسد في بلدة ذيبان، في حين قتل مدني برصاص قناص.",
         (("armed_clash", "dhiban"),)),
    Page("gunmen fire a rocket-propelled round and a fight follows",
         "استهدف مسلحون نقطة لقسد بقذيفة صاروخية، واندلعت اشتباكات بين الطرفين في بلدة ذيبان.",
         (("armed_clash", "dhiban"),)),
    # interceptions: something in the air brought down, not a ground attack repelled
    Page("a drone brought down",
         "أسقطت القوات الأمريكية طائرة مسيرة قرب قاعدة حقل العمر.", (("interception", "al-omar-field"),)),
    Page("a ground attack repelled is a clash",
         "تصدت قسد لهجوم شنه مسلحون على نقطة عسكرية في بلدة الحوايج.", (("armed_clash", "al-hawaij"),)),
    Page("an interception that failed",
         "سعت الدفاعات الجوية في قاعدة حقل العمر إلى اعتراض الطائرات المسيرة، إلا أن محاولتها باءت بالفشل.", ()),
    Page("anti-aircraft fire without a shoot-down",
         "شغلت القوات الأمريكية المضادات الأرضية في قاعدة حقل العمر وسط تحليق مكثف للطيران.", ()),
    # movements, whoever makes them
    Page("a coalition convoy",
         "وصلت قافلة للتحالف الدولي تضم 20 شاحنة محملة بمعدات عسكرية إلى قاعدة الشدادي.",
         (("militia_movement", "al-shaddadi-base"),)),
    Page("a weapons shipment",
         "عبرت شحنة أسلحة للميليشيات الإيرانية معبر البوكمال ليلة أمس قادمة من العراق.",
         (("militia_movement", "albu-kamal-crossing"),)),
    Page("the wounded carried to hospital move no forces",
         "نقل الجرحى من العناصر إلى مشفى مدينة الميادين لتلقي العلاج.", ()),
    # security operations: curfews, raids, arrests
    Page("a curfew",
         "فرضت قوى الأمن الداخلي حظراً للتجوال في مدينة الحسكة حتى إشعار آخر.", (("security_operation", "hasakah"),)),
    Page("arms seized from those arrested are part of the arrests",
         "اعتقلت دورية لقسد شابين في بلدة الكشمة وضبطت بحوزتهما أسلحة فردية.",
         (("security_operation", "al-kishma"),)),
    Page("a depot found",
         "ضبطت قوى الأمن مستودعاً للذخيرة في منزل مهجور في بلدة الشحيل.", (("weapons_found", "al-shuhayl"),)),
    Page("a raid after a fight is both",
         "داهمت دورية لقسد بلدة الكشمة بعد اشتباك مع مسلحين، واعتقلت ثلاثة منهم.",
         (("security_operation", "al-kishma"), ("armed_clash", "al-kishma"))),
    Page("storming a town in a battle is a clash",
         "اقتحمت قسد بلدة الباغوز بعد اشتباكات عنيفة مع عناصر التنظيم.", (("armed_clash", "al-baghuz"),)),
    # a barrage of rockets and mortars is shelling
    Page("rockets and mortars",
         "قصفت القوات التركية بالصواريخ وقذائف الهاون قرية الحوايج.", (("artillery_shelling", "al-hawaij"),)),
    # no incident: tallies, claims, bans
    Page("a tally since the start of the year",
         "وأحصى المرصد 120 هجوماً لخلايا التنظيم منذ مطلع العام 2024 في ريف دير الزور.", ()),
    Page("a running count",
         "وبهذه الحادثة يرتفع إلى 40 عدد من اغتيلوا في بلدة الشحيل.", ()),
    Page("an allegation",
         "وزعم التنظيم في بيان أن مقاتليه قصفوا مقراً لقسد في بلدة ذيبان.", ()),
    Page("a ban",
         "يمنع منعاً تاماً التنقل بالآليات العسكرية في مدينة البوكمال.", ()),
]


@pytest.mark.parametrize("page", KINDS, ids=[page.name for page in KINDS])
def test_kinds(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


MORE_KINDS = [
    Page("a ground attack with air and artillery support is a clash",
         "تعرضت قرية الحوايج لهجوم عنيف شنته فصائل مسلحة بدعم من سلاحي الجو والمدفعية.",
         (("armed_clash", "al-hawaij"),)),
    Page("a drone and rockets are two attacks",
         "تعرضت قاعدة حقل كونيكو لهجوم مزدوج بطائرة مسيرة وصواريخ مساء أمس.",
         (("drone_attack", "conoco-field"), ("rocket_attack", "conoco-field"))),
    Page("explosions after a gun attack are that attack's",
         "هاجم عناصر التنظيم بأسلحة متوسطة حاجزاً لقسد، تلته أصوات انفجارات في بلدة السوسة.",
         (("armed_clash", "al-susah"),)),
    Page("people fleeing a town are no launch site",
         "نزح مدنيون من مدينة البوكمال باتجاه البادية على وقع غارات جوية روسية.",
         (("airstrike", "albu-kamal"),)),
    Page("a denial of who did it leaves the strike",
         "نفى مسؤول أمريكي أن تكون بلاده قد شنت غارات على مدينة البوكمال مساء أمس.",
         (("airstrike", "albu-kamal"),)),
    Page("a campaign dated only by its year is history",
         "ولا تزال أحياء مدينة الرقة تعاني من آثار المعارك التي دارت فيها عام 2017.", ()),
    Page("another doer's attack word opens another report",
         "نفذت طائرات التحالف غارتين على مستودع قرب بلدة الشحيل، في حين قصفت قسد موقعين عند أطراف بلدة خشام.",
         (("airstrike", "al-shuhayl"), ("artillery_shelling", "khasham"))),
]


@pytest.mark.parametrize("page", MORE_KINDS, ids=[page.name for page in MORE_KINDS])
def test_more_kinds(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("وفي قرية صبيخان كان المستودع الثاني يحوي منصات لإطلاق القذائف الصاروخية.", []),
    ("وانفجرت سيارة مخبأة بداخلها عبوة ناسفة في بلدة الشحيل.", [("ied_explosion", "al-shuhayl")]),
])
def test_what_a_store_holds_fired_nothing(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(report.kind, report.location.gazetteer_id if report.location else None) for report in reports_of(text)] == expected


def test_a_clause_naming_a_place_the_gazetteer_lacks_does_not_borrow_another() -> None:
    reports = reports_of("نفذت طائرات التحالف غارتين على مستودع قرب قرية ميزعيلة، في حين قصفت قسد موقعين عند أطراف بلدة خشام.")
    assert pairs(reports) == Counter({("artillery_shelling", "khasham"): 1})


def test_sounds_heard_during_a_test_are_the_test() -> None:
    text = ("قال التحالف إن الانفجارات التي دوت مساء أمس في حقل العمر ناجمة عن اختبار منظومة مدفعية. "
            "وأفادت مصادر بأن أصوات اشتباكات أعقبت الانفجارات في حقل العمر.")
    assert reports_of(text) == []


def test_an_earlier_event_at_the_base_just_named_happened_there() -> None:
    reports = reports_of("سقطت ثلاثة صواريخ على قاعدة حقل العمر مساء أمس. "
                         "وكانت القاعدة قد تعرضت الشهر الماضي لهجوم مماثل بالطائرات المسيرة.")
    assert sorted((report.kind, report.location.gazetteer_id if report.location else None, report.background)
                  for report in reports) == [("drone_attack", "al-omar-field", True), ("rocket_attack", "al-omar-field", False)]


def test_an_earlier_event_that_points_back_takes_the_place_named_sentences_before() -> None:
    reports = reports_of("سقطت ثلاثة صواريخ على قاعدة حقل العمر مساء أمس. "
                         "وأعلنت القوات الأمريكية أن الصواريخ لم تسبب أضراراً. "
                         "وقال مسؤول إن الدفاعات كانت في حالة تأهب. "
                         "ولم تعلق أي جهة على الحادث حتى الآن. "
                         "وكانت القاعدة نفسها قد تعرضت مطلع الشهر الماضي لهجوم بطائرة مسيرة.")
    assert sorted((report.kind, report.location.gazetteer_id if report.location else None, report.background)
                  for report in reports) == [("drone_attack", "al-omar-field", True), ("rocket_attack", "al-omar-field", False)]


def test_a_strike_told_again_goes_on_the_report_of_its_own_weapon() -> None:
    reports = reports_of("ضربت صواريخ وطائرة مسيرة قاعدة حقل العمر. "
                         "وأوضحت المصادر أن طائرة مسيرة ضربت القاعدة في حقل العمر مساء أمس.")
    found = {report.kind: report for report in reports}
    assert set(found) == {"drone_attack", "rocket_attack"}
    assert (found["drone_attack"].date, found["drone_attack"].date_precision) == (dt.date(2024, 3, 12), "day")


def test_a_response_to_an_attack_abroad_is_not_put_at_the_place_named_before_it() -> None:
    reports = reports_of("سقطت صواريخ على قاعدة حقل العمر مساء أمس. "
                         "وكان هجوم بطائرة مسيرة قد استهدف قاعدة عين الأسد في محافظة الأنبار العراقية في وقت سابق من اليوم. "
                         "وردت القوات الأمريكية بقصف مدفعي على مصدر النيران.")
    assert sorted((report.kind, report.location.gazetteer_id if report.location else None) for report in reports) == [
        ("drone_attack", "anbar"), ("rocket_attack", "al-omar-field")]


def test_an_attack_called_earlier_is_context() -> None:
    [report] = reports_of("وفي هجوم سابق سقطت قذائف هاون على قاعدة حقل كونيكو دون إصابات.")
    assert report.background is True


def test_an_earlier_event_told_with_no_place_is_not_put_at_the_last_place_named() -> None:
    reports = reports_of("سقطت ثلاثة صواريخ على قاعدة حقل العمر مساء أمس. "
                         "وكانت خلايا التنظيم قد هاجمت حاجزاً الشهر الماضي وقتلت عنصرين.")
    assert [(report.kind, report.background) for report in reports] == [("rocket_attack", False)]


def test_a_toll_in_a_clause_cut_by_its_cause_goes_with_the_fight() -> None:
    [report] = reports_of("اندلعت اشتباكات بين عائلتين في بلدة ذيبان ليلة أمس، على خلفية خلاف على أرض، أسفرت عن مقتل شخصين وإصابة 5 آخرين.")
    assert (report.kind, report.killed, report.injured) == ("armed_clash", 2, 5)


def test_gunmen_counted_as_dead_are_no_weapon() -> None:
    reports = reports_of("قصفت طائرات حربية مجهولة رتلاً في مدينة البوكمال فجر اليوم. "
                         "وأودت الضربات بحياة ستة مسلحين موالين لإيران.")
    assert [(report.kind, report.killed) for report in reports] == [("airstrike", 6)]


PLACE_ROLES = [
    Page("a dateline is where the report was filed",
         "الحسكة - خاص\nهاجم مسلحون حاجزاً لقسد في بلدة الشدادي مساء أمس.", (("armed_clash", "al-shaddadi"),)),
    Page("a dateline on the line of the lead",
         "دير الزور - أعلنت قسد مقتل عنصرين في هجوم على حاجز في بلدة الصور.", (("armed_clash", "al-sur"),)),
    Page("the side a strike hit is no launch site",
         "شنت طائرات مجهولة غارة على موقع للميليشيات قرب الحدود من ناحية مدينة البوكمال.",
         (("airstrike", "albu-kamal"),)),
    Page("drones flying over fire at nothing",
         "سقطت صواريخ على قاعدة حقل العمر، فيما حلقت فوق المنطقة طائرات مسيرة أطلقتها القوات الأمريكية.",
         (("rocket_attack", "al-omar-field"),)),
    Page("blasts, then the weapon in the next sentence",
         "دوت ثلاثة انفجارات في محيط قاعدة خراب الجير. وأكدت المصادر أن القاعدة تعرضت لهجوم بطائرات مسيرة.",
         (("drone_attack", "kharab-al-jir-base"),)),
    Page("a list of places those arrested were heading to is no list of targets",
         "اعتقلت قسد خمسة شبان في بلدة الكسرة أثناء محاولتهم التوجه إلى مدينتي الرقة والطبقة.",
         (("security_operation", "al-kasrah"),)),
    Page("a list of places reinforcements came from is no list of targets",
         "وصلت تعزيزات عسكرية من مدينتي الرقة والطبقة إلى بلدة الكسرة.",
         (("militia_movement", "al-kasrah"),)),
    Page("a town east of another is no launch site",
         "قصفت قوات النظام بالمدفعية بلدة ذيبان الواقعة إلى الشرق من مدينة الميادين.",
         (("artillery_shelling", "dhiban"),)),
]


@pytest.mark.parametrize("page", PLACE_ROLES, ids=[page.name for page in PLACE_ROLES])
def test_place_roles_and_weapons(page: Page) -> None:
    found = reports_of(page.text, page.published)
    assert pairs(found) == Counter(page.expected)
    assert all(report.launch_site is None for report in found)


SERIES_AND_CONTEXT = [
    Page("an event word after عقب dates a movement",
         "وعقب الغارات، نقلت الميليشيات أسلحة وذخائر من مستودعات في حي هرابش إلى بلدة البوليل.",
         (("militia_movement", "harabesh"),)),
    Page("attacks some time before, never dated, are a series",
         "يشار إلى أن الميليشيات سبق أن هاجمت قاعدتي التحالف في حقل العمر وحقل كونيكو.", ()),
    Page("arrests after every strike are a habit",
         "وهو ما يفسر حملات الاعتقال التي تعقب كل ضربة في بلدة الشحيل.", ()),
    Page("a denial that calls a report fabricated",
         "أكدت قسد أن ما بثته القناة عن قصف بطائرات مسيرة على نقطة في بلدة ذيبان ليس سوى تزييف للحقائق.", ()),
    Page("a foiled smuggling is a find",
         "أحبطت قوى الأمن محاولة تهريب صواريخ مضادة للطائرات في مدينة البوكمال.", (("weapons_found", "albu-kamal"),)),
    Page("protesters who stop tankers move no forces",
         "قطع المحتجون الطريق في بلدة ذيبان وحالوا دون مرور شاحنات تنقل النفط.", ()),
    Page("a raid happens where it starts, not where those it stops were going",
         "احتجزت قسد شباناً في بلدة الكشمة في أثناء محاولتهم العبور إلى مدينة البوكمال.",
         (("security_operation", "al-kishma"),)),
]


@pytest.mark.parametrize("page", SERIES_AND_CONTEXT, ids=[page.name for page in SERIES_AND_CONTEXT])
def test_series_and_context(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


def test_an_unknown_village_east_of_a_city_is_not_the_city() -> None:
    assert reports_of("أعدم عناصر من التنظيم شاباً في قرية المزرعة الغربية شرقي مدينة دير الزور.") == []


MORE_CONTEXT = [
    Page("a shooting told with بطلق ناري on another day is another killing",
         "أطلق مجهولون النار مساء أمس على مدني في بلدة الشحيل فقتلوه. "
         "وأضاف المصدر أن مدنياً آخر لقي حتفه الأحد الماضي في بلدة الشحيل أيضاً، بعدما أصابه مجهولون بطلق ناري.",
         (("other", "al-shuhayl"), ("other", "al-shuhayl"))),
    Page("explosives described are no explosion",
         "وبحسب البيان فإن القنابل التي عثر عليها في بلدة الكشمة محشوة بمواد شديدة الانفجار.", ()),
    Page("a strike called off",
         "وقال المتحدث إن قصف مخزنين في بلدة الميادين ألغي بعدما رصد أشخاص قربهما.", ()),
    Page("a body found by the people of a village",
         "وجد أهالي بلدة الكشمة جثة شاب مقتول بطلق ناري.", (("other", "al-kishma"),)),
    Page("a label line tells nothing",
         "تفاصيل الهجمات:\nأطلق مسلحون النار على حاجز لقسد في بلدة ذيبان.", (("armed_clash", "dhiban"),)),
]


@pytest.mark.parametrize("page", MORE_CONTEXT, ids=[page.name for page in MORE_CONTEXT])
def test_more_context(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


def test_an_allegation_reports_nothing_even_when_dated() -> None:
    text = ("بثت القناة مساء الجمعة خبراً زعمت فيه إصابة ثلاثة عناصر بقصف بطائرات مسيرة على نقطة في بلدة ذيبان.")
    assert reports_of(text) == []


def test_what_an_allegation_goes_on_to_tell_is_alleged_too() -> None:
    text = ("وادعى التنظيم في بيانه أن مقاتليه قصفوا مقراً لقسد في بلدة الشحيل بالقذائف، "
            "ثم فجروا عبوة ناسفة بسيارة عسكرية وقتلوا أربعة عناصر في بلدة الصور.")
    assert reports_of(text) == []


def test_an_allegation_does_not_reach_past_a_clause_that_tells_something_beside_it() -> None:
    [report] = reports_of("زعمت وسائل إعلام النظام أن قسد قصفت بلدة الشحيل، فيما قتل مدنيان بانفجار لغم في بلدة الصور.")
    assert (report.kind, report.location.gazetteer_id if report.location else None, report.killed) == ("ied_explosion", "al-sur", 2)
    assert report.actors_by == []


def test_a_dated_claim_of_responsibility_tells_the_attack() -> None:
    [report] = reports_of("وكان التنظيم قد تبنى، في 9 آذار الجاري، هجوماً على حاجز لقسد في بلدة الشحيل قتل فيه ثلاثة عناصر.")
    assert (report.kind, report.date, report.background, report.killed) == ("armed_clash", dt.date(2024, 3, 9), True, 3)


def test_a_campaign_that_spread_to_a_neighbourhood() -> None:
    reports = reports_of("نفذ الأمن العام حملة دهم في مدينة دير الزور صباح اليوم. وامتدت الحملة إلى حي الجورة.")
    assert ("security_operation", "al-joura") in pairs(reports)


def test_a_sentence_saying_where_the_target_lies_places_the_report() -> None:
    [report] = reports_of("قصفت قسد ليلة الجمعة معبراً نهرياً تستخدمه الميليشيات في ريف دير الزور الشرقي. "
                          "وذكرت شبكة محلية أن المعبر يقع بالقرب من مطار دير الزور العسكري.")
    assert (report.kind, report.location.gazetteer_id if report.location else None) == ("artillery_shelling", "deir-ez-zor-airport")


def test_a_present_tense_attack_going_on_now_is_no_habit() -> None:
    reports = reports_of("وبالتوازي تتعرض قرية الحوايج لقصف عنيف بقذائف الهاون.")
    assert pairs(reports) == Counter({("artillery_shelling", "al-hawaij"): 1})
