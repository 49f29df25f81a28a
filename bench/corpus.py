"""Synthetic corpora for the benchmarks, composed over the real gazetteer (issue 6).

``make_events(n, seed)`` draws ``n`` events (kind, date, in-region place, launch site, actors)
and the 1-4 outlets that report each. Two outputs come from them:

- ``compose_articles(events, seed)``: Arabic reports of about 300 words, one per outlet and
  day, each retelling that outlet's events of the day in its own wording and spelling, with
  background mentions, denials and filler; written as JSON Lines (``write_jsonl``) or front
  matter files (``write_articles``) for the text pipeline;
- ``incident_frame(n, seed)``: the typed incident table of ``n`` incidents built directly
  through ``geodata.table.frame.incidents_to_frame`` (no extraction), for the map benchmarks.

Everything is a pure function of the seed: the same seed gives the same bytes.

    python -m bench.corpus --events 1000 --out /tmp/corpus.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd

from bench import templates as tpl
from geodata.corpus.articles import Article, render_article
from geodata.events.model import Incident, Source
from geodata.places.gazetteer import Place, default_gazetteer
from geodata.places.refs import PlaceRef
from geodata.table.frame import incidents_to_frame

FIRST_DAY = dt.date(2021, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)
TARGET_WORDS = 300
MAX_EVENTS_PER_ARTICLE = 3
# how many outlets tell one event: 1, 2, 3 or 4, with these weights
TELLINGS_WEIGHTS = (0.35, 0.35, 0.2, 0.1)
KIND_WEIGHTS = {
    "rocket_attack": 10, "drone_attack": 8, "airstrike": 14, "artillery_shelling": 12, "armed_clash": 12,
    "ied_explosion": 10, "interception": 4, "weapons_found": 6, "security_operation": 14, "militia_movement": 10,
}
TARGET_KINDS = frozenset({"rocket_attack", "drone_attack", "interception"})
LAUNCHED_KINDS = frozenset({"rocket_attack", "drone_attack"})
SITE_KINDS = frozenset({"base", "oilfield"})
SETTLEMENT_KINDS = frozenset(tpl.SETTLEMENT_NOUNS)


@dataclass(frozen=True)
class Event:
    """One real-world event of the synthetic world, and the outlets that report it."""

    event_id: str
    kind: str
    date: dt.date
    place: Place
    launch: Place | None
    by: str
    against: str
    count: int
    outlets: tuple[str, ...]


@dataclass(frozen=True)
class Telling:
    """One outlet's account of one event, published on ``published``."""

    event: Event
    outlet: str
    published: dt.date


@dataclass(frozen=True)
class SyntheticArticle:
    """An article record and the ids of the events it retells."""

    id: str
    outlet: str
    published: dt.date
    url: str
    text: str
    event_ids: tuple[str, ...]

    def record(self) -> dict[str, object]:
        """The JSON Lines record of ``geodata.corpus.articles`` (the event ids ride along unused)."""
        return {"id": self.id, "outlet": self.outlet, "published": self.published.isoformat(), "url": self.url,
                "language": "ar", "text": self.text, "bench_events": list(self.event_ids)}

    def article(self) -> Article:
        return Article(id=self.id, outlet=self.outlet, text=self.text, published=self.published, url=self.url)


@dataclass(frozen=True)
class PlacePools:
    """In-region places of the real gazetteer, by the role they play in events."""

    sites: tuple[Place, ...]
    settlements: tuple[Place, ...]
    settlement_weights: tuple[float, ...]
    launch_sites: tuple[Place, ...]


# ------------------------------------------------------------------ places


@lru_cache(maxsize=1)
def place_pools() -> PlacePools:
    """Bases and fields (targets of attacks), settlements (weighted towards Deir ez-Zor) and
    launch sites (Deir ez-Zor towns and villages) from the curated rows of ``default_gazetteer()``
    (the imported layer's thousands of villages would change the corpus whenever it is rebuilt)."""
    places = [place for place in default_gazetteer() if place.in_region and place.curated]
    sites = tuple(place for place in places if place.kind in SITE_KINDS)
    settlements = tuple(place for place in places if place.kind in SETTLEMENT_KINDS)
    weights = tuple(3.0 if place.governorate == "deir-ez-zor" else 1.0 for place in settlements)
    launch = tuple(place for place in settlements
                   if place.governorate == "deir-ez-zor" and place.kind in {"town", "village"})
    return PlacePools(sites, settlements, weights, launch)


def _spelling(place: Place, outlet: str, seed: int) -> str:
    """The outlet's usual spelling of ``place``: one of its Arabic names, fixed per outlet."""
    return random.Random(f"{seed}:{outlet}:{place.id}").choice(place.arabic_names)


def place_phrase(place: Place, outlet: str, seed: int) -> str:
    """"بلدة حطلة", "حقل كونيكو", "مدينة الميادين": the name with its settlement noun."""
    name = _spelling(place, outlet, seed)
    noun = tpl.SETTLEMENT_NOUNS.get(place.kind)
    if noun is None or name.split()[0] in tpl.SETTLEMENT_NOUNS.values() or name.startswith("ناحية"):
        return name
    return f"{noun} {name}"


def region_phrase(place: Place, outlet: str, seed: int) -> str:
    """"بريف دير الزور الشرقي", "في مدينة دير الزور" for its neighbourhoods, or nothing for cities."""
    if place.kind == "city":
        return ""
    spellings = tpl.GOVERNORATE_AR.get(place.governorate, ("دير الزور",))
    governorate = random.Random(f"{seed}:{outlet}:governorate").choice(spellings)
    if place.kind == "neighbourhood":
        return f"في مدينة {governorate}"
    east = place.district in {"Albu Kamal", "al-Mayadin"}
    return f"بريف {governorate} الشرقي" if east else f"بريف {governorate}"


# ------------------------------------------------------------------ events


def _event_date(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def _event(index: int, rng: random.Random, pools: PlacePools, first: dt.date, last: dt.date) -> Event:
    kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
    by, against = rng.choice(tpl.ACTOR_PAIRS[kind])
    if kind in TARGET_KINDS:
        place = rng.choice(pools.sites)
    else:
        place = rng.choices(pools.settlements, weights=pools.settlement_weights)[0]
    launch = rng.choice(pools.launch_sites) if kind in LAUNCHED_KINDS and rng.random() < 0.6 else None
    tellings = rng.choices(range(1, len(TELLINGS_WEIGHTS) + 1), weights=TELLINGS_WEIGHTS)[0]
    outlets = tuple(sorted(rng.sample([outlet for outlet, _, _ in tpl.OUTLETS], tellings)))
    return Event(f"ev{index:06d}", kind, _event_date(rng, first, last), place, launch, by, against,
                 rng.randint(3, 9), outlets)


def make_events(n: int, seed: int = 0, *, first: dt.date = FIRST_DAY, last: dt.date = LAST_DAY) -> list[Event]:
    """``n`` events between ``first`` and ``last``, over the real gazetteer, in id order."""
    rng = random.Random(f"{seed}:events")
    pools = place_pools()
    return [_event(index, rng, pools, first, last) for index in range(n)]


def tellings(events: Iterable[Event], seed: int = 0) -> list[Telling]:
    """Each outlet's account of each event: the same day or the day after."""
    told: list[Telling] = []
    for event in events:
        rng = random.Random(f"{seed}:lag:{event.event_id}")
        told += [Telling(event, outlet, event.date + dt.timedelta(days=rng.choice((0, 0, 1))))
                 for outlet in event.outlets]
    return told


# ------------------------------------------------------------------ wording


def _month(date: dt.date, levantine: bool) -> str:
    return (tpl.LEVANTINE_MONTHS if levantine else tpl.EGYPTIAN_MONTHS)[date.month - 1]


def when_phrase(date: dt.date, published: dt.date, levantine: bool, rng: random.Random) -> str:
    """How a report dated ``published`` says ``date``: "فجر اليوم", "مساء أمس الاثنين",
    "يوم الثلاثاء 11 نيسان"."""
    weekday = tpl.WEEKDAYS[date.weekday()]
    part = rng.choice(tpl.PARTS_OF_DAY)
    full = f"يوم {weekday} {date.day} {_month(date, levantine)}"
    lag = (published - date).days
    if lag == 0:
        options = [f"{part} اليوم", f"{part} اليوم {weekday}", f"اليوم {weekday} {date.day} {_month(date, levantine)}"]
    elif lag == 1:
        options = ["أمس", f"{part} أمس", f"{part} يوم {weekday}", f"{part} يوم أمس {weekday}", full]
    else:
        options = [full]
    return rng.choice(options)


def _actor(key: str, rng: random.Random) -> str:
    return rng.choice(tpl.ACTOR_NAMES[key])


def event_text(telling: Telling, seed: int, rng: random.Random) -> str:
    """The one to three sentences in which ``telling.outlet`` reports the event."""
    event, outlet = telling.event, telling.outlet
    levantine = _levantine(outlet)
    slots = {
        "target": place_phrase(event.place, outlet, seed), "place": place_phrase(event.place, outlet, seed),
        "region": region_phrase(event.place, outlet, seed),
        "when": when_phrase(event.date, telling.published, levantine, rng),
        "by": _actor(event.by, rng), "against": _actor(event.against, rng), "count": str(event.count),
    }
    sentences = [_clean(rng.choice(tpl.EVENT_TEMPLATES[event.kind]).format(**slots))]
    if event.launch is not None and event.kind == "rocket_attack":
        sentences.append(rng.choice(tpl.LAUNCH_TEMPLATES).format(launch=place_phrase(event.launch, outlet, seed)))
    details = rng.sample(tpl.DETAIL_TEMPLATES, rng.randint(1, 3))
    sentences += [detail.format(**slots, outlet=outlet) for detail in details]
    return " ".join(sentences)


def _clean(sentence: str) -> str:
    """Single spaces, none before punctuation (an empty ``{region}`` leaves two)."""
    text = " ".join(sentence.split())
    return text.replace(" ،", "،").replace(" .", ".")


@cache
def _levantine(outlet: str) -> bool:
    return next((levantine for name, _, levantine in tpl.OUTLETS if name == outlet), True)


@cache
def _domain(outlet: str) -> str:
    return next((domain for name, domain, _ in tpl.OUTLETS if name == outlet), "example.org")


# ------------------------------------------------------------------ articles


def _slug(outlet: str) -> str:
    return "-".join("".join(char if char.isalnum() else " " for char in outlet.lower()).split())


def _context_sentences(outlet: str, seed: int, rng: random.Random) -> list[str]:
    """A background mention, sometimes a denial: sentences that must not become new events."""
    pools = place_pools()
    place = place_phrase(rng.choices(pools.settlements, weights=pools.settlement_weights)[0], outlet, seed)
    target = place_phrase(rng.choice(pools.sites), outlet, seed)
    sentences = [rng.choice(tpl.BACKGROUND_TEMPLATES).format(place=place, target=target)] if rng.random() < 0.6 else []
    if rng.random() < 0.25:
        sentences.append(rng.choice(tpl.DENIAL_TEMPLATES).format(target=target, by=_actor("syrian_government", rng)))
    return sentences


def _padded(paragraphs: list[str], rng: random.Random) -> list[str]:
    """Filler paragraphs until the article is about ``TARGET_WORDS`` words long."""
    fillers = list(tpl.FILLER_TEMPLATES)
    rng.shuffle(fillers)
    words = sum(len(paragraph.split()) for paragraph in paragraphs)
    while words < TARGET_WORDS - 10 and fillers:
        sentence = fillers.pop()
        paragraphs.insert(rng.randint(1, len(paragraphs)), sentence)
        words += len(sentence.split())
    return paragraphs


def compose_article(outlet: str, published: dt.date, told: Sequence[Telling], number: int, seed: int) -> SyntheticArticle:
    """One outlet's report of the day: intro, the events, context, filler, maybe a link line."""
    article_id = f"{_slug(outlet)}-{published.isoformat()}-{number}"
    rng = random.Random(f"{seed}:article:{article_id}")
    paragraphs = [rng.choice(tpl.INTRO_TEMPLATES).format(outlet=outlet)]
    paragraphs += [event_text(telling, seed, rng) for telling in told]
    paragraphs += _context_sentences(outlet, seed, rng)
    paragraphs = _padded(paragraphs, rng)
    if rng.random() < 0.4:
        paragraphs.append(rng.choice(tpl.LINK_TEMPLATES))
    url = f"https://www.{_domain(outlet)}/archives/{published:%Y%m%d}{number:03d}"
    return SyntheticArticle(article_id, outlet, published, url, "\n".join(paragraphs),
                            tuple(telling.event.event_id for telling in told))


def compose_articles(events: Iterable[Event], seed: int = 0, *,
                     max_events: int = MAX_EVENTS_PER_ARTICLE) -> list[SyntheticArticle]:
    """The articles that tell ``events``: per outlet and day, up to ``max_events`` events each."""
    by_day: dict[tuple[str, dt.date], list[Telling]] = defaultdict(list)
    for telling in tellings(events, seed):
        by_day[(telling.outlet, telling.published)].append(telling)
    articles: list[SyntheticArticle] = []
    for (outlet, published), told in sorted(by_day.items(), key=lambda item: (item[0][1], item[0][0])):
        for number, start in enumerate(range(0, len(told), max_events)):
            articles.append(compose_article(outlet, published, told[start:start + max_events], number, seed))
    return articles


def corpus(n_events: int, seed: int = 0, *, max_events: int = MAX_EVENTS_PER_ARTICLE) -> list[SyntheticArticle]:
    """The articles of ``n_events`` events (a shortcut for the two steps)."""
    return compose_articles(make_events(n_events, seed), seed, max_events=max_events)


def write_jsonl(articles: Iterable[SyntheticArticle], path: str | Path) -> Path:
    """One JSON object per line, as ``geodata.corpus.articles.load_corpus`` reads it."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="\n") as handle:
        for article in articles:
            handle.write(json.dumps(article.record(), ensure_ascii=False) + "\n")
    return target


def write_articles(articles: Iterable[SyntheticArticle], folder: str | Path) -> Path:
    """One front-matter file per article (``<id>.md``), as the dashboard's corpus folders hold them."""
    base = Path(folder)
    base.mkdir(parents=True, exist_ok=True)
    for article in articles:
        (base / f"{article.id}.md").write_text(render_article(article.article()), encoding="utf-8")
    return base


# ------------------------------------------------------------------ the table directly


def _ref(place: Place, *, near: bool = False) -> PlaceRef:
    precision = 2 if near else place.geo_precision
    uncertainty = max(place.uncertainty_m * 2, 5000) if near else place.uncertainty_m
    return PlaceRef(place.id, place.name_en, place.name_ar, place.lat, place.lon, precision, uncertainty,
                    place.in_region)


def _sources(event: Event, seed: int, rng: random.Random) -> list[Source]:
    sources = []
    for number, telling in enumerate(tellings([event], seed)):
        article_id = f"{_slug(telling.outlet)}-{telling.published.isoformat()}-{event.event_id}-{number}"
        url = f"https://www.{_domain(telling.outlet)}/archives/{event.event_id[2:]}{number}"
        sources.append(Source(article_id, telling.outlet, url, telling.published, event_text(telling, seed, rng)))
    return sources


def event_incident(event: Event, seed: int = 0) -> Incident:
    """The incident the pipeline would make of ``event`` (one source per telling)."""
    rng = random.Random(f"{seed}:incident:{event.event_id}")
    background = rng.random() < 0.07
    sources = _sources(event, seed, rng)
    disagreements = ([f"killed: {event.count} ({sources[0].outlet}) vs {event.count + 1} ({sources[1].outlet})"]
                     if len(sources) > 1 and rng.random() < 0.15 else [])
    casualties = event.count if event.kind in {"airstrike", "armed_clash", "ied_explosion"} else None
    return Incident(
        incident_id=f"inc-{event.event_id}", kind=event.kind, date=event.date,
        date_precision="approximate" if background else "day", time_of_day=None, background=background,
        location=_ref(event.place), launch_site=_ref(event.launch, near=True) if event.launch else None,
        other_places=[], actors_by=[event.by], actors_against=[event.against], killed=casualties, injured=None,
        sources=sources, disagreements=disagreements,
    )


def incidents(n: int, seed: int = 0) -> list[Incident]:
    """``n`` incidents, one per event of ``make_events(n, seed)``."""
    return [event_incident(event, seed) for event in make_events(n, seed)]


def incident_frame(n: int, seed: int = 0) -> pd.DataFrame:
    """The typed incident table of ``n`` synthetic incidents (``geodata.table.frame.incidents_to_frame``)."""
    return incidents_to_frame(incidents(n, seed))


# ------------------------------------------------------------------ command line


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1000, help="number of events (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", required=True, help="a .jsonl file, or a folder for one .md file per article")
    args = parser.parse_args(argv)
    articles = corpus(args.events, args.seed)
    target = write_jsonl(articles, args.out) if args.out.endswith(".jsonl") else write_articles(articles, args.out)
    print(f"{len(articles)} articles of {args.events} events -> {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
