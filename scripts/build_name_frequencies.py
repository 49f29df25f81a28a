"""Write ``geodata/data/name_frequencies.csv``: how common each spelling of a place name is as
an ordinary Arabic word, from the word-frequency library ``wordfreq`` (its Arabic list ships
inside the package: nothing is downloaded).

The place finder reads the file to decide how much context a name needs before it counts as a
place (``geodata/places/finder.py``): "حطلة" is a place wherever it is written, "الكرامة"
("dignity") only where the text frames it as one. The finder never imports wordfreq, so the
app neither needs the package nor pays the second its Arabic list takes to load.

Every spelling the finder matches is scored (the gazetteer's names and variants, both layers,
with the spellings the finder derives: ``geodata.places.finder._spellings``), and each also
with the article added to its first word, a reading the finder accepts ("السفيرة" for
"سفيرة"); and the words a one-word name makes with a proclitic that are common words ("فرقة",
ف + "رقة"). The frequency of a normalised word sums those of every word of wordfreq's list that
normalises to it (أحمد, احمد); a name of several words is as common as wordfreq would make the
phrase (the reciprocal of the sum of the reciprocals). Written as Zipf values (log10 of the
frequency per billion words), two decimals, only those of 1.0 or more.

Run from the repository root after a change to the gazetteer or to ``place_phrases.yaml``;
``tests/test_name_frequencies.py`` fails when the committed file is out of date::

    .venv/bin/python scripts/build_name_frequencies.py [--out FILE]
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import sys
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "geodata" / "data" / "name_frequencies.csv"
MIN_ZIPF = 1.0
ARTICLE = "ال"


def place_spellings() -> set[str]:
    """Every normalised spelling the finder matches, and each with the article added."""
    from geodata.places.finder import _spellings
    from geodata.places.framing import default_place_phrases
    from geodata.places.layers import load_full_gazetteer
    from geodata.text import normalize_phrase

    phrases = default_place_phrases()
    spellings: set[str] = set()
    for place in load_full_gazetteer():
        for name in place.arabic_names:
            spellings |= _spellings(normalize_phrase(name), phrases)
    return spellings | {ARTICLE + spelling for spelling in spellings if not spelling.startswith(ARTICLE)}


def normalised_frequencies() -> dict[str, float]:
    """wordfreq's Arabic frequencies summed by normalised word."""
    import wordfreq

    from geodata.text import normalize_phrase

    totals: dict[str, float] = {}
    for word, frequency in wordfreq.get_frequency_dict("ar").items():
        key = normalize_phrase(word)
        if key:
            totals[key] = totals.get(key, 0.0) + frequency
    return totals


KUNYA_HEADS = frozenset({"ابو", "ام", "بو"})
EXTRA_WORD_PENALTY = 1.0


def zipf(spelling: str, frequencies: dict[str, float]) -> float:
    """The Zipf value of a spelling (0 when one of its words is not in the list). A name of
    several words counts as wordfreq counts a phrase (the reciprocal of the sum of the
    reciprocals), less EXTRA_WORD_PENALTY for each word after the first: ordinary words seldom
    stand together as a name does ("جديدة أبو خير"). A kunya ("أبو عمر") is a phrase of its
    own, common when the name after أبو is."""
    words = spelling.split(" ")
    parts = [frequencies.get(word, 0.0) for word in words]
    if not parts or min(parts) <= 0:
        return 0.0
    frequency = 1 / sum(1 / part for part in parts)
    penalty = 0.0 if len(words) == 2 and words[0] in KUNYA_HEADS else EXTRA_WORD_PENALTY * (len(words) - 1)
    return round(max(math.log10(frequency) + 9 - penalty, 0.0), 2)


# A one-word name with a proclitic may spell an ordinary word ("فرقة" is ف + "رقة"): such
# written words are listed too, when at least this common, for the finder to pass over.
PREFIXED_WORD_ZIPF = 3.0
PROCLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "فك", "لب")


def prefixed_words(spellings: Iterable[str], frequencies: dict[str, float]) -> set[str]:
    """The written words made of a proclitic and a one-word spelling that are common words."""
    found = set()
    for spelling in spellings:
        if " " in spelling or spelling.startswith(ARTICLE):
            continue
        for prefix in PROCLITICS:
            if zipf(prefix + spelling, frequencies) >= PREFIXED_WORD_ZIPF:
                found.add(prefix + spelling)
    return found


def table(spellings: Iterable[str], frequencies: dict[str, float]) -> str:
    version = metadata.version("wordfreq")
    out = io.StringIO()
    out.write(f"# Zipf frequency of place-name spellings as Arabic words: wordfreq {version} (Apache-2.0; "
              "data CC BY-SA 4.0), written by scripts/build_name_frequencies.py\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("spelling", "zipf"))
    scored = [(spelling, zipf(spelling, frequencies)) for spelling in spellings]
    for spelling, value in sorted(scored):
        if value >= MIN_ZIPF:
            writer.writerow((spelling, f"{value:.2f}"))
    return out.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    spellings, frequencies = place_spellings(), normalised_frequencies()
    text = table(spellings | prefixed_words(spellings, frequencies), frequencies)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({text.count(chr(10)) - 2} spellings)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
