"""Add report page: paste an Arabic report, preview its places and incidents, save it.

The report is stored in the dashboard's store (``geodata.store.corpus.add_article``): it is
extracted and merged with the stored incidents, nothing else is read again. The cached table
needs no clearing: its key holds the store's stamp, which the new report changes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st

from app import cache, common
from app.report_form import ReportForm, build_report
from geodata.errors import ArticleError, GeodataError, InputTooLargeError
from geodata.store.corpus import add_article
from geodata.store.errors import StoreError
from geodata.views.article import ARTICLE_CSS, ARTICLE_KEY, analyse_article, article_html, match_rows, report_rows

FIELDS = ("gd_report_text", "gd_report_outlet", "gd_report_published", "gd_report_url", "gd_report_id")
SAVED = "gd_report_saved"
MAP_PAGE = str(Path(__file__).resolve().parent / "map.py")


def refusal(error: Exception) -> str:
    return error.reason if isinstance(error, ArticleError) else str(error)


# The report box reads right to left, as the Arabic it holds.
REPORT_BOX_CSS = """
<style>
.st-key-gd_report_text textarea { direction: rtl; text-align: right; unicode-bidi: plaintext;
  font-size: 1.05rem; line-height: 1.8; }
</style>
"""

common.context()
st.title("Add a report")
st.html(REPORT_BOX_CSS)

saved = st.session_state.pop(SAVED, None)
if saved is not None:
    for field in FIELDS:  # a fresh form for the next report
        st.session_state.pop(field, None)
    st.success(f"Stored as {saved['id']}: {saved['incidents']} incident(s) found in it.")
    st.page_link(MAP_PAGE, label="See it on the Map", icon=":material/map:")

with st.form("gd_add_report"):
    text = st.text_area("Report text (Arabic)", key="gd_report_text", height=220)
    left, right = st.columns(2)
    outlet = left.text_input("Outlet", key="gd_report_outlet", max_chars=200, placeholder="SY24, Enab Baladi …")
    published = right.date_input("Published", value=dt.date.today(), key="gd_report_published", format="YYYY-MM-DD",
                                 help="Relative dates in the text (yesterday, Monday evening) count from this day")
    url = left.text_input("Link (optional)", key="gd_report_url", max_chars=2048, placeholder="https://…")
    article_id = right.text_input("Id (optional)", key="gd_report_id", max_chars=120,
                                  help="a-z, 0-9 and '-'; generated from outlet, date and text when empty")
    preview_clicked = st.form_submit_button("Preview")
    save_clicked = st.form_submit_button("Save report", type="primary")

if not (preview_clicked or save_clicked):
    st.caption(f"Reports are stored in {cache.dashboard_store().where} and are on the map at once.")
    st.stop()

try:
    article = build_report(ReportForm(text=text, outlet=outlet, published=published or None, url=url,
                                      article_id=article_id))
    analysis = analyse_article(article)
except (ArticleError, InputTooLargeError) as error:
    st.error(f"Not saved: {refusal(error)}")
    st.stop()
except (GeodataError, ValueError, RecursionError) as error:
    st.error(f"The report could not be read: {error}")
    st.stop()

if save_clicked:
    try:
        result = add_article(article, store=cache.dashboard_store())
    except StoreError as error:
        st.error(f"Not saved: {error}")
    else:
        if result.failed:
            st.error(f"Not saved: {result.failed[0]}")
        else:
            st.session_state[SAVED] = {"id": article.id, "incidents": len(analysis.reports)}
            st.rerun()  # the sidebar, the counts and the other pages now read the new report

st.subheader(f"Preview: {len(analysis.reports)} incident(s), {len(analysis.resolved)} place(s)")
st.html(ARTICLE_CSS)
st.html(ARTICLE_KEY)
st.html(article_html(analysis))
if analysis.reports:
    st.dataframe(pd.DataFrame(report_rows(analysis.reports)), hide_index=True)
if analysis.places:
    st.dataframe(pd.DataFrame(match_rows(analysis.places)), hide_index=True)
