"""The review's errors: each names the incident or field, what is wrong and what to do.

All are ``GeodataError`` (the command line prints them as one line) and ``ValueError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from geodata.errors import GeodataError


class ReviewError(GeodataError, ValueError):
    """A review action that cannot be done as asked; nothing was changed."""


class ReviewInputError(ReviewError):
    """A value an analyst gave is not acceptable: ``field`` names it, ``reason`` says why."""

    def __init__(self, field: str, reason: str) -> None:
        self.field, self.reason = field, reason
        super().__init__(f"{field}: {reason}")


class IncidentNotFoundError(ReviewError):
    """No incident has this id (``merged_into``: an analyst merged it into that one)."""

    def __init__(self, incident_id: str, reason: str, merged_into: str | None = None) -> None:
        self.incident_id, self.merged_into = incident_id, merged_into
        super().__init__(f"{incident_id}: {reason}")


class ConflictError(ReviewError):
    """The incident changed since the version the analyst edited: ``current`` holds its values
    now (field -> readable value) and ``changed_by`` who changed it last, and when."""

    def __init__(self, incident_id: str, expected: int, version: int, current: Mapping[str, Any],
                 changed_by: str) -> None:
        self.incident_id, self.expected, self.version = incident_id, expected, version
        self.current, self.changed_by = dict(current), changed_by
        values = "; ".join(f"{name} {value}" for name, value in self.current.items())
        super().__init__(f"{incident_id} changed since you opened it (you edited version {expected}, it is now at "
                         f"version {version}, {changed_by}); nothing was saved. Its values now: {values}. "
                         "Look at them and make your change again if it still holds")


class UndoError(ReviewError):
    """A change that cannot be undone (already undone, or later changes build on it)."""
