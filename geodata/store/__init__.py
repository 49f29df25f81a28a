"""The store (SPEC section 11): articles, reports, incidents and their history in a database.

    from geodata.store import open_store, ingest, incident_table

    store = open_store()                 # GEODATA_DATABASE_URL, or the user's SQLite file
    ingest(["seeds"], store=store, jobs=2)
    frame = incident_table(store, filters=Filters(kinds=("airstrike",)))

Modules: ``database`` (where the store is, opening, schema revisions), ``schema`` and
``migrations`` (the tables), ``ingest`` and ``writer`` (batches into the store),
``extraction`` (reading on several processes), ``partition`` and ``remerge`` (the merge and
the incremental re-merge), ``stored`` (the database side of the re-merge), ``reviewed`` (the
analyst's reviews as the store keeps them: anchors found again after a re-extraction, the
reviewed values laid over the extraction, the flag), ``query`` (the table with filters),
``dump`` (export and import), ``cli`` (the commands). The analyst's actions are in
``geodata.review``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["BoundingBox", "Circle", "IngestResult", "Store", "StoreError", "export_store", "import_store", "incident_table",
           "ingest", "ingest_articles", "open_store", "reextract", "store_info", "stored_incidents"]

if TYPE_CHECKING:
    from geodata.store.database import Store, open_store, store_info
    from geodata.store.dump import export_store, import_store
    from geodata.store.errors import StoreError
    from geodata.store.ingest import IngestResult, ingest, ingest_articles, reextract
    from geodata.store.query import BoundingBox, Circle, incident_table, stored_incidents

_WHERE = {
    "Store": "database", "open_store": "database", "store_info": "database", "export_store": "dump",
    "import_store": "dump", "StoreError": "errors", "IngestResult": "ingest", "ingest": "ingest",
    "ingest_articles": "ingest", "reextract": "ingest", "BoundingBox": "query", "Circle": "query",
    "incident_table": "query", "stored_incidents": "query",
}


def __getattr__(name: str) -> Any:
    # imported on first use: `geodata --help` should not pay for SQLAlchemy and the extractor
    if name not in _WHERE:
        raise AttributeError(name)
    from importlib import import_module

    return getattr(import_module(f"geodata.store.{_WHERE[name]}"), name)
