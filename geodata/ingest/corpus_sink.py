"""A corpus folder as the sink: each new article becomes ``<id>.md`` with front matter, the
format the dashboard and ``geodata extract`` read (geodata.corpus.articles.save_article).

What is already stored is read from the folder itself when the sink opens (every article file
and JSON Lines file under it, hand-added reports included): their URLs, made canonical, and the
hashes of their texts.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from geodata.corpus.articles import Article, load_corpus, save_article
from geodata.errors import ArticleError, Problem
from geodata.ingest.identity import canonical_url, content_hash
from geodata.ingest.protocols import FetchedArticle

FETCHED_SUBFOLDER = "fetched"


def default_corpus_folder() -> Path:
    """Where fetched articles go by default: ``fetched/`` in the user's corpus folder
    (``GEODATA_USER_CORPUS``, else ``user_corpus`` beside the project), which the dashboard reads."""
    user_corpus = os.environ.get("GEODATA_USER_CORPUS") or str(Path(__file__).resolve().parents[2] / "user_corpus")
    return Path(user_corpus).expanduser() / FETCHED_SUBFOLDER


class CorpusFolderSink:
    """New articles written into ``folder``; lookups by canonical URL and content hash."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self._by_url: dict[str, str] = {}
        self._by_hash: dict[str, str] = {}
        self.problems: list[Problem] = []
        if self.folder.is_dir():
            corpus = load_corpus([self.folder])
            self.problems = corpus.problems
            for article in corpus.articles:
                self._remember(article)

    def __len__(self) -> int:
        return len(set(self._by_hash.values()))

    def _remember(self, article: Article) -> None:
        self._by_hash.setdefault(content_hash(article.text), article.id)
        if article.url:
            with contextlib.suppress(ValueError):
                self._by_url.setdefault(canonical_url(article.url), article.id)

    def stored_id(self, *, canonical_url: str | None = None, content_hash: str | None = None) -> str | None:
        return self._by_url.get(canonical_url or "") or self._by_hash.get(content_hash or "")

    def add(self, item: FetchedArticle) -> str | None:
        if self.stored_id(canonical_url=item.canonical_url, content_hash=item.content_hash):
            return None
        try:
            save_article(item.article, self.folder)
        except ArticleError as error:
            if "already exists" in error.reason:
                return None
            raise
        self._by_url[item.canonical_url] = item.article.id
        self._by_hash[item.content_hash] = item.article.id
        return item.article.id

    def commit(self) -> None:
        """Nothing to do: each file is written and synced when it is added."""
