"""The dashboard's filters as data, and the pure function that applies them to the table.

The sidebar only collects a ``Filters`` value; everything it means lives here, so the
timeline and the other filters are tested without Streamlit. ``geodata.table.query`` writes
a ``Filters`` into a page address and reads it back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geodata.table.lean import any_in, distinct
from geodata.table.review import SHOWN_BY_DEFAULT

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
MAX_RADIUS_KM = 500.0


@dataclass(frozen=True)
class Near:
    """Incidents within ``radius_km`` of a place (``place_id`` of the gazetteer, at ``lat``/``lon``)."""

    place_id: str
    lat: float
    lon: float
    radius_km: float = 10.0
    label: str = ""

    def __post_init__(self) -> None:
        if not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180):
            raise ValueError(f"a place near which to search needs a latitude and longitude; got {self.lat}, {self.lon}")
        if not 0 < self.radius_km <= MAX_RADIUS_KM:
            raise ValueError(f"the radius must be more than 0 and at most {MAX_RADIUS_KM:g} km; got {self.radius_km}")


@dataclass(frozen=True)
class Filters:
    """What the analyst asked to see. ``None`` for a selection means "no restriction";
    an empty tuple means "nothing selected", which selects no incident.

    Undated incidents are kept by default (the map draws them in their own style): a date
    range applies to dated incidents only. ``near`` keeps the incidents located within a
    radius of a place; ``incident_ids`` keeps only those incidents (e.g. the ones new since
    the analyst's last visit). ``admin_units``: OCHA P-codes of governorates, districts or
    subdistricts. ``review_statuses``: every status but rejected by default; ``only_flagged``:
    only the incidents whose latest extraction disagrees with their review.
    """

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kinds: tuple[str, ...] | None = None
    actors: tuple[str, ...] | None = None
    outlets: tuple[str, ...] | None = None
    include_background: bool = False
    include_undated: bool = True
    min_sources: int = 1
    # OCHA P-codes of governorates, districts or subdistricts: an incident is kept when its
    # place lies in one of them (None: no restriction)
    admin_units: tuple[str, ...] | None = None
    review_statuses: tuple[str, ...] | None = SHOWN_BY_DEFAULT
    only_flagged: bool = False
    near: Near | None = None
    incident_ids: frozenset[str] | None = None


@dataclass(frozen=True)
class FilterOptions:
    """The choices the data offers: the date range and the values present in the table."""

    date_min: dt.date | None
    date_max: dt.date | None
    kinds: tuple[str, ...]
    actors: tuple[str, ...]
    outlets: tuple[str, ...]
    max_sources: int
    undated: int
    # (P-code, label) of every governorate, district and subdistrict with an incident, in
    # hierarchy order ("Deir-ez-Zor", "Deir-ez-Zor › Al Mayadin", "Deir-ez-Zor › Al Mayadin › Thiban")
    admin_units: tuple[tuple[str, str], ...] = ()
    rejected: int = 0  # incidents an analyst rejected (hidden by default)
    flagged: int = 0  # incidents whose latest extraction disagrees with their review


def filter_options(frame: pd.DataFrame) -> FilterOptions:
    """The full range and the distinct kinds, actors and outlets of ``frame``."""
    dates = frame["date"].dropna()
    kinds = [kind for kind in frame["kind"].cat.categories if (frame["kind"] == kind).any()]
    actors = _distinct(frame["actors_by"]) | _distinct(frame["actors_against"])
    return FilterOptions(
        date_min=dates.min().date() if len(dates) else None,
        date_max=dates.max().date() if len(dates) else None,
        kinds=tuple(kinds),
        actors=tuple(sorted(actors)),
        outlets=tuple(sorted(_distinct(frame["outlets"]))),
        max_sources=int(frame["n_sources"].max()) if len(frame) else 1,
        undated=int(frame["date"].isna().sum()),
        admin_units=admin_unit_options(frame),
        rejected=int((frame["review_status"] == "rejected").sum()),
        flagged=int(frame["flagged"].sum()),
    )


def admin_unit_options(frame: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    """(P-code, label) of the admin units the table's incidents lie in, each unit after its parent."""
    if "admin1_pcode" not in frame.columns:
        return ()
    found: dict[str, str] = {}
    for level in (1, 2, 3):
        # each (code, name) pair once, in the order rows first hold it (not once per row)
        pairs = frame[[f"admin{level}_pcode", f"admin{level}_en"]].dropna(subset=[f"admin{level}_pcode"]).drop_duplicates()
        for code, name in zip(pairs.iloc[:, 0].tolist(), pairs.iloc[:, 1].tolist(), strict=True):
            if isinstance(code, str) and code and code not in found:
                parent = code[: len(code) - 2]
                found[code] = f"{found[parent]} › {name}" if parent in found else str(name)
    return tuple(sorted(found.items()))


def _distinct(column: pd.Series) -> set[str]:
    return distinct(column)


def apply_filters(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows of ``frame`` that ``filters`` keeps, in their original order (attrs kept)."""
    keep = _date_mask(frame["date"], filters)
    if not filters.include_background:
        keep &= ~frame["background"].to_numpy(dtype=bool)
    if filters.kinds is not None:
        keep &= frame["kind"].isin(filters.kinds).to_numpy()
    if filters.actors is not None:
        keep &= _any_in(frame["actors_by"], filters.actors) | _any_in(frame["actors_against"], filters.actors)
    if filters.outlets is not None:
        keep &= _any_in(frame["outlets"], filters.outlets)
    if filters.min_sources > 1:
        keep &= (frame["n_sources"] >= filters.min_sources).to_numpy()
    if filters.admin_units is not None:
        keep &= admin_mask(frame, filters.admin_units)
    if filters.review_statuses is not None:
        keep &= frame["review_status"].isin(filters.review_statuses).to_numpy()
    if filters.only_flagged:
        keep &= frame["flagged"].to_numpy(dtype=bool)
    if filters.near is not None:
        keep &= within(frame, filters.near)
    if filters.incident_ids is not None:
        keep &= frame["incident_id"].isin(filters.incident_ids).to_numpy(dtype=bool)
    result = frame[keep]
    result.attrs = dict(frame.attrs)
    return result


def admin_mask(frame: pd.DataFrame, units: Iterable[str]) -> np.ndarray:
    """Rows whose governorate, district or subdistrict is one of ``units`` (P-codes)."""
    chosen = frozenset(units)
    keep = np.zeros(len(frame), dtype=bool)
    for level in (1, 2, 3):
        column = f"admin{level}_pcode"
        if column in frame.columns:
            keep |= frame[column].isin(chosen).to_numpy(dtype=bool)
    return keep


def in_admin_units(place_id: str | None, units: Iterable[str]) -> bool:
    """Whether a gazetteer place lies in one of ``units`` (P-codes of any level): the test
    ``admin_mask`` makes, for code that holds incidents rather than a table."""
    if not place_id:
        return False
    from geodata.places.gazetteer import default_gazetteer

    return any(unit.pcode in frozenset(units) for unit in default_gazetteer().admin_path(place_id))


def _date_mask(dates: pd.Series, filters: Filters) -> np.ndarray:
    undated = dates.isna().to_numpy()
    keep = ~undated
    if filters.date_from is not None:
        keep &= (dates >= pd.Timestamp(filters.date_from)).to_numpy()
    if filters.date_to is not None:
        # date_to is inclusive: everything before the next midnight
        keep &= (dates < pd.Timestamp(filters.date_to) + pd.Timedelta(days=1)).to_numpy()
    if filters.include_undated:
        keep |= undated
    return keep


def within(frame: pd.DataFrame, near: Near) -> np.ndarray:
    """Whether each incident's location lies within ``near.radius_km`` of ``near`` (great-circle
    distance); incidents without a location never do."""
    return distance_km(frame["lat"].to_numpy(dtype="float64", na_value=np.nan),
                       frame["lon"].to_numpy(dtype="float64", na_value=np.nan),
                       near.lat, near.lon) <= near.radius_km


def distance_km(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float) -> np.ndarray:
    """Haversine distances in km from (``lat0``, ``lon0``); NaN where a coordinate is missing."""
    phi, phi0 = np.radians(lat), np.radians(lat0)
    half_dphi = (phi - phi0) / 2
    half_dlambda = np.radians(lon - lon0) / 2
    a = np.sin(half_dphi) ** 2 + np.cos(phi) * np.cos(phi0) * np.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _any_in(column: pd.Series, wanted: Iterable[str]) -> np.ndarray:
    return any_in(column, wanted)
