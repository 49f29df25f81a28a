"""``streamlit run`` with a pre-built incident table instead of reading a corpus (bench only).

The dashboard ingests its corpus into the store and serves the store's table
(``geodata.store.corpus.ingest_corpus`` and ``served_table``); it has no way to take a ready
table. This launcher, used by ``bench.app --app-source table``, replaces those two functions in
the app's process (ingesting nothing, serving the pickle named in ``BENCH_TABLE``), then starts
Streamlit exactly as the ``streamlit`` command does. Nothing else changes: same pages, same
caches, same map.

    BENCH_TABLE=incidents.pkl python -m bench.apphost run dashboard.py --server.port 8601
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

TABLE_ENV = "BENCH_TABLE"


def install(path: Path) -> None:
    """Make the dashboard serve the table pickled at ``path`` (read on first call), ingesting nothing."""
    import geodata.store.corpus as served

    def served_table(store: Any, *, with_control: bool = True) -> pd.DataFrame:
        frame: Any = pd.read_pickle(path)
        frame.attrs.setdefault("problems", [])
        return frame

    def ingest_corpus(corpus: Sequence[str | Path] | str | Path | None, *, store: Any, jobs: int = 1,
                      progress: bool | None = None) -> served.StoredCorpus:
        return served.StoredCorpus()

    served.served_table = served_table  # type: ignore[assignment]
    served.ingest_corpus = ingest_corpus  # type: ignore[assignment]


def main() -> None:
    install(Path(os.environ[TABLE_ENV]))
    from streamlit.web.cli import main as streamlit_main

    sys.argv = ["streamlit", *sys.argv[1:]]
    streamlit_main(prog_name="streamlit")


if __name__ == "__main__":
    main()
