"""Why a fetch failed, in words a user can act on; ``permanent`` says whether to try again."""

from __future__ import annotations

from geodata.errors import GeodataError


class FetchError(GeodataError):
    """A URL could not be fetched or used. ``permanent`` is False for what may pass (5xx, timeouts)."""

    permanent = True

    def __init__(self, reason: str, *, permanent: bool | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        if permanent is not None:
            self.permanent = permanent


class BlockedError(FetchError):
    """Refused before or while connecting: a scheme, an address, a redirect or robots.txt."""


class TooLargeError(FetchError):
    """The response is larger than the cap."""


class HttpStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason, permanent=status < 500 and status not in (408, 429))
        self.status = status


class TransientError(FetchError):
    """A timeout or a network error: the next round may succeed."""

    permanent = False
