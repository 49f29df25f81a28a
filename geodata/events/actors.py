"""The actors: canonical keys with their labels, the colour of the areas they hold on the map,
and the names Arabic news gives them, loaded from the ``actors`` section of data/actors.yaml.

Everything that shows an actor (the map's panel and legend, the incidents table, the filters)
reads its label here; the extractor reads the names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from geodata.datafiles import LINE_KEY, data_path, line_of, load_yaml, require_strings
from geodata.errors import DataFileError

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_FIELDS = {"label_en", "short_en", "colour", "names", LINE_KEY}
UNKNOWN_COLOUR = "#666666"


@dataclass(frozen=True)
class Actor:
    """One actor: ``label_en`` in tables and panels, ``short_en`` where space is short (the
    map's legend), ``colour`` for the areas it controls."""

    key: str
    label_en: str
    short_en: str
    colour: str | None
    names: tuple[str, ...]


@dataclass(frozen=True)
class Actors:
    """Every actor of the data file, looked up by key."""

    by_key: Mapping[str, Actor]

    def __iter__(self) -> Iterator[Actor]:
        return iter(self.by_key.values())

    def __contains__(self, key: object) -> bool:
        return key in self.by_key

    def label(self, key: str) -> str:
        """The actor's label; an unknown key reads as itself with spaces."""
        actor = self.by_key.get(key)
        return actor.label_en if actor else key.replace("_", " ")

    def short(self, key: str) -> str:
        actor = self.by_key.get(key)
        return actor.short_en if actor else key.replace("_", " ")

    def colour(self, key: str) -> str:
        actor = self.by_key.get(key)
        return actor.colour if actor and actor.colour else UNKNOWN_COLOUR


def load_actors(path: Path | None = None) -> Actors:
    """The ``actors`` section of ``path`` (data/actors.yaml), validated."""
    source = path or data_path("actors.yaml")
    return actors_from(source, load_yaml(source))


def actors_from(source: Path, data: Mapping[str, Any]) -> Actors:
    """The actors of a parsed actors.yaml (``source`` names it in errors)."""
    section = data.get("actors")
    if not isinstance(section, dict):
        raise DataFileError(str(source), line_of(data), "'actors' must be a mapping of actor key -> label_en and names")
    return Actors({key: _actor(source, key, item) for key, item in section.items() if key != LINE_KEY})


def _actor(source: Path, key: str, item: Any) -> Actor:
    if not _KEY.match(key) or not isinstance(item, dict):
        raise DataFileError(str(source), line_of(item), f"actor key {key!r} must be snake_case with a label_en and a 'names' list")
    unknown = sorted(set(item) - _FIELDS)
    if unknown:
        raise DataFileError(str(source), line_of(item), f"actor '{key}': unknown fields {unknown}; expected {sorted(_FIELDS - {LINE_KEY})}")
    label = item.get("label_en")
    if not isinstance(label, str) or not label.strip():
        raise DataFileError(str(source), line_of(item), f"actor '{key}' needs a label_en")
    colour = item.get("colour")
    if colour is not None and not _COLOUR.match(str(colour)):
        raise DataFileError(str(source), line_of(item), f"actor '{key}': colour must look like '#1f77b4'; found {colour!r}")
    short = item.get("short_en") or label
    return Actor(key, label.strip(), str(short).strip(), colour, tuple(require_strings(source, item, "names")))


@lru_cache(maxsize=1)
def default_actors() -> Actors:
    """The bundled actors, read once per process."""
    return load_actors()


def actor_label(key: str) -> str:
    return default_actors().label(key)
