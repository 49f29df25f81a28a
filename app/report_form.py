"""A report pasted by the analyst (the Add report page) turned into a validated Article.

The same rules as for article files apply (``geodata.corpus.articles.build_article``): a slug id,
an outlet, a non-empty body under ``MAX_ARTICLE_CHARS``, an ISO date, an http(s) link. The
id is generated from outlet, date and text unless the analyst types one. Refusals raise
``ArticleError`` or ``InputTooLargeError`` with a message meant for the analyst.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from geodata.corpus.articles import ID_PATTERN, MAX_ARTICLE_CHARS, Article, article_id_for, build_article, slugify
from geodata.errors import ArticleError, InputTooLargeError
from geodata.views.escape import safe_url

PASTED = "<pasted report>"


@dataclass(frozen=True)
class ReportForm:
    """What the analyst typed: the text and its metadata, as strings and a date."""

    text: str
    outlet: str
    published: dt.date | None = None
    url: str = ""
    article_id: str = ""
    title: str = ""


def build_report(form: ReportForm) -> Article:
    """The Article of ``form``; ArticleError or InputTooLargeError says what to fix."""
    text = form.text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputTooLargeError(
            f"the report is {len(text):,} characters; the limit is {MAX_ARTICLE_CHARS:,}: paste a shorter text"
        )
    url = form.url.strip()
    if url and safe_url(url) is None:
        raise ArticleError(PASTED, None, "the link must be an http:// or https:// address (or left empty)")
    meta = {"id": report_id(form, text), "outlet": form.outlet, "language": "ar"}
    if form.published is not None:
        meta["published"] = form.published.isoformat()
    if url:
        meta["url"] = url
    if form.title.strip():
        meta["title"] = form.title
    return build_article(meta, text, file=PASTED, line=1, meta_line=1)


def report_id(form: ReportForm, text: str | None = None) -> str:
    """The typed id if it is a valid slug, a generated one when none was typed; ArticleError
    (with a suggested slug) for a typed id that is not one."""
    typed = form.article_id.strip()
    if not typed:
        return article_id_for(form.outlet, form.published, form.text if text is None else text)
    if not ID_PATTERN.match(typed) or len(typed) > 120:
        suggestion = slugify(typed)
        hint = f"; for example {suggestion!r}" if suggestion else ""
        raise ArticleError(PASTED, None, f"the id may use only a-z, 0-9 and single '-' (at most 120 characters){hint}")
    return typed


def corpus_includes(corpus: Iterable[Path], folder: Path) -> bool:
    """Whether ``folder`` is one of the ``corpus`` folders or inside one: a report saved there
    is read by the dashboard."""
    target = Path(folder).expanduser().resolve()
    for path in corpus:
        root = Path(path).expanduser().resolve()
        if target == root or root in target.parents:
            return True
    return False
