"""What every map layer shares: the context it draws from, the interface, the registry."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pandas as pd

from geodata.places.gazetteer import Place
from geodata.table.filters import Near
from geodata.views.map.elements import DataLayer, LayerData
from geodata.views.map.packed import size

# Above this many point features, Leaflet.markercluster groups them (the DOM stays small).
CLUSTER_THRESHOLD = 300


@dataclass(frozen=True)
class LayerContext:
    """Everything a layer may draw: the filtered table, control layers, the gazetteer's places
    (bases and facilities, settlements to name), the place searched around."""

    frame: pd.DataFrame
    control: dict[str, Any] | None = None
    facilities: tuple[Place, ...] = ()
    reference: tuple[dict[str, Any], ...] = field(default=())
    cluster_threshold: int = CLUSTER_THRESHOLD
    near: Near | None = None
    # what several layers compute from the same frame (the incident markers), computed once
    memo: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def once(self, name: str, compute: Callable[[], Any]) -> Any:
        """``compute()`` the first time ``name`` is asked for, the same value after."""
        if name not in self.memo:
            self.memo[name] = compute()
        return self.memo[name]


class MapLayer(ABC):
    """One toggleable layer of the map. Subclasses set ``name`` (registry key), ``title``
    (shown in the layer control) and ``show`` (on when the map opens)."""

    name: ClassVar[str]
    title: ClassVar[str]
    show: ClassVar[bool] = True
    # Drawn from bundled data alone (never from the incident table or the control date): the
    # same under every filter, so the app keeps it on the map while the filters change.
    fixed: ClassVar[bool] = False

    @abstractmethod
    def build(self, context: LayerContext) -> DataLayer | None:
        """The folium layer, or None when there is nothing to draw."""

    def legend(self, context: LayerContext) -> list[str]:
        """Rows of escaped HTML for the legend (none by default)."""
        return []

    def layer(self, features: list[dict[str, Any]], *, renderer: str, options: dict[str, Any]) -> DataLayer | None:
        """A DataLayer of ``features`` under this layer's title, or None when there are none."""
        if not features:
            return None
        data = {"type": "FeatureCollection", "features": features}
        return DataLayer(data, renderer=renderer, options=options, name=self.title, show=self.show)

    def fixed_layer(self, data: LayerData, *, renderer: str, options: dict[str, Any]) -> DataLayer | None:
        """A DataLayer of data already made (``fixed_data``), or None when it holds nothing."""
        if not data.count:
            return None
        return DataLayer(data, renderer=renderer, options=options, name=self.title, show=self.show)

    def packed(self, data: dict[str, Any] | None, *, renderer: str, options: dict[str, Any]) -> DataLayer | None:
        """A DataLayer of packed ``data`` (``geodata.views.map.packed``) under this layer's
        title, or None when there is none."""
        if data is None or not size(data):
            return None
        return DataLayer(data, renderer=renderer, options=options, name=self.title, show=self.show)


# Registration order is drawing order (panes keep the stacking when layers are toggled).
LAYERS: dict[str, type[MapLayer]] = {}


def register(cls: type[MapLayer]) -> type[MapLayer]:
    """Class decorator: add a layer to the map's registry under its ``name``."""
    if cls.name in LAYERS:
        raise ValueError(f"map layer name {cls.name!r} is registered twice")
    LAYERS[cls.name] = cls
    return cls
