"""Deir ez-Zor incident map: the Streamlit entry point.

    streamlit run dashboard.py [-- --corpus DIR ... --tiles osm|none|URL]

Builds the navigation and the shared sidebar once; each page in ``pages/`` stays thin.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from app import cache, common, layout
from app.settings import STATIC_DIR
from geodata.views.map import INSTALL_HINT, missing_assets

HERE = Path(__file__).resolve().parent

# (file, title, icon); the first is the default page. A page whose file is missing (a trimmed
# install) is left out of the navigation rather than shown broken.
PAGES = (
    ("pages/map.py", "Map", ":material/map:"),
    ("pages/incidents.py", "Incidents", ":material/table:"),
    ("pages/review.py", "Review", ":material/fact_check:"),
    ("pages/sources.py", "Sources", ":material/article:"),
    ("pages/gazetteer.py", "Gazetteer", ":material/location_on:"),
    ("pages/add_report.py", "Add report", ":material/add_notes:"),
)


def navigation() -> StreamlitPage:
    # Absolute paths: the pages resolve the same whichever directory runs this script.
    pages = [
        st.Page(HERE / path, title=title, icon=icon, default=index == 0)
        for index, (path, title, icon) in enumerate(PAGES)
        if (HERE / path).is_file()
    ]
    return st.navigation(pages)


# A sidebar wide enough for two date boxes side by side.
SIDEBAR_CSS = """
<style>
section[data-testid="stSidebar"] { width: 345px !important; min-width: 345px !important; }
.st-key-gd_from_box input, .st-key-gd_to_box input { padding-left: 0.45rem; padding-right: 0.1rem; }
</style>
"""

st.set_page_config(page_title="Deir ez-Zor incident map", page_icon=cache.favicon(), layout="wide")
st.html(SIDEBAR_CSS)
page = navigation()
# A new session's first run of the map page sends the map alone; the sidebar's filters and the
# rest of the page follow on the next run (app.layout.first_map_run), and the notes on the link
# stay for that run too.
first_map_run = page.title == PAGES[0][1] and not layout.map_seen()
page_context = common.prepare(draw_sidebar=not first_map_run)
common.data_problems(page_context, keep_notes=first_map_run)
if missing_assets(STATIC_DIR):
    st.warning(f"The map's scripts are not installed, so the map cannot draw. Run `{INSTALL_HINT}` and reload.")
try:
    page.run()
finally:
    if page.title != PAGES[0][1]:
        layout.left_map_page()  # the map, drawn next, starts from the view it last had
    # The context lives for this run only: a page that Streamlit runs without this script
    # (its legacy pages/ mode, e.g. a first request to /map) prepares its own.
    common.forget_context()
