"""The hostile corpus (issue 7): every bad input is reported with its file, line and reason,
every good article still loads and yields its incidents, nothing is written where it should
not be, huge inputs do not crash, and no hostile text survives the way to HTML.

What each file of ``tests/hostile`` holds and what it must produce is in its EXPECTED.md,
which these tests read: the tables there are the expectations.
"""

from __future__ import annotations

import html.parser
import io
import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import geodata.corpus.articles
from geodata.cli import main
from geodata.corpus.articles import load_corpus
from geodata.errors import DataFileError
from geodata.events.reports import extract_reports
from geodata.places.finder import find_places
from geodata.places.gazetteer import COLUMNS, load_gazetteer
from geodata.views.escape import escape_html, highlight, json_for_script, safe_url, strip_unsafe_chars

REPO = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).resolve().parent / "hostile"
GAZETTEER = HOSTILE / "gazetteer" / "hostile_gazetteer.csv"
GOOD_SENTENCE = "قصفت طائرات التحالف الدولي مواقع للميليشيات الإيرانية في بلدة حطلة بريف دير الزور الشرقي فجر اليوم."


# --------------------------------------------------------------------------- EXPECTED.md


@dataclass(frozen=True)
class Expected:
    file: str  # relative to tests/hostile
    line: int
    reason: str


def _table(heading: str) -> list[list[str]]:
    """The rows of the first table after ``## heading`` in EXPECTED.md, as stripped cells."""
    text = (HOSTILE / "EXPECTED.md").read_text(encoding="utf-8")
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]


PROBLEMS = [Expected(file, int(line), reason) for file, line, reason, _ in _table("Problems")]
GOOD = {file: [place.strip() for place in places.split(",")] for file, places, _ in _table("Good articles")}
ARTICLE_PROBLEMS = [row for row in PROBLEMS if not row.file.startswith("gazetteer/")]
GAZETTEER_PROBLEMS = [row for row in PROBLEMS if row.file.startswith("gazetteer/")]


def _label(row: Expected) -> str:
    return f"{row.file}:{row.line}"


def test_expected_md_names_every_file_and_every_file_exists() -> None:
    on_disk = {path.relative_to(HOSTILE).as_posix() for path in HOSTILE.rglob("*") if path.is_file()}
    listed = {row.file for row in PROBLEMS} | set(GOOD)
    assert on_disk == listed


# --------------------------------------------------------------------------- validate


@pytest.fixture(scope="module")
def validate_run() -> tuple[int, list[str], str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["validate", "--corpus", str(HOSTILE)], out=out, err=err)
    return status, out.getvalue().splitlines(), err.getvalue()


def _located(lines: list[str]) -> dict[tuple[str, int], str]:
    """``file:line: reason`` lines under tests/hostile, keyed by (relative file, line); the
    problems of the bundled data (none, normally) are another test's business."""
    found = {}
    for text in lines:
        if not text.startswith(f"{HOSTILE}/"):
            continue
        match = re.match(rf"^{re.escape(str(HOSTILE))}/(.+?):(\d+): (.+)$", text)
        assert match, f"a problem without file and line: {text!r}"
        found[(match[1], int(match[2]))] = match[3]
    return found


@pytest.mark.slow
def test_validate_exits_1_and_every_problem_has_file_and_line(validate_run: tuple[int, list[str], str]) -> None:
    status, lines, err = validate_run
    assert status == 1
    assert f"{len(lines)} problems found" in err
    located = _located(lines)
    assert set(located) == {(row.file, row.line) for row in ARTICLE_PROBLEMS}, "unexpected or missing problems"


@pytest.mark.slow
@pytest.mark.parametrize("row", ARTICLE_PROBLEMS, ids=_label)
def test_validate_reports_the_problem_of_each_bad_input(validate_run: tuple[int, list[str], str], row: Expected) -> None:
    reason = _located(validate_run[1]).get((row.file, row.line))
    assert reason is not None, f"no problem reported at {row.file}:{row.line}"
    assert row.reason.lower() in reason.lower()


@pytest.mark.slow
def test_loader_problems_carry_file_and_line() -> None:
    corpus = load_corpus(HOSTILE)
    assert corpus.problems
    for problem in corpus.problems:
        assert Path(problem.file).is_relative_to(HOSTILE) and problem.line is not None and problem.reason


# --------------------------------------------------------------------------- extract


def _extract(*arguments: str) -> list[dict[str, Any]]:
    out, err = io.StringIO(), io.StringIO()
    assert main(["extract", *arguments], out=out, err=err) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


def _good_only(folder: Path) -> Path:
    """The good articles of the hostile corpus alone, in ``folder`` (the good lines of JSON Lines too)."""
    folder.mkdir()
    loaded = load_corpus(HOSTILE).articles
    for name in GOOD:
        source = HOSTILE / name
        if source.suffix == ".jsonl":
            lines = source.read_text(encoding="utf-8").splitlines()
            good = [lines[article.line - 1] for article in loaded if Path(article.path) == source]
            (folder / name).write_text("\n".join(good) + "\n", encoding="utf-8")
        else:
            (folder / name).write_bytes(source.read_bytes())
    return folder


def _canonical(records: list[dict[str, Any]]) -> list[str]:
    return sorted(json.dumps(record, ensure_ascii=False, sort_keys=True) for record in records)


@pytest.mark.slow
def test_extract_keeps_every_good_article_among_the_bad(tmp_path: Path) -> None:
    alone = _good_only(tmp_path / "good")
    hostile_reports = _extract("--reports", str(HOSTILE))
    assert _canonical(hostile_reports) == _canonical(_extract("--reports", str(alone)))
    assert _canonical(_extract(str(HOSTILE))) == _canonical(_extract(str(alone)))
    by_article: dict[str, set[str]] = defaultdict(set)
    for report in hostile_reports:
        by_article[report["article_id"]].add(report["location"]["gazetteer_id"])
    articles = load_corpus(HOSTILE).articles
    for name, places in GOOD.items():
        ids = [article.id for article in articles if Path(article.path).name == name]
        assert ids, f"{name} did not load"
        found = set().union(*(by_article[article_id] for article_id in ids))
        assert set(places) <= found, f"{name}: expected reports at {places}, got {sorted(found)}"


@pytest.mark.slow
def test_extract_json_keeps_hostile_text_as_data() -> None:
    articles = {article.id: article for article in load_corpus(HOSTILE).articles}
    expected = {
        (report.source.article_id, report.kind, report.source.excerpt)
        for article in articles.values() for report in extract_reports(article)
    }
    out, err = io.StringIO(), io.StringIO()
    assert main(["extract", "--reports", "--format", "json", str(HOSTILE)], out=out, err=err) == 0
    records = json.loads(out.getvalue())
    assert {(record["article_id"], record["kind"], record["sources"][0]["excerpt"]) for record in records} == expected
    excerpts = " ".join(record["sources"][0]["excerpt"] for record in records)
    for hostile in ("<img src=x onerror=alert(1)>", "</script><script>alert(2)</script>", "`${alert(1)}`", "{{ 7*7 }}",
                    "<script>alert(1)</script>", "حط\u202eلة"):
        assert hostile in excerpts  # verbatim: data, neither dropped nor evaluated


# --------------------------------------------------------------------------- nothing written elsewhere


def _tree(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
            for path in sorted(folder.rglob("*")) if "__pycache__" not in path.parts}


def _names(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*") if "__pycache__" not in path.parts} if folder.exists() else set()


def _cli(arguments: list[str], cwd: Path, home: Path, temp: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(temp), "XDG_CACHE_HOME": str(home / ".cache"),
           "XDG_CONFIG_HOME": str(home / ".config"), "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(REPO)}
    env.pop("GEODATA_USER_CORPUS", None)
    return subprocess.run([sys.executable, "-m", "geodata", *arguments], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=300, check=False)


@pytest.mark.slow
def test_the_cli_writes_nothing_outside_tmp_path(tmp_path: Path) -> None:
    work, home, temp = tmp_path / "work", tmp_path / "home", tmp_path / "tmp"
    for folder in (work, home, temp):
        folder.mkdir()
    watched = {HOSTILE: _tree(HOSTILE)}
    named = {folder: _names(folder) for folder in (REPO / "seeds", REPO / "geodata" / "data", REPO / "user_corpus")}
    runs = [
        (["validate", "--corpus", str(HOSTILE)], 1),
        (["extract", str(HOSTILE)], 0),
        (["geocode", str(HOSTILE)], 0),
        (["export", "--format", "geojson", "--corpus", str(HOSTILE), "-o", "incidents.geojson"], 0),
    ]
    for arguments, status in runs:
        done = _cli(arguments, work, home, temp)
        assert done.returncode == status, f"{arguments}: {done.stderr[-2000:]}"
        assert "Traceback" not in done.stderr
    assert _names(work) == {"incidents.geojson"}
    assert json.loads((work / "incidents.geojson").read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    assert _names(home) == set() and _names(temp) == set()
    assert {folder: _tree(folder) for folder in watched} == watched
    assert {folder: _names(folder) for folder in named} == named
    assert not list(tmp_path.rglob("pwned-by-yaml"))


@pytest.mark.slow
def test_a_file_name_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    corpus, home, temp = tmp_path / "corpus", tmp_path / "home", tmp_path / "tmp"
    for folder in (corpus, home, temp):
        folder.mkdir()
    try:
        (corpus / os.fsdecode(b"\xff\xfe-report.md")).write_text("no front matter\n", encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    done = _cli(["validate", "--corpus", str(corpus)], tmp_path, home, temp)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert re.search(r"\\udcff\\udcfe-report\.md:1: no front matter", done.stdout)


# --------------------------------------------------------------------------- huge inputs


def _article_file(path: Path, article_id: str, body: str) -> Path:
    path.write_text(f"---\nid: {article_id}\noutlet: SY24\npublished: 2023-04-11\n---\n{body}", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def five_mb_body() -> str:
    body = "قصف التحالف الدولي بلدة حطلة مساء أمس.\n" * 75_000
    assert len(body.encode("utf-8")) >= 5_000_000
    return body


def test_a_5_mb_article_is_reported_as_oversize_and_the_rest_loads(tmp_path: Path, five_mb_body: str) -> None:
    assert len(five_mb_body) > geodata.corpus.articles.MAX_ARTICLE_CHARS
    huge = _article_file(tmp_path / "huge.md", "huge", five_mb_body)
    (tmp_path / "good.md").write_bytes((HOSTILE / "good-01-hatla-airstrike.md").read_bytes())
    corpus = load_corpus(tmp_path)
    assert [article.id for article in corpus.articles] == ["hostile-good-hatla-airstrike"]
    [problem] = corpus.problems
    assert (problem.file, problem.line) == (str(huge), 6)
    assert f"the limit is {geodata.corpus.articles.MAX_ARTICLE_CHARS:,}" in problem.reason


def test_a_file_far_over_the_limit_is_refused_unread(tmp_path: Path, five_mb_body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(geodata.corpus.articles, "MAX_ARTICLE_CHARS", 100_000)
    huge = _article_file(tmp_path / "huge.md", "huge", five_mb_body)
    read = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or b"")
    [problem] = load_corpus(huge).problems
    assert (problem.file, problem.line) == (str(huge), 1) and "not read" in problem.reason
    assert read == []


@pytest.mark.parametrize("filler", ["وبال" * 100_000, "ب" * 300_000, ("وبال" * 50 + " ") * 2_000],
                         ids=["100k-prefixes", "300k-letters", "prefix-words"])
def test_a_huge_line_under_the_limit_is_extracted(tmp_path: Path, filler: str) -> None:
    assert len(filler) < geodata.corpus.articles.MAX_ARTICLE_CHARS
    path = _article_file(tmp_path / "long.md", "long-line", filler + "\n" + GOOD_SENTENCE + "\n")
    result_out, result_err = io.StringIO(), io.StringIO()
    assert main(["extract", "--reports", str(path)], out=result_out, err=result_err) == 0
    assert result_err.getvalue() == ""
    reports = [json.loads(line) for line in result_out.getvalue().splitlines()]
    assert [(report["kind"], report["location"]["gazetteer_id"]) for report in reports] == [("airstrike", "hatla")]


def test_json_nested_100000_levels_is_one_problem(tmp_path: Path) -> None:
    good = json.dumps({"id": "after-the-deep-line", "outlet": "SY24", "text": GOOD_SENTENCE}, ensure_ascii=False)
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n" + "{" * 100_000 + "\n" + good + "\n", encoding="utf-8")
    corpus = load_corpus(path)
    assert [article.id for article in corpus.articles] == ["after-the-deep-line"]
    assert [(problem.line, "invalid JSON" in problem.reason) for problem in corpus.problems] == [(1, True), (2, True)]


# --------------------------------------------------------------------------- the gazetteer


def test_hostile_gazetteer_rows_are_reported_and_good_rows_load() -> None:
    gazetteer = load_gazetteer(GAZETTEER)
    located = {(Path(problem.file).name, problem.line): problem.reason for problem in gazetteer.problems}
    assert set(located) == {(Path(row.file).name, row.line) for row in GAZETTEER_PROBLEMS}
    assert {"hostile-good-place", "hostile-good-place-2", "script-in-name"} <= set(gazetteer.places)
    assert gazetteer["hostile-good-place"].name_en == "Test Place"  # the duplicate on line 9 did not replace it
    assert not {"lat-out-of-range", "lat-nan", "lon-inf", "uncertainty-inf", "unknown-kind", "too-many-fields",
                "too-few-fields", "swapped-lat-lon", "../etc/passwd"} & set(gazetteer.places)


@pytest.mark.parametrize("row", GAZETTEER_PROBLEMS, ids=_label)
def test_each_bad_gazetteer_row_is_reported(row: Expected) -> None:
    problems = [problem for problem in load_gazetteer(GAZETTEER).problems if problem.line == row.line]
    assert problems and row.reason.lower() in problems[0].reason.lower()
    assert problems[0].file == str(GAZETTEER)


def _good_gazetteer_text() -> str:
    return ",".join(COLUMNS) + "\n" + GAZETTEER.read_text(encoding="utf-8").splitlines()[1] + "\n"


@pytest.mark.parametrize(("name", "content", "line", "reason"), [
    ("latin1.csv", (_good_gazetteer_text() + "cafe,Café,مقهى,,,village,,,35,40,100,,true,s,\n").encode("utf-8").replace("Café".encode(), b"Caf\xe9"), 3, "not UTF-8"),
    ("utf16.csv", _good_gazetteer_text().encode("utf-16"), 1, "UTF-16"),
    ("empty.csv", b"", 1, "header"),
    ("header.csv", b"id,name\n", 1, "header"),
], ids=["latin-1", "utf-16", "empty", "wrong-header"])
def test_an_unreadable_gazetteer_raises_data_file_error(tmp_path: Path, name: str, content: bytes, line: int, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DataFileError) as raised:
        load_gazetteer(path)
    assert (raised.value.file, raised.value.line) == (str(path), line)
    assert reason in raised.value.reason


@pytest.mark.parametrize("path", ["missing.csv", "."], ids=["missing", "a-folder"])
def test_a_missing_gazetteer_raises_data_file_error(tmp_path: Path, path: str) -> None:
    with pytest.raises(DataFileError, match="cannot read"):
        load_gazetteer(tmp_path / path)


def test_a_gazetteer_field_over_the_csv_limit_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    good = GAZETTEER.read_text(encoding="utf-8").splitlines()[1]
    huge = good.replace("hostile-good-place", "huge-notes").replace("not a real place", "x" * 200_000)
    path = tmp_path / "huge.csv"
    path.write_text(",".join(COLUMNS) + "\n" + good + "\n" + huge + "\n", encoding="utf-8")
    gazetteer = load_gazetteer(path)
    assert list(gazetteer.places) == ["hostile-good-place"]
    assert [(problem.line, "not valid CSV" in problem.reason) for problem in gazetteer.problems] == [(3, True)]


def test_validate_reports_an_unreadable_gazetteer_as_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "utf16.csv"
    path.write_bytes(_good_gazetteer_text().encode("utf-16"))
    monkeypatch.setattr("geodata.places.gazetteer.data_path", lambda name: path)
    out, err = io.StringIO(), io.StringIO()
    assert main(["validate", "--corpus", str(HOSTILE / "good-01-hatla-airstrike.md")], out=out, err=err) == 1
    assert out.getvalue().startswith(f"{path}:1: UTF-16")


# --------------------------------------------------------------------------- escaping


class _Markup(html.parser.HTMLParser):
    """Every tag, attribute, comment and declaration an HTML parser finds in a string."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.ends: list[str] = []
        self.other: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.ends.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.other.append(f"comment {data}")

    def handle_decl(self, decl: str) -> None:
        self.other.append(f"declaration {decl}")

    def handle_pi(self, data: str) -> None:
        self.other.append(f"processing instruction {data}")

    def unknown_decl(self, data: str) -> None:
        self.other.append(f"unknown {data}")


def _parse(markup: str) -> _Markup:
    parser = _Markup()
    parser.feed(markup)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def hostile_strings() -> list[str]:
    """Every string of the hostile corpus that can reach HTML: bodies, titles, outlets, excerpts,
    place surfaces, and every line of every file (bad ones included), read leniently."""
    strings: list[str] = []
    corpus = load_corpus(HOSTILE)
    for article in corpus.articles:
        strings += [article.text, article.outlet, article.title or "", article.url or ""]
        strings += [report.source.excerpt for report in extract_reports(article)]
        strings += [match.surface for match in find_places(article.text)]
    for path in HOSTILE.rglob("*"):
        if path.is_file() and path.name != "EXPECTED.md":
            raw = path.read_bytes()
            encoding = "utf-16" if raw.startswith(b"\xff\xfe") else "utf-8"
            strings += raw.decode(encoding, errors="replace").splitlines()
    strings += [problem.reason for problem in corpus.problems]
    return [text for text in strings if text]


@pytest.mark.slow  # the fixture extracts the whole hostile corpus
def test_the_hostile_strings_hold_what_they_should(hostile_strings: list[str]) -> None:
    joined = "\n".join(hostile_strings)
    for needle in ("<script>", "</script>", "onerror=", "javascript:", "data:text/html", "`", "${", "\u202e", "\u200b",
                   "\u2028", "<!--"):
        assert needle in joined, needle


@pytest.mark.slow  # the fixture extracts the whole hostile corpus
def test_escape_html_leaves_no_markup(hostile_strings: list[str]) -> None:
    for text in hostile_strings:
        escaped = escape_html(text)
        parsed = _parse(f"<div>{escaped}</div>")
        assert parsed.tags == [("div", [])] and parsed.ends == ["div"] and parsed.other == [], text[:80]
        assert "".join(parsed.text) == strip_unsafe_chars(text)
        assert not re.search(r"[<>`\"'\u202a-\u202e\u2066-\u2069]", escaped)


@pytest.mark.slow  # the fixture extracts the whole hostile corpus
def test_escape_html_in_an_attribute_stays_one_attribute(hostile_strings: list[str]) -> None:
    for text in hostile_strings:
        parsed = _parse(f'<a title="{escape_html(text)}" class=x>t</a>')
        assert parsed.tags == [("a", [("title", strip_unsafe_chars(text)), ("class", "x")])], text[:80]


@pytest.mark.slow  # the fixture extracts the whole hostile corpus
def test_highlight_marks_only_what_it_is_asked_to(hostile_strings: list[str]) -> None:
    for text in hostile_strings:
        spans = [(match.start, match.end) for match in find_places(text)] + [(0, 12), (-5, 3), (len(text) - 4, len(text) + 9)]
        for css_class in ("hl", 'x" onmouseover="alert(1)', "<script>"):
            markup = highlight(text, spans, css_class)
            parsed = _parse(f"<div>{markup}</div>")
            assert parsed.other == [] and parsed.tags[0] == ("div", []), text[:80]
            assert {tag for tag, _ in parsed.tags[1:]} <= {"mark"}
            assert all(attrs == [("class", "hl")] for _, attrs in parsed.tags[1:])
            assert "".join(parsed.text) == strip_unsafe_chars(text)


@pytest.mark.slow  # the fixture extracts the whole hostile corpus
def test_json_for_script_cannot_close_or_open_markup(hostile_strings: list[str]) -> None:
    data = {"strings": hostile_strings, "<script>": "</script>", "line": "\u2028\u2029"}
    text = json_for_script(data)
    assert json.loads(text) == data
    for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in text
    assert "</script" not in text.lower() and "<!--" not in text
    parsed = _parse(f"<script>var data = {text};</script><p>after</p>")
    assert [tag for tag, _ in parsed.tags] == ["script", "p"] and parsed.ends == ["script", "p"]
    assert parsed.text[0] == f"var data = {text};"


def test_unpaired_surrogates_cannot_reach_the_page() -> None:
    # the loader refuses them (bad-lines.jsonl:9), and text built in code is made sendable anyway
    text = "حطلة \ud800<script>\udfff"
    assert escape_html(text) == "حطلة &lt;script&gt;"
    assert highlight(text, [(0, 4)]).encode("utf-8")
    script = json_for_script({"text": text})
    assert script.encode("utf-8") and json.loads(script) == {"text": text}
    assert safe_url("https://example.org/\ud800") is None


def _url_values() -> list[str]:
    """The url of every file and JSON line, and every href/src in the bodies."""
    values = []
    for path in HOSTILE.rglob("*"):
        if not path.is_file() or path.name == "EXPECTED.md":
            continue
        raw = path.read_bytes()
        text = raw.decode("utf-16" if raw.startswith(b"\xff\xfe") else "utf-8", errors="replace")
        values += re.findall(r"^url: *(.*?)\r?$", text, re.MULTILINE)
        values += re.findall(r'"url": "((?:[^"\\]|\\.)*)"', text)
        values += re.findall(r'(?:href|src)=\\?"?([^"\s>\\]+)', text)
    return values


def test_safe_url_lets_only_plain_http_through() -> None:
    values = _url_values()
    assert {"javascript:alert(1)", "javascript:alert(3)", "x"} <= set(values)
    assert any(value.startswith("data:") for value in values)
    for value in values:
        url = safe_url(value)
        if url is None:
            continue
        assert re.match(r"^https?://", url, re.IGNORECASE), value
        assert not re.search(r"[\s<>\"'`\\]", url)
        parsed = _parse(f'<a href="{escape_html(url)}">x</a>')
        assert parsed.tags == [("a", [("href", url)])]
    for value in values:
        if re.match(r"^\s*(javascript|data|vbscript):", value, re.IGNORECASE) or "onerror" in value:
            assert safe_url(value) is None, value


# --------------------------------------------------------------------------- the linearity benchmark


@pytest.mark.slow
def test_the_linearity_benchmark_runs_on_tiny_sizes(tmp_path: Path) -> None:
    from bench import linearity

    results, base = linearity.run(max_factor=2, repeats=1, budget=30.0, functions=["find_places", "extract_reports"],
                                  inputs=["typical article", "one letter"])
    assert base > 1000
    assert [(series.function, series.input) for series in results] == [
        ("find_places", "typical article"), ("find_places", "one letter"),
        ("extract_reports", "typical article"), ("extract_reports", "one letter"),
    ]
    assert all(series.sizes == [base, 2 * base] and len(series.medians) == 2 for series in results)
    text = linearity.report(results, base, repeats=1, budget=30.0, seconds=1.0, machine_info=None)
    assert "## find_places" in text and "| typical article |" in text and "| 1x | 2x |" in text
    out = tmp_path / "linearity.md"
    assert linearity.main(["--max-factor", "1", "--repeats", "1", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Linearity of extraction")

