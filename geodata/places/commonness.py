"""How common each spelling of a place name is as an ordinary Arabic word.

``data/name_frequencies.csv`` holds the Zipf frequency (log10 of the frequency per billion
words) of every spelling the place finder matches, from the word-frequency library wordfreq,
written by ``scripts/build_name_frequencies.py``. The finder reads it to decide how much
context a name needs before it counts as a place; the app never imports wordfreq.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from geodata.datafiles import data_path
from geodata.errors import DataFileError
from geodata.places.gazetteer import _csv_rows

HEADER = ("spelling", "zipf")


def load_name_frequencies(path: Path | str | None = None) -> dict[str, float]:
    """Normalised spelling -> Zipf frequency; DataFileError names the file and line of a bad row."""
    csv_path = Path(path) if path is not None else data_path("name_frequencies.csv")
    frequencies: dict[str, float] = {}
    header_seen = False
    for line, fields in _csv_rows(csv_path):
        if isinstance(fields, str):
            raise DataFileError(str(csv_path), line, fields)
        if not fields or fields[0].startswith("#"):
            continue
        if not header_seen:
            if tuple(fields) != HEADER:
                raise DataFileError(str(csv_path), line, f"header must be {','.join(HEADER)}; found {','.join(fields)[:200]}")
            header_seen = True
            continue
        try:
            spelling, value = fields
            frequencies[spelling] = float(value)
        except ValueError:
            raise DataFileError(str(csv_path), line, f"expected a spelling and a Zipf value; got {fields!r}") from None
    return frequencies


@lru_cache(maxsize=1)
def default_name_frequencies() -> dict[str, float]:
    return load_name_frequencies()
