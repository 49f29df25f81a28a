"""The quality report as text (Markdown tables, so the summary can go into the README as it is)
and as JSON."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

from quality.evaluate import SetResult
from quality.places import AREAS, LOW_POINTS, POINTS, RECALL_CLASSES, PlaceScore
from quality.scoring import (
    HIGH_OR_MEDIUM,
    LOCATION_CLASSES,
    LOW,
    NO_COORDINATE,
    NO_PLACE,
    FieldScore,
    Prf,
    SetScore,
    describe,
)

NA = "n/a"
FIELD_ROWS = (
    ("date", "dates right where the text fixes the day"),
    ("killed", "killed right (where given)"),
    ("injured", "injured right (where given)"),
    ("background", "background flag right"),
    ("launch", "launch site right (where given)"),
    ("by", "actors: by"),
    ("against", "actors: against"),
)
ACTOR_FIELDS = frozenset({"by", "against"})
JSON_KEYS = {POINTS: "points", LOW_POINTS: "low_confidence_points", AREAS: "areas", HIGH_OR_MEDIUM: "high_or_medium",
             LOW: "low_confidence", NO_PLACE: "no_place_named", NO_COORDINATE: "no_reference_point"}


def _share(right: int, total: int) -> str:
    return f"{right}/{total} = {right / total:.2f}" if total else NA


def _prf(prf: Prf) -> str:
    return f"{prf.precision:.3f} / {prf.recall:.3f} / {prf.f1:.3f}"


def _field(item: FieldScore, *, applicable: bool = True) -> str:
    return _share(item.right, item.checked) if applicable else NA


def _median(values: Sequence[float]) -> str:
    return f"{statistics.median(values):.1f} km" if values else NA


class Overall:
    """Every set combined: events micro-averaged over all articles, places over the sets that list them."""

    def __init__(self, results: Sequence[SetResult]) -> None:
        self.name = "overall"
        self.article_count = sum(result.article_count for result in results)
        self.events = SetScore.combine(result.events for result in results)
        with_places = [result.places for result in results if result.places is not None]
        self.places = PlaceScore([article for score in with_places for article in score.articles]) if with_places else None
        self.merges = [check for result in results for check in result.merges]
        self.has_actors = any(result.has_actors for result in results)


def summary_rows(columns: Sequence[SetResult | Overall]) -> list[tuple[str, list[str]]]:
    """The rows of the summary table: a label and one cell per column."""
    rows: list[tuple[str, list[str]]] = [
        ("reports", [str(column.article_count) for column in columns]),
        ("events expected / extracted", [f"{column.events.true_positives + column.events.false_negatives} / "
                                         f"{sum(len(article.extracted) for article in column.events.articles)}"
                                         for column in columns]),
        ("events P / R / F1 (kind, place within 10 km)", [_prf(column.events.events) for column in columns]),
        ("kinds alone P / R / F1", [_prf(column.events.kinds_alone().total()) for column in columns]),
    ]
    for name, label in FIELD_ROWS:
        rows.append((label, [_field(column.events.fields[name], applicable=column.has_actors or name not in ACTOR_FIELDS)
                             for column in columns]))
    rows += [
        ("place recall: in-region points, high/medium reference, within 6 km",
         [_place(column.places, POINTS) for column in columns]),
        ("place recall: in-region points, low-confidence reference (apart)",
         [_place(column.places, LOW_POINTS) for column in columns]),
        ("place recall: in-region areas, by mention", [_place(column.places, AREAS) for column in columns]),
        ("place precision: resolved places that are gold places",
         [_share(*column.places.precision()) if column.places else NA for column in columns]),
        ("reports of one event in two articles merged",
         [_share(sum(check.outcome == "merged" for check in column.merges), len(column.merges)) for column in columns]),
    ]
    return rows


def _place(places: PlaceScore | None, name: str) -> str:
    return _share(*places.recall(name)) if places else NA


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return lines + ["| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in rows]


def summary(results: Sequence[SetResult]) -> list[str]:
    columns: list[SetResult | Overall] = [*results]
    if len(results) > 1:
        columns.append(Overall(results))
    header = ["measure", *(column.name for column in columns)]
    return markdown_table(header, [[label, *cells] for label, cells in summary_rows(columns)])


def set_section(result: SetResult, *, details: bool) -> list[str]:
    """One set: events by kind, by background flag and by what places are checked against;
    places; merges; and, with details, every miss, extra and wrong attribute."""
    events = result.events
    lines = ["", f"## {result.name}: {result.title}", "", f"{result.article_count} reports from `{result.location}`.", ""]
    by_kind, alone = events.by_kind(), events.kinds_alone()
    kinds = sorted(set(by_kind.by_key) | set(alone.by_key))
    lines += markdown_table(
        ["kind", "expected", "matched", "missed", "extra", "P / R / F1", "kinds alone P / R / F1"],
        [[kind, str(by_kind.prf(kind).tp + by_kind.prf(kind).fn), str(by_kind.prf(kind).tp), str(by_kind.prf(kind).fn),
          str(by_kind.prf(kind).fp), _prf(by_kind.prf(kind)), _prf(alone.prf(kind))] for kind in kinds]
        + [["all", str(events.true_positives + events.false_negatives), str(events.true_positives),
            str(events.false_negatives), str(events.false_positives), _prf(events.events), _prf(alone.total())]])
    background = events.by_background()
    lines += ["", *markdown_table(["events", "expected", "matched", "missed", "extra", "P / R / F1"],
                                  [[flag, str(background.prf(flag).tp + background.prf(flag).fn), str(background.prf(flag).tp),
                                    str(background.prf(flag).fn), str(background.prf(flag).fp), _prf(background.prf(flag))]
                                   for flag in ("current", "background")])]
    fields = events.fields
    lines += ["", *markdown_table(["attribute of matched events", "right / checked"],
                                  [[name, _field(item, applicable=result.has_actors or name not in ACTOR_FIELDS)]
                                   for name, item in fields.items()])]
    classes = events.by_location_class()
    lines += ["", *markdown_table(["expected place", "matched / expected", "median distance of matches"],
                                  [[name, _share(classes[name][0], classes[name][1]), _median(classes[name][2])]
                                   for name in LOCATION_CLASSES if classes[name][1]])]
    if result.places is not None:
        lines += ["", *markdown_table(["places", "found / counted", "median distance of finds"],
                                      [[name, _share(*result.places.recall(name)), _median(result.places.distances(name))]
                                       for name in RECALL_CLASSES]
                                      + [["precision: resolved places that are gold places", _share(*result.places.precision()), ""]])]
    if result.merges:
        lines += ["", *markdown_table(["articles", "event", "outcome"],
                                      [[f"{check.first} + {check.second}", check.event, check.outcome] for check in result.merges])]
    if result.problems:
        lines += ["", "Problems while reading the set:", *[f"- {problem}" for problem in result.problems]]
    if details:
        lines += ["", *detail_lines(result)]
    return lines


def detail_lines(result: SetResult) -> list[str]:
    """Per article: its figures, each missed and extra event, wrong attributes, and the places
    missed and resolved wrongly."""
    lines = [f"### {result.name}: misses and extras", ""]
    places = {article.article_id: article for article in result.places.articles} if result.places else {}
    for article in result.events.articles:
        block = [f"    missed {entry.label}" for entry in article.missed]
        block += [f"    extra  {describe(incident)}" for incident in article.extra]
        block += [f"    wrong  {check.name}: {check.message.split(': ', 1)[1]}" for check in article.checks if not check.right]
        place = places.get(article.article_id)
        if place is not None:
            block += [f"    place missed ({_short(name)}): {gold.name} «{gold.surface}»"
                      for name in RECALL_CLASSES for gold in place.missed.get(name, [])]
            block += [f"    place extra: {place_id}" for place_id in place.wrong]
        if block:
            lines += [f"{article.article_id}: events P {article.precision:.2f} R {article.recall:.2f} F1 {article.f1:.2f}",
                      *block]
    return [*lines[:2], "```", *lines[2:], "```"] if len(lines) > 2 else [*lines, "Nothing missed, nothing extra."]


def _short(name: str) -> str:
    return {POINTS: "point", LOW_POINTS: "low-confidence point", AREAS: "area"}[name]


def text_report(results: Sequence[SetResult], *, summary_only: bool, header: Sequence[str] = ()) -> str:
    """The summary table, then (unless ``summary_only``) each set's section with its details."""
    lines = [*header, *summary(results)]
    if not summary_only:
        for result in results:
            lines += set_section(result, details=True)
    return "\n".join(lines) + "\n"


# --- JSON ----------------------------------------------------------------------------------------------------------


def _field_json(item: FieldScore, applicable: bool) -> dict[str, Any] | None:
    if not applicable:
        return None
    return {"right": item.right, "checked": item.checked, "accuracy": round(item.accuracy, 4) if item.checked else None}


def _places_json(places: PlaceScore | None) -> dict[str, Any] | None:
    if places is None:
        return None
    recall = {JSON_KEYS[name]: dict(zip(("found", "counted"), places.recall(name), strict=True)) for name in RECALL_CLASSES}
    right, total = places.precision()
    return {"recall": recall, "precision": {"right": right, "resolved": total, "share": round(right / total, 4) if total else None}}


def column_json(column: SetResult | Overall) -> dict[str, Any]:
    events = column.events
    return {
        "reports": column.article_count,
        "events": events.events.as_dict(),
        "events_by_kind": {kind: events.by_kind().prf(kind).as_dict() for kind in sorted(events.by_kind().by_key)},
        "events_by_background": {flag: events.by_background().prf(flag).as_dict() for flag in ("current", "background")},
        "kinds_alone": events.kinds_alone().total().as_dict(),
        "kinds_alone_by_kind": {kind: events.kinds_alone().prf(kind).as_dict() for kind in sorted(events.kinds_alone().by_key)},
        "fields": {name: _field_json(item, column.has_actors or name not in ACTOR_FIELDS) for name, item in events.fields.items()},
        "events_by_expected_place": {JSON_KEYS[name]: {"matched": matched, "expected": total,
                                                        "median_km": round(statistics.median(km), 2) if km else None}
                                     for name, (matched, total, km) in events.by_location_class().items()},
        "places": _places_json(column.places),
        "merges": [check.__dict__ for check in column.merges],
    }


def details_json(result: SetResult) -> list[dict[str, Any]]:
    places = {article.article_id: article for article in result.places.articles} if result.places else {}
    rows = []
    for article in result.events.articles:
        row: dict[str, Any] = {
            "article_id": article.article_id,
            "missed": [entry.label for entry in article.missed],
            "extra": [describe(incident) for incident in article.extra],
            "wrong": [check.message for check in article.checks if not check.right],
        }
        if article.article_id in places:
            place = places[article.article_id]
            row["places_missed"] = [gold.name for name in RECALL_CLASSES for gold in place.missed.get(name, [])]
            row["places_extra"] = list(place.wrong)
        rows.append(row)
    return rows


def json_report(results: Sequence[SetResult], *, details: bool, meta: dict[str, Any]) -> dict[str, Any]:
    report: dict[str, Any] = {**meta, "sets": {}}
    for result in results:
        entry = {"title": result.title, "location": str(result.location), "problems": result.problems, **column_json(result)}
        if details:
            entry["articles"] = details_json(result)
        report["sets"][result.name] = entry
    if len(results) > 1:
        report["overall"] = column_json(Overall(results))
    return report


def score_text(score: SetScore) -> str:
    """Counts, P/R/F1, each attribute's accuracy and every miss, extra and wrong attribute of one
    scored set (for test failure messages and quick looks)."""
    lines = [f"events: {score.true_positives} matched, {score.false_negatives} missed, {score.false_positives} extra",
             f"precision {score.precision:.3f}  recall {score.recall:.3f}  F1 {score.f1:.3f}"]
    lines += [f"  {name:15} {item.right}/{item.checked} = {item.accuracy:.2f}" for name, item in score.fields.items()]
    for article in score.articles:
        if article.missed or article.extra:
            lines.append(f"{article.article_id}: P {article.precision:.2f} R {article.recall:.2f} F1 {article.f1:.2f}")
            lines += [f"    missed {entry.label}" for entry in article.missed]
            lines += [f"    extra  {describe(incident)}" for incident in article.extra]
    lines += [f"    wrong {item.name}: {line}" for item in score.fields.values() for line in item.wrong]
    return "\n".join(lines)
