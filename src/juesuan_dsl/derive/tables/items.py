"""Derive, step 3: the 项-row tables 02, 03, 05, 07 and 08 (a 合计 row, then 类, 款 and 项 rows).

Every 类 and 款 with a 项 gets a subtotal row, the sum of its 项 rows' printed
cells (so a printed subtotal always adds up), in code order before its 项; a
layout decides which levels it prints (湖南: 项 only; 上海: 类, 款 and 项).

Each table is a set of column groups. A group's part columns are balanced
together as one grid (舍位平衡); its sum column, if any, is the row sum of the
printed parts (03's 本年支出合计 = 基本 + 项目 + …). Parts that the table does
not print (e.g. 05's 上缴上级 money, normally none) are kept as hidden columns so
that 小计 still adds up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ...core import vocabulary
from ...core.balancing import balance_grid
from ...core.sums import Sum, add_up
from ...core.vocabulary import GENERAL, GOVERNMENT_FUND, STATE_CAPITAL
from ...model.report import Report
from ...model.tables import (
    CLASS_SUBTOTAL,
    ITEM,
    SECTION_SUBTOTAL,
    TOTAL,
    Column,
    Row,
    Table,
)
from ..ledger import Ledger
from ..rows import make_row

HIDDEN = "_其他"  # a part column that is balanced but not printed

# Income source (vocabulary) -> table 02 column; the three fiscal sources form one column.
INCOME_COLUMNS = {
    "一般公共预算": "财政拨款收入", "政府性基金": "财政拨款收入", "国有资本经营": "财政拨款收入",
    "上级补助": "上级补助收入", "事业": "事业收入", "经营": "经营收入",
    "附属单位上缴": "附属单位上缴收入", "其他": "其他收入",
}
# Spending kind (vocabulary) -> table 03 column.
KIND_COLUMNS = {
    "基本": "基本支出", "项目": "项目支出", "上缴上级": "上缴上级支出",
    "经营": "经营支出", "对附属单位补助": "对附属单位补助支出",
}
OTHER_KINDS = ("上缴上级", "经营", "对附属单位补助")


@dataclass(frozen=True, slots=True)
class Group:
    """Columns balanced together: part columns, and the column printing their row sum."""

    parts: tuple[str, ...]
    sum_column: str | None = None


@dataclass(frozen=True, slots=True)
class ItemData:
    """One 项 row's exact values by part column."""

    code: str
    name: str
    values: Mapping[str, Sum]
    section_name: str | None = None
    category_name: str | None = None


def grid_table(
    table_id: str,
    title: str,
    columns: Sequence[str],
    groups: Sequence[Group],
    items: Sequence[ItemData],
    pins: Mapping[str, Decimal] | None = None,
) -> Table:
    """A 合计 row and one row per 项; each group balanced as a grid."""
    pins = pins or {}
    total_values: dict[str, tuple[Sum, Decimal]] = {}
    row_values: list[dict[str, tuple[Sum, Decimal]]] = [{} for _ in items]
    for group in groups:
        exact = [[item.values.get(p, Sum()) for p in group.parts] for item in items]
        grid = balance_grid(
            [[q.value for q in row] for row in exact],
            len(group.parts),
            {i: pins[p] for i, p in enumerate(group.parts) if p in pins},
            pins.get(group.sum_column) if group.sum_column else None,
        )
        for c, part in enumerate(group.parts):
            total_values[part] = (add_up(row[c] for row in exact), grid.column_totals[c])
            for r, row in enumerate(exact):
                row_values[r][part] = (row[c], grid.cells[r][c])
        if group.sum_column:
            total_values[group.sum_column] = (add_up(total_values[p][0] for p in group.parts), grid.grand)
            for r, row in enumerate(exact):
                row_values[r][group.sum_column] = (add_up(row), grid.row_totals[r])

    def shown(values: dict[str, tuple[Sum, Decimal]]) -> dict[str, tuple[Sum, Decimal]]:
        return {c: values[c] for c in columns}

    rows = [make_row(TOTAL, "合计", "合计", shown(total_values))]
    rows += _with_subtotals(items, [shown(values) for values in row_values])
    cols = tuple(Column(key, key, n) for n, key in enumerate(columns, start=1))
    empty = all(v == 0 for row in rows for v in row.exact.values())
    return Table(table_id, title, cols, tuple(rows), empty)


def _with_subtotals(items: Sequence[ItemData], values: Sequence[dict[str, tuple[Sum, Decimal]]]) -> list[Row]:
    """The 项 rows in code order, each 类 and 款 preceded by its subtotal row (the sum of its 项)."""
    groups: dict[tuple[str, int], list[int]] = {}  # (prefix, width) -> indexes of its 项, in one pass
    for i, item in enumerate(items):
        for width in (3, 5):
            groups.setdefault((item.code[:width], width), []).append(i)
    rows = [
        make_row(ITEM, item.code, item.name, v, code=item.code, name=item.name) for item, v in zip(items, values)
    ]
    for (prefix, width), members in groups.items():
        first = items[members[0]]
        name = (first.category_name if width == 3 else first.section_name) or prefix
        summed = {
            c: (add_up(values[i][c][0] for i in members), sum((values[i][c][1] for i in members), Decimal(0)))
            for c in values[members[0]]
        }
        kind = CLASS_SUBTOTAL if width == 3 else SECTION_SUBTOTAL
        rows.append(make_row(kind, prefix, name, summed, code=prefix, name=name))
    return sorted(rows, key=lambda row: row.key)  # 207 < 20701 < 2070101 < 20709: the hierarchy in code order


def _item(report: Report, code: str, values: Mapping[str, Sum]) -> ItemData:
    """A 项 with its values and the names of its 款 and 类 (for the subtotal rows)."""
    item = report.items.get(code)
    if item is None:
        return ItemData(code, code, values)
    return ItemData(code, item.name, values, item.section_name, item.category_name)


def table02(report: Report, led: Ledger) -> Table:
    """收入决算表: income of each 项 by source."""
    columns = ("本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
    items = []
    for code in sorted(led.income):
        by_source = led.income[code]
        values: dict[str, Sum] = {}
        for source, column in INCOME_COLUMNS.items():
            values[column] = values.get(column, Sum()) + by_source.get(source, Sum())
        items.append(_item(report, code, values))
    return grid_table("02", "收入决算表", columns, (Group(columns[1:], columns[0]),), items)


def _spending_items(report: Report, led: Ledger, funds: Sequence[str], columns: Mapping[str, str]) -> list[ItemData]:
    items = []
    for code in led.codes(funds):
        values = {column: led.spent(funds, code, (kind,)) for kind, column in columns.items()}
        items.append(_item(report, code, values))
    return items


_BASIC_PROJECT = {"基本": "基本支出", "项目": "项目支出"}


def _with_hidden(report: Report, led: Ledger, funds: Sequence[str]) -> list[ItemData]:
    """Rows with 基本支出, 项目支出 and the hidden rest (上缴上级, 经营, 对附属单位补助)."""
    items = _spending_items(report, led, funds, _BASIC_PROJECT)
    return [
        ItemData(i.code, i.name, {**i.values, HIDDEN: led.spent(funds, i.code, OTHER_KINDS)}, i.section_name, i.category_name)
        for i in items
    ]


def table03(report: Report, led: Ledger) -> Table:
    """支出决算表: all spending (every fund) of each 项 by kind."""
    columns = ("本年支出合计",) + tuple(KIND_COLUMNS.values())
    funds = tuple(vocabulary.FUND_KINDS)
    items = _spending_items(report, led, funds, KIND_COLUMNS)
    return grid_table("03", "支出决算表", columns, (Group(columns[1:], columns[0]),), items)


def table05(report: Report, led: Ledger) -> Table:
    """一般公共预算财政拨款支出决算表."""
    columns = ("小计", "基本支出", "项目支出")
    items = _with_hidden(report, led, (GENERAL,))
    group = Group(("基本支出", "项目支出", HIDDEN), "小计")
    return grid_table("05", "一般公共预算财政拨款支出决算表", columns, (group,), items)


def _fund_table(report: Report, led: Ledger, table_id: str, title: str, fund: str, spent_column: str) -> Table:
    """07 / 08: one fund's carry-overs, income and spending per 项 (a layout may print fewer columns)."""
    columns = ("年初结转和结余", "本年收入", spent_column, "基本支出", "项目支出", "年末结转和结余")
    codes = sorted(
        set(led.codes((fund,)))
        | {c for c, by in led.income.items() if fund in by}
        | set(led.carry_in.get(fund, {}))
        | set(led.carry_out.get(fund, {}))
    )
    spent = {i.code: i for i in _with_hidden(report, led, (fund,))}
    items = []
    for code in codes:
        values = dict(spent[code].values) if code in spent else {}
        values["年初结转和结余"] = led.carried("in", (fund,), code)
        values["本年收入"] = led.income_of((fund,), code)
        values["年末结转和结余"] = led.carried("out", (fund,), code)
        items.append(_item(report, code, values))
    groups = (
        Group(("年初结转和结余",)),
        Group(("本年收入",)),
        Group(("基本支出", "项目支出", HIDDEN), spent_column),
        Group(("年末结转和结余",)),
    )
    return grid_table(table_id, title, columns, groups, items)


def table07(report: Report, led: Ledger) -> Table:
    """政府性基金预算财政拨款收入支出决算表: carry-overs, income, spending per 项."""
    return _fund_table(report, led, "07", "政府性基金预算财政拨款收入支出决算表", GOVERNMENT_FUND, "小计")


def table08(report: Report, led: Ledger) -> Table:
    """国有资本经营预算财政拨款收入支出决算表: as 07 (湖南 prints only the spending columns)."""
    return _fund_table(report, led, "08", "国有资本经营预算财政拨款收入支出决算表", STATE_CAPITAL, "合计")


def row_value(row: Row | None, column: str) -> Decimal:
    """A row's printed cell, 0 when the row or cell is missing or empty."""
    return row.printed(column) if row is not None else Decimal(0)
