"""The README documents every incident kind, export format and command (STYLE item 10): a
test fails when one is added to the code without a word in the docs."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from geodata.cli import build_parser
from geodata.events.kinds import INCIDENT_KINDS
from geodata.table.exporters import EXPORTERS

README = Path(__file__).resolve().parent.parent / "README.md"


@lru_cache(maxsize=1)
def code_in_readme() -> str:
    """The README's code: fenced blocks and inline `code` (prose words do not count)."""
    assert README.exists(), "README.md is missing"
    text = README.read_text(encoding="utf-8")
    fenced = re.findall(r"```[^\n]*\n(.*?)```", text, flags=re.S)
    without_fences = re.sub(r"```.*?```", " ", text, flags=re.S)
    inline = re.findall(r"`([^`\n]+)`", without_fences)
    return "\n".join(fenced + inline)


def documented(word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", code_in_readme()) is not None


def cli_commands() -> list[str]:
    parser = build_parser()
    [subparsers] = [action for action in parser._actions if action.__class__.__name__ == "_SubParsersAction"]
    return sorted(subparsers.choices)


def test_the_cli_has_the_commands_of_the_spec() -> None:
    assert {"extract", "geocode", "export", "control", "validate"} <= set(cli_commands())


@pytest.mark.parametrize("kind", INCIDENT_KINDS)
def test_every_incident_kind_is_documented(kind: str) -> None:
    assert documented(kind), f"incident kind `{kind}` is not in README.md"


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_every_export_format_is_documented(fmt: str) -> None:
    assert documented(fmt), f"export format `{fmt}` is not in README.md"


@pytest.mark.parametrize("command", cli_commands())
def test_every_cli_command_is_documented(command: str) -> None:
    assert documented(command), f"command `{command}` is not in README.md"
