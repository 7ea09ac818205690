"""The seed's known inconsistencies: each is found on its line, and acknowledged it no longer fails.

examples/quweiban-2024.jsl encodes the published 2024 document of 区委办 as it
is, mistakes included. Every difference is acknowledged in the file (核对 …
说明 "…" and 已知差异 <id> "…"), so `jsc check` passes and lists them as 提示.
Stripped of the acknowledgements (line numbers kept), the same file must fail
with exactly the errors pinned below: (check id or code, line), stated vs
computed in the comment.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from juesuan_dsl.cli import main
from juesuan_dsl.core.codes import explained_from
from juesuan_dsl.core.diagnostics import Severity
from juesuan_dsl.pipeline import check_file
from juesuan_dsl.rules.registry import BY_CODE

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "quweiban-2024.jsl"
SHIYE = ROOT / "examples" / "shiye-2024.jsl"
M = "JSC-E0701"  # 核对不符

ERRORS = [
    ("A05-01", 167),  # 05表基本支出 631.10（印 631.11）≠ 06表各款 630.87（30103 等款疑被截断）
    # 公开01—05表合计的尾数误差（840.70 vs 840.69 等）在各项舍入区间之内，不报告（XBRL 区间规则）
    # 公开06表
    (M, 242),  # 表06 301 537.8 vs 537.70
    (M, 246),  # 表06 人员经费合计 544.3 vs 544.19（公用经费合计 86.7 vs 86.68 在一位小数内相符）
    # 公开09表
    (M, 250),  # 表09 预算 合计 9.00 vs 4.80（第九节的预算）
    (M, 251),  # 表09 预算 因公出国 5.38 vs 0
    (M, 255),  # 表09 预算 公务接待 0.13 vs 1.30
    # 第三部分
    (M, 412),  # 第六节 人员经费 544.36 vs 544.19
    # 第五部分
    (M, 469),  # 年中追加项目 资金 150.46 vs 150.75
    (M, 542),  # 整体自评 总分 96.22 vs 96.77
    (M, 598), (M, 599), (M, 600),  # 国安机要保密经费 执行率 87.00% vs 87.26%，得分 8.70 vs 8.73，总分 98.20 vs 98.23
    (M, 654), (M, 655), (M, 656),  # 马办… 82.0% vs 82.67%，8.20 vs 8.27，97.70 vs 97.77
    (M, 697), (M, 698), (M, 699),  # 党政专用通信二级网建设 74.00% vs 74.99%，7.40 vs 7.50，97.40 vs 97.50
    (M, 747), (M, 748), (M, 749),  # 因公出国经费 53.00% vs 53.80%，5.30 vs 5.38，95.30 vs 95.38
    (M, 853), (M, 854), (M, 855),  # 污染防治攻坚费用 37.00% vs 37.70%，3.70 vs 3.77，93.20 vs 93.27
    (M, 908), (M, 909), (M, 910),  # 2023年三季度…奖励经费 68.00% vs 68.77%，6.80 vs 6.88，96.30 vs 96.38
    (M, 1012), (M, 1013),  # 综合调研… 38.00% vs 38.10%，3.80 vs 3.81（总分 93.3 在一位小数内相符）
    ("P02-04", 1017),  # 三个高地（改革组）：分值合计 120（执行 10 + 指标 110）
    (M, 1060), (M, 1061),  # 改革组 执行率 3.00% vs 3.25%，得分 0.30 vs 0.33
    (M, 1062),  # 改革组 总分 89.80 vs 109.83
]
WARNINGS = [  # P02-03：一级指标印出的分值 vs 其下三级指标分值之和
    ("P02-03", line)
    for line in (613, 643, 673, 680, 685, 688, 712, 723, 736, 762, 775, 788, 814, 827, 839, 842, 880, 897, 1027, 1039, 1053)
] + [("T01-04", 336), ("T01-06", 1159)]  # typed text: "2024度", "9090%" (as published)


def _key(diagnostic) -> tuple[str, int]:
    """(check id, line); an explained finding (code JSC-I…) keys as the finding it explains."""
    code = explained_from(diagnostic.code)
    check = BY_CODE.get(code)
    return (diagnostic.check or (check.id if check else code), diagnostic.span.line)


def _strip(text: str) -> str:
    """Remove every acknowledgement, keeping line numbers: 说明 "…" on 核对 lines, 已知差异 lines."""
    lines = []
    for line in text.split("\n"):
        if line.lstrip().startswith("核对"):
            line = re.sub(r'\s+说明\s+"[^"]*"', "", line)
        if line.startswith("已知差异"):
            line = "#"
        lines.append(line)
    return "\n".join(lines)


@pytest.fixture(scope="module")
def unacknowledged(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seed")
    path = folder / "quweiban-2024.jsl"
    path.write_text(_strip(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    prior = SEED.with_name("quweiban-2023.jsl")  # the seed's 上年 file: its year-on-year figures come from there
    (folder / prior.name).write_text(prior.read_text(encoding="utf-8"), encoding="utf-8")
    return check_file(path).diagnostics


@pytest.fixture(scope="module")
def acknowledged():
    return check_file(SEED).diagnostics


def test_each_inconsistency_is_an_error_on_its_line(unacknowledged):
    errors = sorted(_key(d) for d in unacknowledged if d.severity is Severity.ERROR)
    assert errors == sorted(ERRORS)


def test_first_level_weights_are_warnings_on_their_lines(unacknowledged):
    warnings = sorted(_key(d) for d in unacknowledged if d.severity is Severity.WARNING)
    assert warnings == sorted(WARNINGS)


ROUNDING = "JSC-I0705"  # the published figures kept in place of their parts' sum (tests/test_stated.py)


def test_nothing_else_is_reported_without_acknowledgements(unacknowledged):
    assert {d.severity for d in unacknowledged if d.code != ROUNDING} == {Severity.ERROR, Severity.WARNING}


def test_acknowledged_seed_reports_the_same_findings_as_info(acknowledged):
    assert all(d.severity is Severity.INFO for d in acknowledged)
    assert sorted(_key(d) for d in acknowledged if d.code != ROUNDING) == sorted(ERRORS + WARNINGS)


def test_acknowledged_seed_checks_clean():
    result = CliRunner().invoke(main, ["check", str(SEED)])
    assert result.exit_code == 0, result.output


def test_invented_example_has_no_errors_or_warnings():
    diagnostics = check_file(SHIYE).diagnostics
    assert not [d for d in diagnostics if d.severity in (Severity.ERROR, Severity.WARNING)]
    result = CliRunner().invoke(main, ["check", str(SHIYE)])
    assert result.exit_code == 0, result.output
