"""Sums of written facts that remember where their facts were written and how many there are.

Derive sums facts into table cells and figures, the rules sum them into the two
sides of a relation; both need the same two things besides the exact value: the
source spans (for related lines and 核对 inputs) and the number of facts summed
(each a rounding of its own, money.tolerance). One type serves both.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
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
    kept: bool = False  # the value is, or is added up from, a stated figure kept in place of its facts' sum

    @classmethod
    def fact(cls, value: Decimal, span: Span | None) -> Sum:
        """One written fact (a fact supplied by jsc has no span, and still counts)."""
        return cls(value, (span,) if span is not None else (), 1)

    def __add__(self, other: Sum) -> Sum:
        return _stated(self.value + other.value, _merge(self.spans, other.spans), self.facts + other.facts,
                       self.kept or other.kept)

    def __sub__(self, other: Sum) -> Sum:
        return Sum(self.value - other.value, _merge(self.spans, other.spans), self.facts + other.facts,
                   self.kept or other.kept)

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
    total, facts, kept = ZERO, 0, False
    parts: list[tuple[Span, ...]] = []
    for s in sums:
        total += s.value
        facts += s.facts
        kept = kept or s.kept
        if s.spans:
            parts.append(s.spans)
    if not parts:
        return Sum(total, (), facts, kept)
    if len(parts) == 1:
        return _stated(total, parts[0], facts, kept)
    # dict.fromkeys keeps the first-seen order and runs the loop in C: totals of a
    # 2,000-项 source merge thousands of spans, many times over.
    return _stated(total, tuple(dict.fromkeys(chain.from_iterable(parts))), facts, kept)


# --- stated figures kept ---------------------------------------------------------------
#
# A 万元 total rounded from the ledger's 元 (840.70) can lie 0.01 from the sum of its
# rounded parts (840.69). When a 核对 states it inside the rounding interval, the stated
# figure is the more precise one (issue: published figures kept). A sum of the same facts
# is the same figure wherever it is computed (02's 合计, 01's 本年收入合计, 一's 收支总计),
# so while derive runs under `stated_figures`, every sum of the facts of a stated figure
# takes the stated value, and what is added up from it follows (a stated total over
# stated subtotals keeps its own value: 207 stated 17130.42 over 项 kept at 457.86 …).

StatedKey = tuple[frozenset[Span], int]
_STATED: ContextVar[Mapping[StatedKey, Decimal] | None] = ContextVar("jsc_stated_figures", default=None)
_STATED_SIZES: ContextVar[frozenset[int]] = ContextVar("jsc_stated_sizes", default=frozenset())
_STATED_HITS: ContextVar[set[StatedKey] | None] = ContextVar("jsc_stated_hits", default=None)


def stated_key(spans: Iterable[Span], facts: int) -> StatedKey:
    """The identity of a sum of facts: where its facts are written and how many there are
    (the sources of one 收入 row share its line: 财政拨款收入 and 本年收入合计 differ in count)."""
    return frozenset(spans), facts


@contextmanager
def stated_figures(stated: Mapping[StatedKey, Decimal]) -> Iterator[set[StatedKey]]:
    """Within the block, a sum of the facts of a stated figure is that figure (see above).
    Yields the set of keys some sum took (filled as the block runs)."""
    hits: set[StatedKey] = set()
    tokens = (_STATED.set(stated or None), _STATED_SIZES.set(frozenset(len(spans) for spans, _ in stated)),
              _STATED_HITS.set(hits))
    try:
        yield hits
    finally:
        _STATED.reset(tokens[0])
        _STATED_SIZES.reset(tokens[1])
        _STATED_HITS.reset(tokens[2])


def _stated(total: Decimal, spans: tuple[Span, ...], facts: int, kept: bool = False) -> Sum:
    stated = _STATED.get()
    if stated is not None and len(spans) in _STATED_SIZES.get():  # cheap test first: most sums are not stated
        key = (frozenset(spans), facts)
        value = stated.get(key)
        if value is not None:
            hits = _STATED_HITS.get()
            if hits is not None:
                hits.add(key)
            return Sum(value, spans, facts, kept=True)
    return Sum(total, spans, facts, kept)
