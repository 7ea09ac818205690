"""`jsc export --format xlsx`: the nine tables as a workbook, one sheet per table, as the PDF prints them.

The grids come from xlsx_sheets (the PDF's own table context); this module
only writes them with openpyxl, imported here and nowhere on the way to
`jsc build` (it costs some 0.2 s to import). The bytes are deterministic: the
document properties carry a date fixed by the 年度 and every zip member the
same timestamp, so the same source gives the same file. Sheet structure:
docs/export-xlsx.md.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile

from ..model.derived import Derived
from ..model.report import Report
from .xlsx_sheets import Amount, Sheet, sheets

#: Characters XML 1.0 cannot hold (openpyxl refuses them); a source's text never
#: reaches a cell with one: it is shown as U+FFFD, as a terminal would show it escaped.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: Widths (in Excel's character units) of code, amount and 行次 columns, and the bounds of a label column.
CODE_WIDTH, AMOUNT_WIDTH, LINE_WIDTH, LABEL_MIN, LABEL_MAX, HEADING_MAX = 10, 14, 6, 16, 60, 18


def fixed_time(year: int) -> datetime.datetime:
    """The workbook's created / modified time: 31 December of the 年度 (the accounts' date)."""
    return datetime.datetime(max(1980, min(int(year), 2099)), 12, 31)


def export_xlsx(report: Report, derived: Derived) -> bytes:
    """The workbook's bytes."""
    from openpyxl import Workbook
    from openpyxl.packaging.custom import IntProperty, StringProperty
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    book.remove(book.active)
    for sheet in sheets(report, derived):
        _write(book.create_sheet(sheet.name), sheet)
    when = fixed_time(derived.year)
    props = book.properties
    props.creator = props.lastModifiedBy = "jsc"
    props.title = f"{derived.department}{derived.year}年度部门决算表"
    props.created = props.modified = when
    # For `jsc import` (docs/export-xlsx.md): who, which year and which layout, without parsing a title.
    for name, value in (("部门", derived.department), ("简称", derived.short_name or ""), ("版式", report.layout.name)):
        book.custom_doc_props.append(StringProperty(name=name, value=_ILLEGAL.sub("\ufffd", value)))
    book.custom_doc_props.append(IntProperty(name="年度", value=int(derived.year)))
    raw = io.BytesIO()
    # ExcelWriter, not Workbook.save: save stamps the modified time with the clock.
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()
    return _restamped(raw.getvalue(), when)


def _restamped(data: bytes, when: datetime.datetime) -> bytes:
    """The same zip with every member dated `when` (zipfile dates them with the clock)."""
    out = io.BytesIO()
    stamp = when.timetuple()[:6]
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def _write(ws, sheet: Sheet) -> None:
    """One sheet: values, then the PDF's look (borders, bold centred header, alignment), then print set-up."""
    _values(ws, sheet)
    _look(ws, sheet)
    _page(ws, sheet)


def _values(ws, sheet: Sheet) -> None:
    for (row, column), value in sorted(sheet.cells.items()):
        cell = ws.cell(row=row, column=column)
        if isinstance(value, Amount):
            # The printed Decimal, converted once, here: openpyxl writes it as a 16-digit double,
            # and a printed amount has far fewer digits, so the cell reads back exactly.
            cell.value = value.value
            cell.number_format = value.number_format
        else:
            cell.value = _ILLEGAL.sub("\ufffd", value)
            cell.data_type = "s"  # text, never a formula, whatever it begins with
    for first_row, first_column, last_row, last_column in sheet.merged:
        ws.merge_cells(start_row=first_row, start_column=first_column, end_row=last_row, end_column=last_column)


def _look(ws, sheet: Sheet) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    header, body = range(sheet.header[0], sheet.header[1] + 1), range(sheet.body[0], sheet.body[1] + 1)
    for row in range(sheet.header[0], sheet.body[1] + 1):
        for column in range(1, sheet.width + 1):
            cell = ws.cell(row=row, column=column)
            cell.border = box  # every cell of the table, merged and blank ones too, as the PDF rules them
            if row in header:
                cell.font = Font(bold=True)
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            elif (row, column) in sheet.centred:
                cell.alignment = Alignment(horizontal="center", vertical="center")
            elif (row, column) in sheet.indented:
                cell.alignment = Alignment(horizontal="left", indent=1, vertical="center", wrap_text=True)
            elif row in body and isinstance(sheet.cells.get((row, column)), str):
                cell.alignment = Alignment(vertical="center", wrap_text=True)
    ws.cell(row=1, column=1).font = Font(bold=True, size=16)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    for row in range(2, sheet.header[0]):  # 表号 and 单位, right as printed
        ws.cell(row=row, column=sheet.width).alignment = Alignment(horizontal="right")
    for row in range(sheet.body[1] + 1, sheet.row + 1):  # 注 and 说明
        ws.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")


def _page(ws, sheet: Sheet) -> None:
    from openpyxl.utils import get_column_letter

    widths = {column: _width(sheet, column) for column in range(1, sheet.width + 1)}
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = width
    # A spreadsheet does not grow a row for wrapped text it did not lay out itself: header
    # rows get the height of their longest heading (a 15-point line per wrapped line).
    spans = {(r, c): range(c, last + 1) for r, c, _, last in sheet.merged}
    for row in range(sheet.header[0], sheet.header[1] + 1):
        lines = max(
            (
                -(-_text_width(v) // int(sum(widths[k] for k in spans.get((r, c), (c,)))))
                for (r, c), v in sheet.cells.items() if r == row and isinstance(v, str)
            ),
            default=1,
        )
        if lines > 1:
            ws.row_dimensions[row].height = 15 * lines
    ws.freeze_panes = ws.cell(row=sheet.body[0], column=1)  # the header stays in view; jsc import reads it too
    ws.print_title_rows = f"{sheet.header[0]}:{sheet.header[1]}"
    ws.page_setup.orientation = "landscape" if sheet.landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _width(sheet: Sheet, column: int) -> float:
    """A column's width: what it holds in the body (amounts, 行次, codes or labels), and at
    least its own heading where the heading is a single cell (it wraps beyond HEADING_MAX)."""
    return max(_body_width(sheet, column), _heading_width(sheet, column))


def _text_width(text: str) -> int:
    """Excel's character units: a Chinese character is about two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _body_width(sheet: Sheet, column: int) -> float:
    values = [
        v for (r, c), v in sheet.cells.items()
        if c == column and sheet.body[0] <= r <= sheet.body[1] and (r, c) not in sheet.centred
    ]
    texts = [v for v in values if isinstance(v, str)]
    if not texts:
        return AMOUNT_WIDTH
    if all(len(v) <= 2 for v in texts):
        return LINE_WIDTH
    if all(v.isdigit() for v in texts):
        return CODE_WIDTH
    return max(LABEL_MIN, min(LABEL_MAX, max(map(_text_width, texts)) + 2))  # longer labels wrap


def _heading_width(sheet: Sheet, column: int) -> float:
    starts = {(r, c) for r, c, last_r, last_c in sheet.merged if last_c > c}
    headings = [
        v for (r, c), v in sheet.cells.items()
        if c == column and sheet.header[0] <= r <= sheet.header[1] and (r, c) not in starts and isinstance(v, str)
    ]
    return min(HEADING_MAX, max(map(_text_width, headings), default=0) + 2)
