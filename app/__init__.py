"""The Streamlit app layer shared by dashboard.py and the pages: settings, cached data, the
sidebar and the page context. Kept out of pages/ so that Streamlit never lists it as a page."""
