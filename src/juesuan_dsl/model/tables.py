"""The nine published tables (公开01表 … 公开09表) as data: rows, labels, 行次 and cells.

Templates lay these out and never compute; export writes them as JSON. Every
amount is in 万元. A cell holds the *printed* value (two decimals, after
舍位平衡 for a 元 source) or None for a cell the document leaves empty (the
seed leaves zero cells empty); `Row.exact` keeps the unrounded value of every
cell, zeros included, for figures and for `jsc check --verbose`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Mapping

from ..core.sums import Sum
from ..core.vocabulary import TABLE_NAMES

#: 表01 … 表09 (the numbering of 公开01表 … 公开09表) name the same tables in a 核对.
TABLE_ALIASES: Mapping[str, str] = {f"表{table_id}": name for table_id, name in TABLE_NAMES.items()}
# Tables with one value column: their cells' keys have no column word (表01 本年收入合计).
_ONE_COLUMN = frozenset({"01", "06"})


def cell_key(table_id: str, row_key: str, column_key: str) -> tuple[str, ...]:
    """The one identity of a printed cell, as a figure key:
    ("document", "收入表", "2012601", "本年收入合计"), ("document", "收支总表", "本年收入合计")."""
    words = (TABLE_NAMES[table_id], row_key) if table_id in _ONE_COLUMN else (TABLE_NAMES[table_id], row_key, column_key)
    return ("document", *words)


def key_text(key: tuple[str, ...]) -> str:
    """A figure key as one string (Typst metadata, JSON): the words joined with "|"."""
    return "|".join(key)

# Row kinds (Row.kind).
ITEM = "item"  # a 项 row: code + name
CATEGORY = "category"  # a 类 row of 01/04: ordinal label ("六、科学技术支出")
SOURCE = "source"  # a fixed, labelled body row (01 income sources, 04 fund kinds)
TOTAL = "total"  # 合计 / 本年收入合计 / 总计 …
SUBTOTAL = "subtotal"  # a labelled row below a total (使用非财政拨款结余, 年初结转和结余 …)
BLANK = "blank"  # padding, so both sides of 01/04 have the same number of body rows
ECONOMIC_CATEGORY = "economic_category"  # 06: an economic 类 (301 工资福利支出)
ECONOMIC_SECTION = "economic_section"  # 06: an economic 款 (30101 基本工资)
CLASS_SUBTOTAL = "class_subtotal"  # 02/03/05/07/08: a 类 row, the sum of its 项 (207 文化旅游体育与传媒支出)
SECTION_SUBTOTAL = "section_subtotal"  # 02/03/05/07/08: a 款 row, the sum of its 项 (20701 文化和旅游)


@dataclass(frozen=True, slots=True)
class Column:
    """A value column: key (used in cells and figure keys), printed heading, 栏次 number."""

    key: str
    label: str
    number: int


@dataclass(frozen=True, slots=True)
class Row:
    """One printed row.

    kind: one of the row kinds above; key: stable id within the table (a code,
    or the label of a fixed row such as "本年收入合计"); label: the text of the
    项目 column ("六、科学技术支出", "合计"; for 项 rows the name); code / name:
    the classification code and name (项, 款 or 类) or None; line: 行次 (01 and
    04 only, else None); cells: column key -> printed amount or None (empty);
    exact: column key -> unrounded amount (zeros included); sums: column key ->
    the exact amount with the source facts the cell is computed from.
    """

    kind: str
    key: str
    label: str
    code: str | None
    name: str | None
    line: int | None
    cells: Mapping[str, Decimal | None]
    exact: Mapping[str, Decimal]
    sums: Mapping[str, Sum] = field(default_factory=dict)

    @property
    def has_figures(self) -> bool:
        """Whether its cells are figures: not a padding row, nor one of 04's "年初/一般公共预算"
        rows, which repeat the per-fund cells of the 年初 / 年末 row."""
        return self.kind != BLANK and "/" not in self.key

    def printed(self, column: str) -> Decimal:
        """The printed value of a cell, 0 for an empty one."""
        value = self.cells.get(column)
        return value if value is not None else Decimal(0)

    def exact_sum(self, column: str) -> Sum:
        """A cell's exact amount with its facts (an empty Sum for a padding cell or a missing column)."""
        return self.sums.get(column) or Sum(self.exact.get(column, Decimal(0)))


@dataclass(frozen=True, slots=True)
class Table:
    """A one-sided table (02, 03, 05, 07, 08, 09).

    id: "02"; title; columns in print order; rows in print order (the 合计 row
    first, then for each 类 its subtotal row, for each 款 its subtotal row, then
    its 项 rows: a layout lists the levels it prints); empty: nothing to show
    (07/08: the template prints 无 and the standard 说明 sentence); written: False when
    the source has none of the table's facts (09 without a 三公经费 block): its cells print
    empty, never a layout's "0".
    """

    id: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    empty: bool = False
    written: bool = True

    def row(self, key: str) -> Row | None:
        """The row with this key, or None."""
        return next((r for r in self.rows if r.key == key), None)

    @property
    def items(self) -> tuple[Row, ...]:
        """The 项 rows, without the 合计 and the 类 / 款 subtotals."""
        return tuple(r for r in self.rows if r.kind == ITEM)


@dataclass(frozen=True, slots=True)
class TwoSidedTable:
    """01 and 04: income rows on the left, expenditure rows on the right.

    Both sides have the same number of rows (blank rows pad the shorter body);
    行次 runs down the income side first, then the expenditure side, as the seed
    numbers them. income_columns / expenditure_columns: value columns per side.
    """

    id: str
    title: str
    income_columns: tuple[Column, ...]
    expenditure_columns: tuple[Column, ...]
    income: tuple[Row, ...]
    expenditure: tuple[Row, ...]

    @property
    def rows(self) -> tuple[Row, ...]:
        """Income rows, then expenditure rows."""
        return self.income + self.expenditure

    @property
    def lines(self) -> tuple[tuple[Row, Row], ...]:
        """The printed lines: (income row, expenditure row) pairs."""
        return tuple(zip(self.income, self.expenditure))

    def row(self, key: str, side: str) -> Row | None:
        """The row with this key on side "income" or "expenditure"."""
        rows = self.income if side == "income" else self.expenditure
        return next((r for r in rows if r.key == key), None)


@dataclass(frozen=True, slots=True)
class EconomicTable:
    """06: economic 类 and their 款 in three side-by-side column groups.

    groups: three tuples of rows (类 rows followed by their 款); lines: the
    printed lines, the groups zipped and padded with None; totals: the
    人员经费合计 and 公用经费合计 rows (key "人员经费合计" / "公用经费合计"),
    plus the 基本支出 total (key "合计", not printed by the seed's layout).
    Single value column "决算数".
    """

    id: str
    title: str
    columns: tuple[Column, ...]
    groups: tuple[tuple[Row, ...], ...]
    totals: tuple[Row, ...]

    @property
    def rows(self) -> tuple[Row, ...]:
        """Every row: the groups in order, then the totals."""
        return tuple(r for g in self.groups for r in g) + self.totals

    @property
    def lines(self) -> tuple[tuple[Row | None, ...], ...]:
        """Groups side by side, padded with None to the longest group."""
        height = max((len(g) for g in self.groups), default=0)
        return tuple(tuple(g[i] if i < len(g) else None for g in self.groups) for i in range(height))

    def row(self, key: str) -> Row | None:
        """The row with this key (an economic code, or a totals key)."""
        return next((r for r in self.rows if r.key == key), None)


@dataclass(frozen=True, slots=True)
class AdjustedCell:
    """A printed cell that 舍位平衡 moved away from its own rounding.

    table: "01" …; row: the row key; column: the column key; exact: unrounded
    万元; shown: the printed value (differs from exact rounded half-up to cents).
    """

    table: str
    row: str
    column: str
    exact: Decimal
    shown: Decimal


@dataclass(frozen=True, slots=True)
class Tables:
    """The nine tables (t01 … t09) in print order."""

    t01: TwoSidedTable
    t02: Table
    t03: Table
    t04: TwoSidedTable
    t05: Table
    t06: EconomicTable
    t07: Table
    t08: Table
    t09: Table

    def get(self, table_id: str) -> Table | TwoSidedTable | EconomicTable:
        """The table with this id ("01" … "09")."""
        return getattr(self, f"t{table_id}")

    def all(self) -> tuple[Table | TwoSidedTable | EconomicTable, ...]:
        """The tables in print order."""
        return (self.t01, self.t02, self.t03, self.t04, self.t05, self.t06, self.t07, self.t08, self.t09)
