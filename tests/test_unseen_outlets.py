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
