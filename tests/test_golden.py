"""The golden-file checker (tests/golden.py): an update rewrites the file and still fails, a
difference fails with a readable diff, a missing file fails with the command that creates it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.golden import (
    DIFF_LINES,
    LINE_WIDTH,
    UPDATE_ENV,
    Golden,
    folium_ids,
    html_lines,
    unified_diff,
    update_requested,
)

LINES = "".join(f"line {number}\n" for number in range(1, 41))


def failure(check) -> str:
    with pytest.raises(pytest.fail.Exception) as raised:
        check()
    return str(raised.value)


def test_a_matching_output_passes_with_or_without_the_flag(tmp_path: Path) -> None:
    (tmp_path / "same.txt").write_text(LINES, encoding="utf-8")
    Golden(tmp_path).check("same.txt", LINES)
    Golden(tmp_path, update=True).check("same.txt", LINES.encode("utf-8"))
    assert (tmp_path / "same.txt").read_text(encoding="utf-8") == LINES


def test_a_difference_fails_with_a_unified_diff_of_the_changed_lines(tmp_path: Path) -> None:
    (tmp_path / "out.txt").write_text(LINES, encoding="utf-8")
    message = failure(lambda: Golden(tmp_path, test_id="tests/test_x.py::test_y").check(
        "out.txt", LINES.replace("line 20\n", "line twenty\n")))
    assert "out.txt (golden)" in message and "out.txt (this run)" in message
    assert "\n-line 20\n+line twenty\n" in message
    assert " line 17\n" in message and " line 23\n" in message  # three lines of context
    assert "line 5\n" not in message and "line 35" not in message
    assert "@@ -17,7 +17,7 @@" in message
    assert "python -m pytest 'tests/test_x.py::test_y' --update-golden" in message and UPDATE_ENV in message
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == LINES  # never written without the flag


def test_a_long_diff_shows_its_first_lines_and_counts_the_rest(tmp_path: Path) -> None:
    (tmp_path / "out.txt").write_text(LINES * 5, encoding="utf-8")
    message = failure(lambda: Golden(tmp_path).check("out.txt", LINES.replace("line", "row") * 5))
    diff = message.split("\n", 1)[1].split("\n… ")[0].splitlines()
    assert len(diff) == DIFF_LINES
    left_out = int(re.search(r"… (\d+) more diff lines", message).group(1))
    assert left_out == 2 + 1 + 400 - DIFF_LINES  # header, one hunk, 200 lines out and 200 in


def test_a_long_line_is_clipped_around_its_first_change() -> None:
    payload = "x" * 5000 + "OLD" + "y" * 5000
    diff, left_out = unified_diff(payload + "\n", payload.replace("OLD", "NEW") + "\n", name="data.json")
    assert left_out == 0
    removed, added = (line for line in diff if line[:1] in "-+" and not line.startswith(("---", "+++")))
    assert "OLD" in removed and "NEW" in added
    assert len(removed) < LINE_WIDTH + 40 and "…[" in removed


def test_a_difference_in_line_endings_only_is_named(tmp_path: Path) -> None:
    (tmp_path / "out.csv").write_bytes(b"a,b\r\n1,2\r\n")
    message = failure(lambda: Golden(tmp_path).check("out.csv", "a,b\n1,2\n"))
    assert "line endings" in message and "CRLF: True" in message and "CRLF: False" in message


def test_update_rewrites_the_file_and_still_fails_naming_what_changed(tmp_path: Path) -> None:
    (tmp_path / "out.txt").write_text(LINES, encoding="utf-8")
    changed = LINES.replace("line 7\n", "line seven\n").replace("line 30\n", "")
    message = failure(lambda: Golden(tmp_path, update=True).check("out.txt", changed))
    assert "REWRITTEN" in message and "git diff" in message
    assert "-line 7\n+line seven\n" in message and "-line 30\n" in message
    assert "(3 lines changed)" in message
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == changed
    Golden(tmp_path).check("out.txt", changed)  # the next run, without the flag, passes


def test_a_missing_golden_file_fails_with_the_command_that_creates_it(tmp_path: Path) -> None:
    message = failure(lambda: Golden(tmp_path, test_id="tests/test_x.py::test_y").check("new.txt", "hello\n"))
    assert "does not exist" in message and "--update-golden" in message and "tests/test_x.py::test_y" in message
    assert not (tmp_path / "new.txt").exists()
    message = failure(lambda: Golden(tmp_path, update=True).check("sub/new.txt", "hello\n"))
    assert "CREATED" in message
    assert (tmp_path / "sub" / "new.txt").read_text(encoding="utf-8") == "hello\n"


def test_a_name_cannot_leave_the_golden_folder(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="leaves"):
        Golden(tmp_path / "golden", update=True).check("../escape.txt", "x")
    assert not (tmp_path / "escape.txt").exists()


def test_the_flag_is_the_option_or_a_true_environment_value() -> None:
    assert update_requested(True, {})
    assert not update_requested(False, {})
    for value in ("1", "yes", "true", "on"):
        assert update_requested(False, {UPDATE_ENV: value})
    for value in ("", "0", "no", "false", "off", " 0 "):
        assert not update_requested(False, {UPDATE_ENV: value})


def test_folium_ids_are_numbered_in_order_of_first_appearance() -> None:
    first, second = "0123456789abcdef" * 2, "fedcba9876543210" * 2
    page = f'<div id="map_{first}"></div><script>var layer_{second}_layers = x; layer_{second}.addTo(map_{first});</script>'
    assert folium_ids(page) == '<div id="map_id1"></div><script>var layer_id2_layers = x; layer_id2.addTo(map_id1);</script>'
    other = page.replace(first, "1" * 32).replace(second, "2" * 32)
    assert folium_ids(other) == folium_ids(page)
    swapped = f"map_{second} map_{first} map_{second}"
    assert folium_ids(swapped) == "map_id1 map_id2 map_id1" != folium_ids(f"map_{first} map_{first} map_{second}")
    assert folium_ids("a" * 33) == "a" * 33 and folium_ids("sha " + "0" * 40) == "sha " + "0" * 40


def test_html_lines_put_one_tag_on_a_line() -> None:
    assert html_lines('<div class="a"><b>x</b></div>') == '<div class="a">\n<b>x</b>\n</div>'


_GOLDEN_TEST = '''
from pathlib import Path

import pytest

from tests.golden import Golden, update_requested


@pytest.fixture
def golden(request):
    import os
    update = update_requested(request.config.getoption("--update-golden"), os.environ)
    return Golden(Path(__file__).parent / "golden", update=update, test_id=request.node.nodeid)


def test_output(golden):
    golden.check("out.txt", "{output}\\n")
'''

_GOLDEN_CONFTEST = '''
from tests.golden import UPDATE_OPTION


def pytest_addoption(parser):
    parser.addoption(UPDATE_OPTION, action="store_true", default=False)
'''


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_pytest_run_with_the_flag_fails_and_the_next_run_passes(pytester: pytest.Pytester, how: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    pytester.makeconftest(_GOLDEN_CONFTEST)
    pytester.makepyfile(test_out=_GOLDEN_TEST.replace("{output}", "new"))
    (pytester.path / "golden").mkdir()
    (pytester.path / "golden" / "out.txt").write_text("old\n", encoding="utf-8")
    monkeypatch.delenv(UPDATE_ENV, raising=False)
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")  # a bare pytest: quicker, and no xdist
    plain = pytester.runpytest("-p", "no:cacheprovider")
    plain.assert_outcomes(failed=1)
    plain.stdout.fnmatch_lines(["*-old*", "*+new*", "*--update-golden*"])
    if how == "environment":
        monkeypatch.setenv(UPDATE_ENV, "1")
        update = pytester.runpytest("-p", "no:cacheprovider")
        monkeypatch.delenv(UPDATE_ENV)
    else:
        update = pytester.runpytest("-p", "no:cacheprovider", "--update-golden")
    update.assert_outcomes(failed=1)
    update.stdout.fnmatch_lines(["*REWRITTEN*", "*git diff*"])
    assert (pytester.path / "golden" / "out.txt").read_text(encoding="utf-8") == "new\n"
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)
