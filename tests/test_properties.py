"""Property-based tests (issue 7): normalisation, place matching, dates and extraction hold
their contracts on any text, never raise, and keep every span inside the input.

The strategies mix random Unicode with Arabic letters, invisible characters (zero-width,
bidi controls, tatweel, diacritics), punctuation, both digit systems, attached prefixes, and
the project's own words (every gazetteer name and every Arabic phrase of the data files: cue
words, actors, month and weekday names, place phrases), so that examples reach deep paths
(framing of places, ambiguity, date resolution, clause assembly) and not only the fast exits.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import cache, lru_cache
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geodata.corpus.articles import Article
from geodata.datafiles import data_path
from geodata.dates.mentions import find_dates, parts_of_day, time_of_day_in
from geodata.dates.patterns import DATE_PRECISIONS, TIMES_OF_DAY
from geodata.events.kinds import INCIDENT_KINDS
from geodata.events.reports import extract_reports
from geodata.places.finder import RELATIONS, PlaceMatch, find_places, resolved_places
from geodata.places.gazetteer import default_gazetteer
from geodata.text import normalize, normalize_with_offsets

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
DATA_FILES = ("event_kinds.yaml", "actors.yaml", "place_roles.yaml", "place_phrases.yaml", "time_expressions.yaml",
              "casualties.yaml")
_ARABIC = re.compile("[\u0621-\u064a]")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in _strings(key) + _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


@cache
def data_words(name: str) -> tuple[str, ...]:
    """Every Arabic phrase of one language data file ("*" endings dropped)."""
    data = yaml.safe_load(data_path(name).read_text(encoding="utf-8"))
    return tuple(sorted({text.rstrip("*").strip() for text in _strings(data) if _ARABIC.search(text) and len(text) < 60} - {""}))


@cache
def section_words(name: str, section: str) -> tuple[str, ...]:
    """The Arabic phrases of one top-level section of a data file (event triggers, weapons ...)."""
    data = yaml.safe_load(data_path(name).read_text(encoding="utf-8"))
    return tuple(sorted({text.rstrip("*").strip() for text in _strings(data.get(section)) if _ARABIC.search(text)} - {""}))


@lru_cache(maxsize=1)
def place_names() -> tuple[str, ...]:
    return tuple(sorted({name for place in default_gazetteer() for name in place.arabic_names}))


def project_words() -> tuple[str, ...]:
    """Every place name of the gazetteer and every Arabic phrase of the language data."""
    return tuple(sorted(set(place_names()).union(*(data_words(name) for name in DATA_FILES))))


INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad\u0640\u064b\u064e\u0651\u0652\u0670"
PUNCTUATION = " ،,.؛;:!?؟…\n\r\t-–—/\\()[]«»\"'“”*#"
DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
PREFIXES = ("و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "لل", "فال", "وب", "ول")

arabic_letter = st.characters(min_codepoint=0x0621, max_codepoint=0x064A)
other_arabic = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
presentation_forms = st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFC)
odd_char = st.one_of(st.sampled_from(INVISIBLE), st.sampled_from(PUNCTUATION), st.sampled_from(DIGITS),
                     other_arabic, presentation_forms, st.characters(codec="utf-8"))
word = st.text(alphabet=arabic_letter, min_size=1, max_size=8)
noise = st.text(alphabet=st.one_of(arabic_letter, odd_char), max_size=6)
separator = st.sampled_from([" ", " ", " ", "، ", ". ", "\n", "  ", "/", "-", " و", "؛ ", ": "])


@st.composite
def project_word(draw: st.DrawFn) -> str:
    """A gazetteer name or cue word, perhaps with attached prefixes or an invisible character inside."""
    text = draw(st.sampled_from(project_words()))
    if draw(st.booleans()):
        text = draw(st.sampled_from(PREFIXES)) + text
    if len(text) > 1 and draw(st.integers(0, 4)) == 0:
        cut = draw(st.integers(1, len(text) - 1))
        text = text[:cut] + draw(st.sampled_from(INVISIBLE)) + text[cut:]
    return text


number = st.text(alphabet=st.sampled_from(DIGITS), min_size=1, max_size=4)
place = st.sampled_from(place_names())
time_word = st.sampled_from(data_words("time_expressions.yaml"))
numeric_date = st.builds("{}{}{}{}{}".format, st.integers(0, 40).map(str), st.sampled_from("/.-"), st.integers(0, 14).map(str),
                         st.sampled_from("/.-"), st.integers(1890, 2110).map(str))
day_month = st.builds("{} {}{}".format, st.one_of(st.integers(0, 35).map(str), number), st.sampled_from(["", "من "]), time_word)
settlement = st.builds("{} {}".format, st.sampled_from(["بلدة", "قرية", "حي", "مدينة", "بادية", "ريف", "بلدتي"]),
                       st.one_of(place, word))
between = st.builds("بين بلدتي {} و{}".format, place, place)
clause_part = st.one_of(
    st.sampled_from(data_words("event_kinds.yaml")), st.sampled_from(data_words("actors.yaml")),
    st.sampled_from(data_words("place_phrases.yaml") + data_words("place_roles.yaml")),
    st.sampled_from(data_words("casualties.yaml")), place, settlement, between, time_word, numeric_date, day_month, number,
)
# a clause the extractor can read: event words, actors, framed places and dates, with some noise
clause = st.lists(st.one_of(clause_part, clause_part, clause_part, project_word(), noise), min_size=2, max_size=12).map(" ".join)
# a report: an event trigger, perhaps a weapon, a framed place, perhaps a date, in varying order
report = st.lists(st.one_of(
    st.sampled_from(section_words("event_kinds.yaml", "triggers")), st.sampled_from(section_words("event_kinds.yaml", "weapons")),
    settlement, between, time_word, day_month, st.sampled_from(data_words("actors.yaml")),
    st.sampled_from(section_words("place_roles.yaml", "launch_cues") + section_words("place_roles.yaml", "target_cues")),
), min_size=3, max_size=8).map(" ".join)
piece = st.one_of(report, clause, clause, project_word(), word, noise, number)
text = st.lists(st.tuples(piece, separator), max_size=20).map(lambda parts: "".join(a + b for a, b in parts))
any_text = st.one_of(text, text, st.text(max_size=200))
published = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))


# --------------------------------------------------------------------------- normalisation


@pytest.mark.slow
@SETTINGS
@given(any_text)
def test_normalisation_offsets_are_inside_and_non_decreasing(source: str) -> None:
    norm = normalize_with_offsets(source)
    assert norm.text == normalize(source)
    assert norm.source_length == len(source)
    assert len(norm.offsets) == len(norm.text)
    assert all(0 <= offset < len(source) for offset in norm.offsets)
    assert all(first <= second for first, second in zip(norm.offsets, norm.offsets[1:], strict=False))
    for index, char in enumerate(norm.text):  # each output character comes from the source character it points at
        assert char in normalize(source[norm.offsets[index]])


@pytest.mark.slow
@SETTINGS
@given(any_text, st.data())
def test_source_span_is_a_valid_span_of_the_input(source: str, data: st.DataObject) -> None:
    norm = normalize_with_offsets(source)
    start = data.draw(st.integers(0, len(norm.text)))
    end = data.draw(st.integers(start, len(norm.text)))
    low, high = norm.source_span(start, end)
    assert 0 <= low <= high <= len(source)
    if start < end:
        assert normalize(source[low:high]).startswith(norm.text[start:end][:1])
        assert norm.text[start:end] in normalize(source[low:high])


# --------------------------------------------------------------------------- places


@pytest.mark.slow
@SETTINGS
@given(any_text)
def test_find_places_spans_are_surfaces_of_the_input(source: str) -> None:
    gazetteer = default_gazetteer()
    for match in find_places(source):
        assert 0 <= match.start <= match.end <= len(source)
        assert match.surface == source[match.start:match.end]
        if isinstance(match, PlaceMatch):
            assert match.relation in RELATIONS
            assert match.place.id in gazetteer and match.geo_precision in {1, 2, 3}
            assert match.place.id in match.candidates


# One sentence for each relation the matcher returns, the place it frames so, and the geo
# precision it gives: a relation added to RELATIONS fails below until it has its sentence here.
RELATION_EXAMPLES: dict[str, tuple[str, str, int]] = {
    "at": ("قصفت طائرة مسيرة بلدة حطلة فجر اليوم", "hatla", 1),
    "near": ("اندلعت اشتباكات في محيط بلدة ذيبان مساء أمس", "dhiban", 2),
    "between": ("دارت اشتباكات عنيفة بين بلدتي حطلة ومراط", "marrat", 2),
    "region": ("سقطت قذائف على ريف دير الزور الشرقي", "deir-ez-zor-eastern-countryside", 3),
    "road": ("انفجرت عبوة ناسفة على طريق الميادين - البوكمال", "al-mayadin", 2),
    "reference": ("قتل شاب في بلدة الشحيل غربي الميادين", "al-mayadin", 2),
}


def test_every_relation_example_is_a_relation() -> None:
    assert set(RELATION_EXAMPLES) <= set(RELATIONS), set(RELATION_EXAMPLES) - set(RELATIONS)


@pytest.mark.parametrize("relation", RELATIONS)
def test_find_places_returns_every_relation(relation: str) -> None:
    assert relation in RELATION_EXAMPLES, f"relation {relation!r} has no example sentence in RELATION_EXAMPLES"
    sentence, place_id, precision = RELATION_EXAMPLES[relation]
    found = [(match.place.id, match.relation, match.geo_precision) for match in resolved_places(find_places(sentence))]
    assert (place_id, relation, precision) in found, found


@pytest.mark.slow
@SETTINGS
@given(st.lists(st.tuples(project_word(), separator), min_size=1, max_size=25), st.data())
def test_invisible_characters_inside_words_do_not_change_the_places(parts: list[tuple[str, str]], data: st.DataObject) -> None:
    clean = "".join(a + b for a, b in parts)
    clean = "".join(char for char in clean if char not in INVISIBLE)
    letters = [index for index in range(1, len(clean)) if _ARABIC.match(clean[index - 1]) and _ARABIC.match(clean[index])]
    cuts = sorted(data.draw(st.lists(st.sampled_from(letters), max_size=5, unique=True))) if letters else []
    hidden = data.draw(st.sampled_from(["\u200b", "\u200d", "\u202e", "\ufeff", "\u0640", "\u064e"]))
    dirty = "".join(hidden + clean[index] if index in cuts else clean[index] for index in range(len(clean)))

    def places(text: str) -> list[tuple[str | None, str, int | None]]:
        return [(match.place.id, match.relation, match.geo_precision) if isinstance(match, PlaceMatch) else (None, "unresolved", None)
                for match in find_places(text)]

    assert places(dirty) == places(clean)


# --------------------------------------------------------------------------- dates


@pytest.mark.slow
@SETTINGS
@given(any_text, published)
def test_find_dates_spans_are_inside_and_ordered(source: str, when: dt.date | None) -> None:
    mentions = find_dates(source, when)
    previous_end = 0
    for mention in mentions:
        assert previous_end <= mention.start <= mention.end <= len(source)
        assert mention.text == source[mention.start:mention.end]
        assert mention.precision in DATE_PRECISIONS
        assert mention.time_of_day in (*TIMES_OF_DAY, None)
        assert mention.date is None or isinstance(mention.date, dt.date)
        previous_end = mention.end


@pytest.mark.slow
@SETTINGS
@given(any_text)
def test_time_of_day_never_raises_and_parts_are_inside(source: str) -> None:
    assert time_of_day_in(source) in (*TIMES_OF_DAY, None)
    for offset, part in parts_of_day(source):
        assert 0 <= offset < len(source) and part in TIMES_OF_DAY


# --------------------------------------------------------------------------- extraction


@pytest.mark.slow
@SETTINGS
@given(any_text, published)
def test_extract_reports_never_raises_and_keeps_its_contract(source: str, when: dt.date | None) -> None:
    article = Article(id="property", outlet="Hypothesis", text=source, published=when)
    for report in extract_reports(article):
        assert report.kind in INCIDENT_KINDS
        assert report.date_precision in DATE_PRECISIONS
        assert report.time_of_day in (*TIMES_OF_DAY, None)
        assert report.location is not None
        for place in [report.location, report.launch_site, *report.other_places]:
            if place is not None:
                assert math.isfinite(place.lat) and math.isfinite(place.lon) and place.geo_precision in {1, 2, 3}
        spans = report.source.excerpt_spans
        assert spans and all(0 <= start < end <= len(source) for start, end in spans)
        assert list(spans) == sorted(spans)
        assert report.source.excerpt == " ".join(source[start:end] for start, end in spans)
        for count in (report.killed, report.injured):
            assert count is None or count >= 0
        assert report.as_dict()["sources"][0]["article_id"] == "property"
