"""Build the imported gazetteer layer of Hasakah, Raqqa and Deir ez-Zor from public gazetteers.

Reads the two conversions in ``../shared/gazetteer-sources`` (see its README: OCHA COD
communities, CC BY 3.0 IGO; Who's On First localities taken from GeoNames, CC BY 4.0) and
writes into ``geodata/data``:

- ``gazetteer_imported.csv``: one populated place a row, the two sources merged, names
  cleaned, news spellings generated, linked to the curated gazetteer (``same_as``);
- ``admin_units.csv``: OCHA's governorates, districts and subdistricts of the three governorates;
- ``gazetteer_admin.csv``: the admin units of each curated settlement or site there.

The app reads only those files, never the sources. Rules and column meanings:
geodata/data/README.md. Run from the repository root::

    .venv/bin/python scripts/build_gazetteer_import.py [--sources DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gazetteer_names as names  # sibling modules of this script
from gazetteer_sources import (
    OCHA_FILE,
    WOF_FILE,
    Community,
    Locality,
    Pair,
    arabic_keys,
    deduplicate,
    km,
    own_names_without_locator,
    read_communities,
    read_csv,
    read_localities,
    roughly_within,
    split_bar,
    unit_names,
    verified_pairs,
    without_centre,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = ROOT.parent / "shared" / "gazetteer-sources"
DEFAULT_OUT = ROOT / "geodata" / "data"

GOVERNORATES = {"SY08": "hasakah", "SY09": "deir-ez-zor", "SY11": "raqqa"}
OCHA_SOURCE = "OCHA (CC BY 3.0 IGO)"
GEONAMES_SOURCE = "GeoNames/WOF (CC BY 4.0)"

IMPORTED_COLUMNS = (
    "id", "name_en", "name_ar", "variants_ar", "variants_en", "kind", "governorate", "lat", "lon",
    "uncertainty_m", "pcode", "geonames_id", "admin1_pcode", "admin2_pcode", "admin3_pcode",
    "status", "same_as", "source",
)
ADMIN_UNIT_COLUMNS = ("pcode", "level", "name_en", "name_ar", "parent_pcode")
CURATED_ADMIN_COLUMNS = ("id", "admin1_pcode", "admin2_pcode", "admin3_pcode", "method", "via", "distance_km")

# A place without a P-code takes the admin units of the nearest OCHA community this close.
ADMIN_NEAREST_KM = 15.0
# An imported place is a curated place (same_as) when a name agrees within this distance.
SAME_AS_KM = {"city": 8.0, "town": 6.0, "village": 6.0, "neighbourhood": 3.0}
OWN_PLACE_KM = 1.0
# A village's name without "upper"/"lower" is given to its parts unless a place this close has it.
UMBRELLA_KM = 10.0
SITE_KINDS = frozenset({"city", "town", "village", "neighbourhood", "facility", "base", "oilfield", "border_crossing"})
LOCATOR_KINDS = frozenset({"city", "governorate", "country"})

# Metres of uncertainty by source and kind. OCHA's community point stands for a community
# that may group several villages (Deir ez-Zor's Euphrates villages most of all); a GeoNames
# point is one settlement, rounded to the arc-minute (~1.8 km) in old records.
UNCERTAINTY_M = {
    ("ocha", "city"): 5000, ("ocha", "town"): 3000, ("ocha", "village"): 2000,
    ("geonames", "city"): 5000, ("geonames", "town"): 2500, ("geonames", "village"): 1500,
}
OCHA_DEIR_EZ_ZOR_VILLAGE_M = 3000
ARC_MINUTE_EXTRA_M = 1000
MAX_MERGED_M = 5000
COMMON_WORD_SECTIONS = (
    "settlement_nouns", "not_names", "near_words", "between_words", "road_words", "direction_words", "governorate_nouns",
)


# ------------------------------------------------------------------------------ records


@dataclass
class Place:
    """One row of gazetteer_imported.csv before writing."""

    id: str
    name_en: str
    name_ar: str
    variants_ar: list[str]
    variants_en: list[str]
    kind: str
    lat: float
    lon: float
    uncertainty_m: int
    pcode: str = ""
    geonames_id: str = ""
    admin: tuple[str, str, str] = ("", "", "")
    status: str = "current"
    same_as: str = ""
    source: str = ""
    english: list[str] = field(default_factory=list)
    link_names: list[str] = field(default_factory=list)  # every Arabic name the sources give

    @property
    def governorate(self) -> str:
        return GOVERNORATES.get(self.admin[0], "")

    def row(self) -> dict[str, str]:
        return {
            "id": self.id, "name_en": self.name_en, "name_ar": self.name_ar,
            "variants_ar": "|".join(self.variants_ar), "variants_en": "|".join(self.variants_en),
            "kind": self.kind, "governorate": self.governorate, "lat": f"{self.lat:.5f}", "lon": f"{self.lon:.5f}",
            "uncertainty_m": str(self.uncertainty_m), "pcode": self.pcode, "geonames_id": self.geonames_id,
            "admin1_pcode": self.admin[0], "admin2_pcode": self.admin[1], "admin3_pcode": self.admin[2],
            "status": self.status, "same_as": self.same_as, "source": self.source,
        }


@dataclass(frozen=True)
class Curated:
    """What the import needs of a curated gazetteer row."""

    id: str
    kind: str
    governorate: str
    lat: float
    lon: float
    uncertainty_m: int
    keys: frozenset[str]


# ------------------------------------------------------------------------------ helpers


def place_phrases() -> dict[str, list[str]]:
    return yaml.safe_load((ROOT / "geodata" / "data" / "place_phrases.yaml").read_text(encoding="utf-8"))


def spelling_pairs() -> list[tuple[str, str]]:
    """The matcher's spelling pairs from place_phrases.yaml, normalised."""
    pairs = []
    for entry in place_phrases()["spelling_pairs"]:
        first, second = (names.normalize_phrase(part) for part in entry.split("|"))
        pairs.append((first, second))
    return pairs


def common_words() -> frozenset[str]:
    """Words a generated spelling must not be on its own (normalised, with and without the
    article): the framing words of place_phrases.yaml and the qualifiers ("جديدة سلوك" less its
    locator is "جديدة", "new")."""
    phrases = place_phrases()
    words = {names.normalize_phrase(word) for section in COMMON_WORD_SECTIONS for word in phrases.get(section) or []}
    words |= names.QUALIFIERS | names.PART_QUALIFIERS | {"جديد", "جديده"}
    return frozenset(words | {names.ARTICLE + word for word in words} | {word[2:] for word in words if word.startswith(names.ARTICLE)})


# ------------------------------------------------------------------------------ the curated gazetteer


def read_curated(path: Path) -> tuple[list[dict[str, str]], list[Curated], set[str]]:
    """The curated rows, the settlements among them as link targets, and the keys of the
    names of curated cities, governorates and countries (never a village's second name)."""
    rows = read_csv(path)
    targets, locators = [], set()
    for row in rows:
        spellings = [row["name_ar"], *split_bar(row["variants_ar"])]
        keys = frozenset(arabic_keys(_unframed(spelling) for spelling in spellings))
        if row["kind"] in LOCATOR_KINDS:
            locators |= keys
        if row["kind"] in SAME_AS_KM and row["governorate"] in GOVERNORATES.values():
            targets.append(Curated(row["id"], row["kind"], row["governorate"], float(row["lat"]), float(row["lon"]),
                                   int(float(row["uncertainty_m"])), keys))
    return rows, targets, locators


def _unframed(text: str) -> str:
    """"بلدة الطيانة" -> "الطيانة": curated variants carry settlement nouns the matcher reads itself."""
    first, _, rest = text.strip().partition(" ")
    return rest if rest and names.normalize_phrase(first) in names.SETTLEMENT_NOUNS else text


# ------------------------------------------------------------------------------ places


def community_kind(community: Community, locality: Locality | None) -> str:
    """city for a governorate or district seat, town for a subdistrict seat (its name is the
    unit's name), else from the GeoNames feature code, else village."""
    own = arabic_keys(community.names_ar[:1])
    admin1, admin2, admin3 = (arabic_keys([without_centre(community.admin_names[code][1])]) for code in community.admin)
    if own & (admin1 | admin2):
        return "city"
    if own & admin3:
        return "town"
    return feature_kind(locality.feature_code) if locality else "village"


def feature_kind(code: str) -> str:
    """GeoNames feature code -> kind: seats of governorates and districts are cities, of subdistricts towns."""
    return {"PPLC": "city", "PPLA": "city", "PPLA2": "city", "PPLA3": "town"}.get(code, "village")


def on_arc_minute(value: float) -> bool:
    return abs(value * 60 - round(value * 60)) < 0.006


def community_place(community: Community, locality: Locality | None, pair: Pair | None) -> Place:
    """The row of an OCHA community, with what its GeoNames twin adds."""
    kind = community_kind(community, locality)
    geonames_ar = locality.names_ar if locality else []
    own_alternates = [name for name in community.alt_ar if names.loose_key(name) not in arabic_keys(geonames_ar)]
    reference = community.names_ar[0]
    extra_own = [part for alternate in own_alternates for part in names.split_joined(alternate) if names.is_arabic_name(part)]
    references = [*community.names_ar, *extra_own, *own_names_without_locator(community)]
    kept_geonames = [name for name in geonames_ar if names.keep_geonames_spelling(name, references)]
    english = names.unique([*community.names_en, *(locality.names_en if locality else [])])
    uncertainty = UNCERTAINTY_M["ocha", kind]
    if kind == "village" and community.admin[0] == "SY09":
        uncertainty = OCHA_DEIR_EZ_ZOR_VILLAGE_M
    if pair is not None:
        uncertainty = min(MAX_MERGED_M, max(uncertainty, math.ceil(pair.km * 10) * 100))
    return Place(
        id=f"ocha-{community.pcode.lower()}", name_en=community.names_en[0] if community.names_en else "",
        name_ar=reference, variants_ar=names.unique([*community.names_ar[1:], *extra_own, *kept_geonames]),
        variants_en=english[1:], kind=kind, lat=community.lat, lon=community.lon, uncertainty_m=uncertainty,
        pcode=community.pcode, geonames_id=locality.geonames_id if locality else "", admin=community.admin,
        source=OCHA_SOURCE + (f"; {GEONAMES_SOURCE}" if locality else ""), english=english,
        link_names=[*community.names_ar, *extra_own, *geonames_ar],
    )


def locality_place(locality: Locality, communities: Sequence[Community]) -> Place:
    """The row of a GeoNames locality no community matched; admin units of the nearest community."""
    kind = feature_kind(locality.feature_code)
    reference = locality.names_ar[0] if locality.names_ar else ""
    variants = [name for name in locality.names_ar[1:] if names.keep_geonames_spelling(name, [reference])]
    uncertainty = UNCERTAINTY_M["geonames", kind]
    if on_arc_minute(locality.lat) and on_arc_minute(locality.lon):
        uncertainty += ARC_MINUTE_EXTRA_M
    ident = f"gn-{locality.geonames_id}" if locality.geonames_id else f"wof-{locality.wof_id}"
    return Place(
        id=ident, name_en=locality.names_en[0], name_ar=reference, variants_ar=variants, variants_en=locality.names_en[1:],
        kind=kind, lat=locality.lat, lon=locality.lon, uncertainty_m=uncertainty, geonames_id=locality.geonames_id,
        admin=nearest_admin(locality, communities), status="abandoned" if locality.abandoned else "current",
        source=GEONAMES_SOURCE, english=locality.names_en, link_names=locality.names_ar,
    )


def nearest_admin(locality: Locality, communities: Sequence[Community]) -> tuple[str, str, str]:
    """The admin units of the nearest OCHA community within ADMIN_NEAREST_KM, in the locality's
    own governorate when WOF placed it by polygon; else the governorate alone."""
    pool = [c for c in communities if c.admin[0] == locality.admin1] if locality.admin1_by == "wof_hierarchy" else communities
    found = [(km(locality.lat, locality.lon, c.lat, c.lon), c.pcode, c.admin) for c in pool
             if roughly_within(locality.lat, locality.lon, c.lat, c.lon, ADMIN_NEAREST_KM)]
    found = [entry for entry in found if entry[0] <= ADMIN_NEAREST_KM]
    return min(found)[2] if found else (locality.admin1, "", "")


def add_spellings(place: Place, community: Community | None, pairs: list[tuple[str, str]], blocked: frozenset[str]) -> None:
    """Generate the news spellings of ``place``; drop those the matcher derives itself and
    those that are a ``blocked`` common word."""
    if not place.name_ar:
        return
    locators = unit_names(community) if community is not None else []
    sources = [place.name_ar, *place.variants_ar]
    generated = names.generated_spellings(sources, english=place.english, locators=locators)
    generated = [form for form in generated if names.normalize_phrase(form) not in blocked]
    place.variants_ar = names.prune_covered(place.name_ar, [*place.variants_ar, *generated], pairs)


def add_umbrella_names(places: list[Place], curated_rows: Sequence[dict[str, str]], pairs: list[tuple[str, str]],
                       blocked: frozenset[str]) -> None:
    """Give "سفيرة فوقاني" and "سفيرة تحتاني" the name of the whole village, "سفيرة" (and its
    generated spellings), unless another place within UMBRELLA_KM already has that name."""
    owners: dict[str, list[tuple[float, float, str]]] = {}
    for place in places:
        for key in arabic_keys([place.name_ar, *place.variants_ar]):
            owners.setdefault(key, []).append((place.lat, place.lon, place.id))
    for row in curated_rows:
        for key in arabic_keys([row["name_ar"], *split_bar(row["variants_ar"])]):
            owners.setdefault(key, []).append((float(row["lat"]), float(row["lon"]), "curated:" + row["id"]))
    umbrellas = {place.id: names.unique(form for name in [place.name_ar, *place.variants_ar] for form in names.umbrella_forms(name))
                 for place in places}
    sided = {place.id: {names.loose_key(form) for name in [place.name_ar, *place.variants_ar] if names.names_a_side(name)
                        for form in names.umbrella_forms(name)} for place in places}
    by_id = {place.id: place for place in places}
    parts_of: dict[str, set[str]] = {}
    for place_id, forms in umbrellas.items():
        for key in arabic_keys(forms):
            parts_of.setdefault(key, set()).add(place_id)

    def beside_another_part(place: Place, key: str) -> bool:
        return any(other != place.id and km(place.lat, place.lon, by_id[other].lat, by_id[other].lon) <= UMBRELLA_KM
                   for other in parts_of[key])

    for place in places:
        kept = [form for form in umbrellas[place.id] if not any(
            owner not in parts_of[names.loose_key(form)] and km(place.lat, place.lon, lat, lon) <= UMBRELLA_KM
            for lat, lon, owner in owners.get(names.loose_key(form), []))
            and (names.loose_key(form) not in sided[place.id] or beside_another_part(place, names.loose_key(form)))]
        if kept:
            extra = [*kept, *names.generated_spellings(kept, english=place.english)]
            extra = [form for form in extra if names.normalize_phrase(form) not in blocked]
            place.variants_ar = names.prune_covered(place.name_ar, [*place.variants_ar, *extra], pairs)


def build_places(communities: list[Community], localities: list[Locality], replaced: dict[str, str],
                 pairs_of_spelling: list[tuple[str, str]], blocked: frozenset[str]) -> list[Place]:
    by_wof = {locality.wof_id: locality for locality in localities}
    pairs = verified_pairs(communities, by_wof, replaced)
    places = []
    for community in communities:
        pair = pairs.get(community.pcode)
        locality = by_wof[pair.wof_id] if pair else None
        place = community_place(community, locality, pair)
        add_spellings(place, community, pairs_of_spelling, blocked)
        places.append(place)
    paired = {pair.wof_id for pair in pairs.values()}
    for locality in localities:
        if locality.wof_id not in paired:
            place = locality_place(locality, communities)
            add_spellings(place, None, pairs_of_spelling, blocked)
            places.append(place)
    return places


# ------------------------------------------------------------------------------ curated links


def link_curated(places: list[Place], targets: Sequence[Curated]) -> None:
    """same_as: the nearest curated settlement that shares a name (or a curated variant) with
    the place within SAME_AS_KM of its kind, or of its own uncertainty when larger. Every
    Arabic name the sources give counts, even one dropped as a back-transliteration. Not when
    the place lies within OWN_PLACE_KM of a more specific curated namesake: "الباغوز" 5 km
    from al-Baghuz (Fawqani) that sits on "الباغوز تحتاني" is al-Baghuz Tahtani."""
    for place in places:
        keys = arabic_keys([*place.link_names, place.name_ar, *place.variants_ar])
        found = []
        for target in targets:
            if not keys & target.keys:
                continue
            distance = km(place.lat, place.lon, target.lat, target.lon)
            limit = max(SAME_AS_KM[target.kind], target.uncertainty_m / 1000)
            if distance <= limit:
                found.append((distance, target.id))
        place.same_as = ""
        if not found:
            continue
        distance, target_id = min(found)
        specific = any(km(place.lat, place.lon, target.lat, target.lon) <= OWN_PLACE_KM and target.id != target_id
                       and any(other.startswith(key) and other != key for other in target.keys for key in keys)
                       for target in targets)
        if not specific or distance <= OWN_PLACE_KM:
            place.same_as = target_id


def curated_admin(rows: Sequence[dict[str, str]], places: Sequence[Place], communities: Sequence[Community]) -> list[dict[str, str]]:
    """Admin units of every curated settlement or site of the three governorates: from its
    imported twin with a P-code, else from the nearest OCHA community of its governorate
    within ADMIN_NEAREST_KM, else the governorate alone."""
    twins: dict[str, list[Place]] = {}
    for place in places:
        if place.same_as and place.pcode:
            twins.setdefault(place.same_as, []).append(place)
    code_of = {value: key for key, value in GOVERNORATES.items()}
    out = []
    for row in rows:
        if row["kind"] not in SITE_KINDS or row["governorate"] not in code_of:
            continue
        lat, lon = float(row["lat"]), float(row["lon"])
        candidates = [(km(lat, lon, place.lat, place.lon), place.id, place.admin) for place in twins.get(row["id"], [])]
        method = "same_as"
        if not candidates:
            method = "nearest_community"
            candidates = [(km(lat, lon, c.lat, c.lon), f"ocha-{c.pcode.lower()}", c.admin)
                          for c in communities if c.admin[0] == code_of[row["governorate"]]]
            candidates = [candidate for candidate in candidates if candidate[0] <= ADMIN_NEAREST_KM]
        if candidates:
            distance, via, admin = min(candidates)
        else:
            method, distance, via, admin = "governorate", None, "", (code_of[row["governorate"]], "", "")
        out.append({
            "id": row["id"], "admin1_pcode": admin[0], "admin2_pcode": admin[1], "admin3_pcode": admin[2],
            "method": method, "via": via, "distance_km": "" if distance is None else f"{distance:.2f}",
        })
    return sorted(out, key=lambda row: row["id"])


def admin_units(communities: Sequence[Community]) -> list[dict[str, str]]:
    """OCHA's admin units of the three governorates, from the communities' admin columns."""
    units: dict[str, dict[str, str]] = {}
    for community in communities:
        for level, pcode in enumerate(community.admin, start=1):
            english, arabic = community.admin_names[pcode]
            parent = community.admin[level - 2] if level > 1 else ""
            units[pcode] = {"pcode": pcode, "level": str(level), "name_en": names.clean_latin(english),
                            "name_ar": names.clean(arabic), "parent_pcode": parent}
    return [units[pcode] for pcode in sorted(units)]


# ------------------------------------------------------------------------------ main


def build(sources: Path, curated_path: Path) -> dict[str, list[dict[str, str]]]:
    """The three tables, as lists of rows in file order."""
    curated_rows, targets, locator_keys = read_curated(curated_path)
    communities = read_communities(sources / OCHA_FILE, locator_keys)
    localities, replaced = deduplicate(read_localities(sources / WOF_FILE, locator_keys))
    pairs, blocked = spelling_pairs(), common_words()
    places = build_places(communities, localities, replaced, pairs, blocked)
    add_umbrella_names(places, curated_rows, pairs, blocked)
    link_curated(places, targets)
    places.sort(key=lambda place: (place.governorate, place.admin[2], place.id))
    return {
        "gazetteer_imported.csv": [place.row() for place in places],
        "admin_units.csv": admin_units(communities),
        "gazetteer_admin.csv": curated_admin(curated_rows, places, communities),
    }


COLUMNS_OF = {
    "gazetteer_imported.csv": IMPORTED_COLUMNS,
    "admin_units.csv": ADMIN_UNIT_COLUMNS,
    "gazetteer_admin.csv": CURATED_ADMIN_COLUMNS,
}


def write(tables: dict[str, list[dict[str, str]]], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with (out / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS_OF[name], lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES, help="folder of the two source CSVs")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to write the three CSVs into")
    parser.add_argument("--curated", type=Path, default=DEFAULT_OUT / "gazetteer.csv", help="the curated gazetteer")
    args = parser.parse_args(argv)
    for name in (OCHA_FILE, WOF_FILE):
        if not (args.sources / name).is_file():
            parser.error(f"{args.sources / name} is missing: point --sources at the gazetteer-sources folder")
    tables = build(args.sources, args.curated)
    write(tables, args.out)
    for name, rows in tables.items():
        print(f"{args.out / name}: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
