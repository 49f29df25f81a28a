"""Articles (SPEC section 3): files with front matter, folders, JSON Lines and stdin. A bad
article is reported with file, line and reason while every other article still loads."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest

import geodata.corpus.articles
from geodata.corpus.articles import Article, load_corpus, render_article, save_article
from geodata.errors import ArticleError, InputTooLargeError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PROJECT_SEEDS = PROJECT_ROOT / "seeds"
# the seed texts as the project received them: ../shared beside the checkout
SHARED_SEEDS = next(
    (path for path in (PROJECT_ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds")) if path.is_dir()),
    PROJECT_ROOT.parent / "shared" / "seeds",
)

HATLA_BODY = (
    "قصفت طائرات التحالف الدولي مواقع للميليشيات الإيرانية في بلدة حطلة شرقي دير الزور، "
    "بحسب ما نقل مراسلنا عن مصادر محلية.\n"
    "ولم ترد أنباء عن إصابات في صفوف المدنيين."
)

GOOD = (
    "---\n"
    "id: dez24-2023-04-12-hatla\n"
    "outlet: Deir Ezzor 24\n"
    "url: https://deirezzor24.net/ar/hatla-strikes\n"
    "published: 2023-04-12\n"
    "language: ar\n"
    "title: قصف للتحالف على حطلة\n"
    "---\n" + HATLA_BODY + "\n"
)


def article_text(article_id: str, body: str = "اندلعت اشتباكات بين قسد ومسلحين في بلدة ذيبان.", **meta: str) -> str:
    fields = {"id": article_id, "outlet": "Euphrates Post", "published": "2023-04-11", **meta}
    lines = [f"{key}: {value}" for key, value in fields.items()]
    return "\n".join(["---", *lines, "---", body]) + "\n"


def jsonl_line(article_id: str, **fields: object) -> str:
    record = {"id": article_id, "outlet": "Nahr Media", "published": "2023-04-11",
              "text": "قصفت مسيرة مجهولة شاحنة قرب البوكمال.", **fields}
    return json.dumps(record, ensure_ascii=False)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


# --------------------------------------------------------------------------- good input


def test_one_file_with_every_field(tmp_path: Path) -> None:
    path = write(tmp_path / "hatla.md", GOOD)
    corpus = load_corpus(path)
    assert corpus.problems == []
    [article] = corpus.articles
    assert article.id == "dez24-2023-04-12-hatla"
    assert article.outlet == "Deir Ezzor 24"
    assert article.url == "https://deirezzor24.net/ar/hatla-strikes"
    assert article.published == dt.date(2023, 4, 12)
    assert article.published_inferred is False
    assert article.language == "ar"
    assert article.title == "قصف للتحالف على حطلة"
    assert article.text.rstrip("\n") == HATLA_BODY
    assert article.path == str(path)
    assert article.line == 9  # the first line of the body


def test_folder_is_read_recursively_and_hidden_files_are_skipped(tmp_path: Path) -> None:
    write(tmp_path / "a.md", article_text("top-level"))
    write(tmp_path / "2023" / "april" / "b.txt", article_text("nested-txt"))
    write(tmp_path / "2023" / "c.markdown", article_text("nested-markdown"))
    write(tmp_path / "bulk" / "d.jsonl", jsonl_line("from-jsonl") + "\n")
    write(tmp_path / ".drafts" / "e.md", article_text("hidden-folder"))
    write(tmp_path / ".f.md", article_text("hidden-file"))
    write(tmp_path / "2023" / ".g.txt", article_text("hidden-nested-file"))
    write(tmp_path / "notes.pdf", b"%PDF-1.4 not an article")
    corpus = load_corpus(tmp_path)
    assert corpus.problems == []
    assert sorted(article.id for article in corpus.articles) == [
        "from-jsonl", "nested-markdown", "nested-txt", "top-level",
    ]


def test_several_paths_at_once(tmp_path: Path) -> None:
    one = write(tmp_path / "one" / "a.md", article_text("first-folder"))
    two = write(tmp_path / "two.jsonl", jsonl_line("second-file") + "\n")
    corpus = load_corpus([one.parent, two])
    assert [article.id for article in corpus.articles] == ["first-folder", "second-file"]


def test_json_lines_keep_their_line_numbers(tmp_path: Path) -> None:
    lines = [
        jsonl_line("line-one"),
        "",
        jsonl_line("line-three", url="https://example.org/a", title="عنوان", published_inferred=True),
        jsonl_line("line-four", published=None),
    ]
    path = write(tmp_path / "bulk.jsonl", "\n".join(lines) + "\n")
    corpus = load_corpus(path)
    assert corpus.problems == []
    by_id = {article.id: article for article in corpus.articles}
    assert {key: article.line for key, article in by_id.items()} == {"line-one": 1, "line-three": 3, "line-four": 4}
    assert by_id["line-three"].published_inferred is True
    assert by_id["line-three"].title == "عنوان"
    assert by_id["line-four"].published is None
    assert by_id["line-one"].text == "قصفت مسيرة مجهولة شاحنة قرب البوكمال."


def test_ndjson_suffix_is_json_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "bulk.ndjson", jsonl_line("ndjson-one") + "\n")
    assert [article.id for article in load_corpus(path).articles] == ["ndjson-one"]


def test_stdin_dash_reads_json_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = jsonl_line("from-stdin") + "\n" + "{not json\n" + jsonl_line("also-stdin") + "\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    corpus = load_corpus("-")
    assert [article.id for article in corpus.articles] == ["from-stdin", "also-stdin"]
    [problem] = corpus.problems
    assert (problem.file, problem.line) == ("<stdin>", 2)
    assert "invalid JSON" in problem.reason


def test_crlf_line_endings(tmp_path: Path) -> None:
    path = write(tmp_path / "windows.txt", GOOD.replace("\n", "\r\n"))
    corpus = load_corpus(path)
    assert corpus.problems == []
    [article] = corpus.articles
    assert "\r" not in article.text
    assert article.text.rstrip("\n") == HATLA_BODY
    assert article.published == dt.date(2023, 4, 12)


def test_utf8_byte_order_mark(tmp_path: Path) -> None:
    path = write(tmp_path / "bom.md", b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    corpus = load_corpus(path)
    assert corpus.problems == []
    [article] = corpus.articles
    assert article.id == "dez24-2023-04-12-hatla"
    assert not article.text.startswith("\ufeff")


def test_missing_path_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    write(tmp_path / "ok.md", article_text("still-loads"))
    corpus = load_corpus([tmp_path / "nowhere", tmp_path / "ok.md"])
    assert [article.id for article in corpus.articles] == ["still-loads"]
    [problem] = corpus.problems
    assert problem.file == str(tmp_path / "nowhere")


# --------------------------------------------------------------------------- bad articles

# case, file name, content, expected line (None: any line inside the front matter), words of the reason
BAD_FILE_ROWS = [
    ("no front matter", "plain.txt", "قصفت المدفعية بلدة الطيانة مساء أمس.\n", 1, "front matter"),
    ("unclosed front matter", "open.md", "---\nid: open-fm\noutlet: SY24\nقصف على ذيبان\n", 1, "not closed"),
    ("bad YAML line", "colon.md", article_text("bad-yaml", title="عاجل: قصف على حطلة"), 5, "not valid"),
    ("invalid date", "date.md", article_text("bad-date", published="2023-02-30"), None, "ISO date"),
    ("date with trailing junk", "junk.md", article_text("junk-date", published="2023-04-1122"), None, "ISO date"),
    ("missing id", "noid.md", "---\noutlet: SY24\npublished: 2023-04-11\n---\nقصف على حطلة\n", None, "id"),
    ("id with ../", "escape.md", article_text("../../etc/passwd"), None, "slug"),
    ("uppercase id", "upper.md", article_text("SY24-Conoco"), None, "slug"),
    ("id with spaces", "spaces.md", article_text("sy24 conoco"), None, "slug"),
    ("missing outlet", "nooutlet.md", "---\nid: no-outlet\npublished: 2023-04-11\n---\nقصف على حطلة\n", None, "outlet"),
    ("empty body", "empty.md", "---\nid: empty-body\noutlet: SY24\npublished: 2023-04-11\n---\n  \n\n", 6, "empty"),
    ("javascript url", "js.md", article_text("js-url", url="javascript:alert(1)"), None, "url"),
    ("data url", "data.md", article_text("data-url", url="data:text/html,hi"), None, "url"),
]


@pytest.mark.parametrize(("case", "name", "content", "line", "reason"), BAD_FILE_ROWS, ids=[row[0] for row in BAD_FILE_ROWS])
def test_bad_article_is_reported_and_the_others_load(
    tmp_path: Path, case: str, name: str, content: str, line: int | None, reason: str
) -> None:
    write(tmp_path / "good.md", GOOD)
    write(tmp_path / "z-also-good.jsonl", jsonl_line("jsonl-still-loads") + "\n")
    bad = write(tmp_path / name, content)
    corpus = load_corpus(tmp_path)
    assert sorted(article.id for article in corpus.articles) == ["dez24-2023-04-12-hatla", "jsonl-still-loads"]
    [problem] = corpus.problems
    assert problem.file == str(bad)
    if line is None:
        fence = content.split("\n").index("---", 1) + 1
        assert problem.line is not None and 1 <= problem.line <= fence
    else:
        assert problem.line == line
    assert reason.lower() in problem.reason.lower()
    assert str(problem).startswith(f"{bad}:{problem.line}: ")


# An analyst fixes the file at the line the problem names: a bad field is named at its own line.
FIELD_LINE_ROWS = [
    ("invalid date", article_text("bad-date", published="2023-02-30"), 4),
    ("javascript url", article_text("js-url", url="javascript:alert(1)"), 5),
    ("id with ../", article_text("../secret"), 2),
]


@pytest.mark.parametrize(("case", "content", "line"), FIELD_LINE_ROWS, ids=[row[0] for row in FIELD_LINE_ROWS])
def test_a_bad_field_is_reported_at_its_own_line(tmp_path: Path, case: str, content: str, line: int) -> None:
    bad = write(tmp_path / "bad.md", content)
    [problem] = load_corpus(bad).problems
    assert problem.line == line


def test_not_utf8_is_reported_with_its_line(tmp_path: Path) -> None:
    write(tmp_path / "good.md", GOOD)
    latin1 = "---\nid: latin-one\noutlet: Café Press\npublished: 2023-04-11\n---\nbody\n".encode("latin-1")
    bad = write(tmp_path / "latin1.md", latin1)
    corpus = load_corpus(tmp_path)
    assert [article.id for article in corpus.articles] == ["dez24-2023-04-12-hatla"]
    [problem] = corpus.problems
    assert (problem.file, problem.line) == (str(bad), 3)
    assert "UTF-8" in problem.reason


def test_oversize_body_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(geodata.corpus.articles, "MAX_ARTICLE_CHARS", 120)
    write(tmp_path / "short.md", article_text("short-one"))
    big = write(tmp_path / "big.md", article_text("too-long", body="قصف على حطلة. " * 40))
    corpus = load_corpus(tmp_path)
    assert [article.id for article in corpus.articles] == ["short-one"]
    [problem] = corpus.problems
    assert (problem.file, problem.line) == (str(big), 6)
    assert "limit" in problem.reason


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    first = write(tmp_path / "a" / "first.md", article_text("same-id", outlet="SY24"))
    second = write(tmp_path / "b" / "second.md", article_text("same-id", outlet="Enab Baladi"))
    write(tmp_path / "b" / "third.md", article_text("other-id"))
    corpus = load_corpus([tmp_path / "a", tmp_path / "b"])
    assert sorted(article.id for article in corpus.articles) == ["other-id", "same-id"]
    assert next(a for a in corpus.articles if a.id == "same-id").outlet == "SY24"
    [problem] = corpus.problems
    assert problem.file == str(second)
    assert problem.line is not None
    assert "duplicate" in problem.reason and str(first) in problem.reason


def test_duplicate_id_between_a_file_and_json_lines(tmp_path: Path) -> None:
    write(tmp_path / "a.md", article_text("twice"))
    bulk = write(tmp_path / "b.jsonl", jsonl_line("once") + "\n" + jsonl_line("twice") + "\n")
    corpus = load_corpus(tmp_path)
    assert sorted(article.id for article in corpus.articles) == ["once", "twice"]
    [problem] = corpus.problems
    assert (problem.file, problem.line) == (str(bulk), 2)


# case, the bad JSON line, words of the reason
BAD_JSONL_ROWS = [
    ("invalid JSON", '{"id": "broken", "outlet": "SY24", "text": "قصف"', "invalid JSON"),
    ("array instead of object", '["id", "outlet", "text"]', "object"),
    ("string instead of object", '"قصف على حطلة"', "object"),
    ("missing text", '{"id": "no-text", "outlet": "SY24", "published": "2023-04-11"}', "text"),
    ("text is not a string", '{"id": "num-text", "outlet": "SY24", "text": 5}', "text"),
    ("empty text", jsonl_line("empty-text", text="   "), "empty"),
    ("invalid date", jsonl_line("bad-date", published="2023-02-30"), "ISO date"),
    ("uppercase id", jsonl_line("Upper-Case"), "slug"),
    ("missing outlet", jsonl_line("no-outlet", outlet=None), "outlet"),
    ("javascript url", jsonl_line("js-url", url="javascript:void(0)"), "url"),
]


@pytest.mark.parametrize(("case", "line", "reason"), BAD_JSONL_ROWS, ids=[row[0] for row in BAD_JSONL_ROWS])
def test_bad_json_line_is_reported_with_its_line(tmp_path: Path, case: str, line: str, reason: str) -> None:
    path = write(tmp_path / "bulk.jsonl", "\n".join([jsonl_line("before"), "", line, jsonl_line("after")]) + "\n")
    corpus = load_corpus(path)
    assert [article.id for article in corpus.articles] == ["before", "after"]
    [problem] = corpus.problems
    assert (problem.file, problem.line) == (str(path), 3)
    assert reason.lower() in problem.reason.lower()


# --------------------------------------------------------------------------- saving


def make_article(article_id: str = "user-2023-04-12-hatla", **changes: object) -> Article:
    fields: dict[str, object] = {
        "id": article_id, "outlet": "Nahr Media", "text": HATLA_BODY, "published": dt.date(2023, 4, 12),
    }
    fields.update(changes)
    return Article(**fields)  # type: ignore[arg-type]


def test_save_article_writes_id_md_inside_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    path = save_article(make_article(), folder)
    assert path == (folder / "user-2023-04-12-hatla.md").resolve()
    assert path.read_text(encoding="utf-8").startswith("---\n")
    assert sorted(child.name for child in folder.iterdir()) == ["user-2023-04-12-hatla.md"]


def test_save_article_leaves_nothing_behind_when_the_write_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_replace(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        save_article(make_article(), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_save_article_refuses_an_existing_id(tmp_path: Path) -> None:
    first = save_article(make_article(outlet="SY24"), tmp_path)
    before = first.read_bytes()
    with pytest.raises(ArticleError):
        save_article(make_article(outlet="Enab Baladi"), tmp_path)
    assert first.read_bytes() == before
    assert len(list(tmp_path.iterdir())) == 1


@pytest.mark.parametrize("bad_id", ["../escape", "..", "a/b", "Upper", "with space", "", "trailing-", "سوريا"])
def test_save_article_refuses_ids_that_are_not_slugs(tmp_path: Path, bad_id: str) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    with pytest.raises(ArticleError):
        save_article(make_article(bad_id), folder)
    assert list(folder.iterdir()) == []
    assert sorted(child.name for child in tmp_path.iterdir()) == ["corpus"]


def test_save_article_refuses_an_oversize_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(geodata.corpus.articles, "MAX_ARTICLE_CHARS", 50)
    with pytest.raises(InputTooLargeError):
        save_article(make_article(), tmp_path)
    assert list(tmp_path.iterdir()) == []


# a title as an analyst may paste it, the title that must come back, what the row is about
TITLE_ROWS = [
    ("قصف على حطلة", "قصف على حطلة", "plain"),
    ('عاجل: "قسد" تعلن السيطرة على ذيبان', 'عاجل: "قسد" تعلن السيطرة على ذيبان', "colon and double quotes"),
    ("key: value: more", "key: value: more", "two colons"),
    ("- تبدأ بشرطة", "- تبدأ بشرطة", "leading dash"),
    ("# ليس تعليقا", "# ليس تعليقا", "leading hash"),
    ("'مقتبس' و\\مائل", "'مقتبس' و\\مائل", "single quotes and backslash"),
    ("سطر أول\nسطر ثان", "سطر أول سطر ثان", "newline (a title is one line)"),
    ("---", "---", "a fence"),
]


@pytest.mark.parametrize(("title", "expected", "about"), TITLE_ROWS, ids=[row[2] for row in TITLE_ROWS])
def test_saved_article_round_trips_through_load_corpus(tmp_path: Path, title: str, expected: str, about: str) -> None:
    article = make_article(
        title=title, url="https://nahr.media/ar/news?id=12&lang=ar", published_inferred=True, language="ar",
    )
    save_article(article, tmp_path)
    corpus = load_corpus(tmp_path)
    assert corpus.problems == []
    [loaded] = corpus.articles
    assert loaded.title == expected
    assert (loaded.id, loaded.outlet, loaded.url, loaded.published, loaded.published_inferred, loaded.language) == (
        article.id, article.outlet, article.url, article.published, True, "ar",
    )


def test_saved_body_round_trips_unchanged(tmp_path: Path) -> None:
    article = make_article(text="  يبدأ بمسافتين\n---\nسطر بعد فاصل\n\nوفقرة أخيرة دون سطر جديد")
    save_article(article, tmp_path)
    [loaded] = load_corpus(tmp_path).articles
    assert loaded.text == article.text


def test_render_article_quotes_every_value() -> None:
    text = render_article(make_article(title='عاجل: "قصف"'))
    front = text.split("---\n")[1]
    for line in front.strip().split("\n"):
        _key, _, value = line.partition(": ")
        assert value.startswith('"') and value.endswith('"'), line


# --------------------------------------------------------------------------- the seeds

SEED_ROWS = [
    ("000_3c588d598426db0b.txt", "SY24"),
    ("002_8db493ebabbc4d35.txt", "Enab Baladi"),
]


@pytest.mark.parametrize(("name", "outlet"), SEED_ROWS)
def test_seed_loads_with_the_metadata_of_the_spec(name: str, outlet: str) -> None:
    corpus = load_corpus()
    assert corpus.problems == []
    [article] = [article for article in corpus.articles if Path(article.path).name == name]
    assert article.outlet == outlet
    assert article.published == dt.date(2023, 4, 11)
    assert article.published_inferred is True
    assert article.language == "ar"
    assert geodata.corpus.articles.ID_PATTERN.match(article.id)
    assert article.text.encode("utf-8") == (SHARED_SEEDS / name).read_bytes()


def test_the_default_corpus_is_the_seeds_folder() -> None:
    corpus = load_corpus()
    assert len(corpus.articles) == 2
    assert {Path(article.path).parent for article in corpus.articles} == {PROJECT_SEEDS}
    assert len({article.id for article in corpus.articles}) == 2
