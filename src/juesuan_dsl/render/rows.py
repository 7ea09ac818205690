"""Which rows and columns of a table a layout prints: the 类, 款 and 项 levels and the columns its layout.toml names.

Shared by the context (what the template prints) and the self-check (what the
PDF must hold), so the two never disagree about a row.
"""

from __future__ import annotations

from ..layout.model import TableStyle
from ..model.tables import (
    CLASS_SUBTOTAL,
    ECONOMIC_CATEGORY,
    ITEM,
    SECTION_SUBTOTAL,
    Column,
    EconomicTable,
    Row,
)

LEVEL_OF = {CLASS_SUBTOTAL: "类", SECTION_SUBTOTAL: "款", ITEM: "项"}


def listed(rows: tuple[Row, ...], style: TableStyle) -> tuple[Row, ...]:
    """The rows the layout prints: every row that is not a classification level, and the levels it lists."""
    return tuple(row for row in rows if LEVEL_OF.get(row.kind, "") in ("", *style.levels))


def shown_columns(columns: tuple[Column, ...], style: TableStyle) -> tuple[Column, ...]:
    """The columns the layout prints (printed_columns, in its order; all when it names none),
    numbered 1… as printed (栏次)."""
    if style.printed_columns is None:
        return columns
    by_key = {c.key: c for c in columns}
    picked = [by_key[k] for k in style.printed_columns if k in by_key]
    return tuple(Column(c.key, c.label, n) for n, c in enumerate(picked, start=1))


def regrouped(table: EconomicTable, style: TableStyle) -> tuple[tuple[Row, ...], ...]:
    """06's side-by-side groups: the model's, or the layout's `groups` of economic 类. A 类
    the layout does not name is listed (in its first group) when it has an amount, so no
    figure is dropped; an empty one is left out (上海 prints no 307 or 399)."""
    def shown(row: Row) -> bool:
        return row.key not in style.hide_when_empty or bool(row.cells.get("决算数"))

    if style.groups is None:
        return tuple(tuple(r for r in group if shown(r)) for group in table.groups)
    by_category: dict[str, list[Row]] = {}
    order: list[str] = []
    for row in (r for g in table.groups for r in g):
        if row.kind == ECONOMIC_CATEGORY:
            order.append(row.key)
        by_category.setdefault(order[-1], []).append(row)
    named = [c for group in style.groups for c in group]
    groups = [[c for c in group if c in by_category] for group in style.groups]
    groups[0] += [c for c in order if c not in named and any(r.cells.get("决算数") for r in by_category[c])]
    return tuple(tuple(r for c in group for r in by_category[c] if shown(r)) for group in groups)
