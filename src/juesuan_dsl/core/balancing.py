"""舍位平衡: rounding parts to cents so that the printed parts add up to their printed total.

Three shapes, one rule each, used by every table and section that prints a total
with its parts:
* ``balance_round``: a list of parts against one total — largest remainder,
  one cent per part at most.
* ``balance_grid``: rows × columns (03: 项 × 支出性质) with column totals and a
  grand total; the grand total rounds, columns balance against it, cells against
  their column.
* ``balance_tree``: totals made of parts at several levels (01, 06, 09: 总计 →
  本年收入合计 → sources); the root rounds, each node's children balance against it.
Grids and trees never move an exact zero (an empty cell stays empty), and every
printed total in them is the sum of its printed parts. For a 万元 source at cents every
value is already printable: nothing moves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext

# money's argument guards (a float is refused here as everywhere in money).
from .money import _PREC, CENT, Number, _dec, _places, _ulp, round_half_up

__all__ = ["Grid", "Node", "balance_grid", "balance_round", "balance_tree", "printed"]

ZERO = Decimal(0)


def printed(value: Decimal) -> Decimal:
    """A value's own rounding to cents (what prints when nothing needs balancing)."""
    return round_half_up(value, 2)


def balance_round(
    parts: Sequence[Number], total_places: int = 2, total: Number | None = None
) -> tuple[tuple[Decimal, ...], tuple[int, ...]]:
    """舍位平衡: round ``parts`` so that they add up exactly to the rounded total.

    Each part is rounded half-up to ``total_places`` decimals. The target is
    ``total`` (default: the exact sum of the parts) rounded the same way. If the
    rounded parts miss the target by n units of the last place, the n parts
    whose remainders (exact − rounded) point most strongly in the needed
    direction move by one unit each; ties go to the larger absolute value, then
    to the first index. Returns the rounded parts and the sorted indices moved.
    Raises ValueError when the gap exceeds one unit per part, which means the
    given total is not a rounding of the parts' sum (a data error, not rounding).
    """
    exact = [_dec(x, f"parts[{i}]") for i, x in enumerate(parts)]
    places = _places(total_places)
    ulp = _ulp(places)
    rounded = [round_half_up(x, places) for x in exact]
    with localcontext() as ctx:
        ctx.prec = _PREC
        target = round_half_up(sum(exact, Decimal(0)) if total is None else _dec(total, "total"), places)
        gap = int((target - sum(rounded, Decimal(0))) / ulp)
    if gap == 0:
        return tuple(rounded), ()
    if abs(gap) > len(exact):
        raise ValueError(f"total {target} is more than one unit per part away from the parts")
    step = ulp if gap > 0 else -ulp
    sign = 1 if gap > 0 else -1

    def rank(i: int) -> tuple[Decimal, Decimal, int]:
        # Bumping up: the parts rounded down the most come first (largest remainder);
        # bumping down: the parts rounded up the most.
        return (-sign * (exact[i] - rounded[i]), -abs(exact[i]), i)

    chosen = sorted(sorted(range(len(exact)), key=rank)[: abs(gap)])
    for i in chosen:
        rounded[i] = rounded[i] + step
        if rounded[i].is_zero():
            rounded[i] = rounded[i].copy_abs()
    return tuple(rounded), tuple(chosen)


def _try_balance(parts: Sequence[Decimal], total: Decimal) -> tuple[Decimal, ...] | None:
    """Round parts so they add up to `total`, never moving an exact zero (an empty
    cell stays empty) nor parts that are all exact cents (a 万元 source's own facts
    print as written, even under a stated total they do not add up to); None when
    that is impossible."""
    if all(printed(p) == p for p in parts):
        return tuple(printed(p) for p in parts) if sum(parts, ZERO) == total else None
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


def _balance_pinned(exact: Sequence[Decimal], total: Decimal, pins: Mapping[int, Decimal]) -> tuple[Decimal, ...]:
    """Like _balance, but parts pinned to a value printed elsewhere keep it, when the pin
    is a rounding of the part's exact value and the free parts can absorb the rest of
    the gap; otherwise the pins are dropped (they disagree with the total)."""
    fixed = {i: v for i, v in pins.items() if abs(v - exact[i]) < CENT}
    free = [i for i in range(len(exact)) if i not in fixed]
    found = _try_balance([exact[i] for i in free], total - sum(fixed.values(), ZERO))
    if found is None:
        fixed, free = {}, list(range(len(exact)))
        found = _balance(exact, total)
    parts = dict(fixed)
    parts.update(zip(free, found))
    return tuple(parts[i] for i in range(len(exact)))


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
    totals = _balance_pinned(col_exact, top, pins or {})
    columns = [_balance([row[c] for row in cells], totals[c]) for c in range(width)]
    rows = tuple(tuple(columns[c][r] for c in range(width)) for r in range(len(cells)))
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

    def walk(node: Node, value: Decimal) -> None:
        out[node.key] = value
        if not node.children:
            return
        exact = [c.exact for c in node.children]
        pinned = {i: pins[c.key] for i, c in enumerate(node.children) if c.key in pins}
        for child, part in zip(node.children, _balance_pinned(exact, value, pinned)):
            walk(child, part)

    root_pin = pins.get(root.key)
    walk(root, root_pin if root_pin is not None and abs(root_pin - root.exact) < CENT else printed(root.exact))
    return out
