"""Review from the map's panel: pick one of the incidents listed there, confirm or reject it
in one click, or open it on the Review page to correct, merge, split or note it. The actions
are ``geodata.review``'s, run with the version the analyst saw (a change made meanwhile is
refused with the newer values named)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from app import review_cache
from geodata.errors import GeodataError
from geodata.events.kinds import kind_label
from geodata.review import ConflictError, confirm, reject
from geodata.table.review import REVIEW_STATUS_LABELS

PICK = "gd_panel_review_pick"
OUTCOME = "gd_panel_review_outcome"
REVIEW_PAGE = str(Path(__file__).resolve().parent.parent / "pages" / "review.py")
REVIEW_SELECTED = "gd_review_selected"  # the Review page's selected incident


def review_strip(shown: pd.DataFrame) -> None:
    """The review controls under the panel's list (``shown``: the incidents listed)."""
    ids = [str(value) for value in shown["incident_id"]]
    if not ids:
        return
    titles = {str(row.incident_id): _title(row) for row in shown.itertuples()}
    chosen = st.selectbox("Review", ids, format_func=titles.__getitem__, key=PICK,
                          help="Confirm or reject one of the incidents listed, or open it on the Review page")
    if chosen is None:
        return
    author = review_cache.session_author()
    confirm_column, reject_column, open_column = st.columns(3)
    version = _version(chosen)
    disabled = author is None or version is None
    confirm_column.button("Confirm", key="gd_panel_confirm", disabled=disabled, on_click=_decide,
                          args=("confirm", chosen, version, author), use_container_width=True)
    reject_column.button("Reject", key="gd_panel_reject", disabled=disabled, on_click=_decide,
                         args=("reject", chosen, version, author), use_container_width=True)
    if open_column.button("Open in Review", key="gd_panel_open", use_container_width=True):
        st.session_state[REVIEW_SELECTED] = chosen
        st.switch_page(REVIEW_PAGE)
    if author is None:
        st.caption("Give your name on the Review page to confirm or reject from here.")


def _title(row: Any) -> str:
    date = row.date.date().isoformat() if pd.notna(row.date) else "undated"
    status = REVIEW_STATUS_LABELS.get(str(row.review_status), str(row.review_status))
    return f"{kind_label(str(row.kind))} · {date} · {status}"


def _version(incident_id: str) -> int | None:
    try:
        return review_cache.review(review_cache.stamp(), incident_id).version
    except GeodataError:  # gone meanwhile (merged into another): nothing to decide
        return None


def _decide(decision: str, incident_id: str, version: int, author: str) -> None:
    action = confirm if decision == "confirm" else reject
    try:
        result = action(review_cache.review_store(), incident_id, author=author, expect_version=version)
    except (ConflictError, GeodataError) as error:
        st.session_state[OUTCOME] = ("error", f"Not saved: {error}")
        return
    st.session_state[OUTCOME] = ("done", result.message)


def review_outcome() -> None:
    """What the last Confirm or Reject of the panel did (shown once, even when the incident
    it rejected is no longer listed)."""
    outcome = st.session_state.pop(OUTCOME, None)
    if outcome is not None:
        (st.success if outcome[0] == "done" else st.error)(outcome[1])
