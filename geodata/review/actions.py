"""The analyst's actions on the store (SPEC section 12): confirm, reject, correct, merge, split,
note, undo. Each is one transaction under the store's write lock: it checks its inputs and the
incident's version first, and either does all of it or changes nothing.

Every action is kept in ``review_changes`` with its author and time, and with what it changed
in each review it touched, part by part (the decision, each correction, each reviewed value,
the reports the incident holds, the merge): the incident's history, and what ``undo`` puts
back. A change can be undone while the parts it changed are still as it left them; otherwise
the later change that changed them again is named, to be undone first. An undone change stays
in the history, marked. An undo cannot itself be undone: to redo, make the change again.

The first action on an incident fixes the reports it holds as they are (its anchors: see
``geodata.store.reviewed``), which changes no incident; a merge gives one incident the reports
of both, a split gives one report an incident of its own; both re-merge what they touch.
``expect_version``: the version of the incident the analyst saw; when it has changed since,
the action is refused with the newer values (``ConflictError``). Notes never conflict.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geodata.events.merge import incident_id as merged_id
from geodata.review.checks import (
    DateRange,
    check_actors,
    check_author,
    check_count,
    check_date,
    check_kind,
    check_note,
    check_place,
    check_precision,
    check_time_of_day,
)
from geodata.review.errors import ConflictError, IncidentNotFoundError, ReviewError, ReviewInputError, UndoError
from geodata.review.fields import label, readable, show
from geodata.store.database import Store, now
from geodata.store.records import place_to_json
from geodata.store.remerge import Plan
from geodata.store.reviewed import (
    REVIEW_FIELDS,
    ReviewState,
    add_anchors,
    anchor_ids,
    anchored_keys,
    delete_anchors,
    delete_state,
    field_values,
    load_states,
    move_anchors,
    reviewed_incident,
    save_state,
)
from geodata.store.schema import articles, changes, incidents, reports, review_changes
from geodata.store.stored import DatabaseIncidents
from geodata.store.writer import extracted_incidents, refresh_rows, regroup

ACTIONS = ("confirm", "reject", "correct", "merge", "split", "note", "undo")
_PINNING = frozenset({"confirm", "reject", "correct", "note"})  # they begin a review as the incident is
Parts = dict[str, Any]


@dataclass(frozen=True)
class ReviewResult:
    """What an action did: its change number, the incidents it touched and their versions now."""

    change_id: int
    action: str
    incident_id: str
    other_id: str | None
    status: str
    versions: dict[str, int]
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"change_id": self.change_id, "action": self.action, "incident_id": self.incident_id,
                "other_id": self.other_id, "status": self.status, "versions": dict(self.versions),
                "message": self.message}


# ------------------------------------------------------------------ one action's transaction


@dataclass
class _Act:
    """The transaction of one action: reviews before, the diff it leaves, the log row."""

    store: Store
    connection: Connection
    author: str
    at: str
    before: dict[str, Parts] = field(default_factory=dict)

    def state(self, incident_id: str) -> ReviewState | None:
        return load_states(self.connection, [incident_id]).get(incident_id)

    def remember(self, *incident_ids: str) -> None:
        """Take the parts of these reviews as they are, before the action changes them."""
        for incident_id in incident_ids:
            if incident_id not in self.before:
                self.before[incident_id] = parts_of(self.connection, self.state(incident_id))

    def diff(self) -> dict[str, dict[str, dict[str, list[Any]]]]:
        found = {}
        for incident_id, before in self.before.items():
            changed = _diff(before, parts_of(self.connection, self.state(incident_id)))
            if changed:
                found[incident_id] = changed
        return found

    def log(self, action: str, incident_id: str, other_id: str | None, detail: dict[str, Any]) -> int:
        result = self.connection.execute(sa.insert(review_changes).values(
            at=self.at, author=self.author, action=action, incident_id=incident_id, other_id=other_id,
            detail={**detail, "diff": self.diff()}))
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])


@contextmanager
def _acting(store: Store, author: str) -> Iterator[_Act]:
    name = check_author(author)
    with store.writing() as connection:
        yield _Act(store, connection, name, now())


def parts_of(connection: Connection, state: ReviewState | None) -> Parts:
    """A review as parts (what undo compares and puts back); {} for no review."""
    if state is None:
        return {}
    found: Parts = {"row": True, "anchors": anchor_ids(connection, state.incident_id)}
    if state.decision is not None:
        found["decision"] = state.decision
    if state.merged_into is not None:
        found["merged_into"] = state.merged_into
    found.update({f"correction.{name}": value for name, value in state.corrections.items()})
    found.update({f"base.{name}": value for name, value in state.base.items()})
    return found


def _diff(before: Parts, after: Parts) -> dict[str, dict[str, list[Any]]]:
    """The parts that differ, each as {"before": [value] or [], "after": [value] or []}."""
    return {name: {"before": [before[name]] if name in before else [], "after": [after[name]] if name in after else []}
            for name in sorted(before.keys() | after.keys())
            if (name in before) != (name in after) or before.get(name) != after.get(name)}


def _state_from(incident_id: str, parts: Parts, version: int) -> ReviewState:
    return ReviewState(
        incident_id, parts.get("decision"),
        {name.split(".", 1)[1]: value for name, value in parts.items() if name.startswith("correction.")},
        {name.split(".", 1)[1]: value for name, value in parts.items() if name.startswith("base.")},
        parts.get("merged_into"), version)


# ------------------------------------------------------------------ reading inside the transaction


def incident_row(connection: Connection, incident_id: str) -> Any:
    """The stored incident, or the reason there is none."""
    if not isinstance(incident_id, str) or not incident_id.strip():
        raise ReviewInputError("incident", "no incident id given")
    row = connection.execute(sa.select(incidents).where(incidents.c.id == incident_id)).mappings().first()
    if row is not None:
        return row
    state = load_states(connection, [incident_id]).get(incident_id)
    if state is not None and state.merged_into is not None:
        raise IncidentNotFoundError(incident_id, f"was merged into {state.merged_into}; review that one",
                                    merged_into=state.merged_into)
    if state is not None:
        raise IncidentNotFoundError(incident_id, "no article's latest reading tells this incident any more (its "
                                                 "review is kept and comes back if a reading does)")
    raise IncidentNotFoundError(incident_id, "no such incident ('geodata review list' shows them)")


def _check_version(act: _Act, row: Any, expected: int | None) -> None:
    if expected is None or expected == row["version"]:
        return
    raise ConflictError(row["id"], expected, row["version"], current_values(row), last_change(act.connection, row["id"]))


def current_values(row: Any) -> dict[str, str]:
    """The stored incident's values for people, with its review status."""
    values = readable(row["data"])
    values["status"] = row["review_status"]
    return values


def last_change(connection: Connection, incident_id: str) -> str:
    """Who changed an incident last, and when (a review or an ingest)."""
    review = connection.execute(
        sa.select(review_changes.c.at, review_changes.c.author, review_changes.c.action)
        .where(sa.or_(review_changes.c.incident_id == incident_id, review_changes.c.other_id == incident_id))
        .order_by(review_changes.c.id.desc()).limit(1)).first()
    logged = connection.execute(
        sa.select(changes.c.at, changes.c.author, changes.c.command)
        .where(changes.c.entity == "incident", changes.c.entity_id == incident_id)
        .order_by(changes.c.id.desc()).limit(1)).first()
    latest = max((item for item in (review, logged) if item is not None), key=lambda item: item[0], default=None)
    if latest is None:
        return "changed by an earlier run"
    at, who, what = latest
    return f"last changed by {who or 'someone'} ({what}) at {at[:19].replace('T', ' ')} UTC"


def _members(connection: Connection, incident_id: str) -> list[Any]:
    return DatabaseIncidents(connection).members([incident_id]).get(incident_id, [])


def _pin(act: _Act, incident_id: str, version: int, *, every_report: bool = False) -> ReviewState:
    """The incident's review, created with anchors for its reports if it has none; with
    ``every_report``, reports that joined by the rules since are anchored too."""
    state = act.state(incident_id)
    if state is None:
        state = ReviewState(incident_id, incident_version=version)
        save_state(act.connection, state, act.at)
        add_anchors(act.connection, incident_id, _members(act.connection, incident_id))
    elif every_report:
        held = set(anchored_keys(act.connection, anchor_ids(act.connection, incident_id)))
        add_anchors(act.connection, incident_id, [(key, report) for key, report in _members(act.connection, incident_id)
                                                  if key not in held])
    return state


def _finish(act: _Act, action: str, incident_id: str, other_id: str | None, detail: dict[str, Any],
            message: str, rewrite: Iterable[str]) -> ReviewResult:
    existing = set(act.connection.execute(sa.select(incidents.c.id).where(incidents.c.id.in_(sorted(set(rewrite)))))
                   .scalars())
    versions = {key: after for key, (_, after) in refresh_rows(act.connection, sorted(existing), act.at).items()}
    change_id = act.log(action, incident_id, other_id, {**detail, "versions": versions})
    state = act.state(incident_id)
    status = state.status if state is not None else "unreviewed"
    return ReviewResult(change_id, action, incident_id, other_id, status, versions, message)


# ------------------------------------------------------------------ confirm, reject


def confirm(store: Store, incident_id: str, *, author: str, expect_version: int | None = None) -> ReviewResult:
    """The incident is right as shown (with its corrections): its values are kept as they are
    now; a later extraction that differs raises the flag. Confirming again takes the latest
    extraction (and clears the flag)."""
    return _decide(store, incident_id, "confirmed", author=author, expect_version=expect_version)


def reject(store: Store, incident_id: str, *, author: str, expect_version: int | None = None) -> ReviewResult:
    """The incident is not an incident (an extraction error): hidden by default, kept, and
    brought back by ``undo`` or ``confirm``."""
    return _decide(store, incident_id, "rejected", author=author, expect_version=expect_version)


def _decide(store: Store, incident_id: str, decision: str, *, author: str, expect_version: int | None) -> ReviewResult:
    with _acting(store, author) as act:
        row = incident_row(act.connection, incident_id)
        _check_version(act, row, expect_version)
        act.remember(incident_id)
        state = _pin(act, incident_id, row["version"])
        state.decision = decision
        state.base = field_values(extracted_incidents(act.connection, [incident_id])[incident_id])
        save_state(act.connection, state, act.at)
        action = "confirm" if decision == "confirmed" else "reject"
        return _finish(act, action, incident_id, None, {}, f"{incident_id} {decision} by {act.author}", [incident_id])


# ------------------------------------------------------------------ correct


def correct(store: Store, incident_id: str, values: Mapping[str, Any], *, author: str, expect_version: int | None = None,
            clear: Iterable[str] = ()) -> ReviewResult:
    """Set the fields of ``values`` (the incident's field names: kind, location, launch_site,
    date, date_precision, time_of_day, killed, injured, actors_by, actors_against) to the
    analyst's values; ``clear``: fields whose correction is dropped (the extraction's value
    comes back). Places are a gazetteer id, a ``Point`` or (lat, lon), or None; dates an ISO
    date or None (unknown). A date without a precision is exact to the day."""
    with _acting(store, author) as act:
        row = incident_row(act.connection, incident_id)
        _check_version(act, row, expect_version)
        clear = list(clear)
        extracted = extracted_incidents(act.connection, [incident_id])[incident_id]
        state = act.state(incident_id)
        shown = field_values(reviewed_incident(extracted, state)[0])
        wanted = _checked_values(act.connection, incident_id, values, shown)
        for name in clear:
            if name not in REVIEW_FIELDS:
                raise ReviewInputError(name, f"is not a field an analyst corrects ({', '.join(REVIEW_FIELDS)})")
            if state is None or name not in state.corrections:
                raise ReviewInputError(name, "has no correction to clear")
        changed = {name: value for name, value in wanted.items() if value != shown.get(name)}
        if not changed and not clear:
            raise ReviewInputError("correction", "nothing to change: the incident already has these values")
        act.remember(incident_id)
        state = _pin(act, incident_id, row["version"])
        now_extracted = field_values(extracted)
        for name, value in changed.items():
            state.corrections[name] = value
            state.base[name] = now_extracted[name]
        for name in clear:
            state.corrections.pop(name, None)
        for name, value in now_extracted.items():
            state.base.setdefault(name, value)
        save_state(act.connection, state, act.at)
        detail = {"fields": {name: {"from": shown.get(name), "to": value} for name, value in changed.items()},
                  "cleared": clear}
        told = "; ".join(f"{label(name)} {show(name, value)}" for name, value in changed.items())
        told += "; ".join([""] * bool(told and clear) + [f"{label(name)} back to the extraction's" for name in clear])
        return _finish(act, "correct", incident_id, None, detail, f"{incident_id} corrected: {told}", [incident_id])


def _checked_values(connection: Connection, incident_id: str, values: Mapping[str, Any],
                    shown: Mapping[str, Any]) -> dict[str, Any]:
    """Every given value checked and in the stored form; a date brings its precision."""
    found: dict[str, Any] = {}
    for name, value in values.items():
        if name not in REVIEW_FIELDS:
            raise ReviewInputError(name, f"is not a field an analyst corrects ({', '.join(REVIEW_FIELDS)})")
        if name == "kind":
            found[name] = check_kind(value)
        elif name in ("location", "launch_site"):
            found[name] = place_to_json(check_place(name, value))
        elif name == "date":
            date = check_date(value, date_range(connection, incident_id))
            found[name] = date.isoformat() if date is not None else None
        elif name == "date_precision":
            found[name] = check_precision(value)
        elif name == "time_of_day":
            found[name] = check_time_of_day(value)
        elif name in ("killed", "injured"):
            found[name] = check_count(name, value)
        else:
            found[name] = check_actors(name, value)
    if "date" in found:
        if found["date"] is None:
            if found.setdefault("date_precision", "unknown") != "unknown":
                raise ReviewInputError("date_precision", "an unknown date has the precision 'unknown'")
        elif "date_precision" not in found and shown.get("date_precision") == "unknown":
            found["date_precision"] = "day"
    date = found.get("date", shown.get("date"))
    if date is None and found.get("date_precision", "unknown") != "unknown":
        raise ReviewInputError("date_precision", "needs a date: give one with it")
    return found


def date_range(connection: Connection, incident_id: str) -> DateRange:
    """The dates this incident may have (``geodata.review.checks``)."""
    first_published, last_published = connection.execute(
        sa.select(sa.func.min(articles.c.published), sa.func.max(articles.c.published))).one()
    first_report = connection.execute(sa.select(sa.func.min(reports.c.date))).scalar_one()
    firsts = [date for date in (first_published, first_report) if date is not None]
    sources = extracted_incidents(connection, [incident_id])[incident_id].sources
    published = [source.published for source in sources if source.published is not None]
    today = dt.datetime.now(dt.timezone.utc).date()
    return DateRange(min(firsts) if firsts else None, min(last_published, today) if last_published else None, today,
                     max(published) if published and len(published) == len(sources) else None)


# ------------------------------------------------------------------ merge, split


def merge(store: Store, incident_id: str, other_id: str, *, author: str, expect_version: int | None = None,
          expect_other_version: int | None = None) -> ReviewResult:
    """One incident of two: ``incident_id`` keeps its id, review and corrections and takes
    every report of ``other_id`` (and its corrections of fields it has not corrected itself);
    ``other_id`` is gone (its review kept, for undo)."""
    if incident_id == other_id:
        raise ReviewInputError("merge", "an incident cannot be merged with itself")
    with _acting(store, author) as act:
        row, other = incident_row(act.connection, incident_id), incident_row(act.connection, other_id)
        _check_version(act, row, expect_version)
        _check_version(act, other, expect_other_version)
        # both fixed as they are first (this changes no incident, and stays after an undo: the
        # incidents come back under their ids)
        keep = _pin(act, incident_id, row["version"], every_report=True)
        gone = _pin(act, other_id, other["version"], every_report=True)
        act.remember(incident_id, other_id)
        moved = anchor_ids(act.connection, other_id)
        keys = anchored_keys(act.connection, [*anchor_ids(act.connection, incident_id), *moved])
        move_anchors(act.connection, moved, incident_id)
        for name, value in gone.corrections.items():
            keep.corrections.setdefault(name, value)
        gone.merged_into = incident_id
        save_state(act.connection, keep, act.at)
        save_state(act.connection, gone, act.at)
        plan = regroup(act.connection, act.store, keys, command="review merge", author_name=act.author, at=act.at,
                       prepare=lambda plan: _refresh_base(act, plan, [incident_id]))
        detail = {"kept": incident_id, "merged": other_id, "also_changed": _also(plan, {incident_id, other_id})}
        return _finish(act, "merge", incident_id, other_id, detail, f"{other_id} merged into {incident_id}",
                       [incident_id])


def split(store: Store, incident_id: str, article_id: str, seq: int | None = None, *, author: str,
          expect_version: int | None = None) -> ReviewResult:
    """The report of ``article_id`` (number ``seq`` in its article, needed only when the
    article tells the incident more than once) becomes an incident of its own; the incident
    keeps its other reports together."""
    with _acting(store, author) as act:
        row = incident_row(act.connection, incident_id)
        members = _members(act.connection, incident_id)
        key = _source_key(incident_id, members, article_id, seq)
        if len(members) < 2:
            raise ReviewInputError("source", f"{incident_id} has one source only: there is nothing to split")
        _check_version(act, row, expect_version)
        _pin(act, incident_id, row["version"], every_report=True)  # as for a merge: kept after an undo
        act.remember(incident_id)
        report = dict(members)[key]
        new_id = _free_id(act.connection, merged_id([report]))
        act.remember(new_id)
        save_state(act.connection, ReviewState(new_id), act.at)
        anchor = [anchor for anchor in anchor_ids(act.connection, incident_id)
                  if anchored_keys(act.connection, [anchor]) == [key]]
        move_anchors(act.connection, anchor, new_id)
        plan = regroup(act.connection, act.store, [key for key, _ in members], command="review split",
                       author_name=act.author, at=act.at, prepare=lambda plan: _refresh_base(act, plan, [incident_id]))
        detail = {"source": {"article_id": key[0], "seq": key[1], "outlet": report.source.outlet,
                             "excerpt": report.source.excerpt}, "new": new_id,
                  "also_changed": _also(plan, {incident_id, new_id})}
        return _finish(act, "split", incident_id, new_id, detail,
                       f"the report of {key[0]} (#{key[1]}) is now incident {new_id}", [incident_id, new_id])


def _source_key(incident_id: str, members: list[Any], article_id: str, seq: int | None) -> tuple[str, int]:
    keys = [key for key, _ in members if key[0] == article_id and (seq is None or key[1] == seq)]
    held = ", ".join(f"{a}:{s}" for (a, s), _ in members)
    if not keys:
        raise ReviewInputError("source", f"{article_id}{'' if seq is None else f':{seq}'} is not a source of "
                                         f"{incident_id} (its sources: {held})")
    if len(keys) > 1:
        raise ReviewInputError("source", f"{article_id} tells {incident_id} {len(keys)} times: say which with "
                                         f"ARTICLE:SEQ ({', '.join(f'{a}:{s}' for a, s in keys)})")
    return keys[0]


def _free_id(connection: Connection, candidate: str) -> str:
    """``candidate``, or it with a number, so that no incident or review has it."""
    taken = DatabaseIncidents(connection).taken_ids([candidate, *(f"{candidate}-{n}" for n in range(2, 50))])
    number = 1
    found = candidate
    while found in taken:
        number += 1
        found = f"{candidate}-{number}"
    return found


def _refresh_base(act: _Act, plan: Plan, incident_ids: list[str]) -> None:
    """After a merge or split, a reviewed incident takes what the merge now makes of it as what
    the analyst saw (they just shaped it): its reviewed fields are not flagged for it."""
    made = {written.incident.incident_id: written.incident for written in plan.written}
    for incident_id in incident_ids:
        state = act.state(incident_id)
        if state is not None and state.base and incident_id in made:
            values = field_values(made[incident_id])
            state.base = {name: values[name] for name in state.base}
            save_state(act.connection, state, act.at)


def _also(plan: Plan, involved: set[str]) -> list[str]:
    """Other incidents the re-merge changed (reports that now join by the rules elsewhere)."""
    return sorted(({written.incident.incident_id for written in plan.written} | set(plan.removed)) - involved)


# ------------------------------------------------------------------ note


def add_note(store: Store, incident_id: str, text: str, *, author: str) -> ReviewResult:
    """A note on the incident (untrusted text: shown escaped). It never conflicts."""
    note = check_note(text)
    with _acting(store, author) as act:
        row = incident_row(act.connection, incident_id)
        act.remember(incident_id)
        _pin(act, incident_id, row["version"])
        return _finish(act, "note", incident_id, None, {"text": note}, f"note added to {incident_id}", [incident_id])


# ------------------------------------------------------------------ undo


def undo(store: Store, incident_id: str, *, author: str, change_id: int | None = None,
         expect_version: int | None = None) -> ReviewResult:
    """Undo the incident's last change that is not undone (or change ``change_id``): its parts
    go back to what they were, if no later change changed them again."""
    with _acting(store, author) as act:
        change = _change_to_undo(act.connection, incident_id, change_id)
        row = act.connection.execute(sa.select(incidents).where(incidents.c.id == incident_id)).mappings().first()
        if row is not None:
            _check_version(act, row, expect_version)
        if change.action == "split" and change.other_id:
            _refuse_later(act.connection, change, change.other_id)
        diff: dict[str, dict[str, dict[str, list[Any]]]] = change.detail.get("diff", {})
        current = {key: parts_of(act.connection, act.state(key)) for key in diff}
        for key, changed in diff.items():
            for part, sides in list(changed.items()):
                now_value = [current[key][part]] if part in current[key] else []
                if now_value == sides["after"]:
                    continue
                if change.action in _PINNING and part in ("row", "anchors") and not sides["before"]:
                    del changed[part]  # the review it began is kept: later changes hold the incident as it is
                    continue
                raise UndoError(f"change {change.id} ({change.action}) cannot be undone: {_part_name(part)} of "
                                    f"{key} was changed again by {_later(act.connection, key, part, change.id)}; "
                                    "undo that first")
        act.remember(*diff)
        # marked undone first: an undone note no longer keeps its incident's review
        act.connection.execute(sa.update(review_changes).where(review_changes.c.id == change.id).values(undone_by=-1))
        regrouped = _put_back(act, diff, current)
        if regrouped:
            regroup(act.connection, act.store, regrouped, command="review undo", author_name=act.author, at=act.at)
        message = f"change {change.id} ({change.action} by {change.author}) undone"
        result = _finish(act, "undo", change.incident_id, change.other_id,
                         {"undoes": change.id, "undone_action": change.action}, message,
                         [key for key in diff] + [change.incident_id])
        act.connection.execute(sa.update(review_changes).where(review_changes.c.id == change.id)
                               .values(undone_by=result.change_id))
        return result


def _change_to_undo(connection: Connection, incident_id: str, change_id: int | None) -> Any:
    column = review_changes.c
    involves = sa.or_(column.incident_id == incident_id, column.other_id == incident_id)
    if change_id is None:
        found = connection.execute(sa.select(review_changes).where(involves, column.undone_by.is_(None),
                                                                  column.action != "undo")
                                   .order_by(column.id.desc()).limit(1)).first()
        if found is None:
            raise UndoError(f"{incident_id} has no change left to undo")
        return found
    found = connection.execute(sa.select(review_changes).where(column.id == change_id)).first()
    if found is None or incident_id not in {found.incident_id, found.other_id, *found.detail.get("diff", {})}:
        raise UndoError(f"there is no change {change_id} of {incident_id} ('geodata review show {incident_id}' lists them)")
    if found.action == "undo":
        raise UndoError(f"change {change_id} is an undo, which cannot be undone: make the change again instead")
    if found.undone_by is not None:
        raise UndoError(f"change {change_id} was undone already (by change {found.undone_by})")
    return found


def _refuse_later(connection: Connection, change: Any, incident_id: str) -> None:
    """A split's own incident goes with its undo: not while later changes of it are in force."""
    column = review_changes.c
    later = connection.execute(sa.select(review_changes).where(
        column.id > change.id, column.undone_by.is_(None), column.action != "undo",
        sa.or_(column.incident_id == incident_id, column.other_id == incident_id)).order_by(column.id.desc())).first()
    if later is not None:
        raise UndoError(f"change {change.id} ({change.action}) cannot be undone: {incident_id}, which it made, has "
                        f"change {later.id} ({later.action} by {later.author}) since; undo that first")


def _part_name(part: str) -> str:
    if part.startswith("correction."):
        return f"the correction of {label(part)}"
    if part.startswith("base."):
        return f"the reviewed value of {label(part)}"
    return {"anchors": "the reports it holds", "row": "its review", "decision": "the decision",
            "merged_into": "the merge"}.get(part, part)


def _later(connection: Connection, incident_id: str, part: str, after: int) -> str:
    """The change after ``after`` that changed ``part`` of ``incident_id``'s review last: one
    still in force if there is one (that is the one to undo)."""
    column = review_changes.c
    rows = connection.execute(sa.select(review_changes).where(column.id > after).order_by(column.id.desc())).all()
    touching = [found for found in rows if part in found.detail.get("diff", {}).get(incident_id, {})]
    for found in sorted(touching, key=lambda found: (found.undone_by is not None or found.action == "undo", -found.id)):
        return f"change {found.id} ({found.action} by {found.author} at {found.at[:16].replace('T', ' ')})"
    return "a later change"


def _put_back(act: _Act, diff: Mapping[str, Mapping[str, Mapping[str, list[Any]]]],
              current: Mapping[str, Parts]) -> list[tuple[str, int]]:
    """Give each review the parts it had before the change; returns the reports whose
    group changed (to re-merge)."""
    targets: dict[str, Parts] = {}
    for key, changed in diff.items():
        target = dict(current[key])
        for part, sides in changed.items():
            if sides["before"]:
                target[part] = sides["before"][0]
            else:
                target.pop(part, None)
        targets[key] = target
    touched = {anchor for changed in diff.values() for sides in changed.get("anchors", {}).values()
               for listed in sides for anchor in listed}
    regrouped = anchored_keys(act.connection, touched) if any("anchors" in changed for changed in diff.values()) else []
    kept: set[int] = set()
    gone: list[str] = []
    for key, target in targets.items():
        content = any(part not in ("row", "anchors") for part in target)
        if "row" in target or content or _has_notes(act.connection, key):  # notes keep the incident as it is
            anchors: list[int] = list(target.get("anchors", current[key].get("anchors")) or [])
            version = load_states(act.connection, [key]).get(key, ReviewState(key)).incident_version
            save_state(act.connection, _state_from(key, target, version), act.at)
            move_anchors(act.connection, anchors, key)
            kept.update(anchors)
        else:
            gone.append(key)
    delete_anchors(act.connection, touched - kept)
    for key in gone:
        delete_state(act.connection, key)
    return regrouped


def _has_notes(connection: Connection, incident_id: str) -> bool:
    column = review_changes.c
    return connection.execute(sa.select(sa.func.count()).select_from(review_changes).where(
        column.incident_id == incident_id, column.action == "note", column.undone_by.is_(None))).scalar_one() > 0


def refuse_unknown_action(action: str) -> None:
    if action not in ACTIONS:
        raise ReviewError(f"unknown review action {action!r}; expected one of {', '.join(ACTIONS)}")
