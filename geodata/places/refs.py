"""Turn place mentions into the place references of incidents (SPEC section 5 shape)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from geopy.distance import great_circle

from geodata.places.finder import PlaceMatch
from geodata.places.gazetteer import Gazetteer, GeoPrecision, Place

NEAR_MIN_UNCERTAINTY_M = 5000
REGION_MIN_UNCERTAINTY_M = 25000  # the country around a town ("ريف الميادين", "بادية الميادين")


@dataclass(frozen=True)
class PlaceRef:
    """A resolved place as it appears in an incident (SPEC section 5 shape)."""

    gazetteer_id: str
    name_en: str
    name_ar: str
    lat: float
    lon: float
    geo_precision: GeoPrecision
    uncertainty_m: int
    in_region: bool

    def as_dict(self) -> dict[str, Any]:
        # by hand, not dataclasses.asdict (which deep-copies every value): a table of 100,000
        # incidents calls this for each
        return {"gazetteer_id": self.gazetteer_id, "name_en": self.name_en, "name_ar": self.name_ar,
                "lat": self.lat, "lon": self.lon, "geo_precision": self.geo_precision,
                "uncertainty_m": self.uncertainty_m, "in_region": self.in_region}


def place_ref(match: PlaceMatch, gazetteer: Gazetteer) -> PlaceRef:
    """The coordinates an incident gets from a mention: the place itself, a wider circle for
    "near X", the midpoint for "between X and Y"."""
    place = match.place
    partner = gazetteer.get(match.partner) if match.partner else None
    if match.relation in {"between", "road"} and partner is not None and partner.id != place.id:
        return _between(place, partner)
    uncertainty = place.uncertainty_m
    if match.relation in {"near", "road"}:
        uncertainty = max(uncertainty * 2, NEAR_MIN_UNCERTAINTY_M)
    elif match.relation == "region" and place.geo_precision != 3:
        uncertainty = max(uncertainty, REGION_MIN_UNCERTAINTY_M)
    name_en, name_ar = place.name_en, place.name_ar
    if match.site:
        # a site the gazetteer lacks, placed at its town: its name kept
        name_en, name_ar = f"{match.site} ({place.name_en})", f"{match.site}، {place.name_ar}"
    if match.resolution == "open":
        # namesakes far apart that the text does not tell apart: the circle holds them all
        spread = max((_km(place, other) for other in _places(match, gazetteer)), default=0.0)
        uncertainty = max(uncertainty, int(spread * 1000))
    return PlaceRef(
        gazetteer_id=place.id, name_en=name_en, name_ar=name_ar, lat=place.lat, lon=place.lon,
        geo_precision=match.geo_precision or place.geo_precision, uncertainty_m=uncertainty, in_region=place.in_region,
    )


def _places(match: PlaceMatch, gazetteer: Gazetteer) -> list[Place]:
    return [place for place in (gazetteer.get(place_id) for place_id in match.candidates) if place is not None]


def _km(first: Place, second: Place) -> float:
    return float(great_circle((first.lat, first.lon), (second.lat, second.lon)).km)


def _between(first: Place, second: Place) -> PlaceRef:
    half_km = great_circle((first.lat, first.lon), (second.lat, second.lon)).km / 2
    return PlaceRef(
        gazetteer_id=first.id,
        name_en=f"between {first.name_en} and {second.name_en}",
        name_ar=f"بين {first.name_ar} و{second.name_ar}",
        lat=round((first.lat + second.lat) / 2, 6),
        lon=round((first.lon + second.lon) / 2, 6),
        geo_precision=2,
        uncertainty_m=int(half_km * 1000) + max(first.uncertainty_m, second.uncertainty_m),
        in_region=first.in_region or second.in_region,
    )
