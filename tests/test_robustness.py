"""No input makes jsc print a traceback: random bytes and text, truncated examples, odd encodings
and line endings, control characters, huge lines, deep nesting, empty files, directories.

Every run goes through the command line (click's CliRunner) for `check` and `fmt --check`, and
must exit 0 or 1; every JSON diagnostic must point inside the file it names.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from conftest import (
    EXAMPLE_NAMES,
    HEADER,
    example_path,
    jsl_sources,
    run_cli,
    write_file,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _lines(path: Path) -> list[str]:
    """The file's lines as jsc numbers them (BOM dropped, CRLF and lone CR end a line)."""
    text = path.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _spans_inside_files(diagnostics: list[dict]) -> None:
    lines_of: dict[str, list[str]] = {}
    for diagnostic in diagnostics:
        span = diagnostic["span"]
        if span is None:
            # Only a note about the whole run may stand without a place (e.g. "checks not run").
            assert diagnostic["severity"] == "info", diagnostic
            continue
        if span["file"] not in lines_of:
            lines_of[span["file"]] = _lines(Path(span["file"]))
        lines = lines_of[span["file"]]
        assert 1 <= span["line"] <= len(lines) + 1, (diagnostic, len(lines))
        width = len(lines[span["line"] - 1]) if span["line"] <= len(lines) else 0
        assert 1 <= span["column"] <= width + 1, (diagnostic, width)
        assert (span["end_line"], span["end_column"]) >= (span["line"], span["column"]), diagnostic


def assert_no_crash(result) -> None:
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "JSC-E0901" not in result.output  # an internal error is a crash too


def check_files(paths: list[Path]) -> dict:
    """`jsc check --format json` on files that exist: no crash, every span inside its file."""
    result = run_cli(["check", "--format", "json", *map(str, paths)])
    assert_no_crash(result)
    payload = json.loads(result.stdout)
    _spans_inside_files(payload["diagnostics"])
    return payload


def fmt_check_files(paths: list[Path]) -> None:
    assert_no_crash(run_cli(["fmt", "--check", *map(str, paths)]))


def run_both(path: Path) -> dict:
    fmt_check_files([path])
    return check_files([path])


def codes_of(payload: dict) -> list[str]:
    """The codes of the errors (later passes add warnings and notes that are not tested here)."""
    return [d["code"] for d in payload["diagnostics"] if d["severity"] == "error"]



# --- random input -------------------------------------------------------------------

_SOUP = st.sampled_from([
    "年度", "部门", "概况", "职责", "支出", "一般公共预算", "收入", "项目", "绩效指标", "产出指标",
    "数量指标", "核对", "包含", "说明", "2024", "2012601", "30101", "-1.5", "75.1%", "1,234", "1.2.3",
    '"文字"', '"', '"""', '"""\n多行\n"""', '\\"', "{", "}", "{}", "\n", "\n", " ", "\t", "# 注释",
    "，", "：", "（", "“", "｝", "２", "\x00", "\x01", "\r", "\r\n", "\ufeff", "\u3000", "é",
])


@FUZZ
@given(data=st.binary(max_size=400))
def test_random_bytes(tmp_path_factory, data: bytes):
    run_both(write_file(tmp_path_factory.mktemp("bytes"), data))


@FUZZ
@given(text=st.text(max_size=300))
def test_random_text(tmp_path_factory, text: str):
    run_both(write_file(tmp_path_factory.mktemp("text"), text))


@FUZZ
@given(parts=st.lists(_SOUP, max_size=60))
def test_random_token_soup(tmp_path_factory, parts: list[str]):
    run_both(write_file(tmp_path_factory.mktemp("soup"), " ".join(parts)))


# The control character put in is U+0001, not NUL: a NUL inside a quoted path is a known crash,
# pinned by test_nul_byte_in_a_quoted_path.
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=jsl_sources(), cut=st.integers(0, 10_000), junk=st.sampled_from(["", "}", "{", '"', "，", "\x01"]))
def test_generated_sources_damaged_anywhere(tmp_path_factory, text: str, cut: int, junk: str):
    cut %= len(text) + 1
    folder = tmp_path_factory.mktemp("gen")
    run_both(write_file(folder, text + "\n", "whole.jsl"))
    run_both(write_file(folder, text[:cut] + junk + text[cut:], "damaged.jsl"))


# --- the examples, cut short --------------------------------------------------------


WORKERS = max(1, min(4, os.cpu_count() or 1))


def _run_cuts(paths: list[Path]) -> None:
    fmt_check_files(paths)
    check_files(paths)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_truncated_examples(tmp_path, monkeypatch, name: str):
    path = example_path(name)
    if not path.exists():
        pytest.skip(f"examples/{name} is not written yet")
    monkeypatch.chdir(tmp_path)
    text = path.read_text(encoding="utf-8")
    paths = [write_file(tmp_path, text[:end], f"cut{end:06d}.jsl") for end in range(0, len(text), 97)]
    # Checking every prefix of a long file is quadratic work: share it among the CPUs.
    with ProcessPoolExecutor(WORKERS) as pool:
        for done in [pool.submit(_run_cuts, paths[i::WORKERS]) for i in range(WORKERS)]:
            done.result()


# --- encodings, line endings, characters ----------------------------------------------

GOOD = HEADER + '简称 "区委办"\n'


def test_gbk_file_is_reported_not_crashed(folder):
    payload = run_both(write_file(folder, b"# 2024\nab " + GOOD.encode("gbk")))
    assert codes_of(payload) == ["JSC-E0001"]
    span = payload["diagnostics"][0]["span"]
    assert (span["line"], span["column"]) == (2, 4)  # the first byte that is not UTF-8


def test_utf16_file_is_reported(folder):
    payload = run_both(write_file(folder, GOOD.encode("utf-16")))
    assert codes_of(payload) == ["JSC-E0001"]


def test_utf8_bom_is_accepted(folder):
    assert codes_of(run_both(write_file(folder, b"\xef\xbb\xbf" + GOOD.encode("utf-8")))) == []


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_crlf_and_lone_cr_keep_positions(folder, newline):
    text = (HEADER + "简称，\"区委办\"\n金额单位 千元\n").replace("\n", newline)
    payload = run_both(write_file(folder, text))
    errors = [d for d in payload["diagnostics"] if d["severity"] == "error"]
    assert [(d["code"], d["span"]["line"], d["span"]["column"]) for d in errors] == [
        ("JSC-E0102", 3, 3), ("JSC-E0204", 4, 6),
    ]


def test_nul_bytes(folder):
    payload = run_both(write_file(folder, HEADER + "简称\x00\"区委办\"\n\x00\x00\n"))
    assert set(codes_of(payload)) == {"JSC-E0003"}


def test_a_very_long_line(folder):
    long_text = "决" * 200_000
    payload = run_both(write_file(folder, HEADER + f'简称 "{long_text}"\n' + "核对 合计 " * 20_000 + "1\n"))
    assert "JSC-E0105" not in codes_of(payload)


def test_a_very_long_line_of_errors(folder):
    run_both(write_file(folder, HEADER + "简称 " + "，" * 100_000 + "\n"))


@pytest.mark.parametrize("inline", [False, True], ids=["lines", "one-line"])
def test_deeply_nested_blocks(folder, inline):
    depth = 5000
    body = ("概况 { " * depth + "}" * depth) if inline else ("概况 {\n" * depth + "}\n" * depth)
    payload = run_both(write_file(folder, HEADER + body + "\n"))
    assert codes_of(payload)  # reported as errors, not a crash


def test_many_lines(folder):
    rows = "".join(f"  2012601 基本 {i}.00\n" for i in range(20_000))
    run_both(write_file(folder, HEADER + "支出 一般公共预算 {\n" + rows + "}\n"))


def test_empty_file(folder):
    path = write_file(folder, b"")
    assert codes_of(check_files([path])) == ["JSC-E0211", "JSC-E0211"]
    assert run_cli(["fmt", "--check", str(path)]).exit_code == 0


def test_directory_given_as_file(folder):
    (folder / "sub.jsl").mkdir()
    for args in (["check", "sub.jsl"], ["check", "--format", "json", "sub.jsl"], ["fmt", "--check", "sub.jsl"], ["fmt", "sub.jsl"]):
        result = run_cli(args)
        assert_no_crash(result)
        assert result.exit_code == 1 and "JSC-E0304" in result.output


def test_missing_file(folder):
    for args in (["check", "nope.jsl"], ["fmt", "--check", "nope.jsl"]):
        result = run_cli(args)
        assert_no_crash(result)
        assert result.exit_code == 1 and "JSC-E0301" in result.output


@pytest.mark.parametrize(
    "block", ['收入 {\n  2999999 "" 一般公共预算 1\n}', '基本支出明细 {\n  39998 "" 1\n}'], ids=["item", "economic"]
)
def test_empty_name_beside_an_unknown_code(folder, block):
    payload = run_both(write_file(folder, HEADER + block + "\n"))
    assert "JSC-E0401" in codes_of(payload)


@pytest.mark.parametrize("statement", ['包含 "a\x00.jsl"', '科目表 "a\x00.csv"'], ids=["include", "catalog"])
def test_nul_byte_in_a_quoted_path(folder, statement):
    run_both(write_file(folder, HEADER + statement + "\n"))


def test_file_name_with_chinese_and_spaces(folder):
    path = write_file(folder, HEADER + "简陈 \"区委办\"\n", "区委办 2024 决算.jsl")
    payload = check_files([path])
    assert codes_of(payload) == ["JSC-E0201"]
    assert payload["diagnostics"][0]["span"]["file"] == "区委办 2024 决算.jsl"
