"""The error corpus: each tests/cases/errors/*.jsl is a small malformed input whose leading comments
say which errors `jsc check` must report, and nothing else.

Annotations (comment lines at the top of each case):
  # 期望: JSC-E0102 7:3                     one expected error diagnostic, code line:column
  # 期望: JSC-E0303 ../includes/b.jsl:2:4    …in another file, relative to the case file
  # 建议: 简称                              some error's hint suggests this word (did you mean)
  # 已知缺陷: …                              a known bug in jsc: the case is a strict xfail
The expected errors are an exact multiset: a follow-on error is a failure.
The cases are checked with tests/cases as the project root (for the 包含 cases).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CASES, HEADER, check_text, error_keys, parse_text

from juesuan_dsl.core.diagnostics import Severity
from juesuan_dsl.pipeline import check_file
from juesuan_dsl.syntax.parser import FULLWIDTH_PUNCTUATION, MAX_ERRORS

ERRORS = CASES / "errors"
_EXPECT = re.compile(r"#\s*期望:\s*(JSC-[EWXI]\d{4})\s+(?:(.+):)?(\d+):(\d+)\s*$")
_SUGGEST = re.compile(r"#\s*建议:\s*(\S+)\s*$")
_BUG = re.compile(r"#\s*已知缺陷:\s*(.+)$")


@dataclass(frozen=True)
class Case:
    """One corpus file: what it must report (file, code, line, column), suggested words, known bug."""

    path: Path
    expected: Counter
    suggestions: tuple[str, ...]
    bug: str | None


def read_case(path: Path) -> Case:
    expected: Counter = Counter()
    suggestions: list[str] = []
    bug = None
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.startswith("#"):
            break
        if m := _EXPECT.match(line):
            code, other, row, col = m.groups()
            where = (path.parent / other).resolve() if other else path.resolve()
            expected[(where, code, int(row), int(col))] += 1
        elif m := _SUGGEST.match(line):
            suggestions.append(m.group(1))
        elif m := _BUG.match(line):
            bug = m.group(1)
    return Case(path, expected, tuple(suggestions), bug)


def reported(diagnostics) -> Counter:
    """The multiset of (file, code, line, column) of the error diagnostics."""
    return Counter(
        (Path(d.span.file).resolve() if d.span else None, d.code, d.span.line if d.span else 0, d.span.column if d.span else 0)
        for d in diagnostics
        if d.severity is Severity.ERROR
    )


CASE_FILES = sorted(ERRORS.glob("*.jsl"))


def _param(path: Path):
    case = read_case(path)
    marks = [pytest.mark.xfail(strict=True, reason=case.bug)] if case.bug else []
    return pytest.param(case, id=path.stem, marks=marks)


@pytest.mark.parametrize("case", [_param(p) for p in CASE_FILES])
def test_case_reports_exactly_the_expected_errors(case: Case):
    result = check_file(case.path, root=CASES)
    assert reported(result.diagnostics) == case.expected
    for word in case.suggestions:
        hints = [d.hint for d in result.diagnostics if d.severity is Severity.ERROR]
        assert any(f"“{word}”" in hint for hint in hints), (word, hints)


def test_corpus_is_big_and_every_case_is_annotated():
    assert len(CASE_FILES) >= 35
    for path in CASE_FILES:
        assert read_case(path).expected, f"{path.name} has no “# 期望:” line"


def test_corpus_covers_the_syntax_and_structure_codes():
    covered = {code for p in CASE_FILES for (_, code, _, _) in read_case(p).expected}
    wanted = {
        "JSC-E0003", "JSC-E0102", "JSC-E0103", "JSC-E0104", "JSC-E0105", "JSC-E0106", "JSC-E0107",
        "JSC-E0108", "JSC-E0109", "JSC-E0201", "JSC-E0202", "JSC-E0203", "JSC-E0204", "JSC-E0205",
        "JSC-E0206", "JSC-E0207", "JSC-E0208", "JSC-E0209", "JSC-E0210", "JSC-E0211", "JSC-E0213",
        "JSC-E0214", "JSC-E0301", "JSC-E0302", "JSC-E0303", "JSC-E0304", "JSC-E0305",
    }
    assert wanted <= covered, sorted(wanted - covered)


def test_recovery_keeps_the_good_lines_between_errors():
    result = check_file(ERRORS / "several_errors.jsl", root=CASES)
    document = result.loaded.document
    top = {s.kind: s for s in document.statements}
    # The three bad lines are dropped; everything around them is in the AST.
    assert "金额单位" in top and top["简称"].head.span.line == 17
    assert [s.kind for s in top["结转结余"].children] == ["使用非财政拨款结余"]
    assert [s.kind for s in top["三公经费"].children] == ["上年"]


@pytest.mark.parametrize("mark", sorted(FULLWIDTH_PUNCTUATION), ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize(
    "template, line, column",
    [
        ("结转结余 {{\n  结余分配 0{m}\n}}\n", 4, 9),  # after a number
        ("简称 {m}\n", 3, 4),  # where a value should start
        ("结转结余 {m}\n", 3, 6),  # where a block should open
    ],
    ids=["after-number", "value", "block"],
)
def test_every_fullwidth_mark_is_named_where_it_stands(tmp_path, mark, template, line, column):
    result = check_text(tmp_path, HEADER + template.format(m=mark))
    code = "JSC-E0111" if mark == "：" else "JSC-E0102"  # a colon: no half-width one either, a space
    assert error_keys(result.diagnostics) == Counter({(code, line, column): 1})


def test_a_colon_after_a_keyword_is_told_to_be_a_space(tmp_path):
    result = check_text(tmp_path, HEADER + "简称：\"区委办\"\n")
    found = [d for d in result.diagnostics if d.code == "JSC-E0111"]
    assert len(found) == 1 and "不写冒号" in found[0].message and "用空格分开" in found[0].hint


def test_an_amount_with_a_unit_is_told_where_the_unit_goes(tmp_path):
    result = check_text(tmp_path, HEADER + "收入 {\n  2013101 一般公共预算 280万\n}\n")
    found = [d for d in result.diagnostics if d.code == "JSC-E0205"]
    assert len(found) == 1 and "金额单位" in found[0].hint


@pytest.mark.parametrize("digit", "０１２３４５６７８９")
def test_every_fullwidth_digit_is_named(tmp_path, digit):
    result = check_text(tmp_path, HEADER + f"结转结余 {{\n  结余分配 1{digit}\n}}\n")
    assert error_keys(result.diagnostics) == Counter({("JSC-E0109", 4, 9): 1})


def test_too_many_errors_stop_the_file(tmp_path):
    text = HEADER + "简称，\"区委办\"\n" * (MAX_ERRORS + 20)
    keys = error_keys(check_text(tmp_path, text).diagnostics)
    assert keys[("JSC-E0102", 3, 3)] == 1
    assert sum(n for (code, _, _), n in keys.items() if code == "JSC-E0102") == MAX_ERRORS
    assert sum(n for (code, _, _), n in keys.items() if code == "JSC-E0110") == 1


def test_each_bad_line_is_reported_once_however_many_mistakes_it_has():
    text = HEADER + "简称，“区委办”；（）\n金额单位 1,2,3 ４ ，\n"
    keys = error_keys(parse_text(text).diagnostics)
    assert keys == Counter({("JSC-E0102", 3, 3): 1, ("JSC-E0108", 4, 6): 1})


def test_one_missing_brace_is_one_error(tmp_path):
    """A block left open before the next top-level keyword: E0106 at its "{", and the lines after it
    are read at the top level (not each "not allowed in this block")."""
    text = HEADER + "收入 {\n  2013101 一般公共预算 100\n支出 一般公共预算 {\n  2013101 基本 100 预算 100\n}\n核对 收支总表 本年收入合计 100\n"
    result = check_text(tmp_path, text)
    assert error_keys(result.diagnostics) == Counter({("JSC-E0106", 3, 4): 1})
    assert [s.kind for s in result.loaded.document.statements][-3:] == ["收入", "支出", "核对"]
