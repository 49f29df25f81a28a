"""Dates and parts of day in Arabic news text, resolved against the article's published date.

Forms (words in ``data/time_expressions.yaml``): weekdays with or without يوم and a part of day
("مساء يوم الاثنين", "ليلة الأحد على الاثنين"); أمس, أول أمس, اليوم, الليلة الماضية; day and
month in digits or ordinal words with Levantine or Egyptian month names, single or paired
("11 من نيسان", "العاشر من شباط/فبراير الماضي", "١١ نيسان ٢٠٢٣"); numeric dates (10/4/2023,
2023-04-10); "قبل يومين", "قبل نحو أسبوع", "الشهر الماضي"; vague periods ("خلال الأسابيع
الماضية", "مؤخراً"); years ("عام 2019", "نهاية عام 2017"); clock times ("الساعة العاشرة مساءً").
A weekday or relative day followed by the explicit date it stands for ("صباح اليوم، الثلاثاء 11 من
نيسان") is one mention, resolved from the explicit date.

Choices: a day and month without a year take the latest year that puts them no more than two
days after the published date; a vague period is the published date minus the days the data file
gives it (0 for hours, 3 for days, 7 for مؤخراً, 14 for weeks, 60 for months); a month alone is
its 15th, a year alone 1 July; approximate forms never resolve after the published date; a clock
hour decides the part of day by the ranges in the data file (22:00 night, 20:00 evening); and
"ساعات الصباح الأولى" is dawn. ``relative`` means the date depends on the published date.

The project does not use dateparser: on 15 rows of our test table dateparser 1.5 (search_dates,
Arabic, day first, fixed RELATIVE_BASE) found the right date for at most 6 and silently returned
nothing or a wrong date for the rest (أول من أمس, ordinal days, paired month names, "قبل ثلاثة
أيام", vague periods, "نهاية عام 2017"), and it gives no part of day.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from geodata.dates.patterns import (
    DIGIT_FORMS,
    DatePrecision,
    DateWord,
    Patterns,
    TimeExpressions,
    TimeOfDay,
    time_expressions,
)
from geodata.text import NormalizedText, collapse_spaces, is_regex_word_char, normalize, normalize_with_offsets
from geodata.text.prefixes import ARTICLE, PROCLITICS

MIN_YEAR, MAX_YEAR = 1900, 2100
SLACK = dt.timedelta(days=2)  # a date without a year may lie this far after publication
MID_MONTH = 15  # day taken for a month named without a day
MID_YEAR = (7, 1)  # month and day taken for a year named alone
MAX_GAP = 24  # longest text between a weekday and the explicit date it stands for
MAX_HIJRI_GAP = 64  # the same when a Hijri date stands between them
# which of two joined mentions gives the date: an explicit date, else a weekday (a relative day
# that names its weekday, "أمس الأحد", means that weekday even when the page's date is a day off)
_KIND_RANK = {"clock": 0, "relative": 1, "weekday": 2, "explicit": 3}
CLOSE_DAYS = 31  # a day and month this close before the published date keep its year whatever weekday is named
YEARS_BACK = 12  # how far back a weekday with a day and month may place its year
_SIGN = {"current": 0, "previous": -1, "before_previous": -2, "next": 1}


@dataclass(frozen=True)
class DateMention:
    """A date expression: its span in the original text and what it resolves to."""

    start: int
    end: int
    text: str
    date: dt.date | None
    precision: DatePrecision
    time_of_day: TimeOfDay | None
    relative: bool  # the date depends on the published date (a weekday, أمس, a day-month with no year, ...)
    vague: bool  # a vague period such as "خلال الأسابيع الماضية"
    day_offset: int = 0  # a relative day said with the date ("أمس السبت 22 أكتوبر": -1): the page's day is date - this
    until_now: bool = False  # a vague period that runs up to the page's day ("خلال الأيام الماضية"), not one before it ("قبل أيام")
    year_only: bool = False  # only a year is named ("عام 2017")
    same_day_as_before: bool = False  # "اليوم ذاته": the day of the date named before it


class _Found(NamedTuple):
    """A mention in the collapsed normalised text, before it is mapped back to the source (a
    named tuple: ``_replace`` copies one far faster than ``dataclasses.replace``)."""

    kind: str  # clock | weekday | relative | explicit | period
    date: dt.date | None
    precision: DatePrecision
    time_of_day: TimeOfDay | None = None
    relative: bool = False
    vague: bool = False
    start: int = 0
    end: int = 0
    weekday: int | None = None  # a weekday's number (Monday 0), when the mention names one
    month_day: tuple[int, int] | None = None  # month and day of a date written without its year
    after_midnight: bool = False  # "بعد منتصف ليلة ...": the day after the night named
    day_offset: int = 0  # the offset of a relative day (أمس -1), kept when it joins an explicit date
    until_now: bool = False  # a vague period up to the page's day
    year_only: bool = False  # only a year is named
    # the date named before gives this one's day ("اليوم ذاته"; "اليوم التالي": anaphor_day 1), month ("23 من الشهر نفسه": day 23)
    # or year ("5 آذار من العام نفسه": month_day (3, 5); "آذار من العام نفسه": month_day (3, 0))
    anaphor: str | None = None
    anaphor_day: int = 0


_START = _Found._fields.index("start")
assert _Found._fields[_START + 1] == "end"


def _spanned(item: _Found, start: int, end: int) -> _Found:
    """``item._replace(start=start, end=end)`` without its keyword machinery, which costs several
    times as much (once per mention of every article)."""
    return tuple.__new__(_Found, (*item[:_START], start, end, *item[_START + 2:]))


# Normalisation writes every whitespace character as a space; a literal pattern is found faster.
_SPACE_RUN = re.compile("  +")
_DIGITS = re.compile(r"\d+")
_WINDOW_BEFORE = 48
_MAX_WORD = 40  # a "word" longer than this is no date: stop looking for its edge
_PREFIX_LETTERS = frozenset("".join(PROCLITICS) + ARTICLE)
_WINDOW_AFTER = 72
_LONGEST_PREFIX = max(map(len, PROCLITICS)) + len(ARTICLE)  # "وبال" before a digit: "وبال10 من"


def find_dates(text: str, published: dt.date | None, *, norm: NormalizedText | None = None) -> list[DateMention]:
    """Every date mention in ``text``, in text order and non-overlapping (``norm``: the text
    already normalised, to save doing it again)."""
    scan = _scan(text, published, norm)
    return [_mention(text, scan.collapsed, item) for item in scan.found if item.kind != "clock"]


def date_of(text: str, published: dt.date | None) -> DateMention | None:
    """The best single mention in a sentence: explicit day > relative day > approximate > vague, then the first."""
    scan = _scan(text, published)
    best = max((item for item in scan.found if item.kind != "clock"), key=_score, default=None)
    return None if best is None else _mention(text, scan.collapsed, best)


def time_of_day_in(text: str) -> str | None:
    """The first part of day mentioned in ``text``, with or without a date ("مساءً", "ليلاً")."""
    found = parts_of_day(text)
    return found[0][1] if found else None


def parts_of_day(text: str, *, norm: NormalizedText | None = None) -> list[tuple[int, TimeOfDay]]:
    """Every part of day mentioned in ``text`` as (source offset, part), in text order."""
    return _parts(_scan(text, None, norm))


def dates_and_parts_of_day(
    text: str, published: dt.date | None, *, norm: NormalizedText | None = None,
    word_ends: list[tuple[int, DateWord]] | None = None,
) -> tuple[list[DateMention], list[tuple[int, TimeOfDay]]]:
    """``find_dates`` and ``parts_of_day`` in one scan of the text. ``word_ends``: where the
    words of ``Patterns.roles`` end in ``norm.text`` (``last``, role), in text order, when a
    scan for more words has found them."""
    scan = _scan(text, published, norm, word_ends)
    return [_mention(text, scan.collapsed, item) for item in scan.found if item.kind != "clock"], _parts(scan)


def dates_with_reference(
    text: str, published: dt.date | None, *, norm: NormalizedText | None = None,
    word_ends: list[tuple[int, DateWord]] | None = None, within: Sequence[tuple[int, int]] | None = None,
) -> tuple[list[DateMention], list[tuple[int, TimeOfDay]], dt.date | None]:
    """``dates_and_parts_of_day``, and the date the text is read against: ``published``, or for a
    page with no published date, the date a line labels as the page's ("نُشر في 30 آب 2025",
    else "آخر تحديث: ..."), else the latest day the text itself fixes (a full date, or a weekday
    with a day and month: "اليوم، الاثنين 3 من شباط"), against which its other dates ("أمس",
    "18 أيلول") are then read. A line that holds nothing but a date (a site's date bar, the time
    stamp of a photo or a comment) fixes nothing. None when the text fixes no day either: its
    relative dates stay unresolved. ``within``: the spans of the text that are the article's own
    (not the headlines of other articles a page lists): only their days fix the reference."""
    mentions, parts = dates_and_parts_of_day(text, published, norm=norm, word_ends=word_ends)
    if published is not None:
        return mentions, parts, published
    counted = mentions if within is None else [
        mention for mention in mentions if any(low <= mention.start < high for low, high in within)]
    reference = labelled_page_date(text, mentions) or inferred_reference(
        mention for mention in counted if mention.date is not None and mention.precision == "day"
        and not date_only_line(text, mention, mentions))
    if reference is None:
        return mentions, parts, None
    mentions, parts = dates_and_parts_of_day(text, reference, norm=norm, word_ends=word_ends)
    return mentions, parts, reference


def inferred_reference(mentions: Iterable[DateMention]) -> dt.date | None:
    """The latest day that mentions read with no published date fix, not after today."""
    limit = today()
    days = [_shift(mention.date, -mention.day_offset) for mention in mentions
            if mention.date is not None and mention.precision == "day"]
    return max((day for day in days if day is not None and day <= limit), default=None)


def _line_of(text: str, position: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end < 0 else end


_LABEL_TAIL = " \t:：-–—|،,*"


def labelled_page_date(text: str, mentions: Sequence[DateMention]) -> dt.date | None:
    """The day a label on its line gives as the page's own ("تاريخ النشر: 30 أغسطس 2023",
    "نُشر في 2025/08/30"), a publication label before an update label ("آخر تحديث"); None when
    no full date has one."""
    te, _ = time_expressions()
    found: dict[str, dt.date] = {}
    for mention in mentions:
        if mention.date is None or mention.precision != "day" or mention.relative:
            continue
        line_start, _ = _line_of(text, mention.start)
        before = " " + collapse_spaces(normalize(text[line_start:mention.start])).strip(_LABEL_TAIL)
        for kind in ("publication_labels", "update_labels"):
            if kind not in found and any(before.endswith(" " + label) for label in te.words[kind]):
                found[kind] = mention.date
    return found.get("publication_labels") or found.get("update_labels")


_NOT_WORDS = re.compile(r"[\W\d_]+")


def date_only_line(text: str, mention: DateMention, mentions: Sequence[DateMention]) -> bool:
    """Whether ``mention`` stands on a line that holds nothing but dates, times and marks of era
    ("الأحد ٣١ / أغسطس / ٢٠٢٥", "10:12 | 2025-08-30"): a site's date bar, a photo's or a comment's
    time stamp, not the page's own dated line, which names its outlet, place or label."""
    te, patterns = time_expressions()
    start, end = _line_of(text, mention.start)
    pieces, position = [], start
    for other in mentions:
        if start <= other.start < end:
            pieces.append(text[position:other.start])
            position = other.end
    pieces.append(text[position:end])
    if sum(map(len, pieces)) > _DATE_LINE_REST:
        return False  # a line of prose, not a date bar
    rest = patterns.hijri.sub(" ", normalize(" ".join(pieces)))
    ignored = {*te.words["era_marks"], *te.words["hijri_marks"], *te.weekdays, *_TIME_MARKS}
    return all(word in ignored for word in _NOT_WORDS.sub(" ", rest).split())


_TIME_MARKS = frozenset({"ص", "م", "am", "pm", "gmt", "utc"})
_DATE_LINE_REST = 80  # the most a date bar holds beside its dates (a Hijri date, times, separators)


def _parts(scan: _Scan) -> list[tuple[int, TimeOfDay]]:
    collapsed, found = scan.collapsed, scan.found
    hits = [(item.start, item.time_of_day) for item in found if item.time_of_day]
    te, patterns = time_expressions()
    starts = [item.start for item in found]
    for match in _finditer_at(patterns.standalone, collapsed.text, scan.words.pod_starts, 0, len(collapsed.text)):
        index = bisect.bisect_right(starts, match.start("pod")) - 1
        if index < 0 or found[index].end <= match.start("pod"):
            hits.append((match.start("pod"), te.pod_standalone[match["pod"]]))
    return [(collapsed.source_span(start, start + 1)[0], part) for start, part in sorted(hits)]


# ---------------------------------------------------------------- scanning


class _Words(NamedTuple):
    """Where, in the collapsed text, the patterns can match: found by the word automaton."""

    anchors: list[tuple[int, int]]  # anchor words standing alone and digit runs, in text order
    mention_starts: list[int]  # ascending: every position a mention may start at, and more
    mention_forms: dict[int, int]  # each of those -> the forms (bits over FORMS) that may start there
    pod_starts: list[int]  # ascending: every position a part of day said alone may start at, and more


class _Scan(NamedTuple):
    collapsed: NormalizedText
    found: list[_Found]
    words: _Words


def _scan(
    text: str, published: dt.date | None, norm: NormalizedText | None = None,
    word_ends: list[tuple[int, DateWord]] | None = None,
) -> _Scan:
    if isinstance(published, dt.datetime):
        published = published.date()
    norm = norm or normalize_with_offsets(text)
    collapsed = _collapse(norm)
    te, patterns = time_expressions()
    # words found in norm.text are where they are in the collapsed text, unless it has changed
    ends = word_ends if word_ends is not None and collapsed is norm else patterns.words.iter(collapsed.text)
    words = _words(collapsed.text, ends)
    found = []
    for match in _mentions(collapsed.text, patterns, words):
        kind = str(match.lastgroup)  # the form that matched: clock, day, ago, named, month, year, vague
        item = _READERS[kind](match, te, published)
        if item is not None:
            found.append(_spanned(item, match.start(kind), match.end(kind)))
    merged = _merge(found, collapsed.text, patterns, published)
    return _Scan(collapsed, _anaphora(_without_range_ends(merged, collapsed.text, te)), words)


def _mentions(text: str, patterns: Patterns, words: _Words) -> list[re.Match[str]]:
    """The mention pattern's matches, searched only in windows around anchor words: the same
    matches as a scan of the whole text, at a fraction of the cost on ordinary prose. In each
    window, what ``finditer`` would find, trying only the positions where a mention may start,
    each with only the forms that may start there (see ``Patterns.mention_of``)."""
    matches: list[re.Match[str]] = []
    starts = words.mention_starts
    for low, high in _windows(text, words.anchors):
        end = low
        for start in starts[bisect.bisect_left(starts, low):bisect.bisect_left(starts, high)]:
            if start < end:
                continue
            match = patterns.mention_of(words.mention_forms[start]).match(text, start, high)
            if match:
                end = match.end()
                if not matches or match.start() >= matches[-1].end():
                    matches.append(match)
    return matches


def _finditer_at(pattern: re.Pattern[str], text: str, starts: list[int], low: int, high: int) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text, low, high)`` finds when its matches are never empty and
    ``starts`` (ascending) holds every position one can begin at: re would try every position,
    each a costly failure of the pattern's long alternations; this tries only ``starts``."""
    end = low
    for start in starts[bisect.bisect_left(starts, low):bisect.bisect_left(starts, high)]:
        if start >= end and (match := pattern.match(text, start, high)):
            end = match.end()
            yield match


def _words(text: str, ends: Iterable[tuple[int, DateWord]]) -> _Words:
    """Anchors and where the patterns may match, from where the scanner's words end in ``text``."""
    anchors: list[tuple[int, int]] = []
    leads: dict[int, int] = {}
    pods: set[int] = set()
    for last, word in ends:
        start = last - word.length + 1
        spaced = not start or (before := text[start - 1]) == " "  # most words: after a space, no prefix to walk back over
        if not spaced and before not in _PREFIX_LETTERS and before.isalnum():
            continue  # inside a word ("اب" in "الارهاب"): neither an anchor nor a lead
        if word.anchor and _stands_alone(text, start, last + 1):
            anchors.append((start, last + 1))
        if not (word.forms or word.standalone):
            continue
        head = start if spaced else _prefixed_word_start(text, start)
        if head is not None and word.forms:
            leads[head] = leads.get(head, 0) | word.forms
        if head is not None and word.standalone:
            pods.add(head)
    for digits in _DIGITS.finditer(text):
        anchors.append(digits.span())
        head = _prefixed_word_start(text, digits.start())
        if head is not None:
            leads[head] = leads.get(head, 0) | DIGIT_FORMS
    return _Words(sorted(anchors), sorted(leads), leads, sorted(pods))


def _prefixed_word_start(text: str, position: int) -> int | None:
    """The one place where a pattern that opens with ``(?<!\\w)`` and attached prefixes (and
    ال before a digit) may match so as to reach the word at ``position``: back over prefix
    letters to a place no word character precedes. None when there is no such place."""
    head = position
    floor = max(0, position - _LONGEST_PREFIX)
    while head > floor and text[head - 1] in _PREFIX_LETTERS:
        head -= 1
    return head if head == 0 or not is_regex_word_char(text[head - 1]) else None


def _windows(text: str, anchors: list[tuple[int, int]]) -> list[tuple[int, int]]:
    windows: list[tuple[int, int]] = []
    for start, end in anchors:
        if windows and end + _WINDOW_AFTER <= windows[-1][1]:
            continue  # already inside the current window
        low, high = start - _WINDOW_BEFORE, _word_edge(text, end + _WINDOW_AFTER, 1)
        if not windows or low > windows[-1][1]:
            # the word edge lies at or before ``low``: not needed when the window merges anyway
            low = _word_edge(text, low, -1)
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(high, windows[-1][1]))
        else:
            windows.append((low, high))
    return windows


def _stands_alone(text: str, start: int, end: int) -> bool:
    """An anchor that is a word of its own, perhaps with attached prefixes (وفي، بالأمس)."""
    if end < len(text) and text[end].isalnum():
        return False
    head = start
    while head > 0 and text[head - 1] in _PREFIX_LETTERS and start - head < 3:
        head -= 1
    return head == 0 or not text[head - 1].isalnum()


def _word_edge(text: str, index: int, step: int) -> int:
    """The nearest space at or beyond ``index`` (moving by ``step``), or the text's edge:
    a window never cuts a word, so lookarounds see what they would in the whole text."""
    if index <= 0:
        return 0
    if index >= len(text):
        return len(text)
    if step > 0:
        limit = min(index + _MAX_WORD, len(text))
        space = text.find(" ", index, limit)
    else:
        limit = max(index - _MAX_WORD, 0)
        space = text.rfind(" ", limit + 1, index + 1)
    return limit if space < 0 else space


def _collapse(norm: NormalizedText) -> NormalizedText:
    """``norm`` with every run of whitespace written as one space, offsets kept."""
    runs = list(_SPACE_RUN.finditer(norm.text))
    if not runs:
        return norm
    chars: list[str] = []
    offsets: list[int] = []
    position = 0
    for run in runs:
        chars.append(norm.text[position:run.start() + 1])
        offsets.extend(norm.offsets[position:run.start() + 1])
        position = run.end()
    chars.append(norm.text[position:])
    offsets.extend(norm.offsets[position:])
    return NormalizedText("".join(chars), tuple(offsets), norm.source_length)


def _mention(text: str, collapsed: NormalizedText, item: _Found) -> DateMention:
    start, end = collapsed.source_span(item.start, item.end)
    while end < len(text) and not normalize(text[end]):  # trailing diacritics: "مساءً"
        end += 1
    return DateMention(
        start, end, text[start:end], item.date, item.precision, item.time_of_day, item.relative, item.vague,
        item.day_offset if item.kind == "explicit" else 0, item.until_now, item.year_only,
        item.anaphor == "day" and not item.anaphor_day and item.date is not None,
    )


def _score(item: _Found) -> int:
    if item.date is None:
        return 0
    if item.vague:
        return 1
    if item.precision != "day":
        return 2
    return 4 if item.kind == "explicit" else 3


def _merge(found: list[_Found], text: str, patterns: Patterns, published: dt.date | None = None) -> list[_Found]:
    """Join a weekday or relative day with the explicit date after it, and clock times with dates;
    then move "بعد منتصف ليلة ..." to the day after the night it names."""
    merged: list[_Found] = []
    for item in found:
        last = merged[-1] if merged else None
        if last is not None and _joinable(last, item) and _joins(text, last.end, item.start, patterns):
            merged[-1] = _join(last, item, published)
        else:
            merged.append(item)
    return [_after_midnight(item) if item.after_midnight else item for item in merged]


def _without_range_ends(found: list[_Found], text: str, te: TimeExpressions) -> list[_Found]:
    """The mentions less the dates that end a span ("حتى 31 من الشهر نفسه", "لغاية يوم الأحد"):
    when something stops is no incident's day. A clock time there still gives a part of day, and
    a day told from the news ("استمرت الاشتباكات حتى فجر اليوم") is the day the fighting went on."""
    ends = te.words["range_ends"]
    return [item for item in found if item.kind in ("clock", "relative")
            or text[max(0, item.start - _MAX_WORD):item.start].rstrip(" ").rsplit(" ", 1)[-1] not in ends]


def _anaphora(found: list[_Found]) -> list[_Found]:
    """Dates that take their day, month or year from the date named before them: "وفي اليوم
    ذاته" that date, "في 23 من الشهر نفسه" its month, "في 5 آذار من العام نفسه" its year."""
    if not any(item.anaphor for item in found):
        return found
    resolved: list[_Found] = []
    last: _Found | None = None  # the last date named, for the year
    last_day: _Found | None = None  # the same with its month at least, for the day or the month
    for item in found:
        antecedent = last if item.anaphor == "year" else last_day
        if item.anaphor and antecedent is not None and antecedent.date is not None:
            item = _from_antecedent(item, antecedent, antecedent.date)
        resolved.append(item)
        if item.date is not None and not item.vague and item.kind != "clock":
            last = item
            if not item.year_only:
                last_day = item
    return resolved


def _from_antecedent(item: _Found, last: _Found, day: dt.date) -> _Found:
    if item.anaphor == "day":  # anaphor_day: the days after the date before
        date = _shift(day, item.anaphor_day)
        return item._replace(date=date, precision="day", relative=last.relative) if last.precision == "day" else item
    if item.anaphor == "month":
        date = _safe_date(day.year, day.month, item.anaphor_day)
        return item if date is None else item._replace(date=date, precision="day", relative=last.relative)
    assert item.month_day is not None, "a year taken from before comes with a month"
    month, day_of_month = item.month_day
    date = _safe_date(day.year, month, day_of_month or MID_MONTH)
    precision: DatePrecision = "day" if day_of_month else "approximate"
    return item if date is None else item._replace(date=date, precision=precision, relative=last.relative)


def _joins(text: str, end: int, start: int, patterns: Patterns) -> bool:
    """Whether the text between two mentions lets them be one: punctuation and joiners, short, or
    longer with a Hijri date ("الثلاثاء 29 جمادى الأولى 1447هـ - 20 نوفمبر 2025م")."""
    if start - end > MAX_HIJRI_GAP or not patterns.gap.fullmatch(text, end, start):
        return False
    return start - end <= MAX_GAP or patterns.hijri.search(text, end, start) is not None


def _joinable(first: _Found, second: _Found) -> bool:
    if "period" in (first.kind, second.kind) or first.kind == second.kind:
        return False
    return "clock" in (first.kind, second.kind) or first.kind != "explicit"


def _join(first: _Found, second: _Found, published: dt.date | None = None) -> _Found:
    main = max((first, second), key=lambda item: _KIND_RANK[item.kind])
    clock = next((item.time_of_day for item in (first, second) if item.kind == "clock"), None)
    time_of_day = clock or first.time_of_day or second.time_of_day
    weekday = first.weekday if first.weekday is not None else second.weekday
    joined = main._replace(start=first.start, end=second.end, time_of_day=time_of_day, weekday=weekday,
                           after_midnight=first.after_midnight or second.after_midnight,
                           day_offset=first.day_offset or second.day_offset)
    relative = next((item for item in (first, second) if item.kind == "relative"), None)
    if main.kind == "weekday" and weekday is not None and relative is not None and relative.date is not None:
        # "فجر اليوم الثلاثاء" on a page dated Monday (its date a day early, as a date in UTC can be):
        # the Tuesday next to the day the relative word names, not the one six days before
        joined = joined._replace(date=_nearest_weekday(relative.date, weekday, published))
    if (joined.month_day is not None and weekday is not None and (joined.date is None or joined.date.weekday() != weekday)
            and not _close_before(joined.date, published)):
        # "الجمعة 21 من كانون الثاني": the year in which that day is that weekday (with a published
        # date a few weeks after the day and month, a weekday that does not fit is the outlet's slip)
        date = year_by_weekday(joined.month_day, weekday, published or today())
        if date is not None:
            joined = joined._replace(date=date, precision="day")
    return joined


def _nearest_weekday(day: dt.date, weekday: int, published: dt.date | None) -> dt.date | None:
    """The date on ``weekday`` nearest ``day`` (the earlier of two as near), no more than two days
    after ``published``."""
    limit = _shift(published, SLACK.days) if published else None
    for offset in (0, -1, 1, -2, 2, -3, 3):
        date = _shift(day, offset)
        if date is not None and date.weekday() == weekday and (limit is None or date <= limit):
            return date
    return _shift(day, -((day.weekday() - weekday) % 7))


def _close_before(date: dt.date | None, published: dt.date | None) -> bool:
    """Whether ``date`` lies in the month before ``published`` (or up to two days after it)."""
    return date is not None and published is not None and -SLACK.days <= (published - date).days <= CLOSE_DAYS


def year_by_weekday(month_day: tuple[int, int], weekday: int, reference: dt.date) -> dt.date | None:
    """The latest date with this month and day, on this weekday, no later than two days after
    ``reference`` and at most YEARS_BACK years before it (None when there is none)."""
    month, day = month_day
    limit = _shift(reference, SLACK.days) or reference
    for year in range(reference.year + 1, reference.year - YEARS_BACK, -1):
        date = _safe_date(year, month, day)
        if date is not None and date <= limit and date.weekday() == weekday:
            return date
    return None


def today() -> dt.date:
    """The day the extractor runs: a page with no date and a weekday, day and month of its own
    is no later than this."""
    return dt.date.today()


def _after_midnight(item: _Found) -> _Found:
    if item.date is None or item.precision != "day":
        return item
    return item._replace(date=_shift(item.date, 1))


# ---------------------------------------------------------------- readers, one per form


def _read_clock(match: re.Match[str], te: TimeExpressions, published: dt.date | None) -> _Found:
    hour = int(match["hh"]) if match["hh"] else te.hour_words[match["hw"]]
    word = match["cpod"]
    hour24 = _to_24(hour, te.pod_clock.get(word) if word else None)
    time_of_day: TimeOfDay | None
    if hour24 is not None:
        time_of_day = next(key for low, high, key in te.clock_hours if low <= hour24 < high)
    else:
        time_of_day = te.pod_prefix.get(word) or te.pod_standalone.get(word) if word else None
    return _Found("clock", None, "unknown", time_of_day)


def _to_24(hour: int, rule: str | None) -> int | None:
    """The hour on the 24-hour clock, or None when it cannot be told."""
    if hour > 23:
        return None
    if hour > 12 or (hour == 0 and rule is None):
        return hour
    if rule == "am":
        return hour % 12
    if rule == "pm":
        return hour % 12 + 12
    if rule == "night":
        return 0 if hour == 12 else hour + 12 if hour >= 6 else hour
    return None


def _read_day(match: re.Match[str], te: TimeExpressions, published: dt.date | None) -> _Found | None:
    item: _Found | None
    if match["wd"]:
        item = _weekday(match, te, published)
    elif match["sday"]:  # "اليوم ذاته" 0, "اليوم التالي" +1, "اليوم السابق" -1 from the date before
        offset = 1 if match["snext"] else -1 if match["sprev"] else 0
        item = _Found("explicit", None, "unknown", relative=True, anaphor="day", anaphor_day=offset)
    elif match["rel"]:
        item = _relative_day(match, te, published)
    elif match["nd"] or match["iy"]:
        item = _numeric(match)
    elif match["sd"]:
        item = _numeric_day_month(match, te, published)
    else:
        item = _day_month(match, te, published)
    if item is not None and match["amid"]:
        item = item._replace(after_midnight=True, time_of_day="night")
    if item is None or not match["pod"]:
        return item
    return item._replace(time_of_day=item.time_of_day if match["amid"] else te.pod_prefix[match["pod"]])


def _weekday(match: re.Match[str], te: TimeExpressions, published: dt.date | None) -> _Found:
    target = te.weekdays[match["wd"]]
    suffix = te.suffixes.get(match["wsuf"]) if match["wsuf"] else None
    date = _weekday_date(published, target, suffix) if published else None
    return _Found("weekday", date, _precision(date, "day"), relative=True, weekday=target)


def _weekday_date(published: dt.date, target: int, suffix: str | None) -> dt.date | None:
    """The latest ``target`` weekday on or before ``published`` (before it for الماضي, after for المقبل)."""
    if suffix == "next":
        return _shift(published, (target - published.weekday()) % 7 or 7)
    back = (published.weekday() - target) % 7
    if suffix == "before_previous":  # "الأحد قبل الماضي": the one a week before the last
        return _shift(published, -((back or 7) + 7))
    return _shift(published, -(back or (7 if suffix == "previous" else 0)))


def _relative_day(match: re.Match[str], te: TimeExpressions, published: dt.date | None) -> _Found:
    offset, time_of_day = te.relative_days[match["rel"]]
    date = _shift(published, offset) if published else None
    return _Found("relative", date, _precision(date, "day"), time_of_day, relative=True, day_offset=offset)


def _numeric(match: re.Match[str]) -> _Found | None:
    parts = (match["ny"], match["nm"], match["nd"]) if match["nd"] else (match["iy"], match["im"], match["id"])
    date = _safe_date(*(int(part) for part in parts))
    return None if date is None else _Found("explicit", date, "day")


def _numeric_day_month(match: re.Match[str], te: TimeExpressions, published: dt.date | None) -> _Found | None:
    """"في 15/8", "الأحد (26-2)": a day and month in digits with no year, read like "15 آب" when a
    lead word, a part of day, a weekday or an opening bracket comes before it; else no date."""
    if match.start("sd") == match.start("day") and not _led(match.string, match.start("day"), te):
        return None
    month, day = int(match["sm"]), int(match["sd"])
    if not 1 <= month <= 12 or _safe_date(2000, month, day) is None:
        return None
    date = _day_month_date(published, month, day, None) if published else None
    return _Found("explicit", date, _precision(date, "day"), relative=True, month_day=(month, day))


def _led(text: str, start: int, te: TimeExpressions) -> bool:
    """Whether the word before ``start`` (after an attached و or ف) is one that leads a date in
    digits, or a weekday, or an opening bracket stands just before it."""
    before = text[max(0, start - _MAX_WORD):start].rstrip(" ")
    if before.endswith(("(", "[")):
        return True
    word = before.rsplit(" ", 1)[-1]
    leads = te.words["day_month_leads"]
    return any(candidate in leads or candidate in te.weekdays
               for candidate in (word, word[1:] if word[:1] in "وف" else word))


def _day_month(match: re.Match[str], te: TimeExpressions, published: dt.date | None) -> _Found | None:
    day = int(match["dnum"]) if match["dnum"] else te.ordinals[match["dord"]]
    if match["dsamemon"]:  # "في 23 من الشهر نفسه": the month of the date before
        return _Found("explicit", None, "unknown", relative=True, anaphor="month", anaphor_day=day)
    if match["drelmon"] or match["dcur"] or match["dthis"]:  # "11 من الشهر الجاري", "في 3 الجاري", "10 من هذا الشهر"
        if published is None:
            return _Found("explicit", None, "unknown", relative=True)
        year, month = _month_shift(published, _SIGN[te.suffixes[match["drelsuf"]]] if match["drelmon"] else 0)
        date = _safe_date(year, month, day)
        return None if date is None else _Found("explicit", date, "day", relative=True)
    month = te.months[match["dmon"]]
    if _safe_date(2000, month, day) is None:  # 30 شباط is never a date
        return None
    if match["dyear"] or match["dyear2"]:
        date = _safe_date(int(match["dyear"] or match["dyear2"]), month, day)
        return None if date is None else _Found("explicit", date, "day")
    if match["dsameyear"]:  # "في 5 آذار من العام نفسه": the year of the date before
        return _Found("explicit", None, "unknown", relative=True, month_day=(month, day), anaphor="year")
    suffix = te.suffixes.get(match["dsuf"]) if match["dsuf"] else None
    date = _day_month_date(published, month, day, suffix) if published else None
    return _Found("explicit", date, _precision(date, "day"), relative=True, month_day=(month, day))


def _day_month_date(published: dt.date, month: int, day: int, suffix: str | None) -> dt.date | None:
    if suffix is not None:
        return _safe_date(_year_of_month(published, month, suffix), month, day)
    limit = _shift(published, SLACK.days) or published
    for year in range(published.year + 1, published.year - 9, -1):
        date = _safe_date(year, month, day)
        if date is not None and date <= limit:
            return date
    return None


def _year_of_month(published: dt.date, month: int, suffix: str | None) -> int:
    """The year of ``month``: الحالي the published year, الماضي its last occurrence, المقبل its next."""
    if suffix == "current":
        return published.year
    if suffix == "next":
        return published.year + (month <= published.month)
    if suffix in ("previous", "before_previous"):
        return published.year - (month >= published.month) - (suffix == "before_previous")
    return published.year - (month > published.month)


def _read_ago(match: re.Match[str], te: TimeExpressions, published: dt.date | None) -> _Found:
    unit, count = te.unit_words[match["unitn"] or match["unit1"]]
    if match["unitn"]:
        count = int(match["num"]) if match["num"] else te.cardinals[match["card"]]
    precision = "approximate" if match["approx"] else te.unit_precision[unit]
    date = _shift(published, -count * te.unit_days[unit]) if published else None
    return _Found("period", date, _precision(date, precision), relative=True)


def _read_named(match: re.Match[str], te: TimeExpressions, published: dt.date | None) -> _Found:
    unit, sign = te.named_units[match["nunit"]], _SIGN[te.suffixes[match["nsuf"]]]
    part = te.parts.get(match["npart"]) if match["npart"] else None
    date = _named_date(te, published, unit, sign, part) if published else None
    return _Found("period", date, _precision(date, "approximate"), relative=True)


def _named_date(te: TimeExpressions, published: dt.date, unit: str, sign: int, part: str | None) -> dt.date | None:
    """"الشهر الماضي" the 15th of last month, "العام الماضي" 1 July of last year, "الأسبوع الماضي" a week ago."""
    if unit == "month":
        year, month = _month_shift(published, sign)
        date = _safe_date(year, month, te.part_day_of_month[part] if part else MID_MONTH)
    elif unit == "year":
        month, day = te.part_day_of_year[part] if part else MID_YEAR
        date = _safe_date(published.year + sign, month, day)
    else:
        date = _shift(published, sign * te.unit_days[unit])
    return date if sign > 0 else _not_after(date, published)


def _read_month(match: re.Match[str], te: TimeExpressions, published: dt.date | None) -> _Found | None:
    if not (match["mpart"] or match["mword"] or match["myear"] or match["msuf"] or match["msameyear"]):  # (myear2 comes with msuf)
        return None  # a bare month name: آب is also "father", مارس "he practised"
    month = te.months[match["mmon"]]
    day = te.part_day_of_month[te.parts[match["mpart"]]] if match["mpart"] else MID_MONTH
    if match["msameyear"]:  # "في آذار من العام نفسه": the year of the date before
        return _Found("period", None, "unknown", relative=True, month_day=(month, 0), anaphor="year")
    if match["myear"] or match["myear2"]:
        return _approximate(_safe_date(int(match["myear"] or match["myear2"]), month, day), relative=False)
    if published is None:
        return _Found("period", None, "unknown", relative=True)
    suffix = te.suffixes.get(match["msuf"]) if match["msuf"] else None
    date = _safe_date(_year_of_month(published, month, suffix), month, day)
    return _approximate(date if suffix == "next" else _not_after(date, published), relative=True)


def _read_year(match: re.Match[str], te: TimeExpressions, published: dt.date | None) -> _Found | None:
    if not (match["ypart"] or match["yprep"] or match["yword"]):
        return None
    month, day = te.part_day_of_year[te.parts[match["ypart"]]] if match["ypart"] else MID_YEAR
    found = _approximate(_safe_date(int(match["yyear"]), month, day), relative=False)
    return None if found is None else found._replace(year_only=True)


def _read_vague(match: re.Match[str], te: TimeExpressions, published: dt.date | None) -> _Found:
    date = _shift(published, -te.vague[match["vague"]]) if published else None
    return _Found("period", date, _precision(date, "approximate"), relative=True, vague=True,
                  until_now=match["vague"] in te.vague_until_now)


_READERS = {
    "clock": _read_clock, "day": _read_day, "ago": _read_ago, "named": _read_named,
    "month": _read_month, "year": _read_year, "vague": _read_vague,
}


# ---------------------------------------------------------------- calendar helpers


def _precision(date: dt.date | None, precision: DatePrecision) -> DatePrecision:
    return precision if date is not None else "unknown"


def _approximate(date: dt.date | None, *, relative: bool) -> _Found | None:
    return None if date is None else _Found("period", date, "approximate", relative=relative)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when it does not exist or lies outside the years news can mean."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _shift(date: dt.date | None, days: int) -> dt.date | None:
    try:
        return None if date is None else date + dt.timedelta(days=days)
    except OverflowError:
        return None


def _month_shift(date: dt.date, months: int) -> tuple[int, int]:
    index = date.year * 12 + date.month - 1 + months
    return index // 12, index % 12 + 1


def _not_after(date: dt.date | None, published: dt.date | None) -> dt.date | None:
    """An approximate date never lies after the report that mentions it."""
    if date is None or published is None:
        return date
    return min(date, published)
