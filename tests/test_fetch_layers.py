"""geodata.ingest sits at the end of the library: it never imports Streamlit or the app layer,
and the rest of the library does not import it (only the command line registers `fetch`)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INGEST = sorted((ROOT / "geodata" / "ingest").glob("*.py"))


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", INGEST, ids=lambda path: path.name)
def test_ingest_never_imports_streamlit_or_the_app(path: Path) -> None:
    for name in imported(path):
        assert name.split(".")[0] not in {"streamlit", "app", "pages", "streamlit_folium", "folium"}, f"{path.name} imports {name}"


def test_only_the_command_line_imports_ingest() -> None:  # (validate checks the outlets file too)
    users = [path.relative_to(ROOT).as_posix() for path in (ROOT / "geodata").rglob("*.py")
             if "ingest" not in path.parts and any(name.startswith("geodata.ingest") for name in imported(path))]
    assert users == ["geodata/cli.py"]


def test_the_command_line_does_not_load_the_fetch_libraries_until_fetch_runs() -> None:
    import subprocess
    import sys

    code = "import sys, geodata.cli; geodata.cli.build_parser(); print(sorted(m for m in ('httpx', 'feedparser', 'trafilatura') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
