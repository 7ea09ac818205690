"""A user's catalog CSV (code,name): entries plus problems, never exceptions."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from .entry import CatalogEntry, CatalogProblem, Classification, level_of

# Header aliases: the English ones are documented; the Chinese ones are what
# a sheet exported from budget software usually carries.
_CODE_HEADERS = frozenset({"code", "编码", "科目编码", "功能分类科目编码", "经济分类科目编码"})
_NAME_HEADERS = frozenset({"name", "名称", "科目名称"})

# Tried in order. Excel on a Chinese Windows saves "CSV" in GBK; GB18030 is its superset.
_ENCODINGS = ("utf-8-sig", "gb18030")


def load_user_csv(
    path: str | os.PathLike[str],
    classification: Classification = Classification.FUNCTION,
) -> tuple[tuple[CatalogEntry, ...], tuple[CatalogProblem, ...]]:
    """Entries of a user's CSV with header `code,name` (more columns are ignored).

    Levels come from code lengths. Rows are numbered as records with the header
    as row 1 (Excel's numbering). Blank rows are skipped; a bad row becomes a
    problem and is left out; for a repeated code the first row is kept."""
    source = os.fspath(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        return (), (CatalogProblem(source, None, "unreadable", f"无法读取科目文件：{error.strerror or error}"),)
    text = _decode(data)
    if text is None:
        message = "科目文件既不是 UTF-8 编码，也不是 GBK/GB18030 编码，请另存为 UTF-8 CSV"
        return (), (CatalogProblem(source, None, "encoding", message),)
    return _parse(text, source, classification)


def _decode(data: bytes) -> str | None:
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _parse(
    text: str, source: str, classification: Classification
) -> tuple[tuple[CatalogEntry, ...], tuple[CatalogProblem, ...]]:
    entries: dict[str, CatalogEntry] = {}
    first_row: dict[str, int] = {}
    problems: list[CatalogProblem] = []

    def problem(row: int | None, kind: str, message: str) -> None:
        problems.append(CatalogProblem(source, row, kind, message))

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    columns: tuple[int, int] | None = None
    row_number = 0
    try:
        for row_number, cells in enumerate(reader, start=1):
            cells = [cell.strip() for cell in cells]
            if not any(cells):
                continue
            if columns is None:
                columns = _header_columns(cells)
                if columns is None:
                    problem(row_number, "header", "表头应包含 code 和 name 两列（或“科目编码”“科目名称”）")
                    break
                continue
            code_at, name_at = columns
            code = cells[code_at] if code_at < len(cells) else ""
            name = cells[name_at] if name_at < len(cells) else ""
            level = level_of(code, classification)
            if level is None:
                problem(row_number, "code", _bad_code_message(code, classification))
            elif not name:
                problem(row_number, "name", f"编码 {code} 缺少科目名称")
            elif code in entries:
                problem(row_number, "duplicate", f"编码 {code} 重复，沿用第 {first_row[code]} 行")
            else:
                entries[code] = CatalogEntry(code, name, level, source)
                first_row[code] = row_number
    except csv.Error as error:
        # Malformed quoting or a NUL byte: keep what was read so far.
        problem(row_number + 1, "csv", f"CSV 格式错误：{error}")
    if columns is None and not problems:
        problem(None, "header", "科目文件为空，应有表头 code,name")
    return tuple(entries.values()), tuple(problems)


def _header_columns(cells: list[str]) -> tuple[int, int] | None:
    lowered = [cell.lower() for cell in cells]
    code_at = next((i for i, cell in enumerate(lowered) if cell in _CODE_HEADERS), None)
    name_at = next((i for i, cell in enumerate(lowered) if cell in _NAME_HEADERS), None)
    if code_at is None or name_at is None:
        return None
    return code_at, name_at


def _bad_code_message(code: str, classification: Classification) -> str:
    lengths = "、".join(str(n) for n in sorted(classification.levels))
    shown = f"“{code}”" if code else "（空）"
    return f"编码{shown}不是有效的{classification.title}编码（应为 {lengths} 位数字）"
