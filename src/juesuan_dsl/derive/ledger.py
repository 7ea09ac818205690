"""Derive, step 1: the model's raw facts as exact 万元 sums with the spans they came from.

Every later step reads amounts through this module, so the unit is converted in
one place (money.to_wanyuan: 元 / 10000, no rounding) and every sum remembers
the source lines that feed it (Figure.inputs).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain
from typing import Mapping

from ..core import vocabulary
from ..core.money import Unit, to_wanyuan
from ..core.source import Span
from ..model.report import Fact, Report, SpendingRow

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Q:
    """An exact amount in 万元 and the spans of the source facts summed into it."""

    value: Decimal = ZERO
    spans: tuple[Span, ...] = ()

    def __add__(self, other: Q) -> Q:
        return Q(self.value + other.value, _merge(self.spans, other.spans))

    def __sub__(self, other: Q) -> Q:
        return Q(self.value - other.value, _merge(self.spans, other.spans))


def _merge(a: tuple[Span, ...], b: tuple[Span, ...]) -> tuple[Span, ...]:
    if not b:
        return a
    if not a:
        return b
    seen = set(a)
    return a + tuple(s for s in b if s not in seen)


def qsum(values: Iterable[Q]) -> Q:
    """The sum of several Q (spans kept once each, in first-seen order)."""
    total = ZERO
    parts: list[tuple[Span, ...]] = []
    for q in values:
        total += q.value
        if q.spans:
            parts.append(q.spans)
    if not parts:
        return Q(total)
    if len(parts) == 1 and len(parts[0]) == 1:
        return Q(total, parts[0])
    # dict.fromkeys keeps the first-seen order and runs the loop in C: totals of a
    # 2,000-项 source merge thousands of spans, many times over.
    return Q(total, tuple(dict.fromkeys(chain.from_iterable(parts))))


def fact_q(fact: Fact | None, unit: Unit) -> Q:
    """A raw fact in 万元 (a missing fact is 0 with no span)."""
    if fact is None:
        return Q()
    return Q(to_wanyuan(fact.value, unit), (fact.span,) if fact.span is not None else ())


def opt_q(fact: Fact | None, unit: Unit) -> Q | None:
    """Like fact_q, but None stays None (a figure that was not given)."""
    return None if fact is None else fact_q(fact, unit)


@dataclass(frozen=True, slots=True)
class Ledger:
    """The report's money facts in 万元, indexed the way the tables read them.

    income: 项 -> income source (vocabulary.INCOME_SOURCES) -> amount;
    spending: fund -> 项 -> spending kind (vocabulary.SPENDING_KINDS) -> amount;
    carry_in / carry_out: fund -> 项 -> 年初 / 年末结转和结余; budget: 项 ->
    一般公共预算 年初预算; rows: fund -> 项 -> the SpendingRow (reasons, spans).
    """

    unit: Unit
    income: Mapping[str, Mapping[str, Q]]
    spending: Mapping[str, Mapping[str, Mapping[str, Q]]]
    carry_in: Mapping[str, Mapping[str, Q]]
    carry_out: Mapping[str, Mapping[str, Q]]
    budget: Mapping[str, Q]
    rows: Mapping[str, Mapping[str, SpendingRow]]

    def spent(self, funds: Iterable[str], code: str, kinds: Iterable[str] = vocabulary.SPENDING_KINDS) -> Q:
        """Spending of a 项 over some funds and kinds."""
        kinds = tuple(kinds)
        return qsum(self.spending.get(f, {}).get(code, {}).get(k, Q()) for f in funds for k in kinds)

    def codes(self, funds: Iterable[str]) -> tuple[str, ...]:
        """项 codes with a spending row in any of the funds, in code order."""
        return tuple(sorted({c for f in funds for c in self.spending.get(f, {})}))

    def carried(self, which: str, funds: Iterable[str], code: str | None = None) -> Q:
        """年初 ("in") or 年末 ("out") 结转和结余 of some funds, for one 项 or all."""
        table = self.carry_in if which == "in" else self.carry_out
        return qsum(
            q for f in funds for c, q in table.get(f, {}).items() if code is None or c == code
        )

    def income_of(self, sources: Iterable[str], code: str | None = None) -> Q:
        """Income from some sources, for one 项 or all."""
        sources = tuple(sources)
        return qsum(
            by.get(s, Q()) for c, by in self.income.items() if code is None or c == code for s in sources
        )


def ledger(report: Report) -> Ledger:
    """Index the report's income and spending rows, converted to 万元."""
    unit = report.unit
    income = {r.code: {k: fact_q(f, unit) for k, f in r.by_source.items()} for r in report.income}
    spending: dict[str, dict[str, dict[str, Q]]] = {}
    carry_in: dict[str, dict[str, Q]] = {}
    carry_out: dict[str, dict[str, Q]] = {}
    rows: dict[str, dict[str, SpendingRow]] = {}
    budget: dict[str, Q] = {}
    for row in report.spending:
        spending.setdefault(row.fund, {})[row.code] = {k: fact_q(f, unit) for k, f in row.by_kind.items()}
        rows.setdefault(row.fund, {})[row.code] = row
        if row.carry_in is not None:
            carry_in.setdefault(row.fund, {})[row.code] = fact_q(row.carry_in, unit)
        if row.carry_out is not None:
            carry_out.setdefault(row.fund, {})[row.code] = fact_q(row.carry_out, unit)
        if row.fund == vocabulary.GENERAL and row.budget is not None:
            budget[row.code] = fact_q(row.budget, unit)
    return Ledger(unit, income, spending, carry_in, carry_out, budget, rows)
