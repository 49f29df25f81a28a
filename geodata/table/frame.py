"""The incident table (SPEC section 6): one typed row per incident, with its review (section 12)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd
import shapely

from geodata.dates.patterns import DATE_PRECISIONS, TIMES_OF_DAY
from geodata.events.kinds import INCIDENT_KINDS
from geodata.events.model import Incident
from geodata.places.gazetteer import Gazetteer
from geodata.places.refs import PlaceRef
from geodata.table.review import REVIEW_STATUSES, UNREVIEWED, ReviewMark

# the OCHA governorate (admin1), district (admin2) and subdistrict (admin3) of the incident's place
ADMIN_COLUMNS = tuple(f"admin{level}_{part}" for level in (1, 2, 3) for part in ("pcode", "en", "ar"))
STRING_COLUMNS = (
    "incident_id", "acled_event_type", "acled_sub_event_type", "place_id", "place_name_en",
    "place_name_ar", "launch_id", "launch_name_en", "launch_name_ar", "controller", "launch_controller",
    *ADMIN_COLUMNS,
)
LIST_COLUMNS = ("other_places", "actors_by", "actors_against", "outlets", "sources", "disagreements", "notes",
                "corrected_fields")
COLUMNS = (
    "incident_id", "kind", "acled_event_type", "acled_sub_event_type", "date", "date_precision",
    "time_of_day", "background", "place_id", "place_name_en", "place_name_ar", "lat", "lon",
    "geo_precision", "uncertainty_m", "in_region", *ADMIN_COLUMNS, "launch_id", "launch_name_en", "launch_name_ar",
    "launch_lat", "launch_lon", "launch_geo_precision", "other_places", "actors_by", "actors_against",
    "killed", "injured", "n_sources", "outlets", "sources", "disagreements", "notes", "controller",
    "launch_controller", "review_status", "corrected_fields", "flagged", "geometry",
)


def incidents_to_frame(incidents: Iterable[Incident], marks: Mapping[str, ReviewMark] | None = None) -> pd.DataFrame:
    """The typed table of ``incidents``, one row each, in the column order of ``COLUMNS``;
    ``marks`` gives the review of the incidents an analyst reviewed (by id; the others are
    unreviewed)."""
    marks = marks or {}
    admin = AdminLookup()
    rows = [_row(incident, marks.get(incident.incident_id, UNREVIEWED)) | admin.columns(incident.location)
            for incident in incidents]
    frame = pd.DataFrame(rows, columns=[column for column in COLUMNS if column != "geometry"])
    return _typed(frame)


class AdminLookup:
    """The admin-unit columns of a place, from the bundled gazetteer (loaded on first use)."""

    def __init__(self) -> None:
        self._gazetteer: Gazetteer | None = None
        self._cache: dict[str, dict[str, object]] = {}

    def columns(self, place: PlaceRef | None) -> dict[str, object]:
        if place is None or not place.gazetteer_id:
            return dict.fromkeys(ADMIN_COLUMNS)
        found = self._cache.get(place.gazetteer_id)
        if found is None:
            if self._gazetteer is None:
                from geodata.places.gazetteer import default_gazetteer

                self._gazetteer = default_gazetteer()
            found = admin_columns(self._gazetteer, place.gazetteer_id)
            self._cache[place.gazetteer_id] = found
        return found


def admin_columns(gazetteer: Gazetteer, place_id: str) -> dict[str, object]:
    """``admin1_pcode`` ... ``admin3_ar`` of a gazetteer place (None where unknown)."""
    columns: dict[str, object] = dict.fromkeys(ADMIN_COLUMNS)
    for unit in gazetteer.admin_path(place_id):
        columns |= {f"admin{unit.level}_pcode": unit.pcode, f"admin{unit.level}_en": unit.name_en,
                    f"admin{unit.level}_ar": unit.name_ar}
    return columns


def _place_fields(prefix: str, place: PlaceRef | None) -> dict[str, object]:
    if place is None:
        return {f"{prefix}id": None, f"{prefix}name_en": None, f"{prefix}name_ar": None,
                f"{prefix}lat": None, f"{prefix}lon": None, f"{prefix}geo_precision": None}
    return {
        f"{prefix}id": place.gazetteer_id, f"{prefix}name_en": place.name_en,
        f"{prefix}name_ar": place.name_ar, f"{prefix}lat": place.lat, f"{prefix}lon": place.lon,
        f"{prefix}geo_precision": place.geo_precision,
    }


def _row(incident: Incident, mark: ReviewMark) -> dict[str, object]:
    record = incident.as_dict()
    location = _place_fields("place_", incident.location)
    row: dict[str, object] = {
        key: record[key]
        for key in ("incident_id", "kind", "acled_event_type", "acled_sub_event_type", "date",
                    "date_precision", "time_of_day", "background", "other_places", "killed",
                    "injured", "sources", "disagreements", "notes")
    }
    row |= {
        "place_id": location["place_id"], "place_name_en": location["place_name_en"],
        "place_name_ar": location["place_name_ar"], "lat": location["place_lat"],
        "lon": location["place_lon"], "geo_precision": location["place_geo_precision"],
        "uncertainty_m": incident.location.uncertainty_m if incident.location else None,
        "in_region": incident.location.in_region if incident.location else None,
    }
    row |= _place_fields("launch_", incident.launch_site)
    row |= {
        "actors_by": list(incident.actors_by), "actors_against": list(incident.actors_against),
        "n_sources": len(incident.sources),
        "outlets": sorted({source.outlet for source in incident.sources}),
        "controller": None, "launch_controller": None,
        "review_status": mark.status, "corrected_fields": list(mark.corrected_fields), "flagged": mark.flagged,
    }
    return row


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    in_range = frame["date"].map(lambda value: value if isinstance(value, str) and "1678" < value[:4] < "2262" else None)
    frame["date"] = pd.to_datetime(in_range, errors="coerce").astype("datetime64[ns]")
    frame["kind"] = pd.Categorical(frame["kind"], categories=INCIDENT_KINDS)
    frame["date_precision"] = pd.Categorical(frame["date_precision"], categories=DATE_PRECISIONS)
    frame["time_of_day"] = pd.Categorical(frame["time_of_day"], categories=TIMES_OF_DAY)
    frame["background"] = frame["background"].astype(bool)
    frame["review_status"] = pd.Categorical(frame["review_status"], categories=REVIEW_STATUSES)
    frame["flagged"] = frame["flagged"].astype(bool)
    for column in STRING_COLUMNS:
        frame[column] = frame[column].astype("string")
    for column in ("lat", "lon", "launch_lat", "launch_lon"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    for column in ("geo_precision", "launch_geo_precision"):
        frame[column] = pd.array(frame[column], dtype="Int8")
    for column in ("uncertainty_m", "killed", "injured"):
        frame[column] = pd.array(frame[column], dtype="Int64")
    frame["in_region"] = pd.array(frame["in_region"], dtype="boolean")
    frame["n_sources"] = frame["n_sources"].astype("int64")
    frame["geometry"] = _points(frame)
    return frame


def _points(frame: pd.DataFrame) -> pd.Series:
    """Shapely points (lon, lat) where a location is known, None elsewhere."""
    points = shapely.points(frame["lon"].to_numpy(), frame["lat"].to_numpy())
    has_location = frame["lat"].notna().to_numpy() & frame["lon"].notna().to_numpy()
    geometry = pd.Series(points, index=frame.index, dtype=object)
    geometry[~has_location] = None
    return geometry


def empty_frame() -> pd.DataFrame:
    """A typed table with no rows."""
    return incidents_to_frame([])


def corpus_table(
    corpus: Sequence[str | Path] | str | Path | None = None,
    *,
    with_control: bool = True,
) -> pd.DataFrame:
    """Read the corpus, extract and merge incidents in memory, without the store (that is
    ``geodata.load_incidents``), and return the typed table.

    ``corpus`` is one or more article files, folders or JSON Lines files (the seeds by
    default). Articles that cannot be loaded are skipped; their problems are listed in
    ``frame.attrs["problems"]`` as dicts with file, line and reason.
    """
    from geodata.events.pipeline import run_corpus

    result = run_corpus(corpus)
    frame = incidents_to_frame(result.incidents)
    if with_control:
        from geodata.places.control import annotate_controllers

        frame = annotate_controllers(frame)
    frame.attrs["problems"] = [problem.as_dict() for problem in result.problems]
    frame.attrs["articles"] = len(result.articles)
    return frame
