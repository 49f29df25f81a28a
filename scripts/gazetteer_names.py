"""Cleaning and spelling rules for place names imported from public gazetteers.

Used by ``build_gazetteer_import.py``. Every rule is a small function over strings so the tests
can run it on examples; the data README (``geodata/data/README.md``) lists them in words.

Three kinds of rules:

- cleaning: what the sources got wrong in their strings (tatweel padding, joins of two names
  with ``_`` ``/`` `` - ``, stray whitespace and harakat, Latin text in Arabic fields, typos
  that cannot be Arabic);
- judging GeoNames' Arabic spellings: a back-transliteration from a Latin romanisation
  (حتلا for حطلة) is dropped, a spelling news also uses (ديبان for ذيبان) is kept;
- generating the spellings news uses that the project's matcher does not derive by itself
  (with and without the article, البو/أبو, تل X/تل الX, ...).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from geodata.text import normalize_phrase

ARTICLE = "ال"
_HARAKAT = re.compile("[\u064b-\u0652\u0670\u0640]")  # short vowels, shadda, sukun, dagger alef, tatweel
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]")
# two names joined in one field: "الهامانية_خربة التمر", "باب خير / تل تمر", "مقمن - مكمن"
_JOIN = re.compile(r"\s*[_/\\]\s*|\s+[-–]\s+")
_PARENS = re.compile(r"\(([^()]*)\)")
_LATIN = re.compile("[A-Za-z]")
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")
# a ta marbuta or alef maqsura can only end a word: "طةيسرش" is a keyboard slip
_FINAL_ONLY_INSIDE = re.compile("[ةى][\u0621-\u064a]")

# ------------------------------------------------------------------------------ cleaning


def clean(text: str) -> str:
    """One name with the noise removed: harakat and tatweel ("تل مســــاس" -> "تل مساس"),
    invisible marks, stray and doubled whitespace, a hyphen between words, and two slips of
    the keyboard that cannot be Arabic: a missing space before an article after a final alef
    ("الحمراالشرقية") and an alef maqsura before ta marbuta ("شمسيىة")."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", _HARAKAT.sub("", text))
    text = re.sub(r"(?<=\S)-(?=\S)", " ", text)
    text = re.sub("(?<=[\u0621-\u064a])اال", "ا ال", text)
    text = text.replace("ىة", "ة")
    return " ".join(text.split()).strip(" -–،,.")


def clean_latin(text: str) -> str:
    """An English or French name with stray and doubled whitespace removed."""
    return " ".join(unicodedata.normalize("NFC", text).split()).strip(" -–,.")


def split_joined(text: str) -> list[str]:
    """The Arabic names one source field holds, in order: ``_``, ``/``, ``\\`` and a spaced
    hyphen join two names ("الهامانية_خربة التمر"), a parenthesis adds one ("غازلي (خلف العيسى
    البيك)"). Each is cleaned; a hyphen inside a name becomes a space ("أبو كبرة-الرشيد")."""
    inner = [match.group(1) for match in _PARENS.finditer(text)]
    outer = _PARENS.sub(" ", text)
    return unique(clean(part) for piece in (outer, *inner) for part in _JOIN.split(piece))


def split_latin(text: str, *, spaced_hyphen: bool) -> list[str]:
    """The English names one field holds: ``/``, ``\\`` and a parenthesis always separate two
    names; a spaced hyphen only when ``spaced_hyphen`` (the Arabic field was split too: "Abu
    Kbee - West" is one name)."""
    inner = [match.group(1) for match in _PARENS.finditer(text)]
    outer = _PARENS.sub(" ", text)
    join = _JOIN if spaced_hyphen else re.compile(r"\s*[/\\]\s*")
    return unique(clean_latin(part) for piece in (outer, *inner) for part in join.split(piece))


def is_arabic_name(text: str) -> bool:
    """Whether ``text`` can be an Arabic spelling: Arabic letters, no Latin letters, and no
    ta marbuta or alef maqsura inside a word."""
    return bool(_ARABIC_LETTER.search(text)) and not _LATIN.search(text) and not _FINAL_ONLY_INSIDE.search(text)


def is_latin_name(text: str) -> bool:
    return bool(_LATIN.search(text)) and not _ARABIC_LETTER.search(text)


def unique(items: Iterable[str]) -> list[str]:
    """``items`` in order without repeats or empties."""
    return list(dict.fromkeys(item for item in items if item))


# ------------------------------------------------------------------------------ comparing names


@lru_cache(maxsize=65536)
def loose_key(text: str) -> str:
    """A key under which two spellings of one name meet: normalised, no article on any word,
    جديدة as جديد, أبو/البو/ال بو as بو, no spaces ("تل الطير" and "تل طير" give one key,
    so do "البوعمر" and "أبو عمر")."""
    words = [_loose_word(word) for word in normalize_phrase(text).split() if word != ARTICLE]
    return "".join(words)


def _loose_word(word: str) -> str:
    """One normalised word under the loose key: أبو and البو as بو, جديدة as جديد, no article."""
    if word == "ابو":
        return "بو"
    return _without_article("جديد" if word == "جديده" else word)


def _without_article(word: str) -> str:
    return word[2:] if word.startswith(ARTICLE) and len(word) > 3 else word


@lru_cache(maxsize=65536)
def skeleton(text: str) -> str:
    """The consonants of a name: the loose key of each word without long-vowel letters after
    its first letter and without a final ه/ا (ta marbuta, final alef) after it, doubled letters once;
    البو, ال بو and أبو all count as بو."""
    words = []
    for word in normalize_phrase(text).split():
        if word == ARTICLE:
            continue
        word = _loose_word(word)
        word = word[:1] + re.sub("[اويء]", "", word[1:])
        word = re.sub("(?<=.)[ها]$", "", word)
        words.append(word)
    return re.sub(r"(.)\1+", r"\1", "".join(words))


# Letters news writers themselves interchange in eastern Syrian names: the Bedouin g and ch
# (مركدة/مرقدة, الكشكية/الجشجية), and the interdentals spoken as stops or sibilants
# (ذيبان/ديبان, الجرذي/الجردي, ظريفة/زريفة).
NEWS_LETTER_PAIRS = frozenset(frozenset(pair) for pair in (
    "قك", "قج", "كج", "ذد", "ذز", "ثت", "ثس", "ظض", "ظز",
))
# What a romanisation without diacritics loses, so that writing it back in Arabic letters
# swaps them: the emphatics become plain letters (reference -> variant: حطلة -> حتلا,
# صبيخان -> سبيخان), and the pharyngeals, ghayn and kha get confused with their neighbours
# either way (العشارة -> الأشارة, الهول -> الحول). An emphatic where the reference has the
# plain letter (حميدة -> حميضة) cannot come from a romanisation: a spelling of its own.
EMPHATIC_LOSSES = frozenset((("ط", "ت"), ("ص", "س"), ("ض", "د"), ("ظ", "ز")))
ROMANISATION_CONFUSIONS = frozenset(frozenset(pair) for pair in (
    "حه", "عا", "عء", "غج", "غق", "غك", "غر", "خك", "خه", "خح",
))
ROMANISATION_DROPS = frozenset("عءه")  # letters a romanisation may lose altogether
ALIAS_BELOW = 0.5  # skeletons this different are two names of one place, not two spellings
SETTLEMENT_NOUNS = frozenset(normalize_phrase(word) for word in ("ناحية", "بلدة", "قرية", "مدينة", "حي", "مزرعة"))


def spelling_relation(variant: str, reference: str) -> str:
    """How a GeoNames Arabic spelling relates to the reference name of the same place:
    ``same`` (one skeleton), ``framed`` (the name after a settlement noun: "ناحية حرير"),
    ``news`` (differs only in letters news also swaps), ``richer`` (has an emphatic where the
    reference has the plain letter: حميضة for حميدة), ``transliteration`` (differs only in
    letters a romanisation loses or confuses, or news swaps, and at least one of the former),
    ``extension`` (the name with words added: بئر الحلو الوردية for بئر الحلو), ``abridged``
    (words left out: صالح for صالح الحواش, too often a common word or a person's name),
    ``alias`` (another name of the place: قرقيسيا for البصيرة, تل لون for تل الشمس: what differs
    is mostly different) or ``close`` (a similar name with other changes: a typo, or a
    neighbour's name)."""
    one, other = skeleton(variant), skeleton(reference)
    if one == other:
        return "same"
    first, _, rest = normalize_phrase(variant).partition(" ")
    if first in SETTLEMENT_NOUNS and rest and skeleton(rest) == other:
        return "framed"
    matcher = difflib.SequenceMatcher(None, one, other, autojunk=False)
    swaps = [(one[i1:i2], other[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]
    if all(_swapped_within(a, b, NEWS_LETTER_PAIRS) for a, b in swaps):
        return "news"
    if all(_letters(a, b, lambda var, ref: frozenset((var, ref)) in NEWS_LETTER_PAIRS or (var, ref) in EMPHATIC_LOSSES)
           for a, b in swaps):
        return "richer"
    if all(_lost(a, b) for a, b in swaps):
        return "transliteration"
    words, reference_words = _word_skeletons(variant), _word_skeletons(reference)
    if set(reference_words) < set(words):
        return "extension"
    if set(words) < set(reference_words):
        return "abridged"
    while words and reference_words and words[0] == reference_words[0]:
        words, reference_words = words[1:], reference_words[1:]
    while words and reference_words and words[-1] == reference_words[-1]:
        words, reference_words = words[:-1], reference_words[:-1]
    rest = difflib.SequenceMatcher(None, "".join(words), "".join(reference_words), autojunk=False)
    return "alias" if rest.ratio() < ALIAS_BELOW else "close"


def _word_skeletons(text: str) -> list[str]:
    return [skeleton(word) for word in normalize_phrase(text).split() if skeleton(word)]


def _swapped_within(one: str, other: str, pairs: frozenset[frozenset[str]]) -> bool:
    return _letters(one, other, lambda a, b: frozenset((a, b)) in pairs)


def _letters(variant: str, reference: str, allowed: Callable[[str, str], bool]) -> bool:
    """Whether the two strings have one length and every letter pair is ``allowed``."""
    return len(variant) == len(reference) > 0 and all(allowed(a, b) for a, b in zip(variant, reference, strict=True))


def _lost(variant: str, reference: str) -> bool:
    """Whether ``variant`` is ``reference`` as a romanisation would give it back."""
    if not variant and set(reference) <= ROMANISATION_DROPS:
        return True
    return _letters(variant, reference, lambda var, ref: (ref, var) in EMPHATIC_LOSSES or frozenset((var, ref)) in (
        NEWS_LETTER_PAIRS | ROMANISATION_CONFUSIONS))


KEPT_RELATIONS = frozenset({"same", "news", "richer", "extension", "alias"})
# From the closest relation to the loosest: a variant is judged by its closest reference.
RELATION_ORDER = ("same", "news", "richer", "extension", "abridged", "transliteration", "framed", "close", "alias")


def closest_relation(variant: str, references: Sequence[str]) -> str:
    """The closest ``spelling_relation`` of ``variant`` to any of ``references``."""
    return min((spelling_relation(variant, reference) for reference in references), key=RELATION_ORDER.index)


def keep_geonames_spelling(variant: str, references: Sequence[str]) -> bool:
    """Whether a GeoNames Arabic spelling is worth a variant of a place named ``references``:
    a spelling of one of them, a news spelling, one with an emphatic, a longer name, or
    another name; not a likely back-transliteration, a shortened name or a near miss."""
    return closest_relation(variant, references) in KEPT_RELATIONS


# ------------------------------------------------------------------------------ generating spellings

# Nouns that head a name in construct ("تل الطير", "خربة شيخ أحمد"): news writes the next
# word with and without the article. The article is only added after the common heads.
CONSTRUCT_HEADS = frozenset(normalize_phrase(word) for word in (
    "تل", "تلول", "خربة", "بئر", "بير", "عين", "أم", "أبو", "حاوي", "رأس", "جب", "كسرة", "مزرعة",
    "حويجة", "جزيرة", "قصر", "دير", "جسر", "رجم", "قبر", "مشرفة", "حوايج", "قطعة", "جديد", "جديدة",
))
ARTICLE_ADDED_AFTER = frozenset(normalize_phrase(word) for word in (
    "تل", "تلول", "خربة", "بئر", "بير", "أم", "رجم", "قبر", "جب", "حاوي", "جديد", "جديدة",
))
# Words that qualify a name ("سميحان الشرقي" / "سميحان شرقي"), written both ways.
QUALIFIERS = frozenset(normalize_phrase(word) for word in (
    "شرقي", "غربي", "شمالي", "جنوبي", "شرقية", "غربية", "شمالية", "جنوبية", "فوقاني", "تحتاني",
    "فوقانية", "تحتانية", "وسطاني", "وسطى", "قبلي", "كبير", "صغير", "كبيرة", "صغيرة", "كبرى",
    "صغرى", "قديم", "قديمة", "عتيق", "أول", "أولى", "ثاني", "ثانية",
))
# First names that make "أبو X" a person's kunya: "البو عمر" is not also written "أبو عمر".
KUNYA_NAMES = frozenset(normalize_phrase(word) for word in (
    "عمر", "محمد", "علي", "حسن", "حسين", "أحمد", "خالد", "يوسف", "إبراهيم", "بكر", "سعيد",
    "جاسم", "حمزة", "عبد", "عبدالله", "مصطفى", "محمود", "عيسى", "موسى", "صالح", "سليمان",
))
_ALBU_JOINED = re.compile("^(?:ال|آل)بو(?=..)")
_ALBU_ENGLISH = re.compile(r"\b(?:[aā]l[- ]?b[uūo]u?|[aā]b[uūo]u?)\b", re.IGNORECASE)


def locator_free(name: str, locators: Sequence[str]) -> list[str]:
    """"حميدية الشدادة" -> "حميدية": OCHA adds the name of the subdistrict or district to tell
    namesakes apart; news writes the village's own name. ``locators`` are those unit names."""
    words = name.split()
    out = []
    for locator in locators:
        tail = loose_key(locator)
        for cut in range(1, len(words)):
            if tail and loose_key(" ".join(words[cut:])) == tail:
                out.append(" ".join(words[:cut]))
    return unique(out)


def article_forms(name: str) -> list[str]:
    """The name with and without the article on its first word: "الكسرة" -> "كسرة" (when three
    letters or more are left); "حسرات" -> "الحسرات" for a nisba or plural (-ية, -ات) followed
    by nothing but qualifiers; "شيخ X" -> "الشيخ X"."""
    words = name.split()
    first, rest = words[0], words[1:]
    if first.startswith(ARTICLE):
        stem = first[2:]
        return [" ".join([stem, *rest])] if len(normalize_phrase(stem)) >= 3 else []
    normal = normalize_phrase(first)
    if normal == "شيخ" and rest:
        return [" ".join([ARTICLE + first, *rest])]
    nisba = normal.endswith(("يه", "ات")) and len(normal) > 3 and normal not in CONSTRUCT_HEADS
    if nisba and all(_bare(word) in QUALIFIERS for word in rest):
        return [" ".join([ARTICLE + first, *rest])]
    return []


def _bare(word: str) -> str:
    return _without_article(normalize_phrase(word))


def qualifier_forms(name: str) -> list[str]:
    """"سميحان شرقي" <-> "سميحان الشرقي": the article toggled on each qualifier after the first word."""
    words = name.split()
    out = []
    for index in range(1, len(words)):
        if _bare(words[index]) in QUALIFIERS:
            toggled = words[index][2:] if words[index].startswith(ARTICLE) else ARTICLE + words[index]
            out.append(" ".join([*words[:index], toggled, *words[index + 1:]]))
    return out


def construct_forms(name: str) -> list[str]:
    """"تل الطير" <-> "تل طير", "خربة الشيخ أحمد" -> "خربة شيخ أحمد": the article dropped from
    the word after a construct head, or added after the common heads (تل، خربة، بئر ...)."""
    words = name.split()
    out = []
    for index in range(len(words) - 1):
        head, following = normalize_phrase(words[index]), words[index + 1]
        if head not in CONSTRUCT_HEADS or _bare(following) in CONSTRUCT_HEADS | QUALIFIERS:
            continue
        if following.startswith(ARTICLE) and len(following) >= 5:
            changed = following[2:]
        elif head in ARTICLE_ADDED_AFTER and not following.startswith(ARTICLE) and _ARABIC_LETTER.match(following) and len(following) >= 3:
            changed = ARTICLE + following
        else:
            continue
        out.append(" ".join([*words[:index + 1], changed, *words[index + 2:]]))
    return out


def albu_forms(name: str, english: Sequence[str] = ()) -> list[str]:
    """The tribal "Albu" names: "البو كمال", "ال بو كمال", "آل بو كمال", "بو كمال" and "البوكمال"
    are one name, and news also writes "أبو كمال". Gives "البو X", "بو X" and "أبو X" (unless
    that is a person's kunya, "أبو عمر"). A joined "البوX" counts only when an English name
    says Albu or Abu: البويضة is al-Buwaydah."""
    words = name.split()
    for index, word in enumerate(words):
        pair = index + 1 < len(words) and words[index + 1] == "بو" and word in ("ال", "آل")
        if word in ("البو", "آلبو") or (word == "بو" and index > 0):
            rest = words[index + 1:]
        elif pair:
            rest = words[index + 2:]
        elif _ALBU_JOINED.match(word) and any(_ALBU_ENGLISH.search(text) for text in english):
            rest = [word[4:], *words[index + 1:]]
        else:
            continue
        if not rest:
            return []
        head = words[:index]
        forms = [" ".join([*head, "البو", *rest]), " ".join([*head, "بو", *rest])]
        if head or len(rest) > 1 or normalize_phrase(rest[0]) not in KUNYA_NAMES:
            forms.append(" ".join([*head, "أبو", *rest]))
        return [form for form in forms if form != name]
    return []


def split_unspaced(name: str) -> list[str]:
    """"أبوحمام" -> "أبو حمام": أبو written joined to the next word (three letters or more)."""
    words = name.split()
    for index, word in enumerate(words):
        match = re.match("^(أبو|ابو)(\\S{3,})$", word)
        if match:
            return [" ".join([*words[:index], match.group(1), match.group(2), *words[index + 1:]])]
    return []


# Last words that tell apart the parts of one village: upper and lower, the Jazira (east) and
# Shamiya (west) bank, or its eastern and western (northern, southern) part.
# News often names the village without them ("السفيرة", "تل الورد" for OCHA's "تل الورد شرقي"
# and "تل الورد غربي").
_PART_WORDS = ("فوقاني", "تحتاني", "فوقانية", "تحتانية", "جزيرة", "شامية", "جزيري", "شامي")
_SIDE_WORDS = ("شرقي", "غربي", "شمالي", "جنوبي", "شرقية", "غربية", "شمالية", "جنوبية")
# A side names a part only when the village has another part beside it: "الريحانية غربي" alone
# may be told apart from a village "الريحانية" further off, and is not that village.
SIDE_QUALIFIERS = frozenset(normalize_phrase(form) for word in _SIDE_WORDS for form in (word, "ال" + word))
PART_QUALIFIERS = frozenset(normalize_phrase(form) for word in _PART_WORDS for form in (word, "ال" + word)) | SIDE_QUALIFIERS


# Words that head a name but are no name by themselves: "تل شرقي" less its part is "تل" (hill),
# "قبر غربي" is "قبر" (tomb).
GENERIC_HEADS = frozenset(normalize_phrase(word) for word in (
    "تل", "تلة", "أم", "ام", "أبو", "ابو", "قبر", "خربة", "عين", "بئر", "بير", "جب", "حويجة",
    "مزرعة", "جسر", "دير", "كفر", "سد", "وادي", "جبل", "رجم", "قصر", "حي", "مركز",
))


def umbrella_forms(name: str) -> list[str]:
    """"سفيرة فوقاني" -> "سفيرة", "حوايج ذياب جزيرة" -> "حوايج ذياب", "تل الورد شرقي" ->
    "تل الورد": the village without the word that names its part, unless what is left is a
    generic head alone ("تل شرقي" is no "تل"). The caller checks that no other place nearby
    has that name, and, for a side, that another part lies beside it (``names_a_side``)."""
    words = name.split()
    if len(words) >= 2 and normalize_phrase(words[-1]) in PART_QUALIFIERS:
        head = words[:-1]
        if len(head) == 1 and (normalize_phrase(head[0]) in GENERIC_HEADS or len(normalize_phrase(head[0])) <= 2):
            return []
        return [" ".join(head)]
    return []


def names_a_side(name: str) -> bool:
    """Whether the last word of ``name`` is a side ("تل الورد شرقي"), not an upper or lower part."""
    words = name.split()
    return len(words) >= 2 and normalize_phrase(words[-1]) in SIDE_QUALIFIERS


def generated_spellings(names: Sequence[str], *, english: Sequence[str] = (), locators: Sequence[str] = ()) -> list[str]:
    """Every spelling the rules derive from ``names`` (a place's name and source variants),
    applied in turn so they combine ("سويدية كبيرة" -> "السويدية الكبيرة"); the inputs are
    not repeated."""
    forms = unique(names)
    steps = (
        split_unspaced,
        lambda name: locator_free(name, locators),
        lambda name: albu_forms(name, english),
        article_forms,
        construct_forms,
        qualifier_forms,
    )
    for step in steps:
        forms = unique([*forms, *(new for form in forms for new in step(form))])
    return [form for form in forms if form not in names]


# ------------------------------------------------------------------------------ what the matcher derives


def matcher_forms(name: str, spelling_pairs: Sequence[tuple[str, str]], *, max_joined_words: int = 4) -> set[str]:
    """The normalised forms the project's matcher derives from one name by itself: the
    spelling pairs of place_phrases.yaml (جديد/جديدة ...) and the name with spaces dropped.
    Mirrors geodata/matcher.py (_spellings, _joined_spellings) so that the import adds only
    what it would not find."""
    normal = normalize_phrase(name)
    spellings = {normal}
    words = normal.split(" ")
    for first, second in spelling_pairs:
        for one, other in ((first, second), (second, first)):
            if one in words:
                spellings.add(" ".join(other if word == one else word for word in words))
    for spelling in list(spellings):
        spellings |= _joined(spelling, max_joined_words)
    return spellings


def _joined(name: str, max_words: int) -> set[str]:
    words = name.split(" ")
    if len(words) > max_words:
        singles = {" ".join([*words[:i - 1], words[i - 1] + words[i], *words[i + 1:]]) for i in range(1, len(words))}
        return singles | {"".join(words)}
    out = set()
    for mask in range(1, 2 ** (len(words) - 1)):
        parts = [words[0]]
        for position, word in enumerate(words[1:]):
            parts.append(word if mask >> position & 1 else " " + word)
        out.add("".join(parts))
    return out


def prune_covered(name: str, variants: Sequence[str], spelling_pairs: Sequence[tuple[str, str]]) -> list[str]:
    """``variants`` without those the matcher already derives from the name or from an
    earlier kept variant (and without repeats under normalisation)."""
    covered = matcher_forms(name, spelling_pairs)
    kept = []
    for variant in variants:
        if normalize_phrase(variant) in covered:
            continue
        kept.append(variant)
        covered |= matcher_forms(variant, spelling_pairs)
    return kept
