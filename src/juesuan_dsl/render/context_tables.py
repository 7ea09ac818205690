"""Context for part two (部门决算表): the layout's tables as printed text, ready to lay out.

Every decision about what a cell says is made here (or in derive): the
amount text (the layout's NumberStyle: "840.70", "26,538.47", "" or "0.00" for
an empty cell), row labels, 行次, which labels are centred or indented, and
whether a table goes on a landscape page. Titles, 表号 labels, column
headings, 注 lines and the remark of an empty table are the layout's
(layout.toml); the layout's templates only arrange these strings; each amount
cell carries its self-check key (render/selfcheck.py) for lib.typ's `fig`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..core.money import chinese_numeral
from ..layout.model import NumberStyle, TableStyle
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
from .rows import LEVEL_OF, listed, regrouped, shown_columns
from .selfcheck import SIX_TOTALS, fig_key

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


@dataclass(frozen=True)
class _Printing:
    """What one table is printed with: its layout entry and the layout's number style."""

    style: TableStyle
    numbers: NumberStyle

    def cell(self, row: Row, column: Column) -> dict[str, str]:
        """One amount cell: its self-check key and printed text."""
        return {"key": fig_key(self.style.id, row.key, column.key), "text": self.numbers.cell(row.cells.get(column.key))}

    def cells(self, row: Row, columns: Iterable[Column]) -> list[dict[str, str]]:
        return [self.cell(row, c) for c in columns]

    def label(self, column: Column) -> str:
        """A column heading: the layout's when it renames the column, else the model's."""
        return self.style.columns.get(column.key, column.label)

    def columns(self, columns: Iterable[Column]) -> list[dict[str, str]]:
        """Header words and 栏次 of the amount columns."""
        return [{"label": self.label(c), "number": str(c.number)} for c in columns]

    def head(self, labels_mm: int, amount_columns: int) -> dict[str, object]:
        """What every table has: title, 表号, notes, remark, page orientation."""
        return {
            "id": self.style.id,
            "template": self.style.template,
            "title": self.style.title,
            "number": self.style.number,
            "notes": list(self.style.notes),
            "remark": "",
            "landscape": landscape(labels_mm, amount_columns),
        }


def _side(out: _Printing, row: Row, columns: Sequence[Column]) -> dict[str, object]:
    """One side of a two-sided line: label, 行次, cells; totals centred, fund rows under a carry-over indented."""
    return {
        "label": out.style.labels.get(row.key, row.label),
        "line": "" if row.line is None else str(row.line),
        "centred": row.kind == TOTAL,
        "indent": row.kind == SUBTOTAL and "/" in row.key,  # 04: 一般公共预算财政拨款 under 年初/年末结转和结余
        "cells": out.cells(row, columns),
    }


def two_sided(table: TwoSidedTable, out: _Printing) -> dict[str, object]:
    """01 / 04: (income, expenditure) lines with 行次."""
    amounts = len(table.income_columns) + len(table.expenditure_columns)
    return out.head(2 * LABEL_BLOCK_MM, amounts) | {
        "income_columns": out.columns(table.income_columns),
        "expenditure_columns": out.columns(table.expenditure_columns),
        "lines": [
            {"income": _side(out, a, table.income_columns), "expenditure": _side(out, b, table.expenditure_columns)}
            for a, b in table.lines
        ],
    }


def item_table(table: Table, out: _Printing, empty_text: str, department: str) -> dict[str, object]:
    """02, 03, 05, 07, 08: the 合计 row, then one row per 项 (code, name)."""
    columns = shown_columns(table.columns, out.style)
    rows = [
        {
            "total": row.kind == TOTAL,
            "level": LEVEL_OF.get(row.kind, ""),
            "code": row.code or "",
            "label": row.label,
            "cells": out.cells(row, columns),
        }
        for row in listed(table.rows, out.style)
    ]
    context = out.head(LABEL_BLOCK_MM, len(columns)) | {
        "columns": out.columns(columns),
        "rows": rows,
        "empty": table.empty,
        "empty_text": empty_text,
    }
    if table.empty:
        context["remark"] = out.style.empty_remark.replace("{部门}", department)
    return context


def economic_table(table: EconomicTable, out: _Printing) -> dict[str, object]:
    """06: (code, name, 决算数) groups side by side, then 人员经费合计 / 公用经费合计."""
    column = table.columns[0]
    groups = regrouped(table, out.style)
    height = max((len(g) for g in groups), default=0)
    lines = [[g[i] if i < len(g) else None for g in groups] for i in range(height)]

    def entry(row: Row | None) -> dict[str, object] | None:
        if row is None:
            return None
        return {"code": row.code or "", "label": row.label, "cell": out.cell(row, column)}

    totals = {row.key: row for row in table.totals}
    return out.head(len(groups) * ECONOMIC_BLOCK_MM, len(groups)) | {
        "column": out.label(column),
        "groups": len(groups),
        "lines": [[entry(row) for row in line] for line in lines],
        "totals": [{"label": key, "cell": out.cell(totals[key], column)} for key in SIX_TOTALS],
    }


def three_public_table(table: Table, out: _Printing) -> dict[str, object]:
    """09: 预算数 and 决算数 side by side, six columns each, in one body row."""
    head = out.head(0, len(table.columns) * len(THREE_PUBLIC_GROUPS))
    groups = []
    offset = 0
    for key, label in THREE_PUBLIC_GROUPS:
        row = table.row(key)
        assert row is not None, f"09 has no {key} row"
        columns = [{"label": out.label(c), "number": str(c.number + offset)} for c in table.columns]
        groups.append({"label": label, "columns": columns, "cells": out.cells(row, table.columns)})
        offset += len(table.columns)
    return head | {"cars_group": CARS_GROUP, "groups": groups}


def _table(table: Table | TwoSidedTable | EconomicTable, out: _Printing, empty_text: str, department: str) -> dict[str, object]:
    """One table's context, by its shape (09, the 三公 table, has its own)."""
    if isinstance(table, TwoSidedTable):
        return two_sided(table, out)
    if isinstance(table, EconomicTable):
        return economic_table(table, out)
    if table.id == "09":
        return three_public_table(table, out)
    return item_table(table, out, empty_text, department)


def tables_context(report: Report, derived: Derived) -> dict[str, object]:
    """The context of the part-two template: heading words, 部门 (简称) and the layout's tables in order.

    Keys: number / title (the part heading), dept, unit, and all: one dict per
    table with id, template, title, toc_title ("一、收入支出决算总表"), number
    ("公开01表"), notes, remark ("" or the empty table's remark), landscape,
    plus the rows of its shape (two_sided, item_table, economic_table,
    three_public_table). Every amount cell is {"key": …, "text": …}.
    """
    layout = report.layout
    texts = layout.texts
    tables = [
        _table(table, _Printing(style, style.numbers(layout.numbers, getattr(table, "written", True))), texts.get("empty_table", ""), derived.department)
        for style in layout.tables for table in (derived.tables.get(style.id),)
    ]
    for n, table in enumerate(tables, start=1):
        table["toc_title"] = f"{chinese_numeral(n)}、{table['title']}"
    return {
        "number": texts.get("part2_number", ""),
        "title": texts.get("part2_title", ""),
        "dept": derived.short_name or derived.department,
        "unit": texts.get("unit", ""),
        "all": tables,
    }
