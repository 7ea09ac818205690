"""Layouts: the 版式 line, the built-in 湖南, a user's layout folder, and 核对 names that do not depend on either."""

from __future__ import annotations

import io
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from conftest import EXAMPLES, check_text

from juesuan_dsl.layout.load import (
    LayoutError,
    builtin_folders,
    builtin_layout,
    builtin_root,
    load_layout,
)
from juesuan_dsl.pipeline import Options, build_file, check_file

SEED = EXAMPLES / "quweiban-2024.jsl"


def _codes(result) -> list[tuple[str, int, int]]:
    return [(d.code, d.span.line, d.span.column) for d in result.diagnostics if d.span is not None]


def _pdf_text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages))


def _seed_copy(folder: Path, layout_line: str) -> Path:
    """The seed and its 上年 file in `folder`, with a 版式 line after the header."""
    shutil.copyfile(EXAMPLES / "quweiban-2023.jsl", folder / "quweiban-2023.jsl")
    text = SEED.read_text(encoding="utf-8").replace('上年 "quweiban-2023.jsl"', f'上年 "quweiban-2023.jsl"\n{layout_line}', 1)
    path = folder / "quweiban-2024.jsl"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_builtin_layouts_are_found_by_name():
    assert "湖南" in builtin_folders()
    hunan = builtin_layout("湖南")
    assert hunan.builtin and [t.id for t in hunan.tables] == ["01", "02", "03", "04", "05", "06", "07", "08", "09"]
    assert hunan.numbers.percent_places == 1 and hunan.numbers.empty_cell == ""
    assert hunan.table("01").title == "收入支出决算总表" and hunan.table("01").number == "公开01表"


def test_version_line_naming_the_default_changes_nothing(tmp_path):
    plain = build_file(_seed_copy(tmp_path, ""), Options(root=tmp_path))
    named = build_file(_seed_copy(tmp_path, "版式 湖南"), Options(root=tmp_path))
    assert plain.compiled is not None and named.compiled is not None
    assert named.typst_source == plain.typst_source


def test_unknown_layout_name_is_an_error_at_its_line(tmp_path):
    result = check_text(tmp_path, '年度 2024\n部门 "测试"\n版式 江苏\n')
    found = [d for d in result.diagnostics if d.code == "JSC-E0320"]
    assert [(d.span.line, d.span.column) for d in found] == [(3, 4)]
    assert "江苏" in found[0].message and "湖南" in found[0].hint


def test_missing_layout_folder_is_an_error_at_its_line(tmp_path):
    result = check_text(tmp_path, '年度 2024\n部门 "测试"\n版式 "没有这个文件夹"\n')
    found = [d for d in result.diagnostics if d.code == "JSC-E0321"]
    assert [(d.span.line, d.span.column) for d in found] == [(3, 4)]
    assert "不存在" in found[0].message


def test_layout_folder_outside_the_project_is_refused(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    shutil.copytree(builtin_root() / "hunan", tmp_path / "outside")
    result = check_text(project, '年度 2024\n部门 "测试"\n版式 "../outside"\n')
    assert ("JSC-E0302", 3, 4) in _codes(result)


@pytest.mark.parametrize(("edit", "problem"), [
    (lambda t: t.replace('name = "湖南"', 'name = "湖南"\ncolour = "red"'), "未知的键 colour"),
    (lambda t: t.replace("percent_places = 1", "percent_places = 9"), "percent_places 应为 0 到 4"),
    (lambda t: t.replace('template = "parts/tables/t03.typ.j2"', 'template = "parts/tables/t99.typ.j2"'), "t99.typ.j2”不存在"),
    (lambda t: t.replace('template = "parts/tables/t03.typ.j2"', 'template = "../../lib.typ"'), "相对路径"),
    (lambda t: t.replace('id = "03"', 'id = "02"'), "表 02 在 [[tables]] 中写了两次"),
    (lambda t: t.replace("[numbers]", "[numbers"), "不是有效的 TOML"),
    (lambda t: t.replace("body_rows = 9", 'categories = "some"'), "表 01 的 categories 只能是 spent 或 all，写的是“some”"),
    (lambda t: t.replace("body_rows = 9", "body_rows = 99"), "表 01 的 body_rows 应为 0 到 60，写的是 99"),
    (lambda t: t.replace("body_rows = 9", 'body_rows = "9"'), "第 1 个 [[tables]] 的 body_rows 的值类型不对"),
    (lambda t: t.replace("body_rows = 9", 'groups = "301"'), "表 01 的 groups 应为经济分类类编码的列表的列表"),
    (lambda t: t.replace("body_rows = 9", 'printed_columns = "合计"'), "表 01 的 printed_columns 应为文字的列表"),
    (lambda t: t.replace("body_rows = 9", 'labels = { "总计" = 1 }'), "第 1 个 [[tables]] 的 labels 的值应为文字"),
    (lambda t: t.replace("body_rows = 9", "empty_cell = 0"), "第 1 个 [[tables]] 的 empty_cell 的值类型不对"),
])
def test_a_broken_layout_file_names_its_problem(tmp_path, edit, problem):
    folder = tmp_path / "mine"
    shutil.copytree(builtin_root() / "hunan", folder)
    data = folder / "layout.toml"
    data.write_text(edit(data.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(LayoutError, match=re.escape(problem)):
        load_layout(folder)
    result = check_text(tmp_path, '年度 2024\n部门 "测试"\n版式 "mine"\n')
    found = [d for d in result.diagnostics if d.code == "JSC-E0321"]
    assert len(found) == 1 and problem in found[0].message


def test_a_copied_layout_with_a_new_title_and_percent_places_prints_both(tmp_path):
    folder = tmp_path / "本区版式"
    shutil.copytree(builtin_root() / "hunan", folder)
    data = folder / "layout.toml"
    text = data.read_text(encoding="utf-8")
    text = text.replace('name = "湖南"', 'name = "本区"').replace("percent_places = 1", "percent_places = 2")
    text = text.replace('title = "收入支出决算总表"', 'title = "收入支出决算总表（本区样式）"')
    data.write_text(text, encoding="utf-8")
    built = build_file(_seed_copy(tmp_path, '版式 "本区版式"'), Options(root=tmp_path))
    assert built.compiled is not None, [d.message for d in built.diagnostics]
    printed = _pdf_text(built.compiled.pdf)
    assert "收入支出决算总表（本区样式）" in printed
    # 基本支出 631.11 of 840.70 (section 三, both stated): 75.1% in 湖南, 75.07% with two places.
    assert "基本支出631.11万元，占75.07%" in printed
    assert "占75.1%" not in printed
    # The figures themselves do not change with the layout; a stated share (核对 基本支出 占比 75.1%)
    # is kept only by a layout that prints no more places than it states (derive/stated.py).
    default = check_file(SEED)
    assert built.derived.figure("document", "基本支出").value == default.derived.figure("document", "基本支出").value
    assert default.derived.figure("document", "基本支出", "占比").value == Decimal("75.1")
    assert round(built.derived.figure("document", "基本支出", "占比").value, 2) == Decimal("75.07")


def test_user_layout_templates_run_in_the_sandbox(tmp_path):
    folder = tmp_path / "evil"
    shutil.copytree(builtin_root() / "hunan", folder)
    main = folder / "document.typ.j2"
    main.write_text("<< doc.title.__class__.__mro__ >>\n" + main.read_text(encoding="utf-8"), encoding="utf-8")
    built = build_file(_seed_copy(tmp_path, '版式 "evil"'), Options(root=tmp_path))
    assert built.compiled is None and built.typst_source is None
    found = [d for d in built.diagnostics if d.code == "JSC-E0322"]
    assert len(found) == 1 and "unsafe" in found[0].message
    assert found[0].span.line == 81  # the 版式 line


# --- 核对 names ----------------------------------------------------------------------

HEADER = '年度 2024\n部门 "测试"\n'


@pytest.mark.parametrize("name", ["收支总表 本年收入合计", "表01 本年收入合计", "本年收入合计"])
def test_a_table_figure_has_one_name_whatever_the_layout(name):
    from juesuan_dsl.model.report import Assertion
    from juesuan_dsl.rules.assertions import figure_of

    seed = check_file(SEED)
    assertion = Assertion("document", tuple(name.split()), Decimal("840.70"), "840.70", False, None, None)
    figure = figure_of(assertion, seed.derived.figures)
    assert figure is not None and figure.key == ("document", "收支总表", "本年收入合计")


def test_a_completeness_check_follows_the_contents_the_layout_prints(tmp_path):
    cases = Path(__file__).parent / "cases" / "checks"
    for part in cases.glob("_part_*.jsl"):
        shutil.copyfile(part, tmp_path / part.name)
    folder = tmp_path / "no-offices"
    shutil.copytree(builtin_root() / "hunan", folder)
    data = folder / "layout.toml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace('contents = ["内设机构", ', "contents = [", 1), encoding="utf-8")
    source = (cases / "C01-02.jsl").read_text(encoding="utf-8")
    with_offices = check_text(tmp_path, source, "a.jsl")
    without = check_text(tmp_path, source.replace('部门 "测试单位"\n', '部门 "测试单位"\n版式 "no-offices"\n', 1), "b.jsl")
    assert [(d.span.line, d.span.column) for d in with_offices.diagnostics if d.code == "JSC-W0636"] == [(15, 1)]  # the 概况 block
    assert "JSC-W0636" not in {d.code for d in without.diagnostics}
    assert not [d for d in without.diagnostics if d.severity.name == "ERROR"]
    # An 已知差异 for the check is not stale under a layout where the check does not apply.
    acknowledged = source.replace('部门 "测试单位"\n', '部门 "测试单位"\n版式 "no-offices"\n已知差异 C01-02 "不设内设机构"\n', 1)
    result = check_text(tmp_path, acknowledged, "c.jsl")
    assert "JSC-W0691" not in {d.code for d in result.diagnostics}


def test_purpose_and_overall_budget_reason_are_facts_every_layout_can_read(tmp_path):
    from juesuan_dsl.pipeline import compile_file

    cases = Path(__file__).parent / "cases" / "checks"
    for part in cases.glob("_part_*.jsl"):
        shutil.copyfile(part, tmp_path / part.name)
    money = (tmp_path / "_part_money.jsl").read_text(encoding="utf-8")
    row = next(line for line in money.splitlines() if line.strip()[:7].isdigit() and " 预算 " in line)
    code = row.split()[0]
    (tmp_path / "_part_money.jsl").write_text(money.replace(row, row + ' 用途 "维持日常运转。"', 1), encoding="utf-8")
    source = (cases / "C01-02.jsl").read_text(encoding="utf-8")
    narrative = (tmp_path / "_part_narrative.jsl").read_text(encoding="utf-8")
    assert "情况说明 {" in narrative and "_part_narrative.jsl" in source
    narrative = narrative.replace("情况说明 {", '情况说明 {\n  年初预算 原因 "部分项目经费调减。"', 1)
    (tmp_path / "_part_narrative.jsl").write_text(narrative, encoding="utf-8")
    path = tmp_path / "t.jsl"
    path.write_text(source, encoding="utf-8")
    result = compile_file(path, Options(root=tmp_path), until="derive")
    assert result.derived is not None, [(d.code, d.message) for d in result.diagnostics]
    general = result.derived.part3.general
    assert general.reason == "部分项目经费调减。"
    assert {i.code: i.purpose for i in general.items}[code] == "维持日常运转。"


@pytest.mark.parametrize(("line", "good", "bad"), [
    ("核对 收入表 201 本年收入合计", "674.74", "674.84"),  # a 类 subtotal
    ("核对 收入表 20126 本年收入合计", "185.09", "185.19"),  # a 款 subtotal
])
def test_a_subtotal_row_is_a_figure_a_check_can_state(tmp_path, line, good, bad):
    path = _seed_copy(tmp_path, "")
    text = path.read_text(encoding="utf-8")
    for stated, expected in ((good, set()), (bad, {"JSC-E0701"})):
        path.write_text(text + f"{line} {stated}\n", encoding="utf-8")
        result = check_file(path, root=tmp_path)
        last = len(path.read_text(encoding="utf-8").splitlines())
        found = {d.code for d in result.diagnostics if d.span is not None and d.span.line == last}
        assert found == expected, (stated, [d.message for d in result.diagnostics if d.span and d.span.line == last])
