"""Arabic text handling (geodata.text): normalisation with offsets, attached prefixes,
sentence splitting and digits. Every row is a piece of Syrian-news-style text and what the
matcher needs to see in it."""

from __future__ import annotations

import itertools

import pytest

from geodata.text import (
    normalize,
    normalize_phrase,
    normalize_with_offsets,
    parse_int,
    prefixed_forms,
    split_sentences,
    strip_prefixes,
    to_western_digits,
)

# --------------------------------------------------------------------------- normalisation

# source text, normalised form, what the row is about
NORMALIZE_ROWS = [
    # diacritics
    ("قَصَفَتْ", "قصفت", "fatha and sukun"),
    ("الشَّدَّادي", "الشدادي", "shadda"),
    ("هجوماً", "هجوما", "tanween fath"),
    ("قصفٌ مدفعيٌّ", "قصف مدفعي", "tanween damm with shadda"),
    ("هٰذا", "هذا", "superscript alef"),
    ("مساءَ يومِ الإثنينِ", "مساء يوم الاثنين", "case endings and hamza under alef"),
    # tatweel
    ("الميــــادين", "الميادين", "tatweel inside a name"),
    ("حطلـة", "حطله", "tatweel before ta marbuta"),
    # alef and hamza forms
    ("أطراف", "اطراف", "hamza above alef"),
    ("إيران", "ايران", "hamza below alef"),
    ("آليات", "اليات", "madda"),
    ("ٱلشدادي", "الشدادي", "alef wasla"),
    ("مسؤول", "مسوول", "hamza on waw"),
    ("رئيس", "رييس", "hamza on ya"),
    # ta marbuta and alef maqsura
    ("جديدة عكيدات", "جديده عكيدات", "ta marbuta"),
    ("مستشفى", "مستشفي", "alef maqsura"),
    ("على مقربة من", "علي مقربه من", "alef maqsura and ta marbuta in a phrase"),
    # Persian and Urdu letter forms
    ("کونیکو", "كونيكو", "Persian kaf and ya"),
    ("سوریا", "سوريا", "Persian ya"),
    ("گاز", "كاز", "gaf"),
    ("پمپ", "بمب", "pe"),
    ("چای", "جاي", "che"),
    ("ژنرال", "زنرال", "zhe"),
    ("ڤيديو", "فيديو", "ve"),
    ("ہ ھ", "ه ه", "heh goal and heh doachashmee"),
    # presentation forms (as pasted from old PDFs): حطلة, then the lam-alef ligature
    ("\ufea3\ufec4\ufee0\ufe94", "حطله", "contextual presentation forms"),
    ("\ufefb\ufe97\ufe8e\ufed7\ufbfe\ufe94", "لاتاقيه", "lam-alef ligature and final forms"),
    # zero-width and bidi controls
    ("دير\u200cالزور", "ديرالزور", "zero-width non-joiner"),
    ("حط\u200dلة", "حطله", "zero-width joiner"),
    ("\u200fالميادين\u200e", "الميادين", "right-to-left and left-to-right marks"),
    ("\u202bقصف\u202c", "قصف", "bidi embedding and pop"),
    ("\u2067حطلة\u2069", "حطله", "bidi isolates"),
    ("\ufeffدير الزور", "دير الزور", "byte order mark"),
    ("\u061cالبوكمال", "البوكمال", "Arabic letter mark (a bidi control)"),
    ("دير\u00adالزور", "ديرالزور", "soft hyphen"),
    ("دير\u00a0الزور", "دير الزور", "no-break space becomes a space"),
    # digits and Latin
    ("الفرقة ١٧", "الفرقه 17", "Arabic-Indic digits"),
    ("۱۱ نیسان", "11 نيسان", "Persian digits and ya"),
    ("الفرقة １７", "الفرقه 17", "full-width digits"),
    ("مراسل SY24", "مراسل sy24", "Latin letters lower-cased"),
]


@pytest.mark.parametrize(("source", "expected", "about"), NORMALIZE_ROWS, ids=[row[2] for row in NORMALIZE_ROWS])
def test_normalize(source: str, expected: str, about: str) -> None:
    assert normalize(source) == expected


@pytest.mark.parametrize(("source", "expected", "about"), NORMALIZE_ROWS, ids=[row[2] for row in NORMALIZE_ROWS])
def test_normalize_with_offsets_agrees_with_normalize(source: str, expected: str, about: str) -> None:
    assert normalize_with_offsets(source).text == expected


def test_normalize_phrase_collapses_spaces() -> None:
    assert normalize_phrase("  ريف   دير\tالزور  الشرقي ") == "ريف دير الزور الشرقي"


def test_normalize_is_idempotent() -> None:
    for source, _, _ in NORMALIZE_ROWS:
        once = normalize(source)
        assert normalize(once) == once, source


# Texts whose normalised characters must each map back to the source character they came from.
OFFSET_TEXTS = [
    "قَصَفَتْ طائرات التحالف بلدةَ حَطْلَة فجر اليوم",
    "وصلت تعزيزات إلى الميــــادين وبالميادين",
    "\u200fمراسل SY24 في ريف ديرالزور\u200e",
    "الفرقة ١٧ في حي الجورة",
    "\ufea3\ufec4\ufee0\ufe94 و\ufefb",
    "",
]


@pytest.mark.parametrize("source", OFFSET_TEXTS)
def test_every_normalised_character_maps_back_to_its_source_character(source: str) -> None:
    norm = normalize_with_offsets(source)
    assert len(norm.offsets) == len(norm.text)
    assert norm.source_length == len(source)
    assert list(norm.offsets) == sorted(norm.offsets)
    for index, char in enumerate(norm.text):
        origin = norm.offsets[index]
        assert 0 <= origin < len(source)
        assert char in normalize(source[origin]), (index, char, source[origin])


# source text, a normalised name in it, the span of the source that name must cover
SPAN_ROWS = [
    ("قصفت طائرات التحالف بلدةَ حَطْلَة فجراً", "حطله", "حَطْلَة"),
    ("وصلت تعزيزات إلى الميــــادين مساء أمس", "الميادين", "الميــــادين"),
    ("\u200fدير الزور\u200e", "دير الزور", "دير الزور"),
    ("استهدف هجوم قاعدة کونیکو", "كونيكو", "کونیکو"),
    ("في إيران وسوريا", "ايران", "إيران"),
    ("الفرقة ١٧ في حي الجورة", "الفرقه 17", "الفرقة ١٧"),
]


@pytest.mark.parametrize(("source", "needle", "expected"), SPAN_ROWS)
def test_source_span_round_trips(source: str, needle: str, expected: str) -> None:
    norm = normalize_with_offsets(source)
    start = norm.text.index(needle)
    begin, end = norm.source_span(start, start + len(needle))
    assert source[begin:end] == expected
    assert normalize(source[begin:end]) == needle


def test_source_span_of_an_empty_range_is_empty() -> None:
    source = "قصف على حطلة"
    norm = normalize_with_offsets(source)
    assert norm.source_span(4, 4) == (4, 4)
    assert norm.source_span(len(norm.text), len(norm.text)) == (len(source), len(source))


# --------------------------------------------------------------------------- prefixes

# a normalised name, written forms with attached prefixes that must be among its prefixed forms
PREFIXED_FORM_ROWS = [
    ("الميادين", "بالميادين"),
    ("الميادين", "والميادين"),
    ("الميادين", "وبالميادين"),
    ("الميادين", "للميادين"),
    ("الميادين", "وللميادين"),
    ("الميادين", "فالميادين"),
    ("الميادين", "كالميادين"),
    ("حطله", "بحطله"),
    ("حطله", "وحطله"),
    ("حطله", "لحطله"),
    ("حطله", "فبحطله"),
    ("حطله", "ولحطله"),
    ("دير", "لدير"),
]


@pytest.mark.parametrize(("word", "written"), PREFIXED_FORM_ROWS)
def test_prefixed_forms(word: str, written: str) -> None:
    forms = prefixed_forms(word)
    assert forms[0] == word
    assert written in forms


@pytest.mark.parametrize(("word", "wrong"), [
    ("الميادين", "لالميادين"),  # ل before ال is written لل
    ("الميادين", "للالميادين"),
    ("حطله", "الحطله"),  # prefixes only, no article added
])
def test_prefixed_forms_never_offers_impossible_spellings(word: str, wrong: str) -> None:
    assert wrong not in prefixed_forms(word)


# a token as written in news, the stem the matcher must be offered
STRIP_ROWS = [
    ("وبالميادين", "الميادين"),
    ("بالميادين", "الميادين"),
    ("والميادين", "الميادين"),
    ("للميادين", "الميادين"),  # ل + ال written لل
    ("وللميادين", "الميادين"),
    ("فللميادين", "الميادين"),
    ("للشحيل", "الشحيل"),
    ("والبوكمال", "البوكمال"),
    ("فالبوكمال", "البوكمال"),
    ("كالبوكمال", "البوكمال"),
    ("بحطله", "حطله"),
    ("وحطله", "حطله"),
    ("لحطله", "حطله"),
    ("وبحطله", "حطله"),
    ("ولحطله", "حطله"),
    ("فبحطله", "حطله"),
    ("وكحطله", "حطله"),
    ("لدير", "دير"),
    ("بدير", "دير"),
    ("وذيبان", "ذيبان"),
]


@pytest.mark.parametrize(("token", "stem"), STRIP_ROWS)
def test_strip_prefixes(token: str, stem: str) -> None:
    candidates = strip_prefixes(token)
    assert candidates[0] == token
    assert stem in candidates
    assert len(candidates) == len(set(candidates))


@pytest.mark.parametrize(("token", "expected"), [
    ("حطله", ["حطله"]),  # no prefix: only itself (ح is not a proclitic)
    ("بر", ["بر"]),  # a one-letter stem is never offered
    ("ول", ["ول"]),
])
def test_strip_prefixes_keeps_short_stems(token: str, expected: list[str]) -> None:
    assert strip_prefixes(token) == expected


def test_strip_prefixes_respects_min_stem() -> None:
    assert "ذيبان" in strip_prefixes("وذيبان", min_stem=5)
    assert "يبان" not in strip_prefixes("وذيبان", min_stem=5)
    assert strip_prefixes("بدير", min_stem=4) == ["بدير"]


# --------------------------------------------------------------------------- sentences

# text, the sentences it splits into, what the row is about
SENTENCE_ROWS = [
    ("قصفت المدفعية بلدة ذيبان. وقتل مدنيان.", ["قصفت المدفعية بلدة ذيبان.", "وقتل مدنيان."], "latin full stop"),
    ("هل انسحبت الميليشيات؟ لا أحد يعرف.", ["هل انسحبت الميليشيات؟", "لا أحد يعرف."], "arabic question mark"),
    ("انفجار عنيف! وسقوط جرحى", ["انفجار عنيف!", "وسقوط جرحى"], "exclamation"),
    ("انفجار عنيف!! وسقوط جرحى", ["انفجار عنيف!!", "وسقوط جرحى"], "repeated exclamation"),
    ("قصفت الطائرات المواقع؛ وردت الميليشيات بالصواريخ", ["قصفت الطائرات المواقع؛", "وردت الميليشيات بالصواريخ"], "arabic semicolon"),
    ("السطر الأول عن الميادين\nالسطر الثاني عن البوكمال", ["السطر الأول عن الميادين", "السطر الثاني عن البوكمال"], "newline"),
    ("سطر أول\r\nسطر ثان", ["سطر أول", "سطر ثان"], "CRLF"),
    ("أصيب 3.5 بالمئة من السكان. وتابع المصدر", ["أصيب 3.5 بالمئة من السكان.", "وتابع المصدر"], "decimal then stop"),
    ("تبعد البلدة 12.5 كم عن الميادين", ["تبعد البلدة 12.5 كم عن الميادين"], "decimal inside"),
    ("تبعد البلدة ٣.٥ كم عن ذيبان", ["تبعد البلدة ٣.٥ كم عن ذيبان"], "arabic-indic decimal"),
    ('قال المصدر: "انسحبت القوات." وأضاف أن', ['قال المصدر: "انسحبت القوات."', "وأضاف أن"], "straight quote after stop"),
    ("وقال “قصفنا المواقع.” ثم انسحبوا", ["وقال “قصفنا المواقع.”", "ثم انسحبوا"], "curly quote after stop"),
    ("وقال «انتهت العملية.» ثم غادر", ["وقال «انتهت العملية.»", "ثم غادر"], "guillemet after stop"),
    ("وإصابة 6 جنود بجروح.استهدف هجوم صاروخي القاعدة", ["وإصابة 6 جنود بجروح.", "استهدف هجوم صاروخي القاعدة"], "no space after stop (seed)"),
    ("انتظر الأهالي… ثم عادوا", ["انتظر الأهالي…", "ثم عادوا"], "ellipsis"),
    ("قصفت الطائرات بلدة حطلة", ["قصفت الطائرات بلدة حطلة"], "no stop at all"),
    ("  قصف.   ثم انسحاب  ", ["قصف.", "ثم انسحاب"], "surrounding spaces"),
    ("ارتفع عدد القتلى إلى 12. وقال المرصد إن", ["ارتفع عدد القتلى إلى 12.", "وقال المرصد إن"], "number before stop"),
    ("قصفت الطائرات بلدة حطلة۔ ثم انسحبت", ["قصفت الطائرات بلدة حطلة۔", "ثم انسحبت"], "arabic full stop U+06D4"),
    ("", [], "empty"),
    ("...\n؛ !", [], "punctuation only"),
]


@pytest.mark.parametrize(("text", "expected", "about"), SENTENCE_ROWS, ids=[row[2] for row in SENTENCE_ROWS])
def test_split_sentences(text: str, expected: list[str], about: str) -> None:
    sentences = split_sentences(text)
    assert [sentence.text for sentence in sentences] == expected
    for sentence in sentences:
        assert text[sentence.start:sentence.end] == sentence.text
    assert [s.start for s in sentences] == sorted(s.start for s in sentences)


def test_sentence_spans_cover_the_seed_style_paragraph() -> None:
    text = (
        "أكدت القيادة الوسطى تعرض قاعدة للتحالف لهجوم صاروخي. "
        "الهجوم الذي وقع مساء يوم الاثنين استهدف حقل كونيكو للغاز؟\n"
        "وقال المراسل: “قتلت المجموعة.” ونقلت مصادر أن 3.5 طن من الذخائر نقلت؛ ثم انسحبت"
    )
    sentences = split_sentences(text)
    assert len(sentences) == 5
    for previous, current in itertools.pairwise(sentences):
        assert previous.end <= current.start
        assert text[previous.end:current.start].strip() == ""


# --------------------------------------------------------------------------- digits

DIGIT_ROWS = [
    ("١١ نيسان ٢٠٢٣", "11 نيسان 2023"),
    ("۱۴۰۲/۰۱/۲۲", "1402/01/22"),
    ("الفرقة ١٧ والفرقة 11", "الفرقة 17 والفرقة 11"),
    ("٣٫٥ كم", "3.5 كم"),
    ("١٬٥٠٠ عنصر", "1,500 عنصر"),
]


@pytest.mark.parametrize(("text", "expected"), DIGIT_ROWS)
def test_to_western_digits(text: str, expected: str) -> None:
    assert to_western_digits(text) == expected


PARSE_INT_ROWS = [
    ("١٧", 17),
    ("۱۲", 12),
    ("6", 6),
    (" ٦ ", 6),
    ("1,500", 1500),
    ("١٬٥٠٠", 1500),
    ("ستة", None),
    ("3.5", None),
    ("", None),
    ("-3", None),
    ("١٢أ", None),
    ("²", None),  # a superscript is not an integer, and must not raise
]


@pytest.mark.parametrize(("text", "expected"), PARSE_INT_ROWS)
def test_parse_int(text: str, expected: int | None) -> None:
    assert parse_int(text) == expected


def test_regex_word_char_is_what_backslash_w_matches() -> None:
    import re

    from geodata.text import is_regex_word_char

    for code in range(0x3000):
        char = chr(code)
        assert is_regex_word_char(char) == bool(re.fullmatch(r"\w", char)), hex(code)
