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

from ..core.money import decimals_of, meets
from ..core.sums import StatedKey, stated_key
from ..model.figures import AMOUNT, PERCENT, Figure, FigureKey, Figures, figure_of
from ..model.report import Assertion, Report

Kept = tuple[Decimal, Assertion, Figure]  # the stated value, its 核对, the figure computed without it


def kept_figures(report: Report, figures: Figures) -> tuple[dict[StatedKey, Kept], dict[FigureKey, Kept]]:
    """The stated figures to keep: amounts by the identity of their sum (core/sums.stated_key),
    shares and rates by their key."""
    amounts: dict[StatedKey, Kept] = {}
    percents: dict[FigureKey, Kept] = {}
    for assertion in report.assertions:
        if assertion.note is not None:
            continue
        figure = figure_of(assertion, figures)
        if figure is None or figure.value is None or figure.tolerance == 0 or not figure.inputs:
            continue  # exact inputs (a 元 source): the computed figure is the figure
        if assertion.stated == figure.value or not meets(assertion.text, assertion.stated, figure.value, figure.tolerance):
            continue
        if figure.kind == AMOUNT and not assertion.is_percent and decimals_of(assertion.text) == 2:
            amounts.setdefault(stated_key(figure.inputs), (assertion.stated, assertion, figure))
        elif figure.kind == PERCENT and assertion.is_percent and _precise_enough(assertion, report):
            percents.setdefault(figure.key, (assertion.stated, assertion, figure))
        # a second value for the same figure is kept once; the rules name both lines
    return amounts, percents


def _precise_enough(assertion: Assertion, report: Report) -> bool:
    """A stated rate is kept when it has the decimals the layout prints (75.1% under a
    layout of two places is less precise than the computed 75.07%); a whole one is exact."""
    whole = assertion.stated == assertion.stated.to_integral_value()
    return whole or decimals_of(assertion.text) >= report.layout.numbers.percent_places
