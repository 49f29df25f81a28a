"""Place precision on incident reports (issue 13): capitals named bare, a capital of the region
whose quarters the article names, areas named to say where another place lies, websites named
after places, stadiums and stations. Each rule on both sides.

Every sentence here is written for these tests.
"""

from __future__ import annotations

import pytest

from geodata.places.finder import find_places, resolved_places


def found(text: str) -> list[tuple[str, str, int]]:
    return [(match.surface, match.place.id, match.geo_precision) for match in resolved_places(find_places(text))]


# --- a governorate's capital outside the region, named bare, is its province: an area -------------------
@pytest.mark.parametrize(("text", "surface", "place_id", "precision"), [
    ("شنت إسرائيل غارات على مواقع في القنيطرة ودرعا.", "القنيطرة", "quneitra", 3),
    ("سجلت معظم الإصابات في حلب واللاذقية.", "اللاذقية", "latakia", 3),
    ("وصل الوفد إلى مدينة حلب صباح اليوم.", "مدينة حلب", "aleppo", 1),  # the city, by "مدينة"
    ("سقطت قذيفة على بعد 20 كم من حمص.", "حمص", "homs", 2),  # a distance from it: near the city
])
def test_a_capital_elsewhere_named_bare_is_an_area(text: str, surface: str, place_id: str, precision: int) -> None:
    assert (surface, place_id, precision) in found(text)


# --- a capital of the region named bare: its governorate, or the city where the article names its quarters -
@pytest.mark.parametrize(("text", "place_id"), [
    ("انفجرت عبوة في حي الثكنة وسط مدينة الرقة. وقال مراسلنا في الرقة إن الانفجار أصاب ثلاثة مدنيين.", "raqqa"),
    ("استأنف الفريق تدريباته على ملعب دير الزور، وقال مدربه إن العودة إلى دير الزور أسعدت اللاعبين.", "deir-ez-zor"),
    ("وقال مراسلنا في الرقة إن الطيران حلق فوق المنطقة.", "raqqa-governorate"),  # no quarter named
])
def test_a_capital_of_the_region_named_bare_after_in(text: str, place_id: str) -> None:
    bare = [place for surface, place, _ in found(text) if surface in {"الرقة", "دير الزور"}]
    assert bare and bare[-1] == place_id, found(text)


def test_a_capital_named_to_say_where_a_town_lies_stays_the_governorate_beside_its_quarters() -> None:
    text = "اشتباكات في حي غويران بمدينة الحسكة، وقصف على بلدة تل تمر شمال الحسكة."
    assert ("الحسكة", "hasakah-governorate", 3) in found(text)


# --- an area named to say where another place lies stays an area -------------------------------------------
def test_a_country_after_a_direction_keeps_the_precision_of_an_area() -> None:
    assert ("العراق", "iraq", 3) in found("وصلت التعزيزات إلى مدينة القائم غربي العراق.")
    assert ("البوكمال", "albu-kamal", 2) in found("قصفت المدفعية قرية الهري شرقي البوكمال.")  # a town: near it


# --- a website named after a place; a stadium and a station -------------------------------------------------
def test_a_website_named_after_a_river_is_no_place_and_the_river_is() -> None:
    assert found("ونقل موقع الخابور المحلي عن مصادر أن الدورية انسحبت.") == []
    assert ("نهر الخابور", "khabur-river", 3) in found("عثر على جثة في نهر الخابور قرب الحسكة.")
    assert ("البرج 22", "tower-22", 1) in found('استهدفت مسيرة موقع "البرج 22" العسكري في الأردن.')  # a post, not a website


def test_a_stadium_is_a_site_of_its_town() -> None:
    match = next(match for match in resolved_places(find_places("استأنف نادي الفتوة مبارياته على ملعب دير الزور.")))
    assert (match.place.id, match.geo_precision, match.site) == ("deir-ez-zor", 2, "ملعب دير الزور")


def test_a_station_is_not_placed_at_the_capital_of_a_governorate_named_bare() -> None:
    ids = [place_id for _, place_id, _ in found("قال مسؤول في الحسكة إن محطة علوك متوقفة عن الضخ.")]
    assert ids == ["hasakah-governorate", "alouk-water-station"]  # the station is a place of its own
    ids = [place_id for _, place_id, _ in found("قال مسؤول في الحسكة إن محطة الزيتون متوقفة عن الضخ.")]
    assert ids == ["hasakah-governorate"]
    # a station after a town named as a town is placed there
    assert any(match.site.startswith("محطة") and match.place.id == "tal-tamr"
               for match in resolved_places(find_places("توقفت محطة الكهرباء في بلدة تل تمر عن العمل.")))


def test_a_station_is_not_placed_at_a_town_of_an_earlier_sentence_and_a_quarter_is() -> None:
    text = "وصلت دورية إلى مدينة دير الزور صباحاً. وتوقفت محطة علوك عن الضخ بعد انقطاع الكهرباء."
    assert not any(match.site.startswith("محطة") for match in resolved_places(find_places(text)))
    text = "وصلت دورية إلى مدينة الرقة صباحاً. وداهمت الدورية حي البدو واعتقلت شابين."
    assert any(match.site == "حي البدو" and match.place.id == "raqqa" for match in resolved_places(find_places(text)))
