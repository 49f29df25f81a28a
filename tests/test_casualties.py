"""Killed and injured counts (geodata.events.casualties.count_casualties) on normalised clauses:
digits in both scripts, number words, duals and singulars, "no casualties" as 0, and counts that
are not numbers as None."""

from __future__ import annotations

import pytest

from geodata.events.casualties import count_casualties
from geodata.text import normalize

# clause, killed, injured
ROWS = [
    # digits
    ("أسفر القصف عن مقتل 3 عناصر من الميليشيات", 3, None),
    ("ما أدى إلى إصابة 4 مدنيين بجروح متفاوتة", None, 4),
    ("قتل ٥ عناصر وأصيب ٧ آخرون", 5, 7),
    ("أسفر عن مقتل 12 عنصراً وإصابة 20 آخرين", 12, 20),
    ("ارتفع عدد القتلى إلى 15", 15, None),
    # number words
    ("أسفرت المواجهات عن مقتل ثلاثة من عناصر قسد", 3, None),
    ("قتل سبعة مدنيين وأصيب أربعة آخرون", 7, 4),
    ("مقتل أحد عشر عنصراً من الميليشيات", 11, None),
    ("أصيب خمسة آخرون بجروح", None, 5),
    ("ما أسفر عن مقتل أربعة عناصر وإصابة اثنين آخرين", 4, 2),
    # duals and singulars
    ("ما أدى إلى مقتل عنصرين وإصابة ثالث بجروح خطيرة", 2, 1),
    ("قتل عنصران من قسد أمس", 2, None),
    ("أسفر عن مقتل شخصين كانا بداخلها", 2, None),
    ("ما أدى إلى استشهاد شخصين", 2, None),
    ("مقتل متعاقد أمريكي وإصابة 6 جنود آخرين بجروح", 1, 6),
    ("أصيب جندي أمريكي بجروح طفيفة", None, 1),
    ("قتل طفل بانفجار لغم", 1, None),
    ("لقي راعي أغنام حتفه", 1, None),
    ("إصابة طفلين بجروح", None, 2),
    ("قتيلان وثلاثة جرحى في القصف", 2, 3),
    ("أدى العدوان إلى استشهاد عسكريين اثنين وإصابة ثلاثة آخرين بجروح", 2, 3),
    # compound numbers, lower bounds, counts told before the verb, two persons named one by one,
    # dual verbs, a word that says who died (sentences written for the test)
    ("أسفر الهجوم عن مقتل خمسة وعشرين عنصراً", 25, None),
    ("قتل ما لا يقل عن 14 عنصراً من الميليشيات", 14, None),
    ("أسفر القصف عن إصابة أكثر من 30 مدنياً", None, 30),
    ("وقال البيان إن ستة من عناصره قتلوا في الهجوم", 6, None),
    ("ما أدى إلى مقتل رجل وزوجته", 2, None),
    ("أصيب شاب وطفل بجروح", None, 2),
    ("وأصيبا بجروح متوسطة", None, 2),
    ("أودت الغارة بحياة أربعة مسلحين", 4, None),
    ("وأصيب شقيقه بجروح بليغة", None, 1),
    ("وأضاف أن مدنياً آخر لقي حتفه الأحد الماضي", 1, None),
    ("قتل عنصران وأصيب ثالث، في الهجوم", 2, 1),
    # no casualties
    ("دون وقوع إصابات", 0, 0),
    ("دون ورود أنباء عن إصابات", 0, 0),
    ("لم يسفر الهجوم عن وقوع إصابات", 0, 0),
    ("ولم تسفر عن إصابات", 0, 0),
    ("دون أن تسفر عن إصابات", 0, 0),
    ("من دون تسجيل إصابات", 0, 0),
    ("دون تسجيل إصابات في صفوف الجنود الأمريكيين", 0, 0),
    ("لم تقع إصابات في صفوف الأفراد الأمريكيين", 0, 0),
    ("لم يسفر عن خسائر بشرية", 0, 0),
    # counts that are not numbers
    ("أسفر عن مقتل العشرات من عناصر الميليشيات", None, None),
    ("قتلى وجرحى في صفوف الميليشيات", None, None),
    ("إصابة عدد من العناصر بجروح", None, None),
    ("مقتل وإصابة عدد من المدنيين", None, None),
    # one more, said as "another" or "a second"
    ("قتل عنصر من الأسايش وأصيب آخر بجروح", 1, 1),
    ("أسفر الانفجار عن مقتل شاب وإصابة ثان", 1, 1),
    ("أصيب آخرون بجروح طفيفة", None, None),
    # no casualty words at all
    ("استهدفت غارة جوية مستودعاً للأسلحة", None, None),
]


@pytest.mark.parametrize(("clause", "killed", "injured"), ROWS, ids=[f"{number:02d}" for number in range(1, len(ROWS) + 1)])
def test_count(clause: str, killed: int | None, injured: int | None) -> None:
    counts = count_casualties(normalize(clause))
    assert (counts.killed, counts.injured) == (killed, injured)


def test_table_is_large_enough() -> None:
    assert len(ROWS) >= 25


def test_vague_counts_leave_a_note() -> None:
    assert count_casualties(normalize("أسفر عن مقتل العشرات من عناصر الميليشيات")).notes
