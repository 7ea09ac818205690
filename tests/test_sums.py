"""Tests for juesuan_dsl.core.sums: sums of facts that keep their spans and count their facts."""

from __future__ import annotations

from decimal import Decimal as D

from juesuan_dsl.core.money import Unit
from juesuan_dsl.core.source import Span
from juesuan_dsl.core.sums import Sum, add_up


def _span(line: int) -> Span:
    return Span("a.jsl", line, 3, line, 10)


def test_facts_sharing_a_span_each_count():
    # The sources of one 收入 row share the row's span, yet each is its own rounding.
    row = _span(5)
    total = add_up([Sum.fact(D("100.00"), row), Sum.fact(D("20.00"), row), Sum.fact(D("1.00"), _span(6))])
    assert total.value == D("121.00") and total.spans == (row, _span(6)) and total.facts == 3
    assert total.tolerance(Unit.WANYUAN) == D("0.015") and total.tolerance(Unit.YUAN) == 0


def test_adding_and_subtracting_keep_spans_once_and_add_facts():
    a, b = Sum.fact(D("3"), _span(1)), Sum.fact(D("1"), _span(2))
    assert (a - b).value == D("2") and (a - b).facts == 2
    both = a + b + a
    assert both.value == D("7") and both.spans == (_span(1), _span(2)) and both.facts == 3


def test_a_fact_without_a_span_still_counts():
    assert Sum.fact(D("1"), None).facts == 1 and Sum.fact(D("1"), None).spans == ()
    assert add_up([]) == Sum() and Sum().facts == 0
