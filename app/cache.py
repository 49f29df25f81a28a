"""Cached library calls of the Incidents, Sources, Gazetteer and Add report pages.

``pages/common.py`` caches the incident table and the map; this module adds what the other
pages read: the articles of the corpus, one article's analysis, the display table and the
gazetteer map. Every key is made of the corpus paths and their stamp (file mtimes and sizes,
``app.settings.corpus_stamp``), so a report saved by the Add report page changes the key
and the next run reads it: nothing needs clearing by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

import folium
import pandas as pd
import streamlit as st

from app import common
from app.settings import Stamp
from geodata.corpus.articles import Article, load_corpus
from geodata.errors import Problem
from geodata.places.gazetteer import default_gazetteer
from geodata.table.filters import Filters, apply_filters
from geodata.views.article import ArticleAnalysis, analyse_article
from geodata.views.incident import display_table
from geodata.views.map.gazetteer import gazetteer_map as build_gazetteer_map


@dataclass(frozen=True)
class Articles:
    """The articles of the corpus, read-only (shared by every session), and its problems."""

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]

    def get(self, article_id: str) -> Article | None:
        return next((article for article in self.articles if article.id == article_id), None)


# cache_resource like common.load_table: cache_data would unpickle every article's text on
# every rerun of the page; this frozen value is shared and never modified.
@st.cache_resource(show_spinner="Reading the articles…", max_entries=2)
def load_articles(paths: tuple[str, ...], stamp: Stamp) -> Articles:
    """Every article of the corpus ``paths``; ``stamp`` is only the cache key."""
    corpus = load_corpus(list(paths))
    return Articles(tuple(corpus.articles), tuple(corpus.problems))


@st.cache_data(show_spinner="Finding places and incidents…", max_entries=64)
def article_analysis(paths: tuple[str, ...], stamp: Stamp, article_id: str) -> ArticleAnalysis | None:
    """Places and incidents of one article of the corpus (None when it has no such article)."""
    article = load_articles(paths, stamp).get(article_id)
    return analyse_article(article) if article is not None else None


@st.cache_data(show_spinner="Preparing the table…", max_entries=8)
def incident_table(table_key: common.TableKey, filters: Filters) -> pd.DataFrame:
    """The readable table of the incidents under ``filters`` (see geodata.views.incident)."""
    return display_table(apply_filters(common.load_table(table_key.paths, table_key.stamp), filters))


@st.cache_data(show_spinner="Drawing the places…", max_entries=4)
def gazetteer_map(tiles: str, asset_base: str) -> folium.Map:
    """The map of every gazetteer place (a copy per call: streamlit-folium mutates it)."""
    return build_gazetteer_map(default_gazetteer(), tiles=tiles, asset_base=asset_base)
