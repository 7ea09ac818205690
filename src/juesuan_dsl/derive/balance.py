"""Derive, step 2: 舍位平衡 — printed values that add up, built on money.balance_round.

Two shapes occur in the tables. A *grid* (rows × columns, e.g. 03: 项 × 支出性质)
has column totals and a grand total; a *tree* (01, 06, 09: 总计 → 本年收入合计 →
sources) has totals made of parts at several levels. In both, the top total is
printed as its own rounding, each level's parts are balanced against their
printed parent, and every printed total is the sum of its printed parts.

For a 万元 source at cents every value is already printable: rounding changes
nothing and nothing moves. Table rows (tables.Row) are also made here, so that
"zero prints empty" is decided in one place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..core.money import balance_round, round_half_up
from ..core.source import Span
from ..model.tables import AdjustedCell, Row
from .ledger import ZERO, Q

CENT = Decimal("0.01")


def printed(value: Decimal) -> Decimal:
    """A value's own rounding to cents (what prints when nothing needs balancing)."""
    return round_half_up(value, 2)


def _try_balance(parts: Sequence[Decimal], total: Decimal) -> tuple[Decimal, ...] | None:
    """Round parts so they add up to `total`, never moving an exact zero (an empty
    cell stays empty); None when that is impossible."""
    movable = [i for i, p in enumerate(parts) if p != 0]
    out = [ZERO] * len(parts)
    if not movable:
        return tuple(out) if total == 0 else None
    try:
        rounded = balance_round([parts[i] for i in movable], 2, total)[0]
    except ValueError:
        return None
    for i, value in zip(movable, rounded):
        out[i] = value
    return tuple(out)


def _balance(parts: Sequence[Decimal], total: Decimal) -> tuple[Decimal, ...]:
    """Round parts so they add up to the printed total; each part's own rounding if
    impossible (the parts do not add up to the total: a data error the bureau
    checks report, or totals pinned by other tables that cannot all hold)."""
    found = _try_balance(parts, total)
    return found if found is not None else tuple(printed(p) for p in parts)


@dataclass(frozen=True, slots=True)
class Grid:
    """A balanced grid: cells[r][c], column totals, row totals (sums of cells), grand total."""

    cells: tuple[tuple[Decimal, ...], ...]
    column_totals: tuple[Decimal, ...]
    row_totals: tuple[Decimal, ...]
    grand: Decimal


def balance_grid(
    cells: Sequence[Sequence[Decimal]],
    width: int,
    pins: Mapping[int, Decimal] | None = None,
    grand: Decimal | None = None,
) -> Grid:
    """舍位平衡 of a grid. Column totals are balanced against the printed grand total
    (`grand` if it is a rounding of the exact one, else the exact one rounded), then
    each column's cells against its column total. `pins` fixes some column totals
    to values printed in another table (04's 一般公共预算 column = 05's 合计), when
    each is a rounding of its exact column total and the rest can absorb the gap."""
    col_exact = [sum((row[c] for row in cells), ZERO) for c in range(width)]
    grand_exact = sum(col_exact, ZERO)
    top = grand if grand is not None and abs(grand - grand_exact) < CENT else printed(grand_exact)
    fixed = {c: v for c, v in (pins or {}).items() if abs(v - col_exact[c]) < CENT}
    free = [c for c in range(width) if c not in fixed]
    found = _try_balance([col_exact[c] for c in free], top - sum(fixed.values(), ZERO))
    if found is None:  # the pins disagree with the total: ignore them
        fixed, free = {}, list(range(width))
        found = _balance(col_exact, top)
    col_printed = dict(fixed)
    col_printed.update(zip(free, found))
    columns = [_balance([row[c] for row in cells], col_printed[c]) for c in range(width)]
    rows = tuple(tuple(columns[c][r] for c in range(width)) for r in range(len(cells)))
    totals = tuple(col_printed[c] for c in range(width))
    return Grid(rows, totals, tuple(sum(r, ZERO) for r in rows), sum(totals, ZERO))


@dataclass(frozen=True, slots=True)
class Node:
    """A total and its parts for tree balancing: key, exact value, children."""

    key: str
    exact: Decimal
    children: tuple[Node, ...] = ()


def balance_tree(root: Node, pins: Mapping[str, Decimal] | None = None) -> dict[str, Decimal]:
    """Printed value of every node. The root rounds; each node's children are
    balanced against it. `pins` fixes nodes to values printed in another table
    (01's 本年收入合计 = 02's 合计) when each is a rounding of the node's exact
    value; their unpinned siblings absorb the difference. Virtual nodes (keys
    no table prints) may group parts, e.g. 财政拨款 over its three fund kinds."""
    pins = pins or {}
    out: dict[str, Decimal] = {}

    def pin_of(node: Node) -> Decimal | None:
        value = pins.get(node.key)
        return value if value is not None and abs(value - node.exact) < CENT else None

    def walk(node: Node, value: Decimal) -> None:
        out[node.key] = value
        if not node.children:
            return
        exact = [c.exact for c in node.children]
        fixed = {i: pin_of(c) for i, c in enumerate(node.children) if pin_of(c) is not None}
        free = [i for i in range(len(exact)) if i not in fixed]
        found = _try_balance([exact[i] for i in free], value - sum(fixed.values(), ZERO))
        if found is None:
            # The pinned siblings leave a gap the others cannot absorb: drop the pins here.
            fixed, free = {}, list(range(len(exact)))
            found = _balance(exact, value)
        parts = dict(fixed)
        parts.update(zip(free, found))
        for i, child in enumerate(node.children):
            walk(child, parts[i])

    walk(root, pin_of(root) if pin_of(root) is not None else printed(root.exact))
    return out


def make_row(
    kind: str,
    key: str,
    label: str,
    values: Mapping[str, tuple[Q, Decimal]],
    code: str | None = None,
    name: str | None = None,
    line: int | None = None,
) -> Row:
    """A table row from column -> (exact Q, printed value); printed zero is an empty cell."""
    cells = {c: (p if p != 0 else None) for c, (_, p) in values.items()}
    exact = {c: q.value for c, (q, _) in values.items()}
    inputs: dict[str, tuple[Span, ...]] = {c: q.spans for c, (q, _) in values.items()}
    return Row(kind, key, label, code, name, line, cells, exact, inputs)


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
