"""Attached prefixes (proclitics) of Arabic words: و ف ب ل ك and their combinations with ال."""

from __future__ import annotations

ARTICLE = "ال"
# Conjunctions and prepositions written joined to the next word, alone or stacked.
PROCLITICS: tuple[str, ...] = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "فك", "لب")
# Before the article, ل + ال is written لل; the other prepositions keep the alef.
_ARTICLE_PREFIXES: tuple[str, ...] = ("و", "ف", "ب", "ك", "وب", "فب", "وك", "فك")
_LAM_ARTICLE_PREFIXES: tuple[str, ...] = ("ل", "ول", "فل")


def prefixed_forms(word: str) -> list[str]:
    """Every way ``word`` (normalised) can be written with attached prefixes, itself first."""
    forms = [word]
    if word.startswith(ARTICLE) and len(word) > len(ARTICLE):
        stem = word[len(ARTICLE):]
        forms += [prefix + word for prefix in _ARTICLE_PREFIXES]
        forms += [prefix + "ل" + stem for prefix in _LAM_ARTICLE_PREFIXES]
    else:
        forms += [prefix + word for prefix in PROCLITICS]
    return forms


def strip_prefixes(token: str, *, min_stem: int = 2) -> list[str]:
    """Candidate stems of ``token`` with attached prefixes removed, longest first.

    The token itself comes first; stems shorter than ``min_stem`` letters are not offered.
    ``لل`` is read as ``ل`` + ``ال`` so that ``للميادين`` gives ``الميادين``.
    """
    candidates = [token]
    for prefix in sorted(PROCLITICS, key=len):
        if token.startswith(prefix) and len(token) - len(prefix) >= min_stem:
            candidates.append(token[len(prefix):])
    for prefix in _LAM_ARTICLE_PREFIXES:
        stem = token[len(prefix):]
        if token.startswith(prefix + "ل") and len(stem) - 1 >= min_stem:
            candidates.append(ARTICLE + stem[1:])
    seen: dict[str, None] = {}
    for candidate in candidates:
        seen.setdefault(candidate, None)
    return list(seen)


def without_article(word: str) -> str:
    """``word`` without a leading ال, when it has one and something is left."""
    if word.startswith(ARTICLE) and len(word) > len(ARTICLE) + 1:
        return word[len(ARTICLE):]
    return word
