"""Settings of the dashboard from its command line and environment (SPEC section 8).

    streamlit run dashboard.py -- --corpus DIR [DIR ...] --tiles osm|none|URL

or ``GEODATA_CORPUS`` (folders separated by ``os.pathsep``), ``GEODATA_USER_CORPUS`` (where
the Add report page saves; default ``<repo>/user_corpus``), ``GEODATA_TILES`` and
``GEODATA_ASSET_BASE``. The command line wins over the environment, which wins over defaults.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.report_form import corpus_includes
from geodata.corpus.articles import ARTICLE_SUFFIXES, JSONL_SUFFIXES
from geodata.datafiles import data_path
from geodata.errors import GeodataError
from geodata.views.map.tiles import check_tiles

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO_ROOT / "seeds"
DEFAULT_USER_CORPUS = REPO_ROOT / "user_corpus"
STATIC_DIR = REPO_ROOT / "static"
DATA_DIR = data_path("")
DEFAULT_ASSET_BASE = "/app/static"

Stamp = tuple[tuple[str, int, int], ...]


class ConfigError(GeodataError, ValueError):
    """A setting has a value the dashboard cannot use."""


@dataclass(frozen=True)
class Settings:
    """Where the articles are, which tiles to draw, where the map's scripts are served."""

    corpus: tuple[Path, ...]
    user_corpus: Path
    tiles: str = "osm"
    asset_base: str = DEFAULT_ASSET_BASE
    # True when no corpus was given: the seeds, and the user's folder once it exists
    corpus_is_default: bool = False

    def reads_user_corpus(self) -> bool:
        """Whether a report saved into ``user_corpus`` reaches the dashboard's table."""
        return self.corpus_is_default or corpus_includes(self.corpus, self.user_corpus)


def load_settings(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from ``argv`` (the arguments after ``--``) and ``environ`` (os.environ by default).

    Unknown arguments are ignored: Streamlit may pass its own. ConfigError names a bad value.
    """
    env = os.environ if environ is None else environ
    args = _parser().parse_known_args(list(argv or ()))[0]
    user_corpus = Path(env.get("GEODATA_USER_CORPUS") or DEFAULT_USER_CORPUS).expanduser()
    is_default = False
    if args.corpus:
        corpus = tuple(Path(path).expanduser() for path in args.corpus)
    elif env.get("GEODATA_CORPUS"):
        corpus = tuple(Path(path).expanduser() for path in env["GEODATA_CORPUS"].split(os.pathsep) if path.strip())
    else:
        corpus, is_default = default_corpus(user_corpus), True
    try:
        tiles = check_tiles(args.tiles or env.get("GEODATA_TILES") or "osm")
    except ValueError as error:
        raise ConfigError(f"GEODATA_TILES / --tiles: {error}") from None
    asset_base = env.get("GEODATA_ASSET_BASE") or DEFAULT_ASSET_BASE
    if not asset_base.startswith("/") or asset_base.startswith("//"):
        raise ConfigError(f"GEODATA_ASSET_BASE must be a path on this server such as /app/static; got {asset_base!r}")
    return Settings(corpus=corpus, user_corpus=user_corpus, tiles=tiles, asset_base=asset_base.rstrip("/"),
                    corpus_is_default=is_default)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dashboard.py", add_help=False)
    parser.add_argument("--corpus", nargs="+", action="extend", metavar="DIR", help="article folders or files")
    parser.add_argument("--tiles", help="osm, none, or a tile URL template with {z}/{x}/{y}")
    return parser


def default_corpus(user_corpus: Path) -> tuple[Path, ...]:
    """The seeds, plus the user's corpus folder once it exists (the Add report page creates it)."""
    return (SEEDS_DIR, user_corpus) if user_corpus.is_dir() else (SEEDS_DIR,)


def ensure_user_corpus(settings: Settings) -> Path:
    """Create the user's corpus folder on demand and return it."""
    settings.user_corpus.mkdir(parents=True, exist_ok=True)
    return settings.user_corpus


def corpus_stamp(paths: Iterable[Path]) -> Stamp:
    """(path, mtime, size) of every article file under ``paths`` and of the bundled data:
    a cache key that changes whenever a report is added, edited or removed."""
    entries: list[tuple[str, int, int]] = []
    for path in (*paths, DATA_DIR):
        entries += _stamp_of(Path(path))
    return tuple(sorted(entries))


def _stamp_of(path: Path) -> list[tuple[str, int, int]]:
    if path.is_file():
        stat = path.stat()
        return [(str(path), stat.st_mtime_ns, stat.st_size)]
    if not path.is_dir():
        return [(str(path), -1, -1)]
    suffixes = ARTICLE_SUFFIXES | JSONL_SUFFIXES | {".csv", ".yaml", ".geojson"}
    stat = path.stat()
    files = [(str(child), child.stat().st_mtime_ns, child.stat().st_size)
             for child in path.rglob("*") if child.suffix.lower() in suffixes and child.is_file()]
    return [(str(path), stat.st_mtime_ns, 0), *files]
