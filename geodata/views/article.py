"""Articles as the Sources and Add report pages show them: places and incidents in the text.

``analyse_article`` runs the library on one article (places, then incidents); the other
functions turn the result into rows for tables and into HTML built only from
``geodata.views.escape`` output, right to left, with place names and the sentences that report an
incident marked. No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from geodata.corpus.articles import Article
from geodata.events.kinds import kind_label
from geodata.events.model import Report
from geodata.events.reports import extract_reports
from geodata.places.finder import (
    Mention,
    PlaceIndex,
    PlaceMatch,
    UnresolvedName,
    find_places,
    resolved_places,
    unresolved_names,
)
from geodata.views.escape import escape_html, highlight, safe_url, strip_unsafe_chars

MAX_SHOWN_CHARS = 200_000  # a 2 MB article would freeze the browser; the rest is cut with a note
PAGE_SIZE = 50
LABEL_CHARS = 90

PLACE_CLASS = "gd-place"
UNRESOLVED_CLASS = "gd-unresolved"
REPORT_CLASS = "gd-report"

ARTICLE_CSS = """
<style>
.gd-article { direction: rtl; text-align: right; unicode-bidi: isolate; white-space: pre-wrap;
  line-height: 2; font-size: 1.05rem; padding: 8px 12px; background: #fafaf7;
  border-right: 3px solid #bbb; max-height: 640px; overflow-y: auto; }
.gd-article .gd-report { background: #dcebf7; border-radius: 2px; }
.gd-article mark.gd-place { background: #ffe08a; padding: 0 2px; border-radius: 2px; }
.gd-article mark.gd-unresolved { background: transparent; border-bottom: 2px dashed #d2691e; }
.gd-key { font-size: 0.85rem; color: #444; margin: 4px 0; }
.gd-key span { padding: 0 4px; margin-right: 8px; }
.gd-meta { font-size: 0.9rem; color: #333; margin: 0 0 6px 0; }
.gd-cut { font-size: 0.85rem; color: #7a3b00; }
</style>
"""

ARTICLE_KEY = (
    '<div class="gd-key"><span style="background:#ffe08a">place</span>'
    '<span style="border-bottom:2px dashed #d2691e">unresolved name</span>'
    '<span style="background:#dcebf7">sentence reporting an incident</span></div>'
)


@dataclass(frozen=True)
class ArticleAnalysis:
    """One article with the places in its text and the incidents it reports."""

    article: Article
    places: tuple[Mention, ...]
    reports: tuple[Report, ...]

    @property
    def resolved(self) -> list[PlaceMatch]:
        return resolved_places(self.places)

    @property
    def unresolved(self) -> list[UnresolvedName]:
        return unresolved_names(self.places)

    @property
    def report_spans(self) -> list[tuple[int, int]]:
        """The sentences (spans of the article text) that report the incidents."""
        return sorted({span for report in self.reports for span in report.source.excerpt_spans})


def analyse_article(article: Article, *, index: PlaceIndex | None = None) -> ArticleAnalysis:
    """Places (resolved and unresolved) and the per-article reports of ``article``."""
    places = tuple(find_places(article.text, index=index))
    reports = tuple(extract_reports(article, index=index))
    return ArticleAnalysis(article=article, places=places, reports=reports)


# ------------------------------------------------------------------ HTML


def article_html(analysis: ArticleAnalysis, *, limit: int = MAX_SHOWN_CHARS) -> str:
    """The article text, right to left, places and incident sentences marked (escaped HTML)."""
    text = analysis.article.text
    shown = text[: max(0, limit)]
    body = marked_text(shown, analysis.places, analysis.report_spans)
    cut = ""
    if len(text) > len(shown):
        cut = f'<p class="gd-cut">Showing the first {len(shown):,} of {len(text):,} characters.</p>'
    return f'<div class="gd-article" dir="rtl" lang="ar">{body}</div>{cut}'


def marked_text(text: str, places: Iterable[Mention], sentences: Iterable[tuple[int, int]]) -> str:
    """Escaped ``text`` with each place in a ``<mark>`` (resolved or unresolved) and each
    sentence span in ``<span class="gd-report">``. Spans outside ``text`` are clipped."""
    marks = sorted((match.start, match.end, PLACE_CLASS if isinstance(match, PlaceMatch) else UNRESOLVED_CLASS)
                   for match in places)
    parts: list[str] = []
    for start, end, in_sentence in _segments(len(text), sentences):
        inner = _mark_places(text[start:end], [(s - start, e - start, css) for s, e, css in marks])
        parts.append(f'<span class="{REPORT_CLASS}">{inner}</span>' if in_sentence else inner)
    return "".join(parts)


def _segments(length: int, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int, bool]]:
    """[0, length) cut into consecutive (start, end, inside a span) pieces."""
    pieces: list[tuple[int, int, bool]] = []
    cursor = 0
    for start, end in _merged(spans, length):
        if start > cursor:
            pieces.append((cursor, start, False))
        pieces.append((start, end, True))
        cursor = end
    if cursor < length or not pieces:
        pieces.append((cursor, length, False))
    return pieces


def _merged(spans: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted((max(0, s), min(length, e)) for s, e in spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _mark_places(piece: str, marks: Sequence[tuple[int, int, str]]) -> str:
    """Escaped ``piece`` with each (start, end, class) mark highlighted; overlaps are skipped."""
    parts: list[str] = []
    cursor = 0
    for start, end, css_class in marks:
        start, end = max(start, cursor), min(end, len(piece))
        if start >= end:
            continue
        parts.append(escape_html(piece[cursor:start]))
        parts.append(highlight(piece[start:end], [(0, end - start)], css_class))
        cursor = end
    parts.append(escape_html(piece[cursor:]))
    return "".join(parts)


def article_meta_html(article: Article) -> str:
    """Outlet, date and link of ``article`` as escaped HTML (the link only if it is http(s))."""
    parts = [f"<b>{escape_html(article.outlet)}</b>", escape_html(date_text(article.published, article.published_inferred))]
    url = safe_url(article.url)
    if url:
        parts.append(f'<a href="{escape_html(url)}" target="_blank" rel="noopener noreferrer">{escape_html(url)}</a>')
    parts.append(f"id <code>{escape_html(article.id)}</code>")
    return '<p class="gd-meta">' + " · ".join(parts) + "</p>"


def date_text(published: dt.date | None, inferred: bool = False) -> str:
    if published is None:
        return "undated"
    return published.isoformat() + (" (inferred)" if inferred else "")


# ------------------------------------------------------------------ rows for tables


def match_rows(matches: Iterable[Mention]) -> list[dict[str, object]]:
    """One row per place mention: what the text says and what the gazetteer made of it."""
    rows: list[dict[str, object]] = []
    for match in matches:
        place = match.place if isinstance(match, PlaceMatch) else None
        rows.append({
            "surface": _clean(match.surface),
            "place": place.name_en if place else None,
            "precision": match.geo_precision if isinstance(match, PlaceMatch) else None,
            "relation": match.relation if isinstance(match, PlaceMatch) else "unresolved",
            "kind": place.kind if place else None,
            "name_ar": place.name_ar if place else None,
            "gazetteer_id": place.id if place else None,
            "start": match.start,
            "end": match.end,
        })
    return rows


def unresolved_rows(matches: Iterable[Mention]) -> list[dict[str, object]]:
    """The place-like names the gazetteer could not resolve, once each, with their framing."""
    counts: dict[str, int] = {}
    framing: dict[str, str] = {}
    for match in unresolved_names(matches):
        surface = _clean(match.surface)
        counts[surface] = counts.get(surface, 0) + 1
        framing.setdefault(surface, _clean(match.noun))
    return [{"name": name, "framed as": framing[name], "mentions": count} for name, count in counts.items()]


def report_rows(reports: Iterable[Report]) -> list[dict[str, object]]:
    """One row per incident an article reports: kind, date, place, launch site."""
    return [{
        "kind": kind_label(report.kind),
        "date": report.date.isoformat() if report.date else None,
        "date precision": report.date_precision,
        "place": report.location.name_en if report.location else None,
        "place (Arabic)": report.location.name_ar if report.location else None,
        "precision": report.location.geo_precision if report.location else None,
        "launch site": report.launch_site.name_en if report.launch_site else None,
        "background": report.background,
    } for report in reports]


# ------------------------------------------------------------------ choosing an article


def search_articles(articles: Iterable[Article], query: str) -> list[Article]:
    """Articles whose id, outlet, title, URL or text contain ``query`` (case-insensitive),
    newest first; every article for an empty query."""
    needle = query.strip().casefold()
    found = [article for article in articles if not needle or needle in _haystack(article)]
    return sorted(found, key=lambda article: (-(article.published or dt.date.min).toordinal(), article.id))


def _haystack(article: Article) -> str:
    return " ".join(part for part in (article.id, article.outlet, article.title or "", article.url or "",
                                      article.text) if part).casefold()


def page_count(total: int, size: int = PAGE_SIZE) -> int:
    """How many pages ``total`` items fill (at least one)."""
    return max(1, -(-total // max(1, size)))


def page_items(items: Sequence[Article], page: int, size: int = PAGE_SIZE) -> list[Article]:
    """The items of 1-based ``page`` (clamped to the pages there are)."""
    page = min(max(1, page), page_count(len(items), size))
    return list(items[(page - 1) * size: page * size])


def article_label(article: Article) -> str:
    """A one-line plain-text label: date · outlet · title or id (for a select box)."""
    name = article.title or article.id
    label = f"{date_text(article.published)} · {article.outlet} · {name}"
    label = _clean(" ".join(label.split()))
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _clean(value: object) -> str:
    return strip_unsafe_chars(str(value or ""))
