"""Which part of the world the text is about decides a weakly read place name (issue 13,
geodata/places/focus.py): quarters and towns of other governorates that share a name with a
village of the region, and imported names that are ordinary words in text about nowhere in
particular. Both sides: the place stays in an incident report, the false one goes elsewhere.

Every sentence here is written for these tests.
"""

from __future__ import annotations

import pytest

from geodata.places.finder import find_places, resolved_places
from geodata.places.focus import Reading, is_abroad, is_anchor, out_of_focus
from geodata.places.framing import default_place_phrases
from geodata.places.gazetteer import default_gazetteer


def regional(text: str) -> list[str]:
    return [match.place.id for match in resolved_places(find_places(text)) if match.place.in_region]


# --- the same name, about the region and about somewhere else ----------------------------------------
@pytest.mark.parametrize(("elsewhere", "report", "place_id"), [
    # a quarter of Aleppo; a village of Hasakah after the dateline of its governorate
    ("وفي حلب، افتتحت مديرية التربية مدرسة جديدة في حي الحمدانية غرب المدينة.",
     "الحسكة – داهمت دورية قرية الحمدانية واعتقلت شابين.", "ocha-c4501"),
    # a quarter of Homs after its dateline; the quarter of Deir ez-Zor city
    ("حمص – بدأت ورشات البلدية ترميم الأرصفة.\n\nوفي حي القصور افتتح سوق شعبي للخضار.",
     "قصفت المدفعية حي القصور في مدينة دير الزور.", "al-qusour"),
    # the next place named says where the town lies
    ("أقرت الحكومة مشروعاً لتأهيل شبكة المياه في مدينة الكسوة بريف دمشق.",
     "سقطت قذيفة على مدينة الكسوة بريف الحسكة.", "ocha-c4853"),
    ("وقال مزارع من مدينة القصير في ريف حمص إن موسم الزيتون جيد.",
     "داهمت قوات الأمن قرية القصير في ريف دير الزور الغربي.", "ocha-c5115"),
    # a town abroad named with a direction and its country
    ("وصل وفد حكومي إلى مدينة صور جنوب لبنان للقاء الصيادين.",
     "قصفت المدفعية بلدة الصور شمال دير الزور.", "al-sur"),
    # the paragraph before is about Aleppo, the village comes with no word of the region
    ("اشتباكات في حي الأشرفية بمدينة حلب.\n\nوأصيب طفلان بقصف على قرية الحمدانية.",
     "اشتباكات عنيفة في حلب.\n\nوفي دير الزور، داهمت قسد قرية الحمدانية.", "ocha-c4501"),
])
def test_a_name_shared_with_a_place_elsewhere_is_read_by_what_the_text_is_about(elsewhere: str, report: str, place_id: str) -> None:
    assert regional(elsewhere) == [], elsewhere
    assert place_id in regional(report), report


@pytest.mark.parametrize("report", [
    # a city named bare where the convoy comes from does not move the town the text is about
    "وصل رتل عسكري إلى مدينة الميادين قادماً من دمشق.",
    # the wounded taken to Damascus, later in the sentence
    "قصفت طائرة مسيرة سيارة في بلدة الكسرة، وأكدت مصادر أن الجرحى نقلوا إلى دمشق.",
    # Damascus first, the village anchored in the same sentence
    "نقل الجرحى إلى مشفى في دمشق، فيما داهمت دورية بلدة الكسرة بريف دير الزور الغربي.",
])
def test_a_city_elsewhere_named_in_an_incident_report_leaves_its_places_alone(report: str) -> None:
    assert regional(report), report


# --- an article about nowhere in particular --------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "وفي المطبخ، تشرح طاهية في البرنامج طريقة تحضير المقلوبة.",  # a rare word that an imported village bears
    "وفي البستان الصغير خلف البيت يزرع رجل متقاعد الخضار.",  # a common one after a preposition
])
def test_an_imported_name_that_nothing_frames_is_a_word(text: str) -> None:
    assert regional(text) == []


@pytest.mark.parametrize(("text", "place_id"), [
    ("قصفت المدفعية التركية الدردارة وقرية عنيق الهوى القريبتين من الحدود.", "ocha-c4999"),  # framed beside it
    ("داهمت دورية قرية البستان فجر اليوم.", "ocha-c4811"),  # framed itself
])
def test_an_imported_name_framed_or_beside_a_framed_one_stays(text: str, place_id: str) -> None:
    assert place_id in regional(text)


# --- the rule on readings written by hand -------------------------------------------------------------------
def _reading(place_id: str, start: int, *, strong: bool = False, framed: bool = True) -> Reading:
    place = default_gazetteer()[place_id]
    return Reading(place=place, curated=place.curated, start=start, end=start + 5, plain=strong, strong=strong,
                   framed=framed, preposition=False)


def test_anchors_are_strong_places_of_the_region_and_abroad_is_a_town_or_area_elsewhere() -> None:
    assert is_anchor(_reading("al-mayadin", 0, strong=True))
    assert not is_anchor(_reading("al-mayadin", 0))  # read on weak evidence
    assert not is_anchor(_reading("euphrates", 0, strong=True))  # a river reaches beyond the region
    assert is_abroad(_reading("aleppo", 0)) and is_abroad(_reading("rif-dimashq-governorate", 0))
    assert not is_abroad(_reading("iraq", 0))  # a country is named as an actor as often as a place


@pytest.mark.parametrize(("layout", "expected"), [
    # what the text last spoke of before the paragraph decides a name with nothing before it in its own
    (["aleppo", "\n", "ocha-c4501"], [False, True]),
    (["aleppo", "\n", "al-mayadin*", "\n", "ocha-c4501"], [False, False, False]),
    (["al-mayadin*", "\n", "aleppo", "\n", "ocha-c4501"], [False, False, True]),
    # nothing before it: it stays
    (["ocha-c4501", "\n", "aleppo"], [False, False]),
])
def test_the_last_place_named_before_decides(layout: list[str], expected: list[bool]) -> None:
    text, readings = "", []
    for item in layout:
        if item == "\n":
            text += ".\n"
            continue
        readings.append(_reading(item.rstrip("*"), len(text), strong=item.endswith("*")))
        text += "xxxxx" + " جملة طويلة بلا أسماء "
    assert out_of_focus(readings, text, default_place_phrases().link_words) == expected


# --- an article that names no place of the region by a name that needs no context --------------------
_FILLER = " وقال مسؤولون إن العمل مستمر منذ أسابيع، وإن النتائج ستعلن قريباً بعد انتهاء المراجعة التي تشمل كل الجوانب الفنية والمالية للمشروع."


def test_a_long_article_with_no_regional_anchor_drops_a_lone_weak_name() -> None:
    text = "افتتحت مدينة الأحساء مهرجاناً للتمور شارك فيه مئات المزارعين." + _FILLER * 3
    assert len(text.split()) >= 40
    assert regional(text) == []
    # the same sentence as a line of its own is left to the framing rules
    assert regional("افتتحت مدينة الأحساء مهرجاناً للتمور.") != []


def test_a_long_article_with_no_regional_anchor_keeps_weak_names_that_lie_together() -> None:
    text = "قصفت المدفعية التركية الدردارة وقرية عنيق الهوى القريبتين من الحدود." + _FILLER * 3
    assert {"ocha-c4999", "ocha-c7667"} <= set(regional(text))
