"""The analyst's review (SPEC section 12): actions on the store, what they show, their checks.

    from geodata.store import open_store
    from geodata.review import confirm, correct, Point, review_queue

    store = open_store()
    item = review_queue(store)[0]
    correct(store, item.incident_id, {"kind": "airstrike", "location": Point(35.2, 40.4)},
            author="sara", expect_version=item.version)

Modules: ``actions`` (confirm, reject, correct, merge, split, note, undo: each one
transaction), ``reading`` (the queue, one incident with its sources and history, the form's
choices), ``checks`` (what an analyst may give), ``fields`` (values for people), ``author``,
``errors``, ``cli`` (``geodata review``). The store's side (review rows, anchors, the reviewed
values laid over the extraction, the merge with the analyst's groups) is in ``geodata.store``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["ConflictError", "IncidentNotFoundError", "IncidentReview", "Point", "QueueItem", "ReviewError",
           "ReviewInputError", "ReviewPanel", "ReviewResult", "UndoError", "add_note", "confirm", "correct",
           "incident_review", "merge", "reject", "resolve_author", "review_choices", "review_counts", "review_panel",
           "review_queue", "review_stamp", "search_places", "split", "undo"]

if TYPE_CHECKING:
    from geodata.review.actions import ReviewResult, add_note, confirm, correct, merge, reject, split, undo
    from geodata.review.author import resolve_author
    from geodata.review.checks import Point
    from geodata.review.errors import ConflictError, IncidentNotFoundError, ReviewError, ReviewInputError, UndoError
    from geodata.review.reading import (
        IncidentReview,
        QueueItem,
        ReviewPanel,
        incident_review,
        review_choices,
        review_counts,
        review_panel,
        review_queue,
        review_stamp,
        search_places,
    )

_WHERE = {
    **dict.fromkeys(("ReviewResult", "add_note", "confirm", "correct", "merge", "reject", "split", "undo"), "actions"),
    "resolve_author": "author", "Point": "checks",
    **dict.fromkeys(("ConflictError", "IncidentNotFoundError", "ReviewError", "ReviewInputError", "UndoError"), "errors"),
    **dict.fromkeys(("IncidentReview", "QueueItem", "ReviewPanel", "incident_review", "review_choices", "review_counts",
                     "review_panel", "review_queue", "review_stamp", "search_places"), "reading"),
}


def __getattr__(name: str) -> Any:
    # imported on first use, like geodata.store: the command line's parser stays light
    if name not in _WHERE:
        raise AttributeError(name)
    from importlib import import_module

    return getattr(import_module(f"geodata.review.{_WHERE[name]}"), name)
