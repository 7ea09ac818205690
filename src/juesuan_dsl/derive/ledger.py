"""Derive, step 1: the model's raw facts as exact 万元 sums (core/sums.Sum) with the spans they came from.

Every later step reads amounts through this module, so the unit is converted in
one place (money.to_wanyuan: 元 / 10000, no rounding) and every sum remembers
the source lines that feed it (Figure.inputs) and how many facts it adds up.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from ..core import vocabulary
from ..core.money import Unit, to_wanyuan
from ..core.sums import Sum, add_up
from ..model.report import Fact, Report, SpendingRow

ZERO = Decimal(0)


def fact_sum(fact: Fact | None, unit: Unit) -> Sum:
    """A raw fact in 万元 (a missing fact is 0 with no span)."""
    if fact is None:
        return Sum()
    return Sum.fact(to_wanyuan(fact.value, unit), fact.span)


def opt_sum(fact: Fact | None, unit: Unit) -> Sum | None:
    """Like fact_sum, but None stays None (a figure that was not given)."""
    return None if fact is None else fact_sum(fact, unit)


@dataclass(frozen=True, slots=True)
class Ledger:
    """The report's money facts in 万元, indexed the way the tables read them.

    income: 项 -> income source (vocabulary.INCOME_SOURCES) -> amount;
    spending: fund -> 项 -> spending kind (vocabulary.SPENDING_KINDS) -> amount;
    carry_in / carry_out: fund -> 项 -> 年初 / 年末结转和结余; budget: 项 ->
    一般公共预算 年初预算; rows: fund -> 项 -> the SpendingRow (reasons, spans);
    department_in / department_out: the 结转结余 block's 年初 / 年末结转和结余, non-财政拨款
    money of no 项 (an empty Sum when not written), counted with 其他资金's.
    """

    unit: Unit
    income: Mapping[str, Mapping[str, Sum]]
    spending: Mapping[str, Mapping[str, Mapping[str, Sum]]]
    carry_in: Mapping[str, Mapping[str, Sum]]
    carry_out: Mapping[str, Mapping[str, Sum]]
    budget: Mapping[str, Sum]
    rows: Mapping[str, Mapping[str, SpendingRow]]
    department_in: Sum = Sum()
    department_out: Sum = Sum()

    def spent(self, funds: Iterable[str], code: str, kinds: Iterable[str] = vocabulary.SPENDING_KINDS) -> Sum:
        """Spending of a 项 over some funds and kinds."""
        kinds = tuple(kinds)
        return add_up(self.spending.get(f, {}).get(code, {}).get(k, Sum()) for f in funds for k in kinds)

    def codes(self, funds: Iterable[str]) -> tuple[str, ...]:
        """项 codes with a spending row in any of the funds, in code order."""
        return tuple(sorted({c for f in funds for c in self.spending.get(f, {})}))

    def carried(self, which: str, funds: Iterable[str], code: str | None = None) -> Sum:
        """年初 ("in") or 年末 ("out") 结转和结余 of some funds, for one 项 or all; all 项 of
        其他资金 include the department's carry-over of no 项 (so 01 has it, 04 does not)."""
        funds = tuple(funds)
        table = self.carry_in if which == "in" else self.carry_out
        found = add_up(
            q for f in funds for c, q in table.get(f, {}).items() if code is None or c == code
        )
        if code is None and vocabulary.NON_FISCAL_FUND in funds:
            found = found + (self.department_in if which == "in" else self.department_out)
        return found

    def income_of(self, sources: Iterable[str], code: str | None = None) -> Sum:
        """Income from some sources, for one 项 or all."""
        sources = tuple(sources)
        return add_up(
            by.get(s, Sum()) for c, by in self.income.items() if code is None or c == code for s in sources
        )


def ledger(report: Report) -> Ledger:
    """Index the report's income and spending rows, converted to 万元."""
    unit = report.unit
    income = {r.code: {k: fact_sum(f, unit) for k, f in r.by_source.items()} for r in report.income}
    spending: dict[str, dict[str, dict[str, Sum]]] = {}
    carry_in: dict[str, dict[str, Sum]] = {}
    carry_out: dict[str, dict[str, Sum]] = {}
    rows: dict[str, dict[str, SpendingRow]] = {}
    budget: dict[str, Sum] = {}
    for row in report.spending:
        spending.setdefault(row.fund, {})[row.code] = {k: fact_sum(f, unit) for k, f in row.by_kind.items()}
        rows.setdefault(row.fund, {})[row.code] = row
        if row.carry_in is not None:
            carry_in.setdefault(row.fund, {})[row.code] = fact_sum(row.carry_in, unit)
        if row.carry_out is not None:
            carry_out.setdefault(row.fund, {})[row.code] = fact_sum(row.carry_out, unit)
        if row.fund == vocabulary.GENERAL and row.budget is not None:
            budget[row.code] = fact_sum(row.budget, unit)
    return Ledger(
        unit, income, spending, carry_in, carry_out, budget, rows,
        fact_sum(report.department_carry_in, unit), fact_sum(report.department_carry_out, unit),
    )
