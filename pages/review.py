"""Review page: the queue of incidents to review, newest first, each with its fields beside its
sources' excerpts; confirm, reject, correct, merge, split, note and undo (SPEC section 12).

Thin: the actions are ``geodata.review``'s, the HTML ``geodata.views.review``'s. Buttons run in
callbacks with the version the analyst saw, so a change someone made meanwhile refuses the
save and shows the newer values. Keys: a confirm, x reject, u undo, j/k next/previous.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st
from streamlit_folium import st_folium

from app import cache, common, review_cache
from geodata.errors import GeodataError
from geodata.review import ConflictError, Point, add_note, confirm, correct, merge, reject, split, undo
from geodata.review.form import FormValues, form_changes, form_values, split_choices
from geodata.review.reading import review_choices
from geodata.table.review import REVIEW_STATUS_LABELS
from geodata.views.review import REVIEW_CSS, conflict_html, fields_html, history_html, sources_html, status_html

QUEUES = {"To review": (("unreviewed",), False), "Flagged: extraction changed": (None, True),
          "Confirmed": (("confirmed",), False), "Corrected": (("corrected",), False),
          "Rejected": (("rejected",), False), "All": (None, False)}
QUEUE_LIMIT = 200
SELECTED = "gd_review_selected"
OUTCOME = "gd_review_outcome"
NONE = "(none)"
UNKNOWN_COUNT = -1



def labelled(labels: dict[str, str]) -> Any:
    """A select box's format_func: the label of a key, or the key."""
    return lambda key: labels.get(key, str(key))


page_context = common.context()  # the shared sidebar; this page reads the store itself
st.title("Review")
st.html(REVIEW_CSS)
choices = review_choices()
kind_labels = dict(choices.kinds)
actor_labels = dict(choices.actors)


# ------------------------------------------------------------------ who reviews

author = review_cache.session_author()
if author is None:
    with st.form("gd_review_who"):
        name = st.text_input("Your name (kept with every change you make)", max_chars=80)
        if st.form_submit_button("Start reviewing") and name.strip():
            st.session_state[review_cache.AUTHOR_KEY] = name.strip()
            st.rerun()
    st.info("Give your name to review; the queue is shown read-only until then.")
else:
    st.caption(f"Reviewing as **{author}**.")


# ------------------------------------------------------------------ the actions (callbacks)


def act(action: Any, *args: Any, **options: Any) -> None:
    """Run an action; keep what came of it for this run to show."""
    try:
        result = action(review_cache.review_store(), *args, author=author, **options)
    except ConflictError as error:
        st.session_state[OUTCOME] = ("conflict", error)
        return
    except GeodataError as error:
        st.session_state[OUTCOME] = ("error", str(error))
        return
    st.session_state[OUTCOME] = ("done", result.message)
    if result.action == "split" and result.other_id:
        st.session_state[SELECTED] = result.other_id


def on_decide(decision: str, incident_id: str, version: int, following: str | None) -> None:
    act(confirm if decision == "confirm" else reject, incident_id, expect_version=version)
    if st.session_state[OUTCOME][0] == "done" and following:
        st.session_state[SELECTED] = following


def on_undo(incident_id: str, version: int) -> None:
    act(undo, incident_id, expect_version=version)


def on_correct(incident_id: str, version: int, form: str) -> None:
    shown = review_cache.review(review_cache.stamp(), incident_id)
    values = form_from_widgets(form, form_values(shown))
    if isinstance(values, str):
        st.session_state[OUTCOME] = ("error", values)
        return
    changes = form_changes(shown, values)
    if not changes:
        st.session_state[OUTCOME] = ("error", "Nothing to save: the form holds the incident's values.")
        return
    act(correct, incident_id, changes, expect_version=version)


def on_merge(incident_id: str, version: int) -> None:
    other = st.session_state.get("gd_review_merge_with")
    if not other:
        st.session_state[OUTCOME] = ("error", "Pick the incident to merge with.")
        return
    act(merge, incident_id, other, expect_version=version)


def on_split(incident_id: str, version: int) -> None:
    key = st.session_state.get("gd_review_split_source") or ""
    article_id, _, seq = key.rpartition(":")
    act(split, incident_id, article_id, int(seq), expect_version=version)


def on_note(incident_id: str) -> None:
    act(add_note, incident_id, st.session_state.get("gd_review_note", ""))
    if st.session_state[OUTCOME][0] == "done":
        st.session_state["gd_review_note"] = ""


def on_move(incident_id: str | None) -> None:
    if incident_id:
        st.session_state[SELECTED] = incident_id
        st.session_state.pop(OUTCOME, None)


def _place(prefix: str, unchanged: Any) -> Any:
    how = st.session_state.get(f"{prefix}_how") or ""
    if how == "Gazetteer place":
        return st.session_state.get(f"{prefix}_place") or None
    if how == "Point":
        return Point(float(st.session_state[f"{prefix}_lat"]), float(st.session_state[f"{prefix}_lon"]))
    return None if how == "Unknown" else unchanged


def _count(name: str) -> int | None:
    value = st.session_state.get(name)
    return None if value is None or value == UNKNOWN_COUNT else int(value)


def form_from_widgets(form: str, current: FormValues) -> FormValues | str:
    """The correction form's values (a message when the form is incomplete)."""
    state = st.session_state
    if state.get(f"{form}_location_how") == "Gazetteer place" and not state.get(f"{form}_location_place"):
        return "Pick a place from the search results, or choose Point or Unknown."
    date = state.get(f"{form}_date") if state.get(f"{form}_dated") else None
    time_of_day = state.get(f"{form}_time")
    return FormValues(kind=state[f"{form}_kind"], location=_place(f"{form}_location", current.location),
                      launch_site=_place(f"{form}_launch", current.launch_site), date=date,
                      date_precision=state[f"{form}_precision"] if date is not None else "unknown",
                      time_of_day=None if time_of_day == NONE else time_of_day,
                      killed=_count(f"{form}_killed"), injured=_count(f"{form}_injured"),
                      actors_by=tuple(state.get(f"{form}_by", ())), actors_against=tuple(state.get(f"{form}_against", ())))


def apply_map_click(form: str) -> None:
    """A click on the place map (read before the form's widgets exist) sets the point."""
    state = st.session_state
    clicked = (state.get(f"{form}_location_map") or {}).get("last_clicked")
    if not clicked or state.get(f"{form}_location_applied") == clicked:
        return
    state[f"{form}_location_applied"] = clicked
    state[f"{form}_location_how"] = "Point"
    state[f"{form}_location_lat"] = round(float(clicked["lat"]), 5)
    state[f"{form}_location_lon"] = round(float(clicked["lng"]), 5)


def pick_on_map(form: str, incident: Any) -> None:
    """The map to click for the incident's point: its place now, and the point picked."""
    state = st.session_state
    location = incident.location
    current = (location.lat, location.lon) if location is not None else None
    picked = ((float(state[f"{form}_location_lat"]), float(state[f"{form}_location_lon"]))
              if state.get(f"{form}_location_how") == "Point" else None)
    st.caption("Click the map to place the incident at that point (Place: Point).")
    settings = page_context.settings
    st_folium(cache.pick_map(settings.tiles, common.asset_base(settings), current, picked),
              key=f"{form}_location_map", height=320, use_container_width=True, returned_objects=["last_clicked"])


# ------------------------------------------------------------------ the queue

outcome = st.session_state.pop(OUTCOME, None)  # what the last button did
if outcome is not None:
    what, detail = outcome
    if what == "done":
        st.success(detail)
    elif what == "conflict":
        st.error("Your change was not saved: someone changed this incident since you opened it.")
        st.html(conflict_html(detail.incident_id, detail.version, detail.changed_by, detail.current))
    else:
        st.error(detail)

stamp = review_cache.stamp()
counts = review_cache.counts(stamp)
queue_column, incident_column = st.columns([1, 3], gap="medium")
with queue_column:
    labels = [f"{name} ({counts.get('flagged', 0)})" if name.startswith("Flagged") else name for name in QUEUES]
    chosen = st.radio("Queue", list(QUEUES), format_func=lambda name: labels[list(QUEUES).index(name)],
                      key="gd_review_queue", on_change=lambda: st.session_state.pop(SELECTED, None)) or "To review"
    statuses, flagged_only = QUEUES[chosen]
    items = review_cache.queue(stamp, statuses, flagged_only, QUEUE_LIMIT)
    st.caption(", ".join(f"{counts.get(status, 0)} {label.lower()}" for status, label in REVIEW_STATUS_LABELS.items()))
    if not items:
        st.success("Nothing left in this queue.")
        st.stop()
    ids = [item.incident_id for item in items]
    if st.session_state.get(SELECTED) not in ids:
        # a selected incident outside the queue (just confirmed, or split out) stays shown
        st.session_state.setdefault(SELECTED, ids[0])
    titles = {item.incident_id: f"{item.title} · {item.n_sources} src" + (" · flagged" if item.flagged else "")
              for item in items}
    current = st.session_state[SELECTED]
    if current in ids:
        st.session_state["gd_review_pick"] = current  # follows the buttons (next, confirm, ...)
    else:
        st.session_state.pop("gd_review_pick", None)
    st.radio("Incidents, newest first", ids, index=0 if current in ids else None, format_func=lambda key: titles[key],
             key="gd_review_pick",
             on_change=lambda: on_move(st.session_state.get("gd_review_pick")))

incident_id = st.session_state[SELECTED]
try:
    shown = review_cache.review(stamp, incident_id)
except GeodataError as error:
    incident_column.warning(str(error))
    st.session_state[SELECTED] = ids[0]
    st.stop()
position = ids.index(incident_id) if incident_id in ids else -1
following = ids[position + 1] if 0 <= position < len(ids) - 1 else (ids[0] if position < 0 else None)
previous = ids[position - 1] if position > 0 else None
disabled = author is None

with incident_column:
    st.subheader(f"{kind_labels.get(shown.incident.kind, shown.incident.kind)} · "
                 f"{shown.incident.location.name_en if shown.incident.location else 'no place'} · "
                 f"{shown.incident.date or 'undated'}")
    st.html(f'<div class="gd-review">{status_html(shown.status, shown.changed_fields)} '
            f"<code>{shown.incident_id}</code> version {shown.version}</div>")
    buttons = st.columns(5)
    buttons[0].button("Confirm", key="gd_review_confirm", shortcut="a", type="primary", disabled=disabled,
                      on_click=on_decide, args=("confirm", incident_id, shown.version, following))
    buttons[1].button("Reject", key="gd_review_reject", shortcut="x", disabled=disabled,
                      on_click=on_decide, args=("reject", incident_id, shown.version, following))
    buttons[2].button("Undo", key="gd_review_undo", shortcut="u", disabled=disabled or shown.undoable is None,
                      on_click=on_undo, args=(incident_id, shown.version),
                      help=f"Undo: {shown.undoable.summary}" if shown.undoable else "Nothing to undo")
    buttons[3].button("Previous", key="gd_review_previous", shortcut="k", disabled=previous is None,
                      on_click=on_move, args=(previous,))
    buttons[4].button("Next", key="gd_review_next", shortcut="j", disabled=following is None,
                      on_click=on_move, args=(following,))

    fields_column, sources_column = st.columns([1, 1], gap="medium")
    with fields_column:
        st.html(fields_html(shown))
    with sources_column:
        st.html(sources_html(shown, find_places=cache.place_finder()))

    values = form_values(shown)
    form = f"gd_review_form_{incident_id}_{shown.version}"  # widget keys of this incident at this version
    # not an st.form: the place search must show its results as the analyst types
    with st.expander("Correct", expanded=False):
        apply_map_click(form)
        kinds = [key for key, _ in choices.kinds]
        st.selectbox("Kind", kinds, index=kinds.index(values.kind), format_func=labelled(kind_labels), key=f"{form}_kind")
        for part, label, place in (("location", "Place", values.location), ("launch", "Launch site", values.launch_site)):
            now = f"point {place.lat}, {place.lon}" if isinstance(place, Point) else str(place or "none")
            st.radio(label, [f"Unchanged ({now})", "Gazetteer place", "Point", "Unknown"], horizontal=True,
                     key=f"{form}_{part}_how")
            query = st.text_input(f"{label}: search the gazetteer (Arabic or English)", key=f"{form}_{part}_query")
            found = review_cache.places(query) if query.strip() else []
            st.selectbox(f"{label}: gazetteer place", [choice.id for choice in found], index=None,
                         format_func=labelled({choice.id: choice.label for choice in found}), key=f"{form}_{part}_place",
                         placeholder="search above, then pick")
            lat_column, lon_column = st.columns(2)
            point = place if isinstance(place, Point) else None
            st.session_state.setdefault(f"{form}_{part}_lat", point.lat if point else 35.3)
            st.session_state.setdefault(f"{form}_{part}_lon", point.lon if point else 40.3)
            lat_column.number_input(f"{label}: latitude", format="%.5f", key=f"{form}_{part}_lat")
            lon_column.number_input(f"{label}: longitude", format="%.5f", key=f"{form}_{part}_lon")
            if part == "location":
                pick_on_map(form, shown.incident)
        st.checkbox("The date is known", value=values.date is not None, key=f"{form}_dated")
        date_column, precision_column, time_column = st.columns(3)
        date_column.date_input("Date", value=values.date or dt.date.today(), key=f"{form}_date",
                               min_value=dt.date(1990, 1, 1), max_value=dt.date.today())
        precisions = [precision for precision in choices.date_precisions if precision != "unknown"]
        precision_column.selectbox("Date precision", precisions, key=f"{form}_precision",
                                   index=precisions.index(values.date_precision)
                                   if values.date_precision in precisions else 0)
        times = [NONE, *choices.times_of_day]
        time_column.selectbox("Time of day", times, index=times.index(values.time_of_day or NONE), key=f"{form}_time")
        killed_column, injured_column = st.columns(2)
        killed_column.number_input("Killed (-1: unknown)", min_value=UNKNOWN_COUNT, step=1,
                                   value=values.killed if values.killed is not None else UNKNOWN_COUNT,
                                   key=f"{form}_killed")
        injured_column.number_input("Injured (-1: unknown)", min_value=UNKNOWN_COUNT, step=1,
                                    value=values.injured if values.injured is not None else UNKNOWN_COUNT,
                                    key=f"{form}_injured")
        actor_keys = [key for key, _ in choices.actors]
        st.multiselect("Actors (by)", actor_keys, default=list(values.actors_by), format_func=labelled(actor_labels),
                       key=f"{form}_by")
        st.multiselect("Actors (against)", actor_keys, default=list(values.actors_against),
                       format_func=labelled(actor_labels), key=f"{form}_against")
        st.button("Save correction", key=f"{form}_save", type="primary", disabled=disabled, on_click=on_correct,
                  args=(incident_id, shown.version, form))

    merge_column, split_column = st.columns(2, gap="medium")
    with merge_column, st.expander("Merge with another incident"):
        nearby = review_cache.candidates(stamp, incident_id)
        st.selectbox("Incident (within three days)", [item.incident_id for item in nearby], index=None,
                     format_func=labelled({item.incident_id: f"{item.title} · {item.incident_id}" for item in nearby}),
                     key="gd_review_merge_with", placeholder="pick the incident to merge in")
        st.button("Merge into this incident", key="gd_review_merge", disabled=disabled, on_click=on_merge,
                  args=(incident_id, shown.version))
    with split_column, st.expander("Split a source out"):
        sources = split_choices(shown)
        if sources:
            st.selectbox("Source", [key for key, _ in sources], format_func=labelled(dict(sources)),
                         key="gd_review_split_source")
            st.button("Split it into an incident of its own", key="gd_review_split", disabled=disabled,
                      on_click=on_split, args=(incident_id, shown.version))
        else:
            st.caption("One source only: nothing to split.")

    st.subheader("Notes and history")
    st.text_area("Note", key="gd_review_note", max_chars=4000, placeholder="What you checked, what differs …")
    st.button("Add note", key="gd_review_add_note", disabled=disabled, on_click=on_note, args=(incident_id,))
    st.html(history_html(shown.history))
