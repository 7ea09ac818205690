"""Read and check a layout folder's layout.toml; find the built-in layouts by their names.

Every problem is a LayoutError with one sentence naming the key, so that the
source's 版式 line can report it; a layout is never half-loaded.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from ..core.resources import resource_dir
from .model import (
    CATEGORY_LISTINGS,
    CONTENTS,
    LEVELS,
    TABLE_IDS,
    Layout,
    NumberStyle,
    TableStyle,
)

DATA_FILE = "layout.toml"
DEFAULT = "湖南"


class LayoutError(Exception):
    """A layout folder that cannot be used, with the reason in one sentence."""


def builtin_root() -> Path:
    return resource_dir("templates") / "layouts"


@cache
def builtin_folders() -> dict[str, Path]:
    """The shipped layouts: name (as in layout.toml) -> folder, in folder order."""
    found: dict[str, Path] = {}
    for data in sorted(builtin_root().glob(f"*/{DATA_FILE}")):
        found[_read(data).get("name", data.parent.name)] = data.parent
    return found


@cache
def builtin_layout(name: str = DEFAULT) -> Layout:
    folders = builtin_folders()
    if name not in folders:
        raise LayoutError(f"没有名为“{name}”的内置版式")
    return load_layout(folders[name], builtin=True)


def load_layout(folder: Path, builtin: bool = False) -> Layout:
    """The layout in `folder` (its layout.toml and templates), checked."""
    data = _read(folder / DATA_FILE)
    _only(data, "", {"name", "document", "wording", "numbers", "tables", "glossary", "texts", "contents"})
    numbers = _table(data, "numbers")
    _only(numbers, "numbers", {"percent_places", "thousands_separator", "empty_cell", "text_cents"})
    places = _get(numbers, "percent_places", int, 1, "numbers.")
    if not 0 <= places <= 4:
        raise LayoutError(f"numbers.percent_places 应为 0 到 4，写的是 {places}")
    style = NumberStyle(places, _get(numbers, "thousands_separator", bool, False, "numbers."),
                        _get(numbers, "empty_cell", str, "", "numbers."),
                        _get(numbers, "text_cents", bool, False, "numbers."))
    return Layout(
        name=_get(data, "name", str, None),
        folder=folder,
        builtin=builtin,
        document=_template(folder, _get(data, "document", str, None), "document"),
        numbers=style,
        tables=_tables(folder, data.get("tables", [])),
        glossary=_glossary(data.get("glossary", [])),
        texts=_texts(_table(data, "texts")),
        contents=_contents(data.get("contents", list(CONTENTS))),
        wording=_template(folder, _get(data, "wording", str, "wording.j2"), "wording"),
    )


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise LayoutError(f"文件夹中没有 {DATA_FILE}") from None
    except OSError as exc:
        raise LayoutError(f"{DATA_FILE} 无法读取：{exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise LayoutError(f"{DATA_FILE} 不是有效的 TOML：{exc}") from None


def _only(data: dict[str, Any], where: str, allowed: set[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        prefix = f"{where}." if where else ""
        raise LayoutError(f"{DATA_FILE} 中有未知的键 {prefix}{unknown[0]}（可用：{'、'.join(sorted(allowed))}）")


def _get(data: dict[str, Any], key: str, kind: type, default: Any, where: str = "") -> Any:
    if key not in data:
        if default is None:
            raise LayoutError(f"{DATA_FILE} 缺少 {where}{key}")
        return default
    value = data[key]
    if type(value) is not kind:  # bool is an int subclass: compare exactly
        raise LayoutError(f"{DATA_FILE} 中 {where}{key} 的值类型不对（应为 {kind.__name__}）")
    return value


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise LayoutError(f"{DATA_FILE} 中 {key} 应为一个表（[{key}]）")
    return value


def _template(folder: Path, name: str, where: str) -> str:
    """A template path inside the folder, written with /."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not name:
        raise LayoutError(f"{where} 的模板“{name}”须是版式文件夹内的相对路径")
    if not (folder / path).is_file():
        raise LayoutError(f"{where} 的模板“{name}”不存在")
    return str(path)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise LayoutError(f"{DATA_FILE} 中 {where} 应为文字的列表")
    return tuple(value)


def _tables(folder: Path, rows: Any) -> tuple[TableStyle, ...]:
    if not isinstance(rows, list):
        raise LayoutError(f"{DATA_FILE} 中 tables 应写作 [[tables]]")
    seen: set[str] = set()
    tables = []
    for n, row in enumerate(rows, 1):
        where = f"第 {n} 个 [[tables]] 的 "
        if not isinstance(row, dict):
            raise LayoutError(f"{DATA_FILE} 中 tables 应写作 [[tables]]")
        _only(row, "tables", {"id", "template", "title", "number", "levels", "columns", "notes", "empty_remark",
                    "categories", "body_rows", "empty_cell", "printed_columns", "groups", "labels", "hide_when_empty"})
        table_id = _get(row, "id", str, None, where)
        if table_id not in TABLE_IDS:
            raise LayoutError(f"{where}id “{table_id}”不是表的编号（可用：{'、'.join(TABLE_IDS)}）")
        if table_id in seen:
            raise LayoutError(f"表 {table_id} 在 [[tables]] 中写了两次")
        seen.add(table_id)
        levels = _strings(row.get("levels", ["项"]), f"表 {table_id} 的 levels")
        if not levels or any(level not in LEVELS for level in levels):
            raise LayoutError(f"表 {table_id} 的 levels 只能是 类、款、项 中的几个")
        columns = _table(row, "columns")
        if not all(isinstance(v, str) for v in columns.values()):
            raise LayoutError(f"{where}columns 的值应为文字")
        labels = _table(row, "labels")
        if not all(isinstance(v, str) for v in labels.values()):
            raise LayoutError(f"{where}labels 的值应为文字")
        categories = _get(row, "categories", str, "spent", where)
        if categories not in CATEGORY_LISTINGS:
            raise LayoutError(f"表 {table_id} 的 categories 只能是 {' 或 '.join(CATEGORY_LISTINGS)}，写的是“{categories}”")
        body_rows = _get(row, "body_rows", int, 0, where)
        if not 0 <= body_rows <= 60:
            raise LayoutError(f"表 {table_id} 的 body_rows 应为 0 到 60，写的是 {body_rows}")
        tables.append(TableStyle(
            id=table_id,
            template=_template(folder, _get(row, "template", str, None, where), f"表 {table_id}"),
            title=_get(row, "title", str, None, where),
            number=_get(row, "number", str, "", where),
            levels=levels,
            columns=dict(columns),
            notes=_strings(row.get("notes", []), f"表 {table_id} 的 notes"),
            empty_remark=_get(row, "empty_remark", str, "", where),
            categories=categories,
            body_rows=body_rows,
            empty_cell=_get(row, "empty_cell", str, "", where) if "empty_cell" in row else None,
            printed_columns=_strings(row["printed_columns"], f"表 {table_id} 的 printed_columns") if "printed_columns" in row else None,
            groups=_groups(row["groups"], table_id) if "groups" in row else None,
            labels=dict(labels),
            hide_when_empty=frozenset(_strings(row.get("hide_when_empty", []), f"表 {table_id} 的 hide_when_empty")),
        ))
    return tuple(tables)


def _groups(value: Any, table_id: str) -> tuple[tuple[str, ...], ...]:
    """06's column groups: a list of lists of economic 类 codes (301 …)."""
    if not isinstance(value, list) or not value:
        raise LayoutError(f"表 {table_id} 的 groups 应为经济分类类编码的列表的列表")
    return tuple(_strings(group, f"表 {table_id} 的 groups") for group in value)


def _glossary(rows: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise LayoutError(f"{DATA_FILE} 中 glossary 应写作 [[glossary]]")
    out = []
    for n, row in enumerate(rows, 1):
        where = f"第 {n} 个 [[glossary]] 的 "
        _only(row, "glossary", {"term", "text"})
        out.append((_get(row, "term", str, None, where), _get(row, "text", str, None, where)))
    return tuple(out)


def _texts(data: dict[str, Any]) -> dict[str, str]:
    for key, value in data.items():
        if not isinstance(value, str):
            raise LayoutError(f"{DATA_FILE} 中 texts.{key} 应为文字")
    return dict(data)


def _contents(value: Any) -> tuple[str, ...]:
    found = _strings(value, "contents")
    unknown = [c for c in found if c not in CONTENTS]
    if unknown:
        raise LayoutError(f"contents 中的“{unknown[0]}”不是可选的内容（可用：{'、'.join(CONTENTS)}）")
    return found
