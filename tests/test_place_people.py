"""Family names that are village names (issue 13): a place name written right after a common
given name (data/place_phrases.yaml, given_names) is a person's family name. Both sides: the
person in other news, the village in an incident report.

Every sentence here is written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from geodata.datafiles import data_path
from geodata.errors import DataFileError
from geodata.places.finder import find_places, resolved_places
from geodata.places.framing import default_place_phrases, load_place_phrases


def regional(text: str) -> list[str]:
    return [match.place.id for match in resolved_places(find_places(text)) if match.place.in_region]


@pytest.mark.parametrize(("person", "report", "place_id"), [
    ("وقال الباحث الاقتصادي محمد الشحيل إن الأسعار سترتفع.", "داهمت دورية منزل محمد الخلف في الشحيل بريف دير الزور.", "al-shuhayl"),
    ("وأكد المدرب خالد الطيانة أن الفريق جاهز للمباراة.", "سقطت قذيفة على بلدة الطيانة ظهر اليوم.", "al-tayyana"),
    ("وقالت الكاتبة سعاد البصيرة إن روايتها تصدر قريباً.", "اشتباكات عنيفة في البصيرة شرقي دير الزور.", "al-busayrah"),
    ("فاز محمد ذيبان بجائزة أفضل لاعب في الدوري.", "انفجرت عبوة ناسفة في بلدة ذيبان مساء أمس.", "dhiban"),
    ("وقال محمد العشارة، مدير الشركة، إن الأرباح تراجعت.", "قصفت مسيرة سيارة في العشارة بريف دير الزور.", "al-ashara"),
])
def test_a_village_name_after_a_given_name_is_a_family_name(person: str, report: str, place_id: str) -> None:
    assert regional(person) == [], person
    assert place_id in regional(report), report


def test_given_names_are_normalised_single_words() -> None:
    names = default_place_phrases().given_names
    assert "محمد" in names and "ساره" in names  # ta marbuta written as ha, as the finder reads text
    assert "علي" not in names  # "على" normalises to it


def test_a_given_name_of_two_words_is_refused(tmp_path: Path) -> None:
    text = data_path("place_phrases.yaml").read_text(encoding="utf-8").replace("  - محمد\n", "  - محمد علي\n", 1)
    path = tmp_path / "place_phrases.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match="given_names"):
        load_place_phrases(path)


def test_a_village_named_like_a_given_name_before_a_family_name_is_a_person() -> None:
    # "مصطفى" is also the name of a village of Hasakah
    assert regional('وقال مدير أمن المنطقة "مصطفى العلي" إن الحملة مستمرة.') == []
    assert "ocha-c4733" in regional("قصفت المدفعية قرية مصطفى بريف الحسكة.")


@pytest.mark.parametrize("section", ["link_words", "name_qualifiers", "news_site_words"])
def test_the_word_sections_of_the_focus_rules_are_single_words(tmp_path: Path, section: str) -> None:
    assert default_place_phrases().__getattribute__(section)
    text = data_path("place_phrases.yaml").read_text(encoding="utf-8")
    start = text.index(f"\n{section}:\n") + len(f"\n{section}:\n")
    path = tmp_path / "place_phrases.yaml"
    path.write_text(text[:start] + "  - كلمتان اثنتان\n" + text[start:], encoding="utf-8")
    with pytest.raises(DataFileError, match=section):
        load_place_phrases(path)


@pytest.mark.parametrize(("text", "expected"), [
    # named again by the family name alone
    ("قال الباحث محمد الشحيل إن الأسعار سترتفع. ورأى الشحيل أن الدعم يجب أن يصل نقداً.", []),
    ("فاز محمد ذيبان بالجائزة، وقال مدربه إن ذيبان لاعب موهوب.", []),
    # the village of that name, framed or after a preposition, is still the village
    ("قال محمد الشحيل إن دورية داهمت بلدة الشحيل فجراً.", ["al-shuhayl"]),
    ("قال محمد الشحيل إن اشتباكات اندلعت في الشحيل بريف دير الزور.", ["al-shuhayl"]),
])
def test_a_family_name_named_again_alone_is_the_person(text: str, expected: list[str]) -> None:
    assert [place_id for place_id in regional(text) if place_id == "al-shuhayl" or place_id == "dhiban"] == expected
