"""`geodata fetch` on the command line against a local server: one round, the status, paths,
errors with file and line, and `--every` against a feed that grows, stopped by SIGTERM and
started again."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from geodata.cli import main
from geodata.corpus.articles import load_corpus
from tests.fetch_world import REPORTS, Item, article_page, recent, rfc822, rss

pytestmark = pytest.mark.usefixtures("no_internet")
KEYS = ["drone", "shelling", "raid", "ied", "clash", "rockets"]


def base_of(server: HTTPServer) -> str:
    return f"http://127.0.0.1:{server.port}"


def write_outlets(path: Path, server: HTTPServer, feeds: list[str], *, extra: str = "") -> Path:
    lines = ["fetch:", "  requests_per_second: 200", "  burst: 10", "  retries: 1", "  backoff: 0.01", "  min_text_chars: 150", extra,
             "outlets:", "  - name: Local Outlet", "    id: local", f"    feeds: [{', '.join(base_of(server) + feed for feed in feeds)}]",
             "    timezone: Asia/Damascus"]
    path.write_text("\n".join(line for line in lines if line) + "\n", encoding="utf-8")
    return path


def serve_reports(server: HTTPServer) -> None:
    for key in KEYS:
        title, paragraphs = REPORTS[key]
        server.expect_request(f"/news/{key}").respond_with_data(article_page(title, paragraphs), content_type="text/html; charset=utf-8")


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["fetch", *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_one_round_from_the_command_line(server: HTTPServer, tmp_path: Path) -> None:
    base = base_of(server)
    server.expect_request("/feed").respond_with_data(rss([
        Item(REPORTS[key][0], f"{base}/news/{key}", rfc822(recent(number + 1))) for number, key in enumerate(KEYS[:3])]),
        content_type="application/rss+xml")
    server.expect_request("/broken.xml").respond_with_data("<rss><<<", content_type="application/rss+xml")
    serve_reports(server)
    outlets = write_outlets(tmp_path / "outlets.yaml", server, ["/feed", "/broken.xml"])
    common = ["--outlets", str(outlets), "--corpus", str(tmp_path / "corpus"), "--state", str(tmp_path / "state.json"), "--allow-address", "127.0.0.0/8"]
    code, _, err = run(*common)
    assert code == 1  # one feed failed; the other's articles are stored all the same
    assert "round 1" in err and "3 new, 1 failed" in err
    assert "failed: " + base + "/broken.xml: feed: not a readable RSS or Atom feed" in err
    corpus = load_corpus([tmp_path / "corpus"])
    assert len(corpus.articles) == 3 and corpus.problems == []
    assert {article.outlet for article in corpus.articles} == {"Local Outlet"}
    code, out, _ = run(*common, "--status")
    assert code == 0
    [status] = [json.loads(line) for line in out.splitlines()]
    assert status["outlet"] == "Local Outlet" and status["new_last_round"] == 3
    assert [failure["url"] for failure in status["failures"]] == [base + "/broken.xml"]


def test_without_the_allowance_the_local_server_is_refused(server: HTTPServer, tmp_path: Path) -> None:
    server.expect_request("/feed").respond_with_data(rss([]), content_type="application/rss+xml")
    outlets = write_outlets(tmp_path / "outlets.yaml", server, ["/feed"])
    code, _, err = run("--outlets", str(outlets), "--corpus", str(tmp_path / "c"), "--state", str(tmp_path / "s.json"))
    assert code == 1 and "127.0.0.1 is a loopback address" in err
    assert server.log == []


def test_paths_and_usage_errors(server: HTTPServer, tmp_path: Path) -> None:
    outlets = write_outlets(tmp_path / "outlets.yaml", server, ["/feed"])
    code, out, _ = run("--outlets", str(outlets), "--state", str(tmp_path / "s.json"), "--corpus", str(tmp_path / "c"), "--show-paths")
    assert code == 0 and f"outlets: {outlets}" in out and f"state: {tmp_path / 's.json'}" in out
    code, _, err = run("--outlets", str(outlets), "--outlet", "Nowhere")
    assert code == 2 and "no outlet 'Nowhere'" in err and "Local Outlet" in err
    bad = tmp_path / "bad.yaml"
    bad.write_text("outlets:\n  - name: X\n    feeds: [gopher://x.org/]\n", encoding="utf-8")
    code, _, err = run("--outlets", str(bad))
    assert code == 2 and f"{bad}:2: outlet 'X'" in err and "not an http:// or https:// address" in err
    with pytest.raises(SystemExit):
        run("--every", "soon")


def test_a_page_given_by_address(server: HTTPServer, tmp_path: Path) -> None:
    serve_reports(server)
    outlets = write_outlets(tmp_path / "outlets.yaml", server, ["/feed"])
    common = ["--outlets", str(outlets), "--corpus", str(tmp_path / "c"), "--state", str(tmp_path / "s.json"), "--allow-address", "127.0.0.1"]
    code, _, err = run(*common, "--outlet", "local", "--url", base_of(server) + "/news/clash?utm_source=share")
    assert code == 0 and "1 new" in err
    [article] = load_corpus([tmp_path / "c"]).articles
    assert article.url == base_of(server) + "/news/clash" and article.published_inferred
    code, _, err = run(*common, "--url", base_of(server) + "/news/clash")
    assert code == 2 and "--url needs one --outlet" in err


# -- the schedule


def growing_feed(server: HTTPServer, limit: int) -> list[int]:
    """A feed that has one more item each time it is read (up to ``limit``), with an ETag."""
    reads: list[int] = []
    lock = threading.Lock()
    base = base_of(server)

    def handler(request: Request) -> Response:
        with lock:
            reads.append(1)
            count = min(len(reads), limit)
        tag = f'"items-{count}"'
        if request.headers.get("If-None-Match") == tag:
            return Response(status=304)
        items = [Item(REPORTS[key][0], f"{base}/news/{key}", rfc822(recent(10 - number))) for number, key in enumerate(KEYS[:count])]
        return Response(rss(items), content_type="application/rss+xml", headers={"ETag": tag})

    server.expect_request("/grow").respond_with_handler(handler)
    return reads


def page_hits(server: HTTPServer) -> list[str]:
    return [request.path for request, _ in server.log if request.path.startswith("/news/")]


def start_every(tmp_path: Path, outlets: Path, *extra: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "geodata", "fetch", "--outlets", str(outlets), "--corpus", str(tmp_path / "corpus"),
               "--state", str(tmp_path / "state.json"), "--allow-address", "127.0.0.0/8", "--every", "1s", *extra]
    env = {**os.environ, "HOME": str(tmp_path / "home"), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def wait_for(condition: object, limit: float) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow
def test_every_stores_each_new_item_once_stops_on_sigterm_and_a_restart_fetches_nothing_again(server: HTTPServer, tmp_path: Path) -> None:
    reads = growing_feed(server, limit=4)
    serve_reports(server)
    outlets = write_outlets(tmp_path / "outlets.yaml", server, ["/grow"])
    process = start_every(tmp_path, outlets)
    try:
        assert wait_for(lambda: len(reads) >= 6, 60), "the schedule did not read the feed six times"
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "SIGTERM: stopping" in err and "stopped after" in err
    hits = page_hits(server)
    assert sorted(hits) == sorted(f"/news/{key}" for key in KEYS[:4])  # each new item fetched once, as it appeared
    corpus = load_corpus([tmp_path / "corpus"])
    assert len(corpus.articles) == 4 and len({article.text for article in corpus.articles}) == 4
    assert "(0 feeds read, 1 unchanged)" in err  # once the feed stopped growing it answered 304

    server.clear_log()
    restart = start_every(tmp_path, outlets, "--max-rounds", "1")
    _, err = restart.communicate(timeout=60)
    assert restart.returncode == 0, err
    assert page_hits(server) == [] and "0 new" in err
    (tmp_path / "state.json").unlink()  # even without the state, the corpus folder knows what is stored
    server.clear_log()
    again = start_every(tmp_path, outlets, "--max-rounds", "1")
    _, err = again.communicate(timeout=60)
    assert again.returncode == 0, err
    assert page_hits(server) == [] and len(load_corpus([tmp_path / "corpus"]).articles) == 4


def test_validate_checks_the_outlets_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "outlets.yaml"
    bad.write_text("outlets:\n  - name: X\n    feeds: [https://x.org/feed]\n    language: Arabic\n", encoding="utf-8")
    monkeypatch.setenv("GEODATA_OUTLETS", str(bad))
    out, err = io.StringIO(), io.StringIO()
    assert main(["validate"], out=out, err=err) == 1
    assert f"{bad}:2: outlet 'X': language 'Arabic' must be a two- or three-letter code" in out.getvalue()
