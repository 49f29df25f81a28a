"""The panel beside the map: for clicked incidents, what each source said, in its own words.

Built as one HTML string from escaped parts only (``geodata.views.escape``): excerpts right-to-left
with place names highlighted, outlet, date, link (http/https only) and the disagreements.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pandas as pd

from geodata.events.actors import actor_label
from geodata.events.kinds import kind_colour, kind_label
from geodata.views.escape import escape_html, highlight, safe_url
from geodata.views.map.features import date_range_text, place_text
from geodata.views.map.selection import Selection

log = logging.getLogger(__name__)

PlaceFinder = Callable[[str], Sequence[Any]]  # e.g. geodata.places.finder.find_places
MAX_INCIDENTS = 50  # a cluster of thousands would freeze the page; the table page lists all

PANEL_CSS = """
<style>
.gd-panel { font-size: 0.92rem; }
.gd-incident { border-left: 4px solid #888; padding: 2px 0 6px 10px; margin-bottom: 14px; }
.gd-incident h4 { font-size: 1rem; margin: 0 0 2px 0; padding: 0; }
.gd-meta { color: #555; font-size: 0.85rem; }
.gd-source { margin: 8px 0 0 0; }
.gd-source-head { font-size: 0.85rem; color: #333; }
.gd-excerpt { direction: rtl; text-align: right; unicode-bidi: isolate; margin: 3px 0 0 0;
  padding: 6px 10px; background: #f6f6f3; border-right: 3px solid #bbb; line-height: 1.9;
  font-size: 1.02rem; }
.gd-excerpt mark.gd-place { background: #ffe08a; padding: 0 2px; border-radius: 2px; }
.gd-disagree { margin-top: 6px; font-size: 0.85rem; color: #7a3b00; }
.gd-disagree ul { margin: 2px 0 0 18px; padding: 0; }
.gd-place-head { margin: 0 0 10px 0; padding: 0 0 6px 0; border-bottom: 1px solid #ddd; }
.gd-place-head h3 { font-size: 1.05rem; margin: 0; padding: 0; }
.gd-place-head .gd-kinds { font-size: 0.85rem; color: #333; margin-top: 3px; }
.gd-place-head .gd-kinds span { white-space: nowrap; margin-right: 10px; }
.gd-place-head .gd-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px;
  border: 1px solid #333; margin-right: 4px; vertical-align: -1px; }
.gd-casualties { font-size: 0.85rem; color: #8b1a1a; }
</style>
"""


def panel_html(rows: pd.DataFrame, *, find_places: PlaceFinder | None = None) -> str:
    """HTML for every incident in ``rows`` (the first ``MAX_INCIDENTS``), newest first."""
    if rows.empty:
        return '<div class="gd-panel"><p>No incident at this point under the current filters.</p></div>'
    ordered = rows.sort_values("date", ascending=False, na_position="last")
    parts = [_incident_html(row, find_places) for row in ordered.head(MAX_INCIDENTS).to_dict("records")]
    if len(rows) > MAX_INCIDENTS:
        parts.append(f"<p>… and {len(rows) - MAX_INCIDENTS} more: see the Incidents page.</p>")
    return '<div class="gd-panel">' + "".join(parts) + "</div>"


def selection_html(rows: pd.DataFrame, selection: Selection | None, *, shown: pd.DataFrame | None = None,
                   find_places: PlaceFinder | None = None) -> str:
    """The panel for a selection on the map: a heading that names the place and counts what is
    there by kind, then the incidents (all ``rows``, or the page of them ``shown``), newest first."""
    return _heading(rows, selection) + panel_html(rows if shown is None else shown, find_places=find_places)


def _heading(rows: pd.DataFrame, selection: Selection | None) -> str:
    if rows.empty or selection is None:
        return ""
    if selection.kind == "from":
        first = rows.iloc[0]
        place = place_text(first.get("launch_name_en"), first.get("launch_name_ar"))
        title = f"Launched from {place}"
    elif selection.kind == "at":
        first = rows.iloc[0]
        title = f"Everything at {place_text(first.get('place_name_en'), first.get('place_name_ar'))}"
    else:
        title = "Launch → target"
    undated = int(rows["date"].isna().sum())
    count = _plural(len(rows), "incident") + (f", {undated} undated" if undated else "")
    kinds = rows["kind"].astype(str).value_counts()
    items = " ".join(f'<span><i class="gd-swatch" style="background:{kind_colour(kind)}"></i>'
                     f"{escape_html(kind_label(kind))} {int(number)}</span>" for kind, number in kinds.items())
    return (f'<div class="gd-place-head"><h3>{escape_html(title)}</h3>'
            f'<div class="gd-meta">{escape_html(count)}, newest first</div><div class="gd-kinds">{items}</div></div>')


def _incident_html(row: dict[str, Any], find_places: PlaceFinder | None) -> str:
    kind = str(row.get("kind") or "")
    head = " · ".join(part for part in (
        kind_label(kind), date_range_text(row.get("date"), row.get("date")), _present(row.get("time_of_day")),
    ) if part)
    meta = [
        place_text(row.get("place_name_en"), row.get("place_name_ar")),
        _precision(row.get("geo_precision")),
        _plural(int(row.get("n_sources") or 0), "source"),
        "background mention" if row.get("background") else "",
    ]
    actors = _actors(row.get("actors_by"), row.get("actors_against"))
    losses = casualties_text(row.get("killed"), row.get("injured"))
    sources = "".join(_source_html(source, find_places) for source in _records(row.get("sources")))
    return (
        f'<section class="gd-incident" style="border-left-color:{kind_colour(kind)}">'
        f"<h4>{escape_html(head)}</h4>"
        f'<div class="gd-meta">{escape_html(" · ".join(part for part in meta if part))}</div>'
        + (f'<div class="gd-meta">{escape_html(actors)}</div>' if actors else "")
        + (f'<div class="gd-casualties">{escape_html(losses)}</div>' if losses else "")
        + sources + _disagreements_html(row.get("disagreements"))
        + f'<div class="gd-meta">id {escape_html(row.get("incident_id"))}</div></section>'
    )


def _source_html(source: dict[str, Any], find_places: PlaceFinder | None) -> str:
    excerpt = str(source.get("excerpt") or "")
    head = [f"<b>{escape_html(source.get('outlet') or 'unknown outlet')}</b>"]
    if source.get("published"):
        head.append("published " + escape_html(str(source["published"])[:10]))
    url = safe_url(source.get("url"))
    if url:
        head.append(f'<a href="{escape_html(url)}" target="_blank" rel="noopener noreferrer nofollow">source</a>')
    body = highlight(excerpt, _place_spans(excerpt, find_places), "gd-place")
    return (f'<div class="gd-source"><div class="gd-source-head">{" · ".join(head)}</div>'
            f'<blockquote class="gd-excerpt" dir="rtl" lang="ar">{body}</blockquote></div>')


def _place_spans(text: str, find_places: PlaceFinder | None) -> list[tuple[int, int]]:
    """Spans of the places the gazetteer resolves in ``text``; none if matching fails, since
    the excerpt must show even when the gazetteer is broken."""
    if find_places is None or not text:
        return []
    try:
        return [(match.start, match.end) for match in find_places(text) if getattr(match, "place", None) is not None]
    except Exception as error:  # the reader still gets the words, just unhighlighted
        log.warning("place highlighting failed: %s", error)
        return []


def _disagreements_html(values: Any) -> str:
    notes = [str(note) for note in _list(values) if str(note).strip()]
    if not notes:
        return ""
    items = "".join(f"<li>{escape_html(note)}</li>" for note in notes)
    return f'<div class="gd-disagree"><b>Sources differ:</b><ul>{items}</ul></div>'


def _actors(by: Any, against: Any) -> str:
    parts = []
    if _list(by):
        parts.append("by " + ", ".join(_actor(actor) for actor in _list(by)))
    if _list(against):
        parts.append("against " + ", ".join(_actor(actor) for actor in _list(against)))
    return "; ".join(parts)


def casualties_text(killed: Any, injured: Any) -> str:
    """"3 killed, 5 injured", "no casualties reported" for zeros, "" when the reports say nothing."""
    parts = []
    for value, word in ((killed, "killed"), (injured, "injured")):
        if value is not None and not pd.isna(value):
            parts.append((int(value), word))
    if not parts:
        return ""
    if all(number == 0 for number, _ in parts):
        return "no casualties reported"
    return ", ".join(f"{number} {word}" for number, word in parts)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _actor(key: Any) -> str:
    return actor_label(str(key))


def _precision(value: Any) -> str:
    labels = {1: "exact site", 2: "near a named place", 3: "region only"}
    return "" if value is None or pd.isna(value) else labels.get(int(value), "")


def _present(value: Any) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _list(values: Any) -> list[Any]:
    if values is None or isinstance(values, str | bytes):
        return []
    return list(values) if isinstance(values, Iterable) else []


def _records(values: Any) -> list[dict[str, Any]]:
    return [item for item in _list(values) if isinstance(item, dict)]
