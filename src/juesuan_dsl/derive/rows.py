"""Derive: table rows (tables.Row) from exact sums and their printed (舍位平衡, core/balancing.py) values.

Rows are made only here, so that "zero prints empty" is decided in one place,
and so is which cells 舍位平衡 moved away from their own rounding.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from ..core.balancing import printed
from ..core.sums import Sum
from ..model.tables import AdjustedCell, Row
from .ledger import ZERO


def make_row(
    kind: str,
    key: str,
    label: str,
    values: Mapping[str, tuple[Sum, Decimal]],
    code: str | None = None,
    name: str | None = None,
    line: int | None = None,
) -> Row:
    """A table row from column -> (exact Sum, printed value); printed zero is an empty cell.
    A stated figure kept (Sum.kept) prints as stated, whatever its parts add up to."""
    cells = {c: ((printed(q.value) if q.kept else p) or None) for c, (q, p) in values.items()}
    exact = {c: q.value for c, (q, _) in values.items()}
    sums = {c: q for c, (q, _) in values.items()}
    return Row(kind, key, label, code, name, line, cells, exact, sums)


def blank_row(line: int | None, columns: Sequence[str], key: str) -> Row:
    """A padding row: no label, every cell empty."""
    return Row("blank", key, "", None, None, line, {c: None for c in columns}, {c: ZERO for c in columns})


def adjusted(table: str, rows: Sequence[Row]) -> list[AdjustedCell]:
    """Cells whose printed value is not their own rounding (moved by 舍位平衡)."""
    found = []
    for row in rows:
        for column, exact in row.exact.items():
            shown = row.printed(column)
            if shown != printed(exact):
                found.append(AdjustedCell(table, row.key, column, exact, shown))
    return found
