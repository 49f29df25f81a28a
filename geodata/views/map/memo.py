"""Values worked out once per object that does not change (the bundled gazetteer's places, the
river and border lines): the map's fixed layers are the same on every page, so their JSON is
made once, not on every build.

Entries are found by the identity of their source and hold it, so an entry never answers for
another object that later takes the same ``id``. The few newest are kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
SIZE = 32

_entries: OrderedDict[tuple[str, int], tuple[object, Any]] = OrderedDict()
_lock = threading.Lock()


def once_per(name: str, source: object, make: Callable[[], T]) -> T:
    """``make()`` the first time ``name`` is asked for with this very ``source`` object, the
    same value after (while it is among the ``SIZE`` newest entries)."""
    key = (name, id(source))
    with _lock:
        entry = _entries.get(key)
        if entry is not None and entry[0] is source:
            _entries.move_to_end(key)
            value: T = entry[1]
            return value
    value = make()
    with _lock:
        _entries[key] = (source, value)
        while len(_entries) > SIZE:
            _entries.popitem(last=False)
    return value
