"""False places in news that names no place of the region (issue 13): the measuring tool
(quality/false_places.py) on small texts, and, marked slow, the whole body under
tests/data/unrelated_news and tests/data/plain_news (at most one false place per 2,000 words).

Every sentence here is written for these tests.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from quality.false_places import BODIES, PER_WORDS, false_places_in, measure, run, text_files, word_count

REGIONAL = "قصفت المدفعية بلدة الطيانة بريف دير الزور الشرقي صباح اليوم."
UNRELATED = "ارتفعت أسعار الخضار في سوق الهال بدمشق، وقال بائع إن الطلب ضعيف هذا الأسبوع."


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_place_of_the_region_is_a_false_hit_and_a_city_elsewhere_is_not() -> None:
    hits = false_places_in(REGIONAL, "a.txt")
    assert {hit.place_id for hit in hits} >= {"al-tayyana"}
    hit = next(hit for hit in hits if hit.place_id == "al-tayyana")
    assert hit.file == "a.txt" and "الطيانة" in hit.surface and "الطيانة" in hit.context
    assert false_places_in(UNRELATED) == []


def test_measure_counts_words_and_hits_over_folders(tmp_path: Path) -> None:
    _write(tmp_path, "one.txt", UNRELATED)
    _write(tmp_path, "two.txt", REGIONAL)
    _write(tmp_path, "README.txt", REGIONAL)  # a readme is not body text
    (tmp_path / "notes.md").write_text(REGIONAL, encoding="utf-8")
    report = measure([tmp_path])
    assert [Path(name).name for name in report.files] == ["one.txt", "two.txt"]
    assert report.words == word_count(UNRELATED) + word_count(REGIONAL)
    assert len(report.hits) >= 2  # the village and the governorate's countryside
    assert report.per_2000 == pytest.approx(len(report.hits) * PER_WORDS / report.words)


def test_text_files_refuses_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        text_files([tmp_path / "absent"])


def test_the_command_lists_every_hit_and_fails_above_the_limit(tmp_path: Path) -> None:
    _write(tmp_path, "news.txt", UNRELATED + "\n" + REGIONAL)
    out = io.StringIO()
    assert run([str(tmp_path), "--max-per-2000", "1"], out=out) == 1
    text = out.getvalue()
    assert "per 2000 words" in text and "al-tayyana" in text and "الطيانة" in text
    out = io.StringIO()
    assert run([str(tmp_path), "--json", "--max-per-2000", "100000"], out=out) == 0
    data = json.loads(out.getvalue())
    assert data["files"] == 1 and data["words"] == word_count(UNRELATED + "\n" + REGIONAL)
    assert data["false_places"] == len(data["hits"]) and data["by_place"]["al-tayyana"] == 1


def test_the_command_on_text_that_names_no_place_of_the_region(tmp_path: Path) -> None:
    _write(tmp_path, "news.txt", UNRELATED)
    out = io.StringIO()
    assert run([str(tmp_path / "news.txt"), "--max-per-2000", "0"], out=out) == 0
    assert "0 false places" in out.getvalue()


@pytest.mark.slow
def test_unrelated_news_names_at_most_one_false_place_per_2000_words() -> None:
    report = measure(BODIES)
    own = sum(word_count(path.read_text(encoding="utf-8")) for path in text_files([BODIES[0]]))
    assert own >= 15000, own
    listed = [(hit.file, hit.surface, hit.place_id, hit.context) for hit in report.hits]
    assert report.per_2000 <= 1.0, listed


@pytest.mark.slow
def test_python_m_quality_adds_the_false_places_on_request() -> None:
    from quality.__main__ import run as quality_run

    out = io.StringIO()
    assert quality_run(["--set", "reports", "--summary", "--false-places"], out, io.StringIO()) == 0
    assert "false places =" in out.getvalue() and "per 2000 words" in out.getvalue()
    out = io.StringIO()
    assert quality_run(["--set", "reports", "--summary", "--json", "--false-places"], out, io.StringIO()) == 0
    data = json.loads(out.getvalue())["false_places"]
    assert data["words"] >= 15000 and "hits" not in data
    out = io.StringIO()
    quality_run(["--set", "reports", "--summary"], out, io.StringIO())
    assert "false places" not in out.getvalue()
