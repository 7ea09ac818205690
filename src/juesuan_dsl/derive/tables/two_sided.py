"""Derive, step 4: the two-sided summary tables 01 (收入支出决算总表) and 04 (财政拨款收入支出决算总表).

Income rows on the left, expenditure rows on the right, 行次 running down the
left side first. The body (sources, 类 rows) of both sides is padded to the
same height, at least the layout's body_rows (the seed's: 9 rows in 01, 8 in
04), so that 行次 match the published layout; the layout also says whether the
类 rows are those with figures or all 24 of the official list (上海). Totals are pinned to the totals other tables print
(01's 本年收入合计 = 02's 合计, 04's 一般公共预算 column = 05's 合计 …), so
舍位平衡 never makes two tables disagree on the same total.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ...catalog import function_categories, function_category, ordinal_label
from ...core import vocabulary
from ...core.balancing import Node, balance_grid, balance_tree
from ...core.money import chinese_numeral
from ...core.sums import Sum, add_up
from ...core.vocabulary import (
    FISCAL_FUND_NAMES,
    FISCAL_FUNDS,
    GOVERNMENT_FUND,
)
from ...model.report import Report
from ...model.tables import (
    CATEGORY,
    SOURCE,
    SUBTOTAL,
    TOTAL,
    Column,
    Row,
    Table,
    TwoSidedTable,
)
from ..ledger import ZERO, Ledger, fact_sum
from ..rows import blank_row, make_row
from .items import row_value

INCOME_SOURCES_01 = (
    ("一般公共预算", "一般公共预算财政拨款收入"),
    ("政府性基金", "政府性基金预算财政拨款收入"),
    ("国有资本经营", "国有资本经营预算财政拨款收入"),
    ("上级补助", "上级补助收入"),
    ("事业", "事业收入"),
    ("经营", "经营收入"),
    ("附属单位上缴", "附属单位上缴收入"),
    ("其他", "其他收入"),
)
FISCAL_GROUP = "_财政拨款"  # virtual tree node: the three fiscal sources (02's 财政拨款收入)


@dataclass(frozen=True, slots=True)
class Spec:
    """A row before it gets its 行次: kind, key, label, column -> (exact, printed), code."""

    kind: str
    key: str
    label: str
    values: Mapping[str, tuple[Sum, Decimal]]
    code: str | None = None
    name: str | None = None


def _sides(
    report: Report, table_id: str, income: tuple[list[Spec], list[Spec]], expenditure: tuple[list[Spec], list[Spec]], columns: Sequence[str]
) -> tuple[tuple[Row, ...], tuple[Row, ...]]:
    """Pad both bodies to the same height and number the rows: left side, then right."""
    style = report.layout.table(table_id)
    height = max(len(income[0]), len(expenditure[0]), style.body_rows if style else 0)
    line = 0

    def side(body: list[Spec], tail: list[Spec]) -> tuple[Row, ...]:
        nonlocal line
        rows = []
        for spec in body + [None] * (height - len(body)) + tail:
            line += 1
            if spec is None:
                rows.append(blank_row(line, columns, f"空行{line}"))
            else:
                rows.append(make_row(spec.kind, spec.key, spec.label, spec.values, spec.code, spec.name, line))
        return tuple(rows)

    return side(*income), side(*expenditure)


def _categories(report: Report, led: Ledger, funds: Sequence[str], table_id: str) -> list[str]:
    """The 类 of the 项 spent from these funds, in the official (catalog) order; all 24
    of the official list too when the layout lists them all (their cells are empty)."""
    codes = {c[:3] for c in led.codes(funds)}
    style = report.layout.table(table_id)
    if style is not None and style.categories == "all":
        codes |= {category.code for category in function_categories()}

    def order(code: str) -> tuple[int, str]:
        category = function_category(code)
        return (category.ordinal if category else 99, code)

    return sorted(codes, key=order)


def category_name(report: Report, code: str) -> str:
    """The 类 name: the catalog's (via the resolved items), else the code."""
    item = next((i for i in report.items.values() if i.category == code), None)
    if item is not None and item.category_name:
        return item.category_name
    category = function_category(code)
    return category.name if category else code


def category_label(report: Report, code: str) -> str:
    """"六、科学技术支出" from the catalog; an unknown 类 prints its name."""
    return ordinal_label(code) or category_name(report, code)


def table01(report: Report, led: Ledger, t02: Table, t03: Table) -> TwoSidedTable:
    """收入支出决算总表."""
    u = report.unit
    sources = {s: led.income_of((s,)) for s, _ in INCOME_SOURCES_01}
    non_fiscal = fact_sum(report.use_non_fiscal_balance, u)
    carry_in = led.carried("in", vocabulary.FUND_KINDS)
    funds = tuple(vocabulary.FUND_KINDS)
    income_total = add_up(sources.values())
    fiscal = add_up(sources[f] for f in FISCAL_FUNDS)
    root = Node("收入总计", (income_total + non_fiscal + carry_in).value, (
        Node("本年收入合计", income_total.value, (
            Node(FISCAL_GROUP, fiscal.value, tuple(Node(f, sources[f].value) for f in FISCAL_FUNDS)),
            *(Node(s, sources[s].value) for s, _ in INCOME_SOURCES_01[3:]),
        )),
        Node("使用非财政拨款结余", non_fiscal.value),
        Node("年初结转和结余", carry_in.value),
    ))
    total02 = t02.row("合计")
    pins = {"本年收入合计": row_value(total02, "本年收入合计"), FISCAL_GROUP: row_value(total02, "财政拨款收入")}
    for source, label in INCOME_SOURCES_01[3:]:
        pins[source] = row_value(total02, label)
    p = balance_tree(root, pins)
    col = "决算数"
    body = [
        Spec(SOURCE, label, f"{chinese_numeral(n)}、{label}", {col: (sources[s], p[s])})
        for n, (s, label) in enumerate(INCOME_SOURCES_01, start=1)
    ]
    tail = [
        Spec(TOTAL, "本年收入合计", "本年收入合计", {col: (income_total, p["本年收入合计"])}),
        Spec(SUBTOTAL, "使用非财政拨款结余", "使用非财政拨款结余（含专用结余）", {col: (non_fiscal, p["使用非财政拨款结余"])}),
        Spec(SUBTOTAL, "年初结转和结余", "年初结转和结余", {col: (carry_in, p["年初结转和结余"])}),
        Spec(TOTAL, "收入总计", "总计", {col: (income_total + non_fiscal + carry_in, p["收入总计"])}),
    ]

    categories = _categories(report, led, funds, "01")
    by_category = {c: add_up(led.spent(funds, code) for code in led.codes(funds) if code[:3] == c) for c in categories}
    spent = add_up(by_category.values())
    distribution = fact_sum(report.balance_distribution, u)
    carry_out = led.carried("out", funds)
    root = Node("支出总计", (spent + distribution + carry_out).value, (
        Node("本年支出合计", spent.value, tuple(Node(c, by_category[c].value) for c in categories)),
        Node("结余分配", distribution.value),
        Node("年末结转和结余", carry_out.value),
    ))
    e = balance_tree(root, {"支出总计": p["收入总计"], "本年支出合计": row_value(t03.row("合计"), "本年支出合计")})
    exp_body = [
        Spec(CATEGORY, c, category_label(report, c), {col: (by_category[c], e[c])}, c, category_name(report, c)) for c in categories
    ]
    exp_tail = [
        Spec(TOTAL, "本年支出合计", "本年支出合计", {col: (spent, e["本年支出合计"])}),
        Spec(SUBTOTAL, "结余分配", "结余分配", {col: (distribution, e["结余分配"])}),
        Spec(SUBTOTAL, "年末结转和结余", "年末结转和结余", {col: (carry_out, e["年末结转和结余"])}),
        Spec(TOTAL, "支出总计", "总计", {col: (spent + distribution + carry_out, e["支出总计"])}),
    ]
    income, expenditure = _sides(report, "01", (body, tail), (exp_body, exp_tail), (col,))
    return TwoSidedTable(
        "01", "收入支出决算总表", (Column(col, col, 1),), (Column(col, col, 2),), income, expenditure
    )


FUND_COLUMNS = ("合计",) + FISCAL_FUNDS


def _by_fund(values: Mapping[str, tuple[Sum, Decimal]]) -> dict[str, tuple[Sum, Decimal]]:
    """Add the 合计 column (sum of the three funds) to per-fund values."""
    out = {"合计": (add_up(v[0] for v in values.values()), sum((v[1] for v in values.values()), ZERO))}
    out.update({f: values.get(f, (Sum(), ZERO)) for f in FISCAL_FUNDS})
    return out


def _one_fund(fund: str, value: tuple[Sum, Decimal]) -> dict[str, tuple[Sum, Decimal]]:
    return _by_fund({fund: value})


def table04(report: Report, led: Ledger, t05: Table, t07: Table, t08: Table) -> TwoSidedTable:
    """财政拨款收入支出决算总表: 财政拨款 income and spending by fund kind."""
    income = {f: led.income_of((f,)) for f in FISCAL_FUNDS}
    carry_in = {f: led.carried("in", (f,)) for f in FISCAL_FUNDS}
    root = Node("收入总计", add_up([*income.values(), *carry_in.values()]).value, (
        Node("本年收入合计", add_up(income.values()).value, tuple(Node(f, income[f].value) for f in FISCAL_FUNDS)),
        Node("年初", add_up(carry_in.values()).value, tuple(Node("年初/" + f, carry_in[f].value) for f in FISCAL_FUNDS)),
    ))
    t07_total = t07.row("合计")
    p = balance_tree(root, {
        GOVERNMENT_FUND: row_value(t07_total, "本年收入"), "年初/" + GOVERNMENT_FUND: row_value(t07_total, "年初结转和结余"),
    })
    got = {f: (income[f], p[f]) for f in FISCAL_FUNDS}
    got_in = {f: (carry_in[f], p["年初/" + f]) for f in FISCAL_FUNDS}
    body = [
        Spec(SOURCE, f, f"{chinese_numeral(n)}、{FISCAL_FUND_NAMES[f]}", _one_fund(f, got[f]))
        for n, f in enumerate(FISCAL_FUNDS, start=1)
    ]
    total_in = {f: (got[f][0] + got_in[f][0], got[f][1] + got_in[f][1]) for f in FISCAL_FUNDS}
    tail = [
        Spec(TOTAL, "本年收入合计", "本年收入合计", _by_fund(got)),
        Spec(SUBTOTAL, "年初财政拨款结转和结余", "年初财政拨款结转和结余", _by_fund(got_in)),
        *(Spec(SUBTOTAL, "年初/" + f, FISCAL_FUND_NAMES[f], _one_fund(f, got_in[f])) for f in FISCAL_FUNDS),
        Spec(TOTAL, "收入总计", "总计", _by_fund(total_in)),
    ]

    categories = _categories(report, led, FISCAL_FUNDS, "04")
    cells = [
        [add_up(led.spent((f,), code) for code in led.codes((f,)) if code[:3] == c) for f in FISCAL_FUNDS]
        for c in categories
    ]
    carry_out = {f: led.carried("out", (f,)) for f in FISCAL_FUNDS}
    spent_exact = sum((q.value for row in cells for q in row), ZERO)
    fund_pins = [row_value(t05.row("合计"), "小计"), row_value(t07_total, "小计"), row_value(t08.row("合计"), "合计")]
    root = Node("支出总计", spent_exact + add_up(carry_out.values()).value, (
        Node("本年支出合计", spent_exact),
        Node("年末", add_up(carry_out.values()).value, tuple(Node("年末/" + f, carry_out[f].value) for f in FISCAL_FUNDS)),
    ))
    e = balance_tree(root, {
        "支出总计": p["收入总计"], "本年支出合计": sum(fund_pins, ZERO),
        "年末/" + GOVERNMENT_FUND: row_value(t07_total, "年末结转和结余"),
    })
    grid = balance_grid(
        [[q.value for q in row] for row in cells], 3, dict(enumerate(fund_pins)), e["本年支出合计"]
    )
    exp_body = [
        Spec(CATEGORY, c, category_label(report, c), _by_fund({f: (cells[r][i], grid.cells[r][i]) for i, f in enumerate(FISCAL_FUNDS)}), c, category_name(report, c))
        for r, c in enumerate(categories)
    ]
    spent = {f: (add_up(row[i] for row in cells), grid.column_totals[i]) for i, f in enumerate(FISCAL_FUNDS)}
    got_out = {f: (carry_out[f], e["年末/" + f]) for f in FISCAL_FUNDS}
    total_out = {f: (spent[f][0] + got_out[f][0], spent[f][1] + got_out[f][1]) for f in FISCAL_FUNDS}
    exp_tail = [
        Spec(TOTAL, "本年支出合计", "本年支出合计", _by_fund(spent)),
        Spec(SUBTOTAL, "年末财政拨款结转和结余", "年末财政拨款结转和结余", _by_fund(got_out)),
        *(Spec(SUBTOTAL, "年末/" + f, FISCAL_FUND_NAMES[f], _one_fund(f, got_out[f])) for f in FISCAL_FUNDS),
        Spec(TOTAL, "支出总计", "总计", _by_fund(total_out)),
    ]
    income_rows, expenditure_rows = _sides(report, "04", (body, tail), (exp_body, exp_tail), FUND_COLUMNS)
    exp_columns = (Column("合计", "合计", 2),) + tuple(
        Column(f, FISCAL_FUND_NAMES[f], n) for n, f in enumerate(FISCAL_FUNDS, start=3)
    )
    return TwoSidedTable(
        "04", "财政拨款收入支出决算总表", (Column("合计", "金额", 1),), exp_columns, income_rows, expenditure_rows
    )
