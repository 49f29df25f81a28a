"""Sources page: the outlets and their fetching, then each stored article with its places and
incidents marked in the text."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import cache, common
from app.fetching import outlets_section
from geodata.views.article import (
    ARTICLE_CSS,
    ARTICLE_KEY,
    article_html,
    article_label,
    article_meta_html,
    match_rows,
    page_count,
    page_items,
    report_rows,
    unresolved_rows,
)
from geodata.views.escape import escape_html

page_context = common.context()
key = page_context.table_key

st.title("Sources")
outlets_section()
query = st.text_input("Search the articles", key="gd_sources_query",
                      placeholder="Outlet, id or words of the text (Arabic or English)")
found = cache.found_articles(key, query.strip())
if not found:
    st.info("No article matches this search." if query.strip() else "The store has no article yet.")
    st.stop()

pages = page_count(len(found))
chooser, pager = st.columns([4, 1])
page_number = int(pager.number_input(f"Page (of {pages})", min_value=1, max_value=pages, value=1, step=1,
                              key=f"gd_sources_page_{pages}")) if pages > 1 else 1
shown = page_items(found, page_number)
labels = {article.id: article_label(article) for article in shown}
article_id = chooser.selectbox(f"Article ({len(found):,} found)", list(labels), format_func=labels.__getitem__)
if article_id is None:  # the list is never empty here; the select box may still return None
    st.stop()

try:
    analysis = cache.article_analysis(key, article_id)
except Exception as error:  # shown to the analyst; the other articles stay readable
    st.error(f"This article could not be analysed: {type(error).__name__}: {error}")
    st.stop()
if analysis is None:
    st.warning("This article is no longer in the store.")
    st.stop()

article = analysis.article
st.html(ARTICLE_CSS)
if article.title:
    st.html(f'<h3 dir="auto">{escape_html(article.title)}</h3>')
st.html(article_meta_html(article))
text_column, facts_column = st.columns([3, 2], gap="medium")
with text_column:
    st.html(ARTICLE_KEY)
    st.html(article_html(analysis))
with facts_column:
    st.subheader(f"Incidents found ({len(analysis.reports)})")
    if analysis.reports:
        st.dataframe(pd.DataFrame(report_rows(analysis.reports)), hide_index=True)
    else:
        st.caption("No incident found in this article.")
    st.subheader(f"Places ({len(analysis.resolved)})")
    st.dataframe(pd.DataFrame(match_rows(analysis.resolved)), hide_index=True)
    unresolved = unresolved_rows(analysis.places)
    st.subheader(f"Not in the gazetteer ({len(unresolved)})")
    if unresolved:
        st.dataframe(pd.DataFrame(unresolved), hide_index=True)
    else:
        st.caption("Every place-like name resolved.")
