"""Exporters of the incident table: one module per format, one registry, one signature.

Each exporter turns the typed table (geodata.table.frame) into bytes: ``to_bytes(frame) -> bytes``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import pandas as pd

from geodata.table.exporters.acled import AcledCsvExporter
from geodata.table.exporters.csv import CsvExporter
from geodata.table.exporters.geojson import GeoJsonExporter


class Exporter(Protocol):
    name: str
    suffix: str
    media_type: str

    def to_bytes(self, frame: pd.DataFrame) -> bytes: ...


EXPORTERS: dict[str, Exporter] = {
    exporter.name: exporter for exporter in (GeoJsonExporter(), CsvExporter(), AcledCsvExporter())
}


def get_exporter(name: str) -> Exporter:
    """The exporter called ``name``; ValueError lists the formats there are."""
    try:
        return EXPORTERS[name]
    except KeyError:
        raise ValueError(f"unknown export format {name!r}; expected one of {', '.join(EXPORTERS)}") from None


def export(frame: pd.DataFrame, name: str, path: str | Path) -> Path:
    """Write ``frame`` in format ``name`` to ``path`` and return the path."""
    target = Path(path)
    target.write_bytes(get_exporter(name).to_bytes(frame))
    return target
