"""The imported gazetteer layer: its cleaning, spelling, merging and linking rules (table-driven,
on made-up names), the committed files it builds (validated), and that rebuilding them from
``../shared/gazetteer-sources`` gives exactly what is committed."""

from __future__ import annotations

import csv
import importlib.util
import itertools
import re
import sys
from pathlib import Path

import pytest

from geodata.datafiles import data_path
from geodata.places.gazetteer import GOVERNORATE_BOUNDS, KINDS, load_gazetteer
from geodata.text import normalize_phrase

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"
SOURCES = ROOT.parent / "shared" / "gazetteer-sources"
IMPORTED, UNITS, CURATED_ADMIN = "gazetteer_imported.csv", "admin_units.csv", "gazetteer_admin.csv"


def _load(name: str):
    """A script module, registered so its dataclasses and its own imports find it."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


names = _load("gazetteer_names")
sources = _load("gazetteer_sources")
build = _load("build_gazetteer_import")
PAIRS = build.spelling_pairs()


def rows(name: str) -> list[dict[str, str]]:
    with data_path(name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# ---------------------------------------------------------------------------------- cleaning


@pytest.mark.parametrize(("raw", "expected"), [
    ("تل حمـــــام", "تل حمام"),                 # tatweel padding
    ("سُوَيْدَة", "سويدة"),                        # harakat
    ("  أبو   حمام ", "أبو حمام"),               # stray and doubled whitespace
    ("الخضراالشرقية", "الخضرا الشرقية"),         # missing space before an article
    ("عنبريىة", "عنبرية"),                       # alef maqsura typed before ta marbuta
    ("تل-الذهب", "تل الذهب"),                    # hyphen inside a name
    ("المزرعة\u200f", "المزرعة"),                # a directional mark
])
def test_clean(raw: str, expected: str) -> None:
    assert names.clean(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("الزهور_خربة الورد", ["الزهور", "خربة الورد"]),
    ("باب النهر / تل عدس", ["باب النهر", "تل عدس"]),
    ("نبعة - نبعات", ["نبعة", "نبعات"]),
    ("نبعة\\نبعات", ["نبعة", "نبعات"]),
    ("الفرحانية (خربة زيد)", ["الفرحانية", "خربة زيد"]),
    ("تل خضر-الكبير", ["تل خضر الكبير"]),       # an unspaced hyphen joins words of one name
    ("تل خضر", ["تل خضر"]),
    ("تل خضر_تل خضر", ["تل خضر"]),               # a repeat is kept once
])
def test_split_joined(raw: str, expected: list[str]) -> None:
    assert names.split_joined(raw) == expected


@pytest.mark.parametrize(("raw", "spaced_hyphen", "expected"), [
    ("Abu Nahr - East", False, ["Abu Nahr - East"]),
    ("Abu Nahr - East", True, ["Abu Nahr", "East"]),
    ("Kafr Tal / Tal Kafr", False, ["Kafr Tal", "Tal Kafr"]),
    ("Daba \\ Dabba", False, ["Daba", "Dabba"]),
    ("Farha (Abu Farha )", False, ["Farha", "Abu Farha"]),
    ("Tall  Ward", False, ["Tall Ward"]),
])
def test_split_latin(raw: str, spaced_hyphen: bool, expected: list[str]) -> None:
    assert names.split_latin(raw, spaced_hyphen=spaced_hyphen) == expected


@pytest.mark.parametrize(("text", "arabic"), [
    ("الحوش", True),
    ("المرجى", True),        # alef maqsura ends a word: fine
    ("6 آذار", True),
    ("Hawsh", False),        # Latin in an Arabic field
    ("الحوش Hawsh", False),
    ("ابةسر", False),         # ta marbuta inside a word: a keyboard slip
    ("سلمىان", False),        # alef maqsura inside a word
    ("", False),
])
def test_is_arabic_name(text: str, arabic: bool) -> None:
    assert names.is_arabic_name(text) is arabic


@pytest.mark.parametrize(("text", "arabic_parts", "dropped", "expected"), [
    ("Zuhur - Kherbet Ward", 2, set(), ["Zuhur", "Kherbet Ward"]),
    ("Inan \\ Mashta", 2, {1}, ["Inan"]),                               # the locator's English goes too
    ("Kafr Tal / Tal Kafr", 1, set(), ["Kafr Tal / Tal Kafr", "Kafr Tal", "Tal Kafr"]),
    ("Farha (Abu Farha)", 1, set(), ["Farha", "Abu Farha"]),
    ("Abu Nahr - East", 1, set(), ["Abu Nahr - East"]),
])
def test_english_names_follow_the_arabic_split(text: str, arabic_parts: int, dropped: set[int], expected: list[str]) -> None:
    assert sources.english_names(text, arabic_parts, dropped) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("عنان - المشتى", (["عنان"], {1})),              # the row's own subdistrict is a locator
    ("باب الريح / المشتى", (["باب الريح"], {1})),
    ("المشتى_الوادي", (["الوادي"], {0})),
    ("المشتى - حمص", (["المشتى حمص"], set())),        # every part a locator: kept together
    ("الزهور_خربة الورد", (["الزهور", "خربة الورد"], set())),
    ("طةيسر", ([], set())),                          # not Arabic: nothing
])
def test_split_name_field_drops_locators(raw: str, expected: tuple[list[str], set[int]]) -> None:
    locators = {names.loose_key("المشتى"), names.loose_key("حمص")}
    assert sources.split_name_field(raw, locators) == expected


# ---------------------------------------------------------------------------------- comparing names


@pytest.mark.parametrize(("one", "other"), [
    ("تل الطير", "تل طير"),
    ("البوعمر", "أبو عمر"),
    ("ال بو عمر", "البو عمر"),
    ("جديدة الشط", "جديد الشط"),
    ("السَّبخة", "سبخه"),
])
def test_loose_key_meets(one: str, other: str) -> None:
    assert names.loose_key(one) == names.loose_key(other)


@pytest.mark.parametrize(("one", "other"), [
    ("مسعورة", "مسعورا"),     # final ta marbuta or alef
    ("موح حسن", "موحسن"),     # a doubled letter across a space
    ("الزويرة", "زويرا"),
    ("أبو كمال", "البوكمال"),
])
def test_skeleton_meets(one: str, other: str) -> None:
    assert names.skeleton(one) == names.skeleton(other)


@pytest.mark.parametrize(("variant", "reference", "relation"), [
    ("كرمة", "الكرمة", "same"),
    ("دراع", "ذراع", "news"),                    # ذ/د: news writes both
    ("كصيبة", "قصيبة", "news"),                  # the Bedouin g
    ("ضهرة", "دهرة", "richer"),                  # an emphatic a romanisation cannot give
    ("تويلة", "طويلة", "transliteration"),       # ط lost
    ("هسكة", "حسكة", "transliteration"),         # ح/ه confused
    ("اين سالم", "عين سالم", "transliteration"), # ع lost
    ("تل ورد الكبير", "تل ورد", "extension"),
    ("حمد", "حمد العلي", "abridged"),
    ("قرية الكوم", "الكوم", "framed"),
    ("كاني ماشي", "الرابية", "alias"),
    ("تل نرجس", "تل الورد", "alias"),            # the shared head does not make it close
    ("المريحات", "المريجات", "close"),
])
def test_spelling_relation(variant: str, reference: str, relation: str) -> None:
    assert names.spelling_relation(variant, reference) == relation


@pytest.mark.parametrize(("variant", "references", "kept"), [
    ("دراع", ["ذراع"], True),
    ("تويلة", ["طويلة"], False),
    ("حمد", ["حمد العلي"], False),
    ("خربة زيد", ["الفرحانية", "خربة الزيد"], True),   # judged against its closest reference
    ("كاني ماشي", ["الرابية"], True),
])
def test_keep_geonames_spelling(variant: str, references: list[str], kept: bool) -> None:
    assert names.keep_geonames_spelling(variant, references) is kept


# ---------------------------------------------------------------------------------- generating spellings


@pytest.mark.parametrize(("function", "name", "expected"), [
    ("article_forms", "الحمرة", ["حمرة"]),
    ("article_forms", "الزر", []),                              # two letters left: not dropped
    ("article_forms", "حمادات", ["الحمادات"]),                   # plural
    ("article_forms", "عيسوية شرقية", ["العيسوية شرقية"]),         # nisba and a qualifier
    ("article_forms", "عيسوية الجبل", []),                       # a construct: no
    ("article_forms", "هجنة", []),
    ("article_forms", "شيخ مسعود", ["الشيخ مسعود"]),
    ("qualifier_forms", "سلامة شرقي", ["سلامة الشرقي"]),
    ("qualifier_forms", "سلامة الفوقاني", ["سلامة فوقاني"]),
    ("qualifier_forms", "سلامة", []),
    ("construct_forms", "تل الحنطة", ["تل حنطة"]),
    ("construct_forms", "تل حنطة", ["تل الحنطة"]),
    ("construct_forms", "خربة الشيخ نور", ["خربة شيخ نور"]),
    ("construct_forms", "عين الماء", ["عين ماء"]),
    ("construct_forms", "عين ماء", []),                          # the article is added after common heads only
    ("construct_forms", "تل أبو نجم", []),                       # no article on أبو
    ("construct_forms", "تل شرقي", []),                          # nor on a qualifier
    ("split_unspaced", "أبوحمرة", ["أبو حمرة"]),
    ("split_unspaced", "أبوب", []),
    ("umbrella_forms", "حلوة فوقاني", ["حلوة"]),
    ("umbrella_forms", "حوايج نمر جزيرة", ["حوايج نمر"]),
    ("umbrella_forms", "حلوة الكبيرة", []),
    ("umbrella_forms", "تل الورد شرقي", ["تل الورد"]),            # a village's eastern and western parts
    ("umbrella_forms", "ربيعات الغربية", ["ربيعات"]),
    ("umbrella_forms", "تل شرقي", []),                          # a generic head is no name alone
    ("umbrella_forms", "قبر غربي", []),
    ("umbrella_forms", "شرقي", []),
])
def test_generation_rules(function: str, name: str, expected: list[str]) -> None:
    assert getattr(names, function)(name) == expected


@pytest.mark.parametrize(("name", "english", "expected"), [
    ("البو نمر", (), ["بو نمر", "أبو نمر"]),
    ("ال بو نمر", (), ["البو نمر", "بو نمر", "أبو نمر"]),
    ("آل بو نمر", (), ["البو نمر", "بو نمر", "أبو نمر"]),
    ("حوايج بو نمر", (), ["حوايج البو نمر", "حوايج أبو نمر"]),
    ("البونمر", ("Albu Nimr",), ["البو نمر", "بو نمر", "أبو نمر"]),
    ("البونمر", ("Al Buwaynimr",), []),         # a joined البو needs an English Albu/Abu
    ("البو عمر", (), ["بو عمر"]),                 # أبو عمر is a kunya
    ("أبو نمر", (), []),
])
def test_albu_forms(name: str, english: tuple[str, ...], expected: list[str]) -> None:
    assert names.albu_forms(name, english) == expected


@pytest.mark.parametrize(("name", "locators", "expected"), [
    ("عيسوية المشتى", ["المشتى"], ["عيسوية"]),
    ("عيسوية مشتى", ["مركز المشتى", "المشتى"], ["عيسوية"]),
    ("تل نمر الوادي", ["وادي"], ["تل نمر"]),
    ("المشتى", ["المشتى"], []),                  # nothing would be left
    ("عيسوية الجبل", ["المشتى"], []),
])
def test_locator_free(name: str, locators: list[str], expected: list[str]) -> None:
    assert names.locator_free(name, locators) == expected


def test_generated_spellings_combine_and_leave_the_inputs_out() -> None:
    generated = names.generated_spellings(["عيسوية كبيرة"])
    assert "العيسوية الكبيرة" in generated
    assert "عيسوية الكبيرة" in generated and "العيسوية كبيرة" in generated
    assert "عيسوية كبيرة" not in generated


@pytest.mark.parametrize(("name", "variants", "kept"), [
    ("البو نمر", ["البونمر", "ال بو نمر"], []),             # the matcher joins words and reads ال بو
    ("البونمر", ["البو نمر"], ["البو نمر"]),                # it does not split them
    ("جديدة الشط", ["جديد الشط", "جديدة الشط"], []),        # a spelling pair; a repeat
    ("الحمرة", ["حمرة", "الحمره", "حمرة"], ["حمرة"]),
])
def test_prune_covered_keeps_only_what_the_matcher_does_not_derive(name: str, variants: list[str], kept: list[str]) -> None:
    assert names.prune_covered(name, variants, PAIRS) == kept


@pytest.mark.parametrize("name", ["البو كمال النهر", "جديدة الشط", "حويجة صكر", "دير الزور الجديدة", "تل خضر الكبير الشرقي نو"])
def test_matcher_forms_mirror_the_matcher(name: str) -> None:
    from geodata.places.finder import _spellings
    from geodata.places.framing import default_place_phrases

    assert names.matcher_forms(name, PAIRS) == _spellings(normalize_phrase(name), default_place_phrases())


def test_generated_common_words_are_blocked() -> None:
    blocked = build.common_words()
    assert {"جديده", "الجديده", "مدينه", "شرقي"} <= blocked
    place = build.Place(id="x", name_en="", name_ar="جديدة المشتى", variants_ar=[], variants_en=[], kind="village",
                        lat=35.0, lon=40.0, uncertainty_m=1)
    community = make_community(names_ar=["جديدة المشتى"], admin_names={"SY09": ("", "دير الزور"), "SY0901": ("", "المشتى"),
                                                                     "SY090101": ("", "المشتى")})
    build.add_spellings(place, community, PAIRS, blocked)
    assert "جديدة" not in place.variants_ar


# ---------------------------------------------------------------------------------- merging


def make_community(**fields) -> sources.Community:
    values = dict(pcode="C1", names_ar=["الحمرة"], names_en=["Hamra"], admin=("SY09", "SY0901", "SY090101"),
                  admin_names={"SY09": ("Deir-ez-Zor", "دير الزور"), "SY0901": ("Deir-ez-Zor", "مركز دير الزور"),
                               "SY090101": ("Kisreh", "كسرة")},
                  lat=35.0, lon=40.0, wof_hint="", alt_ar=[])
    values.update(fields)
    return sources.Community(**values)


def make_locality(**fields) -> sources.Locality:
    values = dict(wof_id="1", geonames_id="11", names_ar=["الحمرة"], names_en=["Al Hamrah"], feature_code="PPL",
                  is_current="-1", admin1="SY09", admin1_by="wof_hierarchy", lat=35.0, lon=40.0)
    values.update(fields)
    return sources.Locality(**values)


KM = 1 / 111.2  # about a kilometre of latitude


@pytest.mark.parametrize(("community_names", "locality_names", "km_apart", "evidence"), [
    (["الحمرة"], ["حمرة"], 4.5, "arabic"),          # one name, 4.5 km
    (["الحمرة"], ["الحمرة"], 5.5, ""),              # too far
    (["الحمرة"], ["الزهور"], 2.0, "near"),          # other names, but 2 km
    (["الحمرة"], ["الزهور"], 3.0, ""),
    (["الحمرات"], ["حمرة"], 4.0, "close_name"),     # close names within 5 km
    (["الحمرة"], [], 1.0, "near"),                  # no Arabic at all
])
def test_pair_evidence(community_names: list[str], locality_names: list[str], km_apart: float, evidence: str) -> None:
    community = make_community(names_ar=community_names)
    locality = make_locality(names_ar=locality_names, lat=35.0 + km_apart * KM)
    assert sources.pair_evidence(community, locality) == evidence


def test_pairs_are_one_to_one_and_the_best_claim_wins() -> None:
    near = make_community(pcode="C1", wof_hint="1", lat=35.0 + 0.5 * KM)
    far = make_community(pcode="C2", wof_hint="1", lat=35.0 + 3 * KM)
    pairs = sources.verified_pairs([far, near], {"1": make_locality()}, {})
    assert set(pairs) == {"C1"} and pairs["C1"].by == "arabic"


def test_unit_names_are_the_locators_ocha_appends() -> None:
    community = make_community(admin_names={"SY08": ("", "الحسكة"), "SY0800": ("", "مركز الحسكة"),
                                            "SY080004": ("", "بئر الحلو الوردية")})
    assert sources.unit_names(community) == ["الحسكة", "بئر الحلو الوردية", "بئر الحلو"]
    community.names_ar = ["سعيد بئر الحلو", "الداودية حسكة"]
    assert sources.own_names_without_locator(community) == ["سعيد", "الداودية"]


def test_abandoned_localities_are_not_merged_into_living_communities() -> None:
    community = make_community(wof_hint="1")
    assert sources.verified_pairs([community], {"1": make_locality(feature_code="PPLQ", is_current="0")}, {}) == {}


def test_a_hint_to_a_folded_duplicate_follows_it() -> None:
    community = make_community(wof_hint="2")
    pairs = sources.verified_pairs([community], {"1": make_locality()}, {"2": "1"})
    assert pairs["C1"].wof_id == "1"


@pytest.mark.parametrize(("locality_name", "km_apart", "merged"), [
    ("الحمره", 2.0, True),      # the same name without the hint
    ("الهمرة", 0.8, True),      # a back-transliteration, close by
    ("الهمرة", 1.5, False),     # ... but not that far
    ("الخضرة", 0.3, False),     # another name
    ("الحمرة", 2.0, True),      # OCHA's "الحمرة كسرة" with its subdistrict's name appended
])
def test_second_pass_merges_close_spellings(locality_name: str, km_apart: float, merged: bool) -> None:
    community = make_community(names_ar=["الحمرة كسرة"] if locality_name == "الحمرة" else ["الحمرة"])
    locality = make_locality(names_ar=[locality_name], lat=35.0 + km_apart * KM)
    assert bool(sources.verified_pairs([community], {"1": locality}, {})) is merged


@pytest.mark.parametrize(("other", "km_apart", "folded"), [
    ({"names_ar": ["الحمرة"]}, 0.5, True),
    ({"names_ar": ["حمره"]}, 0.9, True),
    ({"names_ar": ["الحمرة"]}, 2.0, False),                          # two current records 2 km apart
    ({"names_ar": ["الحمرة"], "is_current": "0"}, 2.0, True),         # one retired: 3 km
    ({"names_ar": [], "names_en": ["Al Hamrah"], "geonames_id": ""}, 2.0, True),   # English, when one has no Arabic
    ({"names_ar": ["الزهور"]}, 0.1, False),
])
def test_duplicates_within_one_source(other: dict, km_apart: float, folded: bool) -> None:
    first = make_locality(wof_id="1", names_ar=["الحمرة", "حمرا"])
    second = make_locality(wof_id="2", lat=35.0 + km_apart * KM, **other)
    kept, replaced = sources.deduplicate([second, first])
    assert (len(kept) == 1) is folded
    if folded:
        assert replaced == {"2": "1"} and kept[0].wof_id == "1"


def test_a_folded_duplicate_gives_its_names_to_the_record_kept() -> None:
    retired = make_locality(wof_id="2", names_ar=["حمرة", "الحمرة الكبرى"], is_current="0")
    kept, _ = sources.deduplicate([retired, make_locality(wof_id="1")])
    assert [record.wof_id for record in kept] == ["1"]            # the current record stays
    assert kept[0].names_ar == ["الحمرة", "حمرة", "الحمرة الكبرى"]


@pytest.mark.parametrize(("names_ar", "admin3_ar", "feature_code", "kind"), [
    (["دير الزور"], "مركز دير الزور", "", "city"),       # the governorate's name
    (["كسرة"], "كسرة", "", "town"),                     # its subdistrict's name
    (["الكسرة"], "كسرة", "", "town"),
    (["الحمرة"], "كسرة", "PPLA3", "town"),              # GeoNames says a subdistrict seat
    (["الحمرة"], "كسرة", "PPLA2", "city"),
    (["الحمرة"], "كسرة", "PPL", "village"),
])
def test_kind(names_ar: list[str], admin3_ar: str, feature_code: str, kind: str) -> None:
    community = make_community(names_ar=names_ar, admin_names={"SY09": ("", "دير الزور"), "SY0901": ("", "مركز دير الزور"),
                                                             "SY090101": ("", admin3_ar)})
    assert build.community_kind(community, make_locality(feature_code=feature_code)) == kind


def test_uncertainty_by_source_and_kind() -> None:
    hasakah = make_community(admin=("SY08", "SY0800", "SY080001"), admin_names={"SY08": ("", "الحسكة"), "SY0800": ("", "الحسكة"),
                                                                                "SY080001": ("", "تل تمر")})
    assert build.community_place(hasakah, None, None).uncertainty_m == 2000
    assert build.community_place(make_community(), None, None).uncertainty_m == 3000   # Deir ez-Zor grouped villages
    far = sources.Pair("C1", "1", "arabic", 4.21)
    assert build.community_place(make_community(), make_locality(), far).uncertainty_m == 4300
    assert build.locality_place(make_locality(lat=35.1234, lon=40.2345), []).uncertainty_m == 1500
    assert build.locality_place(make_locality(lat=35.5, lon=40.25), []).uncertainty_m == 2500   # arc-minute grid


def test_a_merged_place_keeps_ocha_names_and_drops_back_transliterations() -> None:
    community = make_community(names_ar=["طويلة"], names_en=["Tweileh"], alt_ar=["تويلة", "الطويلة الكبيرة"])
    locality = make_locality(names_ar=["تويلة", "الطويلة الكبيرة"], names_en=["Tuwaylah"])
    place = build.community_place(community, locality, sources.Pair("C1", "1", "arabic", 0.2))
    assert (place.id, place.name_ar, place.name_en, place.pcode, place.geonames_id) == ("ocha-c1", "طويلة", "Tweileh", "C1", "11")
    assert place.variants_ar == ["الطويلة الكبيرة"] and "تويلة" in place.link_names
    assert place.source == "OCHA (CC BY 3.0 IGO); GeoNames/WOF (CC BY 4.0)"


def test_status_of_geonames_places() -> None:
    assert build.locality_place(make_locality(), []).status == "current"
    assert build.locality_place(make_locality(feature_code="PPLQ"), []).status == "abandoned"
    assert build.locality_place(make_locality(is_current="0"), []).status == "abandoned"


def test_geonames_places_take_the_admin_units_of_the_nearest_community_of_their_governorate() -> None:
    home = make_community(pcode="C1", lat=35.0 + 5 * KM)
    other = make_community(pcode="C2", admin=("SY11", "SY1101", "SY110101"), lat=35.0 + 1 * KM)
    assert build.nearest_admin(make_locality(), [home, other]) == ("SY09", "SY0901", "SY090101")
    assert build.nearest_admin(make_locality(lat=35.3), [home]) == ("SY09", "", "")   # over 15 km


# ---------------------------------------------------------------------------------- curated precedence


def curated(place_id: str, name: str, *, kind: str = "village", lat: float = 35.0, uncertainty_m: int = 1000,
            variants: tuple[str, ...] = ()) -> build.Curated:
    keys = sources.arabic_keys(build._unframed(spelling) for spelling in [name, *variants])
    return build.Curated(place_id, kind, "deir-ez-zor", lat, 40.0, uncertainty_m, frozenset(keys))


def imported(name: str, *, lat: float = 35.0, link_names: tuple[str, ...] = ()) -> build.Place:
    return build.Place(id="ocha-c9", name_en="", name_ar=name, variants_ar=[], variants_en=[], kind="village",
                       lat=lat, lon=40.0, uncertainty_m=2000, link_names=list(link_names))


@pytest.mark.parametrize(("place", "targets", "same_as"), [
    (imported("الحمرة"), [curated("hamra", "الحمرة", lat=35.0 + 3 * KM)], "hamra"),
    (imported("حمرة"), [curated("hamra", "الحمرة")], "hamra"),
    (imported("الزهور"), [curated("hamra", "الحمرة", variants=("قرية الزهور",))], "hamra"),   # a curated variant, framed
    (imported("الحمرة"), [curated("hamra", "الحمرة", lat=35.0 + 7 * KM)], ""),                 # too far for a village
    (imported("الحمرة"), [curated("hamra", "الحمرة", kind="town", lat=35.0 + 7 * KM)], ""),
    (imported("الحمرة"), [curated("hamra", "الحمرة", lat=35.0 + 7 * KM, uncertainty_m=8000)], "hamra"),
    (imported("الحمرة"), [curated("far", "الحمرة", lat=35.0 + 5 * KM), curated("near", "حمرة", lat=35.0 + 1 * KM)], "near"),
    (imported("تويلة", link_names=("تويلة", "طويلة")), [curated("tawila", "الطويلة")], "tawila"),  # a dropped spelling links
    # on the spot of a more specific namesake ("الحمرة التحتانية"): not the "الحمرة" 4 km away
    (imported("الحمرة"), [curated("hamra", "الحمرة", lat=35.0 + 4 * KM), curated("lower", "الحمرة التحتانية")], ""),
])
def test_link_curated(place: build.Place, targets: list[build.Curated], same_as: str) -> None:
    build.link_curated([place], targets)
    assert place.same_as == same_as


def test_read_curated_takes_settlements_as_targets_and_cities_as_locators(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "name_ar", "variants_ar", "kind", "governorate", "lat", "lon", "uncertainty_m"])
        writer.writeheader()
        writer.writerow({"id": "hamra", "name_ar": "قرية الحمرة", "variants_ar": "بلدة الزهور|حمرا", "kind": "village",
                         "governorate": "raqqa", "lat": "35.9", "lon": "39.0", "uncertainty_m": "1000"})
        writer.writerow({"id": "homs", "name_ar": "حمص", "variants_ar": "مدينة حمص", "kind": "city",
                         "governorate": "homs", "lat": "34.7", "lon": "36.7", "uncertainty_m": "4000"})
        writer.writerow({"id": "base", "name_ar": "قاعدة الحمرة", "variants_ar": "", "kind": "base",
                         "governorate": "raqqa", "lat": "35.9", "lon": "39.0", "uncertainty_m": "1000"})
    curated_rows, targets, locators = build.read_curated(path)
    assert len(curated_rows) == 3
    assert [(target.id, set(target.keys)) for target in targets] == [("hamra", {"حمره", "زهور", "حمرا"})]
    assert locators == {"حمص"}


def test_curated_admin_prefers_a_twin_with_a_pcode_then_the_nearest_community() -> None:
    curated_rows = [
        {"id": "hamra", "kind": "village", "governorate": "deir-ez-zor", "lat": "35.0", "lon": "40.0"},
        {"id": "camp", "kind": "base", "governorate": "deir-ez-zor", "lat": str(35.0 + 2 * KM), "lon": "40.0"},
        {"id": "desert", "kind": "facility", "governorate": "deir-ez-zor", "lat": "34.0", "lon": "40.0"},
        {"id": "hills", "kind": "region", "governorate": "deir-ez-zor", "lat": "35.0", "lon": "40.0"},
        {"id": "elsewhere", "kind": "town", "governorate": "homs", "lat": "35.0", "lon": "40.0"},
    ]
    twin = imported("الحمرة")
    twin.pcode, twin.admin, twin.same_as = "C9", ("SY09", "SY0902", "SY090201"), "hamra"
    communities = [make_community(pcode="C1", lat=35.0 + 3 * KM)]
    table = {row["id"]: row for row in build.curated_admin(curated_rows, [twin], communities)}
    assert set(table) == {"hamra", "camp", "desert"}
    assert (table["hamra"]["method"], table["hamra"]["via"], table["hamra"]["admin3_pcode"]) == ("same_as", "ocha-c9", "SY090201")
    assert (table["camp"]["method"], table["camp"]["via"], table["camp"]["distance_km"]) == ("nearest_community", "ocha-c1", "1.00")
    assert (table["desert"]["method"], table["desert"]["admin1_pcode"], table["desert"]["admin3_pcode"]) == ("governorate", "SY09", "")


def test_umbrella_name_only_where_no_place_nearby_has_it() -> None:
    upper, lower = imported("حلوة فوقاني", lat=35.0), imported("حلوة تحتاني", lat=35.0 + 1 * KM)
    upper.id, lower.id = "ocha-c1", "ocha-c2"
    build.add_umbrella_names([upper, lower], [], PAIRS, build.common_words())
    assert "حلوة" in upper.variants_ar and "حلوة" in lower.variants_ar
    upper, lower, whole = imported("حلوة فوقاني"), imported("حلوة تحتاني"), imported("حلوة", lat=35.0 + 5 * KM)
    upper.id, lower.id, whole.id = "ocha-c1", "ocha-c2", "gn-3"
    build.add_umbrella_names([upper, lower, whole], [], PAIRS, build.common_words())
    assert "حلوة" not in upper.variants_ar


# ---------------------------------------------------------------------------------- the committed files


def test_committed_files_have_their_columns() -> None:
    for name, columns in build.COLUMNS_OF.items():
        with data_path(name).open(encoding="utf-8", newline="") as handle:
            assert tuple(next(csv.reader(handle))) == columns, name


def test_imported_rows_are_valid() -> None:
    table = rows(IMPORTED)
    ids = [row["id"] for row in table]
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert ids == [row["id"] for row in sorted(table, key=lambda row: (row["governorate"], row["admin3_pcode"], row["id"]))]
    for row in table:
        where = f"{IMPORTED}: {row['id']}"
        assert re.fullmatch(r"(ocha-c\d+|gn-\d+|wof-\d+)", row["id"]), where
        south, north, west, east = GOVERNORATE_BOUNDS[row["governorate"]]
        assert south <= float(row["lat"]) <= north and west <= float(row["lon"]) <= east, f"{where}: outside {row['governorate']}"
        assert row["kind"] in {"city", "town", "village"} and row["kind"] in KINDS, where
        assert row["status"] in {"current", "abandoned"}, where
        assert int(row["uncertainty_m"]) > 0, where
        assert row["source"] in {"OCHA (CC BY 3.0 IGO)", "GeoNames/WOF (CC BY 4.0)", "OCHA (CC BY 3.0 IGO); GeoNames/WOF (CC BY 4.0)"}
        assert bool(row["pcode"]) == row["source"].startswith("OCHA"), where
        if row["pcode"]:
            assert row["id"] == f"ocha-{row['pcode'].lower()}", where
        elif row["geonames_id"]:
            assert row["id"] == f"gn-{row['geonames_id']}", where
        assert row["name_en"], where
        assert row["name_ar"] or row["source"].startswith("GeoNames"), f"{where}: OCHA rows all have an Arabic name"
        variants = [name for name in row["variants_ar"].split("|") if name]
        for name in [row["name_ar"], *variants]:
            assert name == names.clean(name) and (not name or names.is_arabic_name(name)), f"{where}: {name!r} is not clean"
        assert len({normalize_phrase(name) for name in variants}) == len(variants), f"{where}: repeated variants"
        assert normalize_phrase(row["name_ar"]) not in {normalize_phrase(name) for name in variants}, where


def test_admin_pcodes_exist_and_nest() -> None:
    units = {row["pcode"]: row for row in rows(UNITS)}
    for unit in units.values():
        level = int(unit["level"])
        assert len(unit["pcode"]) == {1: 4, 2: 6, 3: 8}[level] and unit["name_en"] and unit["name_ar"]
        assert (unit["parent_pcode"] == "") if level == 1 else (units[unit["parent_pcode"]]["level"] == str(level - 1))
    assert {row["pcode"] for row in units.values() if row["level"] == "1"} == {"SY08", "SY09", "SY11"}
    for row in [*rows(IMPORTED), *rows(CURATED_ADMIN)]:
        chain = [row["admin1_pcode"], row["admin2_pcode"], row["admin3_pcode"]]
        assert chain[0] in units, row
        for parent, child in itertools.pairwise(chain):
            assert child == "" or (child in units and units[child]["parent_pcode"] == parent), row


def test_imported_governorate_follows_admin1() -> None:
    keys = {"SY08": "hasakah", "SY09": "deir-ez-zor", "SY11": "raqqa"}
    assert all(keys[row["admin1_pcode"]] == row["governorate"] for row in rows(IMPORTED))


def test_same_as_points_at_existing_curated_settlements_nearby() -> None:
    gazetteer = load_gazetteer()
    for row in rows(IMPORTED):
        if row["same_as"]:
            place = gazetteer.get(row["same_as"])
            assert place is not None, f"{row['id']}: same_as '{row['same_as']}' is not in gazetteer.csv"
            assert place.kind in build.SAME_AS_KM and place.governorate == row["governorate"], row["id"]
            limit = max(build.SAME_AS_KM[place.kind], place.uncertainty_m / 1000)
            assert sources.km(place.lat, place.lon, float(row["lat"]), float(row["lon"])) <= limit, row["id"]


def test_every_curated_settlement_or_site_of_the_three_governorates_has_admin_units() -> None:
    expected = {place.id for place in load_gazetteer()
                if place.kind in build.SITE_KINDS and place.governorate in {"deir-ez-zor", "hasakah", "raqqa"}}
    table = rows(CURATED_ADMIN)
    imported_ids = {row["id"]: row for row in rows(IMPORTED)}
    assert {row["id"] for row in table} == expected
    for row in table:
        assert row["method"] in {"same_as", "nearest_community", "governorate"}
        if row["via"]:
            assert row["via"] in imported_ids and imported_ids[row["via"]]["admin3_pcode"] == row["admin3_pcode"], row
        if row["method"] == "same_as":
            assert imported_ids[row["via"]]["same_as"] == row["id"], row


def test_readme_counts_match_the_files() -> None:
    readme = data_path("README.md").read_text(encoding="utf-8")
    for name in (IMPORTED, UNITS, CURATED_ADMIN):
        assert f"| `{name}` | {len(rows(name)):,} |" in readme, f"README.md: row count of {name}"
    table = rows(IMPORTED)
    assert f"**{len(table):,}**" in readme
    assert f"{sum(1 for row in table if row['status'] == 'abandoned')} rows are `abandoned`" in readme
    linked = [row["same_as"] for row in table if row["same_as"]]
    assert f"{len(linked)} rows are `same_as` one of {len(set(linked))} curated places" in readme
    assert f"Deir ez-Zor from OCHA's community list and GeoNames ({len(table):,}," in (ROOT / "README.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------- regeneration


@pytest.mark.skipif(not SOURCES.is_dir(), reason=f"{SOURCES} is absent: the committed files cannot be rebuilt here")
def test_rebuilding_from_the_sources_gives_the_committed_files(tmp_path: Path) -> None:
    assert build.main(["--sources", str(SOURCES), "--out", str(tmp_path)]) == 0
    for name in (IMPORTED, UNITS, CURATED_ADMIN):
        rebuilt = (tmp_path / name).read_text(encoding="utf-8")
        assert rebuilt == data_path(name).read_text(encoding="utf-8"), f"run scripts/build_gazetteer_import.py: {name} is stale"


def test_the_script_refuses_a_folder_without_the_sources(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        build.main(["--sources", str(tmp_path), "--out", str(tmp_path / "out")])
    assert not (tmp_path / "out").exists()


def _village(ident: str, name: str, lat: float, lon: float) -> object:
    return build.Place(id=ident, name_en=ident, name_ar=name, variants_ar=[], variants_en=[], kind="village",
                       lat=lat, lon=lon, uncertainty_m=2000)


@pytest.mark.parametrize(("villages", "bare", "holders"), [
    # both sides of one village: each answers to the bare name
    ([("east", "تل الورد شرقي", 36.80, 40.346), ("west", "تل الورد غربي", 36.80, 40.338)], "تل الورد", {"east", "west"}),
    # one side alone may be told apart from a village of that name further off: no bare name
    ([("west", "الريحانية غربي", 36.59, 40.30)], "الريحانية", set()),
    # sides too far apart to be one village
    ([("east", "حمرة شرقي", 36.0, 40.0), ("west", "حمرة غربي", 36.5, 40.0)], "حمرة", set()),
    # an upper or lower part needs no other part
    ([("upper", "حلوة فوقاني", 36.0, 40.0)], "حلوة", {"upper"}),
])
def test_umbrella_names_of_village_parts(villages: list[tuple[str, str, float, float]], bare: str, holders: set[str]) -> None:
    places = [_village(*row) for row in villages]
    build.add_umbrella_names(places, [], PAIRS, frozenset())
    assert {place.id for place in places if bare in place.variants_ar} == holders
