"""Cue words of Arabic security news (event kinds, place roles, actors), loaded from
``geodata/data`` and validated; each concern becomes one PhraseFinder."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from geodata.datafiles import LINE_KEY, data_path, line_of, load_yaml, require_strings
from geodata.errors import DataFileError
from geodata.events.actors import actors_from
from geodata.text import normalize_phrase
from geodata.text.phrase_index import PhraseFinder

TRIGGER_CLASSES = ("attack", "attack_with_weapon", "airstrike", "clash", "explosion", "interception", "killing", "found", "operation",
                   "movement")
WEAPON_CLASSES = ("drone", "air", "ied", "rocket", "artillery", "small_arms")
MARKER_LISTS = (
    "response_cues", "prior_event_cues", "intent_cues", "denial_cues", "generic_cues",
    "clause_openers", "background_cues", "reporting_verbs", "link_lines", "habitual_verbs",
    "topic_shift_cues", "earlier_cues", "body_words", "arrest_words",
    "assault_words", "claim_cues", "support_cues", "responsibility_denials",
    "anaphoric_places", "gunmen_words", "overflight_cues", "undated_past_cues", "allegation_cues",
    "ongoing_cues", "locating_cues", "context_event_cues", "outlet_nouns", "ordinal_cues",
)
# Lists of event_kinds.yaml looked for only in the clauses that need them (most clauses tell no
# event): a scan of the whole article for their common words would cost more than it saves.
CLAUSE_LISTS = ("civilian_words", "military_targets", "medical_words", "heard_cues", "destination_cues", "after_words",
                "stock_cues", "contrast_openers", "sweep_words", "campaign_frames", "cell_words", "charge_cues",
                "subordinate_after", "flare_words", "trend_cues")


@dataclass(frozen=True)
class Cues:
    """Everything the extractor looks for, one finder per concern."""

    triggers: PhraseFinder[str]
    weapons: PhraseFinder[str]
    found_objects: PhraseFinder[str]
    military_objects: PhraseFinder[str]
    markers: Mapping[str, PhraseFinder[str]]
    in_clause: Mapping[str, PhraseFinder[str]]  # CLAUSE_LISTS and the place role cues, found clause by clause on demand
    actors: PhraseFinder[str]
    target_nouns: PhraseFinder[str]
    agent_cues: PhraseFinder[str]
    control_cues: PhraseFinder[str]
    launch_cues: PhraseFinder[str]
    target_cues: PhraseFinder[str]
    launcher_words: PhraseFinder[str]
    reporter_cues: PhraseFinder[str]
    list_joints: frozenset[str] = frozenset()  # normalised words that join the places of a list
    qualifier_words: frozenset[str] = frozenset()  # normalised words that say where a place lies
    region_containers: frozenset[str] = frozenset()  # gazetteer ids of areas outside the region that contain it
    air_forces: frozenset[str] = frozenset()  # actor keys whose strikes told with no weapon are air strikes
    addition_openers: frozenset[str] = frozenset()  # normalised clause openers that may only add places to a list


def _classified(path: Path, section: Mapping[str, Any], classes: Iterable[str], name: str) -> list[tuple[str, str]]:
    """(phrase, class) pairs of a section whose keys are classes; a phrase in two classes is an error."""
    unknown = sorted(set(section) - set(classes) - {LINE_KEY})
    if unknown:
        raise DataFileError(str(path), line_of(section), f"unknown {name} classes {unknown}; expected {list(classes)}")
    pairs: list[tuple[str, str]] = []
    owner: dict[str, str] = {}
    for cls in classes:
        for phrase in require_strings(path, section, cls):
            key = normalize_phrase(phrase)
            if key in owner and owner[key] != cls:
                raise DataFileError(str(path), line_of(section), f"{name} phrase {phrase!r} is in both '{owner[key]}' and '{cls}'")
            owner[key] = cls
            pairs.append((phrase, cls))
    return pairs


def _finder(path: Path, data: Mapping[str, Any], name: str) -> PhraseFinder[str]:
    return PhraseFinder((phrase, name) for phrase in require_strings(path, data, name))


def load_cues(directory: Path | None = None) -> Cues:
    """Load and validate event_kinds.yaml, actors.yaml and place_roles.yaml."""
    def locate(name: str) -> Path:
        return directory / name if directory else data_path(name)

    events_path, actors_path, roles_path = locate("event_kinds.yaml"), locate("actors.yaml"), locate("place_roles.yaml")
    events, actors, roles = load_yaml(events_path), load_yaml(actors_path), load_yaml(roles_path)
    actor_pairs = [(name, actor.key) for actor in actors_from(actors_path, actors) for name in actor.names]
    actor_roles = actors.get("roles")
    if not isinstance(actor_roles, dict):
        raise DataFileError(str(actors_path), line_of(actors), "'roles' must hold target_nouns and agent_cues")
    launch_cues, target_cues = _finder(roles_path, roles, "launch_cues"), _finder(roles_path, roles, "target_cues")
    actor_keys = {key for _, key in actor_pairs}
    air_forces = frozenset(require_strings(actors_path, actor_roles, "air_forces"))
    if not air_forces <= actor_keys:
        raise DataFileError(str(actors_path), line_of(actor_roles), f"air_forces names unknown actors {sorted(air_forces - actor_keys)}")
    return Cues(
        triggers=PhraseFinder(_classified(events_path, events.get("triggers") or {}, TRIGGER_CLASSES, "trigger")),
        weapons=PhraseFinder(_classified(events_path, events.get("weapons") or {}, WEAPON_CLASSES, "weapon")),
        found_objects=_finder(events_path, events, "found_objects"),
        military_objects=_finder(events_path, events, "military_objects"),
        markers={name: _finder(events_path, events, name) for name in MARKER_LISTS},
        # the place role cues ("من", "على" ...) are everywhere: looked for only in the clauses that place a fire
        in_clause={**{name: _finder(events_path, events, name) for name in CLAUSE_LISTS},
                   "launch_cues": launch_cues, "target_cues": target_cues},
        actors=PhraseFinder(actor_pairs),
        target_nouns=_finder(actors_path, actor_roles, "target_nouns"),
        agent_cues=_finder(actors_path, actor_roles, "agent_cues"),
        control_cues=_finder(actors_path, actor_roles, "control_cues"),
        launch_cues=launch_cues,
        target_cues=target_cues,
        launcher_words=_finder(roles_path, roles, "launcher_words"),
        reporter_cues=_finder(roles_path, roles, "reporter_cues"),
        list_joints=frozenset(normalize_phrase(phrase) for phrase in require_strings(roles_path, roles, "list_joints")),
        qualifier_words=frozenset(normalize_phrase(phrase) for phrase in require_strings(roles_path, roles, "qualifier_words")),
        region_containers=frozenset(require_strings(roles_path, roles, "region_containers")),
        air_forces=air_forces,
        addition_openers=_additions(events_path, events),
    )


def _additions(path: Path, data: Mapping[str, Any]) -> frozenset[str]:
    """The addition openers, each of which must be a clause opener too."""
    additions = require_strings(path, data, "addition_openers")
    openers = {normalize_phrase(phrase) for phrase in require_strings(path, data, "clause_openers")}
    stray = [phrase for phrase in additions if normalize_phrase(phrase) not in openers]
    if stray:
        raise DataFileError(str(path), line_of(data), f"addition_openers {stray} are not clause_openers")
    return frozenset(normalize_phrase(phrase) for phrase in additions)


@lru_cache(maxsize=1)
def default_cues() -> Cues:
    return load_cues()
