"""What every audit rule shares: findings, tolerances, sums of raw facts with their spans, wording.

A rule reads the resolved model (raw facts only) through `Context`, which
knows the money unit and keeps the sums most rules need. Sums are core/sums.Sum
in the source's own unit, and the rules of arithmetic are core's, the ones
derive uses: money.tolerance for "half a cent per 万元 fact", money.change and
money.compare_printed for "changed as printed". Nothing here rounds except for
display.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Iterable, Mapping

from ..core.diagnostics import Related
from ..core.money import (
    Comparison,
    Direction,
    change,
    compare_printed,
    format_amount,
    tolerance,
)
from ..core.source import Span
from ..core.sums import Sum, add_up
from ..core.vocabulary import NON_FISCAL_FUND
from ..model.report import Fact, Report, SpendingRow

MAX_RELATED = 8  # more related lines than this help nobody; the rest are counted in a note
ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Tolerance:
    """How far apart two sides may be before a check fires.

    text: the rule in words (docs/checks.md prints it); per_term: a relation
    between sums of raw amounts allows money.tolerance — half a cent (0.005
    万元) per summed fact, because each 万元 amount with two decimals is a
    rounding of a ledger amount in 元; a source written in 元 is exact and
    allows nothing; ratio: a relative threshold (the 10% of the 年初预算 rule).
    """

    text: str
    per_term: bool = False
    ratio: Decimal | None = None


EXACT = Tolerance("无：原始数直接比较")
CENTS = Tolerance("尾数：每个相加的万元数 ±0.005（源文件以元记账时为 0）", per_term=True)
TEN_PERCENT = Tolerance("差异超过年初预算的 10%（年初预算为 0 时任何差异）", ratio=Decimal("0.10"))
PRINTED = Tolerance("按印出的数：换算成万元、印出到分后判断，与公开文本的“持平”“等于”一致")
NONE = Tolerance("—")


@dataclass(frozen=True, slots=True)
class Finding:
    """One violation found by a rule: where, what (Chinese, with the numbers), the other lines, a hint."""

    span: Span | None
    detail: str
    related: tuple[Related, ...] = ()
    hint: str = ""


EMPTY = Sum()


def total(facts: Iterable[Fact | None]) -> Sum:
    """Sum the facts that are there; absent ones count as zero and as no fact."""
    return add_up(Sum.fact(f.value, f.span) for f in facts if f is not None)


def row_total(row: SpendingRow) -> Sum:
    """本年支出 of one spending line: 基本 + 项目 + 上缴上级 + 经营 + 对附属单位补助."""
    return total(row.by_kind.values())


def related(spans: Iterable[Span | None], note: str) -> tuple[Related, ...]:
    """Related entries for a group of lines, capped at MAX_RELATED (the last one says how many more)."""
    unique = list(dict.fromkeys(s for s in spans if s is not None))
    if len(unique) <= MAX_RELATED:
        return tuple(Related(s, note) for s in unique)
    shown = [Related(s, note) for s in unique[: MAX_RELATED - 1]]
    shown.append(Related(unique[MAX_RELATED - 1], f"{note}（另有 {len(unique) - MAX_RELATED} 行未列出）"))
    return tuple(shown)


def value(fact: Fact | None) -> Decimal:
    return ZERO if fact is None else fact.value


def span_of(fact: Fact | None) -> Span | None:
    return None if fact is None else fact.span


def first_span(*candidates: Span | None) -> Span | None:
    return next((s for s in candidates if s is not None), None)


class Context:
    """The report plus the sums several rules need, computed once."""

    def __init__(self, report: Report, texts: tuple = (), sources: Mapping | None = None) -> None:
        self.report = report
        self.unit = report.unit
        self.texts = texts  # the source's typed texts (rules/typed_text.py), with the files they are in
        self.sources = sources or {}
        self.cache: dict[str, object] = {}  # results several rules share (the typed-text findings)

    # --- wording ------------------------------------------------------------
    def money(self, amount: Decimal) -> str:
        """An amount as messages show it: two decimals and the source's unit ("631.10 万元")."""
        return f"{format_amount(amount)} {self.unit.value}"

    def tolerance(self, tol: Tolerance, *sides: Sum) -> Decimal:
        if not tol.per_term:
            return ZERO
        return tolerance(self.unit, sum(side.facts for side in sides))

    def differs(self, tol: Tolerance, left: Sum, right: Sum) -> bool:
        return abs(left.value - right.value) > self.tolerance(tol, left, right)

    def changed(self, current: Decimal, prior: Decimal) -> Direction:
        """增加 / 减少 / 持平 of two raw figures, exactly as the year-on-year sentence words them."""
        return change(current, prior, self.unit).direction

    def against_budget(self, actual: Decimal, budget: Decimal) -> Comparison:
        """大于 / 小于 / 等于 of two raw figures, exactly as the budget sentence words them."""
        return compare_printed(actual, budget, self.unit)

    def compare(self, left_name: str, left: Sum, right_name: str, right: Sum) -> str:
        """"左 X，右 Y，相差 D" — the stated/computed/difference part of a relation message."""
        diff = left.value - right.value
        return f"{left_name} {self.money(left.value)}，{right_name} {self.money(right.value)}，相差 {format_amount(diff)}"

    # --- sums over the model ---------------------------------------------------
    @cached_property
    def income_by_source(self) -> dict[str, Sum]:
        sums: dict[str, Sum] = {}
        for row in self.report.income:
            for source, fact in row.by_source.items():
                sums[source] = sums.get(source, EMPTY) + total([fact])
        return sums

    def income(self, sources: Iterable[str] | None = None) -> Sum:
        picked = self.income_by_source if sources is None else {s: self.income_by_source.get(s, EMPTY) for s in sources}
        return sum(picked.values(), EMPTY)

    def rows(self, *funds: str) -> tuple[SpendingRow, ...]:
        return tuple(r for r in self.report.spending if not funds or r.fund in funds)

    def spending(self, *funds: str) -> Sum:
        return sum((row_total(r) for r in self.rows(*funds)), EMPTY)

    def kind(self, kind: str, *funds: str) -> Sum:
        return total(r.by_kind.get(kind) for r in self.rows(*funds))

    def carry_in(self, *funds: str) -> Sum:
        """年初结转和结余 of the 项 of some funds (all when none are named); 其他资金 (and all)
        include the 结转结余 block's department-level carry-over of no 项."""
        return total([*(r.carry_in for r in self.rows(*funds)), *self._department(funds, self.report.department_carry_in)])

    def carry_out(self, *funds: str) -> Sum:
        """年末结转和结余, as carry_in."""
        return total([*(r.carry_out for r in self.rows(*funds)), *self._department(funds, self.report.department_carry_out)])

    @staticmethod
    def _department(funds: tuple[str, ...], fact: Fact | None) -> list[Fact | None]:
        return [fact] if not funds or NON_FISCAL_FUND in funds else []

    def economic(self, categories: Iterable[str] | None = None) -> Sum:
        wanted = None if categories is None else set(categories)
        return total(r.amount for r in self.report.economic if wanted is None or r.category in wanted)

    def economic_fact(self, code: str) -> Fact | None:
        return next((r.amount for r in self.report.economic if r.code == code), None)

    @cached_property
    def has_balances(self) -> bool:
        """Whether any 结转结余 figure is non-zero (then income and spending may differ)."""
        report = self.report
        facts = [report.use_non_fiscal_balance, report.balance_distribution, report.department_carry_in, report.department_carry_out]
        facts += [r.carry_in for r in report.spending] + [r.carry_out for r in report.spending]
        return any(f is not None and f.value != 0 for f in facts)

