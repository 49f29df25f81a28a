"""Who makes a change: ``--author``, else ``GEODATA_AUTHOR``, else the operating system's user."""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping

from geodata.review.checks import check_author
from geodata.review.errors import ReviewInputError

ENV_AUTHOR = "GEODATA_AUTHOR"


def resolve_author(given: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The author of a change (checked: one line of text)."""
    env = os.environ if environ is None else environ
    for candidate in (given, env.get(ENV_AUTHOR)):
        if candidate is not None and candidate.strip():
            return check_author(candidate)
    try:
        return check_author(getpass.getuser())
    except (OSError, KeyError, ReviewInputError):
        raise ReviewInputError("author", f"no author: pass --author NAME or set {ENV_AUTHOR}") from None
