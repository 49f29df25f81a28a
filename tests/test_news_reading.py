"""How real outlets write places and events, second round: the ways of writing that the first
rules missed (quoted site names, names shared with and without the article, lists, anchors that
rule out a namesake, people and outlets named like places ...). Every sentence here is written
for these tests; none is taken from a real page or from the development set.

Place cases give a sentence and the (surface, gazetteer id) pairs it should resolve to; event
cases give a page and the (kind, place id) pairs of its reports, in any order.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from geodata.places.finder import PlaceMatch, find_places, resolved_places, unresolved_names
from tests.test_extraction_pages import PUBLISHED, Page, pairs, reports_of


def places(text: str) -> list[tuple[str, str]]:
    return [(match.surface, match.place.id) for match in resolved_places(find_places(text))]


def ids(text: str) -> list[str]:
    return [place_id for _, place_id in places(text)]


# --- site names written with quotation marks, and bare names of bases in a frame ------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("سقطت قذائف داخل حقل “العمر” النفطي صباح اليوم", ["al-omar-field"]),
    ('انفجرت عبوة في محيط حقل "العمر النفطي" بعد الظهر', ["al-omar-field"]),
    ("دوت انفجارات في قاعدة «العمر» مساء أمس", ["al-omar-field"]),
    ('استهدفت مسيرة قاعدة "كونيكو" فجر اليوم', ["conoco-field"]),
    ("أطلقت صواريخ باتجاه قاعدتي التحالف الدولي \"العمر\" و\"كونيكو\"", ["al-omar-field", "conoco-field"]),
    ("تعرضت القاعدتان في حقلي كونيكو والعمر لهجوم بالمسيرات", ["conoco-field", "al-omar-field"]),
])
def test_a_base_named_in_quotation_marks_or_bare_in_a_frame(text: str, expected: list[str]) -> None:
    assert ids(text) == expected


@pytest.mark.parametrize("text", [
    "توفي الرجل وهو في السبعين من العمر",
    "يبلغ الطفل من العمر عشر سنوات",
    "قضى العمر كله في التعليم",
])
def test_the_word_for_age_is_no_oil_field(text: str) -> None:
    assert places(text) == []


# --- a name written with the article where the gazetteer has it without, and the other way round ---------

def test_namesakes_with_and_without_the_article_are_told_apart_by_the_article_s_other_places() -> None:
    # the gazetteers hold "دردارة" by Ras al-Ain and "الدردارة" by Tal Tamr: written with the article
    # beside the villages around Abu Rasin, it is the one by Ras al-Ain
    text = "قصفت المدفعية التركية الدردارة وقرية عنيق الهوى القريبتين من الحدود"
    assert "ocha-c4999" in ids(text)
    text = "سقطت قذائف على الدردارة جنوب بلدة تل تمر"
    assert "ocha-c4424" in ids(text)


def test_names_that_are_all_ambiguous_are_chosen_together() -> None:
    # each of the three names has namesakes across Hasakah; only by Ras al-Ain do all three lie together
    text = "قصفت المدفعية التركية الدردارة وقرية الداودية القريبتين من بلدة أبو راسين شمال الحسكة"
    assert ids(text)[:3] == ["ocha-c4999", "ocha-c5016", "abu-rasin"]


def test_a_capital_named_bare_as_an_anchor_is_its_governorate() -> None:
    # "شمال الحسكة" says the governorate: it does not pick the Abu Rasin nearest Hasakah city ...
    match = next(match for match in resolved_places(find_places("سقطت قذائف على أبو راسين شمال الحسكة"))
                 if match.surface == "أبو راسين")
    assert match.resolution != "anchor"
    # ... "قرب مدينة الحسكة" does
    assert ids("سقطت قذائف على قرية الداودية قرب مدينة الحسكة")[0] == "ocha-c4348"


def test_namesakes_about_as_near_go_by_the_prior() -> None:
    # two villages of one name about 20 km from the town named beside them: a kilometre decides nothing
    found = dict(places("غارات على مدن القامشلي ورميلان والسويدية"))
    assert found["السويدية"] == "ocha-c8535"


# --- one episode that hits sites far apart in one sentence ---------------------------------------------------

EPISODES = [
    Page("rockets on the edge of one base and west of another are two targets",
         "سقطت ثلاثة صواريخ على أطراف قاعدة كونيكو، وسقط صاروخ رابع إلى الغرب من قاعدة العمر.",
         (("rocket_attack", "conoco-field"), ("rocket_attack", "al-omar-field"))),
    Page("where the sources think the fire came from is no target",
         "طال قصف صاروخي مواقع للميليشيات في مدينة البوكمال، ورجحت المصادر أن يكون مصدر القصف القاعدة الأمريكية في حقل العمر.",
         (("rocket_attack", "albu-kamal"),)),
]


@pytest.mark.parametrize("page", EPISODES, ids=[page.name for page in EPISODES])
def test_episodes(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


# --- the country around a town, provinces abroad, names the text places elsewhere ----------------------------

def match_of(text: str, surface: str) -> PlaceMatch:
    return next(match for match in resolved_places(find_places(text)) if match.surface == surface)


def test_the_desert_of_a_city_is_an_area_and_that_of_a_village_is_near_it() -> None:
    desert = match_of("هاجم التنظيم مواقع للقوات الحكومية في بادية الميادين", "الميادين")
    assert (desert.place.id, desert.geo_precision, desert.relation) == ("al-mayadin", 3, "region")
    village = match_of("عثرت دورية على منصة صواريخ في بادية بلدة خشام", "بلدة خشام")
    assert (village.place.id, village.geo_precision) == ("khasham", 2)


def test_a_province_abroad_named_by_its_capital_is_an_area() -> None:
    match = match_of("نقلت روسيا منظومة دفاع جوي من محافظة حماة إلى الشرق", "حماة")
    assert match.geo_precision == 3 and not match.place.in_region


def test_a_name_said_to_lie_by_a_town_far_from_its_namesakes_is_placed_at_that_town() -> None:
    # the only village of that name the gazetteers hold is in Hasakah, hundreds of kilometres away
    match = match_of("استهدفت غارة شاحنتين بعد دخولهما منطقة حميضة بريف البوكمال", "حميضة")
    assert (match.place.id, match.geo_precision, match.site) == ("albu-kamal", 2, "حميضة")


def test_a_name_the_text_places_in_a_province_abroad_is_not_the_region_s_namesake() -> None:
    assert [place_id for place_id in ids("انفجر جسم غريب في قرية الحسينية بمنطقة وادي بردى في ريف دمشق")
            if place_id == "al-husseiniya"] == []
    assert "al-husseiniya" in ids("قتل شاب في بلدة الحسينية بريف دير الزور")
    # a place with "from Iraq" or "near the Iraqi border" after it stays where it is
    assert "albu-kamal" in ids("وصلت تعزيزات إلى البوكمال من العراق")


AREAS = [
    Page("a campaign in one province that spread to towns of another is two campaigns",
         "شنت قسد حملة اعتقالات في محافظة الرقة طالت عدداً من الشبان. "
         "وامتدت الاعتقالات إلى مدينة البصيرة وبلدة الصعوة في ريف دير الزور.",
         (("security_operation", "raqqa-governorate"), ("security_operation", "al-busayrah"),
          ("security_operation", "al-sawa"))),
    Page("a roundup's attack in a desert does not join a shelling far from it",
         "- قصفت قسد بقذائف الهاون مواقع لقوات النظام في قرية مراط.\n"
         "- قتل عنصران من القوات الحكومية بهجوم لخلايا التنظيم في بادية الميادين.",
         (("artillery_shelling", "marrat"), ("armed_clash", "al-mayadin"))),
]


@pytest.mark.parametrize("page", AREAS, ids=[page.name for page in AREAS])
def test_areas(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


# --- people, outlets, fronts, sites: names that are no place, or another place ---------------------------------

@pytest.mark.parametrize("text", [
    "تظاهر الأهالي بعد اغتيال مجهولين للشيخ “سالم حمود الجدعان” قرب بلدة ذيبان",
    "اعتقلت الدورية الشاب خالد عمر الجدعان من منزله",
    "انتهت المداهمة باعتقال (ياسر الجدعان، وعبد الله الحسن) دون ذكر التهم",
])
def test_a_family_name_that_is_also_a_village_is_no_place(text: str) -> None:
    assert "al-jadan" not in ids(text) and "al-jadani" not in ids(text)


@pytest.mark.parametrize("text", [
    "سقطت قذيفة على قرية الجدعان",
    "اعتقلت الدورية الشاب أحمد في بلدة الجدعان",
    "وصلت تعزيزات إلى الجدعان وجديد عكيدات",
])
def test_the_village_itself_is_still_found(text: str) -> None:
    assert any(place_id in {"al-jadan", "al-jadani"} for place_id in ids(text))


def test_a_channel_spoken_to_is_no_town() -> None:
    assert ids("تعرضت القاعدة لهجوم بحسب ما أكدت مصادر ميدانية للميادين") == []
    assert ids("وصلت تعزيزات عسكرية للميادين مساء أمس") == ["al-mayadin"]


def test_a_front_between_two_towns_names_both() -> None:
    found = resolved_places(find_places('اندلعت اشتباكات على محور "تل تمر – أبو راسين" شمال الحسكة'))
    assert [(match.place.id, match.relation) for match in found[:2]] == [("tal-tamr", "road"), ("abu-rasin", "road")]


def test_a_quarter_of_a_town_abroad_is_not_put_in_the_region() -> None:
    found = find_places("قتل في محافظة دير الزور، وهو من سكان حي المزة في دمشق")
    assert all(match.place.id != "deir-ez-zor" for match in resolved_places(found))


def test_a_verb_spelt_like_a_village_after_fa_is_no_place() -> None:
    assert ids("زرعوا عبوات داخل المبنى ثم فجروه") == []


def test_a_field_named_after_a_village_is_placed_at_the_village() -> None:
    match = match_of("هاجم التنظيم حقل الصيجان النفطي وقتل عناصر من الحراسة", "الصيجان")
    assert (match.place.id, match.geo_precision, match.site) == ("ocha-c6810", 2, "حقل الصيجان النفطي")


def test_a_hospital_named_after_the_river_is_no_river() -> None:
    found = resolved_places(find_places("وقع انفجار قرب مشفى الفرات في مدينة دير الزور"))
    assert "euphrates" not in [match.place.id for match in found]


def test_a_camp_of_a_name_the_gazetteer_lacks_is_reported_unresolved() -> None:
    found = find_places('دهمت الحملة مخيم "حويجة العلي" بريف الرقة')
    assert [name.surface for name in unresolved_names(found)] == ["حويجة العلي"]


@pytest.mark.parametrize("text", ["خرج أبناء قرى وبلدات واقعة تحت سيطرة قسد في مظاهرات", "هاجموا القرى المحررة في الريف"])
def test_nouns_and_adjectives_after_a_settlement_noun_are_no_names(text: str) -> None:
    assert unresolved_names(find_places(text)) == []


# --- earlier events told as the context of the news, and what is no weapon --------------------------------------

def test_a_namesake_is_chosen_beside_the_known_place_of_its_own_list() -> None:
    # the article names a town near the other Kishma later; the pair "محكان والكشمة" decides
    text = ("اندلعت اشتباكات في بلدتي محكان والكشمة شرقي دير الزور. "
            "وفي سياق آخر هاجم مسلحون نقطة في قرية أبو حمام.")
    assert "gn-168534" in ids(text)


def background(page_text: str) -> list[tuple[str, str | None, bool]]:
    return sorted((report.kind, report.location.gazetteer_id if report.location else None, report.background)
                  for report in reports_of(page_text))


@pytest.mark.parametrize(("text", "expected"), [
    ("تعرضت القاعدة الأمريكية في حقل كونيكو لهجوم بطائرة مسيرة مساء أمس، بعد ساعات قليلة فقط من هجوم بالصواريخ استهدف القاعدة نفسها.",
     [("drone_attack", "conoco-field", False), ("rocket_attack", "conoco-field", True)]),
    ("قطع الأهالي الطرق في بلدة ذيبان على خلفية اغتيال مجهولين أحد وجهاء العشائر قرب بلدة الحوايج.",
     [("other", "al-hawaij", True)]),
    ("قتل عنصران بقصف على قاعدة حقل العمر، بعد أقل من ساعتين على استهداف قاعدة كونيكو بطائرة مسيرة.",
     [("artillery_shelling", "al-omar-field", False), ("drone_attack", "conoco-field", True)]),
])
def test_an_earlier_event_told_after_a_span_of_time_is_context(text: str, expected: list[tuple[str, str, bool]]) -> None:
    assert background(text) == sorted(expected)


def test_the_strikes_named_as_the_cause_of_the_news_are_the_ones_told() -> None:
    text = ("شنت طائرات تركية غارات على مدينتي القامشلي وعامودا فجر اليوم. "
            "وقال شهود إن الدخان تصاعد فوق القامشلي وعامودا إثر الغارات المكثفة.")
    assert background(text) == [("airstrike", "amuda", False), ("airstrike", "qamishli", False)]


def test_a_sentence_opened_by_the_event_it_answers_goes_on_with_the_news() -> None:
    text = "ورداً على الاستهداف، نفذت القوات الأمريكية فجر اليوم غارات جوية على مخازن أسلحة في مدينة البوكمال."
    assert background(text) == [("airstrike", "albu-kamal", False)]
    text = "وبعد ساعات من الهجوم، شنت طائرات التحالف غارات على مواقع في مدينة الميادين."
    assert background(text) == [("airstrike", "al-mayadin", False)]


PAGES = [
    Page("aircraft told flying over fired nothing",
         "استهدفت القوات الإسرائيلية الأراضي الزراعية في القنيطرة بالرشاشات الثقيلة وقذائف الهاون، مع تحليق للطائرات الحربية.",
         (("artillery_shelling", "quneitra"),)),
    Page("rocket shells are rockets",
         "سقطت عدة قذائف صاروخية على قاعدة الشدادي مساء أمس.", (("rocket_attack", "al-shaddadi-base"),)),
    Page("rocket shells with artillery are a barrage",
         "قصفت القوات التركية بالقذائف الصاروخية والمدفعية قرية أم الكيف بريف تل تمر.", (("artillery_shelling", "ocha-c4398"),)),
    Page("the country of an outlet is no doer",
         "تعرضت قاعدة حقل العمر لقصف صاروخي، بينما قالت وكالة سبوتنيك الروسية إن أصوات انفجارات قوية سمعت داخل الحقل.",
         (("rocket_attack", "al-omar-field"),)),
    Page("news that came first is its own clause",
         "تعرضت قاعدتا حقل العمر وحقل كونيكو لهجوم بالطائرات المسيرة، بعد ورود أنباء عن استهداف قاعدة الشدادي بعدد من القذائف الصاروخية.",
         (("drone_attack", "al-omar-field"), ("drone_attack", "conoco-field"), ("rocket_attack", "al-shaddadi-base"))),
]


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_pages(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


# --- sites of one town, fights beside strikes, days told later in the page ----------------------------------------

def sites_of(text: str) -> list[tuple[str, str | None, str]]:
    return sorted((report.kind, report.location.gazetteer_id if report.location else None,
                   report.location.name_ar if report.location else "") for report in reports_of(text))


def test_quarters_of_one_town_the_gazetteer_lacks_are_one_target_each() -> None:
    found = sites_of("دارت اشتباكات عنيفة في حي المشلب شرق مدينة الرقة وفي القسم الغربي من حي الرميلة شمال المدينة.")
    assert [(kind, place) for kind, place, _ in found] == [("armed_clash", "raqqa"), ("armed_clash", "raqqa")]
    assert {name.split("،")[0] for _, _, name in found} == {"حي المشلب", "حي الرميلة"}


def test_a_fight_told_beside_strikes_is_its_own_event() -> None:
    text = "اندلعت اشتباكات عنيفة في حي الجورة بمدينة دير الزور، وترافقت مع قصف جوي مكثف على الحي."
    assert Counter(kind for kind, _, _ in sites_of(text)) == Counter({"armed_clash": 1, "airstrike": 1})
    # the fight already told, named again with the article, is not another
    text = ("دارت اشتباكات فجر اليوم على محور بلدة حطلة. "
            "وتزامنت الاشتباكات مع قصف صاروخي على مواقع في بلدة خشام.")
    assert pairs(reports_of(text)) == Counter({("armed_clash", "hatla"): 1, ("rocket_attack", "khasham"): 1})


def test_a_street_named_after_a_town_lies_in_the_town_it_is_said_to_be_in() -> None:
    found = reports_of("انفجرت عبوة ناسفة بسيارة عسكرية في شارع تل أبيض وسط مدينة الرقة.")
    assert [report.location.gazetteer_id for report in found if report.location] == ["raqqa"]


def test_a_tribe_named_after_a_town_is_no_place() -> None:
    assert "darnaj" not in ids('اشتباكات بين أبناء عشائر "درنج" والقوات الكردية قرب الجسر')


def test_an_event_a_summary_tells_with_no_day_takes_the_day_the_body_gives() -> None:
    text = ("ملخص\n"
            "• الدفاعات الجوية في قاعدة كونيكو اعترضت قسماً من الصواريخ.\n\n"
            "قالت مصادر محلية إن رشقة صاروخية ضربت القاعدة في حقل كونيكو مساء أمس الثلاثاء.")
    dates = {report.kind: report.date for report in reports_of(text)}
    assert dates["interception"] == dates["rocket_attack"] == PUBLISHED - dt.timedelta(days=1)


def test_a_curfew_starting_on_a_named_day_is_dated_that_day() -> None:
    text = ("فرضت الإدارة الذاتية حظراً كلياً على مدينة الحسكة. "
            "وقالت في بيان إن الحظر الكلي يبدأ اليوم الخميس 14 من آذار ويستمر أسبوعاً.")
    [report] = reports_of(text)
    assert (report.kind, report.date) == ("security_operation", dt.date(2024, 3, 14))


def test_a_hospital_an_event_happened_by_is_its_place_and_one_the_wounded_went_to_is_not() -> None:
    assert pairs(reports_of("قتل عنصران بضربة مسيرة طالت سيارتهما قرب مستوصف بلدة محكان.")) == Counter(
        {("drone_attack", "mahkan"): 1})
    found = reports_of("انفجرت عبوة ناسفة بسيارة في بلدة ذيبان، ونقل الجرحى إلى مشفى مدينة الميادين.")
    assert pairs(found) == Counter({("ied_explosion", "dhiban"): 1})


@pytest.mark.parametrize(("text", "killed"), [
    ("ارتقى اليوم شهيدان بانفجار جسم غريب في بلدة ذيبان.", 2),
    ("سقط قتيلان بانفجار عبوة ناسفة في بلدة الشحيل.", 2),
])
def test_a_dual_noun_is_its_own_count(text: str, killed: int) -> None:
    [report] = reports_of(text)
    assert report.killed == killed


MORE_PAGES = [
    Page("a clause that only says where places the attack told in the area before it",
         "هاجم مسلحون دورية لقسد في ريف دير الزور الشرقي، وذلك بين بلدتي الحوايج وذيبان.",
         (("armed_clash", "al-hawaij"),)),
    Page("what an attack repeats is a series, the attack is news",
         "استهدفت قاعدة حقل العمر أمس بهجوم صاروخي جديد، ليتكرر بذلك سيناريو شهدته القاعدة مرات عدة خلال الأشهر الماضية.",
         (("rocket_attack", "al-omar-field"),)),
    Page("rockets that hit a base",
         "وأفادت المصادر بأن عدة صواريخ أصابت محيط قاعدة خراب الجير مساء أمس.",
         (("rocket_attack", "kharab-al-jir-base"),)),
    Page("soldiers at the base that was hit answered from it: no place is told for their answer",
         "سقطت صواريخ على قاعدة حقل العمر. وأضافت المصادر أن الجنود في الحقل ردوا بقصف صاروخي على الموقع الذي أطلقت منه الصواريخ.",
         (("rocket_attack", "al-omar-field"),)),
    Page("a fault that hit a jet is no attack",
         "أعلنت الوزارة أن خللاً تقنياً أصاب مقاتلة لحظة إقلاعها من مطار دير الزور فتحطمت.", ()),
]


@pytest.mark.parametrize("page", MORE_PAGES, ids=[page.name for page in MORE_PAGES])
def test_more_pages(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


AIR = [
    Page("strikes told with no weapon by a force that strikes from the air are air strikes",
         "نفذت القوات الأمريكية فجر اليوم ضربات جديدة ضد مخازن أسلحة للميليشيات في مدينة البوكمال.",
         (("airstrike", "albu-kamal"),)),
    Page("the bombardment such a force waged on a village",
         "تواصل القصف العنيف الذي شنته قوات التحالف الدولي على بلدة السوسة لليوم الثالث.",
         (("airstrike", "al-susah"),)),
    Page("its fire from a base it holds is shelling",
         "قصفت القوات الأمريكية المتمركزة في حقل العمر مواقع في محيط مدينة الميادين.",
         (("artillery_shelling", "al-mayadin"),)),
    Page("the strike named again in a statement is no new strike",
         "قتل شخصان بغارة من طائرة مسيرة على أطراف بلدة الشعفة. ولم يصدر عن التحالف أي تعليق على الضربة.",
         (("drone_attack", "al-shafa"),)),
    Page("where those who answer stand is no target of their answer",
         "سقطت قذائف صاروخية على قاعدة القرية الخضراء. وردت مدفعية التحالف المتمركزة في حقل العمر بقصف مواقع في محيط مدينة الميادين.",
         (("rocket_attack", "green-village"), ("artillery_shelling", "al-mayadin"))),
    Page("an answer after the attack it answers, in one sentence, is news",
         "وتأتي هذه التعزيزات بعد استهداف قاعدة الشدادي، ورداً على الاستهداف، نفذت القوات الأمريكية فجر اليوم ضربات على مخازن أسلحة في مدينة البوكمال.",
         (("airstrike", "albu-kamal"),)),
]


@pytest.mark.parametrize("page", AIR, ids=[page.name for page in AIR])
def test_air_forces(page: Page) -> None:
    found = reports_of(page.text, page.published)
    assert pairs([report for report in found if not report.background]) == Counter(page.expected)
