"""Context for part two (部门决算表): the nine 公开 tables as printed text, ready to lay out.

Every decision about what a cell says is made here (or in derive): the
amount text ("840.70", "" for an empty cell, money.format_cell), row labels,
行次, which labels are centred or indented, the 注 lines, the 说明 of an empty
07/08 table, and whether a table goes on a landscape page. The templates in
templates/parts/tables/ only arrange these strings; each amount cell carries
its self-check key (render/selfcheck.py) for lib.typ's `fig`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..core.money import chinese_numeral, format_cell
from ..model.derived import Derived
from ..model.report import Report
from ..model.tables import (
    SUBTOTAL,
    TOTAL,
    Column,
    EconomicTable,
    Row,
    Table,
    TwoSidedTable,
)
from .selfcheck import SIX_TOTALS, cell_key

PART = {"number": "第二部分", "title": "部门决算表"}
UNIT = "单位：万元"
EMPTY_TEXT = "无"

# The 注 under each table, as the seed prints them (Hunan 部门决算公开 layout).
NOTES: dict[str, tuple[str, ...]] = {
    "01": ("1.本表反映部门本年度的总收支和年末结转结余情况。", "2.本套报表金额单位转换时可能存在尾数误差。"),
    "02": ("本表反映部门本年度取得的各项收入情况。",),
    "03": ("本表反映部门本年度各项支出情况。",),
    "04": (
        "本表反映部门本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款"
        "的总收支和年末结转结余情况。",
    ),
    "05": ("本表反映部门本年度一般公共预算财政拨款支出情况。",),
    "06": ("本表反映部门本年度一般公共预算财政拨款基本支出明细情况。",),
    "07": ("本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。",),
    "08": ("本表反映部门本年度国有资本经营预算财政拨款支出情况。",),
    "09": (
        "本表反映部门本年度财政拨款“三公”经费支出预决算情况。其中，预算数为“三公”经费全年预算数，"
        "反映按规定程序调整后的预算数；决算数是包括当年财政拨款和以前年度结转资金安排的实际支出。",
    ),
}

# The standard 说明 of an empty 07 / 08 (printed only when the table is empty).
EMPTY_REMARKS = {
    "07": "我单位没有政府性基金收入，也没有使用政府性基金安排的支出，故本表无数据。",
    "08": "我单位没有使用国有资本经营预算安排的支出，故本表无数据。",
}

# Landscape or portrait, decided by the columns a table has: its 项目 blocks
# plus its amount columns, against the portrait 版心 of 156 mm (GB/T 9704) at
# the 9 pt table size. A 项目 block (a 7-digit code and a name of up to 16
# characters, or a label and its 行次) needs about 60 mm; 06's blocks (a
# 5-digit code and a name in at most two lines at 8 pt) about 35 mm; an amount
# column about 17 mm ("12345678.90" plus padding; header words such as
# 附属单位上缴收入 in at most three lines). Hence:
#   01: 2 × 60 + 2 × 17 = 154 mm, portrait     04: 2 × 60 + 5 × 17 = 205 mm, landscape
#   02: 60 + 7 × 17 = 179 mm, landscape        03 and 07: 60 + 6 × 17 = 162 mm, landscape
#   05 and 08: 60 + 3 × 17 = 111 mm, portrait  06: 3 × 35 + 3 × 17 = 156 mm, portrait
#   09: 12 × 17 = 204 mm, landscape
# which is the seed's choice (04 and 02/03 wide, 01 and 05 portrait) and keeps
# 06 on one portrait page, as the seed prints it.
PORTRAIT_WIDTH_MM = 156
LABEL_BLOCK_MM = 60
ECONOMIC_BLOCK_MM = 35
AMOUNT_COLUMN_MM = 17


def landscape(label_blocks_mm: int, amount_columns: int) -> bool:
    """Whether a table with these 项目 blocks (total mm) and amount columns needs a landscape page."""
    return label_blocks_mm + amount_columns * AMOUNT_COLUMN_MM > PORTRAIT_WIDTH_MM


# 09: the header word over 小计 / 购置费 / 运行维护费, and the two column groups.
CARS_GROUP = "公务用车购置及运行维护费"
THREE_PUBLIC_GROUPS = (("预算", "预算数"), ("决算", "决算数"))


def _cell(table_id: str, row: Row, column: Column) -> dict[str, str]:
    """One amount cell: its self-check key and printed text ("" when empty)."""
    return {"key": cell_key(table_id, row.key, column.key), "text": format_cell(row.cells.get(column.key))}


def _cells(table_id: str, row: Row, columns: Iterable[Column]) -> list[dict[str, str]]:
    return [_cell(table_id, row, c) for c in columns]


def _columns(columns: Iterable[Column]) -> list[dict[str, str]]:
    """Header words and 栏次 of the amount columns."""
    return [{"label": c.label, "number": str(c.number)} for c in columns]


def _head(table_id: str, title: str, labels_mm: int, amount_columns: int) -> dict[str, object]:
    """What every table has: title, 表号, notes, page orientation."""
    return {
        "id": table_id,
        "template": f"parts/tables/t{table_id}.typ.j2",
        "title": title,
        "number": f"公开{table_id}表",
        "notes": list(NOTES[table_id]),
        "remark": "",
        "landscape": landscape(labels_mm, amount_columns),
    }


def _side(table_id: str, row: Row, columns: Sequence[Column]) -> dict[str, object]:
    """One side of a two-sided line: label, 行次, cells; totals centred, fund rows under a carry-over indented."""
    return {
        "label": row.label,
        "line": "" if row.line is None else str(row.line),
        "centred": row.kind == TOTAL,
        "indent": row.kind == SUBTOTAL and "/" in row.key,  # 04: 一般公共预算财政拨款 under 年初/年末结转和结余
        "cells": _cells(table_id, row, columns),
    }


def two_sided(table: TwoSidedTable) -> dict[str, object]:
    """01 / 04: (income, expenditure) lines with 行次."""
    amounts = len(table.income_columns) + len(table.expenditure_columns)
    return _head(table.id, table.title, 2 * LABEL_BLOCK_MM, amounts) | {
        "income_columns": _columns(table.income_columns),
        "expenditure_columns": _columns(table.expenditure_columns),
        "lines": [
            {"income": _side(table.id, a, table.income_columns), "expenditure": _side(table.id, b, table.expenditure_columns)}
            for a, b in table.lines
        ],
    }


def item_table(table: Table) -> dict[str, object]:
    """02, 03, 05, 07, 08: the 合计 row, then one row per 项 (code, name)."""
    rows = [
        {
            "total": row.kind == TOTAL,
            "code": row.code or "",
            "label": row.label,
            "cells": _cells(table.id, row, table.columns),
        }
        for row in table.rows
    ]
    context = _head(table.id, table.title, LABEL_BLOCK_MM, len(table.columns)) | {
        "columns": _columns(table.columns),
        "rows": rows,
        "empty": table.empty,
        "empty_text": EMPTY_TEXT,
    }
    if table.empty and table.id in EMPTY_REMARKS:
        context["remark"] = EMPTY_REMARKS[table.id]
    return context


def economic_table(table: EconomicTable) -> dict[str, object]:
    """06: three (code, name, 决算数) groups side by side, then 人员经费合计 / 公用经费合计."""
    column = table.columns[0]

    def entry(row: Row | None) -> dict[str, object] | None:
        if row is None:
            return None
        return {
            "code": row.code or "",
            "label": row.label,
            "cell": _cell(table.id, row, column),
        }

    totals = {row.key: row for row in table.totals}
    return _head(table.id, table.title, len(table.groups) * ECONOMIC_BLOCK_MM, len(table.groups)) | {
        "column": column.label,
        "lines": [[entry(row) for row in line] for line in table.lines],
        "totals": [{"label": key, "cell": _cell(table.id, totals[key], column)} for key in SIX_TOTALS],
    }


def three_public_table(table: Table) -> dict[str, object]:
    """09: 预算数 and 决算数 side by side, six columns each, in one body row."""
    head = _head(table.id, table.title, 0, len(table.columns) * len(THREE_PUBLIC_GROUPS))
    groups = []
    offset = 0
    for key, label in THREE_PUBLIC_GROUPS:
        row = table.row(key)
        assert row is not None, f"09 has no {key} row"
        columns = [
            {"label": c.label, "number": str(c.number + offset)} for c in table.columns
        ]
        groups.append({"label": label, "columns": columns, "cells": _cells(table.id, row, table.columns)})
        offset += len(table.columns)
    return head | {"cars_group": CARS_GROUP, "groups": groups}


def tables_context(report: Report, derived: Derived) -> dict[str, object]:
    """The context of parts/part2.typ.j2: the part heading, 部门 (简称) and the nine tables in order.

    Keys: number / title (the part heading), dept, unit, and all: one dict per
    table with id, template, title, toc_title ("一、收入支出决算总表"), number
    ("公开01表"), notes, remark ("" or the 说明 sentence), landscape, plus the
    rows of its shape (two_sided, item_table, economic_table,
    three_public_table). Every amount cell is {"key": …, "text": …}.
    """
    t = derived.tables
    tables = [
        two_sided(t.t01), item_table(t.t02), item_table(t.t03), two_sided(t.t04), item_table(t.t05),
        economic_table(t.t06), item_table(t.t07), item_table(t.t08), three_public_table(t.t09),
    ]
    for n, table in enumerate(tables, start=1):
        table["toc_title"] = f"{chinese_numeral(n)}、{table['title']}"
    return PART | {
        "dept": derived.short_name or derived.department,
        "unit": UNIT,
        "all": tables,
    }
