"""Reading the bundled data files (YAML and CSV under ``geodata/data``) with line numbers.

Validation errors name the file and line so a contributor editing the data can fix it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from importlib import metadata, resources
from pathlib import Path
from typing import Any, cast

import yaml

from geodata.errors import DataFileError

LINE_KEY = "__line__"


def package_version() -> str:
    """The installed package's version (pyproject.toml is its one home)."""
    try:
        return metadata.version("geodata")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "0+unknown"


def data_path(name: str) -> Path:
    """Filesystem path of a bundled data file."""
    return Path(str(resources.files("geodata") / "data" / name))


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that records, in each mapping, the line it starts on."""


def _construct_mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = cast(dict[str, Any], loader.construct_mapping(node, deep=True))
    mapping[LINE_KEY] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping_with_line
)


def load_yaml(path: Path) -> dict[str, Any]:
    """Parse a YAML data file whose top level is a mapping; mappings carry ``__line__``."""
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=_LineLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataFileError(str(path), line, f"not valid YAML: {error}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise DataFileError(str(path), None, f"cannot read: {error}") from error
    if not isinstance(data, dict):
        raise DataFileError(str(path), 1, "expected a mapping at the top level")
    return data


def line_of(item: object) -> int | None:
    return item.get(LINE_KEY) if isinstance(item, Mapping) else None


def require_list(path: Path, data: Mapping[str, Any], key: str) -> list[Any]:
    """``data[key]`` as a non-empty list, or a DataFileError naming the file and line."""
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise DataFileError(str(path), line_of(data), f"'{key}' must be a non-empty list")
    return value


def require_strings(path: Path, item: Mapping[str, Any], key: str) -> list[str]:
    """``item[key]`` as a non-empty list of non-empty strings."""
    value = item.get(key)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(
        isinstance(entry, str) and entry.strip() for entry in value
    ):
        raise DataFileError(
            str(path), line_of(item), f"'{key}' must be a non-empty list of non-empty strings"
        )
    return value


def read_csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a UTF-8 CSV file as dicts, each with the line number where the row starts."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise DataFileError(str(path), None, f"cannot read: {error}") from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames is None:
        raise DataFileError(str(path), 1, "empty file: expected a header row")
    previous_line = reader.line_num
    for row in reader:
        yield previous_line + 1, row
        previous_line = reader.line_num


def csv_header(path: Path) -> list[str]:
    """The header row of a CSV file."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle), [])
