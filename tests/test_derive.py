"""Tests for passes/derive*: the nine tables, part three and part five, against the seed document.

Figures are compared with the text the seed (/work/shared/seed/000_f16b9cd1552d1230.txt)
prints. Where the seed is inconsistent with its own raw figures (listed at the
top of examples/quweiban-2024.jsl), the test states both: what the seed prints
and what jsc computes.
"""

from __future__ import annotations

import dataclasses
import functools
import textwrap
from decimal import Decimal as D
from pathlib import Path

import pytest

from juesuan_dsl.core.money import round_half_up
from juesuan_dsl.derive import Derived, derive
from juesuan_dsl.model.tables import (
    CATEGORY,
    CLASS_SUBTOTAL,
    ITEM,
    SECTION_SUBTOTAL,
    SOURCE,
    TOTAL,
    Row,
)
from juesuan_dsl.pipeline import check_file
from juesuan_dsl.rules.assertions import check_assertion

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "quweiban-2024.jsl"
SHIYE = ROOT / "examples" / "shiye-2024.jsl"


@functools.cache
def checked(path: Path):
    result = check_file(path)
    assert result.report is not None
    return result


@functools.cache
def derived(path: Path) -> Derived:
    return derive(checked(path).report)


def compile_text(tmp_path: Path, text: str, name: str = "case.jsl") -> Derived:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    result = check_file(path, tmp_path)
    # Only syntax and resolution must be clean; the audit checks may complain about
    # what these small sources leave out.
    assert result.report is not None
    assert not [d for d in result.diagnostics if d.code[5:7] in ("00", "01", "02", "03", "04")], result.diagnostics
    return derive(result.report)


def shown(d: Derived, *words: str, scope: str = "document") -> str:
    figure = d.figure(scope, *words)
    assert figure is not None, (scope, *words)
    return figure.shown


def _key(words: str) -> tuple[str, tuple[str, ...]]:
    scope, _, rest = words.partition("|") if "|" in words else ("document", "", words)
    return scope, tuple(rest.split())


# --- seed figures that jsc reproduces exactly -------------------------------------------

SEED_SAME = [
    ("支出表 合计 项目支出", "209.59"),
    ("收入表 2013101 本年收入合计", "322.85"),
    ("一般公共预算支出表 2013102 项目支出", "93.49"),
    ("收支总表 206", "1.96"), ("收支总表 208", "64.82"), ("收支总表 210", "55.93"), ("收支总表 221", "43.24"),
    ("财政拨款收支总表 208 一般公共预算", "64.82"),
    ("基本支出表 303", "6.49"), ("基本支出表 310", "3.65"), ("基本支出表 30101", "167.60"),
    ("三公表 决算 因公出国", "5.38"), ("三公表 决算 公务用车小计", "3.50"), ("三公表 决算 公务接待", "0.13"),
    ("收入合计", "840.70"),  # the 项 add up to 840.69; the stated 840.70 is kept (SEED_KEPT)
    ("财政拨款收入 占比", "100%"), ("上级补助收入", "0"), ("上级补助收入 占比", "0%"), ("其他收入 占比", "0%"),
    ("基本支出 占比", "75.1%"), ("项目支出 占比", "24.9%"), ("经营支出", "0"), ("经营支出 占比", "0%"),
    ("收支总计 增减率", "-29.7%"), ("财政拨款收支总计 增减率", "-29.7%"),
    ("财政拨款支出 占比", "100%"), ("财政拨款支出 增减率", "-29.7%"),
    ("类 206", "1.96"), ("类 221", "43.24"),
    ("类 201 占比", "80.3%"), ("类 206 占比", "0.2%"), ("类 208 占比", "7.7%"),
    ("类 210 占比", "6.7%"), ("类 221 占比", "5.1%"),
    ("年初预算", "863.40"), ("年初预算 完成率", "97.4%"),
    ("项 2012601 年初预算", "147.20"), ("项 2012601", "145.09"), ("项 2012601 完成率", "98.6%"),
    ("项 2012699 年初预算", "40"), ("项 2012699", "40"), ("项 2012699 完成率", "100%"),
    ("项 2013102 年初预算", "20"), ("项 2013102 完成率", "467.5%"),
    ("项 2019999 年初预算", "0"), ("项 2019999", "10"), ("项 2019999 完成率", ""),
    ("项 2080505 完成率", "90.0%"), ("项 2080506 完成率", "22.5%"), ("项 2089999 完成率", "61.7%"),
    ("项 2101102 完成率", "94.2%"), ("项 2101103 完成率", "85.3%"), ("项 2210201 完成率", "91.7%"),
    ("人员经费 占比", "86.3%"), ("公用经费 占比", "13.7%"),
    ("三公 预算", "4.80"), ("三公 上年", "4.74"),
    ("因公出国 预算", "0"), ("因公出国 决算", "5.38"), ("因公出国 增减额", "5.38"), ("因公出国 增减率", ""),
    ("公务接待 预算", "1.3"), ("公务接待 决算", "0.13"), ("公务接待 完成率", "10%"),
    ("公务接待 增减额", "-0.61"), ("公务接待 增减率", "-82.4%"), ("公务接待 占比", "1.4%"),
    ("公务用车购置 预算", "0"), ("公务用车购置 决算", "0"),
    ("公务用车运行 预算", "3.5"), ("公务用车运行 决算", "3.5"), ("公务用车运行 完成率", "100%"),
    ("公务用车 决算", "3.5"), ("公务用车 占比", "38.8%"),
    ("因公出国 团组", "1"), ("因公出国 人次", "1"), ("公务接待 批次", "1"), ("公务接待 人次", "6"),
    ("公务用车保有量", "1"),
    ("机关运行经费", "42.22"), ("机关运行经费 增减额", "-9.81"), ("机关运行经费 增减率", "-18.9%"),
    ("会议费", "0"), ("培训费", "0"),
    ("政府采购 总额", "126.03"), ("政府采购 货物", "65.57"), ("政府采购 工程", "0.38"), ("政府采购 服务", "60.08"),
    ("政府采购 中小企业", "114.69"), ("政府采购 中小企业 占比", "91.0%"),
    ("政府采购 小微企业", "114.49"), ("政府采购 小微企业 占比", "99.8%"),
    ("政府采购 货物 中小企业 占比", "91.0%"), ("政府采购 服务 中小企业 占比", "91.0%"),
    ("车辆 合计", "1"), ("车辆 其他用车", "1"), ("大型设备", "0"), ("评价项目 个数", "14"),
    ("年初预算项目 资金", "125.00"), ("年初预算项目 执行", "107.16"), ("年中追加项目 执行", "102.43"),
    ("overall|年初预算", "863.40"), ("overall|全年预算", "1016.64"), ("overall|执行率", "82.7%"),
    ("overall|得分", "8.27"), ("overall|项目支出", "209.59"),
    ("project:国安机要保密经费|资金总额 年初", "35"), ("project:国安机要保密经费|资金总额 执行", "30.54"),
    ("project:马办及外事港澳台办工作经费|资金总额 执行", "24.8"),
    ("project:机关干部进小区专项工作经费|执行率", "23.00%"),
    ("project:机关干部进小区专项工作经费|得分", "2.30"),
    ("project:机关干部进小区专项工作经费|总分", "91.80"),
    ("project:城镇独生子女父母奖励|执行率", "100.00%"), ("project:城镇独生子女父母奖励|总分", "99.00"),
    ("project:档案保护及数字化建设|总分", "99.00"), ("project:党史研究|总分", "98.00"),
    ("project:抗美援朝老兵口述史采集活动|总分", "100.00"),
]


@pytest.mark.parametrize("words, seed_text", SEED_SAME)
def test_seed_figures_as_printed(words: str, seed_text: str) -> None:
    scope, key = _key(words)
    assert shown(derived(SEED), *key, scope=scope) == seed_text


# --- where the seed disagrees with its own raw figures ------------------------------------

# Published figures that differ from the exact sum of their rounded parts but lie inside
# the interval those parts allow: the seed states each in a 核对, and the stated figure is
# kept (derive/stated.py), so jsc prints the published value and computes from it.
SEED_KEPT = [
    # 1. 元→万元 tail errors: the 项 add up to 840.69, 631.10 and 674.74.
    ("收支总表 本年收入合计", "840.70", "840.69"), ("收支总表 收入总计", "840.70", "840.69"),
    ("收支总表 201", "674.75", "674.74"), ("类 201", "674.75", "674.74"),
    ("支出表 合计 基本支出", "631.11", "631.10"), ("一般公共预算支出表 合计 小计", "840.70", "840.69"),
    ("收支总计", "840.70", "840.69"), ("收支总计 增减额", "-355.92", "-355.93"),
    ("财政拨款支出 增减额", "-355.92", "-355.93"), ("公用经费", "86.75", "86.68"),
    # 3. 5.38 + 3.50 + 0.13 = 9.01; the rates and changes follow from the kept 9.00.
    ("三公 决算", "9.00", "9.01"), ("三公 完成率", "187.5%", "187.7%"),
    ("三公 增减额", "4.26", "4.27"), ("三公 增减率", "89.9%", "90.1%"), ("因公出国 占比", "59.8%", "59.7%"),
    # 5. 0.35 / 0.38 = 92.1%, but 0.345…0.355 / 0.375…0.385 allows the stated 91.0%.
    ("政府采购 工程 中小企业 占比", "91.0%", "92.1%"),
    ("overall|全年执行", "840.70", "840.69"),
]


@pytest.mark.parametrize("words, seed_text, parts_sum", SEED_KEPT)
def test_seed_figures_within_rounding_print_as_published(words: str, seed_text: str, parts_sum: str) -> None:
    scope, key = _key(words)
    assert shown(derived(SEED), *key, scope=scope) == seed_text != parts_sum


def test_each_kept_figure_is_recorded_with_the_sum_it_replaces() -> None:
    kept = {k.key: (k.computed, k.stated) for k in derived(SEED).kept}
    assert kept[("document", "收支总表", "本年收入合计")] == (D("840.69"), D("840.70"))
    assert kept[("document", "三公表", "决算", "合计")] == (D("9.01"), D("9.00"))  # the first 核对 of the sum


# --- where the seed disagrees with its own raw figures ------------------------------------

SEED_DIFFERS = [
    # 2. table 06: the 款 add up to 537.70, 83.03, 544.19 and 86.68 (the table prints one decimal).
    ("基本支出表 301", "537.8", "537.70"), ("基本支出表 302", "83.1", "83.03"),
    ("基本支出表 人员经费合计", "544.3", "544.19"), ("人员经费", "544.36", "544.19"),
    # 3./4. table 09: the 预算 column repeats the 决算 column.
    ("三公表 预算 合计", "9.00", "4.80"), ("三公表 预算 因公出国", "5.38", "0.00"), ("三公表 预算 公务接待", "0.13", "1.30"),
    # 7. 年中追加 projects' 全年预算数 add up to 150.75.
    ("年中追加项目 资金", "150.46", "150.75"),
    # 6. 8. 9. self-evaluation: execution rates printed truncated, 总分 not the sum of 得分.
    ("overall|总分", "96.22", "96.77"),
    ("project:国安机要保密经费|执行率", "87.00%", "87.26%"), ("project:国安机要保密经费|得分", "8.70", "8.73"),
    ("project:国安机要保密经费|总分", "98.20", "98.23"),
    ("project:马办及外事港澳台办工作经费|执行率", "82.0%", "82.67%"),
    ("project:党政专用通信二级网建设|得分", "7.40", "7.50"),
    ("project:三个高地专项工作经费（改革组）|总分", "89.80", "109.83"),
]


@pytest.mark.parametrize("words, seed_text, computed", SEED_DIFFERS)
def test_seed_inconsistencies_are_computed_from_the_raw_figures(words: str, seed_text: str, computed: str) -> None:
    scope, key = _key(words)
    assert shown(derived(SEED), *key, scope=scope) == computed != seed_text


def _mismatched_assertions(path: Path) -> set[tuple[str, ...]]:
    """The 核对 that the assertion checker reports (rounding intervals included)."""
    result, d = checked(path), derived(path)
    found = set()
    for a in result.report.assertions:
        figure = d.figures.get((a.scope,) + a.path)
        assert figure is not None, f"核对 {' '.join(a.path)} (line {a.span.line}) names no figure"
        finding = check_assertion(a, d.figures)
        if finding is not None and finding.code in ("JSC-E0701", "JSC-I0701"):  # I: the same, explained (说明)
            found.add((a.scope,) + a.path)
    return found


def test_every_assertion_of_the_examples_names_a_figure_and_shiye_agrees() -> None:
    assert _mismatched_assertions(SHIYE) == set()


# Seed figures that differ from the exact sum of the published parts but lie inside
# the interval those rounded parts allow (XBRL Calculations 1.1): not reported.
WITHIN_ROUNDING = {
    "收支总表 本年收入合计", "收支总表 收入总计", "收支总表 201", "类 201", "支出表 合计 基本支出", "一般公共预算支出表 合计 小计",
    "收支总计", "收支总计 增减额", "财政拨款支出 增减额", "基本支出表 302", "公用经费", "三公 决算",
    "三公 完成率", "三公 增减额", "三公 增减率", "因公出国 占比", "政府采购 工程 中小企业 占比",
    "overall|全年执行",
}


def test_seed_assertions_differ_exactly_where_the_source_explains_them() -> None:
    report = checked(SEED).report
    stated = {(a.scope,) + a.path for a in report.assertions}
    explained = {(a.scope,) + a.path for a in report.assertions if a.note}
    assert _mismatched_assertions(SEED) == explained
    listed = {(_key(w)[0],) + _key(w)[1] for w, _, _ in SEED_DIFFERS if w not in WITHIN_ROUNDING}
    within = {(_key(w)[0],) + _key(w)[1] for w in WITHIN_ROUNDING}
    assert listed & stated <= explained
    assert not (within & explained)
    assert within <= stated


# --- tables: labels, 行次, shape -----------------------------------------------------------


def test_table01_labels_and_line_numbers_follow_the_seed() -> None:
    t = derived(SEED).tables.t01
    assert [r.line for r in t.income] == list(range(1, 14))
    assert [r.line for r in t.expenditure] == list(range(14, 27))
    assert t.income[0].label == "一、一般公共预算财政拨款收入"
    assert t.income[7].label == "八、其他收入"
    assert t.row("本年收入合计", "income").line == 10
    assert t.row("收入总计", "income").line == 13 and t.row("收入总计", "income").label == "总计"
    first = t.row("201", "expenditure")
    assert (first.line, first.label, first.kind, first.cells["决算数"]) == (14, "一、一般公共服务支出", CATEGORY, D("674.75"))  # stated (its 项: 674.74)
    assert t.row("206", "expenditure").label == "六、科学技术支出"
    assert t.row("221", "expenditure").label == "十九、住房保障支出"
    assert t.row("本年支出合计", "expenditure").line == 23
    assert t.row("支出总计", "expenditure").line == 26
    # The seed leaves zero cells empty.
    assert t.row("上级补助收入", "income").cells["决算数"] is None
    assert t.row("年初结转和结余", "income").exact["决算数"] == 0


def test_table04_line_numbers_follow_the_seed() -> None:
    t = derived(SEED).tables.t04
    assert len(t.income) == len(t.expenditure) == 14
    lines = {r.key: r.line for r in t.rows if r.kind != "blank"}
    assert lines["本年收入合计"] == 9 and lines["年初财政拨款结转和结余"] == 10 and lines["收入总计"] == 14
    assert lines["201"] == 15 and lines["本年支出合计"] == 23 and lines["年末财政拨款结转和结余"] == 24
    assert t.row("支出总计", "expenditure").line == 28
    assert t.row("221", "expenditure").cells == {"合计": D("43.24"), "一般公共预算": D("43.24"), "政府性基金": None, "国有资本经营": None}


def test_item_tables_have_a_total_row_then_one_row_per_item() -> None:
    t = derived(SEED).tables
    assert [r.key for r in t.t03.rows][:5] == ["合计", "201", "20126", "2012601", "2012699"]
    assert [r.kind for r in t.t03.rows][:4] == [TOTAL, CLASS_SUBTOTAL, SECTION_SUBTOTAL, ITEM]
    assert len(t.t02.items) == len(t.t03.items) == len(t.t05.items) == 15
    row = t.t03.row("2013101")
    assert (row.kind, row.code, row.name, row.label) == (ITEM, "2013101", "行政运行", "行政运行")
    assert row.cells["项目支出"] is None and row.cells["基本支出"] == D("322.85")
    assert t.t03.row("合计").cells["项目支出"] == D("209.59")


def test_table06_lists_every_catalog_section_in_three_groups_like_the_seed() -> None:
    t = derived(SEED).tables.t06
    assert [len(g) for g in t.groups] == [27, 28, 26]
    assert len(t.lines) == 28
    first, second, third = ([r.code for r in g] for g in t.groups)
    assert first[:3] == ["301", "30101", "30102"] and first[14:16] == ["303", "30301"]
    assert second[0] == "302" and second[-1] == "30299" and "30219" not in second
    assert third[:4] == ["307", "30701", "30702", "310"] and third[-6:] == ["399", "39907", "39908", "39909", "39910", "39999"]
    assert t.row("30106").cells["决算数"] is None  # listed, left empty
    assert t.row("人员经费合计").cells["决算数"] == D("544.19")
    # 544.19 + the stated 公用经费 86.75 (its 款 add up to 86.68; the seed's 06 prints 86.7)
    assert t.row("公用经费合计").cells["决算数"] == D("86.75")
    assert t.row("合计").exact["决算数"] == D("630.94")


def test_seed_tables_07_08_are_empty_and_09_has_budget_and_actual_rows() -> None:
    t = derived(SEED).tables
    assert t.t07.empty and t.t08.empty
    assert [r.key for r in t.t07.rows] == ["合计"]
    assert t.t09.row("决算").cells["合计"] == D("9.00")  # stated; the items add up to 9.01
    assert t.t09.row("预算").cells["公务用车购置"] is None


# --- part three and part five structures ------------------------------------------------------


def test_part_three_sentences_of_the_seed() -> None:
    p = derived(SEED).part3
    o = p.overview
    assert (o.direction, o.amount_shown, o.rate_word, o.rate_shown) == ("减少", "355.92", "减少", "29.7%")
    assert o.reason.startswith("本单位授权管理机构")
    assert [s.name for s in p.income.parts] == ["财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]
    assert [s.name for s in p.general.categories] == ["一般公共服务支出", "科学技术支出", "社会保障和就业支出", "卫生健康支出", "住房保障支出"]
    item = p.general.items[0]
    assert (item.category_name, item.section_name, item.name, item.direction) == ("一般公共服务支出", "档案事务", "行政运行", "小于")
    assert [i.direction for i in p.general.items if i.code in ("2012699", "2013102", "2019999")] == ["等于", "大于", "大于"]
    assert p.general.items[5].completion.value is None  # 年初预算 0: no completion rate
    assert p.basic.personnel_names[:3] == ("基本工资", "津贴补贴", "奖金") and "医疗费补助" in p.basic.personnel_names
    assert "办公费" in p.basic.public_names and "伙食补助费" not in p.basic.personnel_names
    assert not p.government_funds.present and not p.state_capital.present
    tp = p.three_public
    assert (tp.total.direction, tp.total.yoy.direction) == ("大于", "增加")
    assert [i.key for i in tp.items] == ["因公出国", "公务接待", "公务用车购置", "公务用车运行"]
    assert tp.items[0].yoy.rate.value is None  # last year 0: no growth rate
    assert tp.items[3].yoy.prior is None  # no 上年 given
    assert p.evaluated[0] == "国安机要保密经费" and len(p.evaluated) == 14


def test_part_five_of_the_seed() -> None:
    f = derived(SEED).part5
    first = f.projects[0]
    assert (first.name, first.scores.rate.shown, first.scores.score.shown) == ("国安机要保密经费", "87.26%", "8.73")
    assert first.scores.total.value - first.scores.score.value == first.scores.indicator_score.value
    assert [(lv.name, lv.weight.shown, lv.score.shown) for lv in first.scores.levels][2] == ("满意度指标", "10.00", "9.50")
    assert f.overall.scores.indicator_score.value == D("88.5")
    assert [(g.kind, g.funds.shown, g.executed.shown) for g in f.groups] == [
        ("年初预算", "125.00", "107.16"), ("年中追加", "150.75", "102.43"),
    ]
    mayor = next(p for p in f.projects if p.name.startswith("马办"))
    weights = {lv.name: (lv.stated_weight.value, lv.weight.value) for lv in mayor.scores.levels}
    assert weights["产出指标"] == (D(40), D(50)) and weights["成本指标"] == (D(20), D(10))


def test_figures_are_decimal_and_carry_the_lines_they_come_from() -> None:
    d = derived(SEED)
    for figure in d.figures.values():
        assert figure.value is None or isinstance(figure.value, D), figure.key
        assert not isinstance(figure.value, float)
    source = SEED.read_text(encoding="utf-8").splitlines()
    lines = {s.line for s in d.figure("document", "支出表", "合计", "基本支出").inputs}
    basic = {n for n, text in enumerate(source, 1) if text.lstrip()[:1] == "2" and " 基本 " in text}
    assert lines == basic and len(lines) == 9
    rate = {s.line for s in d.figure("document", "公务接待", "完成率").inputs}
    assert [source[n - 1].split()[:2] for n in sorted(rate)] == [["预算", "1.30"], ["决算", "0.13"]]
    assert dataclasses.is_dataclass(d) and d.adjusted_cells == ()


# --- the invented 事业单位 (shiye-2024): every fund kind, carry-overs -------------------------


def test_shiye_tables_07_08_and_carry_overs() -> None:
    d = derived(SHIYE)
    t07 = d.tables.t07.row("合计").cells
    assert not d.tables.t07.empty and not d.tables.t08.empty
    assert t07 == {
        "年初结转和结余": D("42.50"), "本年收入": D("440.00"), "小计": D("445.40"),
        "基本支出": None, "项目支出": D("445.40"), "年末结转和结余": D("37.10"),
    }
    assert d.tables.t07.row("2121301").cells["年初结转和结余"] is None
    # 08 has 07's columns (湖南 prints only the spending ones): 6.00 + 28.50 − 2.00 = 32.50 spent.
    assert d.tables.t08.row("合计").cells == {
        "年初结转和结余": D("6.00"), "本年收入": D("28.50"), "合计": D("32.50"), "基本支出": None, "项目支出": D("32.50"),
        "年末结转和结余": D("2.00"),
    }
    t01 = d.tables.t01
    assert t01.row("年初结转和结余", "income").cells["决算数"] == D("83.90")
    assert t01.row("使用非财政拨款结余", "income").cells["决算数"] == D("10.00")
    assert t01.row("年末结转和结余", "expenditure").cells["决算数"] == D("69.20")
    assert t01.row("收入总计", "income").cells == t01.row("支出总计", "expenditure").cells == {"决算数": D("1850.86")}
    t04 = d.tables.t04
    assert t04.row("年初财政拨款结转和结余", "income").cells == {
        "合计": D("60.50"), "一般公共预算": D("12.00"), "政府性基金": D("42.50"), "国有资本经营": D("6.00"),
    }
    assert t04.row("年末财政拨款结转和结余", "expenditure").cells["合计"] == D("44.70")
    assert t04.row("收入总计", "income").cells == t04.row("支出总计", "expenditure").cells
    assert t04.row("212", "expenditure").cells["政府性基金"] == D("445.40")
    assert d.part3.government_funds.present and d.part3.government_funds.carry_out.shown == "37.10"
    assert d.part3.state_capital.spending.shown == "32.50"
    assert shown(d, "收入表", "合计", "事业收入") == "114.00"


def test_shiye_three_public_and_groups() -> None:
    d = derived(SHIYE)
    tp = d.part3.three_public
    assert (tp.total.budget.shown, tp.total.actual.shown, tp.total.completion.shown) == ("37.00", "35.81", "96.8%")
    assert tp.cars.yoy.prior.shown == "29.95" and tp.cars.share.shown == "82.7%"
    groups = {g.kind: (g.funds.shown, g.executed.shown) for g in d.part5.groups}
    assert groups == {"年初预算": ("242.00", "267.30"), "年中追加": ("20.00", "18.50")}


# --- a 元 source: 舍位平衡 ------------------------------------------------------------------

YUAN = """\
年度 2024
部门 "测试单位"
金额单位 元

收入 {
  2013101  一般公共预算 1234567  事业 33335
  2013102  一般公共预算 2345674
  2013105  一般公共预算 1111115  其他 4445
  2080505  一般公共预算 555555
  2101101  一般公共预算 222225
  2120803  "城市建设支出"  政府性基金 666665
}
支出 一般公共预算 {
  2013101  基本 1000003  项目 234564  预算 1300000
  2013102  基本 2345674  预算 2300000  原因 "增加"
  2013105  项目 1111115  预算 0  原因 "追加"
  2080505  基本 555555   预算 555555
  2101101  基本 222225   预算 230000
}
支出 政府性基金 {
  2120803  "城市建设支出"  项目 644445  年初结转 11115  年末结转 33335
}
支出 其他资金 {
  2013101  基本 33335
  2013105  项目 4445
}
基本支出明细 {
  30101 1234565
  30102 1111115
  30201 555555
  30302 1000002
  31002 222225
}
三公经费 {
  上年 100005
  因公出国 {
    预算 50005
    决算 33335
  }
  公务接待 {
    预算 20005
    决算 11115
  }
  公务用车购置 {
    预算 0
    决算 0
  }
  公务用车运行 {
    预算 30005
    决算 44445
  }
}
"""


def _p(row: Row, column: str) -> D:
    return row.printed(column)


def _sum(rows, column: str) -> D:
    return sum((_p(r, column) for r in rows), D(0))


def assert_balanced(d: Derived) -> None:
    """Printed parts add up to printed totals in every table (the bureau's 表内 checks)."""
    t = d.tables
    for table, total, parts in (
        (t.t02, "本年收入合计", ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")),
        (t.t03, "本年支出合计", ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")),
        (t.t05, "小计", ("基本支出", "项目支出")),
        (t.t07, "小计", ("基本支出", "项目支出")),
        (t.t08, "合计", ("基本支出", "项目支出")),
    ):
        for row in table.rows:
            assert _p(row, total) == sum((_p(row, c) for c in parts), D(0)), (table.id, row.key)
        for column in (c.key for c in table.columns):
            assert _p(table.row("合计"), column) == _sum(table.items, column), (table.id, column)
            for sub in (r for r in table.rows if r.kind in (CLASS_SUBTOTAL, SECTION_SUBTOTAL)):
                members = [r for r in table.items if r.key.startswith(sub.key)]
                assert _p(sub, column) == _sum(members, column), (table.id, sub.key, column)
    side = {r.key: r for r in t.t01.rows}
    col = "决算数"
    assert _p(side["本年收入合计"], col) == _sum([r for r in t.t01.income if r.kind == SOURCE], col)
    assert _p(side["收入总计"], col) == _sum([side["本年收入合计"], side["使用非财政拨款结余"], side["年初结转和结余"]], col)
    assert _p(side["本年支出合计"], col) == _sum([r for r in t.t01.expenditure if r.kind == CATEGORY], col)
    assert _p(side["支出总计"], col) == _sum([side["本年支出合计"], side["结余分配"], side["年末结转和结余"]], col)
    assert _p(side["收入总计"], col) == _p(side["支出总计"], col)
    for row in t.t04.rows:
        assert _p(row, "合计") == sum((_p(row, f) for f in ("一般公共预算", "政府性基金", "国有资本经营")), D(0)), row.key
    income = {r.key: r for r in t.t04.income}
    spend = {r.key: r for r in t.t04.expenditure}
    for f in ("合计", "一般公共预算", "政府性基金", "国有资本经营"):
        assert _p(income["本年收入合计"], f) == _sum([r for r in t.t04.income if r.kind == SOURCE], f)
        assert _p(income["收入总计"], f) == _p(income["本年收入合计"], f) + _p(income["年初财政拨款结转和结余"], f)
        assert _p(spend["本年支出合计"], f) == _sum([r for r in t.t04.expenditure if r.kind == CATEGORY], f)
        assert _p(spend["支出总计"], f) == _p(spend["本年支出合计"], f) + _p(spend["年末财政拨款结转和结余"], f)
    assert _p(income["收入总计"], "合计") == _p(spend["支出总计"], "合计")
    six = t.t06
    for group in six.groups:
        for i, row in enumerate(group):
            if row.kind == "economic_category":
                sections = [r for r in group[i + 1:] if r.code and r.code[:3] == row.code]
                assert _p(row, col) == _sum(sections, col), row.code
    cats = {r.code: r for g in six.groups for r in g if r.kind == "economic_category"}
    assert _p(six.row("人员经费合计"), col) == _p(cats["301"], col) + _p(cats["303"], col)
    assert _p(six.row("公用经费合计"), col) == _sum([r for c, r in cats.items() if c not in ("301", "303")], col)
    assert _p(six.row("合计"), col) == _p(six.row("人员经费合计"), col) + _p(six.row("公用经费合计"), col)
    for row in t.t09.rows:
        assert _p(row, "公务用车小计") == _p(row, "公务用车购置") + _p(row, "公务用车运行")
        assert _p(row, "合计") == _p(row, "因公出国") + _p(row, "公务用车小计") + _p(row, "公务接待")
    # Tables agree with each other on the totals they share.
    assert _p(side["本年收入合计"], col) == _p(t.t02.row("合计"), "本年收入合计")
    assert _p(side["本年支出合计"], col) == _p(t.t03.row("合计"), "本年支出合计")
    assert _p(spend["本年支出合计"], "一般公共预算") == _p(t.t05.row("合计"), "小计")
    assert _p(spend["本年支出合计"], "政府性基金") == _p(t.t07.row("合计"), "小计")


def test_yuan_source_balances_after_rounding_and_lists_adjusted_cells(tmp_path: Path) -> None:
    d = compile_text(tmp_path, YUAN)
    assert d.source_unit.value == "元"
    assert_balanced(d)
    cells = {(c.table, c.row, c.column): (c.exact, c.shown) for c in d.adjusted_cells}
    # 555555 元 = 55.5555 万元 rounds to 55.56, but 02's column needs 55.55 to add up.
    assert cells[("02", "2080505", "财政拨款收入")] == (D("55.5555"), D("55.55"))
    assert cells[("09", "决算", "公务用车运行")] == (D("4.4445"), D("4.45"))
    assert cells[("06", "30201", "决算数")] == (D("55.5555"), D("55.55"))
    for c in d.adjusted_cells:
        assert c.shown != round_half_up(c.exact, 2) and abs(c.shown - c.exact) < D("0.01")
    # Totals print their own rounding; the figure keeps the exact value.
    figure = d.figure("document", "收入表", "合计", "本年收入合计")
    assert (figure.value, figure.shown) == (D("617.3581"), "617.36")
    assert d.figure("document", "收入表", "2080505", "财政拨款收入").shown == "55.55"
    # Narrative amounts quote the printed tables; shares use exact values.
    assert d.part3.three_public.items[3].actual.shown == "4.45"
    assert d.part3.income.total.shown == "617.36"


def test_wanyuan_source_at_cents_needs_no_adjustment() -> None:
    assert derived(SEED).adjusted_cells == () and derived(SHIYE).adjusted_cells == ()
    assert_balanced(derived(SHIYE))


def test_prior_year_derived_supplies_missing_prior_figures(tmp_path: Path) -> None:
    base = """\
    年度 {year}
    部门 "测试单位"
    收入 {{
      2013101  一般公共预算 {amount}
    }}
    支出 一般公共预算 {{
      2013101  基本 {amount}  预算 {amount}
    }}
    """
    last = compile_text(tmp_path, base.format(year=2023, amount="100"), "a.jsl")
    this = compile_text(tmp_path, base.format(year=2024, amount="90"), "b.jsl")
    assert this.part3.overview.prior is None
    again = derive(checked_report(tmp_path / "b.jsl"), prior=last)
    assert (again.part3.overview.amount.shown, again.part3.overview.rate.shown) == ("-10.00", "-10%")


def checked_report(path: Path):
    return check_file(path, path.parent).report
