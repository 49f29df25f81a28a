"""The incident kinds: one typed home for what each kind is called, how it looks and how the
rules treat it, loaded from the ``kinds`` section of data/event_kinds.yaml.

The map, the legend, the filters, the exports and the extractor all read this registry; the data
file is the one place to change a kind's label, colour, ACLED types or flags.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal, get_args

from geodata.datafiles import LINE_KEY, data_path, line_of, load_yaml
from geodata.errors import DataFileError

KindKey = Literal[
    "rocket_attack", "drone_attack", "airstrike", "artillery_shelling", "armed_clash",
    "ied_explosion", "interception", "weapons_found", "security_operation", "militia_movement",
    "other",
]
INCIDENT_KINDS: tuple[KindKey, ...] = get_args(KindKey)

# What a flag says about a kind, for the data file's readers and its validation.
FLAGS: Mapping[str, str] = {
    "fire": "fire from afar or its interception: a response cue answers it, a place after a launch cue is where it came from",
    "launched": "fired from a launch site that a launcher or a response can place",
    "split_by_target": "one clause that names sites far apart gives one report per site",
    "remote_fire": "merges with another kind of remote fire when both name the same doer",
    "at_launch_point": "a find or sweep about a launcher happened at the launch site",
    "untargeted": "has no actors against (a move, not an attack)",
    "political_violence": "ACLED's disorder type is political violence (else strategic developments)",
}
ACLED_EVENT_TYPES: Mapping[str, frozenset[str]] = {
    "Battles": frozenset({"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}),
    "Explosions/Remote violence": frozenset({
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    }),
    "Violence against civilians": frozenset({"Sexual violence", "Attack", "Abduction/forced disappearance"}),
    "Strategic developments": frozenset({
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory", "Other",
    }),
}
# The marker shapes the map can draw (geodata/views/map/script.js draws each one, the legend too).
ICONS: tuple[str, ...] = (
    "circle", "square", "diamond", "triangle", "triangle-down", "pentagon", "hexagon", "star", "plus", "cross", "wye",
)
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_FIELDS = {"label_en", "label_ar", "colour", "icon", "acled", "flags", LINE_KEY}
UNKNOWN_LABEL = "Incident"
UNKNOWN_COLOUR = "#555555"
UNKNOWN_ICON = "circle"


@dataclass(frozen=True)
class Kind:
    """One incident kind as the data file defines it."""

    key: KindKey
    label_en: str
    label_ar: str
    colour: str
    icon: str
    acled_event_type: str
    acled_sub_event_type: str
    flags: frozenset[str]

    def has(self, flag: str) -> bool:
        if flag not in FLAGS:
            raise KeyError(f"unknown kind flag {flag!r}; known: {sorted(FLAGS)}")
        return flag in self.flags


@dataclass(frozen=True)
class Kinds:
    """Every kind, in the order of ``INCIDENT_KINDS``, looked up by key."""

    by_key: Mapping[str, Kind]

    def __iter__(self) -> Iterator[Kind]:
        return iter(self.by_key.values())

    def __getitem__(self, key: str) -> Kind:
        return self.by_key[key]

    def label(self, key: str) -> str:
        kind = self.by_key.get(key)
        return kind.label_en if kind else UNKNOWN_LABEL

    def colour(self, key: str) -> str:
        kind = self.by_key.get(key)
        return kind.colour if kind else UNKNOWN_COLOUR

    def icon(self, key: str) -> str:
        kind = self.by_key.get(key)
        return kind.icon if kind else UNKNOWN_ICON

    def with_flag(self, flag: str) -> frozenset[str]:
        """The keys of the kinds that carry ``flag``."""
        return frozenset(kind.key for kind in self if kind.has(flag))


def load_kinds(path: Path | None = None) -> Kinds:
    """The ``kinds`` section of ``path`` (data/event_kinds.yaml), validated: exactly the kinds of
    ``INCIDENT_KINDS``, each with labels, a colour, a marker shape of ``ICONS``, ACLED's types and
    known flags."""
    source = path or data_path("event_kinds.yaml")
    data = load_yaml(source)
    section = data.get("kinds")
    if not isinstance(section, dict):
        raise DataFileError(str(source), line_of(data), "'kinds' must be a mapping of kind -> label_en, label_ar, colour, icon, acled, flags")
    keys = [key for key in section if key != LINE_KEY]
    if sorted(keys) != sorted(INCIDENT_KINDS):
        raise DataFileError(str(source), line_of(section), f"kinds must be exactly {list(INCIDENT_KINDS)}; found {keys}")
    return Kinds({key: _kind(source, key, section[key]) for key in INCIDENT_KINDS})


def _kind(source: Path, key: KindKey, item: Any) -> Kind:
    def fail(reason: str) -> DataFileError:
        return DataFileError(str(source), line_of(item), f"kind '{key}': {reason}")

    if not isinstance(item, dict):
        raise fail("expected a mapping with label_en, label_ar, colour, icon, acled and flags")
    unknown = sorted(set(item) - _FIELDS)
    if unknown:
        raise fail(f"unknown fields {unknown}; expected {sorted(_FIELDS - {LINE_KEY})}")
    label_en, label_ar = item.get("label_en"), item.get("label_ar")
    if not (isinstance(label_en, str) and label_en.strip() and isinstance(label_ar, str) and label_ar.strip()):
        raise fail("label_en and label_ar must be non-empty text")
    colour = str(item.get("colour", ""))
    if not _COLOUR.match(colour):
        raise fail(f"colour must look like '#1f77b4'; found {colour!r}")
    icon = item.get("icon", UNKNOWN_ICON)
    if icon not in ICONS:
        raise fail(f"icon must be one of {', '.join(ICONS)}; found {icon!r}")
    event_type, sub_event_type = _acled(item.get("acled"), fail)
    flags = item.get("flags") or []
    if not isinstance(flags, list) or not all(isinstance(flag, str) for flag in flags):
        raise fail("flags must be a list of names")
    if unknown_flags := sorted(set(flags) - set(FLAGS)):
        raise fail(f"unknown flags {unknown_flags}; known: {sorted(FLAGS)}")
    return Kind(key, label_en.strip(), label_ar.strip(), colour, str(icon), event_type, sub_event_type, frozenset(flags))


def _acled(value: Any, fail: Any) -> tuple[str, str]:
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(part, str) for part in value)):
        raise fail("acled must be [event type, sub-event type]")
    event_type, sub_event_type = value
    if sub_event_type not in ACLED_EVENT_TYPES.get(event_type, ()):
        raise fail(f"{event_type!r} / {sub_event_type!r} is not a pair of ACLED's codebook")
    return event_type, sub_event_type


@lru_cache(maxsize=1)
def default_kinds() -> Kinds:
    """The bundled kinds, read once per process."""
    return load_kinds()


@cache
def kinds_with(flag: str) -> frozenset[str]:
    """The keys of the bundled kinds that carry ``flag`` (the rules ask this in loops)."""
    return default_kinds().with_flag(flag)


def kind_label(key: str) -> str:
    return default_kinds().label(key)


def kind_colour(key: str) -> str:
    return default_kinds().colour(key)


def kind_icon(key: str) -> str:
    return default_kinds().icon(key)
