"""Reports and incidents as JSON objects and back, losing nothing.

``Report.as_dict`` and ``Incident.as_dict`` give the output contract (SPEC section 5), which
leaves out what the store must keep (excerpt spans, weapon, a report's own fields); the store
writes these fuller records instead, and reads back objects equal to the ones written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from geodata.store._pipeline import Article, Incident, PlaceRef, Report, Source

JSONDict = dict[str, Any]


def dumps(value: Any) -> str:
    """Compact JSON text with Arabic kept as is."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def place_to_json(place: PlaceRef | None) -> JSONDict | None:
    if place is None:
        return None
    return {"gazetteer_id": place.gazetteer_id, "name_en": place.name_en, "name_ar": place.name_ar,
            "lat": place.lat, "lon": place.lon, "geo_precision": place.geo_precision,
            "uncertainty_m": place.uncertainty_m, "in_region": place.in_region}


def place_from_json(record: JSONDict | None) -> PlaceRef | None:
    return None if record is None else PlaceRef(**record)


def source_to_json(source: Source) -> JSONDict:
    return {"article_id": source.article_id, "outlet": source.outlet, "url": source.url,
            "published": _date(source.published), "excerpt": source.excerpt,
            "excerpt_spans": [list(span) for span in source.excerpt_spans]}


def source_from_json(record: JSONDict) -> Source:
    return Source(article_id=record["article_id"], outlet=record["outlet"], url=record["url"],
                  published=_parse_date(record["published"]), excerpt=record["excerpt"],
                  excerpt_spans=tuple((int(start), int(end)) for start, end in record["excerpt_spans"]))


def _event_to_json(event: Report | Incident) -> JSONDict:
    return {
        "kind": event.kind, "date": _date(event.date), "date_precision": event.date_precision,
        "time_of_day": event.time_of_day, "background": event.background,
        "location": place_to_json(event.location), "launch_site": place_to_json(event.launch_site),
        "other_places": [place_to_json(place) for place in event.other_places],
        "actors_by": list(event.actors_by), "actors_against": list(event.actors_against),
        "killed": event.killed, "injured": event.injured, "notes": list(event.notes),
    }


def _event_fields(record: JSONDict) -> JSONDict:
    return {
        "kind": record["kind"], "date": _parse_date(record["date"]), "date_precision": record["date_precision"],
        "time_of_day": record["time_of_day"], "background": record["background"],
        "location": place_from_json(record["location"]), "launch_site": place_from_json(record["launch_site"]),
        "other_places": [PlaceRef(**place) for place in record["other_places"]],
        "actors_by": list(record["actors_by"]), "actors_against": list(record["actors_against"]),
        "killed": record["killed"], "injured": record["injured"], "notes": list(record["notes"]),
    }


def report_to_json(report: Report) -> JSONDict:
    """Every field of ``report``."""
    return {**_event_to_json(report), "source": source_to_json(report.source), "weapon": report.weapon}


def report_from_json(record: JSONDict) -> Report:
    return Report(source=source_from_json(record["source"]), weapon=record["weapon"], **_event_fields(record))


def incident_to_json(incident: Incident) -> JSONDict:
    """Every field of ``incident``."""
    return {"incident_id": incident.incident_id, **_event_to_json(incident),
            "sources": [source_to_json(source) for source in incident.sources],
            "disagreements": list(incident.disagreements)}


def incident_from_json(record: JSONDict) -> Incident:
    return Incident(incident_id=record["incident_id"], sources=[source_from_json(s) for s in record["sources"]],
                    disagreements=list(record["disagreements"]), **_event_fields(record))


def article_fields(article: Article) -> JSONDict:
    """What the store keeps of an article (everything but where it was read from)."""
    return {"id": article.id, "outlet": article.outlet, "url": article.url, "published": article.published,
            "published_inferred": article.published_inferred, "title": article.title,
            "language": article.language, "text": article.text}


def content_hash(article: Article) -> str:
    """SHA-256 of the article's text and metadata: a change to either means a new reading."""
    fields = article_fields(article)
    fields["published"] = _date(article.published)
    return hashlib.sha256(dumps(fields).encode("utf-8")).hexdigest()


def article_from_row(row: Any) -> Article:
    """An Article from a row of the articles table."""
    return Article(id=row.id, outlet=row.outlet, text=row.text, published=row.published,
                   published_inferred=bool(row.published_inferred), url=row.url, language=row.language,
                   title=row.title, path=row.source_path or "", line=row.source_line or 1)
