"""The review as HTML: an incident's fields with their marks, its sources side by side with
them, its history with the notes, and a refused save with the newer values.

Everything that comes from outside (excerpts, outlet names, notes, authors, place names) is
escaped here through ``geodata.views.escape``; links pass ``safe_url``. Notes are the analysts'
own text and as untrusted as articles: a note is shown as text, never as markup.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from geodata.review.reading import HistoryEntry, IncidentReview
from geodata.table.review import FLAG_TEXT, REVIEW_STATUS_LABELS
from geodata.views.escape import escape_html, highlight, safe_url

log = logging.getLogger(__name__)
PlaceFinder = Callable[[str], Sequence[Any]]  # e.g. geodata.places.finder.find_places

REVIEW_CSS = """
<style>
.gd-review { font-size: 0.92rem; }
.gd-badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 0.8rem; color: #fff; }
.gd-badge.unreviewed { background: #777; } .gd-badge.confirmed { background: #2e7d32; }
.gd-badge.corrected { background: #1565c0; } .gd-badge.rejected { background: #b71c1c; }
.gd-flag { display: inline-block; margin-left: 6px; padding: 1px 8px; border-radius: 10px; font-size: 0.8rem;
  background: #ffe08a; color: #5a3b00; }
table.gd-fields { border-collapse: collapse; width: 100%; table-layout: fixed; }
table.gd-fields td, table.gd-fields th { border-bottom: 1px solid #e4e4e0; padding: 3px 6px; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }
table.gd-fields col.name { width: 22%; } table.gd-fields col.mark { width: 16%; }
table.gd-fields tr.corrected td.value { color: #1565c0; font-weight: 600; }
table.gd-fields tr.changed td.extracted { background: #fff3c4; }
.gd-source { margin: 8px 0 0 0; }
.gd-source-head { font-size: 0.85rem; color: #333; overflow-wrap: anywhere; }
.gd-excerpt { direction: rtl; text-align: right; unicode-bidi: isolate; margin: 3px 0 0 0; padding: 6px 10px;
  background: #f6f6f3; border-right: 3px solid #bbb; line-height: 1.9; font-size: 1.02rem; }
.gd-excerpt mark.gd-place { background: #ffe08a; padding: 0 2px; border-radius: 2px; }
ol.gd-history { margin: 0; padding-left: 20px; }
ol.gd-history li { margin: 0 0 6px 0; }
ol.gd-history li.undone { color: #888; text-decoration: line-through; }
ol.gd-history li.machine { color: #555; }
.gd-note { white-space: pre-wrap; unicode-bidi: plaintext; background: #f3f6fb; border-left: 3px solid #90a4c8;
  padding: 4px 8px; margin-top: 2px; }
.gd-conflict dl { margin: 4px 0 0 0; } .gd-conflict dt { font-weight: 600; }
</style>
"""


def status_html(status: str, changed_fields: tuple[str, ...] = ()) -> str:
    """The status as a badge, and the flag when the extraction changed since review."""
    label = REVIEW_STATUS_LABELS.get(status, status)
    badge = f'<span class="gd-badge {escape_html(status if status in REVIEW_STATUS_LABELS else "unreviewed")}">' \
            f"{escape_html(label)}</span>"
    if changed_fields:
        badge += f'<span class="gd-flag" title="{escape_html(", ".join(changed_fields))}">{escape_html(FLAG_TEXT)}: ' \
                 f"{escape_html(', '.join(changed_fields))}</span>"
    return badge


def fields_html(review: IncidentReview) -> str:
    """The reviewed fields: the value shown, what the extraction says, and marks."""
    rows = []
    for row in review.fields:
        classes = " ".join(name for name, on in (("corrected", row.corrected), ("changed", row.changed)) if on)
        marks = []
        if row.corrected:
            marks.append("corrected")
        if row.changed:
            marks.append("extraction changed")
        rows.append(f'<tr class="{classes}"><th>{escape_html(row.label)}</th><td class="value" dir="auto">'
                    f'{escape_html(row.shown)}</td><td class="extracted" dir="auto">{escape_html(row.extracted)}</td>'
                    f"<td>{escape_html(', '.join(marks))}</td></tr>")
    return ('<table class="gd-fields"><colgroup><col class="name"><col><col><col class="mark"></colgroup>'
            "<thead><tr><th>field</th><th>value</th><th>extraction says</th><th></th></tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table>")


def sources_html(review: IncidentReview, *, find_places: PlaceFinder | None = None) -> str:
    """Each source's excerpt (right to left, places marked), outlet, date, link and key."""
    parts = []
    for source in review.sources:
        head = [f"<b>{escape_html(source.outlet)}</b>"]
        if source.published:
            head.append("published " + escape_html(source.published))
        url = safe_url(source.url)
        if url:
            head.append(f'<a href="{escape_html(url)}" target="_blank" rel="noopener noreferrer nofollow">source</a>')
        head.append(f"<code>{escape_html(source.key)}</code>")
        if not source.held:
            head.append("joined by the merge rules after review" if review.status != "unreviewed" else "")
        body = highlight(source.excerpt, _place_spans(source.excerpt, find_places), "gd-place")
        parts.append(f'<div class="gd-source"><div class="gd-source-head">{" · ".join(item for item in head if item)}'
                     f'</div><blockquote class="gd-excerpt" dir="rtl" lang="ar">{body}</blockquote></div>')
    for anchor in review.detached:
        parts.append(f'<div class="gd-source"><div class="gd-source-head">{escape_html(anchor["article_id"])}: '
                     "this source is not in the article's latest reading</div></div>")
    return f'<div class="gd-review">{"".join(parts)}</div>'


def history_html(entries: list[HistoryEntry]) -> str:
    """The history, oldest first: who did what and when; notes as text; undone changes struck."""
    items = []
    for entry in entries:
        classes = "undone" if entry.undone_by else ("" if entry.by_analyst else "machine")
        number = f"#{entry.change_id} " if entry.change_id is not None else ""
        undone = f" (undone by #{entry.undone_by})" if entry.undone_by else ""
        note = f'<div class="gd-note" dir="auto">{escape_html(entry.note)}</div>' if entry.note else ""
        items.append(f'<li class="{classes}"><b>{escape_html(number)}{escape_html(entry.at[:16].replace("T", " "))}'
                     f"</b> {escape_html(entry.author or '-')} · {escape_html(entry.action)}: "
                     f"{escape_html(entry.summary)}{escape_html(undone)}{note}</li>")
    return f'<ol class="gd-history">{"".join(items)}</ol>' if items else "<p>No changes yet.</p>"


def conflict_html(incident_id: str, version: int, changed_by: str, current: Mapping[str, Any]) -> str:
    """A refused save: who changed the incident, and its values now."""
    values = "".join(f"<dt>{escape_html(name)}</dt><dd dir=\"auto\">{escape_html(value)}</dd>"
                     for name, value in current.items())
    return (f'<div class="gd-conflict"><p><b>Not saved:</b> {escape_html(incident_id)} changed since you opened it '
            f"(now at version {escape_html(version)}, {escape_html(changed_by)}). Its values now:</p>"
            f"<dl>{values}</dl></div>")


def _place_spans(text: str, find_places: PlaceFinder | None) -> list[tuple[int, int]]:
    """Spans of the places the gazetteer resolves in ``text`` (none when matching fails: the
    excerpt is shown all the same)."""
    if find_places is None or not text:
        return []
    try:
        return [(match.start, match.end) for match in find_places(text) if getattr(match, "place", None) is not None]
    except Exception as error:  # the reader still gets the words, unmarked
        log.warning("place highlighting failed: %s", error)
        return []
