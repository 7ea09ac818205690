"""Published figures kept (derive/stated.py): a stated figure inside the rounding interval of its
parts is the figure; each rounding difference is a note; one figure has one value; the two sides
of a 总表 print one total even when no 核对 states it."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal as D

import pypdf
import pytest
from conftest import EXAMPLES, check_text

from juesuan_dsl.cli import main
from juesuan_dsl.core.diagnostics import Severity
from juesuan_dsl.pipeline import Options, build_file

SEED = EXAMPLES / "quweiban-2024.jsl"

# 10 万元 income and 10 万元 spending items with the income adding to 0.01 more (100.01 / 100.00).
BALANCE = """年度 2024
部门 "测试单位"
金额单位 万元

收入 {
  2010101 一般公共预算 60.01
  2010102 一般公共预算 40.00
}

支出 一般公共预算 {
  2010101 基本 60.00 预算 60.00
  2010102 项目 40.00 预算 40.00
}

基本支出明细 {
  30101 60.00
}

情况说明 {
  收支总计 上年 90.00 原因 "人员增加。"
  财政拨款收支总计 上年 90.00 原因 "人员增加。"
  财政拨款支出 上年 90.00 原因 "人员增加。"
}
"""


def _pdf_text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages))


@pytest.fixture(scope="module")
def seed_pdf_text() -> str:
    built = build_file(SEED, Options())
    assert built.compiled is not None
    return _pdf_text(built.compiled.pdf)


def test_the_seed_pdf_prints_the_published_totals(seed_pdf_text):
    assert "840.69" not in seed_pdf_text and seed_pdf_text.count("840.70") >= 20
    for sentence in ("收、支总计840.70万元。与上年相比，减少355.92万元", "基本支出631.11万元",
                     "一般公共服务支出674.75万元", "支出决算为9.00万元，完成预算的187.5%",
                     "与上年相比增加4.26万元，增长89.9%"):
        assert sentence in seed_pdf_text, sentence


def test_the_seed_export_holds_the_published_figures(tmp_path, capsys):
    out = tmp_path / "seed.json"
    with pytest.raises(SystemExit) as exit_code:
        main(["export", str(SEED), "-o", str(out)])
    assert exit_code.value.code == 0
    payload = json.loads(out.read_text(encoding="utf-8"))
    figures = {tuple(f["key"]): f for f in payload["figures"]}
    assert len(payload["kept_figures"]) == 10 and payload["balanced_figures"] == []
    assert payload["kept_figures"][0] == {
        "key": ["document", "收支总表", "本年收入合计"], "computed": "840.69", "stated": "840.70", "line": 199,
    }
    assert figures[("document", "收支总表", "本年收入合计")]["shown"] == "840.70"
    assert figures[("document", "收支总计", "增减额")]["shown"] == "-355.92"
    assert figures[("document", "三公", "完成率")]["shown"] == "187.5%"
    assert figures[("document", "三公", "增减率")]["shown"] == "89.9%"


def test_each_rounding_difference_of_the_seed_is_a_note_with_both_figures():
    from juesuan_dsl.pipeline import check_file

    notes = [d for d in check_file(SEED).diagnostics if d.code == "JSC-I0705"]
    assert all(d.severity is Severity.INFO for d in notes) and len(notes) == 10
    first = notes[0]
    assert (first.span.line, first.span.column) == (199, 1)
    assert "公开数 840.70" in first.message and "由各部分算得 840.69" in first.message
    assert first.related and first.related[0].note == "各部分"


def test_rounding_notes_are_one_line_without_verbose(capsys):
    with pytest.raises(SystemExit):
        main(["check", str(SEED)])
    out = capsys.readouterr().out
    assert out.count("JSC-I0705") == 1 and "10 个公开数与其各部分之和相差尾数" in out
    with pytest.raises(SystemExit):
        main(["check", "--verbose", str(SEED)])
    assert capsys.readouterr().out.count("JSC-I0705") == 10


def test_one_figure_stated_twice_inside_its_interval_names_both_lines(tmp_path):
    text = BALANCE + "核对 收支总表 本年收入合计 100.01\n核对 收入表 合计 本年收入合计 100.02\n"
    result = check_text(tmp_path, text)
    found = [d for d in result.diagnostics if d.code == "JSC-E0706"]
    lines = text.count("\n")
    assert [(d.span.line, d.span.column, d.severity) for d in found] == [(lines, 1, Severity.ERROR)]
    assert [r.span.line for r in found[0].related] == [lines - 1]
    assert "100.02" in found[0].message and "100.01" in found[0].message
    assert not [d for d in result.diagnostics if d.code == "JSC-E0701"]


def test_both_sides_of_both_summary_tables_print_one_total_without_a_statement(tmp_path):
    result = check_text(tmp_path, BALANCE)
    figure = result.derived.figure
    sides = [figure("document", *k) for k in (("收支总表", "本年收入合计"), ("收支总表", "本年支出合计"),
                                             ("收支总表", "收入总计"), ("收支总表", "支出总计"),
                                             ("财政拨款收支总表", "收入总计", "合计"), ("财政拨款收支总表", "支出总计", "合计"),
                                             ("收入表", "合计", "本年收入合计"), ("支出表", "合计", "本年支出合计"))]
    assert {f.shown for f in sides} == {"100.01"}
    # 一 and 四 give the same change: 100.01 − 90.00
    assert figure("document", "收支总计", "增减额").shown == figure("document", "财政拨款收支总计", "增减额").shown == "10.01"
    notes = [d for d in result.diagnostics if d.code == "JSC-I0708"]
    assert len(notes) == 1 and "100.00" in notes[0].message and "100.01" in notes[0].message
    assert notes[0].severity is Severity.INFO


def test_a_difference_beyond_rounding_is_not_balanced_away(tmp_path):
    result = check_text(tmp_path, BALANCE.replace("60.01", "60.50"))
    assert result.derived.figure("document", "收支总表", "本年收入合计").shown == "100.50"
    assert result.derived.figure("document", "收支总表", "本年支出合计").shown == "100.00"
    assert result.derived.balanced == ()


def test_a_stated_total_outside_its_interval_stays_an_error(tmp_path):
    text = BALANCE + "核对 收支总表 本年收入合计 100.05\n"
    result = check_text(tmp_path, text)
    errors = [(d.code, d.span.line) for d in result.diagnostics if d.severity is Severity.ERROR]
    assert ("JSC-E0701", text.count("\n")) in errors
    assert result.derived.figure("document", "收支总表", "本年收入合计").shown == "100.01"


def test_zero_percent_over_a_zero_budget_is_a_warning_not_an_error(tmp_path):
    text = BALANCE.replace("三公", "三公") + (
        "三公经费 {\n  因公出国 {\n    预算 0\n    决算 0\n  }\n}\n核对 因公出国 完成率 0%\n"
    )
    result = check_text(tmp_path, text)
    found = [(d.code, d.severity) for d in result.diagnostics if d.span and d.span.line == text.count("\n")]
    assert found == [("JSC-W0707", Severity.WARNING)]


def test_a_yuan_source_keeps_rounding_by_balancing(tmp_path):
    """元 facts are exact: nothing is kept or balanced by statement; 舍位平衡 prints the tables."""
    text = BALANCE.replace("金额单位 万元", "金额单位 元").replace("60.01", "600100").replace("40.00", "400000")
    text = text.replace("60.00", "600000").replace("90.00", "900000")
    result = check_text(tmp_path, text + "核对 收支总表 本年收入合计 100.01\n")
    assert result.derived.kept == () and result.derived.balanced == ()
    assert result.derived.figure("document", "收支总表", "本年收入合计").shown == "100.01"
    assert D(result.derived.figure("document", "收支总表", "本年支出合计").shown) == D("100.00")
