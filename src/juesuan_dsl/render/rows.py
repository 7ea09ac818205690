"""Which rows and columns of a table a layout prints: the 类, 款 and 项 levels and the columns its layout.toml names.

Shared by the context (what the template prints) and the self-check (what the
PDF must hold), so the two never disagree about a row.
"""

from __future__ import annotations

from ..layout.model import TableStyle
from ..model.tables import CLASS_SUBTOTAL, ITEM, SECTION_SUBTOTAL, Column, Row

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
