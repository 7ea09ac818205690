"""Tests for juesuan_dsl.core.money, mostly with figures taken from the seed document."""

from __future__ import annotations

import ast
import inspect
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from juesuan_dsl.core import balancing, money, sums
from juesuan_dsl.core.money import (
    CENT,
    Unit,
    change,
    chinese_numeral,
    compare_printed,
    consistent,
    decimals_of,
    fact_tolerance,
    format_amount,
    format_amount_narrative,
    format_amount_trimmed,
    format_cell,
    format_percent,
    format_percent_fixed,
    interval,
    paren_ordinal,
    parse_amount,
    percent,
    round_half_up,
    to_wanyuan,
    tolerance,
)

# --- parsing and units -------------------------------------------------------------


@pytest.mark.parametrize("text", ["840.70", "-355.92", "40", "0", "0.13", "+1.5", " 537.8 "])
def test_parse_amount_is_exact_and_keeps_written_decimals(text):
    assert str(parse_amount(text)) == text.strip().lstrip("+")


@pytest.mark.parametrize("text", ["", "1,234.00", "abc", "1e3", "NaN", "Infinity", "12.3.4", "--1"])
def test_parse_amount_rejects_non_amounts(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_units():
    assert Unit("万元") is Unit.WANYUAN and Unit("元") is Unit.YUAN
    assert Unit.WANYUAN.factor == 10000 and Unit.YUAN.factor == 1
    assert to_wanyuan(D("8407000.00"), Unit.YUAN) == D("840.70")
    assert to_wanyuan(D("840.70"), Unit.WANYUAN) == D("840.70")
    # Division first, no rounding yet: 3333.33 元 stays exact.
    assert to_wanyuan(D("3333.33"), Unit.YUAN) == D("0.333333")


# --- rounding and amount printing ------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("2.345", 2, "2.35"),
        ("-2.345", 2, "-2.35"),  # ties away from zero, both signs
        ("2.355", 2, "2.36"),  # not banker's rounding
        ("467.45", 1, "467.5"),
        ("-0.001", 2, "0.00"),  # never "-0.00"
        ("8.726", 2, "8.73"),
        ("840.7", 2, "840.70"),
    ],
)
def test_round_half_up(value, places, expected):
    assert str(round_half_up(D(value), places)) == expected


def test_cent():
    assert CENT == D("0.01") and str(CENT) == "0.01"


@pytest.mark.parametrize(
    ("value", "table", "cell", "narrative", "trimmed"),
    [
        ("840.70", "840.70", "840.70", "840.70", "840.7"),
        ("355.92", "355.92", "355.92", "355.92", "355.92"),
        ("40", "40.00", "40.00", "40.00", "40"),
        ("10.00", "10.00", "10.00", "10.00", "10"),
        ("3.50", "3.50", "3.50", "3.50", "3.5"),
        ("1.3", "1.30", "1.30", "1.30", "1.3"),
        ("0.13", "0.13", "0.13", "0.13", "0.13"),
        ("100", "100.00", "100.00", "100.00", "100"),
        ("0", "0.00", "", "0", "0"),
        ("-0.004", "0.00", "", "0", "0"),
        ("-355.92", "-355.92", "-355.92", "-355.92", "-355.92"),
    ],
)
def test_amount_styles(value, table, cell, narrative, trimmed):
    d = D(value)
    assert format_amount(d) == table
    assert format_cell(d) == cell
    assert format_amount_narrative(d) == narrative
    assert format_amount_trimmed(d) == trimmed


def test_format_cell_blank_for_missing():
    assert format_cell(None) == ""


# --- percentages --------------------------------------------------------------------

SEED_PERCENTS = [
    # 二、三: shares of 收入/支出合计
    ("840.70", "840.70", "100%"),
    ("0", "840.70", "0%"),
    ("631.11", "840.70", "75.1%"),
    ("209.59", "840.70", "24.9%"),
    # 五（二）: structure by 类
    ("674.75", "840.70", "80.3%"),
    ("1.96", "840.70", "0.2%"),
    ("64.82", "840.70", "7.7%"),
    ("55.93", "840.70", "6.7%"),
    ("43.24", "840.70", "5.1%"),
    # 五（三）: completion of 年初预算
    ("840.70", "863.40", "97.4%"),
    ("145.09", "147.20", "98.6%"),
    ("40", "40", "100%"),
    ("322.85", "368.29", "87.7%"),
    ("93.49", "20", "467.5%"),  # 467.45 exactly: half-up, not half-even
    ("63.31", "65", "97.4%"),
    ("51.28", "56.95", "90.0%"),  # 90.04: rounded, so the .0 stays
    ("11.98", "53.13", "22.5%"),
    ("1.56", "2.53", "61.7%"),
    ("9.57", "10.93", "87.6%"),
    ("10.51", "11.16", "94.2%"),
    ("35.02", "41.04", "85.3%"),
    ("43.24", "47.17", "91.7%"),
    # 六: 人员经费 / 公用经费 of 基本支出
    ("544.36", "631.11", "86.3%"),
    ("86.75", "631.11", "13.7%"),
    # 九: 三公
    ("9.00", "4.80", "187.5%"),
    ("0.13", "1.3", "10%"),  # exactly 10: bare, as the seed prints it
    ("3.5", "3.5", "100%"),
    ("0.13", "9.00", "1.4%"),
    ("5.38", "9.00", "59.8%"),
    # 十二: 政府采购
    ("114.69", "126.03", "91.0%"),
    ("114.49", "114.69", "99.8%"),
]


@pytest.mark.parametrize(("part", "whole", "printed"), SEED_PERCENTS)
def test_seed_percentages(part, whole, printed):
    assert format_percent(percent(D(part), D(whole))) == printed


def test_percent_none_when_whole_is_zero():
    # 年初预算为0万元: no completion rate
    assert percent(D("10"), D("0")) is None
    assert percent(D("0"), D("0.00")) is None


@pytest.mark.parametrize(
    ("p", "printed"),
    [("99.96", "100.0%"), ("0.04", "0.0%"), ("100", "100%"), ("100.000", "100%"), ("-29.744", "-29.7%")],
)
def test_format_percent_bare_only_for_exact_whole_numbers(p, printed):
    assert format_percent(D(p)) == printed


def test_format_percent_places():
    assert format_percent(percent(D("631.11"), D("840.70")), places=2) == "75.07%"


@pytest.mark.parametrize(
    ("part", "whole", "printed"),
    [("30.54", "35", "87.26%"), ("0.82", "0.82", "100.00%"), ("14", "14", "100.00%"), ("0.26", "8", "3.25%")],
)
def test_project_table_percent(part, whole, printed):
    assert format_percent_fixed(percent(D(part), D(whole))) == printed


# --- year on year -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "prior", "direction", "rate_word", "amount", "rate"),
    [
        ("840.70", "1196.62", "减少", "减少", "355.92", "29.7%"),  # 一、四、五（一）
        ("9.00", "4.74", "增加", "增长", "4.26", "89.9%"),  # 三公 total
        ("0.13", "0.74", "减少", "减少", "0.61", "82.4%"),  # 公务接待费
        ("42.22", "52.03", "减少", "减少", "9.81", "18.9%"),  # 机关运行经费
        ("5.38", "0", "增加", "增长", "5.38", None),  # 因公出国: no rate after a zero year
        ("3.50", "3.5", "持平", "持平", "0", "0%"),
        ("0", "0", "持平", "持平", "0", None),
    ],
)
def test_change(current, prior, direction, rate_word, amount, rate):
    c = change(D(current), D(prior))
    assert c.direction == direction and c.rate_word == rate_word
    assert format_amount_narrative(c.amount) == format_amount_narrative(D(amount))
    assert (None if c.rate is None else format_percent(c.rate)) == rate
    assert c.signed == D(current) - D(prior) or c.direction == "持平"


def test_change_below_a_cent_is_level():
    c = change(D("1.004"), D("1.000"))
    assert c.direction == "持平" and c.amount == 0


def test_change_of_a_yuan_source_is_decided_in_printed_wanyuan():
    # 120 元 and 119.97 元 both print 0.01 万元: 持平, as the sentence says it.
    assert change(D("120"), D("119.97"), Unit.YUAN).direction == "持平"
    c = change(D("120"), D("20000"), Unit.YUAN)
    assert c.direction == "减少" and c.amount == D("1.988")


def test_compare_printed():
    assert compare_printed(D("145.09"), D("147.20")) == "小于"
    assert compare_printed(D("1.004"), D("1.000")) == "等于"
    assert compare_printed(D("100.4"), D("100"), Unit.YUAN) == "等于"  # 0.01 万元 both
    assert compare_printed(D("20000"), D("100"), Unit.YUAN) == "大于"


def test_tolerance_is_half_a_cent_per_wanyuan_fact():
    assert tolerance(Unit.WANYUAN, 4) == D("0.020") and fact_tolerance(Unit.WANYUAN) == D("0.005")
    assert tolerance(Unit.YUAN, 4) == 0 and fact_tolerance(Unit.YUAN) == 0


def test_change_is_frozen():
    c = change(D("1"), D("2"))
    with pytest.raises(AttributeError):
        c.amount = D("0")  # type: ignore[misc]


# --- stated versus computed --------------------------------------------------------------


@pytest.mark.parametrize(
    ("stated", "decimals"),
    [("537.8", 1), ("840.70", 2), ("40", 0), ("75.1%", 1), ("100%", 0), ("100.00%", 2), (D("8.70"), 2)],
)
def test_decimals_of(stated, decimals):
    assert decimals_of(stated) == decimals


def test_interval():
    assert interval(D("537.8"), 1) == (D("537.75"), D("537.85"))
    assert interval(D("75.1"), 1) == (D("75.05"), D("75.15"))
    assert interval(D("40"), 0) == (D("39.5"), D("40.5"))


def test_seed_table_06_subtotal_is_inconsistent():
    # 公开06表 states 301 工资福利支出 = 537.8, but its items add up to 537.70.
    items = ["167.6", "58.03", "155.4", "51.28", "11.98", "20.08", "28.53", "1.56", "43.24"]
    computed = sum((D(x) for x in items), D(0))
    assert computed == D("537.70")
    assert not consistent(D("537.8"), decimals_of("537.8"), computed)
    assert consistent(D("537.7"), 1, computed)
    # 人员经费合计 544.3 against the narrative's 544.36: the table truncated, it did not round.
    assert not consistent(D("544.3"), 1, D("544.36"))


def test_project_table_score_is_inconsistent_with_its_rate():
    # 87.00% and 8.70 are stated, 30.54 / 35 gives 87.26% and a score of 8.726.
    rate = percent(D("30.54"), D("35"))
    assert not consistent(D("8.70"), decimals_of("8.70"), rate / 10)
    assert not consistent(D("87.00"), decimals_of("87.00%"), rate)


def test_percent_consistency():
    rate = percent(D("631.11"), D("840.70"))  # 75.0714…
    assert consistent(D("75.1"), decimals_of("75.1%"), rate)
    assert not consistent(D("75.0"), 1, rate)


@pytest.mark.parametrize(
    ("stated", "computed", "ok"),
    [("8.70", "8.695", True), ("8.70", "8.7049", True), ("8.70", "8.705", False), ("8.70", "8.6949", False),
     ("-8.70", "-8.695", True), ("-8.70", "-8.705", False)],
)
def test_consistent_boundaries(stated, computed, ok):
    assert consistent(D(stated), 2, D(computed)) is ok


_amounts = st.decimals(min_value=-10**6, max_value=10**6, places=4, allow_nan=False, allow_infinity=False)


@given(_amounts)
def test_rounded_value_is_consistent_with_its_source(x):
    r = round_half_up(x, 2)
    assert consistent(r, 2, x)
    low, high = interval(r, 2)
    assert low <= x <= high
    assert parse_amount(format_amount_trimmed(x)) == parse_amount(format_amount(x))


# --- ordinals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (15, "十五"), (19, "十九"), (20, "二十"), (24, "二十四"), (99, "九十九")],
)
def test_chinese_numeral(n, text):
    assert chinese_numeral(n) == text


@pytest.mark.parametrize("n", [0, 100, -1])
def test_chinese_numeral_range(n):
    with pytest.raises(ValueError):
        chinese_numeral(n)


def test_paren_ordinal():
    assert paren_ordinal(1) == "（一）" and paren_ordinal(3) == "（三）" and paren_ordinal(12) == "（十二）"


# --- the float guard ---------------------------------------------------------------------

FLOAT_CALLS = [
    lambda: parse_amount(840.7),
    lambda: to_wanyuan(8407000.0, Unit.YUAN),
    lambda: round_half_up(0.125, 2),
    lambda: format_amount(840.7),
    lambda: format_cell(840.7),
    lambda: format_amount_narrative(840.7),
    lambda: format_amount_trimmed(40.0),
    lambda: percent(631.11, D("840.70")),
    lambda: percent(D("631.11"), 840.7),
    lambda: format_percent(75.1),
    lambda: format_percent_fixed(87.26),
    lambda: change(840.7, D("1196.62")),
    lambda: change(D("840.70"), 1196.62),
    lambda: compare_printed(840.7, D("1.00")),
    lambda: decimals_of(537.8),
    lambda: interval(537.8, 1),
    lambda: consistent(D("537.8"), 1, 537.7),
    lambda: consistent(537.8, 1, D("537.70")),
    lambda: chinese_numeral(1.0),
    lambda: round_half_up(True, 2),
]


@pytest.mark.parametrize("call", FLOAT_CALLS)
def test_floats_raise_type_error(call):
    with pytest.raises(TypeError):
        call()


@pytest.mark.parametrize("module", [money, balancing, sums], ids=lambda m: m.__name__)
def test_money_module_has_no_float_in_it(module):
    tree = ast.parse(inspect.getsource(module))
    floats = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, float)]
    calls = [n.lineno for n in ast.walk(tree)
             if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "float"]
    assert floats == [] and calls == []
