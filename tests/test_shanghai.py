"""The 上海 layout: the Shanghai reference (上海市普陀区文化和旅游局 2025) built as the document prints it.

The example is examples/putuo-wenlv-2025.jsl (版式 上海); the published text is
../shared/seed/shanghai-putuo-wenlv-2025.txt. These tests read the built PDF's
text: the table titles in the Shanghai order, no 表号, the eleven sections of
第三部分, the eleven 名词解释 terms, and figures at their places.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pypdf
import pytest
from conftest import EXAMPLES, check_text

from juesuan_dsl.core.diagnostics import Severity
from juesuan_dsl.pipeline import Options, build_file, check_file

SHANGHAI = EXAMPLES / "putuo-wenlv-2025.jsl"
SRC = Path(__file__).resolve().parents[1] / "src" / "juesuan_dsl"

TITLES = (
    "收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表",
    "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算表",
    "财政拨款“三公”经费支出决算表", "政府性基金预算财政拨款收入支出决算表",
    "国有资本经营预算财政拨款收入支出决算表",
)
SECTIONS = (
    "一、收入支出决算总体情况说明", "二、收入决算情况说明", "三、支出决算情况说明",
    "四、财政拨款收入支出决算总体情况说明", "五、一般公共预算财政拨款支出决算情况说明",
    "六、一般公共预算财政拨款基本支出决算情况说明", "七、财政拨款“三公”经费支出决算情况说明",
    "八、政府性基金预算财政拨款收入支出决算情况说明", "九、国有资本经营预算财政拨款收入支出决算情况说明",
    "十、预算绩效管理情况", "十一、其他重要事项的情况说明",
)
TERMS = (
    "财政拨款收入", "事业收入", "经营收入", "其他收入", "年初结转和结余", "年末结转和结余",
    "基本支出", "项目支出", "经营支出", "“三公”经费", "机关运行经费",
)


def _pages(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", "", p.extract_text()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def built():
    result = build_file(SHANGHAI, Options())
    assert result.compiled is not None, [d.message for d in result.diagnostics]
    return result


@pytest.fixture(scope="module")
def text(built) -> str:
    return "".join(_pages(built.compiled.pdf))


def _part(text: str, start: str, end: str | None = None) -> str:
    """The text from the heading `start` (its last occurrence: the first ones are the 目录) to `end`."""
    begin = text.rindex(start)
    return text[begin:text.index(end, begin)] if end else text[begin:]


def test_the_nine_tables_print_in_the_shanghai_order_without_a_table_number(text):
    tables = _part(text, "第二部分", "第三部分")
    positions = [tables.index(title + "单位：万元") for title in TITLES]
    assert positions == sorted(positions)
    assert "公开0" not in text and "部门：" not in tables


def test_part_three_has_its_eleven_sections_in_order(text):
    body = _part(text, "第三部分", "第四部分")
    positions = [body.index(heading) for heading in SECTIONS]
    assert positions == sorted(positions)
    assert "第五部分" not in text and "附件" not in text


def test_part_four_has_the_eleven_terms_in_the_document_order(text):
    glossary = _part(text, "第四部分名词解释")
    numbered = re.findall(r"[一二三四五六七八九十]+、([^：]+)：", glossary)
    assert tuple(numbered) == TERMS


def test_tables_list_class_and_section_rows_and_every_class(text):
    tables = _part(text, "第二部分", "第三部分")
    income = tables[tables.index("收入决算表单位"):tables.index("支出决算表单位")]
    assert "208社会保障和就业支出1,493.321,493.32" in income  # a 类 subtotal
    assert "20805行政事业单位养老支出1,460.161,460.16" in income  # a 款 subtotal
    assert "2080505机关事业单位基本养老保险缴费支出699.30699.30" in income  # a 项
    summary = tables[:tables.index("收入决算表单位")]
    assert "二、外交支出" in summary and "二十四、抗疫特别国债安排的支出" in summary  # empty 类 rows
    assert "2,002.80" in summary  # thousands separators in tables


def test_part_three_prints_two_decimal_percentages_and_its_own_sentences(text):
    body = _part(text, "第三部分", "第四部分")
    assert "，占36.93%；项目支出16738.11万元，占63.07%。" in body
    assert "其中：财政拨款收入" in body and "上级补助收入" not in body  # only sources with an amount
    assert "年初预算为1422.00万元，支出决算为1605.19万元。决算数大于预算数的主要原因：年中增加上海国际MCN大会预算。" in body
    assert "年初预算为20.00万元，支出决算为20.00万元。决算数与预算数持平。" in body


def test_checks_of_sections_the_layout_lacks_do_not_run(built):
    codes = {d.code for d in built.diagnostics}
    # C01-02 内设机构, C11-01 会议费/培训费, C15-01 整体自评, C15-02 项目自评
    assert not codes & {"JSC-W0636", "JSC-W0641", "JSC-W0645", "JSC-W0646"}, codes


def test_a_class_subtotal_off_by_a_tenth_is_an_error_on_its_line(tmp_path):
    for path in EXAMPLES.glob("putuo-wenlv-2025*"):
        shutil.copyfile(path, tmp_path / path.name)
    source = tmp_path / SHANGHAI.name
    text = source.read_text(encoding="utf-8")
    good = "核对 收入表 208 本年收入合计 1493.32"
    assert good in text
    line = text[:text.index(good)].count("\n") + 1
    source.write_text(text.replace(good, "核对 收入表 208 本年收入合计 1493.42"), encoding="utf-8")
    found = [(d.code, d.span.line, d.span.column) for d in check_file(source).diagnostics if d.severity is Severity.ERROR]
    assert found == [("JSC-E0701", line, 1)]


@pytest.mark.parametrize("name", ["quweiban-2024.jsl", "shiye-2024.jsl"])
def test_a_hunan_example_builds_in_the_shanghai_layout(tmp_path, name):
    for path in EXAMPLES.glob("*.jsl"):
        shutil.copyfile(path, tmp_path / path.name)
    source = tmp_path / name
    text = source.read_text(encoding="utf-8")
    header_end = text.index("\n", text.index("年度 "))
    source.write_text(text[:header_end] + "\n版式 上海" + text[header_end:], encoding="utf-8")
    result = build_file(source, Options(root=tmp_path))
    assert result.compiled is not None, [d.message for d in result.diagnostics if d.code.startswith("JSC-E")]
    assert not [d for d in result.diagnostics if d.code == "JSC-E0901"]
    assert "公开0" not in "".join(_pages(result.compiled.pdf))


def test_the_shanghai_example_builds_in_the_hunan_layout(tmp_path):
    for path in EXAMPLES.glob("putuo-wenlv-2025*"):
        shutil.copyfile(path, tmp_path / path.name)
    source = tmp_path / SHANGHAI.name
    source.write_text(source.read_text(encoding="utf-8").replace("版式 上海", "版式 湖南", 1), encoding="utf-8")
    result = build_file(source, Options(root=tmp_path))
    assert result.compiled is not None and "公开09表" in "".join(_pages(result.compiled.pdf))


def test_no_python_code_branches_on_a_layout_name():
    """A layout is its folder: Python never asks which province it prints."""
    pattern = re.compile(r"""(==|!=|\bin\b)\s*\(?\s*["'](湖南|上海)["']|["'](湖南|上海)["']\s*(==|!=|\bin\b)|layout\.name\s*(==|!=|\bin\b)""")
    offenders = [
        f"{path.relative_to(SRC)}:{n}"
        for path in SRC.rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_an_unknown_layout_name_lists_both_builtins(tmp_path):
    result = check_text(tmp_path, '年度 2024\n部门 "测试"\n版式 北京\n')
    found = [d for d in result.diagnostics if d.code == "JSC-E0320"]
    assert len(found) == 1 and "湖南" in found[0].hint and "上海" in found[0].hint


def test_a_copied_shanghai_layout_prints_zero_cells_and_its_own_title(tmp_path):
    """A bureau's layout: the 上海 folder copied, 0.00 in every empty cell and one title changed in layout.toml."""
    from juesuan_dsl.layout.load import builtin_root

    folder = tmp_path / "本区版式"
    shutil.copytree(builtin_root() / "shanghai", folder)
    data = folder / "layout.toml"
    text = data.read_text(encoding="utf-8").replace('name = "上海"', 'name = "本区"')
    text = text.replace('empty_cell = ""             #', 'empty_cell = "0.00"         #', 1)
    text = text.replace('title = "收入决算表"', 'title = "收入决算表（本区）"')
    data.write_text(text, encoding="utf-8")
    for path in EXAMPLES.glob("putuo-wenlv-2025*"):
        shutil.copyfile(path, tmp_path / path.name)
    source = tmp_path / SHANGHAI.name
    source.write_text(source.read_text(encoding="utf-8").replace("版式 上海", '版式 "本区版式"', 1), encoding="utf-8")
    result = build_file(source, Options(root=tmp_path))
    assert result.compiled is not None, [d.message for d in result.diagnostics]
    printed = "".join(_pages(result.compiled.pdf))
    assert "收入决算表（本区）单位：万元" in printed
    summary = printed[printed.index("收入支出决算总表单位："):printed.index("收入决算表（本区）单位")]
    assert "二、外交支出0.00" in summary and "三、国有资本经营预算财政拨款收入0.00" in summary


def test_the_basic_spending_table_lists_what_the_document_lists_on_one_page(built):
    pages = _pages(built.compiled.pdf)
    found = [p for p in pages if "一般公共预算财政拨款基本支出决算表单位" in p]
    assert len(found) == 1 and "人员经费合计8,055.07" in found[0] and "公用经费合计1,745.29" in found[0]
    assert "31013公务用车购置" in found[0] and "31005" not in found[0]  # hide_when_empty: 310's construction 款
    assert "307" not in found[0].replace("30307", "")  # an empty 类 the layout does not name
