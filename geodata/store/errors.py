"""The store's errors: each says which database, what is wrong and what to do."""

from __future__ import annotations

from geodata.errors import GeodataError  # light: the CLI's parser loads this module


class StoreError(GeodataError, RuntimeError):
    """The store cannot be used as it is; the message names it, the reason and a way out."""

    def __init__(self, where: str, reason: str, advice: str = "") -> None:
        self.where, self.reason, self.advice = where, reason, advice
        super().__init__(f"{where}: {reason}" + (f"; {advice}" if advice else ""))
