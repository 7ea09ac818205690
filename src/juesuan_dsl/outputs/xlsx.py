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
#: Widths (characters) of code, label and amount columns.
CODE_WIDTH, LABEL_WIDTH, AMOUNT_WIDTH, LINE_WIDTH = 12, 34, 15, 6


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
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    table_rows = range(sheet.header[0], sheet.body[1] + 1)
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
    # Borders on every cell of the table (merged and blank ones too), as the PDF rules them.
    for row in table_rows:
        for column in range(1, sheet.width + 1):
            ws.cell(row=row, column=column).border = box
    for row, column in ((r, c) for r in range(sheet.header[0], sheet.header[1] + 1) for c in range(1, sheet.width + 1)):
        cell = ws.cell(row=row, column=column)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    title = ws.cell(row=1, column=1)
    title.font = Font(bold=True, size=16)
    title.alignment = Alignment(horizontal="center", vertical="center")
    for row in range(2, sheet.header[0]):
        ws.cell(row=row, column=sheet.width).alignment = Alignment(horizontal="right")
    for row, column in sheet.centred:
        ws.cell(row=row, column=column).alignment = Alignment(horizontal="center", vertical="center")
    for row, column in sheet.indented:
        ws.cell(row=row, column=column).alignment = Alignment(indent=1)
    for row in range(sheet.body[1] + 1, sheet.row + 1):
        ws.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    for first_row, first_column, last_row, last_column in sheet.merged:
        ws.merge_cells(start_row=first_row, start_column=first_column, end_row=last_row, end_column=last_column)
    for column in range(1, sheet.width + 1):
        ws.column_dimensions[get_column_letter(column)].width = _width(sheet, column)
    ws.freeze_panes = ws.cell(row=sheet.body[0], column=1)  # the header stays in view; jsc import reads it too
    ws.print_title_rows = f"{sheet.header[0]}:{sheet.header[1]}"
    ws.page_setup.orientation = "landscape" if sheet.landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _width(sheet: Sheet, column: int) -> float:
    """A column's width from what it holds in the body: amounts, short codes or 行次, or labels."""
    values = [
        v for (r, c), v in sheet.cells.items()
        if c == column and sheet.body[0] <= r <= sheet.body[1] and (r, c) not in sheet.centred
    ]
    if values and all(isinstance(v, Amount) for v in values):
        return AMOUNT_WIDTH
    texts = [v for v in values if isinstance(v, str)]
    if texts and all(len(v) <= 2 for v in texts):
        return LINE_WIDTH
    if texts and all(v.isdigit() for v in texts if v):
        return CODE_WIDTH
    if not texts:
        return AMOUNT_WIDTH
    return LABEL_WIDTH
