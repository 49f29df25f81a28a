"""The incident table as the Incidents page shows it, and the names of its downloads.

Pure pandas: the page only draws what ``display_table`` returns. Text cells lose bidi
override and control characters (``geodata.views.escape``), links are kept only when they pass
``safe_url``, and download names come from a fixed prefix and dates, never from article text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

from geodata.events.actors import actor_label
from geodata.events.kinds import kind_label
from geodata.table.review import REVIEW_STATUS_LABELS
from geodata.views.escape import safe_url, strip_unsafe_chars

EXPORT_PREFIX = "deir-ez-zor-incidents"
EXCERPT_CHARS = 280
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SUFFIX_PATTERN = re.compile(r"^\.[a-z0-9]{1,10}$")

# (column of the display table, its header); the page configures each one by name.
DISPLAY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("date", "Date"),
    ("kind", "Kind"),
    ("place", "Place"),
    ("place_ar", "Place (Arabic)"),
    ("excerpt", "Excerpt"),
    ("launch_site", "Launch site"),
    ("geo_precision", "Precision"),
    ("lat", "Lat"),
    ("lon", "Lon"),
    ("actors_by", "By"),
    ("actors_against", "Against"),
    ("killed", "Killed"),
    ("injured", "Injured"),
    ("n_sources", "Sources"),
    ("outlets", "Outlets"),
    ("link", "Link"),
    ("background", "Background"),
    ("controller", "Controlled by"),
    ("disagreements", "Disagreements"),
    ("notes", "Notes"),
    ("review_status", "Review"),
    ("corrected_fields", "Corrected"),
    ("flagged", "Extraction changed"),
    ("incident_id", "Incident id"),
)


def display_table(frame: pd.DataFrame) -> pd.DataFrame:
    """One readable row per incident of ``frame`` (newest first), in ``DISPLAY_COLUMNS`` order.

    Dates stay datetimes and numbers stay numbers (so the table sorts correctly); lists stay
    lists of plain strings; ``link`` is the first source URL that passes ``safe_url`` or None.
    """
    if frame.empty:
        return pd.DataFrame({name: pd.Series(dtype=_empty_dtype(name)) for name, _ in DISPLAY_COLUMNS})
    ordered = frame.loc[display_order(frame)]
    table = pd.DataFrame(index=ordered.index)
    table["date"] = ordered["date"]
    table["kind"] = [kind_label(str(kind)) for kind in ordered["kind"].astype(object)]
    table["place"] = _texts(ordered["place_name_en"])
    table["place_ar"] = _texts(ordered["place_name_ar"])
    table["excerpt"] = [first_excerpt(value) for value in ordered["sources"]]
    table["launch_site"] = _texts(ordered["launch_name_en"])
    for column in ("geo_precision", "lat", "lon", "killed", "injured", "n_sources", "background", "incident_id"):
        table[column] = ordered[column]
    table["actors_by"] = [_actor_labels(value) for value in ordered["actors_by"]]
    table["actors_against"] = [_actor_labels(value) for value in ordered["actors_against"]]
    table["outlets"] = [_text_list(value) for value in ordered["outlets"]]
    table["link"] = [first_safe_link(value) for value in ordered["sources"]]
    table["controller"] = [_actor_label(value) if _present(value) else None for value in ordered["controller"]]
    table["disagreements"] = [_text_list(value) for value in ordered["disagreements"]]
    table["notes"] = [_text_list(value) for value in ordered["notes"]]
    table["review_status"] = [REVIEW_STATUS_LABELS.get(str(value), str(value)) for value in ordered["review_status"]]
    table["corrected_fields"] = [_text_list(value) for value in ordered["corrected_fields"]]
    table["flagged"] = ordered["flagged"].astype(bool)
    table["incident_id"] = _texts(ordered["incident_id"])
    return table[[name for name, _ in DISPLAY_COLUMNS]].reset_index(drop=True)


def display_order(frame: pd.DataFrame) -> pd.Index:
    """The row labels of ``frame`` in the table's order: newest first, then by id (a lean
    table is ordered here, and a page of it is read in full and shown by ``display_table``)."""
    return frame[["date", "incident_id"]].sort_values(["date", "incident_id"], ascending=[False, True],
                                                      na_position="last").index


def first_excerpt(sources: Any, limit: int = EXCERPT_CHARS) -> str | None:
    """The first source's excerpt, cut at a word after ``limit`` characters, or None."""
    for source in _items(sources):
        text = _clean(source.get("excerpt") or "") if isinstance(source, dict) else ""
        text = " ".join(text.split())
        if text:
            return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
    return None


def first_safe_link(sources: Any) -> str | None:
    """The first source URL that is a plain http(s) address, or None."""
    for source in _items(sources):
        url = safe_url(source.get("url")) if isinstance(source, dict) else None
        if url:
            return url
    return None


def export_file_name(format_name: str, suffix: str, date_from: dt.date | None, date_to: dt.date | None, *,
                     prefix: str = EXPORT_PREFIX) -> str:
    """``<prefix>[-<format>]_<from>_<to><suffix>``, e.g. ``deir-ez-zor-incidents-acled_2023-04-01_2023-04-11.csv``.

    The format name is left out when the suffix already says it (``.csv`` for ``csv``). Built
    only from slugs, ISO dates and a short suffix: ValueError for anything else.
    """
    for label, value in (("prefix", prefix), ("format name", format_name)):
        if not _SLUG.match(value):
            raise ValueError(f"{label} must be a slug of a-z, 0-9 and '-'; got {value!r}")
    if not _SUFFIX_PATTERN.match(suffix):
        raise ValueError(f"suffix must look like '.csv' (a dot and up to 10 letters or digits); got {suffix!r}")
    stem = prefix if suffix[1:] == format_name else f"{prefix}-{format_name}"
    if date_from is None and date_to is None:
        return f"{stem}_all-dates{suffix}"
    first = date_from.isoformat() if date_from else "start"
    last = date_to.isoformat() if date_to else "end"
    return f"{stem}_{first}_{last}{suffix}"


def _texts(values: pd.Series) -> list[str | None]:
    return [_clean(value) if _present(value) else None for value in values]


def _text_list(values: Any) -> list[str]:
    return [_clean(value) for value in _items(values) if _present(value)]


def _actor_labels(values: Any) -> list[str]:
    return [_actor_label(value) for value in _items(values) if _present(value)]


def _actor_label(value: Any) -> str:
    return _clean(actor_label(str(value)))


def _clean(value: Any) -> str:
    return strip_unsafe_chars(str(value))


def _items(values: Any) -> Iterable[Any]:
    if isinstance(values, list | tuple):
        return values
    if hasattr(values, "tolist") and not isinstance(values, str):
        return list(values.tolist())
    return ()


def _present(value: Any) -> bool:
    if value is None:
        return False
    try:
        return not bool(pd.isna(value))
    except (TypeError, ValueError):
        return True


def _empty_dtype(name: str) -> str:
    return {"date": "datetime64[ns]", "lat": "float64", "lon": "float64", "n_sources": "int64",
            "background": "bool", "flagged": "bool"}.get(name, "object")
