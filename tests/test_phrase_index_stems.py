"""The one-pass scan (MultiPhraseFinder) holds each cue phrase once, without the prefixes its
written forms attach; it must find what an automaton of every written form finds."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ahocorasick
import pytest

from geodata.events.clauses import scanner_parts
from geodata.events.cues import default_cues
from geodata.places.finder import default_index
from geodata.text import is_regex_word_char, normalize
from geodata.text.phrase_index import MultiPhraseFinder, PhraseFinder, PhraseHit, _leftmost_longest, _word_end

DEVSET = Path(__file__).resolve().parents[1] / ".." / "shared" / "devset"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


class EveryFormScan:
    """The scan as it was: every written form of every phrase in the automaton."""

    def __init__(self, finders: dict[str, PhraseFinder[Any]], others: dict[str, Mapping[str, Any]]) -> None:
        combined: dict[str, list[tuple[str, Any]]] = {}
        for concern, finder in finders.items():
            for form, entry in finder.forms.items():
                combined.setdefault(form, []).append((concern, entry))
        extra: dict[str, list[tuple[str, Any]]] = {}
        for group, words in others.items():
            for form, value in words.items():
                extra.setdefault(form, []).append((group, value))
        self.concerns, self.groups = tuple(finders), tuple(others)
        self.automaton = ahocorasick.Automaton()
        for form in {**combined, **extra}:
            self.automaton.add_word(form, (len(form), tuple(combined.get(form, ())), is_regex_word_char(form[0]),
                                           is_regex_word_char(form[-1]), tuple(extra.get(form, ()))))
        self.automaton.make_automaton()

    def scan(self, text: str) -> tuple[dict[str, list[PhraseHit]], dict[str, list[tuple[int, Any]]]]:
        candidates: dict[str, list[Any]] = {concern: [] for concern in self.concerns}
        others: dict[str, list[tuple[int, Any]]] = {group: [] for group in self.groups}
        for last, (length, entries, word_first, word_last, extra) in self.automaton.iter(text):
            for group, value in extra:
                others[group].append((last, value))
            if not entries or not word_first:
                continue
            start, end = last - length + 1, last + 1
            if start and is_regex_word_char(text[start - 1]):
                continue
            ends_word = word_last and (end == len(text) or not is_regex_word_char(text[end]))
            for concern, entry in entries:
                if entry.open_end:
                    candidates[concern].append((start, _word_end(text, end), entry))
                elif ends_word:
                    candidates[concern].append((start, end, entry))
        return {concern: _leftmost_longest(found) for concern, found in candidates.items()}, others


@pytest.fixture(scope="module")
def scanners() -> tuple[MultiPhraseFinder, EveryFormScan, dict[str, PhraseFinder[Any]]]:
    finders, others = scanner_parts(default_cues(), default_index())
    return MultiPhraseFinder(finders, others), EveryFormScan(finders, dict(others)), finders


def _texts() -> list[str]:
    texts = []
    for part in sorted(DEVSET.glob("*.jsonl")) if DEVSET.is_dir() else []:
        texts += [json.loads(line)["text"] for line in part.read_text(encoding="utf-8").splitlines() if line.strip()]
    for path in sorted(FIXTURES.rglob("*")):
        if path.suffix in {".md", ".txt"}:
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return texts


def test_cue_scan_finds_what_every_written_form_finds_in_reports(
        scanners: tuple[MultiPhraseFinder, EveryFormScan, dict[str, PhraseFinder[Any]]]) -> None:
    stems, every_form, _ = scanners
    texts = _texts()
    assert len(texts) > 20
    for text in texts:
        norm = normalize(text)
        assert stems.scan(norm) == every_form.scan(norm)


def test_cue_scan_finds_every_written_form_alone_glued_and_inside_words(
        scanners: tuple[MultiPhraseFinder, EveryFormScan, dict[str, PhraseFinder[Any]]]) -> None:
    """Each written form of each cue as a word of its own, run on into the next word, after a
    stray letter (inside a longer word) and after one and two more prefixes."""
    stems, every_form, finders = scanners
    forms = sorted({form for finder in finders.values() for form in finder.forms})
    lines = []
    for form in forms:
        lines.append(f"قال {form} امس، {form}ه و{form} وب{form} س{form}، «{form}» ({form}-{form})")
    for start in range(0, len(lines), 200):
        text = "\n".join(lines[start:start + 200])
        hits, others = stems.scan(text)
        expected_hits, expected_others = every_form.scan(text)
        assert hits == expected_hits
        assert others == expected_others
    assert any(hits for hits in stems.scan("\n".join(lines[:400]))[0].values())
