"""data/name_frequencies.csv: how common each spelling of a place name is as a word."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from geodata.datafiles import data_path
from geodata.errors import DataFileError
from geodata.places.commonness import load_name_frequencies

ROOT = Path(__file__).resolve().parents[1]


def test_the_bundled_file_loads_with_words_and_names_told_apart() -> None:
    frequencies = load_name_frequencies()
    assert len(frequencies) > 3000
    # ordinary words are common, names of villages are not
    assert frequencies["الصور"] > 4.5 and frequencies["المدينه"] > 5
    assert frequencies.get("حطله", 0.0) < 2.5 and frequencies.get("الكيصوم", 0.0) < 2.5
    # a proclitic and a name that spell an ordinary word
    assert frequencies["فرقه"] > 3


def test_a_bad_row_names_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "frequencies.csv"
    bad.write_text("# comment\nspelling,zipf\nحطله,1.2\nالصور,many\n", encoding="utf-8")
    with pytest.raises(DataFileError) as raised:
        load_name_frequencies(bad)
    assert raised.value.problem.line == 4
    bad.write_text("word,value\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="header"):
        load_name_frequencies(bad)


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("wordfreq") is None, reason="wordfreq is not installed (pip install -e '.[test]')")
def test_the_committed_file_is_what_the_script_writes() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_name_frequencies as build
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    spellings, frequencies = build.place_spellings(), build.normalised_frequencies()
    expected = build.table(spellings | build.prefixed_words(spellings, frequencies), frequencies)
    assert data_path("name_frequencies.csv").read_text(encoding="utf-8") == expected, \
        "run scripts/build_name_frequencies.py"
