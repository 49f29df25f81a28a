"""Add report page: paste an Arabic report, preview its places and incidents, save it.

The report is saved into the user's corpus folder (``GEODATA_USER_CORPUS``) by
``geodata.corpus.articles.save_article``. The cached table needs no clearing: its key holds the
corpus folders' stamp (file mtimes and sizes), which the new file changes, so the next run
reads it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st

from app import common
from app.report_form import ReportForm, build_report
from app.settings import ensure_user_corpus
from geodata.corpus.articles import save_article
from geodata.errors import ArticleError, GeodataError, InputTooLargeError
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

settings = common.context().settings
st.title("Add a report")
st.html(REPORT_BOX_CSS)
read_by_dashboard = settings.reads_user_corpus()
if not read_by_dashboard:
    st.warning(f"Reports are saved into `{settings.user_corpus}`, which this dashboard does not read (GEODATA_CORPUS "
               "or --corpus choose other folders): a saved report will not appear on the map until that folder is "
               "added to the corpus.")

saved = st.session_state.pop(SAVED, None)
if saved is not None:
    for field in FIELDS:  # a fresh form for the next report
        st.session_state.pop(field, None)
    st.success(f"Saved as {saved['file']}: {saved['incidents']} incident(s) found in it.")
    if read_by_dashboard:
        st.write("The cached table follows the corpus files, so the report is already on the map.")
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
    st.caption(f"Reports are saved into `{settings.user_corpus}`.")
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
        path = save_article(article, ensure_user_corpus(settings))
    except (ArticleError, InputTooLargeError) as error:
        st.error(f"Not saved: {refusal(error)}")
    except OSError as error:
        st.error(f"Not saved: the folder `{settings.user_corpus}` cannot be written ({error.strerror or error}).")
    else:
        st.session_state[SAVED] = {"file": path.name, "incidents": len(analysis.reports)}
        st.rerun()  # the sidebar, the counts and the other pages now read the new file

st.subheader(f"Preview: {len(analysis.reports)} incident(s), {len(analysis.resolved)} place(s)")
st.html(ARTICLE_CSS)
st.html(ARTICLE_KEY)
st.html(article_html(analysis))
if analysis.reports:
    st.dataframe(pd.DataFrame(report_rows(analysis.reports)), hide_index=True)
if analysis.places:
    st.dataframe(pd.DataFrame(match_rows(analysis.places)), hide_index=True)
