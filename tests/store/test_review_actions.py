"""The analyst's actions on a store of the seeds, on SQLite and PostgreSQL: each one does what
it says, is kept in the history with its author, changes the incident's version, and leaves
everything unchanged when refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from geodata.review import (
    IncidentNotFoundError,
    Point,
    ReviewInputError,
    UndoError,
    add_note,
    confirm,
    correct,
    incident_review,
    merge,
    reject,
    review_counts,
    review_queue,
    split,
    undo,
)
from geodata.store.database import Store
from geodata.store.dump import export_lines
from geodata.store.ingest import ingest
from geodata.store.query import incident_table
from geodata.store.schema import incidents, review_changes
from geodata.table.filters import Filters

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def seeded(store: Store) -> Store:
    ingest([SEEDS], store=store)
    return store


def version(store: Store, incident_id: str) -> int:
    with store.reading() as connection:
        return int(connection.execute(sa.select(incidents.c.version).where(incidents.c.id == incident_id)).scalar_one())


def with_sources(store: Store, count: int = 2) -> list[str]:
    return [item.incident_id for item in review_queue(store, statuses=None) if item.n_sources >= count]


def snapshot(store: Store) -> list[str]:
    """Everything the store holds but the export's header (which has the time)."""
    return list(export_lines(store))[1:]


def test_confirm_keeps_the_values_and_changes_the_status_and_version(seeded: Store) -> None:
    item = review_queue(seeded)[0]
    result = confirm(seeded, item.incident_id, author="sara", expect_version=item.version)
    assert result.status == "confirmed" and result.versions == {item.incident_id: item.version + 1}
    review = incident_review(seeded, item.incident_id)
    assert review.status == "confirmed" and not review.flagged and review.corrected_fields == ()
    assert [(entry.author, entry.action) for entry in review.history if entry.by_analyst] == [("sara", "confirm")]
    assert all(source.held for source in review.sources)
    assert item.incident_id not in {queued.incident_id for queued in review_queue(seeded)}  # out of the queue
    assert review_counts(seeded)["confirmed"] == 1


def test_reject_hides_the_incident_by_default_and_undo_brings_it_back(seeded: Store) -> None:
    item = review_queue(seeded)[0]
    shown = set(incident_table(seeded, filters=Filters(), with_control=False)["incident_id"])
    reject(seeded, item.incident_id, author="sara")
    after = incident_table(seeded, filters=Filters(), with_control=False)
    assert set(after["incident_id"]) == shown - {item.incident_id}
    everything = incident_table(seeded, filters=Filters(review_statuses=None), with_control=False)
    assert item.incident_id in set(everything["incident_id"])
    only_rejected = incident_table(seeded, filters=Filters(review_statuses=("rejected",)), with_control=False)
    assert list(only_rejected["incident_id"]) == [item.incident_id]
    undo(seeded, item.incident_id, author="sara")
    assert set(incident_table(seeded, filters=Filters(), with_control=False)["incident_id"]) == shown
    assert incident_review(seeded, item.incident_id).status == "unreviewed"


def test_correct_sets_each_field_and_the_table_shows_the_analysts_values(seeded: Store) -> None:
    item = review_queue(seeded)[0]
    correct(seeded, item.incident_id, {
        "kind": "drone_attack", "location": "khasham", "launch_site": Point(35.25, 40.36), "date": "2023-04-10",
        "date_precision": "day", "time_of_day": "night", "killed": 2, "injured": 0,
        "actors_by": ["iran_backed_militias"], "actors_against": ["us_led_coalition", "sdf"]}, author="sara")
    row = incident_table(seeded, with_control=False).set_index("incident_id").loc[item.incident_id]
    assert (row["kind"], row["place_id"], row["killed"], row["injured"], str(row["time_of_day"])) == (
        "drone_attack", "khasham", 2, 0, "night")
    assert row["date"].date().isoformat() == "2023-04-10" and row["date_precision"] == "day"
    assert row["launch_id"] == "point:35.25000,40.36000" and "km from" in row["launch_name_en"]
    assert list(row["actors_against"]) == ["us_led_coalition", "sdf"]
    assert row["review_status"] == "corrected" and not row["flagged"]
    assert set(row["corrected_fields"]) == {"kind", "location", "launch_site", "date", "date_precision", "time_of_day",
                                            "killed", "injured", "actors_by", "actors_against"} - _unchanged(seeded, item)
    review = incident_review(seeded, item.incident_id)
    kind = next(field for field in review.fields if field.name == "kind")
    assert kind.corrected and kind.shown.startswith("Drone attack") and kind.extracted != kind.shown


def _unchanged(store: Store, item: object) -> set[str]:
    """Fields whose given value was what the incident had (they are not corrections)."""
    review = incident_review(store, item.incident_id)  # type: ignore[attr-defined]
    return {field.name for field in review.fields if not field.corrected}


def test_a_correction_can_be_cleared_and_undone_field_by_field(seeded: Store) -> None:
    item = review_queue(seeded)[0]
    first = correct(seeded, item.incident_id, {"killed": 5}, author="sara")
    correct(seeded, item.incident_id, {"kind": "armed_clash"}, author="omar")
    undo(seeded, item.incident_id, change_id=first.change_id, author="sara")  # an older change, another field
    review = incident_review(seeded, item.incident_id)
    assert review.corrected_fields == ("kind",)
    correct(seeded, item.incident_id, {}, clear=["kind"], author="sara")
    assert incident_review(seeded, item.incident_id).corrected_fields == ()
    with pytest.raises(ReviewInputError, match="kind: has no correction to clear"):
        correct(seeded, item.incident_id, {}, clear=["kind"], author="sara")


def test_undo_refuses_what_a_later_change_changed_again_and_names_it(seeded: Store) -> None:
    item = review_queue(seeded)[0]
    first = correct(seeded, item.incident_id, {"killed": 5}, author="sara")
    second = correct(seeded, item.incident_id, {"killed": 7}, author="omar")
    before = snapshot(seeded)
    with pytest.raises(UndoError, match=rf"correction of killed .* change {second.change_id} \(correct by omar"):
        undo(seeded, item.incident_id, change_id=first.change_id, author="sara")
    assert snapshot(seeded) == before
    undo(seeded, item.incident_id, author="sara")  # the last: killed goes back to 5
    assert incident_review(seeded, item.incident_id).incident.killed == 5
    with pytest.raises(UndoError, match="is an undo, which cannot be undone"):
        last = max(entry.change_id or 0 for entry in incident_review(seeded, item.incident_id).history)
        undo(seeded, item.incident_id, change_id=last, author="sara")
    with pytest.raises(UndoError, match="was undone already"):
        undo(seeded, item.incident_id, change_id=second.change_id, author="sara")
    undo(seeded, item.incident_id, author="sara")
    with pytest.raises(UndoError, match="no change left to undo"):
        undo(seeded, item.incident_id, author="sara")
    assert incident_review(seeded, item.incident_id).status == "unreviewed"


def test_merge_joins_two_incidents_and_undo_splits_them_again(seeded: Store) -> None:
    keep, other = [item.incident_id for item in review_queue(seeded)][:2]
    sources = {key: {source.key for source in incident_review(seeded, key).sources} for key in (keep, other)}
    correct(seeded, other, {"killed": 4}, author="omar")
    result = merge(seeded, keep, other, author="sara", expect_version=version(seeded, keep),
                   expect_other_version=version(seeded, other))
    merged = incident_review(seeded, keep)
    assert {source.key for source in merged.sources} >= sources[keep] | sources[other]
    assert merged.incident.killed == 4 and "killed" in merged.corrected_fields  # the other's correction came along
    assert merged.merged_from == [other]
    with pytest.raises(IncidentNotFoundError, match=f"was merged into {keep}") as found:
        incident_review(seeded, other)
    assert found.value.merged_into == keep
    assert "merged" in incident_review(seeded, keep).history[-1].summary
    undo(seeded, other, change_id=result.change_id, author="sara")  # from either side
    assert {source.key for source in incident_review(seeded, other).sources} == sources[other]
    assert {source.key for source in incident_review(seeded, keep).sources} == sources[keep]
    assert incident_review(seeded, other).incident.killed == 4


def test_split_gives_a_source_its_own_incident_and_undo_takes_it_back(seeded: Store) -> None:
    incident_id = with_sources(seeded)[0]
    sources = incident_review(seeded, incident_id).sources
    article_id = sources[-1].article_id
    result = split(seeded, incident_id, article_id, author="sara", expect_version=version(seeded, incident_id))
    assert result.other_id is not None
    assert [source.key for source in incident_review(seeded, result.other_id).sources] == [sources[-1].key]
    assert article_id not in {source.article_id for source in incident_review(seeded, incident_id).sources}
    assert "split out of" in incident_review(seeded, result.other_id).history[-1].summary
    undo(seeded, incident_id, author="sara")
    assert {source.key for source in incident_review(seeded, incident_id).sources} == {source.key for source in sources}
    with pytest.raises(IncidentNotFoundError):
        incident_review(seeded, result.other_id)


def test_split_needs_a_source_of_the_incident_and_more_than_one(seeded: Store) -> None:
    incident_id = with_sources(seeded)[0]
    alone = next(item.incident_id for item in review_queue(seeded) if item.n_sources == 1)
    before = snapshot(seeded)
    with pytest.raises(ReviewInputError, match="is not a source of"):
        split(seeded, incident_id, "no-such-article", author="sara")
    single = incident_review(seeded, alone).sources[0].article_id
    with pytest.raises(ReviewInputError, match="one source only"):
        split(seeded, alone, single, author="sara")
    assert snapshot(seeded) == before


def test_notes_are_kept_as_given_and_an_undone_note_is_marked(seeded: Store) -> None:
    item = review_queue(seeded)[0]
    text = "SOHR says <b>three</b> & more\nسقوط صواريخ قرب القاعدة"
    result = add_note(seeded, item.incident_id, text, author="sara")
    review = incident_review(seeded, item.incident_id)
    assert [note.note for note in review.notes] == [text]
    undo(seeded, item.incident_id, change_id=result.change_id, author="sara")
    assert incident_review(seeded, item.incident_id).notes == []
    with pytest.raises(ReviewInputError, match="note: is empty"):
        add_note(seeded, item.incident_id, "   ", author="sara")
    with pytest.raises(ReviewInputError, match=r"note: holds a control character \(U\+0000\)"):
        add_note(seeded, item.incident_id, "a\x00b", author="sara")


@pytest.mark.parametrize(("values", "message"), [
    ({"date": "2999-01-01"}, r"date: 2999-01-01 is in the future"),
    ({"date": "1990-05-01"}, r"date: 1990-05-01 is before the corpus's range, which starts on"),
    ({"date": "2023-04-30"}, r"date: 2023-04-30 is after the corpus's range, which ends on 2023-04-11"),
    ({"date": "10 April"}, r"date: '10 April' is not a date"),
    ({"killed": -3}, r"killed: -3 is negative"),
    ({"injured": "many"}, r"injured: 'many' is not a whole number"),
    ({"actors_by": ["martians"]}, r"actors_by: 'martians' is not a known actor; expected one of .*sdf"),
    ({"kind": "rocket"}, r"kind: 'rocket' is not one of rocket_attack, "),
    ({"location": "atlantis"}, r"location: 'atlantis' is not a gazetteer id"),
    ({"location": "damascus"}, r"location: Damascus \(damascus\) is outside the map's area \(eastern Syria"),
    ({"launch_site": Point(48.85, 2.35)}, r"launch_site: the point 48.85000, 2.35000 is outside the map's area"),
    ({"time_of_day": "teatime"}, r"time_of_day: 'teatime' is not one of dawn, "),
    ({"colour": "red"}, r"colour: is not a field an analyst corrects"),
    ({"date_precision": "day", "date": None}, r"date_precision: an unknown date has the precision 'unknown'"),
])
def test_a_bad_value_changes_nothing_and_says_which_field_and_why(seeded: Store, values: dict, message: str) -> None:
    item = review_queue(seeded)[0]
    before = snapshot(seeded)
    with pytest.raises(ReviewInputError, match=message):
        correct(seeded, item.incident_id, values, author="sara")
    assert snapshot(seeded) == before


def test_a_date_after_the_incidents_newest_source_is_refused(seeded: Store) -> None:
    # the seeds' articles were published on 2023-04-11: an incident they report cannot be later
    item = next(item for item in review_queue(seeded) if item.date == "2023-03-28")
    correct(seeded, item.incident_id, {"date": "2023-04-11"}, author="sara")
    with pytest.raises(ReviewInputError, match=r"after the corpus's range|after the newest source"):
        correct(seeded, item.incident_id, {"date": "2023-04-12"}, author="sara")


def test_nothing_to_change_is_said(seeded: Store) -> None:
    item = review_queue(seeded)[0]
    kind = incident_review(seeded, item.incident_id).incident.kind
    with pytest.raises(ReviewInputError, match="nothing to change"):
        correct(seeded, item.incident_id, {"kind": kind}, author="sara")


def test_an_unknown_incident_and_a_bad_author_are_refused(seeded: Store) -> None:
    with pytest.raises(IncidentNotFoundError, match="inc-nothing: no such incident"):
        confirm(seeded, "inc-nothing", author="sara")
    item = review_queue(seeded)[0]
    with pytest.raises(ReviewInputError, match="author: is empty"):
        confirm(seeded, item.incident_id, author=" ")
    with pytest.raises(ReviewInputError, match="author: holds a control character"):
        confirm(seeded, item.incident_id, author="sara\nroot")
    with pytest.raises(ReviewInputError, match="merged with itself"):
        merge(seeded, item.incident_id, item.incident_id, author="sara")


def test_every_change_is_logged_with_its_author_time_and_diff(seeded: Store) -> None:
    item = review_queue(seeded)[0]
    confirm(seeded, item.incident_id, author="sara")
    correct(seeded, item.incident_id, {"killed": 1}, author="omar")
    with seeded.reading() as connection:
        rows = connection.execute(sa.select(review_changes).order_by(review_changes.c.id)).all()
    assert [(row.author, row.action, row.incident_id) for row in rows] == [
        ("sara", "confirm", item.incident_id), ("omar", "correct", item.incident_id)]
    assert rows[0].at < rows[1].at
    assert rows[1].detail["diff"][item.incident_id]["correction.killed"] == {"before": [], "after": [1]}
    assert rows[1].detail["versions"] == {item.incident_id: item.version + 2}


def test_a_split_is_not_undone_while_its_new_incident_has_later_changes(seeded: Store) -> None:
    incident_id = with_sources(seeded)[0]
    article_id = incident_review(seeded, incident_id).sources[-1].article_id
    result = split(seeded, incident_id, article_id, author="sara")
    assert result.other_id is not None
    note = add_note(seeded, result.other_id, "a separate strike, says SOHR", author="omar")
    with pytest.raises(UndoError, match=rf"{result.other_id}, which it made, has change {note.change_id} \(note by omar\)"):
        undo(seeded, incident_id, change_id=result.change_id, author="sara")
    undo(seeded, result.other_id, change_id=note.change_id, author="omar")
    undo(seeded, incident_id, change_id=result.change_id, author="sara")
    assert article_id in {source.article_id for source in incident_review(seeded, incident_id).sources}
    with pytest.raises(IncidentNotFoundError):
        incident_review(seeded, result.other_id)


def test_undoing_a_merge_of_two_unreviewed_incidents_gives_both_back_under_their_ids(seeded: Store) -> None:
    keep, other = [item.incident_id for item in review_queue(seeded)][2:4]
    sources = {key: sorted(source.key for source in incident_review(seeded, key).sources) for key in (keep, other)}
    merge(seeded, keep, other, author="sara")
    undo(seeded, keep, author="sara")
    assert {key: sorted(source.key for source in incident_review(seeded, key).sources) for key in (keep, other)} == sources
    assert {incident_review(seeded, key).status for key in (keep, other)} == {"unreviewed"}
