"""The map's layers, one small class each, registered in drawing order (STYLE item 3).

Importing the modules below fills ``LAYERS``: context first (river, control), then the
incident layers, strikes last so they sit on top.
"""

from __future__ import annotations

from geodata.views.map.layers import context as _context  # noqa: F401  (registers layers)
from geodata.views.map.layers import incidents as _incidents  # noqa: F401  (registers layers)
from geodata.views.map.layers.base import CLUSTER_THRESHOLD, LAYERS, LayerContext, MapLayer, register

__all__ = ["CLUSTER_THRESHOLD", "LAYERS", "LayerContext", "MapLayer", "register"]
