"""Nothing false in print (issue 12, first part): a fact the source does not write is not printed as if it were.

Each case builds the Typst source of the checks' common parts (tests/cases/checks/_part_*.jsl)
with one fact left out, and reads what part one and part three say: 内设机构 not written is
not 「未设内设机构」, 会议费/培训费 not written are not 「0万元」, 授予中小企业 not written is not 0.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import check_file, check_text

from juesuan_dsl.render.typeset import render_typst

CASES = Path(__file__).parent / "cases" / "checks"
PARTS = ("money", "econ", "three_public", "narrative", "procurement", "assets", "performance", "overall", "project")


def _typst(tmp_path: Path, profile: str, edit=lambda name, text: text) -> tuple[str, set[str]]:
    for name in PARTS:
        text = (CASES / f"_part_{name}.jsl").read_text(encoding="utf-8")
        (tmp_path / f"_part_{name}.jsl").write_text(edit(name, text), encoding="utf-8")
    includes = "".join(f'包含 "_part_{name}.jsl"\n' for name in PARTS)
    result = check_text(tmp_path, f'年度 2024\n部门 "测试单位"\n{includes}概况 {{\n  职责 {{\n    "负责测试工作。"\n  }}\n{profile}}}\n')
    assert result.derived is not None, [d.message for d in result.diagnostics]
    return render_typst(result.report, result.derived), {d.code for d in result.diagnostics}


def test_offices_not_written_are_not_said_and_are_asked_for(tmp_path):
    typst, found = _typst(tmp_path, "")
    assert "未设内设机构" not in typst and "内设机构设置" not in typst
    assert "（一）决算单位构成。" in typst
    assert "JSC-W0636" in found  # C01-02 asks for them


def test_an_empty_offices_block_says_there_are_none(tmp_path):
    typst, found = _typst(tmp_path, "  内设机构 {\n  }\n")
    assert "测试单位未设内设机构。" in typst and "（二）决算单位构成。" in typst
    assert "JSC-W0636" not in found


def test_written_offices_are_listed(tmp_path):
    typst, _ = _typst(tmp_path, '  内设机构 {\n    "办公室"\n    "业务科"\n  }\n')
    assert "测试单位内设机构包括：办公室、业务科。" in typst


def test_meeting_and_training_fees_not_written_are_not_printed_as_zero(tmp_path):
    def without_fees(name: str, text: str) -> str:
        return text.replace("  会议费 0\n", "").replace("  培训费 0\n", "") if name == "narrative" else text

    typst, found = _typst(tmp_path, "", without_fees)
    assert "开支会议费" not in typst and "开支培训费" not in typst
    assert "JSC-W0641" in found  # C11-01 asks for them
    only_meeting, _ = _typst(tmp_path, "", lambda n, t: t.replace("  培训费 0\n", "") if n == "narrative" else t)
    assert "2024年本部门开支会议费0万元。" in only_meeting and "开支培训费" not in only_meeting


def test_sme_awards_not_written_are_not_zero(tmp_path):
    def without_sme(name: str, text: str) -> str:
        return text.replace("货物 10 中小企业 8", "货物 10").replace("  小微企业 5\n", "") if name == "procurement" else text

    typst, _ = _typst(tmp_path, "", without_sme)
    assert "政府采购货物支出10.00万元" in typst
    assert "授予中小企业" not in typst and "授予小微企业" not in typst
    written, _ = _typst(tmp_path, "")
    assert "授予中小企业合同金额8.00万元" in written


def test_a_project_without_its_implementer_names_the_department(tmp_path):
    typst, _ = _typst(tmp_path, "")
    assert 'p5-c[实施单位], table.cell(colspan: 4, align: left, "测试单位")' in typst


def test_the_attachment_list_names_only_the_tables_the_document_prints(tmp_path):
    typst, _ = _typst(tmp_path, "")
    assert '附件：#"1.部门整体支出绩效自评表";' in typst and '#"2.项目支出绩效自评表（每个一级项目一张表）";' in typst
    assert "基础数据表" not in typst
    without_projects, _ = _typst(tmp_path, "", lambda name, text: "" if name == "project" else text)
    assert '附件：#"1.部门整体支出绩效自评表";' in without_projects and "项目支出绩效自评表（" not in without_projects


def _without_running_cost(name: str, text: str) -> str:
    return text.replace("  机关运行经费 30 上年 30\n", "") if name == "narrative" else text


def test_running_cost_not_written_is_not_said_to_be_none(tmp_path):
    typst, found = _typst(tmp_path, "", _without_running_cost)
    assert "无机关运行经费" not in typst and "机关运行经费支出" not in typst.split("关于机关运行经费支出说明]")[1][:80]
    assert "JSC-W0640" in found  # C10-01 asks for it


def test_a_public_institution_without_running_cost_is_not_asked_for_it(tmp_path):
    typst, found = _typst(tmp_path, "  单位性质 事业单位\n", _without_running_cost)
    assert "本部门2024年度无机关运行经费支出。" in typst
    assert "JSC-W0640" not in found
    administrative, found = _typst(tmp_path, "  单位性质 行政单位\n", _without_running_cost)
    assert "无机关运行经费" not in administrative and "JSC-W0640" in found


def test_a_missing_block_is_reported_where_it_belongs(tmp_path):
    """C12-01 points after the block 政府采购 follows (三公经费), C10-01 after 概况: not at 年度."""
    result = check_text(tmp_path, '年度 2024\n部门 "测试单位"\n概况 {\n  职责 {\n    "负责。"\n  }\n}\n三公经费 {\n}\n')
    found = next(d for d in result.diagnostics if d.code == "JSC-W0642")
    assert (found.span.line, found.span.column) == (9, 1)
    assert found.hint.endswith("（“政府采购”块写在“三公经费”块之后）")
    running = next(d for d in result.diagnostics if d.code == "JSC-W0640")
    assert (running.span.line, running.span.column) == (7, 1)  # no 情况说明 either: it belongs after 概况
    assert running.hint.endswith("（“情况说明”块写在“概况”块之后）")


def test_blocks_not_written_are_not_printed_as_zeros(tmp_path):
    """No 三公经费, 政府采购 or 国有资产 block: 九, 十二 and 十三 say nothing (not 「0万元」, 「0辆」)."""
    dropped = {"three_public", "procurement", "assets"}
    typst, found = _typst(tmp_path, "", lambda name, text: "" if name in dropped else text)
    part3 = typst.split("九、财政拨款三公经费支出决算情况说明]")[1].split("十四、关于")[0]
    assert "三公”经费财政拨款支出预算为" not in part3 and "未安排因公出国" not in part3
    assert "政府采购支出总额" not in part3 and "共有车辆" not in part3
    assert {"JSC-W0665", "JSC-W0642", "JSC-W0643"} <= found  # C09-02, C12-01, C13-01 ask for them
    written, found = _typst(tmp_path, "")
    assert "政府采购支出总额" in written and "共有车辆" in written and "JSC-W0665" not in found


def test_a_three_public_table_without_its_block_prints_no_zeros(tmp_path):
    """上海 prints 0 in the 三公 table's zero cells; without a 三公经费 block its cells stay empty."""
    def without_three_public(name: str, text: str) -> str:
        return "" if name == "three_public" else text

    hunan, _ = _typst(tmp_path, "", without_three_public)
    assert 'fig("document|三公表|决算|合计", "")' in hunan  # 湖南: empty anyway
    for name in PARTS:
        (tmp_path / f"_part_{name}.jsl").write_text(without_three_public(name, (CASES / f"_part_{name}.jsl").read_text(encoding="utf-8")), encoding="utf-8")
    includes = "".join(f'包含 "_part_{name}.jsl"\n' for name in PARTS)
    source = f'年度 2024\n部门 "测试单位"\n版式 上海\n{includes}概况 {{\n  职责 {{\n    "负责测试工作。"\n  }}\n}}\n'
    result = check_text(tmp_path, source)
    typst = render_typst(result.report, result.derived)
    assert 'fig("document|三公表|决算|合计", "")' in typst and 'fig("document|三公表|决算|合计", "0")' not in typst
    (tmp_path / "_part_three_public.jsl").write_text((CASES / "_part_three_public.jsl").read_text(encoding="utf-8"), encoding="utf-8")
    written = check_text(tmp_path, source)
    assert '|三公表|' in (with_block := render_typst(written.report, written.derived))
    assert any(f'fig("document|三公表|{row}|{col}", "0")' in with_block for row in ("预算", "决算") for col in ("因公出国", "公务接待", "公务用车购置"))


# The completeness cases under tests/cases/checks/ each leave one fact out: the built document
# says nothing of it (the words it printed before, invented from the silence, are absent).
SILENT_CASES = {
    "C01-02": ("未设内设机构", "内设机构设置"),
    "C09-02": ("三公”经费财政拨款支出预算为", "未安排因公出国", "公务用车保有量为"),
    "C10-01": ("无机关运行经费", "机关运行经费支出0"),
    "C11-01": ("开支会议费", "开支培训费"),
    "C12-01": ("政府采购支出总额",),
    "C13-01": ("共有车辆",),
}


@pytest.mark.parametrize("check_id", sorted(SILENT_CASES))
def test_a_case_without_a_fact_prints_nothing_of_it(check_id):
    result = check_file(CASES / f"{check_id}.jsl")
    assert result.derived is not None
    typst = render_typst(result.report, result.derived)
    assert not [words for words in SILENT_CASES[check_id] if words in typst]
