"""The map's area: eastern Syria and its neighbours, in one place.

Every place the gazetteer marks as in the region lies inside it with room to spare (a test
checks), and so do the neighbours the same reports name (al-Qaim and Anbar, Sinjar, the
Tanf/Tower 22 corner, the Homs desert, Manbij). A place an analyst gives outside it is a
slip of the hand or a namesake far away, and is refused.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    """A box in degrees (WGS 84)."""

    name: str
    south: float
    west: float
    north: float
    east: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east

    def describe(self) -> str:
        return (f"{self.name}: latitude {self.south:g} to {self.north:g}, longitude {self.west:g} to {self.east:g}")


MAP_AREA = Area("eastern Syria and its neighbours", south=32.5, west=37.5, north=37.6, east=43.0)
