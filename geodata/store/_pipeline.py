"""The names the store takes from the rest of geodata, in one place.

The store reads articles, extracts reports and merges them with the same functions as the
corpus pipeline (``geodata.events.pipeline``); importing them here alone keeps the store's view of
the library in one file when modules move.
"""

from __future__ import annotations

import pandas as pd

from geodata.corpus.articles import Article, load_corpus
from geodata.errors import GeodataError, Problem
from geodata.events.kinds import kinds_with
from geodata.events.merge import APPROX_WINDOW, MERGE_DISTANCE_KM, merge_reports
from geodata.events.model import Incident, Report, Source
from geodata.events.reports import extract_reports
from geodata.places.refs import PlaceRef
from geodata.table.filters import Filters
from geodata.table.frame import incidents_to_frame

EXTRACT_MODULE = extract_reports.__module__
MERGE_MODULE = merge_reports.__module__

__all__ = [
    "APPROX_WINDOW", "EXTRACT_MODULE", "MERGE_DISTANCE_KM", "MERGE_MODULE", "Article", "Filters",
    "GeodataError", "Incident", "PlaceRef", "Problem", "Report", "Source", "extract_reports", "incidents_to_frame",
    "kinds_with", "load_corpus", "merge_reports",
]


def annotate_controllers(frame: pd.DataFrame) -> pd.DataFrame:
    """The control-line columns of the table (imported on use: the layers are large)."""
    from geodata.places.control import annotate_controllers as annotate

    return annotate(frame)
