"""ACLED-style CSV: ACLED's column names and event types, one row per incident; two more
columns at the end say the analyst's review status and which fields an analyst corrected."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd

from geodata.datafiles import LINE_KEY, data_path, line_of, load_yaml
from geodata.errors import DataFileError
from geodata.events.kinds import kinds_with
from geodata.places.gazetteer import default_gazetteer
from geodata.table.exporters.common import CSV_ENCODING, iso_date, joined, safe_frame

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp", "review_status", "corrected_fields",
)
_TIME_PRECISION = {"day": 1, "approximate": 2, "unknown": 3}


@dataclass(frozen=True)
class AcledCodebook:
    actors: Mapping[str, tuple[str, int]]
    admin1: Mapping[str, str]
    violent_kinds: frozenset[str]


@lru_cache(maxsize=1)
def acled_codebook() -> AcledCodebook:
    path = data_path("acled.yaml")
    data = load_yaml(path)
    actors = {}
    for key, item in (data.get("actors") or {}).items():
        if key == LINE_KEY:
            continue
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or item.get("inter") not in range(1, 9):
            raise DataFileError(str(path), line_of(item), f"actor {key!r} needs a name and an inter code 1-8")
        actors[key] = (item["name"], item["inter"])
    admin1 = {key: str(value) for key, value in (data.get("admin1") or {}).items() if key != LINE_KEY}
    return AcledCodebook(actors, admin1, kinds_with("political_violence"))


class AcledCsvExporter:
    name = "acled"
    suffix = ".csv"
    media_type = "text/csv"

    def to_bytes(self, frame: pd.DataFrame) -> bytes:
        return acled_table(frame).to_csv(index=False).encode(CSV_ENCODING)


def acled_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The incidents in ACLED's columns."""
    codebook = acled_codebook()
    rows = [_row(record, codebook) for record in frame.to_dict("records")]
    return safe_frame(pd.DataFrame(rows, columns=list(COLUMNS)))


def _actor(keys: list[str], codebook: AcledCodebook) -> tuple[str, str, int | str]:
    named = [codebook.actors.get(key, (key, 0)) for key in keys]
    if not named:
        return "", "", ""
    return named[0][0], joined(name for name, _ in named[1:]), named[0][1] or ""


def _row(record: dict[str, Any], codebook: AcledCodebook) -> dict[str, Any]:
    actor1, assoc1, inter1 = _actor(list(record["actors_by"]), codebook)
    actor2, assoc2, inter2 = _actor(list(record["actors_against"]), codebook)
    place = default_gazetteer().get(record["place_id"]) if isinstance(record["place_id"], str) else None
    syrian = place is not None and bool(place.governorate)
    date = iso_date(record["date"])
    return {
        "event_id_cnty": "SYR-" + record["incident_id"].removeprefix("inc-"),
        "event_date": date,
        "year": date[:4],
        "time_precision": _TIME_PRECISION.get(str(record["date_precision"]), 3),
        "disorder_type": "Political violence" if record["kind"] in codebook.violent_kinds else "Strategic developments",
        "event_type": record["acled_event_type"],
        "sub_event_type": record["acled_sub_event_type"],
        "actor1": actor1, "assoc_actor_1": assoc1, "inter1": inter1,
        "actor2": actor2, "assoc_actor_2": assoc2, "inter2": inter2,
        "interaction": f"{inter1}{inter2}" if inter1 and inter2 else inter1,
        "civilian_targeting": "",
        "iso": 760 if syrian else "",
        "region": "Middle East",
        "country": "Syria" if syrian else (place.name_en if place is not None and place.kind == "country" else ""),
        # ACLED's own spelling of the governorate where the codebook has one, else OCHA's
        "admin1": (codebook.admin1.get(place.governorate, "") if place is not None else "") or _admin(record, 1),
        "admin2": _admin(record, 2) or (place.district if place is not None else ""),
        "admin3": _admin(record, 3),
        "location": record["place_name_en"],
        "latitude": record["lat"],
        "longitude": record["lon"],
        "geo_precision": record["geo_precision"],
        "source": joined(record["outlets"]),
        "source_scale": "Subnational",
        "notes": _notes(record),
        "fatalities": record["killed"] if record["killed"] is not pd.NA and record["killed"] is not None else 0,
        "tags": "background" if record["background"] else "",
        "timestamp": int(pd.Timestamp(record["date"]).timestamp()) if date else "",
        "review_status": record["review_status"],
        "corrected_fields": joined(record["corrected_fields"]),
    }


def _admin(record: dict[str, Any], level: int) -> str:
    """OCHA's English name of the incident's governorate, district or subdistrict, or ""."""
    value = record.get(f"admin{level}_en")
    return value if isinstance(value, str) else ""


def _notes(record: dict[str, Any]) -> str:
    parts = [f"On {iso_date(record['date']) or 'an unknown date'}, {str(record['kind']).replace('_', ' ')} at {record['place_name_en']}"]
    if isinstance(record.get("launch_name_en"), str):
        parts.append(f"launched from {record['launch_name_en']}")
    if record["killed"] is not pd.NA and record["killed"] is not None:
        parts.append(f"{record['killed']} killed")
    if record["injured"] is not pd.NA and record["injured"] is not None:
        parts.append(f"{record['injured']} injured")
    return "; ".join(parts) + f". Sources: {joined(record['outlets'])}."
