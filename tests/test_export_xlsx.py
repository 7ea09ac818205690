"""Tests for `jsc export --format xlsx` (outputs/xlsx.py, outputs/xlsx_sheets.py, docs/export-xlsx.md).

Every example is exported and read back with openpyxl. The workbook must equal
the PDF cell by cell: each sheet's title, header and body cells are compared
with the Typst source the PDF is compiled from (render_typst), token by token,
and a few figures are the real documents' own (the seed's 总计 840.70, the
Shanghai document's 26,591.08).
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import textwrap
import zipfile
from decimal import Decimal
from functools import cache
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.utils import get_column_letter
from test_derive import YUAN

from juesuan_dsl.cli import main
from juesuan_dsl.derive import derive
from juesuan_dsl.outputs.xlsx import export_xlsx, fixed_time
from juesuan_dsl.outputs.xlsx_sheets import SHEET_NAME_MAX, sheet_name
from juesuan_dsl.pipeline import check_file
from juesuan_dsl.render.typeset import render_typst

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.jsl"))
SEED = ROOT / "examples" / "quweiban-2024.jsl"
PUTUO = ROOT / "examples" / "putuo-wenlv-2025.jsl"
HUNAN_SHEETS = [f"公开0{n}表" for n in range(1, 10)]
SHANGHAI_SHEETS = [
    "收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
    "一般公共预算财政拨款基本支出决算表", "财政拨款“三公”经费支出决算表", "政府性基金预算财政拨款收入支出决算表",
    "国有资本经营预算财政拨款收入支出决算表",
]
FORMATS = {"0.00", "#,##0.00", "0"}


@cache
def _compiled(path: Path):
    result = check_file(path)
    return result.report, derive(result.report)


@cache
def _bytes(path: Path) -> bytes:
    return export_xlsx(*_compiled(path))


def _book(path: Path):
    return openpyxl.load_workbook(io.BytesIO(_bytes(path)))


# --- the Typst source the PDF is compiled from, as cell tokens ----------------------------

_STRING = r'"((?:[^"\\]|\\.)*)"'
_BODY_TOKEN = re.compile(rf'fig\("[^"]*", {_STRING}\)|{_STRING}|cell6\[\]|\[#h\(1em\)#{_STRING};\]')
_HEAD_TOKEN = re.compile(rf'{_STRING}|\[([^\[\]]*)\]')


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


@cache
def _typst(path: Path) -> str:
    return render_typst(*_compiled(path))


def _fin_table(path: Path, title: str) -> str:
    source = _typst(path)
    start = source.index(f'#fin-table(\n  title: "{title}"')
    return source[start : source.index("\n)\n", start)]


def _tokens(pattern: re.Pattern[str], text: str) -> list[str]:
    return [_unescape(next((g for g in m.groups() if g is not None), "")) for m in pattern.finditer(text)]


def _typst_cells(path: Path, title: str) -> tuple[list[str], list[str]]:
    """The header cells and the body cells of one printed table, in the order Typst places them."""
    chunk = _fin_table(path, title)
    header = chunk[chunk.index("  header: (") : chunk.index("\n  rows: (")]
    rows = chunk[chunk.index("\n  rows: (") : chunk.index("\n  notes: (")]
    return _tokens(_HEAD_TOKEN, header.removeprefix("  header: (")), _tokens(_BODY_TOKEN, rows)


def _shown(cell) -> str:
    """A cell as Excel shows it (and the PDF prints it): numbers by their number format."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    exact = Decimal(repr(value))
    return {"0.00": f"{exact:.2f}", "#,##0.00": f"{exact:,.2f}", "0": f"{exact:.0f}"}[cell.number_format]


def _covered(ws) -> set[tuple[int, int]]:
    """Cells inside a merged range other than its top-left one (Typst has no token for them)."""
    out = set()
    for r in ws.merged_cells.ranges:
        for row in range(r.min_row, r.max_row + 1):
            for column in range(r.min_col, r.max_col + 1):
                if (row, column) != (r.min_row, r.min_col):
                    out.add((row, column))
    return out


def _cells(ws, first: int, last: int) -> list[str]:
    covered = _covered(ws)
    return [
        _shown(ws.cell(row, column))
        for row in range(first, last + 1)
        for column in range(1, ws.max_column + 1)
        if (row, column) not in covered
    ]


def _header_first(ws) -> int:
    """The first header row: the row after the 单位 line."""
    return next(r for r in range(1, 6) if ws.cell(r, ws.max_column).value == "单位：万元") + 1


def _body_last(ws, first: int) -> int:
    """The last body row: the row before the first 注 or 说明 line (docs/export-xlsx.md)."""
    ends = (r for r in range(first, ws.max_row + 1) if str(ws.cell(r, 1).value or "").startswith(("注：", "说明：")))
    return next(ends, ws.max_row + 1) - 1


# --- every example, cell by cell ------------------------------------------------------------


def _assert_equals_the_pdf(path: Path) -> None:
    """Every sheet: title, header and body cells equal the PDF's table, token by token; the 注 lines."""
    report, _ = _compiled(path)
    book = _book(path)
    for ws, style in zip(book.worksheets, report.layout.tables, strict=True):
        assert ws["A1"].value == style.title
        assert f"A1:{get_column_letter(ws.max_column)}1" in {str(r) for r in ws.merged_cells.ranges}
        header, body = _typst_cells(path, style.title)
        first_body = int(re.match(r"[A-Z]+(\d+)", ws.freeze_panes).group(1))
        assert _cells(ws, _header_first(ws), first_body - 1) == header, ws.title
        last_body = _body_last(ws, first_body)
        assert _cells(ws, first_body, last_body) == body, ws.title
        notes = [str(ws.cell(r, 1).value) for r in range(last_body + 1, ws.max_row + 1)]
        assert notes[: len(style.notes)] == ["注：" + style.notes[0], *style.notes[1:]]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_sheet_equals_the_printed_table(path: Path) -> None:
    report, _ = _compiled(path)
    expected = SHANGHAI_SHEETS if report.layout.name == "上海" else HUNAN_SHEETS
    assert _book(path).sheetnames == expected
    _assert_equals_the_pdf(path)


def test_a_yuan_source_exports_the_balanced_printed_cells(tmp_path: Path) -> None:
    """舍位平衡: the workbook holds the printed (moved) cell, as the PDF does, not its own rounding."""
    path = tmp_path / "yuan.jsl"
    path.write_text(textwrap.dedent(YUAN), encoding="utf-8")
    _assert_equals_the_pdf(path)
    book = _book(path)
    row = next(r for r in book["公开02表"].iter_rows(values_only=True) if r[0] == "2080505")
    assert row[3] == 55.55  # 555555 元 = 55.5555 万元, printed 55.55 so that the column adds up


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_amounts_are_numbers_with_the_tables_number_format(path: Path) -> None:
    report, derived = _compiled(path)
    thousands = report.layout.numbers.thousands
    amounts = 0
    for ws in _book(path).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, (int, float)):
                    amounts += 1
                    assert cell.data_type == "n" and cell.number_format in FORMATS, cell.coordinate
                    if cell.value != 0:
                        assert cell.number_format == ("#,##0.00" if thousands else "0.00")
                elif cell.value is not None:
                    assert cell.data_type == "s"
    assert amounts > 50


def test_seed_figures_and_headers() -> None:
    book = _book(SEED)
    t01 = book["公开01表"]
    assert [t01[c].value for c in ("A1", "F2", "A3", "F3")] == ["收入支出决算总表", "公开01表", "部门：区委办", "单位：万元"]
    assert [t01.cell(19, c).value for c in range(1, 7)] == ["总计", "13", 840.70, "总计", "26", 840.70]  # 收支总计
    assert t01["C7"].number_format == "0.00"
    assert {str(r) for r in t01.merged_cells.ranges} == {"A1:F1", "A3:E3", "A4:C4", "D4:F4", "A20:F20", "A21:F21"}
    t02 = book["公开02表"]
    assert {"A4:B4", "C4:C5", "I4:I5", "A6:B6", "A7:B7"} <= {str(r) for r in t02.merged_cells.ranges}
    assert [t02.cell(8, c).value for c in (1, 2, 3)] == ["2012601", "行政运行", 145.09]
    t09 = book["公开09表"]
    assert {"A4:F4", "G4:L4", "A5:A6", "C5:E5", "I5:K5", "L5:L6"} <= {str(r) for r in t09.merged_cells.ranges}
    assert [t09.cell(7, c).value for c in (1, 12)] == ["1", "12"]  # the 栏次 row
    assert [t09.cell(8, c).value for c in (1, 7, 8, 12)] == [4.80, 9.00, 5.38, 0.13]
    t07 = book["公开07表"]
    assert (t07["A8"].value, t07["A10"].value) == ("无", "说明：我单位没有政府性基金收入，也没有使用政府性基金安排的支出，故本表无数据。")


def test_shanghai_figures_and_headers() -> None:
    book = _book(PUTUO)
    t01 = book["收入支出决算总表"]
    assert [t01[c].value for c in ("A2", "D2")] == ["编制单位：上海市普陀区文化和旅游局", "单位：万元"]
    assert [t01.cell(32, c).value for c in range(1, 5)] == ["总计", 26591.08, "总计", 26591.08]
    assert t01["B5"].number_format == "#,##0.00" and t01["B6"].value == 2002.80
    assert t01["B31"].value == 52.61  # 年初结转和结余
    t05 = book["一般公共预算财政拨款支出决算表"]
    assert [t05.cell(6, c).value for c in range(1, 6)] == ["合计", None, 24535.67, 9800.36, 14735.31]
    t09 = book["财政拨款“三公”经费支出决算表"]
    assert {"A3:L3", "A4:B5", "E4:J4", "E5:F5", "K4:L5"} <= {str(r) for r in t09.merged_cells.ranges}
    assert [t09.cell(6, c).value for c in (1, 2)] == ["预算数", "决算数"]
    # 上海 prints 0 in the empty 三公 cells: a number 0 shown as "0".
    assert [(t09.cell(7, c).value, t09.cell(7, c).number_format) for c in (1, 2, 3)] == [
        (11.49, "#,##0.00"), (3.04, "#,##0.00"), (0, "0")]
    funds = book["政府性基金预算财政拨款收入支出决算表"]
    assert [funds.cell(6, c).value for c in range(1, 9)] == ["合计", None, 0, 2002.80, 2002.80, 0, 2002.80, 0]


def test_amount_cells_hold_the_printed_decimal_exactly() -> None:
    with zipfile.ZipFile(io.BytesIO(_bytes(PUTUO))) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert '<v>26591.08</v>' in sheet and '<v>2002.8</v>' in sheet


# --- determinism --------------------------------------------------------------------------


def test_workbook_is_byte_identical_and_dated_by_the_year(tmp_path: Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for out in (first, second):
        result = CliRunner().invoke(main, ["export", "--format", "xlsx", str(SEED), "-o", str(out)])
        assert result.exit_code == 0, result.output
    assert first.read_bytes() == second.read_bytes() == _bytes(SEED)
    with zipfile.ZipFile(first) as book:
        assert {info.date_time for info in book.infolist()} == {(2024, 12, 31, 0, 0, 0)}
        core = book.read("docProps/core.xml").decode("utf-8")
    assert core.count("2024-12-31T00:00:00Z") == 2  # created and modified
    book = openpyxl.load_workbook(first)
    assert book.properties.created == book.properties.modified == fixed_time(2024)
    assert book.properties.title == "中共株洲市天元区委办公室2024年度部门决算表"
    assert {p.name: p.value for p in book.custom_doc_props} == {
        "部门": "中共株洲市天元区委办公室", "简称": "区委办", "版式": "湖南", "年度": 2024}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx"]  # no temporary file left


# --- the command line -----------------------------------------------------------------------


def test_xlsx_to_stdout_is_refused_with_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["export", "--format", "xlsx", str(SEED)])
    assert result.exit_code == 2
    assert "--format xlsx 须用 -o 指定输出文件" in result.stderr
    assert result.stdout == ""


def test_a_source_with_errors_writes_nothing_and_leaves_the_old_book(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsl"
    bad.write_text('年度 2024\n部门 "x"\n收入 {\n  2999999 一般公共预算 1\n}\n', encoding="utf-8")
    new, old = tmp_path / "new.xlsx", tmp_path / "old.xlsx"
    old.write_bytes(b"earlier book")
    for out in (new, old):
        result = CliRunner().invoke(main, ["export", "--format", "xlsx", str(bad), "-o", str(out)])
        assert result.exit_code == 1
        assert "JSC-E0401" in result.stderr
    assert not new.exists() and old.read_bytes() == b"earlier book"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsl", "old.xlsx"]


def test_the_source_is_never_the_output(tmp_path: Path) -> None:
    source = tmp_path / "dept.jsl"
    source.write_bytes(SEED.read_bytes())
    result = CliRunner().invoke(main, ["export", "--format", "xlsx", str(source), "-o", str(source)])
    assert result.exit_code == 1
    assert source.read_bytes() == SEED.read_bytes()


def test_help_and_build_path_do_not_import_openpyxl() -> None:
    code = (
        "import sys\n"
        "from juesuan_dsl.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "from pathlib import Path\n"
        "from juesuan_dsl.pipeline import check_file\n"
        "from juesuan_dsl.derive import derive\n"
        "from juesuan_dsl.render.typeset import render_typst\n"
        f"r = check_file(Path({str(SEED)!r}))\n"
        "render_typst(r.report, derive(r.report))\n"
        "print(sorted(m for m in sys.modules if m.startswith(('openpyxl', 'juesuan_dsl.outputs.xlsx'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


# --- sheet names and text cells -------------------------------------------------------------


def test_sheet_names_obey_excels_rules() -> None:
    taken: set[str] = set()
    long = {"id": "02", "number": "", "title": "收入决算表[2024]：本级/下属单位*汇总?" + "很长" * 20}
    first = sheet_name(long, taken)
    second = sheet_name(long, taken)
    assert first == ("收入决算表2024：本级下属单位汇总" + "很长" * 20)[:SHEET_NAME_MAX]
    assert len(second) == SHEET_NAME_MAX and second.endswith("(2)") and second != first
    assert sheet_name({"id": "01", "number": "公开01表", "title": "收入支出决算总表"}, taken) == "公开01表"


def test_text_that_looks_like_a_formula_stays_text() -> None:
    from openpyxl import Workbook

    from juesuan_dsl.outputs.xlsx import _write
    from juesuan_dsl.outputs.xlsx_sheets import Sheet

    sheet = Sheet("t", "02", "t", 3, False, header=(2, 2), body=(3, 3))
    for column, text in enumerate(("=SUM(A1:A9)", "名称\x07", "+1"), start=1):
        sheet.put(3, column, text)
    book = Workbook()
    _write(book.active, sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    ws = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    assert [(c.value, c.data_type) for c in ws[3]] == [("=SUM(A1:A9)", "s"), ("名称\ufffd", "s"), ("+1", "s")]
