"""Extraction, sentence by sentence: one or two sentences, a fixed published date, and the
incident a careful reader takes from them, or none (denials, drills, intentions, habits).

Each row gives the kind, the location's gazetteer id (or the ids that are all acceptable), the
launch site, the date and part of day (date None: the text does not fix the day, so the
extraction must not claim day precision), killed and injured (None: not stated) and whether the
event is only background.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from geodata.corpus.articles import Article
from geodata.events.reports import extract_reports

TUE = dt.date(2023, 10, 24)  # a Tuesday
SAT = dt.date(2024, 5, 4)  # a Saturday


@dataclass(frozen=True)
class Row:
    sentence: str
    kind: str | None  # None: no incident
    location: str | tuple[str, ...] | None = None
    launch: str | None = None
    date: str | None = None
    time: str | None = None
    killed: int | None = None
    injured: int | None = None
    background: bool = False
    published: dt.date = TUE



def none(sentence: str, published: dt.date = TUE) -> Row:
    return Row(sentence, None, published=published)


ROWS = [
    # rocket and drone attacks on bases
    Row("استهدفت الميليشيات الإيرانية بثلاثة صواريخ قاعدة التحالف في حقل كونيكو مساء أمس",
        "rocket_attack", "conoco-field", date="2023-10-23", time="evening"),
    Row("سقطت قذيفتان صاروخيتان فجر اليوم في محيط قاعدة حقل العمر دون وقوع إصابات",
        "rocket_attack", "al-omar-field", date="2023-10-24", time="dawn", killed=0, injured=0),
    Row("هاجمت طائرة مسيرة قاعدة التحالف في الشدادي جنوب الحسكة يوم الأحد",
        "drone_attack", ("al-shaddadi-base", "al-shaddadi"), date="2023-10-22"),
    Row("تعرضت قاعدة التنف لهجوم بثلاث طائرات مسيرة صباح اليوم، أسفر عن إصابة جندي أمريكي بجروح طفيفة",
        "drone_attack", "al-tanf-base", date="2023-10-24", time="morning", injured=1),
    Row("أطلقت الميليشيات صاروخين من أطراف مدينة الميادين باتجاه قاعدة حقل العمر مساء الاثنين",
        "rocket_attack", "al-omar-field", launch="al-mayadin", date="2023-10-23", time="evening"),
    Row("أطلقت الميليشيات صاروخين من بادية الميادين باتجاه قاعدة حقل العمر",
        "rocket_attack", "al-omar-field", launch="al-mayadin"),
    Row("قصفت الميليشيات الموالية لإيران قاعدة حقل كونيكو بقذائف صاروخية انطلاقاً من قرية حطلة",
        "rocket_attack", "conoco-field", launch="hatla"),
    Row("سقط صاروخ في محيط قاعدة خراب الجير بريف رميلان ليلة الأحد",
        "rocket_attack", "kharab-al-jir-base", date="2023-10-22", time="night"),
    Row("استهدف هجوم بطائرتين مسيرتين قاعدة التنف ليلة الأحد على الاثنين",
        "drone_attack", "al-tanf-base", date="2023-10-22", time="night"),
    Row("سقطت ثلاثة صواريخ على قاعدة حقل العمر مساء أمس. وأكدت مصادر محلية أن الصواريخ أطلقت من مدينة الميادين.",
        "rocket_attack", "al-omar-field", launch="al-mayadin", date="2023-10-23", time="evening"),
    Row("سقطت صواريخ على قاعدة حقل العمر. وقالت مصادر إن الصواريخ أطلقت من مواقع الميليشيات في مدينة الميادين.",
        "rocket_attack", "al-omar-field", launch="al-mayadin"),
    # "no casualties" closing a real attack is not a denial
    Row("استهدف هجوم صاروخي قاعدة حقل العمر مساء أمس، ولم تقع إصابات",
        "rocket_attack", "al-omar-field", date="2023-10-23", time="evening", killed=0, injured=0),
    Row("هاجمت طائرة مسيرة قاعدة التنف فجر اليوم ولم يتم تسجيل إصابات",
        "drone_attack", "al-tanf-base", date="2023-10-24", time="dawn", killed=0, injured=0),
    Row("سقطت قذيفة هاون على حي الجورة ولم تسجل أي إصابات",
        "artillery_shelling", "al-joura", killed=0, injured=0),
    # air strikes
    Row("شنت طائرات التحالف الدولي غارتين على مواقع للميليشيات الإيرانية في مدينة البوكمال فجر اليوم",
        "airstrike", "albu-kamal", date="2023-10-24", time="dawn"),
    Row("استهدفت غارة إسرائيلية مستودعاً للأسلحة في حي الجورة بمدينة دير الزور، ما أسفر عن مقتل 3 عناصر",
        "airstrike", "al-joura", killed=3),
    Row("قصفت طائرات حربية مجهولة رتلاً للميليشيات قرب معبر البوكمال مساء الأحد",
        "airstrike", "albu-kamal-crossing", date="2023-10-22", time="evening"),
    Row("نفذ الطيران الروسي 12 غارة على بادية السخنة استهدفت مواقع لخلايا التنظيم",
        "airstrike", "al-sukhnah"),
    Row("شن العدو الإسرائيلي عدواناً جوياً على محيط مدينة الميادين فجر اليوم",
        "airstrike", "al-mayadin", date="2023-10-24", time="dawn"),
    Row("قتل أحد عشر عنصراً من الميليشيات بغارات جوية على مدينة البوكمال",
        "airstrike", "albu-kamal", killed=11),
    Row("في 3 أيار/مايو، استهدفت غارة مجهولة شاحنات محملة بالأسلحة في مدينة البوكمال",
        "airstrike", "albu-kamal", date="2024-05-03", published=SAT),
    Row("استهدفت طائرات مجهولة رتلاً من الشاحنات قرب معبر البوكمال فجر اليوم",
        "airstrike", "albu-kamal-crossing", date="2023-10-24", time="dawn"),
    Row("نفذت القوات الأمريكية ضربات دقيقة على منشأة للحرس الثوري قرب مدينة الميادين",
        "airstrike", "al-mayadin"),
    # shelling across the river
    Row("قصفت قوات النظام بقذائف الهاون قرية درنج بريف دير الزور الشرقي",
        "artillery_shelling", "darnaj"),
    Row("استهدفت قوات النظام بالمدفعية الثقيلة بلدة ذيبان انطلاقاً من مواقعها في الميادين، ما أدى لإصابة طفلين",
        "artillery_shelling", "dhiban", launch="al-mayadin", injured=2),
    Row("سقطت قذائف مدفعية مصدرها مناطق سيطرة النظام على منازل المدنيين في بلدة الشحيل مساء أمس",
        "artillery_shelling", "al-shuhayl", date="2023-10-23", time="evening"),
    Row("قصفت قوات النظام بالمدفعية قرية خشام ليل الأحد",
        "artillery_shelling", "khasham", date="2023-10-22", time="night"),
    Row("قصفت قوات النظام قرية خشام يوم الجمعة 20 تشرين الأول",
        "artillery_shelling", "khasham", date="2023-10-20"),
    Row("وردت أنباء عن سقوط قذائف على بلدة ذيبان مساء أمس",
        "artillery_shelling", "dhiban", date="2023-10-23", time="evening"),
    Row("دكت مدفعية التحالف مواقع الميليشيات في بلدة حطلة",
        "artillery_shelling", "hatla"),
    Row("قصفت قوات النظام بلدة الشحيل بقذائف الهاون فجر اليوم. وأدى القصف إلى مقتل امرأة وإصابة ثلاثة أطفال.",
        "artillery_shelling", "al-shuhayl", date="2023-10-24", time="dawn", killed=1, injured=3),
    # IEDs and mines
    Row("انفجرت عبوة ناسفة بسيارة عسكرية لقسد قرب بلدة البصيرة، ما أدى إلى مقتل عنصرين وإصابة ثالث",
        "ied_explosion", "al-busayrah", killed=2, injured=1),
    Row("قتل طفل بانفجار لغم أرضي من مخلفات الحرب في بلدة الباغوز",
        "ied_explosion", "al-baghuz", killed=1),
    Row("أصيب ثلاثة مدنيين بانفجار دراجة نارية مفخخة في سوق مدينة الميادين صباح اليوم",
        "ied_explosion", "al-mayadin", date="2023-10-24", time="morning", injured=3),
    Row("انفجر لغم بسيارة لرعاة الأغنام في بادية بلدة غرانيج، ما أسفر عن مقتل شخصين",
        "ied_explosion", "gharanij", killed=2),
    Row("انفجر لغم أرضي بين قريتي الجلاء والسوسة، ما أدى إلى مقتل راعي أغنام",
        "ied_explosion", ("al-jalaa", "al-susah"), killed=1),
    Row("انفجرت عبوة ناسفة بسيارة قيادي في الدفاع الوطني في حي هرابش. ولم تسفر عن إصابات.",
        "ied_explosion", "harabesh", killed=0, injured=0),
    # clashes
    Row("اندلعت اشتباكات بين مقاتلي العشائر وقسد في بلدة ذيبان مساء الاثنين",
        "armed_clash", "dhiban", date="2023-10-23", time="evening"),
    Row("هاجم مسلحون مجهولون حاجزاً لقسد في بلدة الشحيل، ما أدى إلى مقتل عنصرين",
        "armed_clash", "al-shuhayl", killed=2),
    Row("قتل 5 عناصر من قوات النظام في هجوم لخلايا داعش على نقطة عسكرية قرب مدينة تدمر",
        "armed_clash", "palmyra", killed=5),
    Row("دارت مواجهات عنيفة بين قوات النظام وخلايا التنظيم في بادية السخنة فجر اليوم",
        "armed_clash", "al-sukhnah", date="2023-10-24", time="dawn"),
    # killings of civilians are no armed clash (the development set's annotation rules)
    Row("اغتال مسلحون مجهولون مختار قرية الصالحية بريف البوكمال برصاص مباشر",
        "other", "al-salihiyah-albu-kamal", killed=1),
    Row("اندلعت اشتباكات بين قسد ومسلحين في بلدة هجين قبل يومين",
        "armed_clash", "hajin", date="2023-10-22"),
    Row("قتل شاب برصاص مجهولين في بلدة الشحيل مساء أمس",
        "other", "al-shuhayl", date="2023-10-23", time="evening", killed=1),
    # interceptions
    Row("أسقطت الدفاعات الجوية في قاعدة حقل العمر طائرة مسيرة مساء أمس",
        "interception", "al-omar-field", date="2023-10-23", time="evening"),
    Row("تصدت قوات التحالف لصاروخين استهدفا قاعدة كونيكو فجر اليوم",
        "interception", "conoco-field", date="2023-10-24", time="dawn"),
    Row("اعترضت المضادات الأرضية في مطار دير الزور العسكري طائرة مسيرة مجهولة",
        "interception", "deir-ez-zor-airport"),
    # launchers and weapons found
    Row("عثرت قوى الأمن الداخلي على منصة إطلاق صواريخ في بادية بلدة خشام",
        "weapons_found", "khasham"),
    Row("عثرت دورية لقسد صباح اليوم على منصتي إطلاق صواريخ في بادية بلدة الصور",
        "weapons_found", "al-sur", date="2023-10-24", time="morning"),
    Row("ضبطت قسد مستودعاً للأسلحة والذخائر في بلدة هجين",
        "weapons_found", "hajin"),
    Row("فككت فرق الهندسة عبوة ناسفة مزروعة على جانب الطريق في بلدة الكسرة",
        "weapons_found", "al-kasrah"),
    # raids and arrests
    Row("شنت قسد حملة دهم واعتقالات في بلدة الشحيل فجر اليوم، اعتقلت خلالها 7 أشخاص",
        "security_operation", "al-shuhayl", date="2023-10-24", time="dawn"),
    Row("نفذت قوات التحالف عملية إنزال جوي في بلدة الصور",
        "security_operation", "al-sur"),
    Row("داهمت دورية للأمن العسكري منازل في حي الحميدية واعتقلت شابين",
        "security_operation", "al-hamidiya"),
    Row("اعتقلت قوات النظام 4 شبان على حاجز في مدينة البوكمال",
        "security_operation", "albu-kamal"),
    Row("أطلقت قوى الأمن الداخلي حملة أمنية في مخيم الهول صباح اليوم",
        "security_operation", "al-hol-camp", date="2023-10-24", time="morning"),
    # militia movements
    Row("وصل رتل للميليشيات الإيرانية يضم 15 شاحنة محملة بالأسلحة إلى مدينة الميادين قادماً من العراق",
        "militia_movement", "al-mayadin"),
    Row("نقلت الميليشيات الإيرانية صواريخ من مستودعاتها في البوكمال إلى مدينة الميادين",
        "militia_movement", ("albu-kamal", "al-mayadin")),
    Row("أخلت ميليشيا حزب الله العراقي مقراتها في بلدة الجلاء",
        "militia_movement", "al-jalaa"),
    Row("استقدمت قسد تعزيزات عسكرية إلى بلدة البصيرة",
        "militia_movement", "al-busayrah"),
    # background
    Row("وكانت الميليشيات قد استهدفت قاعدة كونيكو بصاروخين في 3 أيار الماضي",
        "rocket_attack", "conoco-field", date="2024-05-03", background=True, published=dt.date(2024, 6, 10)),
    Row("وسبق أن قتل عنصران من قسد بانفجار عبوة ناسفة قرب بلدة الصور الشهر الماضي",
        "ied_explosion", "al-sur", killed=2, background=True),
    # no incident: denials, drills, intentions, threats, habits, other news
    none("نفى التحالف الدولي وقوع أي استهداف لقاعدة حقل العمر"),
    none("نفت مصادر في قسد الأنباء عن سقوط قذائف على بلدة ذيبان"),
    none("أجرت القوات الأمريكية تدريبات بالذخيرة الحية في قاعدة الشدادي"),
    none("نفذت قسد مناورات عسكرية مشتركة مع التحالف في محيط حقل كونيكو"),
    none("تخطط الميليشيات لاستهداف قاعدة التنف بطائرات مسيرة"),
    none("هددت الميليشيات باستهداف القواعد الأمريكية في حقل العمر"),
    none("تتعرض قاعدة حقل العمر بشكل متكرر لهجمات بالصواريخ والطائرات المسيرة"),
    none("تتعرض القواعد الأمريكية لهجمات متكررة من مناطق سيطرة الميليشيات في الميادين"),
    none("ارتفعت حصيلة قتلى الهجمات في دير الزور منذ مطلع العام إلى 50 قتيلاً"),
    none("غالباً ما ترد القوات الأمريكية بقصف مواقع الميليشيات في الميادين"),
    none("عقد وجهاء العشائر اجتماعاً في بلدة ذيبان لبحث الأوضاع الأمنية"),
    none("وزعت منظمة إنسانية سلالاً غذائية على النازحين في مخيم الهول"),
    none("رفع التحالف جاهزية قواعده في حقل العمر تحسباً لهجمات محتملة"),
    none("نقل الجرحى إلى مشفى مدينة الميادين لتلقي العلاج"),
    none("فجرت قوات التحالف مخلفات حربية في محيط قاعدة كونيكو ضمن إجراءات روتينية"),
    none("نصبت الميليشيات منصات صواريخ في مدينة الميادين بهدف استهداف قاعدة حقل العمر"),
]


def _reading(row: Row) -> dict[str, object] | None:
    reports = extract_reports(Article(id="row", outlet="test", text=row.sentence, published=row.published))
    if not reports:
        return None
    chosen = [report for report in reports if report.kind == row.kind]
    same_place = len({report.location.gazetteer_id if report.location else None for report in reports}) == 1
    if len(reports) > 1 and not (len(chosen) == 1 and same_place):
        # several reports are only right as the two sides of one event at one place
        # ("تصدت لصاروخين استهدفا القاعدة": the attack and its interception)
        return {"reports": [f"{report.kind} @ {report.location.gazetteer_id if report.location else None}" for report in reports]}
    report = chosen[0] if len(reports) > 1 else reports[0]
    acceptable = (row.location,) if isinstance(row.location, str) else row.location or ()
    location = report.location.gazetteer_id if report.location else None
    return {
        "kind": report.kind,
        "location": row.location if location in acceptable else location,
        "launch": report.launch_site.gazetteer_id if report.launch_site else None,
        "date": report.date.isoformat() if report.date and report.date_precision == "day" else None,
        "time": report.time_of_day,
        "killed": report.killed,
        "injured": report.injured,
        "background": report.background,
    }


def _expected(row: Row) -> dict[str, object] | None:
    if row.kind is None:
        return None
    return {
        "kind": row.kind, "location": row.location, "launch": row.launch, "date": row.date, "time": row.time,
        "killed": row.killed, "injured": row.injured, "background": row.background,
    }


def test_table_is_large_enough() -> None:
    assert len(ROWS) >= 50
    assert sum(row.kind is None for row in ROWS) >= 10


@pytest.mark.parametrize("row", ROWS, ids=[f"{number:02d}-{row.kind or 'none'}" for number, row in enumerate(ROWS, 1)])
def test_row(row: Row) -> None:
    assert _reading(row) == _expected(row)
