"""The Sources page's outlets: when each was last fetched, what came in and what failed, and a
"Fetch now" button that runs one round (``geodata.ingest.run.fetch_all``) into the store with a
progress bar. The outlets file is the one ``geodata fetch`` reads (``GEODATA_OUTLETS``, the
user's ``outlets.yaml`` or the bundled one)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import cache
from geodata.errors import GeodataError
from geodata.ingest.config import OutletsConfig, load_outlets
from geodata.ingest.run import RoundReport, fetch_all
from geodata.ingest.status import outlet_statuses, status_rows
from geodata.ingest.store_backend import StoreFetch

FETCH_BUTTON = "gd_fetch_now"
FETCHED = "gd_fetch_report"


def outlets_section() -> None:
    """The outlets' table and the "Fetch now" button, folded under the page's title."""
    try:
        config = load_outlets()
    except (GeodataError, OSError) as error:
        st.error(f"The outlets file cannot be read: {error}")
        return
    backend = StoreFetch(cache.dashboard_store())
    statuses = outlet_statuses(backend, config.outlets)
    failing = sum(1 for status in statuses if status.failures)
    label = f"Outlets ({len(statuses)}; {failing} with failures in their last round)"
    with st.expander(label, expanded=bool(st.session_state.get(FETCHED))):
        st.caption(f"Feeds and pages listed in `{config.path}`; fetched articles go into the store and onto the map.")
        _last_round_message()
        st.dataframe(pd.DataFrame(status_rows(statuses)), hide_index=True, use_container_width=True,
                     placeholder="")
        if st.button("Fetch now", key=FETCH_BUTTON, help="One round over every enabled outlet, as `geodata fetch` does"):
            report = _fetch_round(config, backend)
            st.session_state[FETCHED] = {"new": report.new, "failed": report.failures,
                                         "stopped": report.stopped_early}
            st.rerun()  # the table above, the map and the counts now read the new articles


def _fetch_round(config: OutletsConfig, backend: StoreFetch) -> RoundReport:
    bar = st.progress(0.0, text="Reading the feeds…")

    def progress(done: int, total: int, message: str) -> None:
        bar.progress(min(done / total, 1.0) if total else 0.0, text=f"{done}/{total}: {message[:160]}")

    with st.spinner("Fetching…"):
        report = fetch_all(config.outlets, sink=backend, state=backend, settings=config.settings, progress=progress)
    bar.progress(1.0, text="Done")
    return report


def _last_round_message() -> None:
    fetched = st.session_state.pop(FETCHED, None)
    if fetched is None:
        return
    text = f"Fetched: {fetched['new']} new article(s), {fetched['failed']} failure(s)."
    if fetched["stopped"]:
        text += f" The round stopped early: {fetched['stopped']}."
    (st.warning if fetched["failed"] or fetched["stopped"] else st.success)(text)
