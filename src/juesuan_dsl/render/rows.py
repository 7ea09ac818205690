"""Which rows of a table a layout lists: the 类, 款 and 项 levels its layout.toml names.

Shared by the context (what the template prints) and the self-check (what the
PDF must hold), so the two never disagree about a row.
"""

from __future__ import annotations

from ..layout.model import TableStyle
from ..model.tables import CLASS_SUBTOTAL, ITEM, SECTION_SUBTOTAL, Row

_LEVEL_OF = {CLASS_SUBTOTAL: "类", SECTION_SUBTOTAL: "款", ITEM: "项"}


def listed(rows: tuple[Row, ...], style: TableStyle) -> tuple[Row, ...]:
    """The rows the layout prints: every row that is not a classification level, and the levels it lists."""
    return tuple(row for row in rows if _LEVEL_OF.get(row.kind, "") in ("", *style.levels))
