"""Which part of the world the text is about, where a place name is read (issue 13).

Many villages of the region share their names with quarters and towns elsewhere ("حي الحمدانية"
in Aleppo, "مدينة القصير" in Homs, "الكسوة" near Damascus) or with ordinary words. A name whose
reading as a place of the region rests on weak evidence (an imported name, or a curated one
that is an ordinary word and needed framing) is kept only where the text is about the region:

- the place named right after it, linked by a few words that say where it lies ("حي الصالحية
  بدمشق", "مدينة القصير في ريف حمص", "صور جنوب لبنان", "X بريف دير الزور") decides first: a
  town, city, governorate or area outside the region (a focus abroad) or a country drops it, a
  place of the region named by a name that needs no context (a regional anchor: "دير الزور",
  "الميادين", "بلدة الطيانة") keeps it;
- else a regional anchor earlier in the paragraph keeps it, a focus abroad ("حلب", "ريف دمشق",
  "حمص", "قطاع غزة") there drops it;
- else what the text named last before the paragraph decides; with nothing before, it stays;
- in an article (ARTICLE_WORDS words or more) with neither, a weak name goes unless another
  name of the region lies within TOGETHER_KM of it (a report names places of one area together);
- and in a shorter text with neither, an imported name that nothing frames (no settlement noun, near
  word, pair, list or anchor: "تشرح طاهية في برنامج", "وفي البستان الصغير") is a word, not a
  village, unless it is a rare word after a preposition or another name of the region beside it
  is framed ("قصفت المدفعية الدردارة وقرية عنيق الهوى").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from geopy.distance import great_circle

from geodata.places.gazetteer import Place
from geodata.text import normalize_phrase

# kinds whose place outside the region says the text is about somewhere else (a country is
# named as an actor as often as a place: "قصفت تركيا", "الحدود مع العراق")
_FOCUS_KINDS = frozenset({"city", "town", "village", "neighbourhood", "governorate", "region", "base"})
# a river of the region reaches beyond it (the Euphrates flows through Iraq) and anchors nothing
_NOT_ANCHOR_KINDS = frozenset({"river"})
_SYRIA = "syria"
ARTICLE_WORDS = 40  # a text this long is an article, not a phrase or a headline
TOGETHER_KM = 25.0  # names of one area told together lie this close to each other
_LINK_CHARS = 40
_CLAUSE_MARKS = "،,.;؛:!?؟\n()"


@dataclass(slots=True)
class Reading:
    """How the finder came to read a name as a place: what the name needs and what framed it."""

    place: Place  # the place the name was first read as (before namesakes were chosen)
    curated: bool  # one of the name's places is curated
    start: int
    end: int
    plain: bool  # the name needs no context (a rare word)
    strong: bool  # the name needs no context, not even after its settlement noun, and one of its places is curated
    framed: bool  # a settlement noun, a near word, a pair, an anchor or a list frames it
    preposition: bool  # "في X", "إلى X", "بX"
    candidates: tuple[Place, ...] = ()  # every place the name may be (its namesakes)


def _paragraph_start(text: str, position: int) -> int:
    return text.rfind("\n", 0, position) + 1


def is_anchor(reading: Reading) -> bool:
    place = reading.place
    return reading.strong and place.in_region and place.kind not in _NOT_ANCHOR_KINDS


def is_abroad(reading: Reading) -> bool:
    place = reading.place
    return not place.in_region and place.kind in _FOCUS_KINDS


def out_of_focus(readings: Sequence[Reading], text: str, link_words: frozenset[str]) -> list[bool]:
    """For each reading (in text order), whether it is a weakly read place of the region in a
    part of the text that is about somewhere else, or a bare imported word in an article about
    nowhere in particular. ``link_words``: the words that say a place lies in the next one
    (place_phrases.yaml)."""
    # whether the text has ARTICLE_WORDS words or more: splitting stops there, not at the last word
    article = len(text.split(maxsplit=ARTICLE_WORDS - 1)) >= ARTICLE_WORDS
    anchors = [reading for reading in readings if is_anchor(reading)]
    abroad = [reading for reading in readings if is_abroad(reading)]
    dropped = []
    for position, reading in enumerate(readings):
        if not reading.place.in_region or is_anchor(reading):
            dropped.append(False)
            continue
        following = readings[position + 1] if position + 1 < len(readings) else None
        linked = following is not None and _links(text[reading.end:following.start], link_words)
        dropped.append(_about_elsewhere(reading, following if linked else None, readings, anchors, abroad, text, article))
    return dropped


def _about_elsewhere(reading: Reading, following: Reading | None, readings: Sequence[Reading], anchors: list[Reading],
                     abroad: list[Reading], text: str, article: bool) -> bool:
    if following is not None:
        # "حي الصالحية بدمشق", "مدينة القصير في ريف حمص", "صور جنوب لبنان", "X بريف دير الزور"
        if is_anchor(following):
            return False
        if is_abroad(following) or (following.place.kind == "country" and following.place.id != _SYRIA):
            return True
    paragraph = _paragraph_start(text, reading.start)
    if any(paragraph <= other.start < reading.start for other in anchors):
        return False
    if any(paragraph <= other.start < reading.start for other in abroad):
        return True
    # what the text spoke of last, before this paragraph
    before = [other for other in (*anchors, *abroad) if other.start < reading.start]
    if before:
        return is_abroad(max(before, key=lambda other: other.start))
    if anchors or abroad:
        return False
    if article:
        # an article that names no place of the region by a name that needs no context is about
        # somewhere else, unless its weak names lie together (news names places of one area together)
        return not any(other is not reading and other.place.in_region and _together(reading, other) for other in readings)
    # a phrase or a line about nowhere in particular: an imported name must be framed, or be a
    # rare word after a preposition, or stand beside another name of the region that is
    return not reading.curated and not _placed(reading) and not any(
        other is not reading and other.place.in_region and _placed(other) for other in readings)


def _together(reading: Reading, other: Reading) -> bool:
    """Whether some namesake of one lies within TOGETHER_KM of some namesake of the other."""
    return any(great_circle((one.lat, one.lon), (two.lat, two.lon)).km <= TOGETHER_KM
               for one in reading.candidates or (reading.place,) for two in other.candidates or (other.place,)
               if one.in_region and two.in_region and one.id != two.id)


def _links(gap: str, link_words: frozenset[str]) -> bool:
    """Whether the words between two names say the first lies in the second ("في ريف", "جنوب")."""
    if len(gap) > _LINK_CHARS or any(mark in gap for mark in _CLAUSE_MARKS):
        return False
    return all(word in link_words or (word[:1] in "وب" and word[1:] in link_words) for word in normalize_phrase(gap).split())


def _placed(reading: Reading) -> bool:
    """Whether the text reads the name as a place by itself: framed, or a rare word after a preposition."""
    return reading.framed or (reading.preposition and reading.plain)
