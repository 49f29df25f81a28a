"""What one clause says: the kind of event, its places and their roles, actors, casualties
and date. The rules read the cue data; see data/event_kinds.yaml for the kind rules."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from geodata.dates.mentions import DateMention
from geodata.dates.patterns import TimeOfDay
from geodata.events.casualties import Casualties, casualties_from_hits, says_no_losses
from geodata.events.clauses import ArticleText, Clause
from geodata.events.kinds import KindKey, kinds_with
from geodata.places.finder import PlaceMatch
from geodata.places.framing import default_place_phrases
from geodata.text.phrase_index import PhraseHit

ATTACK_TRIGGERS = frozenset({"attack", "attack_with_weapon", "airstrike", "explosion"})
# triggers an intention or a failure can govern ("تسعى إلى ضبط", "سعت إلى اعتراض الصواريخ")
INTENDED_TRIGGERS = ATTACK_TRIGGERS | {"interception", "found", "movement"}
AERIAL_WEAPONS = frozenset({"drone", "rocket", "air"})  # what an interception brings down
_ANSWER_WEAPONS = frozenset({"drone", "rocket", "artillery"})  # weapons an answer to air strikes is told with
WEAPON_KIND: dict[str, KindKey] = {"drone": "drone_attack", "air": "airstrike", "ied": "ied_explosion", "rocket": "rocket_attack",
               "artillery": "artillery_shelling", "small_arms": "armed_clash"}
WEAPON_PRIORITY = ("drone", "air", "ied", "rocket", "artillery", "small_arms")
# Attack words that mean fire from afar: with no weapon named, "قصف" is shelling, "هجوم" a clash.
SHELLING_WORDS = frozenset({"قصف", "يقصف", "تقصف", "دكت"})
# Verbs of suffering an attack ("تعرضت القوات لهجوم"): the force named with them is its target.
SUFFERED_WORDS = frozenset({"تعرض", "تتعرض", "يتعرض"})
_RELATION_RANK = {"at": 0, "between": 0, "near": 1, "road": 2, "region": 3, "reference": 4}
_KIND_RANK = {"base": 0, "oilfield": 0, "facility": 0, "border_crossing": 0, "neighbourhood": 1, "village": 1,
              "town": 2, "city": 3}
_STATEMENT_END = re.compile(r"(?:^|\s)(?:ان|بان|لان|إن)(?:\s|$)|:")
_INTENT_REACH = 40
_STOCK_REACH = 24
_ROLE_CUE_REACH = 70
_SHORT_CUE_REACH = 22
_ACTOR_CUE_REACH = 14
_LIST_GAP = 6
_DISTANCE_WORDS = ("كلا", "كل", "قرب", "القرب", "مقربه", "قريب", "قريبه", "قريبا", "بعد", "بعيدا", "كم", "كيلومتر", "كيلومترات", "مسافه", "مترا", "متر",
                   "الشرق", "الغرب", "الشمال", "الجنوب", "الشرقي", "الغربي")  # "إلى الجنوب الشرقي من": a direction
_STALE_DAYS = 4
_DATELINE_TAIL = re.compile(r"\s*(?:\(\s*\)\s*)?[-–—ـ]")
_QUOTES_AND_SPACE = " \t\"'“”«»"
_VICTIM_CLASSES = frozenset({"attack", "attack_with_weapon", "clash", "explosion", "killing"})  # where civilian victims change the kind
_STAYING_KINDS = frozenset({"security_operation", "weapons_found", "other"})
_REMOTE_KINDS = frozenset({"airstrike", "artillery_shelling", "rocket_attack"})  # where they happen is no destination
_AFTER_GAP = 1  # "عقب الغارات": the event word follows the after word directly
_FRAME_REACH = 40  # "قرية المزرعة الغربية شرقي مدينة دير الزور": an unknown name, then its frame
_NONE: frozenset[str] = frozenset()
_SIDE_WORDS = frozenset({"جهه", "ناحيه"})  # normalised: "من جهة", "من ناحية"
_SUPPORT_REACH = 30
_VICTIM_REACH = 12  # "مقتل ستة مسلحين": the persons a casualty word counts  # "بدعم من سلاحي الجو والمدفعية": the weapons a support cue governs
_REPORT_REACH = 40
_OBJECT_PRONOUNS = ("ها", "هما", "هم")  # "وكانت مصادر مقربة من قسد قد أبلغت": the reporting verb a pluperfect cue governs


@dataclass(slots=True)
class ClauseFacts:
    """The reading of one clause; ``kind`` None with ``generic_attack`` means an attack word
    with no weapon, which takes its kind from the report it continues."""

    clause: Clause
    kind: KindKey | None = None
    weapon: str | None = None
    generic_attack: bool = False
    response: bool = False
    prior_event: bool = False
    denial: bool = False
    generic: bool = False
    background_cue: bool = False
    launcher: bool = False
    location: PlaceMatch | None = None
    launch: PlaceMatch | None = None
    others: list[PlaceMatch] = field(default_factory=list)
    passed: list[PlaceMatch] = field(default_factory=list)  # where those it hit came from or went: no target
    actors_by: list[str] = field(default_factory=list)
    actors_against: list[str] = field(default_factory=list)
    casualties: Casualties = field(default_factory=Casualties)
    date: DateMention | None = None
    time_of_day: TimeOfDay | None = None
    trigger_classes: frozenset[str] = frozenset()
    published: dt.date | None = None
    also_kind: KindKey | None = None  # "تصدت لطائرة مسيرة استهدفت القاعدة": the attack beside the interception
    shelling_word: bool = False
    civilian: bool = False  # the victims named are civilians and no military target is
    second_kind: KindKey | None = None  # "بطائرة مسيرة وصواريخ": the other weapon's attack
    listed: bool = False  # one of the places of a list the event hit (geodata.events.targets)
    context_event: bool = False  # the clause opens with "بعد ساعات من", "على خلفية": an earlier event
    recalls: frozenset[str] = frozenset()  # "نحو مناطق الاشتباك": trigger classes of an event already told, named as a place
    definite: bool = False  # every event word has the article ("بعد الهجوم"، "منطقة الاستهداف"): an event already told

    def with_weapon(self, weapon: str, told_as: KindKey | None = None) -> None:
        """Take the kind a weapon named elsewhere in the sentence gives ("تصدت لطائرتين مسيرتين
        ... في حين انفجرت الثانية"); fire the sentence told as another kind of fire (a barrage of
        rockets and shells is shelling) is that kind ("كما طال القصف محطة الكهرباء")."""
        if self.weapon is not None or self.kind is not None or not self.trigger_classes & ATTACK_TRIGGERS:
            return
        kind, kind_weapon, generic = kind_of(self.trigger_classes, weapon, Signals(weapons=frozenset({weapon}), civilian=self.civilian))
        if kind is not None and told_as is not None and kind in _REMOTE_KINDS and told_as in _REMOTE_KINDS:
            kind = told_as
        if kind is not None:
            self.kind, self.weapon, self.generic_attack = kind, kind_weapon, generic

    @property
    def reports_event(self) -> bool:
        return (self.kind is not None or self.generic_attack) and not self.denial and not self.generic


def read_clause(article: ArticleText, clause: Clause, published: dt.date | None) -> ClauseFacts:
    """Everything the extractor needs from one clause."""
    facts = ClauseFacts(clause, published=published, casualties=_casualties(article, clause))
    if "triggers" not in clause.hits:
        return _without_event(article, clause, facts, published)
    live = _live_triggers(clause, article)
    flares = False
    if live:  # most clauses have no event word: none of this concerns them
        facts.trigger_classes = frozenset(hit.value for hit in live)
        facts.shelling_word = any(hit.phrase in SHELLING_WORDS for hit in live)
        facts.civilian = (bool(facts.trigger_classes & _VICTIM_CLASSES) and bool(article.find(clause, "civilian_words"))
                          and not article.find(clause, "military_targets"))
        if "overflight_cues" in clause.hits and facts.trigger_classes <= {"attack_with_weapon"}:
            # "حلقت طائرات مسيرة أطلقتها القوات الأمريكية": an overflight, not an attack
            facts.trigger_classes = _NONE
        elif "attack_with_weapon" in facts.trigger_classes and _only_flares(article, clause):
            # "أطلقت القوات قنابل مضيئة فوق القاعدة": no attack; "أطلقت قوات التحالف قذائف ضوئية، وشنت
            # حملة تمشيط قرب موقع الهجوم": the sweep is still told, the flares fire nothing
            facts.trigger_classes = facts.trigger_classes - {"attack_with_weapon"}
            flares = True
    fired = (frozenset(hit.value for hit in _fired_weapons(clause, article.norm.text))
             if "weapons" in clause.hits and not flares else _NONE)
    facts.kind, facts.weapon, facts.generic_attack = _kind(article, clause, facts.trigger_classes, facts.civilian, fired)
    if live:
        norm = article.norm.text
        facts.definite = all(hit.prefix.endswith("ال") or norm.startswith("ال", hit.start) for hit in live)
    if facts.kind is not None:
        if facts.kind == "drone_attack":
            facts.second_kind = second_kind(facts.trigger_classes, fired, facts.kind)
        elif facts.kind == "interception" and facts.weapon in {"drone", "rocket"} and _attack_beside(article, clause):
            # "اعترضت المسيرات المهاجمة": the attack beside its interception ("أطلقت" alone is no attack)
            facts.also_kind = WEAPON_KIND[facts.weapon]
        elif facts.kind == "weapons_found" and "operation" in facts.trigger_classes and _swept(article, clause):
            # "عثرت الوحدات خلال عمليات التمشيط على مستودعات أسلحة": the sweep and what it found
            facts.second_kind = "security_operation"
        elif facts.kind == "militia_movement" and len(facts.trigger_classes) > 1:
            facts.recalls = _recalled(article, clause, facts.trigger_classes) - {"movement"}
        elif facts.kind == "security_operation" and "clash" in facts.trigger_classes:
            facts.also_kind = "armed_clash"  # "دهمت الدوريات البلدة بعد اشتباكات": the raid and the fight
        elif facts.kind in _REMOTE_KINDS and not clause.of("support_cues") and any(
                hit.value == "clash" and not article.norm.text.startswith("ال", hit.start) for hit in live):
            # "دارت اشتباكات في الحي، وتترافق مع قصف جوي مكثف": the fight and the strikes beside it
            # ("وتزامنت الاشتباكات مع قصف": the fight already told, definite)
            facts.second_kind = "armed_clash"
    responds = _responds(clause)
    if (responds and facts.kind == "airstrike" and fired & _ANSWER_WEAPONS
            and "airstrike" in _recalled(article, clause, facts.trigger_classes)):
        # "ردت الميليشيات على تلك الغارات بـ 3 صواريخ": the strikes answered are told before; the
        # answer is by the weapon it names
        facts.weapon = next(name for name in WEAPON_PRIORITY if name in fired & _ANSWER_WEAPONS)
        facts.kind, facts.second_kind = WEAPON_KIND[facts.weapon], None
    facts.response = responds and (facts.kind in kinds_with("fire") or facts.generic_attack)
    facts.prior_event = "prior_event_cues" in clause.hits
    facts.context_event = _opens_context(clause)
    # "نفى أن تكون بلاده قد شنت غارات": who did it is denied, not that it happened
    facts.denial = "denial_cues" in clause.hits and "responsibility_denials" not in clause.hits
    facts.generic = _generic(article, clause)
    facts.launcher = "launcher_words" in clause.hits
    _assign_places(article, clause, facts)
    facts.actors_by, facts.actors_against = _actors(clause)
    if live and facts.kind is None and not facts.response and _from_the_air(article, clause, facts):
        facts.kind, facts.weapon, facts.generic_attack = "airstrike", "air", False
    facts.date, facts.time_of_day = _date_and_time(article, clause)
    facts.background_cue = (_background_cued(article, clause) or _earlier(article, clause, facts.date, published)
                            or _one_before(article, clause))
    if live and not facts.generic:
        # a claim or an allegation tells no incident, unless it dates one ("تبنى، في 9 نيسان، هجوماً على حاجز");
        # "سبق أن هاجمت الميليشيات قاعدتي التحالف": attacks some time before, never dated, are a series
        facts.generic = ("allegation_cues" in clause.hits
                         or ("claim_cues" in clause.hits and not (facts.date and facts.date.precision == "day"))
                         or ("undated_past_cues" in clause.hits and not clause.dates))
    if facts.kind in kinds_with("untargeted"):
        facts.actors_against = []
    return facts


def _without_event(article: ArticleText, clause: Clause, facts: ClauseFacts, published: dt.date | None) -> ClauseFacts:
    """``read_clause`` for a clause with no event word (most clauses): what it shares with the
    clauses beside it, its places, actors, dates and cues, and no kind."""
    clause.live_triggers = []
    if "weapons" in clause.hits:
        fired = {hit.value for hit in _fired_weapons(clause, article.norm.text)}
        facts.weapon = next((name for name in WEAPON_PRIORITY if name in fired), None)
    facts.prior_event = "prior_event_cues" in clause.hits
    facts.denial = "denial_cues" in clause.hits and "responsibility_denials" not in clause.hits
    facts.generic = _generic(article, clause)
    facts.launcher = "launcher_words" in clause.hits
    if clause.places:
        _assign_places(article, clause, facts)
    facts.actors_by, facts.actors_against = _actors(clause)
    facts.date, facts.time_of_day = _date_and_time(article, clause)
    facts.background_cue = "background_cues" in clause.hits or _earlier(article, clause, facts.date, published)
    return facts


_CONTEXT_REACH = 3


def _one_before(article: ArticleText, clause: Clause) -> bool:
    """"والحادثة هي الثانية من نوعها، فقد أسقطت طائرة مسيرة قرب الحقل": the event the clause tells
    after the cue is the one before the news; not when the clause told an event of its own before
    it ("تعرض المحيط لقصف جوي، في هجوم هو الثاني من نوعه"; "هذا الانفجار", named again, is none)."""
    cues = clause.of("ordinal_cues")
    if not cues:
        return False
    first = cues[0].start
    return not any(hit.start < first and not article.norm.text.startswith("ال", hit.start) for hit in _live_triggers(clause, article))


def _opens_context(clause: Clause) -> bool:
    """The clause is opened by a cue of an earlier event told as context ("بعد ساعات من هجوم
    مماثل"): clauses are cut before such cues, so the cue stands at the clause's start."""
    return any(hit.start - clause.norm_start <= _CONTEXT_REACH for hit in clause.of("context_event_cues"))


def _from_the_air(article: ArticleText, clause: Clause, facts: ClauseFacts) -> bool:
    """Strikes or bombardment told with no weapon by a force that strikes from the air, not from a
    base it holds ("نفذت القوات الأمريكية ضربات ضد مخازن أسلحة")."""
    if facts.weapon is not None or not facts.trigger_classes & {"attack", "attack_with_weapon"} or article.cues is None:
        return False
    if not set(facts.actors_by) & article.cues.air_forces:
        return False
    if any(hit.phrase in SUFFERED_WORDS for hit in clause.of("triggers")):
        return False  # "تعرضت القوات الأمريكية لهجوم": the force suffered the attack
    told = any(hit.value in {"attack", "attack_with_weapon"} and (not article.norm.text.startswith("ال", hit.start)
                                                                   or _DONE_BY.match(article.norm.text, hit.end))
               for hit in _live_triggers(clause, article))
    # "تعليق على الضربة": the strike already told, named again
    return told and not any(hit.phrase != "من" for hit in article.find(clause, "launch_cues"))


# a definite attack noun told with the verb of its doing ("القصف العنيف الذي شنته قوات التحالف")
_DONE_BY = re.compile(r"(?:\s+\S+)?\s+(?:الذي |التي )?(?:شنته|شنتها|نفذته|نفذتها|شنه|نفذه)")


def _attack_beside(article: ArticleText, clause: Clause) -> bool:
    """An attack word in an interception clause that tells the attack, not the shot that brought
    it down ("أسقطتها بعد استهدافها بصاروخ": the pronoun is the drone)."""
    for hit in _live_triggers(clause):
        if hit.value == "attack" and not article.norm.text[hit.start:hit.end].endswith(_OBJECT_PRONOUNS):
            return True
    return False


def _earlier(article: ArticleText, clause: Clause, date: DateMention | None, published: dt.date | None) -> bool:
    """"وكانت القاعدة قد تعرضت لهجوم": a pluperfect or "earlier" cue makes the event context,
    unless it happened on the article's own day ("في وقت سابق من اليوم") or on the day of the
    event told before it ("وفي وقت سابق من اليوم نفسه"), or the cue only dates a report of it
    ("وكان المرصد قد أفاد بأن ..."), whose own date then decides."""
    if "earlier_cues" not in clause.hits:
        return False
    day = date.date if date is not None else None
    if day is not None and date is not None and date.precision == "day" and (day == published or date.same_day_as_before):
        return False
    reporting = clause.of("reporting_verbs")
    events = [hit.start for hit in clause.of("triggers")]
    told = _object_pluperfect(article, clause)
    # "مواد متفجرة كانت قد زرعتها قسد": done before to what the event involves, not the event
    cues = [cue for cue in clause.of("earlier_cues") if told is None or cue.start < told]
    if not cues:
        return False
    for cue in cues:
        said = next((hit for hit in reporting if cue.end <= hit.start <= cue.end + _REPORT_REACH), None)
        if said is None or any(cue.end <= start < said.start for start in events):
            return True
    # only a report is earlier: the event is context when its own day is before the article's
    return day is not None and published is not None and day < published


def _casualties(article: ArticleText, clause: Clause) -> Casualties:
    """Killed and injured; "no losses" needs a word for losses, so most clauses skip that test."""
    if not ("casualty_words" in clause.hits or "no_casualties" in clause.hits or article.loss_nouns):
        return Casualties()  # most clauses: nothing to count, and no word for losses to deny any
    none_said = "no_casualties" in clause.hits or (article.names_losses(clause) and says_no_losses(article.norm_text(clause)))
    counted = clause.of("casualty_words")
    if counted and "triggers" in clause.hits:
        # "اعتقلت شابين بتهمة اغتيال عنصر": the charges count no losses of this event
        charge = _charge(article, clause, clause.of("triggers"))
        if charge is not None:
            counted = [hit for hit in counted if hit.start < charge]
    return casualties_from_hits(article.norm.text, counted, none_said)


def _responds(clause: Clause) -> bool:
    """A response cue that is not part of "ردا على" (which introduces the earlier event)."""
    if "response_cues" not in clause.hits:
        return False
    prior = [(hit.start, hit.end) for hit in clause.of("prior_event_cues")]
    return any(not any(low <= hit.start < high for low, high in prior) for hit in clause.of("response_cues"))


def _habitual(clause: Clause) -> bool:
    """The clause's first verb is a present-tense one: it tells what usually happens."""
    if "habitual_verbs" not in clause.hits or "ongoing_cues" in clause.hits:
        return False  # "وبالتوازي تتعرض قرية أم الكيف لقصف عنيف": going on now, not a habit
    verbs = clause.of("triggers") + clause.of("response_cues") + clause.of("habitual_verbs")
    first = min((hit.start for hit in verbs), default=None)
    return first is not None and any(hit.start == first for hit in clause.of("habitual_verbs")) and not clause.dates


def _live_triggers(clause: Clause, article: ArticleText | None = None) -> list[PhraseHit]:
    """Triggers that report something that happened: not an intention or a threat ("بهدف
    استهداف", "تخطط الميليشيات لاستهداف"). An intention word reaches the attack words after it
    until another event word intervenes. Worked out once per clause."""
    if clause.live_triggers is None:
        clause.live_triggers = _unintended(clause, article)
    return clause.live_triggers


def _unintended(clause: Clause, article: ArticleText | None) -> list[PhraseHit]:
    intents = clause.of("intent_cues")
    triggers = _not_after(clause, clause.of("triggers"), article)
    if article is not None and len(triggers) > 1 and any(hit.value == "operation" for hit in triggers):
        # "اعتقلت شابين بتهمة تنفيذ عمليات اغتيال": what the arrested are accused of is no incident
        charge = _charge(article, clause, triggers)
        if charge is not None:
            triggers = [hit for hit in triggers if hit.start < charge or hit.value == "operation"]
    if article is not None and any(_attack_noun(article, hit) for hit in triggers):
        # "كان المستودع يحوي منصات لإطلاق القذائف": what a store holds fired nothing
        stock = article.find(clause, "stock_cues")
        if stock:
            triggers = [hit for hit in triggers if not _held(article, hit, stock)]
    if not intents:
        return list(triggers)
    live = []
    for hit in triggers:
        intent = max((cue.end for cue in intents if cue.end <= hit.start and hit.start - cue.end <= _INTENT_REACH), default=None)
        interrupted = intent is not None and any(intent <= other.start < hit.start and other.value not in INTENDED_TRIGGERS for other in triggers)
        if hit.value not in INTENDED_TRIGGERS or intent is None or interrupted:
            live.append(hit)
    return live


def _only_flares(article: ArticleText, clause: Clause) -> bool:
    """The clause fires flares and nothing else: every weapon word it has lies in a flare word."""
    flares = article.find(clause, "flare_words")
    if not flares:
        return False
    return all(any(flare.start <= hit.start < flare.end for flare in flares) for hit in clause.of("weapons"))


def _charge(article: ArticleText, clause: Clause, triggers: Sequence[PhraseHit]) -> int | None:
    """Where the charges against the people an arrest or raid took begin: the first charge cue
    after an arrest word, None when there is none."""
    arrest = min((hit.start for hit in triggers if hit.value == "operation"), default=None)
    if arrest is None:
        return None
    return min((cue.start for cue in article.find(clause, "charge_cues") if cue.start > arrest), default=None)


def _generic(article: ArticleText, clause: Clause) -> bool:
    """A clause about a series, a habit or an opinion, not an incident. A series word among the
    charges against the people an arrest took ("بتهمة تنفيذ عمليات اغتيال") leaves the arrest an incident."""
    cues = clause.of("generic_cues")
    if cues and "triggers" in clause.hits:
        charge = _charge(article, clause, clause.of("triggers"))
        if charge is not None:
            cues = [cue for cue in cues if cue.start < charge]
    return bool(cues) or _habitual(clause) or _trend(article, clause)


def _trend(article: ArticleText, clause: Clause) -> bool:
    """Every event word of the clause comes after a word for a trend of attacks ("في ظل نشاط
    متزايد لخلايا التنظيم ... لشن عمليات تستهدف النقاط")."""
    if "triggers" not in clause.hits:
        return False
    trends = article.find(clause, "trend_cues")
    if not trends:
        return False
    first = min(cue.start for cue in trends)
    live = _live_triggers(clause, article)
    return bool(live) and all(hit.start > first or hit.prefix.endswith("ال") or article.norm.text.startswith("ال", hit.start)
                              for hit in live)


def _attack_noun(article: ArticleText, hit: PhraseHit) -> bool:
    """An attack word with the article or ل ("لإطلاق القذائف"): a noun, not a verb."""
    return hit.value in ATTACK_TRIGGERS and article.norm.text.startswith(("ال", "ل"), hit.start)


def _held(article: ArticleText, hit: PhraseHit, stock: list[PhraseHit]) -> bool:
    """An attack noun in what a store holds ("يحوي منصات لإطلاق القذائف"): close after a stock cue,
    with no comma between, and a noun (ال-, ل-), not a verb ("يحتوي على أسلحة استهدفته غارة")."""
    if not _attack_noun(article, hit):
        return False
    text = article.norm.text
    return any(0 <= hit.start - cue.end <= _STOCK_REACH and "،" not in text[cue.end:hit.start] for cue in stock)


def _not_after(clause: Clause, triggers: list[PhraseHit], article: ArticleText | None) -> list[PhraseHit]:
    """"وعقب الغارات، نقلت الميليشيات أسلحة": a definite event word right after "عقب/بعد" dates
    the clause by an event already told; the clause's own event is its other word, when it has
    one ("بعد اشتباك مع مسلحين", indefinite, is news of its own)."""
    if len(triggers) < 2 or article is None:
        return triggers
    afters = article.find(clause, "after_words")
    if not afters:
        return triggers
    anchored = [hit for hit in triggers if article.norm.text.startswith("ال", hit.start)
                and any(0 <= hit.start - after.end <= _AFTER_GAP for after in afters)]
    return [hit for hit in triggers if hit not in anchored] if len(anchored) < len(triggers) else triggers


def _kind(article: ArticleText, clause: Clause, classes: frozenset[str], civilian: bool,
          weapons: frozenset[str]) -> tuple[KindKey | None, str | None, bool]:
    weapon = next((name for name in WEAPON_PRIORITY if name in weapons), None) if weapons else None
    if not classes:
        return None, weapon, False  # every kind needs a trigger
    assaults = clause.of("assault_words") if "operation" in classes else []
    signals = Signals(
        found_objects="found_objects" in clause.hits, military_objects="military_objects" in clause.hits, weapons=weapons,
        arrest="arrest_words" in clause.hits, body="body_words" in clause.hits,
        cells="found" in classes and "found_objects" not in clause.hits and bool(article.find(clause, "cell_words")),
        medical="movement" in classes and "military_objects" in clause.hits and bool(article.find(clause, "medical_words")),
        civilian=civilian,
        assault_only=bool(assaults) and all(any(a.start <= hit.start < a.end for a in assaults)
                                            for hit in clause.of("triggers") if hit.value == "operation"),
        recalled=_recalled(article, clause, classes) if len(classes) > 1 else _NONE,
    )
    return kind_of(classes, weapon, signals)


_FRAME_REACH_SWEEP = 6  # "في إطار الحملة": the frame stands right before the campaign


def _swept(article: ArticleText, clause: Clause) -> bool:
    """The clause tells a sweep or a campaign of its own ("خلال عمليات التمشيط عثرت ..."), not the
    campaign a find was part of ("في إطار الحملة الأمنية")."""
    sweeps = article.find(clause, "sweep_words")
    if not sweeps:
        return False
    frames = article.find(clause, "campaign_frames")
    return any(not any(0 <= sweep.start - frame.end <= _FRAME_REACH_SWEEP for frame in frames) for sweep in sweeps)


def _recalled(article: ArticleText, clause: Clause, classes: frozenset[str]) -> frozenset[str]:
    """The trigger classes of a clause that it names only with definite nouns ("الاشتباك",
    "الهجوم"): events already told, which a clause naming another event refers back to."""
    definite: dict[str, bool] = {}
    for hit in _live_triggers(clause, article):
        if hit.value in classes:
            definite[hit.value] = definite.get(hit.value, True) and article.norm.text.startswith("ال", hit.start)
    return frozenset(name for name, only_definite in definite.items() if only_definite)


@dataclass(frozen=True)
class Signals:
    """What besides its triggers tells a clause's kind: the weapons and the things it names."""

    found_objects: bool = False  # arms, ammunition, launchers
    military_objects: bool = False  # forces, arms, vehicles that a movement moves
    weapons: frozenset[str] = frozenset()  # every weapon class the clause names
    arrest: bool = False  # people arrested
    cells: bool = False  # a cell or a gang taken apart or seized, no arms named
    assault_only: bool = False  # the only operation word storms a place ("اقتحمت")
    medical: bool = False  # the wounded or the dead carried to hospital
    body: bool = False  # a body found
    civilian: bool = False  # civilian victims, no military target
    # trigger classes told only by definite nouns ("نحو مناطق الاشتباك", "بعد الهجوم"): an event
    # already told, named again, not a new one
    recalled: frozenset[str] = frozenset()


_NAMING_GAP = frozenset(" \"'“”«»")


def _named_weapons(weapons: list[PhraseHit], text: str) -> list[PhraseHit]:
    """A weapon noun followed by the name of a weapon of another kind ("قذائف "آر بي جي""): the name
    tells what was fired."""
    return [hit for hit in weapons
            if not any(other.start >= hit.end and other.value != hit.value and _quoted_name(text[hit.end:other.start])
                       for other in weapons)]


def _quoted_name(gap: str) -> bool:
    return set(gap) <= _NAMING_GAP and bool(set(gap) - {" "})


def _fired_weapons(clause: Clause, text: str | None = None) -> list[PhraseHit]:
    """The weapons the event is told with, less those named as support of a ground attack
    ("بدعم من سلاحي الجو والمدفعية"), which leave it a clash, and the aircraft told flying over
    ("مع تحليق للطائرات الحربية")."""
    weapons = clause.of("weapons")
    if text is not None and len(weapons) > 1:
        weapons = _named_weapons(weapons, text)
    supports = clause.of("support_cues") + clause.of("overflight_cues")  # "مع تحليق للطائرات الحربية": they flew, no more
    losses = clause.of("casualty_words")
    if not (supports or losses) or not weapons:
        return weapons
    return [hit for hit in weapons
            if not any(cue.end <= hit.start <= cue.end + _SUPPORT_REACH for cue in supports)
            # "أودت الضربات بحياة ستة مسلحين": gunmen killed are the victims, not the weapon
            and not (_armed_men(clause, hit) and any(word.end <= hit.start <= word.end + _VICTIM_REACH for word in losses))]


def _armed_men(clause: Clause, hit: PhraseHit) -> bool:
    """Whether a weapon word names the armed men ("مسلحين", "مجهولين"), not their arms."""
    return any(men.start <= hit.start < men.end for men in clause.of("gunmen_words"))


def second_kind(classes: frozenset[str], weapons: frozenset[str], kind: KindKey | None) -> KindKey | None:
    """"هجوم مزدوج بطائرة مسيرة وصواريخ": a drone strike told with rockets or shells is two
    attacks, the drone's and the other weapon's."""
    if kind != "drone_attack" or not classes & {"attack", "attack_with_weapon", "airstrike"}:
        return None
    if "artillery" in weapons:
        return "artillery_shelling"
    return "rocket_attack" if "rocket" in weapons else None


def kind_of(classes: frozenset[str], weapon: str | None, signals: Signals | None = None) -> tuple[KindKey | None, str | None, bool]:
    """The kind of event that trigger classes, a weapon and the clause's signals make (see
    data/event_kinds.yaml); the third value says the clause has an attack word but no weapon to
    tell its kind."""
    signals = signals or Signals(weapons=frozenset({weapon}) if weapon else frozenset())
    if "found" in classes and signals.body:
        return "other", weapon, False  # bodies found
    if "found" in classes and signals.found_objects:
        # arms seized from those arrested are part of the arrests
        return ("security_operation" if signals.arrest else "weapons_found"), weapon, False
    if "found" in classes and signals.cells and not classes & {"attack", "attack_with_weapon", "airstrike", "explosion"}:
        return "security_operation", weapon, False  # "تفكيك خلية للتنظيم": the cell taken apart
    if "killing" in classes:
        return "other", weapon, False
    if ("movement" in classes and signals.military_objects and not signals.medical and not signals.weapons
            and classes - {"movement"} <= signals.recalled):
        # "دفعت قسد بتعزيزات نحو مناطق الاشتباك": reinforcements sent to a fight already told
        return "militia_movement", weapon, False
    if "interception" in classes and signals.weapons & AERIAL_WEAPONS:
        return "interception", weapon, False  # a ground attack repelled ("تصدى لهجوم") is told below
    if "operation" in classes:
        if signals.assault_only and "clash" in classes:
            return "armed_clash", weapon, False  # storming a town in a battle
        return "security_operation", weapon, False
    if "airstrike" in classes:
        return ("drone_attack" if weapon == "drone" else "airstrike"), weapon or "air", False
    if "explosion" in classes and (weapon not in {None, "small_arms"} or not classes & {"attack", "attack_with_weapon", "clash"}):
        # an explosion with no weapon named may be the blast of an attack already told; beside an
        # attack with guns ("هاجم التنظيم نقطة بأسلحة متوسطة، تلتها انفجارات") it is that attack's
        return (WEAPON_KIND[weapon], weapon, False) if weapon and weapon != "small_arms" else (None, weapon, True)
    if "attack" in classes or ("attack_with_weapon" in classes and weapon):
        if weapon is None and "clash" in classes and not {"clash", "attack"} & signals.recalled:
            # "نفذت عملية تسلل استهدفت قاعدة": an attack told as a fight, no weapon to make it fire
            return _on_civilians("armed_clash", signals), None, False
        if weapon is None:
            return None, None, True
        kind = WEAPON_KIND[weapon]
        if weapon == "rocket" and "artillery" in signals.weapons:
            kind = "artillery_shelling"  # "قصف بالمدفعية والصواريخ", tanks, mortars and Grad: a barrage
        if "clash" in classes and "small_arms" in signals.weapons and weapon in {"rocket", "artillery"}:
            kind = "armed_clash"  # gunmen fire a rocket-propelled round and a fight follows
        return _on_civilians(kind, signals), weapon, False
    if "clash" in classes:
        return _on_civilians("armed_clash", signals), weapon, False
    if "movement" in classes and signals.military_objects and not signals.medical:
        return "militia_movement", weapon, False
    return None, weapon, False


def _on_civilians(kind: KindKey, signals: Signals) -> KindKey:
    """A shooting or an assassination of civilians is a killing (other), not a clash."""
    return "other" if kind == "armed_clash" and signals.civilian else kind


def _assign_places(article: ArticleText, clause: Clause, facts: ClauseFacts) -> None:
    if not clause.places:
        return
    actor_spans = [(hit.start, hit.end) for hit in clause.of("actors")]
    places = [
        match for match in clause.places
        if not _reporter_place(article, clause, match) and not _names_actor(article, match, actor_spans)
        and not _dateline(article.text, match)
    ]
    if clause.unresolved:
        # "قرية الطكيحي شرقي مدينة دير الزور": the named frame only says where the unknown place lies
        places = [match for match in places if not _frames_unknown(clause, match)]
    fire = facts.kind in kinds_with("fire") or facts.generic_attack
    launches = [match for match in places if fire and not facts.response and _after_launch_cue(article, clause, match)]
    # "ردت مدفعية التحالف المتمركزة في حقل العمر بقصف مواقع قرب الميادين": where those who answer stand
    stationed = [match for match in places if fire and facts.response and _after_launch_cue(article, clause, match)]
    candidates = [match for match in places if match not in launches and match not in stationed]
    passed: list[PlaceMatch] = []
    if facts.kind in _STAYING_KINDS and len(candidates) > 1:
        # "احتجزت شباناً في أثناء محاولتهم العبور إلى رأس العين": a raid happens where it starts
        passed = [match for match in candidates if _after_destination(article, clause, match)]
    if not fire and facts.kind not in _STAYING_KINDS and len(candidates) > 1:
        # "تعزيزات من حقل العمر إلى الحوايج": the origin of a move is not where it happened (a curfew
        # "من بلدة الشحيل إلى بلدة الباغوز" spans the two: where it starts is its place)
        passed += [match for match in candidates if _after_from(article, clause, match) and match not in passed]
    set_out = bool(passed) or any(hit.phrase != "من" for hit in article.find(clause, "launch_cues"))
    if facts.kind == "militia_movement" and set_out and len(candidates) > 1:
        # "انطلقت التعزيزات من قاعدة خراب الجير التابعة لناحية اليعربية متوجهة نحو الشدادي": a move
        # told with where it set out from ("انطلقت من", "خرج من") and where it was heading went there
        # (not to the town that says where its origin lies); "نقلت أسلحة من مستودعات في حي هرابش إلى
        # البوليل" empties depots where they are
        heading = [match for match in candidates if _after_destination(article, clause, match)]
        if heading:
            passed += [match for match in candidates if match not in heading and match not in passed]
    if facts.kind == "militia_movement" and facts.recalls and candidates and not passed and all(
            _after_from(article, clause, match) for match in candidates):
        # "أرسلت القوات تعزيزات من مدينة دير الزور إلى منطقة الاشتباكات": where the move set out
        # from; it went where the fight already told was
        facts.passed, candidates = candidates, []
    elif passed and len(passed) < len(candidates):
        candidates = [match for match in candidates if match not in passed]
        facts.passed = passed
    if stationed and candidates:
        facts.passed = [*facts.passed, *stationed]
    facts.launch = _best(launches)
    facts.location = _best(candidates)
    facts.others = [match for match in places if match is not facts.location and match is not facts.launch]


_DISTANCE_UNITS = frozenset({"كم", "كلم", "كيلومتر", "كيلومترات"})


def _frames_unknown(clause: Clause, match: PlaceMatch) -> bool:
    """Whether a place only says where an unknown one just before it lies ("قرية X شرقي مدينة دير
    الزور", "قرية X (5 كم شمالي بلدة تل تمر)")."""
    if match.relation == "reference":
        return True
    if match.relation != "near":
        return False
    directions = default_place_phrases().direction_words
    # "قرية X (5 كم شمالي البلدة)"، "قرية X (على بعد 30 كم عن المدينة)"
    framed = any(word in directions or word in _DISTANCE_UNITS for word in match.context.split())
    return framed and any(0 <= match.start - name.end <= _FRAME_REACH for name in clause.unresolved)


def _dateline(text: str, match: PlaceMatch) -> bool:
    """"دير الزور - ANHA"، "الحسكة – سانا:"، "ديرالزور () - أعلنت": a place that opens a line and
    is followed by a dash is where the report was filed, not where the event happened."""
    if not _DATELINE_TAIL.match(text, match.end):
        return False  # most places: no dash after them
    line_start = text.rfind("\n", 0, match.start) + 1
    return not text[line_start:match.start].strip(_QUOTES_AND_SPACE)


def _names_actor(article: ArticleText, match: PlaceMatch, actor_spans: list[tuple[int, int]]) -> bool:
    """"ردت إسرائيل", "قوات حكومة دمشق": a place named as, or in the name of, the one acting is
    not where it happened."""
    if not actor_spans:
        return False
    position = article_norm_position(article, match.start)
    return any(start <= position < end for start, end in actor_spans)


def _reporter_place(article: ArticleText, clause: Clause, match: PlaceMatch) -> bool:
    """"مراسل SY24 في ريف دير الزور": where the reporter is, not where the event happened."""
    if "reporter_cues" not in clause.hits:
        return False
    position = article_norm_position(article, match.start)
    triggers = [hit.start for hit in clause.of("triggers")]
    for cue in clause.of("reporter_cues"):
        if cue.end <= position and position - cue.end <= _SHORT_CUE_REACH and not any(cue.end <= start < position for start in triggers):
            if _COMMA.search(article.norm.text, cue.end, position):
                continue  # "بحسب المراسل، تتعرض قرية أم الكيف لقصف": who says it, then what happened where
            if (cue.phrase in _CARE_PLACES and not cue.prefix.startswith("ل")
                    and not _CARRIED_TO.search(article.norm.text, max(0, cue.start - _CARRIED_REACH), cue.start)):
                continue  # "قرب مستوصف محكان": a hospital the event happened by, not one the wounded were taken to
            return True
    return False


_COMMA = re.compile("[،,]")
# hospitals among the reporter cues: a place where the wounded were taken ("نقل الجرحى إلى مشفى
# الميادين"), only after a word that takes them there
_CARE_PLACES = frozenset({"مشفي", "مستشفي", "المشفي", "المستشفي", "النقطه الطبيه", "نقطه طبيه", "مستوصف"})
_CARRIED_TO = re.compile(r"(?:الي|لل|اسعف|نقل|علاج)\S*\s*$")
_CARRIED_REACH = 12


def _best(matches: list[PlaceMatch]) -> PlaceMatch | None:
    if len(matches) < 2:
        return matches[0] if matches else None
    return min(matches, key=lambda match: (
        0 if match.place.in_region else 1,
        _RELATION_RANK.get(match.relation, 3),
        0 if _named_as_settlement(match) else 1,  # "في مدينة الطبقة" over a bare heading "وفي الرقة"
        _KIND_RANK.get(match.place.kind, 4),
        match.start,
    ))


def _named_as_settlement(match: PlaceMatch) -> bool:
    words = match.context.split()
    phrases = default_place_phrases()
    return bool(words) and words[-1] in phrases.settlement_nouns and words[-1] not in phrases.near_words


def _after_launch_cue(article: ArticleText, clause: Clause, match: PlaceMatch) -> bool:
    """True when the closest role cue before the place is a launch cue within its reach."""
    position = article_norm_position(article, match.start)
    cues = [(hit, "launch") for hit in article.find(clause, "launch_cues")] + [(hit, "target") for hit in article.find(clause, "target_cues")]
    before = [(hit, role) for hit, role in cues if hit.end <= position]
    if not before:
        return False
    hit, role = max(before, key=lambda item: (item[0].end, item[0].end - item[0].start))
    gap = article.norm.text[hit.end:position]
    if any(hit.end <= trigger.start < position and trigger.value in ATTACK_TRIGGERS for trigger in clause.of("triggers")):
        return False  # "القوات المتمركزة في بلدة المريعية باستهداف قرية خشام": the attack word names the target
    reach = _SHORT_CUE_REACH if hit.phrase == "من" else _ROLE_CUE_REACH
    if hit.phrase == "من" and (_distance_from(article.norm.text[max(0, hit.start - 20):hit.start]) or not _only_framing(gap)
                               or not _fired_before(clause, hit.start) or _first_word(gap) in _SIDE_WORDS):
        return False  # "من ناحية مدينة البوكمال": the side where it happened, not where fire came from
    return role == "launch" and len(gap) <= reach and "،" not in gap and "," not in gap


def _after_destination(article: ArticleText, clause: Clause, match: PlaceMatch) -> bool:
    """The place follows a destination cue ("إلى", "باتجاه") closely."""
    position = article_norm_position(article, match.start)
    cues = [hit for hit in article.find(clause, "destination_cues") if hit.end <= position and position - hit.end <= _ROLE_CUE_REACH]
    return bool(cues) and "،" not in article.norm.text[cues[-1].end:position]


def _first_word(text: str) -> str:
    words = text.split()
    return words[0] if words else ""


def _fired_before(clause: Clause, position: int) -> bool:
    """Bare "من" names where fire came from only after the fire ("قصفت ... من", "صواريخ أطلقت
    من"); "خرج المدنيون من القورية ... على وقع غارات" names where people fled from."""
    return any(hit.start < position for hit in clause.of("triggers")) or any(hit.start < position for hit in clause.of("weapons"))


def _after_from(article: ArticleText, clause: Clause, match: PlaceMatch) -> bool:
    """The place follows "من" with only framing words between."""
    position = article_norm_position(article, match.start)
    froms = [hit for hit in article.find(clause, "launch_cues") if hit.phrase == "من" and hit.end <= position]
    if not froms:
        return False
    last = froms[-1]
    if _distance_from(article.norm.text[max(0, last.start - 20):last.start]):
        return False  # "بالقرب من مطار دير الزور": near it, not from it
    gap = article.norm.text[last.end:position]
    return len(gap) <= _SHORT_CUE_REACH and _only_framing(gap)


def _only_framing(gap: str) -> bool:
    """"من بادية بلدة X": only words that frame a place lie between "من" and the name."""
    words = [word for word in gap.replace("،", " ").split() if word.strip("\"'“”«»()")]
    return all(_framing(word.strip("\"'“”«»()")) for word in words)


def _framing(word: str) -> bool:
    return word in default_place_phrases().framing_forms


def _distance_from(before: str) -> bool:
    """"بالقرب من"، "على بعد 5 كم من": "من" measures distance here, it is no launch site."""
    words = before.split()
    return bool(words) and any(words[-1].endswith(word) for word in _DISTANCE_WORDS)


def article_norm_position(article: ArticleText, source_offset: int) -> int:
    return bisect_left(article.norm.offsets, source_offset)


def _actors(clause: Clause) -> tuple[list[str], list[str]]:
    """Actors who carried the event out and actors it was aimed at. An actor named by a
    reporting verb is a source; one after an intention ("بهدف") or in a list joined by و or
    in brackets takes the role of the actor before it."""
    by: list[str] = []
    against: list[str] = []
    if "actors" not in clause.hits:
        return by, against
    cues = ([(hit, "against") for hit in clause.of("target_nouns")] + [(hit, "by") for hit in clause.of("agent_cues")]
            + [(hit, "control") for hit in clause.of("control_cues")] + [(hit, "by") for hit in _verbs(clause)]
            + [(hit, "source") for hit in clause.of("reporting_verbs")] + [(hit, "source") for hit in clause.of("outlet_nouns")])
    intent_start = min((hit.start for hit in clause.of("intent_cues")), default=clause.norm_end)
    roles: list[tuple[str, str | None]] = []
    previous: tuple[PhraseHit, str | None] | None = None
    for actor in clause.of("actors"):
        if actor.start >= intent_start:
            break
        role = _actor_role(actor, cues)
        if previous is not None and actor.start - previous[0].end <= _LIST_GAP and _nearer_than_cue(actor, previous[0], cues):
            role = previous[1]
        previous = (actor, role)
        roles.append((actor.value, role))
    cued_by = any(role == "by" for _, role in roles)
    for key, role in roles:
        if role in {"control", "source"}:
            continue
        # an actor with no cue is the doer unless the clause names one
        target = by if (role or ("against" if cued_by else "by")) == "by" else against
        if key not in target:
            target.append(key)
    return by, [key for key in against if key not in by]


def _nearer_than_cue(actor: PhraseHit, previous: PhraseHit, cues: list[tuple[PhraseHit, str]]) -> bool:
    return not any(previous.end <= hit.start and hit.end <= actor.start for hit, _ in cues)


def _verbs(clause: Clause) -> list[PhraseHit]:
    return [hit for hit in _live_triggers(clause) if hit.value in ATTACK_TRIGGERS]


def _actor_role(actor: PhraseHit, cues: list[tuple[PhraseHit, str]]) -> str | None:
    before = [(hit, role) for hit, role in cues if hit.end <= actor.start and actor.start - hit.end <= _ACTOR_CUE_REACH]
    if not before:
        return None
    _, role = max(before, key=lambda item: (item[0].end, item[0].end - item[0].start))
    return role


def _date_and_time(article: ArticleText, clause: Clause) -> tuple[DateMention | None, TimeOfDay | None]:
    """The clause's date and part of day: the event's own, else the statement's ("قالت ... صباح
    اليوم، إن"); a part of day the date does not give may stand alone ("مساءً"), but not the
    statement's."""
    if not clause.dates and not clause.parts_of_day:
        return None, None
    mentions = _own_mentions(article, clause)
    told: list[DateMention] = []
    said: list[DateMention] = []
    statements: list[tuple[int, int]] = []
    for mention in mentions:
        if _dates_statement(article, clause, mention):
            statements.append((mention.start, mention.end))
            said.append(mention)
        else:
            told.append(mention)
    # "أعلنت قسد، اليوم السبت، أن أربعة من مقاتليها قتلوا": with no day of its own, the event is
    # dated by the statement that reports it
    if told:
        date: DateMention | None = max(told, key=_date_strength)
    elif said:
        # the statement's day bounds the event's (it happened then or before): approximate
        date = replace(max(said, key=_date_strength), precision="approximate") if max(said, key=_date_strength).date else None
    else:
        date = None
    spoken = next((part for offset, part in clause.parts_of_day if not any(low <= offset < high for low, high in statements)), None)
    return date, (date.time_of_day if date else None) or spoken


def _subordinate_cut(article: ArticleText, clause: Clause) -> int | None:
    """Where a subordinate clause that tells an earlier event ("بعد أن أخلت القوات مقارها") opens
    behind the clause's first event word, None when there is none."""
    live = _live_triggers(clause, article) if "triggers" in clause.hits else []
    if not live:
        return None
    first = min(hit.start for hit in live)
    return min((hit.start for hit in article.find(clause, "subordinate_after") if hit.start > first), default=None)


def _own_mentions(article: ArticleText, clause: Clause) -> list[DateMention]:
    """The clause's dates less the vague times of an earlier event a subordinate clause tells
    behind its event word ("..., بعد أن أخلت القوات مقارها قبل أيام")."""
    if all(mention.precision == "day" for mention in clause.dates):
        return clause.dates
    cuts = [cut for cut in (_subordinate_cut(article, clause), _object_pluperfect(article, clause)) if cut is not None]
    if not cuts:
        return clause.dates
    cut = min(cuts)
    return [mention for mention in clause.dates
            if mention.precision == "day" or article_norm_position(article, mention.start) < cut]


def _background_cued(article: ArticleText, clause: Clause) -> bool:
    """A background cue in the clause, not in a subordinate clause behind its event word that
    tells the earlier event ("..., بعد أن انسحبت القوات قبل أيام") or what was done before to
    what the event hit ("انفجار ... نتيجة مواد كانت قد زرعتها قسد قبل انسحابها خلال الفترة الماضية")."""
    cues = clause.of("background_cues")
    if not cues:
        return False
    cuts = [cut for cut in (_subordinate_cut(article, clause), _object_pluperfect(article, clause)) if cut is not None]
    return not cuts or any(cue.start < min(cuts) for cue in cues)


def _object_pluperfect(article: ArticleText, clause: Clause) -> int | None:
    """Where a pluperfect ("كانت قد") opens behind the clause's first event word with no event
    word after it: it tells what was done before to a thing the event involves ("مواد كانت قد
    زرعتها قسد"), not that the event is earlier. None when there is none."""
    if "earlier_cues" not in clause.hits or "triggers" not in clause.hits:
        return None
    live = _live_triggers(clause, article)
    if not live:
        return None
    last = max(hit.start for hit in live)
    return min((cue.start for cue in clause.of("earlier_cues") if cue.start > last and cue.phrase in _PLUPERFECT),
               default=None)


_PLUPERFECT = frozenset({"كانت قد", "كان قد"})


def _date_strength(mention: DateMention) -> tuple[int, int]:
    if mention.date is None:
        return (0, 0)
    if mention.precision == "day":
        return (3, 0 if mention.relative else 1)
    return (1, 0) if mention.vague else (2, 0)


def _dates_statement(article: ArticleText, clause: Clause, mention: DateMention) -> bool:
    position = article_norm_position(article, mention.start)
    if not any(hit.end <= position for hit in clause.of("reporting_verbs")):
        return False
    end = article_norm_position(article, mention.end)
    next_trigger = min((hit.start for hit in clause.of("triggers") if hit.start >= end), default=clause.norm_end)
    return bool(_STATEMENT_END.search(article.norm.text[end:next_trigger]))


def is_stale(date: dt.date | None, published: dt.date | None) -> bool:
    """A date well before publication: the event is context, not news."""
    return date is not None and published is not None and (published - date).days > _STALE_DAYS
