"""``streamlit run`` with a pre-built incident table instead of reading a corpus (bench only).

The dashboard reads its table through ``geodata.load_incidents(corpus=...)``; it has no way
to take a ready table. This launcher, used by ``bench.app --app-source table``, replaces that
one function in the app's process by a reader of the pickle named in ``BENCH_TABLE``, then
starts Streamlit exactly as the ``streamlit`` command does. Nothing else changes: same pages,
same caches, same map.

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
    """Make ``geodata.load_incidents`` return the table pickled at ``path`` (read on first call)."""
    import geodata

    def load_incidents(corpus: Sequence[str | Path] | str | Path | None = None, *, with_control: bool = True,
                       ) -> pd.DataFrame:
        frame: Any = pd.read_pickle(path)
        frame.attrs.setdefault("problems", [])
        return frame

    geodata.load_incidents = load_incidents  # type: ignore[attr-defined]


def main() -> None:
    install(Path(os.environ[TABLE_ENV]))
    from streamlit.web.cli import main as streamlit_main

    sys.argv = ["streamlit", *sys.argv[1:]]
    streamlit_main(prog_name="streamlit")


if __name__ == "__main__":
    main()
