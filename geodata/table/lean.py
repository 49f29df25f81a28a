"""The lean incident table: what the map, the counts, the bars and the filters need, and nothing
a row has to carry as a Python object.

The full table (``geodata.table.frame.COLUMNS``) holds, per incident, lists of source records
with their excerpts, notes, other places and a shapely point: at 100,000 incidents that is
gigabytes of small Python objects. The lean table keeps the same rows and the scalar columns
in compact types (repeated strings as pandas categoricals, dates as datetime64, flags as
bools, coordinates as floats) and leaves out ``LEFT_OUT``; the heavy detail of an incident is
read from the store by id when it is shown (``geodata.store.lean.incident_details``).

The list columns the filters need (``actors_by``, ``actors_against``, ``outlets``) are kept as
categoricals of their values joined by ``SEPARATOR`` (few distinct combinations: a few
kilobytes of categories, one small code per row). ``any_in``, ``distinct`` and ``value_counts``
read such a column and a full table's list column alike, so the filters and summaries work on
either table.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from geodata.table.frame import COLUMNS

SEPARATOR = "\x1f"  # the ASCII unit separator: in no actor key or outlet name
LIST_VALUE_COLUMNS = ("actors_by", "actors_against", "outlets")
LEFT_OUT = ("other_places", "sources", "disagreements", "notes", "corrected_fields", "geometry")
LEAN_COLUMNS = tuple(column for column in COLUMNS if column not in LEFT_OUT)
LEAN_MARK = "lean"  # frame.attrs[LEAN_MARK] is True on a lean table


def is_lean(frame: pd.DataFrame) -> bool:
    """Whether ``frame`` is a lean table (its detail is read from the store)."""
    return bool(frame.attrs.get(LEAN_MARK))


def joined(values: Iterable[Any] | None) -> str:
    """One cell of a joined list column: the values, in their order, joined by ``SEPARATOR``."""
    return SEPARATOR.join(str(value) for value in values or ())


def split(cell: Any) -> list[str]:
    """The values of one cell of a joined or list column (an empty list for none)."""
    if isinstance(cell, str):
        return cell.split(SEPARATOR) if cell else []
    if cell is None or (not isinstance(cell, list | tuple | np.ndarray) and pd.isna(cell)):
        return []
    return [str(value) for value in cell]


def _categories(column: pd.Series) -> tuple[pd.Index, np.ndarray] | None:
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.categories, column.cat.codes.to_numpy()
    return None


def any_in(column: pd.Series, wanted: Iterable[str]) -> np.ndarray:
    """Per row, whether one of its values is among ``wanted``."""
    chosen = frozenset(wanted)
    found = _categories(column)
    if found is None:
        return column.map(lambda values: not chosen.isdisjoint(split(values))).to_numpy(dtype=bool)
    categories, codes = found
    hit = np.array([not chosen.isdisjoint(split(category)) for category in categories] + [False], dtype=bool)
    return hit[codes]  # code -1 (missing) reads the last entry


def distinct(column: pd.Series) -> set[str]:
    """Every value that a row of ``column`` holds."""
    found = _categories(column)
    cells: Iterable[Any] = column if found is None else found[0][np.unique(found[1][found[1] >= 0])]
    return {value for cell in cells for value in split(cell)}


def value_counts(column: pd.Series) -> pd.Series:
    """How many rows hold each value (a row counts once per value it lists), most first."""
    found = _categories(column)
    if found is None:
        return column.map(split).explode().dropna().astype(str).value_counts()
    categories, codes = found
    per_cell = np.bincount(codes[codes >= 0], minlength=len(categories))
    totals: dict[str, int] = {}
    for category, number in zip(categories, per_cell.tolist(), strict=True):
        for value in split(category) if number else ():
            totals[value] = totals.get(value, 0) + number
    return pd.Series(totals, dtype="int64").sort_values(ascending=False, kind="stable")


def listed(column: pd.Series) -> list[list[str]]:
    """Each row's values as a list (for a page of rows shown, not for a whole table)."""
    return [split(cell) for cell in column]
