"""`jsc new --from 2024.jsl 2025.jsl` (rollover.py) and the to-fill diagnostics it leads to (tofill.py)."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import fmt_text, run_cli

from juesuan_dsl.core.diagnostics import Severity
from juesuan_dsl.pipeline import check_file
from juesuan_dsl.rules.registry import BY_ID

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def code(check_id: str) -> str:
    return BY_ID[check_id].code


@pytest.fixture(scope="module")
def rolled(tmp_path_factory):
    """The seed and its prior copied into a project, and 2025 rolled forward from the seed."""
    folder = tmp_path_factory.mktemp("roll")
    (folder / "jsc.toml").write_text("", encoding="utf-8")
    for name in ("quweiban-2023.jsl", "quweiban-2024.jsl"):
        shutil.copy(EXAMPLES / name, folder / name)
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)
        result = run_cli(["new", "--from", "quweiban-2024.jsl", "quweiban-2025.jsl"])
        assert result.exit_code == 0, result.output
        fmt = run_cli(["fmt", "--check", "quweiban-2025.jsl"])
        checked = check_file(folder / "quweiban-2025.jsl", folder)
    return folder, (folder / "quweiban-2025.jsl").read_text(encoding="utf-8"), fmt, checked


def test_the_new_file_is_canonical(rolled):
    _, text, fmt, _ = rolled
    assert fmt.exit_code == 0, fmt.output
    assert fmt_text(text, "quweiban-2025.jsl") == text


def test_header_moves_a_year_and_links_last_years_file(rolled):
    _, text, _, checked = rolled
    report = checked.report
    assert (report.year, report.department, report.short_name, report.prior_path) == (2025, "中共株洲市天元区委办公室", "区委办", "quweiban-2024.jsl")
    assert re.search(r'^上年 "quweiban-2024\.jsl"$', text, re.M)
    assert checked.prior is not None  # linked and compiled


def test_persistent_texts_are_kept(rolled):
    _, _, _, checked = rolled
    seed = check_file(EXAMPLES / "quweiban-2024.jsl").report
    report = checked.report
    assert replace(report.profile, span=None) == replace(seed.profile, span=None) and report.glossary == seed.glossary
    assert report.other_text == seed.other_text
    assert [p.name for p in report.projects] == [p.name for p in seed.projects]
    assert [(p.kind, p.implementer, p.goal) for p in report.projects] == [(p.kind, p.implementer, p.goal) for p in seed.projects]


def test_figures_results_assertions_and_acknowledgements_are_gone(rolled):
    _, text, _, checked = rolled
    report = checked.report
    assert not (report.income or report.spending or report.economic or report.assertions or report.acknowledgements)
    live = [line for line in text.split("\n") if not line.lstrip().startswith("#")]
    for word in ("核对", "已知差异", "得分", "完成值", "偏差原因", "实施情况", "实际完成", " 上年 "):
        assert not [line for line in live if word in line], word
    indicators = [i for p in report.projects for l1 in p.indicators for l2 in l1.children for i in l2.indicators]
    assert indicators and all(i.score is None and i.actual == "" and i.weight is not None for i in indicators)


def test_last_years_lines_wait_as_comments(rolled):
    _, text, _, _ = rolled
    assert "# 待填：收入（公开02表；上年 15 行）" in text
    assert "#   2012601 一般公共预算 ?  （行政运行；上年 一般公共预算 145.09）" in text
    assert "#   2013101 基本 ? 预算 ? 原因 \"……\"  （行政运行；上年 基本 322.85，预算 368.29）" in text
    assert "#   30101 ?  （上年 167.6）" in text


def test_check_lists_what_is_still_to_fill(rolled):
    _, text, _, checked = rolled
    lines = text.split("\n")
    markers = [n for n, line in enumerate(lines, 1) if line.startswith("# 待填：")]
    to_fill = [d for d in checked.diagnostics if d.code == "JSC-W0502"]
    assert [d.span.line for d in to_fill] == markers
    assert [d.message for d in to_fill] == [
        "尚未填写：收入（公开02表；上年 15 行）",
        "尚未填写：支出 一般公共预算（公开03、05、07、08表；上年 15 行）",
        "尚未填写：结转结余（公开01表）",
        "尚未填写：基本支出明细（公开06表；上年 24 行）",
        "尚未填写：三公经费（公开09表和第三部分第九节）",
    ]
    counts = Counter(d.code for d in checked.diagnostics)
    # Sections a completeness check already reports carry no marker: that check is the message.
    for check_id in ("C10-01", "C11-01", "C12-01", "C13-01", "C14-01", "C15-01"):
        assert counts[code(check_id)] == 1, check_id
    assert counts[code("C15-02")] == 14  # one per project: 资金、实际完成、实施情况
    # Fifteen unscored tables: one C15-03 finding, not one per indicator.
    assert counts[code("C15-03")] == 1
    assert "尚未填写得分" in next(d for d in checked.diagnostics if d.code == code("C15-03")).message
    # Year-on-year checks stay quiet until this year's figures are written.
    assert not counts[code("B01-01")] and not counts["JSC-E0306"] and not counts["JSC-E0301"]


def test_only_the_inherited_indicator_weights_fail(rolled):
    """The seed acknowledged its inconsistent indicator weights for its own text (已知差异 P02-03,
    P02-04); the new year inherits the weights but not the acknowledgement."""
    _, _, _, checked = rolled
    errors = {d.code for d in checked.diagnostics if d.severity is Severity.ERROR}
    assert errors == {code("P02-04")}
    others = {d.code for d in checked.diagnostics if d.severity is Severity.WARNING} - {
        "JSC-W0502", *(code(c) for c in ("C10-01", "C11-01", "C12-01", "C13-01", "C14-01", "C15-01", "C15-02", "C15-03", "P02-03", "C15-03")),
        code("T01-06"),  # the inherited indicator value "9090%" (the seed acknowledges it for its own text)
    }
    assert others == set()


def test_a_filled_section_loses_its_warning(rolled):
    folder, text, _, _ = rolled
    filled = text + "\n收入 {\n  2012601 一般公共预算 100\n}\n"
    path = folder / "filled.jsl"
    path.write_text(filled, encoding="utf-8")
    found = [d.message for d in check_file(path, folder).diagnostics if d.code == "JSC-W0502"]
    assert not [m for m in found if m.startswith("尚未填写：收入")] and len(found) == 4


def test_refuses_to_overwrite(rolled, monkeypatch):
    folder, _, _, _ = rolled
    monkeypatch.chdir(folder)
    result = run_cli(["new", "--from", "quweiban-2024.jsl", "quweiban-2025.jsl"])
    assert result.exit_code == 1 and "--force" in result.stderr
    assert run_cli(["new", "--from", "quweiban-2024.jsl", "quweiban-2025.jsl", "--force"]).exit_code == 0


def test_prior_path_is_relative_to_the_new_file(rolled, monkeypatch):
    folder, _, _, _ = rolled
    monkeypatch.chdir(folder)
    (folder / "2025").mkdir(exist_ok=True)
    assert run_cli(["new", "--from", "quweiban-2024.jsl", "2025/quweiban.jsl"]).exit_code == 0
    text = (folder / "2025" / "quweiban.jsl").read_text(encoding="utf-8")
    assert '上年 "../quweiban-2024.jsl"' in text
    assert check_file(folder / "2025" / "quweiban.jsl", folder).prior is not None


def test_a_broken_source_is_not_rolled(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.jsl").write_text('年度 2024\n部门 "x"\n收入 {\n', encoding="utf-8")
    result = run_cli(["new", "--from", "bad.jsl", "next.jsl"])
    assert result.exit_code == 1 and "JSC-E0106" in result.stderr and not (tmp_path / "next.jsl").exists()


def test_carry_overs_roll_into_next_years_opening_balance(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "jsc.toml").write_text("", encoding="utf-8")
    shutil.copy(EXAMPLES / "shiye-2024.jsl", tmp_path / "shiye-2024.jsl")
    assert run_cli(["new", "--from", "shiye-2024.jsl", "shiye-2025.jsl"]).exit_code == 0
    text = (tmp_path / "shiye-2025.jsl").read_text(encoding="utf-8")
    assert fmt_text(text, "shiye-2025.jsl") == text
    # 2120803 政府性基金: 年初结转 42.50, 年末结转 25.70 last year → 年初结转 25.70 this year.
    line = next(line for line in text.split("\n") if line.startswith("#   2120803") and " 项目 " in line)
    assert "年初结转 25.70" in line and "年末结转 ?" in line
    checked = check_file(tmp_path / "shiye-2025.jsl", tmp_path)
    assert not [d for d in checked.diagnostics if d.severity is Severity.ERROR], checked.diagnostics
