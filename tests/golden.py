"""Golden files: compare an output with the reviewed copy kept under ``tests/golden``.

    def test_something(golden: Golden) -> None:
        golden.check("name.ext", output)                    # str or UTF-8 bytes
        golden.check("map.html", html, normalize=folium_ids)  # volatile parts replaced first

Without the update flag a difference fails with a unified diff (the first ``DIFF_LINES`` lines,
long lines clipped around the first changed column) and a missing file fails with the command
that creates it. With the flag (``pytest --update-golden`` or ``GEODATA_UPDATE_GOLDEN=1``) a
missing or different file is written and the test still FAILS, naming the files it changed and
asking for a review of ``git diff tests/golden``: a regeneration can never turn a failing
comparison into a passing one. A file that already matches is left alone and passes.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

GOLDEN_DIR = Path(__file__).parent / "golden"
UPDATE_ENV = "GEODATA_UPDATE_GOLDEN"
UPDATE_OPTION = "--update-golden"
DIFF_LINES = 60  # lines of diff shown in a failure message
LINE_WIDTH = 200  # a longer diff line is clipped around its first change
CONTEXT = 3  # unchanged lines around each change

_FOLIUM_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")


def update_requested(option: bool, environ: Mapping[str, str]) -> bool:
    """True when ``--update-golden`` is given or ``GEODATA_UPDATE_GOLDEN`` is set to a true value."""
    value = environ.get(UPDATE_ENV, "").strip().lower()
    return option or value not in ("", "0", "false", "no", "off")


def folium_ids(text: str) -> str:
    """folium/branca name every element ``<kind>_<32 random hex digits>``: number them ``id1``,
    ``id2``, ... in order of first appearance, so the page is the same on every run and a change
    of which element refers to which still shows."""
    seen: dict[str, str] = {}
    return _FOLIUM_ID.sub(lambda found: seen.setdefault(found.group(), f"id{len(seen) + 1}"), text)


def html_lines(text: str) -> str:
    """One tag a line (a break between ``><``), so a diff of HTML written on one line is readable."""
    return text.replace("><", ">\n<")


def _clip(line: str, column: int, width: int = LINE_WIDTH) -> str:
    if len(line) <= width:
        return line
    start = max(0, min(column - width // 4, len(line) - width))
    head = f"…[{start} chars] " if start else ""
    tail = f" …[{len(line) - start - width} chars]" if start + width < len(line) else ""
    return head + line[start:start + width] + tail


def _first_difference(first: str, second: str) -> int:
    for column, (a, b) in enumerate(zip(first, second, strict=False)):
        if a != b:
            return column
    return min(len(first), len(second))


def unified_diff(expected: str, actual: str, *, name: str = "", limit: int = DIFF_LINES) -> tuple[list[str], int]:
    """The unified diff from ``expected`` to ``actual``, at most ``limit`` lines (each clipped to
    ``LINE_WIDTH`` characters around the first column that changed), and the number of lines
    left out."""
    old, new = expected.splitlines(), actual.splitlines()
    out = [f"--- {name} (golden)", f"+++ {name} (this run)"]
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for group in matcher.get_grouped_opcodes(CONTEXT):
        first, last = group[0], group[-1]
        out.append(f"@@ -{first[1] + 1},{last[2] - first[1]} +{first[3] + 1},{last[4] - first[3]} @@")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(" " + _clip(line, 0) for line in old[i1:i2])
                continue
            removed, added = old[i1:i2], new[j1:j2]
            # a changed line is clipped around the column where it differs from its counterpart
            columns = [_first_difference(a, b) for a, b in zip(removed, added, strict=False)]
            out.extend("-" + _clip(line, columns[k] if k < len(columns) else 0) for k, line in enumerate(removed))
            out.extend("+" + _clip(line, columns[k] if k < len(columns) else 0) for k, line in enumerate(added))
    if len(out) == 2 and expected != actual:  # the lines are the same: only line endings or the last newline differ
        crlf = "\r\n"
        out.append(f"(same lines; line endings or the final newline differ: golden ends {expected[-2:]!r} and has "
                   f"CRLF: {crlf in expected}; this run ends {actual[-2:]!r} and has CRLF: {crlf in actual})")
    return out[:limit], max(0, len(out) - limit)


class Golden:
    """Golden files in ``directory``; ``update``: write what differs (and fail)."""

    def __init__(self, directory: Path = GOLDEN_DIR, *, update: bool = False, diff_lines: int = DIFF_LINES,
                 test_id: str = "") -> None:
        self.directory = directory
        self.update = update
        self.diff_lines = diff_lines
        self.test_id = test_id  # named in the command a failure suggests

    def _update_command(self) -> str:
        target = f"'{self.test_id}'" if self.test_id else "<this test>"
        return f"python -m pytest {target} {UPDATE_OPTION}   (or {UPDATE_ENV}=1)"

    def path(self, name: str) -> Path:
        path = (self.directory / name).resolve()
        if not path.is_relative_to(self.directory.resolve()):
            raise ValueError(f"golden file name {name!r} leaves {self.directory}")
        return path

    def _shown(self, path: Path) -> str:
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)

    def check(self, name: str, actual: str | bytes, *, normalize: Callable[[str], str] | None = None) -> None:
        """Pass when ``actual`` (after ``normalize``) equals the golden file ``name``; otherwise fail
        with the diff, writing the file first when an update was asked for."""
        text = actual.decode("utf-8") if isinstance(actual, bytes) else actual
        if normalize is not None:
            text = normalize(text)
        path = self.path(name)
        shown = self._shown(path)
        expected = path.read_bytes().decode("utf-8") if path.exists() else None
        if expected == text:
            return
        if not self.update:
            if expected is None:
                pytest.fail(f"golden file {shown} does not exist. Create it with\n    {self._update_command()}\n"
                            f"then read it before committing it.", pytrace=False)
            diff, left_out = unified_diff(expected, text, name=shown, limit=self.diff_lines)
            more = f"\n… {left_out} more diff lines" if left_out else ""
            pytest.fail(f"output differs from the golden file {shown}:\n" + "\n".join(diff) + more +
                        f"\nIf the change is intended, rewrite the file with\n    {self._update_command()}\n"
                        f"and review `git diff {self._shown(self.directory)}`.", pytrace=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        if expected is None:
            pytest.fail(f"golden file {shown} was CREATED ({len(text.splitlines())} lines). Review it "
                        f"(`git status {self._shown(self.directory)}`, then read the file) and commit it; "
                        f"the test passes on the next run without {UPDATE_OPTION}.", pytrace=False)
        diff, left_out = unified_diff(expected, text, name=shown, limit=self.diff_lines)
        changed = sum(1 for line in diff[2:] if line[:1] in "+-")
        more = f"\n… {left_out} more diff lines" if left_out else ""
        pytest.fail(f"golden file {shown} was REWRITTEN ({changed}{'+' if left_out else ''} lines changed):\n"
                    + "\n".join(diff) + more +
                    f"\nReview the change with `git diff {self._shown(self.directory)}` and commit it if it is "
                    f"intended; the test passes on the next run without {UPDATE_OPTION}.", pytrace=False)
