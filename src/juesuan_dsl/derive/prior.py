"""Derive, step 0: lend last year's figures (the linked 上年 file, compiled by the pipeline) to this year.

`apply_prior` writes the prior figures into this year's model where the source
states none. Precedence: **a figure written in this year's file wins** (it may
be last year's *published* number, which can differ from a recomputation by
tail errors, e.g. the seed's "三公" 9.00 against 9.01 from its items); when it
disagrees with the linked file beyond rounding, a warning shows both values and
both places. A filled-in Fact's span is the 上年 line: that is where, in this
year's file, the number comes from.

What the linked file supplies (the year-on-year figures of part three):
  收支总计, 财政拨款收支总计, 财政拨款支出 — to the 情况说明 line if written; if
      not written, a line is supplied when this year has figures (so B01-01 can
      still ask for a reason);
  机关运行经费 — when this year writes its amount;
  "三公" total — always; a "三公" item — when it writes 上年变动原因 (it is
      compared in the text) or rose from last year (so B09-03 asks why). An item
      that fell or stayed flat without a reason gets no year-on-year clause: the
      seed compares 因公出国 and 公务接待 but not the 公务用车 items;
  公务用车 as one line — when the source has a 公务用车 block, as an item (its
      上年 checked against, or else taken from, last year's 公务用车 决算);
  each 项's 上年 (per fund) — every spending row.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import cached_property
from typing import Iterable

from ..core import codes
from ..core.diagnostics import Diagnostic, Related
from ..core.money import (
    change,
    fact_tolerance,
    format_amount,
    round_half_up,
    to_wanyuan,
)
from ..core.source import Span
from ..core.vocabulary import CAR_ITEMS
from ..model.derived import PriorYear
from ..model.figures import AMOUNT, Figure
from ..model.report import Fact, Report, SpendingRow, ThreePublicItem, YearOnYear
from .ledger import Ledger, ledger

NARRATIVE_TOTALS = ("收支总计", "财政拨款收支总计", "财政拨款支出")
MAX_PRIOR_LINES = 3  # lines of the prior file shown with a disagreement


# --- lending the prior figures to this year's model ---------------------------------------


class _Lender:
    """Compares and fills one report's prior facts from a PriorYear, collecting warnings."""

    def __init__(self, report: Report, prior: PriorYear) -> None:
        self.report, self.prior = report, prior
        self.unit = report.unit
        self.fact_tolerance = fact_tolerance(report.unit)
        self.diagnostics: list[Diagnostic] = []

    @cached_property
    def ledger(self) -> Ledger:
        return ledger(self.prior.report)

    def figure(self, *key: str) -> Figure | None:
        found = self.prior.derived.figures.get(("document", *key))
        return found if found is not None and found.value is not None else None

    def fact(self, wanyuan: Decimal) -> Fact:
        """A prior figure (万元) as a fact in this file's unit, placed at the 上年 line."""
        return Fact(wanyuan * Decimal(10000) / self.unit.factor, self.prior.span)

    def lend(self, label: str, written: Fact | None, linked: Figure | None) -> Fact | None:
        """The written fact if any (checked against the linked value), else the linked value."""
        if linked is None:
            return written
        if written is None:
            return self.fact(linked.value)
        self.compare(label, written, linked.value, linked.tolerance, linked.inputs)
        return written

    def compare(self, label: str, written: Fact, linked: Decimal, tolerance: Decimal, inputs: Iterable[Span]) -> None:
        stated = to_wanyuan(written.value, self.unit)
        if round_half_up(stated, 2) == round_half_up(linked, 2) or abs(stated - linked) <= tolerance + self.fact_tolerance:
            return
        related = [Related(self.prior.span, f"上年文件算出 {format_amount(linked)} 万元")]
        related += [Related(s, "上年文件中的数据") for s in list(dict.fromkeys(inputs))[:MAX_PRIOR_LINES]]
        self.diagnostics.append(codes.make(
            "JSC-W0501", written.span, related=tuple(related), what=label, written=format_amount(stated),
            linked=format_amount(linked), path=self.prior.shown, diff=format_amount(stated - linked),
        ))


def apply_prior(report: Report, prior: PriorYear) -> tuple[Report, list[Diagnostic]]:
    """This year's model with last year's figures where the source gives none (module docstring)."""
    lender = _Lender(report, prior)
    narrative = dict(report.narrative)
    has_figures = bool(report.income or report.spending)
    for key in (*NARRATIVE_TOTALS, "机关运行经费"):
        entry = narrative.get(key)
        linked = lender.figure(key)
        if entry is None:
            if key in NARRATIVE_TOTALS and has_figures and linked is not None:
                narrative[key] = YearOnYear(key, None, lender.fact(linked.value), None, prior.span, supplied=True)
            continue
        if key == "机关运行经费" and entry.current is None:
            continue
        narrative[key] = replace(entry, prior=lender.lend(key, entry.prior, linked))
    three = report.three_public
    items = {k: _item(lender, k, item) for k, item in three.items.items()}
    total = lender.lend("“三公”经费合计", three.prior, lender.figure("三公", "决算"))
    car_actuals = [three.items[k].actual for k in CAR_ITEMS if k in three.items]
    car_actual = sum((f.value for f in car_actuals if f is not None), Decimal(0)) if any(car_actuals) else None
    cars = None if three.cars is None else _item(lender, "公务用车", three.cars, car_actual)
    spending = tuple(_row(lender, row) for row in report.spending)
    enriched = replace(
        report, narrative=narrative, three_public=replace(three, items=items, prior=total, cars=cars), spending=spending,
    )
    return enriched, lender.diagnostics


def _item(lender: _Lender, key: str, item: ThreePublicItem, written_actual: Decimal | None = None) -> ThreePublicItem:
    """An item's 上年 (公务用车's too: its actual, 购置 + 运行, is given in the source's unit)."""
    linked = lender.figure(key, "决算")
    label = f"“三公”{key}"
    if item.prior is not None or linked is None:
        return replace(item, prior=lender.lend(label, item.prior, linked))
    if item.actual is not None:
        written_actual = item.actual.value
    actual = to_wanyuan(written_actual, lender.unit) if written_actual is not None else None
    rose = actual is not None and change(actual, linked.value).direction == "增加"  # as B09-03 decides
    if item.prior_reason or rose:
        return replace(item, prior=lender.fact(linked.value))
    return item


def _row(lender: _Lender, row: SpendingRow) -> SpendingRow:
    """A 项's 上年: what the prior file spent on it from the same fund (0 when it had no such line)."""
    q = lender.ledger.spent((row.fund,), row.code)
    tolerance = q.tolerance(lender.prior.report.unit)  # the prior file's own rounding
    linked = Figure(("document", "项", row.code), q.value, AMOUNT, format_amount(q.value), q.spans, tolerance)
    return replace(row, prior=lender.lend(f"{row.code}（{row.fund}）", row.prior, linked))
