"""Cut an article into clauses and gather, for each, every cue the extractor reads.

The article is normalised once and every finder (places, triggers, weapons, actors, markers,
dates) runs once over the whole text; hits are then dealt to the clauses they fall in.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from geodata.dates.mentions import DateMention, dates_with_reference
from geodata.dates.patterns import TimeOfDay, time_expressions
from geodata.events.casualties import default_casualty_phrases
from geodata.events.cues import Cues
from geodata.events.layout import MAX_TITLE_WORDS, title_sentences
from geodata.places.finder import PlaceIndex, PlaceMatch, UnresolvedName, find_places, resolved_places, unresolved_names
from geodata.places.framing import default_place_phrases
from geodata.text import NormalizedText, normalize_phrase, normalize_with_offsets, sentence_spans
from geodata.text.phrase_index import MultiPhraseFinder, PhraseFinder, PhraseHit

_CLAUSE_COMMAS = ("،", ",", "؛", ";", ":")
_WORD = re.compile(r"[^\s\"'“”«»()،,.:؛]+")
MAX_CLAUSE_CHARS = 1200


@dataclass(slots=True)
class Clause:
    """A stretch of one sentence that may report one event, with the hits inside it.

    ``start``/``end`` are offsets in the article text; ``norm_start``/``norm_end`` in its
    normalised form, where every hit's offsets live except places and dates (article text).
    """

    sentence_index: int
    start: int
    end: int
    norm_start: int
    norm_end: int
    hits: dict[str, list[PhraseHit]] = field(default_factory=dict)  # only concerns with hits here
    places: list[PlaceMatch] = field(default_factory=list)
    unresolved: list[UnresolvedName] = field(default_factory=list)  # "قرية X" that the gazetteer lacks
    dates: list[DateMention] = field(default_factory=list)
    parts_of_day: list[tuple[int, TimeOfDay]] = field(default_factory=list)
    live_triggers: list[PhraseHit] | None = None  # worked out by geodata.events.clause_facts
    title: bool = False  # on a headline, sub-heading or caption line (geodata.events.layout)
    found_on_demand: dict[str, list[PhraseHit]] = field(default_factory=dict)  # see ArticleText.find
    after_earlier: bool = False  # "، ورداً على الاستهداف، نفذت ...": opens right after the earlier event it answers

    def of(self, concern: str) -> list[PhraseHit]:
        return self.hits.get(concern, [])

    def has(self, concern: str) -> bool:
        return concern in self.hits


@dataclass
class ArticleText:
    """The article's text, its normalised form, its sentences and its clauses."""

    text: str
    norm: NormalizedText
    sentences: list[tuple[int, int]]
    clauses: list[Clause]
    loss_nouns: list[tuple[int, int]]  # every span of the normalised text that is a word for losses, overlaps and all
    reference: dt.date | None = None  # the published date, or the day the text fixes when there is none
    cues: Cues | None = None

    def find(self, clause: Clause, name: str) -> list[PhraseHit]:
        """The hits of one of the cue lists looked for clause by clause (cues.CLAUSE_LISTS), with
        offsets in the article's normalised text like every other hit; found once per clause."""
        found = clause.found_on_demand.get(name)
        if found is None and self.cues is None:
            return []
        if found is None:
            assert self.cues is not None
            hits = self.cues.in_clause[name].find(self.norm.text[clause.norm_start:clause.norm_end])
            offset = clause.norm_start
            found = clause.found_on_demand[name] = [PhraseHit(hit.start + offset, hit.end + offset, hit.phrase, hit.value, hit.prefix)
                                                    for hit in hits]
        return found

    def norm_text(self, clause: Clause) -> str:
        return self.norm.text[clause.norm_start:clause.norm_end]

    def names_losses(self, clause: Clause) -> bool:
        """Whether a word for human losses ("إصابات", "ضحايا" ...) is in the clause's text (as a
        substring): with none, it cannot say there were none."""
        return any(clause.norm_start <= start and end <= clause.norm_end for start, end in self.loss_nouns)


def analyse(text: str, published: dt.date | None, cues: Cues, index: PlaceIndex) -> ArticleText:
    """Sentences, clauses and every hit of every concern, dealt to the clauses."""
    norm = normalize_with_offsets(text)
    sentences = sentence_spans(text)
    hits, ends = _scan(norm.text, cues, index)
    sentences = _without_link_lines(text, norm, sentences, hits["link_lines"])
    hits["context_event_cues"] = _with_time_lapses(norm.text, hits["context_event_cues"])
    clauses = _clauses(norm, sentences, hits["clause_openers"], sorted(hits["prior_event_cues"] + hits["context_event_cues"]),
                       [hit.start for hit in hits["triggers"]], cues.addition_openers)
    titles = title_sentences(text, sentences)
    for clause in clauses:
        clause.title = clause.sentence_index in titles
    _deal_hits(norm, clauses, hits)
    mentions_of_places = find_places(text, index=index, norm=norm, ends=ends["places"])
    _deal_by_source_offset(clauses, resolved_places(mentions_of_places), "places")
    _deal_by_source_offset(clauses, unresolved_names(mentions_of_places), "unresolved")
    _without_cues_in_names(norm, clauses)
    mentions, parts, reference = dates_with_reference(text, published, norm=norm, word_ends=ends["dates"], within=sentences)
    _deal_by_source_offset(clauses, mentions, "dates")
    _deal_by_source_offset(clauses, [_PartOfDay(offset, part) for offset, part in parts], "parts_of_day")
    loss_nouns = [(last - length + 1, last + 1) for last, length in ends["loss_nouns"]]
    return ArticleText(text, norm, sentences, clauses, loss_nouns, reference, cues)


# "بعد ساعات من", "بعد أقل من ساعتين على", "بعد نحو أسبوع من", "بعد ساعات قليلة فقط من": a span
# of time after an earlier event (normalised text)
_TIME_LAPSE = re.compile(
    r"(?<![^\s\"'“”«»(،,])و?بعد (?:(?:نحو|حوالي|قرابه|اقل من|اكثر من|مرور|زهاء) )?(?:\d+ )?"
    r"(?:ساعه|ساعات|ساعتين|دقائق|دقيقه|يوم|يومين|ايام|اسبوع|اسبوعين|اسابيع|شهر|شهرين|اشهر)"
    r"(?: (?:قليله|قليلين|فقط|معدوده))*(?: فقط)? (?:من|علي)(?=\s)")


def _with_time_lapses(text: str, found: list[PhraseHit]) -> list[PhraseHit]:
    """The context cues the phrase lists found, and the spans of time after an earlier event."""
    lapses = []
    position = text.find("بعد ")
    while position >= 0:
        start = position - 1 if position and text[position - 1] == "و" else position
        match = _TIME_LAPSE.match(text, start)
        if match is not None:
            lapses.append(PhraseHit(match.start(), match.end(), match.group(), "context_event_cues"))
        position = text.find("بعد ", position + 4)
    return sorted(found + lapses) if lapses else found


def _without_link_lines(
    text: str, norm: NormalizedText, sentences: list[tuple[int, int]], link_hits: list[PhraseHit]
) -> list[tuple[int, int]]:
    """Sentences, less those on lines that link to other articles ("اقرأ أيضًا: ...")."""
    link_lines = []
    for hit in link_hits:
        start, end = norm.source_span(hit.start, hit.end)
        line_start = text.rfind("\n", 0, start) + 1
        if not text[line_start:start].strip(" \t\"'“”«»*#-•"):
            line_end = text.find("\n", start)
            line_end = len(text) if line_end < 0 else line_end
            if not text[end:line_end].strip(" \t:：-–—"):
                # "مقالات ذات صلة" alone on its line: the headlines of other articles follow it
                line_end = _after_link_list(text, line_end)
            link_lines.append((line_start, line_end))
    if not link_lines:
        return sentences
    return [span for span in sentences if not any(low <= span[0] < high for low, high in link_lines)]


def _after_link_list(text: str, end: int) -> int:
    """Where the list of other articles' headlines after a heading such as "مقالات ذات صلة" ends:
    after the short lines that end no sentence (blank lines between them included), before the
    first line of prose."""
    while end < len(text):
        line_end = text.find("\n", end + 1)
        line_end = len(text) if line_end < 0 else line_end
        line = text[end + 1:line_end].strip()
        if line and (line[-1] in _PROSE_ENDS or len(line.split()) > MAX_TITLE_WORDS):
            break
        end = line_end
    return end


_PROSE_ENDS = frozenset(".!?؟…")


def _scan(norm_text: str, cues: Cues, index: PlaceIndex) -> tuple[dict[str, list[PhraseHit]], dict[str, list[tuple[int, Any]]]]:
    """The hits of every cue, and where the words of the place index ("places"), of the date
    scanner ("dates") and for human losses ("loss_nouns") end, in one pass."""
    key = (id(cues), id(index))
    scanner = _SCANNERS.get(key)
    if scanner is None or scanner[0] is not cues or scanner[1] is not index:
        scanner = _SCANNERS[key] = (cues, index, _scanner(cues, index))
    return scanner[2].scan(norm_text)


_SCANNERS: dict[tuple[int, int], tuple[Cues, PlaceIndex, MultiPhraseFinder]] = {}


def _scanner(cues: Cues, index: PlaceIndex) -> MultiPhraseFinder:
    """Every cue finder (and the casualty words) in one automaton, with the place forms, the
    words of dates and the words for losses."""
    finders, others = scanner_parts(cues, index)
    return MultiPhraseFinder(finders, others)


def scanner_parts(cues: Cues, index: PlaceIndex) -> tuple[dict[str, PhraseFinder[Any]], dict[str, Mapping[str, Any]]]:
    """The finders (concern -> finder) and the other words (group -> form -> value) of the scan."""
    casualty = default_casualty_phrases()
    finders: dict[str, PhraseFinder[Any]] = {
        "casualty_words": casualty.words, "no_casualties": casualty.none,
        "triggers": cues.triggers, "weapons": cues.weapons, "found_objects": cues.found_objects,
        "military_objects": cues.military_objects, "actors": cues.actors,
        "target_nouns": cues.target_nouns, "agent_cues": cues.agent_cues, "control_cues": cues.control_cues,
        "launcher_words": cues.launcher_words,
        "reporter_cues": cues.reporter_cues,
        **cues.markers,
    }
    others: dict[str, Mapping[str, Any]] = {
        "places": index.forms, "dates": time_expressions()[1].roles,
        "loss_nouns": {noun: len(noun) for noun in casualty.loss_nouns}}
    return finders, others


def _norm_position(norm: NormalizedText, source_offset: int) -> int:
    return bisect.bisect_left(norm.offsets, source_offset)


def _clauses(
    norm: NormalizedText, sentences: Sequence[tuple[int, int]], openers: list[PhraseHit], priors: list[PhraseHit],
    triggers: Sequence[int] = (), additions: frozenset[str] = frozenset(),
) -> list[Clause]:
    """Split each sentence after a comma that is followed by a clause opener ("فيما", "لترد"),
    and before "ردا على" wherever it stands: what follows it is the earlier event."""
    clauses = []
    nouns = default_place_phrases().settlement_nouns
    # "، إضافة إلى بلدة خشام": an opener before a settlement noun adds a place, not a clause; so does
    # an addition with no event word before the next comma ("، إضافة إلى الطريق الدولي وبلدة هيشة")
    opener_starts = [hit.start for hit in openers if _next_word(norm.text, hit.end) not in nouns
                     and not (additions and normalize_phrase(hit.phrase) in additions and not _event_within(norm.text, hit.end, triggers))]
    prior_starts = [hit.start for hit in priors]
    answers: set[int] = set()
    for index, (start, end) in enumerate(sentences):
        cuts = _cuts(norm, _norm_position(norm, start), _norm_position(norm, end), opener_starts, prior_starts, triggers, answers)
        for cut_start, cut_end in pairwise(cuts):
            if cut_end > cut_start:
                source_start, source_end = norm.source_span(cut_start, cut_end)
                clauses.append(Clause(index, source_start, source_end, cut_start, cut_end, after_earlier=cut_start in answers))
    return clauses


def _event_within(text: str, position: int, triggers: Sequence[int]) -> bool:
    """Whether an event word stands between ``position`` and the next comma or full stop."""
    stops = [found for found in (text.find(mark, position) for mark in ("،", ",", ".", "\n")) if found >= 0]
    stop = min(stops, default=len(text))
    first = bisect.bisect_left(triggers, position)
    return first < len(triggers) and triggers[first] < stop


# Cue lists whose words can also be part of a place's name ("تبني" and the town "التبني").
_NAME_SENSITIVE = ("claim_cues",)


def _without_cues_in_names(norm: NormalizedText, clauses: list[Clause]) -> None:
    """A cue word that is part of a resolved place name ("خلال التمشيط في بلدة التبني") is no cue."""
    for clause in clauses:
        if not clause.places:
            continue
        for concern in _NAME_SENSITIVE:
            hits = clause.hits.get(concern)
            if not hits:
                continue
            spans = [(_norm_position(norm, place.start), _norm_position(norm, place.end)) for place in clause.places]
            kept = [hit for hit in hits if not any(start < hit.end and hit.start < end for start, end in spans)]
            if kept:
                clause.hits[concern] = kept
            else:
                del clause.hits[concern]


def _next_word(text: str, position: int) -> str:
    match = _WORD.search(text, position, position + 40)
    return match.group() if match else ""


def _cuts(norm: NormalizedText, norm_start: int, norm_end: int, opener_starts: list[int], prior_starts: list[int],
          triggers: Sequence[int] = (), answers: set[int] | None = None) -> list[int]:
    """Where the sentence at ``norm_start:norm_end`` is cut into clauses, its ends included."""
    if not opener_starts and not prior_starts:  # most articles: each sentence is one clause
        return _bounded(norm.text, [norm_start, norm_end])
    cuts = [norm_start]
    if opener_starts:  # few articles have any: no need to look for them sentence by sentence
        for position in opener_starts[bisect.bisect_left(opener_starts, norm_start + 1):bisect.bisect_left(opener_starts, norm_end)]:
            if norm.text[max(norm_start, position - 3):position].strip(" \"'“”«»").endswith(_CLAUSE_COMMAS):
                cuts.append(position)
    if prior_starts:
        inside = prior_starts[bisect.bisect_left(prior_starts, norm_start):bisect.bisect_left(prior_starts, norm_end)]
        cuts += [start for start in inside if start > norm_start]
        # "ورداً على الاستهداف، نفذت القوات ضربات": an earlier event that opens the sentence, or a
        # part of it after a comma, ends at the comma after it when an event word follows (else the
        # comma may open an apposition: "على خلفية اغتيال الشيخ فلان، أحد شيوخ القبيلة، قرب ...")
        opening = [start for start in inside if not norm.text[norm_start:start].strip(" \"'“”«»-•و")
                   or norm.text[max(norm_start, start - 3):start].strip(" \"'“”«»و").endswith(_CLAUSE_COMMAS)]
        for start in opening:
            comma = _comma_after(norm.text, start, norm_end)
            following = [cut for cut in inside if cut > start]
            stop = min(following, default=norm_end)
            if 0 < comma < stop and triggers and bisect.bisect_left(triggers, comma) < bisect.bisect_left(triggers, stop):
                cuts.append(comma)
                if answers is not None:
                    answers.add(comma)
    cuts = sorted(set(cuts))
    cuts.append(norm_end)
    return _bounded(norm.text, cuts)


_PRIOR_REACH = 90  # characters after a cue of an earlier event within which its clause ends at a comma


def _comma_after(text: str, start: int, end: int) -> int:
    """Where the clause of an earlier event that opens at ``start`` ends: after the first comma
    within reach, when one comes before ``end``; else -1."""
    stop = min(end, start + _PRIOR_REACH)
    found = [position for position in (text.find(mark, start, stop) for mark in ("،", ",")) if position >= 0]
    return min(found) + 1 if found else -1


def _bounded(text: str, cuts: list[int]) -> list[int]:
    """Cuts with none of the stretches between them longer than MAX_CLAUSE_CHARS: no reporter
    writes such a clause, and reading one costs time that grows with the square of its length."""
    bounded = [cuts[0]]
    for end in cuts[1:]:
        while end - bounded[-1] > MAX_CLAUSE_CHARS:
            space = text.rfind(" ", bounded[-1] + MAX_CLAUSE_CHARS // 2, bounded[-1] + MAX_CLAUSE_CHARS)
            bounded.append(space if space > bounded[-1] else bounded[-1] + MAX_CLAUSE_CHARS)
        bounded.append(end)
    return bounded


def _deal_hits(norm: NormalizedText, clauses: list[Clause], hits: dict[str, list[PhraseHit]]) -> None:
    starts = [clause.norm_start for clause in clauses]
    for concern, found in hits.items():
        for hit in found:
            position = bisect.bisect_right(starts, hit.start) - 1
            if position >= 0 and hit.start < clauses[position].norm_end:
                clauses[position].hits.setdefault(concern, []).append(hit)


@dataclass(frozen=True)
class _PartOfDay:
    start: int
    part: TimeOfDay


def _deal_by_source_offset(clauses: list[Clause], items: Sequence[PlaceMatch | UnresolvedName | DateMention | _PartOfDay],
                           attribute: str) -> None:
    starts = [clause.start for clause in clauses]
    for item in items:
        position = bisect.bisect_right(starts, item.start) - 1
        if position >= 0 and item.start < clauses[position].end:
            value = (item.start, item.part) if isinstance(item, _PartOfDay) else item
            getattr(clauses[position], attribute).append(value)
