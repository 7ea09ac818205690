"""Audit checks, acknowledgements and assertions: (code or check id, line, column), never message text.

Every check has one failing source in tests/cases/checks/<id>.jsl whose
`# 期望: <id> <line>:<col>` names the primary diagnostic; the source fails for
that check and no other. Files starting with "_" are the shared, clean parts
the cases include (_clean.jsl includes all of them and must be silent).
"""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from juesuan_dsl.core.codes import note_code
from juesuan_dsl.core.diagnostics import Severity
from juesuan_dsl.core.source import Span
from juesuan_dsl.model.figures import AMOUNT, PERCENT, Figure
from juesuan_dsl.model.report import Assertion
from juesuan_dsl.pipeline import check_file
from juesuan_dsl.rules import registry as checks
from juesuan_dsl.rules.assertions import check_assertion
from juesuan_dsl.rules.registry import BY_ID, CHECKS

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases" / "checks"
CASE_FILES = sorted(p for p in CASES.glob("*.jsl") if not p.name.startswith("_"))
# "<id> <line>:<col>" in the case itself, or "<id> <file>:<line>:<col>" in a part it includes
# (a missing block is reported after the block it follows, which may be in a part).
EXPECT = re.compile(r"^# 期望: (\S+) (?:(\S+\.jsl):)?(\d+):(\d+)$", re.M)
ALL_PARTS = "".join(f'包含 "{p.name}"\n' for p in sorted(CASES.glob("_part_*.jsl")))
HEADER = '年度 2024\n部门 "测试单位"\n'


def _compile(tmp_path: Path, text: str, name: str = "main.jsl"):
    """Check a source written next to copies of the shared parts (so 包含 finds them)."""
    for part in CASES.glob("_part_*.jsl"):
        shutil.copy(part, tmp_path / part.name)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return check_file(path)


def _run(tmp_path: Path, text: str):
    return _compile(tmp_path, text).diagnostics


def _found(diagnostics, path_name: str = "main.jsl"):
    return [(d.code, d.severity, d.span.line, d.span.column) for d in diagnostics if d.span and d.span.file.endswith(path_name)]


# --- the table -------------------------------------------------------------------

def test_ids_and_codes_are_unique_and_follow_the_severity():
    assert len({c.id for c in CHECKS}) == len(CHECKS)
    assert len({c.code for c in CHECKS}) == len(CHECKS)
    letters = {Severity.ERROR: "E", Severity.WARNING: "W", Severity.EXPLAIN: "X", Severity.INFO: "I"}
    for check in CHECKS:
        assert re.fullmatch(r"[ABCDPT]\d\d-\d\d", check.id)
        assert re.fullmatch(rf"JSC-{letters[check.severity]}06\d\d", check.code)


def test_each_rule_is_documented_with_its_id():
    for check in CHECKS:
        assert (check.rule.__doc__ or "").startswith(check.id + ":"), check.id


def test_docs_list_every_check():
    docs = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    for check in CHECKS:
        row = next((line for line in docs.splitlines() if line.startswith(f"| {check.id} ")), None)
        assert row is not None, check.id
        assert check.code in row and check.severity.label in row, check.id


def test_one_case_per_check():
    assert sorted(p.stem for p in CASE_FILES) == sorted(BY_ID)


# --- one failing source per check -----------------------------------------------------

@pytest.mark.parametrize("case", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case_fails_for_exactly_its_check(case: Path):
    expected = EXPECT.search(case.read_text(encoding="utf-8"))
    assert expected is not None, "missing '# 期望: <id> <line>:<col>'"
    check = BY_ID[expected.group(1)]
    assert case.stem == check.id
    diagnostics = check_file(case).diagnostics
    assert diagnostics, "the case does not fail"
    assert {d.code for d in diagnostics} == {check.code}
    assert {d.severity for d in diagnostics} == {check.severity}
    first = diagnostics[0]
    assert first.span.file.endswith(expected.group(2) or case.name)
    assert (first.span.line, first.span.column) == (int(expected.group(3)), int(expected.group(4)))


def test_clean_source_is_silent():
    assert check_file(CASES / "_clean.jsl").diagnostics == ()


def test_sums_allow_half_a_cent_per_term(tmp_path):
    parts = ALL_PARTS.replace('包含 "_part_econ.jsl"\n', "")
    # 05 基本支出 100 vs 06 99.99: four terms allow 0.02
    within = HEADER + parts + "基本支出明细 {\n  30101 60\n  30201 39.99\n}\n"
    assert _run(tmp_path, within) == ()
    beyond = HEADER + parts + "基本支出明细 {\n  30101 60\n  30201 39.97\n}\n"
    assert [d.code for d in _run(tmp_path, beyond)] == [BY_ID["A05-01"].code]


def test_a_reason_satisfies_a_explain_check(tmp_path):
    case = (CASES / "B05-01.jsl").read_text(encoding="utf-8")
    text = case.replace("2013102 项目 20 预算 10", '2013102 项目 20 预算 10 原因 "年中追加。"')
    assert _compile(tmp_path, text, "B05-01.jsl").diagnostics == ()


def _yuan_b01_case(tmp_path: Path, prior: str):
    """B01-01's case with 金额单位 元: this year's 收支总计 is 120 元, last year's `prior` 元."""
    text = _case_text("B01-01").replace('部门 "测试单位"\n', '部门 "测试单位"\n金额单位 元\n')
    return _compile(tmp_path, text.replace("收支总计 上年 100", f"收支总计 上年 {prior}"), "B01-01.jsl")


def test_b01_01_in_yuan_decides_change_as_the_sentence_prints_it(tmp_path):
    # 120 元 and 119.97 元 both print 0.01 万元: the sentence says 持平, so no reason is asked for.
    level = _yuan_b01_case(tmp_path, "119.97")
    assert level.derived.part3.overview.direction == "持平"
    assert _found(level.diagnostics, "B01-01.jsl") == []
    # 20000 元 (2.00 万元) against 120 元 (0.01 万元) is a 减少 the sentence words: the reason is asked for.
    fell = _yuan_b01_case(tmp_path, "20000")
    assert fell.derived.part3.overview.direction == "减少"
    assert _found(fell.diagnostics, "B01-01.jsl") == [(BY_ID["B01-01"].code, Severity.EXPLAIN, 17, 3)]  # the 收支总计 line


# --- acknowledgements (已知差异) ----------------------------------------------------------

def _case_text(check_id: str) -> str:
    return (CASES / f"{check_id}.jsl").read_text(encoding="utf-8")


def test_acknowledged_check_becomes_info(tmp_path):
    text = _case_text("A06-01") + '已知差异 A06-01 "照录公开文本。"\n'
    diagnostics = _run(tmp_path, text)
    assert _found(diagnostics) == [(note_code(BY_ID["A06-01"].code), Severity.INFO, 18, 9)]


def test_acknowledged_explain_becomes_info(tmp_path):
    text = _case_text("B10-01") + '已知差异 B10-01 "上年数含已撤并单位。"\n'
    assert [(d.code, d.severity) for d in _run(tmp_path, text)] == [(note_code(BY_ID["B10-01"].code), Severity.INFO)]


def test_stale_acknowledgement_is_a_warning(tmp_path):
    text = HEADER + ALL_PARTS + '已知差异 A06-01 "已改正。"\n'
    line = text.count("\n")
    assert _found(_run(tmp_path, text)) == [(checks.STALE, Severity.WARNING, line, 1)]


def test_unknown_check_id_is_an_error(tmp_path):
    text = HEADER + ALL_PARTS + '已知差异 Z99-99 "？"\n'
    line = text.count("\n")
    assert _found(_run(tmp_path, text)) == [(checks.UNKNOWN_ID, Severity.ERROR, line, 1)]


# --- skipped checks after earlier errors -------------------------------------------------

def test_cross_table_checks_are_skipped_after_structure_errors(tmp_path):
    # 9999999 is not in the catalog: the row is dropped, so sums would be wrong
    text = HEADER + ALL_PARTS + "收入 {\n  9999999 一般公共预算 5\n}\n" + "基本支出明细 {\n  30212 5\n}\n"
    codes = [d.code for d in _run(tmp_path, text)]
    assert "JSC-E0401" in codes and checks.SKIPPED in codes
    assert not any(c in codes for c in (BY_ID["A06-01"].code, BY_ID["A05-01"].code))


def test_local_checks_still_run_after_structure_errors(tmp_path):
    text = _case_text("P02-01") + "收入 {\n  9999999 一般公共预算 5\n}\n"
    codes = [d.code for d in _run(tmp_path, text)]
    assert BY_ID["P02-01"].code in codes and checks.SKIPPED in codes


# --- assertions (核对) -------------------------------------------------------------------

def _assert_line(tmp_path, line: str, where: str = "document"):
    text = HEADER + ALL_PARTS
    if where == "project":
        project = (CASES / "_part_project.jsl").read_text(encoding="utf-8")
        text = text.replace('包含 "_part_project.jsl"\n', "") + project.rstrip().rstrip("}") + line + "\n}\n"
        number = text.count("\n") - 1
    else:
        text += line + "\n"
        number = text.count("\n")
    return _found(_run(tmp_path, text)), number


@pytest.mark.parametrize("line", [
    "核对 表01 本年收入合计 120.00",
    "核对 表01 本年收入合计 120",
    "核对 基本支出 占比 83.3%",
    "核对 基本支出 占比 83%",
    "核对 表06 公用经费合计 40",
])
def test_assertion_that_holds_is_silent(tmp_path, line):
    assert _assert_line(tmp_path, line)[0] == []


@pytest.mark.parametrize("line, code, severity", [
    ("核对 表01 本年收入合计 121.00", "JSC-E0701", Severity.ERROR),
    ("核对 基本支出 占比 83.4%", "JSC-E0701", Severity.ERROR),
    ("核对 公务接待 完成率 0%", "JSC-W0707", Severity.WARNING),  # no budget: no rate, but 0% is what documents print
    ("核对 公务接待 完成率 5%", "JSC-E0701", Severity.ERROR),  # no budget: no rate to compare
    ('核对 表01 本年收入合计 121.00 说明 "照录"', "JSC-I0701", Severity.INFO),  # explained: a note's code
    ('核对 表01 本年收入合计 120 说明 "照录"', "JSC-W0704", Severity.WARNING),
    ("核对 表01 本年收入总计 120", "JSC-E0702", Severity.ERROR),
    ("核对 基本支出 占比 83.3", "JSC-E0703", Severity.ERROR),
    ("核对 表01 本年收入合计 120%", "JSC-E0703", Severity.ERROR),
])
def test_assertion_findings(tmp_path, line, code, severity):
    found, number = _assert_line(tmp_path, line)
    assert found == [(code, severity, number, 1)]


def test_unknown_name_hints_the_close_names(tmp_path):
    text = HEADER + ALL_PARTS + "核对 表01 本年收入总计 120\n"
    (diagnostic,) = _run(tmp_path, text)
    assert "收支总表 本年收入合计" in diagnostic.hint


def test_assertion_in_a_project_uses_the_project_figures(tmp_path):
    assert _assert_line(tmp_path, "  核对 执行率 100.00%", "project")[0] == []
    found, number = _assert_line(tmp_path, "  核对 执行率 99.00%", "project")
    assert found == [("JSC-E0701", Severity.ERROR, number, 3)]


def test_mismatch_points_at_the_inputs(tmp_path):
    text = HEADER + ALL_PARTS + "核对 表01 本年收入合计 121\n"
    (diagnostic,) = _run(tmp_path, text)
    assert [(r.span.file.rsplit("/", 1)[-1], r.span.line) for r in diagnostic.related] == [
        ("_part_money.jsl", 3), ("_part_money.jsl", 4)
    ]


@pytest.mark.parametrize("stated, computed, holds", [
    ("840.70", "840.695", True),   # half-up: 840.695 prints 840.70
    ("840.70", "840.7049", True),
    ("840.70", "840.705", False),  # prints 840.71
    ("840.70", "840.69", False),
    ("537.8", "537.75", True),     # one decimal written: one decimal compared
    ("537.8", "537.70", False),
])
def test_rounding_rule_against_a_figures_mapping(stated, computed, holds):
    span = Span("x.jsl", 1, 1, 1, 2)
    key = ("document", "收支总表", "本年收入合计")
    figures = {key: Figure(key, Decimal(computed), AMOUNT, computed)}
    assertion = Assertion("document", key[1:], Decimal(stated), stated, False, None, span)
    assert (check_assertion(assertion, figures) is None) == holds


def test_percent_figure_compares_in_percent_units():
    span = Span("x.jsl", 1, 1, 1, 2)
    key = ("document", "基本支出", "占比")
    figures = {key: Figure(key, Decimal("75.07"), PERCENT, "75.1%")}
    holds = Assertion("document", key[1:], Decimal("75.1"), "75.1%", True, None, span)
    fails = Assertion("document", key[1:], Decimal("75.0"), "75.0%", True, None, span)
    assert check_assertion(holds, figures) is None
    assert check_assertion(fails, figures).code == "JSC-E0701"


def test_json_diagnostics_carry_the_check_id(tmp_path):
    import json

    from juesuan_dsl.outputs.diagnostics import to_json

    case = CASES / "D01-02.jsl"
    found = check_file(case).diagnostics
    payload = json.loads(to_json(list(found), [str(case)], "check"))
    assert [(d["code"], d["check"]) for d in payload["diagnostics"]] == [("JSC-E0655", "D01-02")]


def test_the_note_of_skipped_checks_comes_last_and_short(tmp_path):
    from conftest import check_text

    result = check_text(tmp_path, '年度 2024\n部门 "测试"\n收入 {\n  2010101 一般公共预算 abc\n}\n')
    last = result.diagnostics[-1]
    assert last.code == "JSC-I0690" and last.span is None
    assert re.fullmatch(r"源文件有错误，部分数据未读入：\d+ 项检查未运行", last.message)
    assert "A01-01" in last.hint and "A01-01" not in last.message
    assert result.diagnostics[0].severity is Severity.ERROR
