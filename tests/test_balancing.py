"""Tests for juesuan_dsl.core.balancing (舍位平衡): parts that add up to their printed total."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from juesuan_dsl.core.balancing import (
    Node,
    balance_grid,
    balance_round,
    balance_tree,
    printed,
)
from juesuan_dsl.core.money import CENT, Unit, percent, round_half_up, to_wanyuan

# --- a list of parts -----------------------------------------------------------------


def test_balance_round_already_balanced():
    assert balance_round([D("631.11"), D("209.59")]) == ((D("631.11"), D("209.59")), ())


def test_balance_round_yuan_to_wanyuan():
    # 10000 元 split 3333.33 / 3333.33 / 3333.34 becomes 0.33 + 0.33 + 0.34 = 1.00 万元.
    parts = [to_wanyuan(D(x), Unit.YUAN) for x in ("3333.33", "3333.33", "3333.34")]
    assert balance_round(parts) == ((D("0.33"), D("0.33"), D("0.34")), (2,))


def test_balance_round_equal_ties_go_to_first_index():
    # exact sum 3.015 -> 3.02, rounded parts 3.03: one comes down.
    assert balance_round([D("1.005")] * 3) == ((D("1.00"), D("1.01"), D("1.01")), (0,))


def test_balance_round_tie_goes_to_larger_absolute_value():
    assert balance_round([D("0.004"), D("10.004"), D("0.002")]) == ((D("0.00"), D("10.01"), D("0.00")), (1,))


def test_balance_round_negative_parts():
    assert balance_round([D("-0.004")] * 3) == ((D("-0.01"), D("0.00"), D("0.00")), (0,))
    assert balance_round([D("1.006"), D("-0.003"), D("-0.003")]) == ((D("1.00"), D("0.00"), D("0.00")), (0,))


def test_balance_round_explicit_total_and_places():
    thirds = [D(1) / D(3)] * 3
    assert balance_round(thirds, total=D(1)) == ((D("0.34"), D("0.33"), D("0.33")), (0,))
    # 五（二） shares in one decimal already add up to 100.0: nothing moves.
    shares = [percent(D(x), D("840.70")) for x in ("674.75", "1.96", "64.82", "55.93", "43.24")]
    rounded, moved = balance_round(shares, total_places=1, total=D(100))
    assert [str(x) for x in rounded] == ["80.3", "0.2", "7.7", "6.7", "5.1"] and moved == ()


def test_balance_round_rejects_a_total_that_is_not_a_rounding():
    with pytest.raises(ValueError):
        balance_round([D("1.00"), D("2.00")], total=D("3.05"))


def test_balance_round_empty():
    assert balance_round([]) == ((), ())


_amounts = st.decimals(min_value=-10**6, max_value=10**6, places=4, allow_nan=False, allow_infinity=False)


@given(st.lists(_amounts, max_size=12))
def test_balance_round_properties(parts):
    rounded, moved = balance_round(parts)
    assert sum(rounded, D(0)) == round_half_up(sum(parts, D(0)), 2)
    for i, (p, r) in enumerate(zip(parts, rounded, strict=True)):
        own = round_half_up(p, 2)
        assert abs(r - own) == (CENT if i in moved else 0)


def test_balance_round_refuses_floats():
    with pytest.raises(TypeError):
        balance_round([D("1.00"), 0.5])
    with pytest.raises(TypeError):
        balance_round([D("1.00")], total=1.0)


# --- a grid ----------------------------------------------------------------------------


def _yuan(*rows: tuple[str, ...]) -> list[list[D]]:
    return [[to_wanyuan(D(x), Unit.YUAN) for x in row] for row in rows]


def test_balance_grid_seed_shape():
    # 公开03表-like: 基本支出 / 项目支出 columns, converted from 元.
    cells = _yuan(("1450904.6", "0"), ("0", "400004.4"), ("3228504.4", "0"), ("0", "934904.6"))
    g = balance_grid(cells, 2)
    assert g.grand == D("601.43")
    assert sum(g.column_totals, D(0)) == g.grand == sum(g.row_totals, D(0))
    for c in range(2):
        assert sum((row[c] for row in g.cells), D(0)) == g.column_totals[c]


@given(st.integers(1, 5).flatmap(lambda w: st.lists(st.lists(_amounts, min_size=w, max_size=w), min_size=1, max_size=6)))
def test_balance_grid_properties(rows):
    width = len(rows[0])
    g = balance_grid(rows, width)
    grand = round_half_up(sum((x for row in rows for x in row), D(0)), 2)
    assert g.grand == grand == sum(g.row_totals, D(0))
    for c, total in enumerate(g.column_totals):
        assert sum((row[c] for row in g.cells), D(0)) == total
        assert abs(total - printed(sum((row[c] for row in rows), D(0)))) <= CENT
    for r, row in enumerate(rows):
        assert g.row_totals[r] == sum(g.cells[r], D(0))
        for c, x in enumerate(row):
            assert abs(g.cells[r][c] - printed(x)) <= CENT
            assert x != 0 or g.cells[r][c] == 0  # an empty cell stays empty


def test_balance_grid_moves_the_first_of_equal_cells():
    # Four half-cents: each column total is 0.01, so one cell per column comes down
    # (equal remainders and sizes: the first row). Row totals follow the cells.
    half = D("0.005")
    g = balance_grid([[half, half], [half, half]], 2)
    assert g.column_totals == (D("0.01"), D("0.01")) and g.grand == D("0.02")
    assert g.cells == ((D("0.00"), D("0.00")), (D("0.01"), D("0.01")))
    assert g.row_totals == (D("0.00"), D("0.02"))


def test_balance_grid_keeps_a_pinned_column_total():
    # Columns 0.004 + 0.004 + 0.002 = 0.01: by remainders the first column would get the cent;
    # pinned to 0.00 (printed so in another table), the second takes it.
    g = balance_grid([[D("0.004"), D("0.004"), D("0.002")]], 3, pins={0: D("0.00")})
    assert g.column_totals == (D("0.00"), D("0.01"), D("0.00"))


def test_balance_grid_floats_raise():
    with pytest.raises(TypeError):
        balance_grid([[D("1.00"), 0.5]], 2)


# --- a tree ----------------------------------------------------------------------------


def test_balance_tree_children_add_up_to_their_parent():
    thirds = [D(1) / D(3)] * 3
    tree = Node("总计", D(1), (Node("甲", thirds[0]), Node("乙", thirds[1]), Node("丙", thirds[2])))
    assert balance_tree(tree) == {"总计": D("1.00"), "甲": D("0.34"), "乙": D("0.33"), "丙": D("0.33")}


def test_balance_tree_pins_and_their_limits():
    thirds = [D(1) / D(3)] * 3
    tree = Node("总计", D(1), (Node("甲", thirds[0]), Node("乙", thirds[1]), Node("丙", thirds[2])))
    assert balance_tree(tree, {"乙": D("0.34")})["乙"] == D("0.34")
    assert balance_tree(tree, {"乙": D("0.34")})["甲"] == D("0.33")
    # A pin that is not a rounding of the node's exact value is ignored.
    assert balance_tree(tree, {"乙": D("0.40")})["乙"] == D("0.33")
