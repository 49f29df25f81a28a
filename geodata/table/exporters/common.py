"""Helpers the exporters share: spreadsheet-safe cells and readable list cells."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# UTF-8 with a byte-order mark: Excel then reads the Arabic as Arabic, not as mojibake;
# pandas, Python's csv module with "utf-8-sig", LibreOffice and QGIS read it as plain UTF-8.
CSV_ENCODING = "utf-8-sig"


def cell(value: Any) -> Any:
    """A value safe to put in a CSV cell: text that a spreadsheet would run as a formula is
    prefixed with an apostrophe; missing values are empty."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


def joined(values: Iterable[Any], separator: str = "; ") -> str:
    return separator.join(str(value) for value in values if value not in (None, ""))


def iso_date(value: Any) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every cell made CSV-safe."""
    return frame.apply(lambda column: column.map(cell))
