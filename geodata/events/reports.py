"""Article -> reports: read each clause, then join the clauses that tell one event.

An article often tells one attack over several sentences ("the attack ... the base ... the
launcher was found ..."), and several events in one sentence ("the attack, and the coalition
responded"). Clauses with an event word open a report or continue the one they belong to;
clauses about a launcher give the attack its launch site; responses and finds at the launch
point are placed there.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from itertools import groupby
from operator import attrgetter

from geopy.distance import great_circle

from geodata.corpus.articles import Article
from geodata.dates.mentions import DateMention
from geodata.dates.patterns import DatePrecision, TimeOfDay
from geodata.events.clause_facts import ClauseFacts, is_stale, read_clause
from geodata.events.clauses import ArticleText, analyse
from geodata.events.cues import Cues, default_cues
from geodata.events.kinds import KindKey, kinds_with
from geodata.events.model import Report, Source
from geodata.events.targets import split_targets
from geodata.places.finder import PlaceIndex, PlaceMatch, default_index
from geodata.places.refs import PlaceRef, place_ref

SAME_PLACE_KM = 5.0
CARRY_SENTENCES = 2
_OPENER_REACH = 3  # an opener at the very start of a clause ("، في حين قصفت ...")
EXPLAINED_KM = 25.0
_AIMED = frozenset({"attack", "attack_with_weapon"})  # event words that aim at a target ("استهدف")  # explosions heard this far from a drill are the drill's


@dataclass
class Draft:
    """A report being assembled from the clauses that tell it."""

    kind: KindKey | None
    facts: list[ClauseFacts] = field(default_factory=list)
    launcher_facts: list[ClauseFacts] = field(default_factory=list)
    response: bool = False
    listed: bool = False  # one of the places of a list: continues only a report at that place
    origin: int = -1  # where the clause that opened the report starts (the parts of one list share it)
    defaulted: bool = False  # the kind was guessed from an attack word with no weapon: a later weapon tells it
    location: PlaceMatch | None = None
    launch: PlaceMatch | None = None
    attack_dates: list[DateMention] = field(default_factory=list)
    episode_dates: list[DateMention] = field(default_factory=list)  # the day of the episode it is part of
    # whether one of facts[:facts_read] is background: facts are only ever added, and a draft
    # that goes on for a whole article is asked once per clause (see _draft_background)
    background_read: bool = field(default=False, init=False, repr=False)
    facts_read: int = field(default=0, init=False, repr=False)

    @property
    def fire(self) -> bool:
        return self.kind in kinds_with("fire")

    @property
    def launched(self) -> bool:
        """An attack fired from somewhere (not an air strike, not a response)."""
        return self.kind in kinds_with("launched") and not self.response


def extract_reports(article: Article, *, cues: Cues | None = None, index: PlaceIndex | None = None) -> list[Report]:
    """The incidents one article reports, each with the sentences that report it."""
    cues = cues or default_cues()
    index = index or default_index()
    text = analyse(article.text, article.published, cues, index)
    facts = [read_clause(text, clause, text.reference) for clause in text.clauses]
    _share_within_sentences(text, facts)
    _carry_places_forward(facts)
    # a headline, sub-heading or caption sums up a paragraph: it tells no event of its own (its
    # place may still be what "القاعدة" in the lines after it refers to)
    # (a caption that dates its own event with a full date, "جانب من الحملة الأمنية في حي الجورة - 3 من
    # شباط 2025", tells it: often the only telling of an earlier event)
    titles = [fact for fact in facts if fact.clause.title and fact.reports_event and fact.location is not None]
    facts = [fact for fact in facts if not fact.clause.title or _dated_caption(fact)]
    facts = [part for fact in facts for part in split_targets(fact, article.text, cues)]
    facts = [part for fact in facts for part in _with_also_kind(fact)]
    drafts = _assemble(facts)
    _place_responses(drafts)
    drafts = _merge_drafts(drafts)
    denials = _dated_denials(facts) if [fact for fact in facts if fact.denial] else []
    if denials:
        drafts = [draft for draft in drafts if not _explained_away(text, draft, denials)]
    _place_where_recalled(drafts)
    if titles:
        _place_from_headline(drafts, titles)
    _date_from_episode(drafts)
    return [_report(draft, article, text, index) for draft in drafts if _reportable(draft)]


def _dated_caption(fact: ClauseFacts) -> bool:
    """A title line that tells an event and gives its full date (a photo caption), not the day of
    the page itself."""
    date = fact.date
    return (fact.reports_event and date is not None and date.date is not None and date.precision == "day"
            and not date.relative and date.date != fact.published)


def _reportable(draft: Draft) -> bool:
    """A report needs a kind and a place; an earlier event placed only in a whole region with no
    day of its own ("تصعيد تشهده المنطقة") is context, not an incident."""
    if draft.location is None or not draft.kind:
        return False
    vague_place = (draft.location.geo_precision or 3) == 3
    exact_day = any(fact.date and fact.date.precision == "day" for fact in draft.facts)
    dates = [fact.date for fact in draft.facts if fact.date and fact.date.date]
    if dates and all(date.year_only for date in dates):
        return False  # "المعارك التي دارت فيها عام 2017": a past campaign, not an incident
    return not (vague_place and _draft_background(draft) and not exact_day)


def _share_within_sentences(text: ArticleText, facts: list[ClauseFacts]) -> None:
    """Background cues, dates, the doer and the place of a sentence hold for all its clauses."""
    for _, group in groupby(facts, key=_sentence_and_context):
        clauses = list(group)
        if len(clauses) == 1:
            continue  # a clause alone shares only what it has
        background = any(fact.background_cue for fact in clauses)
        dated = next((fact.date for fact in clauses if fact.date and fact.date.date), None)
        place = next((fact.location for fact in clauses if fact.location and fact.location.place.in_region), None)
        # "هاجم التنظيم دورية في ريف دير الزور، وذلك بين بلدتي الدحلة وجديد البكارة": a clause that
        # only says where, in the area the event clause names, places the event more exactly
        exact = next((fact.location for fact in clauses if not fact.trigger_classes and fact.location is not None
                      and fact.location.place.in_region and (fact.location.geo_precision or 3) < 3), None)
        series = alleged = False
        for fact in clauses:
            # "تعرضت القواعد لعشرات الهجمات، وردت واشنطن عليها بضربات": answers to a series are a series
            series = series or fact.generic
            fact.generic = fact.generic or (series and fact.response)
            # "زعم أن مقاتليه قصفوا مقراً، ثم فجروا عبوة": what an allegation goes on to tell is alleged too
            contrast = _contrast(text, fact)
            alleged = (alleged and not contrast) or "allegation_cues" in fact.clause.hits
            fact.generic = fact.generic or alleged
            armed = next((other for other in clauses
                          if other.weapon and other.response == fact.response and other.trigger_classes
                          and not (fact.actors_by and other.actors_by and not set(fact.actors_by) & set(other.actors_by))), None)
            assault = contrast and armed is not None and armed.clause.start < fact.clause.start and bool(
                fact.trigger_classes - {"explosion"})
            if armed is not None and armed.weapon and not assault:
                # "تتعرض القرية لقصف بالمسيرات، في حين يتواصل هجوم على مزارع ...": the assault beside
                # the strike is not made with its weapon ("في حين انفجرت الثانية": the blast is)
                fact.with_weapon(armed.weapon, armed.kind)
            if not fact.actors_by and not contrast:  # "..., فيما قتل مدنيان بانفجار لغم": not by those before
                by = [actor for other in clauses if other.response == fact.response for actor in other.actors_by]
                fact.actors_by = [actor for actor in dict.fromkeys(by) if actor not in fact.actors_against]
            # the news told after the earlier event it answers is not that event's context
            fact.background_cue = (background and not fact.clause.after_earlier) or fact.background_cue
            fact.date = fact.date or dated
            if (fact.location is None or not fact.location.place.in_region) and not fact.clause.unresolved and not fact.context_event:
                # a clause that names a place the gazetteer lacks ("قرب قرية ميعزيلة") happened there
                fact.location = place or fact.location
            if (exact is not None and fact.reports_event and fact.location is not None and fact.location.geo_precision == 3
                    and fact.location is not exact and _within_area(fact.location, exact)):
                fact.location = exact


_sentence_index = attrgetter("clause.sentence_index")


def _sentence_and_context(fact: ClauseFacts) -> tuple[int, bool]:
    """A sentence's clauses share what they tell, those of the news apart from an earlier event
    told in it as context ("قتل عنصران بقصف ...، بعد ساعات من استهداف القاعدة بمسيرة")."""
    return fact.clause.sentence_index, fact.context_event


def _contrast(text: ArticleText, fact: ClauseFacts) -> bool:
    """The clause opens with a word that tells something beside the clause before ("فيما", "في حين")."""
    return any(hit.start - fact.clause.norm_start <= _OPENER_REACH for hit in text.find(fact.clause, "contrast_openers"))


def _carry_places_forward(facts: list[ClauseFacts]) -> None:
    """"وقال مصدر إن القوات اعتقلت ...": an event with no place of its own happened where the
    sentence or two before it was."""
    recent: tuple[int, PlaceMatch] | None = None
    abroad: tuple[int, PlaceMatch] | None = None  # where an event abroad was just told
    for fact in facts:
        sentence = fact.clause.sentence_index
        pointed = "anaphoric_places" in fact.clause.hits  # "القاعدة"، "البلدة ذاتها": the place named before, however far
        if (fact.location is None and recent is not None and (pointed or sentence - recent[0] <= CARRY_SENTENCES)
                and fact.reports_event and fact.kind and not fact.clause.unresolved and (pointed or not _background(fact))):
            # an earlier event told as context happened elsewhere, unless the text points back
            # ("وكانت القاعدة قد تعرضت الشهر الماضي لهجوم مماثل")
            fact.location = recent[1]
        elif (fact.location is None and abroad is not None and pointed and sentence - abroad[0] <= 1
              and fact.reports_event and fact.kind and not fact.clause.unresolved):
            # "تعرضت القوات الأمريكية في قاعدة عين الأسد لاستهداف. وسمع دوي انفجارات في القاعدة": still abroad
            fact.location = abroad[1]
        if fact.location is not None and fact.location.place.in_region and (fact.location.geo_precision or 3) <= 2:
            recent, abroad = (sentence, fact.location), None
        elif fact.location is not None and not fact.location.place.in_region and fact.reports_event and (fact.kind or fact.generic_attack):
            # "وكان هجوم صاروخي قد ضرب قاعدة عين الأسد ... وردت الدفاعات": the story went abroad
            recent, abroad = None, (sentence, fact.location)


def _with_also_kind(fact: ClauseFacts) -> list[ClauseFacts]:
    """An interception clause that also tells the attack it stopped reports both; a drone
    strike told with rockets or shells is two attacks by the same hands."""
    if not fact.reports_event:
        return [fact]
    parts = [fact]
    if fact.also_kind is not None:
        parts.append(replace(fact, kind=fact.also_kind, also_kind=None, second_kind=None,
                             actors_by=fact.actors_against, actors_against=fact.actors_by))
    if fact.second_kind is not None:
        parts.append(replace(fact, kind=fact.second_kind, also_kind=None, second_kind=None))
    return parts


def _assemble(facts: list[ClauseFacts]) -> list[Draft]:
    drafts: list[Draft] = []
    for fact in facts:
        if fact.launcher and not fact.reports_event:
            _note_launcher(drafts, fact)
            continue
        if not fact.reports_event:
            _note_casualties(drafts, fact)
            _note_where(drafts, fact)
            continue
        if fact.kind == "airstrike" and not fact.clause.has("weapons") and _drone_raids(drafts, fact):
            fact = replace(fact, kind="drone_attack", weapon="drone")
        target = _continued_draft(drafts, fact)
        if target is None:
            target = Draft(kind=fact.kind or _default_kind(fact), response=fact.response, listed=fact.listed,
                           origin=fact.clause.start, defaulted=fact.kind is None)
            drafts.append(target)
        _absorb(target, fact)
    return drafts


def _drone_raids(drafts: list[Draft], fact: ClauseFacts) -> bool:
    """"تبين أن غارة نفذتها مسيرة استهدفت مقراً ... واستهدفت غارة ثانية قافلة": a raid that names
    no aircraft, told right after a raid a drone made, is the drone's too."""
    background = _background(fact)
    for draft in reversed(drafts):
        if _draft_background(draft) != background:
            continue
        last = max(other.clause.sentence_index for other in draft.facts)
        return (draft.kind == "drone_attack" and fact.clause.sentence_index - last <= 1
                and any("airstrike" in other.trigger_classes for other in draft.facts))
    return False


def _note_casualties(drafts: list[Draft], fact: ClauseFacts) -> None:
    """"ولم تسفر عن إصابات": a clause that only counts casualties belongs to the report just before."""
    counts = fact.casualties
    if (not drafts or (counts.killed is None and counts.injured is None) or fact.background_cue or fact.clause.dates
            or fact.denial or "claim_cues" in fact.clause.hits or "allegation_cues" in fact.clause.hits):
        return
    placed = fact.location is not None and (fact.location.geo_precision or 3) < 3
    if placed:
        # "وفي الطيانة وحدها أصيب ثلاثة أطفال": the toll of the report at that place
        assert fact.location is not None
        last = next((draft for draft in reversed(drafts) if draft.location is not None
                     and draft.location.place.id == fact.location.place.id), None)
    else:
        # the report told last, of the news or of its context as the clause is
        background = _background(fact)
        told = next((draft for draft in reversed(drafts) if _draft_background(draft) == background), drafts[-1])
        last = _list_head(drafts, told)
    if last is not None and fact.clause.sentence_index - max(other.clause.sentence_index for other in last.facts) <= 1:
        last.facts.append(replace(fact, location=None, launch=None, others=[], actors_by=[], actors_against=[]))


def _note_where(drafts: list[Draft], fact: ClauseFacts) -> None:
    """"وذكرت الشبكة أن المعبر يقع بالقرب من مطار دير الزور العسكري": a clause that only says where
    the place just hit lies gives the report before it that place, when it had only a region."""
    if not drafts or fact.location is None or "locating_cues" not in fact.clause.hits or fact.background_cue:
        return
    last = drafts[-1]
    close = fact.clause.sentence_index - max(other.clause.sentence_index for other in last.facts) <= 1
    if close and (last.location is None or (last.location.geo_precision or 3) == 3) and _more_precise(fact.location, last.location):
        last.location = fact.location


def _default_kind(fact: ClauseFacts) -> KindKey:
    if "explosion" in fact.trigger_classes and not fact.response:
        return "ied_explosion"
    if fact.response or fact.shelling_word:
        return "artillery_shelling"
    if fact.generic_attack:
        # "هاجم مسلحون حاجزاً", "تعرضت لهجوم مباشر من مجموعات مسلحة": a ground attack; on civilians a killing
        return "other" if fact.civilian else "armed_clash"
    return "other"


def _continued_draft(drafts: list[Draft], fact: ClauseFacts) -> Draft | None:
    """The earlier report this clause goes on telling, if any."""
    background = _background(fact)
    retold: Draft | None = None  # the same strike told with another weapon: only when no report of its own kind goes on
    for draft in reversed(drafts):
        if draft.response != fact.response or _draft_background(draft) != background:
            continue
        same_kind = ((fact.kind is None and (draft.fire or fact.response or _told_again(draft, fact)) and not _other_hands(draft, fact))
                     or fact.kind == draft.kind or _caught_in(draft, fact) or _weapon_told_later(draft, fact)
                     or _gunmen_fight(draft, fact))
        if _other_day(draft, fact):
            continue  # "وفي حادثة سابقة بتاريخ 18 أيلول ...": the same kind at the same place, another day
        site = _same_site(draft.location, fact.location, draft.listed or fact.listed) or _recalled_nearby(draft, fact)
        if not site or _unknown_apart(draft, fact):
            continue
        if same_kind:
            return _placed(drafts, draft, fact)
        if retold is None and _retold_strike(draft, fact):
            retold = draft
    return None if retold is None else _placed(drafts, retold, fact)


def _for_unknown(fact: ClauseFacts) -> bool:
    """The clause's place is the area around a village the gazetteer lacks ("قرية العزبة شمال دير الزور")."""
    return bool(fact.clause.unresolved) and fact.location is not None and (fact.location.geo_precision or 3) == 3


def _unknown_apart(draft: Draft, fact: ClauseFacts) -> bool:
    """"حملة دهم في قرية العزبة شمال دير الزور ... وطالت حملة دهم أيضاً قرية الزر": a report
    placed only in the area of a village the gazetteer lacks and one at a village it holds are two
    (the area would otherwise take in the named village)."""
    if fact.location is None or draft.location is None:
        return False
    named = (fact.location.geo_precision or 3) < 3 and any(_for_unknown(other) for other in draft.facts)
    return named or ((draft.location.geo_precision or 3) < 3 and _for_unknown(fact))


def _recalled_nearby(draft: Draft, fact: ClauseFacts) -> bool:
    """"ودفع اشتداد القصف التركي سكان بلدة تل تمر إلى النزوح": the shelling already told (the word
    with the article), named with a town beside the village it hit, is that shelling."""
    first, second = draft.location, fact.location
    return (fact.definite and not draft.listed and first is not None and second is not None
            and first.geo_precision == 1 and second.geo_precision == 1 and first.place.in_region and second.place.in_region
            and great_circle((first.place.lat, first.place.lon), (second.place.lat, second.place.lon)).km <= SAME_PLACE_KM)


def _told_again(draft: Draft, fact: ClauseFacts) -> bool:
    """"وبعد الهجوم حلقت مقاتلات التحالف فوق المنطقة": an attack word with the article and no
    weapon is the attack already told (a bombing or a fight as much as a strike)."""
    return fact.generic_attack and fact.definite and draft.kind in kinds_with("political_violence")


def _placed(drafts: list[Draft], draft: Draft, fact: ClauseFacts) -> Draft:
    """The report a clause goes on: ``draft`` when the clause names a place, else the head of its list."""
    placed = fact.location is not None and (fact.location.geo_precision or 3) < 3
    return draft if placed else _list_head(drafts, draft)


def _list_head(drafts: list[Draft], draft: Draft) -> Draft:
    """The report of the first place of the list ``draft`` belongs to (itself when it is not
    one of a list): what the text then says with no place of its own, a toll or a date, goes
    with the first place named, as analysts record it."""
    if not draft.listed:
        return draft
    return next((other for other in drafts if other.listed and other.origin == draft.origin and other.kind == draft.kind), draft)


def _other_hands(draft: Draft, fact: ClauseFacts) -> bool:
    """"غارتان للتحالف على مستودع ... في حين قصفت قسد موقعين": an attack word with no weapon
    by another doer is another attack, not the strike told again."""
    opened = any(hit.start - fact.clause.norm_start <= _OPENER_REACH for hit in fact.clause.of("clause_openers"))
    doers = {actor for other in draft.facts for actor in other.actors_by}
    return opened and bool(fact.actors_by) and not doers & set(fact.actors_by)


def _weapon_told_later(draft: Draft, fact: ClauseFacts) -> bool:
    """"دوت 3 انفجارات ناجمة عن استهداف القاعدة. ... تعرضت القاعدة لهجوم بطائرات مسيرة": a blast
    or an attack of no stated weapon, then the weapon in the next sentence, is one attack."""
    told = fact.kind in kinds_with("fire") and fact.kind != "interception"
    # "استهدف مسلحون سيارة للتحالف ... استهدفوا بعبوة ناسفة سيارة في بادية الصور": the bomb is how
    # the attack of no stated weapon was made, not a second attack
    return ((draft.defaulted and told) or _planted(draft, fact)) and fact.clause.sentence_index - draft.facts[-1].clause.sentence_index <= 1


def _gunmen_fight(draft: Draft, fact: ClauseFacts) -> bool:
    """"استهدف مسلحون نقطة لقسد بقذيفة صاروخية، فردت الأخيرة واندلعت اشتباكات": a round gunmen
    fire at a post, then the fight it starts in the same sentence, is one attack by gunmen: a clash."""
    return (fact.kind == "armed_clash" and draft.kind in _GUNMEN_ROUNDS and not draft.response
            and draft.facts[-1].clause.sentence_index == fact.clause.sentence_index
            and all(other.clause.has("gunmen_words") for other in draft.facts if other.weapon))


_GUNMEN_ROUNDS = frozenset({"rocket_attack", "artillery_shelling"})


def _planted(draft: Draft, fact: ClauseFacts) -> bool:
    """A bomb aimed at a target ("استهدفوا بعبوة ناسفة سيارة"), told after an attack by gunmen that
    named no weapon of theirs ("استهدف مسلحون مجهولون سيارة"): how that attack was made."""
    return (fact.kind == "ied_explosion" and bool(fact.trigger_classes & _AIMED) and draft.kind == "armed_clash"
            and all(_armed_by_name_only(other) for other in draft.facts))


def _armed_by_name_only(fact: ClauseFacts) -> bool:
    """The only weapon the clause names is in the word for those who attacked ("مسلحون")."""
    gunmen = fact.clause.of("gunmen_words")
    return all(any(name.start <= hit.start < name.end for name in gunmen) for hit in fact.clause.of("weapons"))


def _caught_in(draft: Draft, fact: ClauseFacts) -> bool:
    """"اندلعت اشتباكات ... في حين قُتل مدني برصاص قناص": a civilian killed in the sentence that
    tells a fight or a strike is one of its casualties, not a killing of its own."""
    return (fact.kind == "other" and fact.civilian and draft.kind in kinds_with("political_violence")
            and draft.facts[-1].clause.sentence_index == fact.clause.sentence_index)


def _other_day(draft: Draft, fact: ClauseFacts) -> bool:
    """Whether the clause's own day is more than a day from every day the report has."""
    if fact.date is None or fact.date.date is None or fact.date.precision != "day":
        return False
    days = [other.date for other in draft.facts if other.date and other.date.date and other.date.precision == "day"]
    return bool(days) and all(abs((fact.date.date - day.date).days) > _day_slack(fact.date, day) for day in days if day.date)


def _day_slack(first: DateMention, second: DateMention) -> int:
    """Days two dates of one event may differ by: a night runs into the next day ("ليلة أمس" and
    "فجر اليوم"), a day does not ("يوم السبت" and "يوم الأحد" are two days)."""
    return 1 if {first.time_of_day, second.time_of_day} & {"night", "dawn"} else 0


def _retold_strike(draft: Draft, fact: ClauseFacts) -> bool:
    """"استهدفت مسيرة القاعدة ... وأطلقت صاروخين على القاعدة": the same strike on the same site
    told again with another weapon, on no other day."""
    strikes = kinds_with("fire") - {"interception"}
    if (draft.kind not in strikes or fact.kind not in strikes or fact.second_kind == draft.kind
            or any(other.clause is fact.clause for other in draft.facts)):
        # two kinds one clause tells ("بطائرة مسيرة وصواريخ") are two attacks, also when an earlier
        # sentence told the one of them ("أطلقت 5 صواريخ نحو القاعدة ... استهدفت القاعدة بـ 3 صواريخ وطائرة مسيرة")
        return False
    own_day = fact.date.date if fact.date and fact.date.precision == "day" else None
    draft_days = {other.date.date for other in draft.facts if other.date and other.date.precision == "day"}
    same_day = own_day is None or not draft_days or own_day in draft_days
    if draft.response and fact.response and (draft.location is None or fact.location is None):
        # "لترد قوات التحالف بقصف المواقع ... وعقب الهجوم قصف سلاح الجو موقع الإطلاق": one response
        return same_day
    if draft.location is None or fact.location is None:
        return False
    return draft.location.place.id == fact.location.place.id and same_day


def _compatible(first: PlaceMatch | None, second: PlaceMatch | None) -> bool:
    if first is None or second is None or first.place.id == second.place.id:
        return True
    if first.place.in_region != second.place.in_region:
        # "قاعدة عين الأسد في الأنبار" is no place of an attack on حقل العمر; "شرق سوريا" may be
        outside = second if first.place.in_region else first
        return outside.place.id in default_cues().region_containers
    if first.geo_precision == 3 or second.geo_precision == 3:
        area, other = (first, second) if first.geo_precision == 3 else (second, first)
        return _within_area(area, other)
    if not first.place.in_region:
        return True
    if _two_settlements(first, second):
        return False
    return great_circle((first.place.lat, first.place.lon), (second.place.lat, second.place.lon)).km <= SAME_PLACE_KM


_SETTLEMENT_KINDS = frozenset({"village", "town", "city"})


def _two_settlements(first: PlaceMatch, second: PlaceMatch) -> bool:
    """"دهمت الدوريات بلدة الجنينة ... كذلك اعتقل ثلاثة في بلدة الصالحية": two villages or towns
    each named as the place itself are two targets, however close (a site and its town, or a base
    and the village beside it, may still be one)."""
    return (first.geo_precision == 1 and second.geo_precision == 1
            and first.place.kind in _SETTLEMENT_KINDS and second.place.kind in _SETTLEMENT_KINDS
            and first.place.parent != second.place.id and second.place.parent != first.place.id)


AREA_REACH_KM = 30.0  # "بادية الميادين", "ريف الميادين": the country around a city reaches this far


def _within_area(area: PlaceMatch, other: PlaceMatch) -> bool:
    """Whether a place may lie in an area the text names: a governorate or a governorate's
    countryside holds its own places only ("حملة في محافظة الرقة ... وامتدت إلى البصيرة" is
    another campaign); the country around a city holds what lies near it; wider areas (eastern
    Syria, a river, a bank) hold anything."""
    place = area.place
    if other.geo_precision == 3 and other.place.geo_precision == 3:
        return True
    if place.geo_precision != 3:  # a town's countryside or desert
        return great_circle((place.lat, place.lon), (other.place.lat, other.place.lon)).km <= AREA_REACH_KM
    if place.kind == "governorate" or place.id.endswith("-countryside"):
        return not (place.governorate and other.place.governorate) or place.governorate == other.place.governorate
    return True


def _same_site(first: PlaceMatch | None, second: PlaceMatch | None, listed: bool) -> bool:
    """Whether two reports' places may be one event's: compatible places, or, for a place of a
    list, the same named place (a region or no place fits any)."""
    if listed and first is not None and second is not None and first.site != second.site:
        return False  # "حي البتاني" and "حي البريد", two targets placed at one town
    if not listed or first is None or second is None or first.place.id == second.place.id:
        return _compatible(first, second)
    return (first.geo_precision == 3 or second.geo_precision == 3) and _compatible(first, second)


def _absorb(draft: Draft, fact: ClauseFacts) -> None:
    retold = fact.kind != draft.kind and (_planted(draft, fact) or _gunmen_fight(draft, fact))
    draft.facts.append(fact)
    if fact.kind and (draft.kind is None or draft.defaulted or retold):
        # "ردت بقصف المواقع ... قصف سلاح الجو موقع الإطلاق": the weapon named later tells the kind
        draft.kind, draft.defaulted = fact.kind, False
    if _more_precise(fact.location, draft.location):
        draft.location = fact.location
    if fact.launch and _more_precise(fact.launch, draft.launch):
        draft.launch = fact.launch


def _more_precise(candidate: PlaceMatch | None, current: PlaceMatch | None) -> bool:
    if candidate is None:
        return False
    if current is None:
        return True
    if candidate.place.in_region != current.place.in_region:
        return candidate.place.in_region
    if (candidate.geo_precision or 3) == (current.geo_precision or 3):
        if candidate.geo_precision == 1 and candidate.place.parent == current.place.id:
            return True  # "في مدينة دير الزور ... امتدت الحملة إلى حي الجورة": a site in the town
        if candidate.geo_precision == 3:
            # two areas: the smaller says more ("شمال دير الزور" over "شمال وشرق سوريا")
            return candidate.place.uncertainty_m < current.place.uncertainty_m
    return (candidate.geo_precision or 3) < (current.geo_precision or 3)


def _note_launcher(drafts: list[Draft], fact: ClauseFacts) -> None:
    """"The launcher stood between X and Y": the latest attack's launch site."""
    attack = next((draft for draft in reversed(drafts) if draft.launched), None)
    place = fact.location
    if attack is None or place is None:
        return
    attack.launcher_facts.append(fact)
    if _more_precise(place, attack.launch):
        attack.launch = place


def _place_responses(drafts: list[Draft]) -> None:
    """A response strikes where the attack before it came from, on the attack's day; a find at
    the launch point is there too."""
    for position, draft in enumerate(drafts):
        attack = next((earlier for earlier in reversed(drafts[:position]) if earlier.launched and earlier.launch), None)
        attack = attack or next((later for later in drafts if later.launched and later.launch), None)
        at_launch = draft.response or (draft.kind in kinds_with("at_launch_point") and any(fact.launcher for fact in draft.facts))
        if attack is None and draft.response and draft.location is not None:
            # "ردّ الجنود في الحقل بقصف على الموقع الذي أطلقت منه الصواريخ": with no launch site told,
            # the base the attack hit is where the answer came from, not where it fell
            hit = next((earlier for earlier in reversed(drafts[:position]) if earlier.launched and earlier.location is not None), None)
            if hit is not None and hit.location is not None and hit.location.place.id == draft.location.place.id:
                draft.location = None
        if attack is None or not at_launch:
            continue
        attacked = attack.location.place.id if attack.location else None
        if draft.location is None or draft.location.place.id == attacked or _more_precise(attack.launch, draft.location):
            draft.location = attack.launch
        if draft.response:
            draft.attack_dates = [fact.date for fact in attack.facts if fact.date and fact.date.date]


def _merge_drafts(drafts: list[Draft]) -> list[Draft]:
    """Reports that turned out to be one event once placed (two finds at the launch point)."""
    merged: list[Draft] = []
    for draft in drafts:
        twin = next((kept for kept in merged if kept.kind == draft.kind and kept.response == draft.response
                     and _draft_background(kept) == _draft_background(draft)
                     and not any(_other_day(kept, fact) or _unknown_apart(kept, fact) for fact in draft.facts)
                     and _same_site(kept.location, draft.location, kept.listed or draft.listed)), None)
        if twin is None:
            merged.append(draft)
            continue
        twin.facts += draft.facts
        twin.launcher_facts += draft.launcher_facts
        twin.location = draft.location if _more_precise(draft.location, twin.location) else twin.location
        twin.launch = draft.launch if _more_precise(draft.launch, twin.launch) else twin.launch
    return merged


def _place_where_recalled(drafts: list[Draft]) -> None:
    """"دفعت قسد بتعزيزات نحو مناطق الاشتباك": a move with no place of its own, toward an event
    already told, went where the latest such event of the news was."""
    for position, draft in enumerate(drafts):
        if draft.location is not None or not any(fact.recalls for fact in draft.facts):
            continue
        told = next((earlier for earlier in reversed(drafts[:position]) if earlier.location is not None
                     and earlier.kind != draft.kind and not _draft_background(earlier)), None)
        told = told or next((later for later in drafts[position + 1:] if later.location is not None
                             and later.kind != draft.kind and not _draft_background(later)), None)
        if told is not None:
            draft.location = told.location


def _place_from_headline(drafts: list[Draft], titles: list[ClauseFacts]) -> None:
    """"مقتل عنصرين بهجوم في ذيبان" over a body that says only "في ريف دير الزور الشرقي": the
    report of the news the body places in an area only happened at the town the headline names in
    that area, when the headline tells an event of its kind there and no other report is at that town."""
    for draft in drafts:
        if (draft.location is None or (draft.location.geo_precision or 3) != 3 or draft.response
                or _draft_background(draft)):
            continue
        area = draft.location
        named = {title.location.place.id: title.location for title in titles
                 if title.location is not None and title.location.place.in_region
                 and (title.location.geo_precision or 3) < 3 and _within_area(area, title.location)
                 and (title.kind == draft.kind or (title.kind is None and title.generic_attack and not draft.fire))}
        if len(named) != 1:
            continue
        [place] = named.values()
        if any(other.location is not None and other.location.place.id == place.place.id for other in drafts):
            continue
        draft.location = place


def _date_from_episode(drafts: list[Draft]) -> None:
    """"وبالتوازي تتعرض قرية أم الكيف لقصف": an event of the news told with no day of its own
    happened on the day of the episode told before it (a roundup's earlier item, a lead's
    attack), until the article turns to other news ("وعلى صعيد آخر")."""
    episode: list[DateMention] = []
    for draft in drafts:
        first = min(draft.facts, key=lambda fact: fact.clause.start)
        if "topic_shift_cues" in first.clause.hits:
            episode = []
        if draft.response or _draft_background(draft):
            continue
        own = [fact.date for fact in draft.facts if fact.date and fact.date.date and fact.date.precision == "day"]
        if own:
            episode = own[:1]
        elif not draft.attack_dates and not any(fact.date and fact.date.date for fact in draft.facts):
            draft.episode_dates = list(episode)
    _date_from_later_telling(drafts)
    _date_from_hours_before(drafts)


# "بعد ساعات قليلة من", "بعد أقل من ساعتين على", "بعد نحو 3 ساعات من" (normalised): a lapse of hours
_HOURS = re.compile(r"(?<!\w)(?:(?P<count>\d+) )?(?:ساعه|ساعات|ساعتين|دقائق|دقيقه)(?!\w)")
_SAME_DAY_HOURS = 12  # an earlier event this many hours before the news, or fewer, is of the news' day


def _hours_before(fact: ClauseFacts) -> bool:
    """Whether the fact's clause tells its event as a few hours before another ("بعد ساعات من")."""
    for hit in fact.clause.of("context_event_cues"):
        match = _HOURS.search(hit.phrase)
        if match and (match["count"] is None or int(match["count"]) <= _SAME_DAY_HOURS):
            return True
    return False


def _date_from_hours_before(drafts: list[Draft]) -> None:
    """"تعرضت القاعدة لهجوم مساء أمس، بعد ساعات قليلة من هجوم شبيه": an earlier event told as
    hours before the news, with no day of its own, happened on the day of the news its sentence
    tells."""
    for draft in drafts:
        if draft.attack_dates or draft.episode_dates or any(fact.date and fact.date.date for fact in draft.facts):
            continue
        sentences = {fact.clause.sentence_index for fact in draft.facts if fact.context_event and _hours_before(fact)}
        if not sentences:
            continue
        for other in drafts:
            if other is draft or other.response or _draft_background(other):
                continue
            if not any(fact.clause.sentence_index in sentences for fact in other.facts):
                continue
            own = [fact.date for fact in other.facts if fact.date and fact.date.date and fact.date.precision == "day"]
            days = own or [mention for mention in other.attack_dates + other.episode_dates if mention.precision == "day"]
            if days:
                draft.episode_dates = days[:1]
                break


def _date_from_later_telling(drafts: list[Draft]) -> None:
    """"• الدفاعات الجوية اعترضت قسماً منها ... وأوضحت المصادر أن رشقة صاروخية ضربت القاعدة مساء
    أمس الجمعة": an event a summary or a lead tells with no day, before any day is told, happened on
    the day the body gives the first event of its kind or at its place."""
    for position, draft in enumerate(drafts):
        if (draft.response or draft.episode_dates or draft.attack_dates or _draft_background(draft)
                or any(fact.date and fact.date.date for fact in draft.facts)):
            continue
        for later in drafts[position + 1:]:
            first = min(later.facts, key=lambda fact: fact.clause.start)
            if "topic_shift_cues" in first.clause.hits:
                break
            if later.response or _draft_background(later):
                continue
            own = [fact.date for fact in later.facts if fact.date and fact.date.date and fact.date.precision == "day"]
            if not own:
                continue
            same_place = draft.location is not None and later.location is not None and draft.location.place.id == later.location.place.id
            if later.kind == draft.kind or same_place:
                draft.episode_dates = own[:1]
            break


def _dated_denials(facts: list[ClauseFacts]) -> list[tuple[ClauseFacts, dt.date | None]]:
    """The clauses that deny or explain away an event, each with its day: its own, else that of
    the latest clause before it that has one ("... دوّت مساء أمس. وكانوا يختبرون منظومة ...")."""
    found: list[tuple[ClauseFacts, dt.date | None]] = []
    day: dt.date | None = None
    for fact in facts:
        if fact.date and fact.date.date and fact.date.precision == "day":
            day = fact.date.date
        if fact.denial:
            found.append((fact, day))
    return found


def _explained_away(text: ArticleText, draft: Draft, denials: list[tuple[ClauseFacts, dt.date | None]]) -> bool:
    """"دوي انفجارات في حقل العمر ... تبيّن أنها ناجمة عن تدريبات": an explosion of no stated
    cause, told by an article that explains or denies what happened there that day (a drill, a
    test, "no attack took place"), is what the article explains, not an attack."""
    if any(fact.weapon for fact in draft.facts):
        return False
    heard = all(text.find(fact.clause, "heard_cues") for fact in draft.facts)  # "أصوات اشتباكات أعقبت الانفجارات"
    if draft.kind != "ied_explosion" and not heard:
        return False
    days = {fact.date.date for fact in draft.facts if fact.date and fact.date.date and fact.date.precision == "day"}
    for denial, day in denials:
        same_day = day is None or not days or any(abs((day - other).days) <= 1 for other in days if other)
        if same_day and _within(draft.location, denial.location, EXPLAINED_KM):
            return True
    return False


def _within(first: PlaceMatch | None, second: PlaceMatch | None, km: float) -> bool:
    """Whether two places may be the same area (either unknown or a region counts)."""
    if first is None or second is None or first.geo_precision == 3 or second.geo_precision == 3:
        return True
    return great_circle((first.place.lat, first.place.lon), (second.place.lat, second.place.lon)).km <= km


def _background(fact: ClauseFacts) -> bool:
    date = fact.date.date if fact.date else None
    vague = bool(fact.date and fact.date.vague and not fact.date.until_now)
    return fact.background_cue or fact.context_event or vague or is_stale(date, fact.published)


def _draft_background(draft: Draft) -> bool:
    """Whether any fact of the draft is background, reading each fact once."""
    if not draft.background_read:
        draft.background_read = any(_background(fact) for fact in draft.facts[draft.facts_read:])
        draft.facts_read = len(draft.facts)
    return draft.background_read


def _report(draft: Draft, article: Article, text: ArticleText, index: PlaceIndex) -> Report:
    assert draft.location is not None, "only placed drafts are reportable"
    date, precision, time_of_day = _draft_date(draft, text.reference)
    background = _draft_background(draft) or is_stale(date, text.reference)
    by, against = _draft_actors(draft)
    killed, injured, notes = _draft_casualties(draft)
    location = place_ref(draft.location, index.gazetteer)
    launch = place_ref(draft.launch, index.gazetteer) if draft.launch else None
    return Report(
        kind=draft.kind or "other",
        source=_source(draft, article, text),
        date=date,
        date_precision=precision,
        time_of_day=time_of_day,
        background=background,
        location=location,
        launch_site=launch,
        other_places=_other_places(draft, location, launch, index),
        actors_by=by,
        actors_against=against,
        killed=killed,
        injured=injured,
        notes=notes,
        weapon=next((fact.weapon for fact in draft.facts if fact.weapon), None),
    )


def _draft_date(draft: Draft, published: dt.date | None) -> tuple[dt.date | None, DatePrecision, TimeOfDay | None]:
    mentions = [fact.date for fact in draft.facts if fact.date and fact.date.date] or draft.attack_dates or draft.episode_dates
    time_of_day = next((fact.time_of_day for fact in draft.facts if fact.time_of_day), None)
    if mentions:
        best = max(mentions, key=lambda mention: (mention.precision == "day", not mention.vague))
        return best.date, best.precision, best.time_of_day or time_of_day
    if published:
        return published, "approximate", time_of_day
    return None, "unknown", time_of_day


def _draft_actors(draft: Draft) -> tuple[list[str], list[str]]:
    by: list[str] = []
    against: list[str] = []
    for fact in draft.facts:
        by += [actor for actor in fact.actors_by if actor not in by]
        against += [actor for actor in fact.actors_against if actor not in against]
    return by, [actor for actor in against if actor not in by]


def _draft_casualties(draft: Draft) -> tuple[int | None, int | None, list[str]]:
    notes: list[str] = []
    counts: dict[str, int | None] = {"killed": None, "injured": None}
    for fact in draft.facts:
        notes += [note for note in fact.casualties.notes if note not in notes]
        for key in counts:
            value = getattr(fact.casualties, key)
            if value is not None and (counts[key] is None or value > counts[key]):
                counts[key] = value
    return counts["killed"], counts["injured"], notes


def _source(draft: Draft, article: Article, text: ArticleText) -> Source:
    indices = sorted({fact.clause.sentence_index for fact in draft.facts + draft.launcher_facts})
    spans = tuple(text.sentences[index] for index in indices)
    excerpt = " ".join(article.text[start:end] for start, end in spans)
    return Source(article.id, article.outlet, article.url, article.published, excerpt, spans)


def _other_places(draft: Draft, location: PlaceRef | None, launch: PlaceRef | None, index: PlaceIndex) -> list[PlaceRef]:
    taken = {ref.gazetteer_id for ref in (location, launch) if ref}
    others: list[PlaceRef] = []
    for fact in draft.facts:
        for match in [*fact.others, fact.location, fact.launch]:
            if match is None or match.place.id in taken:
                continue
            taken.add(match.place.id)
            others.append(place_ref(match, index.gazetteer))
    return others
