"""Derive, step 6: the numbers of part three, sections 一 to 八 (情况说明).

Amounts a sentence quotes from a table are that table's printed values (so the
text and the tables agree even after 舍位平衡); shares, rates and changes are
computed from the exact values. Sentence patterns: DOMAIN.md "Part three".
"""

from __future__ import annotations

from dataclasses import dataclass

from ...core.money import compare_printed
from ...core.sums import Sum, add_up
from ...core.vocabulary import GENERAL, GOVERNMENT_FUND, PERSONNEL, STATE_CAPITAL
from ...model.derived import (
    BasicSpending,
    Composition,
    FundSection,
    GeneralBudget,
    ItemBudget,
    Share,
    YoY,
)
from ...model.figures import Figure
from ...model.report import Report
from ...model.tables import Row, Table, Tables
from ..book import Book, doc
from ..ledger import Ledger, fact_sum
from ..tables.two_sided import category_name

INCOME_NAMES = ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
SPENDING_NAMES = ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")


@dataclass(frozen=True, slots=True)
class PartThreeMain:
    """Sections 一 to 八."""

    overview: YoY
    income: Composition
    spending: Composition
    fiscal_overview: YoY
    general: GeneralBudget
    basic: BasicSpending
    government_funds: FundSection
    state_capital: FundSection


def _sum_of(row: Row | None, column: str) -> Sum:
    """A table cell's exact value with its facts (0 for a missing row or column)."""
    return row.exact_sum(column) if row is not None else Sum()


def _cell(book: Book, key: tuple[str, ...], row: Row | None, column: str, style: str = "narrative") -> Figure:
    """A figure quoting a table cell: exact value, the table's printed value."""
    if row is None:
        return book.amount(key, Sum(), style=style)
    return book.amount(key, _sum_of(row, column), row.printed(column), style)


def _composition(book: Book, table: Table, total_column: str, names: tuple[str, ...], total_key: str) -> Composition:
    row = table.row("合计")
    total = _cell(book, doc(total_key), row, total_column)
    parts = tuple(
        Share(n, _cell(book, doc(n), row, n), book.ratio(doc(n, "占比"), _sum_of(row, n), _sum_of(row, total_column)))
        for n in names
    )
    return Composition(total, parts)


def _prior(report: Report, key: str, fallback: Sum | None) -> tuple[Sum | None, str | None]:
    entry = report.narrative.get(key)
    prior = fact_sum(entry.prior, report.unit) if entry is not None and entry.prior is not None else fallback
    return prior, (entry.reason if entry is not None else None)


def general_budget(report: Report, led: Ledger, t: Tables, book: Book, spent_total: Sum, prior: Sum | None) -> GeneralBudget:
    """五: the 一般公共预算 part, from tables 05 and 04."""
    total_row = t.t05.row("合计")
    total_sum = _sum_of(total_row, "小计")
    current = _cell(book, doc("财政拨款支出"), total_row, "小计")
    before, reason = _prior(report, "财政拨款支出", prior)
    total = book.yoy(doc("财政拨款支出"), current, total_sum, before, reason)
    share = book.ratio(doc("财政拨款支出", "占比"), total_sum, spent_total)
    general_codes = led.codes((GENERAL,))
    categories = []
    for row in t.t04.expenditure:
        if row.kind == "category" and any(c[:3] == row.code for c in general_codes):
            amount = _cell(book, doc("类", row.key), row, GENERAL)
            categories.append(Share(row.name or row.label, amount, book.ratio(doc("类", row.key, "占比"), _sum_of(row, GENERAL), total_sum)))
    budget_sum = add_up(led.budget.values())
    budget = book.amount(doc("年初预算"), budget_sum)
    completion = book.ratio(doc("年初预算", "完成率"), total_sum, budget_sum)
    items = item_budgets(report, led, GENERAL, t.t05, "小计", book, ())
    direction = compare_printed(total_sum.value, budget_sum.value)
    return GeneralBudget(
        total, share, tuple(categories), budget, completion, items, report.budget_reason, direction,
    )


def item_budgets(
    report: Report, led: Ledger, fund: str, table: Table, column: str, book: Book, scope: tuple[str, ...],
) -> tuple[ItemBudget, ...]:
    """五（三） (一般公共预算, table 05) or 八 / 九 (a fund, table 07 / 08): each 项 with its
    年初预算, 决算, 完成率, 大于/小于/等于 and the reason written on its row. `scope`
    prefixes the figure keys of a fund's 项 (one 项 may be spent from two funds)."""
    # 用途 describes the 项 whichever fund's row it is written on.
    purposes = {row.code: row.purpose for row in report.spending if row.purpose}
    rows = {row.key: row for row in table.rows}  # one lookup per 项, not a scan (2,000 项: 4 million)
    category_names: dict[str, str] = {}
    items = []
    for code in led.codes((fund,)):
        item = report.items.get(code)
        row = rows.get(code)
        written = led.rows[fund][code]
        b = led.budget.get(code, Sum()) if fund == GENERAL else fact_sum(written.budget, report.unit)
        actual = _cell(book, doc(*scope, "项", code), row, column, "whole")
        items.append(ItemBudget(
            code,
            category_names.get(code[:3]) or category_names.setdefault(code[:3], category_name(report, code[:3])),
            (item.section_name if item and item.section_name else code[:5]),
            item.name if item else code,
            book.amount(doc(*scope, "项", code, "年初预算"), b, style="whole"),
            actual,
            book.ratio(doc(*scope, "项", code, "完成率"), _sum_of(row, column), b),
            compare_printed(_sum_of(row, column).value, b.value),
            written.reason,
            purposes.get(code),
        ))
    return tuple(items)



def basic_spending(t: Tables, book: Book) -> BasicSpending:
    """六: from 05's 基本支出 and 06's 人员经费合计 / 公用经费合计 (shares of their sum)."""
    total = _cell(book, doc("财政拨款基本支出"), t.t05.row("合计"), "基本支出")
    col = "决算数"
    people, public, both = t.t06.row("人员经费合计"), t.t06.row("公用经费合计"), t.t06.row("合计")
    personnel = Share("人员经费", _cell(book, doc("人员经费"), people, col), book.ratio(doc("人员经费", "占比"), _sum_of(people, col), _sum_of(both, col)))
    public_share = Share("公用经费", _cell(book, doc("公用经费"), public, col), book.ratio(doc("公用经费", "占比"), _sum_of(public, col), _sum_of(both, col)))

    def names(personnel_group: bool) -> tuple[str, ...]:
        found = []
        for row in t.t06.rows:
            if row.kind == "economic_section" and row.code and (row.code[:3] in PERSONNEL) == personnel_group:
                if row.exact.get(col):
                    found.append(row.name or row.label)
        return tuple(found)

    return BasicSpending(total, personnel, public_share, names(True), names(False))


_FUND_COLUMNS = {
    # FundSection field -> (07 column, 08 column).
    "carry_in": ("年初结转和结余", "年初结转和结余"),
    "income": ("本年收入", "本年收入"),
    "spending": ("小计", "合计"),
    "basic": ("基本支出", "基本支出"),
    "project": ("项目支出", "项目支出"),
    "carry_out": ("年末结转和结余", "年末结转和结余"),
}
_FUND_NAMES = {"carry_in": "年初结转和结余", "income": "本年收入", "spending": "支出",
               "basic": "基本支出", "project": "项目支出", "carry_out": "年末结转和结余"}


def fund_section(report: Report, led: Ledger, table: Table, book: Book, fund: str) -> FundSection:
    """七 / 八 from table 07 / 08's 合计 row (keys like ("document", "政府性基金", "支出")), and its 项."""
    row = table.row("合计")
    which = 0 if table.id == "07" else 1
    values = {field: _cell(book, doc(fund, _FUND_NAMES[field]), row, columns[which])
              for field, columns in _FUND_COLUMNS.items()}
    items = item_budgets(report, led, fund, table, _FUND_COLUMNS["spending"][which], book, (fund,))
    return FundSection(not table.empty, **values, items=items)


def part_three_main(report: Report, led: Ledger, t: Tables, book: Book, priors: dict[str, Sum]) -> PartThreeMain:
    """Sections 一 to 八. `priors`: last year's figures from a prior Derived, if any."""
    total_row = t.t01.row("收入总计", "income")
    total_sum = _sum_of(total_row, "决算数")
    current = _cell(book, doc("收支总计"), total_row, "决算数")
    before, reason = _prior(report, "收支总计", priors.get("收支总计"))
    overview = book.yoy(doc("收支总计"), current, total_sum, before, reason)
    income = _composition(book, t.t02, "本年收入合计", INCOME_NAMES, "收入合计")
    spending = _composition(book, t.t03, "本年支出合计", SPENDING_NAMES, "支出合计")
    fiscal_row = t.t04.row("收入总计", "income")
    fiscal_current = _cell(book, doc("财政拨款收支总计"), fiscal_row, "合计")
    before, reason = _prior(report, "财政拨款收支总计", priors.get("财政拨款收支总计"))
    fiscal = book.yoy(doc("财政拨款收支总计"), fiscal_current, _sum_of(fiscal_row, "合计"), before, reason)
    general = general_budget(report, led, t, book, _sum_of(t.t03.row("合计"), "本年支出合计"), priors.get("财政拨款支出"))
    return PartThreeMain(
        overview, income, spending, fiscal, general, basic_spending(t, book),
        fund_section(report, led, t.t07, book, GOVERNMENT_FUND), fund_section(report, led, t.t08, book, STATE_CAPITAL),
    )

