"""How real outlets write incidents, third round: the constructions of Arabic news the earlier
rules did not read (an attack told as a fight, reinforcements sent toward a fight already told,
passive killings by unknown men, sweeps that found arms, barrages told again ...). Every sentence
here is written for these tests; none is taken from a real page or from the development set.

Each case gives a page and the (kind, place id) pairs of its reports, in any order.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from geodata.datafiles import data_path
from geodata.errors import DataFileError
from geodata.events.cues import load_cues
from geodata.places.finder import find_places, resolved_places
from tests.test_extraction_pages import Page, pairs, reports_of

# --- an attack told as a fight, and reinforcements sent toward a fight already told -----------------------------

FIGHTS_AND_MOVES = [
    Page("an infiltration that targeted a post is a clash",
         "قالت قسد إن مقاتليها نفذوا عملية تسلل إلى ريف بلدة تل تمر استهدفت نقطة للفصائل.",
         (("armed_clash", "tal-tamr"),)),
    Page("an ambush that targeted a patrol with no weapon named is a clash",
         "نصب عناصر من التنظيم كمينا استهدف دورية للأمن العام قرب بلدة الصور مساء أمس.",
         (("armed_clash", "al-sur"),)),
    Page("reinforcements sent toward the fight already told are a move where the fight is",
         "اندلعت اشتباكات عنيفة بين قسد ومسلحين من العشائر في بلدة الشحيل مساء أمس. "
         "ودفعت قسد بتعزيزات عسكرية نحو مناطق الاشتباك.",
         (("armed_clash", "al-shuhayl"), ("militia_movement", "al-shuhayl"))),
    Page("a convoy sent toward the place of an attack already told",
         "تعرضت نقطة للجيش في بلدة محكان لهجوم بالأسلحة الرشاشة فجر اليوم. "
         "وأرسل الجيش رتلا عسكريا إلى منطقة الهجوم بعد ساعات.",
         (("armed_clash", "mahkan"), ("militia_movement", "mahkan"))),
]


@pytest.mark.parametrize("page", FIGHTS_AND_MOVES, ids=[page.name for page in FIGHTS_AND_MOVES])
def test_fights_and_moves(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


def test_a_fight_named_again_beside_an_attack_already_told_is_not_a_new_one() -> None:
    # the attack word names the attack already told: nothing turns the clause into a fight of its own
    text = "هاجم مسلحون حاجزا في بلدة ذيبان. وقال مصدر إن الهجوم انطلق من بلدة الطيانة بعد اشتباكات قصيرة."
    assert set(pairs(reports_of(text))) == {("armed_clash", "dhiban")}


# --- the words of state media and of passive killings; fire told as a daily pattern ---------------------------

WORDS = [
    Page("an aggression waged with shells is shelling",
         "شنت القوات التركية عدوانا بالقذائف المدفعية على بلدة عين عيسى بريف الرقة.",
         (("artillery_shelling", "ain-issa"),)),
    Page("civilians killed in an aggression with no weapon named is a killing",
         "وقتل أمس ثلاثة مدنيين في عدوان تركي على ريف بلدة عين عيسى.",
         (("other", "ain-issa"),)),
    Page("the aggression a statement speaks of in general is no event",
         "دعت الفصائل إلى وقف الدعم للعدوان على غزة، وقالت إن قواعد حقل العمر ستبقى هدفا.", ()),
    Page("a displaced man killed at the hands of unknown men is a killing",
         "قتل نازح على يد مجهولين في مخيم الهول شرق الحسكة.",
         (("other", "al-hol-camp"),)),
    Page("a soldier killed at the hands of gunmen is a clash",
         "قتل عنصر من الجيش على يد مسلحين عند حاجز في بلدة الشحيل.",
         (("armed_clash", "al-shuhayl"),)),
    Page("daily shelling of a countryside is a pattern",
         "تشهد قرى ريف بلدة عين عيسى قصفا يوميا من القوات التركية.", ()),
]


@pytest.mark.parametrize("page", WORDS, ids=[page.name for page in WORDS])
def test_words(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


# --- sweeps that found arms, raids that came to a find, and finds told within a campaign ---------------------

SWEEPS = [
    Page("arms found during a sweep: the find and the sweep",
         "عثرت وحدات الجيش خلال عمليات التمشيط في بلدة البصيرة على مستودع للأسلحة والذخائر.",
         (("weapons_found", "al-busayrah"), ("security_operation", "al-busayrah"))),
    Page("a raid that came to a find is the find",
         "نفذت قوى الأمن عملية دهم انتهت بضبط صواريخ مضادة للدروع في بلدة البصيرة.",
         (("weapons_found", "al-busayrah"),)),
    Page("a find told as part of a campaign told elsewhere is the find",
         "ضبطت قوى الأمن مستودعا للذخائر في بلدة البصيرة، في إطار الحملة الأمنية التي تنفذها في المحافظة.",
         (("weapons_found", "al-busayrah"),)),
]


@pytest.mark.parametrize("page", SWEEPS, ids=[page.name for page in SWEEPS])
def test_sweeps(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


CELLS = [
    Page("a cell taken apart is a security operation",
         "أعلنت قوى الأمن الداخلي تفكيك خلية تابعة للتنظيم في بلدة البصيرة.",
         (("security_operation", "al-busayrah"),)),
    Page("arms seized from a cell are a find",
         "ضبطت قوى الأمن بحوزة الخلية عبوات ناسفة وأسلحة في بلدة البصيرة.",
         (("weapons_found", "al-busayrah"),)),
    Page("bodies found by the people are no operation",
         "وقالت شبكات محلية إن الأهالي عثروا على الجثتين قرب بلدة البصيرة.",
         (("other", "al-busayrah"),)),
]


@pytest.mark.parametrize("page", CELLS, ids=[page.name for page in CELLS])
def test_cells(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


def test_fire_named_again_in_a_sentence_that_told_a_barrage_is_the_barrage() -> None:
    text = ("قصفت القوات التركية بالقذائف الصاروخية والمدفعية قرية أم الكيف بريف تل تمر، "
            "كما طال القصف التركي بلدة تل تمر نفسها.")
    assert {kind for kind, _ in pairs(reports_of(text))} == {"artillery_shelling"}


# --- a force that suffered an attack, and the base abroad the next sentence points back to --------------------

ABROAD = [
    Page("a force that suffered an attack did not strike from the air",
         "تعرضت القوات الأمريكية في قاعدة حقل العمر لهجوم فجر اليوم.",
         (("armed_clash", "al-omar-field"),)),
    Page("the base abroad that the next sentence points back to",
         "وتعرضت القوات الأمريكية في قاعدة عين الأسد غربي العراق لاستهداف ليل الخميس. "
         "وسمع دوي انفجارات داخل القاعدة، وتحدثت مصادر عن هجوم بطائرة مسيرة وصواريخ.",
         (("drone_attack", "iraq"), ("rocket_attack", "iraq"))),
]


@pytest.mark.parametrize("page", ABROAD, ids=[page.name for page in ABROAD])
def test_abroad(page: Page) -> None:
    found = [report for report in reports_of(page.text, page.published) if not report.background]
    assert pairs(found) == Counter(page.expected)


# --- captions that date their own event, two drones, security deployments -----------------------------------------

CAPTIONS_AND_WORDS = [
    Page("a photo caption with a full date tells its event",
         "القوات تمنع حمل السلاح في المدينة\n\n"
         "جانب من الحملة الأمنية في حي الجورة بمدينة دير الزور - 8 من آذار 2024 (عدسة المحافظة)\n\n"
         "أعلنت قيادة الأمن الداخلي منع المظاهر المسلحة في المدينة اعتبارا من اليوم.",
         (("security_operation", "al-joura"),)),
    Page("a headline with no date of its own tells nothing of its own",
         "حملة أمنية في حي الجورة\n\nقالت مصادر إن الأهالي تظاهروا في المدينة اليوم.", ()),
    Page("two suicide drones are a drone attack",
         "استهدفت القوات الحكومية بطائرتين انتحاريتين نقطة عسكرية في بلدة البصيرة.",
         (("drone_attack", "al-busayrah"),)),
    Page("a security deployment is a security operation",
         "شهدت بلدة البصيرة انتشارا أمنيا واسعا لقوى الأمن الداخلي مساء أمس.",
         (("security_operation", "al-busayrah"),)),
]


@pytest.mark.parametrize("page", CAPTIONS_AND_WORDS, ids=[page.name for page in CAPTIONS_AND_WORDS])
def test_captions_and_words(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


def test_a_statement_s_next_claim_told_by_a_participle_is_a_clause_of_its_own() -> None:
    # the pledge after "مؤكدة" ("مع كل من ..." reads as a pattern) is no part of the operation told before it
    text = ("وفي محافظة حماة، أعلنت قوى الأمن تفكيك خلية تابعة للتنظيم في مدينة السلمية، "
            "مؤكدة أنها ستتعامل بحزم مع كل من يعبث بأمن المحافظة.")
    assert {kind for kind, _ in pairs(reports_of(text))} == {"security_operation"}


# --- a list of targets that an addition goes on with ----------------------------------------------------------------

def test_places_added_to_a_list_after_a_comma_belong_to_the_event_before() -> None:
    text = "تقصف المدفعية التركية منذ الصباح قرى مشيرفة وفاطسة، إضافة إلى محيط بلدة هيشة، في ريف ناحية عين عيسى."
    found = reports_of(text)
    assert set(pairs(found)) == {("artillery_shelling", "ocha-c7016"), ("artillery_shelling", "ocha-c5913")}
    told = {ref.gazetteer_id for report in found for ref in [report.location, *report.other_places] if ref}
    assert "ocha-c5927" in told  # هيشة: a place of the shelling, not of a clause of its own


def test_an_addition_that_tells_an_event_of_its_own_is_a_clause_of_its_own() -> None:
    text = "سقطت قذائف صاروخية على قاعدة حقل العمر، إضافة إلى استهداف قاعدة كونيكو بطائرة مسيرة."
    assert set(pairs(reports_of(text))) == {("rocket_attack", "al-omar-field"), ("drone_attack", "conoco-field")}


def test_an_addition_opener_must_be_a_clause_opener(tmp_path: Path) -> None:
    for name in ("event_kinds.yaml", "actors.yaml", "place_roles.yaml"):
        shutil.copy(data_path(name), tmp_path / name)
    events = tmp_path / "event_kinds.yaml"
    events.write_text(events.read_text(encoding="utf-8").replace("addition_openers:\n", "addition_openers:\n  - فضلا عن\n"),
                      encoding="utf-8")
    with pytest.raises(DataFileError, match="not clause_openers"):
        load_cues(tmp_path)


RPG = [
    Page("gunmen who attack a checkpoint with rocket-propelled grenades fight, they do not shell",
         'هاجم مسلحون حاجزا لقسد في بلدة الشحيل بقذائف "آر بي جي" فجر اليوم.',
         (("armed_clash", "al-shuhayl"),)),
    Page("the grenades named without quotation marks",
         "هاجم عناصر التنظيم حاجزا في بلدة الشحيل بقذائف آر بي جي فجر اليوم.",
         (("armed_clash", "al-shuhayl"),)),
    Page("mortar shells named in quotation marks are still shells",
         'قصفت القوات التركية بقذائف "هاون" قرية في ريف بلدة تل تمر.',
         (("artillery_shelling", "tal-tamr"),)),
]


@pytest.mark.parametrize("page", RPG, ids=[page.name for page in RPG])
def test_rocket_propelled_grenades(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


# --- a governorate's capital named bare: the city when the article calls it one -------------------------------------

def place_ids(text: str) -> list[str]:
    return [match.place.id for match in resolved_places(find_places(text))]


@pytest.mark.parametrize(("text", "expected"), [
    # the article calls it a city: "في الرقة" is the city too
    ("دارت اشتباكات في أحياء مدينة الرقة. وقال مراسلنا في الرقة إن الاشتباكات توقفت.", ["raqqa", "raqqa"]),
    # nowhere called a city: the governorate
    ("وقال مراسلنا في الرقة إن الاشتباكات توقفت.", ["raqqa-governorate"]),
    # a village said to lie in it: the governorate, whatever the article says elsewhere
    ("انفجرت عبوة في مدينة دير الزور. وقتل شخصان قرب بلدة محكان في دير الزور.", ["deir-ez-zor", "mahkan", "deir-ez-zor-governorate"]),
    # its countryside and the regions around it stay regions
    ("قصفت القوات مدينة دير الزور وريف دير الزور الشرقي.", ["deir-ez-zor", "deir-ez-zor-eastern-countryside"]),
    # a stadium named after the city is in the city
    ("عاد الفريق إلى ملعب دير الزور بعد سنوات.", ["deir-ez-zor"]),
])
def test_a_capital_named_bare(text: str, expected: list[str]) -> None:
    assert place_ids(text) == expected


SPANS = [
    Page("a curfew from one town to another is placed where it starts",
         "وفرضت قسد حظر تجوال من بلدة الشحيل إلى بلدة الباغوز مساء أمس.",
         (("security_operation", "al-shuhayl"),)),
    Page("reinforcements from one place to another went where they were sent",
         "أرسلت قسد تعزيزات عسكرية من حقل العمر إلى بلدة الحوايج مساء أمس.",
         (("militia_movement", "al-hawaij"),)),
    Page("a convoy told by where it set out from and where it was heading went where it was heading",
         "أرسل التحالف تعزيزات عسكرية إلى قاعدة الشدادي اليوم. وقالت مصادر إن التعزيزات انطلقت من قاعدة خراب الجير "
         "التابعة لناحية اليعربية متوجهة نحو قاعدة الشدادي.",
         (("militia_movement", "al-shaddadi-base"),)),
]


@pytest.mark.parametrize("page", SPANS, ids=[page.name for page in SPANS])
def test_spans(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


MORE_WORDS = [
    Page("the verb of an air raid",
         "أغارت طائرات حربية مجهولة بعد منتصف الليل على مواقع للميليشيات في مدينة البوكمال.",
         (("airstrike", "albu-kamal"),)),
    Page("gunmen who opened fire on a vehicle",
         "فتح مسلحون النار على سيارة عسكرية قرب بلدة البحرة مساء أمس.",
         (("armed_clash", "al-bahra"),)),
    Page("a grenade written as one word",
         "استهدف عناصر التنظيم حاجزا في بلدة الزر بقذيفة أربيجي.",
         (("armed_clash", "al-zir"),)),
    Page("a killing told as what unknown men went on to do",
         "أقدم مجهولون على قتل شاب في بلدة الطيانة مساء أمس.",
         (("other", "al-tayyana"),)),
    Page("headquarters written with the broken plural",
         "أخلت الميليشيات عددا من مقارها في مدينة البوكمال خشية القصف.",
         (("militia_movement", "albu-kamal"),)),
]


@pytest.mark.parametrize("page", MORE_WORDS, ids=[page.name for page in MORE_WORDS])
def test_more_words(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


def test_where_the_shelling_force_stands_is_its_launch_site_and_the_attacked_village_its_target() -> None:
    [report] = reports_of("قامت قوات النظام المتمركزة في بلدة المريعية باستهداف قرية خشام بقذائف المدفعية.")
    assert report.kind == "artillery_shelling"
    assert report.location is not None and report.location.gazetteer_id == "khasham"
    assert report.launch_site is not None and report.launch_site.gazetteer_id == "al-muriiyah"


def test_a_battle_declared_is_no_fight_and_leaves_the_attack_beside_it_a_clash() -> None:
    text = ("شن مقاتلو العشائر أمس هجوما واسعا استهدف مواقع قسد في بلدة ذيبان، "
            "تزامنا مع إعلان أحد شيوخ العشائر بدء معركة جديدة ضدها.")
    assert pairs(reports_of(text)) == Counter({("armed_clash", "dhiban"): 1})


def test_a_clause_that_names_two_weapons_tells_two_attacks_even_after_one_was_told() -> None:
    text = ("وقال مصدر إن خمسة صواريخ أطلقت نحو قاعدة خراب الجير مساء أمس. "
            "وأضاف أن قاعدة خراب الجير استهدفت بثلاثة صواريخ وطائرة مسيرة.")
    assert pairs(reports_of(text)) == Counter({("rocket_attack", "kharab-al-jir-base"): 1, ("drone_attack", "kharab-al-jir-base"): 1})


def test_the_incident_before_the_one_told_second_of_its_kind_is_another_incident() -> None:
    text = ("أسقطت طائرة للتحالف طائرة مسيرة قرب قاعدة القرية الخضراء يوم السبت. "
            "والحادثة هي الثانية من نوعها خلال ثلاثة أيام، فقد أسقطت طائرة للتحالف مسيرة قرب حقل العمر.")
    found = reports_of(text)
    assert len(found) == 2 and {report.kind for report in found} == {"interception"}
    assert sorted(report.background for report in found) == [False, True]


@pytest.mark.parametrize(("text", "first"), [
    ("استقدمت القوات تعزيزات كبيرة إلى باديتي حمص ودير الزور.", ("homs", 3)),
    ("تعرضت قرى في ريفي دير الزور والرقة لقصف مدفعي.", ("deir-ez-zor-governorate", 3)),
])
def test_the_dual_of_desert_and_countryside_names_an_area(text: str, first: tuple[str, int]) -> None:
    match = resolved_places(find_places(text))[0]
    assert (match.place.id, match.geo_precision) == first


def test_the_news_told_before_it_is_called_second_of_its_kind_stays_news() -> None:
    text = "تعرض محيط مدينة البوكمال فجر اليوم لقصف جوي، في هجوم هو الثاني من نوعه خلال ثلاثة أيام."
    [report] = reports_of(text)
    assert (report.kind, report.background) == ("airstrike", False)


def test_a_cue_word_inside_a_town_s_name_is_no_cue() -> None:
    # "التبني" is a town; "تبني" (adopting) is a claim cue
    found = pairs(reports_of("عثرت وحدات الجيش خلال عمليات التمشيط في بلدة التبني على مستودع للأسلحة."))
    assert found == Counter({("weapons_found", "al-tibni"): 1, ("security_operation", "al-tibni"): 1})
    # the claim itself is still one
    assert reports_of("تبنى تنظيم داعش هجوما على حاجز في بلدة التبني.") == []
