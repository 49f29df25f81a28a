"""The Review page's cached calls, and who the author is in this browser session.

Reads are keyed by the store's review stamp (``geodata.review.review_stamp``), which changes
with every review and every ingest: a change made in another session shows on the next run
without clearing anything. The store itself is one per process.
"""

from __future__ import annotations

import logging
import os

import streamlit as st

from app import cache
from geodata.review import (
    IncidentReview,
    QueueItem,
    ReviewInputError,
    incident_review,
    review_counts,
    review_queue,
    review_stamp,
    search_places,
)
from geodata.review.author import ENV_AUTHOR
from geodata.review.checks import check_author
from geodata.review.form import merge_candidates
from geodata.review.reading import PlaceChoice
from geodata.store.database import Store

log = logging.getLogger(__name__)
ENV_AUTHOR_HEADER = "GEODATA_AUTHOR_HEADER"  # a header a trusted proxy sets to the signed-in user
AUTHOR_KEY = "gd_review_author"


def review_store() -> Store:
    """The store the dashboard reads (``GEODATA_DATABASE_URL`` or the user's SQLite file)."""
    return cache.dashboard_store()


def stamp() -> str:
    return review_stamp(review_store())


@st.cache_data(max_entries=16, show_spinner=False)
def queue(stamp: str, statuses: tuple[str, ...] | None, only_flagged: bool, limit: int) -> list[QueueItem]:
    return review_queue(review_store(), statuses=statuses, only_flagged=only_flagged, limit=limit)


@st.cache_data(max_entries=4, show_spinner=False)
def counts(stamp: str) -> dict[str, int]:
    return review_counts(review_store())


@st.cache_data(max_entries=64, show_spinner=False)
def review(stamp: str, incident_id: str) -> IncidentReview:
    return incident_review(review_store(), incident_id)


@st.cache_data(max_entries=16, show_spinner=False)
def candidates(stamp: str, incident_id: str) -> list[QueueItem]:
    return merge_candidates(review_store(), review(stamp, incident_id))


@st.cache_data(max_entries=256, show_spinner=False)
def places(query: str) -> list[PlaceChoice]:
    return search_places(query)


def given_author() -> str | None:
    """The author from the proxy's header (``GEODATA_AUTHOR_HEADER``) or ``GEODATA_AUTHOR``;
    None when neither says, and the page asks once per browser session."""
    header = os.environ.get(ENV_AUTHOR_HEADER, "").strip()
    candidates = [st.context.headers.get(header) if header else None, os.environ.get(ENV_AUTHOR)]
    for candidate in candidates:
        if candidate and candidate.strip():
            try:
                return check_author(candidate)
            except ReviewInputError as error:
                log.warning("ignoring the author %r: %s", candidate[:40], error)
    return None


def session_author() -> str | None:
    """The author of this browser session: given by the setup, or typed once."""
    return given_author() or st.session_state.get(AUTHOR_KEY)
