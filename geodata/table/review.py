"""What the table knows of the analyst's review (SPEC section 12): each incident's status,
the fields an analyst corrected, and whether a new extraction disagrees with the review."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

REVIEW_STATUSES = ("unreviewed", "confirmed", "corrected", "rejected")
REVIEWED = ("confirmed", "corrected")  # what ``export --reviewed-only`` keeps
SHOWN_BY_DEFAULT = ("unreviewed", "confirmed", "corrected")  # rejected incidents are hidden
REVIEW_STATUS_LABELS = {"unreviewed": "Unreviewed", "confirmed": "Confirmed", "corrected": "Corrected",
                        "rejected": "Rejected"}
FLAG_TEXT = "extraction changed since review"


@dataclass(frozen=True)
class ReviewMark:
    """An incident's review as the table shows it. ``changed_fields``: the reviewed fields (and
    ``sources``) where the latest extraction differs from what the analyst reviewed."""

    status: str = "unreviewed"
    corrected_fields: tuple[str, ...] = ()
    changed_fields: tuple[str, ...] = ()

    @property
    def flagged(self) -> bool:
        return bool(self.changed_fields)

    def as_dict(self) -> dict[str, Any]:
        return {"status": self.status, "corrected_fields": list(self.corrected_fields),
                "changed_fields": list(self.changed_fields)}

    @classmethod
    def from_dict(cls, record: Mapping[str, Any] | None) -> ReviewMark:
        if not record:
            return cls()
        return cls(str(record.get("status") or "unreviewed"), tuple(record.get("corrected_fields") or ()),
                   tuple(record.get("changed_fields") or ()))


UNREVIEWED = ReviewMark()
