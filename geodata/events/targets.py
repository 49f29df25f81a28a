"""One report per place an event hits.

News tells one episode that hits several places in one clause: "قصفت المدفعية قرى الرشيدية
والقاسمية والريحانية", "طال القصف كلاً من قرية الدحلة وبلدة البصيرة", "سيطرت ... على بلدة أبو
راسين، وكذلك قرى الربيعات والنويحات". An analyst records one event per named place (ACLED does
the same), so a list of places after one verb gives one report each. Names that only qualify
one another ("حي الشبكة في بلدة الشحيل", "قاعدة خراب الجير في منطقة الرميلان", "عين العرب
(كوباني)") stay one place, and so do the two ends of "بين بلدتي X وY". Places far apart in one
clause that are not a list ("غارات على مقرات في البوكمال ومستودع في الميادين") are split for the
kinds that carry the ``split_by_target`` flag.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from geopy.distance import great_circle

from geodata.events.clause_facts import ClauseFacts
from geodata.events.cues import Cues
from geodata.events.kinds import kinds_with
from geodata.places.finder import PlaceMatch
from geodata.places.framing import default_place_phrases
from geodata.text import normalize_phrase

SAME_PLACE_KM = 5.0
QUALIFIER_KM = 60.0  # a place "in" another lies at most this far from it: farther, a name misread
MAX_UNKNOWN_MEMBERS = 2  # names a list may hold between two known places
QUALIFIER_WORDS = 5  # at most this many words between a name and the one that says where it lies
_TARGET_RELATIONS = frozenset({"at", "near", "between"})
_SPLIT_RELATIONS = frozenset({"at", "near"})  # "سقطت صواريخ على أطراف قاعدة كونيكو، وآخر غرب حقل العمر": two targets
_WORD = re.compile(r"[^\s\"'“”«»()\[\]،,.:؛;\-–—/]+")
_BARE_PREPOSITIONS = frozenset({"ب", "وب", "ل", "في"})
_ALIAS_GAP = re.compile(r"^\s*[(\[]\s*$")


def split_targets(fact: ClauseFacts, text: str, cues: Cues) -> list[ClauseFacts]:
    """``fact`` once per place it hits (itself when it hits one place or none)."""
    if not fact.reports_event:
        return [fact]
    sites = _sites(fact)
    if len(sites) < 2:
        return [fact]
    units = _units(sites, text, cues)
    lists = _listed_units(units, text, cues)
    if lists:
        targets = [unit for unit in units if any(unit is member for member in lists)]
    else:
        targets = [unit for unit in units if fact.location in unit] or units[:1]
    if fact.kind in kinds_with("split_by_target") or fact.generic_attack:
        # "غارات على مقرات في البوكمال ومستودع في الميادين": named sites far apart
        for unit in units:
            if (not any(unit is target for target in targets) and any(site.relation in _SPLIT_RELATIONS for site in unit)
                    and any(target_site.relation in _SPLIT_RELATIONS for target in targets for target_site in target)
                    and not any(_close(site, other) and not _other_site(site, other)
                                for site in unit for target in targets for other in target)):
                targets.append(unit)
    if len(targets) < 2 and fact.location not in targets[0]:
        return [fact]
    parts = []
    for unit in sorted(targets, key=lambda unit: unit[0].start):
        # the most exact place of a unit, the first named of equals: "بلدة الشحيل التابعة لناحية البصيرة"
        location = _most_exact(unit)
        others = [match for match in [fact.location, *fact.others] if match is not None and match is not location]
        parts.append(replace(fact, location=location, others=others, listed=len(targets) > 1))
    return parts


def _units(sites: list[PlaceMatch], text: str, cues: Cues) -> list[list[PlaceMatch]]:
    """The places of the clause, each with the names that only say it again or more exactly:
    the same place twice, the two ends of "بين", a name in brackets, "X في Y"."""
    units: list[list[PlaceMatch]] = [[sites[0]]]
    for previous, site in pairwise(sites):
        gap = text[previous.end:site.start]
        # one place named twice is one target; two sites of one town the gazetteer lacks ("حي
        # البتاني" and "حي البريد", both placed at the city) are two
        same = next((unit for unit in units if any(member.place.id == site.place.id and member.site == site.site
                                                   for member in unit)), None)
        if same is not None:
            same.append(site)
        elif (site.relation == previous.relation == "between") or _ALIAS_GAP.match(gap):
            units[-1].append(site)
        elif (not is_list_gap(gap, cues.list_joints) and len(_WORD.findall(gap)) <= QUALIFIER_WORDS
              and ((site.relation == "near" and not site.site) or (_close(site, previous) and len(_WORD.findall(gap)) <= 1)
                   or (_qualifies(gap, cues.qualifier_words) and _close(site, previous, QUALIFIER_KM)))):
            # "حي الشبكة في بلدة الشحيل", "قاعدة خراب الجير في ريف رميلان": one place said more exactly
            units[-1].append(site)
        else:
            units.append([site])
    return units


def _listed_units(units: list[list[PlaceMatch]], text: str, cues: Cues) -> list[list[PlaceMatch]]:
    """The units that a list joins ("قرى الرشيدية والقاسمية والريحانية"): each is a target."""
    listed: list[list[PlaceMatch]] = []
    for first, second in pairwise(units):
        if is_list_gap(text[first[-1].end:second[0].start], cues.list_joints):
            listed += [unit for unit in (first, second) if not any(unit is member for member in listed)]
    return listed


def _sites(fact: ClauseFacts) -> list[PlaceMatch]:
    """The named in-region settlements and sites the clause puts the event at, in text order."""
    matches = [match for match in [fact.location, *fact.others]
               if match is not None and match is not fact.launch and match not in fact.passed and match.place.in_region
               and match.relation in _TARGET_RELATIONS and match.place.geo_precision == 1]
    return sorted(matches, key=lambda match: match.start)


def _other_site(first: PlaceMatch, second: PlaceMatch) -> bool:
    """A named site the gazetteer lacks, placed at its town ("حي البتاني"), and another place there
    (another site, "حي البريد", or the town itself named apart)."""
    return (bool(first.site) or bool(second.site)) and first.site != second.site


def _most_exact(group: list[PlaceMatch]) -> PlaceMatch:
    return min(group, key=lambda match: (match.geo_precision or 3, match.start))


def _close(first: PlaceMatch, second: PlaceMatch, km: float = SAME_PLACE_KM) -> bool:
    return great_circle((first.place.lat, first.place.lon), (second.place.lat, second.place.lon)).km <= km


def _qualifies(gap: str, words: frozenset[str]) -> bool:
    """Whether a word of the gap says where the place before it lies ("التابعة", "في", "بريف")."""
    for word in _WORD.findall(normalize_phrase(gap)):
        if word in _BARE_PREPOSITIONS or word in words:
            return True  # "بدير الزور": the preposition is the gap's last word
        if word[:1] in "بل" and word[1:] in words:
            return True  # "بريف", "لناحية" ("وفي", "وبريف": "and in ...", another place of a list)
    return False


def is_list_gap(gap: str, joints: frozenset[str]) -> bool:
    """Whether the text between two place names only joins them into a list: و, commas,
    settlement nouns ("وبلدة", "قريتي") and the joining words of ``joints`` ("إضافة إلى")."""
    norm = normalize_phrase(gap)
    joined = "،" in gap or "," in gap
    for joint in sorted(joints, key=len, reverse=True):
        if joint in norm:
            norm = norm.replace(joint, " ")
            joined = True
    nouns = default_place_phrases().settlement_nouns
    words = _WORD.findall(norm)
    unknown = 0
    for position, word in enumerate(words):
        if word.startswith("و"):
            joined = True
            word = word[1:]
            # "الصالحية والدوير والكشمة": a name the gazetteer lacks, between two of the list
            if word and word not in nouns and any(later.startswith("و") for later in words[position + 1:]):
                unknown += 1
                continue
        if word and word not in nouns:
            return False
    return joined and unknown <= MAX_UNKNOWN_MEMBERS
