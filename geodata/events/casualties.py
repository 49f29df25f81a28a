"""Killed and injured counts from Arabic casualty phrases (data/casualties.yaml).

"no casualties" gives 0; a count that is not a number ("العشرات", "قتلى وجرحى") gives None
and a note; numbers may be digits in any script, number words, or dual and singular nouns.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from geodata.datafiles import data_path, line_of, load_yaml, require_strings
from geodata.errors import DataFileError
from geodata.text import normalize_phrase, strip_prefixes
from geodata.text.phrase_index import PhraseFinder, PhraseHit

_LOOKAHEAD = 4
_PUNCTUATION = "،,.:؛;!?؟()[]\"'“”«»"
_PLURALS = frozenset({"قتلي", "جرحي", "مصابين", "جثث", "شهداء", "قتيلا", "جريحا", "مصابا", "مصابون"})


@dataclass
class Casualties:
    killed: int | None = None
    injured: int | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CasualtyPhrases:
    words: PhraseFinder[str]  # killed | injured
    none: PhraseFinder[str]
    vague: frozenset[str]
    singular: frozenset[str]
    dual: frozenset[str]
    numbers: Mapping[str, int]
    fixed: Mapping[str, int]
    negated_loss: re.Pattern[str]
    loss_nouns: frozenset[str]  # the nouns of negated_loss: each of its matches holds one
    loss_noun: re.Pattern[str]  # any of them, anywhere
    lead_words: frozenset[str] = frozenset()  # words a count may stand behind ("ما لا يقل عن")
    plural_verbs: frozenset[str] = frozenset()  # verbs told after their count ("أربعة ... قتلوا")


def load_casualty_phrases(path: Path | None = None) -> CasualtyPhrases:
    source = path or data_path("casualties.yaml")
    data = load_yaml(source)
    numbers = data.get("number_words")
    if not isinstance(numbers, dict) or not all(isinstance(value, int) and value > 0 for key, value in numbers.items() if key != "__line__"):
        raise DataFileError(str(source), line_of(data), "'number_words' must map words to positive whole numbers")
    return CasualtyPhrases(
        words=PhraseFinder([(word, "killed") for word in require_strings(source, data, "killed_words")]
                           + [(word, "injured") for word in require_strings(source, data, "injured_words")]),
        none=PhraseFinder((phrase, "none") for phrase in require_strings(source, data, "no_casualty_phrases")),
        vague=frozenset(normalize_phrase(word) for word in require_strings(source, data, "vague_counts")),
        singular=frozenset(normalize_phrase(word) for word in require_strings(source, data, "singular_nouns")),
        dual=frozenset(normalize_phrase(word) for word in require_strings(source, data, "dual_nouns")),
        numbers={normalize_phrase(word): value for word, value in numbers.items() if word != "__line__"},
        fixed=_counts(source, data, "fixed_counts"),
        negated_loss=_negated_loss(require_strings(source, data, "negations"), require_strings(source, data, "loss_nouns")),
        loss_nouns=frozenset(normalize_phrase(word) for word in require_strings(source, data, "loss_nouns")),
        loss_noun=re.compile(_alternation(require_strings(source, data, "loss_nouns"))),
        lead_words=frozenset(normalize_phrase(word) for word in require_strings(source, data, "count_lead_words")),
        plural_verbs=frozenset(normalize_phrase(word) for word in require_strings(source, data, "plural_verbs")),
    )


def _counts(source: Path, data: Mapping[str, object], key: str) -> dict[str, int]:
    section = data.get(key)
    if not isinstance(section, dict) or not all(isinstance(value, int) and value > 0 for name, value in section.items() if name != "__line__"):
        raise DataFileError(str(source), line_of(data), f"'{key}' must map words to positive whole numbers")
    return {normalize_phrase(word): value for word, value in section.items() if word != "__line__"}


def _negated_loss(negations: list[str], nouns: list[str]) -> re.Pattern[str]:
    """A negation, at most four words, then a word for human losses."""
    negation, noun = _alternation(negations), _alternation(nouns)
    return re.compile(rf"(?<!\w)(?:{negation})(?:\s+[^\s\d.،,]+){{0,4}}?\s+(?:{noun})(?!\w)")


def _alternation(words: list[str]) -> str:
    """The normalised ``words`` as alternatives of a pattern, longest first."""
    return "|".join(re.escape(normalize_phrase(word)) for word in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def default_casualty_phrases() -> CasualtyPhrases:
    return load_casualty_phrases()


def count_casualties(norm_text: str, phrases: CasualtyPhrases | None = None) -> Casualties:
    """Killed and injured in one clause of normalised text."""
    phrases = phrases or default_casualty_phrases()
    none_said = bool(phrases.none.find(norm_text)) or says_no_losses(norm_text, phrases)
    return casualties_from_hits(norm_text, phrases.words.find(norm_text), none_said, phrases)


def says_no_losses(norm_text: str, phrases: CasualtyPhrases | None = None) -> bool:
    """"لم يسفر الهجوم عن وقوع إصابات": a negation shortly before a word for human losses."""
    phrases = phrases or default_casualty_phrases()
    # most text has no loss noun, which re finds far faster than it fails the whole pattern
    return bool(phrases.loss_noun.search(norm_text)) and bool(phrases.negated_loss.search(norm_text))


def casualties_from_hits(
    norm_text: str, word_hits: list[PhraseHit], none_said: bool, phrases: CasualtyPhrases | None = None
) -> Casualties:
    """Killed and injured from casualty words already found in ``norm_text`` (a clause or the
    whole article: the hits' offsets index it)."""
    if none_said:
        return Casualties(0, 0)
    result = Casualties()
    if not word_hits:
        return result
    phrases = phrases or default_casualty_phrases()
    for hit in word_hits:
        before = _tokens(norm_text[max(0, hit.start - 40):hit.start])
        after = [token for token in _tokens(norm_text[hit.end:hit.end + 80]) if token not in phrases.lead_words][:_LOOKAHEAD]
        count, vague = _count(before, after, norm_text[hit.start:hit.end], phrases, hit.phrase)
        if vague:
            result.notes.append(f"{hit.value}: {vague}")
        if count is None and not vague and word_is_plural(norm_text[hit.start:hit.end]):
            result.notes.append(f"{hit.value}: an unspecified number")
        if count is not None:
            current = getattr(result, hit.value)
            setattr(result, hit.value, count if current is None else max(current, count))
    return result


def word_is_plural(word: str) -> bool:
    """"قتلى"، "جرحى"، "مصابين": a plural casualty word that carries no number by itself."""
    return any(candidate in _PLURALS for candidate in strip_prefixes(word))


def _tokens(text: str) -> list[str]:
    """The words of ``text`` without the punctuation stuck to them ("ثالث،" is "ثالث")."""
    return [token for token in (word.strip(_PUNCTUATION) for word in text.split()) if token]


def _count(before: list[str], after: list[str], word: str, phrases: CasualtyPhrases,
           phrase: str = "") -> tuple[int | None, str | None]:
    """The number a casualty word carries, from the words around it; or a vague note."""
    if word.endswith(("ين", "ان")) and word in phrases.dual | {"قتيلين", "قتيلان", "جريحين"}:
        return 2, None
    # "6 قتلى": a plural casualty word takes the number before it; "مقتل"/"إصابة" the one after
    if before and word_is_plural(word) and (number := _number(before[-1], phrases)) is not None:
        return number, None
    if phrase in phrases.plural_verbs:
        # "أربعة من مقاتليها قتلوا": the count before the verb
        for token in reversed(before[-4:]):
            if (number := _number(token, phrases)) is not None:
                return number, None
    for index, token in enumerate(after):
        stem = _stem(token, phrases)
        if stem in phrases.numbers or token.isdigit():
            two_words = " ".join(after[index:index + 2])
            return phrases.numbers.get(two_words) or _compound(after[index:index + 2], phrases) or _number(token, phrases), None
        if stem in phrases.dual:
            return 2, None
        if " ".join(after[index:index + 2]) in phrases.dual:
            return 2, None
        if index == 0 and _singular(token, phrases):
            # "مقتل امرأة وطفلها", "إصابة شاب وطفل": two persons named one by one
            following = after[1] if len(after) > 1 else ""
            return (2 if following.startswith("و") and _singular(following[1:], phrases) else 1), None
        if stem in phrases.vague or " ".join(after[index:index + 2]) in phrases.vague:
            return None, f"an unspecified number ({token})"
        if index == 0 and token in {"و", "او"}:
            continue
        if index >= 1:
            break
    # "لقي ... حتفه", "اغتال مسلحون مختار القرية": the word itself says how many, unless a number did
    last = word.split()[-1] if word.strip() else word  # "لقي حتفه": the word that says how many
    return phrases.fixed.get(word) or phrases.fixed.get(phrase) or phrases.fixed.get(last), None


def _singular(token: str, phrases: CasualtyPhrases) -> bool:
    """A singular person noun, perhaps with a pronoun ("طفلها")."""
    bases = [token[: -len(end)] for end in ("هما", "ها", "هم", "ه") if token.endswith(end)]
    bases += [base[:-1] + "ه" for base in bases if base.endswith("ت")]  # "زوجته": زوجة with a pronoun
    return any(_stem(candidate, phrases) in phrases.singular for candidate in (token, *bases))


def _compound(tokens: list[str], phrases: CasualtyPhrases) -> int | None:
    """"ثلاثة وعشرين": units and tens joined by و."""
    if len(tokens) < 2 or not tokens[1].startswith("و"):
        return None
    units, tens = phrases.numbers.get(_stem(tokens[0], phrases)), phrases.numbers.get(tokens[1][1:])
    if units is not None and tens is not None and units < 10 and tens % 10 == 0 and tens >= 20:
        return units + tens
    return None


def _number(token: str, phrases: CasualtyPhrases) -> int | None:
    digits = token.lstrip("وف")
    if digits.isdigit() and len(digits) <= 5:
        return int(digits)
    return phrases.numbers.get(_stem(token, phrases))


def _stem(token: str, phrases: CasualtyPhrases) -> str:
    for candidate in strip_prefixes(token):
        if candidate in phrases.numbers or candidate in phrases.singular or candidate in phrases.dual or candidate in phrases.vague:
            return candidate
    return token
