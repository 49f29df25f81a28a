"""Habits of outlets met in real reports that the rules had not seen: flares fired beside a sweep,
the bomb told a sentence after the attack it made, words cut with tatweels, a second raid of a
drone, villages the gazetteer lacks, neighbouring villages each a target, the reporter named
before a comma, an assault told beside a strike, the shelling recalled by a town beside it.
Every sentence here is written for these tests; none is taken from a real page or from the
development set.

Each page gives the (kind, gazetteer id) pairs of its reports, in any order.
"""

from __future__ import annotations

from collections import Counter

import pytest

from geodata.places.finder import PlaceMatch, find_places
from geodata.text.normalize import normalize, normalize_with_offsets
from geodata.text.sentences import sentence_spans
from tests.test_extraction_pages import Page, pairs, reports_of

# --- flares light the sky: the sweep told beside them is still told -----------------------------------------------

FLARES = [
    Page("flare shells alone fire nothing",
         "أطلقت قوات التحالف قذائف ضوئية في سماء بلدة الصور ليلة أمس.", ()),
    Page("the sweep beside the flares is told, the flares are not shelling",
         "أطلقت قوات التحالف عشرات القذائف الضوئية فوق بلدة الصور، وبدأت حملة تمشيط في محيط موقع الهجوم.",
         (("security_operation", "al-sur"),)),
    Page("shells fired with flare shells are the shelling",
         "قصفت قوات النظام بلدة الشميطية بقذائف الهاون والقذائف الضوئية.", (("artillery_shelling", "al-shumaytiyah"),)),
]


@pytest.mark.parametrize("page", FLARES, ids=[page.name for page in FLARES])
def test_flares(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


# --- the bomb told a sentence after an attack by gunmen is how it was made --------------------------------------------

BOMBS = [
    Page("gunmen attacked a car, then the bomb they used",
         "استهدف مسلحون مجهولون سيارة لقسد في ريف دير الزور الشمالي مساء أمس.\n"
         "وقالت مصادر محلية إن المسلحين استهدفوا السيارة بعبوة ناسفة قرب بلدة الصور.",
         (("ied_explosion", "al-sur"),)),
    Page("gunmen who fired their rifles, then a bomb on the help sent: two attacks",
         "هاجم مسلحون بالأسلحة الرشاشة حاجزاً لقسد في بلدة الشحيل مساء أمس.\n"
         "وبعد وصول المؤازرة انفجرت عبوة ناسفة بسيارة للقوات في البلدة.",
         (("armed_clash", "al-shuhayl"), ("ied_explosion", "al-shuhayl"))),
    Page("the attack recalled with the article goes on the bombing, it is no fight of its own",
         "استهدف مسلحون مجهولون سيارة لقسد في ريف دير الزور الشمالي مساء أمس.\n"
         "وقالت مصادر إن المسلحين استهدفوا السيارة بعبوة ناسفة قرب بلدة الصور.\n"
         "وبعد الهجوم حلقت طائرات التحالف فوق منطقة الاستهداف.",
         (("ied_explosion", "al-sur"),)),
]


@pytest.mark.parametrize("page", BOMBS, ids=[page.name for page in BOMBS])
def test_bombs_told_after_the_attack(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


# --- words cut with tatweels to get past filters ------------------------------------------------------------------

def test_a_word_cut_with_tatweels_is_one_word_and_keeps_its_span() -> None:
    text = "انفجرت سيارة مفـ ـخخـ ـة في الشحيل"
    folded = normalize_with_offsets(text)
    assert folded.text == normalize(text) == "انفجرت سياره مفخخه في الشحيل"
    start = folded.text.index("مفخخه")
    begin, end = folded.source_span(start, start + len("مفخخه"))
    assert text[begin:end] == "مفـ ـخخـ ـة"
    assert len(folded.offsets) == len(folded.text)


@pytest.mark.parametrize(("text", "count"), [
    ("عناصر من تنـ.ـظيم داعش هاجموا الحاجز. ثم انسحبوا.", 2),
    ("قال إن د.اعـ ـش تبنى الهجوم. وأضاف أن القوات ردت.", 2),
    ("انتهى الاجتماع. وقال د. أحمد إن الوضع هادئ.", 3),  # "د." of a title still ends a stretch as before
    ("سقط 3.5 طن من الذخيرة. ثم انفجر المستودع.", 2),
])
def test_a_full_stop_inside_a_cut_word_ends_no_sentence(text: str, count: int) -> None:
    assert len(sentence_spans(text)) == count


CUT_WORDS = [
    Page("a car bomb written with cut words",
         "استهدفت سيارة مفـ ـخخـ ـة قادها انتـ ـحـ ـاري من تنـ.ـظيم د.اعـ ـش حاجزاً لقسد في بلدة الشحيل ظهر اليوم.",
         (("ied_explosion", "al-shuhayl"),)),
    Page("killed written with a cut word",
         "وقتـ ـل عنصران من قسد بهجوم مسلح على حاجز في بلدة ذيبان مساء أمس.", (("armed_clash", "dhiban"),)),
]


@pytest.mark.parametrize("page", CUT_WORDS, ids=[page.name for page in CUT_WORDS])
def test_cut_words(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


# --- a second raid told after a drone's raid --------------------------------------------------------------------

RAIDS = [
    Page("a raid naming no aircraft after a drone's raid is the drone's",
         "سمع دوي انفجار في قرية السكرية، وتبين أن غارة نفذتها طائرة مسيرة استهدفت مقراً للميليشيات.\n"
         "واستهدفت غارة ثانية شاحنة للميليشيات في بلدة الهري.",
         (("drone_attack", "al-sukkariyah"), ("drone_attack", "al-hari"))),
    Page("raids of warplanes stay air strikes",
         "شنت طائرات حربية غارة على مقر للميليشيات في قرية السكرية.\n"
         "واستهدفت غارة ثانية شاحنة في بلدة الهري.",
         (("airstrike", "al-sukkariyah"), ("airstrike", "al-hari"))),
    Page("a raid long after the drone's is not the drone's",
         "استهدفت طائرة مسيرة مقراً في قرية السكرية بغارة فجر اليوم.\n"
         "ويضم المقر مستودعات للذخيرة.\n"
         "وتسكن المنطقة عشائر عربية.\n"
         "واستهدفت غارة أخرى شاحنة في بلدة الهري.",
         (("drone_attack", "al-sukkariyah"), ("airstrike", "al-hari"))),
]


@pytest.mark.parametrize("page", RAIDS, ids=[page.name for page in RAIDS])
def test_raids_after_a_drone(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


# --- villages the gazetteer lacks ---------------------------------------------------------------------------------

def test_a_distance_from_a_town_places_near_it_not_at_it() -> None:
    [town] = [match for match in find_places("انفجر لغم في قرية خربة النعيم (نحو 20 كم عن مدينة الشدادي) بريف الحسكة")
              if isinstance(match, PlaceMatch) and match.place.id == "al-shaddadi"]
    assert (town.relation, town.geo_precision) == ("near", 2)


UNKNOWN_VILLAGES = [
    Page("an unknown village a distance from a town: the countryside the text names, not the town",
         "قتل مدني بانفجار لغم في قرية خربة النعيم (نحو 20 كم عن مدينة الشدادي) بريف الحسكة.",
         (("ied_explosion", "hasakah-countryside"),)),
    Page("a raid in an unknown village of an area and one in a named village are two raids",
         "دهمت قسد منازل في قرية العزبة شمال دير الزور مساء أمس واعتقلت شاباً.\n"
         "وطالت حملة دهم أخرى منازل في قرية الزر شرقي دير الزور.",
         (("security_operation", "deir-ez-zor-northern-countryside"), ("security_operation", "al-zir"))),
    Page("the named village first, then the unknown one",
         "دهمت قسد منازل في قرية الزر مساء أمس.\n"
         "كما دهمت منازل في قرية العزبة شمال دير الزور.",
         (("security_operation", "al-zir"), ("security_operation", "deir-ez-zor-northern-countryside"))),
]


@pytest.mark.parametrize("page", UNKNOWN_VILLAGES, ids=[page.name for page in UNKNOWN_VILLAGES])
def test_unknown_villages(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


# --- villages close together are targets of their own ------------------------------------------------------------

NEIGHBOURS = [
    Page("two arrests in two villages a few kilometres apart",
         "دهمت دورية لقسد منازل في بلدة الجنينة غرب دير الزور واعتقلت شابين.\n"
         "كذلك اعتقل ثلاثة مدنيين في بلدة الصالحية القريبة من المعامل.",
         (("security_operation", "ocha-c5084"), ("security_operation", "al-salhiya"))),
    Page("an oil field and its housing compound are still one attack",
         "استهدفت صواريخ قاعدة التحالف في حقل العمر مساء أمس.\n"
         "وسقطت الصواريخ قرب القرية الخضراء داخل القاعدة.",
         (("rocket_attack", "al-omar-field"),)),
]


@pytest.mark.parametrize("page", NEIGHBOURS, ids=[page.name for page in NEIGHBOURS])
def test_neighbouring_villages(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


# --- who says it, then what happened where; an assault beside a strike; the shelling recalled ---------------------

ATTRIBUTION = [
    Page("the place after 'according to the reporter,' is where it happened",
         "وبحسب المراسل، تعرضت قرية أم الكيف بريف تل تمر لقصف مدفعي تركي مساء أمس.",
         (("artillery_shelling", "ocha-c4398"),)),
    Page("the reporter's own place is still no place of the event",
         "وقال مراسلنا في مدينة الحسكة إن المدفعية التركية قصفت قرية أم الكيف.",
         (("artillery_shelling", "ocha-c4398"),)),
    Page("an assault told beside a drone strike with 'في حين' is a fight, not a drone strike",
         "وبالتوازي تتعرض قرية أم الكيف لقصف بالطائرات المسيرة، في حين يتواصل هجوم عنيف على قرية الريحانية.",
         (("drone_attack", "ocha-c4398"), ("armed_clash", "ocha-c7594"))),
    Page("the shelling recalled with the town beside the village is the shelling told",
         "قصفت المدفعية التركية قرية أم الكيف شمالي تل تمر صباح اليوم.\n"
         "ودفع اشتداد القصف عشرات العائلات في بلدة تل تمر إلى مغادرة منازلها.",
         (("artillery_shelling", "ocha-c4398"),)),
]


@pytest.mark.parametrize("page", ATTRIBUTION, ids=[page.name for page in ATTRIBUTION])
def test_attribution_and_recall(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


# --- words outlets use: drone aviation, the raid verb without its long vowel ----------------------------------------

WORDS = [
    Page("drone aviation, masculine, is a drone",
         "استهدف الطيران المسير التركي سيارة في ريف القامشلي مساء أمس.", (("drone_attack", "qamishli"),)),
    Page("the raid verb written without its long vowel",
         "دهمت دورية لقسد منازل في بلدة ذيبان فجر اليوم.", (("security_operation", "dhiban"),)),
]


@pytest.mark.parametrize("page", WORDS, ids=[page.name for page in WORDS])
def test_words(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


# --- where the source sits, where help set out from ----------------------------------------------------------------

SOURCES = [
    Page("a medical source in a hospital of the city says where the source is",
         "قتل عنصران من الدفاع الوطني بهجوم لخلايا التنظيم في بادية المسرب مساء أمس.\n"
         "وقال مصدر طبي في مشفى دير الزور العسكري إن الهجوم أسفر عن إصابة خمسة آخرين.",
         (("armed_clash", "al-masrab"),)),
    Page("help sent from a town to the fight already told went to the fight",
         "قتل عنصران من الدفاع الوطني بهجوم لخلايا التنظيم في بادية المسرب مساء أمس.\n"
         "وأرسلت القوات الحكومية تعزيزات من مدينة دير الزور إلى منطقة الاشتباكات.",
         (("armed_clash", "al-masrab"), ("militia_movement", "al-masrab"))),
    Page("help sent from one town to another went to the other",
         "أرسلت قوات النظام تعزيزات عسكرية من مدينة دير الزور إلى مدينة الميادين.",
         (("militia_movement", "al-mayadin"),)),
]


@pytest.mark.parametrize("page", SOURCES, ids=[page.name for page in SOURCES])
def test_sources_and_help(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


# --- a round gunmen fire at a post, then the fight ----------------------------------------------------------------

ROUNDS = [
    Page("gunmen fire a rocket-propelled round at a post and a fight follows: one clash",
         "استهدف مسلحون مجهولون حاجزاً لقسد بقذيفة صاروخية، فردت عناصر الحاجز واندلعت اشتباكات في بلدة الصبحة.",
         (("armed_clash", "al-sabkha-busayrah"),)),
    Page("after an attack word with no weapon, the round and the fight are still one clash",
         "هاجم عناصر من التنظيم مواقع لقسد في ريف دير الزور الشرقي مساء أمس.\n"
         "وقالت مصادر إن مسلحين استهدفوا حاجزاً بقذيفة صاروخية، فرد العناصر واندلعت اشتباكات في بلدة الصبحة.",
         (("armed_clash", "al-sabkha-busayrah"),)),
    Page("rockets fired at a base with no fight stay a rocket attack",
         "استهدفت الميليشيات قاعدة التحالف في حقل العمر بثلاثة صواريخ مساء أمس.",
         (("rocket_attack", "al-omar-field"),)),
]


@pytest.mark.parametrize("page", ROUNDS, ids=[page.name for page in ROUNDS])
def test_gunmen_rounds(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


# --- a pluperfect behind the event word tells what was done before to what it involves ---------------------------

@pytest.mark.parametrize(("text", "background"), [
    ("وقع انفجار في مستودع ذخيرة ببلدة اليعربية، نتيجة ألغام كانت قد زرعتها قسد قبل انسحابها خلال الفترة الماضية.", False),
    ("انفجر لغم كان قد زرعه التنظيم بسيارة مدنية في بلدة الصور مساء أمس.", False),
    ("وكانت قاعدة حقل العمر قد تعرضت لهجوم بالصواريخ خلال الفترة الماضية.", True),
])
def test_a_pluperfect_behind_the_event_word_leaves_it_news(text: str, background: bool) -> None:
    [report] = reports_of(text)
    assert report.background is background


# --- a trend of attacks, told around the attack, is no incident of its own -----------------------------------------

TRENDS = [
    Page("the cells' rising activity and the attacks they mean to make",
         "انفجرت عبوة ناسفة بسيارة لقسد في بلدة الصور مساء أمس.\n"
         "ويأتي التفجير في ظل نشاط متزايد لخلايا التنظيم التي تسعى لشن عمليات تستهدف النقاط العسكرية في دير الزور.",
         (("ied_explosion", "al-sur"),)),
    Page("attacks planned to be carried out are no attacks",
         "اعتقلت قسد ثلاثة شبان في بلدة ذيبان قالت إنهم كانوا يستعدون لتنفيذ هجمات على حواجزها في ريف دير الزور.",
         (("security_operation", "dhiban"),)),
]


@pytest.mark.parametrize("page", TRENDS, ids=[page.name for page in TRENDS])
def test_trends(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


def test_an_attack_told_before_the_trend_in_its_clause_is_still_told() -> None:
    text = "قتل عنصران من قسد بهجوم مسلح على حاجز في بلدة الشحيل في ظل نشاط متزايد لخلايا التنظيم."
    assert pairs(reports_of(text)) == Counter({("armed_clash", "al-shuhayl"): 1})


# --- the second place of a pair told with its settlement noun ("بين البوكمال وقرية عشاير") --------------------------

@pytest.mark.parametrize(("text", "surface"), [
    ("استهدفت غارة قافلة على الطريق الواصل بين البوكمال وقرية عشاير", "عشاير"),
    ("وقعت اشتباكات بين بلدة ذيبان وقرية الطيانة", "الطيانة"),
])
def test_the_second_of_a_pair_with_its_noun_is_between_too(text: str, surface: str) -> None:
    [second] = [match for match in find_places(text) if isinstance(match, PlaceMatch) and match.surface.endswith(surface)]
    assert (second.relation, second.geo_precision) == ("between", 2)


def test_two_places_after_in_are_still_each_a_place() -> None:
    found = [(match.surface, match.geo_precision) for match in find_places("اشتباكات في بلدة ذيبان وقرية الحوايج")
             if isinstance(match, PlaceMatch)]
    assert found == [("بلدة ذيبان", 1), ("قرية الحوايج", 1)]


# --- a roundup told in one long sentence, its items after "وفي سياق متصل" ------------------------------------------

ROUNDUPS = [
    Page("two shootings after a sentence of context, joined by commas",
         "تعاني مناطق ريف دير الزور من فلتان أمني وعمليات اغتيال متواصلة، وفي سياق ذلك أقدم مسلحون على "
         "اغتيال أحد الأشخاص في بلدة الشحيل، وفي سياق متصل أطلق مجهولون النار على مواطنة في بلدة ذيبان ما أدى لإصابتها.",
         (("other", "al-shuhayl"), ("other", "dhiban"))),
    Page("an item after 'في حادثة منفصلة' is its own incident",
         "قتل عنصر من قسد بهجوم مسلح على حاجز في بلدة الصبحة، وفي حادثة منفصلة انفجر لغم بسيارة مدنية في بلدة الصور.",
         (("armed_clash", "al-sabkha-busayrah"), ("ied_explosion", "al-sur"))),
]


@pytest.mark.parametrize("page", ROUNDUPS, ids=[page.name for page in ROUNDUPS])
def test_roundups_in_one_sentence(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)


@pytest.mark.parametrize(("text", "kind"), [
    ("اغتال مسلحون مجهولون أحد الأشخاص في بلدة الشحيل مساء أمس.", "other"),
    ("أطلق مجهولون النار على رجل في بلدة ذيبان ما أدى لمقتله.", "other"),
    ("اغتال مسلحون مجهولون عنصراً من قسد في بلدة الشحيل مساء أمس.", "armed_clash"),
    # a man of the police or security forces is a member of a force
    ("أطلق مجهولون النار على رجل شرطة في بلدة ذيبان ما أدى لمقتله.", "armed_clash"),
    ("استهدف مسلحون رجلي أمن قرب دوار البلدة في الشحيل.", "armed_clash"),
])
def test_a_killing_of_a_person_named_by_no_force_is_other(text: str, kind: str) -> None:
    assert [report.kind for report in reports_of(text)] == [kind]


def test_a_name_repeated_in_brackets_keeps_the_first_ones_precision() -> None:
    found = [(match.surface, match.place.id, match.geo_precision) for match in
             find_places("هجوم على مزارع في ريف سري كانيه (رأس العين) شمال غربي الحسكة") if isinstance(match, PlaceMatch)]
    assert ("سري كانيه", "ras-al-ain", 2) in found and ("رأس العين", "ras-al-ain", 2) in found


SOURCE_WORDS = [
    Page("'of unknown source' names no source sitting at the place after it",
         "سقطت قذيفة صاروخية مجهولة المصدر في محيط قاعدة القرية الخضراء، دون أضرار.",
         (("rocket_attack", "green-village"),)),
    Page("the blast after 'في حين' is made with the weapon told before it",
         "تصدت الدفاعات في قاعدة التنف لطائرتين مسيرتين وأسقطت إحداهما، في حين انفجرت الثانية داخل القاعدة.",
         (("interception", "al-tanf-base"), ("drone_attack", "al-tanf-base"))),
]


@pytest.mark.parametrize("page", SOURCE_WORDS, ids=[page.name for page in SOURCE_WORDS])
def test_source_words_and_blasts(page: Page) -> None:
    assert pairs(reports_of(page.text, page.published)) == Counter(page.expected)
