"""需说明 rules: variances a bureau wants explained, satisfied by a reason written in the source.

Each rule fires only when the reason it asks for is missing, so a finding
disappears as soon as the department writes its 原因 (or 预算差异原因 /
上年变动原因) on the line the rule points at. Whether a figure changed is
decided exactly as the sentence that prints the reason decides it (Context.changed,
Context.against_budget: in 万元, to the printed cent), so a rule never asks for a
reason the document would not print (a 元 source's 120 元 against 119.97 元 is 持平).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from ..core.money import percent, round_half_up
from ..core.vocabulary import CAR_ITEMS, FISCAL_FUNDS, THREE_PUBLIC_ITEM_NAMES
from ..model.report import Fact, ThreePublicItem
from .context import Context, Finding, Tolerance, row_total, total, value

CARS_NAME = "公务用车购置及运行维护费"

YEAR_ON_YEAR = {
    "收支总计": "第一节 收支总计",
    "财政拨款收支总计": "第四节 财政拨款收支总计",
    "财政拨款支出": "第五节 财政拨款支出",
}


def current_of(ctx: Context, key: str) -> Decimal:
    """This year's figure of a part-three year-on-year sentence, from the raw facts."""
    if key == "收支总计":
        return (ctx.income() + ctx.carry_in()).value + value(ctx.report.use_non_fiscal_balance)
    if key == "财政拨款收支总计":
        return (ctx.income(FISCAL_FUNDS) + ctx.carry_in(*FISCAL_FUNDS)).value
    return ctx.spending("一般公共预算").value


def _rate(current: Decimal, prior: Decimal) -> str:
    rate = percent(current - prior, abs(prior)) if prior else None
    return "" if rate is None else f"（{round_half_up(rate, 1):f}%）"


def year_on_year_reason(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """B01-01: 收支总计 / 财政拨款收支总计 / 财政拨款支出 changed from last year but no 原因 is written."""
    for key, label in YEAR_ON_YEAR.items():
        entry = ctx.report.narrative.get(key)
        if entry is None or entry.prior is None or entry.reason:
            continue
        current = entry.current.value if entry.current else current_of(ctx, key)
        if ctx.changed(current, entry.prior.value) == "持平":
            continue
        yield Finding(
            entry.span,
            f"{label}本年 {ctx.money(current)}，上年 {ctx.money(entry.prior.value)}，变动 "
            f"{ctx.money(current - entry.prior.value)}{_rate(current, entry.prior.value)}，需要说明原因",
            hint=(
                f"在“情况说明”块中写一行：{key} 原因 \"……\"（上年数由上年文件算出，不必写）。" if entry.supplied
                else "在这一行加上：原因 \"……\"（公开文本写“主要是因为……”）。"
            ),
        )


def budget_variance_reason(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """B05-01: 决算 differs from 年初预算 by more than 10% (any amount when the budget is 0) and no 原因."""
    ratio = tol.ratio or Decimal("0.10")
    for row in ctx.report.spending:
        if row.reason or (row.budget is None and row.fund != "一般公共预算"):
            continue
        budget, actual = value(row.budget), row_total(row).value
        diff = actual - budget
        if ctx.against_budget(actual, budget) == "等于":
            continue
        if budget != 0 and abs(diff) <= abs(budget) * ratio:
            continue
        word = "大于" if diff > 0 else "小于"
        yield Finding(
            row.span,
            f"{row.code}（{row.fund}）支出决算 {ctx.money(actual)} {word}年初预算 {ctx.money(budget)}，相差 "
            f"{ctx.money(diff)}{_rate(actual, budget)}，超过年初预算的 {round_half_up(ratio * 100, 0):f}%，需要说明原因",
            hint="在这一行加上：原因 \"……\"（第五节写“决算数大于/小于年初预算数的主要原因是……”）。",
        )


def three_public_item_over_budget(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """B09-01: a 三公 item's 决算 exceeds its 预算 and has no 预算差异原因."""
    for key, item in ctx.report.three_public.items.items():
        if item.actual is None or item.budget_reason or item.actual.value <= value(item.budget):
            continue
        yield Finding(
            item.actual.span,
            f"“三公”{THREE_PUBLIC_ITEM_NAMES[key]}决算 {ctx.money(item.actual.value)} 超过预算 "
            f"{ctx.money(value(item.budget))}，需要说明原因",
            hint=f"在“{key}”块中写：预算差异原因 \"……\"。",
        )


def three_public_total_over_budget(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """B09-02: the 三公 total 决算 exceeds the total 预算 and the block has no 预算差异原因."""
    three = ctx.report.three_public
    actual = total(i.actual for i in three.items.values())
    budget = total(i.budget for i in three.items.values())
    if not actual.facts or three.budget_reason or actual.value <= budget.value:
        return
    yield Finding(
        three.span,
        f"“三公”经费决算合计 {ctx.money(actual.value)} 超过预算合计 {ctx.money(budget.value)}，需要说明原因",
        hint="在“三公经费”块中写：预算差异原因 \"……\"。",
    )


def _with_cars(ctx: Context) -> Iterator[tuple[str, str, ThreePublicItem, Fact | None]]:
    """The 三公 items (key, name, item, 决算) and, when a 公务用车 block is written, 公务用车 as one
    line whose 决算 is 购置 + 运行 (placed at the block's 上年, the figure it is compared with)."""
    three = ctx.report.three_public
    for key, item in three.items.items():
        yield key, THREE_PUBLIC_ITEM_NAMES[key], item, item.actual
    if three.cars is not None:
        parts = total(three.items[k].actual for k in CAR_ITEMS if k in three.items)
        place = three.cars.prior.span if three.cars.prior is not None else three.cars.span
        yield "公务用车", CARS_NAME, three.cars, Fact(parts.value, place) if parts.facts else None


def three_public_item_rise(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """B09-03: a 三公 item (or 公务用车 as one line) rose from last year and has no 上年变动原因."""
    for key, name, item, actual in _with_cars(ctx):
        if actual is None or item.prior is None or item.prior_reason:
            continue
        if ctx.changed(actual.value, item.prior.value) != "增加":
            continue
        yield Finding(
            actual.span,
            f"“三公”{name}决算 {ctx.money(actual.value)}，比上年 "
            f"{ctx.money(item.prior.value)} 增加{_rate(actual.value, item.prior.value)}，需要说明原因",
            hint=f"在“{key}”块中写：上年变动原因 \"……\"。",
        )


def three_public_total_rise(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """B09-04: the 三公 total rose from last year and the block has no 上年变动原因."""
    three = ctx.report.three_public
    actual = total(i.actual for i in three.items.values())
    if three.prior is None or three.prior_reason or not actual.facts:
        return
    if ctx.changed(actual.value, three.prior.value) != "增加":
        return
    yield Finding(
        three.prior.span,
        f"“三公”经费决算合计 {ctx.money(actual.value)}，比上年 {ctx.money(three.prior.value)} 增加"
        f"{_rate(actual.value, three.prior.value)}，需要说明原因",
        hint="在“三公经费”块中写：上年变动原因 \"……\"。",
    )


def running_costs_reason(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """B10-01: 机关运行经费 changed from last year and no 原因 is written."""
    entry = ctx.report.narrative.get("机关运行经费")
    if entry is None or entry.current is None or entry.prior is None or entry.reason:
        return
    current, prior = entry.current.value, entry.prior.value
    if ctx.changed(current, prior) == "持平":
        return
    yield Finding(
        entry.span,
        f"机关运行经费 {ctx.money(current)}，上年 {ctx.money(prior)}，变动 {ctx.money(current - prior)}"
        f"{_rate(current, prior)}，需要说明原因",
        hint="在这一行加上：原因 \"……\"。",
    )
