"""One exception hierarchy for the library; every data error carries file, line and reason."""

from __future__ import annotations

from dataclasses import dataclass


class GeodataError(Exception):
    """Base class of every error the library raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """A problem found in an input file, reported instead of raised so other items still load."""

    file: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.reason}"

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "reason": self.reason}


class DataError(GeodataError, ValueError):
    """Invalid content in a data file or article, located by file and line."""

    def __init__(self, file: str, line: int | None, reason: str) -> None:
        self.problem = Problem(str(file), line, reason)
        super().__init__(str(self.problem))

    @property
    def file(self) -> str:
        return self.problem.file

    @property
    def line(self) -> int | None:
        return self.problem.line

    @property
    def reason(self) -> str:
        return self.problem.reason


class DataFileError(DataError):
    """A bundled or user data file (gazetteer, cue words, control layers) is invalid."""


class ArticleError(DataError):
    """An article cannot be loaded."""


class InputTooLargeError(GeodataError, ValueError):
    """Input exceeds a configured size limit."""
