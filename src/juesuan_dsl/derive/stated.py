"""Published figures kept: a 核对 that agrees with a computed amount within its rounding interval is the figure.

A department's figures come from its ledger in 元; its 万元 tables round each one, so a
total rounded from 元 (840.70) can lie 0.01 from the sum of its rounded parts (840.69).
When a 核对 states such a total inside the interval its parts allow, the stated figure is
the more precise one, and the official one: derive runs again with it kept
(core/sums.stated_figures), so every sum of the same facts prints it and everything
computed from it (totals above it, shares, year-on-year changes) follows.

A stated share or rate (28.15%, computed in the ledger from 元) is kept the same way
when it lies inside the interval that the rounded amounts allow; it is one figure, by
its key. A 核对 with 说明 (a difference the department explains) is not kept, nor one
outside the interval (the rules report it).
"""

from __future__ import annotations

from decimal import Decimal

from ..core.money import Unit, decimals_of, fact_tolerance, meets, round_half_up
from ..core.sums import StatedKey, stated_key
from ..model.figures import AMOUNT, PERCENT, Figure, FigureKey, Figures, figure_of
from ..model.report import Assertion, Report

Kept = tuple[Decimal, Assertion, Figure]  # the stated value, its 核对, the figure computed without it


def kept_figures(
    report: Report, figures: Figures,
) -> tuple[dict[StatedKey, Kept], dict[FigureKey, Kept], list[tuple[Assertion, Assertion]]]:
    """The stated figures to keep: amounts by the identity of their sum (core/sums.stated_key),
    shares and rates by their key; and the conflicts: a figure stated twice with two values
    that both lie in its interval (the first is kept; the pair is reported, one figure one value)."""
    amounts: dict[StatedKey, Kept] = {}
    percents: dict[FigureKey, Kept] = {}
    conflicts: list[tuple[Assertion, Assertion]] = []
    first: dict[object, Assertion] = {}  # each figure's first statement inside its interval
    for assertion in report.assertions:
        if assertion.note is not None:
            continue
        figure = figure_of(assertion, figures)
        if figure is None or figure.value is None or figure.tolerance == 0 or not figure.inputs:
            continue  # exact inputs (a 元 source): the computed figure is the figure
        if not meets(assertion.text, assertion.stated, figure.value, figure.tolerance):
            continue  # the rules report it
        if figure.kind == AMOUNT and not assertion.is_percent and decimals_of(assertion.text) == 2:
            found, key = amounts, stated_key(figure.inputs, _facts(figure, report.unit))
        elif figure.kind == PERCENT and assertion.is_percent and _precise_enough(assertion, report):
            # kept even when it is the rounding of this computation: a kept total may move the rate
            found, key = percents, figure.key
        else:
            continue
        earlier = first.setdefault(key, assertion)
        if earlier is not assertion:
            if earlier.stated != assertion.stated:
                conflicts.append((earlier, assertion))
        elif assertion.stated != figure.value:
            found[key] = (assertion.stated, assertion, figure)
    return amounts, percents, conflicts


# The balance identities a printed document must keep: each pair prints one value.
BALANCES = (
    (("document", "收支总表", "收入总计"), ("document", "收支总表", "支出总计")),
    (("document", "财政拨款收支总表", "收入总计", "合计"), ("document", "财政拨款收支总表", "支出总计", "合计")),
)


def balanced_figures(
    figures: Figures, amounts: dict[StatedKey, Kept], unit: Unit,
) -> dict[StatedKey, tuple[Decimal, Figure, Figure]]:
    """The two sides of a 总表 that no 核对 states and that differ inside their rounding
    intervals (income items adding to 0.01 more than spending items): one value for both,
    the income side's when it lies in the spending side's interval, else the spending side's
    when it lies in the income side's, else the middle of the overlap, rounded to cents.
    Returns sum identity -> (the value, this side's figure, the other side's figure)."""
    chosen: dict[StatedKey, tuple[Decimal, Figure, Figure]] = {}
    for left_key, right_key in BALANCES:
        left, right = figures.get(left_key), figures.get(right_key)
        if left is None or right is None or left.value is None or right.value is None:
            continue
        if left.value == right.value or not left.inputs or not right.inputs or left.tolerance == 0 or right.tolerance == 0:
            continue  # balanced, or a 元 source (舍位平衡 prints it balanced)
        keys = stated_key(left.inputs, _facts(left, unit)), stated_key(right.inputs, _facts(right, unit))
        if any(k in amounts for k in keys) or abs(left.value - right.value) > left.tolerance + right.tolerance:
            continue  # stated by a 核对, or not a rounding difference (the rules report it)
        if abs(left.value - right.value) <= right.tolerance:
            value = left.value
        elif abs(left.value - right.value) <= left.tolerance:
            value = right.value
        else:
            low = max(left.value - left.tolerance, right.value - right.tolerance)
            high = min(left.value + left.tolerance, right.value + right.tolerance)
            value = round_half_up((low + high) / 2, 2)
        for key, this, other in ((keys[0], left, right), (keys[1], right, left)):
            if this.value != value:
                chosen.setdefault(key, (value, this, other))
    return chosen


def _facts(figure: Figure, unit: Unit) -> int:
    """How many written facts a 万元 amount sums: its tolerance is half a cent per fact."""
    return int(figure.tolerance / fact_tolerance(unit))


def _precise_enough(assertion: Assertion, report: Report) -> bool:
    """A stated rate is kept when it has the decimals the layout prints (75.1% under a
    layout of two places is less precise than the computed 75.07%); a whole one is exact."""
    whole = assertion.stated == assertion.stated.to_integral_value()
    return whole or decimals_of(assertion.text) >= report.layout.numbers.percent_places
