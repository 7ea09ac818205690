"""The linked prior-year file (上年 "….jsl", prior.py): the seed's year-on-year figures, precedence, problems.

The seed (examples/quweiban-2024.jsl) links examples/quweiban-2023.jsl, written
to agree with every "与上年相比" sentence of the published 2024 document. Where
the seed prints a number its own raw figures do not give (its header comment:
840.70 for the 项 that sum to 840.69, "三公" 9.00 for items that sum to 9.01),
the expected value is jsc's and the seed's is in the comment.
"""

from __future__ import annotations

import functools
import textwrap
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import fmt_text

from juesuan_dsl.core.diagnostics import Severity
from juesuan_dsl.derive import derive
from juesuan_dsl.pipeline import check_file
from juesuan_dsl.rules.registry import BY_ID

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "quweiban-2024.jsl"
PRIOR = ROOT / "examples" / "quweiban-2023.jsl"
PRIOR_LINE = 80  # the seed's 上年 "quweiban-2023.jsl"


@functools.cache
def seed():
    result = check_file(SEED)
    assert result.report is not None and result.derived is not None and result.prior is not None
    return result


def shown(*words: str) -> str:
    return seed().derived.figure("document", *words).shown


# --- the seed's year-on-year sentences, from the linked pair ---------------------------------

YEAR_ON_YEAR = [
    # (figure words, jsc prints; the seed prints)
    (("收支总计", "上年"), "1196.62"),
    (("收支总计",), "840.70"),  # the 项 sum to 840.69; 840.70 is stated and kept
    (("收支总计", "增减额"), "-355.92"),  # as the seed: from the kept 840.70
    (("收支总计", "增减率"), "-29.7%"),
    (("财政拨款收支总计", "上年"), "1196.62"),
    (("财政拨款收支总计", "增减额"), "-355.92"),
    (("财政拨款收支总计", "增减率"), "-29.7%"),
    (("财政拨款支出", "上年"), "1196.62"),
    (("财政拨款支出", "增减额"), "-355.92"),
    (("财政拨款支出", "增减率"), "-29.7%"),
    (("三公", "上年"), "4.74"),
    (("三公", "增减额"), "4.26"),  # from the kept total 9.00 (the items sum to 9.01)
    (("三公", "增减率"), "89.9%"),
    (("公务接待", "上年"), "0.74"),
    (("公务接待", "增减额"), "-0.61"),
    (("公务接待", "增减率"), "-82.4%"),
    (("因公出国", "上年"), "0"),
    (("因公出国", "增减额"), "5.38"),
    (("因公出国", "增减率"), ""),  # last year 0: "增加5.38万元", no rate
    (("机关运行经费", "上年"), "52.03"),
    (("机关运行经费", "增减额"), "-9.81"),
    (("机关运行经费", "增减率"), "-18.9%"),
]


@pytest.mark.parametrize(("words", "expected"), YEAR_ON_YEAR, ids=[" ".join(w) for w, _ in YEAR_ON_YEAR])
def test_seed_year_on_year_figures_come_from_the_linked_file(words, expected):
    assert shown(*words) == expected


def test_seed_year_on_year_wording():
    part3 = seed().derived.part3
    overview = part3.overview
    assert (overview.direction, overview.amount_shown, overview.rate_word, overview.rate_shown) == ("减少", "355.92", "减少", "29.7%")
    assert overview.reason.startswith("本单位授权管理机构")
    assert (part3.running_cost.direction, part3.running_cost.amount_shown, part3.running_cost.rate_shown) == ("减少", "9.81", "18.9%")
    tp = part3.three_public
    assert (tp.total.yoy.direction, tp.total.yoy.amount_shown, tp.total.yoy.rate_shown) == ("增加", "4.26", "89.9%")
    trip, reception, purchase, running = tp.items
    assert (trip.yoy.direction, trip.yoy.amount_shown, trip.yoy.rate.value) == ("增加", "5.38", None)
    assert (reception.yoy.direction, reception.yoy.amount_shown, reception.yoy.rate_shown) == ("减少", "0.61", "82.4%")
    # The seed compares no 公务用车 item with last year: they write no 上年变动原因 and did not rise.
    assert purchase.yoy.prior is None and running.yoy.prior is None and tp.cars.yoy.prior is None


def test_seed_prior_figures_point_at_the_prior_line():
    figure = seed().derived.figure("document", "收支总计", "上年")
    assert [(s.file, s.line) for s in figure.inputs] == [(seed().path, PRIOR_LINE)]
    assert seed().report.narrative["收支总计"].prior.value == D("1196.62")


def test_seed_published_changes_are_within_the_rounding_of_the_inputs():
    """The seed's 核对 of 增减额 -355.92 and 4.26 (from the kept 840.70 and 9.00) are not reported."""
    source = SEED.read_text(encoding="utf-8").split("\n")
    lines = {n for n, text in enumerate(source, 1) if text.startswith("核对") and ("增减" in text)}
    assert len(lines) == 13
    assert not [d for d in seed().diagnostics if d.span and d.span.line in lines]


def test_seed_checks_clean_with_the_link():
    assert not [d for d in seed().diagnostics if d.severity is not Severity.INFO]


def test_derive_of_the_model_alone_gives_the_same_figures():
    """The model carries the prior figures, so `derive(result.report)` (jsc export) agrees with check."""
    again = derive(seed().report)
    assert again.figures == seed().derived.figures


def test_prior_example_is_clean_and_formatted():
    result = check_file(PRIOR)
    assert not [d for d in result.diagnostics if d.severity is not Severity.INFO], result.diagnostics
    text = PRIOR.read_text(encoding="utf-8")
    assert fmt_text(text, PRIOR.name) == text
    d = result.derived
    assert [d.figure("document", *w).shown for w in (("收支总计",), ("三公", "决算"), ("公务接待", "决算"), ("机关运行经费",))] == [
        "1196.62", "4.74", "0.74", "52.03",
    ]
    assert d.figure("document", "公务用车运行", "决算").shown == "4" and d.figure("document", "因公出国", "决算").shown == "0"


# --- small projects ---------------------------------------------------------------------------

LAST = """\
年度 2023
部门 "测试单位"
收入 {
  2013101 一般公共预算 60
  2013102 一般公共预算 40
}
支出 一般公共预算 {
  2013101 基本 60 预算 60
  2013102 项目 40 预算 40
}
三公经费 {
  公务接待 {
    决算 2
  }
  公务用车运行 {
    决算 3
  }
}
"""

THIS = """\
年度 2024
部门 "测试单位"
上年 "{prior}"
收入 {{
  2013101 一般公共预算 50
  2013102 一般公共预算 40
}}
支出 一般公共预算 {{
  2013101 基本 50 预算 50
  2013102 项目 40 预算 40
}}
情况说明 {{
  收支总计{written} 原因 "人员减少。"
}}
三公经费 {{
  公务接待 {{
    决算 {reception}
  }}
  公务用车运行 {{
    决算 {running}
  }}
}}
"""


def project(tmp_path: Path, last: str = LAST, prior: str = "a.jsl", written: str = "", reception: str = "1", running: str = "4"):
    (tmp_path / "jsc.toml").write_text("", encoding="utf-8")
    (tmp_path / "a.jsl").write_text(last, encoding="utf-8")
    path = tmp_path / "b.jsl"
    path.write_text(THIS.format(prior=prior, written=written, reception=reception, running=running), encoding="utf-8")
    return check_file(path, tmp_path)


def keys(result, *codes_: str) -> list[tuple[str, int, int]]:
    return [(d.code, d.span.line, d.span.column) for d in result.diagnostics if d.code in codes_]


def test_linked_figures_fill_what_the_source_leaves_out(tmp_path):
    result = project(tmp_path)
    d = result.derived
    assert (d.figure("document", "收支总计", "上年").shown, d.figure("document", "收支总计", "增减额").shown) == ("100.00", "-10.00")
    # 财政拨款支出 has no line in 情况说明: one is supplied (at the 上年 line) so B01-01 asks for a reason.
    explain = BY_ID["B01-01"].code
    found = [d for d in result.diagnostics if d.code == explain]
    assert [(x.span.line, x.span.column) for x in found] == [(3, 4), (3, 4)]
    assert all("情况说明" in x.hint for x in found)
    assert d.figure("document", "三公", "上年").shown == "5.00"


def test_a_three_public_item_is_compared_when_it_rose_or_says_why(tmp_path):
    result = project(tmp_path, reception="1", running="4")
    items = {line.key: line for line in result.derived.part3.three_public.items}
    assert items["公务接待"].yoy.prior is None  # fell, no 上年变动原因: no clause (as the seed)
    assert items["公务用车运行"].yoy.prior.shown == "3.00"  # rose: compared, and B09-03 asks why
    assert keys(result, BY_ID["B09-03"].code) == [(BY_ID["B09-03"].code, 20, 8)]


def test_inline_prior_that_disagrees_is_a_warning_and_wins(tmp_path):
    result = project(tmp_path, written=" 上年 120")
    assert keys(result, "JSC-W0501") == [("JSC-W0501", 13, 11)]
    warning = next(d for d in result.diagnostics if d.code == "JSC-W0501")
    assert "120.00" in warning.message and "100.00" in warning.message and "a.jsl" in warning.message
    related = [(r.span.file.endswith("b.jsl"), r.span.line) for r in warning.related]
    assert related[0] == (True, 3) and (False, 4) in related and (False, 5) in related
    assert result.derived.figure("document", "收支总计", "上年").shown == "120.00"


@pytest.mark.parametrize("written", [" 上年 100", " 上年 100.01"])
def test_inline_prior_that_agrees_within_rounding_is_quiet(tmp_path, written):
    result = project(tmp_path, written=written)
    assert keys(result, "JSC-W0501") == []


def test_missing_prior_file_is_an_error_at_the_path(tmp_path):
    result = project(tmp_path, prior="nope.jsl")
    assert keys(result, "JSC-E0301") == [("JSC-E0301", 3, 4)]
    # This year's own checks still run (no "checks skipped" note), without year-on-year figures.
    assert result.derived is not None and result.derived.figure("document", "收支总计", "增减额") is None
    assert not [d for d in result.diagnostics if d.code == "JSC-I0690"]


def test_broken_prior_file_is_one_error_with_its_count(tmp_path):
    result = project(tmp_path, last=LAST + "收入 {\n  2013101 一般公共预算 ＜\n}\n未知 1\n")
    found = [d for d in result.diagnostics if d.code == "JSC-E0306"]
    assert [(d.span.line, d.span.column) for d in found] == [(3, 4)]
    assert "a.jsl" in found[0].message and "个错误" in found[0].message and "jsc check" in found[0].hint
    assert not [d for d in result.diagnostics if d.span and d.span.file.endswith("a.jsl")]


@pytest.mark.parametrize(
    ("prior", "code"),
    [("../outside.jsl", "JSC-E0302"), ("b.jsl", "JSC-E0308"), ("a.csv", "JSC-E0307"), ("sub", "JSC-E0304")],
)
def test_prior_path_rules(tmp_path, prior, code):
    (tmp_path / "a.csv").write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    result = project(tmp_path, prior=prior)
    assert keys(result, code) == [(code, 3, 4)]


def test_prior_of_the_prior_is_not_followed(tmp_path):
    result = project(tmp_path, last=LAST.replace('部门 "测试单位"', '部门 "测试单位"\n上年 "missing.jsl"'))
    assert not [d for d in result.diagnostics if d.severity is Severity.ERROR and d.code.startswith("JSC-E03")]
    assert result.derived.figure("document", "收支总计", "上年").shown == "100.00"


def test_prior_year_and_department_are_checked(tmp_path):
    last = LAST.replace("年度 2023", "年度 2021").replace('"测试单位"', '"另一单位"')
    result = project(tmp_path, last=last)
    assert sorted(keys(result, "JSC-W0503", "JSC-W0504")) == [("JSC-W0503", 3, 4), ("JSC-W0504", 3, 4)]


def test_prior_with_audit_errors_still_lends_its_figures(tmp_path):
    last = LAST.replace("2013102 项目 40 预算 40", "2013102 项目 41 预算 40")  # income ≠ spending: A02-01
    result = project(tmp_path, last=last)
    assert keys(result, "JSC-E0306") == []
    assert result.derived.figure("document", "财政拨款支出", "上年").shown == "101.00"


def test_prior_in_yuan_lends_figures_in_this_files_unit(tmp_path):
    last = textwrap.dedent("""\
    年度 2023
    部门 "测试单位"
    金额单位 元
    收入 {
      2013101 一般公共预算 1000000
    }
    支出 一般公共预算 {
      2013101 基本 1000000 预算 1000000
    }
    """)
    result = project(tmp_path, last=last)
    assert result.derived.figure("document", "收支总计", "上年").shown == "100.00"
