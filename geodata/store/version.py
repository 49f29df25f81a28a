"""Which extractor and which merge rules made what the store holds.

The extractor's version is geodata's version plus a hash of the source of the modules that
extraction runs (``geodata.events.reports`` and every geodata module it imports, found by reading
their import statements) and of the language data under ``geodata/data``: editing a rule, a
cue word or a place gives a new version, and ``geodata reextract`` reads again the articles
read by another one. The merge rules get a version the same way.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

from geodata.datafiles import data_path, package_version
from geodata.store._pipeline import EXTRACT_MODULE, MERGE_MODULE

PACKAGE_DIR = Path(__file__).resolve().parents[1]
DATA_DIR = data_path("")
_SKIP_PREFIX = "geodata.store"


def _module_file(name: str) -> Path | None:
    """The source file of a geodata module, found without importing it (None: not a module)."""
    parts = name.split(".")[1:]
    base = PACKAGE_DIR.joinpath(*parts)
    for path in (base.with_suffix(".py") if parts else None, base / "__init__.py"):
        if path is not None and path.is_file():
            return path
    return None


_FROM_IMPORT = re.compile(r"^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]*)", re.MULTILINE)
_IMPORT = re.compile(r"^[ \t]*import[ \t]+([\w., \t]+)", re.MULTILINE)


def _imports(name: str, path: Path) -> set[str]:
    """The geodata modules that ``name`` imports (absolute and relative, at any depth), read
    from its import statements (parsing whole modules would take half a second)."""
    text = path.read_text(encoding="utf-8")
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for module in _IMPORT.findall(text):
        found |= {part.split(" as ")[0].strip() for part in module.split(",")}
    for module, names in _FROM_IMPORT.findall(text):
        level = len(module) - len(module.lstrip("."))
        base = module.lstrip(".")
        if level:
            parent = package.rsplit(".", level - 1)[0] if level > 1 else package
            base = f"{parent}.{base}" if base else parent
        found.add(base)
        found |= {f"{base}.{item.split(' as ')[0].strip()}" for item in names.strip("()").replace("\n", ",").split(",")
                  if item.strip()}
    return {module for module in found if module.split(".")[0] == "geodata" and not module.startswith(_SKIP_PREFIX)}


def module_closure(root: str) -> dict[str, Path]:
    """``root`` and every geodata module it imports, directly or not, with their files."""
    files: dict[str, Path] = {}
    pending = [root]
    while pending:
        name = pending.pop()
        if name in files:
            continue
        path = _module_file(name)
        if path is None:
            continue
        files[name] = path
        pending += sorted(_imports(name, path) - files.keys())
    return files


def _digest(files: list[tuple[str, Path]]) -> str:
    digest = hashlib.sha256()
    for label, path in sorted(files):
        digest.update(label.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


@cache
def extractor_version() -> str:
    """``<geodata version>+<hash of the extraction code and language data>``."""
    code = [(f"module:{name}", path) for name, path in module_closure(EXTRACT_MODULE).items()]
    data = [(f"data:{path.relative_to(DATA_DIR).as_posix()}", path)
            for path in DATA_DIR.rglob("*") if path.is_file() and not path.name.startswith(".")]
    return f"{package_version()}+{_digest(code + data)}"


@cache
def merge_version() -> str:
    """``<geodata version>+<hash of the merge code>``."""
    code = [(f"module:{name}", path) for name, path in module_closure(MERGE_MODULE).items()]
    return f"{package_version()}+{_digest(code)}"


@cache
def table_version() -> str:
    """``<geodata version>+<hash of the code that turns stored incidents into the table, and of
    the data it reads>``: a table kept on disk by another version is not read back."""
    code = [(f"module:{name}", path) for name, path in module_closure("geodata.table.frame").items()]
    code += [(f"module:{name}", path) for name, path in module_closure("geodata.places.control").items()]
    code += [(f"module:{name}", path) for name, path in module_closure("geodata.store.lean").items()]
    data = [(f"data:{path.relative_to(DATA_DIR).as_posix()}", path)
            for path in DATA_DIR.rglob("*") if path.is_file() and not path.name.startswith(".")]
    return f"{package_version()}+{_digest(code + data)}"
