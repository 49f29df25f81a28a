"""The two source tables of the imported gazetteer, read, cleaned and paired.

OCHA's communities and the WOF/GeoNames localities, as converted in
``../shared/gazetteer-sources``: their names split and checked, duplicates within WOF folded,
and each community paired with the GeoNames locality that is the same place. Used by
``build_gazetteer_import.py``; the rules are listed in geodata/data/README.md.
"""

from __future__ import annotations

import csv
import difflib
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import gazetteer_names as names

OCHA_FILE = "ocha_cod_east_communities.csv"
WOF_FILE = "wof_geonames_east_localities.csv"
ABANDONED_CODES = frozenset({"PPLQ", "PPLH"})
# Two records of one source are one place when their names agree this close ...
DUPLICATE_KM = 1.0
# ... or this close when one of them is a retired (not current, or id-less) WOF record.
RETIRED_DUPLICATE_KM = 3.0
# An OCHA community and a GeoNames locality the converter paired: kept when the normalised
# Arabic names agree within MATCH_KM, or the points lie within NEAR_MATCH_KM, or the Arabic
# names are close (skeleton similarity) within MATCH_KM.
MATCH_KM = 5.0
NEAR_MATCH_KM = 2.5
CLOSE_NAME_RATIO = 0.6
# Without a hint: a locality whose Arabic differs from OCHA's only in an emphatic or as a
# back-transliteration is merged this close (the same name or a news spelling: NEAR_MATCH_KM).
SPELLING_MATCH_KM = 1.0


# ------------------------------------------------------------------------------ records


@dataclass
class Community:
    """One OCHA community, cleaned."""

    pcode: str
    names_ar: list[str]
    names_en: list[str]
    admin: tuple[str, str, str]
    admin_names: dict[str, tuple[str, str]]  # pcode -> (English, Arabic)
    lat: float
    lon: float
    wof_hint: str
    alt_ar: list[str]  # the converter's alternates (OCHA's own and GeoNames')


@dataclass
class Locality:
    """One WOF/GeoNames locality, cleaned."""

    wof_id: str
    geonames_id: str
    names_ar: list[str]
    names_en: list[str]
    feature_code: str
    is_current: str
    admin1: str
    admin1_by: str
    lat: float
    lon: float

    @property
    def abandoned(self) -> bool:
        return self.feature_code in ABANDONED_CODES or self.is_current == "0"

    @property
    def retired(self) -> bool:
        return self.is_current == "0" or not self.geonames_id


# ------------------------------------------------------------------------------ helpers


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p = math.pi / 180
    a = 0.5 - math.cos((lat2 - lat1) * p) / 2 + math.cos(lat1 * p) * math.cos(lat2 * p) * (1 - math.cos((lon2 - lon1) * p)) / 2
    return 12742 * math.asin(math.sqrt(a))


def roughly_within(lat1: float, lon1: float, lat2: float, lon2: float, limit_km: float) -> bool:
    """A cheap test before ``km``: False only when the points are surely farther apart than
    ``limit_km`` (a degree of longitude is at least 88 km below 37.5° N)."""
    return abs(lat1 - lat2) * 110.5 <= limit_km and abs(lon1 - lon2) * 88 <= limit_km


def split_bar(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split("|") if part.strip()]


def english_key(text: str) -> str:
    """A crude key for English names of one source: no accents, case, article or punctuation."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    text = re.sub(r"\b(?:al|el|ar|as|ash|at|ad|adh|az|an|ath|ad)[ -]", "", text)
    return re.sub("[^a-z]", "", text)


def arabic_keys(texts: Iterable[str]) -> set[str]:
    return {names.loose_key(text) for text in texts if text} - {""}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def without_centre(text: str) -> str:
    """"مركز الحسكة" -> "الحسكة": OCHA's name of the subdistrict around a district seat."""
    return re.sub("^مركز ", "", text)


# ------------------------------------------------------------------------------ reading the sources


def read_communities(path: Path, locator_keys: set[str]) -> list[Community]:
    """The OCHA communities, with joined names split and locators dropped."""
    communities = []
    for row in read_csv(path):
        admin = (row["admin1_pcode"], row["admin2_pcode"], row["admin3_pcode"])
        admin_names = {row[f"admin{level}_pcode"]: (row[f"admin{level}_en"], row[f"admin{level}_ar"]) for level in (1, 2, 3)}
        own_units = arabic_keys(without_centre(ar) for _, ar in admin_names.values())
        names_ar, dropped = split_name_field(row["name_ar"], own_units | locator_keys)
        parts = len(names_ar) + len(dropped)
        names_en = english_names(row["name_en"], parts, dropped)
        if parts > 1 and len(names.split_latin(row["name_en"], spaced_hyphen=True)) == 1:
            names_ar = names.unique([*names_ar, " ".join(names_ar)])  # "أصيلم_البراشمة" is also "Aslim Elbarashmeh"
        communities.append(Community(
            pcode=row["pcode"], names_ar=names_ar, names_en=names_en, admin=admin, admin_names=admin_names,
            lat=float(row["lat"]), lon=float(row["lon"]), wof_hint=row["wof_id"],
            alt_ar=split_bar(row["alt_names_ar"]),
        ))
    return communities


def english_names(text: str, arabic_parts: int, dropped: set[int]) -> list[str]:
    """The English names of a community: split like the Arabic field when it has as many parts
    ("Hamaniyeh - Kerbet Eltamer"); otherwise the whole field first, then its parts ("Umm Sharah
    / Al Harib" for الهارب, "Fas (Abo Fas)" -> "Fas", "Abo Fas")."""
    parts = names.split_latin(text, spaced_hyphen=arabic_parts > 1)
    if len(parts) == arabic_parts:
        return [part for index, part in enumerate(parts) if index not in dropped]
    return names.unique([names.clean_latin(re.sub(r"\([^()]*\)", " ", text)), *parts])


def split_name_field(text: str, locator_keys: set[str]) -> tuple[list[str], set[int]]:
    """The names of one field and the positions of the parts dropped as locators: a part that
    names the row's own subdistrict, district or governorate, or a curated city ("عناد - شدادة":
    Inad in Shaddadah). When every part is a locator the parts are kept joined by a space."""
    parts = [part for part in names.split_joined(text) if names.is_arabic_name(part)]
    if len(parts) < 2:
        return parts, set()
    dropped = {index for index, part in enumerate(parts) if names.loose_key(part) in locator_keys}
    kept = [part for index, part in enumerate(parts) if index not in dropped]
    return (kept, dropped) if kept else ([" ".join(parts)], set())


def read_localities(path: Path, locator_keys: set[str]) -> list[Locality]:
    """The WOF/GeoNames localities, Arabic names split and checked (a part naming a curated
    city is a locator: "حمص - حماة" stays one name), Latin ones moved to English."""
    localities = []
    for row in read_csv(path):
        arabic, latin = [], [names.clean_latin(row["name_en"])]
        for raw in [row["name_ar"], *split_bar(row["alt_names_ar"])]:
            if names.is_latin_name(raw):
                latin.append(names.clean_latin(raw))
            else:
                arabic += split_name_field(raw, locator_keys)[0]
        latin += [names.clean_latin(text) for text in split_bar(row["alt_names_en"])]
        localities.append(Locality(
            wof_id=row["wof_id"], geonames_id=row["geonames_id"], names_ar=names.unique(arabic),
            names_en=names.unique(latin), feature_code=row["geonames_feature_code"], is_current=row["wof_is_current"],
            admin1=row["admin1_pcode"], admin1_by=row["admin1_assigned_by"], lat=float(row["lat"]), lon=float(row["lon"]),
        ))
    return localities


# ------------------------------------------------------------------------------ duplicates and pairs


def deduplicate(localities: list[Locality]) -> tuple[list[Locality], dict[str, str]]:
    """One record per place: two records with one name (Arabic, or English when one has no
    Arabic) within DUPLICATE_KM, or RETIRED_DUPLICATE_KM when one is retired, are one place.
    The current, identified, best-named record stays and takes the other's names. Returns the
    records left and, for each dropped WOF id, the id that stays."""
    order = sorted(localities, key=_record_rank)
    kept: list[Locality] = []
    replaced: dict[str, str] = {}
    for record in order:
        twin = next((other for other in kept if _same_place(record, other)), None)
        if twin is None:
            kept.append(record)
            continue
        twin.names_ar = names.unique([*twin.names_ar, *record.names_ar])
        twin.names_en = names.unique([*twin.names_en, *record.names_en])
        replaced[record.wof_id] = twin.wof_id
    return sorted(kept, key=lambda record: int(record.wof_id)), replaced


def _record_rank(record: Locality) -> tuple[int, int, int, int, int]:
    return (int(record.retired), int(record.abandoned), int(not record.names_ar), -len(record.names_ar), int(record.wof_id))


def _same_place(one: Locality, other: Locality) -> bool:
    if not roughly_within(one.lat, one.lon, other.lat, other.lon, RETIRED_DUPLICATE_KM):
        return False
    distance = km(one.lat, one.lon, other.lat, other.lon)
    limit = RETIRED_DUPLICATE_KM if one.retired or other.retired else DUPLICATE_KM
    if distance > limit:
        return False
    if one.names_ar and other.names_ar:
        return bool(arabic_keys(one.names_ar) & arabic_keys(other.names_ar))
    return bool({english_key(n) for n in one.names_en} & {english_key(n) for n in other.names_en} - {""})


@dataclass(frozen=True)
class Pair:
    pcode: str
    wof_id: str
    by: str  # "arabic", "near" or "close_name"
    km: float


def verified_pairs(communities: Sequence[Community], localities: dict[str, Locality], replaced: dict[str, str]) -> dict[str, Pair]:
    """Community -> locality pairs, one to one. First the converter's hints that hold (the best
    claim on a locality wins: Arabic agreement first, then distance); then, among what is
    left, a locality within NEAR_MATCH_KM of a community whose GeoNames Arabic is OCHA's name
    or a news spelling of it, or within SPELLING_MATCH_KM when it differs in an emphatic or is
    a back-transliteration (الحول for الهول). An abandoned locality
    stays apart: OCHA's 2020 community is a living one."""
    candidates = []
    for community in communities:
        wof_id = replaced.get(community.wof_hint, community.wof_hint)
        locality = localities.get(wof_id)
        if locality is None or locality.abandoned:
            continue
        how = pair_evidence(community, locality)
        if how:
            candidates.append(Pair(community.pcode, wof_id, how, km(community.lat, community.lon, locality.lat, locality.lon)))
    pairs = _one_to_one(candidates, {}, set())
    taken = {pair.wof_id for pair in pairs.values()}
    left = [community for community in communities if community.pcode not in pairs]
    nearby = []
    for locality in localities.values():
        if locality.wof_id in taken or locality.abandoned or not locality.names_ar:
            continue
        for community in left:
            if not roughly_within(community.lat, community.lon, locality.lat, locality.lon, NEAR_MATCH_KM):
                continue
            distance = km(community.lat, community.lon, locality.lat, locality.lon)
            if distance > NEAR_MATCH_KM:
                continue
            relations = _relations(community, locality)
            if (relations & {"same", "news"} and distance <= NEAR_MATCH_KM) or (
                    relations & {"richer", "transliteration"} and distance <= SPELLING_MATCH_KM):
                nearby.append(Pair(community.pcode, locality.wof_id, "spelling", distance))
    return _one_to_one(nearby, pairs, taken)


def _one_to_one(candidates: list[Pair], pairs: dict[str, Pair], taken: set[str]) -> dict[str, Pair]:
    pairs, taken = dict(pairs), set(taken)
    for pair in sorted(candidates, key=lambda pair: (pair.by != "arabic", pair.km, pair.pcode, pair.wof_id)):
        if pair.wof_id not in taken and pair.pcode not in pairs:
            pairs[pair.pcode] = pair
            taken.add(pair.wof_id)
    return pairs


def _relations(community: Community, locality: Locality) -> set[str]:
    """How the locality's Arabic names relate to the community's, with OCHA's locator suffix
    left out too ("تل شعير قامشلي" is "تل شعير")."""
    own = [*community.names_ar, *own_names_without_locator(community)]
    return {names.spelling_relation(other, one) for one in own for other in locality.names_ar}


def own_names_without_locator(community: Community) -> list[str]:
    return names.unique(form for name in community.names_ar for form in names.locator_free(name, unit_names(community)))


def unit_names(community: Community) -> list[str]:
    """The Arabic names of the community's governorate, district and subdistrict ("مركز X" as
    X), and the first two words of a longer one ("بئر الحلو" of "بئر الحلو الوردية"): the
    locators OCHA appends to a village's name."""
    out = []
    for _, arabic in community.admin_names.values():
        unit = without_centre(arabic)
        out.append(unit)
        if len(unit.split()) > 2:
            out.append(" ".join(unit.split()[:2]))
    return names.unique(out)


def pair_evidence(community: Community, locality: Locality) -> str:
    """Why a community and a locality are one place ("" when they are not shown to be)."""
    distance = km(community.lat, community.lon, locality.lat, locality.lon)
    if distance > MATCH_KM:
        return ""
    if arabic_keys(community.names_ar) & arabic_keys(locality.names_ar):
        return "arabic"
    if distance <= NEAR_MATCH_KM:
        return "near"
    ratio = max((name_ratio(one, other) for one in community.names_ar for other in locality.names_ar), default=0.0)
    return "close_name" if ratio >= CLOSE_NAME_RATIO else ""


def name_ratio(one: str, other: str) -> float:
    return difflib.SequenceMatcher(None, names.skeleton(one), names.skeleton(other), autojunk=False).ratio()
