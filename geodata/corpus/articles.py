"""Articles (SPEC section 3): text or Markdown files with front matter, and JSON Lines.

Loading never stops at a bad article: each one is reported as a Problem with file, line and
reason, and every other article still loads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from geodata.errors import ArticleError, InputTooLargeError, Problem

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
MAX_ARTICLE_CHARS = int(os.environ.get("GEODATA_MAX_ARTICLE_CHARS", "2000000"))
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KNOWN_FIELDS = frozenset({"id", "outlet", "url", "published", "published_inferred", "language", "title"})
PUBLISHED_YEARS = (1900, 2100)  # a published date outside these years is a typo (and breaks datetime64 columns)
_FRONT_MATTER_FENCE = "---"
_MAX_UTF8_BYTES_PER_CHAR = 4
_FRONT_MATTER_ROOM = 1 << 20  # bytes: a file larger than the longest body plus this is refused unread
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class Article:
    """One news article. ``text`` is the body; spans elsewhere refer to it."""

    id: str
    outlet: str
    text: str
    published: dt.date | None = None
    published_inferred: bool = False
    url: str | None = None
    language: str = "ar"
    title: str | None = None
    path: str = ""
    line: int = 1  # line of the file where the body (or the JSON Lines record) starts


@dataclass
class Corpus:
    """Articles that loaded, and the problems of those that did not."""

    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def default_corpus_paths() -> list[Path]:
    """The seeds shipped with the project, beside the package."""
    return [Path(__file__).resolve().parents[2] / "seeds"]


def load_corpus(paths: Sequence[str | Path] | str | Path | None = None) -> Corpus:
    """Load every article under ``paths`` (files, folders, JSON Lines, ``-`` for stdin)."""
    if paths is None:
        paths = default_corpus_paths()
    elif isinstance(paths, str | Path):
        paths = [paths]
    corpus = Corpus()
    first_seen: dict[str, str] = {}
    for source in _expand(paths, corpus.problems):
        for item in _read_source(source):
            if isinstance(item, Problem):
                corpus.problems.append(item)
            elif item.id in first_seen:
                corpus.problems.append(
                    Problem(item.path, item.line, f"duplicate id '{item.id}' (first in {first_seen[item.id]})")
                )
            else:
                first_seen[item.id] = f"{item.path}:{item.line}"
                corpus.articles.append(item)
    return corpus


def _expand(paths: Iterable[str | Path], problems: list[Problem]) -> Iterator[Path | str]:
    for raw in paths:
        if str(raw) == "-":
            yield "-"
            continue
        path = Path(raw)
        if path.is_dir():
            yield from sorted(
                child for child in path.rglob("*")
                if child.is_file() and not any(part.startswith(".") for part in child.relative_to(path).parts)
                and child.suffix.lower() in ARTICLE_SUFFIXES | JSONL_SUFFIXES
            )
        elif path.is_file():
            yield path
        else:
            problems.append(Problem(str(path), None, "no such file or folder"))


def _read_source(source: Path | str) -> Iterator[Article | Problem]:
    if source == "-":
        yield from _read_stdin()
        return
    path = Path(source)
    try:
        too_large = _too_large(path)
        raw = b"" if too_large else path.read_bytes()
    except OSError as error:
        yield Problem(str(path), None, f"cannot read: {error.strerror or error}")
        return
    text = too_large or _decode(raw, str(path))
    if isinstance(text, Problem):
        yield text
    elif path.suffix.lower() in JSONL_SUFFIXES:
        yield from parse_jsonl(text, file=str(path))
    else:
        yield _article_or_problem(text, str(path))


def _too_large(path: Path) -> Problem | None:
    """A Problem, without reading it, for an article file no body under the limit could fill
    (JSON Lines hold many articles: each is checked on its own)."""
    size = path.stat().st_size
    if path.suffix.lower() in JSONL_SUFFIXES or size <= MAX_ARTICLE_CHARS * _MAX_UTF8_BYTES_PER_CHAR + _FRONT_MATTER_ROOM:
        return None
    return Problem(str(path), 1, f"file is {size:,} bytes, more than any article of at most {MAX_ARTICLE_CHARS:,} characters; not read")


def _read_stdin() -> Iterator[Article | Problem]:
    """JSON Lines from standard input, decoded as UTF-8 whatever the locale says."""
    buffer = getattr(sys.stdin, "buffer", None)
    text = _decode(buffer.read(), "<stdin>") if buffer is not None else sys.stdin.read()
    if isinstance(text, Problem):
        yield text
    else:
        yield from parse_jsonl(text, file="<stdin>")


def _decode(raw: bytes, file: str) -> str | Problem:
    if raw.startswith(_UTF16_BOMS):
        return Problem(file, 1, "UTF-16 text (it starts with a UTF-16 byte-order mark); save the file as UTF-8")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Problem(file, line, f"not UTF-8: byte 0x{raw[error.start]:02x} at offset {error.start}; save the file as UTF-8")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _article_or_problem(text: str, file: str) -> Article | Problem:
    try:
        return parse_article(text, file=file)
    except ArticleError as error:
        return error.problem


def parse_article(text: str, *, file: str = "<text>") -> Article:
    """An Article from the text of a file with front matter; ArticleError says what is wrong."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != _FRONT_MATTER_FENCE:
        raise ArticleError(file, 1, "no front matter: the file must start with a '---' line, then id, outlet, published")
    try:
        closing = next(index for index in range(1, len(lines)) if lines[index].strip() == _FRONT_MATTER_FENCE)
    except StopIteration:
        raise ArticleError(file, 1, "front matter is not closed: add a '---' line after the metadata") from None
    meta, field_lines = _parse_front_matter("\n".join(lines[1:closing]), file=file, first_line=2)
    body = "\n".join(lines[closing + 1 :])
    return build_article(meta, body, file=file, line=closing + 2, meta_line=1, field_lines=field_lines)


def _parse_front_matter(block: str, *, file: str, first_line: int) -> tuple[dict[str, str], dict[str, int]]:
    """The front matter's ``key: value`` pairs and the line of each key.

    The YAML is only composed, never constructed: no tag is ever acted on, aliases are not
    expanded, and every value must be a plain scalar.
    """
    try:
        node = yaml.compose(block, Loader=yaml.BaseLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        raise ArticleError(file, line, f"front matter is not valid 'key: value' lines: {getattr(error, 'problem', error)}") from None
    except RecursionError:
        raise ArticleError(file, first_line, "front matter is nested too deeply: use 'key: value' lines") from None
    if node is None:
        return {}, {}
    if not isinstance(node, yaml.MappingNode):
        raise ArticleError(file, first_line + node.start_mark.line, "front matter must be 'key: value' lines")
    meta: dict[str, str] = {}
    field_lines: dict[str, int] = {}
    for key, value in node.value:
        line = first_line + key.start_mark.line
        if not isinstance(key, yaml.ScalarNode) or not isinstance(value, yaml.ScalarNode):
            raise ArticleError(file, line, "front matter must be 'key: value' lines with single values")
        if key.value in meta:
            raise ArticleError(file, line, f"'{key.value[:40]}' is given twice (first on line {field_lines[key.value]})")
        meta[key.value], field_lines[key.value] = value.value, line
    return meta, field_lines


def parse_jsonl(text: str, *, file: str) -> Iterator[Article | Problem]:
    """Articles from JSON Lines text: one object per line with the front-matter fields and ``text``."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = _json_record(line, file=file, line=number)
        except ArticleError as error:
            yield error.problem
            continue
        if not isinstance(record, dict):
            yield Problem(file, number, "each line must be a JSON object with id, outlet, published and text")
            continue
        body = record.get("text")
        if not isinstance(body, str):
            yield Problem(file, number, "missing 'text': the article body must be a string")
            continue
        meta = {key: _scalar_text(value) for key, value in record.items() if key != "text" and value is not None}
        try:
            _check_unicode([body, *meta, *meta.values()], file=file, line=number)
            yield build_article(meta, body, file=file, line=number, meta_line=number)
        except ArticleError as error:
            yield error.problem


def _json_record(text: str, *, file: str, line: int) -> Any:
    """One JSON Lines record; ArticleError for invalid JSON, deep nesting or a key given twice."""
    try:
        return json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as error:
        raise ArticleError(file, line, f"invalid JSON: {error.msg} (column {error.colno})") from None
    except RecursionError:
        raise ArticleError(file, line, "invalid JSON: nested too deeply (each line must be one flat object)") from None
    except _DuplicateKeyError as error:
        raise ArticleError(file, line, f"invalid JSON: key '{error.key[:40]}' is given twice") from None


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for key, value in pairs:
        if key in record:
            raise _DuplicateKeyError(key)
        record[key] = value
    return record


def _check_unicode(values: Iterable[str], *, file: str, line: int) -> None:
    """JSON can spell unpaired surrogates (a lone high or low half) that no UTF-8 output can hold."""
    for value in values:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            code = ord(value[error.start])
            raise ArticleError(file, line, f"invalid Unicode: unpaired surrogate U+{code:04X} at character {error.start}") from None


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def build_article(
    meta: dict[str, str], body: str, *, file: str, line: int, meta_line: int, field_lines: dict[str, int] | None = None
) -> Article:
    """Validate metadata and body; ArticleError names the field, its line and what was expected."""
    lines = field_lines or {}

    def at(key: str) -> int:
        return lines.get(key, meta_line)

    article_id = meta.get("id", "").strip()
    if not ID_PATTERN.match(article_id):
        shown = article_id[:60] or "(missing)"
        raise ArticleError(file, at("id"), f"id {shown!r} must be a slug of a-z, 0-9 and '-' (e.g. sy24-2023-04-11-conoco)")
    outlet = _clean_line(meta.get("outlet", ""))
    if not outlet:
        raise ArticleError(file, at("outlet"), f"article '{article_id}' has no outlet")
    if not body.strip():
        raise ArticleError(file, line, f"article '{article_id}' has an empty body")
    if len(body) > MAX_ARTICLE_CHARS:
        raise ArticleError(file, line, f"article '{article_id}' is {len(body):,} characters; the limit is {MAX_ARTICLE_CHARS:,}")
    return Article(
        id=article_id,
        outlet=outlet,
        text=body,
        published=_published(meta.get("published"), file=file, line=at("published")),
        published_inferred=meta.get("published_inferred", "false").strip().lower() in {"true", "yes", "1"},
        url=_url(meta.get("url"), file=file, line=at("url")),
        language=_clean_line(meta.get("language", "ar")) or "ar",
        title=_clean_line(meta.get("title", "")) or None,
        path=file,
        line=line,
    )


def _clean_line(value: str) -> str:
    """One line of metadata: no control characters, collapsed spaces, bounded length."""
    printable = "".join(char if char.isprintable() else " " for char in value)
    return " ".join(printable.split())[:300]


def _published(value: str | None, *, file: str, line: int) -> dt.date | None:
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        published = dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text).date()
    except ValueError:
        raise ArticleError(file, line, f"published {text[:40]!r} is not a valid ISO date (YYYY-MM-DD)") from None
    low, high = PUBLISHED_YEARS
    if not low <= published.year <= high:
        raise ArticleError(file, line, f"published {text[:40]!r} is not a plausible date: the year must be {low}..{high}")
    return published


def _url(value: str | None, *, file: str, line: int) -> str | None:
    if value is None or not value.strip():
        return None
    url = value.strip()
    if not re.match(r"^https?://[^\s<>\"'`]+$", url, re.IGNORECASE):
        raise ArticleError(file, line, f"url {url[:80]!r} must be an http:// or https:// address")
    return url


def slugify(text: str) -> str:
    """A safe article id from any text: a-z, 0-9 and single hyphens, at most 80 characters."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:80].strip("-")


def article_id_for(outlet: str, published: dt.date | None, text: str) -> str:
    """A stable id from outlet, date and a hash of the text."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    parts = [slugify(outlet) or "article", published.isoformat() if published else "undated", digest]
    return "-".join(parts)


def render_article(article: Article) -> str:
    """The file text of ``article``: front matter with quoted values, then the body."""
    meta: dict[str, str] = {"id": article.id, "outlet": article.outlet}
    if article.url:
        meta["url"] = article.url
    if article.published:
        meta["published"] = article.published.isoformat()
    if article.published_inferred:
        meta["published_inferred"] = "true"
    meta["language"] = article.language
    if article.title:
        meta["title"] = article.title
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "\n".join([_FRONT_MATTER_FENCE, *lines, _FRONT_MATTER_FENCE, article.text])


def save_article(article: Article, folder: str | Path) -> Path:
    """Write ``article`` into ``folder`` atomically as ``<id>.md`` and return the path.

    The id must be a slug, so the file cannot land outside the folder; an existing file of
    the same id is never overwritten (InputTooLargeError / ArticleError explain refusals).
    """
    if not ID_PATTERN.match(article.id):
        raise ArticleError(str(folder), None, f"id {article.id[:60]!r} is not a slug")
    if len(article.text) > MAX_ARTICLE_CHARS:
        raise InputTooLargeError(f"the report is {len(article.text):,} characters; the limit is {MAX_ARTICLE_CHARS:,}")
    base = Path(folder).resolve()
    base.mkdir(parents=True, exist_ok=True)
    target = (base / f"{article.id}.md").resolve()
    if target.parent != base:
        raise ArticleError(str(folder), None, f"id {article.id!r} would leave the corpus folder")
    if target.exists():
        raise ArticleError(str(target), None, f"an article with id '{article.id}' already exists")
    handle, temporary = tempfile.mkstemp(prefix=".incoming-", suffix=".tmp", dir=base)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(render_article(article))
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
