"""The nine tables as worksheet grids, laid out as the layout's templates print them.

No spreadsheet library here: a `Sheet` is plain data (cells by row and column,
merged ranges, where the header and the body are), built from the same context
the PDF's templates read (render/context_tables.py), so the workbook holds the
PDF's cells, labels and headings and nothing is computed again. The header
rows mirror the templates of the two built-in layouts: a table with a 表号
(公开01表, the national numbering of 湖南) is headed as templates/layouts/hunan
heads it (行次 and a 栏次 row); a table without one as templates/layouts/shanghai
does. The sheet structure is documented in docs/export-xlsx.md, which
`jsc import` relies on.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ..core.money import format_amount
from ..model.derived import Derived
from ..model.report import Report
from ..render.context_tables import tables_context
from ..render.selfcheck import fig_key

#: Excel's limits on a sheet name: at most 31 characters, none of these.
SHEET_NAME_MAX = 31
_FORBIDDEN_IN_NAME = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True, slots=True)
class Amount:
    """A numeric cell: the printed value, and the number format that prints it as the PDF does."""

    value: Decimal
    number_format: str


Value = str | Amount


@dataclass
class Sheet:
    """One worksheet. Rows and columns count from 1, as in Excel.

    cells: (row, column) -> text or Amount (a missing key is a blank cell);
    merged: (first row, first column, last row, last column) ranges;
    header: the first and last header row; body: the first and last body row
    (the 合计 and the table's rows; the 无 row of an empty table); indented:
    label cells printed indented (04's fund rows under a carry-over);
    centred: body cells printed centred (totals' labels).
    """

    name: str
    table_id: str
    title: str
    width: int
    landscape: bool
    cells: dict[tuple[int, int], Value] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    header: tuple[int, int] = (0, 0)
    body: tuple[int, int] = (0, 0)
    indented: set[tuple[int, int]] = field(default_factory=set)
    centred: set[tuple[int, int]] = field(default_factory=set)
    row: int = 0  # the last row written

    def put(self, row: int, column: int, value: Value | None, colspan: int = 1, rowspan: int = 1) -> None:
        """One cell ("" and None leave it blank), merged over colspan × rowspan when larger than one."""
        if value is not None and value != "":
            self.cells[(row, column)] = value
        if colspan > 1 or rowspan > 1:
            self.merged.append((row, column, row + rowspan - 1, column + colspan - 1))
        self.row = max(self.row, row + rowspan - 1)

    def line(self, values: Sequence[Value | None], row: int | None = None) -> int:
        """A row of single cells from column 1 (a new row unless `row` is given); returns its number."""
        row = self.row + 1 if row is None else row
        for column, value in enumerate(values, start=1):
            self.put(row, column, value)
        return row


class _Amounts:
    """Amount cells from the context's printed text and the model's Decimal behind it.

    The text is what the PDF prints; the Decimal is the model's printed value,
    converted to a number once, at the cell. They must agree, or the workbook
    would differ from the PDF."""

    def __init__(self, derived: Derived, thousands: bool) -> None:
        self.values: dict[str, Decimal | None] = {}
        for table in derived.tables.all():
            for row in table.rows:
                for column, value in row.cells.items():
                    self.values[fig_key(table.id, row.key, column)] = value
        self.number_format = "#,##0.00" if thousands else "0.00"

    def __call__(self, cell: Mapping[str, str]) -> Value | None:
        text = cell["text"]
        value = self.values.get(cell["key"])
        if value is not None:
            assert text.replace(",", "") == format_amount(value), f"{cell['key']}: {text} ≠ {value}"
            return Amount(value, self.number_format)
        return _empty(text)


def _empty(text: str) -> Value | None:
    """An empty cell as the layout prints it: blank, a zero ("0", "0.00"), or its text."""
    if text == "":
        return None
    try:
        zero = Decimal(text)
    except ArithmeticError:
        return text
    if zero != 0:
        return text
    places = -zero.as_tuple().exponent if isinstance(zero.as_tuple().exponent, int) else 0
    return Amount(Decimal(0), "0" if places <= 0 else "0." + "0" * places)


def sheet_name(table: Mapping[str, object], taken: set[str]) -> str:
    """The 表号 (公开01表), or the title where the layout prints none: Excel's forbidden
    characters dropped, cut to 31 characters, made unique with a number."""
    base = _FORBIDDEN_IN_NAME.sub("", str(table["number"] or table["title"])).strip("'") or f"表{table['id']}"
    name = base[:SHEET_NAME_MAX]
    n = 2
    while name.casefold() in taken:
        suffix = f"({n})"
        name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        n += 1
    taken.add(name.casefold())
    return name


def sheets(report: Report, derived: Derived) -> list[Sheet]:
    """The layout's tables in print order, one sheet each."""
    context = tables_context(report, derived)
    amounts = _Amounts(derived, report.layout.numbers.thousands)
    taken: set[str] = set()
    out = []
    for table in context["all"]:
        national = bool(table["number"])
        sheet = Sheet(sheet_name(table, taken), table["id"], table["title"], _width(table, national), table["landscape"])
        _top(sheet, table, context, derived, national)
        _BUILDERS[national][table["id"]](sheet, table, amounts, national)
        _notes(sheet, table)
        out.append(sheet)
    return out


def _width(table: Mapping, national: bool) -> int:
    """How many columns the table has, as its template lays it out."""
    tid = table["id"]
    if tid in ("01", "04"):
        per_side = 2 if national else 1  # 项目 (and 行次)
        return 2 * per_side + len(table["income_columns"]) + len(table["expenditure_columns"])
    if tid == "06":
        return 3 * table["groups"]
    if tid == "09":
        return sum(len(g["columns"]) for g in table["groups"])
    return 2 + len(table["columns"])


def _top(sheet: Sheet, table: Mapping, context: Mapping, derived: Derived, national: bool) -> None:
    """Title; 表号; 部门 (or 编制单位) and 单位, right-aligned in the last column as printed."""
    w = sheet.width
    sheet.put(1, 1, table["title"], colspan=w)
    if table["number"]:
        sheet.put(sheet.row + 1, w, table["number"])
    row = sheet.row + 1
    # 湖南 prints "部门：" with the 简称; 上海 prints no 部门 line, the workbook names the 编制单位.
    who = f"部门：{context['dept']}" if national else f"编制单位：{derived.department}"
    sheet.put(row, 1, who, colspan=w - 1)
    sheet.put(row, w, context["unit"])


def _notes(sheet: Sheet, table: Mapping) -> None:
    """注 lines (the first with "注：") and the 说明 of an empty table, below the body."""
    for n, note in enumerate(table["notes"]):
        sheet.put(sheet.row + 1, 1, ("注：" if n == 0 else "") + note, colspan=sheet.width)
    if table["remark"]:
        sheet.put(sheet.row + 1, 1, "说明：" + table["remark"], colspan=sheet.width)


def _header_start(sheet: Sheet) -> int:
    return sheet.row + 1


def _header_end(sheet: Sheet, first: int) -> None:
    sheet.header = (first, sheet.row)


def _body(sheet: Sheet, first: int) -> None:
    sheet.body = (first, sheet.row)


# --- 01 and 04: two sides -------------------------------------------------------------


def _two_sided(sheet: Sheet, t: Mapping, amounts: _Amounts, national: bool) -> None:
    income, spending = t["income_columns"], t["expenditure_columns"]
    head = _header_start(sheet)
    left = (2 if national else 1) + len(income)
    sheet.put(head, 1, "收入", colspan=left)
    sheet.put(head, left + 1, "支出", colspan=sheet.width - left)
    item = "项　目" if national else "项目"
    if national:
        sheet.line([item, "行次", income[0]["label"], item, "行次", *(c["label"] for c in spending)])
        sheet.line(["栏　次", None, income[0]["number"], "栏　次", None, *(c["number"] for c in spending)])
    else:
        # 上海's 04 heads its income column 决算数 (templates/layouts/shanghai/parts/tables/t04.typ.j2).
        income_label = "决算数" if t["id"] == "04" else income[0]["label"]
        sheet.line([item, income_label, item, *(c["label"] for c in spending)])
    _header_end(sheet, head)
    first = sheet.row + 1
    for line in t["lines"]:
        row = sheet.row + 1
        column = 1
        for side in (line["income"], line["expenditure"]):
            sheet.put(row, column, side["label"])
            if side["centred"]:
                sheet.centred.add((row, column))
            if side["indent"] and national:
                sheet.indented.add((row, column))
            column += 1
            if national:
                sheet.put(row, column, side["line"])
                column += 1
            for cell in side["cells"]:
                sheet.put(row, column, amounts(cell))
                column += 1
        sheet.row = row
    _body(sheet, first)


# --- 02, 03, 05, 07, 08: 合计 and 项 rows ---------------------------------------------------


def _item_rows(sheet: Sheet, t: Mapping, amounts: _Amounts) -> None:
    first = sheet.row + 1
    for r in t["rows"]:
        row = sheet.row + 1
        if r["total"]:
            sheet.put(row, 1, r["label"], colspan=2)
            sheet.centred.add((row, 1))
        else:
            sheet.put(row, 1, r["code"])
            sheet.put(row, 2, r["label"])
        for n, cell in enumerate(r["cells"]):
            sheet.put(row, 3 + n, amounts(cell))
        sheet.row = row
    if t["empty"] and t["empty_text"]:
        row = sheet.row + 1
        sheet.put(row, 1, t["empty_text"], colspan=sheet.width)
        sheet.centred.add((row, 1))
    _body(sheet, first)


def _numbers_row(sheet: Sheet, t: Mapping) -> None:
    """The 栏次 row of the national tables: 栏次 over the two 项目 columns, then 1, 2, …"""
    row = sheet.row + 1
    sheet.put(row, 1, "栏次", colspan=2)
    for n, c in enumerate(t["columns"]):
        sheet.put(row, 3 + n, c["number"])


def _items(sheet: Sheet, t: Mapping, amounts: _Amounts, national: bool) -> None:
    """02 and 03 (湖南 t02 / t03), 02, 03 and 05 (上海 items): each amount column headed over the header's height."""
    cols = t["columns"]
    head = _header_start(sheet)
    if national:
        sheet.put(head, 1, "项　目", colspan=2)
        for n, c in enumerate(cols):
            sheet.put(head, 3 + n, c["label"], rowspan=2)
        sheet.put(head + 1, 1, "功能分类科目编码")
        sheet.put(head + 1, 2, "科目名称")
        _numbers_row(sheet, t)
    else:
        _shanghai_items_head(sheet, t, head)
    _header_end(sheet, head)
    _item_rows(sheet, t, amounts)


def _shanghai_items_head(sheet: Sheet, t: Mapping, head: int) -> None:
    """上海's items header: 项目 / 功能分类 / (科目编码, 科目名称), each amount column three rows high."""
    sheet.put(head, 1, "项目", colspan=2)
    for n, c in enumerate(t["columns"]):
        sheet.put(head, 3 + n, c["label"], rowspan=3)
    sheet.put(head + 1, 1, "功能分类", colspan=2)
    sheet.put(head + 2, 1, "科目编码")
    sheet.put(head + 2, 2, "科目名称")


def _spending(sheet: Sheet, t: Mapping, amounts: _Amounts, national: bool) -> None:
    """05 and 08 (湖南 t05 / t08): 本年支出 over the amount columns, a 栏次 row."""
    cols = t["columns"]
    head = _header_start(sheet)
    sheet.put(head, 1, "项　目", colspan=2)
    sheet.put(head, 3, "本年支出", colspan=len(cols))
    code = "功能分类科目编码" if t["id"] == "05" else "科目代码"
    sheet.line([code, "科目名称", *(c["label"] for c in cols)])
    _numbers_row(sheet, t)
    _header_end(sheet, head)
    _item_rows(sheet, t, amounts)


def _funds(sheet: Sheet, t: Mapping, amounts: _Amounts, national: bool) -> None:
    """07 (湖南 t07) and 上海's funds (07, 08): carry-overs and 本年收入, 本年支出 over three columns.

    湖南's single columns span two rows (then the 栏次 row); 上海's three, with 功能分类 in the middle."""
    c = t["columns"]
    item, code = ("项　目", "科目代码") if national else ("项目", "科目编码")
    tall = 2 if national else 3
    head = _header_start(sheet)
    sheet.put(head, 1, item, colspan=2)
    sheet.put(head, 3, c[0]["label"], rowspan=tall)
    sheet.put(head, 4, c[1]["label"], rowspan=tall)
    sheet.put(head, 5, "本年支出", colspan=3, rowspan=tall - 1)
    sheet.put(head, 8, c[5]["label"], rowspan=tall)
    if not national:
        sheet.put(head + 1, 1, "功能分类", colspan=2)
    sheet.line([code, "科目名称", None, None, c[2]["label"], c[3]["label"], c[4]["label"]], head + tall - 1)
    if national:
        _numbers_row(sheet, t)
    _header_end(sheet, head)
    _item_rows(sheet, t, amounts)


# --- 06: economic groups side by side ----------------------------------------------------


def _economic(sheet: Sheet, t: Mapping, amounts: _Amounts, national: bool) -> None:
    n = t["groups"]
    head = _header_start(sheet)
    if national:
        sheet.line(["经济分类科目编码", "科目名称", t["column"]] * n)
    else:
        for g in range(n):
            sheet.put(head, 1 + 3 * g, "经济分类", colspan=2)
            sheet.put(head, 3 + 3 * g, t["column"], rowspan=2)
        sheet.line(["科目编码", "科目名称", None] * n, head + 1)
    _header_end(sheet, head)
    first = sheet.row + 1
    for line in t["lines"]:
        row = sheet.row + 1
        for g, entry in enumerate(line):
            if entry is not None:
                sheet.put(row, 1 + 3 * g, entry["code"])
                sheet.put(row, 2 + 3 * g, entry["label"])
                sheet.put(row, 3 + 3 * g, amounts(entry["cell"]))
        sheet.row = row
    row = sheet.row + 1
    personnel, public = t["totals"]
    sheet.put(row, 1, personnel["label"], colspan=2)
    sheet.put(row, 3, amounts(personnel["cell"]))
    sheet.put(row, 4, public["label"], colspan=3 * n - 4)
    sheet.put(row, 3 * n, amounts(public["cell"]))
    sheet.centred.update({(row, 1), (row, 4)})
    _body(sheet, first)


# --- 09: 三公 budget and actual ---------------------------------------------------------


def _three_public(sheet: Sheet, t: Mapping, amounts: _Amounts, national: bool) -> None:
    budget, actual = t["groups"]
    head = _header_start(sheet)
    if national:
        for g, group in enumerate((budget, actual)):
            c, at = group["columns"], 1 + 6 * g
            sheet.put(head, at, group["label"], colspan=6)
            sheet.put(head + 1, at, c[0]["label"], rowspan=2)
            sheet.put(head + 1, at + 1, c[1]["label"], rowspan=2)
            sheet.put(head + 1, at + 2, t["cars_group"], colspan=3)
            sheet.put(head + 1, at + 5, c[5]["label"], rowspan=2)
            for k in range(3):
                sheet.put(head + 2, at + 2 + k, c[2 + k]["label"])
        sheet.line([c["number"] for group in (budget, actual) for c in group["columns"]])
        _header_end(sheet, head)
        cells = [cell for group in (budget, actual) for cell in group["cells"]]
    else:
        c = budget["columns"]
        sheet.put(head, 1, "财政拨款“三公”经费", colspan=12)
        sheet.put(head + 1, 1, c[0]["label"], colspan=2, rowspan=2)
        sheet.put(head + 1, 3, c[1]["label"], colspan=2, rowspan=2)
        sheet.put(head + 1, 5, t["cars_group"], colspan=6)
        sheet.put(head + 1, 11, c[5]["label"], colspan=2, rowspan=2)
        for k in range(3):
            sheet.put(head + 2, 5 + 2 * k, c[2 + k]["label"], colspan=2)
        sheet.line([budget["label"], actual["label"]] * 6, head + 3)
        _header_end(sheet, head)
        cells = [cell for i in range(6) for cell in (budget["cells"][i], actual["cells"][i])]
    first = sheet.line([amounts(cell) for cell in cells])
    _body(sheet, first)


# Which builder lays out each table, as each layout's templates do (湖南: t01 … t09;
# 上海: items for 02 / 03 / 05, funds for 07 / 08).
_BUILDERS = {
    True: {"01": _two_sided, "02": _items, "03": _items, "04": _two_sided, "05": _spending,
           "06": _economic, "07": _funds, "08": _spending, "09": _three_public},
    False: {"01": _two_sided, "02": _items, "03": _items, "04": _two_sided, "05": _items,
            "06": _economic, "07": _funds, "08": _funds, "09": _three_public},
}
