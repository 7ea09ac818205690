"""Hostile input: the two examples mutated (lines deleted, duplicated, swapped; bytes, full-width
punctuation, huge numbers, deep nesting, 1 MB lines, other encodings, BOM, CRLF, include loops,
directories and binary files) must never make `jsc check`, `jsc fmt` or `jsc build` crash.

The mutations and the oracle live in hostile_support.py and are shared with bench/fuzz.py, the
long campaign (docs/fuzzing.md). Here hypothesis draws each mutation's choices, so a failure
shrinks to a few small draws. The oracle's promises: no exception or traceback, exit code 0 or
1, no internal error, every JSON diagnostic inside the file it names, fmt refuses or writes a
fixed point with the same AST, a failed build leaves the old PDF byte for byte, and no command
leaves a temporary file behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLE_NAMES, example_path, run_cli
from hostile_support import (
    CHEAP,
    MAIN,
    PDF_SENTINEL,
    HypothesisChooser,
    Problem,
    examine,
    make_project,
    mutate,
    project_entries,
    reset_project,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = {name: example_path(name).read_bytes() for name in EXAMPLE_NAMES}


def hostile(max_examples: int):
    return settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """One small project (loops, a directory, binary files, a FIFO…) shared by a module's tests."""
    folder = tmp_path_factory.mktemp("hostile")
    make_project(folder)
    return folder


@contextlib.contextmanager
def inside(folder: Path):
    """Run in the project, so jsc shows the names the spans are checked against."""
    reset_project(folder)
    with contextlib.chdir(folder):
        yield folder
    reset_project(folder)


def assert_no_problems(problems: list[Problem]) -> None:
    assert not problems, "\n\n".join(f"{p.signature}\n{p.detail}" for p in problems)


def run_mutated(project: Path, data, base: str, kinds, low: int, high: int, build: bool = False) -> None:
    ch = HypothesisChooser(data)
    text, _ = mutate(EXAMPLES[base], ch, ch.integer(low, high), kinds)
    with inside(project):
        assert_no_problems(examine(project, text, build=build))


# --- mutated examples through check and fmt ------------------------------------------------

BASES = st.sampled_from(EXAMPLE_NAMES)


@hostile(20)
@given(data=st.data(), base=BASES)
def test_lines_deleted_duplicated_swapped_moved(project, data, base):
    run_mutated(project, data, base, ("delete", "duplicate", "swap", "move"), 1, 3)


@hostile(20)
@given(data=st.data(), base=BASES)
def test_random_bytes_tokens_fullwidth_punctuation_and_cuts(project, data, base):
    run_mutated(project, data, base, ("bytes", "soup", "fullwidth", "truncate"), 1, 3)


@hostile(15)
@given(data=st.data(), base=BASES)
def test_other_encodings_bom_crlf_and_odd_line_ends(project, data, base):
    run_mutated(project, data, base, ("encoding", "line-ends", "swap", "bytes"), 1, 2)


@hostile(15)
@given(data=st.data(), base=BASES)
def test_huge_negative_and_long_decimal_numbers(project, data, base):
    run_mutated(project, data, base, ("numbers",), 1, 3)


@hostile(6)
@given(data=st.data(), base=BASES)
def test_deep_nesting_and_long_lines(project, data, base):
    run_mutated(project, data, base, ("nesting", "long-line"), 1, 2)


@hostile(20)
@given(data=st.data(), base=BASES)
def test_includes_of_loops_directories_binaries_and_missing_files(project, data, base):
    run_mutated(project, data, base, ("include-tested", "include-tested", "swap"), 1, 3)


@hostile(20)
@given(data=st.data(), base=BASES)
def test_stacked_mutations(project, data, base):
    run_mutated(project, data, base, CHEAP, 2, 5)


# --- build: the old PDF survives every failure -----------------------------------------------
#
# `jsc build` takes about a second, so few examples, on mutations that often still compile.


@hostile(8)
@given(data=st.data(), base=BASES)
def test_build_of_mutated_examples_keeps_the_old_pdf_on_failure(project, data, base):
    run_mutated(project, data, base, ("numbers", "fullwidth", "swap", "delete", "include-tested", "line-ends"), 1, 1, build=True)


@pytest.mark.parametrize("broken", [False, True], ids=["clean", "with-errors"])
def test_build_replaces_or_keeps_the_pdf_and_leaves_no_temporary_file(project, broken):
    data = EXAMPLES["shiye-2024.jsl"]
    if broken:
        data = data.replace("金额单位 万元".encode(), "金额单位，万元".encode(), 1)
    with inside(project):
        out = project / "OUT.pdf"
        out.write_bytes(PDF_SENTINEL)
        before = project_entries(project)
        (project / MAIN).write_bytes(data)
        result = run_cli(["build", MAIN, "-o", "OUT.pdf"])
        assert result.exit_code == (1 if broken else 0), result.output
        assert project_entries(project) == before
        if broken:
            assert out.read_bytes() == PDF_SENTINEL
        else:
            assert out.read_bytes().startswith(b"%PDF-") and out.read_bytes() != PDF_SENTINEL


# --- sizes ------------------------------------------------------------------------------------

ROW = '    "围绕工委、区委的工作部署，及时、准确、全面地做好信息收集、综合分析和报送工作，为领导决策提供参考。"\n'


def test_a_ten_megabyte_file_is_checked(project, record_property):
    """10 MB of 职责 rows (about 90,000 lines): check finishes, reports, and takes seconds."""
    rows = 10_000_000 // len(ROW.encode()) + 1
    data = ('年度 2024\n部门 "测试部门"\n概况 {\n  职责 {\n' + ROW * rows + "  }\n}\n").encode()
    assert len(data) >= 10_000_000
    with inside(project):
        (project / MAIN).write_bytes(data)
        start = time.perf_counter()
        result = run_cli(["check", "--format", "json", MAIN])
        took = time.perf_counter() - start
        record_property("check_10mb_seconds", round(took, 2))
        print(f"\njsc check of a {len(data) / 1e6:.1f} MB file: {took:.1f} s")
        assert result.exit_code in (0, 1)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        payload = json.loads(result.stdout)
        assert "JSC-E0901" not in result.stdout
        assert payload["files"] == [MAIN]
        assert took < 120, f"{took:.1f} s: parsing should stay linear (about 0.5–1 s per MB of rows)"


MEGABYTE = 1_000_000


@pytest.mark.parametrize(
    "line",
    [
        '简称 "' + "决" * MEGABYTE + '"',
        "# " + "注" * MEGABYTE,
        "简称 " + "a" * MEGABYTE,
        "结转结余 {\n  结余分配 " + "9" * MEGABYTE + "\n}",
        "结转结余 {\n  结余分配 0." + "1" * MEGABYTE + "\n}",
        '简称 """' + "x " * (MEGABYTE // 2) + '"""',
        "简称 " + "，" * MEGABYTE,
        '简称 "' + "a" * MEGABYTE,
        "核对 " + "合计 " * 60_000 + "1",  # 120,000 tokens: the cost is per token, not per byte
        "概况 { " * 1000 + "职责 { " + '"x" ' * 100_000 + "}" * 1001,
    ],
    ids=["string", "comment", "word", "integer", "decimals", "text-block", "fullwidth", "unclosed-string", "words", "nested"],
)
def test_one_megabyte_lines(project, line):
    data = ('年度 2024\n部门 "测试部门"\n' + line + "\n").encode()
    with inside(project):
        assert_no_problems(examine(project, data))


# --- numbers ----------------------------------------------------------------------------------

BIG = "1" + "0" * 40
THIRTY = "0." + "1" * 30


@pytest.mark.parametrize(
    "value, expected",
    [(BIG, ["JSC-E0213"]), ("9" * 5000, ["JSC-E0213"]), ("-" + BIG, ["JSC-E0213"]), (THIRTY, []), ("-12.5", []),
     ("999999999999999", [])],
    ids=["1e40", "5000-digits", "minus-1e40", "30-decimals", "negative", "15-digits"],
)
def test_huge_and_long_numbers_are_bounded_not_crashes(project, value, expected):
    """Regression: a 100-digit amount made derive raise (decimal.InvalidOperation), a 4,400-digit
    count or year made int() raise (JSC-E0901). Now an integer part over 15 digits is JSC-E0213."""
    data = (
        f'年度 2024\n部门 "测试部门"\n结转结余 {{\n  结余分配 {value}\n}}\n'
        f"三公经费 {{\n  公务用车保有量 {value.lstrip('-').split('.')[0]}\n}}\n核对 合计 {value}\n"
    ).encode()
    with inside(project):
        assert_no_problems(examine(project, data))
        payload = json.loads(run_cli(["check", "--format", "json", MAIN]).stdout)
    bounded = [d for d in payload["diagnostics"] if d["code"] == "JSC-E0213"]
    if expected:
        assert [(d["span"]["line"], d["span"]["column"]) for d in bounded] == [(4, 8), (7, 11), (9, 7)]
        assert all(len(d["message"]) < 200 for d in bounded)  # 5,000 digits are not repeated
    else:
        assert bounded == []


def test_a_year_of_five_thousand_digits(project):
    with inside(project):
        assert_no_problems(examine(project, ("年度 " + "9" * 5000 + '\n部门 "x"\n').encode()))


@pytest.mark.parametrize("form", ["big", "negative", "thirty-decimals"])
def test_every_number_of_an_example_replaced(project, form):
    import re

    text = EXAMPLES["shiye-2024.jsl"].decode()
    new = {"big": lambda m: BIG, "negative": lambda m: "-" + m.group(), "thirty-decimals": lambda m: m.group() + "1" * 30}
    pattern = r"(?<![\w.])[0-9]+\.[0-9]+(?![\w.%])" if form == "thirty-decimals" else r"(?<![\w.-])[0-9]+(?:\.[0-9]+)?(?![\w.%])"
    with inside(project):
        assert_no_problems(examine(project, re.sub(pattern, new[form], text).encode()))


# --- encodings and line ends of a whole example --------------------------------------------


def _errors(project: Path, data: bytes) -> list[tuple[str, int, int]]:
    with inside(project):
        assert_no_problems(examine(project, data))
        payload = json.loads(run_cli(["check", "--format", "json", MAIN]).stdout)
    return [(d["code"], d["span"]["line"], d["span"]["column"]) for d in payload["diagnostics"] if d["span"]]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_bom_and_crlf_change_nothing(project, name):
    plain = _errors(project, EXAMPLES[name])
    assert _errors(project, b"\xef\xbb\xbf" + EXAMPLES[name].replace(b"\n", b"\r\n")) == plain
    assert _errors(project, EXAMPLES[name].replace(b"\n", b"\r")) == plain


@pytest.mark.parametrize("encoding", ["gbk", "utf-16", "utf-16-be", "big5"])
def test_an_example_in_another_encoding_is_one_error(project, encoding):
    data = EXAMPLES["shiye-2024.jsl"].decode().encode(encoding, "replace")
    assert [code for code, _, _ in _errors(project, data)] == ["JSC-E0001"]


# --- includes -----------------------------------------------------------------------------------

INCLUDES = [
    (MAIN, "JSC-E0303"),
    ("loop_a.jsl", "JSC-E0303"),
    ("back.jsl", "JSC-E0303"),
    ("self_loop.jsl", "JSC-E0303"),
    ("dir.jsl", "JSC-E0304"),
    ("", "JSC-E0304"),
    ("bin.jsl", "JSC-E0001"),
    ("bin.dat", "JSC-E0305"),
    ("utf16.jsl", "JSC-E0001"),
    ("missing.jsl", "JSC-E0301"),
    ("../outside.jsl", "JSC-E0302"),
    ("/etc/passwd", "JSC-E0302"),
    # Regressions: a symlink loop (RuntimeError from Path.resolve) and a name too long for the
    # file system (OSError from Path.is_file) were internal errors; a FIFO made check hang.
    ("link_loop.jsl", "JSC-E0304"),
    ("a" * 300 + ".jsl", "JSC-E0304"),
    ("fifo.jsl", "JSC-E0304"),
]


@pytest.mark.parametrize("target, code", INCLUDES, ids=[t[:20] or "empty" for t, _ in INCLUDES])
def test_include_of_a_hostile_target(project, target, code):
    data = f'年度 2024\n部门 "测试部门"\n概况 {{\n  包含 "{target}"\n}}\n'.encode()
    codes = [c for c, _, _ in _errors(project, data)]
    assert code in codes


def test_a_fifo_named_on_the_command_line_does_not_block(project):
    """Regression: reading a named pipe blocked for ever (run in a subprocess: a hang must fail)."""
    import juesuan_dsl

    # The package the tests import (the checkout's src/, or an installed copy).
    env = {**os.environ, "PYTHONPATH": str(Path(juesuan_dsl.__file__).resolve().parent.parent)}
    for command in (["check", "fifo.jsl"], ["fmt", "fifo.jsl"]):
        done = subprocess.run(
            [sys.executable, "-m", "juesuan_dsl.cli", *command], cwd=project, env=env, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 1 and "JSC-E0304" in done.stdout, done.stdout + done.stderr


def test_an_example_included_into_itself_through_a_chain(project):
    text = EXAMPLES["quweiban-2024.jsl"].decode()
    data = text.replace("金额单位 万元", '金额单位 万元\n包含 "back.jsl"', 1).encode()
    assert "JSC-E0303" in [c for c, _, _ in _errors(project, data)]


# The same hostile paths after 上年 (prior.py) and 科目表 (passes/resolve_catalogs.py), outside the
# loading stage: the campaign found both crashing; both are now JSC-E0304.
ELSEWHERE = [
    pytest.param("上年", "link_loop.jsl"),  # prior.link_prior catches RuntimeError (symlink loop) → JSC-E0304
    pytest.param("上年", "a" * 300 + ".jsl"),  # … and OSError ENAMETOOLONG → JSC-E0304
    pytest.param("科目表", "link_loop.jsl"),  # was RuntimeError with no strerror → JSC-E0901; now JSC-E0304
    pytest.param("科目表", "a" * 300 + ".csv"),  # was OSError ENAMETOOLONG from Path.is_file(); now JSC-E0304
    pytest.param("上年", "fifo.jsl"),
    pytest.param("科目表", "fifo.jsl"),
    pytest.param("上年", "dir.jsl"),
    pytest.param("科目表", "bin.dat"),
]


@pytest.mark.parametrize("keyword, target", ELSEWHERE, ids=lambda v: v[:20])
def test_hostile_prior_year_and_catalog_paths(project, keyword, target):
    data = f'年度 2024\n部门 "测试部门"\n{keyword} "{target}"\n'.encode()
    with inside(project):
        assert_no_problems(examine(project, data))


# --- regressions found by the campaign ------------------------------------------------------------


def test_fmt_keeps_a_path_written_as_a_text_block(project):
    """A path written as \"\"\"…\"\"\" is an error (JSC-E0204); fmt made it "…" and so turned the error
    into a 上年 line that counts. fmt now keeps the \"\"\" there (and only there)."""
    data = '年度 2024\n部门 "测试部门"\n上年   """区委办-2023.jsl"""\n简称 """区委办"""\n'.encode()
    with inside(project):
        assert_no_problems(examine(project, data))
        (project / "copy.jsl").write_bytes(data)
        assert run_cli(["fmt", "copy.jsl"]).exit_code == 0
        assert (project / "copy.jsl").read_text(encoding="utf-8").splitlines()[2:] == ['上年 """区委办-2023.jsl"""', '简称 "区委办"']


def test_many_mistakes_on_one_line_are_reported_a_few_times(project):
    """Regression: every extra value on a line was its own JSC-E0214, each printed with the whole
    line: 20,000 extra words on one line printed 1.9 GB. Now at most 5 reports per line."""
    data = ('年度 2024\n部门 "测试部门"\n简称 "区委办"' + " 多余" * 20_000 + "\n").encode()
    with inside(project):
        assert_no_problems(examine(project, data))
        payload = json.loads(run_cli(["check", "--format", "json", MAIN]).stdout)
        text = run_cli(["check", MAIN]).stdout
    assert [d["code"] for d in payload["diagnostics"] if d["severity"] == "error"] == ["JSC-E0205"] * 5
    assert len(text) < 10_000


def test_an_error_on_a_megabyte_line_shows_a_window_of_it(project):
    """Regression: the excerpt printed the whole line; now 160 characters around the caret."""
    data = ('年度 2024\n部门 "测试部门"\n简称 "' + "决" * MEGABYTE + '" ，\n').encode()
    with inside(project):
        (project / MAIN).write_bytes(data)
        text = run_cli(["check", "--color", "never", MAIN]).stdout
    assert len(text) < 5_000
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if "JSC-E0102" in line)
    source, caret = lines[at + 3], lines[at + 4]
    assert source.startswith("3 | ...") and source.endswith("，")
    # The caret stands under the full-width comma: 2 cells for each 决 and for the gutter.
    from juesuan_dsl.core.source import display_width

    assert display_width(caret.rstrip("^")) == display_width(source[: source.index("，")])



def test_a_line_of_a_million_braces_is_given_up_quickly(project):
    """Regression (campaign: fmt took 95 s on 3.8 MB of "{"): each skipped token cost a recovery;
    after 10,000 of them the file is given up with JSC-E0110, as after 100 bad lines."""
    data = ('年度 2024\n部门 "测试部门"\n' + "{" * MEGABYTE + "\n").encode()
    with inside(project):
        start = time.perf_counter()
        assert_no_problems(examine(project, data, budget=20))
        assert time.perf_counter() - start < 20
        payload = json.loads(run_cli(["check", "--format", "json", MAIN]).stdout)
    assert [d["code"] for d in payload["diagnostics"] if d["severity"] == "error"] == ["JSC-E0105", "JSC-E0110"]
