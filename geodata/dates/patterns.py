"""Language data of :mod:`geodata.dates.mentions`: ``data/time_expressions.yaml`` loaded, validated and
compiled into regular expressions once.

The loader checks every section (unknown or missing keys, month numbers 1..12, each month and
weekday exactly once, known part-of-day keys, one meaning per word) and raises DataFileError
with the file and line. Every word is normalised with ``normalize_phrase``; the patterns run on
normalised text whose whitespace runs are collapsed to one space, so they match literal spaces
and contain no nested or adjacent repetition: each attempt is bounded and a scan is linear.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple, TypeVar, get_args

import ahocorasick

from geodata.datafiles import LINE_KEY, data_path, line_of, load_yaml, require_strings
from geodata.errors import DataFileError
from geodata.text import normalize_phrase
from geodata.text.prefixes import ARTICLE, PROCLITICS

DATA_FILE = "time_expressions.yaml"
TimeOfDay = Literal["dawn", "morning", "afternoon", "evening", "night"]
TIMES_OF_DAY: tuple[TimeOfDay, ...] = get_args(TimeOfDay)
# how exactly a date is known: to the day, roughly (a week, "mid-month"), or not at all
DatePrecision = Literal["day", "approximate", "unknown"]
DATE_PRECISIONS: tuple[DatePrecision, ...] = get_args(DatePrecision)
WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
UNIT_KEYS = ("day", "week", "month", "year")
SUFFIX_KEYS = ("current", "previous", "before_previous", "next")
PART_KEYS = ("start", "middle", "end")
CLOCK_RULES = ("am", "pm", "night")
UNIT_PRECISIONS: tuple[DatePrecision, ...] = ("day", "approximate")
WORD_LISTS = (
    "weekday_blockers", "weekday_connectors", "day_words", "of_words", "month_words", "joiners",
    "clock_words", "clock_fractions", "relative_day_blockers", "ago_words", "approximators",
    "year_words", "year_preps", "after_midnight", "day_range_joiners", "this_words", "era_marks",
    "hijri_months", "hijri_marks", "day_month_leads", "publication_labels", "update_labels", "same_words",
    "same_day_words", "range_ends", "next_day_words", "day_before_words",
)
# section -> (required keys, optional keys) of its entries
ENTRY_KEYS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "months": (frozenset({"number", "names"}), frozenset()),
    "weekdays": (frozenset({"weekday", "names"}), frozenset()),
    "parts_of_day": (frozenset({"key", "prefix", "clock"}), frozenset({"standalone"})),
    "clock_hours": (frozenset({"key", "from", "to"}), frozenset()),
    "hour_words": (frozenset({"hour", "words"}), frozenset()),
    "ordinal_days": (frozenset({"day", "words"}), frozenset()),
    "cardinals": (frozenset({"value", "words"}), frozenset()),
    "relative_days": (frozenset({"offset", "words"}), frozenset({"time_of_day"})),
    "units": (frozenset({"key", "days", "precision", "singular", "dual", "plural"}), frozenset({"named"})),
    "suffixes": (frozenset({"key", "words"}), frozenset()),
    "period_parts": (frozenset({"key", "words", "day_of_month", "day_of_year"}), frozenset()),
    "vague_periods": (frozenset({"days", "words"}), frozenset({"until_now"})),
}
T = TypeVar("T")
_Choice = TypeVar("_Choice", bound=str)


@dataclass(frozen=True)
class TimeExpressions:
    """The indexes derived from the data file: normalised word -> meaning."""

    months: dict[str, int]
    weekdays: dict[str, int]  # Python weekday numbers, Monday 0
    pod_prefix: dict[str, TimeOfDay]
    pod_standalone: dict[str, TimeOfDay]
    pod_clock: dict[str, str]  # any part-of-day word -> am | pm | night
    clock_hours: tuple[tuple[int, int, TimeOfDay], ...]
    hour_words: dict[str, int]
    ordinals: dict[str, int]
    cardinals: dict[str, int]
    relative_days: dict[str, tuple[int, TimeOfDay | None]]
    unit_words: dict[str, tuple[str, int]]  # word -> (unit, 1 singular | 2 dual | 0 plural)
    unit_days: dict[str, int]
    unit_precision: dict[str, DatePrecision]
    named_units: dict[str, str]
    suffixes: dict[str, str]
    parts: dict[str, str]
    part_day_of_month: dict[str, int]
    part_day_of_year: dict[str, tuple[int, int]]
    vague: dict[str, int]
    words: dict[str, tuple[str, ...]]
    vague_until_now: frozenset[str] = frozenset()  # vague periods that run up to the page's day


# The forms of a date mention, in the order the mention pattern tries them.
FORMS = ("clock", "day", "ago", "named", "month", "year", "vague")
ALL_FORMS = (1 << len(FORMS)) - 1


def form_bit(form: str) -> int:
    """The bit that stands for ``form`` in a set of forms."""
    return 1 << FORMS.index(form)


DIGIT_FORMS = form_bit("day") | form_bit("year")  # the forms that may begin with a digit (perhaps after ال)


class DateWord(NamedTuple):
    """What a word that ``Patterns.words`` finds is to the scanner."""

    length: int
    anchor: bool  # every mention holds an anchor or a digit: the scanner looks only near them
    forms: int  # bits over FORMS: the forms a mention may begin with it in, after an attached prefix
    standalone: bool  # a part of day said alone may begin with it, after an attached prefix


@dataclass(frozen=True)
class Patterns:
    standalone: re.Pattern[str]
    gap: re.Pattern[str]
    hijri: re.Pattern[str]  # a Hijri date, which a weekday and the Gregorian date it goes with may enclose
    roles: dict[str, DateWord]  # what the scanner looks for before it runs the patterns
    words: ahocorasick.Automaton  # the same, ready to scan
    proclitic: str  # how the mention pattern opens
    forms: tuple[str, ...]  # the pattern of each of FORMS
    _by_forms: dict[int, re.Pattern[str]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def mention(self) -> re.Pattern[str]:
        """Any date mention."""
        return self.mention_of(ALL_FORMS)

    def mention_of(self, forms: int) -> re.Pattern[str]:
        """``mention`` with only the forms in the bits ``forms``, in the same order. Where no
        other form can begin, it finds just what ``mention`` finds, without failing the long
        alternations of the others first."""
        pattern = self._by_forms.get(forms)
        if pattern is None:
            chosen = "|".join(form for index, form in enumerate(self.forms) if forms >> index & 1)
            pattern = self._by_forms[forms] = re.compile(f"{self.proclitic}(?:{chosen})(?!\\w)")
        return pattern


# ---------------------------------------------------------------- validation helpers


def _fail(path: Path, item: object, reason: str) -> DataFileError:
    return DataFileError(str(path), line_of(item), reason)


def _entries(path: Path, data: Mapping[str, Any], section: str) -> list[dict[str, Any]]:
    """The mappings of ``section``, each with exactly the known keys."""
    required, optional = ENTRY_KEYS[section]
    value = data.get(section)
    if not isinstance(value, list) or not value:
        raise _fail(path, data, f"'{section}' must be a non-empty list of mappings")
    for item in value:
        if not isinstance(item, dict):
            raise _fail(path, data, f"'{section}' entries must be mappings with keys {sorted(required)}, got {item!r}")
        keys = set(item) - {LINE_KEY}
        if keys - required - optional:
            unknown, allowed = sorted(keys - required - optional), sorted(required | optional)
            raise _fail(path, item, f"unknown key(s) {unknown} in '{section}'; allowed: {allowed}")
        if required - keys:
            raise _fail(path, item, f"missing key(s) {sorted(required - keys)} in '{section}'")
    return value


def _int(path: Path, item: Mapping[str, Any], key: str, low: int, high: int) -> int:
    value = item.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _fail(path, item, f"'{key}' must be a whole number from {low} to {high}, got {value!r}")
    return value


def _choice(path: Path, item: Mapping[str, Any], key: str, choices: tuple[_Choice, ...]) -> _Choice:
    value = item.get(key)
    if value not in choices:
        raise _fail(path, item, f"'{key}' must be one of {list(choices)}, got {value!r}")
    return choices[choices.index(value)]


def _words(path: Path, item: Mapping[str, Any], key: str) -> list[str]:
    """The normalised words of ``item[key]``; empty when an optional key is absent."""
    if key not in item:
        return []
    words = [normalize_phrase(word) for word in require_strings(path, item, key)]
    if not all(words):
        raise _fail(path, item, f"'{key}' has an entry that is empty once normalised")
    return words


def _add(path: Path, item: object, index: dict[str, T], words: Iterable[str], value: T) -> None:
    """Add ``words`` -> ``value``; a word that already means something else is an error."""
    for word in words:
        if index.setdefault(word, value) != value:
            raise _fail(path, item, f"'{word}' means both {index[word]!r} and {value!r}; list it once")


def _each_once(
    path: Path, data: Mapping[str, Any], section: str, seen: Sequence[object], expected: Iterable[object]
) -> None:
    for value in set(seen):
        if seen.count(value) > 1:
            raise _fail(path, data, f"'{section}' lists {value!r} more than once; merge those entries")
    missing = [value for value in expected if value not in seen]
    if missing:
        raise _fail(path, data, f"'{section}' has no entry for {missing}; each must appear exactly once")


# ---------------------------------------------------------------- sections


def _months(path: Path, data: Mapping[str, Any]) -> dict[str, int]:
    index: dict[str, int] = {}
    numbers = []
    for item in _entries(path, data, "months"):
        numbers.append(_int(path, item, "number", 1, 12))
        _add(path, item, index, _words(path, item, "names"), numbers[-1])
    _each_once(path, data, "months", numbers, range(1, 13))
    return index


def _weekdays(path: Path, data: Mapping[str, Any]) -> dict[str, int]:
    index: dict[str, int] = {}
    keys = []
    for item in _entries(path, data, "weekdays"):
        keys.append(_choice(path, item, "weekday", WEEKDAY_KEYS))
        _add(path, item, index, _words(path, item, "names"), WEEKDAY_KEYS.index(keys[-1]))
    _each_once(path, data, "weekdays", keys, WEEKDAY_KEYS)
    return index


def _parts_of_day(path: Path, data: Mapping[str, Any]) -> tuple[dict[str, TimeOfDay], dict[str, TimeOfDay], dict[str, str]]:
    prefix: dict[str, TimeOfDay] = {}
    standalone: dict[str, TimeOfDay] = {}
    clock: dict[str, str] = {}
    for item in _entries(path, data, "parts_of_day"):
        key = _choice(path, item, "key", TIMES_OF_DAY)
        rule = _choice(path, item, "clock", CLOCK_RULES)
        _add(path, item, prefix, _words(path, item, "prefix"), key)
        _add(path, item, standalone, _words(path, item, "standalone"), key)
        _add(path, item, clock, _words(path, item, "prefix") + _words(path, item, "standalone"), rule)
    return prefix, standalone, clock


def _clock_hours(path: Path, data: Mapping[str, Any]) -> tuple[tuple[int, int, TimeOfDay], ...]:
    ranges: list[tuple[int, int, TimeOfDay, Mapping[str, Any]]] = []
    for item in _entries(path, data, "clock_hours"):
        low, high = _int(path, item, "from", 0, 23), _int(path, item, "to", 1, 24)
        ranges.append((low, high, _choice(path, item, "key", TIMES_OF_DAY), item))
    ranges.sort(key=lambda entry: entry[0])
    end = 0
    for low, high, _key, entry in ranges:
        if low != end or high <= low:
            reason = f"expected a range from {end}, got {low}..{high}"
            raise _fail(path, entry, f"clock_hours must cover 0..24 in order without gaps or overlaps: {reason}")
        end = high
    if end != 24:
        raise _fail(path, data, f"clock_hours must end at 24, the last range ends at {end}")
    return tuple((low, high, key) for low, high, key, _item in ranges)


def _numbered(path: Path, data: Mapping[str, Any], section: str, key: str, low: int, high: int) -> dict[str, int]:
    index: dict[str, int] = {}
    for item in _entries(path, data, section):
        _add(path, item, index, _words(path, item, "words"), _int(path, item, key, low, high))
    return index


def _relative_days(path: Path, data: Mapping[str, Any]) -> dict[str, tuple[int, TimeOfDay | None]]:
    index: dict[str, tuple[int, TimeOfDay | None]] = {}
    for item in _entries(path, data, "relative_days"):
        tod = _choice(path, item, "time_of_day", TIMES_OF_DAY) if "time_of_day" in item else None
        _add(path, item, index, _words(path, item, "words"), (_int(path, item, "offset", -7, 7), tod))
    return index


def _units(
    path: Path, data: Mapping[str, Any]
) -> tuple[dict[str, tuple[str, int]], dict[str, int], dict[str, DatePrecision], dict[str, str]]:
    words: dict[str, tuple[str, int]] = {}
    days: dict[str, int] = {}
    precision: dict[str, DatePrecision] = {}
    named: dict[str, str] = {}
    for item in _entries(path, data, "units"):
        key = _choice(path, item, "key", UNIT_KEYS)
        days[key] = _int(path, item, "days", 1, 366)
        precision[key] = _choice(path, item, "precision", UNIT_PRECISIONS)
        for form, count in (("singular", 1), ("dual", 2), ("plural", 0)):
            _add(path, item, words, _words(path, item, form), (key, count))
        _add(path, item, named, _words(path, item, "named"), key)
    return words, days, precision, named


def _keyed(path: Path, data: Mapping[str, Any], section: str, keys: tuple[str, ...]) -> dict[str, str]:
    index: dict[str, str] = {}
    for item in _entries(path, data, section):
        _add(path, item, index, _words(path, item, "words"), _choice(path, item, "key", keys))
    return index


def _part_days(path: Path, data: Mapping[str, Any]) -> tuple[dict[str, int], dict[str, tuple[int, int]]]:
    in_month: dict[str, int] = {}
    in_year: dict[str, tuple[int, int]] = {}
    for item in _entries(path, data, "period_parts"):
        key = _choice(path, item, "key", PART_KEYS)
        in_month[key] = _int(path, item, "day_of_month", 1, 28)
        pair = item.get("day_of_year")
        if not (isinstance(pair, list) and len(pair) == 2 and all(type(n) is int for n in pair)
                and 1 <= pair[0] <= 12 and 1 <= pair[1] <= 28):
            raise _fail(path, item, f"'day_of_year' must be [month 1..12, day 1..28], got {pair!r}")
        in_year[key] = (pair[0], pair[1])
    return in_month, in_year


def _until_now(path: Path, data: Mapping[str, Any]) -> frozenset[str]:
    words: set[str] = set()
    for item in _entries(path, data, "vague_periods"):
        value = item.get("until_now", False)
        if not isinstance(value, bool):
            raise _fail(path, item, f"'until_now' must be true or false, got {value!r}")
        if value:
            words.update(_words(path, item, "words"))
    return frozenset(words)


def _word_lists(path: Path, data: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    lists = {}
    for name in WORD_LISTS:
        lists[name] = tuple(_words(path, data, name)) if name in data else ()
        if not lists[name]:
            raise _fail(path, data, f"'{name}' must be a non-empty list of words")
    return lists


def _check_top_level(path: Path, data: Mapping[str, Any]) -> None:
    known = set(WORD_LISTS) | set(ENTRY_KEYS)
    unknown = sorted(set(data) - known - {LINE_KEY})
    if unknown:
        raise _fail(path, data, f"unknown section(s) {unknown}; known sections: {sorted(known)}")


def read_time_expressions(path: Path) -> TimeExpressions:
    """Load and validate a time-expressions file (raises DataFileError with file and line)."""
    data = load_yaml(path)
    _check_top_level(path, data)
    prefix, standalone, clock = _parts_of_day(path, data)
    unit_words, unit_days, unit_precision, named = _units(path, data)
    in_month, in_year = _part_days(path, data)
    return TimeExpressions(
        months=_months(path, data), weekdays=_weekdays(path, data),
        pod_prefix=prefix, pod_standalone=standalone, pod_clock=clock,
        clock_hours=_clock_hours(path, data),
        hour_words=_numbered(path, data, "hour_words", "hour", 1, 12),
        ordinals=_numbered(path, data, "ordinal_days", "day", 1, 31),
        cardinals=_numbered(path, data, "cardinals", "value", 2, 99),
        relative_days=_relative_days(path, data),
        unit_words=unit_words, unit_days=unit_days, unit_precision=unit_precision, named_units=named,
        suffixes=_keyed(path, data, "suffixes", SUFFIX_KEYS),
        parts=_keyed(path, data, "period_parts", PART_KEYS), part_day_of_month=in_month, part_day_of_year=in_year,
        vague=_numbered(path, data, "vague_periods", "days", 0, 3660),
        words=_word_lists(path, data),
        vague_until_now=_until_now(path, data),
    )


# ---------------------------------------------------------------- patterns


def alternation(words: Iterable[str]) -> str:
    """A non-capturing alternation of literal ``words``, longest first so the longest wins."""
    ordered = sorted(set(words), key=lambda word: (-len(word), word))
    return "(?:" + "|".join(re.escape(word) for word in ordered) + ")"


def _month_tail(te: TimeExpressions, p: str) -> str:
    """A month name, an optional second name ("شباط/فبراير", "نيسان (أبريل)"), then a year or suffix."""
    of, mon, years = alternation(te.words["of_words"]), alternation(te.months), alternation(te.words["year_words"])
    return (
        f"(?P<{p}mon>{mon})(?: ?[/(\\-] ?(?P<{p}mon2>{mon}) ?\\)?)?"
        f"(?:(?:(?: ?[,،])? (?:{of} )?(?:{years} )?| ?[/\\-] ?)(?P<{p}year>\\d{{4}})(?!\\d){_era(te)}"
        # "10 من تشرين الثاني الجاري من العام 2017": the suffix, then the year
        f"| (?P<{p}suf>{alternation(te.suffixes)})(?: (?:{of} )?(?:{years} )?(?P<{p}year2>\\d{{4}})(?!\\d){_era(te)})?"
        f"| (?:{of} )?(?P<{p}sameyear>{_named(te, 'year')}) {alternation(te.words['same_words'])}(?!\\w))?"
    )


def _day_form(te: TimeExpressions) -> str:
    w = te.words
    of, wd = alternation(w["of_words"]), alternation(te.weekdays)
    prefix = (
        f"(?:(?P<amid>{alternation(w['after_midnight'])}) )?"
        f"(?:(?P<pod>{alternation(te.pod_prefix)}) (?:{of} )?)?(?:{alternation(w['day_words'])} )?"
    )
    weekday = (
        f"(?P<wd>{wd})(?! {alternation(w['weekday_blockers'])}(?!\\w))"
        f"(?:(?: ?{alternation(w['weekday_connectors'])} ?| )(?P<wd2>{wd}))?(?: (?P<wsuf>{alternation(te.suffixes)}))?"
    )
    relative = f"(?P<rel>{alternation(te.relative_days)})(?! {alternation(w['relative_day_blockers'])}(?!\\w))"
    same_day = (f"(?P<sday>{alternation(w['same_day_words'])}) (?:{alternation(w['same_words'])}"
                f"|(?P<snext>{alternation(w['next_day_words'])})|(?P<sprev>{alternation(w['day_before_words'])}))(?!\\w)")
    months = alternation(te.months)
    numeric = (
        f"(?P<nd>\\d{{1,2}}) ?(?P<ns>[/.\\-]) ?(?P<nm>\\d{{1,2}}) ?(?P=ns) ?(?P<ny>\\d{{4}})(?!\\d){_era(te)}"
        r"|(?P<iy>\d{4})(?P<is>[/.\-])(?P<im>\d{1,2})(?P=is)(?P<id>\d{1,2})(?!\d)"
        # "15/8", "(26-2)": a day and month with no year (read only after a lead word, a weekday or "(");
        # not the first day of a night across two ("29/30 تشرين الأول")
        f"|(?P<sd>\\d{{1,2}})(?P<ss>[/\\-])(?P<sm>\\d{{1,2}})(?![\\d/.\\-])(?! (?:{of} )?{months}(?!\\w))"
    )
    # "29/30 تشرين الأول" (a night across two days) and "29 و30 من": the first day
    day_range = f"(?: ?(?:[/\\-–]|{alternation(w['day_range_joiners'])}) ?\\d{{1,2}}(?!\\d))?"
    # "31 / أغسطس / 2025": a day, a month name and a year between slashes
    slash = f" ?[/\\-] ?(?={alternation(te.months)}(?!\\w))"
    day = (f"(?:(?:{ARTICLE})?(?P<dnum>\\d{{1,2}})(?!\\d)(?:{slash}|{day_range} ?(?:{of} )?)"
           f"|(?P<dord>{alternation(te.ordinals)}) {of} )")
    this_month = _named(te, "month")
    month = (
        f"(?:{alternation(w['month_words'])} )?(?:{_month_tail(te, 'd')}"
        f"|(?P<drelmon>{this_month}) (?P<drelsuf>{alternation(te.suffixes)})"
        # "في 3 الجاري": the day of the published month, the month word left out
        f"|(?P<dcur>{alternation(word for word, key in te.suffixes.items() if key == 'current')})(?!\\w)"
        # "في العاشر من هذا الشهر": the published month too
        f"|{alternation(w['this_words'])} (?P<dthis>{this_month})(?!\\w)"
        # "في 23 من الشهر ذاته": the month of the date named before
        f"|(?P<dsamemon>{this_month}) {alternation(w['same_words'])}(?!\\w))"
    )
    return f"(?P<day>{prefix}(?:{weekday}|{same_day}|{relative}|{numeric}|{day}{month}))"


def _clock_form(te: TimeExpressions) -> str:
    w = te.words
    pods = alternation([*te.pod_prefix, *te.pod_standalone])
    return (
        f"(?P<clock>{alternation(w['clock_words'])} "
        f"(?:(?P<hh>\\d{{1,2}})(?::(?P<mm>\\d{{2}}))?(?!\\d)|(?P<hw>{alternation(te.hour_words)}))"
        f"(?: {alternation(w['clock_fractions'])})?(?: (?:{alternation(w['of_words'])} )?(?P<cpod>{pods}))?)"
    )


def _ago_form(te: TimeExpressions) -> str:
    w = te.words
    single = alternation(k for k, (_unit, count) in te.unit_words.items() if count)
    return (
        f"(?P<ago>{alternation(w['ago_words'])} (?:(?P<approx>{alternation(w['approximators'])}) )?"
        f"(?:(?:(?P<num>\\d{{1,3}}) ?|(?P<card>{alternation(te.cardinals)}) )(?P<unitn>{alternation(te.unit_words)})"
        f"|(?P<unit1>{single})(?! {alternation(te.weekdays)}(?!\\w)))(?! ?\\d))"
    )


def _named_form(te: TimeExpressions) -> str:
    return (
        f"(?P<named>(?:(?P<npart>{alternation(te.parts)}) )?(?P<nunit>{alternation(te.named_units)})"
        f" (?P<nsuf>{alternation(te.suffixes)}))"
    )


def _month_form(te: TimeExpressions) -> str:
    of = alternation(te.words["of_words"])
    return (
        f"(?P<month>(?:(?P<mpart>{alternation(te.parts)}) (?:{of} )?)?"
        f"(?:(?P<mword>{alternation(te.words['month_words'])}) )?{_month_tail(te, 'm')})"
    )


def _year_form(te: TimeExpressions) -> str:
    w = te.words
    return (
        f"(?P<year>(?:(?P<ypart>{alternation(te.parts)}) (?:{alternation(w['of_words'])} )?)?"
        f"(?:(?P<yprep>{alternation(w['year_preps'])}) )?(?:(?P<yword>{alternation(w['year_words'])}) )?"
        f"(?P<yyear>\\d{{4}})(?!\\d)(?! ?[/.\\-] ?\\d))"
    )


def _named(te: TimeExpressions, unit: str) -> str:
    """The words for ``unit`` with the article: "الشهر", "العام"."""
    return alternation(word for word, key in te.named_units.items() if key == unit)


def _era(te: TimeExpressions) -> str:
    """An optional mark of the Gregorian era after a year: "2024م", "2024 م"."""
    return f"(?: ?{alternation(te.words['era_marks'])}(?!\\w))?"


def _hijri_date(te: TimeExpressions) -> str:
    """A Hijri date: "29 جمادى الأولى 1447هـ" (the year and its mark optional)."""
    return (f"\\d{{1,2}} (?:/ ?)?{alternation(te.words['hijri_months'])}(?: (?:/ ?)?\\d{{3,4}})?"
            f"(?: ?{alternation(te.words['hijri_marks'])}(?!\\w))?(?!\\w)")


def _hijri(te: TimeExpressions) -> re.Pattern[str]:
    return re.compile(_hijri_date(te))


def _vague_form(te: TimeExpressions) -> str:
    return f"(?P<vague>{alternation(te.vague)})"


def build_patterns(te: TimeExpressions) -> Patterns:
    """Compile the scanners: one alternation for every date form, one for parts of day alone."""
    builders = {"clock": _clock_form, "day": _day_form, "ago": _ago_form, "named": _named_form,
                "month": _month_form, "year": _year_form, "vague": _vague_form}
    forms = tuple(builders[name](te) for name in FORMS)
    proclitic = f"(?<!\\w){alternation(PROCLITICS)}?"  # attached و ف ب ل ك: "وأمس", "بالأمس"
    standalone = re.compile(f"{proclitic}(?P<pod>{alternation(te.pod_standalone)})(?!\\w)")
    joiners = alternation([*te.words["joiners"], *te.words["of_words"]])
    # "اليوم الأحد الـ 12 من ...": the article written apart before a day's digits
    gap = re.compile(f"(?:[ ,،:()\\[\\]\\-–—/|]|{joiners}(?!\\w)|{ARTICLE}(?= |$)|{_hijri_date(te)})*")
    roles = _word_roles(te)
    automaton = ahocorasick.Automaton()
    for word, role in roles.items():
        automaton.add_word(word, role)
    automaton.make_automaton()
    return Patterns(standalone, gap, _hijri(te), roles, automaton, proclitic, forms)


def _word_roles(te: TimeExpressions) -> dict[str, DateWord]:
    """The words the scanner looks for before it runs the patterns, and what each is to it
    (digits, which are anchors and leads too, it finds apart)."""
    anchors, leads, standalone = _anchor_words(te), _lead_words(te), set(te.pod_standalone)
    return {word: DateWord(len(word), word in anchors, leads.get(word, 0), word in standalone)
            for word in anchors | set(leads) | standalone}


def _anchor_words(te: TimeExpressions) -> set[str]:
    """Words at least one of which is in every date mention, so the scanner need only look
    near them (digits are anchors too, found apart)."""
    words = [*te.months, *te.weekdays, *te.relative_days, *te.vague, *te.named_units, *te.pod_prefix, *te.words["same_day_words"],
             *te.pod_standalone, *te.ordinals, *te.words["clock_words"], *te.words["ago_words"], *te.words["year_words"]]
    return {max(word.split(" "), key=len) for word in words if word}


def _lead_words(te: TimeExpressions) -> dict[str, int]:
    """The words a mention may begin with, each with the forms (bits over FORMS) that may begin
    with it: the first word of each form above, counting those that are optional. The scanner
    tries only those forms, only where such a word stands (digits lead too: DIGIT_FORMS).
    Keep in step with the forms."""
    w = te.words
    firsts = {
        "clock": w["clock_words"],
        "day": [*w["after_midnight"], *te.pod_prefix, *w["day_words"], *te.weekdays, *te.relative_days, *te.ordinals,
                *w["same_day_words"]],
        "ago": w["ago_words"],
        "named": [*te.parts, *te.named_units],
        "month": [*te.parts, *w["month_words"], *te.months],
        "year": [*te.parts, *w["year_preps"], *w["year_words"]],
        "vague": list(te.vague),
    }
    leads: dict[str, int] = {}
    for form, words in firsts.items():
        for word in words:
            leads[word] = leads.get(word, 0) | form_bit(form)
    return leads


@lru_cache(maxsize=8)
def _cached(path: str) -> tuple[TimeExpressions, Patterns]:
    te = read_time_expressions(Path(path))
    return te, build_patterns(te)


@lru_cache(maxsize=1)
def _default_path() -> str:
    return str(data_path(DATA_FILE))


def time_expressions(path: Path | None = None) -> tuple[TimeExpressions, Patterns]:
    """The (cached) indexes and patterns of the bundled data file, or of ``path``."""
    return _cached(str(path) if path is not None else _default_path())
