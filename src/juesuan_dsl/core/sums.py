"""Sums of written facts that remember where their facts were written and how many there are.

Derive sums facts into table cells and figures, the rules sum them into the two
sides of a relation; both need the same two things besides the exact value: the
source spans (for related lines and 核对 inputs) and the number of facts summed
(each a rounding of its own, money.tolerance). One type serves both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain

from .money import Unit, tolerance
from .source import Span

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Sum:
    """An exact amount and the facts summed into it.

    value: exact (derive sums in 万元, the rules in the source's unit); spans:
    where the facts were written, each span once, in first-seen order; facts:
    how many written facts were summed (two facts may share a span, such as the
    sources of one 收入 row, so this is not len(spans)).
    """

    value: Decimal = ZERO
    spans: tuple[Span, ...] = ()
    facts: int = 0

    @classmethod
    def fact(cls, value: Decimal, span: Span | None) -> Sum:
        """One written fact (a fact supplied by jsc has no span, and still counts)."""
        return cls(value, (span,) if span is not None else (), 1)

    def __add__(self, other: Sum) -> Sum:
        return Sum(self.value + other.value, _merge(self.spans, other.spans), self.facts + other.facts)

    def __sub__(self, other: Sum) -> Sum:
        return Sum(self.value - other.value, _merge(self.spans, other.spans), self.facts + other.facts)

    def tolerance(self, unit: Unit) -> Decimal:
        """How far the exact value may lie from the true one because its facts were rounded."""
        return tolerance(unit, self.facts)


def _merge(a: tuple[Span, ...], b: tuple[Span, ...]) -> tuple[Span, ...]:
    if not b:
        return a
    if not a:
        return b
    seen = set(a)
    return a + tuple(s for s in b if s not in seen)


def add_up(sums: Iterable[Sum]) -> Sum:
    """The sum of several sums (spans kept once each, in first-seen order)."""
    total, facts = ZERO, 0
    parts: list[tuple[Span, ...]] = []
    for s in sums:
        total += s.value
        facts += s.facts
        if s.spans:
            parts.append(s.spans)
    if not parts:
        return Sum(total, (), facts)
    if len(parts) == 1:
        return Sum(total, parts[0], facts)
    # dict.fromkeys keeps the first-seen order and runs the loop in C: totals of a
    # 2,000-项 source merge thousands of spans, many times over.
    return Sum(total, tuple(dict.fromkeys(chain.from_iterable(parts))), facts)
