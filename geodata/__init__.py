"""Deir ez-Zor incident map: Arabic news reports to geocoded, source-linked incidents."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from geodata.datafiles import package_version

__version__ = package_version()
__all__ = ["load_articles", "load_gazetteer", "load_incidents"]

if TYPE_CHECKING:
    from geodata.corpus.articles import load_corpus as load_articles
    from geodata.places.gazetteer import load_gazetteer
    from geodata.store.corpus import load_incidents


def __getattr__(name: str) -> Any:
    # Imported on first use so that `python -m geodata validate` does not pay for pandas.
    if name == "load_incidents":
        from geodata.store.corpus import load_incidents

        return load_incidents
    if name == "load_articles":
        from geodata.corpus.articles import load_corpus

        return load_corpus
    if name == "load_gazetteer":
        from geodata.places.gazetteer import load_gazetteer

        return load_gazetteer
    raise AttributeError(name)
