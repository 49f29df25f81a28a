"""The dashboard on the store under AppTest: the table is kept on disk, so a server start on an
unchanged store reads it back without building it; a change to the store builds it anew."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st

import geodata.store.corpus
from geodata.review import confirm
from geodata.store.database import open_store
from tests.test_app_review_panel import dashboard, fresh_app, incidents  # noqa: F401  (fixture)

pytestmark = pytest.mark.slow


def test_a_restart_on_an_unchanged_store_reads_the_kept_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = incidents(dashboard(tmp_path))
    assert shown > 0
    for thread in __import__("threading").enumerate():  # the table is kept beside the first load
        if thread.name == "geodata-keep-table":
            thread.join(timeout=60)
    st.cache_resource.clear()  # what a server start forgets
    st.cache_data.clear()

    def not_again(store, **_):
        raise AssertionError("the table was built again")

    monkeypatch.setattr(geodata.store.corpus, "served_table", not_again)
    assert incidents(dashboard(tmp_path)) == shown

    store = open_store()
    try:
        first = geodata.store.corpus.incident_table(store, with_control=False)["incident_id"].iloc[0]
        confirm(store, first, author="Sara")  # the store changes: its stamp too
    finally:
        store.dispose()
    st.cache_resource.clear()
    st.cache_data.clear()
    app = dashboard(tmp_path)
    assert any("the table was built again" in item.value for item in app.error)
